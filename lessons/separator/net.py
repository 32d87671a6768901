"""Parts 4 and 5 of the separator lesson: a small network trained live, and a third input that gives a plane."""

from __future__ import annotations

import math
from dataclasses import replace

import plotly.graph_objects as go
import streamlit as st

from lessons.separator.settings import HOLDOUTS, K_HIGH, K_LOW, NET_PLAYER, NOISE_HIGH, NOISE_LOW, PAGE
from nnviz import separator as sep
from nnviz import toy_data
from nnviz.figures import plain
from nnviz.figures import separator as figs
from nnviz.outcome import Outcome, Why
from nnviz.separator_net import ACTIVATIONS, FEATURES, LEARNING_RATES, MAX_LAYERS, MAX_WIDTH, NetSpec, NetTrainer
from ui import frame, present

LOSSES = {"train_loss": "train loss", "test_loss": "test loss"}
ALERTS = {Why.DIVERGED: "warning"}  # how each outcome of training is shown; any other as info


def builtin(seed: int):
    """The built-in points the network learns from; "Start from the built-in data" copies the first of them, as
    many as a set of one's own holds (the generators mix the classes evenly)."""
    s = PAGE.values
    return toy_data.make(s.net_data, NetSpec.n_points, s.net_noise, seed)


def _held_out(percent: int) -> str:
    return f"{percent}%" if percent else "none"


def network_controls() -> NetSpec:
    """The data and network controls; returns what they describe."""
    data, noise, act, lr = st.columns(4)
    mine = PAGE.values.net_source == "mine"
    data.selectbox("Data", toy_data.CURVED, key=PAGE.keys.net_data,
                   help="With your own points, this is what the copy button copies.")  # fmt: skip
    if mine:
        noise.select_slider("Held out for testing", HOLDOUTS, format_func=_held_out, key=PAGE.keys.net_holdout,
                            help="A share of your points of each class, kept aside to test the network.")  # fmt: skip
    else:
        noise.slider("Noise", NOISE_LOW, NOISE_HIGH, step=0.05, key=PAGE.keys.net_noise)
    act.selectbox("Activation", list(ACTIVATIONS), key=PAGE.keys.net_act)
    lr.select_slider("Learning rate", LEARNING_RATES, key=PAGE.keys.net_lr)
    cols = st.columns(MAX_LAYERS + 1)
    cols[0].number_input("Hidden layers", 0, MAX_LAYERS, step=1, key=PAGE.keys.net_layers)
    s = PAGE.values
    for i in range(s.net_layers):  # a width keeps its value while its layer is switched off (Streamlit would reset it)
        cols[i + 1].number_input(f"Units in layer {i + 1}", 1, MAX_WIDTH, step=1,
                                 key=getattr(PAGE.keys, f"net_width{i}"), persist_state="session")  # fmt: skip
    st.multiselect("Inputs the network sees", list(FEATURES), key=PAGE.keys.net_features)
    st.checkbox("Show what each hidden unit computes", key=PAGE.keys.net_units)
    features = tuple(s.net_features)
    if not features:
        st.info("With no inputs the network would see nothing; it gets x1 and x2 until you pick some.")
        features = ("x1", "x2")
    hidden = tuple(getattr(s, f"net_width{i}") for i in range(s.net_layers))
    own = dict(points=s.net_points, test_share=s.net_holdout / 100) if mine else {}
    return NetSpec(dataset=s.net_data, noise=s.net_noise, hidden=hidden, activation=s.net_act, features=features,
                   lr=s.net_lr, seed=frame.seed(), **own)  # fmt: skip


def current_trainer(spec: NetSpec) -> NetTrainer:
    """This visitor's trainer, rebuilt only when the data or the network change (a new rate carries on)."""
    trainer = PAGE.held("net.trainer", lambda: NetTrainer(spec))
    if replace(trainer.spec, lr=spec.lr) != spec:
        trainer = reset_trainer(spec)
    if trainer.spec.lr != spec.lr:
        trainer.set_lr(spec.lr)
    return trainer


def reset_trainer(spec: NetSpec) -> NetTrainer:
    """A paused network, built afresh."""
    trainer = PAGE.keep("net.trainer", NetTrainer(spec))
    NET_PLAYER.pause()
    return trainer


def _step(spec: NetSpec) -> None:
    current_trainer(spec).step(PAGE.values.net_k)


