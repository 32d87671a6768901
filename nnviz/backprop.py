"""Backpropagation by hand: a 2-2-1 network, its forward pass, and the chain rule one node at a time.

Everything here is explicit arithmetic, never autograd, so a page can show every factor of every product.
`torch_gradients` is the exception: it asks autograd for the same numbers, to check ours.

Names: inputs x1, x2; hidden units h1, h2; output y; the loss L of y against a target t, one of LOSSES:
the squared error ½ (y - t)², or the cross-entropy -(t log y + (1 - t) log(1 - y)) for y strictly inside (0, 1).
w11 is the weight into h1 from x1, w21 into h2 from x1, v1 from h1 into y; b1, b2 and c are biases.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import torch

from nnviz.activations import activation
from nnviz.outcome import Outcome, Why, blew_up, limit

PARAMS = ("w11", "w12", "w21", "w22", "b1", "b2", "v1", "v2", "c")
INCOMING = {  # each unit's weights, and where each one's input comes from ("1" for a bias)
    "h1": (("w11", "x1"), ("w12", "x2"), ("b1", "1")),
    "h2": (("w21", "x1"), ("w22", "x2"), ("b2", "1")),
    "y": (("v1", "h1"), ("v2", "h2"), ("c", "1")),
}
WALK = ("y", "h1", "h2", "x1", "x2")  # the backward pass visits the nodes in this order


def _squared(y: float, t: float) -> float:
    return 0.5 * (y - t) * (y - t)


def _squared_slope(y: float, t: float) -> float:
    return y - t


def _cross_entropy(y: float, t: float) -> float:
    """-(t log y + (1 - t) log(1 - y)): infinite where y is exactly 0 or 1, NaN outside [0, 1] (never clamped)."""
    if not 0.0 <= y <= 1.0:  # also NaN
        return math.nan
    if y in (0.0, 1.0):
        return math.inf
    return -(t * math.log(y) + (1.0 - t) * math.log(1.0 - y))


def _cross_entropy_slope(y: float, t: float) -> float:
    """dL/dy = -t / y + (1 - t) / (1 - y); NaN where y is not strictly inside (0, 1)."""
    if not 0.0 < y < 1.0:
        return math.nan
    return -t / y + (1.0 - t) / (1.0 - y)


def _torch_squared(y: torch.Tensor, t: float) -> torch.Tensor:
    return 0.5 * (y - t) ** 2


def _torch_cross_entropy(y: torch.Tensor, t: float) -> torch.Tensor:
    return -(t * torch.log(y) + (1 - t) * torch.log(1 - y))


@dataclass(frozen=True)
class Loss:
    """A loss of the output y against the target t, its slope dL/dy (explicit arithmetic), and the same in torch."""

    name: str
    formula: str  # as the page writes it
    slope_formula: str  # dL/dy, as the page writes it
    fn: Callable[[float, float], float]
    slope: Callable[[float, float], float]
    torch_fn: Callable[[torch.Tensor, float], torch.Tensor]


SQUARED, CROSS_ENTROPY = "squared error", "cross-entropy"
LOSSES: dict[str, Loss] = {
    SQUARED: Loss(SQUARED, "L = ½(y − t)²", "y − t", _squared, _squared_slope, _torch_squared),
    CROSS_ENTROPY: Loss(
        CROSS_ENTROPY,
        "L = −(t·log y + (1 − t)·log(1 − y))",
        "−t/y + (1 − t)/(1 − y)",
        _cross_entropy,
        _cross_entropy_slope,
        _torch_cross_entropy,
    ),  # fmt: skip
}
SAFE_OUTPUTS = {CROSS_ENTROPY: ("sigmoid",)}  # output activations that keep y strictly inside (0, 1)


@dataclass(frozen=True)
class Net:
    """The whole network: nine numbers and the activations of the hidden units and of the output."""

    w11: float = 0.5
    w12: float = -0.4
    w21: float = 0.8
    w22: float = 0.3
    b1: float = 0.1
    b2: float = -0.2
    v1: float = 1.2
    v2: float = -0.7
    c: float = 0.1
    hidden: str = "sigmoid"
    out: str = "none (identity)"
    loss: str = SQUARED

    def params(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in PARAMS}

    def with_params(self, values: dict[str, float]) -> Net:
        return replace(self, **{name: float(v) for name, v in values.items()})


@dataclass(frozen=True)
class Forward:
    """Every value the forward pass computes and keeps for the backward pass."""

    z: dict[str, float]  # each unit's weighted sum: h1, h2, y
    a: dict[str, float]  # each unit's activation, the inputs themselves, and "1" for the biases
    target: float
    loss: float

    @property
    def y(self) -> float:
        return self.a["y"]


@dataclass(frozen=True)
class EdgeGrad:
    param: str
    source: str  # the node the edge comes from, or "1" for a bias
    value: float  # what travels along it: the source's activation (1 for a bias)
    dl_dz: float  # of the unit it enters
    grad: float  # dL/dparam = dl_dz x value


@dataclass(frozen=True)
class BackStep:
    """One node of the backward pass: how dL/da arrives, the local slope, and what its edges learn."""

    node: str
    dl_da: float
    arrives: tuple[tuple[str, float, float], ...]  # (unit it feeds, that unit's dL/dz, the weight between)
    da_dz: float | None  # None for an input, which has no activation
    dl_dz: float | None
    edges: tuple[EdgeGrad, ...]


@dataclass(frozen=True)
class Backward:
    steps: tuple[BackStep, ...]  # in the order of WALK
    grads: dict[str, float]  # dL/dparam for every parameter


def _act(name: str, z: float) -> float:
    return float(activation(name).fn(torch.tensor([z], dtype=torch.float64))[0])


def _slope(name: str, z: float) -> float:
    return float(activation(name).derivative(torch.tensor([z], dtype=torch.float64))[0])


def unit_activation(net: Net, unit: str) -> str:
    return net.out if unit == "y" else net.hidden


def unit_slope(net: Net, unit: str, z: float) -> float:
    """da/dz of `unit` at its weighted sum z: the factor it multiplies the gradient by on the way back."""
    return _slope(unit_activation(net, unit), z)


def forward(net: Net, x1: float, x2: float, target: float) -> Forward:
    """z = sum of weight x input + bias, a = act(z), unit by unit; then the network's loss L of y against t."""
    p, a, z = net.params(), {"x1": float(x1), "x2": float(x2), "1": 1.0}, {}
    for unit in ("h1", "h2", "y"):
        z[unit] = sum(p[w] * a[source] for w, source in INCOMING[unit])
        a[unit] = _act(unit_activation(net, unit), z[unit])
    return Forward(z, a, float(target), LOSSES[net.loss].fn(a["y"], float(target)))


