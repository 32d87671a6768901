"""Pictures for the separator lesson: points and lines, the one-neuron network,
learning curves, the network's decision map, its hidden units, and a plane in 3-D."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import ACCENT, CLASS_COLOURS, CLASS_SYMBOLS, DASHES, MUTED, tidy
from nnviz.figures.shared import shared
from nnviz.separator import Line, number

SHADES = ("rgba(214, 39, 40, 0.13)", "rgba(31, 119, 180, 0.13)")  # the class colours, faint
INK = "#64748b"  # slate: reads on the light and the dark theme
LINE_COLOUR = "#f59e0b"  # the separating line and the network's boundary
# The two sides differ in texture too, not in tint alone: plain for class 0, faint dots for class 1.
SIDES = (dict(fillcolor=SHADES[0]),
         dict(fillcolor=SHADES[1], fillpattern=dict(shape=".", size=12, solidity=0.1, bgcolor=SHADES[1],
                                                    fgcolor="rgba(31, 119, 180, 0.45)")))  # fmt: skip
MAP_SCALE = [[0.0, "#f2a7a7"], [0.5, "#ffffff"], [1.0, "#9ec5e8"]]  # P(class 1): red, white, blue
_PALE = ("#f2a7a7", "#9ec5e8", "#a8dba8")  # each class's colour, pale: the regions of a three-class map
REGIONS = [[edge, colour] for i, colour in enumerate(_PALE) for edge in (i / 3, (i + 1) / 3)]


def clip_half_plane(corners: np.ndarray, line: Line, positive: bool) -> np.ndarray:
    """The part of a convex polygon (K, 2) where the line's score is > 0 (or <= 0)."""
    sign = 1.0 if positive else -1.0
    s = sign * line.score(corners)
    out = []
    for i in range(len(corners)):
        j = (i + 1) % len(corners)
        if s[i] >= 0:
            out.append(corners[i])
        if (s[i] >= 0) != (s[j] >= 0):  # the edge crosses the line: keep the crossing point
            t = s[i] / (s[i] - s[j])
            out.append(corners[i] + t * (corners[j] - corners[i]))
    return np.array(out).reshape(-1, 2)


def _box(lo: float, hi: float) -> np.ndarray:
    return np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]], dtype=float)


def _line_segment(line: Line, lo: float, hi: float) -> np.ndarray:
    """Where the line crosses the square: the corners of the positive side that lie on the line."""
    side = clip_half_plane(_box(lo, hi), line, positive=True)
    on_line = np.abs(line.score(side)) < 1e-9 * max(1.0, abs(line.w1) + abs(line.w2) + abs(line.b))
    return np.unique(side[on_line].round(9), axis=0)[:2]


def class_points(
    X: np.ndarray, y: np.ndarray, names: tuple[str, ...], open_marker: bool = False, outline: bool = True
) -> list[go.Scatter]:
    """One trace per class (one per name), told apart by shape and colour; `outline=False` draws faster."""
    traces = []
    for label in range(len(names)):
        mask = y == label
        marker = dict(
            symbol=CLASS_SYMBOLS[label] + ("-open" if open_marker else ""), size=9, color=CLASS_COLOURS[label]
        )
        if open_marker:
            marker["line"] = dict(width=1.5, color=CLASS_COLOURS[label])
        elif outline:
            marker["line"] = dict(width=1, color="white")
        traces.append(go.Scatter(x=X[mask, 0], y=X[mask, 1], mode="markers", name=names[label], marker=marker))
    return traces


