"""Step-wise training on digits: a few batches in, a dict of numbers out.

A page keeps one Trainer per run in its session and calls `step(k)` on each
refresh, so training can pause, resume and be drawn while it runs. One seed
fixes the validation split, the initial weights, the shuffling, dropout,
augmentation and random crops, so the same config gives the same numbers.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from nnviz.augment import AugmentSpec, augment
from nnviz.data import MNIST_MEAN, MNIST_STD, Digits, split_validation
from nnviz.models import ModelSpec, activation_name, build_model
from nnviz.outcome import Outcome, Why, blew_up, limit
from nnviz.padcrop import pad_crop

OPTIMIZERS: dict[str, Callable[..., torch.optim.Optimizer]] = {
    "SGD": lambda params, lr: torch.optim.SGD(params, lr=lr),
    "SGD + momentum": lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.9),
    "RMSprop": lambda params, lr: torch.optim.RMSprop(params, lr=lr),
    "Adam": lambda params, lr: torch.optim.Adam(params, lr=lr, fused=True),
}

EVAL_BATCH = 1000  # digits per forward pass when testing: faster than larger ones (cache)


@dataclass(frozen=True)
class TrainConfig:
    model: ModelSpec = field(default_factory=ModelSpec)
    optimizer: str = "Adam"
    lr: float = 1e-3
    batch_size: int = 128
    epochs: int = 5
    seed: int = 0
    val_fraction: float = 0.1
    train_size: int | None = None  # None: every training digit left after validation
    scale_inputs: bool = True  # False feeds raw 0-255 pixels, to show what that costs
    one_cycle: bool = False  # warm the learning rate up to `lr`, then anneal it
    label_smoothing: float = 0.0
    augment: AugmentSpec | None = None
    crop_pad: int = 0  # training digits padded by this much on every side, then cut back to 28x28 at random
    max_updates: int | None = None  # stop early, e.g. a fraction of an epoch
    bf16: bool = False  # bfloat16 autocast: faster on CPUs that have it, slightly rounder

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        d = dict(d)
        model = d["model"]
        d["model"] = ModelSpec(
            **{**model, "hidden": tuple(model["hidden"]), "activation": activation_name(model["activation"])}
        )
        if d.get("augment") is not None:
            d["augment"] = AugmentSpec(**{**d["augment"], "scale": tuple(d["augment"]["scale"])})
        return cls(**d)


def prepare(images: torch.Tensor, scale: bool = True) -> torch.Tensor:
    """uint8 (B, 28, 28) to the float (B, 1, 28, 28) batch the models take."""
    x = images.unsqueeze(1).float()  # (B, 1, 28, 28)
    return normalise(x / 255.0) if scale else x


def normalise(x01: torch.Tensor) -> torch.Tensor:
    """0-1 pixels to MNIST's zero mean and unit spread."""
    return (x01 - MNIST_MEAN) / MNIST_STD


def update_count(n_train: int, batch_size: int, epochs: int) -> int:
    """Gradient updates of a run: ceil(N / batch) per epoch."""
    return math.ceil(n_train / batch_size) * epochs


