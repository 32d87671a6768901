"""Widgets and panels for the gradient descent page: they draw and return plain values."""

from __future__ import annotations

import numpy as np
import streamlit as st

from nnviz import baseline, descent, minibatch
from nnviz.figures import descent as figs
from nnviz.figures.digits import digit_grid
from ui import resources

TOY = "gd.toy"
RUNNING = "gd.running"
TICK_SECONDS = 0.25
PROBE_TIMES = (0, 10, 20)  # first, middle and last measurement, shown as numbers
TICKS_PER_RUN = 20  # a run of any budget plays out in about this many redraws
DEFAULTS = {
    "gd.distance": next(iter(baseline.DISTANCES)),
    "gd.fn": "x²",
    "gd.x": 1.5,
    "gd.run_len": 1.0,
    "gd.curve": next(iter(descent.LOSS_CURVES)),
    "gd.start": -3.0,
    "gd.lr1d": 0.1,
    "gd.steps1d": 40,
    "gd.lr": 0.1,
    "gd.zero_grad": True,
    "gd.budget": 300,
    "gd.target": 0.3,
    RUNNING: False,
    "gd.batch": 64,
    "gd.mb_lr": 0.5,
    "gd.epochs": 1,
    "gd.sgd_config": None,
}


def init_state(seed: int) -> descent.SevenSteps:
    """Every key of the page with its default; a fresh toy run for a new seed."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    toy = st.session_state.get(TOY)
    if toy is None or toy.seed != seed:
        reset_toy(seed)
    toy = st.session_state[TOY]
    toy.lr, toy.zero_grad = st.session_state["gd.lr"], st.session_state["gd.zero_grad"]
    toy.budget, toy.target_loss = st.session_state["gd.budget"], st.session_state["gd.target"]
    return toy


def reset_toy(seed: int) -> None:
    st.session_state[TOY] = descent.SevenSteps(seed)
    st.session_state[RUNNING] = False


@st.cache_resource(show_spinner="Averaging every training 3 and 7...")
def baseline_result(data_label: str, distance: str) -> baseline.BaselineResult:
    return baseline.evaluate_baseline(resources.digits(), distance)


@st.cache_resource(show_spinner=False)
def ideals(data_label: str) -> baseline.Ideals:
    return baseline.ideal_digits(resources.digits())


@st.cache_data(show_spinner="Training the linear model on mini-batches...", max_entries=32)
def linear_result(data_label: str, config: minibatch.MinibatchConfig) -> minibatch.MinibatchResult:
    return minibatch.train_linear(resources.digits(), config)


def loop_controls(seed: int) -> None:
    """The buttons that drive the loop; each changes state in a callback."""
    toy = st.session_state[TOY]
    cols = st.columns(5)
    cols[0].button("Next phase", key="gd.phase", on_click=toy.advance, disabled=toy.stopped,
                   help="Run only the next of the seven steps.")  # fmt: skip
    cols[1].button("Step", key="gd.step", type="primary", on_click=toy.step, disabled=toy.stopped,
                   help="Predict, measure the loss, compute the gradient, update: one whole pass.")  # fmt: skip
    cols[2].button("Run", key="gd.run", on_click=st.session_state.update, kwargs={RUNNING: True},
                   disabled=toy.stopped or st.session_state[RUNNING],
                   help="Repeat the steps until the stop rule or the step budget ends it.")  # fmt: skip
    cols[3].button("Pause", key="gd.pause", on_click=st.session_state.update, kwargs={RUNNING: False},
                   disabled=not st.session_state[RUNNING])  # fmt: skip
    cols[4].button("Start again", key="gd.reset", on_click=reset_toy, args=(seed,),
                   help="New random weights (the same for the same seed).")  # fmt: skip


def steps_per_tick(budget: int) -> int:
    return max(1, budget // TICKS_PER_RUN)


def seven_steps_panel(phase: int) -> None:
    """The seven steps, with the one that ran last marked."""
    lines = []
    for i, name in enumerate(descent.SEVEN_STEPS):
        if i == phase:
            lines.append(f"- :blue-background[**▶ {i + 1}. {name}**]")
        else:
            lines.append(f"- {i + 1}. {name}")
    st.markdown("\n".join(lines))


def step_numbers(toy: descent.SevenSteps) -> None:
    """The numbers of the latest pass: loss, gradient, update, weights before and after."""
    numbers, names = toy.numbers, ("a", "b", "c")
    st.markdown(f"**Steps done:** {toy.steps}")
    if numbers.prediction is not None:
        said = ", ".join(f"{numbers.prediction[i]:.2f}" for i in PROBE_TIMES)
        measured = ", ".join(f"{toy.y[i]:.2f}" for i in PROBE_TIMES)
        times = ", ".join(f"{toy.t[i]:g}" for i in PROBE_TIMES)
        st.markdown(f"**Prediction** at t = {times} s: {said} (measured: {measured})")
    loss = "not measured yet" if numbers.loss is None else f"{numbers.loss:.4f}"
    st.markdown(f"**Loss** (mean squared error): {loss}")
    columns = {"weight": list(names), "before": _fmt(numbers.before)}
    if numbers.grad is not None:
        columns["gradient in .grad"] = _fmt(numbers.grad)
        if not toy.zero_grad:
            columns["from this loss alone"] = _fmt(numbers.fresh_grad)
    if numbers.update is not None:
        columns[f"update -{toy.lr:g} × grad"] = _fmt(numbers.update)
        columns["after"] = _fmt(numbers.after)
    st.table(columns)
    if not toy.zero_grad and toy.steps > 1:
        st.warning(
            f"The gradients are not being zeroed: .grad holds the sum over all {toy.steps} steps so far, "
            "so each update still pushes the way old gradients pointed."
        )


def _fmt(values: list[float]) -> list[str]:
    return [f"{v:+.4f}" for v in values]


def baseline_view(data_label: str) -> baseline.BaselineResult:
    """The two ideals, the distance choice, the accuracy and the images it gets wrong."""
    ideal = ideals(data_label)
    pictures, numbers = st.columns([1, 2])
    pair = np.stack([ideal.three, ideal.seven]) * 255
    pictures.plotly_chart(digit_grid(pair, ["ideal 3", "ideal 7"], cols=2), key="gd.ideals")
    pictures.caption(f"The mean of {ideal.n_threes:,} training 3s and of {ideal.n_sevens:,} training 7s.")
    with numbers:
        st.radio("Distance between two images", list(baseline.DISTANCES), key="gd.distance")
        result = baseline_result(data_label, st.session_state["gd.distance"])
        st.metric("Accuracy on the test 3s and 7s", f"{result.accuracy:.2%}", help="Guessing would score about 50%.")
        st.caption(f"{len(result.wrong)} of the {result.n_test:,} test images are nearer the wrong ideal.")
    wrong = result.wrong[:16]
    labels = [f"a {int(result.labels[i])}, says {int(result.guesses[i])}" for i in wrong]
    images = result.images[wrong].numpy() * 255
    grid = digit_grid(images, labels, cols=8, title="Some that it gets wrong", wrong=[True] * len(wrong))
    st.plotly_chart(grid, key="gd.wrong")
    return result


def tangent_view() -> None:
    """A function, a point and a run chosen by the learner; slope and rise over run beside the plot."""
    controls, plot = st.columns([1, 2])
    with controls:
        st.selectbox("Function", list(descent.FUNCTIONS), key="gd.fn")
        curve = descent.FUNCTIONS[st.session_state["gd.fn"]]
        lo, hi = curve.domain
        st.session_state["gd.x"] = float(np.clip(st.session_state["gd.x"], lo, hi))  # keep x on the new curve
        st.slider("x", lo, hi, step=0.1, key="gd.x")
        st.slider("Run: a step to the right", 0.01, 2.0, step=0.01, key="gd.run_len")
        tangent = descent.tangent_at(curve, st.session_state["gd.x"], st.session_state["gd.run_len"])
        st.markdown(
            f"Slope from autograd: **{tangent.slope:.4f}**  \n"
            f"Rise {tangent.rise:.4f} over run {tangent.run:g} = **{tangent.rise_over_run:.4f}**"
        )
        st.caption("Shrink the run: rise over run closes in on the slope.")
    xs, ys = descent.sample(curve, lo, hi)
    plot.plotly_chart(figs.tangent_figure(xs, ys, tangent, f"f(x) = {curve.formula}"), key="gd.tangent")


def minibatch_controls(seed: int) -> minibatch.MinibatchConfig:
    """Batch size, learning rate, epochs and the train button; returns the chosen config."""
    cols = st.columns(4)
    cols[0].select_slider("Batch size", minibatch.BATCH_SIZES, key="gd.batch")
    cols[1].select_slider("Learning rate", [0.01, 0.05, 0.1, 0.5, 1.0, 2.0, 5.0], key="gd.mb_lr")
    cols[2].slider("Epochs", 1, 3, key="gd.epochs")
    state = st.session_state
    config = minibatch.MinibatchConfig(state["gd.batch"], state["gd.mb_lr"], state["gd.epochs"], seed)
    cols[3].button("Train the linear model", key="gd.train", type="primary",
                   on_click=state.update, kwargs={"gd.sgd_config": config})  # fmt: skip
    return config


def live_loop() -> None:
    """Runs in a fragment: a few steps per tick while running, then the panel, numbers and charts."""
    toy = st.session_state[TOY]
    if st.session_state[RUNNING] and not toy.stopped:
        toy.run(steps_per_tick(toy.budget))
    if st.session_state[RUNNING] and toy.stopped:
        st.session_state[RUNNING] = False
        st.rerun()  # the whole page, so that the timer stops
    steps, numbers = st.columns([1, 2])
    with steps:
        seven_steps_panel(toy.phase)
    with numbers:
        step_numbers(toy)
    if toy.stop_reason:
        reached = "below the target" in toy.stop_reason and "on a swing" not in toy.stop_reason
        (st.error if toy.stop_reason.startswith("Diverged") else st.success if reached else st.info)(toy.stop_reason)
    fit, losses = st.columns(2)
    fit.plotly_chart(figs.toy_fit_figure(toy.t.numpy(), toy.y.numpy(), toy.values()), key="gd.fit")
    losses.plotly_chart(figs.loss_history_figure(toy.losses), key="gd.losses")


def live_section() -> None:
    run_every = TICK_SECONDS if st.session_state[RUNNING] else None
    st.fragment(live_loop, run_every=run_every)()
