"""How often the default digit model reads people's handwriting drawn on the canvas.

Digits by many writers are redrawn as canvas strokes (their MNIST pen path,
thinned to a skeleton and re-inked with a round brush at a natural size and
place), prepared exactly as the Draw page prepares a drawing, and read by the
default model. Reported per offered brush width and overall.

The digits come from MNIST's training set, from the validation split that
the default model's recipe holds out (so the model never trained on them);
`--test` adds MNIST's test digits as a final check. Nothing is tuned on them.

    python bench/handwriting.py [--n 1000] [--test]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from nnviz import digit_model  # noqa: E402
from nnviz.data import load_digits, split_validation  # noqa: E402
from nnviz.digit_model import PEN_BRUSHES as BRUSHES  # noqa: E402
from nnviz.handwriting import read_rate  # noqa: E402


def report(name: str, rates: dict[int, float], n: int) -> float:
    overall = statistics.mean(rates.values())
    widths = ", ".join(f"{b} px {r:.1%}" for b, r in rates.items())
    print(f"{name}, {n} digits x {len(rates)} brush widths: {widths}; overall {overall:.2%}")
    return overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="digits per set")
    parser.add_argument("--test", action="store_true", help="also MNIST's test digits")
    args = parser.parse_args()

    digits = load_digits(download=False)
    model = digit_model.load_or_train(digits)
    print(f"data: {digits.label}; default model: {model.test_acc:.2%} on MNIST test; brushes {BRUSHES}")
    config = model.config
    _, held_out = split_validation(len(digits.train_y), config.val_fraction, config.seed)
    held_out = held_out[: args.n]
    start = time.perf_counter()
    rates = read_rate(model.model, digits.train_x[held_out], digits.train_y[held_out], BRUSHES)
    overall = report("held-out training digits", rates, len(held_out))
    result = {"handwriting_acc": round(overall, 4), "worst_brush_acc": round(min(rates.values()), 4)}
    if args.test:
        n = min(args.n, len(digits.test_y))
        test_rates = read_rate(model.model, digits.test_x[:n], digits.test_y[:n], BRUSHES, seed=1)
        result["test_digits_handwriting_acc"] = round(report("MNIST test digits", test_rates, n), 4)
    print(f"({time.perf_counter() - start:.0f} s)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
