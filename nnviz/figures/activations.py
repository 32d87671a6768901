"""Figures of the activation lesson: curves with their slopes, a neuron, softmax, fits, gradients."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nnviz.figures import ACCENT, CLASS_COLOURS, MUTED, plain, tidy
from nnviz.figures.shared import shared

SLOPE_COLOUR = "#ea580c"
INK = "#111827"


@shared
def activation_plot(name: str, x, f, df) -> go.Figure:
    """An activation and its derivative on one shared axis."""
    x, f, df = (np.asarray(v, dtype=float) for v in (x, f, df))
    fig = go.Figure(
        [
            go.Scatter(x=x, y=f, mode="lines", line=dict(color=ACCENT, width=3), name="f(x)"),
            go.Scatter(x=x, y=df, mode="lines", line=dict(color=SLOPE_COLOUR, width=2, dash="dash"), name="f'(x)"),
        ]
    )
    fig.add_hline(y=0, line=dict(color=MUTED, width=1))
    fig.add_vline(x=0, line=dict(color=MUTED, width=1))
    fig.update_xaxes(title="x")
    return tidy(fig, name, height=260)


@shared
def neuron_curve(x, y, x_now: float, y_now: float, name: str) -> go.Figure:
    """A one-input neuron's output against its input, with the current input marked."""
    fig = go.Figure(
        [
            go.Scatter(x=np.asarray(x), y=np.asarray(y), mode="lines", line=dict(color=ACCENT, width=3),
                       name=f"{name}(w x1 + b)"),
            go.Scatter(x=[x_now], y=[y_now], mode="markers", marker=dict(size=14, color=SLOPE_COLOUR), name="now"),
        ]
    )  # fmt: skip
    fig.update_xaxes(title="x1")
    fig.update_yaxes(title="output")
    return tidy(fig, height=340)


@shared
def neuron_surface(axis, outputs, point: tuple[float, float], value: float) -> go.Figure:
    """A two-input neuron's output as a map over (x1, x2), with the current input marked."""
    axis = np.asarray(axis, dtype=float)
    fig = go.Figure(
        [
            go.Heatmap(x=axis, y=axis, z=np.asarray(outputs, dtype=float), colorscale="RdBu_r",
                       colorbar=dict(title="output"), hovertemplate="x1 %{x:.2f}<br>x2 %{y:.2f}<br>out %{z:.3f}"),
            go.Scatter(x=[point[0]], y=[point[1]], mode="markers+text", text=[f"{value:.3f}"],
                       textposition="top center", marker=dict(size=14, color="#fde047", line=dict(color=INK, width=2)),
                       textfont=dict(color=INK), name="now", showlegend=False),
        ]
    )  # fmt: skip
    fig.update_xaxes(title="x1")
    fig.update_yaxes(title="x2", scaleanchor="x")
    return tidy(fig, height=380)


@shared
def softmax_bars(probabilities, one_hot, soft, losses: tuple[float, float]) -> go.Figure:
    """Softmax output (summing to 1) beside a one-hot and a soft target for the same classes."""
    p = np.asarray(probabilities, dtype=float)
    classes = [str(i) for i in range(len(p))]
    fig = make_subplots(
        rows=1, cols=2, horizontal_spacing=0.08,
        subplot_titles=(f"softmax: sums to {p.sum():.3f}", "targets"),  # short: side by side on a phone too
    )  # fmt: skip
    # The numbered bars are drawn on the second axes, moved to the left: plotly.js (4.1) fits bar numbers to one
    # size (layout.uniformtext) only if the last axes it draws hold numbered bars, and on a phone they shrank to 7 px.
    fig.add_trace(go.Bar(x=classes, y=p, marker_color=ACCENT, text=[f"{v:.2f}" for v in p], textposition="outside",
                         name="probability", showlegend=False), row=1, col=2)  # fmt: skip
    fig.add_trace(go.Bar(x=classes, y=np.asarray(one_hot, dtype=float), marker_color=CLASS_COLOURS[0],
                         name=f"one-hot (loss {losses[0]:.3f})"), row=1, col=1)  # fmt: skip
    fig.add_trace(go.Bar(x=classes, y=np.asarray(soft, dtype=float), marker_color=CLASS_COLOURS[1],
                         marker_pattern_shape="/", name=f"soft (loss {losses[1]:.3f})"), row=1, col=1)  # fmt: skip
    fig.layout.xaxis.domain, fig.layout.xaxis2.domain = fig.layout.xaxis2.domain, fig.layout.xaxis.domain
    fig.update_yaxes(range=[0, 1.15])
    fig.update_xaxes(title="class", type="category")
    tidy(fig, height=380)
    # the legend under the panels (inside the right one it spread over both on a phone); room above for the panel
    # titles, clear of the controls above
    below = dict(orientation="h", yanchor="top", y=-0.3, xanchor="left", x=0)
    return fig.update_layout(barmode="group", legend=below, margin=dict(t=40, b=20))


