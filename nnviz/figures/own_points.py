"""The picture a learner clicks on to place their own points (nnviz.own_points)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import tidy
from nnviz.figures.separator import INK, class_points
from nnviz.figures.shared import shared


@shared
def point_editor(
    X: np.ndarray, y: np.ndarray, names: tuple[str, str], axes: tuple[str, str], extent: tuple[float, float],
    step: float,
) -> go.Figure:  # fmt: skip
    """The learner's own points over an unseen grid: a click on empty space picks the grid point under it (the
    page adds a point there), a click on a point picks the point (the page removes it)."""
    lo, hi = extent
    ticks = np.arange(lo, hi + step / 2, step)
    gx, gy = np.meshgrid(ticks, ticks)
    fig = go.Figure(go.Scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", showlegend=False,  # unnamed: no series
                               marker=dict(symbol="square", size=8, opacity=0, color=INK),
                               hovertemplate="add a point at %{x}, %{y}<extra></extra>"))  # fmt: skip
    fig.add_traces(class_points(X, y, names))
    fig.update_traces(hovertemplate="%{x}, %{y}: click to remove<extra></extra>", selector=dict(showlegend=None))
    if not len(y):
        fig.add_annotation(text="Click anywhere to place a point", x=(lo + hi) / 2, y=(lo + hi) / 2, showarrow=False)
    fig.update_xaxes(title=axes[0], range=[lo - step, hi + step], constrain="domain")
    # Square on a narrow screen too: the plot shrinks rather than show rows beyond the grid, where a tap adds none.
    fig.update_yaxes(title=axes[1], range=[lo - step, hi + step], scaleanchor="x", scaleratio=1, constrain="domain",
                     constraintoward="top")  # fmt: skip
    return tidy(fig, height=440).update_layout(clickmode="event+select", dragmode=False)
