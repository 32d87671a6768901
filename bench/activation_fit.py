"""How long the activation lesson's on-the-spot curve fit takes, per hidden width.

For every target, activation and width of the width plot, the median wall-clock
seconds of one fit (uncached), and the error it reaches. Ends with one JSON line.

    python bench/activation_fit.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnviz.activations import ACTIVATIONS  # noqa: E402
from nnviz.nonlinearity import TARGETS, WIDTHS, FitConfig, fit_curve  # noqa: E402


def timed_fit(config: FitConfig, repeats: int) -> tuple[float, float]:
    """(median seconds, error reached) for one fit setting."""
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        fit = fit_curve(config)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), fit.loss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    fit_curve(FitConfig(hidden=2))  # warm-up: first torch calls are slow
    rows = []
    for target in TARGETS:
        for name in ACTIVATIONS:
            for width in WIDTHS:
                seconds, loss = timed_fit(FitConfig(target=target, hidden=width, activation=name), args.repeats)
                rows.append({"target": target, "activation": name, "width": width, "seconds": seconds, "mse": loss})
                print(f"{target:5} {name:16} width {width:3}: {seconds:.3f} s, error {loss:.2e}")
    times = [r["seconds"] for r in rows]
    page_default = sum(r["seconds"] for r in rows if r["target"] == "sine" and r["activation"] == "tanh")
    summary = {
        "bench": "activation_fit",
        "fits": len(rows),
        "median_seconds_per_fit": round(statistics.median(times), 4),
        "max_seconds_per_fit": round(max(times), 4),
        "seconds_for_default_width_plot": round(page_default, 3),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
