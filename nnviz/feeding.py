"""What a network is really fed: the steps from a stored digit (whole numbers 0-255) to the model's input.

The page shows these numbers, so they come from the function that prepares every batch, not from prose.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from nnviz.data import MNIST_MEAN, MNIST_STD
from nnviz.training import TrainConfig, prepare


@dataclass(frozen=True)
class Feed:
    """The input pipeline of one run, with its numbers."""

    scaled: bool  # divided by 255, then standardised with MNIST's mean and spread
    mean: float  # MNIST's mean pixel, on the 0-1 scale
    std: float  # and its standard deviation
    paper: float  # what a 0 pixel (paper) is fed as
    ink: float  # what a 255 pixel (full ink) is fed as
    crop_pad: int  # training digits padded by this much on every side, then cut back to 28x28; 0: not
    warped: bool  # training digits randomly warped (nnviz.augment)
    flattened: bool  # the model (an MLP) flattens each digit to 784 numbers


def feed(config: TrainConfig) -> Feed:
    """How `config`'s digits reach its network; paper and ink are run through the same `prepare` as every batch."""
    paper, ink = prepare(torch.tensor([[0, 255]], dtype=torch.uint8), config.scale_inputs).flatten().tolist()
    warped = config.augment is not None and config.scale_inputs  # the trainer warps 0-1 pixels only
    return Feed(config.scale_inputs, MNIST_MEAN, MNIST_STD, paper, ink, config.crop_pad, warped,
                config.model.kind == "mlp")  # fmt: skip
