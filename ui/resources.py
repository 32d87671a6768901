"""Read-only things every session shares, loaded once per server process."""

from __future__ import annotations

import threading

import streamlit as st

from nnviz import digit_model
from nnviz.data import Digits, load_digits
from nnviz.training import TrainConfig

DIGIT_MODEL = "digit model"


@st.cache_resource(show_spinner="Loading MNIST...")
def digits() -> Digits:
    return load_digits()


@st.cache_resource
def _model_slot(name: str) -> dict:
    return {"model": None, "lock": threading.Lock()}


def cached_digit_model() -> digit_model.DigitModel | None:
    """The default digit model if this process or the disk cache already has it."""
    if _model_slot(DIGIT_MODEL)["model"] is None and digit_model.stored_path(digits()) is not None:
        return default_digit_model()
    return _model_slot(DIGIT_MODEL)["model"]


def default_digit_model() -> digit_model.DigitModel:
    """The default digit model, trained on first use with a progress bar."""
    return _shared_model(DIGIT_MODEL, digit_model.READER)


def default_mlp_model() -> digit_model.DigitModel:
    """The Draw lesson's MLP (digit_model.MLP_RECIPE), trained and cached like the default model."""
    return _shared_model("MLP", digit_model.MLP_RECIPE)


def _shared_model(name: str, config: TrainConfig) -> digit_model.DigitModel:
    """A model trained from `config` once for every session, with a progress bar that first time."""
    slot = _model_slot(name)
    with slot["lock"]:  # one training, however many sessions ask at once
        if slot["model"] is None:
            label = f"Training the {name}, once for everyone"
            bar = st.progress(0.0, text=f"{label}...")

            def report(fraction: float, text: str) -> None:
                bar.progress(fraction, text=f"{label}: {text}")

            slot["model"] = digit_model.load_or_train(digits(), config, on_progress=report)
            bar.empty()
    return slot["model"]
