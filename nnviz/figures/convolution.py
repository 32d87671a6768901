"""Figures of the Convolution lesson: the input with its window, one step in numbers, the output map, pooling,
the whole network layer by layer, and the shift test."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nnviz.figures import ACCENT, MUTED, plain, tidy
from nnviz.figures.digits import mosaic
from nnviz.figures.projector import MAX_HEIGHT, projector_height, projector_top
from nnviz.figures.shared import shared

WINDOW = "#f59e0b"  # the sliding window: amber reads on black and white pixels alike
MAPS = "Viridis"
STAGGER, LINES = 15, 3  # px between the lines of the overview's names (and shapes), and how many lines
PROJECTOR_STAGGER = 24  # px: the names' 11 px type grows to 17 px on a projector
CELL_FONT = 13  # px: the numbers in the step's nine cells
POOLED_NUMBERS = 7  # a pooled map at most this wide prints its numbers: wider, a phone's cells are too small


def _picture(z: np.ndarray, name: str, scale: str = "gray", **kwargs) -> go.Heatmap:
    return go.Heatmap(z=z, colorscale=scale, showscale=False, name=name,
                      hovertemplate="row %{y}, column %{x}: %{z:.3g}<extra></extra>", **kwargs)  # fmt: skip


def _square(fig: go.Figure, panels: int) -> None:
    """Rows downwards as in an image, square cells, no axes."""
    for i in range(1, panels + 1):
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{'' if i == 1 else i}", visible=False, row=1, col=i)
    fig.update_xaxes(visible=False)


def _box(fig: go.Figure, top: float, left: float, size: float, col: int = 1, dash: str = "solid",
         colour: str = WINDOW) -> None:  # fmt: skip
    fig.add_shape(type="rect", x0=left - 0.5, x1=left + size - 0.5, y0=top - 0.5, y1=top + size - 0.5,
                  line=dict(color=colour, width=3, dash=dash), row=1, col=col)  # fmt: skip


def _input_panel(fig: go.Figure, image: np.ndarray, padding: int, window: tuple[int, int, int] | None,
                col: int = 1) -> None:  # fmt: skip
    """The (padded) input in panel `col`, the real image in a dashed frame, the window (top, left, k) outlined."""
    padded = np.pad(np.asarray(image, dtype=float), padding)
    fig.add_trace(_picture(padded, "input pixels"), row=1, col=col)
    if padding:
        _box(fig, padding, padding, image.shape[0], col, dash="dot", colour=MUTED)
    if window is not None:
        _box(fig, window[0], window[1], window[2], col)


@shared
def input_figure(image: np.ndarray, padding: int, window: tuple[int, int, int] | None, title: str) -> go.Figure:
    fig = make_subplots(rows=1, cols=1)
    _input_panel(fig, image, padding, window)
    _square(fig, 1)
    return tidy(fig, title, height=330)


def _output_panel(fig: go.Figure, out: np.ndarray, filled: int | None, at: tuple[int, int] | None,
                 col: int = 1, clickable: bool = False) -> None:  # fmt: skip
    """The output map in panel `col`: only its first `filled` pixels (row by row) if given; `at` ringed."""
    shown = np.asarray(out, dtype=float).copy()
    if filled is not None:
        shown.ravel()[filled:] = np.nan
    high = float(np.nanmax(out)) if np.isfinite(out).any() and np.nanmax(out) > 0 else 1.0
    name = "output pixels" if filled is None else "output pixels so far"
    fig.add_trace(_picture(shown, name, MAPS, zmin=0, zmax=high), row=1, col=col)
    if clickable:  # one invisible point per pixel: a click on the map selects it
        rows, cols = np.indices(out.shape)
        fig.add_trace(go.Scatter(x=cols.ravel(), y=rows.ravel(), mode="markers", showlegend=False,
                                 marker=dict(size=12, opacity=0), hovertemplate="row %{y}, column %{x}<extra></extra>"),
                      row=1, col=col)  # fmt: skip
    if at is not None:
        _box(fig, at[0], at[1], 1, col)
    if filled is not None:  # the map's outline, so an empty map still shows its size
        fig.add_shape(type="rect", x0=-0.5, y0=-0.5, x1=out.shape[1] - 0.5, y1=out.shape[0] - 0.5,
                      line=dict(color=MUTED, width=1, dash="dot"), row=1, col=col)  # fmt: skip
    fig.update_xaxes(range=[-0.5, out.shape[1] - 0.5], row=1, col=col)  # the whole map, however little is filled
    fig.update_yaxes(range=[out.shape[0] - 0.5, -0.5], row=1, col=col)


@shared
def output_figure(out: np.ndarray, at: tuple[int, int] | None, title: str, clickable: bool = True) -> go.Figure:
    fig = make_subplots(rows=1, cols=1)
    _output_panel(fig, out, None, at, clickable=clickable)
    _square(fig, 1)
    fig = tidy(fig, title, height=330)
    return fig.update_layout(clickmode="event+select", dragmode=False) if clickable else fig


@shared
def sweep_figure(image: np.ndarray, padding: int, window: tuple[int, int, int], out: np.ndarray, filled: int,
                 at: tuple[int, int] | None, title: str) -> go.Figure:  # fmt: skip
    """The window on the input (left) and the output map filled so far (right)."""
    part = filled < out.size
    titles = ["window on padded input" if padding else "window on the input",  # short: whole on a phone
              "the output map so far" if part else "the output map"]  # fmt: skip
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.06)
    _input_panel(fig, image, padding, window, col=1)
    _output_panel(fig, out, filled if part else None, at, col=2)
    _square(fig, 2)
    fig = tidy(fig, title, height=340)
    return fig.update_layout(margin=dict(t=70))


def _numbers(values: np.ndarray, name: str, scale: dict) -> go.Heatmap:
    """Each cell's number to two digits, in type small enough for "-0.66" inside a 36-pixel cell of a phone."""
    return go.Heatmap(z=values, text=[[plain(v + 0.0) for v in row] for row in values], texttemplate="%{text}",
                      textfont=dict(size=CELL_FONT), showscale=False, name=name,
                      hovertemplate=f"{name}: %{{z:.4g}}<extra></extra>", **scale)  # fmt: skip


