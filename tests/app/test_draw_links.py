"""The Draw lesson's settings under AppTest: links open exact states, widgets write the URL, bad links
fall back with a notice, settings outlive a page switch and an empty canvas, presentation mode walks its steps.

The canvas is not a setting; as in test_draw_page.py, the test stands in for it with pixels it draws.
"""

import numpy as np
import pytest
import torch

from lessons.draw import canvas as panel
from lessons.draw.settings import DEFAULT_CNN, YOURS
from nnviz import digit_model, handwriting
from nnviz.digit_model import MLP_RECIPE
from nnviz.preprocess import BRUSH_DEFAULT, BRUSH_MAX, PrepConfig, prepare_drawing
from nnviz.training import predict_proba
from tests.helpers import charts, open_link

PAGE = "lessons/draw/page.py"


@pytest.fixture
def canvas(monkeypatch, mnist):
    """What the canvas sends: a training digit redrawn as strokes, or None for a canvas not drawn on."""
    skeleton = handwriting.skeletons(mnist.train_x[15:16])[0]  # training digit 15 is a 7
    sent = {"pixels": handwriting.drawings(skeleton, (18,), np.random.default_rng(0))[0], "brushes": []}

    def fake(brush: int, config):
        sent["brushes"].append(brush)
        return sent["pixels"]

    monkeypatch.setattr(panel, "drawing", fake)
    return sent


def open_draw(new_app, **params):
    return open_link(lambda: new_app(timeout=300), PAGE, **params)  # opening the lesson may train the shared models


def url(at, name: str) -> str | None:
    if name not in at.query_params:
        return None
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def open_box(at, name: str) -> None:
    """Open one of the views worked out on demand, as a click on it would."""
    at.session_state[f"draw.{name}"] = True
    at.run()


def notices(at) -> list[str]:
    return [i.value for i in at.info if "This link" in i.value]


def sure(at) -> str:
    return next(c.value for c in at.caption if "sure" in c.value)


def test_a_link_opens_the_mlp_on_an_unprepared_drawing(new_app, canvas, mnist):
    at = open_draw(new_app, model="MLP", even="0", crop="0", centre="off", brush="30", attribution="gradient x input",
                   why="1")  # fmt: skip
    assert at.radio(key="draw.model").value == "MLP"
    assert at.session_state["draw.why"] is True and charts(at)[-1].key == "draw.map"  # the map, open
    assert at.radio(key="draw.attribution").value == "gradient x input"
    assert at.checkbox(key="draw.crop").value is False and at.checkbox(key="draw.centre").value is False
    assert at.checkbox(key="draw.even").value is False
    assert at.checkbox(key="draw.fit").value is True and at.slider(key="draw.brush").value == 30
    assert canvas["brushes"][-1] == 30
    # The answer is the MLP's, on the drawing prepared without cropping and centring.
    mlp = digit_model.load_or_train(mnist, MLP_RECIPE).model
    digit = prepare_drawing(canvas["pixels"], PrepConfig(even_pen=False, crop=False, centre_of_mass=False)).digit
    probs = predict_proba(mlp, torch.from_numpy(digit)[None])[0]
    assert at.metric[0].value == str(int(probs.argmax()))
    assert sure(at).startswith(f"MLP: {probs.max():.0%} sure")
    assert not notices(at)


def test_changed_widgets_are_written_into_the_url(new_app, canvas):
    at = open_draw(new_app)
    names = ("model", "brush", "crop", "fit", "centre", "attribution", "grid", "layers", "why")
    assert not [name for name in names if url(at, name)]
    at.slider(key="draw.brush").set_value(12).run()
    at.checkbox(key="draw.fit").uncheck().run()
    at.radio(key="draw.model").set_value("MLP").run()
    open_box(at, "why")  # the attribution's radio is in its box
    at.radio(key="draw.attribution").set_value("gradient x input").run()
    assert (url(at, "brush"), url(at, "fit"), url(at, "model")) == ("12", "0", "MLP")
    assert url(at, "attribution") == "gradient x input" and url(at, "why") == "1"


