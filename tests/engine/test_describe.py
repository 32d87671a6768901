"""summary(fig): a short, true sentence or two about any figure the app draws."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_gallery import gallery
from plotly.subplots import make_subplots

import nnviz.figures
from nnviz.figures.describe import LIMIT, number, plain, summary
from nnviz.figures.projector import for_projector


@pytest.fixture(scope="module")
def figures():
    return gallery()


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.3046, "2.3"), (0.1234, "0.123"), (255.0, "255"), (60000, "60000"), (12345.6, "12300"), (-0.0598, "-0.0598"),
     (0.0066513, "0.00665"), (1.75e-7, "1.75e-07"), (0.0, "0"), (99.96, "100")],
)  # fmt: skip
def test_numbers_keep_three_significant_figures(value, text):
    assert number(value) == text


def test_percent_numbers_and_plain_text():
    assert number(0.953, percent=True) == "95.3%" and number(1.0, percent=True) == "100%"
    assert plain("Σ<br>7 <b>bold</b>") == "Σ 7 bold"


def test_a_line_is_told_by_its_first_and_last_value_and_its_extreme():
    fig = go.Figure(go.Scatter(y=[2.3, 0.5, 0.09, 0.12], mode="lines", name="train loss"))
    fig.update_layout(title="Loss while it learns")
    assert summary(fig) == (
        "Line chart: Loss while it learns. train loss: 4 points, from 2.3 down to 0.12 (lowest 0.09)."
    )


def test_a_flat_curve_is_said_to_stay_put_and_a_round_trip_says_so():
    flat = go.Figure(go.Scatter(y=[100, 100, 100], mode="lines", name="width"))
    assert "width: 3 points, all at 100" in summary(flat) and "from 100" not in summary(flat)
    there_and_back = go.Figure(go.Scatter(y=[1, 3, 1], mode="lines", name="x"))
    assert "from 1 and back to 1 (highest 3)" in summary(there_and_back)


def test_without_a_title_the_axis_titles_say_what_is_plotted_and_percent_axes_read_as_percent():
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[0.5, 0.91, 0.953], mode="lines+markers"))
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="accuracy", tickformat=".0%")
    assert summary(fig) == "Line chart: accuracy against epoch. accuracy: 3 points, from 50% up to 95.3%."


def test_markers_are_counted_per_class_and_one_point_is_placed():
    fig = go.Figure(
        [
            go.Scatter(x=[1, 2, 3], y=[1, 2, 3], mode="markers", name="class 0"),
            go.Scatter(x=[4, 5], y=[1, 1], mode="markers", name="class 1"),
            go.Scatter(x=[2.5], y=[0.25], mode="markers", name="new point"),
            go.Scatter(x=[0, 1], y=[0, 1], mode="markers", showlegend=False),  # an unnamed helper: not described
        ]
    )
    assert summary(fig) == (
        "Scatter plot. class 0: 3 points; class 1: 2 points; new point: one point at x = 2.5, y = 0.25."
    )


def test_bars_are_told_by_the_tallest():
    bars = go.Figure(go.Bar(x=[str(d) for d in range(10)], y=[0.01] * 7 + [0.93, 0.01, 0.01], name="probability"))
    assert summary(bars) == "Bar chart. probability: 10 bars, tallest bar 7 at 0.93."
    tie = go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 3]))
    assert "tallest bars b, c at 3" in summary(tie)
    empty = go.Figure(go.Bar(x=["a", "b"], y=[None, None], name="g"))
    assert "g: 2 bars, none drawn" in summary(empty)


def test_heatmaps_images_and_3d_are_told_by_their_size_and_kind():
    z = np.arange(28 * 28).reshape(28, 28) % 256
    assert summary(go.Figure(go.Heatmap(z=z))) == "Heatmap. a 28 x 28 grid of values from 0 to 255."
    counts = go.Figure(go.Heatmap(z=np.log1p([[0, 9], [2, 0]]), text=[[0, 9], [2, 0]], name="counts"))
    assert "counts: a 2 x 2 grid of values from 0 to 9" in summary(counts)  # the printed numbers, not log colours
    image = go.Figure(go.Image(z=np.zeros((20, 30, 3))))
    assert summary(image) == "Image. an image of 30 x 20 pixels."
    scene = go.Figure([go.Scatter3d(x=[0, 1], y=[0, 1], z=[0, 1], mode="markers", name="class 0"),
                       go.Surface(z=np.zeros((3, 3)), name="plane")])  # fmt: skip
    scene.update_layout(scene=dict(xaxis_title="x1", yaxis_title="x2", zaxis_title="x3"))
    assert summary(scene) == (
        "3-D chart: points in 3-D over x1, x2, x3. class 0: 2 points in 3-D; plane: a surface in 3-D."
    )


def test_subplots_are_named_by_their_panels_and_a_crowd_ends_in_and_n_more():
    fig = make_subplots(rows=1, cols=8, subplot_titles=[f"{w} units" for w in range(1, 9)])
    for col in range(1, 9):
        fig.add_trace(go.Scatter(y=[0.0, float(col)], mode="lines", name="network"), row=1, col=col)
    text = summary(fig)
    assert text.startswith("Line chart: panels 1 units; 2 units; 3 units; 4 units.")
    assert "network (1 units): 2 points, from 0 up to 1;" in text and "network (2 units): 2 points" in text
    shown = text.count("points")
    assert text.endswith(f"; and {8 - shown} more.") and 0 < shown < 8 and len(text) <= LIMIT


def test_empty_and_gap_cases_never_raise():
    assert summary(go.Figure()) == "Empty chart."
    gaps = go.Figure(go.Scatter(x=[1, 1, None, 2, 2, None], y=[0, 1, None, 0, 3, None], mode="lines", name="error"))
    assert summary(gaps) == "Line chart. error: 2 line segments."
    nothing = go.Figure(go.Scatter(x=[], y=[], mode="lines", name="loss"))
    assert summary(nothing) == "Line chart. loss: no values yet."
    noted = go.Figure().add_annotation(text="no finished runs yet", showarrow=False)
    assert summary(noted) == "Empty chart: labelled no finished runs yet."
    long_title = go.Figure(go.Scatter(y=[1, 2], name="a" * 400)).update_layout(title="t" * 300)
    assert len(summary(long_title)) <= LIMIT


def builders() -> dict[str, object]:
    """Every public function in nnviz/figures that returns a figure from data (the projector restyles one)."""
    found = {}
    for info in pkgutil.iter_modules(nnviz.figures.__path__):
        module = importlib.import_module(f"nnviz.figures.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            returns = str(inspect.signature(fn).return_annotation)
            if fn.__module__ == module.__name__ and not name.startswith("_") and "Figure" in returns:
                found[name] = fn
    return found


def test_the_gallery_calls_every_public_builder(figures):
    called = {name.removesuffix("_acc").removesuffix("_accuracy") for name in figures}
    called = {name.split("_empty")[0].split("_training")[0] for name in called}
    assert set(builders()) - {"tidy", "for_projector", "projector_height", "projector_top"} <= called  # restylers


def test_every_builder_gets_a_short_summary_that_names_its_real_numbers(figures):
    for name, (fig, facts) in figures.items():
        text = summary(fig)
        assert 20 < len(text) <= LIMIT, (name, text)
        assert "nan" not in text.lower() and "None" not in text, (name, text)
        for fact in facts:
            assert fact in text, (name, fact, text)


def test_the_projector_restyle_keeps_the_summary(figures):
    for name in ("training_curve", "shift_curves", "confusion", "plane_3d"):
        fig = figures[name][0]
        assert summary(for_projector(fig)) == summary(fig), name


def test_odd_traces_get_an_honest_phrase_rather_than_an_error():
    hbars = go.Figure(go.Bar(x=[0.3, 0.9, 0.1], y=["a", "b", "c"], orientation="h", name="share"))
    assert summary(hbars.update_xaxes(tickformat=".0%")) == "Bar chart. share: 3 bars, tallest bar b at 90%."
    labels = go.Figure(go.Scatter(x=[1, 2, 3], y=["a", "b", "c"], mode="lines", name="labels"))
    assert summary(labels) == "Line chart. labels: 3 points."
    assert summary(go.Figure(go.Histogram(x=[1, 2, 2, 3]))) == "Chart. histogram: 4 values."
    assert summary(go.Figure(go.Scatter3d(x=[1], y=[1], z=[1]))) == "3-D chart. points: 1 point in 3-D."
    odd = [go.Pie(values=[1, 2]), go.Heatmap(), go.Heatmap(z=[[None, None]], text=[["", ""]]), go.Bar(),
           go.Image(source="data:image/png;base64,AAAA"), go.Scatterpolar(r=[1, 2]), go.Table(),
           go.Contour(z=[[1]]), go.Heatmap(z=[[1, 2], [3]]), go.Heatmap(z=[["a", 1]])]  # fmt: skip
    for trace in odd:
        text = summary(go.Figure(trace))
        assert 5 < len(text) <= LIMIT and text.endswith("."), text
