"""Small two-feature datasets for the separator lesson, made from a seed.

Every generator has the same signature `(n, noise, seed)` and returns
X, a float (n, 2) array, and y, an int (n,) array of 0/1 labels. `noise`
runs from 0 (clean) to 1 (very messy). The first two live on the 1-10
scale of the worked credit example; the others are centred on 0, in -5..5.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Dataset = tuple[np.ndarray, np.ndarray]
EXTENT = 5.0  # the centred datasets fit in [-EXTENT, EXTENT]^2
MARGIN = 0.4  # clean linear data keeps this gap around its true line, so a line separates it


def _balanced_linear(n: int, noise: float, seed: int, score: Callable[[np.ndarray], np.ndarray]) -> Dataset:
    """Half the points on each side of `score(X) = 0` (plus noise), on a 1-10 square."""
    rng = np.random.default_rng(seed)
    candidates = rng.uniform(1.0, 10.0, size=(20 * n + 40, 2))
    noisy = score(candidates) + rng.normal(0.0, 3.0 * noise, len(candidates))
    keep = np.abs(noisy) > MARGIN
    candidates, noisy = candidates[keep], noisy[keep]
    positive = np.flatnonzero(noisy > 0)[: (n + 1) // 2]
    negative = np.flatnonzero(noisy <= 0)[: n // 2]
    order = rng.permutation(np.concatenate([positive, negative]))
    return candidates[order].astype(float), (noisy[order] > 0).astype(int)


def marbles(n: int, noise: float, seed: int) -> Dataset:
    """Marbles on a table: red (0) mostly on the left, blue (1) mostly on the right."""
    return _balanced_linear(n, noise, seed, lambda X: X[:, 0] - 0.3 * X[:, 1] - 4.0)


def credit(n: int, noise: float, seed: int) -> Dataset:
    """Past borrowers: credit score and income on 1-10; 1 means they repaid."""
    return _balanced_linear(n, noise, seed, lambda X: 2.0 * X[:, 0] + X[:, 1] - 10.0)


def _jitter(rng: np.random.Generator, X: np.ndarray, noise: float) -> np.ndarray:
    return X + rng.normal(0.0, 0.8 * noise, X.shape)


def ring(n: int, noise: float, seed: int) -> Dataset:
    """A disc of class 1 inside a ring of class 0."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(int)
    radius = np.where(y == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n)) * EXTENT
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _jitter(rng, X, noise), y


def xor(n: int, noise: float, seed: int) -> Dataset:
    """Four squares: class 1 where x1 and x2 have the same sign."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-EXTENT, EXTENT, size=(n, 2))
    X += np.sign(X) * 0.3  # a small gap along the axes, so clean data is unambiguous
    X = np.clip(X, -EXTENT, EXTENT)
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return _jitter(rng, X, noise), y


def spirals(n: int, noise: float, seed: int) -> Dataset:
    """Two spirals wound around each other, one per class."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(int)
    t = rng.uniform(0.0, 1.0, n)
    radius = t * EXTENT
    angle = 1.75 * 2 * np.pi * t + np.pi * y
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return _jitter(rng, X, noise), y


def blobs(n: int, noise: float, seed: int) -> Dataset:
    """Two round gaussian clouds; more noise makes them overlap."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(int)
    centres = np.where(y[:, None] == 1, 2.0, -2.0)
    X = centres + rng.normal(0.0, 0.6 + 1.6 * noise, size=(n, 2))
    return np.clip(X, -EXTENT, EXTENT), y


DATASETS: dict[str, Callable[[int, float, int], Dataset]] = {
    "marbles": marbles,
    "credit": credit,
    "ring": ring,
    "xor": xor,
    "spirals": spirals,
    "blobs": blobs,
}
LINEAR = ("marbles", "credit")  # on the 1-10 scale, separable by one line when clean
CURVED = ("ring", "xor", "spirals", "blobs")  # centred, for the network


def make(name: str, n: int, noise: float, seed: int) -> Dataset:
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {sorted(DATASETS)}")
    return DATASETS[name](n, noise, seed)


def split(X: np.ndarray, y: np.ndarray, test_fraction: float = 0.5) -> tuple[Dataset, Dataset]:
    """The first part for training, the rest for testing (the generators mix the classes evenly)."""
    cut = int(round(len(y) * (1 - test_fraction)))
    return (X[:cut], y[:cut]), (X[cut:], y[cut:])
