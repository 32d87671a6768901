"""Labels that fit a phone and read as plain numbers (issue 16, item 9): no "100μ", "20k" or "1e+2" ticks, no
"8.3e-06" on bars, titles short enough for a 350-pixel chart, panel titles that do not run into each other."""

import re

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from nnviz import activations as acts
from nnviz import backprop as bp
from nnviz import deep_chain, nonlinearity
from nnviz.figures import activations as act_figs
from nnviz.figures import backprop as bp_figs
from nnviz.figures import descent as gd_figs
from nnviz.figures import optimisers as opt_figs
from nnviz.figures import plain, tidy
from nnviz.figures import training as train_figs
from tests.engine.figure_gallery import (
    activation_figures,
    backprop_figures,
    convolution_figures,
    descent_figures,
    optimiser_figures,
)

TITLE_LINE = 48  # characters of a title line a 350-pixel chart on a phone shows whole
PANEL_LINE = 24  # characters of a panel's title, when two panels share a phone's width


@pytest.mark.parametrize(
    ("value", "text"),
    [(8.3e-6, "8.3×10⁻⁶"), (0.15, "0.15"), (0.0091, "0.0091"), (0.00054, "0.00054"), (18_234.5, "18,000"),
     (1.0, "1"), (0.99999, "1"), (0.000996, "0.001"), (1.2e8, "1.2×10⁸"), (-0.0123, "-0.012"), (0.0, "0")],
)  # fmt: skip
def test_numbers_on_bars_read_as_people_write_them(value, text):
    assert plain(value) == text


def test_linear_axes_tick_plain_numbers_and_log_axes_powers_of_ten():
    rates = opt_figs.lr_curves({"step decay": np.geomspace(1e-3, 1e-5, 20)})  # plotly alone ticks these "100μ"
    assert rates.layout.yaxis.exponentformat == "none" and rates.layout.xaxis.exponentformat == "none"
    assert tidy(go.Figure(go.Scatter(x=[0, 20_000], y=[0, 1]))).layout.xaxis.exponentformat == "none"  # not "20k"
    gradients = act_figs.layer_gradient_bars([1e-6, 1e-3, 1.0], "sigmoid")
    assert gradients.layout.yaxis.exponentformat == "power"  # a log axis keeps its 10⁻⁴


def test_a_log_loss_axis_ticks_whole_numbers_not_e_notation():
    axis = gd_figs.loss_history_figure(list(np.geomspace(2e4, 0.01, 30))).layout.yaxis
    assert axis.type == "log" and axis.tickformat.endswith("r")  # d3's "r": 100 and 10,000, where "g" gave 1e+2


def test_bar_labels_carry_no_e_notation():
    gradients = act_figs.layer_gradient_bars([8.3e-6, 2.2e-3, 0.15, 0.0], "sigmoid")
    assert list(gradients.data[0].text) == ["8.3×10⁻⁶", "0.0022", "0.15", "exactly 0"]
    chain = bp_figs.chain_bars(deep_chain.chain(10, "sigmoid"))
    assert not any(re.search(r"e[+-]\d", label) for label in chain.data[0].text)


def test_the_softmax_panels_keep_their_titles_apart_and_the_legend_below():
    p = acts.softmax(torch.arange(10.0))
    fig = act_figs.softmax_bars(p, acts.soft_target(9, 10, 0.0), acts.soft_target(9, 10, 0.2), (0.5, 0.7))
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == "softmax: sums to 1.000" and all(len(t) <= PANEL_LINE for t in titles)
    assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"  # under the panels, not across both
    assert fig.layout.margin.t >= 40  # the panel titles stand clear of the controls above the chart


def test_the_small_multiples_are_numbered_and_named_once():
    fits = [nonlinearity.fit_curve(nonlinearity.FitConfig(hidden=h, iterations=2)) for h in nonlinearity.WIDTHS]
    fig = act_figs.fits_by_width(nonlinearity.WIDTHS, fits)
    assert [a.text for a in fig.layout.annotations] == [str(w) for w in nonlinearity.WIDTHS]
    assert "hidden units" in fig.layout.title.text and fig.layout.title.yref == "container"


def test_the_loss_node_writes_its_notes_above_it_in_narrow_lines():
    """On a phone the notes of y (below right) and L (below) wrote over each other."""
    for loss in bp.LOSSES:
        net = bp.Net(loss=loss)
        fwd = bp.forward(net, 1.0, 0.5, 1.0)
        fig = bp_figs.network_figure(net, fwd, bp.backward(net, fwd).steps[:4])
        notes = fig.data[-1]
        where = dict(zip(bp_figs.POSITIONS, notes.textposition, strict=True))
        assert where["L"].startswith("top") and where["y"].startswith("bottom")
        lines = notes.text[list(bp_figs.POSITIONS).index("L")].split("<br>")
        assert max(len(line) for line in lines) <= 22 and lines[-2].startswith("= ")
        assert len(fig.layout.title.text) <= TITLE_LINE
        (where_now,) = [a for a in fig.layout.annotations if a.text.startswith("backward pass at")]
        assert where_now.text.endswith(" of 9 gradients known") and where_now.xanchor == "right"
        assert where_now.x == fig.layout.xaxis.range[1] and where_now.y == fig.layout.yaxis.range[1]


@pytest.mark.parametrize(
    "gallery", [activation_figures, backprop_figures, convolution_figures, descent_figures, optimiser_figures]
)
def test_titles_and_panel_titles_fit_a_phone(gallery):
    for name, (fig, _) in gallery().items():
        title = fig.layout.title.text or ""
        for line in re.split(r"<br\s*/?>", title):
            assert len(re.sub(r"<[^>]+>", "", line)) <= TITLE_LINE, (name, line)
        panels = [a.text for a in fig.layout.annotations if a.yref == "paper" and a.y is not None and a.y >= 1]
        shared = sum(1 for key in fig.layout if key.startswith("xaxis")) >= 2
        for text in panels if shared else []:
            assert len(re.sub(r"<[^>]+>", "", text or "")) <= PANEL_LINE, (name, text)


def test_an_empty_loss_chart_says_why_it_is_empty():
    empty = gd_figs.loss_history_figure([])
    assert [a.text for a in empty.layout.annotations] == [gd_figs.NO_STEPS_YET]
    assert empty.layout.yaxis.showticklabels is False  # no made-up scale under the words
    assert not gd_figs.loss_history_figure([0.5]).layout.annotations
    starting = train_figs.training_curve([], "loss", total_epochs=3)
    assert [a.text for a in starting.layout.annotations] == [train_figs.FIRST_POINT]
    going = [{"epoch": 0.5, "loss": 2.0, "acc": 0.5}]
    assert not train_figs.training_curve(going, "loss", total_epochs=3).layout.annotations
