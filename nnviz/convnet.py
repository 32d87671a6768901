"""A whole CNN reading one digit, layer by layer; its weights against a dense layer's; and what a shift does.

A convolution uses the same few weights at every position, so it needs far fewer of them than a dense layer
with the same input and output sizes, and a pattern moved a few pixels moves its feature map with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from nnviz.models import count_params, forward_taps
from nnviz.training import predict_proba, prepare

NAMES = {nn.Conv2d: "conv", nn.MaxPool2d: "max pool", nn.ReLU: "BN + ReLU", nn.Linear: "dense"}


@dataclass(frozen=True)
class LayerView:
    name: str  # e.g. "conv 1"
    values: np.ndarray  # (C, H, W) maps, or (units,)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.values.shape)


@torch.no_grad()
def layer_views(model: nn.Module, digit: torch.Tensor) -> list[LayerView]:
    """The input, then every convolution, pooling, activation and dense layer's output for one uint8 digit
    (28, 28), then the softmax: the layers as the network computes them, in order."""
    x = prepare(digit.unsqueeze(0))  # (1, 1, 28, 28)
    scores, taps = forward_taps(model, x, lambda module: type(module) in NAMES)
    found, counts = [], {}
    for tap in taps:
        kind = NAMES[type(tap.module)]
        counts[kind] = counts.get(kind, 0) + 1
        found.append(LayerView(kind if kind == "dense" else f"{kind} {counts[kind]}", tap.output[0].double().numpy()))
    first = LayerView("input", x[0].double().numpy())
    return [first, *found, LayerView("softmax", torch.softmax(scores, 1)[0].double().numpy())]


@dataclass(frozen=True)
class WeightCount:
    name: str  # e.g. "conv 1"
    in_shape: tuple[int, ...]  # (C, H, W)
    out_shape: tuple[int, ...]
    conv: int  # the convolution's weights and biases
    dense: int  # a Linear layer from every input number to every output number


@torch.no_grad()
def weight_counts(model: nn.Module) -> list[WeightCount]:
    """Each convolution's parameters against a dense layer with its input and output sizes (built on the meta
    device: counted, never allocated)."""
    _, taps = forward_taps(model, torch.zeros(1, 1, 28, 28), lambda module: isinstance(module, nn.Conv2d))
    counts = []
    for i, tap in enumerate(taps, start=1):
        ins, outs, conv = tap.input.shape[1:], tap.output.shape[1:], tap.module
        dense = nn.Linear(int(np.prod(ins)), int(np.prod(outs)), device="meta")
        counts.append(WeightCount(f"conv {i}", tuple(ins), tuple(outs), count_params(conv), count_params(dense)))
    return counts


def shifted(digit: torch.Tensor, rows: int, cols: int) -> torch.Tensor:
    """A (28, 28) digit moved down `rows` and right `cols` pixels (negative: up, left); black comes in."""
    out = torch.zeros_like(digit)
    h, w = digit.shape
    src = digit[max(-rows, 0) : h - max(rows, 0), max(-cols, 0) : w - max(cols, 0)]
    out[max(rows, 0) : max(rows, 0) + src.shape[0], max(cols, 0) : max(cols, 0) + src.shape[1]] = src
    return out


@dataclass(frozen=True)
class ShiftEffect:
    rows: int
    cols: int
    moved: np.ndarray  # (28, 28) the shifted digit
    maps_before: np.ndarray  # (H, W) one first-layer feature map, for the digit
    maps_after: np.ndarray  # the same map for the shifted digit
    probs: dict[str, tuple[np.ndarray, np.ndarray]]  # model name: (10,) before, (10,) after

    def moved_by(self, name: str) -> float:
        """How far a model's answer moved: half the summed change of its ten probabilities (0 to 1)."""
        before, after = self.probs[name]
        return float(np.abs(after - before).sum() / 2)


def shift_effect(models: dict[str, nn.Module], cnn: nn.Module, digit: torch.Tensor, rows: int, cols: int,
                 channel: int | None = None) -> ShiftEffect:  # fmt: skip
    """Move the digit; compare one of the CNN's first feature maps (by default the one whose peak stands out
    most from its own background), and each model's probabilities, before and after."""
    moved = shifted(digit, rows, cols)
    before, after = (_first_maps(cnn, d) for d in (digit, moved))
    standout = before.max(axis=(1, 2)) - np.median(before, axis=(1, 2))
    channel = int(standout.argmax()) if channel is None else channel
    maps = [before[channel], after[channel]]
    probs = {}
    for name, model in models.items():
        both = predict_proba(model, torch.stack([digit, moved])).double().numpy()
        probs[name] = (both[0], both[1])
    return ShiftEffect(rows, cols, moved.numpy(), maps[0], maps[1], probs)


def _first_maps(cnn: nn.Module, digit: torch.Tensor) -> np.ndarray:
    """The first activation layer's maps (C, H, W)."""
    views = layer_views(cnn, digit)
    return next(v.values for v in views if v.name.startswith("BN + ReLU"))


@dataclass(frozen=True)
class ShiftSummary:
    """Many digits moved the same way: how far each model's answers moved, and how many it still reads right."""

    n: int
    moved: dict[str, float]  # mean of half the summed change of the ten probabilities, 0 to 1
    right_before: dict[str, int]
    right_after: dict[str, int]


def shift_summary(models: dict[str, nn.Module], images: torch.Tensor, labels: torch.Tensor, rows: int,
                  cols: int) -> ShiftSummary:  # fmt: skip
    """Every uint8 digit (N, 28, 28) moved by the same rows and columns, read by each model before and after."""
    moved = torch.stack([shifted(image, rows, cols) for image in images])  # (N, 28, 28)
    change, before_ok, after_ok = {}, {}, {}
    for name, model in models.items():
        before, after = predict_proba(model, images), predict_proba(model, moved)
        change[name] = float((after - before).abs().sum(1).mean() / 2)
        before_ok[name] = int((before.argmax(1) == labels).sum())
        after_ok[name] = int((after.argmax(1) == labels).sum())
    return ShiftSummary(len(labels), change, before_ok, after_ok)
