"""The backpropagation lesson's panels: the network's controls, the walk's buttons, each backward step as
equations with its numbers, the torch check and the nudge. Widgets return what they set; words are here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from lessons.backprop import settings
from lessons.backprop.settings import PAGE
from nnviz import backprop
from nnviz.backprop import CROSS_ENTROPY, LOSSES, PARAMS, SQUARED, WALK, BackStep, Forward, Net
from nnviz.figures import backprop as figs
from nnviz.figures import plain
from nnviz.figures.projector import projector_height
from nnviz.figures.shared import shared

SLOPE_OFF = 1e-3  # a unit whose activation passes back less than this is called saturated (or off)


def num(value: float) -> str:
    """A number as every panel of this lesson shows it: four significant digits."""
    return plain(value, 4)


def factor(value: float) -> str:
    """A number inside a product: negatives in brackets."""
    return f"({num(value)})" if value < 0 else num(value)


@dataclass
class Rolls:
    """How often this visitor has drawn random weights: draw k comes from (seed, k), so a seed repeats them."""

    count: int = 0


def _set_params(values: dict[str, float]) -> None:
    for name, value in values.items():
        setattr(PAGE.values, name, value)


def _roll(seed: int) -> None:
    rolls = PAGE.held("rolls", Rolls)
    rolls.count += 1
    drawn = np.random.default_rng([seed, rolls.count]).normal(0.0, 1.5, len(PARAMS)).clip(-4.0, 4.0)
    _set_params({name: round(float(v), 1) for name, v in zip(PARAMS, drawn, strict=True)})


def network_controls(seed: int) -> tuple[Net, float, float, float]:
    """Inputs, target, activations, the nine weights and biases, and the buttons; returns the network and data."""
    s, keys, lim = PAGE.values, PAGE.keys, settings.W_LIMIT
    cols = st.columns(6)
    cols[0].slider("x₁", -settings.X_LIMIT, settings.X_LIMIT, step=0.1, key=keys.x1)
    cols[1].slider("x₂", -settings.X_LIMIT, settings.X_LIMIT, step=0.1, key=keys.x2)
    cols[2].slider("target t", -settings.T_LIMIT, settings.T_LIMIT, step=0.1, key=keys.t)
    cols[3].selectbox("Hidden activation", settings.ACTS, key=keys.act)
    cols[4].selectbox("Output activation", settings.ACTS, key=keys.out)
    cols[5].selectbox("Loss", settings.LOSS_NAMES, key=keys.loss)
    groups = {"Into h₁": ("w11", "w12", "b1"), "Into h₂": ("w21", "w22", "b2"), "Into y": ("v1", "v2", "c")}
    for column, (title, names) in zip(st.columns(3), groups.items(), strict=True):
        column.markdown(f"**{title}**")
        for name in names:
            column.slider(name, -lim, lim, step=0.1, key=PAGE.key(name))
    left, right = st.columns(2)
    left.button("Random weights", key=PAGE.key("roll"), on_click=_roll, args=(seed,), icon=":material/casino:",
                help="Drawn from the sidebar seed, so the same seed gives the same draws.")  # fmt: skip
    default = settings.DEFAULT.params()
    right.button("Reset the weights", key=PAGE.key("reset_weights"), on_click=_set_params, args=(default,))
    return settings.net(), s.x1, s.x2, s.t


LOSS_WORDS = {
    SQUARED: "The loss is the squared error L = ½(y − t)² between the output y and the target t; the ½ makes its "
    "slope simply y − t.",
    CROSS_ENTROPY: "The loss is the cross-entropy L = −(t·log y + (1 − t)·log(1 − y)) between the output y, read as "
    "a probability strictly between 0 and 1, and the target t in [0, 1]; its slope is ∂L/∂y = −t/y + (1 − t)/(1 − y).",
}


def trouble_words(net: Net, fwd: Forward) -> str | None:
    """Why the chosen loss gives no numbers here, in plain words; None when it does."""
    why = backprop.trouble(net, fwd)
    if why == "output":
        return (f"The cross-entropy needs an output strictly between 0 and 1: it takes log y and log(1 − y). The "
                f"output activation {short(net.out)} cannot promise that (only the sigmoid squashes every z into "
                "(0, 1)), so there are no numbers to show. Choose sigmoid as the output activation, or the squared "
                "error as the loss.")  # fmt: skip
    if why == "target":
        return (f"The cross-entropy compares y with a target between 0 and 1 (a probability); t = {fwd.target:g} is "
                "outside, so its loss has no minimum to learn towards. Set t between 0 and 1, or choose the squared "
                "error.")  # fmt: skip
    if why == "saturated":
        edge, log = ("1", "log(1 − y)") if fwd.y >= 1 else ("0", "log y")
        return (f"The loss is infinite here: the output sigmoid is saturated at z = {num(fwd.z['y'])}, so y is "
                f"exactly {edge} in floating point, and {log} = log 0 = −∞. Its slope would divide by zero too. Make "
                "the weights into y smaller, so that z comes back towards 0.")  # fmt: skip
    return None


def warnings(net: Net, fwd: Forward) -> list[str]:
    """Plain sentences about units that pass (almost) nothing back: saturated, or switched off."""
    said = []
    for unit in ("h1", "h2", "y"):
        if unit == "y" and net.loss == CROSS_ENTROPY:  # its 1/(y(1 - y)) cancels the sigmoid's flat slope
            continue
        name, z = backprop.unit_activation(net, unit), fwd.z[unit]
        slope = abs(backprop.unit_slope(net, unit, z))
        if slope >= SLOPE_OFF:
            continue
        if name == "step":
            said.append(f"{unit} uses the step function: its slope is 0, so no gradient passes back through it.")
        elif slope == 0:
            said.append(f"{unit} is switched off: z = {num(z)} gives {name} a slope of exactly 0, so nothing "
                        "passes back through it and its weights cannot learn from this example.")  # fmt: skip
        else:
            said.append(f"{unit} is saturated: at z = {num(z)} the {name} is nearly flat (slope {num(slope)}), so "
                        "almost no gradient passes back through it.")  # fmt: skip
    return said


# --- the walk ---------------------------------------------------------------------------------------


def _move(by: int) -> None:
    PAGE.values.back = min(max(PAGE.values.back + by, 0), len(WALK))


def walk_controls() -> int:
    """Back, Next and the whole-pass switch; returns how many nodes of the backward pass to show."""
    s = PAGE.values
    row = st.container(horizontal=True)
    row.button("Back one node", key=PAGE.key("prev_node"), on_click=_move, args=(-1,), disabled=s.back == 0 or s.whole,
               icon=":material/arrow_back:")  # fmt: skip
    row.button("Next node", key=PAGE.key("next_node"), on_click=_move, args=(1,), type="primary",
               disabled=s.back == len(WALK) or s.whole, icon=":material/arrow_forward:")  # fmt: skip
    row.toggle("Whole pass", key=PAGE.keys.whole, help="Every gradient at once.")
    return len(WALK) if s.whole else s.back


def loss_slope_line(loss: str, fwd: Forward, dl_dy: float) -> str:
    """The first step of the backward pass: dL/dy of the chosen loss, with its numbers."""
    y, t = fwd.y, fwd.target
    if loss == CROSS_ENTROPY:
        return (f"∂L/∂y = {LOSSES[loss].slope_formula} = −{factor(t)}/{num(y)} + {factor(1 - t)}/{num(1 - y)} "
                f"= **{num(dl_dy)}**")  # fmt: skip
    return f"∂L/∂y = y - t = {num(y)} - {factor(t)} = **{num(dl_dy)}**"


def step_lines(step: BackStep, fwd: Forward, act: str, loss: str = SQUARED) -> list[str]:
    """One node of the backward pass as equations with their numbers, each on a line."""
    node = step.node
    if node == "y":
        lines = [loss_slope_line(loss, fwd, step.dl_da)]
    else:
        terms = " + ".join(f"∂L/∂z_{unit} × {_weight(unit, node)}" for unit, _, _ in step.arrives)
        values = " + ".join(f"{factor(d)} × {factor(w)}" for _, d, w in step.arrives)
        lines = [f"∂L/∂{node} = {terms} = {values} = **{num(step.dl_da)}**"]
    if step.da_dz is None:
        return lines
    lines.append(f"∂{node}/∂z = {short(act)}′(z) at z = {num(fwd.z[node])}: **{num(step.da_dz)}**")
    lines.append(f"∂L/∂z_{node} = ∂L/∂{node} × ∂{node}/∂z = {factor(step.dl_da)} × {num(step.da_dz)} "
                 f"= **{num(step.dl_dz)}**")  # fmt: skip
    for e in step.edges:
        source = "1 (a bias)" if e.source == "1" else e.source
        lines.append(f"∂L/∂{e.param} = ∂L/∂z_{node} × {source} = {factor(e.dl_dz)} × {factor(e.value)} "
                     f"= **{num(e.grad)}**")  # fmt: skip
    return lines


def short(act: str) -> str:
    """An activation's name inside an equation: "none (identity)" reads as "identity"."""
    return "identity" if act == "none (identity)" else act


