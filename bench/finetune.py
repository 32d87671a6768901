"""How long "Teach it my handwriting" makes the server work, and what it buys, on one thread.

The stand-in for a learner is one real person: writer 28 of the UCI pen-based digits (nnviz/pendigits.py),
whose 250 digits the default CNN reads worst of all 30 writers (84% at the page's default brush). None of
them is MNIST, so the default model never trained on them. Their first five of each digit, redrawn on the
canvas at the default brush and prepared as the page prepares a drawing, are the 50 examples. Timed: all
that a click on "Fine-tune" makes the server do (nnviz.finetune.teach: the held-out split, both models on
the held-out examples and on 2,000 MNIST test digits, the fine-tuning). Also measured, untimed: both models
on the writer's other 200 digits, a larger held-out set than the page can have.

    python bench/finetune.py [--writer 28] [--steps 60]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import torch  # noqa: E402

from nnviz import digit_model, pendigits  # noqa: E402
from nnviz.data import data_dir, load_digits  # noqa: E402
from nnviz.finetune import TuneConfig, accuracy, teach  # noqa: E402
from nnviz.preprocess import BRUSH_DEFAULT  # noqa: E402

PER_DIGIT = 5


def writer_digits(writer: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """The writer's examples (the first PER_DIGIT of each digit) and the rest, prepared: x uint8, y."""
    theirs = [d for d in pendigits.load(data_dir() / "pendigits") if d.writer == writer]
    x, y = pendigits.prepared(theirs, BRUSH_DEFAULT, seed=writer), pendigits.labels(theirs)
    first = torch.zeros(len(y), dtype=torch.bool)
    for digit in range(10):
        first[torch.nonzero(y == digit).flatten()[:PER_DIGIT]] = True
    return x[first], y[first], x[~first], y[~first]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writer", type=int, default=28)
    parser.add_argument("--steps", type=int, default=TuneConfig().steps)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    mnist = load_digits(download=False)
    model = digit_model.load_or_train(mnist).model
    own_x, own_y, rest_x, rest_y = writer_digits(args.writer)
    config = replace(TuneConfig(), steps=args.steps)
    data = (mnist.train_x, mnist.train_y, mnist.test_x, mnist.test_y)

    start = time.perf_counter()
    tuned, report = teach(model, own_x, own_y, data, args.seed, config)
    seconds = time.perf_counter() - start

    rest_before, rest_after = accuracy(model, rest_x, rest_y), accuracy(tuned, rest_x, rest_y)
    print(f"writer {args.writer}: {report.trained} examples fine-tuned on, {report.held} held out")
    print(f"the click's computing (split, both models measured, fine-tuning) {seconds:.2f} s, of which fine-tuning "
          f"{report.tuning.seconds:.2f} s ({config.steps} updates); the page then also redraws its progress bar and "
          "reruns the Draw page, which this leaves out")  # fmt: skip
    print(f"loss {report.tuning.first_loss:.3f} -> {report.tuning.last_loss:.3f}")
    print(f"held-out examples: {report.own_before:.1%} -> {report.own_after:.1%}")
    print(f"the writer's other {len(rest_y)} digits: {rest_before:.1%} -> {rest_after:.1%}")
    print(f"MNIST test, first {report.mnist_count:,}: {report.mnist_before:.2%} -> {report.mnist_after:.2%}")
    figures = {
        "finetune_s": round(seconds, 3),
        "own_acc_before": round(report.own_before, 4),
        "own_acc_after": round(report.own_after, 4),
        "mnist_acc_after": round(report.mnist_after, 4),
        "mnist_acc_before": round(report.mnist_before, 4),
        "writer_rest_before": round(rest_before, 4),
        "writer_rest_after": round(rest_after, 4),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
