"""Our convolution, padding, stride and pooling against torch's own; the folded first layer against the model;
the whole network's layers, its weight counts and the shift test."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnviz import convnet
from nnviz import convolution as cv
from nnviz.models import ModelSpec, build_model


@pytest.mark.parametrize("trial", range(12))
def test_our_convolution_equals_torch_over_random_inputs_kernels_paddings_and_strides(trial):
    rng = torch.Generator().manual_seed(trial)
    c, o, k = 1 + trial % 3, 1 + trial % 4, (1, 3, 5)[trial % 3]
    padding, stride = trial % 3, 1 + trial % 3
    x = torch.rand(c, 9 + trial, 11, generator=rng)
    weight, bias = torch.randn(o, c, k, k, generator=rng), torch.randn(o, generator=rng)
    ours = cv.conv2d(x, weight, bias, padding, stride)
    theirs = F.conv2d(x[None], weight, bias, stride=stride, padding=padding)[0]
    assert ours.shape == theirs.shape
    # float32 sums in another order differ by rounding, at most a few ulps of the summed terms' size
    terms = F.conv2d(x[None].abs(), weight.abs(), bias.abs(), stride=stride, padding=padding)[0]
    assert ((ours - theirs).abs() <= 1e-6 * (1 + terms)).all()
    wide = cv.conv2d(x.double(), weight.double(), None, padding, stride)  # float64: exact to rounding
    assert torch.allclose(wide, F.conv2d(x[None].double(), weight.double(), stride=stride, padding=padding)[0],
                          atol=1e-12, rtol=0)  # fmt: skip


@pytest.mark.parametrize(
    ("n", "k", "p", "s"), [(28, 3, 0, 1), (28, 3, 1, 2), (28, 5, 2, 3), (7, 3, 0, 2), (2, 3, 0, 1)]
)
def test_the_output_size_formula_matches_torch(n, k, p, s):
    expected = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1] if \
        n + 2 * p >= k else 0  # fmt: skip
    assert cv.output_size(n, k, p, s) == expected


def test_one_step_shows_the_numbers_the_whole_map_is_made_of():
    image = np.random.default_rng(0).random((28, 28))
    kernel = np.array(cv.KERNELS["vertical edge"])
    done = cv.filter_image(image, kernel, bias=-0.5, padding=1, stride=2)
    assert done.out.shape == (14, 14)
    for row, col in [(0, 0), (5, 9), (13, 13)]:
        step = done.step(row, col)
        padded = np.pad(image, 1)
        assert np.array_equal(step.patch, padded[2 * row : 2 * row + 3, 2 * col : 2 * col + 3])
        assert np.allclose(step.products, step.patch * kernel)
        assert step.total == pytest.approx(step.products.sum())
        assert step.before == pytest.approx(step.total - 0.5)
        assert step.out == max(step.before, 0.0) == done.out[row, col]


def test_our_max_pooling_equals_torch_and_names_each_winner():
    for seed, (h, w) in enumerate([(14, 14), (7, 7), (5, 8)]):
        x = torch.rand(h, w, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
        pooled = cv.max_pool(x.numpy())
        theirs, index = F.max_pool2d(x[None, None], 2, return_indices=True)
        assert np.array_equal(pooled.values, theirs[0, 0].numpy())
        rows, cols = pooled.winners[..., 0], pooled.winners[..., 1]
        assert np.array_equal(rows * w + cols, index[0, 0].numpy())
        assert np.array_equal(x.numpy()[rows, cols], pooled.values)


def test_ties_in_pooling_go_to_the_first_like_torch():
    pooled = cv.max_pool(np.zeros((4, 4)))
    assert pooled.values.tolist() == [[0, 0], [0, 0]] and pooled.winners[1, 1].tolist() == [2, 2]


def test_folding_batchnorm_gives_exactly_the_models_first_layer():
    model = build_model(ModelSpec(kind="fast_cnn"), seed=0).eval()
    norm = model[1]
    with torch.no_grad():  # a trained BatchNorm has moved away from its identity start
        norm.running_mean.uniform_(-0.3, 0.3)
        norm.running_var.uniform_(0.5, 2.0)
        norm.weight.uniform_(0.5, 1.5)
        norm.bias.uniform_(-0.2, 0.2)
    digit = (torch.rand(28, 28, generator=torch.Generator().manual_seed(1)) * 255).to(torch.uint8)
    x = (digit.double() / 255 - 0.1307) / 0.3081
    with torch.no_grad():
        theirs = model[:3](x.float()[None, None])[0].double().numpy()  # ReLU(BN(conv(x)))
    first = cv.first_layer(model)
    assert (first.padding, first.stride) == (1, 2)
    for channel in (0, 7, 15):
        ours = cv.filter_image(x.numpy(), first.weight[channel], first.bias[channel], first.padding, first.stride)
        assert np.allclose(ours.out, theirs[channel], atol=1e-5)


def test_no_first_layer_in_an_mlp():
    assert cv.first_layer(build_model(ModelSpec(kind="mlp", hidden=(8,)), seed=0)) is None


def test_a_kernel_of_zeros_gives_zeros_and_a_huge_one_is_flagged():
    image = np.ones((5, 5))
    assert not cv.filter_image(image, np.zeros((3, 3))).out.any()
    assert cv.is_huge(np.full((3, 3), 1e6), 0.0) and cv.is_huge(np.zeros((3, 3)), float("nan"))
    assert not cv.is_huge(np.array(cv.KERNELS["sharpen"]), 1.0)


def test_the_network_layer_by_layer_ends_in_its_own_probabilities():
    model = build_model(ModelSpec(kind="fast_cnn"), seed=0).eval()
    digit = torch.zeros(28, 28, dtype=torch.uint8)
    digit[4:24, 12:16] = 255
    views = convnet.layer_views(model, digit)
    names = [v.name for v in views]
    assert names[0] == "input" and names[-1] == "softmax" and "conv 3" in names and "max pool 2" in names
    assert views[0].shape == (1, 28, 28) and next(v for v in views if v.name == "conv 1").shape == (16, 14, 14)
    assert next(v for v in views if v.name == "dense").shape == (10,)
    from nnviz.training import predict_proba

    assert np.allclose(views[-1].values, predict_proba(model, digit[None])[0].numpy(), atol=1e-6)


def test_a_convolution_needs_far_fewer_weights_than_a_dense_layer():
    counts = convnet.weight_counts(build_model(ModelSpec(kind="fast_cnn"), seed=0))
    first = counts[0]
    assert (first.in_shape, first.out_shape) == ((1, 28, 28), (16, 14, 14))
    assert first.conv == 16 * 9 and first.dense == 784 * 3136 + 3136
    assert all(c.conv < c.dense for c in counts)


def test_shifting_moves_the_digit_and_its_feature_maps():
    digit = torch.zeros(28, 28, dtype=torch.uint8)
    digit[10:18, 12:14] = 255
    moved = convnet.shifted(digit, 2, -4)
    assert torch.equal(moved[12:20, 8:10], digit[10:18, 12:14]) and int(moved.sum()) == int(digit.sum())
    model = build_model(ModelSpec(kind="fast_cnn"), seed=0).eval()
    effect = convnet.shift_effect({"CNN": model}, model, digit, 2, -4)
    # stride 2: two pixels down and four left in the input is one down and two left in the map
    assert np.allclose(effect.maps_after[6:12, 2:8], effect.maps_before[5:11, 4:10], atol=1e-5)
    assert 0 <= effect.moved_by("CNN") <= 1


def test_the_shift_summary_counts_what_each_model_still_reads():
    model = build_model(ModelSpec(kind="fast_cnn"), seed=0).eval()
    images = (torch.rand(6, 28, 28, generator=torch.Generator().manual_seed(2)) * 255).to(torch.uint8)
    labels = torch.arange(6)
    still = convnet.shift_summary({"CNN": model}, images, labels, 0, 0)
    assert still.moved["CNN"] == 0 and still.right_before == still.right_after
    moved = convnet.shift_summary({"CNN": model}, images, labels, 3, -2)
    one = [convnet.shift_effect({"CNN": model}, model, images[i], 3, -2).moved_by("CNN") for i in range(6)]
    assert moved.n == 6 and moved.moved["CNN"] == pytest.approx(np.mean(one), abs=1e-6)
