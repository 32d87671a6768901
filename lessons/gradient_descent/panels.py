"""The gradient descent lesson's panels: the no-learning baseline, the tangent, the 1-D walk's words and the
mini-batch controls, with the cached results they show and the sentences for how each run went."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from lessons.gradient_descent import settings
from lessons.gradient_descent.settings import PAGE
from nnviz import baseline, descent, minibatch
from nnviz.figures import descent as figs
from nnviz.figures import plain
from nnviz.figures.digits import digit_grid
from nnviz.outcome import Outcome, Why
from ui import present, resources

SGD_CONFIG = "sgd_config"  # held: the settings of the linear model trained last, None before the first press


def show(kind: str, words: str) -> None:
    """An alert box of `kind`: "error", "warning", "success" or "info"."""
    getattr(st, kind)(words)


# Part 1: a classifier that cannot learn.


@st.cache_resource(show_spinner="Averaging every training 3 and 7...")
def baseline_result(data_label: str, distance: str) -> baseline.BaselineResult:
    return baseline.evaluate_baseline(resources.digits(), distance)


@st.cache_resource(show_spinner=False)
def ideals(data_label: str) -> baseline.Ideals:
    return baseline.ideal_digits(resources.digits())


def baseline_view(data_label: str) -> baseline.BaselineResult:
    """The two ideals, the distance choice, the accuracy and the images it gets wrong."""
    ideal = ideals(data_label)
    pictures, numbers = st.columns([1, 2])
    pair = np.stack([ideal.three, ideal.seven]) * 255
    with pictures:
        present.chart(digit_grid(pair, ["ideal 3", "ideal 7"], cols=2), key=PAGE.key("ideals"))
        present.explain(
            f"The mean of {ideal.n_threes:,} training 3s and of {ideal.n_sevens:,} training 7s.", caption=True
        )
    with numbers:
        st.radio("Distance between two images", list(baseline.DISTANCES), key=PAGE.keys.distance)
        result = baseline_result(data_label, PAGE.values.distance)
        st.metric("Accuracy on the test 3s and 7s", f"{result.accuracy:.2%}", help="Guessing would score about 50%.")
        st.caption(f"{len(result.wrong)} of the {result.n_test:,} test images are nearer the wrong ideal.")
    shown, cols = (8, 4) if present.presenting() else (16, 8)  # projector-sized captions need wider cells
    wrong = result.wrong[:shown]
    # "a 3, says 7" is wider than its digit's cell in projector type, and off a projector on a phone (eight cells
    # share its width): the digit shows what it is.
    labels = [f"says {int(result.guesses[i])}" for i in wrong]
    images = result.images[wrong].numpy() * 255
    grid = digit_grid(images, labels, cols=cols, title="Some that it gets wrong", wrong=[True] * len(wrong))
    present.chart(grid, key=PAGE.key("wrong"))
    return result


# Part 2: a gradient is a slope.


def tangent_view() -> None:
    """A function, a point and a run chosen by the learner; slope and rise over run beside the plot."""
    s = PAGE.values
    controls, plot = st.columns([1, 2])
    with controls:
        st.selectbox("Function", list(descent.FUNCTIONS), key=PAGE.keys.fn)
        curve = descent.FUNCTIONS[s.fn]
        lo, hi = curve.domain
        s.x = float(np.clip(s.x, lo, hi))  # keep x on the new curve
        st.slider("x", lo, hi, step=0.1, key=PAGE.keys.x)
        st.slider("Run: a step to the right", settings.RUN_LOW, settings.RUN_HIGH, step=0.01, key=PAGE.keys.run_len)
        tangent = descent.tangent_at(curve, s.x, s.run_len)
        st.markdown(
            f"Slope from autograd: **{tangent.slope:.4f}**  \n"
            f"Rise {tangent.rise:.4f} over run {tangent.run:g} = **{tangent.rise_over_run:.4f}**"
        )
        st.caption("Shrink the run: rise over run closes in on the slope.")
    xs, ys = descent.sample(curve, lo, hi)
    with plot:
        present.chart(figs.tangent_figure(xs, ys, tangent, f"f(x) = {curve.formula}"), key=PAGE.key("tangent"))


# Part 3: the 1-D walk, in words (the page draws it). Alerts are chosen by outcome.why, never by the text.

WALK_ALERTS = {Why.DIVERGED: "error"}  # any other verdict as info


def walk_kind(outcome: Outcome) -> str:
    return WALK_ALERTS.get(outcome.why, "info")


def walk_said(outcome: Outcome) -> str:
    """One sentence on how the 1-D walk went (descent.verdict)."""
    steps, value, lr = outcome.step, outcome.value, outcome.lr
    if outcome.why is Why.DIVERGED:
        return (f"Diverged at step {steps}: each step overshot the valley and landed higher than the last, "
                f"until w would be {plain(value, 3)}. A learning rate of {lr:g} is too large here.")  # fmt: skip
    if outcome.why is Why.ARRIVED:
        return f"Arrived: after {steps} steps the slope is {plain(value, 2)}, flat, so the steps stop."
    if outcome.why is Why.DIVERGING:
        return (f"Diverging: the loss rose from {plain(outcome.start, 3)} to {plain(value, 3)}, each step landing "
                f"higher on the other side. A learning rate of {lr:g} is too large here.")  # fmt: skip
    if outcome.why is Why.BOUNCING:
        return (f"Bouncing: after {steps} steps w still jumps from one side of the valley to the other. "
                f"The learning rate is close to the largest that works.")  # fmt: skip
    return (f"Still on the way after {steps} steps: the slope is {plain(value, 3)}, not yet flat. "
            f"More steps or a larger learning rate would get there.")  # fmt: skip


# Part 5: mini-batches of digits.


@st.cache_data(show_spinner="Training the linear model on mini-batches...", max_entries=32)
def linear_result(data_label: str, config: minibatch.MinibatchConfig) -> minibatch.MinibatchResult:
    return minibatch.train_linear(resources.digits(), config)


def minibatch_controls(seed: int) -> minibatch.MinibatchConfig:
    """Batch size, learning rate, epochs and the train button; returns the chosen config."""
    cols = st.columns(4)
    cols[0].select_slider("Batch size", minibatch.BATCH_SIZES, key=PAGE.keys.batch)
    cols[1].select_slider("Learning rate", settings.MB_LR_CHOICES, key=PAGE.keys.mb_lr)
    cols[2].slider("Epochs", 1, settings.EPOCHS_HIGH, key=PAGE.keys.epochs)
    s = PAGE.values
    config = minibatch.MinibatchConfig(s.batch, s.mb_lr, s.epochs, seed)
    cols[3].button("Train the linear model", key=PAGE.key("train"), type="primary",
                   on_click=PAGE.keep, args=(SGD_CONFIG, config))  # fmt: skip
    return config


def trained_config() -> minibatch.MinibatchConfig | None:
    """The settings the linear model was last trained with, or None before the first press."""
    return PAGE.held(SGD_CONFIG, lambda: None)


def forget_linear_model() -> None:
    PAGE.keep(SGD_CONFIG, None)


MINIBATCH_ALERTS = {Why.DIVERGED: "warning", Why.BUDGET: "warning"}


def minibatch_kind(outcome: Outcome) -> str:
    return MINIBATCH_ALERTS.get(outcome.why, "info")


def minibatch_said(outcome: Outcome) -> str:
    """Why the mini-batch run ended early, in words."""
    if outcome.why is Why.BUDGET:
        return f"Stopped at the budget of {outcome.limit:,.0f} updates, {outcome.seen:,} images into the run."
    what = "the loss is no longer a number" if math.isnan(outcome.value) else f"its weights grew past {outcome.limit:g}"
    return f"Diverged at update {outcome.step}: {what}. Lower the learning rate."