@shared
def line_scatter(
    X: np.ndarray,
    y: np.ndarray,
    line: Line,
    names: tuple[str, str] = ("class 0", "class 1"),
    axes: tuple[str, str] = ("x1", "x2"),
    extent: tuple[float, float] = (0.0, 11.0),
    new_point: tuple[float, float] | None = None,
    ghost: Line | None = None,
) -> go.Figure:
    """Points, the line, each side shaded by the class it predicts, and mistakes ringed in black."""
    lo, hi = extent
    fig = go.Figure()
    for label in (0, 1):
        poly = clip_half_plane(_box(lo, hi), line, positive=label == 1)
        if len(poly):
            fig.add_trace(go.Scatter(x=poly[:, 0], y=poly[:, 1], fill="toself", mode="none", hoverinfo="skip",
                                     name=f"predicted {names[label]}", **SIDES[label]))  # fmt: skip
    fig.add_traces(class_points(X, y, names))
    wrong = line.predict(X) != y
    ring = dict(symbol="circle-open", size=18, color=INK, line=dict(width=2.5))
    fig.add_trace(
        go.Scatter(x=X[wrong, 0], y=X[wrong, 1], mode="markers", name=f"wrong side ({wrong.sum()})", marker=ring)
    )
    if ghost is not None and len(seg := _line_segment(ghost, lo, hi)) == 2:
        fig.add_trace(go.Scatter(x=seg[:, 0], y=seg[:, 1], mode="lines", name="after the next step",
                                 line=dict(color=ACCENT, width=2, dash="dash")))  # fmt: skip
    if len(seg := _line_segment(line, lo, hi)) == 2:
        fig.add_trace(
            go.Scatter(x=seg[:, 0], y=seg[:, 1], mode="lines", name="the line", line=dict(color=LINE_COLOUR, width=3.5))
        )
    if new_point is not None:
        label = int(line.score(np.array([new_point]))[0] > 0)
        fig.add_trace(go.Scatter(x=[new_point[0]], y=[new_point[1]], mode="markers+text", name="new point",
                                 text=[f"new: {names[label]}"], textposition="top center",
                                 marker=dict(symbol="star", size=20, color=CLASS_COLOURS[label],
                                             line=dict(width=2, color=INK))))  # fmt: skip
    fig.update_xaxes(title=axes[0], range=[lo, hi], constrain="domain")
    fig.update_yaxes(title=axes[1], range=[lo, hi], scaleanchor="x", scaleratio=1)
    return tidy(fig, height=440)


NOTHING_YET = "nothing learned yet:<br>press Play"  # two short lines: on one, a projector's type ran onto the axes
NEGATIVE = "#ea580c"  # edges with a negative weight


@shared
def neuron_diagram(inputs: dict[str, float], weights: tuple[float, ...], bias: float, answer: str) -> go.Figure:
    """Inputs, weighted edges, the sum with its bias, a step, and the output, with the live numbers."""
    names = [*inputs, "1 (bias)"]
    values = [*inputs.values(), 1.0]
    edges = [*weights, bias]
    total = sum(w * v for w, v in zip(edges, values, strict=True))
    ys = np.linspace(2.0, 0.0, len(names))
    fig = go.Figure()
    for name, value, w, yy in zip(names, values, edges, ys, strict=True):
        colour, dash = (ACCENT, "solid") if w >= 0 else (NEGATIVE, "dash")  # the sign shows in the line's dash too
        width = float(np.clip(abs(w), 0.5, 8.0))
        fig.add_trace(
            go.Scatter(
                x=[0, 2], y=[yy, 1], mode="lines", line=dict(color=colour, width=width, dash=dash), hoverinfo="skip"
            )
        )
        fig.add_annotation(x=1.0, y=(yy + 1) / 2, text=f"× {number(w)}", showarrow=False, yshift=12,
                           font=dict(color=colour, size=15), bgcolor="rgba(255,255,255,0.8)")  # fmt: skip
        fig.add_annotation(
            x=-0.25, y=yy, text=f"{name}<br><b>{number(value)}</b>", showarrow=False, xanchor="right"
        )  # in the plot's own units, so a narrow phone keeps the whole word
    fig.add_trace(go.Scatter(x=[2, 3.4], y=[1, 1], mode="lines", line=dict(color=MUTED, width=2), hoverinfo="skip"))
    nodes_x = [*([0.0] * len(names)), 2.0, 3.4]
    nodes_y = [*ys, 1.0, 1.0]
    labels = [""] * len(names) + [f"Σ<br>{number(total)}", f"step<br>{int(total > 0)}"]
    fig.add_trace(go.Scatter(x=nodes_x, y=nodes_y, mode="markers+text", text=labels, textposition="middle center",
                             marker=dict(size=[22] * len(names) + [58, 58], color="rgba(100, 116, 139, 0.15)",
                                         line=dict(color=INK, width=2)),
                             hoverinfo="skip", name="the neuron"))  # fmt: skip
    fig.add_annotation(x=3.4, y=1, ax=4.3, ay=1, xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
                       arrowhead=0, arrowwidth=2, arrowcolor=MUTED, standoff=0)  # fmt: skip
    fig.add_annotation(
        x=3.85, y=1, text=f"<b>{answer}</b>", showarrow=False, yanchor="top", yshift=-34, font=dict(size=16)
    )  # under the output, where a narrow phone still has room for it
    fig.update_xaxes(visible=False, range=[-1.8, 5.2])
    fig.update_yaxes(visible=False, range=[-0.4, 2.4])
    fig.update_layout(showlegend=False)
    return tidy(fig, height=260)


