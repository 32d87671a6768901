"""What the live charts of the training page cost: samples per second headless vs with the page's redraws.

Headless: the Trainer alone, `step(100)` until done. Live: what the page's
fragment does on each tick, in the same process: train for TRAIN_BUDGET
seconds, then build the page's two live figures from the history and
serialise them to JSON (what Streamlit sends to the browser), then wait for
the next tick of the TICK-second timer if there is time left. Both run the
same config and the same number of updates, in alternating rounds so that
drift of the host's speed hits both; the medians are compared.

    python bench/train_live.py [--preset NAME] [--updates 600] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import torch  # noqa: E402

from nnviz import evaluation  # noqa: E402
from nnviz.data import load_digits  # noqa: E402
from nnviz.figures.training import training_curve  # noqa: E402
from nnviz.live_training import TICK, TRAIN_BUDGET, advance  # noqa: E402
from nnviz.presets import PRESETS  # noqa: E402
from nnviz.training import Trainer  # noqa: E402

DEFAULT_PRESET = "MLP 784-512-512-10, dropout 0.2, RMSprop"


def headless(trainer: Trainer) -> float:
    start = time.perf_counter()
    while trainer.step(100) is not None:
        pass
    return trainer.samples / (time.perf_counter() - start)


def redraw(trainer: Trainer) -> int:
    """The live panel's figures, built and serialised as on every tick; bytes sent."""
    train_losses, val_losses = evaluation.epoch_losses(trainer.history)
    best = evaluation.best_epoch(val_losses) if val_losses else None
    overfit = evaluation.overfitting_epoch(train_losses, val_losses) if val_losses else None
    total = trainer.total_updates / trainer.batches_per_epoch
    figures = [training_curve(trainer.history, "loss", best, overfit, total),
               training_curve(trainer.history, "acc", best, None, total)]  # fmt: skip
    return sum(len(f.to_json(validate=False)) for f in figures)


def live(trainer: Trainer) -> tuple[float, float]:
    """(samples per second, mean seconds spent drawing per tick)."""
    start = time.perf_counter()
    drawing = []
    while not trainer.finished:
        tick = time.perf_counter()
        advance(trainer, TRAIN_BUDGET)
        drawn = time.perf_counter()
        redraw(trainer)
        drawing.append(time.perf_counter() - drawn)
        idle = TICK - (time.perf_counter() - tick)
        if idle > 0 and not trainer.finished:
            time.sleep(idle)  # the fragment's timer has not fired yet
    return trainer.samples / (time.perf_counter() - start), statistics.mean(drawing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=DEFAULT_PRESET, choices=list(PRESETS))
    parser.add_argument("--updates", type=int, default=600, help="updates per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    digits = load_digits(download=False)
    config = replace(PRESETS[args.preset].config, max_updates=args.updates)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; data: {digits.label}")
    print(f"{args.preset}: {args.updates} updates per measurement, tick {TICK} s, training budget {TRAIN_BUDGET} s")
    plain, shown, drawing = [], [], []
    for round_ in range(args.rounds):
        plain.append(headless(Trainer(config, digits)))
        rate, draw_seconds = live(Trainer(config, digits))
        shown.append(rate)
        drawing.append(draw_seconds)
        print(f"round {round_ + 1}: headless {plain[-1]:,.0f} samples/s, live {rate:,.0f} samples/s "
              f"({rate / plain[-1]:.0%}), drawing {draw_seconds * 1000:.0f} ms per tick")  # fmt: skip
    headless_rate, live_rate = statistics.median(plain), statistics.median(shown)
    print(f"median: live runs at {live_rate / headless_rate:.0%} of headless (target: at least 85%)")
    print(json.dumps({"samples_per_s_headless": round(headless_rate), "samples_per_s_live": round(live_rate)}))


if __name__ == "__main__":
    main()
