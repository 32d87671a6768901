"""Real people's pen handwriting, replayed on the canvas: the measuring stick for the Draw page.

The UCI pen-based digits were written by 30 people on a tablet and kept as
pen trajectories, so each digit can be drawn again the way a visitor draws:
its strokes, at a natural size and place on the 280x280 canvas, with a round
brush of the width the page offers. The drawing then goes through the page's
own preparation and is read by the model. No digit here is ever trained on.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from nnviz.data import data_dir
from nnviz.handwriting import ink
from nnviz.preprocess import CANVAS, EVERY_STEP, PrepConfig, pen_width, prepare_drawing

FILE = "pendigits-orig.tra"
TABLET = 500  # the tablet's box; its y axis points up
SEGMENT = re.compile(r'\.SEGMENT DIGIT\s+(\d+)(?:-(\d+))?\s+\?\s+"(\d)"')
COMMENT = re.compile(r"\.COMMENT\s+(\d)\s+(\d+)")


@dataclass(frozen=True)
class PenDigit:
    label: int
    writer: int  # 1..30
    strokes: tuple[np.ndarray, ...]  # each (n, 2) points (x, y), screen orientation (y down), tablet units


def parse(text: str) -> list[PenDigit]:
    """Every digit of a UNIPEN file: its label, its writer and its pen-down strokes."""
    traces: list[np.ndarray] = []
    heads: list[tuple[int, int, int]] = []  # (first trace, last trace, label), in file order
    writers: list[int] = []
    points: list[list[int]] | None = None
    for line in text.splitlines():
        if line.startswith(".PEN_DOWN"):
            points = []
        elif line.startswith(".PEN_UP"):
            xy = np.array(points, dtype=float).reshape(-1, 2)
            xy[:, 1] = TABLET - xy[:, 1]
            traces.append(xy)
            points = None
        elif points is not None and line.strip():
            points.append([int(v) for v in line.split()])
        elif m := SEGMENT.match(line):
            first = int(m[1])
            heads.append((first, int(m[2]) if m[2] else first, int(m[3])))
        elif m := COMMENT.match(line):
            writers.append(int(m[2]))
    return [
        PenDigit(label, writer, tuple(traces[first : last + 1]))
        for (first, last, label), writer in zip(heads, writers, strict=True)
    ]


def where() -> Path:
    """The folder holding the pen digits: $NNVIZ_PENDIGITS_DIR, else `pendigits` beside MNIST in $NNVIZ_DATA_DIR."""
    if env := os.environ.get("NNVIZ_PENDIGITS_DIR"):
        return Path(env).expanduser()
    return data_dir() / "pendigits"


def load(folder: str | Path) -> list[PenDigit]:
    """The 7,494 digits of `folder`/pendigits-orig.tra."""
    return parse((Path(folder) / FILE).read_text())


def placed_strokes(digit: PenDigit, brush: int, rng: np.random.Generator, canvas: int = CANVAS) -> list[np.ndarray]:
    """The digit's strokes in canvas pixels, each (n, 2) points (x, y), at a natural size and place: 40-90% of
    the canvas tall, anywhere the ink stays on the canvas."""
    xy = np.concatenate(digit.strokes)
    low, size = xy.min(0), np.ptp(xy, 0) + 1
    margin = brush / 2 + 1  # the brush's reach beyond the pen's path, and a pixel to spare
    room = canvas - 2 * margin
    scale = min(rng.uniform(0.4, 0.9) * canvas / size[1], room / size.max())
    width, height = size * scale
    left = rng.uniform(margin, max(margin, canvas - margin - width))  # max: a digit that fills the room exactly
    top = rng.uniform(margin, max(margin, canvas - margin - height))
    return [(stroke - low) * scale + [left, top] for stroke in digit.strokes]


def placed_lines(digit: PenDigit, brush: int, rng: np.random.Generator, canvas: int = CANVAS) -> np.ndarray:
    """The digit's strokes as line segments (r0, c0, r1, c1) in canvas pixels, placed as `placed_strokes` does."""
    return lines_of(placed_strokes(digit, brush, rng, canvas))


def as_sent(n: int, brush: int, seed: int = 0) -> list[list[list[list[float]]]]:
    """`n` pen digits, one seed choosing and placing them, each as the Draw page's pad sends it when the pen lifts:
    strokes of (x, y) points in pad pixels, to 0.1 of a pixel."""
    digits = load(where())
    rng = np.random.default_rng(seed)
    return [[np.round(points, 1).tolist() for points in placed_strokes(digits[i], brush, rng)]
            for i in rng.choice(len(digits), n, replace=False)]  # fmt: skip


def lines_of(strokes: list[np.ndarray]) -> np.ndarray:
    """Strokes of (x, y) points as line segments (r0, c0, r1, c1); a pen lift leaves a gap."""
    lines = []
    for at in strokes:
        ends = np.vstack([at, at[-1:]]) if len(at) == 1 else at  # a dot is a zero-length line
        lines.append(np.hstack([ends[:-1, ::-1], ends[1:, ::-1]]))
    return np.concatenate(lines)


def inked(strokes: list[np.ndarray], brush: int, config: PrepConfig = EVERY_STEP) -> np.ndarray:
    """Strokes of (x, y) canvas points, drawn with `brush`, inked as the Draw page inks them for the model (with
    the even pen if `config` says so): RGBA (CANVAS, CANVAS, 4), white ink on black."""
    lines = lines_of(strokes)
    return ink(lines, pen_width(lines, brush, config))


def drawn(digit: PenDigit, brush: int, rng: np.random.Generator, config: PrepConfig = EVERY_STEP) -> np.ndarray:
    """The digit drawn with `brush` at a natural size and place, as the Draw page inks it for the model."""
    return inked(placed_strokes(digit, brush, rng), brush, config)


def prepared(digits: list[PenDigit], brush: int, seed: int = 0, config: PrepConfig = EVERY_STEP) -> torch.Tensor:
    """Each digit drawn with `brush` and prepared as the Draw page prepares a drawing: uint8 (N, 28, 28)."""
    rng = np.random.default_rng(seed)
    return torch.from_numpy(np.stack([prepare_drawing(drawn(d, brush, rng, config), config).digit for d in digits]))


def labels(digits: list[PenDigit]) -> torch.Tensor:
    return torch.tensor([d.label for d in digits])


@dataclass(frozen=True)
class Reading:
    """How well a model reads the digits: overall, per brush width and per digit (fractions 0-1)."""

    overall: float
    per_brush: dict[int, float]
    per_digit: dict[int, float]
    count: int


def read(
    model: torch.nn.Module,
    digits: list[PenDigit],
    brushes: tuple[int, ...],
    seed: int = 0,
    config: PrepConfig = EVERY_STEP,
) -> Reading:
    """Every digit at every brush width, through the page's preparation (`config`: the page's default), read by
    `model`."""
    from nnviz.training import predict_proba

    truth = labels(digits)
    right = torch.stack(
        [predict_proba(model, prepared(digits, b, seed + i, config)).argmax(1) == truth for i, b in enumerate(brushes)]
    ).float()  # (brushes, N)
    per_digit = {d: float(right[:, truth == d].mean()) for d in range(10) if (truth == d).any()}
    return Reading(
        float(right.mean()), {b: float(r.mean()) for b, r in zip(brushes, right, strict=True)}, per_digit, len(digits)
    )
