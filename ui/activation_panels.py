"""Widgets and cached work for the activation lesson; every key starts with "act."."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from nnviz import nonlinearity
from nnviz.activations import ACTIVATIONS, NONLINEAR, curve
from nnviz.figures import activations as figs

N_CLASSES = 10
START_LOGITS = (1.0, -0.5, 0.3, 2.5, 0.0, -1.5, 0.8, 3.0, -0.8, 0.5)
LOGIT_LIMIT = 6.0
GALLERY_COLUMNS = 3


def init_state() -> None:
    """Every key of the page, with the values the lesson starts from."""
    defaults = {
        "act.range": 5.0, "act.neuron.act": "sigmoid", "act.neuron.inputs": 2, "act.x1": 1.0, "act.x2": 2.0,
        "act.w1": 0.5, "act.w2": -1.0, "act.b": 0.3, "act.temp": 1.0, "act.true_class": 7, "act.smoothing": 0.1,
        "act.stack.depth": 3, "act.stack.between": "none (identity)", "act.fit.target": "sine",
        "act.fit.act": "tanh", "act.fit.hidden": 8, "act.grad.x": 0.5, "act.depth.n": 8, "act.depth.act": "sigmoid",
        "act.rolls": 0,
    } | {f"act.logit{i}": v for i, v in enumerate(START_LOGITS)}  # fmt: skip
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


def gallery(half_width: float) -> None:
    """Every non-linear activation in the registry: its plot with its slope, and its formulas."""
    columns = st.columns(GALLERY_COLUMNS)
    for i, name in enumerate(NONLINEAR):
        act = ACTIVATIONS[name]
        with columns[i % GALLERY_COLUMNS]:
            x, f, df = curve(name, -half_width, half_width)
            st.plotly_chart(figs.activation_plot(name, x, f, df), key=f"act.gallery.{name}")
            st.latex(act.formula)
            st.latex(act.derivative_formula)
            st.caption(act.note)


@dataclass(frozen=True)
class NeuronSettings:
    activation: str
    weights: list[float]
    inputs: list[float]
    bias: float


def neuron_controls() -> NeuronSettings:
    """The activation, how many inputs, and sliders for inputs, weights and bias."""
    st.selectbox("Activation", NONLINEAR, key="act.neuron.act")
    st.radio("Inputs", [1, 2], key="act.neuron.inputs", horizontal=True)
    n = st.session_state["act.neuron.inputs"]
    for i in (1, 2):  # x2 and w2 stay on screen, greyed out, so they keep their values
        left, right = st.columns(2)
        left.slider(f"x{i}", -5.0, 5.0, step=0.1, key=f"act.x{i}", disabled=i > n)
        right.slider(f"w{i}", -3.0, 3.0, step=0.1, key=f"act.w{i}", disabled=i > n)
    st.slider("b, the bias", -5.0, 5.0, step=0.1, key="act.b")
    get = st.session_state.__getitem__
    return NeuronSettings(
        get("act.neuron.act"), [get(f"act.w{i}") for i in range(1, n + 1)],
        [get(f"act.x{i}") for i in range(1, n + 1)], get("act.b"),
    )  # fmt: skip


def _reset_logits() -> None:
    for i, v in enumerate(START_LOGITS):
        st.session_state[f"act.logit{i}"] = v


def _roll_logits(seed: int) -> None:
    st.session_state["act.rolls"] += 1
    rng = np.random.default_rng([seed, st.session_state["act.rolls"]])
    for i, v in enumerate(rng.normal(0.0, 2.0, N_CLASSES).clip(-LOGIT_LIMIT, LOGIT_LIMIT)):
        st.session_state[f"act.logit{i}"] = round(float(v), 1)


def logit_controls(seed: int) -> list[float]:
    """Ten logit sliders in two rows, with buttons to reset or roll them; returns the logits."""
    for row in range(2):
        columns = st.columns(N_CLASSES // 2)
        for j, column in enumerate(columns):
            i = row * N_CLASSES // 2 + j
            column.slider(f"logit {i}", -LOGIT_LIMIT, LOGIT_LIMIT, step=0.1, key=f"act.logit{i}")
    left, right = st.columns(2)
    left.button("Reset the logits", key="act.logits.reset", on_click=_reset_logits)
    right.button("Roll random logits", key="act.logits.roll", on_click=_roll_logits, args=(seed,),
                 help="Drawn from the sidebar seed, so the same seed gives the same rolls.")  # fmt: skip
    return [st.session_state[f"act.logit{i}"] for i in range(N_CLASSES)]


def target_controls() -> tuple[int, float]:
    """The true class and how much of the target to spread over the other classes."""
    left, right = st.columns(2)
    left.selectbox("True class", list(range(N_CLASSES)), key="act.true_class")
    right.slider("Smoothing of the soft target", 0.0, 0.5, step=0.05, key="act.smoothing")
    return st.session_state["act.true_class"], st.session_state["act.smoothing"]


@st.cache_data(max_entries=256, show_spinner=False)
def curve_fit(target: str, hidden: int, activation: str, seed: int) -> nonlinearity.CurveFit:
    """One trained fit per setting: moving another slider never retrains it."""
    return nonlinearity.fit_curve(
        nonlinearity.FitConfig(target=target, hidden=hidden, activation=activation, seed=seed)
    )


def fit_controls() -> nonlinearity.FitConfig:
    left, middle, right = st.columns(3)
    left.radio("Curve to fit", list(nonlinearity.TARGETS), key="act.fit.target", horizontal=True)
    middle.selectbox("Activation of the hidden units", list(ACTIVATIONS), key="act.fit.act")
    right.slider("Hidden units", 1, max(nonlinearity.WIDTHS), key="act.fit.hidden")
    get = st.session_state.__getitem__
    return nonlinearity.FitConfig(target=get("act.fit.target"), hidden=get("act.fit.hidden"),
                                  activation=get("act.fit.act"))  # fmt: skip
