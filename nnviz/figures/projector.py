"""A figure restyled to read from the back of a classroom: big type, thick lines, full contrast."""

from __future__ import annotations

import math
import numbers
import re

import plotly.graph_objects as go

FONT_SIZE = 22
DARK_FILL = 0.45  # the least opacity a shaded area gets on a black page
BASE_FONT = 14  # the font size figures are drawn with (nnviz.figures.tidy)
LINE_WIDTH = 4
MARKER_SCALE = 1.6
GROWTH = 1.25  # how much taller a figure gets
MAX_HEIGHT = 320  # px: a 768-pixel-high screen still shows the step's question and run control above a chart
TALL = 520  # px: a figure taller than this is a stack of panels, each of which needs its room
POWER_LABEL = round(FONT_SIZE * 1.6)  # px a tick label such as 10⁻³ needs on a log axis, its exponent included
LEGEND_LINE = 1.5  # a legend entry's height, as a multiple of its font size
MIN_LEGEND_FONT = 14  # px: smaller does not read from the back of a room
CHAR_WIDTH = 0.55  # an average character's width, as a share of its font size
TITLE_SIZE = FONT_SIZE + 4
TITLE_WIDTH = 640  # px: a title wider in big type ran past a chart in the wider of two page columns (the race map)
# A legend of a few entries goes in one row over the plot if it fits ROW_WIDTH px (about what a chart in one of
# two page columns gets on a 1366-pixel projector) in one of ROW_FONTS; each entry also takes ENTRY_MARK px for
# its line sample and the gap after it.
ROW_WIDTH = 520
ROW_FONTS = (FONT_SIZE, 20, 18, 16)
ENTRY_MARK = 45
ROW_GAP = 14  # px between the row and the plot's top edge
MIN_ROW_PLOT = 125  # px: the least height a plot keeps under a legend row
SCALED = ("heatmap", "contour")  # traces with a colour bar, which stands where a legend column or row would
ON_PROJECTOR = "projector_height"  # a figure's layout.meta may say how tall it is drawn on a projector
ON_PROJECTOR_TOP = "projector_top"  # ... and how much room its title and the notes over its plot need there
# Black on white or white on black; grid lines mid-grey so data stays the brightest thing.
INK = {"light": ("#000000", "#ffffff", "#8c8c8c"), "dark": ("#ffffff", "#000000", "#737373")}
# Okabe and Ito's palette: distinct for colour-blind eyes and on washed-out projectors.
COLOURWAY = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def for_projector(fig: go.Figure, dark: bool = False) -> go.Figure:
    """A copy of `fig` with large fonts, thick lines and markers, and the theme's highest contrast."""
    ink, paper, grid = INK["dark" if dark else "light"]
    # Each trace from a copy of its properties: built from the figure itself, plotly takes each trace's "type" out
    # of the figure's own properties and puts it back, and the figure may be shared (nnviz.figures.shared).
    out = go.Figure(data=[dict(trace.to_plotly_json()) for trace in fig.data], layout=fig.layout)
    height = out.layout.height or 360
    asked = _asked(out, ON_PROJECTOR)
    title_size = _fit_title(out)
    out.update_layout(
        font=dict(size=FONT_SIZE, color=ink),
        paper_bgcolor=paper,
        plot_bgcolor=paper,
        colorway=[*COLOURWAY[:-1], ink],  # the last colour is the ink itself
        height=asked or (height if height > TALL else min(int(height * GROWTH), MAX_HEIGHT)),
        title_font_size=title_size,
        # Big tick labels and axis titles need room (plotly's automargin leaves axis titles out).
        margin=dict(l=90 if _titled(out.select_yaxes()) else 20, r=20, t=_room_above(out),
                    b=max(80 if _titled(out.select_xaxes()) else 20, _room_below(out))),
    )  # fmt: skip
    axes = dict(gridcolor=grid, linecolor=ink, zerolinecolor=grid, tickfont_size=FONT_SIZE - 2, automargin=True)
    out.update_xaxes(**axes, title_standoff=10)
    out.update_yaxes(**axes, title_standoff=10)
    names = [trace.name for trace in out.data if trace.showlegend is not False and trace.name]
    legend = out.layout.legend
    below = names and legend.y is not None and (legend.y < 0 or (legend.yref == "container" and legend.y < 0.5))
    if len(names) > 3 or below:
        # A long legend in big type would wrap into rows over the plot, and one under the plot would sit on the
        # x axis's big title. A few short entries go in one row over the plot, which keeps the chart's width (a
        # column took half a chart in one of two page columns); the rest stand in a column at the right.
        if len(names) <= 3 and (size := _row_font(names)) and _room_for_row(out, size):
            _legend_row(out, size)
        else:
            _legend_column(out, len(names))
            for trace in out.data:  # the column is the legend's: a colour bar there would write over it
                if trace.type in SCALED:
                    trace.showscale = False
    _fold_long_titles(out)
    _decades_only(out)
    kinds = {trace.type for trace in out.data}
    if kinds & {"heatmap", "image"}:  # grid lines would strike through the cells and their numbers
        out.update_xaxes(showgrid=False, zeroline=False)
        out.update_yaxes(showgrid=False, zeroline=False)
    elif "bar" in kinds:  # categories need no vertical lines between them
        out.update_xaxes(showgrid=False)
    for trace in out.data:
        _thicken(trace)
        if dark:
            _lift_fill(trace)
    for note in out.layout.annotations:  # a label given its own size grows like the rest of the type
        if note.font.size:
            note.font.size = round(note.font.size * FONT_SIZE / BASE_FONT)
    return out


