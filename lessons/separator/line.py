"""Parts 1 to 3 of the separator lesson: one line, set by hand, then learned live by a rule."""

from __future__ import annotations

import math

import streamlit as st

from lessons.separator import settings
from lessons.separator.settings import LINE_PLAYER, PAGE, STORIES
from nnviz import separator as sep
from nnviz import toy_data
from nnviz.figures import separator as figs
from nnviz.figures import signed
from nnviz.outcome import Outcome
from ui import present

UPDATES_PER_TICK = {"perceptron": 1, "logistic regression": 4}
N_POINTS = 60


@st.cache_data(max_entries=32)
def points(example: str, noise: float, seed: int, n: int = N_POINTS):
    return toy_data.make(example, n, noise, seed)


def controls() -> tuple[sep.Line, tuple[float, float]]:
    """Sliders for the line and inputs for the new point; returns them as plain values."""
    st.slider("w1, the weight of the first input", settings.W_LOW, settings.W_HIGH, step=0.1, key=PAGE.keys.w1)
    st.slider("w2, the weight of the second input", settings.W_LOW, settings.W_HIGH, step=0.1, key=PAGE.keys.w2)
    st.slider("b, the bias", settings.B_LOW, settings.B_HIGH, step=0.5, key=PAGE.keys.b)
    left, right = st.columns(2)
    left.number_input("new point: first input", settings.POINT_LOW, settings.POINT_HIGH, step=0.5, key=PAGE.keys.px)
    right.number_input("new point: second input", settings.POINT_LOW, settings.POINT_HIGH, step=0.5, key=PAGE.keys.py)
    s = PAGE.values
    return sep.Line(s.w1, s.w2, s.b), (s.px, s.py)


def data(example: str, seed: int):
    """The points the line learns from: the built-in ones, or the learner's own."""
    s = PAGE.values
    return s.lin_points.arrays() if s.lin_source == "mine" else points(example, s.lin_noise, seed)


def _made_from(example: str, seed: int) -> tuple:
    """What the learner is built from: a change to any of it starts a new one."""
    s = PAGE.values
    return example, s.lin_noise, s.lin_rule, seed, s.lin_source, s.lin_points


def current_learner(example: str, seed: int) -> sep.LineLearner:
    """This visitor's learner, rebuilt only when its data, rule or seed change (a new rate carries on)."""
    learner = PAGE.held("lin.learner", lambda: None)
    if learner is None or PAGE.held("lin.key", tuple) != _made_from(example, seed):
        learner = reset_learner(example, seed)
    learner.lr = PAGE.values.lin_lr  # a new rate applies from the next step, no restart
    return learner


def reset_learner(example: str, seed: int) -> sep.LineLearner:
    """A paused learner, built afresh from the current settings."""
    s = PAGE.values
    X, y = data(example, seed)
    learner = PAGE.keep("lin.learner", sep.LineLearner(X, y, s.lin_rule, s.lin_lr, seed))
    PAGE.keep("lin.key", _made_from(example, seed))
    LINE_PLAYER.pause()
    return learner


def _step(example: str, seed: int, epoch: bool = False) -> None:
    learner = current_learner(example, seed)
    learner.run_epoch() if epoch else learner.step()


def learning_controls(example: str, seed: int) -> None:
    """The rule, rate, noise and the play / step / epoch / reset buttons."""
    left, mid, right = st.columns(3)
    left.radio("Rule", list(sep.RULES), key=PAGE.keys.lin_rule, horizontal=True)
    mid.select_slider("Learning rate", sep.LINEAR_LEARNING_RATES, key=PAGE.keys.lin_lr)
    right.slider("Noise", settings.NOISE_LOW, settings.NOISE_HIGH, step=0.05, key=PAGE.keys.lin_noise,
                 help="0: a line can separate the built-in points exactly. Your own points have the noise you give "
                      "them.", disabled=PAGE.values.lin_source == "mine")  # fmt: skip
    current_learner(example, seed)
    cols = st.columns(4)
    LINE_PLAYER.button(cols[0], width="stretch")
    cols[1].button("One update", key=PAGE.key("lin.step"), on_click=_step, args=(example, seed), width="stretch")
    cols[2].button("One epoch", key=PAGE.key("lin.epoch"), on_click=_step, args=(example, seed),
                   kwargs={"epoch": True}, width="stretch")  # fmt: skip
    cols[3].button("Reset", key=PAGE.key("lin.reset"), on_click=reset_learner, args=(example, seed), width="stretch")


def learning_view(example: str, seed: int) -> None:
    """The learning line and its history, a few updates a refresh while playing."""
    story = STORIES[example]

    def work() -> int | bool | Outcome:
        learner = current_learner(example, seed)
        taken = sum(learner.step() is not None for _ in range(UPDATES_PER_TICK[learner.rule]))
        if learner.stopped:
            return learner.diverged or True  # blown up, or every point on its own side
        return taken

    def draw() -> None:
        learner = current_learner(example, seed)
        delta = learner.peek()
        ghost = None if delta is None else sep.Line(*(learner.weights + delta))
        picture, chart = st.columns([3, 2])
        with picture:
            present.chart(figs.line_scatter(learner.X, learner.y, learner.line, story.classes, story.axes,
                                            ghost=ghost), key=PAGE.key("lin.scatter"))  # fmt: skip
        wrong = {"errors": "wrong side"}  # the legend's names short (the axes say more): one row on a projector
        history = figs.history_chart(learner.history, wrong, "update", "update", "points on the wrong side",
                                     right=("loss", "loss"), right_title=f"{learner.rule} loss")  # fmt: skip
        with chart:
            present.chart(history, key=PAGE.key("lin.history"))
            st.markdown(status_text(learner, delta))

    LINE_PLAYER.live(draw, work)


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
    if learner.converged or delta is None:  # the perceptron finds nothing to fix, even before it looks
        return f"{head}\n\nEvery point is on its own side, so the perceptron has nothing left to fix: it stops."
    step = ", ".join(f"{name} {signed(d, 3)}" for name, d in zip(("w1", "w2", "b"), delta, strict=True))
    return f"{head}\n\nThe next update moves {step} (the dashed line)."