def training_controls(spec: NetSpec) -> None:
    current_trainer(spec)
    cols = st.columns([1, 1, 1, 2])
    NET_PLAYER.button(cols[0], width="stretch")
    cols[1].button("Step", key=PAGE.key("net.step"), on_click=_step, args=(spec,), width="stretch",
                   help="Trains as many steps as one refresh does, then stops.")  # fmt: skip
    cols[2].button("Reset", key=PAGE.key("net.reset"), on_click=reset_trainer, args=(spec,), width="stretch")
    cols[3].slider("Steps per refresh", K_LOW, K_HIGH, key=PAGE.keys.net_k)


def pictures(trainer: NetTrainer, show_units: bool) -> tuple[go.Figure, go.Figure, go.Figure | None]:
    """The boundary, the losses and (if asked for, and there is a hidden layer) the hidden units, drawn from the
    network's weights now."""
    lines = trainer.first_layer_lines() if show_units else None
    train, test = (trainer.X_train, trainer.y_train), (trainer.X_test, trainer.y_test)
    boundary = figs.boundary_map(trainer.xs, trainer.ys, trainer.probability_grid(), train, test, lines)
    shown = LOSSES if len(trainer.y_test) else {"train_loss": LOSSES["train_loss"]}
    losses = figs.history_chart(trainer.history, shown, "step", "step", "loss (cross-entropy)")
    units = None
    if show_units and trainer.spec.hidden:
        units = figs.hidden_unit_maps(trainer.hidden_grids(), trainer.spec.activation)
    return boundary, losses, units


def alert_kind(outcome: Outcome) -> str:
    return ALERTS.get(outcome.why, "info")


def said(outcome: Outcome) -> str:
    """The network's outcome in words: where its loss blew up, and what to change."""
    loss = outcome.value
    what = "not a number" if math.isnan(loss) else f"{plain(loss, 3)}, far above the {outcome.start:.2f} it started at"
    return (
        f"Training stopped at step {outcome.step}: the loss became {what}. Each step overshoots the "
        f"valley instead of going down into it, because the learning rate {outcome.lr:g} is too large. "
        f"Pick a smaller one and press reset."
    )


def training_view(spec: NetSpec) -> None:
    """The network's numbers and pictures, k training steps a refresh while playing."""

    def work() -> int | Outcome:
        trainer = current_trainer(spec)
        trainer.step(PAGE.values.net_k)
        return trainer.diverged or PAGE.values.net_k

    def draw() -> None:
        trainer = current_trainer(spec)
        boundary, losses, units = pictures(trainer, PAGE.values.net_units)
        if trainer.diverged:
            getattr(st, alert_kind(trainer.diverged))(said(trainer.diverged), icon=":material/warning:")
        numbers(trainer)
        picture, chart = st.columns([3, 2])
        with picture:
            present.chart(boundary, key=PAGE.key("net.boundary"))
        with chart:
            present.chart(losses, key=PAGE.key("net.losses"))
        if units is not None:
            present.chart(units, key=PAGE.key("net.unitmaps"))

    NET_PLAYER.live(draw, work)


def numbers(trainer: NetTrainer) -> None:
    """Steps, losses and accuracy; with nothing held out, the training ones and a sentence saying so."""
    last, tested = trainer.history[-1], len(trainer.y_test)
    cols = st.columns(4)
    cols[0].metric("Steps", f"{trainer.steps:,}")
    cols[1].metric("Train loss", f"{last['train_loss']:.3f}")
    if tested:
        cols[2].metric("Test loss", f"{last['test_loss']:.3f}")
        cols[3].metric("Test accuracy", f"{last['test_acc']:.1%}")
        present.explain(f"Learning from {len(trainer.y_train)} points; {tested} kept aside to test it.", caption=True)
    else:
        cols[2].metric("Train accuracy", f"{last['train_acc']:.1%}")
        st.caption(f"Learning from all {len(trainer.y_train)} points. None is held out, so there is no test "
                   "figure: the numbers say how well it fits the points it learns from, not new ones.")  # fmt: skip


@st.cache_data(max_entries=16)
def lifted_ring(noise: float, seed: int):
    X, y = toy_data.ring(300, noise, seed)
    X3 = sep.lift(X)
    weights, bias = sep.fit_plane(X3, y)
    return X3, y, weights, bias
