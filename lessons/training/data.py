"""The data as the computer sees it: digits with labels, one digit's numbers, the shapes on the way in."""

from __future__ import annotations

import streamlit as st

from lessons.training.settings import PAGE
from nnviz.evaluation import one_hot
from nnviz.figures.digits import digit_grid, pixel_numbers
from ui import present, resources

GRID = 16


def data_section() -> None:
    digits = resources.digits()
    n, m = len(digits.train_y), len(digits.test_y)
    st.markdown(
        f"MNIST holds {n + m:,} handwritten digits, each a 28x28 grey picture: {n:,} to train on and "
        f"{m:,} kept aside to test. A label says which digit each one is."
    )
    present.chart(
        digit_grid(digits.train_x[:GRID].numpy(), [str(int(y)) for y in digits.train_y[:GRID]], cols=GRID),
        key=PAGE.key("grid"),
    )
    pick, numbers = st.columns([1, 2])
    with pick:
        index = int(st.number_input("Training digit number", min_value=0, max_value=n - 1, key=PAGE.keys.digit))
        label = int(digits.train_y[index])
        present.explain(
            "The network never sees a picture, only these 784 numbers: 0 is paper, 255 is full ink. "
            "Hover over a cell to read it."
        )
        st.checkbox(
            "Scale the pixels to 0-1 before training",
            key=PAGE.keys.scale,
            help="Untick it and train the 784-32-10 preset: the raw 0-255 inputs make its steps far too big.",
        )
    with numbers:
        present.chart(
            pixel_numbers(digits.train_x[index].numpy(), f"A {label}, as 784 numbers"), key=PAGE.key("pixels")
        )
    shapes(n, label)


def shapes(n: int, label: int) -> None:
    """The array shapes at each step of preparing the data."""
    st.table(
        {
            "step": ["the images", "scaled", "flattened, for an MLP", "the labels", "one-hot labels"],
            "shape": [f"({n}, 28, 28)", f"({n}, 28, 28)", f"({n}, 784)", f"({n},)", f"({n}, 10)"],
            "values": ["whole numbers 0-255", "0 to 1", "784 numbers per digit",
                       f"one digit each: this one is {label}", f"{label} becomes {one_hot(label)}"],
        }
    )  # fmt: skip
    present.explain(
        "A shape that does not match the first layer is the classic first error. A CNN keeps the picture "
        "as (1, 28, 28); PyTorch's loss takes the label itself and compares it as one-hot inside.",
        caption=True,
    )
