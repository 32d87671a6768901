"""Part 4, the seven steps live: this visitor's toy run, the buttons that drive it, the live panel played by
the player, and why the run stopped, in words."""

from __future__ import annotations

import streamlit as st

from lessons.gradient_descent.panels import show
from lessons.gradient_descent.settings import PAGE
from nnviz import descent
from nnviz.figures import descent as figs
from nnviz.figures import plain
from nnviz.outcome import Outcome, Why
from ui import frame, present
from ui.player import Player

TOY = "toy"  # held: this visitor's descent.SevenSteps
TICK_SECONDS = 0.25
PROBE_TIMES = (0, 10, 20)  # first, middle and last measurement, shown as numbers
TICKS_PER_RUN = 20  # a run of any budget plays out in about this many redraws
PLAYER = Player(PAGE, "loop", tick=TICK_SECONDS)  # no budget of its own: the toy stops at its step budget


def init_toy(seed: int) -> descent.SevenSteps:
    """This visitor's toy run, fresh for a new seed; the loop's settings follow the widgets on every run."""
    toy = PAGE.held(TOY, lambda: descent.SevenSteps(seed))
    if toy.seed != seed:
        toy = reset_toy(seed)
    s = PAGE.values
    toy.lr, toy.zero_grad, toy.budget, toy.target_loss = s.lr, s.zero_grad, s.budget, s.target
    return toy


def reset_toy(seed: int) -> descent.SevenSteps:
    """New random weights (the same for the same seed), paused."""
    PLAYER.pause()
    return PAGE.keep(TOY, descent.SevenSteps(seed))


def _toy() -> descent.SevenSteps:
    return PAGE.held(TOY, lambda: descent.SevenSteps(frame.seed()))


def controls(seed: int) -> None:
    """The buttons that drive the loop; each changes state in a callback."""
    toy, playing = _toy(), PLAYER.playing
    cols = st.columns(5)
    cols[0].button("Next of the seven", key=PAGE.key("phase"), on_click=toy.advance, disabled=toy.stopped,
                   help="Do only the next of the seven steps, then wait.")  # fmt: skip
    cols[1].button("All seven, once", key=PAGE.key("step"), type="primary", on_click=toy.step, disabled=toy.stopped,
                   help="Predict, measure the loss, compute the gradient, update: one whole pass.")  # fmt: skip
    cols[2].button("Run many passes", key=PAGE.key("run"), on_click=PLAYER.play, disabled=toy.stopped or playing,
                   help="Repeat the steps until the stop rule or the step budget ends it.")  # fmt: skip
    cols[3].button("Pause", key=PAGE.key("pause"), on_click=PLAYER.pause, disabled=not playing)
    cols[4].button("Start again", key=PAGE.key("reset"), on_click=reset_toy, args=(seed,),
                   help="New random weights (the same for the same seed).")  # fmt: skip


def steps_per_tick(budget: int) -> int:
    return max(1, budget // TICKS_PER_RUN)


def live() -> None:
    """The live panel: while playing, a few steps per tick, then the seven steps, the numbers and the charts."""
    PLAYER.live(_draw, _work)


def _work() -> int | Outcome | bool:
    """One tick: the steps that fit in it, or why the toy has stopped (the player then stops too)."""
    toy = _toy()
    before = toy.steps
    toy.run(steps_per_tick(toy.budget))
    return (toy.outcome or True) if toy.stopped else toy.steps - before


def _draw() -> None:
    toy = _toy()
    top, bottom = st.container(), st.container()
    # On a projector the charts come up under the buttons, where the room sees the loss; the numbers follow.
    words, charts = (bottom, top) if present.presenting() else (top, bottom)
    with words:
        steps, numbers = st.columns([1, 2])
        with steps:
            seven_steps_panel(toy.phase)
        with numbers:
            step_numbers(toy)
        if toy.outcome:
            show(loop_kind(toy.outcome), loop_said(toy.outcome))
    fit, losses = charts.columns(2)
    with fit:
        present.chart(figs.toy_fit_figure(toy.t.numpy(), toy.y.numpy(), toy.values()), key=PAGE.key("fit"))
    with losses:
        present.chart(figs.loss_history_figure(toy.losses), key=PAGE.key("losses"))


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
    if not toy.zero_grad and toy.summed > 1:
        st.warning(
            f"The gradients are not being zeroed: .grad holds the sum of the last {toy.summed} gradients, one from "
            "each backward pass since it was last empty, so each update still pushes the way old gradients pointed."
        )


def _fmt(values: list[float]) -> list[str]:
    return [f"{v:+.4f}" for v in values]


# Why the loop stopped, in words; the alert is chosen by outcome.why, never by the text.
LOOP_ALERTS = {Why.DIVERGED: "error", Why.TARGET: "success"}  # a swing or the budget as info


def loop_kind(outcome: Outcome) -> str:
    return LOOP_ALERTS.get(outcome.why, "info")


def loop_said(outcome: Outcome) -> str:
    """Why the seven-steps loop stopped, in words."""
    loss, steps = outcome.value, outcome.step
    if outcome.why is Why.DIVERGED:
        cause = ("The gradients were not being zeroed, so each update used the sum of past ones." if not outcome.zeroed
                 else f"A learning rate of {outcome.lr:g} is too large: every step overshoots.")  # fmt: skip
        return f"Diverged: the loss grew to {plain(loss, 3)} after {steps} steps. {cause}"
    if outcome.why is Why.BUDGET:
        return f"Stopped: the budget of {outcome.limit:.0f} steps is used up (loss {plain(loss, 3)})."
    words = f"Stopped: the loss {plain(loss, 4)} is below the target {outcome.limit:g}."
    if outcome.why is Why.SWING:
        words += f" But it went up in {outcome.rises} of {steps} steps: it got there on a swing."
    return words
