"""Draw a digit: the network reads your handwriting, and shows how it got its answer."""

import streamlit as st

from lessons.draw import canvas, handover, inside, models, own, tune
from lessons.draw.settings import KEEP, PAGE
from nnviz.figures import draw as figures
from nnviz.preprocess import EVEN_PEN, digit_png, prepare_drawing, probabilities_csv
from ui import present

present.begin(PAGE, "Draw a digit")
s = PAGE.values
present.explain(
    "Draw one digit, 0 to 9, in the black square with the mouse, a pen or a finger. "
    "After every stroke a network trained on MNIST says what it reads."
)
readers = models.models()

# The answer stands beside the canvas (under it on a phone), the brush and the preparation below both. On a
# projector they go right under the canvas, where the steps' questions send the class and the first screen ends.
pad, answer = st.columns([1, 1], gap="large")
square = pad.container()
with pad.container() if present.presenting() else st.container():
    st.markdown("**Prepare it like MNIST**")
    brush = canvas.brush_slider()
    config = canvas.preparation_toggles()
with square:
    pixels = canvas.drawing(brush, config)
    canvas.buttons()
prepared = prepare_drawing(pixels, config)
handover.keep(prepared)  # for the Convolution lesson

with answer:
    if prepared is None:
        st.info("Draw a digit in the square: the answer appears here when you lift the pen.")
        st.stop()
    verdict = st.container()  # first, so a phone shows it right under the canvas
    st.radio("Which model reads it", list(readers), key=PAGE.keys.model, horizontal=True, persist_state=KEEP)
    chosen = s.model
    probs = models.probabilities(readers, prepared.digit)
    top, second = probs[chosen].argsort()[::-1][:2]
    verdict.metric("It reads", own.name(top))
    verdict.caption(f"{chosen}: {probs[chosen][top]:.0%} sure. Runner-up: {own.name(second)}, at "
                    f"{probs[chosen][second]:.0%}.")  # fmt: skip
    present.chart(figures.probability_bars(probs[chosen], symbol=own.symbol()), key=PAGE.key("bars"))
    st.markdown(" · ".join(f"{name} says **{own.name(p.argmax())}** ({p.max():.0%})" for name, p in probs.items()))
    st.caption(models.trained_on())  # below the answer: on a phone the answer stays right under the canvas

st.subheader("What the model is shown")
pen = (
    f"First your strokes are redrawn with an even pen, {EVEN_PEN:.0%} as wide as the drawing's longer side, so "
    "a thick brush on a small digit does not fill its loops."
    if config.even_pen
    else "The even pen is off: the model gets your strokes as wide as your brush drew them."
)
present.explain(
    "MNIST's digits were cropped, scaled so the longer side is 20 pixels, and placed in a "
    "28x28 square with their centre of mass in the middle. A drawing on a 280-pixel canvas "
    f"looks nothing like that until it gets the same treatment. {pen} Switch steps off under "
    "the canvas and watch the answer: a naive resize of a small or off-centre digit often fools it."
)
stages = figures.preparation_stages(
    prepared.grey, prepared.box, prepared.cropped, prepared.fitted, prepared.placed, config.even_pen, config
)
present.pictures_at_foot(stages, key=PAGE.key("stages"))
inside.numbers(prepared)

st.subheader("Look inside")
present.explain(
    f"The answer of **{chosen}** is built layer by layer, and some pixels weigh more than others. "
    "Open a box below to see how: for a convolutional layer, one small map per filter, bright where "
    "that filter found its pattern; for a dense layer, one bar per unit. An open box follows every stroke."
)
inside.layers(chosen, readers[chosen], prepared)
inside.reasons(chosen, readers[chosen], prepared, int(top))

st.subheader("MLP against CNN when the digit moves")
present.explain(
    "An MLP flattens the 28x28 grid into one row of 784 numbers, so each weight belongs to one "
    "place: the same stroke a few pixels to the side is a different input to it. A CNN slides "
    "the same small filters over the whole picture and pools, so place matters less. Try it: "
    "switch centring off and draw small, in a corner. Or test both on 1,000 MNIST test digits "
    "that are moved and shrunk without any centring."
)
if st.button("Run the shift test", key=PAGE.key("shift")):
    cnn, mlp = models.model_files()
    PAGE.keep("shift_result", models.shift_test(cnn, mlp, 1000))
if result := PAGE.held("shift_result", dict):  # empty until the first test
    present.chart(figures.shift_curves(result["curves"], result["shifts"], result["sizes"]), key=PAGE.key("curves"))

st.subheader("Keep it")
left, right = st.columns(2)
left.download_button("The 28x28 digit (PNG)", digit_png(prepared.digit), "digit.png", "image/png", key=PAGE.key("png"))
right.download_button("The probabilities (CSV)", probabilities_csv(probs, own.symbol()), "probabilities.csv",
                      "text/csv", key=PAGE.key("csv"))  # fmt: skip

st.subheader("Teach it your handwriting")
present.explain(
    "Does it misread your 7s or your 4s? Keep a few drawings of each as examples, then fine-tune a copy of "
    "the CNN on them for a few seconds. Name a symbol of your own, and the copy learns an eleventh answer. "
    "Your examples stay in this browser session and are gone when you leave: download them to carry on "
    "another day."
)
if (box := inside.on_demand("Your examples, and a CNN fine-tuned on them", PAGE.keys.own)).open:
    with box:
        own.collect(prepared.digit)
        own.gallery()
        own.save_and_load()
        tune.button()
        tune.results()
