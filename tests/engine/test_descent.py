"""The gradient descent engine: slopes against hand-computed derivatives, the loop's exact updates,
the no-learning baseline on the real test split, and mini-batch SGD beating it."""

import math

import numpy as np
import pytest
import torch

from lessons.gradient_descent.loop import loop_kind, loop_said
from lessons.gradient_descent.panels import minibatch_kind, minibatch_said, walk_kind, walk_said
from nnviz import baseline, descent, minibatch
from nnviz.figures import descent as figs
from nnviz.outcome import FLOOR, GROWTH, Why, blew_up, limit

BOWL = descent.LOSS_CURVES["a bowl: (w - 1)² + 0.5"]


def test_the_autograd_example_gives_16():
    value, grad = descent.autograd_example(8.0)
    assert value == 64.0 and grad == 16.0
    assert descent.autograd_example(-3.0) == (9.0, -6.0)  # 2x, not a constant


@pytest.mark.parametrize(
    "name, x, slope",
    [("x²", 8.0, 16.0), ("x³", 2.0, 12.0), ("sin x", 0.5, math.cos(0.5)), ("eˣ", 1.0, math.e),
     ("sigmoid x", 0.0, 0.25)],
)  # fmt: skip
def test_slopes_match_derivatives_by_hand(name, x, slope):
    assert descent.tangent_at(descent.FUNCTIONS[name], x, 1.0).slope == pytest.approx(slope, rel=1e-12)


def test_rise_over_run_is_measured_on_the_curve_and_closes_in_on_the_slope():
    square = descent.FUNCTIONS["x²"]
    wide = descent.tangent_at(square, 8.0, 1.0)
    assert wide.rise == pytest.approx(81 - 64) and wide.rise_over_run == pytest.approx(17.0)
    gaps = [abs(descent.tangent_at(square, 8.0, run).rise_over_run - 16.0) for run in (1.0, 0.1, 0.01)]
    assert gaps == pytest.approx([1.0, 0.1, 0.01])
    with pytest.raises(ValueError):
        descent.tangent_at(square, 8.0, 0.0)


def test_each_1d_step_moves_against_the_slope_by_lr_times_slope():
    path = descent.descend(BOWL, start=4.0, lr=0.1, steps=5)
    assert len(path.ws) == 6 and path.diverged is None
    for before, after, slope in zip(path.ws, path.ws[1:], path.slopes, strict=False):
        assert slope == pytest.approx(2 * (before - 1))
        assert after == pytest.approx(before - 0.1 * slope)
    assert path.losses == sorted(path.losses, reverse=True)


def test_small_crawls_right_arrives_and_large_diverges_in_words():
    crawl = descent.descend(BOWL, 4.0, 0.001, 20)
    assert descent.verdict(crawl).why is Why.ON_THE_WAY and crawl.losses[-1] > 0.9 * crawl.losses[0]
    assert "Still on the way" in walk_said(descent.verdict(crawl)) and walk_kind(descent.verdict(crawl)) == "info"
    arrive = descent.descend(BOWL, 4.0, 0.5, 20)
    assert arrive.ws[1] == 1.0 and descent.verdict(arrive).why is Why.ARRIVED
    assert walk_said(descent.verdict(arrive)).startswith("Arrived")
    blow_up = descent.descend(BOWL, 4.0, 1.2, 100)
    assert blow_up.diverged and blow_up.diverged.why is Why.DIVERGED and len(blow_up.ws) < 101
    assert blow_up.diverged.step == len(blow_up.ws) and abs(blow_up.diverged.value) > blow_up.diverged.limit
    assert "too large" in walk_said(blow_up.diverged) and walk_kind(blow_up.diverged) == "error"
    swinging = descent.verdict(descent.descend(BOWL, 4.0, 1.05, 10))
    assert swinging.why is Why.DIVERGING and swinging.value > swinging.start
    assert "Diverg" in walk_said(swinging) and "1.05 is too large" in walk_said(swinging)
    assert descent.verdict(descent.descend(BOWL, 4.0, 0.9, 9)).why is Why.BOUNCING


def test_one_rule_decides_when_a_value_has_blown_up():
    assert blew_up(math.nan, 1.0) and blew_up(math.inf, 1.0) and blew_up(-math.inf, 1.0)
    assert limit(50.0) == GROWTH * 50.0 and limit(-50.0) == limit(50.0)  # growth: GROWTH times the start
    assert blew_up(GROWTH * 50.0 + 1, 50.0) and not blew_up(GROWTH * 50.0, 50.0) and blew_up(-GROWTH * 51, 50.0)
    assert limit(0.0) == limit(0.01) == limit(math.nan) == GROWTH * FLOOR  # a start near zero counts as FLOOR
    assert not blew_up(GROWTH * FLOOR - 1, 0.01) and blew_up(GROWTH * FLOOR + 1, 0.01)
    assert (GROWTH, FLOOR) == (100, 10)  # the digit trainer's limit all along: max(1,000, 100 x the first loss)


