"""The canvas and its controls: the brush width, and the preparation steps that make a drawing look like MNIST."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lessons.draw.settings import PAGE
from nnviz.preprocess import BRUSH_MAX, BRUSH_MIN, CANVAS, PrepConfig


def drawing(brush: int) -> np.ndarray | None:
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
        key=PAGE.key("canvas"),
    )
    return result.image_data


def brush_slider() -> int:
    return st.slider("Brush width (screen pixels)", BRUSH_MIN, BRUSH_MAX, step=1, key=PAGE.keys.brush)


def preparation_toggles() -> PrepConfig:
    """One checkbox per preparation step; all on is what MNIST did."""
    crop = st.checkbox("Crop to the ink", key=PAGE.keys.crop)
    fit = st.checkbox("Fit into 20x20, keeping the shape", key=PAGE.keys.fit,
                      help="Off: the picture is squeezed straight to 28x28, a naive resize.")  # fmt: skip
    centre = st.checkbox("Centre by centre of mass", key=PAGE.keys.centre)
    return PrepConfig(crop=crop, keep_aspect=fit, centre_of_mass=centre)
