"""Backpropagation, one derivative at a time: a forward pass, the chain rule node by node, checked by torch."""

import inspect

import streamlit as st

from lessons.backprop import depth, digit, panels, train
from lessons.backprop.settings import EPS_CHOICES, PAGE
from nnviz import backprop
from nnviz.backprop import PARAMS
from nnviz.figures import backprop as figs
from ui import frame, present, resources

present.begin(PAGE, "Backpropagation, one derivative at a time")
s = PAGE.values
st.markdown(
    "Training moves every weight so the output comes closer to the target. Backpropagation finds out which way "
    "to move each one: the chain rule, applied from the loss back towards the inputs."
)

with present.part(PAGE, 1, "1. A tiny network and its forward pass"):
    present.explain(
        "Two inputs, two hidden units, one output. Each unit computes a weighted sum z of what comes in, plus "
        f"a bias, and passes it through its activation: a = act(z). {panels.LOSS_WORDS[s.loss]}"
    )
    net, x1, x2, target = panels.network_controls(frame.seed())
    fwd = backprop.forward(net, x1, x2, target)
    back = backprop.backward(net, fwd)
    problem = panels.trouble_words(net, fwd)  # the chosen loss gives no numbers here: said instead of them
    if problem:
        st.warning(problem)
    else:
        st.markdown(f"Output **y = {panels.num(fwd.y)}** for target t = {target:g}: "
                    f"loss **L = {panels.num(fwd.loss)}**")  # fmt: skip

with present.part(PAGE, 2, "2. The backward pass, one node at a time"):
    present.explain(
        "Each node passes back ∂L/∂a, how the loss changes with its activation. Times its own slope "
        "∂a/∂z gives ∂L/∂z, and every weight into it gets ∂L/∂w = ∂L/∂z × the input on that edge."
    )
    shown = panels.walk_controls()
    done = back.steps[:shown]
    if problem:
        st.info(problem)
    else:
        # a phone needs the network drawn downwards; a projector is wide enough to draw it across
        graph = panels.network_graph(net, fwd, done, at=figs.ACROSS if present.presenting() else figs.DOWN)
        present.chart(graph, key=PAGE.key("graph"))
        st.caption(
            "Edges: the wider, the larger the weight; blue for a positive weight, red for a negative one. Dotted "
            "once the backward pass has reached them: orange where ∂L/∂w > 0 (a step lowers that weight), purple "
            "where ∂L/∂w < 0 (a step raises it). The ringed node is where the pass is."
        )
        for warning in panels.warnings(net, fwd):
            st.warning(warning)
        panels.walk_text(back, shown, fwd, net)

with present.part(PAGE, 3, "3. Checked by torch"):
    present.explain("The same network in torch.nn, and autograd's gradients after `loss.backward()`. It ran just now:")
    if not present.presenting():
        with st.expander("The torch code"):
            st.code(inspect.getsource(backprop.torch_gradients), language="python")
    if problem:
        st.info(problem)
    else:
        agree = panels.torch_table(back.grads, backprop.torch_gradients(net, x1, x2, target))
        st.markdown("All nine agree in every digit shown." if agree else "They differ in the digits shown.")

with present.part(PAGE, 4, "4. What a gradient means"):
    present.explain(
        "A gradient is a promise about small nudges: change w by ε and the loss changes by about ∂L/∂w × ε."
    )
    left, right = st.columns(2)
    left.selectbox("Nudge", PARAMS, key=PAGE.keys.nudge)
    right.select_slider("by ε", EPS_CHOICES, key=PAGE.keys.eps)
    if problem:
        st.info(problem)
    else:
        panels.nudge_panel(backprop.nudge(net, x1, x2, target, s.nudge, s.eps))

with present.part(PAGE, 5, "5. One step, then many"):
    st.markdown("A step of gradient descent moves every weight at once: `w -= lr × ∂L/∂w`.")
    present.explain(
        "Train repeats it on this one example. The table shows the next step before you take it; "
        "changing the weights above, the example or the learning rate starts afresh."
    )
    if problem:
        st.info(problem)
    else:
        run = train.training(net, x1, x2, target)
        train.controls(run)
        train.live()

with present.part(PAGE, 6, "6. Depth: a product of slopes"):
    present.explain(
        "Stack layers of one unit each. Going back through a layer multiplies the gradient by that layer's slope, "
        "and a sigmoid's slope is at most 0.25: the gradient reaching the first layer shrinks with every layer."
    )
    chain = depth.controls()
    depth.show(chain)
    st.page_link("lessons/activations/page.py", label="The same in the activations lesson, part 5: whole layers",
                 icon=":material/functions:")  # fmt: skip

with present.part(PAGE, 7, "7. The real thing: one step on one digit"):
    present.explain(
        "A real MNIST network, 784 pixels into a hidden layer into 10 classes. One step of gradient descent on a "
        "single test digit: what does it change, there and elsewhere?"
    )
    digit.step_panel(resources.digits())
