"""How long the server works on one stroke of the Draw page: the page's whole script run for a new drawing.

A stroke on the canvas sends the drawing to the server, which reruns the app
(router, frame and the Draw page) from the top. This bench does exactly that
headless: one AppTest session on the Draw page, the canvas component (which
only a browser can run) stood in for by drawings in its own format (RGBA
280x280, white ink on black), as tests/app/test_draw_page.py does. Each
drawing is a digit by another writer, redrawn as strokes at a random offered
brush width (nnviz/handwriting.py). Timed per drawing: the whole run, and how
far into it the answer (the big digit and its probability bars) was drawn.
The models are trained or loaded, and the page run once, before timing; as a
server does, the compiled scripts are kept between runs (AppTest alone would
compile app.py and the page again on every run). Timed twice: as a visitor
first finds the page (the heavier views closed), then with every view open.
Goal: the whole run under 100 ms.

    python bench/draw_latency.py [--n 40]
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
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest, app_test, local_script_runner  # noqa: E402

from lessons.draw import canvas  # noqa: E402
from nnviz import digit_model, handwriting  # noqa: E402
from nnviz.data import load_digits, split_validation  # noqa: E402
from nnviz.preprocess import BRUSH_MAX, BRUSH_MIN  # noqa: E402
from ui import present  # noqa: E402

PAGE = "lessons/draw/page.py"
ANSWER_CHART = "draw.bars"  # the probability bars: the last piece of the answer
VIEWS = ("draw.grid", "draw.layers", "draw.why")  # the boxes a visitor opens for the heavier views


def drawings(n: int) -> list[np.ndarray]:
    """n canvas pictures of held-out MNIST digits redrawn as strokes, at random brush widths."""
    digits = load_digits(download=False)
    recipe = digit_model.READER  # the held-out split of the model the page reads with
    _, held_out = split_validation(len(digits.train_y), recipe.val_fraction, recipe.seed)
    skeletons = handwriting.skeletons(digits.train_x[held_out[:n]])
    rng = np.random.default_rng(0)
    brushes = rng.integers(BRUSH_MIN, BRUSH_MAX + 1, size=len(skeletons))
    return [handwriting.drawings(s, (int(b),), rng)[0] for s, b in zip(skeletons, brushes, strict=True)]


class Clock:
    """Stands in for the canvas, and notes when the page has drawn its answer."""

    def __init__(self):
        self.pixels: np.ndarray | None = None
        self.answered: float | None = None
        chart = present.chart

        def noting(fig, key: str, **kwargs):
            drawn = chart(fig, key, **kwargs)
            if key == ANSWER_CHART:
                self.answered = time.perf_counter()
            return drawn

        present.chart = noting
        canvas.drawing = lambda brush: self.pixels


def draw_page(clock: Clock) -> AppTest:
    compiled = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: compiled  # one for every run, as a server has
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()  # the router first: AppTest finds a lesson's page.py only once it has run
    at.switch_page(PAGE).run()  # trains or loads the shared models
    return at


def stroke(at: AppTest, clock: Clock, pixels: np.ndarray) -> tuple[float, float]:
    """One new drawing: (ms to the answer, ms for the whole run)."""
    clock.pixels, clock.answered = pixels, None
    start = time.perf_counter()
    at.run()
    end = time.perf_counter()
    if at.exception or clock.answered is None or at.metric[0].value not in set("0123456789"):
        raise SystemExit(f"the page did not answer: {at.exception}")
    return (clock.answered - start) * 1000, (end - start) * 1000


def timed(at: AppTest, clock: Clock, pictures: list[np.ndarray]) -> tuple[float, float, int]:
    """Median ms to the answer and for the whole run over `pictures`, and the charts the page then shows."""
    stroke(at, clock, pictures[-1])  # warms up: first-use imports and caches
    answer_ms, run_ms = zip(*(stroke(at, clock, p) for p in pictures), strict=True)
    return statistics.median(answer_ms), statistics.median(run_ms), len(at.get("plotly_chart"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="drawings to time")
    args = parser.parse_args()
    torch.set_num_threads(1)

    pictures = drawings(args.n)
    clock = Clock()
    at = draw_page(clock)
    answer, whole, charts = timed(at, clock, pictures)
    for key in VIEWS:
        at.session_state[key] = True
    opened = timed(at, clock, pictures)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread; AppTest session on {PAGE}")
    print(f"{len(pictures)} new drawings (280x280 RGBA, brush {BRUSH_MIN}-{BRUSH_MAX}), each one full script run:")
    print("router + frame + Draw page: canvas, preparation, every model, every chart the page then shows")
    print(f"  as first opened ({charts} charts): answer drawn after {answer:.1f} ms, whole run {whole:.1f} ms (median)")
    print(
        f"  every view open ({opened[2]} charts): answer drawn after {opened[0]:.1f} ms, whole run {opened[1]:.1f} ms"
    )
    print(json.dumps({"stroke_to_answer_ms": round(whole, 1)}))


if __name__ == "__main__":
    main()