class Trainer:
    """One training run. `step(k)` advances k batches and returns its metrics."""

    def __init__(self, config: TrainConfig, digits: Digits):
        if config.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimiser {config.optimizer!r}; choose one of {list(OPTIMIZERS)}")
        self.config = config
        train_idx, val_idx = split_validation(len(digits.train_y), config.val_fraction, config.seed)
        if config.train_size is not None:
            train_idx = train_idx[: config.train_size]
        # Images stay in the shared dataset and are gathered per batch: a run keeps
        # only indices and labels, so many sessions can train without copying MNIST.
        self._images = digits.train_x
        self.train_idx, self.val_idx = train_idx, val_idx
        self.train_y, self.val_y = digits.train_y[train_idx], digits.train_y[val_idx]
        self.test_x, self.test_y = digits.test_x, digits.test_y

        self.model = build_model(config.model, seed=config.seed)
        # Convolutions on CPU run about a fifth faster with channels last in memory.
        self._channels_last = config.model.kind != "mlp"
        if self._channels_last:
            self.model = self.model.to(memory_format=torch.channels_last)
        self.optimizer = OPTIMIZERS[config.optimizer](self.model.parameters(), config.lr)
        self.batches_per_epoch = math.ceil(len(self.train_y) / config.batch_size)
        self.total_updates = update_count(len(self.train_y), config.batch_size, config.epochs)
        if config.max_updates is not None:
            self.total_updates = min(self.total_updates, config.max_updates)
        self.scheduler = None
        if config.one_cycle:
            self.scheduler = torch.optim.lr_scheduler.OneCycleLR(
                self.optimizer, max_lr=config.lr, total_steps=self.total_updates, pct_start=0.25
            )

        self._shuffle = torch.Generator().manual_seed(config.seed)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(config.seed + 1)
            self._rng_state = torch.get_rng_state()  # dropout draws from here
        self._order = torch.arange(0)
        self.updates = 0
        self.samples = 0
        self.train_seconds = 0.0
        self.history: list[dict] = []
        self.best: dict | None = None  # {"epoch", "val_loss", "state"}
        self.diverged: Outcome | None = None  # why and where the loss blew up; None while it has not
        self.stopped = False
        self._first_loss: float | None = None

    @property
    def train_x(self) -> torch.Tensor:
        return self._images[self.train_idx]  # (N, 28, 28), a copy

    @property
    def val_x(self) -> torch.Tensor:
        return self._images[self.val_idx]  # (V, 28, 28), a copy

    @property
    def finished(self) -> bool:
        return self.stopped or self.diverged is not None or self.updates >= self.total_updates

    @property
    def epoch(self) -> float:
        return self.updates / self.batches_per_epoch

    def stop(self) -> None:
        self.stopped = True

    def step(self, k: int = 1) -> dict | None:
        """Run up to k updates (fewer at an epoch's end); None once finished."""
        if self.finished:
            return None
        losses, correct, seen = [], 0, 0
        start = time.perf_counter()
        self.model.train()
        with torch.random.fork_rng(devices=[]):
            torch.set_rng_state(self._rng_state)
            for idx in self._next_batches(k):
                loss, hits = self._update(idx)
                if not self._healthy(loss):
                    break
                losses.append(loss)
                correct += hits
                seen += len(idx)
            self._rng_state = torch.get_rng_state()
        self.train_seconds += time.perf_counter() - start
        if not losses:
            return None
        record = {
            "updates": self.updates,
            "samples": self.samples,
            "epoch": self.epoch,
            "loss": sum(losses) / len(losses),
            "acc": correct / seen,
            "lr": self.optimizer.param_groups[0]["lr"],
            "seconds": self.train_seconds,
        }
        if self.updates % self.batches_per_epoch == 0 or self.updates == self.total_updates:
            record |= self._end_epoch()
        self.history.append(record)
        return record

    def _next_batches(self, k: int) -> Iterator[torch.Tensor]:
        size = self.config.batch_size
        for _ in range(k):
            if self.updates >= self.total_updates:
                return
            position = self.updates % self.batches_per_epoch
            if position == 0:
                self._order = torch.randperm(len(self.train_y), generator=self._shuffle)
            yield self._order[position * size : (position + 1) * size]
            if (self.updates % self.batches_per_epoch) == 0:
                return  # an epoch just ended: report it before going on

    def _update(self, idx: torch.Tensor) -> tuple[float, int]:
        y = self.train_y[idx]
        x = self._inputs(self._images[self.train_idx[idx]], train=True, labels=y)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.config.bf16):
            logits = self.model(x)
            loss = F.cross_entropy(logits.float(), y, label_smoothing=self.config.label_smoothing)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        self.updates += 1
        self.samples += len(idx)
        return loss.item(), int((logits.argmax(1) == y).sum())

    def _inputs(self, images: torch.Tensor, train: bool, labels: torch.Tensor | None = None) -> torch.Tensor:
        x = images.unsqueeze(1).float()  # (B, 1, 28, 28)
        if train and self.config.crop_pad:
            x = pad_crop(x, self.config.crop_pad, self._shuffle)  # pads with 0, paper, before any scaling
        if self.config.scale_inputs:
            x = x / 255.0
            if train and self.config.augment is not None:
                x = augment(x, self.config.augment, self._shuffle, labels)
            x = normalise(x)
        return x.contiguous(memory_format=torch.channels_last) if self._channels_last else x

    def _healthy(self, loss: float) -> bool:
        """False, with the outcome kept in `diverged`, once the loss blows up (see nnviz.outcome)."""
        if self._first_loss is None and math.isfinite(loss):
            self._first_loss = loss
        start = self._first_loss if self._first_loss is not None else 0.0
        if not blew_up(loss, start):
            return True
        self.diverged = Outcome(
            Why.DIVERGED,
            step=self.updates,
            value=loss,
            start=start,
            limit=limit(start),
            lr=self.config.lr,
            optimizer=self.config.optimizer,
        )
        return False

    def _end_epoch(self) -> dict:
        metrics = {}
        if len(self.val_y):
            metrics["val_loss"], metrics["val_acc"] = self.evaluate(self.val_x, self.val_y)
        metrics["test_loss"], metrics["test_acc"], probs = scores(self.model, self.test_x, self.test_y,
                                                                   self.config.scale_inputs)  # fmt: skip
        score = metrics.get("val_loss", metrics["test_loss"])
        if self.best is None or score < self.best["val_loss"]:
            self.best = {
                "epoch": math.ceil(self.epoch),
                "val_loss": score,
                "state": copy.deepcopy(self.model.state_dict()),
                "test_probs": probs,  # the results' test of the kept weights, already done
                **metrics,
            }
        return metrics

    @torch.no_grad()
    def evaluate(
        self, images: torch.Tensor, labels: torch.Tensor, model: nn.Module | None = None
    ) -> tuple[float, float]:
        """Mean loss and accuracy of `model` (default: the current one)."""
        model = model if model is not None else self.model
        return evaluate(model, images, labels, scale=self.config.scale_inputs)

    def best_model(self) -> nn.Module:
        """The weights of the epoch with the lowest validation loss."""
        if self.best is None:
            return self.model
        model = build_model(self.config.model)
        model.load_state_dict(self.best["state"])
        if self._channels_last:  # tested in the layout it trained in: about twice as fast as the default
            model = model.to(memory_format=torch.channels_last)
        return model.eval()


