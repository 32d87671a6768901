"""The Draw page's own Undo and Clear, and its answer placed first beside the pad. The pad is replaced as in
test_draw_page.py."""

import numpy as np
import pytest

from lessons.draw import canvas as panel
from tests.helpers import open_link

PAGE = "lessons/draw/page.py"
STROKE = np.array([[10.0, 10.0], [50.0, 50.0]])  # (x, y) points in pad pixels, as the pad sends a stroke


@pytest.fixture
def canvas(monkeypatch):
    """What the canvas sends; None is a canvas not drawn on yet."""
    sent = {"pixels": None}
    monkeypatch.setattr(panel, "drawing", lambda brush, config: sent["pixels"])
    return sent


def start(at):
    return at.session_state["draw.canvas.start"] if "draw.canvas.start" in at.session_state else ([], 0)  # noqa: SIM401 (AppTest state has no .get)


def test_undo_and_clear_are_buttons_on_the_page_before_any_drawing(new_app, canvas):
    at = open_link(new_app, PAGE)
    assert at.button(key="draw.undo").label == "Undo" and at.button(key="draw.clear").label == "Clear"
    assert not any("small bar" in c.value for c in at.caption)  # no pointing at a bar a touch screen never shows


def test_undo_starts_a_new_pad_without_the_last_stroke(new_app, canvas):
    at = open_link(new_app, PAGE)
    second = np.array([[90.0, 90.0], [120.0, 40.0]])
    at.session_state["draw.canvas.strokes"] = [STROKE, second]
    at.button(key="draw.undo").click().run()
    assert not at.exception
    initial, generation = start(at)
    assert generation == 1 and len(initial) == 1 and (initial[0] == STROKE).all()
    at.session_state["draw.canvas.strokes"] = [STROKE]
    at.button(key="draw.undo").click().run()
    assert start(at) == ([], 2)  # undoing the only stroke leaves an empty pad


def test_clear_starts_an_empty_pad(new_app, canvas):
    at = open_link(new_app, PAGE)
    at.session_state["draw.canvas.strokes"] = [STROKE]
    at.button(key="draw.clear").click().run()
    assert not at.exception and start(at) == ([], 1)


def test_the_answer_comes_first_beside_the_canvas(new_app, canvas):
    at = open_link(new_app, PAGE)
    canvas["pixels"] = np.dstack([np.zeros((280, 280, 3), np.uint8), np.full((280, 280), 255, np.uint8)])
    canvas["pixels"][100:200, 135:145, :3] = 255  # a 1
    at.run()
    answer = at.columns[1]
    kinds = [type(e).__name__ for e in answer]
    assert not at.exception and kinds.index("Metric") < kinds.index("Radio"), kinds  # a phone shows it under the pad
