"""Convolution: one filter slid over the learner's own drawing, number by number, then the whole CNN reading it."""

import inspect

import numpy as np
import streamlit as st
import torch

from lessons.convolution import kernel, network, slide, source
from lessons.convolution.settings import PADDINGS, PAGE, STRIDES
from nnviz import convolution as conv
from nnviz.figures import convolution as figs
from nnviz.figures import plain
from nnviz.figures.digits import pixel_numbers
from ui import present, resources

present.begin(PAGE, "Convolution: how a CNN sees your drawing")
s = PAGE.values
st.markdown(
    "A convolutional layer slides small filters over the image. At every position a filter multiplies the patch "
    "under it by its own numbers, adds them up, adds a bias and applies ReLU: one output pixel."
)
digits = resources.digits()
with st.container():  # a first visit trains the shared model here, with a progress bar
    cnn = resources.default_digit_model().model
first = conv.first_layer(cnn)

with present.part(PAGE, 1, "1. The input"):
    pick, grid = st.columns([1, 2], gap="large")
    with pick:
        chosen = source.chosen(digits)
        present.explain("The network gets 784 numbers, one per pixel, from 0 (black) to 255 (white), prepared "
                        "like MNIST: the Draw page crops, scales and centres a drawing first.")  # fmt: skip
    with grid:
        present.number_grid(pixel_numbers(chosen.digit, f"the input: {chosen.name}, 28 × 28", on_black=True),
                            PAGE.key("grid"))  # fmt: skip

with present.part(PAGE, 2, "2. One filter, one position"):
    controls, pictures = st.columns([1, 2], gap="large")
    with controls:
        filt = kernel.controls(first)
    image = conv.pixels(chosen.digit, normalised=filt.network)
    done = conv.filter_image(image, filt.weights, filt.bias, s.pad, s.stride)
    rows, cols = done.out.shape
    with controls:
        row, col = kernel.position(rows, cols)
    step = done.step(row, col)
    with pictures:
        if conv.is_huge(filt.weights, filt.bias):
            st.warning(f"A number here is beyond ±{conv.HUGE:,.0f}: every output is that large next to pixels of "
                       "0 to 1, so the map shows little more than where the sum is positive.")  # fmt: skip
        elif not filt.weights.any():
            st.info(f"Every number of this kernel is 0, so every product and every sum is 0: the output map is the "
                    f"bias, {filt.bias:g}, through ReLU, everywhere.")  # fmt: skip
        left, right = st.columns(2)
        with left:
            present.chart(figs.input_figure(image, s.pad, (step.top, step.left, 3), "the patch under the window"),
                          key=PAGE.key("patch"))  # fmt: skip
        with right:
            present.chart(figs.output_figure(done.out, (row, col), f"the output map, {rows} × {cols}"),
                          key=PAGE.key(kernel.OUTPUT_MAP), **kernel.on_click())  # fmt: skip
    present.explain("Pick the output pixel with the sliders, or click it on the map.", caption=True)
    present.chart(figs.step_figure(step.patch, step.kernel, step.products, f"output pixel ({row}, {col}) of "
                                   f"{filt.name}"), key=PAGE.key("step"))  # fmt: skip
    st.markdown(f"Sum of the nine products **{plain(step.total, 4)}**, plus bias {plain(step.bias, 4)}, is "
                f"**{plain(step.before, 4)}**; "
                f"ReLU keeps {'it' if step.before > 0 else '0 instead'}: output pixel ({row}, {col}) = "
                f"**{plain(step.out, 4)}**.")  # fmt: skip
    if filt.network:
        present.explain("In the network this filter is followed by BatchNorm, which in use is a fixed scale and "
                        "shift per filter: folded into the nine weights and the bias, the numbers above are exactly "
                        "what the CNN computes (with its own padding 1 and stride 2).", caption=True)  # fmt: skip
    present.explain("Slide it: the window visits every position, row by row, and writes each output pixel.")
    slide.sweep(done)
    slide.controls()
    slide.live()
    if not present.presenting():
        with st.expander("The code that computed every number above"):
            st.code(inspect.getsource(conv.patches) + "\n\n" + inspect.getsource(conv.conv2d), language="python")

with present.part(PAGE, 3, "3. Padding and stride"):
    left, right = st.columns([1, 2])
    left.radio("Padding p (rings of zeros around the image)", PADDINGS, key=PAGE.keys.pad, horizontal=True)
    left.radio("Stride s (pixels the window moves each time)", STRIDES, key=PAGE.keys.stride, horizontal=True)
    n, k, p, stride = image.shape[0], 3, s.pad, s.stride
    exact = (n + 2 * p - k) / stride + 1
    rounded = "" if exact == int(exact) else f", rounded down: **{conv.output_size(n, k, p, stride)}**"
    right.markdown(f"Output side = (n + 2p − k) / s + 1 = ({n} + 2 × {p} − {k}) / {stride} + 1 = "
                   f"**{exact:g}**{rounded}.")  # fmt: skip
    right.markdown(f"So the output map is {rows} × {cols}." + ("" if not rounded else
                   " A window that would stick out past the edge is left out."))  # fmt: skip
    with right:
        present.chart(figs.sweep_figure(image, p, (step.top, step.left, k), done.out, done.out.size, (row, col),
                                        f"padding {p}, stride {stride}: {n} × {n} in, {rows} × {cols} out"),
                      key=PAGE.key("sizes"))  # fmt: skip
    present.explain("Padding keeps the edges in play (with p = 1 a 3 × 3 filter keeps the size); a stride of 2 "
                    "halves each side. The CNN's first layer uses p = 1, s = 2: 28 × 28 becomes 14 × 14.")  # fmt: skip

with present.part(PAGE, 4, "4. Max pooling"):
    if min(rows, cols) < 2:
        st.info("This map is smaller than 2 × 2: there is nothing to pool. Use a smaller stride.")
    else:
        pooled = conv.max_pool(done.out)
        half = pooled.values.shape
        title = f"{rows} × {cols} pooled to {half[0]} × {half[1]}"
        present.chart(figs.pool_figure(done.out, pooled.values, pooled.winners, title), key=PAGE.key("pool"))
        pr, pc = min(row // 2, half[0] - 1), min(col // 2, half[1] - 1)
        wr, wc = pooled.winners[pr, pc]
        st.markdown(f"Each 2 × 2 window keeps its largest number. The window of output pixel ({row}, {col}) kept "
                    f"**{plain(pooled.values[pr, pc], 3)}**, from pixel ({wr}, {wc}).")  # fmt: skip

digit = torch.from_numpy(np.ascontiguousarray(chosen.digit))
with present.part(PAGE, 5, "5. The whole network"):
    present.explain("The default CNN reading this input: three convolutions, each followed by BatchNorm (BN) and "
                    "ReLU, two of them pooled, then one dense layer of ten scores and the softmax.")  # fmt: skip
    network.whole_network(cnn, digit)

with present.part(PAGE, 6, "6. Why convolutions"):
    with present.aside(PAGE, 6, "Fewer weights than a dense layer"):  # on a projector: the step moves the digit
        network.weight_table(cnn)
    present.explain("The same filters run everywhere, so a stroke moved a few pixels lights up the same filters a "
                    "few pixels further on. Pooling then keeps the largest, wherever it is in its window.")  # fmt: skip
    network.shift_test(cnn, digit)
