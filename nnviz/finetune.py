"""Teach a digit model one person's handwriting: fine-tune a copy on their examples, mixed with MNIST.

A learner's examples are few, so each batch holds some of theirs (distorted at random, as the shared model's
training digits were) and many MNIST training digits, which keep the copy from forgetting what it knew.
BatchNorm keeps the statistics it learnt on MNIST: a handful of drawings would otherwise shift them. Part of
the learner's examples is held out, so the page can show how well the copy reads drawings it never saw.
One seed fixes the held-out split, the batches and the distortions.
"""

from __future__ import annotations

import copy
import enum
import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from nnviz.augment import AugmentSpec, augment
from nnviz.threads import threads
from nnviz.training import EVAL_BATCH, normalise, prepare

Progress = Callable[[float], None]  # the share of the fine-tuning done, 0-1
SYMBOL = 10  # the label of the learner's own symbol, an eleventh class beside the digits 0-9
NAME_MOST = 12  # characters of the symbol's name kept


@dataclass(frozen=True)
class TuneConfig:
    steps: int = 60  # gradient updates
    batch: int = 64  # digits per update
    own_share: float = 0.25  # of each batch, the learner's examples; the rest are MNIST training digits
    lr: float = 1e-3  # Adam
    augment: AugmentSpec = AugmentSpec()
    mnist_test: int = 2000  # the first this many MNIST test digits measure forgetting


@dataclass(frozen=True)
class Tuning:
    """What one fine-tuning did: its updates, its time and the loss of its first and last batch."""

    steps: int
    seconds: float
    first_loss: float
    last_loss: float


@dataclass(frozen=True)
class Report:
    """Before and after: on the learner's held-out examples (None when none is held out) and on MNIST test."""

    trained: int  # examples fine-tuned on
    held: int  # examples held out
    own_before: float | None
    own_after: float | None
    mnist_before: float
    mnist_after: float
    mnist_count: int
    tuning: Tuning


