"""The digit networks: an MLP of any shape, the lesson's CNN, a small CNN, a small fast CNN.

Every model takes a (B, 1, 28, 28) batch and returns (B, 10) logits, so the
trainer, the pages and the drawing canvas treat them all alike.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import nn

from nnviz.activations import LEAKY_SLOPE


class LeakyReLU(nn.LeakyReLU):
    """torch's leaky ReLU with the app's LEAKY_SLOPE, the leak the activation lesson draws."""

    def __init__(self):
        super().__init__(LEAKY_SLOPE)


# Every trainable activation as a torch module, keyed by its name in nnviz.activations: one name per
# activation across the app. ("step" has no slope to train with, so it has no module.)
TORCH_ACTIVATIONS: dict[str, type[nn.Module]] = {
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "ReLU": nn.ReLU,
    "leaky ReLU": LeakyReLU,
    "GELU": nn.GELU,
    "none (identity)": nn.Identity,
}
# The digit networks' choices, in the order the page offers them.
ACTIVATIONS = {name: TORCH_ACTIVATIONS[name] for name in ("ReLU", "sigmoid", "tanh", "leaky ReLU", "GELU")}
# Names an exported model may still carry, and the name each now goes by.
OLD_NAMES = {"relu": "ReLU", "leaky_relu": "leaky ReLU", "gelu": "GELU", "linear (none)": "none (identity)"}


def activation_name(name: str) -> str:
    """The registry name for `name`, which may be an old spelling."""
    return OLD_NAMES.get(name, name)


@dataclass(frozen=True)
class ModelSpec:
    """What to build. `kind` is a key of MODELS; the rest shapes an MLP."""

    kind: str = "mlp"
    hidden: tuple[int, ...] = field(default=(50,))
    activation: str = "ReLU"  # a key of ACTIVATIONS
    dropout: float = 0.0


def build_mlp(spec: ModelSpec) -> nn.Sequential:
    """784 inputs, the hidden widths of `spec`, 10 outputs."""
    layers: list[nn.Module] = [nn.Flatten()]  # (B, 784)
    width = 28 * 28
    for hidden in spec.hidden:
        layers += [nn.Linear(width, hidden), ACTIVATIONS[spec.activation]()]
        if spec.dropout > 0:
            layers.append(nn.Dropout(spec.dropout))
        width = hidden
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def build_lesson_cnn(spec: ModelSpec) -> nn.Sequential:
    """The CNN of the lesson: three conv+pool stages, then two dense layers."""
    act = ACTIVATIONS[spec.activation]
    return nn.Sequential(
        nn.Conv2d(1, 32, 5), act(), nn.MaxPool2d(2),  # (B, 32, 12, 12)
        nn.Conv2d(32, 32, 5), act(), nn.MaxPool2d(2),  # (B, 32, 4, 4)
        nn.Conv2d(32, 64, 3), act(), nn.MaxPool2d(2),  # (B, 64, 1, 1)
        nn.Flatten(),
        nn.Linear(64, 64), act(),
        nn.Linear(64, 10),
    )  # fmt: skip


def build_small_cnn(spec: ModelSpec) -> nn.Sequential:
    """Two conv+pool stages and one dense layer: the small CNN trained with random crops."""
    act = ACTIVATIONS[spec.activation]
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), act(), nn.MaxPool2d(2),  # (B, 16, 14, 14)
        nn.Conv2d(16, 32, 3, padding=1), act(), nn.MaxPool2d(2),  # (B, 32, 7, 7)
        nn.Flatten(),
        nn.Linear(32 * 7 * 7, 10),
    )  # fmt: skip


def build_fast_cnn(spec: ModelSpec) -> nn.Sequential:
    """About 29k parameters; reaches 99% on MNIST within seconds on a CPU.

    Pooling comes before the non-linearity (same result, a quarter of the
    work) and BatchNorm lets it train at a high learning rate.
    """

    def block(c_in: int, c_out: int, stride: int = 1, pool: bool = True) -> list[nn.Module]:
        layers = [nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)]
        layers += [nn.MaxPool2d(2)] if pool else []
        return layers + [nn.BatchNorm2d(c_out), nn.ReLU()]

    return nn.Sequential(
        *block(1, 16, stride=2, pool=False),  # (B, 16, 14, 14)
        *block(16, 32),  # (B, 32, 7, 7)
        *block(32, 64),  # (B, 64, 3, 3)
        nn.Flatten(),
        nn.Linear(64 * 3 * 3, 10),
    )


MODELS = {
    "mlp": build_mlp,
    "cnn": build_lesson_cnn,
    "small_cnn": build_small_cnn,
    "fast_cnn": build_fast_cnn,
}


def build_model(spec: ModelSpec, seed: int | None = None) -> nn.Sequential:
    """Build `spec`; with a seed, the initial weights are reproducible."""
    if spec.kind not in MODELS:
        raise ValueError(f"unknown model kind {spec.kind!r}; choose one of {sorted(MODELS)}")
    if seed is None:
        return MODELS[spec.kind](spec)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return MODELS[spec.kind](spec)


@dataclass(frozen=True)
class LayerRow:
    name: str
    kind: str
    output_shape: tuple[int, ...]
    params: int


@dataclass(frozen=True)
class Tap:
    """What one module of a forward pass took in and gave out."""

    name: str  # its name in the model, e.g. "3"
    module: nn.Module
    input: torch.Tensor
    output: torch.Tensor


@torch.no_grad()
def forward_taps(
    model: nn.Module, x: torch.Tensor, wanted: Callable[[nn.Module], bool]
) -> tuple[torch.Tensor, list[Tap]]:
    """Run `model` (in eval mode) on `x`; its output, and what every module `wanted` accepts took in and gave out,
    in forward order.

    The hooks go on a private copy: a model shared by every session (the default models) may be running for
    another visitor at the same moment, and a hook on it would record their forward pass in this one's list."""
    private = copy.deepcopy(model).eval()
    taps: list[Tap] = []
    for name, module in private.named_modules():
        if wanted(module):
            module.register_forward_hook(
                lambda mod, inputs, output, name=name: taps.append(Tap(name, mod, inputs[0], output))
            )
    return private(x), taps


def summary(model: nn.Module, input_shape: tuple[int, ...] = (1, 1, 28, 28)) -> list[LayerRow]:
    """Each leaf layer's output shape and parameter count, in forward order."""
    _, taps = forward_taps(model, torch.zeros(input_shape), lambda module: not list(module.children()))
    return [LayerRow(t.name, type(t.module).__name__, tuple(t.output.shape), count_params(t.module)) for t in taps]


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
