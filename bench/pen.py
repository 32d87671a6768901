"""How well the Draw page reads real people's handwriting: 7,494 pen digits by 30 writers.

Each digit of the UCI pen-based set (real pen trajectories, never trained on)
is drawn again on a 280x280 canvas: its strokes at a natural size (40-90% of
the canvas tall) and a random place, with a round brush at each width the
page offers. Each drawing goes through the page's own preparation (its strokes
redrawn with the even pen, cropped, fitted, centred) and is read by the default
digit model, exactly as the Draw page reads a drawing. Reported overall, per
brush width, per digit and per writer, and overall with the even pen off. The pen digits are read from
$NNVIZ_PENDIGITS_DIR, else from the `pendigits` folder in $NNVIZ_DATA_DIR (here ../shared/data by default).

With --browser N, a sample of N digits (one seed picks them) is also drawn with the mouse on the page's real
canvas in Chromium, at the default brush width, and the page's own answers are counted (bench/pen_browser.py).

    python bench/pen.py [--writers 1-30] [--browser 200]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from nnviz import digit_model, pendigits  # noqa: E402
from nnviz.data import load_digits  # noqa: E402
from nnviz.digit_model import PEN_BRUSHES as BRUSHES  # noqa: E402
from nnviz.preprocess import AS_DRAWN  # noqa: E402


def writers(text: str) -> set[int]:
    low, _, high = text.partition("-")
    return set(range(int(low), int(high or low) + 1))


def per_writer(model, digits, seed: int = 0) -> dict[int, float]:
    """Each writer's digits at the default brush width."""
    from nnviz.preprocess import BRUSH_DEFAULT

    return {
        w: pendigits.read(model, [d for d in digits if d.writer == w], (BRUSH_DEFAULT,), seed).overall
        for w in sorted({d.writer for d in digits})
    }


def browser_replay(model, digits, n: int, seed: int = 0) -> dict:
    """`n` of the digits drawn with the mouse on the real canvas; the page's answers, and the in-process ones."""
    from bench.pen_browser import replay

    rng = np.random.default_rng(seed)
    sample = [digits[i] for i in sorted(rng.choice(len(digits), min(n, len(digits)), replace=False))]
    done = replay(model, sample, seed)
    unanswered = sum(s is None for s in done.page)
    print(f"in Chromium, {len(sample)} digits drawn with the mouse at the default brush ({done.seconds:.0f} s):")
    page, here = done.accuracy(done.page), done.accuracy(done.in_process)
    print(f"  the page read {page:.1%}; the same drawings inked in-process {here:.1%}; they agree on "
          f"{done.agreement():.1%}; {unanswered} not answered")  # fmt: skip
    print("  per digit: " + ", ".join(f"{d}: {r:.0%}" for d, r in done.per_digit().items()))
    return {"pen_browser_acc": round(done.accuracy(done.page), 4), "pen_browser_count": len(sample)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="1-30", help="which writers, e.g. 11-30 (default all)")
    parser.add_argument("--browser", type=int, default=0, metavar="N", help="also replay N digits in Chromium")
    args = parser.parse_args()

    digits = [d for d in pendigits.load(pendigits.where()) if d.writer in writers(args.writers)]
    model = digit_model.load_or_train(load_digits(download=False))
    print(f"default model: {model.test_acc:.2%} on MNIST test; {len(digits)} pen digits, writers {args.writers}")
    start = time.perf_counter()
    reading = pendigits.read(model.model, digits, BRUSHES)
    print(f"in-process, {reading.count} digits x {len(BRUSHES)} brush widths ({time.perf_counter() - start:.0f} s):")
    print("  overall " + f"{reading.overall:.2%}")
    print("  per brush width: " + ", ".join(f"{b} px {r:.1%}" for b, r in reading.per_brush.items()))
    print("  per digit: " + ", ".join(f"{d}: {r:.1%}" for d, r in reading.per_digit.items()))
    as_drawn = pendigits.read(model.model, digits, BRUSHES, config=AS_DRAWN)
    print("  with the even pen off (inked with the brush that drew them): overall " + f"{as_drawn.overall:.2%}; "
          + ", ".join(f"{b} px {r:.1%}" for b, r in as_drawn.per_brush.items()))  # fmt: skip
    by_writer = per_writer(model.model, digits)
    worst = sorted(by_writer.items(), key=lambda kv: kv[1])[:5]
    print("  worst writers (default brush): " + ", ".join(f"#{w} {r:.1%}" for w, r in worst))
    result = {
        "pen_acc": round(reading.overall, 4),
        "pen_worst_brush_acc": round(min(reading.per_brush.values()), 4),
        "pen_worst_digit_acc": round(min(reading.per_digit.values()), 4),
        "pen_acc_even_pen_off": round(as_drawn.overall, 4),
    }
    if args.browser:
        result |= browser_replay(model.model, digits, args.browser)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
