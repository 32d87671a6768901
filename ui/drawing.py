"""Streamlit glue for the Draw page: the canvas, its controls, the models to choose from."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch
from torch import nn

from nnviz import shift, training
from nnviz.insight import ATTRIBUTIONS, readable
from nnviz.preprocess import BRUSH_DEFAULT, BRUSH_MAX, BRUSH_MIN, CANVAS, PrepConfig
from ui import resources, state

DEFAULT_CNN, MLP, YOURS = "CNN (default)", "MLP", "your model (Training page)"
SETTINGS = (
    state.number("draw.brush", BRUSH_DEFAULT, BRUSH_MIN, BRUSH_MAX),
    state.flag("draw.crop", True),
    state.flag("draw.fit", True),
    state.flag("draw.centre", True),
    state.choice("draw.model", DEFAULT_CNN, [DEFAULT_CNN, MLP, YOURS]),
    state.choice("draw.attribution", next(iter(ATTRIBUTIONS)), list(ATTRIBUTIONS)),
)
KEEP = "session"  # the answer's controls show only once there is a drawing: keep their values meanwhile


def canvas(brush: int) -> np.ndarray | None:
    """The drawing as RGBA pixels (CANVAS, CANVAS, 4), or None before the first stroke.

    The one place the page touches the canvas component, so tests can stand in for it.
    The import waits until here: the component registers itself from the manifest that
    `streamlit run` scans at start-up, and fails in a process that never scanned it.
    """
    from streamlit_drawable_canvas import st_canvas

    result = st_canvas(
        stroke_width=brush,
        stroke_color="#FFFFFF",
        background_color="#000000",
        height=CANVAS,
        width=CANVAS,
        drawing_mode="freedraw",
        update_streamlit=True,  # send the drawing after every stroke
        return_image_data=True,
        key="draw.canvas",
    )
    return result.image_data


def brush_slider() -> int:
    return st.slider("Brush width (screen pixels)", BRUSH_MIN, BRUSH_MAX, step=1, key="draw.brush")


def preparation_toggles() -> PrepConfig:
    """One checkbox per preparation step; all on is what MNIST did."""
    crop = st.checkbox("Crop to the ink", key="draw.crop")
    fit = st.checkbox("Fit into 20x20, keeping the shape", key="draw.fit",
                      help="Off: the picture is squeezed straight to 28x28, a naive resize.")  # fmt: skip
    centre = st.checkbox("Centre by centre of mass", key="draw.centre")
    return PrepConfig(crop=crop, keep_aspect=fit, centre_of_mass=centre)


def _learners_model() -> nn.Module | None:
    """The model trained on the Training page in this session, rebuilt once per export."""
    export = st.session_state.get("train.export")
    if export is None:
        return None
    kept = st.session_state.get("draw.yours")
    if kept is None or kept["export"] is not export:
        try:
            kept = {"export": export, "model": readable(*training.load(export))}
        except (KeyError, TypeError, ValueError, RuntimeError):
            kept = {"export": export, "model": None}  # an export this page cannot rebuild
        st.session_state["draw.yours"] = kept
    return kept["model"]


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
    if st.session_state.get("draw.model") not in found:
        if st.session_state.get("draw.model") == YOURS:
            st.caption("Your own model joins these once a run has finished on the Training page.")
        st.session_state["draw.model"] = DEFAULT_CNN
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
