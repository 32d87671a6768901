"""Occlusion in one forward pass (issue 17: the Draw page's heavier views, cheaper): the drawing as it is and
every covered copy go through the model together, and the map is the one patch-by-patch arithmetic gives."""

import torch
from torch import nn

from nnviz import insight
from nnviz.models import ModelSpec, build_model
from nnviz.training import prepare


class Counting(nn.Module):
    """A model that counts its forward passes."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model, self.passes = model, 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.passes += 1
        return self.model(x)


def by_hand(model: nn.Module, digit: torch.Tensor, label: int, patch: int = 4, stride: int = 2) -> torch.Tensor:
    """The average drop of the label's probability over the patches covering each pixel, one patch at a time."""
    with torch.no_grad():
        base = torch.softmax(model(prepare(digit[None])), 1)[0, label]
        drop, hits = torch.zeros(28, 28), torch.zeros(28, 28)
        for r in range(0, 28 - patch + 1, stride):
            for c in range(0, 28 - patch + 1, stride):
                covered = digit.clone()
                covered[r : r + patch, c : c + patch] = 0
                p = torch.softmax(model(prepare(covered[None])), 1)[0, label]
                drop[r : r + patch, c : c + patch] += base - p
                hits[r : r + patch, c : c + patch] += 1
    return drop / hits


def test_occlusion_takes_one_forward_pass_and_matches_the_patch_by_patch_map():
    model = Counting(build_model(ModelSpec(kind="fast_cnn"), seed=0).eval())
    digit = torch.zeros(28, 28, dtype=torch.uint8)
    digit[6:22, 12:16] = 255  # a 1
    got = insight.occlusion(model, digit, label=1)
    assert model.passes == 1
    assert torch.allclose(got, by_hand(model.model, digit, label=1), atol=1e-5)
    assert got.abs().max() > 0  # covering the stroke moves the answer
