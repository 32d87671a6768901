"""Random restarts on a surface with several minima: where each start ends, the best one kept, and how often
the global minimum is found as the number of starts grows.

Every optimiser here works weight by weight, so N walks are one (N, 2) tensor under one optimiser with the
summed loss: each row's gradient is its own walk's, and the rows never mix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from nnviz.race import RaceConfig, make_optimiser
from nnviz.surfaces import Surface

FOUND_RADIUS = 0.25  # an end this close to the global minimum has found it


@dataclass(frozen=True)
class Restarts:
    starts: np.ndarray  # (N, 2)
    ends: np.ndarray  # (N, 2); NaN rows for walks that left for ever
    losses: np.ndarray  # (N,) the loss where each ended (inf if it left)
    found: np.ndarray  # (N,) bool: ended at the global minimum

    @property
    def best(self) -> int:
        """The start whose walk ended lowest."""
        return int(np.argmin(self.losses))


def random_starts(surface: Surface, n: int, generator: torch.Generator) -> torch.Tensor:
    """n points drawn uniformly from the surface's box."""
    x0, x1, y0, y1 = surface.box
    u = torch.rand(n, 2, generator=generator, dtype=torch.float64)
    return torch.stack([x0 + (x1 - x0) * u[:, 0], y0 + (y1 - y0) * u[:, 1]], dim=1)  # (n, 2)


def walk_all(surface: Surface, name: str, starts: torch.Tensor, config: RaceConfig) -> torch.Tensor:
    """Where each start ends after `config.steps` steps of optimiser `name` (noise seeded as in the race)."""
    p = starts.clone().requires_grad_(True)
    optimiser = make_optimiser(name, [p], config)
    noise = torch.Generator().manual_seed(config.seed)
    for _ in range(config.steps):
        optimiser.zero_grad()
        surface.loss(p).sum().backward()
        if config.noise:
            p.grad += surface.noise * torch.randn(p.shape, generator=noise, dtype=torch.float64)
        optimiser.step()
    return p.detach()


def restarts(surface: Surface, name: str, n: int, config: RaceConfig) -> Restarts:
    """n seeded random starts, walked down; which ended where, and which found the global minimum."""
    starts = random_starts(surface, n, torch.Generator().manual_seed(config.seed))
    ends = walk_all(surface, name, starts, config)
    return _judge(surface, starts.numpy(), ends)


def _judge(surface: Surface, starts: np.ndarray, ends: torch.Tensor) -> Restarts:
    with torch.no_grad():
        losses = surface.loss(ends).numpy()
    ends = ends.numpy()
    ok = np.isfinite(losses) & np.isfinite(ends).all(axis=1)
    losses = np.where(ok, losses, np.inf)
    ends = np.where(ok[:, None], ends, np.nan)
    found = ok & (np.hypot(*(ends - np.array(surface.minimum)).T) < FOUND_RADIUS)
    return Restarts(starts, ends, losses, found)


def success_rates(surface: Surface, name: str, counts: list[int], trials: int, config: RaceConfig) -> np.ndarray:
    """For each N in `counts`: the share of `trials` in which the best of N random starts found the global
    minimum. A trial's first N starts are the same for every N, as a learner adding starts would add them."""
    most = max(counts)
    starts = random_starts(surface, trials * most, torch.Generator().manual_seed(config.seed))
    found = _judge(surface, starts.numpy(), walk_all(surface, name, starts, config)).found.reshape(trials, most)
    return np.array([found[:, :n].any(axis=1).mean() for n in counts])
