"""Figures of the Draw lesson: the answer, the preparation, the inside of the model, the shift test."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nnviz.figures import ACCENT, DASHES, MUTED, SYMBOLS, tidy
from nnviz.figures.digits import mosaic
from nnviz.figures.shared import shared
from nnviz.preprocess import EVERY_STEP, PrepConfig, resize

SHOW = 70  # canvas-sized stages are shown at this many pixels a side: enough to see, light to send


@shared
def probability_bars(probs: np.ndarray, title: str | None = None, symbol: str | None = None) -> go.Figure:
    """The probabilities as bars, the top answer in the accent colour: ten digits, and an eleventh bar named
    `symbol` for a model taught the learner's own symbol.

    Built in one go, axes and all: each later update walks plotly's checks again, and this is the chart a
    visitor waits for after every stroke."""
    probs = np.asarray(probs, dtype=float)
    colours = [ACCENT if i == probs.argmax() else MUTED for i in range(len(probs))]
    names = [str(d) for d in range(10)] + [symbol or "your symbol"] * (len(probs) > 10)
    bars = go.Bar(
        x=names,
        y=probs,
        marker_color=colours,
        text=[f"{p:.0%}" for p in probs],
        textposition="outside",
        hovertemplate="%{x}: %{y:.1%}<extra></extra>",
    )
    axes = dict(
        yaxis=dict(range=[0, 1.15], tickformat=".0%", title="probability"),
        xaxis=dict(type="category", title="digit" if len(probs) == 10 else "digit or your symbol"),
    )
    return tidy(go.Figure(bars, axes), title, height=300)


def _grey(image: np.ndarray, n: int) -> go.Heatmap:
    """A stage as bytes, 0-255: a quarter of the floats' size on the wire, and the look is the same."""
    pixels = np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)
    axes = dict(xaxis=f"x{n}", yaxis=f"y{n}") if n > 1 else {}
    return go.Heatmap(z=pixels, colorscale="gray", zmin=0, zmax=255, showscale=False, hoverinfo="skip", **axes)


def _shrink(image: np.ndarray) -> np.ndarray:
    h, w = image.shape
    scale = min(1.0, SHOW / max(h, w))
    return resize(image, max(1, round(h * scale)), max(1, round(w * scale)))


def _panels(titles: list[str], gap: float) -> dict:
    """The layout of pictures side by side, each on its own square axes: what make_subplots would build, built
    in one go (make_subplots costs more than the rest of this figure, and the figure is redrawn every stroke)."""
    width = (1 - gap * (len(titles) - 1)) / len(titles)
    layout: dict = {"annotations": []}
    for i, title in enumerate(titles):
        n = "" if i == 0 else str(i + 1)
        left = i * (width + gap)
        layout[f"xaxis{n}"] = dict(domain=[left, left + width], anchor=f"y{n}", visible=False, constrain="domain")
        # a picture narrower than its panel is tall (on a phone) sits at the foot, on its title
        layout[f"yaxis{n}"] = dict(domain=[0, 1], anchor=f"x{n}", autorange="reversed", visible=False,
                                   scaleanchor=f"x{n}", constrain="domain", constraintoward="bottom")  # fmt: skip
        # under its picture, where a projector's bigger type gets room (nnviz.figures.projector grows the margin)
        title_place = dict(x=left + width / 2, y=-0.03, xref="paper", yref="paper", xanchor="center", yanchor="top")
        layout["annotations"].append(dict(text=title, showarrow=False, font=dict(size=14), **title_place))
    return layout


