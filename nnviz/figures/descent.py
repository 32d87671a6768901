"""Figures for the gradient descent lesson: slopes, walks down a curve, a fit that moves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nnviz.figures import ACCENT, CLASS_COLOURS, MUTED, tidy
from nnviz.figures.shared import shared

INK = "#64748b"  # slate: readable on light and dark themes
NO_STEPS_YET = "no steps yet: each step adds its loss here"


@shared
def tangent_figure(xs: np.ndarray, ys: np.ndarray, tangent, name: str) -> go.Figure:
    """The curve near x, the tangent line there, and the rise-over-run triangle beside it.

    The view is zoomed to the tangent: on the whole curve a slope of 3 looks flat beside values of 1,000."""
    x, y, run = tangent.x, tangent.y, tangent.run
    half = max(2 * run, (xs.max() - xs.min()) / 10)
    lo, hi = max(xs.min(), x - half), min(xs.max(), x + max(half, 1.2 * run))
    near = (xs >= lo) & (xs <= hi)
    line_x = np.array([lo, hi])
    line_y = y + tangent.slope * (line_x - x)
    corner = (x + run, y)
    fig = go.Figure(
        [
            go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=INK, width=2), name=name),
            go.Scatter(x=line_x, y=line_y, mode="lines",
                       line=dict(color=ACCENT, width=3, dash="dash"), name=f"tangent, slope {tangent.slope:.4g}"),
            go.Scatter(x=[x, corner[0], corner[0]], y=[y, corner[1], y + tangent.rise], mode="lines",
                       line=dict(color=CLASS_COLOURS[0], dash="dot", width=2.5),
                       name=f"rise / run = {tangent.rise_over_run:.4g}"),
            go.Scatter(x=[x], y=[y], mode="markers", marker=dict(size=12, color=ACCENT), showlegend=False),
        ]
    )  # fmt: skip
    fig.update_xaxes(title=f"x (zoomed to {lo:.3g} … {hi:.3g})", range=[lo, hi])
    shown = np.concatenate([ys[near], line_y, [y, y + tangent.rise]])
    pad = 0.08 * (shown.max() - shown.min() + 1e-9)
    fig.update_yaxes(title="f(x)", range=[shown.min() - pad, shown.max() + pad])
    return tidy(fig, height=340)


@shared
def descent_path_figure(ws: np.ndarray, losses: np.ndarray, path) -> go.Figure:
    """A 1-D loss curve with the walk of gradient descent drawn on it, step by step."""
    lo, hi = losses.min(), losses.max()
    steps_w = np.clip(path.ws, ws.min(), ws.max())  # a diverging walk runs off the picture
    steps_loss = np.clip(path.losses[: len(path.ws)], lo, hi)
    fig = go.Figure(
        [
            go.Scatter(x=ws, y=losses, mode="lines", line=dict(color=INK, width=2), name="loss"),
            go.Scatter(x=steps_w, y=steps_loss, mode="lines+markers", name=f"steps with lr = {path.lr:g}",
                       line=dict(color=ACCENT, width=1.5),
                       marker=dict(size=9, color=np.arange(len(steps_w)), colorscale="Blues", cmin=-3,
                                   line=dict(color=ACCENT, width=1))),
            go.Scatter(x=steps_w[:1], y=steps_loss[:1], mode="markers", name="start",
                       marker=dict(size=14, symbol="star", color=CLASS_COLOURS[0])),
        ]
    )  # fmt: skip
    fig.update_xaxes(title="w (one weight)", range=[ws.min(), ws.max()])
    fig.update_yaxes(title="loss", range=[lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)])
    return tidy(fig, height=360)


@shared
def toy_fit_figure(t: np.ndarray, y: np.ndarray, params: list[float]) -> go.Figure:
    """The measured speeds and the quadratic the current weights predict."""
    a, b, c = params
    dense = np.linspace(t.min(), t.max(), 100)
    fig = go.Figure(
        [
            go.Scatter(x=t, y=y, mode="markers", marker=dict(size=9, color=INK), name="measured"),
            go.Scatter(x=dense, y=a * dense**2 + b * dense + c, mode="lines", line=dict(color=ACCENT, width=3),
                       name=f"prediction {a:.2f} t² {b:+.2f} t {c:+.2f}"),
        ]
    )  # fmt: skip
    fig.update_xaxes(title="time t (s)")
    fig.update_yaxes(title="speed", range=[min(y.min(), 0) - 1, y.max() + 2])
    return tidy(fig, height=330)


@shared
def loss_history_figure(losses: list[float], title: str = "loss after each step") -> go.Figure:
    """The loss step by step, on a log scale so that late progress stays visible."""
    finite = [v if np.isfinite(v) else None for v in losses]
    fig = go.Figure(go.Scatter(x=np.arange(1, len(losses) + 1), y=finite, mode="lines+markers",
                               marker=dict(size=4), line=dict(color=CLASS_COLOURS[0])))  # fmt: skip
    fig.update_xaxes(title="step", range=None if losses else [0, 10])
    if not losses:  # an empty axis says nothing: say why it is empty
        fig.add_annotation(text=NO_STEPS_YET, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                           font=dict(size=16))  # fmt: skip
        fig.update_yaxes(showticklabels=False)
    # whole numbers at each tick (not lone digits), and 100 or 0.001 rather than 1e+2 or 1m
    fig.update_yaxes(title="loss", type="log", tickformat=",.2~r")
    return tidy(fig, title, height=300)


@shared
def minibatch_figure(result, baseline_acc: float, window: int = 20) -> go.Figure:
    """Loss per update (raw and smoothed) and test accuracy against the baseline."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("loss on each mini-batch", "test accuracy, 3s and 7s"))
    updates = np.arange(1, len(result.losses) + 1)
    smooth = np.convolve(result.losses, np.ones(window) / window, mode="valid") if len(updates) >= window else []
    fig.add_trace(go.Scatter(x=updates, y=result.losses, mode="lines", line=dict(color=MUTED, width=1, dash="dot"),
                             name="each update"), 1, 1)  # fmt: skip
    fig.add_trace(go.Scatter(x=updates[window - 1 :], y=smooth, mode="lines", line=dict(color=ACCENT, width=2.5),
                             name=f"mean of {window}"), 1, 1)  # fmt: skip
    fig.add_trace(go.Scatter(x=result.checkpoints, y=result.test_accs, mode="lines+markers",
                             line=dict(color=CLASS_COLOURS[0], width=2.5), name="linear model, SGD"), 1, 2)  # fmt: skip
    label = f"no-learning baseline {baseline_acc:.1%}"
    fig.add_hline(y=baseline_acc, line=dict(color=INK, dash="dash"), row=1, col=2,
                  annotation_text=label, annotation_position="bottom right")  # fmt: skip
    fig.update_xaxes(title="update")
    fig.update_yaxes(type="log", dtick=1, row=1, col=1)
    fig.update_yaxes(range=[0.4, 1.0], tickformat=".0%", row=1, col=2)
    tidy(fig, height=400)
    fig.update_layout(legend=dict(yanchor="top", y=-0.2, xanchor="left", x=0), margin=dict(t=40, b=60))
    return fig


@shared
def weight_image_figure(weights: np.ndarray) -> go.Figure:
    """The 784 learned weights laid out as the image: red pixels vote 3, blue ones 7."""
    edge = float(np.abs(weights).max()) or 1.0
    fig = go.Figure(go.Heatmap(z=weights, colorscale="RdBu_r", zmin=-edge, zmax=edge, zmid=0,
                               name=f"{np.size(weights)} weights",
                               colorbar=dict(title="weight", thickness=12)))  # fmt: skip
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    return tidy(fig, height=300)
