"""The activation lesson's panels: widgets that return the values they set, the logits' dice, and cached fits."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import streamlit as st

from lessons.activations import settings
from lessons.activations.settings import PAGE
from nnviz import nonlinearity
from nnviz.activations import ACTIVATIONS, NONLINEAR, curve
from nnviz.figures import activations as figs
from nnviz.figures import plain
from ui import present

GALLERY_COLUMNS = 3


def gallery(half_width: float) -> None:
    """Every non-linear activation in the registry: its plot with its slope, and its formulas."""
    columns = st.columns(GALLERY_COLUMNS)
    for i, name in enumerate(NONLINEAR):
        act = ACTIVATIONS[name]
        with columns[i % GALLERY_COLUMNS]:
            x, f, df = curve(name, -half_width, half_width)
            present.chart(figs.activation_plot(name, x, f, df), key=PAGE.key(f"gallery.{name}"))
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
    s, keys = PAGE.values, PAGE.keys
    st.selectbox("Activation", NONLINEAR, key=keys.neuron_act)
    st.radio("Inputs", settings.INPUT_COUNTS, key=keys.neuron_inputs, horizontal=True)
    n = s.neuron_inputs
    for i in (1, 2):  # x2 and w2 stay on screen, greyed out, so they keep their values
        left, right = st.columns(2)
        left.slider(f"x{i}", -settings.X_LIMIT, settings.X_LIMIT, step=0.1, key=PAGE.key(f"x{i}"), disabled=i > n)
        right.slider(f"w{i}", -settings.W_LIMIT, settings.W_LIMIT, step=0.1, key=PAGE.key(f"w{i}"), disabled=i > n)
    st.slider("b, the bias", -settings.B_LIMIT, settings.B_LIMIT, step=0.1, key=keys.b)
    return NeuronSettings(
        s.neuron_act, [getattr(s, f"w{i}") for i in range(1, n + 1)],
        [getattr(s, f"x{i}") for i in range(1, n + 1)], s.b,
    )  # fmt: skip


@dataclass
class Rolls:
    """How often this visitor has rolled the logits: roll k draws from (seed, k), so a seed gives the same rolls."""

    count: int = 0


def _set_logits(logits) -> None:
    for i, v in enumerate(logits):
        setattr(PAGE.values, f"logit{i}", v)


def _roll_logits(seed: int) -> None:
    rolls = PAGE.held("rolls", Rolls)
    rolls.count += 1
    rng = np.random.default_rng([seed, rolls.count])
    logits = rng.normal(0.0, 2.0, settings.N_CLASSES).clip(-settings.LOGIT_LIMIT, settings.LOGIT_LIMIT)
    _set_logits(round(float(v), 1) for v in logits)


def logit_controls(seed: int) -> list[float]:
    """Ten logit sliders in two rows, with buttons to reset or roll them; returns the logits."""
    n, limit = settings.N_CLASSES, settings.LOGIT_LIMIT
    for row in range(2):
        columns = st.columns(n // 2)
        for j, column in enumerate(columns):
            i = row * n // 2 + j
            column.slider(f"logit {i}", -limit, limit, step=0.1, key=PAGE.key(f"logit{i}"))
    left, right = st.columns(2)
    left.button("Reset the logits", key=PAGE.key("logits.reset"), on_click=_set_logits, args=(settings.START_LOGITS,))
    right.button("Roll random logits", key=PAGE.key("logits.roll"), on_click=_roll_logits, args=(seed,),
                 help="Drawn from the sidebar seed, so the same seed gives the same rolls.")  # fmt: skip
    return [getattr(PAGE.values, f"logit{i}") for i in range(n)]


def target_controls() -> tuple[int, float]:
    """The true class and how much of the target to spread over the other classes."""
    left, right = st.columns(2)
    left.selectbox("True class", list(range(settings.N_CLASSES)), key=PAGE.keys.true_class)
    right.slider("Smoothing of the soft target", 0.0, settings.SMOOTHING_HIGH, step=0.05, key=PAGE.keys.smoothing)
    return PAGE.values.true_class, PAGE.values.smoothing


@st.cache_data(max_entries=256, show_spinner=False)
def curve_fit(target: str, hidden: int, activation: str, seed: int) -> nonlinearity.CurveFit:
    """One trained fit per setting: moving another slider never retrains it."""
    return nonlinearity.fit_curve(
        nonlinearity.FitConfig(target=target, hidden=hidden, activation=activation, seed=seed)
    )


def fit_controls() -> nonlinearity.FitConfig:
    """The curve to fit, the hidden units' activation and how many there are."""
    left, middle, right = st.columns(3)
    left.radio("Curve to fit", list(nonlinearity.TARGETS), key=PAGE.keys.fit_target, horizontal=True)
    middle.selectbox("Activation of the hidden units", list(ACTIVATIONS), key=PAGE.keys.fit_act)
    right.slider("Hidden units", 1, max(nonlinearity.WIDTHS), key=PAGE.keys.fit_hidden)
    s = PAGE.values
    return nonlinearity.FitConfig(target=s.fit_target, hidden=s.fit_hidden, activation=s.fit_act)


def gradient_ratio(norms: list[float]) -> str:
    """One sentence comparing the first layer's gradient with the last one's."""
    first, last = norms[0], norms[-1]
    if len(norms) == 1:
        return f"One layer: its gradient has size {plain(first, 3)}."
    if first == 0 or last == 0:
        return "No gradient reaches the first layer at all: it cannot learn."
    if first < last:
        return f"The first layer's gradient is **{times(last / first)} times smaller** than the last layer's."
    return f"The first layer's gradient is **{times(first / last)} times** the last layer's."


def times(factor: float) -> str:
    """A factor as people say it: 18,200 rather than 1.82e+04 (three significant digits; powers of ten past a
    trillion)."""
    if not 0 < factor < 1e12:
        return plain(factor, 3)
    digits = 2 - math.floor(math.log10(factor))
    return f"{round(factor, digits):,.{max(digits, 0)}f}"