def _row_font(names: list[str]) -> int | None:
    """The biggest type, down to ROW_FONTS' smallest, in which the legend's entries fit one row of ROW_WIDTH."""
    for size in ROW_FONTS:
        if sum(ENTRY_MARK + len(name) * CHAR_WIDTH * size for name in names) <= ROW_WIDTH:
            return size
    return None


def _room_for_row(fig: go.Figure, size: int) -> bool:
    """Whether a legend row fits over the plot: nothing else is written there (a panel's title, a colour bar's,
    which the column would hide), and the plot keeps MIN_ROW_PLOT px of height (a log axis's labels piled up)."""
    over = any(_over_plot(note) for note in fig.layout.annotations)
    scaled = any(trace.type in SCALED for trace in fig.data)
    plot = _plot_height(fig) - round(size * LEGEND_LINE) - ROW_GAP
    return not over and not scaled and plot >= MIN_ROW_PLOT


def _over_plot(note) -> bool:
    """Whether a note stands over the plot's top edge (a panel's title does; a line's label at the top does not)."""
    return note.yref == "paper" and note.y is not None and (note.y > 1 or (note.y == 1 and note.yanchor == "bottom"))


def _legend_row(fig: go.Figure, size: int) -> None:
    """The legend in one row between the title and the plot, ROW_GAP px clear of the plot's top edge, where
    labels of lines in the plot stand (the training curves' "best" mark)."""
    fig.layout.margin.t += round(size * LEGEND_LINE) + ROW_GAP
    plot = _plot_height(fig)
    fig.update_layout(legend=dict(orientation="h", yref="paper", yanchor="bottom", y=1 + ROW_GAP / plot,
                                  xanchor="left", x=0, font_size=size))  # fmt: skip


def _plot_height(fig: go.Figure) -> int:
    """The plot's own height in px: the figure's, less its top and bottom margins."""
    return fig.layout.height - fig.layout.margin.t - fig.layout.margin.b


def _legend_column(fig: go.Figure, entries: int) -> None:
    """The legend in a column at the right, from the plot's top edge. A column taller than the plot scrolled (six
    entries in a 170-pixel map): its type shrinks to fit the plot's height, and the column may run on past the
    plot's bottom edge, beside the x axis's labels, for what plotly adds around the entries (with only the plot's
    height the race map's column still scrolled)."""
    plot = _plot_height(fig)
    fig.update_layout(legend=dict(orientation="v", yref="paper", yanchor="top", y=1, xanchor="left", x=1.02,
                                  maxheight=plot + fig.layout.margin.b))  # fmt: skip
    size = min(FONT_SIZE, int(plot / (entries * LEGEND_LINE)))
    if size < FONT_SIZE:
        fig.update_layout(legend=dict(font_size=max(size, MIN_LEGEND_FONT), tracegroupgap=0))


def projector_height(fig: go.Figure, height: int) -> go.Figure:
    """`fig`, marked to be drawn `height` px tall on a projector (a tall diagram that has to fit under a step's
    question and controls on a 768-pixel screen); elsewhere it keeps its own height."""
    return _mark(fig, ON_PROJECTOR, height)


def projector_top(fig: go.Figure, top: int) -> go.Figure:
    """`fig`, marked to get a `top` px top margin on a projector (notes written over its plot need room under
    the title); elsewhere it keeps its own margin."""
    return _mark(fig, ON_PROJECTOR_TOP, top)


def _mark(fig: go.Figure, key: str, value: int) -> go.Figure:
    """`fig` with `key: value` written into its layout.meta, beside what is there."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return fig.update_layout(meta={**meta, key: value})


def _asked(fig: go.Figure, key: str) -> int | None:
    """What `fig`'s layout.meta says under `key`, if anything."""
    return fig.layout.meta.get(key) if isinstance(fig.layout.meta, dict) else None


