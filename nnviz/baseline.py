"""A classifier that does not learn: 3 or 7 by the nearer average digit.

Average every training 3 into an "ideal 3" and every 7 into an "ideal 7";
a new image gets the label of the ideal it is closer to. There are no
weights to adjust, so nothing can make it better: the point of comparison
for the models that do learn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from nnviz.data import Digits

PAIR = (3, 7)

# How far an image is from an ideal, pixel by pixel (pixels scaled to 0-1).
DISTANCES: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "L1: mean absolute difference": lambda a, b: (a - b).abs().mean((-1, -2)),
    "L2: root mean squared difference": lambda a, b: ((a - b) ** 2).mean((-1, -2)).sqrt(),
}


def threes_and_sevens(images: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Only the 3s and 7s: pixels as floats 0-1 (N, 28, 28), labels 3 or 7 (N,)."""
    keep = (labels == PAIR[0]) | (labels == PAIR[1])
    return images[keep].float() / 255.0, labels[keep]


@dataclass(frozen=True)
class Ideals:
    three: torch.Tensor  # (28, 28), pixels 0-1
    seven: torch.Tensor  # (28, 28)
    n_threes: int
    n_sevens: int


def ideal_digits(digits: Digits) -> Ideals:
    """The pixel-wise mean of every training 3 and of every training 7."""
    x, y = threes_and_sevens(digits.train_x, digits.train_y)
    threes, sevens = x[y == 3], x[y == 7]
    return Ideals(threes.mean(0), sevens.mean(0), len(threes), len(sevens))


def classify(images01: torch.Tensor, ideals: Ideals, distance: str) -> torch.Tensor:
    """3 or 7 for each image (N, 28, 28): whichever ideal is nearer."""
    measure = DISTANCES[distance]
    nearer_three = measure(images01, ideals.three) < measure(images01, ideals.seven)
    return torch.where(nearer_three, PAIR[0], PAIR[1])


@dataclass(frozen=True)
class BaselineResult:
    accuracy: float  # on every test 3 and 7
    n_test: int
    wrong: torch.Tensor  # indices into the test 3s and 7s it gets wrong
    guesses: torch.Tensor  # (n_test,) 3 or 7
    labels: torch.Tensor  # (n_test,) 3 or 7
    images: torch.Tensor  # (n_test, 28, 28) pixels 0-1


def evaluate_baseline(digits: Digits, distance: str) -> BaselineResult:
    """Build the ideals from the training split, score them on the test split."""
    if distance not in DISTANCES:
        raise ValueError(f"unknown distance {distance!r}; choose one of {list(DISTANCES)}")
    ideals = ideal_digits(digits)
    images, labels = threes_and_sevens(digits.test_x, digits.test_y)
    guesses = classify(images, ideals, distance)
    right = guesses == labels
    wrong = torch.nonzero(~right).flatten()
    return BaselineResult(float(right.float().mean()), len(labels), wrong, guesses, labels, images)
