"""A short plain-English summary of any figure, read from the figure itself.

Screen readers cannot see a chart, and a caption that is typed by hand drifts
away from what is drawn. `summary(fig)` reads the title (or the axis titles)
and the data of the first few traces, so it always says what the chart shows.
"""

from __future__ import annotations

import contextlib
import re

import numpy as np
import plotly.graph_objects as go

LIMIT = 300  # characters: a caption, not a table
SCATTERS = ("scatter", "scattergl")


def number(value: float, percent: bool = False) -> str:
    """Three significant figures, no exponent for everyday sizes; `percent` turns 0.953 into 95.3%."""
    value = float(value)
    if percent:
        return f"{number(100 * value)}%"
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    if 1e-3 <= abs(value) < 1e6:
        digits = 2 - int(np.floor(np.log10(abs(value))))
        text = f"{round(value, digits):.{max(digits, 0)}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:.3g}"


def plain(text) -> str:
    """Figure text without its HTML: <br> becomes a space, tags go."""
    text = re.sub(r"<br\s*/?>", " ", str(text or ""))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


def _values(data) -> np.ndarray:
    """Any plotly data array as floats, with None and text that is not a number as NaN."""
    if data is None:
        return np.array([], dtype=float)
    try:
        return np.asarray(data, dtype=float).ravel()
    except (TypeError, ValueError):
        flat = np.asarray(data, dtype=object).ravel()
    out = np.full(flat.shape, np.nan)
    for i, v in enumerate(flat):
        with contextlib.suppress(TypeError, ValueError):  # a label such as "" stays NaN
            out[i] = float(v)
    return out


def _axis(fig: go.Figure, ref: str | None, letter: str):
    """The layout axis a trace is drawn against ("y2" -> layout.yaxis2)."""
    try:
        return fig.layout[(ref or letter).replace(letter, f"{letter}axis", 1)]
    except (KeyError, ValueError):
        return fig.layout[f"{letter}axis"]


def _axis_title(axis) -> str:
    return plain(axis.title.text) if axis is not None and axis.title is not None else ""


def _is_percent(fig: go.Figure, trace) -> bool:
    """Whether the values' axis (y, or x for horizontal bars) shows percentages."""
    letter = "x" if getattr(trace, "orientation", None) == "h" else "y"
    return "%" in str(_axis(fig, getattr(trace, f"{letter}axis", None), letter).tickformat or "")


def _line(name: str, y: np.ndarray, pct: bool) -> str:
    """A curve by its first and last value, and its extreme if it goes beyond both ends."""
    finite = y[np.isfinite(y)]
    if len(finite) == 0:  # nothing yet, or labels rather than numbers
        return f"{name}: {_count(len(y), 'point')}" if len(y) else f"{name}: no values yet"
    scale = float(np.abs(finite).max())
    finite = np.where(np.abs(finite) < 1e-6 * scale, 0.0, finite)  # float dust such as sin(pi) reads as 0
    first, last = finite[0], finite[-1]
    if len(finite) == 1:
        return f"{name}: one point, {number(first, pct)}"
    low, high = finite.min(), finite.max()
    if number(low, pct) == number(high, pct):
        return f"{name}: {len(finite)} points, all at {number(first, pct)}"
    way = "up to" if last > first else "down to" if last < first else "and back to"
    text = f"{name}: {len(finite)} points, from {number(first, pct)} {way} {number(last, pct)}"
    extremes = []
    if low < min(first, last):
        extremes.append(f"lowest {number(low, pct)}")
    if high > max(first, last):
        extremes.append(f"highest {number(high, pct)}")
    return text + (f" ({', '.join(extremes)})" if extremes else "")


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' * (n != 1)}"


def _segments(y: np.ndarray) -> list[int]:
    """The lengths of the runs of finite values (gaps split a trace into separate segments)."""
    runs, count = [], 0
    for ok in np.isfinite(y):
        if ok:
            count += 1
        elif count:
            runs, count = [*runs, count], 0
    return [*runs, count] if count else runs


