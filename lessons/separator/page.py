"""The linear separator: one line sorts two classes, and hidden units bend many lines into any shape."""

import streamlit as st

from lessons.separator import line, net, own
from lessons.separator.settings import PAGE, SOURCES, STORIES
from nnviz import separator as sep
from nnviz.figures import separator as figs
from ui import frame, present
from ui.player import fragment

present.begin(PAGE, "The linear separator")
present.explain(
    "Picture marbles on a table, red ones mostly on the left and blue ones mostly on the right. "
    "Draw one straight line between them, and you can guess the colour of a new marble from its side of the line. "
    "That line is the simplest classifier there is, and every neuron is one."
)

with present.part(PAGE, 1, "1. Move the line yourself"):
    example = st.radio("Example", list(STORIES), key=PAGE.keys.example, horizontal=True,
                       format_func={"credit": "borrowers", "marbles": "marbles"}.get)  # fmt: skip
    st.markdown(
        "Each point is a past borrower: a credit score and an income, both on a 1 to 10 scale, coloured by whether "
        "they paid the loan back. The line is every point where `w1*credit + w2*income + b` is exactly 0; "
        "above 0 we predict **repays**."
        if example == "credit"
        else "Each point is a marble at a position on the table. Above 0 we predict **blue**, otherwise **red**."
    )
    story = STORIES[example]
    X, y = line.points(example, 0.1, frame.seed())

    def line_by_hand() -> None:
        """Parts 1 and 2, in a fragment: moving a slider redraws them only, not the whole lesson."""
        controls, picture = st.columns([1, 2])
        with controls:
            by_hand, point = line.controls()
            verdict = sep.predict_point(by_hand, point)
            answer = story.classes[verdict.label]
            st.markdown(f"The new point {sep.number(point[0])}, {sep.number(point[1])}:")
            st.markdown(f"`{verdict.sum_text}`, so **{answer}**.")
            st.caption(f"{by_hand.errors(X, y)} of the {len(y)} known points sit on the wrong side (ringed).")
        with picture:
            present.chart(figs.line_scatter(X, y, by_hand, story.classes, story.axes, new_point=point),
                          key=PAGE.key("scatter"))  # fmt: skip
        present.explain(
            "The shading shows what the line predicts on each side. Tilt it with w1 and w2, shift it with b, "
            "and watch points change sides: the bias moves the line without turning it."
        )

        st.subheader("2. The same line is a one-neuron network")
        st.markdown("Multiply each input by its weight, add the bias, and pass the sum through a step: "
                    "1 above 0, else 0.")  # fmt: skip
        inputs = dict(zip(story.inputs, point, strict=True))
        present.chart(figs.neuron_diagram(inputs, (by_hand.w1, by_hand.w2), by_hand.b, answer), key=PAGE.key("neuron"))

    fragment(line_by_hand, PAGE)

with present.part(PAGE, 3, "3. Let the computer find the line"):
    present.explain(
        "Start from a random line (the seed in the sidebar picks it). The **perceptron** rule looks for a point on "
        "the wrong side and moves the weights towards it, in proportion to the learning rate; it stops when nothing "
        "is wrong. The step has no slope to follow, so **logistic regression** swaps it for a smooth sigmoid and "
        "walks down the gradient of the loss, a few points at a time."
    )
    st.radio("Learn from", list(SOURCES), format_func=SOURCES.get, key=PAGE.keys.lin_source, horizontal=True)
    if PAGE.values.lin_source == "mine":
        own.editor("lin", story.classes, story.axes, line.points(example, PAGE.values.lin_noise, frame.seed()))
    if PAGE.values.lin_source == "mine" and (why := own.ready("lin", 1)):
        st.info(why, icon=":material/touch_app:")
    else:
        line.learning_controls(example, frame.seed())
        line.learning_view(example, frame.seed())

with present.part(PAGE, 4, "4. When a line is not enough"):
    present.explain(
        "No straight line splits a ring from its centre, or the four corners of XOR. A hidden layer gives the "
        "network several neurons, and each one draws its own line; the next layer combines those lines into a "
        "curved boundary. Pick the data and the network, then press play."
    )
    with present.settings_box("Data and network"):
        st.radio("Learn from", list(SOURCES), format_func=SOURCES.get, key=PAGE.keys.net_source, horizontal=True)
        if PAGE.values.net_source == "mine":
            own.editor("net", ("class 0", "class 1", "class 2"), ("x1", "x2"), net.builtin(frame.seed()))
        spec = net.network_controls()
    if PAGE.values.net_source == "mine" and (why := own.ready("net", 2)):
        st.info(why, icon=":material/touch_app:")
    else:
        net.training_controls(spec)
        net.training_view(spec)
    present.explain(
        "Filled points train the network; hollow ones are kept aside to test it. Tick **Show what each hidden "
        "unit computes** to see the first layer's units: with only x1 and x2 as inputs, each one is a line "
        "(dotted), as in part 1. The seed in the sidebar picks the points and the starting weights."
    )

with present.part(PAGE, 5, "A third input gives a plane"):
    present.explain(
        "Give the ring a third input, x3 = (x1² + x2²) / 5, the squared distance from the centre. In three "
        "dimensions the inner points sit low and the outer ones high, and a flat plane separates them: a linear "
        "separator again. With more inputs the plane becomes a hyperplane, which nobody can draw but the "
        "arithmetic is the same."
    )
    X3, y3, weights, bias = net.lifted_ring(spec.noise, spec.seed)
    present.chart(figs.plane_3d(X3, y3, weights, bias, ("x1", "x2", "x3")), key=PAGE.key("plane"))
