"""The Training lesson's settings (a preset or a custom network, the data, what the results show), what a
preset implies for the custom controls, and its five presentation steps; every key starts "train."."""

from __future__ import annotations

import math

from nnviz.figures.training import COMPARE_METRICS
from nnviz.models import ACTIVATIONS
from nnviz.presets import ALL_PRESETS, CUSTOM, PRESETS
from nnviz.training import OPTIMIZERS
from ui import resources, settings

LEARNING_RATES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024]
MAX_WIDTH, MAX_LAYERS = 2048, 5
MIN_TRAIN = 100
MAX_DROPOUT, MAX_EPOCHS, MAX_VALIDATION = 0.8, 30, 0.5
KINDS = {"MLP (fully connected)": "mlp", "lesson CNN": "cnn", "small CNN": "small_cnn", "fast CNN": "fast_cnn"}
FIRST = next(iter(PRESETS))
DIGITS = list(range(10))


def available_training_digits() -> int:
    return len(resources.digits().train_y)


def preset_fields(name: str) -> dict[str, object]:
    """The custom controls (and the training-set size) as a preset sets them, by setting name: Custom starts
    from it. A learning rate the slider does not offer (the fast CNN's 0.015) becomes the nearest one it does."""
    config = ALL_PRESETS[name].config
    spec = config.model
    return {
        "size": config.train_size or available_training_digits(),
        "c.kind": next(label for label, kind in KINDS.items() if kind == spec.kind),
        "c.hidden": ", ".join(str(w) for w in spec.hidden),
        "c.act": spec.activation,
        "c.dropout": float(spec.dropout),
        "c.opt": config.optimizer,
        "c.lr": min(LEARNING_RATES, key=lambda rate: abs(math.log(rate / config.lr))),
        "c.batch": config.batch_size,
        "c.epochs": config.epochs,
        "c.val": float(config.val_fraction),
    }


def implied(values: dict[str, str]) -> dict[str, object]:
    """What a link that leaves the custom controls and the size out means: its preset's own values."""
    name = values.get("preset", FIRST)
    return preset_fields(name) if name in ALL_PRESETS else {}


def _set_aside() -> None:
    """A new step or link: the last finished run steps aside (see run.set_aside)."""
    from lessons.training import run  # not at the top: run reads PAGE from this module

    run.set_aside()


_first = preset_fields(FIRST)  # the custom controls start as the first preset
PAGE = settings.Page(
    "train",
    (
        settings.choice("preset", FIRST, [*ALL_PRESETS, CUSTOM]),
        settings.number("size", _first["size"], MIN_TRAIN, available_training_digits()),
        settings.choice("c.kind", _first["c.kind"], list(KINDS)),
        settings.text("c.hidden", _first["c.hidden"]),
        settings.choice("c.act", _first["c.act"], list(ACTIVATIONS)),
        settings.number("c.dropout", _first["c.dropout"], 0.0, MAX_DROPOUT),
        settings.choice("c.opt", _first["c.opt"], list(OPTIMIZERS)),
        settings.choice("c.lr", _first["c.lr"], LEARNING_RATES),
        settings.choice("c.batch", _first["c.batch"], BATCH_SIZES),
        settings.number("c.epochs", _first["c.epochs"], 1, MAX_EPOCHS),
        settings.number("c.val", _first["c.val"], 0.0, MAX_VALIDATION),
        # The data: which training digit is shown, and whether the pixels are scaled to 0-1 before training.
        settings.number("digit", 0, 0, available_training_digits() - 1),
        settings.flag("scale", True),
        # The results: the confusion-matrix cell that is open (a 4 read as a 9 at first: a classic confusion),
        # and the curve the runs are compared by.
        settings.choice("cell_true", 4, DIGITS),
        settings.choice("cell_guess", 9, DIGITS),
        settings.choice("compare_by", next(iter(COMPARE_METRICS)), list(COMPARE_METRICS)),
    ),
    steps=(
        settings.Step(
            "Random weights",
            "Before any training, what share of the test digits will this network get right? "
            "Read it under Accuracy before training, then press Start training.",
            {"preset": "MLP 784-50-10, Adam", "size": "10000"},
            part=2,
        ),
        settings.Step(
            "A small network",
            "784-32-10: only 32 hidden units. Predict its test accuracy after 5 epochs: 80%, 90% or 95%? "
            "Press Start training.",
            {"preset": "MLP 784-32-10, RMSprop"},
            part=2,
        ),
        settings.Step(
            "Too big for its data",
            "Two layers of 512 units and only 1,000 training digits. In which epoch will validation loss "
            "turn up while training loss keeps falling? Press Start training.",
            {"preset": "Lab: big network, 1,000 digits", "size": "1000"},
            part=2,
        ),
        settings.Step(
            "Dropout",
            "The same network and data, with dropout 0.5. Will validation loss turn up earlier, later, "
            "or not at all? Press Start training, then compare the two runs at the bottom.",
            {"preset": "Lab: the same with dropout 0.5", "size": "1000"},
            part=2,
        ),
        settings.Step(
            "A CNN against the MLPs",
            "A convolutional network sees the digit as a picture, not a row of 784 numbers. "
            "Will it beat the best MLP's test accuracy? Press Start training.",
            {"preset": "CNN, Adam, batch 8"},
            part=2,
        ),
    ),
    on_apply=_set_aside,
    implied=implied,
)
