"""Part 2's controls: the kernel (hand-made and editable, or one of the CNN's first-layer filters), its bias, and
the output position (sliders, or a click on the output map)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from lessons.convolution.settings import CELLS, CNN_FILTER, FILTERS, KERNEL_NAMES, PAGE, kernel_numbers
from nnviz.convolution import FirstLayer
from nnviz.figures import plain

OUTPUT_MAP = "output"  # the clickable output map's widget name


@dataclass(frozen=True)
class Kernel:
    weights: np.ndarray  # (3, 3)
    bias: float
    network: bool  # one of the CNN's filters: it reads the network's normalised input
    name: str


def _load_kernel() -> None:
    """Callback: a hand-made kernel brings its own numbers, and a bias of 0."""
    s = PAGE.values
    if s.kernel != CNN_FILTER:
        for cell, value in zip(CELLS, kernel_numbers(s.kernel), strict=True):
            setattr(s, cell, value)
        s.bias = 0.0


def controls(first: FirstLayer | None) -> Kernel:
    s = PAGE.values
    st.selectbox("Kernel", KERNEL_NAMES, key=PAGE.keys.kernel, on_change=_load_kernel)
    if s.kernel == CNN_FILTER and first is None:
        st.info("This CNN has no first convolution on the pixels to borrow a filter from: pick a hand-made kernel.")
    if s.kernel == CNN_FILTER and first is not None:
        st.slider("Which filter of the CNN's first layer", 0, FILTERS - 1, key=PAGE.keys.filter)
        bias = float(first.bias[s.filter])
        st.caption(f"Its nine weights are in the middle picture below; its bias is {plain(bias, 3)}. It reads the "
                   "pixels as the network does: normalised, so the black background is -0.42.")  # fmt: skip
        return Kernel(first.weight[s.filter], bias, True, f"filter {s.filter} of the CNN")
    st.caption("Its nine numbers, row by row: edit any of them.")
    for row in range(3):
        line = st.container(horizontal=True, wrap=False)  # three abreast on a phone too, where columns would stack
        for cell in CELLS[3 * row : 3 * row + 3]:
            line.number_input(cell, step=0.5, format="%.3f", key=getattr(PAGE.keys, cell), label_visibility="collapsed")
    st.number_input("Bias", step=0.5, format="%.3f", key=PAGE.keys.bias)
    weights = np.array([getattr(s, cell) for cell in CELLS], dtype=float).reshape(3, 3)
    edited = not np.array_equal(weights.ravel(), kernel_numbers(s.kernel))
    return Kernel(weights, float(s.bias), False, f"{s.kernel}{', edited' if edited else ''}")


def _clicked() -> None:
    """Callback: a click on the output map picks that pixel."""
    event = PAGE.widget(OUTPUT_MAP)
    points = event.selection.points if event is not None else []
    if points:
        PAGE.values.row, PAGE.values.col = int(points[0]["y"]), int(points[0]["x"])


def on_click() -> dict:
    """What the output map chart needs to be clickable."""
    return dict(on_select=_clicked, selection_mode="points")


def position(rows: int, cols: int) -> tuple[int, int]:
    """The output pixel, kept inside a map of rows x cols; sliders where there is a choice."""
    s = PAGE.values
    s.row, s.col = min(s.row, rows - 1), min(s.col, cols - 1)
    left, right = st.columns(2)
    if rows > 1:
        left.slider("Output row", 0, rows - 1, key=PAGE.keys.row)
    if cols > 1:
        right.slider("Output column", 0, cols - 1, key=PAGE.keys.col)
    return s.row, s.col
