"""Activation functions: the bend in every neuron, why a network needs it, and what it does to gradients."""

import inspect

import streamlit as st
import torch

from lessons.activations import panels, settings
from lessons.activations.settings import PAGE
from nnviz import activations as acts
from nnviz import nonlinearity
from nnviz.figures import activations as figs
from nnviz.figures import plain
from ui import frame, present

present.begin(PAGE, "Activation functions")
s = PAGE.values
st.markdown("A neuron computes `act(w·x + b)`: a weighted sum and a bias, passed through an **activation**.")
present.explain(
    "A whole layer does this for many neurons at once, `act(W x + b)`. Without the activation, "
    "the whole network would be a single linear map, however many layers it had."
)

with present.part(PAGE, 1, "1. The gallery"):
    present.explain(
        "Each plot shows an activation (solid) and its slope, the derivative (dashed), on the same axes. "
        "Training multiplies every gradient by that slope, so the dashed line matters as much as the solid one."
    )
    st.slider("Show x from -r to r", settings.RANGE_LOW, settings.RANGE_HIGH, step=0.5, key=PAGE.keys.range)
    panels.gallery(s.range)

with present.part(PAGE, 2, "2. One neuron"):
    controls, picture = st.columns([1, 2])
    with controls:
        cell = panels.neuron_controls()
        z, out = acts.neuron(cell.weights, cell.inputs, cell.bias, cell.activation)
        products = " + ".join(f"({w:g})({x:g})" for w, x in zip(cell.weights, cell.inputs, strict=True))
        st.markdown(f"`{cell.activation}({products} + ({cell.bias:g}))`  \n`= {cell.activation}({z:.2f})`")
        st.metric("Output", f"{out:.3f}")
    with picture:
        if len(cell.inputs) == 1:
            xs, ys = acts.neuron_curve(cell.weights[0], cell.bias, cell.activation)
            present.chart(figs.neuron_curve(xs, ys, cell.inputs[0], out, cell.activation), key=PAGE.key("neuron.plot"))
        else:
            axis, grid = acts.neuron_surface(*cell.weights, cell.bias, cell.activation)
            present.chart(figs.neuron_surface(axis, grid, tuple(cell.inputs), out), key=PAGE.key("neuron.plot"))
    present.explain(
        "The weights set how steeply the output changes and in which direction; the bias shifts where the bend sits. "
        "With two inputs, the bend runs along the line w1·x1 + w2·x2 + b = 0."
    )

with present.part(PAGE, 3, "3. Softmax: scores into probabilities"):
    st.markdown(
        "Softmax turns one score per class (a *logit*) into probabilities: `p_i = exp(z_i / T) / Σ_j exp(z_j / T)`."
    )
    present.explain(
        "Every p_i is positive and together they sum to 1. "
        "The temperature T sharpens (small T) or flattens (large T) the result."
    )
    with present.settings_box("Logits and target"):
        logits = panels.logit_controls(frame.seed())
        true_class, smoothing = panels.target_controls()
    st.slider("Temperature T", settings.TEMP_LOW, settings.TEMP_HIGH, step=0.1, key=PAGE.keys.temp)
    probabilities = acts.softmax(torch.tensor(logits), s.temp)
    one_hot, soft = acts.soft_target(true_class, len(logits), 0.0), acts.soft_target(true_class, len(logits), smoothing)
    losses = acts.cross_entropy(probabilities, one_hot), acts.cross_entropy(probabilities, soft)
    present.chart(figs.softmax_bars(probabilities, one_hot, soft, losses), key=PAGE.key("softmax"))
    st.metric(f"Probability of class {true_class}", f"{float(probabilities[true_class]):.1%}")
    present.explain(
        f"Training compares the probabilities with a target. A one-hot target puts all of its weight on class "
        f"{true_class}; a soft one keeps {smoothing:.0%} spread over every class, so the model is not pushed to "
        "infinite confidence. The loss is the cross-entropy, -Σ target · log p. Adding the same number to every "
        "logit changes nothing."
    )

