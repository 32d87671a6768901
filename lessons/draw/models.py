"""The models that read the drawing: the shared CNN and MLP, the learner's own from the Training page, and
what they say about a digit."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch
from torch import nn

from lessons.draw.settings import DEFAULT_CNN, MLP, PAGE, YOURS
from lessons.training import handover
from nnviz import shift, training
from nnviz.insight import readable
from ui import resources


def _learners_model() -> nn.Module | None:
    """The model trained on the Training page in this session, reading the drawing as the default one does."""
    handed = handover.finished_model()
    if handed is None or handed.model is None:
        return None
    return readable(handed.config, handed.model)


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
    s = PAGE.values
    if s.model not in found:
        if s.model == YOURS:
            st.caption("Your own model joins these once a run has finished on the Training page.")
        s.model = DEFAULT_CNN
    return found


@st.cache_data(show_spinner="Moving and shrinking 1,000 test digits...")
def shift_test(cnn_file: str, mlp_file: str, n: int) -> dict:
    """Both shared models against shifted and shrunk test digits; the files name the models for the cache."""
    digits = resources.digits()
    test = shift.ShiftTest(n=n)
    models = {DEFAULT_CNN: resources.default_digit_model().model, MLP: resources.default_mlp_model().model}
    curves = shift.shift_curves(models, digits.test_x, digits.test_y, test)
    return {"curves": curves, "shifts": test.shifts, "sizes": test.sizes}


def probabilities(models: dict[str, nn.Module], digit: np.ndarray) -> dict[str, np.ndarray]:
    """Each model's ten probabilities for the prepared digit."""
    batch = torch.from_numpy(digit).unsqueeze(0)  # (1, 28, 28)
    return {name: training.predict_proba(model, batch)[0].numpy() for name, model in models.items()}


def model_files() -> tuple[str, str]:
    """The files of the shared CNN and MLP: they change when a recipe or the data changes."""
    return str(resources.default_digit_model().path), str(resources.default_mlp_model().path)
