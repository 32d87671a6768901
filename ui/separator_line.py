"""Widgets and live state for the first half of the separator lesson: one line, set by hand or learned."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from nnviz import separator as sep
from nnviz import toy_data
from nnviz.figures import separator as figs
from nnviz.outcome import Outcome
from ui import present, state

LINE_TICK = 0.3  # seconds between refreshes while learning plays
UPDATES_PER_TICK = {"perceptron": 1, "logistic regression": 4}
MAX_UPDATES = 3000  # playing pauses here, so a forgotten tab does not spin for ever
N_POINTS = 60
W_LOW, W_HIGH = -5.0, 5.0  # the weight sliders
B_LOW, B_HIGH = -30.0, 30.0  # the bias slider
POINT_LOW, POINT_HIGH = 1.0, 10.0  # both inputs of the new point, on the data's 1-10 scale
NOISE_LOW, NOISE_HIGH = 0.0, 1.0


@dataclass(frozen=True)
class Story:
    """How one example names its axes, classes and inputs."""

    axes: tuple[str, str]
    classes: tuple[str, str]
    inputs: tuple[str, str]


STORIES = {
    "credit": Story(("credit score (1-10)", "income (1-10)"), ("does not repay", "repays"), ("credit", "income")),
    "marbles": Story(("left to right", "front to back"), ("red", "blue"), ("left-right", "front-back")),
}


SETTINGS = (
    state.choice("sep.example", "credit", tuple(STORIES)),
    state.number("sep.w1", sep.WORKED_LINE.w1, W_LOW, W_HIGH),
    state.number("sep.w2", sep.WORKED_LINE.w2, W_LOW, W_HIGH),
    state.number("sep.b", sep.WORKED_LINE.b, B_LOW, B_HIGH),
    state.number("sep.px", sep.NEW_BORROWER[0], POINT_LOW, POINT_HIGH),
    state.number("sep.py", sep.NEW_BORROWER[1], POINT_LOW, POINT_HIGH),
    state.choice("sep.lin.rule", "perceptron", tuple(sep.RULES)),
    state.choice("sep.lin.lr", 0.1, sep.LINEAR_LEARNING_RATES),
    state.number("sep.lin.noise", 0.0, NOISE_LOW, NOISE_HIGH),
)
EXTRAS = {"sep.lin.playing": False}


def start_over() -> None:
    """After a link or a presentation step: a paused learner, built afresh from the new settings."""
    st.session_state["sep.lin.playing"] = False
    st.session_state.pop("sep.lin.key", None)


@st.cache_data(max_entries=32)
def points(example: str, noise: float, seed: int, n: int = N_POINTS):
    return toy_data.make(example, n, noise, seed)


def line_controls() -> tuple[sep.Line, tuple[float, float]]:
    """Sliders for the line and inputs for the new point; returns them as plain values."""
    st.slider("w1, the weight of the first input", W_LOW, W_HIGH, step=0.1, key="sep.w1")
    st.slider("w2, the weight of the second input", W_LOW, W_HIGH, step=0.1, key="sep.w2")
    st.slider("b, the bias", B_LOW, B_HIGH, step=0.5, key="sep.b")
    left, right = st.columns(2)
    left.number_input("new point: first input", POINT_LOW, POINT_HIGH, step=0.5, key="sep.px")
    right.number_input("new point: second input", POINT_LOW, POINT_HIGH, step=0.5, key="sep.py")
    line = sep.Line(st.session_state["sep.w1"], st.session_state["sep.w2"], st.session_state["sep.b"])
    return line, (st.session_state["sep.px"], st.session_state["sep.py"])


def _learner_key(example: str, seed: int) -> tuple:
    return example, st.session_state["sep.lin.noise"], st.session_state["sep.lin.rule"], seed


def current_learner(example: str, seed: int) -> sep.LineLearner:
    """This session's learner, rebuilt only when its data, rule or seed change."""
    key = _learner_key(example, seed)
    if st.session_state.get("sep.lin.key") != key:
        reset_learner(example, seed)
    learner = st.session_state["sep.lin.learner"]
    learner.lr = st.session_state["sep.lin.lr"]  # a new rate applies from the next step, no restart
    return learner


