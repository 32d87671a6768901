"""The default digit model: shipped with the app for full MNIST, else trained once from the data at hand.

It is the small fast CNN trained with mild augmentation, so it also reads
digits drawn on a canvas. A model file is named after a hash of the recipe,
the code that carries it out and the data, so a change to any of them trains
a fresh one. The weights for full MNIST ship in nnviz/weights/, built from
the recipe by `python -m nnviz.digit_model`, so no visitor waits for them.
"""

from __future__ import annotations

import functools
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
from nnviz.preprocess import BRUSH_MAX, BRUSH_MIN
from nnviz.training import TrainConfig, Trainer, export, load


def native_bf16() -> bool:
    """True on CPUs with bfloat16 instructions, where autocast makes training faster."""
    check = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    return bool(check and check())


# Adam at a high peak rate under a one-cycle schedule, for two thirds of an epoch. The peak rate and the number
# of updates are the ones bench/choose_recipe.py picks on the validation split alone (no test digit decides).
RECIPE = TrainConfig(
    model=ModelSpec(kind="fast_cnn"),
    optimizer="Adam",
    lr=1.5e-2,
    batch_size=128,
    epochs=1,
    max_updates=300,
    seed=0,
    val_fraction=0.05,
    one_cycle=True,
    label_smoothing=0.1,
    augment=AugmentSpec(),
    bf16=native_bf16(),
)
# The app's digit reader (Draw, Convolution): the same recipe and peak rate for eight whole epochs, with
# a quarter of the 1s flagged (nnviz/augment.py), which reads real people's handwriting better (bench/pen.py:
# 2, 4 and 8 epochs, judged on writers 1-15); its weights ship with the app, so its training time is nobody's
# wait. Without bfloat16, so the shipped file's name does not depend on the CPU that built it.
READER = replace(
    RECIPE, lr=1.5e-2, epochs=8, max_updates=None, bf16=False, augment=replace(RECIPE.augment, flag_ones=0.25)
)
# The MLP the Draw lesson compares with the default CNN: same data, same augmentation,
# trained and cached the same way; a fully connected network, trained for two epochs.
MLP_RECIPE = replace(
    READER,
    model=ModelSpec(kind="mlp", hidden=(256,)),
    lr=3e-3,
    epochs=2,
)
SHIPPED = Path(__file__).parent / "weights"  # the reader's and the MLP's weights for full MNIST
# The code that turns a recipe into weights: a change to it changes every model's file name.
RECIPE_CODE = tuple(Path(__file__).parent / name for name in ("models.py", "augment.py", "training.py"))
CHUNK = 10  # updates between progress reports

Progress = Callable[[float, str], None]


@dataclass
class DigitModel:
    model: nn.Module  # in eval mode; shared read-only
    config: TrainConfig
    test_acc: float
    from_cache: bool
    path: Path
    pen_acc: float | None = None  # share of real pen handwriting read right (nnviz/pendigits), if measured


# The brush widths real handwriting is measured at: the page's whole range, in five.
PEN_BRUSHES = tuple(round(BRUSH_MIN + i * (BRUSH_MAX - BRUSH_MIN) / 4) for i in range(5))


def cache_dir() -> Path:
    """Where trained models are kept: $NNVIZ_CACHE_DIR, else a per-user folder."""
    if env := os.environ.get("NNVIZ_CACHE_DIR"):
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "nnviz" / "models"


def cache_key(config: TrainConfig, digits: Digits) -> str:
    """Changes whenever the recipe or the data it learns from changes."""
    code = _code_hash(RECIPE_CODE)
    source = "sample" if digits.offline_sample else "full"  # MNIST read from files or just downloaded: the same
    facts = {"config": config.to_dict(), "source": source, "sizes": digits.label, "code": code}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


@functools.cache
def _code_hash(files: tuple[Path, ...]) -> str:
    """The training code as this process runs it: read once, since a running process never reloads it."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


def cached_path(digits: Digits, config: TrainConfig = READER, folder: Path | None = None) -> Path:
    """Where the model for this recipe and data is, or will be, kept."""
    folder = Path(folder) if folder is not None else cache_dir()
    return folder / f"digit-model-{cache_key(config, digits)}.pt"


def stored_path(digits: Digits, config: TrainConfig = READER, folder: Path | None = None) -> Path | None:
    """The file that holds this model already: shipped with the app (first: it carries the figures measured when
    it was built), or in the cache; None if it must train."""
    cached = cached_path(digits, config, folder)
    for path in (SHIPPED / cached.name, cached):
        if path.exists():
            return path
    return None


def load_or_train(
    digits: Digits,
    config: TrainConfig = READER,
    folder: Path | None = None,
    on_progress: Progress | None = None,
) -> DigitModel:
    """The stored model for this recipe and data, training (and caching) it first if there is none."""
    if (path := stored_path(digits, config, folder)) is not None:
        try:
            checkpoint = torch.load(path, map_location="cpu", weights_only=True)
            _, model = load(checkpoint)
            return DigitModel(model, config, checkpoint["test_acc"], True, path, checkpoint.get("pen_acc"))
        except (pickle.UnpicklingError, RuntimeError, KeyError, ValueError, OSError, EOFError):
            pass  # unreadable or from an older layout: train afresh
    path = cached_path(digits, config, folder)
    model, test_acc = train(digits, config, on_progress)
    save(path, config, model, test_acc)
    return DigitModel(model, config, test_acc, False, path)


def save(path: Path, config: TrainConfig, model: nn.Module, test_acc: float, pen_acc: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    torch.save(export(config, model) | {"test_acc": test_acc, "pen_acc": pen_acc}, partial)
    partial.replace(path)  # atomic: a reader never sees half a file


def train(digits: Digits, config: TrainConfig = READER, on_progress: Progress | None = None) -> tuple[nn.Module, float]:
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


def build_shipped(digits: Digits, pen_folder: Path | None = None) -> list[Path]:
    """Train the reader and the MLP from their recipes on one thread (so a rebuild here gives the same weights)
    into nnviz/weights/, each with how well it reads real pen handwriting if `pen_folder` holds it; remove the
    files of older recipes there."""
    from nnviz import pendigits

    torch.set_num_threads(1)
    pen = pendigits.load(pen_folder) if pen_folder is not None and (pen_folder / pendigits.FILE).exists() else None
    built = []
    for config in (READER, MLP_RECIPE):
        model, test_acc = train(digits, config)
        pen_acc = pendigits.read(model, pen, PEN_BRUSHES).overall if pen else None
        save(path := SHIPPED / cached_path(digits, config).name, config, model, test_acc, pen_acc)
        built.append(path)
    for old in set(SHIPPED.glob("digit-model-*.pt")) - set(built):
        old.unlink()
    return built


if __name__ == "__main__":
    from nnviz.data import data_dir, load_digits

    mnist = load_digits(download=False)
    if mnist.offline_sample:
        raise SystemExit("the shipped weights are for full MNIST: set NNVIZ_DATA_DIR to its folder")
    for shipped in build_shipped(mnist, data_dir() / "pendigits"):
        facts = torch.load(shipped, weights_only=True)
        pen = f"{facts['pen_acc']:.2%}" if facts["pen_acc"] is not None else "not measured"
        print(f"{shipped.name}: MNIST test {facts['test_acc']:.2%}, real pen digits {pen}")
