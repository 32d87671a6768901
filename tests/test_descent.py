"""The gradient descent engine: slopes against hand-computed derivatives, the loop's exact updates,
the no-learning baseline on the real test split, and mini-batch SGD beating it."""

import math

import numpy as np
import pytest
import torch

from nnviz import baseline, descent, minibatch
from nnviz.figures import descent as figs

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
    assert "Still on the way" in descent.verdict(crawl) and crawl.losses[-1] > 0.9 * crawl.losses[0]
    arrive = descent.descend(BOWL, 4.0, 0.5, 20)
    assert arrive.ws[1] == 1.0 and descent.verdict(arrive).startswith("Arrived")
    blow_up = descent.descend(BOWL, 4.0, 1.2, 100)
    assert blow_up.diverged and "too large" in blow_up.diverged and len(blow_up.ws) < 101
    assert "Diverg" in descent.verdict(descent.descend(BOWL, 4.0, 1.05, 10))


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
    assert "below the target" in by_target.stop_reason and "swing" not in by_target.stop_reason
    lucky = descent.SevenSteps(seed=5, lr=0.05, zero_grad=False, budget=500, target_loss=0.1)
    lucky.run(500)
    assert lucky.steps < 100 and "below the target" in lucky.stop_reason and "on a swing" in lucky.stop_reason
    by_budget = descent.SevenSteps(seed=0, lr=0.1, budget=25, target_loss=0.0)
    by_budget.run(10_000)
    assert by_budget.steps == 25 and "budget" in by_budget.stop_reason
    by_budget.step()
    assert by_budget.steps == 25  # a stopped loop stays stopped
    wild = descent.SevenSteps(seed=0, lr=0.3, budget=2000, target_loss=0.0)
    wild.run(2000)
    assert wild.stop_reason.startswith("Diverged") and wild.steps < 2000 and "too large" in wild.stop_reason


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
    assert result.updates == math.ceil(n_train / 64) and result.images_seen == n_train and result.note is None
    assert result.test_accs[0] < 0.8  # random weights know nothing yet
    best_baseline = max(baseline.evaluate_baseline(mnist, d).accuracy for d in baseline.DISTANCES)
    assert result.test_acc > best_baseline
    again = minibatch.train_linear(mnist, config)
    assert again.losses == result.losses  # one seed, the same run


def test_the_update_budget_is_reported(mnist):
    threads = torch.get_num_threads()
    result = minibatch.train_linear(mnist, minibatch.MinibatchConfig(batch_size=1, lr=0.1, max_updates=200))
    assert result.updates == 200 and result.images_seen == 200 and "budget" in result.note
    assert torch.get_num_threads() == threads  # the one-thread speed-up is undone afterwards


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
