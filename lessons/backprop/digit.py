"""Part 7, the real thing: one SGD step on one MNIST test digit, on this visitor's private copy of a digit MLP.
The shared model is loaded only once the learner asks for a step (it trains the first time a server needs it)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from lessons.backprop.panels import num
from lessons.backprop.settings import DEFAULT_MLP, DIGIT_LRS, PAGE, YOURS
from lessons.training import handover
from nnviz import one_digit
from nnviz.data import Digits
from nnviz.figures import backprop as figs
from nnviz.figures import signed
from nnviz.one_digit import OneStep
from ui import present, resources

UNITS = 16  # hidden units whose weight change is shown
OTHERS = 20


@dataclass
class Stepped:
    """The last step this visitor took, and the settings it was taken with."""

    made_with: tuple
    result: OneStep
    others: np.ndarray  # the other test digits' indices


def chosen_model() -> tuple[str, handover.Handed | None]:
    """Which model the step uses (the learner's own only when it is an MLP), saying why when it is not theirs."""
    choice = st.radio("Network", (DEFAULT_MLP, YOURS), key=PAGE.keys.digit_model, horizontal=True)
    if choice == DEFAULT_MLP:
        return DEFAULT_MLP, None
    yours = handover.finished_model()
    if yours is None:
        st.caption("Your own model joins once a run has finished on the Training page; until then, the default MLP.")
        return DEFAULT_MLP, None
    if yours.model is None or one_digit.first_linear(yours.model) is None:
        st.info("Your model is not an MLP on the 28×28 pixels (a CNN, perhaps): only an MLP shows its first layer "
                "as pictures, so this part uses the default MLP.")  # fmt: skip
        return DEFAULT_MLP, None
    return YOURS, yours


def digit_controls(digits: Digits) -> int:
    """The test digit by its index, and the learning rate; returns the index."""
    s, last = PAGE.values, len(digits.test_y) - 1
    if s.digit > last:
        st.caption(f"This test set has {last + 1:,} digits: showing the last one.")
        s.digit = last
    left, right = st.columns(2)
    left.number_input(f"Test digit (0 to {last:,})", 0, last, step=1, key=PAGE.keys.digit)
    right.select_slider("Learning rate", DIGIT_LRS, key=PAGE.keys.digit_lr)
    return s.digit


def step_panel(digits: Digits) -> None:
    """The controls, the button, and what the last step did if it was taken with these settings."""
    name, yours = chosen_model()
    index, lr = digit_controls(digits), PAGE.values.digit_lr
    label = int(digits.test_y[index])
    made_with = (name, id(yours.export) if yours else None, index, lr, digits.label)
    picture, words = st.columns([1, 3])
    picture.image(digits.test_x[index].numpy(), width=112, caption=f"Test digit {index}: a {label}")
    pressed = words.button("One step on this digit", key=PAGE.key("digit.step"), type="primary")
    words.markdown(f"Loss: cross-entropy on this one digit, for its label {label}. The step: `w -= {lr:g} × ∂L/∂w` "
                   "for every weight of a copy of the network; the shared network never changes.")  # fmt: skip
    if pressed:
        model = yours.model if yours else resources.default_mlp_model().model
        others = one_digit.other_digits(digits.test_y, index, OTHERS)
        try:
            result = one_digit.one_step_on_one_digit(model, digits.test_x[index], label, lr, digits.test_x[others],
                                                     digits.test_y[others])  # fmt: skip
        except (ValueError, RuntimeError) as error:
            st.warning(f"This network cannot take the step: {error}.")
            return
        PAGE.keep("digit.stepped", Stepped(made_with, result, others))
    stepped = PAGE.held("digit.stepped", lambda: None)
    if stepped is None or stepped.made_with != made_with:
        words.caption("Press the button to take the step.")
        return
    show(stepped, digits)


def show(stepped: Stepped, digits: Digits) -> None:
    """Loss and probability before and after; the weight changes as pictures; the other digits."""
    r = stepped.result
    cols = st.columns(4)
    cols[0].metric("Loss on this digit, before", num(r.loss_before))
    cols[1].metric(
        "Loss on this digit, after", num(r.loss_after), delta=num(r.loss_after - r.loss_before), delta_color="inverse"
    )
    cols[2].metric(f"P({r.label}) before", f"{r.prob_before:.1%}")
    cols[3].metric(
        f"P({r.label}) after", f"{r.prob_after:.1%}", delta=f"{100 * (r.prob_after - r.prob_before):+.1f} pts"
    )
    units = r.most_changed(min(UNITS, len(r.first_change)))
    present.chart(figs.change_pictures(r.first_change, units), key=PAGE.key("digit.pictures"))
    st.markdown(f"A hidden unit's weights change by −{r.lr:g} × its ∂L/∂z × the image, so each picture is the digit "
                "itself, red or blue by the sign: one step draws the digit into the weights.")  # fmt: skip
    present.explain("The background is not 0 once the pixels are normalised, so it moves a little too.", caption=True)
    captions = [f"#{i} ({int(digits.test_y[i])})" for i in stepped.others]
    present.chart(figs.others_chart(captions, r.others_same, r.others_before, r.others_after, r.label),
                  key=PAGE.key("digit.others"))  # fmt: skip
    st.markdown(others_sentence(r))


def others_sentence(r: OneStep) -> str:
    """How the other digits' probability of their own class moved, on average, in percentage points."""
    moved = 100 * (r.others_after - r.others_before)
    same, rest = moved[r.others_same], moved[~r.others_same]
    parts = []
    if len(same):
        parts.append(f"the other {r.label}s moved by **{signed(same.mean(), 2)} points** on average")
    if len(rest):
        parts.append(f"the other digits by **{signed(rest.mean(), 2)} points**")
    return f"Their probability of their own class: {' and '.join(parts)}." if parts else ""
