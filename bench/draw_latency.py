"""How long the server works on one stroke of the Draw page: the page's whole script run for a new drawing.

A pen lift on the pad sends the drawing's strokes to the server, which reruns
the app (router, frame and the Draw page) from the top: it inks the strokes,
prepares the picture, runs every model and draws the charts. This bench does
exactly that headless: one AppTest session on the Draw page, whose pad state is
set as the browser sets it (ui/drawing_pad.py), as tests/app/test_drawing_pad.py
does. Each drawing is a real person's pen digit (../shared/data/pendigits),
placed on the pad at a natural size and place, at the page's default brush.
Timed per drawing: the whole run, and how far into it the answer (the big digit
and its probability bars) was drawn.
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

import torch  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest, app_test, local_script_runner  # noqa: E402

from nnviz import pendigits  # noqa: E402
from nnviz.preprocess import BRUSH_DEFAULT  # noqa: E402
from ui import present  # noqa: E402

PAGE = "lessons/draw/page.py"
ANSWER_CHART = "draw.bars"  # the probability bars: the last piece of the answer
VIEWS = ("draw.grid", "draw.layers", "draw.why", "draw.own")  # the boxes a visitor opens for the heavier views
PAD = "draw.canvas0"  # the page's pad, until Undo or Clear starts another


class Clock:
    """Notes when the page has drawn its answer."""

    def __init__(self):
        self.answered: float | None = None
        chart = present.chart

        def noting(fig, key: str, **kwargs):
            drawn = chart(fig, key, **kwargs)
            if key == ANSWER_CHART:
                self.answered = time.perf_counter()
            return drawn

        present.chart = noting


def draw_page(clock: Clock) -> AppTest:
    compiled = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: compiled  # one for every run, as a server has
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()  # the router first: AppTest finds a lesson's page.py only once it has run
    at.switch_page(PAGE).run()  # trains or loads the shared models
    return at


def stroke(at: AppTest, clock: Clock, strokes: list) -> tuple[float, float]:
    """One new drawing: (ms to the answer, ms for the whole run)."""
    at.session_state[PAD] = {"strokes": strokes}
    clock.answered = None
    start = time.perf_counter()
    at.run()
    end = time.perf_counter()
    if at.exception or clock.answered is None or at.metric[0].value not in set("0123456789"):
        raise SystemExit(f"the page did not answer: {at.exception}")
    return (clock.answered - start) * 1000, (end - start) * 1000


def timed(at: AppTest, clock: Clock, drawn: list[list]) -> tuple[float, float, int]:
    """Median ms to the answer and for the whole run over the drawings, and the charts the page then shows."""
    stroke(at, clock, drawn[-1])  # warms up: first-use imports and caches
    answer_ms, run_ms = zip(*(stroke(at, clock, d) for d in drawn), strict=True)
    return statistics.median(answer_ms), statistics.median(run_ms), len(at.get("plotly_chart"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="drawings to time")
    args = parser.parse_args()
    torch.set_num_threads(1)

    drawn = pendigits.as_sent(args.n, BRUSH_DEFAULT)
    clock = Clock()
    at = draw_page(clock)
    answer, whole, charts = timed(at, clock, drawn)
    for key in VIEWS:
        at.session_state[key] = True
    opened = timed(at, clock, drawn)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread; AppTest session on {PAGE}")
    print(f"{len(drawn)} new drawings (real pen digits' strokes, brush {BRUSH_DEFAULT}), each one full script run:")
    print("router + frame + Draw page: inking, preparation, every model, every chart the page then shows")
    print(f"  as first opened ({charts} charts): answer drawn after {answer:.1f} ms, whole run {whole:.1f} ms (median)")
    print(
        f"  every view open ({opened[2]} charts): answer drawn after {opened[0]:.1f} ms, whole run {opened[1]:.1f} ms"
    )
    print(json.dumps({"whole_run_ms_views_closed": round(whole, 1), "whole_run_ms_views_open": round(opened[1], 1)}))


if __name__ == "__main__":
    main()
