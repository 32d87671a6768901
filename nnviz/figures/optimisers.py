"""Figures for the optimisers lesson: surfaces as contours and in 3-D, the optimisers' paths on them, their
losses, random restarts, and learning-rate schedules. Every series differs in dash and marker as well as colour."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import DASHES, MUTED, SYMBOLS, tidy
from nnviz.figures.shared import shared
from nnviz.race import Walk
from nnviz.restarts import Restarts
from nnviz.surfaces import Grid, Surface

COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
SYMBOLS_3D = ("circle", "diamond", "square", "x", "cross", "circle-open")  # what plotly's 3-D markers offer
KEPT = "#d946ef"  # the best restart's ring: black vanished on a dark page, and no other mark or map uses it
FLOOR = 1e-12  # a loss gap drawn on a log axis never goes below this
CLICK_POINTS = 31  # click targets per side on a contour chart
# The camera far enough back that the box and its tick labels fit a phone's narrow chart (at 1.4, -1.6, 1.1 the
# axis titles ran off both sides, and at 2.0, -2.3, 1.6 still the z and y titles).
EYE = dict(x=2.5, y=-2.9, z=2.0)


def _legend_below(fig: go.Figure) -> go.Figure:
    """After tidy: the legend under the plot, where it cannot cover the title or the paths."""
    return fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0),
                             margin=dict(b=20))  # fmt: skip


def shown_z(surface: Surface, z: np.ndarray, lowest: float) -> np.ndarray:
    """What the colours show: the loss, or log10(1 + loss - lowest) for a surface whose walls dwarf its valley."""
    return np.log10(1 + np.maximum(z - lowest, 0)) if surface.log_view else z


def z_title(surface: Surface) -> str:
    return "log₁₀(1 + loss − lowest)" if surface.log_view else "loss"


def _contour(grid: Grid, surface: Surface, lowest: float) -> go.Contour:
    return go.Contour(x=grid.xs, y=grid.ys, z=shown_z(surface, grid.z, lowest), name=z_title(surface),
                      colorscale="Viridis", ncontours=25,
                      contours=dict(coloring="heatmap", showlines=True), line=dict(width=0.5),
                      colorbar=dict(title=dict(text=z_title(surface), side="right"), thickness=12),
                      hovertemplate="x=%{x:.2f}, y=%{y:.2f}<br>%{z:.3g}<extra></extra>")  # fmt: skip


def _click_targets(surface: Surface) -> go.Scatter:
    """Invisible points all over the box: clicking one picks a start (a contour itself cannot be selected)."""
    x0, x1, y0, y1 = surface.box
    gx, gy = np.meshgrid(np.linspace(x0, x1, CLICK_POINTS), np.linspace(y0, y1, CLICK_POINTS))
    return go.Scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", marker=dict(size=14, opacity=0), showlegend=False,
                      hovertemplate="start here: (%{x:.2f}, %{y:.2f})<extra></extra>")  # fmt: skip


def _path(walk: Walk, i: int, shown: int | None) -> go.Scatter:
    """A path with markers on a few of its points (a marker on every step would hide the dashes)."""
    points = walk.points[: None if shown is None else shown + 1]
    return go.Scatter(x=points[:, 0], y=points[:, 1], mode="lines+markers", name=walk.name,
                      line=dict(color=COLOURS[i % 6], dash=DASHES[i % 6], width=2.5),
                      marker=dict(symbol=SYMBOLS[i % 6], size=8, color=COLOURS[i % 6], maxdisplayed=25),
                      unselected=dict(marker=dict(opacity=1)), customdata=np.arange(len(points)),
                      hovertemplate=f"{walk.name}, step %{{customdata}}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>",
                      )  # fmt: skip


def _landmarks(surface: Surface, start: tuple[float, float]) -> list[go.Scatter]:
    """The start and the lowest point(s); a click that picks a start must not dim them."""
    marks = [
        go.Scatter(x=[start[0]], y=[start[1]], mode="markers", name="start",
                   marker=dict(symbol="circle", size=14, color="white", line=dict(width=3, color="black"))),
        go.Scatter(x=[surface.minimum[0], *(t[0] for t in surface.twins)],
                   y=[surface.minimum[1], *(t[1] for t in surface.twins)], mode="markers", name="lowest point",
                   marker=dict(symbol="star", size=16, color="gold", line=dict(width=1, color="black"))),
    ]  # fmt: skip
    for mark in marks:
        mark.unselected = dict(marker=dict(opacity=1))
    return marks


@shared
def race_contour(grid: Grid, surface: Surface, lowest: float, walks: dict[str, Walk], start: tuple[float, float],
                 shown: int | None = None, clickable: bool = True) -> go.Figure:  # fmt: skip
    """The surface as contours with every optimiser's path from `start` (its first `shown` steps)."""
    traces = [_contour(grid, surface, lowest), *([_click_targets(surface)] if clickable else [])]
    traces += [_path(w, i, shown) for i, w in enumerate(walks.values())]
    fig = go.Figure([*traces, *_landmarks(surface, start)])
    x0, x1, y0, y1 = surface.box
    fig.update_xaxes(title="weight x", range=[x0, x1], constrain="domain")
    fig.update_yaxes(title="weight y", range=[y0, y1])
    fig.update_layout(clickmode="event+select", dragmode="pan", hovermode="closest")
    return _legend_below(tidy(fig, f"The {surface.name}: {surface.formula}", height=500))


