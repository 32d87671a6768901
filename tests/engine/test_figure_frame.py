"""The common frame every figure gets: it fills in what a figure left unset and keeps what it set."""

import plotly.graph_objects as go

from nnviz.figures import tidy


def test_the_frame_fills_in_a_bare_figure():
    layout = tidy(go.Figure(), "A title", height=300).layout
    assert (layout.title.text, layout.title.x, layout.height) == ("A title", 0, 300)
    assert (layout.margin.t, layout.margin.l, layout.font.size, layout.legend.orientation) == (40, 10, 14, "h")


def test_the_frame_keeps_what_a_figure_set_before_it():
    fig = go.Figure(layout=dict(legend=dict(bgcolor="#eeeeee", title=dict(text="runs")), font=dict(color="#123456")))
    layout = tidy(fig).layout
    assert (layout.legend.bgcolor, layout.legend.title.text, layout.font.color) == ("#eeeeee", "runs", "#123456")
    assert (layout.legend.orientation, layout.legend.x, layout.font.size) == ("h", 1.0, 14)  # and adds its own
    assert layout.title.text is None and layout.margin.t == 10  # no title: no room kept for one
