"""Part 7's engine: one SGD step on one digit, on a copy of an MLP."""

import copy

import numpy as np
import pytest
import torch
from torch import nn

from nnviz import one_digit
from nnviz.models import ModelSpec, build_model


@pytest.fixture
def mlp():
    return build_model(ModelSpec(kind="mlp", hidden=(32,)), seed=3).eval()


@pytest.fixture
def images():
    gen = torch.Generator().manual_seed(5)
    x = torch.randint(0, 256, (21, 28, 28), generator=gen, dtype=torch.uint8)
    y = torch.randint(0, 10, (21,), generator=gen)
    return x, y


def step(mlp, images, lr: float):
    x, y = images
    return one_digit.one_step_on_one_digit(mlp, x[0], int(y[0]), lr, x[1:], y[1:])


def test_each_weight_changes_by_exactly_minus_lr_times_its_gradient(mlp, images):
    r = step(mlp, images, 0.01)
    before, after = dict(mlp.named_parameters()), dict(r.after.named_parameters())
    assert r.grads.keys() == before.keys()
    for name, grad in r.grads.items():
        assert torch.equal(after[name].detach(), before[name].detach() - 0.01 * grad), name
        assert grad.abs().sum() > 0, name
    first = before["1.weight"].detach()  # (32, 784): Flatten, then the first Linear
    assert np.array_equal(r.first_change, (after["1.weight"].detach() - first).reshape(-1, 28, 28).numpy())


def test_the_gradients_are_autograds_on_that_digit(mlp, images):
    x, y = images
    r = step(mlp, images, 0.01)
    mlp.zero_grad()
    logits = mlp(one_digit.prepare(x[:1]))
    nn.functional.cross_entropy(logits, y[:1]).backward()
    for name, p in mlp.named_parameters():
        assert torch.allclose(p.grad, r.grads[name], atol=1e-7), name
    mlp.zero_grad()


def test_a_small_step_lowers_that_digits_loss_and_raises_its_probability(mlp, images):
    r = step(mlp, images, 0.001)
    assert r.loss_after < r.loss_before and r.prob_after > r.prob_before
    assert r.loss_before == pytest.approx(-np.log(r.prob_before), rel=1e-5)


def test_the_passed_model_is_untouched(mlp, images):
    kept = copy.deepcopy(mlp.state_dict())
    step(mlp, images, 1.0)
    assert all(torch.equal(kept[k], v) for k, v in mlp.state_dict().items())
    assert all(p.grad is None for p in mlp.parameters())


def test_the_same_step_gives_the_same_numbers(mlp, images):
    a, b = step(mlp, images, 0.1), step(mlp, images, 0.1)
    assert (a.loss_before, a.loss_after, a.prob_after) == (b.loss_before, b.loss_after, b.prob_after)
    assert np.array_equal(a.first_change, b.first_change) and np.array_equal(a.others_after, b.others_after)


def test_the_others_and_the_most_changed_units(mlp, images):
    x, y = images
    r = step(mlp, images, 0.1)
    assert r.others_before.shape == r.others_after.shape == (20,)
    assert np.array_equal(r.others_same, (y[1:] == y[0]).numpy())
    units = r.most_changed(5)
    sizes = np.linalg.norm(r.first_change.reshape(32, -1), axis=1)
    assert list(units) == list(np.argsort(-sizes)[:5]) and sizes[units[0]] == sizes.max()


def test_other_digits_are_half_the_same_label_and_never_the_digit_itself():
    labels = torch.tensor([3, 1, 3, 3, 2, 3, 3, 3, 0, 3, 3, 3, 3, 3, 4] * 3)
    picked = one_digit.other_digits(labels, 5, 20)
    assert 5 not in picked and len(set(picked.tolist())) == 20
    assert (labels[picked[:10]] == 3).all() and (labels[picked[10:]] != 3).all()


def test_only_an_mlp_on_pixels_can_take_the_step(images):
    cnn = build_model(ModelSpec(kind="cnn"), seed=0)
    assert one_digit.first_linear(cnn) is None
    with pytest.raises(ValueError, match="only an MLP"):
        step(cnn, images, 0.1)
