"""Loss surfaces in two dimensions: a registry of torch functions of a 2-vector, each with its view.

Each surface is a loss of two weights that a real `torch.optim` optimiser can walk down, with the box
the page draws, where a walk starts unless the learner picks, and where its lowest point is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

Loss = Callable[[torch.Tensor], torch.Tensor]  # (..., 2) -> (...)


@dataclass(frozen=True)
class Surface:
    name: str
    formula: str  # for the page, in plain text
    loss: Loss
    box: tuple[float, float, float, float]  # x low, x high, y low, y high
    start: tuple[float, float]
    minimum: tuple[float, float]  # the global minimum
    twins: tuple[tuple[float, float], ...] = ()  # other points exactly as low (a symmetric surface's mirror images)
    log_view: bool = False  # contours of log(1 + loss - lowest): a surface whose walls dwarf its valley
    noise: float = 1.0  # the spread of the "noisy gradients" noise


def _bowl(p: torch.Tensor) -> torch.Tensor:
    return p[..., 0] ** 2 + p[..., 1] ** 2


def _ravine(p: torch.Tensor) -> torch.Tensor:
    return 0.02 * p[..., 0] ** 2 + 2.0 * p[..., 1] ** 2


def _rosenbrock(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    return 0.05 * ((1 - x) ** 2 + 10.0 * (y - x**2) ** 2)


WELLS = ((-2.0, -1.0, 1.0), (1.5, 1.5, 0.8), (1.6, -1.6, 0.7), (-1.2, 2.0, 0.6))  # centre x, centre y, depth


def _wells(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    out = 1.0 + 0.02 * (x**2 + y**2)
    for cx, cy, depth in WELLS:
        out = out - depth * torch.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 0.8)
    return out


def _saddle(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    return x**2 - y**2 + 0.25 * y**4


def lowest_point(loss: Loss, guess: tuple[float, float], steps: int = 500) -> tuple[float, float]:
    """Where plain gradient descent from `guess` settles: a minimum's exact place, refined once at import."""
    p = torch.tensor(guess, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.SGD([p], lr=0.05)
    for _ in range(steps):
        optimiser.zero_grad()
        loss(p).backward()
        optimiser.step()
    return round(float(p[0].detach()), 4), round(float(p[1].detach()), 4)


SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface("bowl", "x² + y²", _bowl, (-2, 2, -2, 2), (-1.6, 1.2), (0.0, 0.0)),
        Surface("ravine", "0.02 x² + 2 y²", _ravine, (-4, 4, -1.5, 1.5), (-3.6, 1.0), (0.0, 0.0), noise=0.5),
        Surface(
            "curved valley (Rosenbrock)",
            "0.05 × ((1 − x)² + 10 (y − x²)²)",
            _rosenbrock,
            (-2, 2, -1, 3),
            (-1.5, 2.5),
            (1.0, 1.0),
            log_view=True,
            noise=0.3,
        ),  # fmt: skip
        Surface(
            "several minima",
            "1 + 0.02 (x² + y²) − four dips",
            _wells,
            (-3.5, 3.5, -3.5, 3.5),
            (0.5, 0.5),
            lowest_point(_wells, WELLS[0][:2]),
            noise=0.1,
        ),  # fmt: skip
        Surface(
            "saddle",
            "x² − y² + y⁴/4",
            _saddle,
            (-2, 2, -2.5, 2.5),
            (-1.8, 1e-4),
            (0.0, 2**0.5),
            twins=((0.0, -(2**0.5)),),
        ),  # fmt: skip
    )
}


def loss_at(surface: Surface, x: float, y: float) -> float:
    with torch.no_grad():
        return float(surface.loss(torch.tensor([x, y], dtype=torch.float64)))


def lowest(surface: Surface) -> float:
    """The loss at the global minimum."""
    return loss_at(surface, *surface.minimum)


def inside(surface: Surface, x: float, y: float) -> bool:
    x0, x1, y0, y1 = surface.box
    return x0 <= x <= x1 and y0 <= y <= y1


@dataclass(frozen=True)
class Grid:
    xs: np.ndarray  # (n,)
    ys: np.ndarray  # (m,)
    z: np.ndarray  # (m, n): z[j, i] is the loss at (xs[i], ys[j])


def grid(surface: Surface, n: int = 121) -> Grid:
    """The surface sampled on an n x n grid over its box."""
    x0, x1, y0, y1 = surface.box
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    points = torch.tensor(np.stack(np.meshgrid(xs, ys), axis=-1), dtype=torch.float64)  # (n, n, 2)
    with torch.no_grad():
        z = surface.loss(points).numpy()
    return Grid(xs, ys, z)
