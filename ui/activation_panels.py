"""The activation lesson's settings and presentation steps, its widgets and cached work; every key starts "act."."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from nnviz import nonlinearity
from nnviz.activations import ACTIVATIONS, NONLINEAR, curve
from nnviz.figures import activations as figs
from ui import present, state

N_CLASSES = 10
START_LOGITS = (1.0, -0.5, 0.3, 2.5, 0.0, -1.5, 0.8, 3.0, -0.8, 0.5)
LOGIT_LIMIT = 6.0
GALLERY_COLUMNS = 3
RANGE_LOW, RANGE_HIGH = 1.0, 10.0  # the gallery shows x from -r to r
X_LIMIT, W_LIMIT, B_LIMIT = 5.0, 3.0, 5.0  # one neuron's inputs, weights and bias
INPUT_COUNTS = (1, 2)
TEMP_LOW, TEMP_HIGH = 0.1, 5.0
SMOOTHING_HIGH = 0.5
STACK_LOW, STACK_HIGH = 2, 6
Z_LIMIT = 6.0  # the input to the activation in the gradient bars
DEPTH_LOW, DEPTH_HIGH = 1, 16

PAGE = state.Page(
    "act",
    (
        state.number("act.range", 5.0, RANGE_LOW, RANGE_HIGH),
        state.choice("act.neuron.act", "sigmoid", NONLINEAR),
        state.choice("act.neuron.inputs", 2, INPUT_COUNTS),
        state.number("act.x1", 1.0, -X_LIMIT, X_LIMIT),
        state.number("act.x2", 2.0, -X_LIMIT, X_LIMIT),
        state.number("act.w1", 0.5, -W_LIMIT, W_LIMIT),
        state.number("act.w2", -1.0, -W_LIMIT, W_LIMIT),
        state.number("act.b", 0.3, -B_LIMIT, B_LIMIT),
        *(state.number(f"act.logit{i}", v, -LOGIT_LIMIT, LOGIT_LIMIT) for i, v in enumerate(START_LOGITS)),
        state.number("act.temp", 1.0, TEMP_LOW, TEMP_HIGH),
        state.choice("act.true_class", 7, range(N_CLASSES)),
        state.number("act.smoothing", 0.1, 0.0, SMOOTHING_HIGH),
        state.number("act.stack.depth", 3, STACK_LOW, STACK_HIGH),
        state.choice("act.stack.between", "none (identity)", list(ACTIVATIONS)),
        state.choice("act.fit.target", "sine", list(nonlinearity.TARGETS)),
        state.choice("act.fit.act", "tanh", list(ACTIVATIONS)),
        state.number("act.fit.hidden", 8, 1, max(nonlinearity.WIDTHS)),
        state.number("act.grad.x", 0.5, -Z_LIMIT, Z_LIMIT),
        state.number("act.depth.n", 8, DEPTH_LOW, DEPTH_HIGH),
        state.choice("act.depth.act", "sigmoid", list(ACTIVATIONS)),
    ),
    steps=(
        state.Step(
            "One neuron pushed into saturation (part 2)",
            "x1 = 4 and w1 = 2 give the sigmoid z = 8. Drag w1 up to 3: will the output change in its first "
            "three decimals? Then drag w1 down to 0.2.",
            {"neuron.inputs": "1", "x1": "4", "w1": "2", "b": "0"},
            part=2,
        ),
        state.Step(
            "Softmax, hot and cold (part 3)",
            "At T = 5 the bars are nearly level. Drag T down to 0.2: how much of the total will class 7 take?",
            {"temp": "5"},
            part=3,
        ),
        state.Step(
            "Six linear layers (part 4)",
            "Six layers with nothing between them: will their output be anything but a straight line? "
            "Then switch ReLU in between.",
            {"stack.depth": "6"},
            part=4,
        ),
        state.Step(
            "A bump from hidden units (part 4)",
            "One ReLU unit: can it draw the bump? Guess the error with 16 units, then slide to 16.",
            {"fit.target": "bump", "fit.act": "ReLU", "fit.hidden": "1"},
            part=4,
        ),
        state.Step(
            "Gradients through ten layers (part 5)",
            "Ten sigmoid layers: how many times smaller is the first layer's gradient than the last one's? "
            "Then switch to ReLU.",
            {"depth.n": "10", "depth.act": "sigmoid"},
            part=5,
        ),
    ),
    extras={"act.rolls": 0},
)


def gallery(half_width: float) -> None:
    """Every non-linear activation in the registry: its plot with its slope, and its formulas."""
    columns = st.columns(GALLERY_COLUMNS)
    for i, name in enumerate(NONLINEAR):
        act = ACTIVATIONS[name]
        with columns[i % GALLERY_COLUMNS]:
            x, f, df = curve(name, -half_width, half_width)
            present.chart(figs.activation_plot(name, x, f, df), key=f"act.gallery.{name}")
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
    st.radio("Inputs", INPUT_COUNTS, key="act.neuron.inputs", horizontal=True)
    n = st.session_state["act.neuron.inputs"]
    for i in (1, 2):  # x2 and w2 stay on screen, greyed out, so they keep their values
        left, right = st.columns(2)
        left.slider(f"x{i}", -X_LIMIT, X_LIMIT, step=0.1, key=f"act.x{i}", disabled=i > n)
        right.slider(f"w{i}", -W_LIMIT, W_LIMIT, step=0.1, key=f"act.w{i}", disabled=i > n)
    st.slider("b, the bias", -B_LIMIT, B_LIMIT, step=0.1, key="act.b")
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
    right.slider("Smoothing of the soft target", 0.0, SMOOTHING_HIGH, step=0.05, key="act.smoothing")
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


def gradient_ratio(norms: list[float]) -> str:
    """One sentence comparing the first layer's gradient with the last one's."""
    first, last = norms[0], norms[-1]
    if len(norms) == 1:
        return f"One layer: its gradient has size {first:.3g}."
    if first == 0 or last == 0:
        return "No gradient reaches the first layer at all: it cannot learn."
    if first < last:
        return f"The first layer's gradient is **{last / first:.3g} times smaller** than the last layer's."
    return f"The first layer's gradient is **{first / last:.3g} times** the last layer's."