@shared
def history_chart(
    history: list[dict],
    series: dict[str, str],
    x_key: str,
    x_title: str,
    y_title: str,
    right: tuple[str, str] | None = None,
    right_title: str | None = None,
) -> go.Figure:
    """One line per key of `series` (key -> legend name) against `x_key`; `right` = (key, name) gets its own axis,
    titled `right_title` if given (a longer name than the legend's), else its name."""
    xs = [record[x_key] for record in history]
    colours = [ACCENT, "#f59e0b", "#10b981", MUTED]
    fig = go.Figure(
        [
            go.Scatter(x=xs, y=[record.get(key) for record in history], mode="lines", name=name,
                       line=dict(color=colours[i % len(colours)], width=2.5, dash=DASHES[i % len(DASHES)]))
            for i, (key, name) in enumerate(series.items())
        ]
    )  # fmt: skip
    if right is not None:
        key, name = right
        fig.add_trace(go.Scatter(x=xs, y=[record.get(key) for record in history], mode="lines", name=name,
                                 yaxis="y2", line=dict(color="#f59e0b", width=2,
                                                       dash=DASHES[len(series) % len(DASHES)])))  # fmt: skip
        fig.update_layout(
            yaxis2=dict(title=right_title or name, overlaying="y", side="right", rangemode="tozero", showgrid=False)
        )
    fig.update_xaxes(title=x_title, rangemode="tozero")
    fig.update_layout(yaxis=dict(title=y_title, rangemode="tozero"))
    if len(history) < 2:  # one point or none draws no line: say why the chart is empty
        fig.add_annotation(text=NOTHING_YET, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                           font=dict(size=16))  # fmt: skip
    return tidy(fig, height=280)


def _unit_line_traces(lines: list[tuple[float, float, float]], lo: float, hi: float) -> list[go.Scatter]:
    traces = []
    for i, (w1, w2, b) in enumerate(lines):
        seg = _line_segment(Line(w1, w2, b), lo, hi)
        if len(seg) == 2:
            traces.append(go.Scatter(x=seg[:, 0], y=seg[:, 1], mode="lines", name="hidden-unit lines",
                                     legendgroup="units", showlegend=i == 0, hoverinfo="skip",
                                     line=dict(color=INK, width=1.5, dash="dot")))  # fmt: skip
    return traces


@shared
def boundary_map(
    xs: np.ndarray,
    ys: np.ndarray,
    probability: np.ndarray,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    unit_lines: list[tuple[float, float, float]] | None = None,
) -> go.Figure:
    """The network's P(class 1) over the plane, its 0.5 boundary, training points filled, test points hollow.
    With three classes (`probability` of each, (3, rows, columns)), each region takes its likeliest class."""
    if probability.ndim == 3:
        fig = go.Figure(go.Heatmap(x=xs, y=ys, z=probability.argmax(0), zmin=-0.5, zmax=2.5, colorscale=REGIONS,
                                   hoverinfo="skip", showscale=False, name="regions: the likeliest class"))  # fmt: skip
    else:
        fig = go.Figure(
            go.Heatmap(x=xs, y=ys, z=probability, zmin=0, zmax=1, colorscale=MAP_SCALE, hoverinfo="skip",
                       colorbar=dict(title="P(1)", thickness=12, len=0.8))
        )  # fmt: skip
        fig.add_trace(go.Contour(x=xs, y=ys, z=probability, contours=dict(start=0.5, end=0.5, coloring="none"),
                                 line=dict(color=LINE_COLOUR, width=3), showscale=False, hoverinfo="skip",
                                 name="boundary (P = 0.5)", showlegend=True))  # fmt: skip
    classes = 3 if probability.ndim == 3 else 2
    fig.add_traces(class_points(*train, tuple(f"class {c} (train)" for c in range(classes)), outline=False))
    fig.add_traces(class_points(*test, tuple(f"class {c} (test)" for c in range(classes)), open_marker=True))
    lo, hi = float(xs[0]), float(xs[-1])
    fig.add_traces(_unit_line_traces(unit_lines or [], lo, hi))
    fig.update_xaxes(title="x1", range=[lo, hi], constrain="domain")
    fig.update_yaxes(title="x2", range=[lo, hi], scaleanchor="x", scaleratio=1)
    return tidy(fig, height=480)


