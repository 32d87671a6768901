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
from nnviz.figures import convolution as conv_figs
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
    """Drawn across (a projector), the notes of y (below right) and L (below) wrote over each other."""
    for loss in bp.LOSSES:
        net = bp.Net(loss=loss)
        fwd = bp.forward(net, 1.0, 0.5, 1.0)
        fig = bp_figs.network_figure(net, fwd, bp.backward(net, fwd).steps[:4], at=bp_figs.ACROSS)
        notes = fig.data[-1]
        where = dict(zip(bp_figs.ACROSS.positions, notes.textposition, strict=True))
        assert where["L"].startswith("top") and where["y"].startswith("bottom")
        lines = notes.text[list(bp_figs.POSITIONS).index("L")].split("<br>")
        assert max(len(line) for line in lines) <= 22 and lines[-2].startswith("= ")
        assert len(fig.layout.title.text) <= TITLE_LINE
        (where_now,) = [a for a in fig.layout.annotations if a.text.startswith("backward pass at")]
        assert where_now.text.endswith(" of 9 gradients known") and where_now.xanchor == "right"
        assert where_now.x == fig.layout.xaxis.range[1] and where_now.y == fig.layout.yaxis.range[1]


def test_the_network_runs_down_a_phone_with_its_weights_one_below_the_other():
    """Across a phone the gap between two layers was narrower than one weight's label: the labels sat on the nodes.
    Drawn downwards, the labels between two rows each have a height of their own, clear of both rows' discs."""
    net = bp.Net()
    fwd = bp.forward(net, 1.0, 0.5, 1.0)
    fig = bp_figs.network_figure(net, fwd, bp.backward(net, fwd).steps)
    at = bp_figs.DOWN
    assert fig.layout.height == at.height and list(fig.layout.yaxis.range) == list(at.y_range)
    unit = (at.height - fig.layout.margin.t - fig.layout.margin.b) / (at.y_range[1] - at.y_range[0])  # px per unit
    chips = {a.text.split(" =")[0]: a.y for a in fig.layout.annotations if re.match(r"[wv]\d+ =", a.text)}
    assert len(chips) == 6 and all("<br>" in a.text for a in fig.layout.annotations if a.text[0] in "wv")
    chip, disc = 34 / unit, 25 / unit  # a chip of two lines is 34 px tall; a disc reaches 25 px from its centre
    for (upper, lower), names in [(("x1", "h1"), ("w11", "w21", "w12", "w22")), (("h1", "y"), ("v1", "v2"))]:
        top, bottom = at.positions[upper][1], at.positions[lower][1]
        heights = sorted((chips[n] for n in names), reverse=True)
        assert top - heights[0] >= disc + chip / 2 and heights[-1] - bottom >= disc + chip / 2, names
        assert all(a - b >= chip for a, b in zip(heights, heights[1:], strict=False)), names
    assert {at.notes[n] for n in ("x1", "h1")} == {"middle left"}  # beside the nodes, off the edges
    assert {at.notes[n] for n in ("x2", "h2", "y", "L")} == {"middle right"}


def test_numbers_in_cells_fit_a_phone():
    """The step's numbers to two digits ("0.3290.7250.624" ran together); a pooled map too wide for a phone's cells
    is left to its colours (and its hover)."""
    patch = np.array([[0, 0, 0], [0.329, 0.725, 0.624], [0.871, 0.996, 0.996]])
    step = conv_figs.step_figure(patch, -patch, patch * -patch, "output pixel")
    assert [row for row in step.data[0].text] == [["0", "0", "0"], ["0.33", "0.72", "0.62"], ["0.87", "1", "1"]]
    assert max(len(t) for trace in step.data for row in trace.text for t in row) <= 5  # "-0.87" fits 36 px
    wide = np.ones((26, 26))
    pooled = conv_figs.pool_figure(wide, np.ones((13, 13)), np.zeros((13, 13, 2), int), "pooled")
    assert pooled.data[-1].text is None and not pooled.data[-1].texttemplate
    small = conv_figs.pool_figure(np.ones((8, 8)), np.full((4, 4), 0.123), np.zeros((4, 4, 2), int), "pooled")
    assert small.data[-1].text[0][0] == "0.12"


def test_3d_charts_stand_back_far_enough_for_a_phone():
    """At (1.4, -1.6, 1.1) the box's corners and axis titles ran off both sides of a phone's chart."""
    figures = optimiser_figures()  # the race's surface and the MNIST network's landscape
    scenes = [fig.layout.scene.camera.eye for fig, _ in figures.values() if fig.layout.scene.camera.eye.x]
    assert len(scenes) == 2
    assert all((eye.x**2 + eye.y**2 + eye.z**2) ** 0.5 >= 4 for eye in scenes)


def test_the_training_legend_keeps_clear_of_the_epoch_title():
    """Placed a share of the plot's height under the axis, the legend rose onto "epoch" when it wrapped on a phone."""
    history = [{"epoch": 0.5, "loss": 2.0, "acc": 0.5}, {"epoch": 1, "loss": 1.0, "acc": 0.7, "test_loss": 1.1,
               "test_acc": 0.6, "val_loss": 1.2, "val_acc": 0.6}]  # fmt: skip
    layout = train_figs.training_curve(history, "loss", total_epochs=3).layout
    assert layout.legend.yref == "container" and layout.legend.y == 0 and layout.legend.yanchor == "bottom"
    assert layout.margin.b >= 100  # ticks (20), the title (40 with its standoff) and two rows of legend (40)


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


