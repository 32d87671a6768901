"""The published MNIST networks, trained here with their published recipes on full MNIST, several seeds each.

Every network is a Training-page preset (nnviz.presets), trained by the page's own Trainer. For each one it
prints the published figure, the same measure here (median and range over the seeds) and the seconds one
epoch of training takes on this machine (training steps only; the evaluations after each epoch are off the
clock). Each figure is compared like with like: a published training accuracy against accuracy on the digits
trained on, a validation accuracy against the validation split, a test accuracy against MNIST's 10,000 test
digits; the 512-512 network keeps its best epoch by validation loss, as published.

    python bench/reproduce.py [--seeds 3] [--threads 2]

Ends with one JSON line: network -> {"published", "median", "min", "max", "s_per_epoch"} (accuracies in %).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import torch  # noqa: E402

from bench.mnist import full_mnist  # noqa: E402
from nnviz.presets import PRESETS  # noqa: E402
from nnviz.training import Trainer  # noqa: E402


@dataclass(frozen=True)
class Network:
    preset: str  # its name in nnviz.presets.PRESETS
    published: float  # the source's figure, in %
    measure: str  # which accuracy the source published: "training", "validation", "test" or "best-epoch test"
    scale_inputs: bool = True  # False: raw 0-255 pixels, as one source did to show what scaling is worth


NETWORKS = {
    "seeds_cnn": Network("CNN, Adam, batch 8", 98.85, "test"),
    "mlp_784_50_10": Network("MLP 784-50-10, Adam", 96.1, "validation"),
    "mlp_784_32_10": Network("MLP 784-32-10, RMSprop", 95.0, "training"),
    "mlp_784_32_10_raw": Network("MLP 784-32-10, RMSprop", 83.0, "training", scale_inputs=False),
    "mlp_512_512_dropout": Network("MLP 784-512-512-10, dropout 0.2, RMSprop", 98.07, "best-epoch test"),
    "small_cnn_crops": Network("Small CNN, random crops, batch 128", 98.0, "test"),
}
UNTRAINED = {"mlp_512_512_dropout": 9.55}  # published test accuracy before any training, in %
PARAMETERS = {"mlp_512_512_dropout": 669_706}  # published count


def train(network: Network, digits, seed: int) -> tuple[float, float, Trainer]:
    """(accuracy in % by the network's published measure, seconds per epoch, the finished trainer)."""
    config = replace(PRESETS[network.preset].config, seed=seed, scale_inputs=network.scale_inputs)
    trainer = Trainer(config, digits)
    while trainer.step(500) is not None:
        pass
    epochs = trainer.updates / trainer.batches_per_epoch  # as many as ran: a diverged run stops early
    per_epoch = trainer.train_seconds / epochs if epochs else float("nan")
    if trainer.diverged is not None:
        return float("nan"), per_epoch, trainer
    if network.measure == "training":
        accuracy = trainer.evaluate(trainer.train_x, trainer.train_y)[1]
    elif network.measure == "validation":
        accuracy = trainer.evaluate(trainer.val_x, trainer.val_y)[1]
    elif network.measure == "best-epoch test":
        accuracy = trainer.evaluate(digits.test_x, digits.test_y, trainer.best_model())[1]
    else:
        accuracy = trainer.evaluate(digits.test_x, digits.test_y)[1]
    return 100 * accuracy, per_epoch, trainer


def untrained_accuracy(network: Network, digits, seed: int) -> float:
    trainer = Trainer(replace(PRESETS[network.preset].config, seed=seed), digits)
    return 100 * trainer.evaluate(digits.test_x, digits.test_y)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (this machine has 2 cores)")
    parser.add_argument("--only", nargs="*", choices=list(NETWORKS), help="some networks only")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    digits = full_mnist()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {digits.label}; seeds 0-{args.seeds - 1}")

    figures = {}
    for name in args.only or NETWORKS:
        network = NETWORKS[name]
        results = [train(network, digits, seed) for seed in range(args.seeds)]
        accuracies = [accuracy for accuracy, _, _ in results]
        per_epoch = statistics.median(seconds for _, seconds, _ in results)
        figures[name] = {
            "published": network.published,
            "median": round(statistics.median(accuracies), 2),
            "min": round(min(accuracies), 2),
            "max": round(max(accuracies), 2),
            "s_per_epoch": round(per_epoch, 2),
        }
        shown = ", ".join(f"{a:.2f}" for a in accuracies)
        inputs = "" if network.scale_inputs else ", raw 0-255 inputs"
        print(f"{name} ({network.preset}{inputs}): {network.measure} accuracy published {network.published}%, "
              f"here {figures[name]['median']}% (seeds: {shown}); {per_epoch:.2f} s per epoch")  # fmt: skip
        if name in PARAMETERS:
            model = results[0][2].model
            count = sum(p.numel() for p in model.parameters())
            print(f"  parameters: {count:,} (published {PARAMETERS[name]:,})")
            before = untrained_accuracy(network, digits, seed=0)
            print(f"  untrained test accuracy, seed 0: {before:.2f}% (published {UNTRAINED[name]}%)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
