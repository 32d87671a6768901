"""The training page's settings: a preset or a custom network, and what the run will be before it starts."""

from __future__ import annotations

import json
import math

import streamlit as st

from nnviz import evaluation
from nnviz.models import ACTIVATIONS, ModelSpec, build_model, count_params, summary
from nnviz.presets import ALL_PRESETS, CUSTOM, LAB, PRESETS, describe, planned_run, preset_config
from nnviz.training import OPTIMIZERS, TrainConfig
from ui import resources, state

LEARNING_RATES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024]
MAX_WIDTH, MAX_LAYERS = 2048, 5
MIN_TRAIN = 100
MAX_DROPOUT, MAX_EPOCHS, MAX_VALIDATION = 0.8, 30, 0.5
KINDS = {"MLP (fully connected)": "mlp", "lesson CNN": "cnn", "fast CNN": "fast_cnn"}
FIRST = next(iter(PRESETS))
KEEP = "session"  # the custom controls show only for Custom: keep their values while they are hidden


def available_training_digits() -> int:
    return len(resources.digits().train_y)


def preset_fields(name: str) -> dict[str, object]:
    """The custom controls (and the training-set size) as a preset sets them: Custom starts from it.

    A learning rate the slider does not offer (the fast CNN's 0.015) becomes the nearest one it does.
    """
    config = ALL_PRESETS[name].config
    spec = config.model
    return {
        "train.size": config.train_size or available_training_digits(),
        "train.c.kind": next(label for label, kind in KINDS.items() if kind == spec.kind),
        "train.c.hidden": ", ".join(str(w) for w in spec.hidden),
        "train.c.act": spec.activation,
        "train.c.dropout": float(spec.dropout),
        "train.c.opt": config.optimizer,
        "train.c.lr": min(LEARNING_RATES, key=lambda rate: abs(math.log(rate / config.lr))),
        "train.c.batch": config.batch_size,
        "train.c.epochs": config.epochs,
        "train.c.val": float(config.val_fraction),
    }


def page_settings() -> tuple[state.Setting, ...]:
    """The preset, the training-set size and every custom control; the custom ones start as the first preset."""
    first = preset_fields(FIRST)
    return (
        state.choice("train.preset", FIRST, [*ALL_PRESETS, CUSTOM]),
        state.number("train.size", first["train.size"], MIN_TRAIN, available_training_digits()),
        state.choice("train.c.kind", first["train.c.kind"], list(KINDS)),
        state.text("train.c.hidden", first["train.c.hidden"]),
        state.choice("train.c.act", first["train.c.act"], list(ACTIVATIONS)),
        state.number("train.c.dropout", first["train.c.dropout"], 0.0, MAX_DROPOUT),
        state.choice("train.c.opt", first["train.c.opt"], list(OPTIMIZERS)),
        state.choice("train.c.lr", first["train.c.lr"], LEARNING_RATES),
        state.choice("train.c.batch", first["train.c.batch"], BATCH_SIZES),
        state.number("train.c.epochs", first["train.c.epochs"], 1, MAX_EPOCHS),
        state.number("train.c.val", first["train.c.val"], 0.0, MAX_VALIDATION),
    )


def apply_preset(name: str | None = None) -> None:
    """Callback: choosing a preset (or a lab run) sets its training-set size and fills in the custom controls."""
    name = name or st.session_state["train.preset"]
    st.session_state["train.preset"] = name
    if name != CUSTOM:
        st.session_state.update(preset_fields(name))


def implied(values: dict[str, str]) -> dict[str, object]:
    """What a link that leaves the custom controls and the size out means: its preset's own values."""
    name = values.get("preset", FIRST)
    return preset_fields(name) if name in ALL_PRESETS else {}


def settings(seed: int) -> tuple[str, TrainConfig | None]:
    """The preset picker, the custom controls and the training-set size; the config, or None if invalid."""
    name = st.selectbox("Preset", [*ALL_PRESETS, CUSTOM], key="train.preset", on_change=apply_preset)
    st.number_input(
        "Training digits",
        min_value=MIN_TRAIN,
        max_value=available_training_digits(),
        step=500,
        key="train.size",
        help="Fewer digits train faster and overfit sooner. The validation digits are set aside first.",
    )
    size = int(st.session_state["train.size"])
    scale = bool(st.session_state["train.scale"])
    if name != CUSTOM:
        preset = ALL_PRESETS[name]
        said = "Expect" if name in LAB else "Published"
        st.caption(f"{preset.blurb} {said}: **{preset.published}**.")
        return name, preset_config(name, seed, size, scale)
    config = custom_config(seed, size, scale)
    return name, config


