"""Plotly's toolbar opens over the top right of a chart, where legends and panel titles sit: on a phone it covered
them (issue 16, item 9). Every chart a lesson draws leaves it out, and a caller's own config still counts."""

import json

from tests.helpers import open_link


def configs(at) -> dict[str, dict]:
    """The plotly config each `st.plotly_chart` on the page was given, by its element id."""
    return {e.proto.id: json.loads(e.proto.config or "{}") for e in at._tree if e.type == "plotly_chart"}


def test_no_chart_opens_a_toolbar_over_its_legend(new_app):
    for lesson, present in (("activations", "0"), ("separator", "1")):
        at = open_link(new_app, f"lessons/{lesson}/page.py", present=present)
        assert not at.exception
        found = configs(at)
        assert len(found) >= 3, lesson
        assert all(c.get("displayModeBar") is False and c.get("displaylogo") is False for c in found.values()), found


def test_a_callers_own_config_is_kept_beside_the_default(monkeypatch):
    import plotly.graph_objects as go
    import streamlit as st

    from ui import present

    seen = {}
    monkeypatch.setattr(st, "plotly_chart", lambda fig, **kwargs: seen.update(kwargs))
    monkeypatch.setattr(present, "presenting", lambda: False)

    present.chart(go.Figure(), key="k", config={"scrollZoom": True, "displayModeBar": True})
    assert seen["config"] == {"displayModeBar": True, "displaylogo": False, "scrollZoom": True}
    present.chart(go.Figure(), key="k")
    assert seen["config"] == {"displayModeBar": False, "displaylogo": False}
