"""The training presets: the published MNIST results to reproduce, and a lab that overfits.

Each preset is a TrainConfig plus the result it was published with, so the
page can put the learner's number next to the one to beat. "Custom" starts
from the first MLP and lets the learner change everything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nnviz.digit_model import READER, RECIPE
from nnviz.models import ModelSpec
from nnviz.training import TrainConfig, update_count

CUSTOM = "Custom"


@dataclass(frozen=True)
class Preset:
    config: TrainConfig
    published: str  # the source's figure, quoted; or, by another label, what to expect
    blurb: str
    label: str = "Published"  # what `published` is: only a quotation of a source is called published


PRESETS: dict[str, Preset] = {
    "MLP 784-50-10, Adam": Preset(
        TrainConfig(model=ModelSpec(hidden=(50,)), optimizer="Adam", lr=1e-3, batch_size=128, epochs=5),
        "96.1% validation accuracy",
        "One hidden layer of 50 ReLU units: small, quick, already good.",
    ),
    "MLP 784-32-10, RMSprop": Preset(
        TrainConfig(model=ModelSpec(hidden=(32,)), optimizer="RMSprop", lr=1e-3, batch_size=128, epochs=5),
        "about 95% training accuracy (about 83% without scaling the pixels)",
        "Even smaller. Untick the scaling of pixels above to see what raw 0-255 inputs cost.",
    ),
    "MLP 784-512-512-10, dropout 0.2, RMSprop": Preset(
        TrainConfig(
            model=ModelSpec(hidden=(512, 512), dropout=0.2),
            optimizer="RMSprop",
            lr=1e-3,
            batch_size=128,
            epochs=20,
            val_fraction=0.2,
        ),
        "98.07% test accuracy from the best epoch (the 3rd of 20); 669,706 parameters; 9.55% untrained",
        "Two wide layers and dropout; it overfits after a few epochs, so the best epoch is kept.",
    ),
    "CNN, Adam, batch 8": Preset(
        TrainConfig(model=ModelSpec(kind="cnn"), optimizer="Adam", lr=1e-3, batch_size=8, epochs=2, val_fraction=0.0),
        "98.4% training and 98.85% test accuracy after 2 epochs",
        "Three convolution and pooling stages, then two dense layers; 15,000 small updates.",
    ),
    "Small CNN, random crops, batch 128": Preset(
        TrainConfig(
            model=ModelSpec(kind="small_cnn"), optimizer="Adam", lr=1e-3, batch_size=128, epochs=3, crop_pad=3
        ),  # fmt: skip
        "about 98% accuracy after 3 epochs",
        "Two convolution and pooling stages, one dense layer. Each training digit is padded to 34x34 and cut "
        "back to 28x28 at a random place: it sits a little elsewhere every time it is seen.",
    ),
    "Fast CNN (the app's recipe, in seconds)": Preset(
        RECIPE,
        f"99.0-99.2% test accuracy with seeds 0, 1 and 2 after its {RECIPE.max_updates} updates (two thirds of an "
        "epoch), the exact figure depending a little on the CPU",
        f"This app's own recipe cut to {RECIPE.max_updates} updates (the Draw page's model is the same recipe run "
        f"for {READER.epochs} whole epochs, with some of the 1s given a flag): BatchNorm, a high learning rate "
        "under a one-cycle schedule and warped digits. Its rate and length were chosen on the validation digits "
        "alone.",
        "Measured here",
    ),
}

# The overfitting lab: one big network on few digits, then each remedy on its own.
LAB_BASE = TrainConfig(
    model=ModelSpec(hidden=(512, 512)), optimizer="Adam", lr=1e-3, batch_size=64, epochs=15, train_size=1000
)
LAB: dict[str, Preset] = {
    "Lab: big network, 1,000 digits": Preset(
        LAB_BASE, "overfits within a few epochs", "Many weights, few examples: it can memorise them.", "Expect"
    ),
    "Lab: the same with dropout 0.5": Preset(
        replace(LAB_BASE, model=ModelSpec(hidden=(512, 512), dropout=0.5)),
        "overfits later and less",
        "Dropout silences random units at every update, so no unit can memorise alone.",
        "Expected",
    ),
    "Lab: the same with 10,000 digits": Preset(
        replace(LAB_BASE, train_size=10_000),
        "overfits much less",
        "Ten times the examples are harder to memorise.",
        "Expected",
    ),
}

ALL_PRESETS: dict[str, Preset] = PRESETS | LAB


def preset_config(name: str, seed: int, train_size: int | None, scale_inputs: bool = True) -> TrainConfig:
    """A preset with the learner's seed, training-set size and pixel scaling."""
    base = ALL_PRESETS[name].config
    size = train_size if train_size is not None else base.train_size
    return replace(base, seed=seed, train_size=size, scale_inputs=scale_inputs)


def describe(config: TrainConfig) -> dict[str, str]:
    """The settings of a run in words, one entry per column of a table."""
    spec = config.model
    if spec.kind == "mlp":
        shape = "-".join(str(w) for w in (784, *spec.hidden, 10))
        model = f"MLP {shape} {spec.activation}" + (f", dropout {spec.dropout:g}" if spec.dropout else "")
    else:
        model = {"cnn": "lesson CNN", "small_cnn": "small CNN", "fast_cnn": "fast CNN"}.get(spec.kind, spec.kind)
    return {
        "model": model,
        "optimiser": f"{config.optimizer} {config.lr:g}",
        "batch": str(config.batch_size),
        "epochs": str(config.epochs),
        "training digits": "all" if config.train_size is None else f"{config.train_size:,}",
        "validation": f"{config.val_fraction:.0%}",
        "inputs": "standardised" if config.scale_inputs else "raw 0-255",
        "augmented": augmentation(config),
        "seed": str(config.seed),
    }


def augmentation(config: TrainConfig) -> str:
    """How the training digits are changed on the way in, in a few words."""
    changes = [f"random crop (pad {config.crop_pad})"] if config.crop_pad else []
    changes += ["random warps"] if config.augment is not None and config.scale_inputs else []
    return ", ".join(changes) or "no"


def planned_run(config: TrainConfig, available: int) -> tuple[int, int]:
    """(training digits, gradient updates) of a run, from the digits on hand, as the Trainer will split them."""
    n_train = available - int(round(available * config.val_fraction))
    if config.train_size is not None:
        n_train = min(n_train, config.train_size)
    updates = update_count(n_train, config.batch_size, config.epochs)
    return n_train, updates if config.max_updates is None else min(updates, config.max_updates)
