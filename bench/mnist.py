"""Full MNIST for the benches that train on it: a bench on the offline sample would measure something else."""

from __future__ import annotations

import os
import sys


def full_mnist():
    """The digits from $NNVIZ_DATA_DIR, or the bench stops with a message saying where it looked."""
    from nnviz.data import load_digits

    digits = load_digits(download=False)
    if digits.source != "files":
        sys.exit(f"full MNIST not found in {os.environ.get('NNVIZ_DATA_DIR')}: set NNVIZ_DATA_DIR")
    return digits
