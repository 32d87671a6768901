"""Mild, batched distortions of digits, so a model also reads real handwriting.

People's digits are shifted, tilted, sized and stroked differently from
MNIST's. Each batch gets a random small affine warp and a random change of
stroke thickness, all as tensor ops on the whole batch (no per-image loop).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class AugmentSpec:
    rotation_deg: float = 12.0
    shift_px: float = 2.0
    scale: tuple[float, float] = (0.85, 1.15)
    shear: float = 0.15
    thicken: float = 0.6  # at most this much of a one-pixel dilation
    thin: float = 0.4  # at most this much of a one-pixel erosion


def augment(x: torch.Tensor, spec: AugmentSpec, generator: torch.Generator) -> torch.Tensor:
    """Distort a (B, 1, 28, 28) batch of 0-1 pixels; returns the same shape."""
    b = x.shape[0]

    def uniform(low: float, high: float) -> torch.Tensor:
        return low + (high - low) * torch.rand(b, generator=generator)

    angle = uniform(-spec.rotation_deg, spec.rotation_deg) * math.pi / 180
    scale = uniform(*spec.scale)
    shear = uniform(-spec.shear, spec.shear)
    shift = (torch.rand(b, 2, generator=generator) * 2 - 1) * spec.shift_px * 2 / 28
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack(
        [torch.stack([cos, -sin + shear, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)],
        1,
    )  # (B, 2, 3), maps output coordinates to input coordinates
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")

    # Thicker or thinner strokes: blend towards a dilation or an erosion.
    amount = uniform(-spec.thin, spec.thicken).view(b, 1, 1, 1)
    dilated = F.max_pool2d(x, 3, stride=1, padding=1)
    eroded = -F.max_pool2d(-x, 3, stride=1, padding=1)
    target = torch.where(amount > 0, dilated, eroded)
    return x + amount.abs() * (target - x)