def backward(net: Net, fwd: Forward) -> Backward:
    """The chain rule from the loss back to the inputs, one node at a time, every factor kept."""
    p, dl_dz, steps, grads = net.params(), {}, [], {}
    for node in WALK:
        if node == "y":
            arrives, dl_da = (), LOSSES[net.loss].slope(fwd.y, fwd.target)  # dL/dy of the chosen loss
        else:  # a node passes back the sum over every unit it feeds of that unit's dL/dz x the weight between
            arrives = tuple((unit, dl_dz[unit], p[w]) for unit, pairs in INCOMING.items()
                            for w, source in pairs if source == node)  # fmt: skip
            dl_da = sum(d * w for _, d, w in arrives)
        if node in INCOMING:
            da_dz = _slope(unit_activation(net, node), fwd.z[node])
            dl_dz[node] = dl_da * da_dz
            edges = tuple(EdgeGrad(w, src, fwd.a[src], dl_dz[node], dl_dz[node] * fwd.a[src])
                          for w, src in INCOMING[node])  # fmt: skip
            grads |= {e.param: e.grad for e in edges}
            steps.append(BackStep(node, dl_da, arrives, da_dz, dl_dz[node], edges))
        else:
            steps.append(BackStep(node, dl_da, arrives, None, None, ()))
    return Backward(tuple(steps), {name: grads[name] for name in PARAMS})


def trouble(net: Net, fwd: Forward) -> str | None:
    """Why the network's loss gives no numbers here, or None: "output" (its output activation can leave (0, 1),
    which the cross-entropy needs), "target" (a cross-entropy target outside [0, 1]), "saturated" (y is exactly
    0 or 1, where the cross-entropy is infinite)."""
    if net.loss != CROSS_ENTROPY:
        return None
    if net.out not in SAFE_OUTPUTS[CROSS_ENTROPY]:
        return "output"
    if not 0.0 <= fwd.target <= 1.0:
        return "target"
    if not 0.0 < fwd.y < 1.0:
        return "saturated"
    return None


