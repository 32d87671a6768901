"""How many times a second the separator page can redraw a learning decision boundary.

Times one refresh of the page's live network: k training steps, then the
page's own pictures (lessons/separator/net.py: the probability grid, the
boundary map and the loss chart), plus the JSON serialisation st.plotly_chart
does, for a 2-8-8-1 network on 500 points.

    python bench/boundary_speed.py [--updates 60] [--steps 5]
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

from lessons.separator.net import pictures  # noqa: E402
from lessons.separator.settings import NET_TICK  # noqa: E402
from nnviz.separator_net import NetSpec, NetTrainer  # noqa: E402

TARGET = 10.0


def one_update(trainer: NetTrainer, steps: int, show_units: bool) -> float:
    start = time.perf_counter()
    trainer.step(steps)
    figures = pictures(trainer, show_units)
    for fig in figures:
        if fig is not None:
            pio.to_json(fig, validate=False)  # what the browser is sent
    return time.perf_counter() - start


def measure(spec: NetSpec, updates: int, steps: int, show_units: bool) -> list[float]:
    trainer = NetTrainer(spec)
    one_update(trainer, steps, show_units)  # warm-up: first calls pay for imports and allocation
    return [one_update(trainer, steps, show_units) for _ in range(updates)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=60)
    parser.add_argument("--steps", type=int, default=5, help="training steps per update (the page's default)")
    args = parser.parse_args()

    spec = NetSpec(dataset="spirals", hidden=(8, 8), n_points=500, seed=0)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; 2-8-8-1 tanh on {spec.n_points} points")
    times = measure(spec, args.updates, args.steps, show_units=False)
    median = statistics.median(times)
    rate = 1.0 / median
    print(f"update with {args.steps} steps: median {median * 1000:.1f} ms, slowest {max(times) * 1000:.1f} ms")
    print(f"boundary updates the server can compute per second: {rate:.1f} (target >= {TARGET:g}); a visitor sees "
          f"at most {1 / NET_TICK:g} a second, as the page redraws every {NET_TICK} s")  # fmt: skip
    with_units = statistics.median(measure(spec, args.updates // 2, args.steps, show_units=True))
    print(f"with the hidden-unit maps shown: median {with_units * 1000:.1f} ms ({1 / with_units:.1f} per second)")
    print(json.dumps({"boundary_updates_per_s": round(rate, 1)}))


if __name__ == "__main__":
    main()