@shared
def race_surface(grid: Grid, surface: Surface, lowest: float, walks: dict[str, Walk],
                 shown: int | None = None) -> go.Figure:  # fmt: skip
    """The same surface in 3-D (drag to turn it), the paths drawn on it."""
    z = shown_z(surface, grid.z, lowest)
    traces = [go.Surface(x=grid.xs, y=grid.ys, z=z, colorscale="Viridis", opacity=0.85, showscale=False,
                         name=surface.name)]  # fmt: skip
    for i, w in enumerate(walks.values()):
        points = w.points[: None if shown is None else shown + 1]
        lift = 0.02 * float(np.ptp(z))  # just above the surface, so the surface does not hide the path
        height = shown_z(surface, w.losses[: len(points)], lowest) + lift
        traces.append(go.Scatter3d(x=points[:, 0], y=points[:, 1], z=height, mode="lines+markers", name=w.name,
                                   line=dict(color=COLOURS[i % 6], width=5, dash=DASHES[i % 6]),
                                   marker=dict(size=3, symbol=SYMBOLS_3D[i % 6], color=COLOURS[i % 6])))  # fmt: skip
    fig = go.Figure(traces)
    # a few ticks a side: the short side's six numbers ran together on a phone
    fig.update_layout(scene=dict(xaxis=dict(title="weight x", nticks=5), yaxis=dict(title="weight y", nticks=4),
                                 zaxis=dict(title=z_title(surface), nticks=5), camera=dict(eye=EYE)))  # fmt: skip
    return _legend_below(tidy(fig, f"The {surface.name} in 3-D (drag to turn it)", height=500))


@shared
def race_losses(walks: dict[str, Walk], lowest: float, shown: int | None = None, title: str = "") -> go.Figure:
    """Each walk's loss above the lowest point, step by step, on a log axis (so the last digits show)."""
    fig = go.Figure()
    every = [np.maximum(w.losses - lowest, FLOOR) for w in walks.values()]
    if every:  # axes fixed by the whole race, so they stay put while it plays
        low, high = min(g.min() for g in every), max(g.max() for g in every)
        fig.update_xaxes(range=[0, max(len(g) for g in every) - 1])
        fig.update_yaxes(range=[np.log10(low) - 0.3, np.log10(high) + 0.3])
    for i, w in enumerate(walks.values()):
        gap = np.maximum(w.losses[: None if shown is None else shown + 1] - lowest, FLOOR)
        fig.add_trace(go.Scatter(x=np.arange(len(gap)), y=gap, mode="lines+markers", name=w.name,
                                 line=dict(color=COLOURS[i % 6], dash=DASHES[i % 6]),
                                 marker=dict(symbol=SYMBOLS[i % 6], size=7, maxdisplayed=20)))  # fmt: skip
    fig.update_xaxes(title="step")
    # short: on a projector the axis is 170 pixels tall and a longer title ran off its top
    fig.update_yaxes(title="loss − lowest", type="log", exponentformat="power")
    return _legend_below(tidy(fig, title or "Loss against step", height=500))


