"""Part 1, the input: the learner's latest drawing from the Draw page, or an MNIST test digit by its index."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from lessons.convolution.settings import DIGIT, DRAWING, PAGE, SOURCES
from lessons.draw import handover
from nnviz.data import Digits


@dataclass(frozen=True)
class Input:
    digit: np.ndarray  # (28, 28) uint8 0-255
    name: str  # "your drawing", "test digit 2 (a 1)"
    drawn: bool


def chosen(digits: Digits) -> Input:
    """The radio, then the drawing if there is one; else the test digit by its index."""
    s = PAGE.values
    st.radio("Input", list(SOURCES), format_func=SOURCES.get, key=PAGE.keys.input, horizontal=True)
    drawing = handover.latest_drawing()
    if s.input == DRAWING and drawing is not None:
        st.caption("The input is your latest drawing from the Draw page, prepared like MNIST. Draw another there "
                   "and come back to see it here.")  # fmt: skip
        return Input(drawing, "your drawing", True)
    if s.input == DRAWING:
        st.info("No drawing yet in this session. Draw a digit on the Draw page and it will be the input here; "
                "until then, an MNIST test digit is.")  # fmt: skip
        st.page_link("lessons/draw/page.py", label="Draw a digit", icon=":material/draw:")
    last = len(digits.test_y) - 1
    if s.digit > last:
        st.caption(f"This test set has {last + 1:,} digits: showing the last one.")
        s.digit = last
    st.number_input(f"Test digit (0 to {last:,})", 0, last, step=1, key=PAGE.keys.digit,
                    disabled=s.input != DIGIT and drawing is not None)  # fmt: skip
    index = s.digit
    return Input(digits.test_x[index].numpy(), f"test digit {index} (a {int(digits.test_y[index])})", False)
