"""The canvas and its controls: the brush width, and the preparation steps that make a drawing look like MNIST."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lessons.draw.settings import PAGE
from nnviz.preprocess import BRUSH_MAX, BRUSH_MIN, CANVAS, PrepConfig

DRAWN = "canvas.start"  # held: (the drawing a new canvas starts from, or None; how many canvases came before)
STROKES = "canvas.strokes"  # held: the canvas's strokes as it last sent them
PICTURES = "canvas.pictures"  # held: number of strokes -> the canvas's picture then
UNDO_DEPTH = 10  # strokes Undo can take back while the answer stays on screen
FINGER_CSS = "<style>.st-key-draw-undo button, .st-key-draw-clear button { min-height: 3rem; }</style>"


def drawing(brush: int) -> np.ndarray | None:
    """The drawing as RGBA pixels (CANVAS, CANVAS, 4), or None before the first stroke.

    The one place the page touches the canvas component, so tests can stand in for it.
    The import waits until here: the component registers itself from the manifest that
    `streamlit run` scans at start-up, and fails in a process that never scanned it.
    """
    from streamlit_drawable_canvas import st_canvas

    initial, generation = PAGE.held(DRAWN, _blank)
    result = st_canvas(
        stroke_width=brush,
        stroke_color="#FFFFFF",
        background_color="#000000",
        height=CANVAS,
        width=CANVAS,
        drawing_mode="freedraw",
        update_streamlit=True,  # send the drawing after every stroke
        return_image_data=True,
        initial_drawing=initial,
        key=PAGE.key(f"canvas{generation}"),  # a new key starts a new canvas, from `initial`
    )
    PAGE.keep(STROKES, result.json_data)
    drawn = PAGE.held(PICTURES, dict)  # the picture after each number of strokes, for Undo to go back to
    count = len((result.json_data or {}).get("objects") or [])
    if result.image_data is not None:
        drawn[count] = result.image_data
        for older in [n for n in drawn if n < count - UNDO_DEPTH or n > count]:
            del drawn[older]
        return result.image_data
    return drawn.get(count) if count else None  # a canvas restarted by Undo sends no picture until a stroke


def _blank() -> tuple[dict | None, int]:
    return None, 0


def _restart(initial: dict | None) -> None:
    """Start a new canvas holding `initial` (None: empty)."""
    PAGE.keep(DRAWN, (initial, PAGE.held(DRAWN, _blank)[1] + 1))
    PAGE.forget(STROKES)
    if initial is None:
        PAGE.forget(PICTURES)


def clear() -> None:
    _restart(None)


def undo() -> None:
    """The drawing without its last stroke."""
    strokes = PAGE.held(STROKES, lambda: None) or {}
    objects = strokes.get("objects") or []
    _restart({**strokes, "objects": objects[:-1]} if len(objects) > 1 else None)


def buttons() -> None:
    """Undo and Clear, always visible and big enough for a finger (the canvas's own bar shows only on hover)."""
    st.html(FINGER_CSS)
    row = st.container(horizontal=True)
    row.button("Undo", key=PAGE.key("undo"), on_click=undo, icon=":material/undo:", width="stretch")
    row.button("Clear", key=PAGE.key("clear"), on_click=clear, icon=":material/delete:", width="stretch")


def brush_slider() -> int:
    return st.slider("Brush width (screen pixels)", BRUSH_MIN, BRUSH_MAX, step=1, key=PAGE.keys.brush)


def preparation_toggles() -> PrepConfig:
    """One checkbox per preparation step; all on is what MNIST did."""
    crop = st.checkbox("Crop to the ink", key=PAGE.keys.crop)
    fit = st.checkbox("Fit into 20x20, keeping the shape", key=PAGE.keys.fit,
                      help="Off: the picture is squeezed straight to 28x28, a naive resize.")  # fmt: skip
    centre = st.checkbox("Centre by centre of mass", key=PAGE.keys.centre)
    return PrepConfig(crop=crop, keep_aspect=fit, centre_of_mass=centre)
