"""How fast the gradient descent page answers: the live loop's ticks and mini-batch SGD on 3 vs 7.

Times one tick of the seven-steps run as the page plays it (its default budget
of 300 steps in 20 ticks, on a session's threads: the tick's steps, then its two
figures with their text summaries, serialised as its live panel sends them),
and a full mini-batch run for each batch size, with its test accuracy against
the no-learning baseline.

    python bench/descent_speed.py [--ticks 40]
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

from nnviz import baseline, descent, minibatch  # noqa: E402
from nnviz.data import load_digits  # noqa: E402
from nnviz.figures import descent as figs  # noqa: E402
from nnviz.figures.describe import summary  # noqa: E402
from server.pages import TORCH_THREADS  # noqa: E402
from ui.live_chart import spec  # noqa: E402

TICK_SECONDS = 0.25  # lessons.gradient_descent.loop.TICK_SECONDS
BUDGET = 300  # the page's default step budget
STEPS_PER_TICK = 15  # lessons.gradient_descent.loop.steps_per_tick(BUDGET)


def one_tick(loop: descent.SevenSteps) -> float:
    start = time.perf_counter()
    loop.run(STEPS_PER_TICK)
    for fig in (figs.toy_fit_figure(loop.t.numpy(), loop.y.numpy(), loop.values()),
                figs.loss_history_figure(loop.losses)):  # fmt: skip
        summary(fig), spec(fig)  # ui.present.chart: its accessible name, then the live panel's redraw
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="whole runs of the default budget to time")
    args = parser.parse_args()
    torch.set_num_threads(TORCH_THREADS)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")

    one_tick(descent.SevenSteps(seed=0, budget=BUDGET, target_loss=0.0))  # warm-up
    ticks = []
    for seed in range(args.runs):
        loop = descent.SevenSteps(seed=seed, budget=BUDGET, target_loss=0.0)
        while not loop.stopped:
            ticks.append(one_tick(loop))
    tick_ms = statistics.median(ticks) * 1000
    print(f"live tick ({STEPS_PER_TICK} steps + 2 figures): median {tick_ms:.1f} ms, slowest {max(ticks) * 1000:.1f} ms"
          f" (the page ticks every {TICK_SECONDS * 1000:.0f} ms)")  # fmt: skip

    digits = load_digits()
    best = max(baseline.evaluate_baseline(digits, d).accuracy for d in baseline.DISTANCES)
    print(f"data: {digits.label}; best no-learning baseline {best:.2%}")
    runs = {}
    for batch in minibatch.BATCH_SIZES:
        start = time.perf_counter()
        result = minibatch.train_linear(digits, minibatch.MinibatchConfig(batch_size=batch))
        seconds = time.perf_counter() - start
        runs[batch] = {"seconds": round(seconds, 2), "test_acc": round(result.test_acc, 4), "updates": result.updates}
        print(f"batch {batch:>4}: {result.updates:>5} updates in {seconds:.2f} s, test accuracy {result.test_acc:.2%}")
    print(json.dumps({"bench": "descent_speed", "tick_ms": round(tick_ms, 1), "baseline_acc": round(best, 4),
                      "minibatch": runs}))  # fmt: skip


if __name__ == "__main__":
    main()