def _weight(unit: str, node: str) -> str:
    """The name of the weight from `node` into `unit`."""
    return next(w for w, source in backprop.INCOMING[unit] if source == node)


def walk_text(back: backprop.Backward, shown: int, fwd: Forward, net: Net) -> None:
    """Where the backward pass is: before it starts, the whole pass at once, or one node's equations."""
    if not shown:
        st.markdown(f"Forward pass done. Press **Next node** to start from the loss, at {WALK[0]}.")
    elif PAGE.values.whole:
        biggest = max(PARAMS, key=lambda name: abs(back.grads[name]))
        st.markdown(f"Every gradient at once. The largest is **∂L/∂{biggest} = {num(back.grads[biggest])}**.")
    else:
        st.markdown(f"Node {shown} of {len(WALK)}: **{WALK[shown - 1]}**")
        step_panel(back.steps[shown - 1], fwd, net)


def step_panel(step: BackStep, fwd: Forward, net: Net) -> None:
    """What the backward pass does at one node, in words and equations."""
    if step.node == "y":
        st.markdown("**At the output y.** The loss's slope with respect to y starts the chain:")
    elif step.da_dz is not None:
        st.markdown(f"**At {step.node}.** It feeds y only, so its ∂L/∂{step.node} is one product:")
    else:
        st.markdown(f"**At the input {step.node}.** It feeds both hidden units, so their contributions add up:")
    act = backprop.unit_activation(net, step.node) if step.da_dz is not None else ""
    st.markdown("  \n".join(step_lines(step, fwd, act, net.loss)))
    if step.da_dz is None:
        st.caption("An input is data, not a weight: nothing here learns. A layer below it would receive this number.")


