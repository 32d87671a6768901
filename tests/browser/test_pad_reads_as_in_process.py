"""Real people's pen digits drawn with the mouse on the Draw page's pad, in Chromium: the page reads each one as
the same strokes read in-process (bench/pen.py's way), because the pad sends its strokes and the server inks
them with the same brush. A drawing the page does not answer, or answers otherwise, fails."""

import numpy as np
import pytest

from bench.pen_browser import replay
from nnviz import digit_model, pendigits
from tests.helpers import need

pytestmark = pytest.mark.browser

DRAWINGS = 8


def test_the_page_reads_real_pen_digits_exactly_as_they_are_read_in_process(browser, mnist):
    folder = pendigits.where()
    need((folder / pendigits.FILE).is_file(), f"the pen digits are not in {folder}")
    every = pendigits.load(folder)
    sample = [every[i] for i in np.random.default_rng(1).choice(len(every), DRAWINGS, replace=False)]
    done = replay(digit_model.load_or_train(mnist).model, sample, seed=1, timeout=120, browser=browser)
    assert None not in done.page, f"drawings the page did not answer: {done.page}"
    assert done.page == done.in_process