def test_a_nonsense_link_shows_the_defaults_and_names_what_it_dropped(new_app, canvas):
    bad = {"brush": "99", "crop": "maybe", "model": "GPT", "attribution": "vibes", "colour": "red", "why": "perhaps"}
    at = open_draw(new_app, **bad)
    assert at.slider(key="draw.brush").value == BRUSH_DEFAULT and at.checkbox(key="draw.crop").value is True
    assert at.radio(key="draw.model").value == DEFAULT_CNN
    assert at.session_state["draw.why"] is False and not at.get("radio")[1:]  # the map's box stays shut
    assert at.session_state["draw.attribution"] == "occlusion"
    assert len(notices(at)) == 1
    for name, value in bad.items():
        assert f"{name}={value}" in notices(at)[0]
    assert not at.error


def test_a_link_to_your_own_model_without_one_says_so(new_app, canvas):
    at = open_draw(new_app, model=YOURS)
    assert at.radio(key="draw.model").value == DEFAULT_CNN
    assert any("once a run has finished on the Training page" in c.value for c in at.caption)


def test_settings_survive_a_page_switch_and_an_empty_canvas(new_app, canvas):
    at = open_draw(new_app)
    at.radio(key="draw.model").set_value("MLP").run()
    open_box(at, "why")
    at.radio(key="draw.attribution").set_value("gradient x input").run()
    at.checkbox(key="draw.centre").uncheck().run()
    at.slider(key="draw.brush").set_value(24).run()
    drawn, canvas["pixels"] = canvas["pixels"], None
    at.run()  # cleared: the model choice is not on screen now
    assert not at.get("radio")
    canvas["pixels"] = drawn
    at.run()
    assert at.radio(key="draw.model").value == "MLP"
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(PAGE).run()
    assert at.radio(key="draw.model").value == "MLP" and at.radio(key="draw.attribution").value == "gradient x input"
    assert at.session_state["draw.why"] is True  # the box left open is open again
    assert at.checkbox(key="draw.centre").value is False and at.slider(key="draw.brush").value == 24
    assert sure(at).startswith("MLP:")


def test_presentation_mode_walks_every_step(new_app, canvas):
    at = open_draw(new_app, present="1")
    expected = [
        (True, True, BRUSH_DEFAULT, DEFAULT_CNN, "occlusion", False),
        (False, False, BRUSH_DEFAULT, DEFAULT_CNN, "occlusion", False),
        (True, False, BRUSH_MAX, "MLP", "occlusion", False),  # the thick brush, as drawn
        (True, True, BRUSH_DEFAULT, DEFAULT_CNN, "occlusion", True),  # the steps about the map open it
        (True, True, BRUSH_DEFAULT, "MLP", "gradient x input", True),
        (True, True, BRUSH_DEFAULT, DEFAULT_CNN, "occlusion", False),  # teaching it: the part's box is open
    ]
    for number, (prepared, even, brush, model, method, why) in enumerate(expected, start=1):
        text = " ".join(m.value for m in at.markdown)
        assert f"Step {number} of {len(expected)}" in text and "Predict, then run." in text
        assert [at.checkbox(key=k).value for k in ("draw.crop", "draw.fit", "draw.centre")] == [prepared] * 3
        assert at.checkbox(key="draw.even").value is even and at.slider(key="draw.brush").value == brush
        assert at.radio(key="draw.model").value == model and at.session_state["draw.attribution"] == method
        assert ("draw.map" in [c.key for c in charts(at)]) is why
        assert at.session_state["draw.own"] is (number == len(expected))  # the last step opens the teaching part
        assert url(at, "step") == str(number)
        assert at.metric[0].value in [str(d) for d in range(10)]
        if number < len(expected):
            at.button(key="draw._next").click().run()
            assert not at.exception
    assert at.button(key="draw._next").disabled
    assert not any("MNIST's digits were cropped" in m.value for m in at.markdown)  # the long prose is left out
