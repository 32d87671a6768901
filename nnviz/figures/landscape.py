"""Figures of a real network's loss landscape: contours and a 3-D surface along two filter-normalised directions,
the training checkpoints projected onto them, and a sharp and a flat minimum side by side on one scale."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nnviz.figures import DASHES, SYMBOLS, tidy
from nnviz.figures.shared import shared
from nnviz.landscape import Landscape

COLOURS = ("#d62728", "#1f77b4")
WALL = 3.0  # colours stop at this many times the centre's loss (at least +2), so the valley keeps its detail


def ceiling(lands: list[Landscape]) -> float:
    """One top for the colour scale of several landscapes, so they compare on the same scale."""
    return max(max(WALL * land.centre_loss, land.centre_loss + 2.0) for land in lands)


def _contour(land: Landscape, top: float, scale: bool = True) -> go.Contour:
    return go.Contour(x=land.alphas, y=land.betas, z=np.minimum(land.losses, top), zmin=0, zmax=top, name="loss",
                      colorscale="Viridis", ncontours=20, contours=dict(coloring="heatmap", showlines=True),
                      line=dict(width=0.5), showscale=scale,
                      colorbar=dict(title=dict(text="loss", side="right"), thickness=12),
                      hovertemplate="α=%{x:.2f}, β=%{y:.2f}<br>loss %{z:.3g}<extra></extra>")  # fmt: skip


def _checkpoints(land: Landscape, xaxis: str = "x", yaxis: str = "y") -> list[go.Scatter]:
    path = land.path
    return [
        go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name="training checkpoints",
                   line=dict(color="#ff7f0e", dash="dot", width=2),
                   marker=dict(symbol="circle", size=8, color="#ff7f0e", line=dict(width=1, color="black")),
                   customdata=land.path_losses, xaxis=xaxis, yaxis=yaxis,
                   hovertemplate="checkpoint: loss %{customdata:.3f}<extra></extra>"),
        go.Scatter(x=[0.0], y=[0.0], mode="markers", name="trained weights", xaxis=xaxis, yaxis=yaxis,
                   marker=dict(symbol="star", size=16, color="gold", line=dict(width=1, color="black"))),
    ]  # fmt: skip


@shared
def landscape_contour(land: Landscape, title: str) -> go.Figure:
    """The loss around the trained weights as contours, with the path that led there."""
    fig = go.Figure([_contour(land, ceiling([land])), *_checkpoints(land)])
    fig.update_xaxes(title="α: steps along direction 1")
    fig.update_yaxes(title="β: steps along direction 2")
    return _legend_below(tidy(fig, title, height=500))


def _legend_below(fig: go.Figure) -> go.Figure:
    return fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0))


@shared
def landscape_surface(land: Landscape, title: str) -> go.Figure:
    """The same loss as a surface to turn, capped at the colour scale's top."""
    top = ceiling([land])
    fig = go.Figure(go.Surface(x=land.alphas, y=land.betas, z=np.minimum(land.losses, top), cmin=0, cmax=top,
                               colorscale="Viridis", showscale=False, name="loss"))  # fmt: skip
    fig.add_trace(go.Scatter3d(x=[0.0], y=[0.0], z=[land.centre_loss], mode="markers", name="trained weights",
                               marker=dict(symbol="diamond", size=6, color="gold")))  # fmt: skip
    far = dict(x=2.6, y=-2.6, z=1.75)  # far enough back that the box and its labels fit a phone's chart
    fig.update_layout(scene=dict(xaxis_title="α", yaxis_title="β", zaxis_title="loss", camera=dict(eye=far)))
    return tidy(fig, title, height=460)


@shared
def compare_contours(lands: dict[str, Landscape]) -> go.Figure:
    """Two (or more) landscapes side by side, on one colour scale and one pair of axes."""
    top = ceiling(list(lands.values()))
    fig = make_subplots(1, len(lands), subplot_titles=list(lands), shared_yaxes=True, horizontal_spacing=0.06)
    for i, land in enumerate(lands.values(), start=1):
        fig.add_trace(_contour(land, top, scale=i == 1), row=1, col=i)
        suffix = "" if i == 1 else str(i)
        star = _checkpoints(land, f"x{suffix}", f"y{suffix}")[1]
        star.showlegend = i == 1
        fig.add_trace(star, row=1, col=i)
        fig.update_xaxes(title="α", row=1, col=i)
    fig.update_yaxes(title="β", row=1, col=1)
    fig = _legend_below(tidy(fig, "The same loss scale around both minima", height=470))
    return fig.update_layout(margin=dict(t=70))


@shared
def compare_profiles(lands: dict[str, Landscape]) -> go.Figure:
    """The loss along direction 1 through each minimum (β = 0): the steeper the walls, the sharper the minimum."""
    fig = go.Figure()
    for i, (name, land) in enumerate(lands.items()):
        row = land.losses[len(land.betas) // 2]
        fig.add_trace(go.Scatter(x=land.alphas, y=row, mode="lines+markers", name=name,
                                 line=dict(color=COLOURS[i % 2], dash=DASHES[i % 6]),
                                 marker=dict(symbol=SYMBOLS[i % 6], size=7)))  # fmt: skip
    fig.update_xaxes(title="α: steps along direction 1 (β = 0)")
    fig.update_yaxes(title="loss")
    return _legend_below(tidy(fig, "Loss through each minimum along one direction", height=440))
