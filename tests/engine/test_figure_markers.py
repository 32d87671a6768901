"""Colour is never the only carrier of meaning: series and classes differ in dash, marker shape or texture too."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_gallery import gallery, run_history

from nnviz.figures import DASHES, SYMBOLS
from nnviz.figures import digits as fg
from nnviz.figures import separator as fsep
from nnviz.figures import training as ft

SCATTERS = ("scatter", "scattergl")


def look(trace) -> tuple:
    """Everything that tells a trace apart without colour: kind, dash, marker shape, bar or fill texture."""
    if trace.type == "bar":
        return ("bar", trace.marker.pattern.shape or "")
    if trace.type == "scatter3d":
        return ("scatter3d", trace.marker.symbol or "circle")
    mode = trace.mode or "lines"
    dash = (trace.line.dash or "solid") if "lines" in mode else None
    symbol = (trace.marker.symbol or "circle") if "markers" in mode else None
    fill = (trace.fillpattern.shape or "") if trace.fill not in (None, "none") else None
    return ("scatter", dash, symbol, fill, "text" in mode)


def series_by_panel(fig: go.Figure) -> dict[str, dict[str, tuple]]:
    """Named series (one entry per name) of each panel, with their look."""
    panels: dict[str, dict[str, tuple]] = {}
    for trace in fig.data:
        if trace.type in (*SCATTERS, "bar", "scatter3d") and trace.name:
            panels.setdefault(getattr(trace, "xaxis", None) or "x", {}).setdefault(trace.name, look(trace))
    return panels


def test_the_look_ignores_colour_so_a_colour_only_difference_is_caught():
    red = go.Scatter(y=[1, 2], mode="lines", name="a", line=dict(color="red"))
    blue = go.Scatter(y=[1, 2], mode="lines", name="b", line=dict(color="blue"))
    assert look(red) == look(blue)
    assert look(red) != look(go.Scatter(y=[1, 2], mode="lines", line=dict(color="blue", dash="dash")))


@pytest.fixture(scope="module")
def figures():
    return gallery()


def test_every_named_series_in_a_panel_looks_different_without_colour(figures):
    checked = 0
    for name, (fig, _) in figures.items():
        for panel, series in series_by_panel(fig).items():
            looks = list(series.values())
            assert len(set(looks)) == len(looks), (name, panel, series)
            checked += len(looks) > 1
    assert checked >= 20  # the gallery has many multi-series panels; the check must not pass vacuously


def test_compare_runs_gives_each_run_its_own_dash_and_marker():
    runs = [{"name": f"run {i}", "history": run_history()} for i in range(len(DASHES))]
    for metric in ft.COMPARE_METRICS:
        fig = ft.compare_runs(runs, metric)
        assert [t.line.dash for t in fig.data] == list(DASHES)
        assert [t.marker.symbol for t in fig.data] == list(SYMBOLS)
        assert len({t.line.color for t in fig.data}) == len(runs)


def test_shift_curves_and_history_charts_differ_in_dash():
    from nnviz.figures import draw as fw

    curves = {name: {"shift": [1.0, 0.5], "size": [1.0, 0.4]} for name in ("MLP", "CNN", "wide")}
    fig = fw.shift_curves(curves, (0, 8), (1.0, 0.5))
    left = [t for t in fig.data if t.xaxis == "x"]
    assert len({t.line.dash for t in left}) == 3 and len({t.marker.symbol for t in left}) == 3
    history = [{"step": s, "a": 1.0, "b": 2.0, "c": 3.0} for s in range(3)]
    chart = fsep.history_chart(history, {"a": "A", "b": "B"}, "step", "step", "loss", right=("c", "C"))
    assert len({t.line.dash for t in chart.data}) == 3


def test_negative_weights_are_dashed_edges_in_the_neuron_diagram():
    fig = fsep.neuron_diagram({"credit": 6, "income": 5}, (2, -1), -10, "repays")
    edges = [t for t in fig.data if t.mode == "lines" and t.x == (0, 2)]
    assert [t.line.dash for t in edges] == ["solid", "dash", "dash"]  # weights 2, -1 and bias -10


def test_the_two_sides_of_the_line_differ_in_texture():
    X, y = np.array([[1.0, 1.0], [9.0, 9.0]]), np.array([0, 1])
    fig = fsep.line_scatter(X, y, fsep.Line(1, 1, -10), ("red", "blue"))
    sides = [t for t in fig.data if t.fill == "toself"]
    assert len(sides) == 2 and sides[0].fillpattern.shape != sides[1].fillpattern.shape


def test_wrong_digit_captions_are_bold_as_well_as_red():
    fig = fg.digit_grid(np.zeros((2, 28, 28)), ["7", "1"], cols=2, wrong=[True, False])
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["<b>7</b>", "1"]


def test_diverging_maps_carry_a_colour_bar(figures):
    for name in ("weight_image_figure", "hidden_unit_maps", "weight_pictures", "attribution_map", "boundary_map"):
        fig = figures[name][0]
        assert any(t.type == "heatmap" and t.showscale is not False for t in fig.data), name
