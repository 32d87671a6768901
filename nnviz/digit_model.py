"""The default digit model: trained once from the data at hand, then cached.

It is the small fast CNN trained with mild augmentation, so it also reads
digits drawn on a canvas. The file on disk is named after a hash of the
recipe and the data source, so a change to either trains a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from torch import nn

from nnviz.augment import AugmentSpec
from nnviz.data import Digits
from nnviz.models import ModelSpec
from nnviz.training import TrainConfig, Trainer, export, load


def native_bf16() -> bool:
    """True on CPUs with bfloat16 instructions, where autocast makes training faster."""
    check = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    return bool(check and check())


# Adam at a high peak rate under a one-cycle schedule, for well under one epoch.
RECIPE = TrainConfig(
    model=ModelSpec(kind="fast_cnn"),
    optimizer="Adam",
    lr=1.5e-2,
    batch_size=128,
    epochs=1,
    max_updates=250,
    seed=0,
    val_fraction=0.05,
    one_cycle=True,
    label_smoothing=0.1,
    augment=AugmentSpec(),
    bf16=native_bf16(),
)
# The MLP the Draw lesson compares with the default CNN: same data, same augmentation,
# trained and cached the same way; a fully connected network, trained for two epochs.
MLP_RECIPE = replace(
    RECIPE,
    model=ModelSpec(kind="mlp", hidden=(256,)),
    lr=3e-3,
    epochs=2,
    max_updates=None,
    bf16=False,
)
CHUNK = 10  # updates between progress reports

Progress = Callable[[float, str], None]


@dataclass
class DigitModel:
    model: nn.Module  # in eval mode; shared read-only
    config: TrainConfig
    test_acc: float
    from_cache: bool
    path: Path


def cache_dir() -> Path:
    """Where trained models are kept: $NNVIZ_CACHE_DIR, else a per-user folder."""
    if env := os.environ.get("NNVIZ_CACHE_DIR"):
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "nnviz" / "models"


def cache_key(config: TrainConfig, digits: Digits) -> str:
    """Changes whenever the recipe or the data it learns from changes."""
    facts = {"config": config.to_dict(), "source": digits.source, "sizes": digits.label}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def cached_path(digits: Digits, config: TrainConfig = RECIPE, folder: Path | None = None) -> Path:
    """Where the model for this recipe and data is, or will be, kept."""
    folder = Path(folder) if folder is not None else cache_dir()
    return folder / f"digit-model-{cache_key(config, digits)}.pt"


def load_or_train(
    digits: Digits,
    config: TrainConfig = RECIPE,
    folder: Path | None = None,
    on_progress: Progress | None = None,
) -> DigitModel:
    """The cached model for this recipe and data, training it first if needed."""
    path = cached_path(digits, config, folder)
    if path.exists():
        try:
            checkpoint = torch.load(path, map_location="cpu", weights_only=True)
            _, model = load(checkpoint)
            return DigitModel(model, config, checkpoint["test_acc"], True, path)
        except (pickle.UnpicklingError, RuntimeError, KeyError, ValueError, OSError, EOFError):
            pass  # unreadable or from an older layout: train afresh
    model, test_acc = train(digits, config, on_progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    torch.save(export(config, model) | {"test_acc": test_acc}, partial)
    partial.replace(path)  # atomic: a reader never sees half a file
    return DigitModel(model, config, test_acc, False, path)


def train(digits: Digits, config: TrainConfig = RECIPE, on_progress: Progress | None = None) -> tuple[nn.Module, float]:
    """Train the recipe to the end; returns the model and its test accuracy."""
    trainer = Trainer(config, digits)
    while (record := trainer.step(CHUNK)) is not None:
        if on_progress is not None:
            on_progress(trainer.updates / trainer.total_updates, f"loss {record['loss']:.3f}")
    if (blown := trainer.diverged) is not None:
        raise RuntimeError(
            f"training diverged at update {blown.step}: loss {blown.value:.3g} beyond {blown.limit:.3g} "
            f"(learning rate {blown.lr:g}, {blown.optimizer})"
        )
    model = trainer.model.to(memory_format=torch.contiguous_format).eval()  # as a loaded copy will be
    return model, trainer.evaluate(digits.test_x, digits.test_y)[1]
