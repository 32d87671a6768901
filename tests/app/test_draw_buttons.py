"""The Draw page's own Undo and Clear (the canvas's bar shows only on hover, never on touch), and its answer
placed first beside the canvas. The canvas component is replaced as in test_draw_page.py."""

import numpy as np
import pytest

from lessons.draw import canvas as panel
from tests.helpers import open_link

PAGE = "lessons/draw/page.py"
STROKE = {"type": "path", "path": [["M", 10, 10], ["L", 50, 50]]}


@pytest.fixture
def canvas(monkeypatch):
    """What the canvas sends; None is a canvas not drawn on yet."""
    sent = {"pixels": None}
    monkeypatch.setattr(panel, "drawing", lambda brush: sent["pixels"])
    return sent


def start(at):
    return at.session_state["draw.canvas.start"] if "draw.canvas.start" in at.session_state else (None, 0)  # noqa: SIM401 (AppTest state has no .get)


def test_undo_and_clear_are_buttons_on_the_page_before_any_drawing(new_app, canvas):
    at = open_link(new_app, PAGE)
    assert at.button(key="draw.undo").label == "Undo" and at.button(key="draw.clear").label == "Clear"
    assert not any("small bar" in c.value for c in at.caption)  # no pointing at a bar a touch screen never shows


def test_undo_starts_a_new_canvas_without_the_last_stroke(new_app, canvas):
    at = open_link(new_app, PAGE)
    second = {**STROKE, "path": [["M", 90, 90], ["L", 120, 40]]}
    at.session_state["draw.canvas.strokes"] = {"version": "5", "objects": [STROKE, second]}
    at.button(key="draw.undo").click().run()
    assert not at.exception
    initial, generation = start(at)
    assert generation == 1 and initial["objects"] == [STROKE]
    at.session_state["draw.canvas.strokes"] = {"version": "5", "objects": [STROKE]}
    at.button(key="draw.undo").click().run()
    assert start(at) == (None, 2)  # undoing the only stroke leaves an empty canvas


def test_clear_starts_an_empty_canvas(new_app, canvas):
    at = open_link(new_app, PAGE)
    at.session_state["draw.canvas.strokes"] = {"objects": [STROKE]}
    at.button(key="draw.clear").click().run()
    assert not at.exception and start(at) == (None, 1)


def test_the_answer_comes_first_beside_the_canvas(new_app, canvas):
    at = open_link(new_app, PAGE)
    canvas["pixels"] = np.dstack([np.zeros((280, 280, 3), np.uint8), np.full((280, 280), 255, np.uint8)])
    canvas["pixels"][100:200, 135:145, :3] = 255  # a 1
    at.run()
    answer = at.columns[1]
    kinds = [type(e).__name__ for e in answer]
    assert not at.exception and kinds.index("Metric") < kinds.index("Radio"), kinds  # a phone shows it under the pad
