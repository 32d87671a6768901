"""How fast the gradient descent page answers: the live loop's ticks and mini-batch SGD on 3 vs 7.

Times one tick of the seven-steps run (the page's steps per tick plus its two
figures serialised as the browser gets them), and a full mini-batch run for
each batch size, with its test accuracy against the no-learning baseline.

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

import plotly.io as pio  # noqa: E402
import torch  # noqa: E402

from nnviz import baseline, descent, minibatch  # noqa: E402
from nnviz.data import load_digits  # noqa: E402
from nnviz.figures import descent as figs  # noqa: E402

TICK_SECONDS = 0.25  # lessons.gradient_descent.loop.TICK_SECONDS
STEPS_PER_TICK = 15  # what the page does for its default budget of 300


def one_tick(loop: descent.SevenSteps) -> float:
    start = time.perf_counter()
    loop.run(STEPS_PER_TICK)
    for fig in (figs.toy_fit_figure(loop.t.numpy(), loop.y.numpy(), loop.values()),
                figs.loss_history_figure(loop.losses)):  # fmt: skip
        pio.to_json(fig, validate=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=40)
    args = parser.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")

    loop = descent.SevenSteps(seed=0, budget=10**6, target_loss=0.0)
    one_tick(loop)  # warm-up
    ticks = [one_tick(loop) for _ in range(args.ticks)]
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
