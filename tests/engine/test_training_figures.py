"""The training lesson's figures carry the numbers they are given."""

import json

import numpy as np
import pytest

from nnviz.figures.digits import pixel_numbers
from nnviz.figures.training import compare_runs, confusion, training_curve, weight_pictures


def history(with_validation: bool = True) -> list[dict]:
    records = []
    for epoch in (1, 2, 3):
        records.append({"epoch": epoch - 0.5, "loss": 1.0 / epoch, "acc": 0.5})
        end = {"epoch": float(epoch), "loss": 0.9 / epoch, "acc": 0.6, "test_loss": 0.5, "test_acc": 0.8}
        if with_validation:
            end |= {"val_loss": [0.6, 0.4, 0.5][epoch - 1], "val_acc": 0.7}
        records.append(end)
    return records


def test_training_curve_marks_the_best_and_the_overfitting_epochs():
    fig = training_curve(history(), "loss", best_epoch=2, overfit_epoch=3, total_epochs=3)
    training, validation = fig.data
    assert list(training.x) == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0] and training.y[0] == 1.0
    assert list(validation.y) == [0.6, 0.4, 0.5] and validation.name == "validation (per epoch)"
    assert [s.x0 for s in fig.layout.shapes] == [2, 3]
    assert "best: epoch 2" in fig.layout.annotations[0].text
    assert tuple(fig.layout.xaxis.range) == (0, 3)


DARK_PAGE = "#171614"  # the dark theme's page, as Chromium draws it


def _contrast(colour: str, page: str) -> float:
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(colour), luminance(page)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_marks_labels_fit_a_projectors_narrow_plot_and_read_on_both_themes():
    """On a projector the overfitting label ran out of the plot and over the legend; in dark its red read at
    2.8:1, and on white the best epoch's green at 3.3:1. The last epoch's marker was cut in half by the plot's frame."""
    fig = training_curve(history(), "loss", best_epoch=2, overfit_epoch=3, total_epochs=3)
    for note in fig.layout.annotations:  # at the projector's 19 px, each fits in 150 px beside its line
        assert len(note.text) * 0.55 * 19 <= 150, note.text
    for label in fig.layout.annotations:  # "best" in green, "overfitting" in red
        assert _contrast(label.font.color, "#ffffff") >= 4.5 and _contrast(label.font.color, DARK_PAGE) >= 4, label
    assert fig.data[1].cliponaxis is False
    for metric in ("loss", "acc"):  # adjacent marks: the red line keeps out of the best label's row
        fig = training_curve(history(), metric, best_epoch=1, overfit_epoch=2, total_epochs=6)
        best, red = fig.layout.annotations[0], fig.layout.shapes[1]
        assert not red.y0 <= best.y <= red.y1 and fig.layout.shapes[0].y0 == 0 and fig.layout.shapes[0].y1 == 1


def test_without_validation_the_curve_says_it_shows_the_test_set():
    fig = training_curve(history(with_validation=False), "acc")
    assert fig.data[1].name.startswith("test") and list(fig.data[1].y) == [0.8, 0.8, 0.8]
    assert not fig.layout.shapes and fig.layout.yaxis.tickformat == ".0%"


@pytest.mark.parametrize(
    "args",
    [
        ([], "loss", None, None, 3),  # the moment a run starts
        (history(), "loss", 2, 3, 3),
        (history(), "acc", 2, None, None),
        (history(with_validation=False), "acc", None, None, 3),
    ],
)
def test_the_live_curve_is_a_valid_figure_though_built_unvalidated(args):
    """training_curve skips plotly's validation (it is redrawn every tick for every visitor training): what it
    writes must be what plotly's validation would keep, property for property."""
    import plotly.graph_objects as go
    import plotly.io

    written = training_curve(*args)
    validated = go.Figure(written.to_dict())  # validating raises on a misspelt property, and drops a None or a []
    assert json.loads(plotly.io.to_json(validated)) == json.loads(plotly.io.to_json(written))


def test_confusion_pixels_weights_and_comparison():
    matrix = np.array([[5, 1], [2, 7]])
    fig = confusion(matrix)
    np.testing.assert_array_equal(fig.data[0].text, matrix)
    assert len(fig.data[1].x) == 4  # one clickable marker per cell
    assert fig.layout.xaxis.showgrid is fig.layout.yaxis.showgrid is False  # no line through the cells' middles
    digit = np.arange(784).reshape(28, 28) % 256
    assert pixel_numbers(digit).data[0].text[1][0] == str(digit[1, 0])
    dark_ink = pixel_numbers(digit).data[0].colorscale
    white_ink = pixel_numbers(digit, on_black=True).data[0].colorscale
    assert dark_ink[-1][1] == white_ink[0][1] == "rgb(0, 0, 0)"  # 255 is black ink, or 0 the black ground
    pictures = weight_pictures(np.ones((3, 5, 5)), cols=2)
    assert pictures.data[0].zmax == 1.0 and pictures.data[0].zmin == -1.0
    runs = [{"name": "a", "history": history()}, {"name": "b", "history": history()}]
    assert [t.name for t in compare_runs(runs).data] == ["a", "b"]


def test_compare_runs_reads_the_chosen_metric_from_each_history():
    from nnviz.figures.training import COMPARE_METRICS, run_curve

    assert list(COMPARE_METRICS) == ["validation loss", "validation accuracy", "training loss"]
    assert run_curve(history(), "validation loss") == ([1.0, 2.0, 3.0], [0.6, 0.4, 0.5])
    assert run_curve(history(), "validation accuracy") == ([1.0, 2.0, 3.0], [0.7, 0.7, 0.7])
    assert run_curve(history(), "training loss") == ([0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [1.0, 0.9, 0.5, 0.45, 1 / 3, 0.3])
    runs = [{"name": "a", "history": history()}, {"name": "b", "history": history(with_validation=False)}]
    accuracy = compare_runs(runs, "validation accuracy")
    assert list(accuracy.data[0].y) == [0.7, 0.7, 0.7] and accuracy.layout.yaxis.tickformat == ".0%"
    assert accuracy.layout.yaxis.title.text == "validation accuracy"
    assert list(accuracy.data[1].y) == []  # a run without a validation set has no validation curve
    training = compare_runs(runs, "training loss")
    assert len(training.data[1].y) == 6 and training.layout.yaxis.tickformat is None
    assert compare_runs(runs).layout.yaxis.title.text == "validation loss"  # the default, as before
    legacy = compare_runs(runs, "val_acc")  # the old key still works
    assert list(legacy.data[0].y) == list(accuracy.data[0].y)
    with pytest.raises(ValueError, match="unknown metric"):
        compare_runs(runs, "test loss")