def hold_out(labels: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (fine-tune on, held out): one example of each digit that has two or more, chosen by `seed`."""
    rng = np.random.default_rng(seed)
    held = [rng.choice(np.flatnonzero(labels == d)) for d in np.unique(labels) if (labels == d).sum() >= 2]
    held = np.sort(np.array(held, dtype=np.int64))
    return np.setdiff1d(np.arange(len(labels)), held), held


@torch.no_grad()
def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float | None:
    """Share of uint8 digits (N, 28, 28) read as their labels; None for no digits. A label the model has no
    output for (the learner's symbol, for the shared model) is never read right."""
    if not len(y):
        return None
    was_training = model.training
    model.eval()
    batches = zip(x.split(EVAL_BATCH), y.split(EVAL_BATCH), strict=True)
    right = sum(int((model(prepare(xs)).argmax(1) == ys).sum()) for xs, ys in batches)
    model.train(was_training)
    return right / len(y)


def finetune(
    model: nn.Module,
    own_x: torch.Tensor,
    own_y: torch.Tensor,
    mnist_x: torch.Tensor,
    mnist_y: torch.Tensor,
    seed: int,
    config: TuneConfig = TuneConfig(),
    n_threads: int = 1,
    progress: Progress | None = None,
) -> tuple[nn.Module, Tuning]:
    """A fine-tuned copy of `model` (left as it was) in eval mode, and what the fine-tuning did.
    own_x, mnist_x: uint8 (N, 28, 28); own_y, mnist_y: int64 (N,)."""
    if len(own_y) == 0:
        raise ValueError("fine-tuning needs at least one example of the learner's")
    tuned = copy.deepcopy(model)
    generator = torch.Generator().manual_seed(seed)
    _grow(tuned, int(own_y.max()) + 1, generator)
    optimiser = torch.optim.Adam(tuned.parameters(), lr=config.lr)
    n_own = max(1, round(config.batch * config.own_share))
    losses, start = [], time.perf_counter()
    with threads(n_threads):
        _train_keeping_statistics(tuned)
        for step in range(config.steps):
            mine = torch.randint(len(own_y), (n_own,), generator=generator)
            theirs = torch.randint(len(mnist_y), (config.batch - n_own,), generator=generator)
            images = torch.cat([own_x[mine], mnist_x[theirs]]).unsqueeze(1).float() / 255.0  # (B, 1, 28, 28)
            x = normalise(augment(images, config.augment, generator))
            loss = F.cross_entropy(tuned(x), torch.cat([own_y[mine], mnist_y[theirs]]))
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            losses.append(loss.item())
            if progress is not None:
                progress((step + 1) / config.steps)
    tuned.eval()
    first, last = (losses[0], losses[-1]) if losses else (float("nan"), float("nan"))
    return tuned, Tuning(config.steps, time.perf_counter() - start, first, last)


def _grow(model: nn.Module, classes: int, generator: torch.Generator) -> None:
    """Give the last layer an output for each label beyond its own: the old ones keep their weights, a new one
    starts small and below every old score, so the model reads nothing as the new class until it learns it."""
    last = model[-1]  # the digit models are nn.Sequential, ending in their nn.Linear output layer
    extra = classes - last.out_features
    if extra <= 0:
        return
    grown = nn.Linear(last.in_features, classes)
    with torch.no_grad():
        grown.weight[: last.out_features] = last.weight
        grown.bias[: last.out_features] = last.bias
        grown.weight[last.out_features :] = 0.01 * torch.randn(extra, last.in_features, generator=generator)
        grown.bias[last.out_features :] = last.bias.min()
    model[-1] = grown


def _train_keeping_statistics(model: nn.Module) -> None:
    """Training mode, except BatchNorm, which keeps normalising with MNIST's statistics."""
    model.train()
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            module.eval()


def teach(
    model: nn.Module,
    own_x: torch.Tensor,
    own_y: torch.Tensor,
    mnist: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor],
    seed: int,
    config: TuneConfig = TuneConfig(),
    progress: Progress | None = None,
) -> tuple[nn.Module, Report]:
    """Hold out part of the learner's examples, fine-tune a copy on the rest, and measure both models on the
    held-out examples and on the first `config.mnist_test` MNIST test digits. mnist: train x, y, test x, y."""
    train_x, train_y, test_x, test_y = mnist
    tune, held = hold_out(own_y.numpy(), seed)
    tune, held = torch.from_numpy(tune), torch.from_numpy(held)
    test_x, test_y = test_x[: config.mnist_test], test_y[: config.mnist_test]
    with threads(1):
        own_before, mnist_before = accuracy(model, own_x[held], own_y[held]), accuracy(model, test_x, test_y)
    tuned, tuning = finetune(model, own_x[tune], own_y[tune], train_x, train_y, seed, config, 1, progress)
    with threads(1):
        own_after, mnist_after = accuracy(tuned, own_x[held], own_y[held]), accuracy(tuned, test_x, test_y)
    report = Report(len(tune), len(held), own_before, own_after, mnist_before, mnist_after, len(test_y), tuning)
    return tuned, report


# The learner's examples: kept in their session, saved to and read from a small .npz file of their own.
PER_DIGIT = 20  # examples of one digit, at most
MOST = 200  # examples in all, at most
FILE_LIMIT = 300_000  # bytes of an examples file, packed or unpacked: 200 digits take about 160 kB unpacked


@dataclass(frozen=True)
class Examples:
    """The learner's labelled digits: x uint8 (N, 28, 28), y int64 (N,), in the order they were added."""

    x: np.ndarray
    y: np.ndarray
    symbol: str = ""  # the name of the learner's own symbol (label SYMBOL), as a file brought back gave it

    @classmethod
    def none(cls) -> Examples:
        return cls(np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.y)

    def counts(self) -> list[int]:
        """How many examples of each label: the digits 0-9, then the learner's symbol."""
        return np.bincount(self.y, minlength=SYMBOL + 1).tolist()

    def room_for(self, label: int) -> bool:
        return len(self) < MOST and self.counts()[label] < PER_DIGIT

    def add(self, digit: np.ndarray, label: int) -> Examples:
        """With one more example; unchanged when its digit, or the whole set, is full."""
        if not self.room_for(label):
            return self
        return Examples(np.concatenate([self.x, digit[None].astype(np.uint8)]), np.append(self.y, label))

    def without(self, index: int) -> Examples:
        keep = np.arange(len(self)) != index
        return Examples(self.x[keep], self.y[keep])

    def tensors(self) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.from_numpy(self.x.copy()), torch.from_numpy(self.y.astype(np.int64))


class Problem(enum.Enum):
    """Why an examples file was refused; the lesson words each."""

    TOO_BIG = "too big"
    NOT_NPZ = "not an npz file"
    MISSING = "an array is missing"
    SHAPE = "digits of the wrong shape"
    DTYPE = "pixels that are not 0-255 integers"
    LABELS = "labels outside 0-10"
    MISMATCH = "as many labels as digits"
    TOO_MANY = "more examples than allowed"


@dataclass(frozen=True)
class Refused:
    problem: Problem
    found: str = ""  # what the file held instead, e.g. "(5, 32, 32)"


def encode(examples: Examples, symbol: str = "") -> bytes:
    """The examples as a compressed .npz file: `digits` uint8 (N, 28, 28), `labels` uint8 (N,) and the name of
    the learner's symbol, `symbol` (a text array, no pickled objects)."""
    out = io.BytesIO()
    np.savez_compressed(out, digits=examples.x, labels=examples.y.astype(np.uint8),
                        symbol=np.array(symbol[:NAME_MOST]))  # fmt: skip
    return out.getvalue()


def decode(data: bytes) -> Examples | Refused:
    """The examples in a file made by `encode`, or why it is refused."""
    if len(data) > FILE_LIMIT:
        return Refused(Problem.TOO_BIG, f"{len(data):,} bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as packed:
            if (unpacked := sum(i.file_size for i in packed.infolist())) > FILE_LIMIT:
                return Refused(Problem.TOO_BIG, f"{unpacked:,} bytes unpacked")
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            found = {name: arrays[name] for name in ("digits", "labels", "symbol") if name in arrays.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
        return Refused(Problem.NOT_NPZ)
    if len({"digits", "labels"} & set(found)) < 2:
        return Refused(Problem.MISSING, ", ".join(sorted({"digits", "labels"} - set(found))))
    checked = _checked(found["digits"], found["labels"])
    name = found.get("symbol")
    if isinstance(checked, Examples) and name is not None and name.dtype.kind == "U" and name.ndim == 0:
        checked = replace(checked, symbol=str(name)[:NAME_MOST].strip())  # a name that is not text is left out
    return checked


def _checked(x: np.ndarray, y: np.ndarray) -> Examples | Refused:
    if x.ndim != 3 or x.shape[1:] != (28, 28):
        return Refused(Problem.SHAPE, str(x.shape))
    if x.dtype != np.uint8:
        return Refused(Problem.DTYPE, str(x.dtype))
    if y.ndim != 1 or len(y) != len(x):
        return Refused(Problem.MISMATCH, f"{len(x)} digits, labels of shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        return Refused(Problem.LABELS, str(y.dtype))
    if len(y) and (y.min() < 0 or y.max() > SYMBOL):
        return Refused(Problem.LABELS, str(int(y.min() if y.min() < 0 else y.max())))
    counts = np.bincount(y.astype(np.int64), minlength=SYMBOL + 1)
    if len(y) > MOST or counts.max(initial=0) > PER_DIGIT:
        return Refused(Problem.TOO_MANY, f"{len(y)} in all, {counts.max()} of one digit")
    return Examples(x.copy(), y.astype(np.int64))
