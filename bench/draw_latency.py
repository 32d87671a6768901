"""How long the server takes to answer one drawing: preparation plus the default model's probabilities.

Drawings are canvas-sized RGBA pictures of digits by many writers (their
strokes redrawn at the offered brush widths, see nnviz/handwriting.py); each
is timed from the canvas pixels to the ten probabilities. Target: under 30 ms.

    python bench/draw_latency.py [--n 200]
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

import numpy as np  # noqa: E402
import torch  # noqa: E402

from nnviz import digit_model, handwriting  # noqa: E402
from nnviz.data import load_digits, split_validation  # noqa: E402
from nnviz.preprocess import BRUSH_MAX, BRUSH_MIN, prepare_drawing  # noqa: E402
from nnviz.training import predict_proba  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="drawings to time")
    args = parser.parse_args()

    digits = load_digits(download=False)
    model = digit_model.load_or_train(digits)
    _, held_out = split_validation(len(digits.train_y), model.config.val_fraction, model.config.seed)
    skeletons = handwriting.skeletons(digits.train_x[held_out[: args.n]])
    rng = np.random.default_rng(0)
    brushes = rng.integers(BRUSH_MIN, BRUSH_MAX + 1, size=len(skeletons))
    drawings = [handwriting.drawings(s, (int(b),), rng)[0] for s, b in zip(skeletons, brushes, strict=True)]

    prepare_ms, total_ms = [], []
    for drawing in [drawings[0], *drawings]:  # the first one again, untimed below, warms up
        start = time.perf_counter()
        prepared = prepare_drawing(drawing)
        middle = time.perf_counter()
        predict_proba(model.model, torch.from_numpy(prepared.digit).unsqueeze(0))
        end = time.perf_counter()
        prepare_ms.append((middle - start) * 1000)
        total_ms.append((end - start) * 1000)
    prepare_ms, total_ms = prepare_ms[1:], total_ms[1:]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {len(total_ms)} drawings of 280x280")
    print(f"preparation: median {statistics.median(prepare_ms):.2f} ms")
    print(f"preparation + prediction: median {statistics.median(total_ms):.2f} ms, slowest {max(total_ms):.2f} ms")
    print(json.dumps({"prepare_and_predict_ms": round(statistics.median(total_ms), 2)}))


if __name__ == "__main__":
    main()
