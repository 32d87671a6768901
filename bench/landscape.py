"""How fast the optimisers page maps a real network's loss landscape: a 21 x 21 slice on one thread.

Trains the lesson's small MLP (seeded, as the page does), then times the slice the page draws: the loss on
1,000 test digits at every point of a 21 x 21 grid along two filter-normalised directions (goal: under 5 s).
Also times one optimiser race and the restarts, which every run of the page draws.

    python bench/landscape.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from nnviz import landscape, race, restarts  # noqa: E402
from nnviz.data import load_digits  # noqa: E402
from nnviz.surfaces import SURFACES  # noqa: E402

GRID, SUBSET, GOAL_S = 21, 1000, 5.0


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread")
    digits = load_digits()
    print(f"data: {digits.label}")
    trained = None

    def train() -> None:
        nonlocal trained
        trained = landscape.train_mlp(digits.train_x, digits.train_y, landscape.SMALL_BATCH)

    train_s = timed(train)
    x, y = digits.test_x[:SUBSET], digits.test_y[:SUBSET]
    slices = [timed(lambda: landscape.landscape(trained.model, trained.checkpoints, x, y, n=GRID))
              for _ in range(args.repeats)]  # fmt: skip
    slice_s = statistics.median(slices)
    ravine = SURFACES["ravine"]
    race_s = timed(lambda: race.race(ravine, list(race.OPTIMISERS), ravine.start, race.RaceConfig()))
    wells = SURFACES["several minima"]
    rates_s = timed(lambda: restarts.success_rates(wells, "SGD", [1, 2, 3, 5, 8, 13, 20, 30, 50], 40,
                                                   race.RaceConfig()))  # fmt: skip
    print(f"train the {landscape.SMALL_BATCH.hidden}-unit MLP: {train_s:.2f} s")
    print(f"{GRID}x{GRID} slice on {SUBSET:,} digits: median {slice_s:.2f} s of {args.repeats} "
          f"({'within' if slice_s < GOAL_S else 'OVER'} the {GOAL_S:g} s goal)")  # fmt: skip
    print(f"race of four optimisers, 150 steps: {race_s * 1000:.0f} ms; restarts curve (40 x 50 walks): "
          f"{rates_s * 1000:.0f} ms")  # fmt: skip
    print(f"Map the landscape, on settings no one has mapped yet, waits for both: {train_s + slice_s:.2f} s (the "
          "page trains the MLP afresh for each; settings mapped before come from its cache at once)")  # fmt: skip
    print(json.dumps({"landscape_slice_s": round(slice_s, 3), "new_map_s": round(train_s + slice_s, 3)}))


if __name__ == "__main__":
    main()