@shared
def collapse_plot(x, stack_output, line_output, between: str) -> go.Figure:
    """A stack of layers against the single linear map its weights multiply out to."""
    fig = go.Figure(
        [
            go.Scatter(x=np.asarray(x), y=np.asarray(line_output), mode="lines",
                       line=dict(color=SLOPE_COLOUR, width=6), opacity=0.5, name="one linear map (W, b)"),
            go.Scatter(x=np.asarray(x), y=np.asarray(stack_output), mode="lines",
                       line=dict(color=ACCENT, width=2, dash="dash"), name=f"the stack, {between} between layers"),
        ]
    )  # fmt: skip
    fig.update_xaxes(title="input")
    fig.update_yaxes(title="output")
    return tidy(fig, height=340)


@shared
def fit_plot(x, target, prediction, label: str) -> go.Figure:
    """The curve to learn and the network's attempt."""
    fig = go.Figure(
        [
            go.Scatter(x=np.asarray(x), y=np.asarray(target), mode="markers", marker=dict(color=MUTED, size=6),
                       name="target"),
            go.Scatter(x=np.asarray(x), y=np.asarray(prediction), mode="lines", line=dict(color=ACCENT, width=3),
                       name=label),
        ]
    )  # fmt: skip
    fig.update_xaxes(title="x")
    fig.update_yaxes(title="y")
    return tidy(fig, height=340)


@shared
def fits_by_width(widths: Sequence[int], fits: Sequence) -> go.Figure:
    """Small multiples: the same curve learned with more and more hidden units."""
    # a number over each panel and the words once, in the title: "16 units32 units" ran together on a phone
    fig = make_subplots(rows=1, cols=len(widths), shared_yaxes=True, horizontal_spacing=0.02,
                        subplot_titles=[str(w) for w in widths])  # fmt: skip
    for col, fit in enumerate(fits, start=1):
        fig.add_trace(go.Scatter(x=fit.x, y=fit.target, mode="lines", line=dict(color=MUTED, width=5, dash="dot"),
                                 name="target", showlegend=False), row=1, col=col)  # fmt: skip
        fig.add_trace(go.Scatter(x=fit.x, y=fit.prediction, mode="lines", line=dict(color=ACCENT, width=2),
                                 name="network", showlegend=False), row=1, col=col)  # fmt: skip
    fig.update_xaxes(showticklabels=False)
    tidy(fig, "hidden units in each picture", height=240)
    # the title pinned to the top, the panel numbers under it
    return fig.update_layout(title=dict(yref="container", y=1, yanchor="top", pad_t=6), margin_t=58)


@shared
def loss_by_width(widths: Sequence[int], losses: Sequence[float], current: int | None = None) -> go.Figure:
    """The error left after training, for each number of hidden units (log scale)."""
    widths = list(widths)
    fig = go.Figure(
        go.Scatter(x=[str(w) for w in widths], y=np.maximum(np.asarray(losses, dtype=float), 1e-8),
                   mode="lines+markers", line=dict(color=ACCENT, width=3), marker=dict(size=10), name="error")
    )  # fmt: skip
    if current in widths:
        fig.add_vline(x=widths.index(current), line=dict(color=SLOPE_COLOUR, dash="dot"))
    fig.update_xaxes(title="hidden units", type="category")
    fig.update_yaxes(title="mean squared error", type="log", exponentformat="power")  # 10⁻⁴, not 100μ
    return tidy(fig, height=340)


@shared
def local_gradient_bars(gradients: dict[str, float], x: float) -> go.Figure:
    """f'(x) for each activation: the factor each passes back at input x."""
    names, values = list(gradients), list(gradients.values())
    fig = go.Figure(
        go.Bar(x=names, y=values, marker_color=ACCENT, text=[f"{v:.3g}" for v in values], textposition="outside")
    )
    fig.update_yaxes(title=f"f'({x:g})", range=[0, max(1.2, max(values) * 1.2)])
    return tidy(fig, height=320)


@shared
def layer_gradient_bars(norms: Sequence[float], name: str) -> go.Figure:
    """Gradient size on each layer's weights, first layer first, on a log scale; exact zeros are labelled."""
    norms = np.asarray(norms, dtype=float)
    layers = [f"layer {i + 1}" for i in range(len(norms))]
    shown = np.where(norms > 0, norms, np.nan)  # a log axis has no place for 0
    fig = go.Figure(
        go.Bar(x=layers, y=shown, marker_color=ACCENT, name=name,
               text=[plain(v) if v > 0 else "exactly 0" for v in norms], textposition="outside")
    )  # fmt: skip
    if not np.any(norms > 0):
        fig.add_annotation(text="every gradient is exactly 0", showarrow=False, xref="paper", yref="paper", y=0.5)
    fig.update_yaxes(title="gradient size (log)", type="log", exponentformat="power")  # 10⁻⁴, not 100μ
    fig.update_xaxes(title="input side → output side")
    return tidy(fig, height=340)