def torch_table(ours: dict[str, float], theirs: dict[str, float]) -> bool:
    """Our chain-rule numbers beside torch's .grad; returns whether they agree in every digit shown."""
    shown = {name: (plain(ours[name], 6), plain(theirs[name], 6)) for name in PARAMS}
    st.table({"parameter": list(PARAMS), "chain rule, by hand": [a for a, _ in shown.values()],
              "torch .grad": [b for _, b in shown.values()],
              "difference": [f"{abs(ours[n] - theirs[n]):.1e}" for n in PARAMS]})  # fmt: skip
    return all(a == b for a, b in shown.values())


def nudge_panel(nudged: backprop.Nudge) -> None:
    """The loss's real change beside gradient x epsilon."""
    cols = st.columns(3)
    cols[0].metric("Loss before", num(nudged.before))
    cols[1].metric(f"Loss with {nudged.param} + {nudged.epsilon:g}", num(nudged.after))
    cols[2].metric("Real change", num(nudged.change))
    st.markdown(f"Promised: ∂L/∂{nudged.param} × ε = {factor(nudged.grad)} × {nudged.epsilon:g} "
                f"= **{num(nudged.promised)}**; real change **{num(nudged.change)}**.")  # fmt: skip
    if nudged.promised == 0:
        st.caption("A gradient of 0 promises no change at all.")
    else:
        st.caption(f"The real change is {plain(nudged.change / nudged.promised, 4)} times the promise; "
                   "a smaller ε brings that closer to 1.")  # fmt: skip


DIAGRAM_ON_PROJECTOR = 460  # px: a 768-pixel screen shows all of it under the step's question and Next node


@shared
def network_graph(net: Net, fwd: Forward, done: tuple[BackStep, ...], at: figs.Layout) -> go.Figure:
    """The network as the page draws it, marked to fit under the step's question on a projector."""
    return projector_height(figs.network_figure(net, fwd, done, at=at), DIAGRAM_ON_PROJECTOR)