def _point(trace, y: np.ndarray, pct: bool) -> str:
    """Where a one-point trace sits: "x = 1.5, y = 0.905"."""
    x, at = _values(trace.x), np.isfinite(y)
    shown_x = x[at] if len(x) == len(y) else x
    where = f"x = {number(shown_x[0])}, " if len(shown_x) and np.isfinite(shown_x[0]) else ""
    return f"{where}y = {number(y[at][0], pct)}"


def _on_a_plane(fig: go.Figure, trace) -> bool:
    """Whether both of a trace's axes are places on a map (a contour or a heatmap drawn under it, or x and y to one
    scale): a line there is a path from one place to another, not a curve of y against x."""
    xs, ys = trace.xaxis or "x", trace.yaxis or "y"
    under = any(
        t.type in ("contour", "heatmap") and (t.xaxis or "x") == xs and (t.yaxis or "y") == ys for t in fig.data
    )
    return under or _axis(fig, ys, "y").scaleanchor == xs


def _path(name: str, x: np.ndarray, y: np.ndarray) -> str:
    """A path on a plane by where it starts and where it ends."""
    at = np.isfinite(x) & np.isfinite(y)
    x, y = x[at], y[at]
    if len(x) == 0:
        return f"{name}: no points yet"
    start = f"({number(x[0])}, {number(y[0])})"
    if len(x) == 1:
        return f"{name}: one point at {start}"
    return f"{name}: {len(x)} points, from {start} to ({number(x[-1])}, {number(y[-1])})"


def _scatter(fig: go.Figure, trace, name: str) -> str:
    y = _values(trace.y) if trace.y is not None else np.arange(len(_values(trace.x)), dtype=float)
    pct = _is_percent(fig, trace)
    mode = trace.mode or ("lines+markers" if len(y) < 20 else "lines")
    if trace.fill in ("toself", "tonext") and mode == "none":
        return f"{name}: a shaded area"
    runs = _segments(y)
    words = [plain(t) for t in np.atleast_1d(np.asarray(trace.text, dtype=object)) if plain(t)]
    if "text" in mode and words:
        where = f" at {_point(trace, y, pct)}" if runs == [1] else ""
        return f"{name}: " + ", ".join(words[:4]) + (" …" if len(words) > 4 else "") + where
    if "lines" in mode and len(runs) > 1 and max(runs) <= 2:
        return f"{name}: {len(runs)} line segments"
    x = _values(trace.x)
    if "lines" in mode and len(x) == len(y) and _on_a_plane(fig, trace):
        return _path(name, x, y)
    if "lines" in mode:
        return _line(name, y, pct)
    if runs == [1]:
        return f"{name}: one point at {_point(trace, y, pct)}"
    return f"{name}: {_count(len(y), 'point')}"


def _bar(fig: go.Figure, trace, name: str) -> str:
    values, labels = (trace.x, trace.y) if trace.orientation == "h" else (trace.y, trace.x)
    y = _values(values)
    labels = list(labels) if labels is not None else list(range(len(y)))
    if not np.isfinite(y).any():
        return f"{name}: {len(y)} bars, none drawn"
    top = np.nanmax(y)
    tallest = [str(label) for label, v in zip(labels, y, strict=False) if v == top]
    which = ", ".join(tallest[:3]) + (" …" if len(tallest) > 3 else "")
    s = "s" * (len(tallest) > 1)
    return f"{name}: {len(y)} bars, tallest bar{s} {which} at {number(top, _is_percent(fig, trace))}"


def _grid(trace, name: str) -> str:
    """A heatmap's size and value range; printed numbers (text) win over colours, which may be rescaled."""
    rows = [np.atleast_1d(_values(row)) for row in (trace.z if trace.z is not None else [])]  # rows may be ragged
    if rows and all(np.ndim(row) == 0 for row in trace.z):  # a single row given flat
        rows = [np.concatenate(rows)]
    z = np.concatenate(rows) if rows else np.array([])
    shown = _values(trace.text)
    values = shown if shown.size == z.size and np.isfinite(shown).all() else z  # blanks: trust the colours
    size = f"a {len(rows)} x {max((len(row) for row in rows), default=0)} grid"
    lead = f"{name}: " if name else ""
    if not np.isfinite(values).any():
        return f"{lead}{size} with no values"
    return f"{lead}{size} of values from {number(np.nanmin(values))} to {number(np.nanmax(values))}"


