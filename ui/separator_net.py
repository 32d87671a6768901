"""Widgets, shareable URL and live training for the second half of the separator lesson."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from nnviz import separator as sep
from nnviz import separator_net as net
from nnviz import toy_data
from nnviz.figures import separator as figs
from ui import frame

NET_TICK = 0.1  # seconds between refreshes while training plays
MAX_STEPS = 5000  # playing pauses here
LOSSES = {"train_loss": "train loss", "test_loss": "test loss"}


def _put(spec: net.NetSpec) -> None:
    """Write settings into the widgets' session keys."""
    st.session_state.update({"sep.net.data": spec.dataset, "sep.net.noise": spec.noise, "sep.net.act": spec.activation,
                             "sep.net.features": list(spec.features), "sep.net.lr": spec.lr, "sep.net.seed": spec.seed,
                             "sep.net.layers": len(spec.hidden)})  # fmt: skip
    for i in range(net.MAX_LAYERS):
        st.session_state[f"sep.net.width{i}"] = spec.hidden[i] if i < len(spec.hidden) else 4


def init_state() -> None:
    """On a session's first visit: the settings from the URL if it has any, else the defaults."""
    if "sep.net.data" in st.session_state:
        return
    defaults = net.NetSpec(seed=frame.seed())
    params = st.query_params.to_dict()
    spec, rejected = net.from_query({"seed": str(defaults.seed), **params}, toy_data.CURVED, frame.MAX_SEED)
    _put(spec)
    st.session_state["sep.net.rejected"] = rejected
    st.session_state.update({"sep.net.playing": False, "sep.net.units": False, "sep.net.k": 5})


def settings() -> net.NetSpec:
    """The data and network controls; returns what they describe, and keeps the URL in step."""
    if rejected := st.session_state.pop("sep.net.rejected", None):
        st.info(
            f"The link had settings this page cannot use ({', '.join(rejected)}); their defaults are shown instead."
        )
    data, noise, act, lr = st.columns(4)
    data.selectbox("Data", toy_data.CURVED, key="sep.net.data")
    noise.slider("Noise", 0.0, 1.0, step=0.05, key="sep.net.noise")
    act.selectbox("Activation", list(net.ACTIVATIONS), key="sep.net.act")
    lr.select_slider("Learning rate", net.LEARNING_RATES, key="sep.net.lr")
    cols = st.columns(net.MAX_LAYERS + 2)
    cols[0].number_input("Hidden layers", 0, net.MAX_LAYERS, step=1, key="sep.net.layers")
    layers = st.session_state["sep.net.layers"]
    for i in range(layers):
        st.session_state.setdefault(f"sep.net.width{i}", 4)  # a hidden widget's value is forgotten
        cols[i + 1].number_input(f"Units in layer {i + 1}", 1, net.MAX_WIDTH, step=1, key=f"sep.net.width{i}")
    cols[-1].number_input("Seed", 0, frame.MAX_SEED, step=1, key="sep.net.seed", help="Fixes the data and the start.")
    st.multiselect("Inputs the network sees", list(net.FEATURES), key="sep.net.features")
    features = tuple(st.session_state["sep.net.features"])
    if not features:
        st.info("With no inputs the network would see nothing; it gets x1 and x2 until you pick some.")
        features = ("x1", "x2")
    hidden = tuple(st.session_state[f"sep.net.width{i}"] for i in range(layers))
    spec = net.NetSpec(dataset=st.session_state["sep.net.data"], noise=st.session_state["sep.net.noise"], hidden=hidden,
                       activation=st.session_state["sep.net.act"], features=features, lr=st.session_state["sep.net.lr"],
                       seed=st.session_state["sep.net.seed"])  # fmt: skip
    st.query_params.from_dict(net.to_query(spec))
    return spec


def current_trainer(spec: net.NetSpec) -> net.NetTrainer:
    """This session's trainer, rebuilt only when the data or the network change (a new rate carries on)."""
    trainer = st.session_state.get("sep.net.trainer")
    same = trainer is not None and net.to_query(trainer.spec) | {"lr": ""} == net.to_query(spec) | {"lr": ""}
    if not same:
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
    cols[3].slider("Steps per refresh", 1, 50, key="sep.net.k")
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
            st.warning(trainer.diverged, icon=":material/warning:")
        last = trainer.history[-1]
        cols = st.columns(4)
        cols[0].metric("Steps", f"{trainer.steps:,}")
        cols[1].metric("Train loss", f"{last['train_loss']:.3f}")
        cols[2].metric("Test loss", f"{last['test_loss']:.3f}")
        cols[3].metric("Test accuracy", f"{last['test_acc']:.1%}")
        picture, chart = st.columns([3, 2])
        picture.plotly_chart(boundary, key="sep.net.boundary")
        chart.plotly_chart(losses, key="sep.net.losses")
        if units is not None:
            st.plotly_chart(units, key="sep.net.unitmaps")

    live()


@st.cache_data(max_entries=16)
def lifted_ring(noise: float, seed: int):
    X, y = toy_data.ring(300, noise, seed)
    X3 = sep.lift(X)
    weights, bias = sep.fit_plane(X3, y)
    return X3, y, weights, bias
