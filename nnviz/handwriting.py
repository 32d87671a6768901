"""Canvas drawings of real people's digits, made from MNIST's pen strokes.

There is no network here for a dataset of pen-stroke digits, so we recover
the strokes from MNIST digits themselves: thin each digit to a one-pixel
skeleton (the path the pen took), then redraw that path on a canvas-sized
black square with a round white brush, at the size, place and brush width a
person might pick. The result goes through the same preparation as a real
drawing, which is what the canvas lesson's accuracy figure measures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw
from scipy import ndimage

from nnviz.preprocess import AS_DRAWN, EVERY_STEP, PrepConfig, pen_width, prepare_drawing

UPSCALE = 4  # skeletons are traced at 4x MNIST's resolution, for smoother paths
THRESHOLD = 0.4  # grey (0-1) above which a pixel belongs to the stroke


def _neighbours(x: np.ndarray) -> list[np.ndarray]:
    """P2..P9 of Zhang-Suen for every pixel of a (N, H, W) 0/1 batch: N, NE, E, SE, S, SW, W, NW."""
    p = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    h, w = x.shape[1:]
    at = lambda dr, dc: p[:, 1 + dr : 1 + dr + h, 1 + dc : 1 + dc + w]  # noqa: E731
    return [at(-1, 0), at(-1, 1), at(0, 1), at(1, 1), at(1, 0), at(1, -1), at(0, -1), at(-1, -1)]


def thin(strokes: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning of a (N, H, W) boolean batch to one-pixel-wide skeletons."""
    x = strokes.astype(np.uint8)
    while True:
        changed = False
        for first_pass in (True, False):
            n = _neighbours(x)
            count = sum(n)
            transitions = sum(((n[i] == 0) & (n[(i + 1) % 8] == 1)).astype(np.uint8) for i in range(8))
            p2, p4, p6, p8 = n[0], n[2], n[4], n[6]
            if first_pass:
                keep_shape = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                keep_shape = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            remove = (x == 1) & (count >= 2) & (count <= 6) & (transitions == 1) & keep_shape
            if remove.any():
                x[remove] = 0
                changed = True
        if not changed:
            return x.astype(bool)


def skeletons(images: torch.Tensor) -> np.ndarray:
    """uint8 digits (N, 28, 28) to their pen paths: boolean (N, 112, 112) skeletons."""
    x = images.unsqueeze(1).float() / 255.0  # (N, 1, 28, 28)
    big = F.interpolate(x, scale_factor=UPSCALE, mode="bilinear", align_corners=False)[:, 0]
    return thin(big.numpy() > THRESHOLD)


def segments(skeleton: np.ndarray) -> np.ndarray:
    """Every pair of touching skeleton pixels as a line (r0, c0, r1, c1): the path as short segments."""
    found = []
    for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1)):  # each neighbour pair once
        a = skeleton[max(0, -dr) : skeleton.shape[0] - max(0, dr), max(0, -dc) : skeleton.shape[1] - max(0, dc)]
        b = skeleton[max(0, dr) :, max(0, dc) :][: a.shape[0], : a.shape[1]]
        rows, cols = np.nonzero(a & b)
        rows, cols = rows + max(0, -dr), cols + max(0, -dc)
        found.append(np.stack([rows, cols, rows + dr, cols + dc], 1))
    lines = np.concatenate(found)
    lone = np.argwhere(_isolated(skeleton))
    return np.concatenate([lines, np.hstack([lone, lone])]).astype(float)  # single dots as zero-length lines


def _isolated(skeleton: np.ndarray) -> np.ndarray:
    """Skeleton pixels with no neighbour: a dot, e.g. a tiny closed loop thinned away."""
    return skeleton & (ndimage.convolve(skeleton.astype(int), np.ones((3, 3)), mode="constant") == 1)


@dataclass(frozen=True)
class Placement:
    """Where a digit lands on the canvas: its height and top-left corner, in canvas pixels."""

    height: float
    top: float
    left: float


def random_placement(skeleton: np.ndarray, canvas: int, brush: int, rng: np.random.Generator) -> Placement:
    """A natural size (40-90% of the canvas height) and a random place that keeps the ink on the canvas."""
    rows, cols = np.nonzero(skeleton)
    h, w = np.ptp(rows) + 1, np.ptp(cols) + 1
    height = rng.uniform(0.4, 0.9) * canvas
    width = w * height / h
    room = canvas - brush
    height, width = min(height, room * h / max(h, w)), min(width, room * w / max(h, w))
    scale = height / h
    top = rng.uniform(brush / 2, canvas - brush / 2 - height) - rows.min() * scale
    left = rng.uniform(brush / 2, canvas - brush / 2 - width) - cols.min() * scale
    return Placement(height, top, left)


def render(
    skeleton: np.ndarray, place: Placement, brush: int, canvas: int = 280, config: PrepConfig = AS_DRAWN
) -> np.ndarray:
    """Draw the skeleton's path with a round brush of `brush` pixels, or as the Draw page inks it for the model if
    `config` has the even pen: RGBA (canvas, canvas, 4), white on black."""
    rows = np.nonzero(skeleton)[0]
    scale = place.height / (np.ptp(rows) + 1)
    lines = segments(skeleton) * scale + [place.top, place.left] * 2
    return ink(lines, pen_width(lines, brush, config), canvas)


def ink(lines: np.ndarray, brush: int, canvas: int = 280) -> np.ndarray:
    """Line segments (r0, c0, r1, c1) in canvas pixels, inked with a round brush of `brush` pixels:
    RGBA (canvas, canvas, 4), white on black."""
    path = Image.new("1", (canvas, canvas), 0)
    draw = ImageDraw.Draw(path)
    for r0, c0, r1, c1 in lines:
        draw.line([(c0, r0), (c1, r1)], fill=1, width=1)
    distance = ndimage.distance_transform_edt(~np.asarray(path))
    grey = np.clip(brush / 2 + 0.5 - distance, 0, 1)  # anti-aliased edge, as a browser draws it
    value = np.round(grey * 255).astype(np.uint8)
    return np.dstack([value, value, value, np.full_like(value, 255)])


def drawings(
    skeleton: np.ndarray,
    brushes: tuple[int, ...],
    rng: np.random.Generator,
    canvas: int = 280,
    config: PrepConfig = AS_DRAWN,
) -> list[np.ndarray]:
    """One canvas per brush width, each at its own natural size and place (`config`: see `render`)."""
    return [render(skeleton, random_placement(skeleton, canvas, b, rng), b, canvas, config) for b in brushes]


def read_rate(
    model: torch.nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    brushes: tuple[int, ...],
    seed: int = 0,
    config: PrepConfig = EVERY_STEP,
) -> dict[int, float]:
    """Accuracy of `model` on the digits redrawn at each brush width, through the real preparation (`config`: the
    Draw page's)."""
    from nnviz.training import predict_proba

    rng = np.random.default_rng(seed)
    digits: dict[int, list[np.ndarray]] = {b: [] for b in brushes}
    for skeleton in skeletons(images):
        for brush, drawing in zip(brushes, drawings(skeleton, brushes, rng, config=config), strict=True):
            digits[brush].append(prepare_drawing(drawing, config).digit)
    rates = {}
    for brush, batch in digits.items():
        guesses = predict_proba(model, torch.from_numpy(np.stack(batch))).argmax(1)
        rates[brush] = float((guesses == labels).float().mean())
    return rates
