"""Mild, batched distortions of digits, so a model also reads real handwriting.

People's digits are shifted, tilted, sized and stroked differently from
MNIST's. Each batch gets a random small affine warp and a random change of
stroke thickness, all as tensor ops on the whole batch (no per-image loop).
Given the labels, a share of the 1s also get a flag at the top, the stroke
many people start a 1 with and MNIST's writers mostly left out.
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
    flag_ones: float = 0.0  # this share of the 1s get a flag at the top (needs the labels)


# A 1's flag: from its top end down to the left, this share of the digit's height long, this many degrees below
# the horizontal. Many people start a 1 with one; MNIST's writers mostly did not.
FLAG_LENGTH = (0.25, 0.6)
FLAG_ANGLE = (10.0, 50.0)


def augment(
    x: torch.Tensor, spec: AugmentSpec, generator: torch.Generator, labels: torch.Tensor | None = None
) -> torch.Tensor:
    """Distort a (B, 1, H, W) batch of 0-1 pixels; returns the same shape. With the `labels` (B,), a share of
    the 1s are flagged first."""
    b = x.shape[0]
    if spec.flag_ones and labels is not None:
        x = flag(x, (torch.rand(b, generator=generator) < spec.flag_ones) & (labels == 1), generator)

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


def flag(x: torch.Tensor, chosen: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Give the `chosen` (B,) images a flag: a stroke as wide as the digit's own at its top, from the top end down
    to the left, FLAG_LENGTH of its height long and FLAG_ANGLE below the horizontal."""
    b, _, h, w = x.shape
    lengths = FLAG_LENGTH[0] + (FLAG_LENGTH[1] - FLAG_LENGTH[0]) * torch.rand(b, generator=generator)
    angles = torch.deg2rad(FLAG_ANGLE[0] + (FLAG_ANGLE[1] - FLAG_ANGLE[0]) * torch.rand(b, generator=generator))
    picked = x[chosen, 0]  # (N, H, W)
    if len(picked) == 0:
        return x
    rows = (picked > 0.5).any(2)  # (N, H): rows with ink
    inked = rows.any(1)
    down = torch.arange(h, dtype=x.dtype)
    top = torch.where(rows, down, h).amin(1).clamp(max=h - 1)  # (N,)
    height = (torch.where(rows, down, -1).amax(1) - top + 1).clamp(min=1)
    near_top = ((down[None] - top[:, None]).abs() <= 1).to(x.dtype)  # (N, H): the top row and the one below
    weights = picked * near_top[:, :, None]
    width = (weights.sum((1, 2)) / near_top.sum(1)).clamp(1.5, 4.0)  # ink per row at the top: the stroke's width
    across = torch.arange(w, dtype=x.dtype)
    start_x = (weights * across).sum((1, 2)) / weights.sum((1, 2)).clamp(min=1e-6)
    length, angle = (lengths[chosen] * height)[:, None, None], angles[chosen][:, None, None]
    dx, dy = -torch.cos(angle), torch.sin(angle)  # the flag's direction, y pointing down
    px, py = across[None, None, :] - start_x[:, None, None], down[None, :, None] - top[:, None, None]
    along = (px * dx + py * dy).clamp(min=0).minimum(length)
    distance = torch.hypot(px - along * dx, py - along * dy)  # (N, H, W): to the nearest point of the flag
    ink = (width[:, None, None] / 2 + 0.5 - distance).clamp(0, 1) * inked[:, None, None]
    out = x.clone()
    out[chosen, 0] = torch.maximum(picked, ink * picked.amax((1, 2))[:, None, None])
    return out
