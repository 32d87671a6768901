"""Read-only things every session shares, loaded once per server process."""

from __future__ import annotations

import threading

import streamlit as st

from nnviz import digit_model
from nnviz.data import Digits, load_digits


@st.cache_resource(show_spinner="Loading MNIST...")
def digits() -> Digits:
    return load_digits()


@st.cache_resource
def _digit_model_slot() -> dict:
    return {"model": None, "lock": threading.Lock()}


def cached_digit_model() -> digit_model.DigitModel | None:
    """The default digit model if this process or the disk cache already has it."""
    slot = _digit_model_slot()
    if slot["model"] is None and digit_model.cached_path(digits()).exists():
        return default_digit_model()
    return slot["model"]


def default_digit_model() -> digit_model.DigitModel:
    """The default digit model, trained on first use with a progress bar."""
    slot = _digit_model_slot()
    with slot["lock"]:  # one training, however many sessions ask at once
        if slot["model"] is None:
            bar = st.progress(0.0, text="Training the digit model, once for everyone...")

            def report(fraction: float, text: str) -> None:
                bar.progress(fraction, text=f"Training the digit model, once for everyone: {text}")

            slot["model"] = digit_model.load_or_train(digits(), on_progress=report)
            bar.empty()
    return slot["model"]


@st.cache_resource
def _mlp_slot() -> dict:
    return {"model": None, "lock": threading.Lock()}


def default_mlp_model() -> digit_model.DigitModel:
    """The Draw lesson's MLP (nnviz.shift.MLP_RECIPE), trained and cached like the default model."""
    from nnviz.shift import MLP_RECIPE

    slot = _mlp_slot()
    with slot["lock"]:
        if slot["model"] is None:
            bar = st.progress(0.0, text="Training the MLP, once for everyone...")

            def report(fraction: float, text: str) -> None:
                bar.progress(fraction, text=f"Training the MLP, once for everyone: {text}")

            slot["model"] = digit_model.load_or_train(digits(), MLP_RECIPE, on_progress=report)
            bar.empty()
    return slot["model"]