def test_the_toy_measurements_are_seeded():
    t, y = descent.toy_measurements(3)
    assert torch.equal(y, descent.toy_measurements(3)[1]) and not torch.equal(y, descent.toy_measurements(4)[1])
    assert len(t) == 21 and float(t[0]) == 0.0 and float(t[-1]) == 2.0


def test_one_step_changes_each_parameter_by_exactly_minus_lr_times_grad():
    loop = descent.SevenSteps(seed=0, lr=0.07)
    before = loop.params.detach().clone()
    numbers = loop.step()
    grad, after = torch.tensor(numbers.grad, dtype=torch.float64), loop.params.detach()
    assert torch.equal(torch.tensor(numbers.update, dtype=torch.float64), -0.07 * grad)
    assert torch.equal(after, before + -0.07 * grad)
    assert (after - before).tolist() == pytest.approx((-0.07 * grad).tolist(), rel=1e-12)
    # the gradient of the mean squared error, worked out by hand
    t, y = loop.t.numpy(), loop.y.numpy()
    a, b, c = before.tolist()
    error = a * t**2 + b * t + c - y
    by_hand = [np.mean(2 * error * t**2), np.mean(2 * error * t), np.mean(2 * error)]
    assert numbers.grad == pytest.approx(by_hand, rel=1e-12)
    assert numbers.loss == pytest.approx(np.mean(error**2))
    assert loop.params.grad.abs().max() == 0  # zeroed, ready for the next step


def test_the_phases_run_in_order_and_a_step_ends_at_repeat():
    loop = descent.SevenSteps(seed=1)
    assert loop.phase == descent.INIT and loop.numbers.loss is None
    assert [loop.advance() for _ in range(6)] == [1, 2, 3, 4, 5, 1]
    assert loop.steps == 1 and loop.numbers.loss is None  # a new pass has only predicted so far
    loop.step()
    assert loop.phase == descent.REPEAT and loop.steps == 2


def test_forgetting_to_zero_adds_old_gradients_into_the_update():
    loop = descent.SevenSteps(seed=0, lr=0.05, zero_grad=False)
    first = loop.step()
    second = loop.step()
    assert second.grad == pytest.approx(np.add(first.grad, second.fresh_grad).tolist())
    zeroed = descent.SevenSteps(seed=0, lr=0.05, budget=200, target_loss=0.0)
    forgetful = descent.SevenSteps(seed=0, lr=0.05, zero_grad=False, budget=200, target_loss=0.0)
    zeroed.run(200)
    forgetful.run(200)
    assert zeroed.losses[-1] < forgetful.losses[-1] / 2
    assert zeroed.losses == sorted(zeroed.losses, reverse=True)  # a steady descent
    assert sum(np.diff(forgetful.losses) > 0) > 20  # the forgetful one keeps going back up


def test_the_loop_stops_by_target_budget_or_divergence():
    by_target = descent.SevenSteps(seed=0, lr=0.1, budget=1000, target_loss=0.5)
    by_target.run(10_000)
    assert by_target.stopped and by_target.losses[-1] < 0.5 <= by_target.losses[-2]
    assert by_target.outcome.why is Why.TARGET and by_target.outcome.value == by_target.losses[-1]
    assert "below the target" in loop_said(by_target.outcome) and "swing" not in loop_said(by_target.outcome)
    assert loop_kind(by_target.outcome) == "success"
    lucky = descent.SevenSteps(seed=5, lr=0.05, zero_grad=False, budget=500, target_loss=0.1)
    lucky.run(500)
    assert lucky.steps < 100 and lucky.outcome.why is Why.SWING and lucky.outcome.rises > lucky.steps / 4
    assert "below the target" in loop_said(lucky.outcome) and "on a swing" in loop_said(lucky.outcome)
    assert loop_kind(lucky.outcome) == "info"
    by_budget = descent.SevenSteps(seed=0, lr=0.1, budget=25, target_loss=0.0)
    by_budget.run(10_000)
    assert by_budget.steps == 25 and by_budget.outcome.why is Why.BUDGET and by_budget.outcome.limit == 25
    assert "budget of 25 steps" in loop_said(by_budget.outcome) and loop_kind(by_budget.outcome) == "info"
    by_budget.step()
    assert by_budget.steps == 25  # a stopped loop stays stopped
    wild = descent.SevenSteps(seed=0, lr=0.3, budget=2000, target_loss=0.0)
    wild.run(2000)
    assert wild.outcome.why is Why.DIVERGED and wild.steps < 2000 and wild.outcome.value > wild.outcome.limit
    assert loop_said(wild.outcome).startswith("Diverged") and "too large" in loop_said(wild.outcome)
    assert loop_kind(wild.outcome) == "error"


