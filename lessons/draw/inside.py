"""The views worked out on demand, each in a box of its own: the 28x28 numbers, every layer's output, and which
pixels made the model say what it said. A closed box costs a stroke nothing; an open one follows every stroke,
after the answer is on screen, and reuses its work while the drawing stays the same."""

from __future__ import annotations

import streamlit as st
import torch
from torch import nn

from lessons.draw.models import remembered
from lessons.draw.settings import KEEP, PAGE
from nnviz.figures import draw as figures
from nnviz.figures.digits import pixel_numbers
from nnviz.insight import ATTRIBUTIONS, layer_activations
from nnviz.preprocess import Prepared
from ui import present

ATTRIBUTION_HELP = (
    "Occlusion: black out a small patch and see how far the answer drops. Gradient x input: "
    "how much the answer's score rises with each pixel's brightness, times that brightness."
)


def on_demand(label: str, key: str):
    """A box whose content runs only while it is open (Streamlit reruns the page when it opens or closes).
    Its label stays the same whatever is drawn: the key alone would not keep a box open if its label changed."""
    return st.expander(label, key=key, on_change="rerun")


def numbers(prepared: Prepared) -> None:
    box = on_demand("The 28x28 grid of numbers, 0 to 255, that the model receives", PAGE.keys.grid)
    if box.open:
        with box:
            present.number_grid(pixel_numbers(prepared.digit, on_black=True), PAGE.key("numbers"))


def layers(name: str, model: nn.Module, prepared: Prepared) -> None:
    """Each non-linearity's output: small maps for a convolutional layer, bars for a dense one."""
    box = on_demand("Every hidden layer's output, for your drawing", PAGE.keys.layers)
    if not box.open:
        return
    digit = torch.from_numpy(prepared.digit)
    outputs = remembered(prepared.digit, ("layers", model), lambda: layer_activations(model, digit))
    with box:
        for layer in outputs:
            values = layer.values.numpy()
            if values.ndim == 3:
                present.chart(figures.feature_maps(values, layer.name), key=PAGE.key(layer.name))
            else:
                present.chart(figures.unit_bars(values, layer.name), key=PAGE.key(layer.name))


def reasons(name: str, model: nn.Module, prepared: Prepared, answer: int) -> None:
    """The attribution map of the chosen method, for the model's answer."""
    box = on_demand("Which pixels made it say that?", PAGE.keys.why)
    if not box.open:
        return
    with box:
        method = st.radio("How to find them", list(ATTRIBUTIONS), key=PAGE.keys.attribution, horizontal=True,
                          persist_state=KEEP, help=ATTRIBUTION_HELP)  # fmt: skip
        digit = torch.from_numpy(prepared.digit)
        why = remembered(prepared.digit, ("why", model, method, answer),
                         lambda: ATTRIBUTIONS[method](model, digit, answer).numpy())  # fmt: skip
        present.chart(figures.attribution_map(prepared.digit, why, f"why {name} says {answer}"), key=PAGE.key("map"))
        st.caption("Red pixels pushed the model towards its answer, blue ones away from it.")
