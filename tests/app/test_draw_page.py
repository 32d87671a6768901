"""The Draw page under AppTest, with the canvas component replaced by drawings the test makes.

AppTest cannot run a custom component, so `lessons.draw.canvas.drawing` (the page's
only contact with it) is swapped for a function returning the pixels the test sets,
in exactly the canvas's format: RGBA (280, 280, 4), white ink on black.
"""

import numpy as np
import pytest
import torch

from lessons.draw import canvas as panel
from lessons.training.run import Run
from nnviz import digit_model, handwriting
from nnviz.data import split_validation
from nnviz.models import ModelSpec, build_model
from nnviz.preprocess import NAIVE, PrepConfig, prepare_drawing
from nnviz.training import TrainConfig, export, predict_proba
from tests.helpers import charts

PAGE = "lessons/draw/page.py"


@pytest.fixture
def canvas(monkeypatch):
    """What the canvas sends: set `canvas["pixels"]`; None is a canvas not drawn on yet."""
    sent = {"pixels": None, "brushes": [], "configs": []}

    def fake(brush: int, config):
        sent["brushes"].append(brush)
        sent["configs"].append(config)
        return sent["pixels"]

    monkeypatch.setattr(panel, "drawing", fake)
    return sent


@pytest.fixture(scope="module")
def held_out(mnist):
    """Digits of the validation split the default model never trained on, redrawn as canvas strokes."""
    _, val = split_validation(len(mnist.train_y), digit_model.RECIPE.val_fraction, digit_model.RECIPE.seed)
    images, labels = mnist.train_x[val[:20]], mnist.train_y[val[:20]]
    return handwriting.skeletons(images), labels


def open_page(new_app):
    at = new_app(timeout=300)  # the first run trains the shared CNN and MLP
    at.run()  # AppTest finds a lesson's page.py among the router's pages only once the router has run
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def open_boxes(at, *names: str) -> None:
    """Open the views a stroke works out only on demand ("grid", "layers", "why"), as a click on each would."""
    for name in names:
        at.session_state[f"draw.{name}"] = True
    at.run()
    assert not at.exception


def verdict(at) -> str:
    """The caption under the answer: how sure, and the runner-up."""
    return next(c.value for c in at.caption if "sure" in c.value)


def big_answer(at) -> str:
    return at.metric[0].value


def test_an_empty_canvas_asks_for_a_digit(new_app, canvas):
    at = open_page(new_app)
    assert at.title[0].value == "Draw a digit"
    assert "Draw a digit in the square" in at.info[0].value
    assert not charts(at)
    canvas["pixels"] = np.dstack([np.zeros((280, 280, 3), np.uint8), np.full((280, 280), 255, np.uint8)])
    at.run()  # "clear" sends an all-black canvas
    assert not at.exception and at.info and not charts(at)


def test_a_drawn_digit_is_read_with_its_probabilities(new_app, canvas, held_out, mnist):
    skeletons, labels = held_out
    at = open_page(new_app)
    model = digit_model.load_or_train(mnist).model
    for i in range(3):
        pixels = handwriting.drawings(skeletons[i], (18,), np.random.default_rng(i))[0]
        canvas["pixels"] = pixels
        at.run()
        assert not at.exception
        probs = predict_proba(model, torch.from_numpy(prepare_drawing(pixels).digit)[None])[0]
        assert big_answer(at) == str(int(probs.argmax()))
        assert int(probs.argmax()) == int(labels[i])  # these three are read right
        runner_up = int(probs.argsort(descending=True)[1])
        assert f"Runner-up: {runner_up}" in verdict(at)
    assert [c.key for c in charts(at)] == ["draw.bars", "draw.stages"]  # the rest waits to be opened
    open_boxes(at, "grid", "layers", "why")
    assert len(charts(at)) == 7  # bars, stages, numbers, three CNN layers, the attribution
    assert at.metric[0].value == str(int(labels[2]))  # opening them changed nothing about the answer
    assert [b.proto.label for b in at.get("download_button")] == ["The 28x28 digit (PNG)", "The probabilities (CSV)"]
    assert canvas["brushes"][-1] == 18
    assert canvas["configs"][-1] == PrepConfig()  # every step on, the even pen too
    assert any("an even pen" in c.spec for c in charts(at))  # the stages start from its strokes


def test_switching_the_preparation_off_feeds_the_naive_resize(new_app, canvas, held_out, mnist):
    skeleton = held_out[0][3]
    small_corner = handwriting.render(skeleton, handwriting.Placement(height=60, top=5, left=5), brush=8)
    canvas["pixels"] = small_corner
    at = open_page(new_app)
    model = digit_model.load_or_train(mnist).model
    for key in ("draw.even", "draw.crop", "draw.fit", "draw.centre"):
        at.checkbox(key=key).uncheck()
    at.run()
    assert not at.exception
    assert canvas["configs"][-1] == NAIVE  # the strokes are inked with the brush that drew them
    assert any("The even pen is off" in m.value for m in at.markdown)  # the prose says what the model gets
    naive = predict_proba(model, torch.from_numpy(prepare_drawing(small_corner, NAIVE).digit)[None])[0]
    assert big_answer(at) == str(int(naive.argmax()))
    assert f"{naive.max():.0%} sure" in verdict(at)


