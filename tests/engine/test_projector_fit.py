"""Presentation mode on a small projector, and labels that are not clipped (issue 16, items 2 and 9)."""

import numpy as np
import plotly.graph_objects as go

from lessons.activations.panels import times
from nnviz import race, surfaces
from nnviz import separator as sep
from nnviz.figures import activations as act_figs
from nnviz.figures import backprop as bp_figs
from nnviz.figures import draw as draw_figs
from nnviz.figures import optimisers as opt_figs
from nnviz.figures import separator as figs
from nnviz.figures import tidy
from nnviz.figures import training as train_figs
from nnviz.figures.digits import digit_grid
from nnviz.figures.projector import (
    BASE_FONT,
    CHAR_WIDTH,
    DARK_FILL,
    ENTRY_MARK,
    FONT_SIZE,
    LEGEND_LINE,
    MAX_HEIGHT,
    POWER_LABEL,
    ROW_WIDTH,
    TALL,
    TITLE_SIZE,
    TITLE_WIDTH,
    for_projector,
    projector_height,
)
from nnviz.surfaces import SURFACES


def test_charts_fit_a_768_pixel_screen_and_stacks_of_panels_keep_their_height():
    assert for_projector(tidy(go.Figure(), height=480)).layout.height == MAX_HEIGHT
    assert for_projector(tidy(go.Figure(), height=200)).layout.height == 250  # small ones still grow
    assert for_projector(tidy(go.Figure(), height=TALL + 100)).layout.height == TALL + 100


def test_captions_and_weights_grow_like_the_rest_of_the_type():
    grid = digit_grid(np.zeros((2, 28, 28)), ["says 7", "says 1"], cols=2, wrong=[True, False])
    small = [a.font.size for a in grid.layout.annotations]
    big = [a.font.size for a in for_projector(grid).layout.annotations]
    assert all(b == round(s * FONT_SIZE / BASE_FONT) > s for s, b in zip(small, big, strict=True) if s)
    diagram = figs.neuron_diagram({"credit": 6.0, "income": 5.0}, (2.0, 1.0), -10.0, "repays")
    weights = [a for a in for_projector(diagram).layout.annotations if a.text.startswith("×")]
    assert weights and all(a.font.size >= 20 for a in weights)


def test_the_shading_of_each_side_shows_on_a_black_page():
    X, y = np.array([[2.0, 3.0], [8.0, 7.0]]), np.array([0, 1])
    fig = figs.line_scatter(X, y, sep.WORKED_LINE, ("does not repay", "repays"), ("credit", "income"))
    dark = for_projector(fig, dark=True)
    fills = [t.fillcolor for t in dark.data if t.fillcolor]
    assert fills, "the figure has shaded sides"
    for colour in fills:
        r, g, b, alpha = (float(v) for v in colour[5:-1].split(","))
        assert alpha >= DARK_FILL and max(r, g, b) * alpha >= 60  # well clear of black
    light = for_projector(fig)
    assert [t.fillcolor for t in light.data if t.fillcolor] == [t.fillcolor for t in fig.data if t.fillcolor]


def test_a_long_legend_stands_in_a_column_beside_the_plot():
    fig = tidy(go.Figure([go.Scatter(x=[0, 1], y=[i, i], name=f"series {i}") for i in range(5)]))
    assert for_projector(fig).layout.legend.orientation == "v"
    assert for_projector(tidy(go.Figure([go.Scatter(x=[0], y=[0], name="one")]))).layout.legend.orientation == "h"


