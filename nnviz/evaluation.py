"""Looking at a trained network: where it errs, how sure it was, what its first layer sees.

Also the reading of a run's history: its best epoch, and the epoch where
validation loss turns up while training loss still falls (overfitting).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from nnviz.models import ModelSpec, build_model
from nnviz.training import TrainConfig, Trainer, evaluate, predict_proba


def confusion_matrix(labels: np.ndarray, guesses: np.ndarray, classes: int = 10) -> np.ndarray:
    """Counts (true, guessed): row i holds the digits that really are i."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(labels), np.asarray(guesses)), 1)
    return matrix


def cell_indices(labels: np.ndarray, guesses: np.ndarray, true: int, guessed: int) -> np.ndarray:
    """Which test digits sit in one cell of the confusion matrix."""
    return np.flatnonzero((np.asarray(labels) == true) & (np.asarray(guesses) == guessed))


def confident_mistakes(probs: np.ndarray, labels: np.ndarray, k: int = 12) -> np.ndarray:
    """Indices of the k wrong answers given with the highest probability, surest first."""
    probs, labels = np.asarray(probs), np.asarray(labels)
    guesses = probs.argmax(1)
    wrong = np.flatnonzero(guesses != labels)
    confidence = probs[wrong, guesses[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")[:k]]


def first_layer_weights(model: nn.Module) -> np.ndarray:
    """The first layer's weights as pictures: (units, 28, 28) for an MLP, (filters, k, k) for a CNN."""
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            return layer.weight.detach().reshape(-1, 28, 28).numpy()  # each unit's 784 weights
        if isinstance(layer, nn.Conv2d):
            return layer.weight.detach()[:, 0].numpy()  # (filters, k, k): one input channel
    raise ValueError("the model has no Linear or Conv2d layer")


def best_epoch(val_losses: list[float]) -> int:
    """The 1-based epoch with the lowest validation loss (the first, on a tie)."""
    if not val_losses:
        raise ValueError("no epochs yet")
    return int(np.argmin(val_losses)) + 1


def overfitting_epoch(train_losses: list[float], val_losses: list[float], margin: float = 0.02) -> int | None:
    """The first epoch after the best where validation loss rose clearly while training loss fell.

    Clearly: more than `margin` (a fraction) above the best, so that noise in
    a flat validation curve is not called overfitting. None while validation
    loss keeps falling, or when training loss rose too (an unstable run).
    """
    best = best_epoch(val_losses)
    for epoch in range(best + 1, len(val_losses) + 1):
        rose = val_losses[epoch - 1] > val_losses[best - 1] * (1 + margin)
        if rose and train_losses[epoch - 1] < train_losses[best - 1]:
            return epoch
    return None


def epoch_losses(history: list[dict]) -> tuple[list[float], list[float]]:
    """Per epoch: the mean training loss of its chunks, and the validation loss at its end."""
    train, val, chunk = [], [], []
    for record in history:
        chunk.append(record["loss"])
        if "val_loss" in record:
            train.append(sum(chunk) / len(chunk))
            val.append(record["val_loss"])
            chunk = []
        elif "test_loss" in record:  # an epoch's end in a run without validation
            chunk = []
    return train, val


def kept_model(trainer: Trainer) -> nn.Module:
    """The model to test and keep: the best epoch by validation loss, else the last one.

    Without a validation set the best epoch would be picked on the test set,
    which would flatter the test accuracy, so the last epoch is kept.
    """
    if not keeps_best(trainer):
        return trainer.model.eval()
    return trainer.best_model()


def keeps_best(trainer: Trainer) -> bool:
    """Whether the kept model is the best epoch by validation loss (kept_model), not the last weights."""
    return trainer.config.val_fraction > 0 and trainer.best is not None


def kept_test_probs(trainer: Trainer, model: nn.Module, test_x: torch.Tensor) -> torch.Tensor:
    """The kept model's (kept_model) softmax probabilities (N, 10) on the test digits `test_x`: the trainer's own
    test of the epoch it kept when it tested these digits, else a test now."""
    if keeps_best(trainer) and trainer.test_x is test_x and "test_probs" in trainer.best:
        return trainer.best["test_probs"]
    return predict_proba(model, test_x, scale=trainer.config.scale_inputs)


@torch.no_grad()
def untrained_accuracy(config: TrainConfig, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Accuracy of the network as the seed initialises it, before any update (chance is 10%)."""
    model = build_model(config.model, seed=config.seed)
    return evaluate(model, images, labels, scale=config.scale_inputs)[1]


def one_hot(label: int, classes: int = 10) -> str:
    """A label as the row of 0s and 1s the loss compares with: 7 -> 0000000100."""
    return "".join("1" if i == label else "0" for i in range(classes))


def spread(accuracies: list[float]) -> tuple[float, float] | None:
    """Lowest and highest of repeated runs, once there are at least two."""
    finite = [a for a in accuracies if a is not None and math.isfinite(a)]
    return (min(finite), max(finite)) if len(finite) >= 2 else None


def params_of(spec: ModelSpec) -> int:
    return sum(p.numel() for p in build_model(spec).parameters())
