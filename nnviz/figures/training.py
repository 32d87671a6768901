"""Figures of the training lesson: live curves, the pixels of one digit, what a trained net got wrong."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import ACCENT, DASHES, MUTED, SYMBOLS, tidy
from nnviz.figures.digits import mosaic
from nnviz.figures.shared import shared

VALIDATION = "#ea580c"
METRIC_NAMES = {"loss": "loss (cross-entropy)", "acc": "accuracy"}
RUN_COLOURS = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#be123c")
FIRST_POINT = "the first point comes after the first few batches"
LEGEND_ROOM = 110  # px under the plot: tick labels, the axis title and a legend wrapped onto two rows
OVERFIT_RED = "#e03131"  # 4.5:1 on the white page, 4.0:1 on the dark one (#b91c1c: 2.8:1): a red for both
BEST_GREEN = "#1f883d"  # 4.5:1 on white, 4.0:1 on dark (#16a34a: 3.3:1 on white)


def training_curve(
    history: list[dict],
    metric: str = "loss",
    best_epoch: int | None = None,
    overfit_epoch: int | None = None,
    total_epochs: float | None = None,
) -> go.Figure:
    """Training `metric` per chunk of batches and validation per epoch, against epochs.

    Redrawn every tick while a run trains, for every visitor training, so it is built in one go from plain
    dicts, and not validated: plotly's validation took three quarters of its time. A test validates it. Its
    points are numpy arrays, which plotly copies whole rather than number by number.
    """
    ends = [r for r in history if "test_loss" in r]
    # Without a validation set, the per-epoch check can only be the test set; say so.
    held_out = "val" if any("val_loss" in r for r in ends) else "test"
    traces = [
        dict(type="scatter", x=_column(history, "epoch"), y=_column(history, metric), mode="lines",
             name="training (per chunk)", line=dict(color=ACCENT, width=1.5)),
        dict(type="scatter", x=_column(ends, "epoch"), y=_column(ends, f"{held_out}_{metric}"),
             mode="lines+markers", line=dict(color=VALIDATION, width=3), marker=dict(size=8, symbol="diamond"),
             cliponaxis=False,  # the last epoch's marker sits on the frame: drawn whole, not cut in half
             name=f"{'validation' if held_out == 'val' else 'test'} (per epoch)"),  # the settings' table says which
    ]  # fmt: skip
    span = total_epochs or max([r["epoch"] for r in history], default=1)
    # Short labels: on a projector the plot beside a legend column was about 230 px wide, and a longer one ran over
    # the legend. The warning under the charts says what the overfitting line means.
    marks = [(best_epoch, BEST_GREEN, "dash", f"best: epoch {best_epoch}"),
             (overfit_epoch, OVERFIT_RED, "dot", "overfitting")]  # fmt: skip
    # each label reads away from the nearer edge, so it is never cut by the frame
    # for the first mark shown, then the second: rows apart by a line of the projector's type in its 130 px plot
    heights = [1.0, 0.84] if metric == "loss" else [0.05, 0.21]
    marks = [(*m, "left" if m[0] < span / 2 else "right") for m in marks if m[0] is not None]
    layout = dict(
        title=dict(text=f"{METRIC_NAMES[metric].capitalize()} while it learns", x=0, xanchor="left"),
        height=380,
        # The legend sits at the chart's foot and the bottom margin keeps two rows of it clear of the "epoch"
        # title: placed a share of the plot's height below the axis, it rose onto that title on a phone, where it
        # wraps and the margin it pushed shrank the plot.
        margin=dict(l=10, r=10, t=40, b=LEGEND_ROOM),
        font=dict(size=14),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, xanchor="left"),
        xaxis=dict(title=dict(text="epoch"), **({"range": [0, total_epochs]} if total_epochs else {})),
        yaxis=dict(title=dict(text=METRIC_NAMES[metric]), **({"tickformat": ".0%"} if metric == "acc" else {})),
        # the second line leaves the first label's row free: a line an epoch away crossed its words
        shapes=[dict(type="line", x0=x, x1=x, y0=y0, y1=y1, yref="paper", line=dict(color=c, dash=d))
                for (x, c, d, _, _), (y0, y1) in zip(marks, [(0, 1), _clear(heights[0])], strict=False)],
        # a few pixels off their line, and where the curves are not: near the top of a loss chart (loss falls),
        # near the foot of an accuracy chart (accuracy climbs); at the top, "best" was written over the accuracy
        annotations=[dict(x=x, y=heights[i], yref="paper", text=text, showarrow=False, xanchor=side,
                          xshift=-4 if side == "right" else 4, font=dict(color=c, size=12))
                     for i, (x, c, _, text, side) in enumerate(marks)],
    )  # fmt: skip
    if not history:  # the moment a run starts: an empty axis says why it is empty
        layout["annotations"].append(dict(text=FIRST_POINT, showarrow=False, xref="paper", yref="paper", x=0.5,
                                          y=0.5, font=dict(size=15)))  # fmt: skip
        layout["yaxis"]["showticklabels"] = False
    layout = {name: value for name, value in layout.items() if value != []}  # as validation would leave it
    return go.Figure(dict(data=traces, layout=layout), _validate=False)  # valid as written: tests/engine checks it


def _clear(row: float, room: float = 0.12) -> tuple[float, float]:
    """The span of a chart's height (paper units) a line may take and keep clear of a label on `row`."""
    return (0.0, row - room) if row > 0.5 else (row + room, 1.0)


