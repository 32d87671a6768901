"""Widgets, settings and live training for the second half of the separator lesson."""

from __future__ import annotations

import math
from dataclasses import replace

import plotly.graph_objects as go
import streamlit as st

from nnviz import separator as sep
from nnviz import separator_net as net
from nnviz import toy_data
from nnviz.figures import separator as figs
from nnviz.outcome import Outcome, Why
from ui import frame, present, state

NET_TICK = 0.1  # seconds between refreshes while training plays
MAX_STEPS = 5000  # playing pauses here
LOSSES = {"train_loss": "train loss", "test_loss": "test loss"}
NOISE_LOW, NOISE_HIGH = 0.0, 1.0
K_LOW, K_HIGH = 1, 50  # training steps per refresh
DEFAULT = net.NetSpec()
WIDTH = 4  # units in a layer the learner adds


def _width_default(layer: int) -> int:
    return DEFAULT.hidden[layer] if layer < len(DEFAULT.hidden) else WIDTH


SETTINGS = (
    state.choice("sep.net.data", DEFAULT.dataset, toy_data.CURVED),
    state.number("sep.net.noise", DEFAULT.noise, NOISE_LOW, NOISE_HIGH),
    state.choice("sep.net.act", DEFAULT.activation, tuple(net.ACTIVATIONS)),
    state.choice("sep.net.lr", DEFAULT.lr, net.LEARNING_RATES),
    state.number("sep.net.layers", len(DEFAULT.hidden), 0, net.MAX_LAYERS),
    *(state.number(f"sep.net.width{i}", _width_default(i), 1, net.MAX_WIDTH) for i in range(net.MAX_LAYERS)),
    state.many("sep.net.features", DEFAULT.features, tuple(net.FEATURES)),
    state.number("sep.net.seed", DEFAULT.seed, 0, frame.MAX_SEED),
    state.number("sep.net.k", 5, K_LOW, K_HIGH),
    state.flag("sep.net.units", False),
)
EXTRAS = {"sep.net.playing": False}


def start_over() -> None:
    """After a link or a presentation step: a paused network, built afresh from the new settings."""
    st.session_state["sep.net.playing"] = False
    st.session_state.pop("sep.net.trainer", None)


def settings() -> net.NetSpec:
    """The data and network controls; returns what they describe."""
    data, noise, act, lr = st.columns(4)
    data.selectbox("Data", toy_data.CURVED, key="sep.net.data")
    noise.slider("Noise", NOISE_LOW, NOISE_HIGH, step=0.05, key="sep.net.noise")
    act.selectbox("Activation", list(net.ACTIVATIONS), key="sep.net.act")
    lr.select_slider("Learning rate", net.LEARNING_RATES, key="sep.net.lr")
    cols = st.columns(net.MAX_LAYERS + 2)
    cols[0].number_input("Hidden layers", 0, net.MAX_LAYERS, step=1, key="sep.net.layers")
    layers = st.session_state["sep.net.layers"]
    for i in range(layers):  # a width keeps its value while its layer is switched off (Streamlit would reset it)
        cols[i + 1].number_input(f"Units in layer {i + 1}", 1, net.MAX_WIDTH, step=1, key=f"sep.net.width{i}",
                                 persist_state="session")  # fmt: skip
    cols[-1].number_input("Seed", 0, frame.MAX_SEED, step=1, key="sep.net.seed", help="Fixes the data and the start.")
    st.multiselect("Inputs the network sees", list(net.FEATURES), key="sep.net.features")
    features = tuple(st.session_state["sep.net.features"])
    if not features:
        st.info("With no inputs the network would see nothing; it gets x1 and x2 until you pick some.")
        features = ("x1", "x2")
    hidden = tuple(st.session_state[f"sep.net.width{i}"] for i in range(layers))
    return net.NetSpec(dataset=st.session_state["sep.net.data"], noise=st.session_state["sep.net.noise"],
                       hidden=hidden, activation=st.session_state["sep.net.act"], features=features,
                       lr=st.session_state["sep.net.lr"], seed=st.session_state["sep.net.seed"])  # fmt: skip


def current_trainer(spec: net.NetSpec) -> net.NetTrainer:
    """This session's trainer, rebuilt only when the data or the network change (a new rate carries on)."""
    trainer = st.session_state.get("sep.net.trainer")
    if trainer is None or replace(trainer.spec, lr=spec.lr) != spec:
        trainer = reset_trainer(spec)
    if trainer.spec.lr != spec.lr:
        trainer.set_lr(spec.lr)
    return trainer


