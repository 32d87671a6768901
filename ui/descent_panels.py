"""The gradient descent page's settings and presentation steps, its widgets and panels (returning plain values)."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from nnviz import baseline, descent, minibatch
from nnviz.figures import descent as figs
from nnviz.figures.digits import digit_grid
from nnviz.outcome import Outcome, Why
from ui import frame, present, resources, state

TOY = "gd.toy"
RUNNING = "gd.running"
TICK_SECONDS = 0.25
PROBE_TIMES = (0, 10, 20)  # first, middle and last measurement, shown as numbers
TICKS_PER_RUN = 20  # a run of any budget plays out in about this many redraws
LR_CHOICES_1D = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 0.9, 1.0, 1.05, 1.2)
MB_LR_CHOICES = (0.01, 0.05, 0.1, 0.5, 1.0, 2.0, 5.0)
X_LOW = min(f.domain[0] for f in descent.FUNCTIONS.values())  # the x slider follows the chosen function's domain
X_HIGH = max(f.domain[1] for f in descent.FUNCTIONS.values())
RUN_LOW, RUN_HIGH = 0.01, 2.0
START_LIMIT = 3.0
STEPS_1D_HIGH = 100
LR_LOW, LR_HIGH = 0.001, 0.3
BUDGET_LOW, BUDGET_HIGH = 10, 2000
TARGET_HIGH = 2.0
EPOCHS_HIGH = 3
L1, L2 = baseline.DISTANCES
BOWL = next(iter(descent.LOSS_CURVES))


def _fresh_runs() -> None:
    """After a link or a presentation step: the toy loop and the linear model start over."""
    reset_toy(frame.seed())
    st.session_state["gd.sgd_config"] = None


def _x_off_its_curve() -> list[str]:
    """A link's x must lie where its function is drawn (each function has its own range)."""
    lo, hi = descent.FUNCTIONS[st.session_state["gd.fn"]].domain
    return [] if lo <= st.session_state["gd.x"] <= hi else ["x"]


PAGE = state.Page(
    "gd",
    (
        state.choice("gd.distance", L1, baseline.DISTANCES),
        state.choice("gd.fn", "x²", descent.FUNCTIONS),
        state.number("gd.x", 1.5, X_LOW, X_HIGH),
        state.number("gd.run_len", 1.0, RUN_LOW, RUN_HIGH),
        state.choice("gd.curve", BOWL, descent.LOSS_CURVES),
        state.number("gd.start", -3.0, -START_LIMIT, START_LIMIT),
        state.choice("gd.lr1d", 0.1, LR_CHOICES_1D),
        state.number("gd.steps1d", 40, 1, STEPS_1D_HIGH),
        state.number("gd.lr", 0.1, LR_LOW, LR_HIGH),
        state.flag("gd.zero_grad", True),
        state.number("gd.budget", 300, BUDGET_LOW, BUDGET_HIGH),
        state.number("gd.target", 0.3, 0.0, TARGET_HIGH),
        state.choice("gd.batch", 64, minibatch.BATCH_SIZES),
        state.choice("gd.mb_lr", 0.5, MB_LR_CHOICES),
        state.number("gd.epochs", 1, 1, EPOCHS_HIGH),
    ),
    steps=(
        state.Step(
            "A classifier that cannot learn (part 1)",
            "Nearest average digit, nothing learned: it scores about 95% with L1. "
            "Will the L2 distance do better or worse? Switch and see.",
            part=1,
        ),
        state.Step(
            "The slope at a point (part 2)",
            "x³ at x = -1: the tangent's slope is 3, but rise over a run of 1 says 1. Shrink the run to 0.01: "
            "will rise over run reach 3, pass it, or stop short?",
            {"fn": "x³", "x": "-1"},
            part=2,
        ),
        state.Step(
            "A stride too long (part 3)",
            "Learning rate 1.05 on the bowl: will the steps settle or fly off? "
            "Then try 0.01 (too small) and 0.5 (just right).",
            {"lr1d": "1.05"},
            part=3,
        ),
        state.Step(
            "Forgetting to zero the gradients (part 4)",
            "The gradients are never reset. Press Run: will the loss fall smoothly or swing? "
            "Then switch zeroing on, press Start again and Run.",
            {"zero_grad": "0"},
            part=4,
        ),
        state.Step(
            "One image per update (part 5)",
            "Batch size 1: every update sees a single digit. Will it beat the 95% baseline? Press Train, then try 256.",
            {"batch": "1"},
            part=5,
        ),
    ),
    on_apply=_fresh_runs,
    check=_x_off_its_curve,
    extras={RUNNING: False, "gd.sgd_config": None},
)