@shared
def step_figure(patch: np.ndarray, kernel: np.ndarray, products: np.ndarray, title: str) -> go.Figure:
    """The patch, the kernel and their element-wise products, each number printed in its cell."""
    fig = make_subplots(rows=1, cols=3, subplot_titles=["the patch", "× the kernel", "= the products"],
                        horizontal_spacing=0.05)  # fmt: skip
    for col, (values, name) in enumerate([(patch, "patch"), (kernel, "kernel"), (products, "products")], start=1):
        values = np.asarray(values, dtype=float)
        finite = values[np.isfinite(values)]
        if name == "patch":  # pixels in grey, as in the input, on at least the 0 to 1 range
            low, high = min(float(finite.min(initial=0.0)), 0.0), max(float(finite.max(initial=1.0)), 1.0)
            scale = dict(colorscale="gray", zmin=low, zmax=high)
        else:  # weights and products: red above 0, blue below
            limit = float(np.abs(finite).max(initial=0.0)) or 1.0
            scale = dict(colorscale="RdBu_r", zmid=0, zmin=-limit, zmax=limit)
        fig.add_trace(_numbers(values, name, scale), row=1, col=col)
    _square(fig, 3)
    fig = tidy(fig, title, height=300)
    return fig.update_layout(margin=dict(t=70))


