"""Pure plotly figure builders: data in, `go.Figure` out, no UI calls.

One module per lesson; this one holds what they share.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

# Classes that differ in lightness as well as hue, so they survive projectors and
# colour-blind eyes; markers differ in shape too. A third, for a learner's own data.
CLASS_COLOURS = ("#d62728", "#1f77b4", "#2ca02c")
CLASS_SYMBOLS = ("circle", "diamond", "square")
# Series on one chart (runs, models, training and validation) differ in line dash and
# marker shape as well as colour: colour is never the only thing that tells them apart.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x", "star")
ACCENT = "#2563eb"
MUTED = "#9ca3af"


BAR_TEXT_MIN = 10  # px: the smallest number printed on a bar


def tidy(fig: go.Figure, title: str | None = None, height: int = 360) -> go.Figure:
    """The common frame: compact margins, a readable font, a left-aligned title."""
    frame = dict(
        title=dict(text=title, x=0, xanchor="left") if title else None,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        font=dict(size=14),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        # A bar's number that does not fit its bar is drawn smaller; on a phone's narrow bars it went down to 7 px,
        # too small to read. All of a chart's bar numbers take one size, and below 10 px they are left out: the
        # axis and a tap on the bar still give the value.
        uniformtext=dict(minsize=BAR_TEXT_MIN, mode="hide"),
    )
    # Merging walks plotly's validators key by key and costs more than the rest of most figures,
    # so what the figure has not set yet is set whole; what it has (a legend placed by hand) is merged.
    done = {k for k in frame if _has(fig.layout[k])}
    fig.update_layout({k: v for k, v in frame.items() if k not in done}, overwrite=True)
    # ticks as plain numbers, 0.0001 and 20000, not plotly's 100μ and 20k (a log axis keeps its 10⁻⁴)
    plain_ticks = {k: dict(exponentformat="none") for k in ("xaxis", "yaxis") if fig.layout[k].exponentformat is None}
    return fig.update_layout({k: v for k, v in frame.items() if k in done} | plain_ticks)


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def plain(value: float, digits: int = 2) -> str:
    """A number as a learner reads it, to `digits` significant digits: 0.0091 or 18,000, and 8.3×10⁻⁶ past four
    zeros (never plotly's "8.3e-06" or "100μ")."""
    if value == 0 or not np.isfinite(value):
        return f"{value:g}"
    mantissa, power = f"{value:.{digits - 1}e}".split("e")  # rounded first: 0.000996 is 1.0e-03, not 10 x 10^-4
    power = int(power)
    if -4 <= power < 6:
        places = max(digits - 1 - power, 0)
        text = f"{float(mantissa) * 10**power:,.{places}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}×10{str(power).translate(SUPERSCRIPTS)}"


def signed(value: float, digits: int = 2) -> str:
    """`plain(value)` with its sign written out: +0.013, -2.5."""
    return ("+" if value >= 0 else "") + plain(value, digits)


def _has(value) -> bool:
    """Whether a layout property holds anything yet."""
    return bool(value.to_plotly_json()) if hasattr(value, "to_plotly_json") else value is not None
