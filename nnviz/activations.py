"""Activation functions: each one with its formula and its derivative, all in torch.

A neuron computes `act(w·x + b)`. The registry pairs every activation with the
derivative that backpropagation multiplies by, so the lesson can plot both and
the tests can check them against autograd.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

Fn = Callable[[torch.Tensor], torch.Tensor]
LEAKY_SLOPE = 0.1  # larger than torch's 0.01 so the leak is visible on a plot


@dataclass(frozen=True)
class Activation:
    name: str
    formula: str  # LaTeX
    derivative_formula: str  # LaTeX
    fn: Fn
    derivative: Fn
    gain: float  # weight scale per 1/sqrt(fan_in) that keeps signals steady through layers
    note: str


def _step(x: torch.Tensor) -> torch.Tensor:
    # `+ 0 * x` keeps the graph connected, so autograd reports the true gradient (zero)
    # instead of refusing to differentiate a comparison.
    return (x > 0).to(x.dtype) + 0 * x


def _normal_cdf(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * (1 + torch.erf(x / math.sqrt(2)))


def _normal_pdf(x: torch.Tensor) -> torch.Tensor:
    return torch.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def _gelu(x: torch.Tensor) -> torch.Tensor:
    # The definition itself: equal to torch's gelu, which starts worker threads even for
    # tiny tensors and crawls on a busy machine.
    return x * _normal_cdf(x)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation(
            "step", r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}", r"f'(x) = 0 \quad (x \ne 0)",
            _step, torch.zeros_like, 1.0,
            "Fires or not. Its slope is zero everywhere except the jump, so it gives gradient descent nothing.",
        ),
        Activation(
            "sigmoid", r"\sigma(x) = \frac{1}{1 + e^{-x}}", r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
            torch.sigmoid, lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)), 1.0,
            "A smooth step between 0 and 1. Its slope peaks at 0.25 and fades far from 0.",
        ),
        Activation(
            "tanh", r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", r"\tanh'(x) = 1 - \tanh^2(x)",
            torch.tanh, lambda x: 1 - torch.tanh(x) ** 2, 5 / 3,
            "A sigmoid stretched to run from -1 to 1, centred on 0. Slope 1 at 0, fading far out.",
        ),
        Activation(
            "ReLU", r"\mathrm{ReLU}(x) = \max(0,\ x)",
            r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
            torch.relu, lambda x: (x > 0).to(x.dtype), math.sqrt(2),
            "Zero for negatives, the input itself for positives. Cheap, and the usual default.",
        ),
        Activation(
            "leaky ReLU", rf"f(x) = \max({LEAKY_SLOPE}\,x,\ x)",
            rf"f'(x) = \begin{{cases}} 1 & x > 0 \\ {LEAKY_SLOPE} & x < 0 \end{{cases}}",
            lambda x: torch.where(x > 0, x, LEAKY_SLOPE * x),
            lambda x: torch.where(x > 0, torch.ones_like(x), torch.full_like(x, LEAKY_SLOPE)),
            math.sqrt(2 / (1 + LEAKY_SLOPE**2)),
            "ReLU with a small slope for negatives, so a unit never goes completely silent.",
        ),
        Activation(
            "GELU", r"\mathrm{GELU}(x) = x\,\Phi(x)", r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)",
            _gelu, lambda x: _normal_cdf(x) + x * _normal_pdf(x), math.sqrt(2),
            "x weighted by the chance that a standard normal is below x: a smooth ReLU, used in transformers.",
        ),
        Activation(
            "none (identity)", r"f(x) = x", r"f'(x) = 1",
            lambda x: x, torch.ones_like, 1.0,
            "No activation at all: the layer stays a linear map.",
        ),
    ]
}  # fmt: skip
NONLINEAR = [name for name in ACTIVATIONS if name != "none (identity)"]


def activation(name: str) -> Activation:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {list(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def curve(name: str, lo: float = -5.0, hi: float = 5.0, n: int = 401) -> tuple[torch.Tensor, ...]:
    """x, f(x) and f'(x) on a grid, for plotting an activation beside its slope."""
    x = torch.linspace(lo, hi, n, dtype=torch.float64)
    act = activation(name)
    return x, act.fn(x), act.derivative(x)


def local_gradients(x: float) -> dict[str, float]:
    """f'(x) for every activation: the factor a unit multiplies the gradient by on its way back."""
    point = torch.tensor([x], dtype=torch.float64)
    return {name: float(act.derivative(point)[0]) for name, act in ACTIVATIONS.items()}


# --- one neuron -----------------------------------------------------------------------------


def neuron(weights: list[float], inputs: list[float], bias: float, name: str) -> tuple[float, float]:
    """The pre-activation z = w·x + b and the neuron's output act(z)."""
    z = float(torch.dot(torch.tensor(weights, dtype=torch.float64), torch.tensor(inputs, dtype=torch.float64)))
    z += bias
    return z, float(activation(name).fn(torch.tensor([z], dtype=torch.float64))[0])


def neuron_curve(w: float, bias: float, name: str, lim: float = 5.0, n: int = 201):
    """The output of a one-input neuron over x1 in [-lim, lim]: inputs and outputs."""
    x = torch.linspace(-lim, lim, n, dtype=torch.float64)
    return x, activation(name).fn(w * x + bias)


def neuron_surface(w1: float, w2: float, bias: float, name: str, lim: float = 5.0, n: int = 45):
    """The output of a two-input neuron over a square grid of (x1, x2): axis values and (n, n) outputs."""
    axis = torch.linspace(-lim, lim, n, dtype=torch.float64)
    x2, x1 = torch.meshgrid(axis, axis, indexing="ij")  # rows follow x2, columns x1
    return axis, activation(name).fn(w1 * x1 + w2 * x2 + bias)  # (n, n)


# --- softmax --------------------------------------------------------------------------------


def softmax(logits: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """exp(z_i / T) / sum_j exp(z_j / T): positive numbers that sum to 1.

    Low T sharpens towards the largest logit, high T flattens towards uniform.
    """
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    scaled = torch.as_tensor(logits, dtype=torch.float64) / temperature
    exps = torch.exp(scaled - scaled.max())  # subtracting the max changes nothing but avoids overflow
    return exps / exps.sum()


def soft_target(true_class: int, n_classes: int, smoothing: float) -> torch.Tensor:
    """A one-hot target with `smoothing` of its mass spread evenly over all classes."""
    if not 0 <= smoothing <= 1:
        raise ValueError(f"smoothing must be between 0 and 1, got {smoothing}")
    target = torch.full((n_classes,), smoothing / n_classes, dtype=torch.float64)
    target[true_class] += 1 - smoothing
    return target


def cross_entropy(probabilities: torch.Tensor, target: torch.Tensor) -> float:
    """-sum target * log(p): the loss a classifier pays for `probabilities` against `target`."""
    return float(-(target * torch.log(probabilities.clamp_min(1e-300))).sum())
