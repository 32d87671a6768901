"""The Convolution page, run headless through AppTest: kernel, position, padding and stride by key, the numbers
each shows against the engine and the model, the slide, the handed-over drawing, and plain words for odd input."""

import numpy as np
import pytest
import torch

from lessons.convolution.settings import CNN_FILTER
from nnviz import convnet, digit_model
from nnviz import convolution as cv
from nnviz.digit_model import MLP_RECIPE
from nnviz.training import prepare
from tests.helpers import charts, open_link
from tests.helpers import url_param as param

LESSON = "lessons/convolution/page.py"
MAX_TICKS = 60


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def summaries(at) -> str:
    """Every chart's text summary (its alt text), one a line."""
    return "\n".join(chart.alt for chart in charts(at))


def step_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Sum of the nine products"))


def expected(digit: np.ndarray, kernel, bias=0.0, pad=0, stride=1, row=6, col=6, network=False) -> cv.Step:
    return cv.filter_image(cv.pixels(digit, network), np.asarray(kernel), bias, pad, stride).step(row, col)


def said(step: cv.Step) -> str:
    return f"output pixel ({step.row}, {step.col}) = **{step.out:.4g}**"


@pytest.fixture
def app(new_app):
    return open_link(new_app, LESSON)


def test_without_a_drawing_it_says_so_and_reads_test_digit_0(app, mnist):
    assert any("No drawing yet" in i.value for i in app.info)
    step = expected(mnist.test_x[0].numpy(), cv.KERNELS["vertical edge"])
    assert said(step) in step_line(app) and f"**{step.total:.4g}**" in step_line(app)


def test_the_kernel_and_the_position_drive_the_numbers(app, mnist):
    app.selectbox(key="conv.kernel").set_value("horizontal edge").run()
    assert [app.session_state[f"conv.k{i}"] for i in range(3)] == [-1.0, -2.0, -1.0]
    app.slider(key="conv.row").set_value(9).run()
    app.slider(key="conv.col").set_value(14).run()
    step = expected(mnist.test_x[0].numpy(), cv.KERNELS["horizontal edge"], row=9, col=14)
    assert not app.exception and said(step) in step_line(app)
    assert (param(app, "kernel"), param(app, "row"), param(app, "col")) == ("horizontal edge", "9", "14")
    app.number_input(key="conv.k4").set_value(3.0).run()  # an edited kernel
    kernel = np.array(cv.KERNELS["horizontal edge"])
    kernel[1, 1] = 3.0
    assert said(expected(mnist.test_x[0].numpy(), kernel, row=9, col=14)) in step_line(app)


@pytest.mark.parametrize(
    ("pad", "stride", "side", "rounded"), [(1, 2, 14, True), (0, 3, 9, True), (1, 1, 28, False), (2, 1, 30, False)]
)
def test_padding_and_stride_change_the_output_size_by_the_formula(app, pad, stride, side, rounded):
    app.radio(key="conv.pad").set_value(pad).run()
    app.radio(key="conv.stride").set_value(stride).run()
    text = markdown(app)
    assert f"(28 + 2 × {pad} − 3) / {stride} + 1" in text and f"So the output map is {side} × {side}." in text
    assert (f"rounded down: **{side}**" in text) == rounded
    assert app.slider(key="conv.row").max == side - 1 and param(app, "pad") == (str(pad) if pad else None)


def test_a_filter_of_the_cnn_computes_exactly_what_the_network_does(app, mnist):
    app.selectbox(key="conv.kernel").set_value(CNN_FILTER).run()
    app.slider(key="conv.filter").set_value(5).run()
    app.radio(key="conv.pad").set_value(1).run()
    app.radio(key="conv.stride").set_value(2).run()
    app.slider(key="conv.row").set_value(7).run()
    app.slider(key="conv.col").set_value(6).run()
    model = digit_model.load_or_train(mnist).model
    with torch.no_grad():
        theirs = model[:3](prepare(mnist.test_x[:1]))[0, 5, 7, 6].item()  # ReLU(BN(conv(x))) of filter 5
    shown = float(step_line(app).rsplit("**", 2)[-2])
    assert shown == pytest.approx(theirs, rel=1e-3, abs=1e-4) and not app.exception


def test_zeros_and_huge_numbers_get_plain_words(app):
    for i in range(9):
        app.number_input(key=f"conv.k{i}").set_value(0.0)
    app.run()
    assert any("Every number of this kernel is 0" in i.value for i in app.info) and not app.exception
    app.number_input(key="conv.k0").set_value(1e8).run()
    assert any("beyond ±10,000" in w.value for w in app.warning) and not app.exception


def test_a_link_naming_a_kernel_brings_its_numbers(new_app):
    at = open_link(new_app, LESSON, kernel="blur", input="digit", digit="2")
    assert at.session_state["conv.k0"] == pytest.approx(1 / 9) and at.session_state["conv.k4"] == pytest.approx(1 / 9)
    assert not any(i.value.startswith("This link") for i in at.info)


def test_the_slide_fills_the_whole_map_and_stops(app):
    app.radio(key="conv.stride").set_value(2).run()  # 13 x 13
    app.button(key="conv.slide.play").click().run()
    ticks = 0
    while app.session_state["conv.slide.player"].playing and ticks < MAX_TICKS:
        app.run()
        ticks += 1
    assert not app.exception and not app.session_state["conv.slide.player"].playing
    assert app.session_state["conv.sweep"].filled == 169
    assert "169 of 169 output pixels computed" in summaries(app)
    assert any("The window is at output row 12, column 12" in c.value for c in app.caption)


def test_the_latest_drawing_from_the_draw_page_is_the_input(app, mnist):
    drawing = np.zeros((28, 28), np.uint8)
    drawing[4:24, 13:16] = 255  # an upright stroke
    app.session_state["draw.latest"] = drawing
    app.run()
    assert not any("No drawing yet" in i.value for i in app.info)
    assert "the input: your drawing" in summaries(app) and "the input: test digit" not in summaries(app)
    assert any("your latest drawing" in c.value for c in app.caption)
    assert said(expected(drawing, cv.KERNELS["vertical edge"])) in step_line(app)


def test_moving_the_digit_reports_how_far_each_answer_moved(app, mnist):
    app.slider(key="conv.shift.x").set_value(0).run()
    assert "The digit has not moved" in markdown(app)
    app.slider(key="conv.shift.x").set_value(-5).run()
    app.slider(key="conv.shift.y").set_value(4).run()
    text = markdown(app)
    assert "the CNN said" in text and "the MLP said" in text and not app.exception
    assert "moved 5 left, 4 down" in summaries(app)
    models = {"CNN": digit_model.load_or_train(mnist).model, "MLP": digit_model.load_or_train(mnist, MLP_RECIPE).model}
    many = convnet.shift_summary(models, mnist.test_x[:100], mnist.test_y[:100], 4, -5)
    for name in models:
        assert f"the {name}'s answers moved by **{many.moved[name]:.0%}** on average, and it reads " \
               f"**{many.right_after[name]}** right" in text  # fmt: skip


def test_the_weight_counts_come_from_the_model(app):
    table = app.table[0].value
    assert table["weights of the convolution"].tolist()[0] == "144"
    assert table["a dense layer would need"].tolist()[0] == f"{784 * 3136 + 3136:,}"