def test_the_separator_plane_stands_back_as_far_as_the_optimisers_surfaces():
    """At (1.7, -1.5, 0.45) the plane's x3 title and ticks ran off the left of a phone's chart."""
    from nnviz.figures import separator as sep_figs

    points = np.random.default_rng(0).normal(size=(20, 3))
    fig = sep_figs.plane_3d(points, (points[:, 2] > 0).astype(int), np.array([0.0, 0.0, 1.0]), 0.0, ("a", "b", "c"))
    eye = fig.layout.scene.camera.eye
    assert (eye.x**2 + eye.y**2 + eye.z**2) ** 0.5 >= 4
    assert eye.z < eye.x and -eye.y > eye.z  # the same low, side-on view as before, only further back


def test_the_pixel_grid_hides_its_numbers_in_a_chart_too_narrow_for_them():
    """On a phone the 28 numbers of a row ran into each other: they print only where a cell has 13 px."""
    from nnviz.figures import digits
    from ui import present

    css = present.numbers_css("train.pixels")
    assert ".st-key-train-pixels { container-type: inline-size; }" in css
    assert f"@container (max-width: {digits.NUMBERS_MIN_WIDTH - 1}px)" in css and ".heatmap-label" in css
    assert digits.NUMBERS_MIN_WIDTH >= 28 * 13 + 82  # 28 cells of 13 px, and the axes' margins
    grid = digits.pixel_numbers(np.arange(784).reshape(28, 28) % 256)
    assert grid.data[0].hovertemplate.startswith("row %{y}, column %{x}: %{z}")  # hover still reads every cell


def test_the_preparation_panels_titles_fit_a_phone_and_their_frames_match():
    """One line each, the four titles ran into each other on a phone; the crop was drawn taller than the rest."""
    from nnviz.figures import draw as draw_figs

    grey = np.zeros((280, 280))
    grey[60:200, 120:160] = 1.0
    fig = draw_figs.preparation_stages(grey, (60, 120, 200, 160), grey[60:200, 120:160], np.ones((20, 6)),
                                       np.zeros((28, 28)))  # fmt: skip
    titles = [a for a in fig.layout.annotations if a.yref == "paper"]
    assert len(titles) == 4 and all(a.y < 0 and a.yanchor == "top" for a in titles)  # under the pictures
    assert all(len(line) <= 10 for a in titles for line in a.text.split("<br>"))  # ~70 px at 14 px type
    crop = fig.data[1]
    side = fig.layout.xaxis2.range[1] - fig.layout.xaxis2.range[0]
    assert side == fig.layout.yaxis2.range[0] - fig.layout.yaxis2.range[1]  # a square frame, like the others
    assert crop.x0 == (side - np.asarray(crop.z).shape[1]) / 2 and crop.y0 == 0


def test_a_best_epoch_label_keeps_off_its_line_and_off_the_accuracy_curve():
    """At the last epoch, "best: epoch 5" touched its dashed line, and at the top it sat on the accuracy curve."""
    history = [{"epoch": e / 2, "loss": 2 / (1 + e), "acc": 0.9 + e / 100} for e in range(1, 11)]
    history += [{"epoch": e, "loss": 0.2, "acc": 0.97, "test_loss": 0.3, "test_acc": 0.96, "val_loss": 0.3,
                 "val_acc": 0.96} for e in range(1, 6)]  # fmt: skip
    loss = train_figs.training_curve(history, "loss", best_epoch=5, total_epochs=5).layout.annotations[0]
    acc = train_figs.training_curve(history, "acc", best_epoch=5, total_epochs=5).layout.annotations[0]
    assert loss.xanchor == acc.xanchor == "right" and loss.xshift < 0 and acc.xshift < 0
    assert loss.y == 1 and acc.y <= 0.1  # loss falls from the top; accuracy climbs to it


def test_the_kept_restart_shows_on_a_dark_page():
    """Its ring was black: on a dark projector its legend entry was a name with no mark."""
    figures = optimiser_figures()
    kept = [t for fig, _ in figures.values() for t in fig.data if t.name == "best of all (kept)"]
    assert kept and all(t.marker.color not in ("black", "#000000", "#000") for t in kept)


def test_a_diverging_walk_says_its_loss_in_plain_numbers():
    """ "the loss rose from 16.5 to 3.28e+04" read as code on a projector: it says 32,800."""
    from lessons.gradient_descent.panels import walk_said
    from nnviz.outcome import Outcome, Why

    said = walk_said(Outcome(Why.DIVERGING, step=4, value=32_812.0, start=16.5, lr=1.05))
    assert "from 16.5 to 32,800" in said and "e+" not in said
    said = walk_said(Outcome(Why.DIVERGED, step=9, value=-2.5e7, lr=1.2))
    assert "-2.5×10⁷" in said and "e+" not in said