def gradients(net: Net, x1: float, x2: float, target: float) -> dict[str, float]:
    return backward(net, forward(net, x1, x2, target)).grads


def torch_gradients(net: Net, x1: float, x2: float, target: float) -> dict[str, float]:
    """The same network in torch.nn; autograd's .grad after loss.backward()."""
    hidden, out = torch.nn.Linear(2, 2).double(), torch.nn.Linear(2, 1).double()
    with torch.no_grad():  # float64 all the way: a float32 copy would differ from ours in the 8th digit
        hidden.weight.copy_(torch.tensor([[net.w11, net.w12], [net.w21, net.w22]], dtype=torch.float64))
        hidden.bias.copy_(torch.tensor([net.b1, net.b2], dtype=torch.float64))
        out.weight.copy_(torch.tensor([[net.v1, net.v2]], dtype=torch.float64))
        out.bias.copy_(torch.tensor([net.c], dtype=torch.float64))
    x = torch.tensor([x1, x2], dtype=torch.float64)  # (2,)
    y = activation(net.out).fn(out(activation(net.hidden).fn(hidden(x))))
    loss = LOSSES[net.loss].torch_fn(y[0], target)  # L = ½(y - t)², or -(t log y + (1 - t) log(1 - y))
    loss.backward()
    (w11, w12), (w21, w22) = hidden.weight.grad.tolist()
    (b1, b2), ((v1, v2),), (c,) = hidden.bias.grad.tolist(), out.weight.grad.tolist(), out.bias.grad.tolist()
    return dict(w11=w11, w12=w12, w21=w21, w22=w22, b1=b1, b2=b2, v1=v1, v2=v2, c=c)


@dataclass(frozen=True)
class Nudge:
    """Change one parameter by epsilon: the loss's real change beside the gradient's promise."""

    param: str
    epsilon: float
    grad: float
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def promised(self) -> float:
        return self.grad * self.epsilon


def nudge(net: Net, x1: float, x2: float, target: float, param: str, epsilon: float) -> Nudge:
    """The finite-difference check of one gradient."""
    before = forward(net, x1, x2, target).loss
    moved = net.with_params({param: getattr(net, param) + epsilon})
    after = forward(moved, x1, x2, target).loss
    return Nudge(param, epsilon, gradients(net, x1, x2, target)[param], before, after)


def sgd_step(net: Net, grads: dict[str, float], lr: float) -> Net:
    """w -= lr x dL/dw, for every parameter at once."""
    return net.with_params({name: getattr(net, name) - lr * grads[name] for name in PARAMS})


@dataclass
class Training:
    """One visitor's network learning one example step by step; it stops itself if the loss blows up."""

    start: Net
    x1: float
    x2: float
    target: float
    lr: float
    good_enough: float = 1e-10  # a loss this small: the network has learned the example
    net: Net | None = None
    losses: list[float] | None = None  # the loss before the first step, then after each step
    outcome: Outcome | None = None

    def __post_init__(self) -> None:
        self.net = self.net or self.start
        self.losses = self.losses or [forward(self.start, self.x1, self.x2, self.target).loss]

    @property
    def steps(self) -> int:
        return len(self.losses) - 1

    def step(self) -> None:
        if self.outcome is not None:
            return
        self.net = sgd_step(self.net, gradients(self.net, self.x1, self.x2, self.target), self.lr)
        loss = forward(self.net, self.x1, self.x2, self.target).loss
        self.losses.append(loss)
        if blew_up(loss, self.losses[0]):
            self.outcome = Outcome(Why.DIVERGED, step=self.steps, value=loss, start=self.losses[0],
                                   limit=limit(self.losses[0]), lr=self.lr)  # fmt: skip
        elif loss < self.good_enough:
            self.outcome = Outcome(Why.TARGET, step=self.steps, value=loss, limit=self.good_enough, lr=self.lr)

    def run(self, steps: int) -> Outcome | None:
        for _ in range(steps):
            self.step()
        return self.outcome


def same_example(training: Training, start: Net, x1: float, x2: float, target: float, lr: float) -> bool:
    """Whether a training still belongs to these settings (else the page starts a new one)."""
    return (training.start, training.x1, training.x2, training.target, training.lr) == (start, x1, x2, target, lr)