def test_a_legend_under_the_plot_leaves_the_x_axis_title_to_itself_on_a_projector():
    """Under the plot, big type would set the legend on the x axis's title (the training curves did). A few
    short entries go in one row over the plot, clear of it, and the plot keeps the chart's width; entries too
    long for a row stand in a column at the right."""
    fig = tidy(
        go.Figure([go.Scatter(x=[0, 1], y=[0, 1], name="training"), go.Scatter(x=[0, 1], y=[1, 0], name="test")])
    )
    fig.update_layout(xaxis_title="epoch", legend=dict(orientation="h", y=-0.22, yanchor="top"))
    shown = for_projector(fig)
    legend, margin = shown.layout.legend, shown.layout.margin
    assert legend.orientation == "h" and legend.yanchor == "bottom" and legend.x == 0
    plot = shown.layout.height - margin.t - margin.b
    assert (legend.y - 1) * plot >= 10  # px over the plot's top edge
    alone = for_projector(tidy(go.Figure(fig.data[0]).update_layout(xaxis_title="epoch")))  # no legend to place
    assert margin.t - alone.layout.margin.t >= legend.font.size * LEGEND_LINE  # room for the row
    for trace in fig.data:
        trace.name = f"{trace.name}: a description far too long for one row"
    column = for_projector(fig).layout.legend
    assert column.orientation == "v" and column.x > 1


def test_the_neuron_diagram_places_its_labels_inside_the_plot():
    fig = figs.neuron_diagram({"credit": 6.0, "income": 5.0}, (2.0, 1.0), -10.0, "does not repay")
    low, high = fig.layout.xaxis.range
    names = [a for a in fig.layout.annotations if "<br>" in (a.text or "")]
    assert len(names) == 3 and all(a.xanchor == "right" and not a.xshift and a.x - 1.3 >= low for a in names)
    answer = next(a for a in fig.layout.annotations if "does not repay" in a.text)
    assert answer.xanchor in (None, "center") and answer.x + 1.3 <= high  # centred, with room on both sides


def test_softmax_panel_titles_have_room_above_the_plot():
    fig = act_figs.softmax_bars(np.full(10, 0.1), np.eye(10)[3], np.full(10, 0.1), (2.3, 2.3))
    assert fig.layout.margin.t >= 40


def test_log_axes_read_as_powers_of_ten_and_factors_as_plain_numbers():
    assert act_figs.layer_gradient_bars([1e-6, 1e-3, 1.0], "sigmoid").layout.yaxis.exponentformat == "power"
    assert times(18_234.5) == "18,200" and times(3.456) == "3.46" and times(1e13) == "1×10¹³"
    assert "e+" not in times(1.82e4)
    assert bp_figs.loss_curve([0.5, 0.2, 1e-5]).layout.yaxis.exponentformat == "power"


def test_an_empty_history_says_press_play():
    empty = figs.history_chart([{"step": 0, "loss": 0.7}], {"loss": "loss"}, "step", "step", "loss")
    assert any(a.text == figs.NOTHING_YET for a in empty.layout.annotations)
    going = figs.history_chart([{"step": 0, "loss": 0.7}, {"step": 5, "loss": 0.6}], {"loss": "loss"}, "step",
                               "step", "loss")  # fmt: skip
    assert not going.layout.annotations


def test_the_20x20_panel_is_drawn_smaller_than_the_28x28_one():
    grey = np.zeros((280, 280))
    grey[60:200, 120:160] = 1.0
    fitted, placed = np.ones((20, 8)), np.zeros((28, 28))
    fig = draw_figs.preparation_stages(grey, (60, 120, 200, 160), grey[60:200, 120:160], fitted, placed)
    for axis in ("xaxis3", "xaxis4"):
        assert list(fig.layout[axis].range) == [-0.5, 27.5]
    assert list(fig.layout.yaxis3.range) == list(fig.layout.yaxis4.range) == [27.5, -0.5]
    assert fig.data[2].x0 == (28 - 8) / 2 and fig.data[2].y0 == (28 - 20) / 2  # centred in the same frame


