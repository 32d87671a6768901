"""Figures of the training lesson: live curves, the pixels of one digit, what a trained net got wrong."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import ACCENT, MUTED, tidy
from nnviz.figures.digits import mosaic

VALIDATION = "#ea580c"
METRIC_NAMES = {"loss": "loss (cross-entropy)", "acc": "accuracy"}
RUN_COLOURS = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#be123c")


def training_curve(
    history: list[dict],
    metric: str = "loss",
    best_epoch: int | None = None,
    overfit_epoch: int | None = None,
    total_epochs: float | None = None,
) -> go.Figure:
    """Training `metric` per chunk of batches and validation per epoch, against epochs.

    Redrawn twice a second while a run trains, so it is built in one go from
    plain dicts: plotly validates once instead of once per update call.
    """
    ends = [r for r in history if "test_loss" in r]
    # Without a validation set, the per-epoch check can only be the test set; say so.
    held_out = "val" if any("val_loss" in r for r in ends) else "test"
    traces = [
        dict(type="scatter", x=[r["epoch"] for r in history], y=[r[metric] for r in history], mode="lines",
             name="training (per chunk)", line=dict(color=ACCENT, width=1.5)),
        dict(type="scatter", x=[r["epoch"] for r in ends], y=[r[f"{held_out}_{metric}"] for r in ends],
             mode="lines+markers", line=dict(color=VALIDATION, width=3), marker=dict(size=8),
             name="validation (per epoch)" if held_out == "val" else "test (per epoch; no validation set)"),
    ]  # fmt: skip
    marks = [(best_epoch, "#16a34a", "dash", f"best: epoch {best_epoch}", "right"),
             (overfit_epoch, "#b91c1c", "dot", "validation turns up: overfitting", "left")]  # fmt: skip
    marks = [m for m in marks if m[0] is not None]
    layout = dict(
        title=dict(text=f"{METRIC_NAMES[metric].capitalize()} while it learns", x=0, xanchor="left"),
        height=360,
        margin=dict(l=10, r=10, t=40, b=10),
        font=dict(size=14),
        legend=dict(orientation="h", y=-0.22, yanchor="top", x=0, xanchor="left"),
        xaxis=dict(title=dict(text="epoch"), range=[0, total_epochs] if total_epochs else None),
        yaxis=dict(title=dict(text=METRIC_NAMES[metric]), tickformat=".0%" if metric == "acc" else None),
        shapes=[dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(color=c, dash=d))
                for x, c, d, _, _ in marks],
        annotations=[dict(x=x, y=1 if side == "right" else 0.05, yref="paper", text=text, showarrow=False,
                          xanchor=side, font=dict(color=c, size=12)) for x, c, _, text, side in marks],
    )  # fmt: skip
    return go.Figure(dict(data=traces, layout=layout))


def pixel_values(image: np.ndarray, label: int) -> go.Figure:
    """One digit as the computer gets it: a 28x28 grid of numbers 0-255, each printed in its cell."""
    image = np.asarray(image, dtype=int)
    fig = go.Figure(
        go.Heatmap(
            z=image,
            text=image.astype(str),
            texttemplate="%{text}",
            textfont=dict(size=7),
            colorscale="gray_r",
            zmin=0,
            zmax=255,
            showscale=False,
            hovertemplate="row %{y}, column %{x}: %{z}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", scaleanchor="x", constrain="domain", title="row")
    fig.update_xaxes(title="column", constrain="domain")
    return tidy(fig, f"A {label}, as 784 numbers", height=640)


def confusion(matrix: np.ndarray) -> go.Figure:
    """Rows are the true digits, columns the network's answers; the diagonal is right."""
    n = len(matrix)
    off_diagonal = np.where(np.eye(n, dtype=bool), np.nan, matrix)
    fig = go.Figure(
        go.Heatmap(
            z=np.log1p(off_diagonal),
            text=matrix,
            texttemplate="%{text}",
            colorscale="Reds",
            showscale=False,
            hoverinfo="skip",
        )
    )
    rows, cols = np.divmod(np.arange(n * n), n)
    fig.add_trace(  # invisible markers over the cells: they carry the hover label and make a cell clickable
        go.Scatter(x=cols, y=rows, mode="markers", marker=dict(size=30, symbol="square", opacity=0.01),
                   customdata=matrix.ravel(), showlegend=False,
                   hovertemplate="a real %{y}, read as %{x}: %{customdata} digits<extra></extra>")
    )  # fmt: skip
    fig.update_xaxes(title="the network says", tickvals=list(range(n)), side="top")
    fig.update_yaxes(title="the digit really is", tickvals=list(range(n)), autorange="reversed", scaleanchor="x")
    return tidy(fig, None, height=460)


def weight_pictures(weights: np.ndarray, cols: int = 8, title: str | None = None) -> go.Figure:
    """Each unit's or filter's weights as a small picture: red pushes up, blue pushes down."""
    limit = float(np.abs(weights).max()) or 1.0
    tile = weights.shape[-1]
    fig = go.Figure(
        go.Heatmap(
            z=mosaic(weights, cols),
            colorscale="RdBu_r",
            zmin=-limit,
            zmax=limit,
            showscale=False,
            hoverinfo="skip",
        )
    )
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    rows = -(-len(weights) // cols)
    return tidy(fig, title, height=60 + rows * max(60, 3 * tile))


def compare_runs(runs: list[dict], metric: str = "val_loss") -> go.Figure:
    """The validation curves of several runs on one chart; `runs` hold "name" and "history"."""
    fig = go.Figure()
    for i, run in enumerate(runs):
        ends = [r for r in run["history"] if metric in r]
        fig.add_trace(
            go.Scatter(
                x=[r["epoch"] for r in ends],
                y=[r[metric] for r in ends],
                mode="lines+markers",
                name=run["name"],
                line=dict(color=RUN_COLOURS[i % len(RUN_COLOURS)]),
            )
        )
    fig.update_xaxes(title="epoch")
    label = "validation loss" if metric == "val_loss" else "validation accuracy"
    fig.update_yaxes(title=label, tickformat=".0%" if metric.endswith("acc") else None)
    fig.update_layout(showlegend=True)
    if not runs:
        fig.add_annotation(text="no finished runs yet", showarrow=False, font=dict(color=MUTED))
    return tidy(fig, None, height=340)
