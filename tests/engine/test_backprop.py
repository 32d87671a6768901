"""The backprop engine: our chain rule against autograd, the nudge, one step, and a run that blows up."""

import math

import numpy as np
import pytest

from nnviz import backprop
from nnviz.activations import ACTIVATIONS
from nnviz.backprop import PARAMS, WALK, Net, Training
from nnviz.figures import backprop as figs
from nnviz.outcome import Why, limit

SMOOTH = [name for name in ACTIVATIONS if name != "step"]  # step's slope is 0: checked on its own


def random_case(seed: int, hidden: str, out: str):
    rng = np.random.default_rng(seed)
    params = dict(zip(PARAMS, rng.normal(0, 1.5, len(PARAMS)).tolist(), strict=True))
    x1, x2, target = rng.uniform(-3, 3, 3).tolist()
    return Net(**params, hidden=hidden, out=out), x1, x2, target


@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
@pytest.mark.parametrize("out", ["sigmoid", "none (identity)", "tanh"])
def test_our_gradients_equal_autograds_for_random_networks(hidden, out):
    for seed in range(10):
        net, x1, x2, target = random_case(seed, hidden, out)
        ours = backprop.gradients(net, x1, x2, target)
        theirs = backprop.torch_gradients(net, x1, x2, target)
        assert ours.keys() == theirs.keys() == set(PARAMS)
        for name in PARAMS:
            assert ours[name] == pytest.approx(theirs[name], abs=1e-6, rel=1e-6), (seed, name)


@pytest.mark.parametrize("out", list(ACTIVATIONS))
def test_every_output_activation_in_the_registry_agrees_too(out):
    net, x1, x2, target = random_case(3, "tanh", out)
    ours, theirs = backprop.gradients(net, x1, x2, target), backprop.torch_gradients(net, x1, x2, target)
    assert all(abs(ours[n] - theirs[n]) < 1e-6 for n in PARAMS)


def test_the_loss_is_half_the_squared_error_and_its_slope_starts_the_chain():
    net, x1, x2, target = random_case(1, "sigmoid", "none (identity)")
    fwd = backprop.forward(net, x1, x2, target)
    assert fwd.loss == pytest.approx(0.5 * (fwd.y - target) ** 2)
    first = backprop.backward(net, fwd).steps[0]
    assert first.node == "y" and first.dl_da == pytest.approx(fwd.y - target)


def test_each_step_multiplies_its_factors():
    net, x1, x2, target = random_case(2, "sigmoid", "sigmoid")
    fwd = backprop.forward(net, x1, x2, target)
    steps = backprop.backward(net, fwd).steps
    assert tuple(s.node for s in steps) == WALK
    for step in steps:
        assert step.dl_da == pytest.approx(sum(d * w for _, d, w in step.arrives) if step.arrives else fwd.y - target)
        if step.da_dz is not None:
            assert step.dl_dz == step.dl_da * step.da_dz
            for edge in step.edges:
                assert edge.grad == step.dl_dz * edge.value
    x1_step = steps[WALK.index("x1")]
    assert [unit for unit, _, _ in x1_step.arrives] == ["h1", "h2"]  # an input sums what both units pass back


def test_a_step_activation_passes_no_gradient_back():
    net, x1, x2, target = random_case(4, "step", "none (identity)")
    grads = backprop.gradients(net, x1, x2, target)
    assert all(grads[n] == 0 for n in ("w11", "w12", "w21", "w22", "b1", "b2"))


@pytest.mark.parametrize("param", PARAMS)
def test_the_finite_difference_agrees_with_the_gradient(param):
    net, x1, x2, target = random_case(5, "tanh", "sigmoid")
    small = backprop.nudge(net, x1, x2, target, param, 1e-6)
    assert small.change == pytest.approx(small.promised, abs=1e-9, rel=1e-3)
    assert small.before == backprop.forward(net, x1, x2, target).loss


def test_one_step_changes_each_weight_by_exactly_minus_lr_times_its_gradient():
    net, x1, x2, target = random_case(6, "sigmoid", "none (identity)")
    grads = backprop.gradients(net, x1, x2, target)
    after = backprop.sgd_step(net, grads, 0.3)
    for name in PARAMS:
        assert getattr(after, name) == getattr(net, name) - 0.3 * grads[name]
    assert (after.hidden, after.out) == (net.hidden, net.out)


def test_training_lowers_the_loss_and_stops_when_it_has_learned():
    run = Training(Net(), 1.0, 0.5, 1.0, 0.1)
    run.step()
    assert run.losses[1] < run.losses[0] and run.outcome is None
    run.run(2000)
    assert run.outcome is not None and run.outcome.why is Why.TARGET and run.losses[-1] < run.good_enough
    assert run.run(5) is run.outcome and run.steps == run.outcome.step  # a stopped run takes no more steps


def test_a_huge_learning_rate_diverges_with_an_outcome_not_an_exception():
    run = Training(Net(), 1.0, 0.5, 1.0, 10.0)
    outcome = run.run(300)
    assert outcome is not None and outcome.why is Why.DIVERGED
    assert outcome.start == run.losses[0] and outcome.limit == limit(run.losses[0]) and outcome.lr == 10.0
    assert outcome.step == run.steps and (not math.isfinite(outcome.value) or outcome.value > outcome.limit)


def test_huge_values_give_numbers_or_nan_never_an_exception():
    net = Net(**dict.fromkeys(PARAMS, 1e200), hidden="none (identity)")
    fwd = backprop.forward(net, 5.0, 5.0, 1.0)
    assert not math.isfinite(fwd.loss)
    backprop.backward(net, fwd)  # no exception


def test_the_graph_shows_the_gradients_the_walk_has_reached():
    net = Net()
    fwd = backprop.forward(net, 1.0, 0.5, 1.0)
    back = backprop.backward(net, fwd)

    def text(fig) -> str:
        on_nodes = [" ".join(map(str, t.text)) for t in fig.data if t.text is not None]
        return " ".join(on_nodes + [a.text for a in fig.layout.annotations])

    assert "∂L/∂v1" not in text(figs.network_figure(net, fwd))
    one = text(figs.network_figure(net, fwd, back.steps[:1]))
    assert f"∂L/∂v1 = {back.grads['v1']:.4g}" in one and "∂L/∂w11" not in one
    assert f"∂L/∂w11 = {back.grads['w11']:.4g}" in text(figs.network_figure(net, fwd, back.steps))


def test_the_loss_curve_starts_at_step_0_and_leaves_out_what_a_log_axis_cannot_show():
    fig = figs.loss_curve([0.2, 0.1, 0.0, math.inf, math.nan])
    assert list(fig.data[0].x) == [0, 1, 2, 3, 4] and list(fig.data[0].y) == [0.2, 0.1, None, None, None]
