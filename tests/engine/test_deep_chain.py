"""Part 6's chain: the product of local derivatives, computed by hand, equals autograd's vanishing-gradient ratio."""

import math

import pytest

from nnviz import deep_chain
from nnviz.activations import ACTIVATIONS

SMOOTH = [name for name in ACTIVATIONS if name != "step"]


@pytest.mark.parametrize("act", SMOOTH)
@pytest.mark.parametrize("depth", [1, 2, 5, 10, 16])
def test_the_vanishing_gradient_ratio_matches_the_product_of_local_derivatives(act, depth):
    chain = deep_chain.chain(depth, act)
    measured = deep_chain.measured_ratio(depth, act)
    assert chain.ratio == pytest.approx(measured, rel=1e-6, abs=1e-6)
    assert chain.product == pytest.approx(measured, rel=1e-6, abs=1e-6)
    assert len(chain.factors) == depth - 1


@pytest.mark.parametrize("weight, x", [(0.5, 1.0), (-1.3, 0.7), (2.0, -0.4)])
def test_other_weights_and_inputs_agree_too(weight, x):
    for act in SMOOTH:
        chain = deep_chain.chain(7, act, weight=weight, x=x)
        measured = deep_chain.measured_ratio(7, act, weight=weight, x=x)
        if measured is None:
            assert chain.ratio is None
            continue
        assert chain.product == pytest.approx(measured, rel=1e-6, abs=1e-12), act


def test_each_sigmoid_multiplies_by_at_most_a_quarter():
    for depth in range(2, 17):
        chain = deep_chain.chain(depth, "sigmoid")
        assert all(0 < f <= 0.25 for f in chain.factors)
        assert chain.product <= 0.25 ** (depth - 1)
    assert deep_chain.chain(10, "sigmoid").product == pytest.approx(math.prod(deep_chain.chain(10, "sigmoid").factors))


def test_relu_passes_the_gradient_back_whole():
    assert deep_chain.chain(16, "ReLU").product == 1.0 == deep_chain.measured_ratio(16, "ReLU")


def test_the_step_function_passes_nothing_back():
    chain = deep_chain.chain(4, "step")
    assert chain.product == 0.0 and chain.ratio is None and deep_chain.measured_ratio(4, "step") is None
    with pytest.raises(ValueError):
        deep_chain.chain(0, "sigmoid")