def test_a_legend_column_on_a_projector_does_not_share_its_place_with_a_colour_bar():
    fig = go.Figure([go.Heatmap(z=[[0, 1], [1, 0]], colorbar=dict(title="P(1)"))])
    for i in range(4):
        fig.add_trace(go.Scatter(x=[i], y=[i], mode="markers", name=f"class {i}"))
    shown = for_projector(fig, dark=True)
    assert shown.layout.legend.orientation == "v" and shown.data[0].showscale is False
    few = for_projector(go.Figure([go.Heatmap(z=[[0, 1]]), go.Scatter(x=[0], y=[0], name="one")]))
    assert few.data[0].showscale is not False  # a short legend leaves the colour bar where it was


def test_a_figure_can_ask_for_its_height_on_a_projector_and_keeps_its_own_elsewhere():
    fig = projector_height(tidy(go.Figure(), height=540), 460)
    assert fig.layout.height == 540  # off a projector: unchanged
    assert for_projector(fig).layout.height == 460


def test_a_y_title_taller_than_its_plot_breaks_onto_two_lines_and_a_short_one_does_not():
    long = tidy(go.Figure(go.Scatter(y=[1, 2])), height=200).update_yaxes(title="loss above the lowest point ever")
    short = tidy(go.Figure(go.Scatter(y=[1, 2])), height=200).update_yaxes(title="loss")
    folded, kept = for_projector(long), for_projector(short)
    assert folded.layout.yaxis.title.text.count("<br>") == 1
    assert folded.layout.yaxis.title.text.replace("<br>", " ") == "loss above the lowest point ever"
    assert kept.layout.yaxis.title.text == "loss" and folded.layout.margin.l > kept.layout.margin.l


def test_notes_under_the_plot_keep_their_room_as_the_type_grows():
    fig = tidy(go.Figure(go.Scatter(y=[1, 2])), height=300).update_layout(margin_b=60)
    fig.add_annotation(text="3 x 3", xref="paper", yref="paper", x=0.5, y=-0.2, showarrow=False)
    assert for_projector(fig).layout.margin.b == round(60 * FONT_SIZE / BASE_FONT)
    assert for_projector(tidy(go.Figure(go.Scatter(y=[1, 2])), height=300)).layout.margin.b == 20  # nothing below


def test_six_entries_fit_their_column_without_a_scrollbar():
    """The race map's six entries in big type were taller than its 170-pixel plot: plotly gave the column a
    scrollbar. The type shrinks until the column fits (and no further than what reads from the back)."""
    fig = tidy(go.Figure([go.Scatter(x=[0, 1], y=[i, i], name=f"series {i}") for i in range(6)]), "map", 500)
    shown = for_projector(fig.update_layout(xaxis_title="weight x", yaxis_title="weight y")).layout
    plot = shown.height - shown.margin.t - shown.margin.b
    assert shown.legend.orientation == "v" and 14 <= shown.legend.font.size < FONT_SIZE
    assert 6 * shown.legend.font.size * LEGEND_LINE <= plot
    four = for_projector(tidy(go.Figure([go.Scatter(x=[0], y=[i], name=f"s {i}") for i in range(4)]), height=500))
    assert four.layout.legend.font.size is None  # four fit in the page's own big type


def test_a_legend_row_never_takes_the_place_of_panel_titles_a_colour_bar_or_the_plots_height():
    """Over the softmax bars the row sat on the left panel's title; over a map, on its colour bar's title; and over
    the optimisers' loss it left a log axis 110 px for nine decades: each keeps the column at the right."""
    panels = act_figs.softmax_bars([0.7, 0.2, 0.1], [1, 0, 0], [0.9, 0.05, 0.05], (0.357, 0.4))
    assert for_projector(panels).layout.legend.orientation == "v"
    mapped = tidy(go.Figure([go.Contour(z=[[0, 1], [1, 2]], name="loss"), go.Scatter(x=[0], y=[0], name="path")]))
    mapped.update_layout(xaxis_title="x", legend=dict(orientation="h", y=-0.2, yanchor="top"))
    assert for_projector(mapped).layout.legend.orientation == "v"
    short = tidy(go.Figure([go.Scatter(x=[0], y=[0], name="a"), go.Scatter(x=[0], y=[1], name="b")]), "t")
    short.update_layout(height=200, xaxis_title="step", legend=dict(orientation="h", y=-0.2, yanchor="top"))
    shown = for_projector(short)  # 250 px on a projector: no room for a row and a plot
    assert shown.layout.legend.orientation == "v"


