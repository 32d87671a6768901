"""How fast the engine trains on full MNIST, on this machine's CPU.

(a) seconds of training for the default digit model to first reach 99.0% test
accuracy, per seed; (b) seconds per epoch of the lesson's CNN at batch 8;
(c) their ratio. Only time spent in training steps counts: the test
evaluations that watch for 99% are left off the clock; these run on torch's
threads for this process. (d) The whole default run as a visitor's session
trains it: on the server's torch threads per session, in the page's slices
(paced as the page paces them), with the run store's writes the page makes
(its claim, a heartbeat after each slice, the finished run kept for others) and
the results the page works out at the end (the kept weights' test, confusion
matrix, surest mistakes, first-layer weights and the download), from building
the model to the last of them; per seed. Its computing only: the page spreads a short run over at least
MIN_WATCH_SECONDS so that its charts can be seen growing. (e) The least time that
run could take here: the floating-point operations of its convolutions and
matrix products, counted by torch, at the speed one thread of this CPU
multiplies two large matrices in the precision each part runs in (the updates
in bfloat16 where the recipe autocasts to it, the tests in float32).

    python bench/train_speed.py [--seeds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import timeit
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import torch  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from bench.mnist import full_mnist  # noqa: E402
from lessons.training import results  # noqa: E402
from nnviz.digit_model import RECIPE  # noqa: E402
from nnviz.live_training import MIN_WATCH_SECONDS, TRAIN_BUDGET, advance, paced_updates  # noqa: E402
from nnviz.models import ModelSpec  # noqa: E402
from nnviz.training import TrainConfig, Trainer  # noqa: E402
from server.pages import TORCH_THREADS  # noqa: E402  (a visitor's session trains on these)
from server.runs import RunStore, run_key  # noqa: E402
from ui import resources  # noqa: E402

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


def app_run(digits, seed: int, store: RunStore) -> tuple[float, float]:
    """(wall-clock seconds of the whole default run on a session's threads, its final test accuracy), as
    lessons/training/live.py and run.py train it and lessons/training/results.py reads it."""
    threads = torch.get_num_threads()
    torch.set_num_threads(TORCH_THREADS)
    try:
        start = time.perf_counter()
        config, visitor = replace(RECIPE, seed=seed), f"bench-{seed}"
        key = run_key(config, digits)
        trainer = Trainer(config, digits)
        assert store.finished_copy(key, digits) is None and store.claim(key, visitor, trainer)
        while not trainer.finished:  # the page's slices, without its pauses for drawing
            advance(trainer, TRAIN_BUDGET, paced_updates(trainer))
            store.heartbeat(key, visitor, trainer)
        store.publish(key, visitor, trainer)
        result = results.analyse(trainer)
        return time.perf_counter() - start, result["test_acc"]
    finally:
        torch.set_num_threads(threads)


def least_seconds(digits) -> tuple[float, float, float]:
    """(GFLOP the default run computes, GFLOP/s of a one-thread 1024x1024 matrix product here in the updates'
    precision, seconds that arithmetic takes at least): its updates' forward and backward passes, in bfloat16 if
    the recipe autocasts to it, then its end's validation and test passes in float32 (the results reuse the
    test's)."""
    trainer = Trainer(replace(RECIPE, seed=0), digits)
    x = torch.zeros(RECIPE.batch_size, 1, 28, 28)  # what is counted does not depend on the pixels
    with FlopCounterMode(display=False) as update:
        trainer.model(x).sum().backward()
    with FlopCounterMode(display=False) as one, torch.no_grad():
        trainer.model.eval()(x[:1])
    tested = len(trainer.val_idx) + len(digits.test_y)
    updates, tests = update.get_total_flops() * trainer.total_updates, one.get_total_flops() * tested
    update_speed = matrix_speed(torch.bfloat16 if RECIPE.bf16 else torch.float32)
    seconds = updates / update_speed + tests / matrix_speed(torch.float32)
    return (updates + tests) / 1e9, update_speed / 1e9, seconds


def matrix_speed(dtype: torch.dtype) -> float:
    """FLOP/s of the best of 20 products of two 1024x1024 matrices of `dtype`, on one thread."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        a, b = torch.randn(1024, 1024, dtype=dtype), torch.randn(1024, 1024, dtype=dtype)
        a @ b
        return 2 * 1024**3 / min(timeit.repeat(lambda: a @ b, number=1, repeat=20))
    finally:
        torch.set_num_threads(threads)


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

    digits = full_mnist()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, bf16 autocast: {RECIPE.bf16}")
    print(f"data: {digits.label}")

    times, finals, threads = [], [], torch.get_num_threads()
    for seed in range(args.seeds):
        reached, final, total = default_model_run(digits, seed)
        times.append(reached if reached is not None else float("inf"))
        finals.append(final)
        shown = f"{reached:.2f} s" if reached is not None else "never"
        print(f"default model on {threads} threads, seed {seed}: 99% after {shown}; {final:.2%} after all "
              f"{total:.2f} s")  # fmt: skip

    resources.digits()  # the page's own copy of the data, loaded once by the server before any visitor trains
    with tempfile.TemporaryDirectory() as folder:  # a run store of its own: no run is found finished
        runs = [app_run(digits, seed, RunStore(folder)) for seed in range(args.seeds)]
    for seed, (seconds, final) in enumerate(runs):
        print(f"default model as a session trains it ({TORCH_THREADS} thread), seed {seed}: {seconds:.2f} s, "
              f"{final:.2%}")  # fmt: skip
    full_run = statistics.median(seconds for seconds, _ in runs)
    gflop, speed, floor = least_seconds(digits)
    precision = "bfloat16" if RECIPE.bf16 else "float32"
    print(f"the default run computes {gflop:.0f} GFLOP; one thread multiplies {precision} matrices here at "
          f"{speed:.1f} GFLOP/s, so the run takes at least {floor:.2f} s on one thread")  # fmt: skip

    epoch_seconds, cnn_acc = lesson_cnn_epoch(digits, seed=0)
    print(f"lesson CNN, batch 8, on {threads} threads: {epoch_seconds:.1f} s per epoch, {cnn_acc:.2%} test accuracy "
          "after one")  # fmt: skip

    median = statistics.median(times)
    print(f"on {threads} threads: median seconds to 99%: {median:.2f}; lowest final accuracy: {min(finals):.2%}")
    print(f"the whole default run as a session trains it: median {full_run:.2f} s of computing, lowest final "
          f"accuracy {min(final for _, final in runs):.2%} (the page spreads the run over at least "
          f"{MIN_WATCH_SECONDS:g} s so that it can be watched)")  # fmt: skip
    print(f"one lesson-CNN epoch takes {epoch_seconds / median:.1f} times as long as reaching 99%, both on {threads} "
          "threads")  # fmt: skip
    print(
        json.dumps(
            {
                "default_seconds_to_99": round(median, 2),
                "default_min_acc": round(min(final for _, final in runs), 4),
                "default_full_run_s": round(full_run, 2),
                "seed_cnn_seconds_per_epoch": round(epoch_seconds, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