def reset_learner(example: str, seed: int) -> None:
    X, y = points(example, st.session_state["sep.lin.noise"], seed)
    st.session_state["sep.lin.learner"] = sep.LineLearner(X, y, st.session_state["sep.lin.rule"],
                                                          st.session_state["sep.lin.lr"], seed)  # fmt: skip
    st.session_state["sep.lin.key"] = _learner_key(example, seed)
    st.session_state["sep.lin.playing"] = False


def _step(epoch: bool = False) -> None:
    learner = st.session_state["sep.lin.learner"]
    learner.run_epoch() if epoch else learner.step()


def _set_playing(playing: bool) -> None:
    # Set, never toggle: a click that reaches the server twice must not undo itself.
    st.session_state["sep.lin.playing"] = playing


def learning_controls(example: str, seed: int) -> None:
    """The rule, rate, noise and the play / step / epoch / reset buttons."""
    left, mid, right = st.columns(3)
    left.radio("Rule", list(sep.RULES), key="sep.lin.rule", horizontal=True)
    mid.select_slider("Learning rate", sep.LINEAR_LEARNING_RATES, key="sep.lin.lr")
    right.slider("Noise", NOISE_LOW, NOISE_HIGH, step=0.05, key="sep.lin.noise",
                 help="0: a line can separate the points exactly.")  # fmt: skip
    current_learner(example, seed)
    playing = st.session_state["sep.lin.playing"]
    cols = st.columns(4)
    icon = ":material/pause:" if playing else ":material/play_arrow:"
    cols[0].button("Pause" if playing else "Play", key="sep.lin.play", on_click=_set_playing, args=(not playing,),
                   icon=icon, width="stretch")  # fmt: skip
    cols[1].button("One update", key="sep.lin.step", on_click=_step, width="stretch")
    cols[2].button("One epoch", key="sep.lin.epoch", on_click=_step, kwargs={"epoch": True}, width="stretch")
    cols[3].button("Reset", key="sep.lin.reset", on_click=reset_learner, args=(example, seed), width="stretch")


def _play_tick(learner: sep.LineLearner) -> None:
    for _ in range(UPDATES_PER_TICK[learner.rule]):
        learner.step()
    if learner.stopped or learner.updates >= MAX_UPDATES:
        st.session_state["sep.lin.playing"] = False
        st.rerun()  # the whole page, so the refresh timer stops too


def learning_view(example: str, seed: int) -> None:
    """The learning line and its history, refreshed on a timer while playing."""
    story = STORIES[example]

    @st.fragment(run_every=LINE_TICK if st.session_state["sep.lin.playing"] else None)
    def live() -> None:
        learner = current_learner(example, seed)
        if st.session_state["sep.lin.playing"]:
            _play_tick(learner)
        delta = learner.peek()
        ghost = None if delta is None else sep.Line(*(learner.weights + delta))
        picture, chart = st.columns([3, 2])
        with picture:
            present.chart(figs.line_scatter(learner.X, learner.y, learner.line, story.classes, story.axes,
                                            ghost=ghost), key="sep.lin.scatter")  # fmt: skip
        wrong = {"errors": "points on the wrong side"}
        history = figs.history_chart(learner.history, wrong, "update", "update", "points on the wrong side",
                                     right=("loss", f"{learner.rule} loss"))  # fmt: skip
        with chart:
            present.chart(history, key="sep.lin.history")
            st.markdown(status_text(learner, delta))

    live()


def said(outcome: Outcome) -> str:
    """A learned line's outcome in words: where its loss blew up, and what to change."""
    what = "is no longer a number" if math.isnan(outcome.value) else f"grew past {outcome.limit:g}"
    return (
        f"Stopped at update {outcome.step}: the loss {what}, so the steps overshoot instead of settling. "
        f"The learning rate {sep.number(outcome.lr)} is too large; try a smaller one."
    )


def status_text(learner: sep.LineLearner, delta) -> str:
    line = learner.line
    head = (f"After **{learner.updates}** updates ({learner.epoch:.1f} epochs): "
            f"`{sep.equation(line)}`, "
            f"**{line.errors(learner.X, learner.y)}** points on the wrong side.")  # fmt: skip
    if learner.diverged:
        return f"{head}\n\n:red[{said(learner.diverged)}]"
    if learner.converged:
        return f"{head}\n\nEvery point is on its own side, so the perceptron has nothing left to fix: it stops."
    step = ", ".join(f"{name} {d:+.3g}" for name, d in zip(("w1", "w2", "b"), delta, strict=True))
    return f"{head}\n\nThe next update moves {step} (the dashed line)."