def _column(records: list[dict], name: str) -> np.ndarray:
    return np.array([r[name] for r in records], dtype=float)


@shared
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
            name="test digits counted",
        )
    )
    rows, cols = np.divmod(np.arange(n * n), n)
    fig.add_trace(  # invisible markers over the cells: they carry the hover label and make a cell clickable
        go.Scatter(x=cols, y=rows, mode="markers", marker=dict(size=30, symbol="square", opacity=0.01),
                   customdata=matrix.ravel(), showlegend=False,
                   hovertemplate="a real %{y}, read as %{x}: %{customdata} digits<extra></extra>")
    )  # fmt: skip
    # no gridlines: at the ticks they ran through the middle of each cell, and crossed in the blank diagonal's
    bare = dict(tickvals=list(range(n)), showgrid=False, zeroline=False)
    fig.update_xaxes(title="the network says", side="top", **bare)
    fig.update_yaxes(title="the digit really is", autorange="reversed", scaleanchor="x", **bare)
    return tidy(fig, None, height=460)


@shared
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
            colorbar=dict(title="weight", thickness=12, len=0.8),  # the sign is in the colour: say which is which
            hoverinfo="skip",
            name=f"{len(weights)} weight pictures",
        )
    )
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    rows = -(-len(weights) // cols)
    return tidy(fig, title, height=60 + rows * max(60, 3 * tile))


@dataclass(frozen=True)
class RunMetric:
    """How to read one curve out of a run's history: which records, which number, how to show it."""

    key: str  # the number in each record
    per_epoch: bool  # only the epoch-end records (validation), or every chunk (training)
    percent: bool = False


# Human label -> how to read it; the Compare runs selector lists these.
COMPARE_METRICS = {
    "validation loss": RunMetric("val_loss", per_epoch=True),
    "validation accuracy": RunMetric("val_acc", per_epoch=True, percent=True),
    "training loss": RunMetric("loss", per_epoch=False),
}
_OLD_KEYS = {"val_loss": "validation loss", "val_acc": "validation accuracy", "loss": "training loss"}


def run_curve(history: list[dict], metric: str = "validation loss") -> tuple[list[float], list[float]]:
    """Epochs and values of `metric` (a COMPARE_METRICS label) in one run's history."""
    how = COMPARE_METRICS[_OLD_KEYS.get(metric, metric)]
    records = [r for r in history if how.key in r and (not how.per_epoch or "test_loss" in r)]
    return [r["epoch"] for r in records], [r[how.key] for r in records]


@shared
def compare_runs(runs: list[dict], metric: str = "validation loss") -> go.Figure:
    """One curve per run on one chart, told apart by colour, dash and marker; `runs` hold "name" and "history".

    `metric` is a label of COMPARE_METRICS (the old keys "val_loss" and "val_acc" still work)."""
    label = _OLD_KEYS.get(metric, metric)
    if label not in COMPARE_METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of {list(COMPARE_METRICS)}")
    how = COMPARE_METRICS[label]
    fig = go.Figure()
    for i, run in enumerate(runs):
        epochs, values = run_curve(run["history"], label)
        style = i % len(RUN_COLOURS)
        fig.add_trace(go.Scatter(x=epochs, y=values, mode="lines+markers" if how.per_epoch else "lines",
                                 name=run["name"], marker=dict(symbol=SYMBOLS[style % len(SYMBOLS)], size=8),
                                 line=dict(color=RUN_COLOURS[style], dash=DASHES[style % len(DASHES)])))  # fmt: skip
    longest = max((r["history"][-1]["epoch"] for r in runs if r["history"]), default=1)
    fig.update_xaxes(title="epoch", range=[0, max(1, longest)])  # a run stopped early stays a short curve
    fig.update_yaxes(title=label, tickformat=".0%" if how.percent else None)
    fig.update_layout(showlegend=True)
    if not runs:
        fig.add_annotation(text="no finished runs yet", showarrow=False, font=dict(color=MUTED))
    return tidy(fig, None, height=340)
