"""A square to draw on, which sends its strokes the moment the pen lifts.

The canvas component the Draw page used before waited 200 ms after each stroke before it sent anything, and
sent its own rendering of the strokes as a picture. This one sends the strokes themselves, as points, at once:
the server inks them with nnviz's own brush (`nnviz.handwriting.ink`), the same brush bench/pen.py measures the
reader with, so what a visitor draws and what the measurement draws are read the same way.

The strokes a pad starts from come with it (Undo starts a new pad from all but the last stroke).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import streamlit as st

NAME = "nnviz_drawing_pad"
MAX_STROKES = 60  # more than any digit needs; a pad holding this many takes no more
MAX_POINTS = 2000  # per stroke: a slow, long stroke keeps its first 2,000 points
_COMPONENT = st.components.v2.component(NAME, js=(Path(__file__).parent / "drawing_pad.js").read_text())


def pad(key: str, size: int, brush: int, alt: str, strokes: list[np.ndarray] = ()) -> list[np.ndarray]:
    """Draw a `size` x `size` pad under `key`, starting from `strokes`; returns its strokes, each (n, 2) points
    (x, y) in pad pixels, once it has sent any (until then, `strokes`).

    Streamlit mounts a pad afresh under the same key when the page above it changes (a link's notice that goes
    after the first run): it then starts from the strokes it has sent, which the page goes on reading, not blank."""
    sent = _strokes(st.session_state.get(key))  # what the pad has sent, as this run begins (none yet: None)
    shown = list(strokes) if sent is None else checked(sent, size)
    data = {"size": size, "brush": brush, "alt": alt, "strokes": [s.tolist() for s in shown],
            "max_strokes": MAX_STROKES, "max_points": MAX_POINTS}  # fmt: skip
    # Streamlit gives a state a default only when it has a change callback; the page reruns anyway.
    _COMPONENT(key=key, data=data, default={"strokes": None}, on_strokes_change=lambda: None)
    return shown


def _strokes(state: object) -> object:
    """The strokes in a pad's state, as Streamlit hands it over (a mapping with attribute access), or None."""
    return state.get("strokes") if isinstance(state, Mapping) else getattr(state, "strokes", None)


def checked(sent: object, size: int) -> list[np.ndarray]:
    """The strokes as the pad sent them, or none if they are not what the pad sends (a message made by hand):
    points inside the pad, no more strokes or points than it allows."""
    if not isinstance(sent, list) or len(sent) > MAX_STROKES:
        return []
    strokes = []
    for points in sent:
        try:
            stroke = np.asarray(points, dtype=float)
        except (TypeError, ValueError):
            return []
        if stroke.ndim != 2 or stroke.shape[1] != 2 or not 1 <= len(stroke) <= MAX_POINTS:
            return []
        if not np.isfinite(stroke).all():
            return []
        strokes.append(np.clip(stroke, 0, size))
    return strokes