def test_the_training_curves_legend_stands_over_the_plot_on_a_projector():
    """The training curves keep their legend at the chart's foot (container coordinates): on a projector it stands
    in one row over the plot, clear of the big "epoch" title, in type that still reads from the back of a room,
    with validation digits or without (a column beside the plot left it 120 px wide)."""
    history = [
        {"epoch": 1, "loss": 1.0, "acc": 0.7, "test_loss": 1.1, "test_acc": 0.6, "val_loss": 1.2, "val_acc": 0.6}
    ]
    marked = train_figs.training_curve(history, "loss", best_epoch=1, overfit_epoch=2, total_epochs=3)
    shown = for_projector(marked).layout.legend  # the "best" label at the plot's top stays inside it
    assert shown.orientation == "h" and shown.yref == "paper" and shown.y > 1 and shown.font.size >= 16
    no_validation = [{key: value for key, value in history[0].items() if not key.startswith("val")}]
    without = for_projector(train_figs.training_curve(no_validation, "loss", total_epochs=3)).layout.legend
    assert without.orientation == "h" and without.y > 1 and without.font.size >= 16


def test_a_two_line_title_gets_room_for_its_second_line_on_a_projector():
    """The restarts chart's second title line was written over the plot's top (and its 100% tick)."""
    one = for_projector(tidy(go.Figure(), "one line"))
    two = for_projector(tidy(go.Figure(), "first line<br>second line"))
    assert two.layout.margin.t - one.layout.margin.t >= FONT_SIZE + 4


def test_a_log_axis_over_decades_is_labelled_at_the_powers_only_on_a_projector():
    """In big type the "2" and "5" between the powers ran into 10⁻²'s and 10⁻³'s exponents."""
    wide = act_figs.loss_by_width([1, 2, 4, 8], [0.1, 0.02, 0.001, 0.0002], 4)
    assert for_projector(wide).layout.yaxis.dtick == 1
    assert wide.layout.yaxis.dtick is None  # elsewhere plotly picks the ticks
    narrow = tidy(go.Figure(go.Scatter(y=[0.3, 0.5])))
    narrow.update_yaxes(type="log")
    assert for_projector(narrow).layout.yaxis.dtick is None  # under two decades the powers alone leave it bare
    counts = tidy(go.Figure(go.Scatter(y=np.array([1, 10, 1000]))))  # numpy integers count as values too
    counts.update_yaxes(type="log")
    assert for_projector(counts).layout.yaxis.dtick == 1


def test_the_cnn_overview_writes_its_names_on_two_lines_with_room_on_a_projector():
    """On one line "conv 3" ran into "max pool 2" on a 1366-pixel projector."""
    from nnviz.figures import convolution as conv_figs

    layers = [np.zeros((1, 28, 28)), np.zeros((16, 14, 14)), np.zeros((32, 7, 7)), np.zeros(10)]
    fig = conv_figs.overview(["input", "conv 1", "conv 2", "dense"], layers, 2, conv_figs.PROJECTOR_STAGGER)
    names = [a for a in fig.layout.annotations if a.y == 1.0]
    assert {a.yshift for a in names} == {0, conv_figs.PROJECTOR_STAGGER}  # neighbours on different lines
    shown = for_projector(fig, dark=True)
    grown = round(11 * FONT_SIZE / BASE_FONT)  # the names' type on a projector
    assert grown + 4 <= conv_figs.PROJECTOR_STAGGER
    assert shown.layout.margin.t >= 70 + conv_figs.PROJECTOR_STAGGER  # the title, then the upper line of names


