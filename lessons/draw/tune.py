"""Fine-tune a copy of the default CNN on the learner's examples, and show what it gained and what it forgot.

The copy is this visitor's alone (held in their session, never cached across sessions); the shared model
is left as it was."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from torch import nn

from lessons.draw import own
from lessons.draw.settings import PAGE, TUNED
from nnviz.finetune import Report, TuneConfig, teach
from ui import frame, present, resources

TUNE = TuneConfig()  # tests lower the steps
HELD = "own.tuned"  # held: the Tuned copy, once there is one
PICK = "own.pick"  # held: True right after a fine-tuning, so the page reads with the copy


@dataclass(frozen=True)
class Tuned:
    model: nn.Module
    report: Report
    examples: int  # how many the learner had when it was fine-tuned


def tuned_model() -> nn.Module | None:
    held = PAGE.held(HELD, lambda: None)
    return held.model if held is not None else None


def picked() -> bool:
    """True once, on the run after a fine-tuning: the page then reads with the copy."""
    if PAGE.held(PICK, lambda: False):
        PAGE.forget(PICK)
        return True
    return False


def button() -> None:
    """The button, and the fine-tuning it starts, with a progress bar."""
    have = own.examples()
    n_own = round(TUNE.batch * TUNE.own_share)
    present.explain(
        f"Fine-tuning trains a copy of the default CNN for {TUNE.steps} steps. Each step shows it {n_own} of "
        f"your examples, each tilted, moved and thickened a little at random, and {TUNE.batch - n_own} MNIST "
        "training digits, so it keeps what it knew. One example of each digit (or symbol) you gave two or more "
        "of is kept aside, to test the copy on handwriting of yours it never trained on."
    )
    if not st.button("Fine-tune a copy on your examples", key=PAGE.key("tune"), type="primary",
                     disabled=not len(have), icon=":material/model_training:"):  # fmt: skip
        return
    bar = st.progress(0.0, text="Fine-tuning...")
    digits = resources.digits()
    x, y = have.tensors()
    mnist = (digits.train_x, digits.train_y, digits.test_x, digits.test_y)
    model, report = teach(resources.default_digit_model().model, x, y, mnist, frame.seed(), TUNE,
                          lambda done: bar.progress(done, text=f"Fine-tuning: {done:.0%}"))  # fmt: skip
    PAGE.keep(HELD, Tuned(model, report, len(have)))
    PAGE.keep(PICK, True)
    PAGE.forget(own.SAID)  # what was said about the last example added is old news now
    st.rerun()  # the model radio above gets the copy, and the page reads with it


def results() -> None:
    """Before and after, on the learner's held-out examples and on MNIST test digits."""
    held = PAGE.held(HELD, lambda: None)
    if held is None:
        if not len(own.examples()):
            st.caption("Add at least one example to fine-tune on.")
        return
    r = held.report
    st.markdown(f"**Fine-tuned** on {r.trained} of your examples in {r.tuning.seconds:.1f} s.")
    mine, mnist = st.columns(2)
    if r.own_after is None:
        mine.info("Add a second example of any digit: one of them is then kept aside to measure the copy on.")
    else:
        mine.metric(
            "Your held-out example, read right" if r.held == 1 else f"Your {r.held} held-out examples, read right",
            f"{r.own_after:.0%}", *_change(r.own_before, r.own_after, 0),
        )  # fmt: skip
    mnist.metric(f"The first {r.mnist_count:,} MNIST test digits, read right", f"{r.mnist_after:.1%}",
                 *_change(r.mnist_before, r.mnist_after, 1))  # fmt: skip
    st.caption(
        "A drop on MNIST is forgetting: what the copy learnt about your handwriting pushed out some of what it "
        f"knew. The page reads your drawings with the copy now: '{TUNED}' among the models above."
    )
    if (now := len(own.examples())) != held.examples:
        st.caption(f"You have {now} examples now, {held.examples} when it was fine-tuned: fine-tune again to use them.")


def _change(before: float, after: float, decimals: int) -> tuple[str, str]:
    """The metric's delta, in percentage points with what it was, and its colour: grey when nothing changed."""
    points = round((after - before) * 100, decimals)
    return f"{points:+.{decimals}f} points (was {before:.{decimals}%})", "normal" if points else "off"
