"""Looking inside a digit model: what each layer computes, and which pixels mattered.

A network is a stack of simple steps, so we can stop it after each one and
look (forward hooks record every non-linearity's output). For "which pixels
made it say 7?" there are two answers to compare: cover a patch and see how
much the answer drops (occlusion), or multiply each pixel by how strongly
the answer responds to it (gradient x input).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from nnviz.data import MNIST_MEAN, MNIST_STD
from nnviz.models import ACTIVATIONS, forward_taps
from nnviz.training import TrainConfig, prepare

NONLINEAR = tuple(ACTIVATIONS.values())


class RawPixels(nn.Module):
    """Lets a model trained on raw 0-255 pixels take the normalised input every other model takes."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model((x * MNIST_STD + MNIST_MEAN) * 255.0)


def readable(config: TrainConfig, model: nn.Module) -> nn.Module:
    """The model, wrapped if needed so that it reads the same prepared input as the default one."""
    return model if config.scale_inputs else RawPixels(model).eval()


@dataclass(frozen=True)
class LayerActivity:
    name: str  # e.g. "layer 2: ReLU"
    values: torch.Tensor  # (C, H, W) feature maps, or (units,) for a dense layer


@torch.no_grad()
def layer_activations(model: nn.Module, digit: torch.Tensor) -> list[LayerActivity]:
    """Every non-linearity's output for one uint8 digit (28, 28), in forward order."""
    _, taps = forward_taps(model, prepare(digit.unsqueeze(0)), lambda module: isinstance(module, NONLINEAR))
    return [LayerActivity(f"layer {i}: {type(t.module).__name__}", t.output[0]) for i, t in enumerate(taps, 1)]


def gradient_x_input(model: nn.Module, digit: torch.Tensor, label: int) -> torch.Tensor:
    """(28, 28): each pixel's brightness times how much the label's score rises with it."""
    model.eval()
    x = (digit.float() / 255.0).requires_grad_(True)  # the pixels as the learner sees them, 0-1
    score = model(prepare(x.unsqueeze(0) * 255.0))[0, label]
    (grad,) = torch.autograd.grad(score, x)
    return (grad * x).detach()


@torch.no_grad()
def occlusion(model: nn.Module, digit: torch.Tensor, label: int, patch: int = 4, stride: int = 2) -> torch.Tensor:
    """(28, 28): how much the label's probability falls when a patch around each pixel is blacked out."""
    model.eval()
    starts = range(0, 28 - patch + 1, stride)
    corners = [(r, c) for r in starts for c in starts]
    batch = digit.repeat(len(corners) + 1, 1, 1)  # (1 + P, 28, 28): the digit as drawn, then one per patch
    for i, (r, c) in enumerate(corners, start=1):
        batch[i, r : r + patch, c : c + patch] = 0
    base, *probs = torch.softmax(model(prepare(batch)), 1)[:, label]  # one forward pass for all of them
    drop, hits = torch.zeros(28, 28), torch.zeros(28, 28)
    for (r, c), p in zip(corners, probs, strict=True):
        drop[r : r + patch, c : c + patch] += base - p
        hits[r : r + patch, c : c + patch] += 1
    return drop / hits  # the average drop over the patches that covered each pixel


ATTRIBUTIONS: dict[str, Callable[[nn.Module, torch.Tensor, int], torch.Tensor]] = {
    "occlusion": occlusion,
    "gradient x input": gradient_x_input,
}