@shared
def preparation_stages(
    grey: np.ndarray, box: tuple, cropped: np.ndarray, fitted: np.ndarray, placed: np.ndarray, redrawn: bool = False,
    steps: PrepConfig = EVERY_STEP,
) -> go.Figure:  # fmt: skip
    """The drawing at each step of the preparation, side by side; `redrawn`: the first is the even pen's. The
    titles say what `steps`, the preparation these pictures came from, did."""
    # two short lines each: on one line the four titles ran into each other on a phone
    first = "redrawn with<br>an even pen" if redrawn else "your<br>drawing"
    second = "cropped<br>to the ink" if steps.crop else "not<br>cropped"
    third = "fitted<br>into 20x20" if steps.keep_aspect else "squeezed<br>to 28x28"
    placed_by = "centred by<br>its mass" if steps.centre_of_mass else "box in the<br>middle"
    last = placed_by if steps.centre_of_mass or steps.keep_aspect else "left<br>as it is"
    layout = _panels([first, second, third, last], gap=0.04)
    small, crop = _shrink(grey), _shrink(cropped)
    traces = [_grey(small, 1)]
    h, w = crop.shape
    frame = max(h, w)  # the crop centred in a square frame: drawn in its own shape, and no taller than the drawing
    traces.append(_grey(crop, 2).update(x0=(frame - w) / 2, y0=(frame - h) / 2))
    layout["xaxis2"]["range"] = [-0.5, frame - 0.5]
    layout["yaxis2"].update(range=[frame - 0.5, -0.5], autorange=False)
    side = placed.shape[0]  # the last two share one 28x28 frame, so 20x20 is drawn smaller than 28x28, as it is
    for n, image in ((3, fitted), (4, placed)):
        h, w = image.shape
        traces.append(_grey(image, n).update(x0=(side - w) / 2, y0=(side - h) / 2))
        layout[f"xaxis{n}"]["range"] = [-0.5, side - 0.5]
        layout[f"yaxis{n}"].update(range=[side - 0.5, -0.5], autorange=False)
    factor = small.shape[0] / grey.shape[0]
    top, left, bottom, right = (v * factor - 0.5 for v in box)
    layout["shapes"] = [dict(type="rect", x0=left, x1=right, y0=top, y1=bottom, xref="x", yref="y",
                             line=dict(color=ACCENT, width=2))]  # fmt: skip
    fig = tidy(go.Figure(traces, layout), height=280)
    fig.update_layout(margin=dict(t=10, b=50))  # room for the panel titles' two lines under the pictures
    return fig


@shared
def feature_maps(maps: np.ndarray, title: str) -> go.Figure:
    """Each channel of a (C, H, W) layer output as a small picture: bright where that filter fired."""
    maps = np.asarray(maps, dtype=float)
    cols = 16 if len(maps) > 16 else 8
    fig = go.Figure(go.Heatmap(z=mosaic(maps, cols), colorscale="Viridis", showscale=False, hoverinfo="skip", zmin=0,
                               name=f"{len(maps)} channels"))  # fmt: skip
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    rows = -(-len(maps) // cols)
    return tidy(fig, title, height=60 + rows * 60)


@shared
def unit_bars(values: np.ndarray, title: str) -> go.Figure:
    """A dense layer's units as bars, in their own order: tall where a unit fired."""
    values = np.asarray(values, dtype=float)
    fig = go.Figure(go.Bar(y=values, marker_color=ACCENT, hovertemplate="unit %{x}: %{y:.2f}<extra></extra>"))
    fig.update_xaxes(title="unit")
    fig.update_yaxes(title="activation")
    return tidy(fig, title, height=220)


@shared
def attribution_map(digit: np.ndarray, attribution: np.ndarray, title: str) -> go.Figure:
    """Red where pixels pushed towards the answer, blue where they pushed away, over the faint digit."""
    limit = float(np.abs(attribution).max()) or 1.0
    fig = go.Figure(
        [
            go.Heatmap(
                z=digit, colorscale="gray", zmin=0, zmax=255, showscale=False, hoverinfo="skip", name="the digit"
            ),
            go.Heatmap(
                z=attribution,
                name="push towards the answer",
                colorbar=dict(title="push"),
                colorscale="RdBu_r",
                zmin=-limit,
                zmax=limit,
                opacity=0.75,
                hovertemplate="row %{y}, column %{x}: %{z:.3f}<extra></extra>",
            ),
        ]
    )
    fig.update_yaxes(autorange="reversed", scaleanchor="x", visible=False)
    fig.update_xaxes(visible=False)
    return tidy(fig, title, height=360)


@shared
def shift_curves(curves: dict[str, dict[str, list[float]]], shifts, sizes) -> go.Figure:
    """Accuracy of each model as the digits move off-centre (left) and shrink (right)."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=["moved off-centre", "shrunk"], horizontal_spacing=0.08)
    colours = [ACCENT, "#d62728", "#2ca02c"]
    for i, (name, curve) in enumerate(curves.items()):
        style = dict(
            line=dict(color=colours[i % len(colours)], dash=DASHES[i % len(DASHES)]),
            mode="lines+markers",
            marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=8),
            name=name,
            legendgroup=name,
        )
        fig.add_trace(go.Scatter(x=list(shifts), y=curve["shift"], **style), row=1, col=1)
        fig.add_trace(go.Scatter(x=[100 * s for s in sizes], y=curve["size"], showlegend=False, **style), row=1, col=2)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%", title="accuracy", col=1)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%", col=2)
    fig.update_xaxes(title="pixels moved", col=1)
    fig.update_xaxes(title="size, % of the original", autorange="reversed", col=2)  # shrinking, left to right
    fig = tidy(fig, height=360)
    fig.update_layout(margin=dict(t=70), legend=dict(y=1.12))  # the legend above the panel titles
    return fig
