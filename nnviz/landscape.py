"""A real network's loss landscape: the loss on a fixed set of digits along two random directions in weight space.

Each direction is filter-normalised (Li, Xu, Taylor, Studer and Goldstein, "Visualizing the Loss Landscape of
Neural Nets", NeurIPS 2018): random numbers, rescaled so each row of a weight matrix (each filter of a
convolution) has the norm of the weights it moves; biases are not moved. A step of 1 along a direction then
changes every unit's weights by about their own size, whatever the layer, so landscapes compare fairly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call

from nnviz.models import ModelSpec, build_mlp
from nnviz.training import prepare


@dataclass(frozen=True)
class LandscapeConfig:
    train_size: int = 3000  # training digits of the small MLP trained on the spot
    hidden: int = 32
    batch_size: int = 16
    epochs: int = 3
    lr: float = 0.02  # SGD with momentum 0.9
    seed: int = 0
    subset: int = 1000  # the fixed digits the landscape's loss is measured on
    checkpoints: int = 12  # weights kept along the way, evenly spaced


# Sharp against flat, after Keskar et al. (2017) and Li et al.: the same network and digits, trained to about the
# same loss with small batches (many noisy steps) and with large ones (few smooth steps, more epochs).
SMALL_BATCH = LandscapeConfig()
LARGE_BATCH = replace(SMALL_BATCH, batch_size=1500, epochs=40, lr=0.1)


@dataclass
class Trained:
    model: nn.Module
    checkpoints: list[dict[str, torch.Tensor]]  # the weights along the way; the last is the final model's
    config: LandscapeConfig


def train_mlp(images: torch.Tensor, labels: torch.Tensor, config: LandscapeConfig) -> Trained:
    """A 784-hidden-10 MLP trained with seeded SGD + momentum, keeping checkpoints along the way."""
    torch.manual_seed(config.seed)
    model = build_mlp(ModelSpec(kind="mlp", hidden=(config.hidden,)))
    x, y = prepare(images[: config.train_size]), labels[: config.train_size]  # (N, 1, 28, 28)
    optimiser = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=0.9)
    shuffle = torch.Generator().manual_seed(config.seed)
    batches = math.ceil(len(y) / config.batch_size)
    total = batches * config.epochs
    keep_at = set(np.linspace(0, total, config.checkpoints).round().astype(int).tolist())
    checkpoints = [_weights(model)] if 0 in keep_at else []
    update = 0
    for _ in range(config.epochs):
        order = torch.randperm(len(y), generator=shuffle)
        for idx in order.split(config.batch_size):
            optimiser.zero_grad()
            F.cross_entropy(model(x[idx]), y[idx]).backward()
            optimiser.step()
            update += 1
            if update in keep_at:
                checkpoints.append(_weights(model))
    return Trained(model.eval(), checkpoints, config)


def _weights(model: nn.Module) -> dict[str, torch.Tensor]:
    return {name: p.detach().clone() for name, p in model.named_parameters()}


def direction(model: nn.Module, generator: torch.Generator) -> dict[str, torch.Tensor]:
    """A random direction in weight space, filter-normalised: each row (or filter) of a weight tensor gets
    the norm of the weights it moves; biases and other 1-D parameters stay put."""
    out = {}
    for name, p in model.named_parameters():
        d = torch.randn(p.shape, generator=generator, dtype=p.dtype)
        if p.dim() <= 1:
            out[name] = torch.zeros_like(p)
            continue
        rows, drows = p.detach().flatten(1), d.flatten(1)  # (rows, fan_in)
        scale = rows.norm(dim=1, keepdim=True) / (drows.norm(dim=1, keepdim=True) + 1e-10)
        out[name] = (drows * scale).reshape(p.shape)
    return out


@dataclass(frozen=True)
class Landscape:
    alphas: np.ndarray  # (n,) steps along the first direction
    betas: np.ndarray  # (n,) along the second
    losses: np.ndarray  # (n, n): losses[j, i] at alphas[i], betas[j]
    centre_loss: float  # the trained network's own loss on the subset
    path: np.ndarray  # (k, 2): the checkpoints projected onto the plane
    path_losses: np.ndarray  # (k,): each checkpoint's real loss on the subset


def loss_with(model: nn.Module, weights: dict[str, torch.Tensor], x: torch.Tensor, y: torch.Tensor) -> float:
    """Mean cross-entropy of `model` with these weights on prepared digits x."""
    with torch.no_grad():
        return float(F.cross_entropy(functional_call(model, weights, (x,)), y))


def slice_losses(model: nn.Module, d1: dict, d2: dict, x: torch.Tensor, y: torch.Tensor, alphas, betas) -> np.ndarray:
    """The loss at weights + a d1 + b d2 for every a in alphas and b in betas: (len(betas), len(alphas))."""
    base = _weights(model)
    model.eval()
    out = np.empty((len(betas), len(alphas)))
    for j, b in enumerate(betas):
        for i, a in enumerate(alphas):
            moved = {k: base[k] + float(a) * d1[k] + float(b) * d2[k] for k in base}
            out[j, i] = loss_with(model, moved, x, y)
    return out


def project(checkpoints: list[dict], centre: dict, d1: dict, d2: dict) -> np.ndarray:
    """Each checkpoint's offset from the centre, least-squares on the two directions: (k, 2)."""
    flat = lambda w: torch.cat([w[k].flatten() for k in centre]).double()  # noqa: E731
    basis = torch.stack([flat(d1), flat(d2)], dim=1)  # (P, 2)
    offsets = torch.stack([flat(c) - flat(centre) for c in checkpoints], dim=1)  # (P, k)
    return torch.linalg.lstsq(basis, offsets).solution.T.numpy()  # (k, 2)


