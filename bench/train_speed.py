"""How fast the engine trains on full MNIST, on this machine's CPU.

(a) seconds of training for the default digit model to first reach 99.0% test
accuracy, per seed; (b) seconds per epoch of the lesson's CNN at batch 8;
(c) their ratio. Only time spent in training steps counts: the test
evaluations that watch for 99% are left off the clock.

    python bench/train_speed.py [--seeds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import torch  # noqa: E402

from nnviz.data import load_digits  # noqa: E402
from nnviz.digit_model import RECIPE  # noqa: E402
from nnviz.models import ModelSpec  # noqa: E402
from nnviz.training import TrainConfig, Trainer  # noqa: E402

TARGET = 0.99
CHECK_EVERY = 10  # updates between test evaluations, once past WATCH_FROM of the run
WATCH_FROM = 0.4


def default_model_run(digits, seed: int) -> tuple[float | None, float, float]:
    """(training seconds when test accuracy first reached 99%, final accuracy, total seconds)."""
    trainer = Trainer(replace(RECIPE, seed=seed), digits)
    reached = None
    while trainer.step(CHECK_EVERY) is not None:
        watching = reached is None and trainer.updates >= WATCH_FROM * trainer.total_updates
        if watching and trainer.evaluate(digits.test_x, digits.test_y)[1] >= TARGET:
            reached = trainer.train_seconds
    final = trainer.evaluate(digits.test_x, digits.test_y)[1]
    return reached, final, trainer.train_seconds


def lesson_cnn_epoch(digits, seed: int) -> tuple[float, float]:
    """(seconds for one epoch at batch 8, test accuracy after it)."""
    config = TrainConfig(model=ModelSpec(kind="cnn"), lr=1e-3, batch_size=8, epochs=1, val_fraction=0.0, seed=seed)
    trainer = Trainer(config, digits)
    while trainer.step(500) is not None:
        pass
    return trainer.train_seconds, trainer.evaluate(digits.test_x, digits.test_y)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()

    digits = load_digits(download=False)
    if digits.source != "files":
        sys.exit(f"full MNIST not found in {os.environ['NNVIZ_DATA_DIR']}: set NNVIZ_DATA_DIR")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, bf16 autocast: {RECIPE.bf16}")
    print(f"data: {digits.label}")

    times, finals = [], []
    for seed in range(args.seeds):
        reached, final, total = default_model_run(digits, seed)
        times.append(reached if reached is not None else float("inf"))
        finals.append(final)
        shown = f"{reached:.2f} s" if reached is not None else "never"
        print(f"default model, seed {seed}: 99% after {shown}; {final:.2%} after all {total:.2f} s")

    epoch_seconds, cnn_acc = lesson_cnn_epoch(digits, seed=0)
    print(f"lesson CNN, batch 8: {epoch_seconds:.1f} s per epoch, {cnn_acc:.2%} test accuracy after one")

    median = statistics.median(times)
    print(f"median seconds to 99%: {median:.2f}; lowest final accuracy: {min(finals):.2%}")
    print(f"one lesson-CNN epoch takes {epoch_seconds / median:.1f} times as long")
    print(
        json.dumps(
            {
                "default_seconds_to_99": round(median, 2),
                "default_min_acc": round(min(finals), 4),
                "seed_cnn_seconds_per_epoch": round(epoch_seconds, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