@shared
def pool_figure(fmap: np.ndarray, pooled: np.ndarray, winners: np.ndarray, title: str) -> go.Figure:
    """The feature map with its 2 x 2 windows and each window's winner marked (left); the pooled map (right)."""
    titles = ["× marks the largest", "after 2 × 2 max pooling"]  # short: a phone gives each 150 pixels
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.06)
    high = float(fmap.max()) if fmap.size and fmap.max() > 0 else 1.0
    fig.add_trace(_picture(fmap, "feature map", MAPS, zmin=0, zmax=high), row=1, col=1)
    lit = pooled.ravel() > 0  # a window of zeros has no winner worth marking
    fig.add_trace(go.Scatter(x=winners[..., 1].ravel()[lit], y=winners[..., 0].ravel()[lit], mode="markers",
                             name="winner",
                             marker=dict(symbol="x", size=7, color=WINDOW, line=dict(width=1, color="black")),
                             hovertemplate="winner at row %{y}, column %{x}<extra></extra>"), row=1, col=1)  # fmt: skip
    h, w = fmap.shape
    xs, ys = [], []  # the windows' edges, as one line trace broken by gaps (one trace draws far faster than shapes)
    for i in range(1, pooled.shape[0]):
        xs, ys = [*xs, -0.5, w - 0.5, None], [*ys, 2 * i - 0.5, 2 * i - 0.5, None]
    for j in range(1, pooled.shape[1]):
        xs, ys = [*xs, 2 * j - 0.5, 2 * j - 0.5, None], [*ys, -0.5, h - 0.5, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=MUTED, width=1), showlegend=False,
                             hoverinfo="skip"), row=1, col=1)  # fmt: skip
    numbers = {}
    if max(pooled.shape, default=0) <= POOLED_NUMBERS:  # 13 numbers in a phone's 150 pixels ran together
        numbers = dict(text=[[plain(v) for v in row] for row in pooled], texttemplate="%{text}", textfont_size=10)
    fig.add_trace(_picture(pooled, "pooled map", MAPS, zmin=0, zmax=high, **numbers), row=1, col=2)
    _square(fig, 2)
    fig = tidy(fig, title, height=380)
    return fig.update_layout(margin=dict(t=70), showlegend=False)


def shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(str(n) for n in shape)


def _tiles(values: np.ndarray) -> np.ndarray:
    """A layer's maps tiled into one picture, each scaled to its own 0-1 so faint maps still show."""
    if values.ndim == 1:
        return values
    cols = math.ceil(math.sqrt(len(values)))
    low = values.min(axis=(1, 2), keepdims=True)
    span = values.max(axis=(1, 2), keepdims=True) - low
    return mosaic((values - low) / np.where(span > 0, span, 1.0), cols)


@shared
def overview(names: list[str], layers: list[np.ndarray], lines: int = LINES, stagger: int = STAGGER) -> go.Figure:
    """Every layer in one row: maps as tiled pictures, the dense scores and the softmax as bars; each output's
    shape written under it, names and shapes taking `lines` lines in turn, `stagger` px apart (a projector's big
    type needs two lines, PROJECTOR_STAGGER apart: on one, "conv 3" ran into "max pool 2" at 1366 px).
    Laid out by hand: make_subplots takes a quarter of a second for eleven panels."""
    count, gap = len(layers), 0.012
    width = (1 - gap * (count - 1)) / count
    data, layout, notes = [], {}, []
    for i, (title, values) in enumerate(zip(names, layers, strict=True)):
        n = "" if i == 0 else str(i + 1)
        axes = dict(xaxis=f"x{n}", yaxis=f"y{n}")
        name = f"{title} ({shape_text(values.shape)})"
        left = i * (width + gap)
        layout[f"xaxis{n}"] = dict(domain=[left, left + width], anchor=f"y{n}", showticklabels=False, showgrid=False,
                                   zeroline=False, visible=values.ndim == 1)  # fmt: skip
        if values.ndim == 1:
            data.append(go.Bar(x=[str(k) for k in range(len(values))], y=values, name=name, marker_color=ACCENT,
                               hovertemplate="%{x}: %{y:.3g}<extra></extra>", **axes))  # fmt: skip
            layout[f"yaxis{n}"] = dict(anchor=f"x{n}", visible=False)
        else:
            data.append(_picture(_tiles(values), name, MAPS, **axes))
            layout[f"yaxis{n}"] = dict(anchor=f"x{n}", visible=False, autorange="reversed", scaleanchor=f"x{n}")
        middle = left + width / 2
        shape = "×".join(str(k) for k in values.shape)  # tight: eleven of them share one row
        lift = stagger * (i % lines)  # names and shapes on three lines in turn: on a phone side by side they ran
        notes += [dict(text=title, x=middle, y=1.0, yanchor="bottom", yshift=lift, font=dict(size=11)),  # together
                  dict(text=shape, x=middle, y=-0.02, yanchor="top", yshift=-lift, font=dict(size=11))]  # fmt: skip
    annotations = [dict(note, xref="paper", yref="paper", showarrow=False) for note in notes]
    fig = go.Figure(data=data, layout=dict(layout, annotations=annotations, showlegend=False))
    more = stagger * (lines - 1)
    fig = tidy(fig, "layer by layer, each output's shape under it", height=260 + 3 * more)  # whole on a phone
    # on a projector: the title's 70 px, then a line of names for each line past the first, and the room lost to
    # them given back to the pictures
    fig = projector_height(projector_top(fig, 70 + stagger * (lines - 1)), MAX_HEIGHT + stagger * (lines - 1))
    return fig.update_layout(margin=dict(t=60 + 2 * more, b=40 + more))  # the title sits mid-margin: above them


