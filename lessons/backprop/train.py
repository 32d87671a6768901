"""Part 5, one step then many: this visitor's training of the little network, its buttons, the live panel
played by the player, and why a run stopped, in words."""

from __future__ import annotations

import streamlit as st

from lessons.backprop.panels import num
from lessons.backprop.settings import LR_CHOICES, PAGE
from nnviz import backprop
from nnviz.backprop import PARAMS, Net, Training
from nnviz.figures import backprop as figs
from nnviz.figures import plain
from nnviz.outcome import Outcome, Why
from ui import present
from ui.player import Player

TRAINING = "training"  # held: this visitor's backprop.Training
STEPS_PER_TICK = 10
BUDGET = 300  # steps per press of Train
PLAYER = Player(PAGE, "train", tick=0.3, budget=BUDGET)


def training(net: Net, x1: float, x2: float, target: float) -> Training:
    """This visitor's training, started afresh whenever the network, the example or the learning rate change."""
    lr = PAGE.values.lr
    held = PAGE.held(TRAINING, lambda: Training(net, x1, x2, target, lr))
    if not backprop.same_example(held, net, x1, x2, target, lr):
        PLAYER.pause()
        held = PAGE.keep(TRAINING, Training(net, x1, x2, target, lr))
    return held


def _held() -> Training:
    return PAGE.held(TRAINING, lambda: None)


def _again() -> None:
    PLAYER.pause()
    t = _held()
    PAGE.keep(TRAINING, Training(t.start, t.x1, t.x2, t.target, t.lr))


def controls(run: Training) -> None:
    """The learning rate and the buttons; each changes state in a callback."""
    stopped, playing = run.outcome is not None, PLAYER.playing
    row = st.container(horizontal=True, vertical_alignment="bottom")
    row.select_slider("Learning rate", LR_CHOICES, key=PAGE.keys.lr, width=260)
    row.button("One step", key=PAGE.key("one_step"), type="primary", on_click=run.step, disabled=stopped or playing)
    row.button(f"Train ({BUDGET} steps)", key=PAGE.key("train"), on_click=PLAYER.play, disabled=stopped or playing,
               icon=":material/play_arrow:")  # fmt: skip
    row.button("Pause", key=PAGE.key("pause"), on_click=PLAYER.pause, disabled=not playing)
    row.button("Start again", key=PAGE.key("again"), on_click=_again, help="Back to the weights set above.")


def live() -> None:
    PLAYER.live(_draw, _work)


def _work() -> int | Outcome:
    run = _held()
    before = run.steps
    return run.run(STEPS_PER_TICK) or run.steps - before


def _draw() -> None:
    run = _held()
    loss_now = run.losses[-1]
    numbers, curve = st.columns([3, 2])
    with numbers:
        grads = backprop.gradients(run.net, run.x1, run.x2, run.target)
        after = backprop.sgd_step(run.net, grads, run.lr)
        loss_next = backprop.forward(after, run.x1, run.x2, run.target).loss
        cols = st.columns(3)
        cols[0].metric("Steps taken", run.steps)
        last = num(loss_now - run.losses[-2]) if run.steps else None  # the change the last step made
        cols[1].metric("Loss now", num(loss_now), delta=last, delta_color="inverse")
        cols[2].metric("Loss after the next step", num(loss_next), delta=num(loss_next - loss_now),
                       delta_color="inverse")  # fmt: skip
        st.table({"parameter": list(PARAMS), "now": [num(getattr(run.net, n)) for n in PARAMS],
                  "∂L/∂w": [num(grads[n]) for n in PARAMS],
                  f"-{run.lr:g} × ∂L/∂w": [num(-run.lr * grads[n]) for n in PARAMS],
                  "after the next step": [num(getattr(after, n)) for n in PARAMS]})  # fmt: skip
    with curve:
        present.chart(figs.loss_curve(run.losses), key=PAGE.key("losses"))
    if run.outcome is not None:
        getattr(st, ALERTS.get(run.outcome.why, "info"))(said(run.outcome))


ALERTS = {Why.DIVERGED: "error", Why.TARGET: "success"}  # chosen by outcome.why, never by the text


def said(outcome: Outcome) -> str:
    """Why the training stopped, in words."""
    if outcome.why is Why.TARGET:
        return (f"Learned: after {outcome.step} steps the loss is {plain(outcome.value, 2)}, below {outcome.limit:g}. "
                "The network now gives this example its target.")  # fmt: skip
    grown = "is no longer a number" if outcome.value != outcome.value else f"reached {plain(outcome.value, 3)}"
    return (f"Diverged at step {outcome.step}: the loss started at {plain(outcome.start, 3)} and {grown}, past "
            f"{outcome.limit:,.0f}. With a learning rate of {outcome.lr:g} every step overshoots the valley and "
            "lands higher than the last. Choose a smaller one and start again.")  # fmt: skip