def custom_config(seed: int, size: int, scale: bool) -> TrainConfig | None:
    """Every knob of a run; None (with a message) if the hidden widths do not parse."""
    st.caption("These start as the preset picked last: change one thing at a time and compare the runs.")
    left, right = st.columns(2)
    with left:
        kind = KINDS[st.selectbox("Network", list(KINDS), key="train.c.kind", persist_state=KEEP)]
        mlp = kind == "mlp"  # the CNNs have a fixed shape; the fast one also its own activation
        widths_text = st.text_input(
            "Hidden widths, comma separated", key="train.c.hidden", persist_state=KEEP, disabled=not mlp
        )
        activation = st.selectbox(
            "Activation", list(ACTIVATIONS), key="train.c.act", persist_state=KEEP, disabled=kind == "fast_cnn"
        )
        dropout = st.slider(
            "Dropout", 0.0, MAX_DROPOUT, step=0.05, key="train.c.dropout", persist_state=KEEP, disabled=not mlp
        )
    with right:
        optimizer = st.selectbox("Optimiser", list(OPTIMIZERS), key="train.c.opt", persist_state=KEEP)
        lr = st.select_slider("Learning rate", LEARNING_RATES, key="train.c.lr", persist_state=KEEP)
        batch = st.select_slider("Batch size", BATCH_SIZES, key="train.c.batch", persist_state=KEEP)
        epochs = st.slider("Epochs", 1, MAX_EPOCHS, key="train.c.epochs", persist_state=KEEP)
        val = st.slider("Validation fraction", 0.0, MAX_VALIDATION, step=0.05, key="train.c.val", persist_state=KEEP)
    hidden = parse_widths(widths_text)
    if hidden is None:
        st.error(f"Hidden widths must be 1 to {MAX_LAYERS} whole numbers from 1 to {MAX_WIDTH}, like `128, 64`.")
        return None
    spec = ModelSpec(kind=kind, hidden=hidden, activation=activation, dropout=dropout)
    return TrainConfig(model=spec, optimizer=optimizer, lr=lr, batch_size=batch, epochs=epochs, seed=seed,
                       val_fraction=val, train_size=size, scale_inputs=scale)  # fmt: skip


def parse_widths(text: str) -> tuple[int, ...] | None:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not 1 <= len(parts) <= MAX_LAYERS or not all(p.isdigit() for p in parts):
        return None
    widths = tuple(int(p) for p in parts)
    return widths if all(1 <= w <= MAX_WIDTH for w in widths) else None


@st.cache_data(show_spinner=False, max_entries=64)
def untrained_accuracy(model_json: str, seed: int, scale: bool) -> float:
    """Depends only on the network, its seed and the scaling, not on how it would be trained."""
    digits = resources.digits()
    fields = json.loads(model_json)
    spec = ModelSpec(**{**fields, "hidden": tuple(fields["hidden"])})
    config = TrainConfig(model=spec, seed=seed, scale_inputs=scale)
    return evaluation.untrained_accuracy(config, digits.test_x, digits.test_y)


def preview(config: TrainConfig) -> None:
    """The model's layers and parameters, the updates the run will make, and its accuracy untrained."""
    model = build_model(config.model)
    rows = summary(model)
    n_train, updates = planned_run(config, available_training_digits())
    cols = st.columns(3)
    cols[0].metric("Parameters", f"{count_params(model):,}")
    cols[1].metric(
        "Gradient updates", f"{updates:,}", help=f"ceil({n_train:,} / {config.batch_size}) x {config.epochs}"
    )
    acc = untrained_accuracy(json.dumps(config.to_dict()["model"]), config.seed, config.scale_inputs)
    cols[2].metric("Accuracy before training", f"{acc:.1%}", help="Random weights guess: about 1 in 10.")
    st.caption(
        f"{n_train:,} training digits in batches of {config.batch_size}: ceil({n_train:,} / {config.batch_size}) "
        f"= {math.ceil(n_train / config.batch_size):,} updates per epoch, x {config.epochs} epochs "
        f"= {updates:,} updates" + (" (this recipe stops early, well inside its epoch)." if config.max_updates else ".")
    )
    with st.expander("Model summary: every layer's output shape and parameters"):
        st.dataframe(
            {
                "layer": [f"{r.name} {r.kind}" for r in rows],
                "output shape": [str((None, *r.output_shape[1:])) for r in rows],
                "parameters": [r.params for r in rows],
            },
            hide_index=True,
        )
    st.dataframe([describe(config)], hide_index=True)
