"""Real pen handwriting replayed on the canvas (nnviz/pendigits.py): parsing, drawing, and a floor on reading it."""

import numpy as np
import pytest

from nnviz import digit_model, pendigits
from nnviz.preprocess import AS_DRAWN, BRUSH_DEFAULT, BRUSH_MAX, BRUSH_MIN, CANVAS
from tests.helpers import need

UNIPEN = """.LEXICON "0" "1"
.SEGMENT DIGIT    0 ? "7"
.COMMENT 7 12  224
.PEN_DOWN
 100  400
 300  400
 150  100
.PEN_UP
.SEGMENT DIGIT    1-2 ? "4"
.COMMENT 4 3  225
.PEN_DOWN
 100  400
 100  250
 300  250
.PEN_UP
.PEN_DOWN
 250  400
 250  100
.PEN_UP
"""


def test_a_unipen_file_gives_each_digit_its_label_writer_and_strokes_with_y_pointing_down():
    seven, four = pendigits.parse(UNIPEN)
    assert (seven.label, seven.writer, len(seven.strokes)) == (7, 12, 1)
    assert (four.label, four.writer, len(four.strokes)) == (4, 3, 2)
    np.testing.assert_array_equal(seven.strokes[0][0], [100, 100])  # the tablet's y = 400 is near the top
    np.testing.assert_array_equal(four.strokes[1][-1], [250, 400])


@pytest.mark.parametrize("brush", [BRUSH_MIN, BRUSH_DEFAULT, BRUSH_MAX])
def test_a_drawn_digit_stays_on_the_canvas_at_a_natural_size(brush):
    four = pendigits.parse(UNIPEN)[1]
    for seed in range(20):
        image = pendigits.drawn(four, brush, np.random.default_rng(seed), AS_DRAWN)
        lit = np.argwhere(image[..., 0] > 0)
        assert lit.min() > 0 and lit.max() < CANVAS - 1, "ink must not touch the canvas edge"
        height = np.ptp(lit[:, 0]) + 1 - brush
        assert 0.4 * CANVAS - 2 <= height <= 0.9 * CANVAS + 2


def test_the_even_pen_draws_the_same_strokes_alike_whatever_the_brush():
    four = pendigits.parse(UNIPEN)[1]
    strokes = pendigits.placed_strokes(four, BRUSH_MAX, np.random.default_rng(0))
    evenly = [pendigits.inked(strokes, brush) for brush in (BRUSH_MIN, BRUSH_DEFAULT, BRUSH_MAX)]
    assert all(np.array_equal(evenly[0], other) for other in evenly[1:])
    thin, thick = (pendigits.inked(strokes, brush, AS_DRAWN) for brush in (BRUSH_MIN, BRUSH_MAX))
    assert (thin[..., 0] > 0).sum() < (evenly[0][..., 0] > 0).sum() < (thick[..., 0] > 0).sum()


def test_pen_strokes_break_where_the_pen_lifted():
    """The four's second stroke is drawn on its own: nothing joins the end of one stroke to the next."""
    four = pendigits.parse(UNIPEN)[1]
    image = pendigits.drawn(four, BRUSH_MIN, np.random.default_rng(0))
    lines = pendigits.placed_lines(four, BRUSH_MIN, np.random.default_rng(0))
    first_end, second_start = lines[1][2:], lines[2][:2]  # (row, column) where the pen lifted, then came down
    middle = np.round((first_end + second_start) / 2).astype(int)
    assert image[middle[0], middle[1], 0] == 0


def test_the_default_model_reads_most_real_handwriting(mnist):
    """A few hundred digits by all 30 writers, at the default brush: a floor well below the target of 97%."""
    folder = pendigits.where()
    need((folder / pendigits.FILE).is_file(), f"the pen digits are not in {folder}")
    every = pendigits.load(folder)
    sample = [every[i] for i in np.random.default_rng(0).choice(len(every), 300, replace=False)]
    reading = pendigits.read(digit_model.load_or_train(mnist).model, sample, (BRUSH_DEFAULT,))
    assert reading.count == 300 and len(reading.per_digit) == 10
    assert reading.overall >= 0.88


def test_pen_digits_as_the_pad_sends_them_are_chosen_by_the_seed_and_stay_on_the_pad():
    """The benches' drawings (bench/load.py, bench/draw_latency.py): strokes of points in pad pixels, to 0.1."""
    need((pendigits.where() / pendigits.FILE).is_file(), f"the pen digits are not in {pendigits.where()}")
    sent = pendigits.as_sent(5, BRUSH_DEFAULT, seed=1)
    assert sent == pendigits.as_sent(5, BRUSH_DEFAULT, seed=1) != pendigits.as_sent(5, BRUSH_DEFAULT, seed=2)
    points = np.concatenate([np.array(stroke) for drawing in sent for stroke in drawing])
    assert len(sent) == 5 and points.shape[1] == 2
    assert points.min() >= BRUSH_DEFAULT / 2 and points.max() <= CANVAS - BRUSH_DEFAULT / 2
    np.testing.assert_array_equal(points, np.round(points, 1))
