"""The one-weight model of the home page, drawn with its errors."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import ACCENT, MUTED, tidy
from nnviz.figures.shared import shared


@shared
def line_fit(w: float, x: np.ndarray, y: np.ndarray) -> go.Figure:
    """Measured points, the line y = w x, and each point's error as a segment."""
    guess = w * x
    gaps_x = np.repeat(x, 3)
    gaps_y = np.column_stack([y, guess, np.full_like(y, np.nan)]).ravel()
    fig = go.Figure(
        [
            go.Scatter(x=gaps_x, y=gaps_y, mode="lines", line=dict(color=MUTED, dash="dot"), name="error"),
            go.Scatter(x=x, y=y, mode="markers", marker=dict(size=10, color="#64748b"), name="measured"),
            go.Scatter(x=[0, x.max() * 1.05], y=[0, w * x.max() * 1.05], mode="lines",
                       line=dict(color=ACCENT, width=3), name=f"prediction y = {w:.2f} x"),
        ]
    )  # fmt: skip
    fig.update_xaxes(title="x (input)", range=[0, x.max() * 1.05])
    fig.update_yaxes(title="y (output)", range=[min(0, y.min()) - 1, max(y.max(), 0) + 2])
    return tidy(fig, height=320)