def reset_trainer(spec: net.NetSpec) -> net.NetTrainer:
    st.session_state["sep.net.trainer"] = net.NetTrainer(spec)
    st.session_state["sep.net.playing"] = False
    return st.session_state["sep.net.trainer"]


def _set_playing(playing: bool) -> None:
    # Set, never toggle: a click that reaches the server twice must not undo itself.
    st.session_state["sep.net.playing"] = playing


def _step() -> None:
    st.session_state["sep.net.trainer"].step(st.session_state["sep.net.k"])


def training_controls(spec: net.NetSpec) -> None:
    current_trainer(spec)
    playing = st.session_state["sep.net.playing"]
    cols = st.columns([1, 1, 1, 2])
    icon = ":material/pause:" if playing else ":material/play_arrow:"
    cols[0].button("Pause" if playing else "Play", key="sep.net.play", on_click=_set_playing, args=(not playing,),
                   icon=icon, width="stretch")  # fmt: skip
    cols[1].button("Step", key="sep.net.step", on_click=_step, width="stretch",
                   help="Trains as many steps as one refresh does, then stops.")  # fmt: skip
    cols[2].button("Reset", key="sep.net.reset", on_click=reset_trainer, args=(spec,), width="stretch")
    cols[3].slider("Steps per refresh", K_LOW, K_HIGH, key="sep.net.k")
    st.checkbox("Show what each hidden unit computes", key="sep.net.units")


def update(trainer: net.NetTrainer, k: int, show_units: bool) -> tuple[go.Figure, go.Figure, go.Figure | None]:
    """One refresh while playing: k training steps, then the pictures drawn from the new weights."""
    if k:
        trainer.step(k)
    lines = trainer.first_layer_lines() if show_units else None
    train, test = (trainer.X_train, trainer.y_train), (trainer.X_test, trainer.y_test)
    boundary = figs.boundary_map(trainer.xs, trainer.ys, trainer.probability_grid(), train, test, lines)
    losses = figs.history_chart(trainer.history, LOSSES, "step", "step", "loss (cross-entropy)")
    units = None
    if show_units and trainer.spec.hidden:
        units = figs.hidden_unit_maps(trainer.hidden_grids(), trainer.spec.activation)
    return boundary, losses, units


ALERTS = {Why.DIVERGED: "warning"}  # how each outcome of training is shown; any other as info


def alert_kind(outcome: Outcome) -> str:
    return ALERTS.get(outcome.why, "info")


def said(outcome: Outcome) -> str:
    """The network's outcome in words: where its loss blew up, and what to change."""
    loss = outcome.value
    what = "not a number" if math.isnan(loss) else f"{loss:.3g}, far above the {outcome.start:.2f} it started at"
    return (
        f"Training stopped at step {outcome.step}: the loss became {what}. Each step overshoots the "
        f"valley instead of going down into it, because the learning rate {outcome.lr:g} is too large. "
        f"Pick a smaller one and press reset."
    )


def _stop_if_done(trainer: net.NetTrainer) -> None:
    if trainer.diverged or trainer.steps >= MAX_STEPS:
        st.session_state["sep.net.playing"] = False
        st.rerun()  # the whole page, so the refresh timer stops too


def training_view(spec: net.NetSpec) -> None:
    @st.fragment(run_every=NET_TICK if st.session_state["sep.net.playing"] else None)
    def live() -> None:
        trainer = current_trainer(spec)
        playing = st.session_state["sep.net.playing"]
        boundary, losses, units = update(trainer, st.session_state["sep.net.k"] if playing else 0,
                                         st.session_state["sep.net.units"])  # fmt: skip
        if playing:
            _stop_if_done(trainer)
        if trainer.diverged:
            getattr(st, alert_kind(trainer.diverged))(said(trainer.diverged), icon=":material/warning:")
        last = trainer.history[-1]
        cols = st.columns(4)
        cols[0].metric("Steps", f"{trainer.steps:,}")
        cols[1].metric("Train loss", f"{last['train_loss']:.3f}")
        cols[2].metric("Test loss", f"{last['test_loss']:.3f}")
        cols[3].metric("Test accuracy", f"{last['test_acc']:.1%}")
        picture, chart = st.columns([3, 2])
        with picture:
            present.chart(boundary, key="sep.net.boundary")
        with chart:
            present.chart(losses, key="sep.net.losses")
        if units is not None:
            present.chart(units, key="sep.net.unitmaps")

    live()


@st.cache_data(max_entries=16)
def lifted_ring(noise: float, seed: int):
    X, y = toy_data.ring(300, noise, seed)
    X3 = sep.lift(X)
    weights, bias = sep.fit_plane(X3, y)
    return X3, y, weights, bias