def _other(trace, name: str) -> str:
    kind = trace.type
    if kind == "image":
        z = np.shape(trace.z) if trace.z is not None else ()
        size = f"{z[1]} x {z[0]} pixels" if len(z) >= 2 else "its pixels"
        return f"{name + ': ' if name else ''}an image of {size}"
    if kind == "scatter3d":
        return f"{name or 'points'}: {_count(len(_values(trace.x)), 'point')} in 3-D"
    if kind == "histogram":
        return f"{name or 'histogram'}: {_count(len(_values(trace.x if trace.x is not None else trace.y)), 'value')}"
    if kind == "surface":
        return f"{name or 'a surface'}: a surface in 3-D"
    if kind == "contour":
        return f"{name or 'contours'}: contour lines"
    return f"{name or kind}: a {kind} trace"


def _name(fig: go.Figure, trace) -> str:
    """The trace's own name; else what its colour bar or its y axis calls it."""
    name = plain(trace.name)
    if not name and trace.type == "heatmap" and trace.colorbar is not None:
        name = plain(trace.colorbar.title.text) if trace.colorbar.title is not None else ""
    if not name and trace.type in (*SCATTERS, "bar"):
        name = _axis_title(_axis(fig, trace.yaxis, "y"))
    return name


def _decoration(trace) -> bool:
    """An unnamed scatter kept out of the legend or the hover: a helper (a dot, an edge, a click target)."""
    unnamed = not plain(trace.name)
    return trace.type in SCATTERS and unnamed and (trace.showlegend is False or trace.hoverinfo == "skip")


def _describe(fig: go.Figure, trace, name: str) -> str:
    """One phrase for one trace."""
    if trace.type in SCATTERS:
        return _scatter(fig, trace, name or "values")
    if trace.type == "bar":
        return _bar(fig, trace, name or "bars")
    if trace.type == "heatmap":
        return _grid(trace, name)
    return _other(trace, name)


def _panel(trace) -> int:
    """The subplot a trace sits in, by its x axis: "x" is 1, "x3" is 3."""
    number_part = str(getattr(trace, "xaxis", None) or "x")[1:]
    return int(number_part) if number_part.isdigit() else 1


def _panel_title(fig: go.Figure, trace) -> str:
    """The title written over the trace's subplot (plotly's subplot_titles), or "" if it has none."""
    domain = _axis(fig, getattr(trace, "xaxis", None), "x").domain or (0, 1)
    over = [plain(a.text) for a in fig.layout.annotations
            if a.xref == "paper" and a.yref == "paper" and a.yanchor == "bottom" and a.x is not None
            and domain[0] <= a.x <= domain[1] and plain(a.text)]  # fmt: skip
    return over[0] if len(over) == 1 else ""


def _phrases(fig: go.Figure) -> tuple[list[str], set[str]]:
    """A phrase per data trace, and the kinds of trace described; a name that comes again in another panel is
    told by its panel's title (else, past the first panel, by its x axis's title or the panel's number)."""
    phrases, kinds = [], set()
    shown = [t for t in sorted(fig.data, key=_panel) if t.visible is not False and not _decoration(t)]
    names = [_name(fig, trace) for trace in shown]  # every series of the first panel, then the repeats in the next
    panels: dict[str, set[int]] = {}
    for trace, name in zip(shown, names, strict=True):
        panels.setdefault(name, set()).add(_panel(trace))
    for trace, name in zip(shown, names, strict=True):
        if name and len(panels[name]) > 1:
            where = _panel_title(fig, trace)
            if not where and _panel(trace) > 1:
                where = _axis_title(_axis(fig, trace.xaxis, "x")) or f"panel {_panel(trace)}"
            name = f"{name} ({where})" if where else name
        phrases.append(_describe(fig, trace, name))
        kind = trace.type
        if trace.type in SCATTERS and "lines" not in str(trace.mode or "lines"):
            kind = "labels" if "text" in str(trace.mode) else "markers"
        kinds.add({"scattergl": "scatter", "scatter3d": "3-D", "surface": "3-D"}.get(kind, kind))
    return phrases, kinds