def init_toy(seed: int) -> descent.SevenSteps:
    """A fresh toy run for a new seed; the loop's settings follow the widgets on every run."""
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
    with pictures:
        present.chart(digit_grid(pair, ["ideal 3", "ideal 7"], cols=2), key="gd.ideals")
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
    present.chart(grid, key="gd.wrong")
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
        st.slider("Run: a step to the right", RUN_LOW, RUN_HIGH, step=0.01, key="gd.run_len")
        tangent = descent.tangent_at(curve, st.session_state["gd.x"], st.session_state["gd.run_len"])
        st.markdown(
            f"Slope from autograd: **{tangent.slope:.4f}**  \n"
            f"Rise {tangent.rise:.4f} over run {tangent.run:g} = **{tangent.rise_over_run:.4f}**"
        )
        st.caption("Shrink the run: rise over run closes in on the slope.")
    xs, ys = descent.sample(curve, lo, hi)
    with plot:
        present.chart(figs.tangent_figure(xs, ys, tangent, f"f(x) = {curve.formula}"), key="gd.tangent")


def minibatch_controls(seed: int) -> minibatch.MinibatchConfig:
    """Batch size, learning rate, epochs and the train button; returns the chosen config."""
    cols = st.columns(4)
    cols[0].select_slider("Batch size", minibatch.BATCH_SIZES, key="gd.batch")
    cols[1].select_slider("Learning rate", MB_LR_CHOICES, key="gd.mb_lr")
    cols[2].slider("Epochs", 1, EPOCHS_HIGH, key="gd.epochs")
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
    if toy.outcome:
        show(loop_kind(toy.outcome), loop_said(toy.outcome))
    fit, losses = st.columns(2)
    with fit:
        present.chart(figs.toy_fit_figure(toy.t.numpy(), toy.y.numpy(), toy.values()), key="gd.fit")
    with losses:
        present.chart(figs.loss_history_figure(toy.losses), key="gd.losses")


# The engine's outcomes in words, and the alert each is shown in (chosen by outcome.why, never by the text).
WALK_ALERTS = {Why.DIVERGED: "error"}  # the 1-D walk; any other verdict as info
LOOP_ALERTS = {Why.DIVERGED: "error", Why.TARGET: "success"}  # the seven steps; a swing or the budget as info
MINIBATCH_ALERTS = {Why.DIVERGED: "warning", Why.BUDGET: "warning"}


def show(kind: str, words: str) -> None:
    """An alert box of `kind`: "error", "warning", "success" or "info"."""
    getattr(st, kind)(words)


def walk_kind(outcome: Outcome) -> str:
    return WALK_ALERTS.get(outcome.why, "info")


def walk_said(outcome: Outcome) -> str:
    """One sentence on how the 1-D walk went (descent.verdict)."""
    steps, value, lr = outcome.step, outcome.value, outcome.lr
    if outcome.why is Why.DIVERGED:
        return (f"Diverged at step {steps}: each step overshot the valley and landed higher than the last, "
                f"until w would be {value:.3g}. A learning rate of {lr:g} is too large here.")  # fmt: skip
    if outcome.why is Why.ARRIVED:
        return f"Arrived: after {steps} steps the slope is {value:.2g}, flat, so the steps stop."
    if outcome.why is Why.DIVERGING:
        return (f"Diverging: the loss rose from {outcome.start:.3g} to {value:.3g}, each step landing higher "
                f"on the other side. A learning rate of {lr:g} is too large here.")  # fmt: skip
    if outcome.why is Why.BOUNCING:
        return (f"Bouncing: after {steps} steps w still jumps from one side of the valley to the other. "
                f"The learning rate is close to the largest that works.")  # fmt: skip
    return (f"Still on the way after {steps} steps: the slope is {value:.3g}, not yet flat. "
            f"More steps or a larger learning rate would get there.")  # fmt: skip


def loop_kind(outcome: Outcome) -> str:
    return LOOP_ALERTS.get(outcome.why, "info")


def loop_said(outcome: Outcome) -> str:
    """Why the seven-steps loop stopped, in words."""
    loss, steps = outcome.value, outcome.step
    if outcome.why is Why.DIVERGED:
        cause = ("The gradients were never zeroed, so each update used the sum of all past ones." if not outcome.zeroed
                 else f"A learning rate of {outcome.lr:g} is too large: every step overshoots.")  # fmt: skip
        return f"Diverged: the loss grew to {loss:.3g} after {steps} steps. {cause}"
    if outcome.why is Why.BUDGET:
        return f"Stopped: the budget of {outcome.limit:.0f} steps is used up (loss {loss:.3g})."
    words = f"Stopped: the loss {loss:.4g} is below the target {outcome.limit:g}."
    if outcome.why is Why.SWING:
        words += f" But it went up in {outcome.rises} of {steps} steps: it got there on a swing."
    return words


def minibatch_kind(outcome: Outcome) -> str:
    return MINIBATCH_ALERTS.get(outcome.why, "info")


def minibatch_said(outcome: Outcome) -> str:
    """Why the mini-batch run ended early, in words."""
    if outcome.why is Why.BUDGET:
        return f"Stopped at the budget of {outcome.limit:,.0f} updates, {outcome.seen:,} images into the run."
    what = "the loss is no longer a number" if math.isnan(outcome.value) else f"its weights grew past {outcome.limit:g}"
    return f"Diverged at update {outcome.step}: {what}. Lower the learning rate."


def live_section() -> None:
    run_every = TICK_SECONDS if st.session_state[RUNNING] else None
    st.fragment(live_loop, run_every=run_every)()