@shared
def restarts_figure(grid: Grid, surface: Surface, lowest: float, result: Restarts) -> go.Figure:
    """Where each random start ended: at the global minimum, or in another valley; the best run ringed."""
    seg_x, seg_y = [], []
    for (sx, sy), (ex, ey) in zip(result.starts, result.ends, strict=True):
        seg_x += [sx, ex, None]
        seg_y += [sy, ey, None]
    found, stuck = result.found, ~result.found & np.isfinite(result.losses)
    best = result.ends[result.best]
    traces = [
        _contour(grid, surface, lowest),
        go.Scatter(x=seg_x, y=seg_y, mode="lines", line=dict(color=MUTED, width=1, dash="dot"), showlegend=False,
                   hoverinfo="skip"),
        go.Scatter(x=result.starts[:, 0], y=result.starts[:, 1], mode="markers", name="starts",
                   marker=dict(symbol="circle", size=8, color="white", line=dict(width=1.5, color="black"))),
        go.Scatter(x=result.ends[found, 0], y=result.ends[found, 1], mode="markers", name="ended at the lowest",
                   marker=dict(symbol="star", size=14, color="gold", line=dict(width=1, color="black"))),
        go.Scatter(x=result.ends[stuck, 0], y=result.ends[stuck, 1], mode="markers", name="ended in another valley",
                   marker=dict(symbol="x", size=11, color="#d62728", line=dict(width=1, color="white"))),
        go.Scatter(x=[best[0]], y=[best[1]], mode="markers", name="best of all (kept)",
                   marker=dict(symbol="diamond-open", size=22, color=KEPT, line=dict(width=3))),
    ]  # fmt: skip
    fig = go.Figure(traces)
    x0, x1, y0, y1 = surface.box
    fig.update_xaxes(title="weight x", range=[x0, x1])
    fig.update_yaxes(title="weight y", range=[y0, y1])
    return _legend_below(tidy(fig, f"{len(result.starts)} random starts: where each one ended", height=480))


@shared
def success_curve(counts: list[int], rates: np.ndarray, trials: int) -> go.Figure:
    """How often the best of N random starts finds the global minimum."""
    fig = go.Figure(go.Scatter(x=counts, y=rates, mode="lines+markers", name="found the global minimum",
                               line=dict(color=COLOURS[1]), marker=dict(symbol="diamond", size=9)))  # fmt: skip
    fig.update_xaxes(title="random starts (N)")
    fig.update_yaxes(title="trials that found it", tickformat=".0%", range=[0, 1.05])
    fig = tidy(fig, f"How often the best of N starts<br>finds the lowest point ({trials} trials each)", height=480)
    return fig.update_layout(margin=dict(t=70))  # the title's two lines clear the plot's top


@shared
def lr_curves(curves: dict[str, np.ndarray]) -> go.Figure:
    """The learning rate each schedule gives at every step."""
    fig = go.Figure()
    for i, (name, rates) in enumerate(curves.items()):
        fig.add_trace(go.Scatter(x=np.arange(len(rates)), y=rates, mode="lines+markers", name=name,
                                 line=dict(color=COLOURS[i % 6], dash=DASHES[i % 6]),
                                 marker=dict(symbol=SYMBOLS[i % 6], size=7, maxdisplayed=15)))  # fmt: skip
    fig.update_xaxes(title="step")
    fig.update_yaxes(title="learning rate")
    return _legend_below(tidy(fig, "Learning rate against step", height=500))
