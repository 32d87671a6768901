"""A real network's loss landscape: filter-normalised directions, the slice's centre, the projected path."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nnviz import landscape as L
from nnviz.landscape import LandscapeConfig


@pytest.fixture(scope="module")
def trained(mnist):
    return L.train_mlp(mnist.train_x, mnist.train_y, LandscapeConfig(train_size=1000, epochs=2, checkpoints=5))


@pytest.fixture(scope="module")
def subset(mnist):
    return mnist.test_x[:300], mnist.test_y[:300]


def test_each_row_of_a_filter_normalised_direction_has_the_norm_of_its_weights(trained):
    d = L.direction(trained.model, torch.Generator().manual_seed(0))
    for name, p in trained.model.named_parameters():
        if p.dim() == 1:
            assert (d[name] == 0).all(), name  # biases stay put
            continue
        np.testing.assert_allclose(d[name].flatten(1).norm(dim=1), p.detach().flatten(1).norm(dim=1), rtol=1e-5)
        assert not torch.allclose(d[name], p.detach())


def test_filter_normalisation_works_per_filter_of_a_convolution():
    conv = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3))
    d = L.direction(conv, torch.Generator().manual_seed(1))["0.weight"]
    np.testing.assert_allclose(d.flatten(1).norm(dim=1), conv[0].weight.detach().flatten(1).norm(dim=1), rtol=1e-5)


def test_the_slice_at_the_centre_is_the_trained_networks_loss(trained, subset):
    land = L.landscape(trained.model, trained.checkpoints, *subset, n=5, span=0.5, seed=3)
    x, y = subset
    with torch.no_grad():
        own = float(torch.nn.functional.cross_entropy(trained.model(L.prepare(x)), y))
    assert land.alphas[2] == 0 and land.betas[2] == 0
    assert land.losses[2, 2] == pytest.approx(own, rel=1e-6) and land.centre_loss == pytest.approx(own, rel=1e-6)
    assert land.losses.shape == (5, 5) and (land.losses >= land.centre_loss - 0.2).all()
    assert land.losses[0, 0] > land.centre_loss  # the corners are off the minimum


def test_checkpoints_project_onto_the_plane_by_least_squares(trained):
    model = trained.model
    g = torch.Generator().manual_seed(4)
    d1, d2 = L.direction(model, g), L.direction(model, g)
    centre = dict(model.named_parameters())
    moved = {k: centre[k].detach() + 0.3 * d1[k] - 0.7 * d2[k] for k in centre}
    np.testing.assert_allclose(L.project([moved, L._weights(model)], L._weights(model), d1, d2),
                               [[0.3, -0.7], [0.0, 0.0]], atol=1e-5)  # fmt: skip


def test_training_is_seeded_keeps_its_checkpoints_and_learns(mnist, trained, subset):
    again = L.train_mlp(mnist.train_x, mnist.train_y, trained.config)
    for a, b in zip(trained.checkpoints, again.checkpoints, strict=True):
        assert all(torch.equal(a[k], b[k]) for k in a)
    assert len(trained.checkpoints) == 5
    land = L.landscape(trained.model, trained.checkpoints, *subset, n=3, span=0.1)
    assert land.path_losses[0] > 2.0 and land.path_losses[-1] < 1.0 and land.path.shape == (5, 2)
    np.testing.assert_allclose(land.path[-1], [0, 0], atol=1e-6)


def test_the_paths_own_directions_are_orthonormal_and_hold_most_of_the_road(trained, subset):
    d1, d2 = L.path_directions(trained.model, trained.checkpoints)
    flat = [torch.cat([d[k].flatten() for k in d]).double() for d in (d1, d2)]
    assert float(flat[0] @ flat[0]) == pytest.approx(1) and float(flat[0] @ flat[1]) == pytest.approx(0, abs=1e-6)
    land = L.landscape(trained.model, trained.checkpoints, *subset, n=5, along_path=True)
    centre = L._weights(trained.model)
    start = float(torch.cat([(trained.checkpoints[0][k] - centre[k]).flatten() for k in centre]).norm())
    assert np.hypot(*land.path[0]) > 0.8 * start  # the plane holds most of the way from the start
    assert land.alphas[-1] == pytest.approx(1.25 * np.abs(land.path).max())
    assert land.losses[2, 2] == pytest.approx(land.centre_loss)