def _kind(kinds: set[str]) -> str:
    names = {"bar": "Bar chart", "heatmap": "Heatmap", "image": "Image", "scatter": "Line chart",
             "markers": "Scatter plot", "labels": "Diagram", "3-D": "3-D chart"}  # fmt: skip
    if "3-D" in kinds:
        return names["3-D"]
    return names.get(next(iter(kinds)), "Chart") if len(kinds) == 1 else "Chart"


def _heading(fig: go.Figure) -> str:
    """The title; else the axis titles ("loss against step"); else panel titles; else the labels on the chart."""
    title = plain(fig.layout.title.text) if fig.layout.title is not None else ""
    if title:
        return title
    scene = fig.layout.scene
    names = [_axis_title(a) for a in (scene.xaxis, scene.yaxis, scene.zaxis)] if scene is not None else []
    if any(names):
        return "points in 3-D over " + ", ".join(n for n in names if n)
    y, x = _axis_title(fig.layout.yaxis), _axis_title(fig.layout.xaxis)
    notes = _notes(fig)
    panels = [plain(a.text) for a in fig.layout.annotations if a.xref == "paper" and a.yref == "paper" and a.text]
    if y and x:
        return f"{y} against {x}"
    if panels and len(fig.data) > 1:
        return "panels " + "; ".join(panels[:4])
    if y or x:
        return y or x
    return "labelled " + ", ".join(notes[:8]) + (" …" if len(notes) > 8 else "") if notes else ""


def _notes(fig: go.Figure) -> list[str]:
    """The text of the figure's annotations, as plain words."""
    return [plain(a.text) for a in fig.layout.annotations if plain(a.text)]


def _fit(first: str, phrases: list[str], limit: int) -> str:
    """As many phrases as fit in `limit` characters, then "and N more"."""
    kept: list[str] = []
    for i, phrase in enumerate(phrases):
        rest = len(phrases) - i - 1
        tail = f"; and {rest} more" if rest else ""
        if kept and len(first) + len("; ".join([*kept, phrase])) + len(tail) + 2 > limit:
            break
        kept.append(phrase)
    more = len(phrases) - len(kept)
    body = "; ".join(kept) + (f"; and {more} more" if more else "")
    if len(first) + len(body) + 2 > limit:  # one phrase alone is too long
        body = body[: max(limit - len(first) - 5, 20)].rstrip() + "…"
    return body


def summary(fig: go.Figure, limit: int = LIMIT) -> str:
    """One or two short sentences on what `fig` shows: its heading, then the first few traces, "and N more".
    A shared figure (nnviz.figures.shared), which never changes, is described once."""
    if not getattr(fig, "_nnviz_shared", False) or limit != LIMIT:
        return _summary(fig, limit)
    text = getattr(fig, "_nnviz_summary", None)
    if text is None:
        text = fig._nnviz_summary = _summary(fig, limit)
    return text


def _summary(fig: go.Figure, limit: int) -> str:
    phrases, kinds = _phrases(fig)
    kind = _kind(kinds) if kinds else "Empty chart" if not fig.data else "Chart"
    heading = _heading(fig)
    if len(heading) > 120:
        heading = heading[:117].rstrip() + "…"
    first = f"{kind}: {heading}" if heading else kind
    first += "" if first.endswith((".", "…")) else "."
    if not phrases:  # a diagram of labels: as many of them as fit
        notes = [note for note in _notes(fig) if note not in heading]
        return f"{first} {_fit(first, notes, limit)}." if notes else first
    return f"{first} {_fit(first, phrases, limit)}."
