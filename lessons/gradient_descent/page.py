"""Gradient descent in seven steps: from a classifier that cannot learn to a loop that does."""

import inspect

import streamlit as st

from lessons.gradient_descent import loop, panels, settings
from lessons.gradient_descent.settings import PAGE
from nnviz import descent
from nnviz.figures import descent as figs
from ui import frame, present, resources

present.begin(PAGE, "Gradient descent")
s = PAGE.values
seed = frame.seed()
loop.init_toy(seed)  # a new global seed gives the toy loop new data and a new start
data_label = resources.digits().label
st.markdown("How a function with weights becomes a learner: guess, measure how wrong, nudge every weight downhill.")

with present.part(PAGE, 1, "1. A classifier that cannot learn"):
    present.explain("Call a new image a 3 if it is nearer the average training 3 than the average 7.")
    present.explain(
        "Average every training 3 into one image and every training 7 into another. "
        "Then compare a new image with both, pixel by pixel."
    )
    baseline = panels.baseline_view(data_label)
    st.markdown(
        "Good, and stuck there: it has **no weights** to change and **no way to tell which change would help**."
    )
    present.explain("Those are the two things learning needs, and the rest of this page supplies them.")

with present.part(PAGE, 2, "2. A gradient is a slope"):
    present.explain(
        "Torch can follow a number through a calculation and hand back the slope of the result. This ran just now:"
    )
    value, grad = descent.autograd_example(8.0)
    code, answer = st.columns([2, 1])
    code.code(inspect.getsource(descent.autograd_example), language="python")
    answer.metric(
        "x.grad: the slope of x² at x = 8", f"{grad:g}", help=f"y is {value:g}. By hand, the slope of x² is 2x."
    )
    present.explain("The slope is rise over run, measured over a vanishingly small run. Pick a function and a point:")
    panels.tangent_view()

with present.part(PAGE, 3, "3. The learning rate sets the stride"):
    st.markdown("The slope says which way is downhill. The learning rate says how far to go: `w -= lr * slope`.")
    controls, plot = st.columns([1, 2])
    with controls:
        st.selectbox("Loss curve", list(descent.LOSS_CURVES), key=PAGE.keys.curve)
        st.slider("Start at w", -settings.START_LIMIT, settings.START_LIMIT, step=0.1, key=PAGE.keys.start)
        st.select_slider("Learning rate", settings.LR_CHOICES_1D, key=PAGE.keys.lr1d)
        st.slider("Steps", 1, settings.STEPS_1D_HIGH, key=PAGE.keys.steps1d)
    loss_curve = descent.LOSS_CURVES[s.curve]
    path = descent.descend(loss_curve, s.start, s.lr1d, s.steps1d)
    ws, losses = descent.sample(loss_curve, *loss_curve.domain)
    with plot:
        present.chart(figs.descent_path_figure(ws, losses, path), key=PAGE.key("path"))
    walk = descent.verdict(path)
    panels.show(panels.walk_kind(walk), panels.walk_said(walk))
    present.explain(
        "On the bowl, try 0.01 (a crawl), 0.5 (one stride to the bottom) and 1.05 (every jump lands higher)."
    )

with present.part(PAGE, 4, "4. The seven steps, live"):
    present.explain(
        "A cart's speed, measured 21 times over two seconds, with noise. The model `a t² + b t + c` starts "
        "from random weights."
    )
    st.markdown("**Next of the seven** does one of the seven steps and waits; **All seven, once** does a whole "
                "pass of the loop; **Run many passes** repeats whole passes until the stop rule.")  # fmt: skip
    controls = st.columns(4)
    controls[0].slider("Learning rate", settings.LR_LOW, settings.LR_HIGH, step=0.001, format="%.3f",
                       key=PAGE.keys.lr)  # fmt: skip
    controls[1].slider("Step budget", settings.BUDGET_LOW, settings.BUDGET_HIGH, step=10, key=PAGE.keys.budget)
    controls[2].slider("Stop when the loss is below", 0.0, settings.TARGET_HIGH, step=0.05, key=PAGE.keys.target)
    controls[3].toggle("Zero the gradients", key=PAGE.keys.zero_grad,
                       help="Reset .grad after each update. Turn it off to watch it keep adding up.")  # fmt: skip
    loop.controls(seed)
    loop.live()
    present.explain(
        "Every backward pass adds into `.grad`. Without zeroing, each update carries all the old gradients "
        "too, so the weights overshoot and swing instead of settling."
    )

with present.part(PAGE, 5, "5. From one curve to mini-batches of digits"):
    st.markdown("Back to 3 or 7, now with a weight for each of the 784 pixels and the same loop.")
    present.explain("Each update averages the gradient over a mini-batch of training images.")
    config = panels.minibatch_controls(seed)
    if (trained := panels.trained_config()) is not None:
        sgd = panels.linear_result(data_label, trained)
        if trained != config:
            st.caption("Showing the last run. Press the button to train with the new settings.")
        verdict = "beats" if sgd.test_acc > baseline.accuracy else "does not beat"
        st.metric(
            f"Linear model after {sgd.updates:,} updates ({sgd.images_seen:,} images)",
            f"{sgd.test_acc:.2%}",
            f"{sgd.test_acc - baseline.accuracy:+.2%}: it {verdict} the no-learning baseline",
        )
        if sgd.outcome:
            panels.show(panels.minibatch_kind(sgd.outcome), panels.minibatch_said(sgd.outcome))
        present.chart(figs.minibatch_figure(sgd, baseline.accuracy), key=PAGE.key("sgd_chart"))
        picture, words = st.columns([1, 1])
        with picture:
            present.chart(figs.weight_image_figure(sgd.weights), key=PAGE.key("weights"))
        words.markdown(
            "**What it learned.** Its 784 weights, laid out where their pixels are. Ink on a red pixel pushes "
            "the answer towards 3, ink on a blue one towards 7. Nobody drew this: the gradient did."
        )
    else:
        st.caption("Small batches give noisy, cheap steps; large ones give smooth, costly steps. Press the button.")
