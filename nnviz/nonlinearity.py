"""Why a network needs activations, and what they do to gradients.

Linear layers stacked on each other collapse into one linear map; with an
activation between them, a wide enough network can fit any smooth curve. The
activation's slope also scales every gradient passed back through it, layer by
layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from nnviz.activations import activation

Layer = tuple[torch.Tensor, torch.Tensor]  # weight (out, in), bias (out,)
TARGETS = {
    "sine": lambda x: torch.sin(2 * x),
    "bump": lambda x: torch.exp(-2 * x**2),
}
X_RANGE = (-math.pi, math.pi)
WIDTHS = (1, 2, 4, 8, 16, 32)


# --- linear layers collapse ------------------------------------------------------------------


def random_stack(widths: tuple[int, ...], seed: int) -> list[Layer]:
    """Layers mapping widths[0] -> widths[1] -> ... -> widths[-1], with seeded normal weights."""
    if len(widths) < 2 or min(widths) < 1:
        raise ValueError(f"need at least two positive widths, got {widths}")
    rng = torch.Generator().manual_seed(seed)
    return [
        (torch.randn(n_out, n_in, generator=rng, dtype=torch.float64) / math.sqrt(n_in),
         torch.randn(n_out, generator=rng, dtype=torch.float64) * 0.5)
        for n_in, n_out in zip(widths[:-1], widths[1:], strict=True)
    ]  # fmt: skip


def run_stack(layers: list[Layer], x: torch.Tensor, between: str = "none (identity)") -> torch.Tensor:
    """x (N, in) through every layer, with the activation `between` after each but the last."""
    act = activation(between).fn
    for i, (weight, bias) in enumerate(layers):
        x = x @ weight.T + bias
        if i < len(layers) - 1:
            x = act(x)
    return x  # (N, out)


def collapse(layers: list[Layer]) -> Layer:
    """The single linear map equal to a stack of linear layers.

    W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2), and so on down the stack.
    """
    weight, bias = layers[0]
    for next_weight, next_bias in layers[1:]:
        weight, bias = next_weight @ weight, next_weight @ bias + next_bias
    return weight, bias


def collapse_gap(layers: list[Layer], x: torch.Tensor, between: str = "none (identity)") -> float:
    """Largest difference between the stack (with `between`) and its collapsed linear map."""
    weight, bias = collapse(layers)
    return float((run_stack(layers, x, between) - (x @ weight.T + bias)).abs().max())


# --- a small network fits a curve -------------------------------------------------------------


@dataclass(frozen=True)
class FitConfig:
    target: str = "sine"
    hidden: int = 8
    activation: str = "tanh"
    seed: int = 0
    points: int = 64  # points x hidden stays small: torch would start threads on bigger tensors
    iterations: int = 120  # L-BFGS steps: enough to settle in about a tenth of a second


@dataclass(frozen=True)
class CurveFit:
    x: np.ndarray
    target: np.ndarray
    prediction: np.ndarray
    loss: float  # mean squared error


def init_one_hidden_layer(hidden: int, seed: int) -> list[torch.Tensor]:
    """Weights of a 1-hidden-layer network, each unit's bend placed somewhere in the x range."""
    rng = torch.Generator().manual_seed(seed)
    w1 = torch.randn(hidden, generator=rng) * 2
    centres = torch.empty(hidden).uniform_(*X_RANGE, generator=rng)
    w2 = torch.randn(hidden, generator=rng) / math.sqrt(hidden)
    return [w1, -w1 * centres, w2, torch.zeros(())]


def one_hidden_layer(params: list[torch.Tensor], x: torch.Tensor, name: str) -> torch.Tensor:
    """sum_k w2_k act(w1_k x + b1_k) + b2, for x (N,)."""
    w1, b1, w2, b2 = params
    return (activation(name).fn(x[:, None] * w1 + b1) * w2).sum(1) + b2  # (N, hidden) -> (N,)


def fit_curve(config: FitConfig) -> CurveFit:
    """Train a 1-hidden-layer network on the target curve, full batch, and return its fit."""
    if config.target not in TARGETS:
        raise ValueError(f"unknown target {config.target!r}; choose one of {list(TARGETS)}")
    if config.hidden < 1:
        raise ValueError(f"need at least one hidden unit, got {config.hidden}")
    x = torch.linspace(*X_RANGE, config.points)  # (N,)
    y = TARGETS[config.target](x)
    params = [p.requires_grad_() for p in init_one_hidden_layer(config.hidden, config.seed)]
    optimiser = torch.optim.LBFGS(
        params, max_iter=config.iterations, history_size=20, line_search_fn="strong_wolfe",
        tolerance_grad=1e-9, tolerance_change=1e-12,
    )  # fmt: skip

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        loss = ((one_hidden_layer(params, x, config.activation) - y) ** 2).mean()
        loss.backward()
        return loss

    optimiser.step(closure)
    with torch.no_grad():
        prediction = one_hidden_layer(params, x, config.activation)
    return CurveFit(x.numpy(), y.numpy(), prediction.numpy(), float(((prediction - y) ** 2).mean()))


# --- gradients through depth ------------------------------------------------------------------


def layer_gradients(depth: int, name: str, seed: int, width: int = 16, batch: int = 64) -> list[float]:
    """Size of the loss gradient on each hidden layer's weights, first layer first.

    Weights start at the scale that suits the activation (its gain / sqrt(fan_in)),
    so any shrinking comes from the activation's slope, not from a bad start.
    """
    if depth < 1:
        raise ValueError(f"need at least one layer, got {depth}")
    act = activation(name)
    rng = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, width, generator=rng, dtype=torch.float64)
    target = torch.randn(batch, 1, generator=rng, dtype=torch.float64)
    weights = [
        (torch.randn(width, width, generator=rng, dtype=torch.float64) * act.gain / math.sqrt(width)).requires_grad_()
        for _ in range(depth)
    ]
    readout = torch.randn(1, width, generator=rng, dtype=torch.float64) / math.sqrt(width)
    hidden = x
    for weight in weights:
        hidden = act.fn(hidden @ weight.T)  # (B, width)
    loss = ((hidden @ readout.T - target) ** 2).mean()
    loss.backward()
    return [float(w.grad.norm()) for w in weights]
