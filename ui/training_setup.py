"""The training page's settings: a preset or a custom network, and what the run will be before it starts."""

from __future__ import annotations

import json
import math

import streamlit as st

from nnviz import evaluation
from nnviz.models import ACTIVATIONS, ModelSpec, build_model, count_params, summary
from nnviz.presets import ALL_PRESETS, CUSTOM, LAB, PRESETS, describe, planned_run, preset_config
from nnviz.training import OPTIMIZERS, TrainConfig
from ui import resources

LEARNING_RATES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024]
MAX_WIDTH, MAX_LAYERS = 2048, 5
MIN_TRAIN = 100
KINDS = {"MLP (fully connected)": "mlp", "lesson CNN": "cnn", "fast CNN": "fast_cnn"}


def available_training_digits() -> int:
    return len(resources.digits().train_y)


def defaults() -> None:
    """The page's settings, set once per session (presets fill them in on change)."""
    st.session_state.setdefault("train.preset", next(iter(PRESETS)))
    st.session_state.setdefault("train.size", available_training_digits())
    st.session_state.setdefault("train.scale", True)


def apply_preset(name: str | None = None) -> None:
    """Callback: choosing a preset (or a lab run) also sets its training-set size."""
    name = name or st.session_state["train.preset"]
    st.session_state["train.preset"] = name
    if name != CUSTOM:
        size = ALL_PRESETS[name].config.train_size
        st.session_state["train.size"] = size or available_training_digits()


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
    left, right = st.columns(2)
    with left:
        kind = KINDS[st.selectbox("Network", list(KINDS), key="train.c.kind")]
        mlp = kind == "mlp"  # the CNNs have a fixed shape; the fast one also its own activation
        widths_text = st.text_input("Hidden widths, comma separated", "128, 64", key="train.c.hidden", disabled=not mlp)
        activation = st.selectbox("Activation", list(ACTIVATIONS), key="train.c.act", disabled=kind == "fast_cnn")
        dropout = st.slider("Dropout", 0.0, 0.8, 0.0, 0.05, key="train.c.dropout", disabled=not mlp)
    with right:
        optimizer = st.selectbox("Optimiser", list(OPTIMIZERS), index=list(OPTIMIZERS).index("Adam"), key="train.c.opt")
        lr = st.select_slider("Learning rate", LEARNING_RATES, value=1e-3, key="train.c.lr")
        batch = st.select_slider("Batch size", BATCH_SIZES, value=128, key="train.c.batch")
        epochs = st.slider("Epochs", 1, 30, 5, key="train.c.epochs")
        val = st.slider("Validation fraction", 0.0, 0.5, 0.1, 0.05, key="train.c.val")
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
