"""Build a network: a preset or every knob of a custom one, and what the run will be before it starts."""

from __future__ import annotations

import json
import math

import streamlit as st

from lessons.training.settings import (
    BATCH_SIZES,
    KINDS,
    LEARNING_RATES,
    MAX_DROPOUT,
    MAX_EPOCHS,
    MAX_LAYERS,
    MAX_VALIDATION,
    MAX_WIDTH,
    MIN_TRAIN,
    PAGE,
    available_training_digits,
    preset_fields,
)
from nnviz import evaluation
from nnviz.models import ACTIVATIONS, ModelSpec, build_model, count_params, summary
from nnviz.presets import ALL_PRESETS, CUSTOM, describe, planned_run, preset_config
from nnviz.training import OPTIMIZERS, TrainConfig, update_count
from ui import present, resources

KEEP = "session"  # the custom controls show only for Custom: keep their values while they are hidden


def apply_preset(name: str | None = None) -> None:
    """Callback: choosing a preset (or a lab run) sets its training-set size and fills in the custom controls."""
    s = PAGE.values
    name = name or s.preset
    s.preset = name
    if name != CUSTOM:
        by_name = PAGE.by_name()
        for setting, value in preset_fields(name).items():
            setattr(s, by_name[setting].attr, value)


def network(seed: int) -> tuple[str, TrainConfig | None]:
    """The preset picker, the custom controls and the training-set size; the config, or None if invalid."""
    name = st.selectbox("Preset", [*ALL_PRESETS, CUSTOM], key=PAGE.keys.preset, on_change=apply_preset)
    st.number_input(
        "Training digits",
        min_value=MIN_TRAIN,
        max_value=available_training_digits(),
        step=500,
        key=PAGE.keys.size,
        help="Fewer digits train faster and overfit sooner. The validation digits are set aside first.",
    )
    s = PAGE.values
    size, scale = int(s.size), bool(s.scale)
    if name != CUSTOM:
        preset = ALL_PRESETS[name]
        st.caption(f"{preset.blurb} {preset.label}: **{preset.published}**.")
        return name, preset_config(name, seed, size, scale)
    config = custom_config(seed, size, scale)
    return name, config


def custom_config(seed: int, size: int, scale: bool) -> TrainConfig | None:
    """Every knob of a run; None (with a message) if the hidden widths do not parse."""
    st.caption("These start as the preset picked last: change one thing at a time and compare the runs.")
    left, right = st.columns(2)
    with left:
        kind = KINDS[st.selectbox("Network", list(KINDS), key=PAGE.keys.c_kind, persist_state=KEEP)]
        mlp = kind == "mlp"  # the CNNs have a fixed shape; the fast one also its own activation
        widths_text = st.text_input(
            "Hidden widths, comma separated", key=PAGE.keys.c_hidden, persist_state=KEEP, disabled=not mlp
        )
        activation = st.selectbox(
            "Activation", list(ACTIVATIONS), key=PAGE.keys.c_act, persist_state=KEEP, disabled=kind == "fast_cnn"
        )
        dropout = st.slider(
            "Dropout", 0.0, MAX_DROPOUT, step=0.05, key=PAGE.keys.c_dropout, persist_state=KEEP, disabled=not mlp
        )
    with right:
        optimizer = st.selectbox("Optimiser", list(OPTIMIZERS), key=PAGE.keys.c_opt, persist_state=KEEP)
        lr = st.select_slider("Learning rate", LEARNING_RATES, key=PAGE.keys.c_lr, persist_state=KEEP)
        batch = st.select_slider("Batch size", BATCH_SIZES, key=PAGE.keys.c_batch, persist_state=KEEP)
        epochs = st.slider("Epochs", 1, MAX_EPOCHS, key=PAGE.keys.c_epochs, persist_state=KEEP)
        val = st.slider("Validation fraction", 0.0, MAX_VALIDATION, step=0.05, key=PAGE.keys.c_val, persist_state=KEEP)
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
    n_train, updates = planned_run(config, available_training_digits())
    cols = st.columns(3)
    cols[0].metric("Parameters", f"{count_params(model):,}")
    formula = f"ceil({n_train:,} / {config.batch_size}) x {config.epochs}"
    whole = update_count(n_train, config.batch_size, config.epochs)
    cut = f" = {whole:,}, cut to this recipe's {updates:,}" if updates < whole else ""
    cols[1].metric("Gradient updates", f"{updates:,}", help=formula + cut)
    acc = untrained_accuracy(json.dumps(config.to_dict()["model"]), config.seed, config.scale_inputs)
    cols[2].metric("Accuracy before training", f"{acc:.1%}", help="Random weights guess: about 1 in 10.")
    if present.presenting():
        return  # the step's question needs the figures above; the rest would push Start below the fold
    epochs = f"{config.epochs} epoch{'' if config.epochs == 1 else 's'}"
    st.caption(
        f"{n_train:,} training digits in batches of {config.batch_size}: ceil({n_train:,} / {config.batch_size}) "
        f"= {math.ceil(n_train / config.batch_size):,} updates per epoch, x {epochs} = {whole:,} updates"
        + (f"; this recipe stops after {updates:,} of them." if cut else ".")
    )
    rows = summary(model)
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
