"""The activation engine against references: autograd, finite differences, torch's own functions, hand maths."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from nnviz import nonlinearity
from nnviz.activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    NONLINEAR,
    activation,
    cross_entropy,
    curve,
    local_gradients,
    neuron,
    neuron_surface,
    soft_target,
    softmax,
)
from nnviz.figures import activations as figures

# Many points, including both sides of every kink and far into saturation.
GRID = torch.cat([torch.linspace(-8, 8, 1601, dtype=torch.float64), torch.randn(500, dtype=torch.float64) * 4])


def autograd_slope(name: str, x: torch.Tensor) -> torch.Tensor:
    x = x.clone().requires_grad_()
    activation(name).fn(x).sum().backward()
    return x.grad


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_registered_derivative_matches_autograd(name):
    away_from_zero = GRID[GRID.abs() > 1e-9]  # kinks (ReLU, step) have no derivative exactly at 0
    expected = autograd_slope(name, away_from_zero)
    got = activation(name).derivative(away_from_zero)
    torch.testing.assert_close(got, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n != "step"])
def test_every_smooth_piece_matches_finite_differences(name):
    # autograd runs the same code as fn; finite differences check the slope independently.
    x = GRID[(GRID.abs() > 1e-3)]
    h = 1e-6
    numeric = (activation(name).fn(x + h) - activation(name).fn(x - h)) / (2 * h)
    torch.testing.assert_close(activation(name).derivative(x), numeric, rtol=1e-6, atol=1e-7)


def test_step_jumps_at_zero_and_its_slope_is_zero_everywhere_else():
    step = activation("step")
    assert step.fn(torch.tensor([-1e-6, 0.0, 1e-6])).tolist() == [0.0, 0.0, 1.0]
    x = GRID[GRID != 0]
    assert torch.all(step.derivative(x) == 0) and torch.all(autograd_slope("step", x) == 0)
    assert torch.all(step.fn(x) == (x > 0).to(x.dtype))


def test_the_registry_agrees_with_torchs_own_activations():
    x = GRID
    torch.testing.assert_close(activation("sigmoid").fn(x), torch.sigmoid(x))
    torch.testing.assert_close(activation("GELU").fn(x), torch.nn.functional.gelu(x))
    torch.testing.assert_close(activation("leaky ReLU").fn(x), torch.nn.functional.leaky_relu(x, LEAKY_SLOPE))
    torch.testing.assert_close(activation("ReLU").fn(x), torch.clamp(x, min=0))


def test_the_registry_pairs_each_activation_with_its_formulas():
    assert {"step", "sigmoid", "tanh", "ReLU", "leaky ReLU", "GELU"} <= set(NONLINEAR)
    for act in ACTIVATIONS.values():
        assert act.formula and act.derivative_formula and act.note
    with pytest.raises(ValueError, match="unknown activation"):
        activation("swish?")


def test_local_gradients_show_saturation_and_relus_constant_slope():
    at_zero, far_out = local_gradients(0.0), local_gradients(6.0)
    assert at_zero["sigmoid"] == pytest.approx(0.25) and at_zero["tanh"] == pytest.approx(1.0)
    assert far_out["sigmoid"] < 0.003 and far_out["tanh"] < 1e-4  # saturated
    assert far_out["ReLU"] == 1.0 and local_gradients(0.5)["ReLU"] == 1.0 and local_gradients(-2)["ReLU"] == 0.0
    assert local_gradients(-2.0)["leaky ReLU"] == LEAKY_SLOPE
    assert local_gradients(3.0)["step"] == 0.0 == local_gradients(-3.0)["step"]


def test_one_neuron_matches_hand_computation():
    z, out = neuron([2.0, 1.0], [6.0, 5.0], -10.0, "step")  # the credit example: 2*6 + 5 - 10 = 7
    assert (z, out) == (7.0, 1.0)
    z, out = neuron([0.5, -1.0], [1.0, 2.0], 0.3, "sigmoid")
    assert z == pytest.approx(-1.2) and out == pytest.approx(1 / (1 + math.exp(1.2)))


def test_neuron_surface_puts_x1_on_columns_and_x2_on_rows():
    axis, out = neuron_surface(1.0, 0.0, 0.0, "none (identity)", lim=2.0, n=5)
    assert out.shape == (5, 5)
    torch.testing.assert_close(out[0], axis)  # along a row only x1 changes
    axis, out = neuron_surface(0.0, 1.0, 0.5, "none (identity)", lim=2.0, n=5)
    torch.testing.assert_close(out[:, 0], axis + 0.5)


def test_softmax_sums_to_one_matches_torch_and_ignores_a_constant_shift():
    logits = torch.tensor([2.0, -1.0, 0.5, 3.0, 0.0, -4.0, 1.0, 1.0, 2.5, -0.5], dtype=torch.float64)
    for temperature in (0.1, 0.5, 1.0, 3.0, 10.0):
        p = softmax(logits, temperature)
        assert float(p.sum()) == pytest.approx(1.0, abs=1e-12) and torch.all(p > 0)
        torch.testing.assert_close(p, torch.softmax(logits / temperature, 0))
        torch.testing.assert_close(softmax(logits + 123.4, temperature), p)
    assert softmax(torch.tensor([1000.0, 0.0])).tolist() == pytest.approx([1.0, 0.0])  # no overflow


def test_temperature_sharpens_and_flattens():
    logits = torch.tensor([1.0, 2.0, 3.0])
    assert softmax(logits, 0.05)[2] > 0.999
    assert float(softmax(logits, 100.0).std()) < 0.01
    with pytest.raises(ValueError, match="temperature"):
        softmax(logits, 0.0)


def test_soft_targets_and_cross_entropy():
    target = soft_target(3, 10, 0.1)
    assert float(target.sum()) == pytest.approx(1.0) and float(target[3]) == pytest.approx(0.91)
    assert float(target[0]) == pytest.approx(0.01)
    assert soft_target(3, 10, 0.0).tolist() == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    p = softmax(torch.tensor([0.0, 0.0, 1.0]))
    assert cross_entropy(p, soft_target(2, 3, 0.0)) == pytest.approx(-math.log(float(p[2])))
    with pytest.raises(ValueError):
        soft_target(0, 3, 1.5)


@pytest.mark.parametrize("widths", [(1, 4, 4, 1), (3, 5, 2), (2, 7, 7, 7, 7, 4), (6, 6)])
def test_a_linear_stack_collapses_to_one_linear_map(widths):
    layers = nonlinearity.random_stack(widths, seed=3)
    weight, bias = nonlinearity.collapse(layers)
    assert weight.shape == (widths[-1], widths[0]) and bias.shape == (widths[-1],)
    x = torch.randn(200, widths[0], dtype=torch.float64, generator=torch.Generator().manual_seed(1)) * 3
    torch.testing.assert_close(nonlinearity.run_stack(layers, x), x @ weight.T + bias, rtol=1e-12, atol=1e-12)
    assert nonlinearity.collapse_gap(layers, x) < 1e-12


def test_collapse_is_the_product_of_the_weight_matrices():
    layers = nonlinearity.random_stack((2, 3, 4, 2), seed=0)
    (w1, b1), (w2, b2), (w3, b3) = layers
    weight, bias = nonlinearity.collapse(layers)
    torch.testing.assert_close(weight, w3 @ w2 @ w1)
    torch.testing.assert_close(bias, w3 @ (w2 @ b1 + b2) + b3)


@pytest.mark.parametrize("between", ["ReLU", "tanh", "sigmoid"])
def test_a_non_linearity_breaks_the_collapse(between):
    layers = nonlinearity.random_stack((1, 8, 8, 1), seed=0)
    x = torch.linspace(-4, 4, 100, dtype=torch.float64).unsqueeze(1)
    assert nonlinearity.collapse_gap(layers, x, between) > 0.05


def test_curve_fit_improves_with_width_only_with_a_non_linearity():
    losses = {w: nonlinearity.fit_curve(nonlinearity.FitConfig(hidden=w, activation="tanh")).loss for w in (1, 16)}
    assert losses[16] < losses[1] / 100
    linear = [nonlinearity.fit_curve(nonlinearity.FitConfig(hidden=w, activation="none (identity)")) for w in (1, 16)]
    # the best straight line through sin(2x): the least-squares line, whatever the width
    x, y = linear[0].x, linear[0].target
    best_line = np.polyval(np.polyfit(x, y, 1), x)
    for fit in linear:
        assert fit.loss == pytest.approx(float(np.mean((best_line - y) ** 2)), rel=1e-3)


def test_curve_fit_is_seeded_and_checks_its_config():
    config = nonlinearity.FitConfig(target="bump", hidden=4, activation="ReLU", seed=5)
    a, b = nonlinearity.fit_curve(config), nonlinearity.fit_curve(config)
    assert np.array_equal(a.prediction, b.prediction) and a.loss == b.loss
    assert a.loss < float(np.var(a.target))  # better than predicting the mean
    with pytest.raises(ValueError, match="target"):
        nonlinearity.fit_curve(nonlinearity.FitConfig(target="zigzag"))
    with pytest.raises(ValueError, match="hidden"):
        nonlinearity.fit_curve(nonlinearity.FitConfig(hidden=0))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_shrink_through_stacked_sigmoids_but_not_relus(seed):
    sigmoid = nonlinearity.layer_gradients(8, "sigmoid", seed=seed)
    relu = nonlinearity.layer_gradients(8, "ReLU", seed=seed)
    assert len(sigmoid) == 8 and sigmoid[0] < sigmoid[-1] / 1000
    assert all(later > earlier for earlier, later in zip(sigmoid, sigmoid[1:], strict=False))  # shrinks at every layer
    assert relu[0] > relu[-1] / 10
    assert nonlinearity.layer_gradients(4, "step", seed=0) == [0.0] * 4
    assert nonlinearity.layer_gradients(3, "tanh", seed=1) == nonlinearity.layer_gradients(3, "tanh", seed=1)


def test_figures_are_built_from_the_numbers_given():
    x, f, df = curve("sigmoid")
    fig = figures.activation_plot("sigmoid", x, f, df)
    assert isinstance(fig, go.Figure) and len(fig.data) == 2
    assert np.allclose(fig.data[1].y, df.numpy()) and max(fig.data[1].y) == pytest.approx(0.25, abs=1e-4)
    p = softmax(torch.arange(10.0))
    bars = figures.softmax_bars(p, soft_target(9, 10, 0.0), soft_target(9, 10, 0.2), (0.5, 0.7))
    assert "sums to 1.000" in bars.layout.annotations[0].text and len(bars.data) == 3
    zeros = figures.layer_gradient_bars([0.0, 0.0], "step")
    assert list(zeros.data[0].text) == ["exactly 0", "exactly 0"]
    assert figures.loss_by_width([1, 2, 4], [0.4, 0.1, 0.0], current=2).layout.yaxis.type == "log"
