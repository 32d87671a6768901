"""Figures of the backpropagation lesson: the 2-2-1 network as a graph, forward values and gradients on it;
the loss curve; a deep chain's gradients; and what one step on one digit did to an MNIST network."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from nnviz.backprop import INCOMING, LOSSES, BackStep, Forward, Net
from nnviz.deep_chain import Chain
from nnviz.figures import ACCENT, MUTED, plain, tidy
from nnviz.figures.digits import CAPTION_GAP, GAP, mosaic
from nnviz.figures.shared import shared


@dataclass(frozen=True)
class Layout:
    """Where the diagram puts its nodes, the labels of its edges and the notes by its nodes."""

    positions: dict[str, tuple[float, float]]
    labels: dict[str, float]  # how far along its edge each weight's label sits
    notes: dict[str, str]  # where each node's notes sit (a plotly textposition)
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    height: int
    font: int | None = None  # px, for the notes by the nodes; None: the figure's own
    label_font: int | None = None  # px, for the labels on the edges; None: as the notes
    disc: int = 46  # px, a node's diameter


# A wide screen, a projector: inputs on the left, the loss on the right, each weight's label on its edge.
ACROSS = Layout(
    positions={"x1": (0.0, 1.0), "x2": (0.0, 0.0), "h1": (2.4, 1.0), "h2": (2.4, 0.0), "y": (3.75, 0.5),
               "L": (4.25, 0.5)},
    # two columns between the inputs and the hidden units, each label clear of the other column and of the discs
    labels={"w11": 0.29, "w22": 0.29, "w12": 0.71, "w21": 0.71, "v1": 0.5, "v2": 0.5},
    # away from the edges, and from each other: y's notes and L's side by side overlapped on a phone
    notes={"x1": "top center", "h1": "top center", "x2": "bottom center", "h2": "bottom center",
           "y": "bottom right", "L": "top center"},
    x_range=(-0.4, 4.6),  # room for the notes of x1 and L
    y_range=(-1.25, 2.25),  # room for five lines of notes above h1 and below h2
    height=540,
    font=13,
    label_font=10,
    disc=42,
)  # fmt: skip
# A phone, whose chart is tall and narrower than two layers' labels side by side: inputs at the top, the loss at
# the bottom (a unit is about 100 px), notes beside the nodes, and the labels of the edges between two layers
# one below the other, each at its own height, clear of the discs and of each other.
DOWN = Layout(
    positions={"x1": (0.0, 5.2), "x2": (1.6, 5.2), "h1": (0.0, 3.0), "h2": (1.6, 3.0), "y": (0.8, 1.2),
               "L": (0.8, 0.0)},
    labels={"w11": 0.2, "w21": 0.37, "w12": 0.54, "w22": 0.71, "v1": 0.3, "v2": 0.55},
    notes={"x1": "middle left", "h1": "middle left", "x2": "middle right", "h2": "middle right",
           "y": "middle right", "L": "middle right"},
    x_range=(-2.0, 3.6),
    y_range=(-0.5, 5.9),
    height=690,
    font=11,
)  # fmt: skip
POSITIONS = ACROSS.positions
POSITIVE, NEGATIVE = "#2563eb", "#dc2626"  # a weight's sign
GRAD_UP, GRAD_DOWN = "#ea580c", "#7c3aed"  # a gradient's sign: raising the weight raises (lowers) the loss
NODE_FILL, NODE_INK, CURRENT = "#e5e7eb", "#111827", "#facc15"
CURVE = "#d62728"
NAMES = {"x1": "x₁", "x2": "x₂", "h1": "h₁", "h2": "h₂", "y": "y", "L": "L"}


def _width(size: float) -> float:
    return 1.5 + min(abs(size), 5.0) * 1.6


def _edge(fig: go.Figure, at: Layout, a: str, b: str, colour: str, width: float, dash: str = "solid") -> None:
    (x0, y0), (x1, y1) = at.positions[a], at.positions[b]
    fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", line=dict(color=colour, width=width, dash=dash),
                             hoverinfo="skip", showlegend=False))  # fmt: skip


def _label_point(at: Layout, param: str, source: str, unit: str) -> tuple[float, float]:
    (x0, y0), (x1, y1) = at.positions[source], at.positions[unit]
    t = at.labels[param]
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


def network_figure(net: Net, fwd: Forward, done: tuple[BackStep, ...] = (), digits: int = 4,
                   at: Layout = DOWN) -> go.Figure:  # fmt: skip
    """Nodes with their z and a; edges wide and coloured by weight, or, once the backward pass has reached
    them, by their gradient. `done` is the backward pass so far: its last step is the current node. `at` lays
    it out: DOWN for a phone (and any page), ACROSS for a wide projector."""
    p, fmt = net.params(), f"{{:.{digits}g}}".format
    grads = {e.param: e.grad for step in done for e in step.edges}
    reached = {step.node: step for step in done}
    fig = go.Figure()
    if done:  # in a free corner: in the title it ran off a phone, or into h1's notes on a projector
        where = f"backward pass at {done[-1].node}:<br>{len(grads)} of 9 gradients known"
        fig.add_annotation(x=at.x_range[1], y=at.y_range[1], xanchor="right", yanchor="top", showarrow=False,
                           align="right", text=where)  # fmt: skip
    for unit, pairs in INCOMING.items():
        for param, source in pairs:
            if source == "1":
                continue
            if param in grads:
                colour = GRAD_UP if grads[param] >= 0 else GRAD_DOWN
                _edge(fig, at, source, unit, colour, _width(grads[param] * 4), "dot")
            else:
                colour = POSITIVE if p[param] >= 0 else NEGATIVE
                _edge(fig, at, source, unit, colour, _width(p[param]))
            x, y = _label_point(at, param, source, unit)
            text = f"{param} = {fmt(p[param])}"
            if param in grads:
                text += f"<br><b>∂L/∂{param} = {fmt(grads[param])}</b>"
            # A light chip on its edge, framed in the edge's colour: it belongs to that edge, in either theme.
            fig.add_annotation(x=x, y=y, text=text, showarrow=False, bgcolor=NODE_FILL, bordercolor=colour,
                               borderwidth=2, font=dict(color=NODE_INK, size=at.label_font or at.font), borderpad=2,
                               opacity=0.92)  # fmt: skip
    _edge(fig, at, "y", "L", "#6b7280", 2.0)
    _nodes(fig, at, net, fwd, reached, done[-1].node if done else None, grads, fmt)
    fig.update_xaxes(visible=False, range=list(at.x_range))
    fig.update_yaxes(visible=False, range=list(at.y_range))
    return tidy(fig, f"Forward pass: y = {fmt(fwd.y)}, L = {fmt(fwd.loss)}", height=at.height)


def _halves(text: str, longest: int = 16) -> list[str]:
    """A formula longer than `longest` characters cut into two lines at its "+" (or the space nearest the middle)."""
    if len(text) <= longest or " " not in text:
        return [text]
    cut = text.find(" + ") if " + " in text else min((i for i, c in enumerate(text) if c == " "),
                                                         key=lambda i: abs(i - len(text) / 2))  # fmt: skip
    return [text[:cut], text[cut + 1 :]]


def _nodes(fig, at: Layout, net: Net, fwd: Forward, reached: dict, current: str | None, grads: dict, fmt) -> None:
    """Each node as a disc with its name inside; below it, what the forward and backward passes know of it."""
    xs, ys, names, notes, rings = [], [], [], [], []
    for node, (x, y) in at.positions.items():
        xs.append(x), ys.append(y), names.append(NAMES[node])
        rings.append(CURRENT if node == current else NODE_INK)
        if node in ("x1", "x2"):
            lines = [f"{node} = {fmt(fwd.a[node])}"]
        elif node == "L":  # narrow lines: the node sits near the right edge
            lines = [*_halves(LOSSES[net.loss].formula), f"= {fmt(fwd.loss)}", f"t = {fmt(fwd.target)}"]
        else:
            bias = {"h1": "b1", "h2": "b2", "y": "c"}[node]
            lines = [f"z = {fmt(fwd.z[node])}", f"a = {fmt(fwd.a[node])}", f"{bias} = {fmt(getattr(net, bias))}"]
            if bias in grads:
                lines.append(f"<b>∂L/∂{bias} = {fmt(grads[bias])}</b>")
        if node in reached:
            step = reached[node]
            lines.append(f"<b>∂L/∂{'z' if step.dl_dz is not None else node} = "
                         f"{fmt(step.dl_dz if step.dl_dz is not None else step.dl_da)}</b>")  # fmt: skip
        notes.append("<br>".join(lines))
    disc = dict(size=at.disc, color=NODE_FILL, line=dict(color=rings, width=4))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers+text", text=names, textposition="middle center",
                             textfont=dict(color=NODE_INK, size=18), hoverinfo="skip", showlegend=False,
                             marker=disc))  # fmt: skip
    # The notes ride on invisible discs of the same size, so plotly keeps them clear of the visible ones.
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers+text", text=notes, hoverinfo="skip", showlegend=False,
                             textposition=[at.notes[node] for node in at.positions], textfont_size=at.font,
                             marker=dict(size=at.disc, opacity=0)))  # fmt: skip


@shared
def loss_curve(losses: list[float]) -> go.Figure:
    """The loss before the first step (step 0) and after each step, on a log scale; a loss of 0 or more than a
    float can hold is left out (a log axis cannot show it)."""
    shown = [v if 0 < v < float("inf") else None for v in losses]
    fig = go.Figure(go.Scatter(x=list(range(len(losses))), y=shown, mode="lines+markers", name="loss",
                               marker=dict(size=5), line=dict(color=CURVE, width=2)))  # fmt: skip
    fig.update_xaxes(title="step", range=None if len(losses) > 1 else [0, 10], dtick=1 if len(losses) <= 10 else None)
    fig.update_yaxes(title="loss", type="log", exponentformat="power")  # 10⁻⁴, not 100μ
    return tidy(fig, "loss, step by step", height=320)


@shared
def chain_bars(chain: Chain) -> go.Figure:
    """The size of the gradient that reaches each layer of a chain, first layer first, on a log scale."""
    sizes = np.abs(np.asarray(chain.dl_dz, dtype=float))
    shown = np.where(sizes > 0, sizes, np.nan)  # a log axis has no place for 0
    text = [plain(v, 3) if v > 0 else "exactly 0" for v in sizes]
    fig = go.Figure(go.Bar(x=[f"layer {k + 1}" for k in range(chain.depth)], y=shown, text=text,
                           textposition="outside", marker_color=ACCENT, name=chain.act))  # fmt: skip
    if not np.any(sizes > 0):
        fig.add_annotation(text="every gradient is exactly 0", showarrow=False, xref="paper", yref="paper", y=0.5)
    fig.update_yaxes(title="|∂L/∂z| (log)", type="log", exponentformat="power")  # 10⁻⁴, not 100μ
    fig.update_xaxes(title="input side → output side")
    return tidy(fig, f"Gradient reaching each layer: {chain.depth} × {chain.act}", height=360)


@shared
def change_pictures(change: np.ndarray, units: np.ndarray, cols: int = 8) -> go.Figure:
    """How the first-layer weights of the chosen hidden units moved, each a 28x28 picture captioned with its unit,
    all on one colour scale: red where a weight went up, blue where it went down."""
    shown = change[units]
    limit = float(np.abs(shown).max()) or 1.0
    fig = go.Figure(go.Heatmap(z=mosaic(shown, cols, row_gap=CAPTION_GAP), colorscale="RdBu_r", zmin=-limit,
                               zmax=limit, colorbar=dict(title="change", thickness=12, len=0.8), hoverinfo="skip",
                               name=f"{len(units)} pictures of weight changes"))  # fmt: skip
    fig.update_layout(annotations=[dict(x=c * (28 + GAP) + 13.5, y=r * (28 + CAPTION_GAP) - 1, text=f"unit {u}",
                                        showarrow=False, yanchor="bottom", font=dict(size=12))
                                   for (r, c), u in ((divmod(i, cols), u) for i, u in enumerate(units))])  # fmt: skip
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    rows = -(-len(units) // cols)
    # two short lines, whole on a phone
    tidy(fig, f"{len(units)} most changed hidden units:<br>how their first-layer weights moved", 80 + rows * 110)
    return fig.update_layout(margin_t=fig.layout.margin.t + 38)  # room for the title's second line and the captions


@shared
def others_chart(captions: list[str], same: np.ndarray, before: np.ndarray, after: np.ndarray, label: int) -> go.Figure:
    """For each other digit, the probability of its own class before (grey) and after (coloured) the step."""
    fig = go.Figure()
    for mask, name, colour, symbol in (
        (same, f"other {label}s", ACCENT, "diamond"),
        (~same, "other digits", GRAD_UP, "square"),
    ):
        xs = [c for c, m in zip(captions, mask, strict=True) if m]
        lines_x = [v for x in xs for v in (x, x, None)]
        lines_y = [v for b, a in zip(before[mask], after[mask], strict=True) for v in (b, a, None)]
        fig.add_trace(go.Scatter(x=lines_x, y=lines_y, mode="lines", line=dict(color=colour, width=2),
                                 hoverinfo="skip", showlegend=False))  # fmt: skip
        fig.add_trace(go.Scatter(x=xs, y=after[mask], mode="markers", name=f"{name}, after",
                                 marker=dict(color=colour, size=10, symbol=symbol)))  # fmt: skip
    ring = dict(color=MUTED, size=9, symbol="circle-open", line=dict(width=2))
    fig.add_trace(go.Scatter(x=captions, y=before, mode="markers", name="before the step", marker=ring))
    fig.update_yaxes(title="probability of its true class", range=[-0.03, 1.03])
    fig.update_xaxes(title="test digit (its label)", type="category", categoryorder="array", categoryarray=captions)
    return tidy(fig, f"{len(captions)} other test digits: before and after the step", height=380)