def path_directions(model: nn.Module, checkpoints: list[dict]) -> tuple[dict, dict]:
    """The two principal directions of the training path: of the checkpoints' offsets from the final weights, the
    two along which they spread most (unit vectors; Li et al. draw trajectories this way, as random directions
    are almost at right angles to the path)."""
    centre = _weights(model)
    offsets = torch.stack([torch.cat([(c[k] - centre[k]).flatten() for k in centre]) for c in checkpoints])  # (k, P)
    _, _, vh = torch.linalg.svd(offsets.double(), full_matrices=False)
    return _unflatten(vh[0], centre), _unflatten(vh[1], centre)


def _unflatten(flat: torch.Tensor, like: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    out, at = {}, 0
    for name, p in like.items():
        out[name] = flat[at : at + p.numel()].reshape(p.shape).to(p.dtype)
        at += p.numel()
    return out


def landscape(model: nn.Module, checkpoints: list[dict], images: torch.Tensor, labels: torch.Tensor,
              n: int = 21, span: float = 1.0, seed: int = 0, scale: bool = True,
              along_path: bool = False) -> Landscape:  # fmt: skip
    """The loss on these digits over an n x n grid of steps (-span..span) along two seeded filter-normalised
    directions, with the checkpoints (may be empty) projected onto it. `along_path`: along the path's two
    principal directions instead, over a square a quarter wider than the projected path."""
    centre = _weights(model)
    if along_path and len(checkpoints) >= 2:
        d1, d2 = path_directions(model, checkpoints)
        span = 1.25 * float(np.abs(project(checkpoints, centre, d1, d2)).max())
    else:
        generator = torch.Generator().manual_seed(seed)
        d1, d2 = direction(model, generator), direction(model, generator)
    x = prepare(images, scale)  # (N, 1, 28, 28)
    steps = np.linspace(-span, span, n)
    losses = slice_losses(model, d1, d2, x, labels, steps, steps)
    path = project(checkpoints, centre, d1, d2) if checkpoints else np.zeros((0, 2))
    path_losses = np.array([loss_with(model, c, x, labels) for c in checkpoints])
    return Landscape(steps, steps, losses, loss_with(model, centre, x, labels), path, path_losses)


def sharpness(land: Landscape, radius: float = 0.5) -> float:
    """How much the loss rises, on average, on the grid points within `radius` of the centre."""
    a, b = np.meshgrid(land.alphas, land.betas)
    near = (np.hypot(a, b) <= radius) & (np.hypot(a, b) > 0)
    return float(np.mean(land.losses[near] - land.centre_loss))
