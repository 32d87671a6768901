"""Why neural networks: what they are for, and what it takes for a machine to learn."""

import streamlit as st

from lessons import LESSONS
from lessons.home.settings import PAGE, W_HIGH, W_LOW
from nnviz import samuel
from nnviz.figures.digits import digit_grid
from nnviz.figures.samuel import line_fit
from nnviz.training import predict_proba
from ui import frame, present, resources

present.begin(PAGE, "Why neural networks")
s = PAGE.values
present.explain(
    "Much of machine learning is one idea: find a function **F** that turns an input "
    "**x** into the output **y** you want, `y = F(x)`. A neural network is a function "
    "with many adjustable numbers, and learning means setting them from examples."
)

with present.part(PAGE, 1, "An input goes in, an answer comes out"):
    st.table(
        {
            "input x": ["an email", "a customer review", "an advert and a visitor",
                        "a voice recording", "a satellite photo", "a photo of a metal part"],
            "output y": ["spam or not", "how positive it is, 1 to 5", "clicked or not",
                         "the words spoken", "the outline of every ship", "defective or fine"],
        }
    )  # fmt: skip

    left, right = st.columns(2)
    with left:
        st.markdown(
            "**When laws are known, write F down.** How much fuel a rocket needs follows "
            "from physics: an engineer derives the formula, no examples needed."
        )
    with right:
        st.markdown(
            "**When nobody can write the rules, learn F.** No formula says what a car "
            "looks like in pixels. Given enough pairs (photo, label), a network finds one."
        )

with present.part(PAGE, 2, "A machine that learns: Samuel's four ingredients"):
    present.explain(
        "In 1959 Arthur Samuel described learning as four parts. Here they are on the "
        "smallest model there is, one weight **w** that predicts `y = w * x`."
    )
    x, y = samuel.measurements(frame.seed())
    controls, plot = st.columns([1, 2])
    with controls:
        st.slider("1. A weight assignment: w", W_LOW, W_HIGH, step=0.01, key=PAGE.keys.w)
        error = samuel.performance(s.w, x, y)
        st.metric("2. Its actual performance: mean squared error", f"{error:.3f}")
        st.markdown("3\\. An automatic test: the error is computed from the data, not judged by eye.")

        def improve() -> None:
            w = samuel.improve(s.w, x, y)
            s.w = round(min(max(w, W_LOW), W_HIGH), 2)

        st.button("4. Improve w automatically", on_click=improve, key=PAGE.key("improve"),
                  help="One step against the slope of the error: the mechanism that makes it learn.")  # fmt: skip
    with plot:
        present.chart(line_fit(s.w, x, y), key=PAGE.key("fit"))
    present.explain(
        "Press the button a few times: the line settles where the error is smallest. A network "
        "does the same with millions of weights at once; the later lessons show how."
    )

with present.part(PAGE, 3, "A trained network at work"):
    model = resources.cached_digit_model()
    if model is None and st.button("Train the digit model (a few seconds, once for everyone)", key=PAGE.key("train")):
        model = resources.default_digit_model()
    if model is not None:
        digits = resources.digits()
        images, labels = digits.test_x[:16], digits.test_y[:16]
        guesses = predict_proba(model.model, images).argmax(1)
        present.chart(
            digit_grid(
                images.numpy(),
                [f"says {int(g)}" for g in guesses],
                cols=8,
                wrong=[bool(g != t) for g, t in zip(guesses, labels, strict=True)],
            ),  # fmt: skip
            key=PAGE.key("digits"),
        )
        st.caption(
            f"Sixteen test digits it never saw while learning, and its answers. On all "
            f"{len(digits.test_y):,} test digits it is right {model.test_acc:.1%} of the time."
        )
    else:
        st.caption("It learns from the MNIST digits in the sidebar, then reads handwriting it has never seen.")

st.subheader("The life of a model")
st.markdown(
    "1. **Data**: collect pairs (x, y), and keep some aside for testing.\n"
    "2. **Training**: predict, measure the error with a loss, trace it back to every "
    "weight (backpropagation), nudge the weights, repeat.\n"
    "3. **Testing**: measure it on the held-out pairs it never trained on.\n"
    "4. **Deployment**: use it on new inputs, which must resemble the training data. "
    "A car that learned to drive only on sunny days is not ready for snow."
)

st.subheader("The lessons")
for lesson in LESSONS[1:]:
    st.page_link(lesson.script, label=f"**{lesson.title}**: {lesson.blurb}", icon=lesson.icon)
if len(LESSONS) == 1:
    st.caption("The lessons appear here as they are added.")
