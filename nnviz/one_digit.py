"""One step of gradient descent on one MNIST digit, on a copy of a digit MLP: what it changes.

The loss is cross-entropy on that digit alone; the step is `w -= lr * dL/dw` for every parameter, written
out rather than left to an optimiser, so it is exactly that. The model passed in is never changed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from nnviz.training import predict_proba, prepare

SIDE = 28


@dataclass(frozen=True)
class OneStep:
    """Everything one step on one digit changed, in numbers."""

    label: int
    lr: float
    loss_before: float
    loss_after: float
    prob_before: float  # the probability of the true class, on this digit
    prob_after: float
    first_change: np.ndarray  # (hidden, 28, 28): how each hidden unit's first-layer weights moved
    grads: dict[str, torch.Tensor]  # dL/dparam, by the parameter's name in the model
    after: nn.Module  # the private copy, one step later
    others_same: np.ndarray  # (N,) whether each of the other digits has the same label as this one
    others_before: np.ndarray  # (N,) their probability of their own true class, before the step
    others_after: np.ndarray  # (N,) and after

    def most_changed(self, count: int) -> np.ndarray:
        """The hidden units whose first-layer weights moved most (by the size of the change), largest first."""
        sizes = np.sqrt((self.first_change**2).sum(axis=(1, 2)))
        return np.argsort(-sizes, kind="stable")[:count]


def first_linear(model: nn.Module) -> nn.Linear | None:
    """The layer that looks at the pixels, if the model is an MLP on 28x28 images; None for anything else."""
    if any(isinstance(m, nn.Conv2d) for m in model.modules()):
        return None
    layer = next((m for m in model.modules() if isinstance(m, nn.Linear)), None)
    return layer if layer is not None and layer.in_features == SIDE * SIDE else None


def other_digits(labels: torch.Tensor, index: int, count: int = 20) -> np.ndarray:
    """`count` test digits other than `index`: the first half share its label, the rest do not (the next ones
    after it, wrapping round)."""
    n, label = len(labels), int(labels[index])
    order = (np.arange(1, n) + index) % n
    same = order[labels.numpy()[order] == label][: count // 2]
    other = order[labels.numpy()[order] != label][: count - len(same)]
    return np.concatenate([same, other])


def _loss(model: nn.Module, x: torch.Tensor, label: int) -> torch.Tensor:
    return nn.functional.cross_entropy(model(x), torch.tensor([label]))


def one_step_on_one_digit(
    model: nn.Module,
    image: torch.Tensor,
    label: int,
    lr: float,
    others_x: torch.Tensor | None = None,
    others_y: torch.Tensor | None = None,
) -> OneStep:
    """One SGD step on `image` (uint8, 28x28) with `label`, on a copy of `model` (an MLP: see first_linear).
    `others_x`, `others_y` are other digits, whose probability of their own class is measured before and after."""
    mine = copy.deepcopy(model).eval()  # eval: dropout off, the same network that answers
    layer = first_linear(mine)
    if layer is None:
        raise ValueError("only an MLP on 28x28 images shows its first layer as pictures")
    x = prepare(image[None])  # (1, 1, 28, 28)
    if others_x is None or others_y is None:
        others_x, others_y = image[:0], torch.zeros(0, dtype=torch.long)
    own = torch.arange(len(others_y))
    before = predict_proba(mine, others_x)[own, others_y].detach().numpy()
    start = layer.weight.detach().clone()  # (hidden, 784)
    mine.zero_grad()
    logits = mine(x)  # (1, 10)
    loss = nn.functional.cross_entropy(logits, torch.tensor([label]))
    loss.backward()
    prob_before = float(torch.softmax(logits.detach(), dim=1)[0, label])
    grads = {name: p.grad.detach().clone() for name, p in mine.named_parameters()}
    with torch.no_grad():
        for p in mine.parameters():
            p -= lr * p.grad
            p.grad = None
        loss_after = float(_loss(mine, x, label))
        prob_after = float(torch.softmax(mine(x), dim=1)[0, label])
        after = predict_proba(mine, others_x)[own, others_y].numpy()
    change = (layer.weight.detach() - start).reshape(-1, SIDE, SIDE).numpy()  # (hidden, 28, 28)
    same = (others_y == label).numpy()
    loss_before = float(loss.detach())
    return OneStep(
        label, lr, loss_before, loss_after, prob_before, prob_after, change, grads, mine, same, before, after
    )
