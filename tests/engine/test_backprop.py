"""The backprop engine: our chain rule against autograd, the nudge, one step, and a run that blows up."""

import math

import numpy as np
import pytest

from nnviz import backprop
from nnviz.activations import ACTIVATIONS
from nnviz.backprop import CROSS_ENTROPY, LOSSES, PARAMS, SQUARED, WALK, Net, Training
from nnviz.figures import backprop as figs
from nnviz.outcome import Why, limit

SMOOTH = [name for name in ACTIVATIONS if name != "step"]  # step's slope is 0: checked on its own


def random_case(seed: int, hidden: str, out: str, loss: str = SQUARED):
    rng = np.random.default_rng(seed)
    params = dict(zip(PARAMS, rng.normal(0, 1.5, len(PARAMS)).tolist(), strict=True))
    x1, x2, target = rng.uniform(-3, 3, 3).tolist()
    if loss == CROSS_ENTROPY:  # a probability: the cross-entropy's target lies in [0, 1]
        target = (target + 3) / 6
    return Net(**params, hidden=hidden, out=out, loss=loss), x1, x2, target


def defined_cases(hidden: str, out: str, loss: str, count: int = 10, tries: int = 300):
    """Random cases where the loss has a slope: for the cross-entropy, an output y strictly inside (0, 1)."""
    found = []
    for seed in range(tries):
        case = random_case(seed, hidden, out, loss)
        if 0 < backprop.forward(*case).y < 1 or loss == SQUARED:
            found.append((seed, *case))
        if len(found) == count:
            break
    return found


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
@pytest.mark.parametrize("out", ["sigmoid", "none (identity)", "tanh"])
def test_our_gradients_equal_autograds_for_random_networks(hidden, out, loss):
    cases = defined_cases(hidden, out, loss)
    assert len(cases) == 10  # identity and tanh outputs land inside (0, 1) often enough to find ten
    for seed, net, x1, x2, target in cases:
        ours = backprop.gradients(net, x1, x2, target)
        theirs = backprop.torch_gradients(net, x1, x2, target)
        assert ours.keys() == theirs.keys() == set(PARAMS)
        for name in PARAMS:
            assert math.isfinite(ours[name]), (seed, name)
            assert ours[name] == pytest.approx(theirs[name], abs=1e-6, rel=1e-6), (seed, name)


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("out", list(ACTIVATIONS))
def test_every_output_activation_in_the_registry_agrees_too(out, loss):
    cases = defined_cases("tanh", out, loss, count=1)
    if not cases:  # a step output is exactly 0 or 1: the cross-entropy is infinite there, and says why
        net, x1, x2, target = random_case(3, "tanh", out, loss)
        fwd = backprop.forward(net, x1, x2, target)
        assert out == "step" and fwd.loss == math.inf and backprop.trouble(net, fwd) == "output"
        return
    _, net, x1, x2, target = cases[0]
    ours, theirs = backprop.gradients(net, x1, x2, target), backprop.torch_gradients(net, x1, x2, target)
    assert all(abs(ours[n] - theirs[n]) < 1e-6 for n in PARAMS)


def test_the_cross_entropy_and_its_slope_start_the_chain():
    net, x1, x2, target = random_case(1, "sigmoid", "sigmoid", CROSS_ENTROPY)
    fwd = backprop.forward(net, x1, x2, target)
    y = fwd.y
    assert 0 < target < 1 and fwd.loss == pytest.approx(-(target * math.log(y) + (1 - target) * math.log(1 - y)))
    first = backprop.backward(net, fwd).steps[0]
    assert first.node == "y" and first.dl_da == pytest.approx(-target / y + (1 - target) / (1 - y))
    assert first.dl_dz == pytest.approx(y - target)  # the sigmoid's slope y(1 - y) cancels the division
    assert backprop.trouble(net, fwd) is None


@pytest.mark.parametrize("param", PARAMS)
def test_the_finite_difference_agrees_with_the_cross_entropys_gradient(param):
    net, x1, x2, target = random_case(5, "tanh", "sigmoid", CROSS_ENTROPY)
    small = backprop.nudge(net, x1, x2, target, param, 1e-6)
    assert small.change == pytest.approx(small.promised, abs=1e-9, rel=1e-3)
    assert small.before == backprop.forward(net, x1, x2, target).loss


def test_the_cross_entropy_names_what_it_cannot_compute_never_raising():
    identity = Net(loss=CROSS_ENTROPY)  # the default output, the identity, can leave (0, 1)
    fwd = backprop.forward(identity, 1.0, 0.5, 1.0)
    assert backprop.trouble(identity, fwd) == "output" and backprop.trouble(Net(), fwd) is None
    below = identity.with_params({"c": -3.0})
    outside = backprop.forward(below, 1.0, 0.5, 1.0)
    assert outside.y < 0 and math.isnan(outside.loss)  # no log of a negative number: NaN, not an exception
    assert math.isnan(backprop.backward(below, outside).steps[0].dl_da)
    sigmoid = Net(out="sigmoid", loss=CROSS_ENTROPY)
    assert backprop.trouble(sigmoid, backprop.forward(sigmoid, 1.0, 0.5, 2.0)) == "target"
    saturated = Net(**dict.fromkeys(PARAMS, 5.0), hidden="none (identity)", out="sigmoid", loss=CROSS_ENTROPY)
    fwd = backprop.forward(saturated, 5.0, 5.0, 0.5)
    assert fwd.y == 1.0 and fwd.loss == math.inf and backprop.trouble(saturated, fwd) == "saturated"
    assert math.isnan(backprop.backward(saturated, fwd).steps[0].dl_da)  # never a clamped number


def test_training_with_the_cross_entropy_lowers_the_loss_and_keeps_it():
    start = Net(out="sigmoid", loss=CROSS_ENTROPY)
    run = Training(start, 1.0, 0.5, 0.8, 0.3)
    run.run(50)
    assert run.losses[-1] < run.losses[0] and run.net.loss == CROSS_ENTROPY and run.outcome is None
    assert not backprop.same_example(run, Net(out="sigmoid"), 1.0, 0.5, 0.8, 0.3)  # another loss starts afresh


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
