"""Gradient descent, from one derivative to a loop that learns.

Every gradient here comes from torch's autograd, the same machinery that
trains the big networks: a slope at a point, a walk down a 1-D loss curve,
and the seven steps on a toy regression (initialise, predict, loss,
gradient, step, repeat, stop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from nnviz.outcome import Outcome, Why, blew_up, limit


def autograd_example(x_value: float = 8.0) -> tuple[float, float]:
    x = torch.tensor(x_value, requires_grad=True)  # track x
    y = x**2
    y.backward()  # x.grad = dy/dx = 2 * x
    return y.item(), x.grad.item()


@dataclass(frozen=True)
class Curve:
    formula: str  # as code, for the page to show
    fn: Callable[[torch.Tensor], torch.Tensor]
    domain: tuple[float, float]  # where it is worth drawing


FUNCTIONS: dict[str, Curve] = {
    "x²": Curve("x**2", lambda x: x**2, (-10.0, 10.0)),
    "x³": Curve("x**3", lambda x: x**3, (-4.0, 4.0)),
    "sin x": Curve("torch.sin(x)", torch.sin, (-7.0, 7.0)),
    "eˣ": Curve("torch.exp(x)", torch.exp, (-4.0, 3.0)),
    "sigmoid x": Curve("torch.sigmoid(x)", torch.sigmoid, (-8.0, 8.0)),
}


def value_and_slope(curve: Curve, x_value: float) -> tuple[float, float]:
    """f(x) and df/dx at one point, the slope from autograd."""
    x = torch.tensor(float(x_value), dtype=torch.float64, requires_grad=True)
    y = curve.fn(x)
    y.backward()
    return y.item(), x.grad.item()


def sample(curve: Curve, lo: float, hi: float, n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    """The curve drawn as n points between lo and hi."""
    xs = torch.linspace(lo, hi, n, dtype=torch.float64)
    return xs.numpy(), curve.fn(xs).numpy()


@dataclass(frozen=True)
class Tangent:
    x: float
    y: float
    slope: float  # autograd's df/dx at x
    run: float  # a step to the right along x
    rise: float  # how much the curve itself climbs over that run
    rise_over_run: float  # approaches the slope as the run shrinks


def tangent_at(curve: Curve, x_value: float, run: float) -> Tangent:
    if run <= 0:
        raise ValueError("the run must be positive")
    y, slope = value_and_slope(curve, x_value)
    rise = curve.fn(torch.tensor(x_value + run, dtype=torch.float64)).item() - y
    return Tangent(x_value, y, slope, run, rise, rise / run)


# 1-D losses to walk down: one clean bowl, one with two valleys.
LOSS_CURVES: dict[str, Curve] = {
    "a bowl: (w - 1)² + 0.5": Curve("(w - 1)**2 + 0.5", lambda w: (w - 1) ** 2 + 0.5, (-4.0, 6.0)),
    "two valleys: w⁴/4 - 2w² + w/2 + 5": Curve(
        "w**4 / 4 - 2 * w**2 + w / 2 + 5", lambda w: w**4 / 4 - 2 * w**2 + w / 2 + 5, (-3.5, 3.5)
    ),
}


@dataclass(frozen=True)
class DescentPath:
    ws: list[float]  # the weight before each step, and after the last
    losses: list[float]
    slopes: list[float]
    lr: float
    diverged: Outcome | None  # where and how far w ran away, when the walk was stopped


def descend(curve: Curve, start: float, lr: float, steps: int) -> DescentPath:
    """Gradient descent on one weight: w -= lr * slope, at most `steps` times.

    The walk stops when the next w would blow up against the start (nnviz.outcome's rule).
    """
    ws, losses, slopes, diverged = [float(start)], [], [], None
    for i in range(steps + 1):
        loss, slope = value_and_slope(curve, ws[-1])
        losses.append(loss)
        slopes.append(slope)
        if i == steps:
            break
        w = ws[-1] - lr * slope
        if blew_up(w, start):
            diverged = Outcome(Why.DIVERGED, step=i + 1, value=w, start=float(start), limit=limit(start), lr=lr)
            break
        ws.append(w)
    return DescentPath(ws, losses, slopes, lr, diverged)


def verdict(path: DescentPath, flat: float = 1e-2) -> Outcome:
    """How the walk went: diverged, arrived, diverging, bouncing, or still on the way."""
    if path.diverged:
        return path.diverged
    steps = len(path.ws) - 1
    if abs(path.slopes[-1]) < flat:
        return Outcome(Why.ARRIVED, step=steps, value=path.slopes[-1], limit=flat, lr=path.lr)
    if len(path.losses) > 2 and path.losses[-1] > path.losses[0]:
        return Outcome(Why.DIVERGING, step=steps, value=path.losses[-1], start=path.losses[0], lr=path.lr)
    if len(path.slopes) > 2 and path.slopes[-1] * path.slopes[-2] < 0:
        return Outcome(Why.BOUNCING, step=steps, value=path.slopes[-1], lr=path.lr)
    return Outcome(Why.ON_THE_WAY, step=steps, value=path.slopes[-1], limit=flat, lr=path.lr)


# The toy regression: a cart's speed over two seconds, a quadratic plus noise.
TRUE_PARAMS = (3.0, -5.0, 4.0)  # speed = a t² + b t + c
NOISE = 0.4
SEVEN_STEPS = (
    "Initialise the weights at random",
    "Predict",
    "Measure the loss",
    "Compute the gradient",
    "Step the weights: w -= lr * grad",
    "Repeat",
    "Stop",
)
INIT, PREDICT, LOSS, GRADIENT, STEP, REPEAT, STOP = range(7)


def toy_measurements(seed: int, n: int = 21) -> tuple[torch.Tensor, torch.Tensor]:
    """Noisy speeds at n times from 0 to 2 s, the noise fixed by the seed."""
    t = torch.linspace(0.0, 2.0, n, dtype=torch.float64)
    noise = torch.randn(n, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return t, quadratic(t, torch.tensor(TRUE_PARAMS, dtype=torch.float64)) + NOISE * noise


def quadratic(t: torch.Tensor, params: torch.Tensor) -> torch.Tensor:
    a, b, c = params
    return a * t**2 + b * t + c


@dataclass
class StepNumbers:
    """What one pass of predict, loss, gradient and update produced."""

    before: list[float]  # the parameters going in
    prediction: list[float] | None = None
    loss: float | None = None
    fresh_grad: list[float] | None = None  # what this loss contributes
    grad: list[float] | None = None  # what .grad holds, and the update uses
    update: list[float] | None = None  # -lr * grad
    after: list[float] | None = None


class SevenSteps:
    """The training loop on the toy regression, one phase at a time.

    `phase` is the last of SEVEN_STEPS that ran. `lr`, `zero_grad`, `budget`
    and `target_loss` may change between steps, as a learner would change them.
    """

    def __init__(self, seed: int, lr: float = 0.1, zero_grad: bool = True, budget: int = 300, target_loss=0.3):
        self.seed = seed
        self.t, self.y = toy_measurements(seed)
        start = torch.randn(3, generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
        self.params = start.requires_grad_()  # (a, b, c)
        self.lr, self.zero_grad, self.budget, self.target_loss = lr, zero_grad, budget, target_loss
        self.phase, self.steps = INIT, 0
        self.summed = 0  # how many backward passes .grad holds the sum of: those since it was last zeroed
        self.losses: list[float] = []
        self.numbers = StepNumbers(self.values())
        self.outcome: Outcome | None = None  # why the loop stopped, once it has
        self._prediction = self._loss = None

    def values(self) -> list[float]:
        return self.params.detach().tolist()

    @property
    def stopped(self) -> bool:
        return self.phase == STOP

    def advance(self) -> int:
        """Run the next phase of the loop; returns it."""
        if self.phase == STOP:
            return STOP
        self.phase = PREDICT if self.phase in (INIT, REPEAT) else self.phase + 1
        actions = {
            PREDICT: self._predict,
            LOSS: self._measure_loss,
            GRADIENT: self._gradient,
            STEP: self._update,
            REPEAT: self._repeat_or_stop,
        }
        actions[self.phase]()
        return self.phase

    def step(self) -> StepNumbers:
        """One whole pass: predict, loss, gradient, update, then repeat or stop."""
        while self.advance() not in (REPEAT, STOP):
            pass
        return self.numbers

    def run(self, max_steps: int) -> None:
        for _ in range(max_steps):
            if self.stopped:
                return
            self.step()

    def _predict(self) -> None:
        self.numbers = StepNumbers(self.values())
        self._prediction = quadratic(self.t, self.params)
        self.numbers.prediction = self._prediction.detach().tolist()

    def _measure_loss(self) -> None:
        self._loss = ((self._prediction - self.y) ** 2).mean()  # mean squared error
        self.numbers.loss = self._loss.item()

    def _gradient(self) -> None:
        held = self.params.grad.clone() if self.params.grad is not None else torch.zeros_like(self.params)
        self._loss.backward()  # adds d(loss)/d(params) into .grad, on top of what is there
        self.summed += 1
        self.numbers.grad = self.params.grad.tolist()
        self.numbers.fresh_grad = (self.params.grad - held).tolist()

    def _update(self) -> None:
        with torch.no_grad():
            update = -self.lr * self.params.grad
            self.params += update
            if self.zero_grad:
                self.params.grad.zero_()  # otherwise the next backward adds to this one
                self.summed = 0
        self.numbers.update, self.numbers.after = update.tolist(), self.values()
        self.steps += 1
        self.losses.append(self.numbers.loss)

    def _repeat_or_stop(self) -> None:
        loss, first = self.losses[-1], self.losses[0]
        if blew_up(loss, first):
            self.outcome = Outcome(Why.DIVERGED, step=self.steps, value=loss, start=first, limit=limit(first),
                                   lr=self.lr, zeroed=self.zero_grad)  # fmt: skip
        elif loss < self.target_loss:
            rises = sum(later > earlier for earlier, later in zip(self.losses, self.losses[1:], strict=False))
            swung = rises > self.steps / 4  # a healthy descent hardly ever goes back up
            self.outcome = Outcome(Why.SWING if swung else Why.TARGET, step=self.steps, value=loss,
                                   limit=self.target_loss, rises=rises)  # fmt: skip
        elif self.steps >= self.budget:
            self.outcome = Outcome(Why.BUDGET, step=self.steps, value=loss, limit=self.budget)
        if self.outcome:
            self.phase = STOP
