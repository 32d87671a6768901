"""Depth seen from the chain rule: a chain of one unit per layer, and how much gradient reaches its first layer.

x -> z1 = w x -> a1 = act(z1) -> z2 = w a1 -> ... -> a_L, with loss L = ½ (a_L - t)². Going back one layer
multiplies dL/dz by the weight into the next unit and by this unit's slope act'(z): so the gradient at the
first layer is the one at the last times a product of local derivatives, computed here by hand; `measured_ratio`
asks autograd for the same ratio, to check it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from nnviz.activations import activation

X, WEIGHT, TARGET = 1.0, 1.0, 2.0  # the input, every weight, and the target: a chain with nothing else to it


@dataclass(frozen=True)
class Chain:
    """One chain's forward pass and its backward pass, layer by layer, first layer first."""

    act: str
    z: tuple[float, ...]  # each layer's weighted sum
    slopes: tuple[float, ...]  # act'(z) of each layer
    dl_dz: tuple[float, ...]  # the gradient that reaches each layer's weighted sum
    weight: float

    @property
    def depth(self) -> int:
        return len(self.z)

    @property
    def factors(self) -> tuple[float, ...]:
        """What each step back, from layer k+1 to layer k, multiplies by: the weight into k+1 times act'(z_k)."""
        return tuple(self.weight * s for s in self.slopes[:-1])

    @property
    def product(self) -> float:
        """The product of the local derivatives between the last layer and the first (1 for one layer)."""
        return math.prod(self.factors)

    @property
    def ratio(self) -> float | None:
        """dL/dz at the first layer over dL/dz at the last, as the backward pass found them; None if 0 / 0."""
        return None if self.dl_dz[-1] == 0 else self.dl_dz[0] / self.dl_dz[-1]


def _value(fn, z: float) -> float:
    return float(fn(torch.tensor([z], dtype=torch.float64))[0])


def chain(depth: int, act: str, weight: float = WEIGHT, x: float = X, target: float = TARGET) -> Chain:
    """The forward pass, then the chain rule back from the loss, one layer at a time, every factor kept."""
    if depth < 1:
        raise ValueError(f"a chain needs at least one layer, got {depth}")
    fn = activation(act)
    z, slopes, a = [], [], x
    for _ in range(depth):
        z.append(weight * a)
        slopes.append(_value(fn.derivative, z[-1]))
        a = _value(fn.fn, z[-1])
    grads = [(a - target) * slopes[-1]]  # dL/dz_L = dL/da_L x act'(z_L)
    for k in range(depth - 2, -1, -1):  # dL/dz_k = dL/dz_(k+1) x w x act'(z_k)
        grads.append(grads[-1] * weight * slopes[k])
    return Chain(act, tuple(z), tuple(slopes), tuple(reversed(grads)), weight)


def measured_ratio(depth: int, act: str, weight: float = WEIGHT, x: float = X, target: float = TARGET) -> float | None:
    """The same ratio by autograd: dL/dz_1 / dL/dz_L after loss.backward(); None if dL/dz_L is 0."""
    fn = activation(act).fn
    a, zs = torch.tensor(x, dtype=torch.float64, requires_grad=True), []
    for _ in range(depth):
        zs.append(weight * a)
        zs[-1].retain_grad()
        a = fn(zs[-1].reshape(1))[0]
    loss = 0.5 * (a - target) ** 2
    loss.backward()
    last = float(zs[-1].grad)
    return None if last == 0 else float(zs[0].grad) / last