def evaluate(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, scale: bool = True) -> tuple[float, float]:
    """Mean cross-entropy and accuracy over uint8 digits, in eval mode."""
    return scores(model, images, labels, scale)[:2]


@torch.no_grad()
def scores(model: nn.Module, images: torch.Tensor, labels: torch.Tensor,
           scale: bool = True) -> tuple[float, float, torch.Tensor]:  # fmt: skip
    """Mean cross-entropy, accuracy and the softmax probabilities (N, 10) over uint8 digits, in eval mode."""
    was_training = model.training
    model.eval()
    total_loss, correct, probs = 0.0, 0, []
    for start in range(0, len(labels), EVAL_BATCH):
        x = prepare(images[start : start + EVAL_BATCH], scale)
        y = labels[start : start + EVAL_BATCH]
        logits = model(x)
        total_loss += F.cross_entropy(logits, y, reduction="sum").item()
        correct += int((logits.argmax(1) == y).sum())
        probs.append(torch.softmax(logits, dim=1))
    model.train(was_training)
    n = max(len(labels), 1)
    return total_loss / n, correct / n, torch.cat(probs) if probs else torch.zeros(0, 10)


PREDICT_CHUNK = 1000  # digits per forward pass


@torch.no_grad()
def predict_proba(model: nn.Module, images: torch.Tensor, scale: bool = True) -> torch.Tensor:
    """Softmax probabilities (B, 10) for uint8 digits (B, 28, 28).

    A chunk at a time: the float copies of all 10,000 test digits at once take about
    100 MB, and a server finishing many visitors' runs together held them all at once.
    """
    model.eval()
    chunks = [torch.softmax(model(prepare(chunk, scale)), dim=1) for chunk in images.split(PREDICT_CHUNK)]
    return torch.cat(chunks)


def export(config: TrainConfig, model: nn.Module) -> dict:
    """A checkpoint that carries its config, so loading rebuilds it in one line."""
    return {"config": config.to_dict(), "state_dict": model.state_dict()}


def load(checkpoint: dict) -> tuple[TrainConfig, nn.Module]:
    config = TrainConfig.from_dict(checkpoint["config"])
    model = build_model(config.model)
    model.load_state_dict(checkpoint["state_dict"])
    return config, model.eval()