def _unit_mosaic(layers: list[np.ndarray], centre: float, gap: int = 6) -> np.ndarray:
    """All unit maps tiled into one array (layers as rows), each scaled to -1..1 about `centre`."""
    size = layers[0].shape[-1]
    cols = max(len(units) for units in layers)
    out = np.full((len(layers) * (size + gap) - gap, cols * (size + gap) - gap), np.nan)
    for r, units in enumerate(layers[::-1]):  # the first layer at the top of the picture
        for c, grid in enumerate(units):
            spread = float(np.abs(grid - centre).max()) or 1.0
            out[r * (size + gap) : r * (size + gap) + size, c * (size + gap) : c * (size + gap) + size] = (
                grid - centre
            ) / spread
    return out


@shared
def hidden_unit_maps(layers: list[np.ndarray], activation: str) -> go.Figure:
    """One small map per hidden unit, a row per layer: blue where it is high, red where low, white at its middle.

    One tiled heatmap rather than a subplot per unit, so it redraws quickly while training."""
    centre = 0.5 if activation == "sigmoid" else 0.0
    mosaic = _unit_mosaic(layers, centre)
    fig = go.Figure(
        go.Heatmap(
            z=mosaic,
            zmin=-1,
            zmax=1,
            colorscale="RdBu",
            hoverinfo="skip",
            name="hidden units",
            colorbar=dict(tickvals=[-1, 0, 1], ticktext=["low", "middle", "high"], thickness=12),
        )
    )
    size = layers[0].shape[-1]
    for i in range(len(layers)):
        row_middle = mosaic.shape[0] - 1 - (i * (size + 6) + size / 2)
        fig.add_annotation(x=-2, y=row_middle, text=f"layer {i + 1}", showarrow=False, xanchor="right")
    fig.update_xaxes(visible=False, range=[-size * 1.3, mosaic.shape[1]])
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    return tidy(fig, height=max(140, 110 * len(layers) + 20))


# The same view as before, from far enough back that the box and its axis titles fit a phone's narrow chart (at 1.7,
# -1.5, 0.45 the x3 title and its ticks ran off the left edge), as the optimisers' surfaces do.
PLANE_EYE = dict(x=3.0, y=-2.65, z=0.8)


@shared
def plane_3d(X3: np.ndarray, y: np.ndarray, weights: np.ndarray, bias: float, names: tuple[str, str, str]) -> go.Figure:
    """Points in three inputs and the plane w·x + b = 0 that separates them."""
    fig = go.Figure()
    for label in (0, 1):
        mask = y == label
        marker = dict(size=3.5, color=CLASS_COLOURS[label], symbol=CLASS_SYMBOLS[label])
        fig.add_trace(go.Scatter3d(x=X3[mask, 0], y=X3[mask, 1], z=X3[mask, 2], mode="markers", name=f"class {label}",
                                   marker=marker))  # fmt: skip
    lo, hi = float(X3[:, :2].min()), float(X3[:, :2].max())
    gx, gy = np.meshgrid(np.linspace(lo, hi, 12), np.linspace(lo, hi, 12))
    if abs(weights[2]) > 1e-12:  # solve w1 x + w2 y + w3 z + b = 0 for z
        gz = -(weights[0] * gx + weights[1] * gy + bias) / weights[2]
        fig.add_trace(go.Surface(x=gx, y=gy, z=gz, opacity=0.45, showscale=False, name="separating plane",
                                 colorscale=[[0, MUTED], [1, MUTED]], hoverinfo="skip"))  # fmt: skip
    height_range = [float(X3[:, 2].min()) - 0.5, float(X3[:, 2].max()) + 0.5]
    fig.update_layout(scene=dict(xaxis_title=names[0], yaxis_title=names[1], zaxis_title=names[2],
                                 zaxis=dict(range=height_range), aspectmode="manual",
                                 aspectratio=dict(x=1, y=1, z=0.8),
                                 camera=dict(eye=PLANE_EYE)))  # fmt: skip
    return tidy(fig, height=480)
