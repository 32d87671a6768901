"""The optimisers lesson's engine: surfaces, races of real torch.optim classes, restarts and schedules."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from nnviz import race, restarts, surfaces
from nnviz.outcome import Why
from nnviz.race import RaceConfig
from nnviz.surfaces import SURFACES

DIRECT = {  # each registry entry, spelled out as torch.optim classes
    "SGD": lambda p, c: torch.optim.SGD([p], lr=c.lr),
    "SGD + momentum": lambda p, c: torch.optim.SGD([p], lr=c.lr, momentum=c.momentum),
    "RMSprop": lambda p, c: torch.optim.RMSprop([p], lr=c.lr),
    "Adam": lambda p, c: torch.optim.Adam([p], lr=c.lr),
}


def stepped_directly(surface, name, start, config) -> np.ndarray:
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimiser = DIRECT[name](p, config)
    noise = torch.Generator().manual_seed(config.seed)
    points = [p.detach().clone()]
    for _ in range(config.steps):
        optimiser.zero_grad()
        surface.loss(p).backward()
        if config.noise:
            p.grad += surface.noise * torch.randn(2, generator=noise, dtype=torch.float64)
        optimiser.step()
        points.append(p.detach().clone())
    return torch.stack(points).numpy()


def test_every_surface_has_its_minimum_inside_its_box_with_a_flat_slope():
    for s in SURFACES.values():
        assert surfaces.inside(s, *s.minimum) and surfaces.inside(s, *s.start), s.name
        p = torch.tensor(s.minimum, dtype=torch.float64, requires_grad=True)
        s.loss(p).backward()
        assert p.grad.abs().max() < 1e-3, s.name
        g = surfaces.grid(s, 41)
        assert g.z.min() >= surfaces.lowest(s) - 1e-9 and g.z.shape == (41, 41)
        for twin in s.twins:
            assert surfaces.loss_at(s, *twin) == pytest.approx(surfaces.lowest(s))


@pytest.mark.parametrize("noise", [False, True])
@pytest.mark.parametrize("name", list(race.OPTIMISERS))
def test_each_path_equals_stepping_the_torch_optim_class_directly(name, noise):
    s, config = SURFACES["curved valley (Rosenbrock)"], RaceConfig(lr=0.03, steps=60, noise=noise, seed=5)
    walk = race.walk(s, name, s.start, config)
    assert walk.outcome is None and walk.steps == 60
    np.testing.assert_allclose(walk.points, stepped_directly(s, name, s.start, config), rtol=0, atol=1e-12)
    np.testing.assert_allclose(walk.losses, [surfaces.loss_at(s, *p) for p in walk.points], atol=1e-12)


def test_on_the_bowl_every_optimiser_converges():
    s = SURFACES["bowl"]
    for name, walk in race.race(s, list(race.OPTIMISERS), s.start, RaceConfig(lr=0.1, steps=300)).items():
        assert walk.outcome is None
        assert walk.losses[-1] < 1e-3 and np.hypot(*walk.points[-1]) < 0.05, name


def test_on_the_ravine_momentum_gets_down_in_fewer_steps_than_plain_sgd():
    s = SURFACES["ravine"]
    for lr in (0.03, 0.1):
        walks = race.race(s, ["SGD", "SGD + momentum"], s.start, RaceConfig(lr=lr, steps=400))
        plain, momentum = (race.steps_to(walks[n].losses, 0.01) for n in ("SGD", "SGD + momentum"))
        assert momentum is not None
        assert plain is None or momentum < plain, (lr, plain, momentum)


def test_a_huge_learning_rate_is_stopped_and_named_with_a_finite_path():
    s = SURFACES["bowl"]
    walk = race.walk(s, "SGD", s.start, RaceConfig(lr=3.0, steps=100))
    out = walk.outcome
    assert out is not None and out.why is Why.DIVERGED and out.optimizer == "SGD" and out.lr == 3.0
    assert out.value > out.limit and walk.steps == out.step - 1 < 100
    assert np.isfinite(walk.points).all() and np.isfinite(walk.losses).all()
    assert len(walk.losses) == len(walk.points) and len(walk.lrs) == walk.steps


def test_noise_is_seeded_and_changes_the_path():
    s, cfg = SURFACES["ravine"], RaceConfig(steps=30, noise=True, seed=3)
    a, b = race.walk(s, "Adam", s.start, cfg), race.walk(s, "Adam", s.start, cfg)
    np.testing.assert_array_equal(a.points, b.points)
    quiet = race.walk(s, "Adam", s.start, RaceConfig(steps=30))
    assert not np.allclose(a.points, quiet.points)


def test_schedules_are_torch_schedulers_and_one_cycle_warms_up_then_anneals():
    steps, lr = 100, 0.1
    rates = {name: race.lr_curve(name, lr, steps) for name in race.SCHEDULES}
    assert np.allclose(rates["constant"], lr)
    assert rates["step decay"][0] == lr and math.isclose(rates["step decay"][-1], lr * 0.3**3)
    assert rates["cosine"][0] == lr and rates["cosine"][-1] < 0.01 * lr
    peak = int(np.argmax(rates["one-cycle"]))
    assert 20 <= peak <= 30 and math.isclose(rates["one-cycle"].max(), lr, rel_tol=1e-6)
    assert rates["one-cycle"][0] < 0.1 * lr and rates["one-cycle"][-1] < 0.01 * lr
    s = SURFACES["ravine"]
    walks = race.schedule_race(s, "SGD + momentum", s.start, RaceConfig(lr=lr, steps=steps))
    for name, walk in walks.items():
        np.testing.assert_allclose(walk.lrs, rates[name])


def test_batched_restarts_walk_each_start_as_a_walk_of_its_own():
    s, cfg = SURFACES["several minima"], RaceConfig(lr=0.1, steps=80)
    result = restarts.restarts(s, "Adam", 5, cfg)
    for start, end in zip(result.starts, result.ends, strict=True):
        np.testing.assert_allclose(end, race.walk(s, "Adam", tuple(start), cfg).points[-1], atol=1e-10)
    assert result.losses[result.best] == result.losses.min()


def test_restarts_find_the_global_minimum_at_least_as_often_as_n_grows():
    s, counts = SURFACES["several minima"], [1, 2, 4, 8, 16]
    for name in ("SGD", "Adam"):
        rates = restarts.success_rates(s, name, counts, 40, RaceConfig(lr=0.1, steps=150, seed=2))
        assert (np.diff(rates) >= 0).all(), rates
        assert rates[0] < 0.6 and rates[-1] > 0.9, rates


def test_a_single_start_in_the_wrong_valley_stays_there():
    s = SURFACES["several minima"]
    walk = race.walk(s, "SGD", s.start, RaceConfig(lr=0.1, steps=300))
    assert walk.losses[-1] - surfaces.lowest(s) > 0.1
    assert np.hypot(*(walk.points[-1] - np.array(s.minimum))) > 1
