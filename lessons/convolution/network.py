"""Parts 5 and 6: the whole default CNN reading the input, and why convolutions: fewer weights, and a pattern
found wherever it is."""

from __future__ import annotations

import streamlit as st
import torch
from torch import nn

from lessons.convolution.settings import LAYERS, PAGE, SHIFT_LIMIT
from nnviz import convnet
from nnviz.figures import convolution as figs
from nnviz.figures import draw as draw_figs
from ui import present, resources

CNN, MLP = "CNN", "MLP"
MANY = 100  # test digits moved the same way, for the average


def whole_network(cnn: nn.Module, digit: torch.Tensor) -> None:
    """One row of every layer, then the chosen layer at full size."""
    views = convnet.layer_views(cnn, digit)
    # a phone needs the names on three lines, a projector two (its type is bigger)
    lines, stagger = (2, figs.PROJECTOR_STAGGER) if present.presenting() else (figs.LINES, figs.STAGGER)
    fig = figs.overview([v.name for v in views], [v.values for v in views], lines, stagger)
    present.pictures_at_foot(fig, key=PAGE.key("overview"))  # a phone draws its pictures small: no empty paper
    by_name = {v.name: v for v in views}
    names = [name for name in LAYERS if name in by_name]
    st.selectbox("Look at one layer at full size", names, key=PAGE.keys.layer)
    view = by_name.get(PAGE.values.layer, views[1])
    title = f"{view.name}: output {figs.shape_text(view.shape)}"
    if view.name == "softmax":
        present.chart(draw_figs.probability_bars(view.values, title), key=PAGE.key("layer.full"))
    elif view.values.ndim == 1:
        present.chart(draw_figs.unit_bars(view.values, title), key=PAGE.key("layer.full"))
    else:
        present.chart(figs.maps_figure(view.values, title), key=PAGE.key("layer.full"))
        present.explain("Each map on one colour scale, so a map that stays dark found little of its pattern.",
                        caption=True)  # fmt: skip


def weight_table(cnn: nn.Module) -> None:
    """Each convolution's weights against a dense layer joining every input number to every output number."""
    counts = convnet.weight_counts(cnn)
    st.table({
        "layer": [c.name for c in counts],
        "input → output": [f"{figs.shape_text(c.in_shape)} → {figs.shape_text(c.out_shape)}" for c in counts],
        "weights of the convolution": [f"{c.conv:,}" for c in counts],
        "a dense layer would need": [f"{c.dense:,}" for c in counts],
    })  # fmt: skip
    first = counts[0]
    pixels, outputs = (
        first.in_shape[1] * first.in_shape[2],
        first.out_shape[0] * first.out_shape[1] * first.out_shape[2],
    )
    st.markdown(f"The first layer's 16 filters of 3 × 3 have **{first.conv:,}** weights. A dense layer from the "
                f"{pixels:,} pixels to its {outputs:,} "
                f"outputs would need **{first.dense:,}**, about {first.dense // first.conv:,} times as many: "
                "a convolution uses the same nine weights at every position.")  # fmt: skip


def shift_test(cnn: nn.Module, digit: torch.Tensor) -> None:
    """Move the input; the CNN's first feature map moves with it; how far each model's answer moves."""
    s = PAGE.values
    left, right = st.columns(2)
    left.slider("Move right (pixels; negative: left)", -SHIFT_LIMIT, SHIFT_LIMIT, key=PAGE.keys.shift_x)
    right.slider("Move down (pixels; negative: up)", -SHIFT_LIMIT, SHIFT_LIMIT, key=PAGE.keys.shift_y)
    models = {CNN: cnn, MLP: resources.default_mlp_model().model}
    effect = convnet.shift_effect(models, cnn, digit, s.shift_y, s.shift_x)
    where = f"{abs(s.shift_x)} right" if s.shift_x >= 0 else f"{-s.shift_x} left"
    where += f", {abs(s.shift_y)} down" if s.shift_y >= 0 else f", {-s.shift_y} up"
    maps, bars = st.container(), st.container()
    if present.presenting():  # the room is asked whose answer moves more: the answers come up under the sliders
        maps, bars = bars, maps
    with maps:
        present.chart(figs.shift_figure(digit.numpy(), effect.moved, effect.maps_before, effect.maps_after,
                                        f"moved {where}: the map moves too"),
                      key=PAGE.key("shift.maps"))  # fmt: skip
    with bars:
        present.chart(figs.shift_bars(effect.probs, "each model's answer before and after the move"),
                      key=PAGE.key("shift.bars"))  # fmt: skip
    st.markdown(said(effect))
    cnn_file, mlp_file = str(resources.default_digit_model().path), str(resources.default_mlp_model().path)
    st.markdown(said_of_many(_many_moved(s.shift_y, s.shift_x, cnn_file, mlp_file)))
    # short: a link's label stays on one line, and the longer one was cut on a phone
    st.page_link("lessons/draw/page.py", label="The shift test on 1,000 digits (Draw page)",
                 icon=":material/draw:")  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=300)
def _many_moved(rows: int, cols: int, cnn_file: str, mlp_file: str) -> convnet.ShiftSummary:
    """The first test digits moved the same way, read by both shared models; the files name the models for the
    cache (they change when a recipe or the data does)."""
    digits = resources.digits()
    models = {CNN: resources.default_digit_model().model, MLP: resources.default_mlp_model().model}
    return convnet.shift_summary(models, digits.test_x[:MANY], digits.test_y[:MANY], rows, cols)


def said_of_many(many: convnet.ShiftSummary) -> str:
    """One digit can mislead: the same move on the first test digits, on average."""
    words = [f"the {name}'s answers moved by **{many.moved[name]:.0%}** on average, and it reads "
             f"**{many.right_after[name]}** right (before the move: {many.right_before[name]})"
             for name in many.moved]  # fmt: skip
    return f"The same move on the first {many.n} test digits: " + "; ".join(words) + "."


def said(effect: convnet.ShiftEffect) -> str:
    """How far each answer moved, in words, from the numbers."""
    if effect.rows == effect.cols == 0:
        return "The digit has not moved: set a shift above."
    parts = []
    for name in effect.probs:
        before, after = effect.probs[name]
        parts.append(f"the {name} said **{before.argmax()}** ({before.max():.0%}) and now says "
                     f"**{after.argmax()}** ({after.max():.0%}); its ten probabilities moved by "
                     f"**{effect.moved_by(name):.0%}**")  # fmt: skip
    return "Before and after the move: " + "; ".join(parts) + " (half the summed change: 0% is none, 100% is all)."
