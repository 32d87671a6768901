"""The drawing pad (ui/drawing_pad.py): what it accepts from the browser, and the Draw page reading its strokes.

The pad's state is set as the browser sets it (its `strokes`, each a list of (x, y) points in pad pixels), so
the page runs exactly as after a pen lift. The page must ink the strokes as bench/pen.py inks real people's
digits: the answer and its certainty are those of the same strokes read in-process.
"""

import numpy as np
import pytest
import torch

from nnviz import digit_model
from nnviz.pendigits import inked
from nnviz.preprocess import BRUSH_DEFAULT, prepare_drawing
from nnviz.training import predict_proba
from tests.helpers import open_link
from ui.drawing_pad import MAX_POINTS, MAX_STROKES, checked

PAGE = "lessons/draw/page.py"
PAD = "draw.canvas0"  # the first pad's key; Undo and Clear start a new pad under the next number
# A four in pad pixels: the down stroke and the bar, then the long stroke down, the pen lifted between them.
FOUR = [[[90, 50], [80, 100], [70, 150], [150, 150], [200, 150]], [[160, 60], [158, 150], [155, 240]]]


def test_strokes_as_the_pad_sends_them_are_kept_inside_the_pad():
    strokes = checked([[[10, 20], [300, -5]], [[40.5, 60.25]]], 280)
    assert len(strokes) == 2 and strokes[0].shape == (2, 2) and strokes[1].shape == (1, 2)
    assert strokes[0].tolist() == [[10, 20], [280, 0]]  # a point past the edge is put on it


@pytest.mark.parametrize(
    "sent",
    [
        "a picture",
        {"strokes": []},
        [[["x", 1]]],
        [[[1, 2, 3]]],
        [[]],
        [[[float("nan"), 1]]],
        [[[1, 1]]] * (MAX_STROKES + 1),
        [[[1, 1]] * (MAX_POINTS + 1)],
    ],
)
def test_anything_else_is_no_drawing(sent):
    assert checked(sent, 280) == []


def read_in_process(mnist, strokes) -> tuple[int, float]:
    picture = inked([np.array(s, float) for s in strokes], BRUSH_DEFAULT)
    digit = torch.from_numpy(prepare_drawing(picture).digit)[None]
    probs = predict_proba(digit_model.load_or_train(mnist).model, digit)
    return int(probs[0].argmax()), float(probs[0].max())


def test_the_page_reads_the_strokes_as_they_are_read_in_process(new_app, mnist):
    at = open_link(lambda: new_app(timeout=300), PAGE)
    assert "Draw a digit in the square" in at.info[0].value  # the pad has sent nothing yet
    at.session_state[PAD] = {"strokes": FOUR}
    at.run()
    assert not at.exception
    digit, sure = read_in_process(mnist, FOUR)
    assert at.metric[0].value == str(digit) == "4"
    assert any(f"{sure:.0%} sure" in c.value for c in at.caption)


def test_undo_starts_a_pad_with_the_strokes_before_the_last(new_app, mnist):
    at = open_link(lambda: new_app(timeout=300), PAGE)
    at.session_state[PAD] = {"strokes": FOUR}
    at.run()
    at.button(key="draw.undo").click().run()
    assert not at.exception
    start, generation = at.session_state["draw.canvas.start"]
    assert generation == 1 and [s.tolist() for s in start] == FOUR[:1]
    digit, _ = read_in_process(mnist, FOUR[:1])
    assert at.metric[0].value == str(digit)  # the new pad starts from the first stroke, and the page reads it


def test_a_message_that_is_no_drawing_leaves_an_empty_pad_and_no_error(new_app):
    at = open_link(lambda: new_app(timeout=300), PAGE)
    at.session_state[PAD] = {"strokes": [[["not", "a point"]]]}
    at.run()
    assert not at.exception and "Draw a digit in the square" in at.info[0].value
