"""Pictures of digits: mosaics with labels, and one digit as numbers."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import tidy
from nnviz.figures.shared import shared

GAP = 2  # pixels between tiles
CAPTION_GAP = 9  # pixels between rows that carry a caption above each tile, so captions clear the row above
# The 28x28 grid of numbers prints them only in a chart at least this wide: its cells are then 13 px or more, room
# for "255" (11 px wide in 7 px type). On a phone (a 358 px chart, 10 px cells) they ran into each other.
NUMBERS_MIN_WIDTH = 460  # px: 28 cells of 13 px, plus the axes' 82 px


def mosaic(images: np.ndarray, cols: int, row_gap: int = GAP) -> np.ndarray:
    """Tile (N, 28, 28) images into one array, rows of `cols`, with gaps."""
    n, h, w = images.shape
    rows = -(-n // cols)
    out = np.full((rows * (h + row_gap) - row_gap, cols * (w + GAP) - GAP), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, cols)
        out[r * (h + row_gap) : r * (h + row_gap) + h, c * (w + GAP) : c * (w + GAP) + w] = image
    return out


@shared
def digit_grid(
    images: np.ndarray,
    captions: list[str],
    cols: int = 8,
    title: str | None = None,
    wrong: list[bool] | None = None,
) -> go.Figure:
    """Digits in a grid, each with a caption above it; `wrong` ones in red and bold (not by colour alone)."""
    images = np.asarray(images, dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=mosaic(images, cols, row_gap=CAPTION_GAP),
            colorscale="gray_r",
            showscale=False,
            hoverinfo="skip",
            zmin=0,
            zmax=255,
            name=f"{len(images)} digit{'s' * (len(images) != 1)}",
        )
    )
    # One list for all captions: plotly copies every annotation already there on each add_annotation.
    annotations = []
    for i, caption in enumerate(captions):
        r, c = divmod(i, cols)
        bad = wrong is not None and wrong[i]
        annotations.append(
            dict(
                x=c * (28 + GAP) + 13.5,
                y=r * (28 + CAPTION_GAP) - 1,
                text=f"<b>{caption}</b>" if bad else caption,
                showarrow=False,
                yanchor="bottom",
                font=dict(size=13, color="#d62728" if bad else None),
            )
        )
    fig.update_layout(annotations=annotations)
    rows = -(-len(images) // cols)
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    tidy(fig, title, height=60 + rows * 95)
    return fig.update_layout(margin_t=fig.layout.margin.t + 18)  # room for the first row's captions


@shared
def pixel_numbers(image: np.ndarray, title: str | None = None, on_black: bool = False) -> go.Figure:
    """One digit as the computer gets it: a 28x28 grid of numbers 0-255, each printed in its cell.

    Dark ink on white like the digit grids, or `on_black`: white ink, as the drawing canvas shows it.
    """
    image = np.asarray(image, dtype=int)
    fig = go.Figure(
        go.Heatmap(
            z=image,
            text=image.astype(str),
            texttemplate="%{text}",
            textfont=dict(size=7),
            colorscale="gray" if on_black else "gray_r",
            zmin=0,
            zmax=255,
            showscale=False,
            hovertemplate="row %{y}, column %{x}: %{z}<extra></extra>",
            name="pixel values",
        )
    )
    fig.update_yaxes(autorange="reversed", scaleanchor="x", constrain="domain", title="row")
    fig.update_xaxes(title="column", constrain="domain")
    return tidy(fig, title, height=640)
