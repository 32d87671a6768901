"""The data as the computer sees it: digits with labels, one digit's numbers, the shapes on the way in."""

from __future__ import annotations

import streamlit as st

from lessons.training.settings import KINDS, PAGE
from nnviz.evaluation import one_hot
from nnviz.feeding import feed
from nnviz.figures.digits import digit_grid, pixel_numbers
from nnviz.models import ModelSpec
from nnviz.presets import ALL_PRESETS, preset_config
from nnviz.training import TrainConfig
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
            "The network never sees a picture, only numbers: these 784 as stored, 0 for paper and 255 for full "
            "ink, changed on the way in as the table below says. Hover over a cell to read it."
        )
        st.checkbox(
            "Scale and standardise the pixels",  # whole in the narrow column: a longer label was cut to "tra…"
            key=PAGE.keys.scale,
            help="Ticked, each pixel is divided by 255, then standardised with MNIST's mean and spread (the table "
            "below). Untick it and train the 784-32-10 preset: raw 0-255 inputs make its steps far too big.",
        )
    with numbers:
        present.number_grid(
            pixel_numbers(digits.train_x[index].numpy(), f"A {label}, as 784 numbers"), PAGE.key("pixels")
        )
    shapes(n, label)


def picked_config() -> tuple[str, TrainConfig]:
    """The network picked below, as far as its input goes: a preset, or a custom network (no crops, no warps)."""
    s = PAGE.values
    if s.preset in ALL_PRESETS:
        return s.preset, preset_config(s.preset, 0, None, bool(s.scale))
    return s.preset, TrainConfig(model=ModelSpec(kind=KINDS[s.c_kind]), scale_inputs=bool(s.scale))


def shapes(n: int, label: int) -> None:
    """The steps from the stored digits to what the network picked below is fed, with their shapes and numbers."""
    name, config = picked_config()
    fed = feed(config)
    rows = [("the images", f"({n}, 28, 28)", "whole numbers 0-255")]
    if fed.crop_pad:
        side = 28 + 2 * fed.crop_pad
        rows.append((f"training only: padded to {side}x{side}, cut back to 28x28 at a random place",
                     f"(batch, {side}, {side}), then (batch, 28, 28)",
                     f"moved up to {fed.crop_pad} pixels each way, a new place each time"))  # fmt: skip
    if fed.scaled:
        rows.append(("scaled: divided by 255", f"({n}, 28, 28)", "0 to 1"))
        if fed.warped:
            rows.append(("training only: warped at random", "(batch, 28, 28)",
                         "turned, shifted, resized, sheared, strokes thickened or thinned"))  # fmt: skip
        rows.append((f"standardised: (x - {fed.mean:g}) / {fed.std:g}, MNIST's mean and spread",
                     f"({n}, 28, 28)", f"paper {fed.paper:.2f}, full ink {fed.ink:.2f}"))  # fmt: skip
    else:
        rows.append(("not scaled", f"({n}, 28, 28)", f"fed as stored: paper {fed.paper:g}, full ink {fed.ink:g}"))
    if fed.flattened:
        rows.append(("flattened, by the MLP's first layer", f"({n}, 784)", "784 numbers per digit"))
    else:
        rows.append(("kept as a picture, for a CNN", f"({n}, 1, 28, 28)", "one grey channel per digit"))
    rows += [("the labels", f"({n},)", f"one digit each: this one is {label}"),
             ("one-hot labels", f"({n}, 10)", f"{label} becomes {one_hot(label)}")]  # fmt: skip
    st.markdown(f"What the network picked below (**{name}**) is fed, step by step:")
    st.table({"step": [r[0] for r in rows], "shape": [r[1] for r in rows], "values": [r[2] for r in rows]})
    present.explain(
        "A shape that does not match the first layer is the classic first error. PyTorch's loss takes the "
        "label itself and compares it as one-hot inside. Test digits are neither cropped nor warped.",
        caption=True,
    )
