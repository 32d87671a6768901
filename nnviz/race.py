"""Optimisers racing down a 2-D surface: the real `torch.optim` classes stepping a tensor of two weights.

Each walk keeps every point it visited and the loss there. A walk that blows up (nnviz.outcome's rule, on its
loss) stops before the bad point and says so in an `Outcome`; its path stays finite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from nnviz.outcome import Outcome, Why, blew_up, limit
from nnviz.surfaces import Surface

Factory = Callable[[list[torch.Tensor], float, float], torch.optim.Optimizer]  # params, lr, momentum

OPTIMISERS: dict[str, Factory] = {
    "SGD": lambda params, lr, momentum: torch.optim.SGD(params, lr=lr),
    "SGD + momentum": lambda params, lr, momentum: torch.optim.SGD(params, lr=lr, momentum=momentum),
    "RMSprop": lambda params, lr, momentum: torch.optim.RMSprop(params, lr=lr),
    "Adam": lambda params, lr, momentum: torch.optim.Adam(params, lr=lr),
}

Schedule = Callable[[torch.optim.Optimizer, float, int], "torch.optim.lr_scheduler.LRScheduler | None"]

SCHEDULES: dict[str, Schedule] = {
    "constant": lambda opt, lr, steps: None,
    "step decay": lambda opt, lr, steps: torch.optim.lr_scheduler.StepLR(opt, step_size=max(steps // 3, 1), gamma=0.3),
    "cosine": lambda opt, lr, steps: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps),
    # as nnviz.training warms and anneals the app's own recipe (digit_model.RECIPE, one_cycle=True)
    "one-cycle": lambda opt, lr, steps: torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, total_steps=max(steps, 2), pct_start=0.25
    ),
}


@dataclass(frozen=True)
class RaceConfig:
    lr: float = 0.1
    momentum: float = 0.9
    steps: int = 150
    noise: bool = False  # add seeded Gaussian noise to each gradient, like a mini-batch's
    seed: int = 0
    schedule: str = "constant"


@dataclass(frozen=True)
class Walk:
    name: str  # the optimiser's (or the schedule's)
    points: np.ndarray  # (k + 1, 2): the start, then after each step
    losses: np.ndarray  # (k + 1,)
    lrs: np.ndarray  # (k,): the learning rate each step used
    outcome: Outcome | None  # why it stopped early (it blew up); None when it took every step

    @property
    def steps(self) -> int:
        return len(self.points) - 1


def make_optimiser(name: str, params: list[torch.Tensor], config: RaceConfig) -> torch.optim.Optimizer:
    return OPTIMISERS[name](params, config.lr, config.momentum)


def walk(surface: Surface, name: str, start: tuple[float, float], config: RaceConfig) -> Walk:
    """`config.steps` steps of optimiser `name` from `start`, stopping if the walk blows up."""
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimiser = make_optimiser(name, [p], config)
    scheduler = SCHEDULES[config.schedule](optimiser, config.lr, config.steps)
    noise = torch.Generator().manual_seed(config.seed)
    points, losses, lrs, outcome = [p.detach().clone()], [], [], None
    for step in range(1, config.steps + 1):
        optimiser.zero_grad()
        loss = surface.loss(p)
        losses.append(float(loss.detach()))
        loss.backward()
        if config.noise:
            p.grad += surface.noise * torch.randn(2, generator=noise, dtype=torch.float64)
        lrs.append(optimiser.param_groups[0]["lr"])
        optimiser.step()
        if scheduler is not None:
            scheduler.step()
        outcome = _check(p, surface, losses[0], step, name, config.lr)
        if outcome is not None:
            lrs.pop()
            break
        points.append(p.detach().clone())
    if outcome is None:
        losses.append(float(surface.loss(p.detach())))
    return Walk(name, torch.stack(points).numpy(), np.array(losses[: len(points)]), np.array(lrs), outcome)


def _check(p: torch.Tensor, surface: Surface, start_loss: float, step: int, name: str, lr: float):
    """An Outcome when the loss at the new point has blown up, else None (every surface grows away from its box)."""
    with torch.no_grad():
        loss = float(surface.loss(p))
    if blew_up(loss, start_loss):
        return Outcome(Why.DIVERGED, step=step, value=loss, start=start_loss, limit=limit(start_loss), lr=lr,
                       optimizer=name)  # fmt: skip
    return None


def race(surface: Surface, names: list[str], start: tuple[float, float], config: RaceConfig) -> dict[str, Walk]:
    """Every optimiser in `names` from the same start with the same settings (and the same noise)."""
    return {name: walk(surface, name, start, config) for name in names}


def schedule_race(surface: Surface, name: str, start: tuple[float, float], config: RaceConfig) -> dict[str, Walk]:
    """One optimiser under every learning-rate schedule, `config.lr` being the constant (or peak) rate."""
    out = {}
    for schedule in SCHEDULES:
        w = walk(surface, name, start, RaceConfig(**{**config.__dict__, "schedule": schedule}))
        out[schedule] = Walk(schedule, w.points, w.losses, w.lrs, w.outcome)
    return out


def lr_curve(schedule: str, lr: float, steps: int) -> np.ndarray:
    """The learning rate at each of `steps` steps under `schedule` (a real scheduler on a dummy optimiser)."""
    dummy = torch.zeros(1, requires_grad=True)
    optimiser = torch.optim.SGD([dummy], lr=lr)
    scheduler = SCHEDULES[schedule](optimiser, lr, steps)
    rates = []
    for _ in range(steps):
        rates.append(optimiser.param_groups[0]["lr"])
        optimiser.step()
        if scheduler is not None:
            scheduler.step()
    return np.array(rates)


def steps_to(losses: np.ndarray, threshold: float) -> int | None:
    """The first step at which the loss is below `threshold`; None if it never gets there."""
    below = np.flatnonzero(np.asarray(losses) < threshold)
    return int(below[0]) if len(below) else None