def test_a_title_too_wide_for_its_chart_takes_the_bodys_size_and_then_two_lines_on_a_projector():
    """The race map's title (the Rosenbrock valley and its formula) ran past the chart's right edge."""
    short, middling = "Loss against step", "Loss through each minimum along one direction"
    long = "The curved valley (Rosenbrock): 0.05 × ((1 − x)² + 10 (y − x²)²)"
    kept, smaller, folded = (for_projector(tidy(go.Figure(), title)) for title in (short, middling, long))
    assert kept.layout.title.text == short and kept.layout.title.font.size == TITLE_SIZE
    assert smaller.layout.title.text == middling and smaller.layout.title.font.size == FONT_SIZE
    assert folded.layout.title.text == "The curved valley (Rosenbrock):<br>0.05 × ((1 − x)² + 10 (y − x²)²)"
    assert folded.layout.title.font.size == TITLE_SIZE and folded.layout.margin.t > kept.layout.margin.t
    for fig in (kept, smaller, folded):  # each line fits the width a chart in the wider of two columns gets
        lines = fig.layout.title.text.split("<br>")
        assert max(len(line) for line in lines) * CHAR_WIDTH * fig.layout.title.font.size <= TITLE_WIDTH
    assert tidy(go.Figure(), long).layout.title.text == long  # off a projector the title stays one line
    plain = "one two three four five six seven eight nine ten eleven twelve"  # no colon: at the middle space
    assert (
        for_projector(tidy(go.Figure(), plain)).layout.title.text
        == "one two three four five six seven<br>eight nine ten eleven twelve"
    )


def test_the_learned_lines_history_names_its_curves_shortly_and_titles_its_axes_in_full():
    history = [{"update": 0, "errors": 4, "loss": 2.0}, {"update": 1, "errors": 2, "loss": 1.2}]
    chart = figs.history_chart(history, {"errors": "wrong side"}, "update", "update", "points on the wrong side",
                               right=("loss", "loss"), right_title="logistic regression loss")  # fmt: skip
    assert [trace.name for trace in chart.data] == ["wrong side", "loss"]
    assert chart.layout.yaxis2.title.text == "logistic regression loss"
    big = for_projector(chart)
    assert big.layout.legend.orientation == "h"  # one row, as tidy put it
    assert sum(ENTRY_MARK + len(t.name) * CHAR_WIDTH * FONT_SIZE for t in big.data) <= ROW_WIDTH


def test_a_log_axis_is_labelled_at_as_many_powers_as_fit_its_height_on_a_projector():
    """The race's loss axis, fixed to the whole race's nine powers of ten, labelled every power in a 170-pixel
    plot while the race played: the labels piled onto each other."""
    ravine = SURFACES["ravine"]
    walks = race.race(ravine, ["SGD", "SGD + momentum"], ravine.start, race.RaceConfig(lr=0.1, steps=150))
    playing = for_projector(opt_figs.race_losses(walks, surfaces.lowest(ravine), shown=20))
    axis, plot = playing.layout.yaxis, playing.layout.height - playing.layout.margin.t - playing.layout.margin.b
    decades = abs(axis.range[1] - axis.range[0])
    assert decades > 6 and axis.dtick >= 2  # the range, not the 20 steps drawn so far, decides
    assert decades / axis.dtick * POWER_LABEL <= plot
    assert for_projector(opt_figs.race_losses(walks, surfaces.lowest(ravine))).layout.yaxis.dtick == axis.dtick


def test_a_legend_column_starts_at_the_plots_top_and_may_run_on_below_it():
    """Plotly scrolled the race map's six entries in a column of the plot's height, even at a size that fit it."""
    fig = tidy(go.Figure([go.Scatter(x=[0, 1], y=[i, i], name=f"series {i}") for i in range(6)]), "map", 500)
    shown = for_projector(fig.update_layout(xaxis_title="weight x", yaxis_title="weight y")).layout
    assert shown.legend.y == 1 and shown.legend.yanchor == "top"  # the plot's top edge
    assert shown.legend.maxheight == shown.height - shown.margin.t  # down to the figure's bottom edge
