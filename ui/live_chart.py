"""A plotly chart a live panel redraws in place.

Streamlit (1.67) gives every `st.plotly_chart` an identity made from its figure, so a chart whose data changes
is a new element: the page takes the old chart down and builds the new one, and between the two the place is
blank. A panel that redraws several times a second (Play) showed its charts blank a good part of the time.

This component keeps one element per key and hands each new figure to `Plotly.react`, which redraws it in
place. plotly.js comes from nnviz's own server (server.assets, mounted by serve.py). Off a projector the
chart takes the page's colours and type, as Streamlit's own charts do; on a projector it gets the figure as
`for_projector` styled it.
"""

from __future__ import annotations

from pathlib import Path

import plotly.io.json
import streamlit as st

from server.assets import PLOTLY_JS_URL

NAME = "nnviz_live_chart"
DEFAULT_HEIGHT = 450  # px: plotly's own, for a figure that gives none
# In the page's own DOM, not a shadow root: plotly.js styles its charts from the document's head.
_COMPONENT = st.components.v2.component(NAME, js=(Path(__file__).parent / "live_chart.js").read_text(),
                                        isolate_styles=False)  # fmt: skip


def spec(fig) -> str:
    """`fig` as plotly.js's JSON, as `plotly.io.to_json` writes it but from the figure's own properties, without
    the deep copy `to_json` makes of them first: a live panel redraws its charts every tick, for every visitor
    playing, and the copy was most of that. numpy arrays go out as lists (to_json sends them as base64)."""
    return plotly.io.json.to_json_plotly({"data": fig._data, "layout": fig._layout})


def show(fig, key: str, alt: str, themed: bool, config: dict | None = None, on_select=None, **_) -> None:
    """Draw `fig` under `key`; each later call with the same key redraws that same chart. `alt` is its accessible
    name; `themed`: take the page's colours (False: the figure brings its own, as on a projector).

    With an `on_select` callback a click on a point is reported as `st.plotly_chart` reports a selection: the
    widget state under `key` holds `["selection"]["points"]`, each point with its `x` and `y`."""
    data = {
        "figure": spec(fig),
        "alt": alt,
        "themed": themed,
        "height": fig.layout.height or DEFAULT_HEIGHT,
        "config": config or {},
        "src": PLOTLY_JS_URL,
        "clickable": on_select is not None,
    }
    # The element takes the chart's height at once: until the component's script has run it would have none, and the
    # page below jumped when it did (for seconds on a busy machine).
    _COMPONENT(key=key, data=data, height=data["height"], **({"on_selection_change": on_select} if on_select else {}))
