"""The canvas and its controls: the brush width, and the preparation steps that make a drawing look like MNIST."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lessons.draw.settings import PAGE
from nnviz.pendigits import inked
from nnviz.preprocess import BRUSH_MAX, BRUSH_MIN, CANVAS, EVEN_PEN, PrepConfig
from ui import drawing_pad

DRAWN = "canvas.start"  # held: (the strokes a new pad starts from, how many pads came before)
STROKES = "canvas.strokes"  # held: the pad's strokes as it last sent them
FINGER_CSS = "<style>.st-key-draw-undo button, .st-key-draw-clear button { min-height: 3rem; }</style>"
ALT = "A black square to draw one digit in, with the mouse, a pen or a finger."


def drawing(brush: int, config: PrepConfig) -> np.ndarray | None:
    """The drawing as RGBA pixels (CANVAS, CANVAS, 4), white ink on black, or None before the first stroke.

    The one place the page touches the pad, so tests can stand in for it. The pad sends its strokes; they are
    inked here as bench/pen.py inks real people's digits: with `brush`, or with the even pen if `config` says so.
    """
    start, generation = PAGE.held(DRAWN, _blank)
    strokes = drawing_pad.pad(PAGE.key(f"canvas{generation}"), CANVAS, brush, ALT, start)  # a new key: a new pad
    PAGE.keep(STROKES, strokes)
    return inked(strokes, brush, config) if strokes else None


def _blank() -> tuple[list, int]:
    return [], 0


def _restart(start: list) -> None:
    """Start a new pad holding the strokes `start` ([]: empty)."""
    PAGE.keep(DRAWN, (start, PAGE.held(DRAWN, _blank)[1] + 1))
    PAGE.forget(STROKES)


def clear() -> None:
    _restart([])


def undo() -> None:
    """The drawing without its last stroke."""
    _restart(PAGE.held(STROKES, list)[:-1])


def buttons() -> None:
    """Undo and Clear, always visible and big enough for a finger."""
    st.html(FINGER_CSS)
    row = st.container(horizontal=True)
    row.button("Undo", key=PAGE.key("undo"), on_click=undo, icon=":material/undo:", width="stretch")
    row.button("Clear", key=PAGE.key("clear"), on_click=clear, icon=":material/delete:", width="stretch")


def brush_slider() -> int:
    return st.slider("Brush width (screen pixels)", BRUSH_MIN, BRUSH_MAX, step=1, key=PAGE.keys.brush)


def preparation_toggles() -> PrepConfig:
    """One checkbox per preparation step; all on is what MNIST did (the even pen stands in for MNIST's pens)."""
    even = st.checkbox("Redraw with an even pen", key=PAGE.keys.even,
                       help=f"MNIST's writers used pens of much the same width. On: your strokes are redrawn "
                            f"with a pen {EVEN_PEN:.0%} as wide as the drawing's longer side, whatever the brush. "
                            f"Off: the model sees your brush.")  # fmt: skip
    crop = st.checkbox("Crop to the ink", key=PAGE.keys.crop)
    fit = st.checkbox("Fit into 20x20, keeping the shape", key=PAGE.keys.fit,
                      help="Off: the picture is squeezed straight to 28x28, a naive resize.")  # fmt: skip
    centre = st.checkbox("Centre by centre of mass", key=PAGE.keys.centre)
    return PrepConfig(even_pen=even, crop=crop, keep_aspect=fit, centre_of_mass=centre)
