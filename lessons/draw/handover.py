"""What the Draw lesson hands to other lessons: this visitor's latest drawing, prepared like MNIST."""

from __future__ import annotations

import numpy as np

from lessons.draw.settings import PAGE
from nnviz.preprocess import Prepared

LATEST = "latest"  # held: the last prepared 28x28 drawing, uint8 0-255


def keep(prepared: Prepared | None) -> None:
    """Called by the Draw page after every stroke: keep the prepared digit (an empty canvas keeps the last one)."""
    if prepared is not None:
        PAGE.keep(LATEST, prepared.digit.copy())


def latest_drawing() -> np.ndarray | None:
    """The visitor's latest prepared drawing (28, 28) uint8, or None before the first one."""
    return PAGE.held(LATEST, lambda: None)
