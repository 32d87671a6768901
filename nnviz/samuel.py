"""Samuel's four ingredients of learning, on the smallest possible problem.

A single weight w predicts y = w * x. Its performance is the mean squared
error on a few measured points; the improvement is one gradient step.
"""

from __future__ import annotations

import numpy as np

TRUE_SLOPE = 1.5


def measurements(seed: int, n: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around y = 1.5 x, fixed by the seed."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0.5, 5.0, n)
    return x, TRUE_SLOPE * x + rng.normal(0.0, 0.6, n)


def performance(w: float, x: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of the weight assignment w: lower is better."""
    return float(np.mean((w * x - y) ** 2))


def gradient(w: float, x: np.ndarray, y: np.ndarray) -> float:
    """d(performance)/dw: how the error changes as w grows."""
    return float(np.mean(2 * (w * x - y) * x))


def improve(w: float, x: np.ndarray, y: np.ndarray, lr: float = 0.02) -> float:
    """Samuel's mechanism: move w a little against the gradient."""
    return w - lr * gradient(w, x, y)
