"""The models that read the drawing: the shared CNN and MLP, the learner's own from the Training page, the CNN
fine-tuned on their handwriting, and what they say about a digit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
import streamlit as st
import torch
from torch import nn

from lessons.draw import tune
from lessons.draw.settings import DEFAULT_CNN, MLP, PAGE, TUNED, YOURS
from lessons.training import handover
from nnviz import shift, training
from nnviz.augment import AugmentSpec
from nnviz.insight import readable
from ui import resources

T = TypeVar("T")
MEMO = "memo"  # held: what was worked out for the drawing on the canvas, by what it is
YOURS_READABLE = "yours"  # held: the learner's model, and it as the page reads it


def _learners_model() -> nn.Module | None:
    """The model trained on the Training page in this session, reading the drawing as the default one does."""
    handed = handover.finished_model()
    if handed is None or handed.model is None:
        return None
    kept = PAGE.held(YOURS_READABLE, dict)  # one wrapper per model, so what was worked out for it is found again
    if kept.get("model") is not handed.model:
        kept.update(model=handed.model, readable=readable(handed.config, handed.model))
    return kept["readable"]


def models() -> dict[str, nn.Module]:
    """The models that can read the drawing, by name; trains the shared ones on first use.

    The progress bars of a first training appear inside one container that is always there:
    were they to come and go, every element below would change position, and the browser
    would rebuild the canvas, wiping the drawing.
    """
    with st.container():
        found = {DEFAULT_CNN: resources.default_digit_model().model, MLP: resources.default_mlp_model().model}
    yours = _learners_model()
    if yours is not None:
        found[YOURS] = yours
    if (tuned := tune.tuned_model()) is not None:
        found[TUNED] = tuned
    s = PAGE.values
    if tune.picked():
        s.model = TUNED
    if s.model not in found:
        if s.model == YOURS:
            st.caption("Your own model joins these once a run has finished on the Training page.")
        if s.model == TUNED:
            st.caption("Your fine-tuned copy joins these once you teach the CNN your handwriting, further down.")
        s.model = DEFAULT_CNN
    return found


def trained_on() -> str:
    """What the shared models learnt from, and how well they read MNIST and real people's handwriting."""
    cnn, mlp = resources.default_digit_model(), resources.default_mlp_model()
    digits = resources.digits()
    learnt = round(len(digits.train_y) * (1 - cnn.config.val_fraction))
    said = (
        f"Both models learnt from {learnt:,} MNIST training digits only, {distortions(cnn.config.augment)}. On "
        f"MNIST's test digits the CNN is right {cnn.test_acc:.1%} of the time and the MLP {mlp.test_acc:.1%}."
    )
    if cnn.pen_acc is not None and mlp.pen_acc is not None:
        said += (
            f" On 7,494 digits written with a pen by 30 people they never saw, redrawn on this canvas at five "
            f"brush widths: {cnn.pen_acc:.1%} and {mlp.pen_acc:.1%}."
        )
    return said


def distortions(spec: AugmentSpec | None) -> str:
    """What was done at random to the training digits (nnviz/augment.py), in words."""
    if spec is None:
        return "as they were written"
    flags = f", and {spec.flag_ones:.0%} of the 1s given the flag many people start a 1 with" if spec.flag_ones else ""
    return f"each moved, tilted, resized and thickened a little at random{flags}"


@st.cache_data(show_spinner="Moving and shrinking 1,000 test digits...")
def shift_test(cnn_file: str, mlp_file: str, n: int) -> dict:
    """Both shared models against shifted and shrunk test digits; the files name the models for the cache."""
    digits = resources.digits()
    test = shift.ShiftTest(n=n)
    models = {DEFAULT_CNN: resources.default_digit_model().model, MLP: resources.default_mlp_model().model}
    curves = shift.shift_curves(models, digits.test_x, digits.test_y, test)
    return {"curves": curves, "shifts": test.shifts, "sizes": test.sizes}


def remembered(digit: np.ndarray, what: tuple, work: Callable[[], T]) -> T:
    """`work()` done once per drawing: a rerun that leaves the drawing as it was (another model chosen, a view
    opened) reuses it. `what` names the work and holds the models it uses, which keeps them alive, so a model
    made later never takes a remembered one's place."""
    memo = PAGE.held(MEMO, dict)
    drawing = digit.tobytes()
    if memo.get("drawing") != drawing:  # a new drawing: nothing worked out before applies
        memo.clear()
        memo["drawing"] = drawing
    if what not in memo:
        memo[what] = work()
    return memo[what]


def probabilities(models: dict[str, nn.Module], digit: np.ndarray) -> dict[str, np.ndarray]:
    """Each model's ten probabilities for the prepared digit."""
    batch = torch.from_numpy(digit).unsqueeze(0)  # (1, 28, 28)

    def work() -> dict[str, np.ndarray]:
        return {name: training.predict_proba(model, batch)[0].numpy() for name, model in models.items()}

    return remembered(digit, ("probabilities", *models.items()), work)


def model_files() -> tuple[str, str]:
    """The files of the shared CNN and MLP: they change when a recipe or the data changes."""
    return str(resources.default_digit_model().path), str(resources.default_mlp_model().path)