def _lighter(colour: str | None) -> str | None:
    """A faint `rgba(...)` made light and opaque enough to show on black (faint colours over black are black)."""
    if not isinstance(colour, str) or not colour.startswith("rgba("):
        return colour
    *rgb, alpha = (float(v) for v in colour[5:-1].split(","))
    if alpha >= DARK_FILL:
        return colour
    r, g, b = (round(v + (255 - v) * 0.35) for v in rgb)
    return f"rgba({r}, {g}, {b}, {DARK_FILL})"


def _lift_fill(trace) -> None:
    """Shaded areas (a class's side of a line) stay visible on a black page."""
    if trace.type not in ("scatter", "scattergl") or not trace.fillcolor:
        return
    trace.fillcolor = _lighter(trace.fillcolor)
    pattern = trace.fillpattern
    if pattern is not None and pattern.bgcolor:
        pattern.bgcolor = _lighter(pattern.bgcolor)
        pattern.fgcolor = _lighter(pattern.fgcolor)


def _fold_long_titles(fig: go.Figure) -> None:
    """A y axis title longer than its plot is tall would run up into the chart's title: it breaks onto two lines
    at the space nearest its middle, and the left margin widens for the second line."""
    plot = _plot_height(fig)
    for axis in fig.select_yaxes():
        text, (low, high) = axis.title.text, axis.domain or (0, 1)
        if not text or "<br>" in text or " " not in text or _width(text, FONT_SIZE) <= plot * (high - low):
            continue
        axis.title.text = _two_lines(text, _middle_space(text))
        fig.layout.margin.l += FONT_SIZE + 6


def _fit_title(fig: go.Figure) -> int:
    """The title's size in big type; a title too wide for its chart at TITLE_SIZE takes the body's size, and one
    too wide even then breaks onto two lines (after its colon, or at the space nearest its middle)."""
    text = fig.layout.title.text
    if not text or "<br>" in text or _width(text, TITLE_SIZE) <= TITLE_WIDTH:
        return TITLE_SIZE
    if _width(text, FONT_SIZE) <= TITLE_WIDTH:
        return FONT_SIZE
    if " " in text:
        fig.layout.title.text = _two_lines(text, text.index(": ") + 1 if ": " in text else _middle_space(text))
    return TITLE_SIZE


def _middle_space(text: str) -> int:
    """Where the space nearest the middle of `text` is."""
    return min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - len(text) / 2))


def _two_lines(text: str, space: int) -> str:
    """`text` broken onto two lines at the space at `space`."""
    return f"{text[:space]}<br>{text[space + 1 :]}"


def _width(text: str, size: int) -> float:
    """About how wide `text` is written at `size` px, its markup left out."""
    return len(re.sub(r"<[^>]+>", "", text)) * CHAR_WIDTH * size


def _room_above(fig: go.Figure) -> int:
    """The top margin the title needs in big type: 70 px for a line, and a line's height more for each <br> (the
    second line of a two-line title was written over the plot's top); or what the figure asks for."""
    if (asked := _asked(fig, ON_PROJECTOR_TOP)) is not None:
        return asked
    title = fig.layout.title.text
    if not title:
        return 30
    return 70 + len(re.findall(r"<br\s*/?>", title)) * round(TITLE_SIZE * 1.3)


def _room_below(fig: go.Figure) -> int:
    """The bottom margin that notes written under the plot (a panel's shape, say) need once their type has grown:
    the figure's own, grown with it; 0 if nothing is written there."""
    under = any(note.yref == "paper" and note.y is not None and note.y < 0 for note in fig.layout.annotations)
    return round((fig.layout.margin.b or 0) * FONT_SIZE / BASE_FONT) if under else 0


def _decades_only(fig: go.Figure) -> None:
    """A log axis spanning two powers of ten or more (its range, or else its data) is labelled at powers only: in
    big type its "2" and "5" between them ran into the exponents of 10⁻² and 10⁻³. Every power, or every second,
    third...: as many as fit its height (the race's loss axis, nine powers in 170 px, piled its labels up)."""
    plot = _plot_height(fig)
    for name in fig.layout:
        axis = fig.layout[name]
        if not name.startswith("yaxis") or axis.type != "log" or axis.dtick is not None:
            continue
        if axis.range is not None:  # a log axis's range is in powers of ten
            decades = abs(axis.range[1] - axis.range[0])
        else:
            ref = "y" + name[5:]
            traces = [t for t in fig.data if (getattr(t, "yaxis", None) or "y") == ref]
            values = [v for t in traces if getattr(t, "y", None) is not None for v in t.y
                      if isinstance(v, numbers.Real) and v > 0]  # fmt: skip
            decades = math.log10(max(values) / min(values)) if values else 0
        if decades >= 2:
            low, high = axis.domain or (0, 1)
            axis.dtick = max(1, math.ceil(decades * POWER_LABEL / (plot * (high - low))))


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