@shared
def maps_figure(values: np.ndarray, title: str) -> go.Figure:
    """One layer's maps at full size, in rows of up to eight, on one shared colour scale."""
    cols = min(8, len(values))
    fig = go.Figure(_picture(mosaic(values, cols), f"{len(values)} maps", MAPS))
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    rows = -(-len(values) // cols)
    return tidy(fig, title, height=80 + rows * max(values.shape[-1] * 8, 90))


@shared
def shift_figure(digit: np.ndarray, moved: np.ndarray, before: np.ndarray, after: np.ndarray,
                 title: str) -> go.Figure:  # fmt: skip
    """The digit and its moved copy, each next to the same feature map of the CNN's first layer."""
    names = ["the digit", "its feature map", "moved", "its map"]  # four in a row: 80 pixels each on a phone
    fig = make_subplots(rows=1, cols=4, subplot_titles=names, horizontal_spacing=0.03)
    high = max(float(before.max()), float(after.max()), 1e-9)
    for col, (z, name) in enumerate(zip([digit, before, moved, after], names, strict=True), start=1):
        maps = col % 2 == 0
        fig.add_trace(_picture(z, name, MAPS if maps else "gray", zmin=0, zmax=high if maps else 255), row=1, col=col)
    _square(fig, 4)
    fig = tidy(fig, title, height=280)
    return fig.update_layout(margin=dict(t=70))


@shared
def shift_bars(probs: dict[str, tuple[np.ndarray, np.ndarray]], title: str) -> go.Figure:
    """Each model's ten probabilities before (plain bars) and after the move (hatched), one panel per model."""
    fig = make_subplots(rows=1, cols=len(probs), subplot_titles=list(probs), horizontal_spacing=0.08)
    for col, (name, (before, after)) in enumerate(probs.items(), start=1):
        for values, when, pattern in [(before, "before", ""), (after, "after the move", "/")]:
            fig.add_trace(go.Bar(x=[str(d) for d in range(10)], y=values, name=f"{name}, {when}",
                                 marker=dict(color=ACCENT if pattern == "" else WINDOW, pattern_shape=pattern),
                                 hovertemplate="digit %{x}: %{y:.1%}<extra></extra>"), row=1, col=col)  # fmt: skip
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title="probability", col=1)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_xaxes(title="digit", type="category")
    fig = tidy(fig, title, height=360)
    below = dict(orientation="h", x=0, xanchor="left", y=-0.3, yanchor="top")  # clear of the title on a projector
    return fig.update_layout(margin=dict(t=70, b=90), barmode="group", legend=below)
