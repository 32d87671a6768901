"""A figure restyled to read from the back of a classroom: big type, thick lines, full contrast."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_SIZE = 22
LINE_WIDTH = 4
MARKER_SCALE = 1.6
# Black on white or white on black; grid lines mid-grey so data stays the brightest thing.
INK = {"light": ("#000000", "#ffffff", "#8c8c8c"), "dark": ("#ffffff", "#000000", "#737373")}
# Okabe and Ito's palette: distinct for colour-blind eyes and on washed-out projectors.
COLOURWAY = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def for_projector(fig: go.Figure, dark: bool = False) -> go.Figure:
    """A copy of `fig` with large fonts, thick lines and markers, and the theme's highest contrast."""
    ink, paper, grid = INK["dark" if dark else "light"]
    out = go.Figure(fig)
    height = out.layout.height or 360
    out.update_layout(
        font=dict(size=FONT_SIZE, color=ink),
        paper_bgcolor=paper,
        plot_bgcolor=paper,
        colorway=[*COLOURWAY[:-1], ink],  # the last colour is the ink itself
        height=int(height * 1.25),
        title_font_size=FONT_SIZE + 4,
        # Big tick labels and axis titles need room (plotly's automargin leaves axis titles out).
        margin=dict(l=90 if _titled(out.select_yaxes()) else 20, r=20, t=70 if out.layout.title.text else 30,
                    b=80 if _titled(out.select_xaxes()) else 20),
    )  # fmt: skip
    axes = dict(gridcolor=grid, linecolor=ink, zerolinecolor=grid, tickfont_size=FONT_SIZE - 2, automargin=True)
    out.update_xaxes(**axes, title_standoff=10)
    out.update_yaxes(**axes, title_standoff=10)
    kinds = {trace.type for trace in out.data}
    if kinds & {"heatmap", "image"}:  # grid lines would strike through the cells and their numbers
        out.update_xaxes(showgrid=False, zeroline=False)
        out.update_yaxes(showgrid=False, zeroline=False)
    elif "bar" in kinds:  # categories need no vertical lines between them
        out.update_xaxes(showgrid=False)
    for trace in out.data:
        _thicken(trace)
    return out


def _titled(axes) -> bool:
    return any(axis.title.text for axis in axes)


def _thicken(trace) -> None:
    """Lines at least LINE_WIDTH wide, markers MARKER_SCALE times bigger (where the trace has them)."""
    if trace.type not in ("scatter", "scattergl", "scatter3d", "bar"):
        return
    if trace.type != "bar" and "lines" in (trace.mode or "lines"):
        trace.line.width = max(trace.line.width or 2, LINE_WIDTH)
    marker = trace.marker
    if trace.type != "bar" and marker is not None:
        size = marker.size if isinstance(marker.size, int | float) else 6
        marker.size = size * MARKER_SCALE