def test_each_model_answers_and_the_learners_own_model_joins_them(new_app, canvas, held_out):
    canvas["pixels"] = handwriting.drawings(held_out[0][0], (18,), np.random.default_rng(0))[0]
    at = open_page(new_app)
    assert at.radio(key="draw.model").options == ["CNN (default)", "MLP"]
    at.radio(key="draw.model").set_value("MLP").run()
    assert verdict(at).startswith("MLP:")
    open_boxes(at, "layers")
    units = [c for c in charts(at) if "layer 1: ReLU" in c.spec]
    assert units, "the MLP's hidden units are shown"
    mine = build_model(ModelSpec(kind="mlp", hidden=(12,)), seed=0)
    at.session_state["train.run"] = Run(export=export(TrainConfig(model=ModelSpec(kind="mlp", hidden=(12,))), mine))
    at.run()
    assert at.radio(key="draw.model").options[-1] == "your model (Training page)"
    at.radio(key="draw.model").set_value("your model (Training page)").run()
    assert not at.exception and verdict(at).startswith("your model")
    assert any("your model (Training page) says" in m.value for m in at.markdown)


def test_the_shift_test_plots_both_models(new_app, canvas, held_out):
    canvas["pixels"] = handwriting.drawings(held_out[0][1], (18,), np.random.default_rng(1))[0]
    at = open_page(new_app)
    at.button(key="draw.shift").click().run()
    assert not at.exception
    curves = at.session_state["draw.shift_result"]["curves"]
    assert set(curves) == {"CNN (default)", "MLP"}
    assert curves["CNN (default)"]["shift"][-1] > curves["MLP"]["shift"][-1]  # the CNN holds up better far off-centre
    assert any("moved off-centre" in c.spec for c in charts(at))


def blank_with(*rects) -> np.ndarray:
    pixels = np.zeros((280, 280, 4), np.uint8)
    pixels[..., 3] = 255
    for top, left, bottom, right in rects:
        pixels[top:bottom, left:right, :3] = 255
    return pixels


def test_odd_drawings_get_an_answer_and_never_an_error(new_app, canvas):
    at = open_page(new_app)
    open_boxes(at, "grid", "layers", "why")
    odd = {
        "a single dot": blank_with((140, 140, 143, 143)),
        "a scribble filling the canvas": blank_with((0, 0, 280, 280)),
        "a frame on every edge": blank_with((0, 0, 6, 280), (274, 0, 280, 280), (0, 0, 280, 6), (0, 274, 280, 280)),
        "a hair-thin line": blank_with((40, 140, 240, 141)),
    }
    for name, pixels in odd.items():
        canvas["pixels"] = pixels
        at.run()
        assert not at.exception, name
        assert big_answer(at) in [str(d) for d in range(10)], name
        assert len(charts(at)) >= 6, name


def test_held_out_handwriting_redrawn_on_the_canvas_is_read(mnist):
    # A small slice of bench/handwriting.py, which measures about 97% over 1,000 digits and five brushes.
    _, val = split_validation(len(mnist.train_y), digit_model.RECIPE.val_fraction, digit_model.RECIPE.seed)
    model = digit_model.load_or_train(mnist).model
    rates = handwriting.read_rate(model, mnist.train_x[val[:60]], mnist.train_y[val[:60]], (8, 32))
    assert min(rates.values()) >= 0.9


def test_the_brush_slider_is_bounded(new_app, canvas):
    at = open_page(new_app)
    brush = at.slider(key="draw.brush")
    assert (brush.min, brush.max) == (8, 32)
    brush.set_value(30).run()
    assert canvas["brushes"][-1] == 30


def test_the_page_says_what_the_models_learnt_from_and_how_well_they_read_real_handwriting(
    new_app, mnist, canvas, held_out
):
    """Under the answer: the figures are the shipped models' own, measured on real pen handwriting when their
    weights were built."""
    at = open_page(new_app)
    canvas["pixels"] = handwriting.drawings(held_out[0][0], (18,), np.random.default_rng(0))[0]
    at.run()
    assert not at.exception
    said = " ".join(c.value for c in at.caption)
    cnn, mlp = digit_model.load_or_train(mnist), digit_model.load_or_train(mnist, digit_model.MLP_RECIPE)
    assert "57,000 MNIST training digits only" in said
    assert f"{cnn.config.augment.flag_ones:.0%} of the 1s given the flag" in said  # the shipped reader's own share
    assert f"the CNN is right {cnn.test_acc:.1%}" in said and f"the MLP {mlp.test_acc:.1%}" in said
    assert cnn.pen_acc is not None and f"{cnn.pen_acc:.1%} and {mlp.pen_acc:.1%}" in said
