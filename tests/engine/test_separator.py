"""The separator lesson's engine: the worked example, the learners, the datasets, the network, the figures."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lessons.separator import line as line_panel
from lessons.separator import net as net_panel
from nnviz import separator as sep
from nnviz import separator_net as net
from nnviz import toy_data
from nnviz.figures import separator as figs
from nnviz.outcome import Why


def test_the_worked_credit_example_gives_seven_so_repays():
    verdict = sep.predict_point(sep.WORKED_LINE, sep.NEW_BORROWER)
    assert (sep.WORKED_LINE.w1, sep.WORKED_LINE.w2, sep.WORKED_LINE.b) == (2, 1, -10)
    assert sep.NEW_BORROWER == (6, 5)
    assert verdict.score == 7 and verdict.label == 1
    assert verdict.sum_text == "2*6 + 5 - 10 = 7 > 0"


@pytest.mark.parametrize(
    ("line", "point", "text", "label"),
    [
        (sep.Line(1, 1, -10), (2, 3), "2 + 3 - 10 = -5 < 0", 0),  # 2 + 3 - 10 = -5
        (sep.Line(-1.5, -1, 0.5), (-3, 2), "-1.5*(-3) - 2 + 0.5 = 3 > 0", 1),  # 4.5 - 2 + 0.5 = 3
        (sep.Line(2, 0.5, -7), (3, 2), "2*3 + 0.5*2 - 7 = 0, not > 0", 0),  # 6 + 1 - 7 = 0
    ],
)
def test_the_sum_is_written_out_with_the_real_numbers(line, point, text, label):
    verdict = sep.predict_point(line, point)
    assert verdict.sum_text == text and verdict.label == label


def test_a_line_scores_and_predicts_each_point():
    X = np.array([[6.0, 5.0], [1.0, 1.0], [4.0, 2.0]])
    assert sep.WORKED_LINE.score(X).tolist() == [7.0, -7.0, 0.0]
    assert sep.WORKED_LINE.predict(X).tolist() == [1, 0, 0]
    assert sep.WORKED_LINE.errors(X, np.array([1, 1, 0])) == 1


@pytest.mark.parametrize("name", list(toy_data.DATASETS))
def test_generators_share_a_signature_and_are_reproducible(name):
    X, y = toy_data.DATASETS[name](200, 0.2, 3)
    again_X, again_y = toy_data.make(name, 200, 0.2, 3)
    other_X, _ = toy_data.make(name, 200, 0.2, 4)
    assert X.shape == (200, 2) and X.dtype == float and y.shape == (200,) and y.dtype.kind == "i"
    assert np.array_equal(X, again_X) and np.array_equal(y, again_y)
    assert not np.array_equal(X, other_X)
    assert set(np.unique(y)) == {0, 1} and abs(y.mean() - 0.5) < 0.1


def test_clean_credit_data_is_split_exactly_by_the_worked_line():
    X, y = toy_data.credit(200, 0.0, 0)
    assert X.min() >= 1 and X.max() <= 10
    assert sep.WORKED_LINE.errors(X, y) == 0
    noisy_X, noisy_y = toy_data.credit(200, 0.8, 0)
    assert sep.WORKED_LINE.errors(noisy_X, noisy_y) > 0


@pytest.mark.parametrize(("example", "seed"), [("credit", 0), ("credit", 5), ("marbles", 1), ("marbles", 9)])
def test_the_perceptron_converges_on_separable_data(example, seed):
    X, y = toy_data.make(example, 60, 0.0, seed)
    learner = sep.LineLearner(X, y, "perceptron", 0.1, seed)
    assert learner.history[0]["errors"] > 0, "the random start should get some points wrong"
    for _ in range(5000):
        if learner.step() is None:
            break
    assert learner.converged and learner.diverged is None
    assert learner.line.errors(X, y) == 0 and learner.history[-1]["loss"] == 0


def test_a_runaway_line_stops_and_says_why():
    X, y = toy_data.credit(60, 0.3, 0)
    learner = sep.LineLearner(X, y, "logistic regression", 1e4, 0)
    while learner.step() is not None:
        pass
    blown = learner.diverged
    assert blown.why is Why.DIVERGED and blown.step == learner.updates and blown.value > blown.limit
    assert learner.stopped and learner.step() is None
    words = line_panel.said(blown)
    assert words.startswith(f"Stopped at update {learner.updates}: the loss grew past 1000")
    assert "The learning rate 10000 is too large" in words


def test_each_perceptron_update_moves_the_line_towards_the_point_it_got_wrong():
    X, y = toy_data.credit(60, 0.0, 2)
    learner = sep.LineLearner(X, y, "perceptron", 0.5, 2)
    before = learner.weights.copy()
    learner.step()
    i = learner.last_point
    target = 2 * y[i] - 1
    assert target * (before @ [*X[i], 1]) <= 0  # it was on the wrong side
    assert np.allclose(learner.weights - before, 0.5 * target * np.array([*X[i], 1]))


def test_logistic_regression_gradient_matches_autograd_and_the_loss_falls():
    X, y = toy_data.marbles(60, 0.3, 1)
    learner = sep.LineLearner(X, y, "logistic regression", 0.03, 1)
    idx = np.arange(16)
    w = torch.tensor(learner.weights, requires_grad=True)
    inputs = torch.tensor(np.column_stack([X[idx], np.ones(16)]))
    F.binary_cross_entropy_with_logits(inputs @ w, torch.tensor(y[idx], dtype=torch.float64)).backward()
    assert np.allclose(learner.gradient(idx), w.grad.numpy())
    reference = F.binary_cross_entropy_with_logits(torch.tensor(learner.line.score(X)), torch.tensor(y * 1.0))
    assert math.isclose(sep.log_loss(learner.line, X, y), reference.item(), rel_tol=1e-9)
    for _ in range(8):
        learner.run_epoch()
    assert learner.epoch >= 8 and learner.history[-1]["loss"] < 0.6 * learner.history[0]["loss"]


def test_peek_shows_the_next_step_without_taking_it_and_reset_is_reproducible():
    X, y = toy_data.credit(60, 0.2, 0)
    learner = sep.LineLearner(X, y, "logistic regression", 0.1, 0)
    delta = learner.peek()
    assert learner.updates == 0
    learner.step()
    assert np.allclose(learner.weights - sep.LineLearner(X, y, "logistic regression", 0.1, 0).weights, delta)


def test_a_third_input_lets_a_plane_separate_the_ring():
    X, y = toy_data.ring(300, 0.0, 0)
    X3 = sep.lift(X)
    assert np.allclose(X3[:, 2], (X[:, 0] ** 2 + X[:, 1] ** 2) / 5)
    weights, bias = sep.fit_plane(X3, y)
    assert np.mean((X3 @ weights + bias > 0) == y) == 1.0
    flat_w, flat_b = sep.fit_plane(X, y)  # the same fit on x1, x2 alone cannot do it
    assert np.mean((X @ flat_w + flat_b > 0) == y) < 0.8


def reach(spec: net.NetSpec, accuracy: float, max_steps: int) -> int | None:
    trainer = net.NetTrainer(spec)
    while trainer.steps < max_steps:
        if trainer.step(10)["test_acc"] >= accuracy:
            return trainer.steps
    return None


@pytest.mark.parametrize("dataset", ["ring", "xor"])
def test_a_hidden_layer_network_reaches_95_percent_where_a_line_cannot(dataset):
    assert reach(net.NetSpec(dataset=dataset, seed=0), 0.95, max_steps=400) is not None
    assert reach(net.NetSpec(dataset=dataset, hidden=(), seed=0), 0.80, max_steps=300) is None


def test_extra_inputs_let_a_network_without_hidden_layers_split_the_ring():
    spec = net.NetSpec(dataset="ring", hidden=(), features=("x1", "x2", "x1²", "x2²"), lr=0.1, seed=0)
    assert reach(spec, 0.95, max_steps=400) is not None


def test_network_training_repeats_itself_and_stops_when_it_diverges():
    spec = net.NetSpec(dataset="spirals", hidden=(8, 8), seed=3)
    one, two = net.NetTrainer(spec), net.NetTrainer(spec)
    one.step(20), two.step(20)
    assert one.history == two.history and one.history[-1]["train_loss"] < one.history[0]["train_loss"]
    wild = net.NetTrainer(net.NetSpec(dataset="ring", hidden=(8, 8), lr=10.0, seed=0))
    for _ in range(20):
        wild.step(5)
    assert wild.diverged is not None and wild.diverged.why is Why.DIVERGED and wild.diverged.lr == 10
    assert wild.diverged.step == wild.steps and wild.diverged.value > wild.diverged.limit  # a loss above ln 1000
    assert "learning rate 10 is too large" in net_panel.said(wild.diverged)
    assert net_panel.alert_kind(wild.diverged) == "warning"
    assert wild.step(5) is None and all(math.isfinite(r["train_loss"]) for r in wild.history)
    assert np.isfinite(wild.probability_grid()).all()


def test_hidden_units_and_their_lines_come_from_the_first_layer():
    trainer = net.NetTrainer(net.NetSpec(dataset="xor", hidden=(3, 2), seed=1))
    grids = trainer.hidden_grids()
    assert [g.shape for g in grids] == [(3, net.GRID, net.GRID), (2, net.GRID, net.GRID)]
    _, _, points = net.grid_points()
    for unit, (w1, w2, b) in enumerate(trainer.first_layer_lines()):
        by_line = np.tanh(points[:, 0] * w1 + points[:, 1] * w2 + b).reshape(net.GRID, net.GRID)
        assert np.allclose(by_line, grids[0][unit], atol=1e-5)
    assert net.NetTrainer(net.NetSpec(features=("x1", "x2", "x1²"))).first_layer_lines() is None


def shoelace(poly: np.ndarray) -> float:
    x, y = poly[:, 0], poly[:, 1]
    return abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2


def test_the_shaded_half_planes_split_the_square_where_the_line_does():
    box = np.array([[0, 0], [11, 0], [11, 11], [0, 11]], dtype=float)
    below = figs.clip_half_plane(box, sep.WORKED_LINE, positive=False)
    above = figs.clip_half_plane(box, sep.WORKED_LINE, positive=True)
    assert math.isclose(shoelace(below), 25.0)  # the triangle (0,0), (5,0), (0,10)
    assert math.isclose(shoelace(above), 121.0 - 25.0)


def test_the_scatter_marks_mistakes_and_the_new_point():
    X = np.array([[6.0, 5.0], [1.0, 1.0], [9.0, 9.0]])
    y = np.array([1, 1, 1])
    fig = figs.line_scatter(X, y, sep.WORKED_LINE, ("no", "yes"), new_point=(6.0, 5.0))
    traces = {t.name: t for t in fig.data}
    assert traces["wrong side (1)"].x == (1.0,)
    assert traces["new point"].text == ("new: yes",)
    ends = sorted(zip(traces["the line"].x, traces["the line"].y, strict=True))
    assert np.allclose(ends, [(0, 10), (5, 0)])  # 2x + y = 10 meets the edges x = 0 and y = 0
    diagram = figs.neuron_diagram({"credit": 6, "income": 5}, (2, 1), -10, "repays")
    assert "Σ<br>7" in diagram.data[-1].text and "step<br>1" in diagram.data[-1].text


def test_network_figures_show_the_trainer_numbers():
    trainer = net.NetTrainer(net.NetSpec(dataset="ring", hidden=(4,), seed=0))
    trainer.step(5)
    prob = trainer.probability_grid()
    fig = figs.boundary_map(trainer.xs, trainer.ys, prob, (trainer.X_train, trainer.y_train),
                            (trainer.X_test, trainer.y_test), trainer.first_layer_lines())  # fmt: skip
    assert np.array_equal(fig.data[0].z, prob)
    assert sum(t.name == "hidden-unit lines" for t in fig.data) >= 1
    chart = figs.history_chart(trainer.history, {"train_loss": "train"}, "step", "step", "loss")
    assert list(chart.data[0].y) == [r["train_loss"] for r in trainer.history]
    units = figs.hidden_unit_maps(trainer.hidden_grids(), "tanh")
    assert np.nanmax(np.abs(units.data[0].z)) == pytest.approx(1.0)


def test_the_small_network_runs_on_one_thread_and_gives_the_rest_back():
    seen = []
    trainer = net.NetTrainer(net.NetSpec(seed=0))
    trainer.model.register_forward_hook(lambda *_: seen.append(torch.get_num_threads()))
    before = torch.get_num_threads()
    trainer.step(2)
    assert seen and set(seen) == {1}
    assert torch.get_num_threads() == before
