"""MLP against CNN when the digit is not where MNIST puts it.

An MLP flattens the image into 784 numbers, so a pixel's meaning is tied to
its place: the same stroke two pixels to the right is, to it, a different
input. A CNN slides the same small filters everywhere and pools, so it
cares less where the digit is. Here both read test digits moved off-centre
or shrunk, without the centring step, and we count how often they are right.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from nnviz.training import predict_proba


@dataclass(frozen=True)
class ShiftTest:
    n: int = 1000  # test digits
    shifts: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6, 7, 8)  # pixels, in a random direction per digit
    sizes: tuple[float, ...] = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)  # fraction of the original size
    seed: int = 0


def move(images: torch.Tensor, offsets: torch.Tensor, sizes: torch.Tensor) -> torch.Tensor:
    """Scale each uint8 digit (B, 28, 28) about the centre by sizes (B,), then shift by offsets (B, 2) pixels."""
    x = images.unsqueeze(1).float()  # (B, 1, 28, 28)
    b = len(images)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = 1 / sizes
    theta[:, :, 2] = -offsets.flip(1) * 2 / 28 / sizes[:, None]  # (x, y) order, in [-1, 1] units
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    moved = F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")
    return moved[:, 0].round().clamp(0, 255).to(torch.uint8)


def directions(n: int, seed: int) -> torch.Tensor:
    """(n, 2) unit vectors (rows, columns) at random angles, fixed by seed."""
    angles = torch.rand(n, generator=torch.Generator().manual_seed(seed)) * 2 * torch.pi
    return torch.stack([torch.sin(angles), torch.cos(angles)], 1)


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    return float((predict_proba(model, images).argmax(1) == labels).float().mean())


def shift_curves(
    models: dict[str, nn.Module], images: torch.Tensor, labels: torch.Tensor, test: ShiftTest = ShiftTest()
) -> dict[str, dict[str, list[float]]]:
    """Accuracy of each model against the shift and against the size: {name: {"shift": [...], "size": [...]}}."""
    images, labels = images[: test.n], labels[: test.n]
    ways = directions(len(labels), test.seed)
    ones = torch.ones(len(labels))
    shifted = [move(images, ways * s, ones) for s in test.shifts]
    shrunk = [move(images, torch.zeros(len(labels), 2), ones * z) for z in test.sizes]
    return {
        name: {
            "shift": [accuracy(model, x, labels) for x in shifted],
            "size": [accuracy(model, x, labels) for x in shrunk],
        }
        for name, model in models.items()
    }
