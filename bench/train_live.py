"""What the live charts of the training page cost: samples per second headless vs with the page's redraws.

Two runs of the same config train side by side in this process, in short
alternating turns, so that the host's drifting speed (often 2x within a
minute on a shared machine) hits both alike:

- headless: a turn trains for TICK seconds, and that is all;
- live: a turn is one tick of the page's fragment: build the two live charts
  from the history, write their text summaries (present.chart gives every
  chart one) and serialise them as the page's live chart does
  (ui/live_chart.spec); look the run up in the run store and hold it there
  (lessons/training/run.own_run); take a training place (the gate), train for
  TRAIN_BUDGET seconds in the page's paced slice and beat the run's heart in
  the store (lessons/training/live.train_slice); then wait for the fragment's
  timer if it has not fired yet (it fires every TICK seconds and queues a tick
  while one runs).

What it leaves out: the websocket and the browser drawing the charts, which
run outside the training thread.

    python bench/train_live.py [--preset NAME] [--turns 40]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import tempfile  # noqa: E402

import torch  # noqa: E402

from nnviz import evaluation  # noqa: E402
from nnviz.data import load_digits  # noqa: E402
from nnviz.figures import describe  # noqa: E402
from nnviz.figures.training import training_curve  # noqa: E402
from nnviz.live_training import TICK, TRAIN_BUDGET, advance, paced_updates  # noqa: E402
from nnviz.presets import PRESETS  # noqa: E402
from nnviz.training import Trainer  # noqa: E402
from server.runs import MAX_TRAININGS, Gate, RunStore, run_key  # noqa: E402
from ui import live_chart  # noqa: E402

DEFAULT_PRESET = "MLP 784-512-512-10, dropout 0.2, RMSprop"
VISITOR = "bench"


def redraw(trainer: Trainer) -> int:
    """The live panel's figures, built, summarised in words and serialised as on every tick; bytes sent."""
    train_losses, val_losses = evaluation.epoch_losses(trainer.history)
    best = evaluation.best_epoch(val_losses) if val_losses else None
    overfit = evaluation.overfitting_epoch(train_losses, val_losses) if val_losses else None
    total = trainer.total_updates / trainer.batches_per_epoch
    figures = [training_curve(trainer.history, "loss", best, overfit, total),
               training_curve(trainer.history, "acc", best, None, total)]  # fmt: skip
    summaries = [describe.summary(f) for f in figures]  # each chart's accessible name, as present.chart writes it
    return sum(len(live_chart.spec(f)) for f in figures) + sum(map(len, summaries))


def headless_turn(trainer: Trainer) -> float:
    start = time.perf_counter()
    advance(trainer, TICK)
    return time.perf_counter() - start


def live_turn(trainer: Trainer, digits, store: RunStore, gate: Gate, key: str) -> tuple[float, float]:
    """(seconds the tick took, seconds of it spent drawing)."""
    start = time.perf_counter()
    redraw(trainer)
    drawn = time.perf_counter()
    assert store.finished_copy(key, digits) is None and store.claim(key, VISITOR, trainer)
    with gate.turn(VISITOR) as allowed:
        assert allowed
        advance(trainer, TRAIN_BUDGET, paced_updates(trainer))
        store.heartbeat(key, VISITOR, trainer)
    idle = TICK - (time.perf_counter() - start)
    if idle > 0:
        time.sleep(idle)  # the timer has not fired yet
    return time.perf_counter() - start, drawn - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=DEFAULT_PRESET, choices=list(PRESETS))
    parser.add_argument("--turns", type=int, default=40, help="turns of each kind")
    args = parser.parse_args()

    torch.set_num_threads(max(1, int(os.environ.get("NNVIZ_TORCH_THREADS", "1"))))  # as the app's sessions do
    digits = load_digits(download=False)
    config = PRESETS[args.preset].config
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; data: {digits.label}")
    print(f"{args.preset}; {args.turns} turns of each kind; tick {TICK} s, training budget {TRAIN_BUDGET} s")
    plain, shown = Trainer(config, digits), Trainer(config, digits)
    plain_seconds = live_seconds = draw_seconds = 0.0
    live_turns, key, gate = 0, run_key(config, digits), Gate(MAX_TRAININGS)
    with tempfile.TemporaryDirectory() as folder:  # a run store of its own
        store = RunStore(folder)
        for turn in range(args.turns):
            if plain.finished or shown.finished:
                break
            if turn % 2:  # ABBA order, so that a steady drift in speed favours neither
                plain_seconds += headless_turn(plain)
            took, drew = live_turn(shown, digits, store, gate, key)
            live_seconds, draw_seconds, live_turns = live_seconds + took, draw_seconds + drew, live_turns + 1
            if not turn % 2:
                plain_seconds += headless_turn(plain)
    headless_rate, live_rate = plain.samples / plain_seconds, shown.samples / live_seconds
    print(f"headless: {plain.samples:,} samples in {plain_seconds:.1f} s; live: {shown.samples:,} samples in "
          f"{live_seconds:.1f} s, {draw_seconds / live_seconds:.1%} of it drawing")  # fmt: skip
    print(f"live runs at {live_rate / headless_rate:.0%} of headless (target: at least 85%)")
    refreshes = live_turns / live_seconds  # each live turn redraws the charts once
    print(f"the charts redraw {refreshes:.1f} times a second (target: at least 2)")
    figures = {"samples_per_s_headless": round(headless_rate), "samples_per_s_live": round(live_rate)}
    print(json.dumps(figures | {"chart_refreshes_per_s": round(refreshes, 2)}))


if __name__ == "__main__":
    main()