with present.part(PAGE, 4, "4. Why a network needs a non-linearity"):
    # On a projector this half folds away at the step about the curve, so its controls and chart come up.
    with present.aside(PAGE, 4, "Six linear layers, one map", steps=(3,)):
        present.explain(
            "Stack linear layers without an activation and the result is still one linear map: multiply the weight "
            "matrices together and you get a single W and b that do exactly the same."
        )
        left, right = st.columns(2)
        left.slider("Layers in the stack", settings.STACK_LOW, settings.STACK_HIGH, key=PAGE.keys.stack_depth)
        right.selectbox("Between the layers", list(acts.ACTIVATIONS), key=PAGE.keys.stack_between)
        depth, between = s.stack_depth, s.stack_between
        layers = nonlinearity.random_stack((1,) + (8,) * (depth - 1) + (1,), frame.seed())
        xs = torch.linspace(-4, 4, 201, dtype=torch.float64).unsqueeze(1)
        weight, bias = nonlinearity.collapse(layers)
        gap = nonlinearity.collapse_gap(layers, xs, between)
        present.chart(figs.collapse_plot(xs[:, 0], nonlinearity.run_stack(layers, xs, between)[:, 0],
                                         (xs @ weight.T + bias)[:, 0], between), key=PAGE.key("collapse"))  # fmt: skip
        st.markdown(
            f"The {depth} weight matrices multiply out to W = {float(weight):.3f}, b = {float(bias):.3f}. "
            f"Largest difference between the stack and that single map: **{plain(gap, 2)}**"
            + (
                " (rounding only: they are the same map)."
                if gap < 1e-9
                else ": the activation made it more than a line."
            )
        )
        if not present.presenting():
            with st.expander("The code that multiplies the layers out"):
                st.code(inspect.getsource(nonlinearity.collapse))

    present.explain(
        "With a non-linearity, one hidden layer that is wide enough can follow any smooth curve (Cybenko 1989, "
        "Hornik et al. 1989). Here a network with one hidden layer learns a curve on the spot."
    )
    config = panels.fit_controls()
    fit = panels.curve_fit(config.target, config.hidden, config.activation, frame.seed())
    by_width = [panels.curve_fit(config.target, w, config.activation, frame.seed()) for w in nonlinearity.WIDTHS]
    left, right = st.columns(2)
    with left:
        present.chart(figs.fit_plot(fit.x, fit.target, fit.prediction, f"{config.hidden} {config.activation} units"),
                      key=PAGE.key("fit"))  # fmt: skip
    with right:
        present.chart(figs.loss_by_width(nonlinearity.WIDTHS, [f.loss for f in by_width], config.hidden),
                      key=PAGE.key("fit.widths"))  # fmt: skip
    present.chart(figs.fits_by_width(nonlinearity.WIDTHS, by_width), key=PAGE.key("fit.gallery"))
    st.markdown(f"Error left after training: **{fit.loss:.4f}**")
    present.explain(
        "The small pictures show every width (grey: the target, blue: the network). Without an activation every "
        "width gives the same straight line; with one, the error falls as units are added. "
        "With step, only the output weights can learn."
    )

with present.part(PAGE, 5, "5. Gradients pass back through the slope"):
    with present.aside(PAGE, 5, "The slope at one input z"):  # the step is about the ten layers below
        st.slider("Input z to the activation", -settings.Z_LIMIT, settings.Z_LIMIT, step=0.1, key=PAGE.keys.grad_x)
        z_now = s.grad_x
        present.chart(figs.local_gradient_bars(acts.local_gradients(z_now), z_now), key=PAGE.key("grad.bars"))
        present.explain(
            "Step passes back nothing; sigmoid and tanh pass back almost nothing once z is far from 0 (they saturate); "
            "ReLU passes back exactly 1 for any positive z, and 0 for negative."
        )
    left, right = st.columns(2)
    left.slider("Layers stacked", settings.DEPTH_LOW, settings.DEPTH_HIGH, key=PAGE.keys.depth_n)
    right.selectbox("Activation in every layer", list(acts.ACTIVATIONS), key=PAGE.keys.depth_act)
    norms = nonlinearity.layer_gradients(s.depth_n, s.depth_act, frame.seed())
    present.chart(figs.layer_gradient_bars(norms, s.depth_act), key=PAGE.key("depth.bars"))
    st.markdown(panels.gradient_ratio(norms))
    present.explain(
        "The size of the gradient on each layer's weights after one backward pass, with starting weights scaled to "
        "suit the activation. Through sigmoids it shrinks layer after layer, since each slope is at most 0.25: "
        "the first layers barely learn. ReLU keeps it roughly level, which is one reason it is the usual default."
    )
