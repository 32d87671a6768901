"""3 or 7 learned by a linear model with mini-batch gradient descent.

One weight per pixel plus a bias; a positive score means "3". The loop is
the seven steps again, with the loss averaged over a mini-batch of images
instead of one curve: more examples per update, so steadier steps.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from nnviz.baseline import threes_and_sevens
from nnviz.data import Digits
from nnviz.outcome import Outcome, Why, blew_up, limit
from nnviz.threads import one_thread

BATCH_SIZES = (1, 4, 16, 64, 256, 1024)
CHECKPOINTS = 20  # test accuracy measured this many times over a run


@dataclass(frozen=True)
class MinibatchConfig:
    batch_size: int = 64
    lr: float = 0.5
    epochs: int = 1
    seed: int = 0
    max_updates: int = 3000  # keeps batch size 1 to a few seconds


@dataclass(frozen=True)
class MinibatchResult:
    losses: list[float]  # one per update, on that update's mini-batch
    checkpoints: list[int]  # updates after which the test accuracy was measured
    test_accs: list[float]
    weights: np.ndarray  # (28, 28): what each pixel votes, + for 3, - for 7
    updates: int
    images_seen: int
    outcome: Outcome | None  # a divergence or an early stop at the update budget; None for a full run

    @property
    def test_acc(self) -> float:
        return self.test_accs[-1]


def flat_pairs(images: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """3s and 7s as (N, 784) pixels 0-1 and targets 1.0 for a 3, 0.0 for a 7."""
    x, y = threes_and_sevens(images, labels)
    return x.reshape(len(x), -1), (y == 3).float()


@torch.no_grad()
def accuracy(weights: torch.Tensor, bias: torch.Tensor, x: torch.Tensor, target: torch.Tensor) -> float:
    return float(((x @ weights + bias > 0).float() == target).float().mean())


@torch.no_grad()
def largest(weights: torch.Tensor, bias: torch.Tensor) -> float:
    """The largest weight or bias in size; NaN once any of them is."""
    return float(torch.cat([weights, bias]).abs().max())


def batches(n: int, config: MinibatchConfig, shuffle: torch.Generator) -> Iterator[torch.Tensor]:
    """Index batches, a fresh shuffle each epoch, at most `max_updates` of them."""
    per_epoch = math.ceil(n / config.batch_size)
    for update in range(min(per_epoch * config.epochs, config.max_updates)):
        position = update % per_epoch
        if position == 0:
            order = torch.randperm(n, generator=shuffle)
        yield order[position * config.batch_size : (position + 1) * config.batch_size]


def train_linear(digits: Digits, config: MinibatchConfig) -> MinibatchResult:
    """SGD on mini-batches of `batch_size` training 3s and 7s, scored on the test 3s and 7s."""
    with one_thread():
        return _train_linear(digits, config)


def _train_linear(digits: Digits, config: MinibatchConfig) -> MinibatchResult:
    if config.batch_size < 1 or config.lr <= 0 or config.epochs < 1:
        raise ValueError("batch size and epochs must be at least 1, and the learning rate positive")
    x, target = flat_pairs(digits.train_x, digits.train_y)  # (N, 784), (N,)
    test_x, test_target = flat_pairs(digits.test_x, digits.test_y)
    shuffle = torch.Generator().manual_seed(config.seed)
    weights = (0.01 * torch.randn(x.shape[1], generator=shuffle)).requires_grad_()  # step 1: random start
    bias = torch.zeros(1, requires_grad=True)
    planned = math.ceil(len(x) / config.batch_size) * config.epochs
    every = max(1, min(planned, config.max_updates) // CHECKPOINTS)
    losses, checkpoints, accs, seen, outcome = [], [0], [accuracy(weights, bias, test_x, test_target)], 0, None
    start = largest(weights, bias)  # the divergence rule watches the largest weight (see nnviz.outcome)
    for batch in batches(len(x), config, shuffle):
        loss = F.binary_cross_entropy_with_logits(x[batch] @ weights + bias, target[batch])  # predict, loss
        loss.backward()  # gradient
        with torch.no_grad():
            for p in (weights, bias):
                p -= config.lr * p.grad  # step
                p.grad.zero_()
        losses.append(loss.item())
        seen += len(batch)
        if blew_up(size := largest(weights, bias), start):
            outcome = Outcome(Why.DIVERGED, step=len(losses), value=size, start=start, limit=limit(start),
                              lr=config.lr, seen=seen)  # fmt: skip
            break
        if len(losses) % every == 0:
            checkpoints.append(len(losses))
            accs.append(accuracy(weights, bias, test_x, test_target))
    if checkpoints[-1] != len(losses):
        checkpoints.append(len(losses))
        accs.append(accuracy(weights, bias, test_x, test_target))
    if outcome is None and planned > config.max_updates:
        outcome = Outcome(Why.BUDGET, step=len(losses), limit=config.max_updates, lr=config.lr, seen=seen)
    weight_image = weights.detach().reshape(28, 28).numpy()
    return MinibatchResult(losses, checkpoints, accs, weight_image, len(losses), seen, outcome)
