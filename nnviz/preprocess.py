"""Turn a canvas drawing into a digit the way MNIST's digits were made.

MNIST's writers' digits were cropped, scaled so the longer side is 20
pixels (keeping the aspect ratio), then placed in a 28x28 field so that
their centre of mass sits in the middle. A model trained on MNIST expects
exactly that, so a drawing goes through the same steps. Each step can be
switched off, to show what a naive resize does instead.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

SIDE = 28  # the model's input is SIDE x SIDE
BOX = 20  # MNIST fits each digit into a BOX x BOX square inside it
CENTRE = 14.0  # where MNIST's centres of mass sit (row, column), measured on its training digits
CANVAS = 280  # the drawing surface is CANVAS x CANVAS screen pixels: ten per model pixel
BRUSH_MIN, BRUSH_MAX, BRUSH_DEFAULT = 8, 32, 18  # offered brush widths, in canvas pixels
INK = 0.05  # grey below this (0-1) is background: anti-aliasing haze, not a stroke
# The even pen: a drawing's strokes redrawn this share of its longer side wide, whatever brush drew them, so a
# thick brush on a small digit does not fill its loops. Chosen on how well the default model reads the pen
# digits of writers 1-15 (bench/pen.py): 6%, 7% and 8% read alike, so the one nearest MNIST's own strokes.
EVEN_PEN = 0.08
PEN_MIN = 3  # the even pen's narrowest, in canvas pixels: a tiny digit still gets a visible stroke


@dataclass(frozen=True)
class PrepConfig:
    even_pen: bool = True  # redraw the strokes with a pen as wide for the digit's size as every other's
    crop: bool = True  # cut the drawing to its bounding box
    keep_aspect: bool = True  # fit the longer side into BOX; False stretches to SIDE x SIDE
    centre_of_mass: bool = True  # shift so the centre of mass sits at CENTRE; False centres the box


EVERY_STEP = PrepConfig()  # as the Draw page starts
AS_DRAWN = PrepConfig(even_pen=False)  # every step but the even pen: the strokes as wide as the brush drew them
NAIVE = PrepConfig(even_pen=False, crop=False, keep_aspect=False, centre_of_mass=False)


def pen_width(lines: np.ndarray, brush: int, config: PrepConfig = EVERY_STEP) -> int:
    """The width, in canvas pixels, a drawing's line segments (r0, c0, r1, c1) are inked with for the model: with
    the even pen EVEN_PEN of the longer side of the pen's path, else the brush that drew them."""
    if not config.even_pen or len(lines) == 0:
        return brush
    ends = np.asarray(lines, dtype=float).reshape(-1, 2)
    return max(PEN_MIN, round(EVEN_PEN * float(np.ptp(ends, 0).max())))


@dataclass(frozen=True)
class Prepared:
    """Every stage of the preparation, for display, and the model's input."""

    grey: np.ndarray  # (H, W) floats 0-1, the whole canvas
    box: tuple[int, int, int, int]  # (top, left, bottom, right) of the ink, bottom/right exclusive
    cropped: np.ndarray  # (h, w) floats 0-1: the part that gets scaled
    fitted: np.ndarray  # (<=BOX, <=BOX) with keep_aspect, else (SIDE, SIDE): the scaled digit
    placed: np.ndarray  # (SIDE, SIDE) floats 0-1: after placing (and centring)
    digit: np.ndarray  # (SIDE, SIDE) uint8 0-255: what the model receives
    shift: tuple[float, float]  # (rows, columns) moved by the centring step


def to_grey(rgba: np.ndarray) -> np.ndarray:
    """RGBA or RGB canvas pixels (H, W, C) to 0-1 brightness over a black background."""
    rgba = np.asarray(rgba, dtype=np.float32)
    if rgba.ndim == 2:
        return rgba / 255.0
    luminance = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    if rgba.shape[-1] == 4:  # a transparent pixel shows the black background
        luminance = luminance * rgba[..., 3] / 255.0
    return luminance / 255.0


def ink_box(grey: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of the pixels with ink, or None for a blank canvas."""
    rows = np.flatnonzero((grey > INK).any(axis=1))
    cols = np.flatnonzero((grey > INK).any(axis=0))
    if rows.size == 0:
        return None
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Area-averaging resize of a 0-1 image: a downscale greys the edges, as MNIST's anti-aliasing did."""
    picture = Image.fromarray(np.ascontiguousarray(image, dtype=np.float32))  # mode "F"
    return np.asarray(picture.resize((width, height), Image.Resampling.BOX), dtype=np.float32)


def fit_into_box(cropped: np.ndarray) -> np.ndarray:
    """Scale so the longer side is BOX pixels, keeping the aspect ratio."""
    h, w = cropped.shape
    scale = BOX / max(h, w)
    return resize(cropped, max(1, round(h * scale)), max(1, round(w * scale)))


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    total = image.sum()
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def place(fitted: np.ndarray) -> np.ndarray:
    """Put the fitted digit in the middle of a SIDE x SIDE black field."""
    h, w = fitted.shape
    field = np.zeros((SIDE, SIDE), dtype=np.float32)
    top, left = (SIDE - h) // 2, (SIDE - w) // 2
    field[top : top + h, left : left + w] = fitted
    return field


def centre(field: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """Move the centre of mass to CENTRE; returns the field and the (rows, columns) shift."""
    row, col = centre_of_mass(field)
    shift = (CENTRE - row, CENTRE - col)
    # Bilinear sub-pixel shift: lands the centre of mass on CENTRE, not just near it.
    return np.clip(ndimage.shift(field, shift, order=1, mode="constant"), 0, 1), shift


def prepare_drawing(canvas: np.ndarray | None, config: PrepConfig = PrepConfig()) -> Prepared | None:
    """Canvas pixels (H, W, 4) to the model's 28x28 digit with every stage; None if nothing is drawn."""
    if canvas is None or np.asarray(canvas).size == 0:
        return None
    grey = to_grey(canvas)
    box = ink_box(grey)
    if box is None:
        return None
    top, left, bottom, right = box if config.crop else (0, 0, *grey.shape)
    cropped = grey[top:bottom, left:right]
    if config.keep_aspect:
        fitted = fit_into_box(cropped)
        placed = place(fitted)
    else:
        fitted = placed = resize(cropped, SIDE, SIDE)  # squashed or stretched to fill the field
    shift = (0.0, 0.0)
    if config.centre_of_mass and placed.sum() > 0:
        placed, shift = centre(placed)
    peak = placed.max()
    if peak <= 0:  # a speck that vanished in the downscale
        return None
    # Strokes in MNIST peak at full white; a thin brush averaged down would not.
    digit = np.round(np.clip(placed / peak, 0, 1) * 255).astype(np.uint8)
    return Prepared(grey, box, cropped, fitted, placed, digit, shift)


def digit_png(digit: np.ndarray) -> bytes:
    """The prepared 28x28 digit as a greyscale PNG file."""
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(digit, dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def probabilities_csv(probs: dict[str, np.ndarray], symbol: str = "symbol") -> str:
    """One row per class, one column per model: the probabilities as a CSV file. A model taught the learner's own
    symbol has an eleventh row, named `symbol`; the models without it leave that cell empty."""
    names = list(probs)
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\n")
    table.writerow(["digit", *names])
    for d in range(max(len(p) for p in probs.values())):
        cells = [f"{float(probs[n][d]):.6f}" if d < len(probs[n]) else "" for n in names]
        table.writerow([d if d < 10 else symbol, *cells])
    return buffer.getvalue()