def test_the_baseline_uses_the_real_splits_and_is_well_above_chance(mnist):
    ideals = baseline.ideal_digits(mnist)
    threes = mnist.train_x[mnist.train_y == 3].numpy().astype(np.float64) / 255
    assert ideals.n_threes == len(threes)
    np.testing.assert_allclose(ideals.three.numpy(), threes.mean(0), atol=1e-5)
    n_test = int(((mnist.test_y == 3) | (mnist.test_y == 7)).sum())
    for distance in baseline.DISTANCES:
        result = baseline.evaluate_baseline(mnist, distance)
        assert result.n_test == n_test
        assert result.accuracy > 0.9  # chance on two classes is 0.5
        assert len(result.wrong) == round((1 - result.accuracy) * n_test)
        assert bool((result.guesses[result.wrong] != result.labels[result.wrong]).all())


def test_the_nearer_ideal_wins():
    ideals = baseline.Ideals(torch.zeros(28, 28), torch.ones(28, 28), 1, 1)
    images = torch.stack([torch.full((28, 28), 0.2), torch.full((28, 28), 0.9)])
    for distance in baseline.DISTANCES:
        assert baseline.classify(images, ideals, distance).tolist() == [3, 7]


def test_mini_batches_cover_every_image_once_per_epoch():
    config = minibatch.MinibatchConfig(batch_size=16, epochs=2)
    batches = list(minibatch.batches(100, config, torch.Generator().manual_seed(0)))
    assert len(batches) == 14 and [len(b) for b in batches[:7]] == [16] * 6 + [4]
    assert sorted(torch.cat(batches[:7]).tolist()) == list(range(100))
    assert not torch.equal(torch.cat(batches[:7]), torch.cat(batches[7:]))  # reshuffled


def test_the_minibatch_linear_model_beats_the_baseline(mnist):
    config = minibatch.MinibatchConfig(batch_size=64, lr=0.5, epochs=1, seed=0)
    result = minibatch.train_linear(mnist, config)
    n_train = int(((mnist.train_y == 3) | (mnist.train_y == 7)).sum())
    assert result.updates == math.ceil(n_train / 64) and result.images_seen == n_train and result.outcome is None
    assert result.test_accs[0] < 0.8  # random weights know nothing yet
    best_baseline = max(baseline.evaluate_baseline(mnist, d).accuracy for d in baseline.DISTANCES)
    assert result.test_acc > best_baseline
    again = minibatch.train_linear(mnist, config)
    assert again.losses == result.losses  # one seed, the same run


def test_the_update_budget_is_reported(mnist):
    threads = torch.get_num_threads()
    result = minibatch.train_linear(mnist, minibatch.MinibatchConfig(batch_size=1, lr=0.1, max_updates=200))
    assert result.updates == 200 and result.images_seen == 200 and result.outcome.why is Why.BUDGET
    assert (result.outcome.limit, result.outcome.seen) == (200, 200) and "budget" in minibatch_said(result.outcome)
    assert minibatch_kind(result.outcome) == "warning"
    assert torch.get_num_threads() == threads  # the one-thread speed-up is undone afterwards


def test_a_runaway_minibatch_run_stops_at_once_and_says_so(mnist):
    result = minibatch.train_linear(mnist, minibatch.MinibatchConfig(lr=1e6, max_updates=50))
    blown = result.outcome
    assert blown.why is Why.DIVERGED and result.updates == blown.step == 1 and blown.value > blown.limit == 1e3
    assert minibatch_said(blown) == "Diverged at update 1: its weights grew past 1000. Lower the learning rate."
    assert minibatch_kind(blown) == "warning"


def test_figures_carry_the_numbers():
    path = descent.descend(BOWL, 4.0, 0.3, 5)
    ws, losses = descent.sample(BOWL, *BOWL.domain)
    fig = figs.descent_path_figure(ws, losses, path)
    assert list(fig.data[1].x) == pytest.approx(path.ws)
    loop = descent.SevenSteps(seed=0)
    loop.step()
    fit = figs.toy_fit_figure(loop.t.numpy(), loop.y.numpy(), loop.values())
    a, b, c = loop.values()
    assert fit.data[1].y[0] == pytest.approx(c) and fit.data[1].y[-1] == pytest.approx(4 * a + 2 * b + c)


def test_the_tangent_view_zooms_to_the_tangent_so_a_slope_of_3_does_not_look_flat():
    cube = descent.FUNCTIONS["x³"]
    xs, ys = descent.sample(cube, *cube.domain)
    fig = figs.tangent_figure(xs, ys, descent.tangent_at(cube, -1.0, 1.0), "x³")
    x_lo, x_hi = fig.layout.xaxis.range
    y_lo, y_hi = fig.layout.yaxis.range
    assert x_lo < -1 < 0 <= x_hi and x_hi - x_lo <= 4  # the point and the whole triangle, not -4..4
    rise_across = 3 * (x_hi - x_lo)  # what the tangent climbs across the view
    assert rise_across / (y_hi - y_lo) > 0.2  # at least a fifth of the height: visibly sloped
