"""Every public figure builder of nnviz/figures, called with the kind of arguments its page passes.

Shared by tests/test_describe.py (each summary names the real numbers) and tests/test_figure_markers.py
(series differ in more than colour). Each entry: name -> (figure, facts the summary must contain).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import torch

from nnviz import activations as acts
from nnviz import backprop as bp
from nnviz import convolution as cv
from nnviz import deep_chain, descent, nonlinearity, race, restarts, surfaces
from nnviz import landscape as ls
from nnviz import separator as sep
from nnviz import separator_net as net
from nnviz.figures import activations as fa
from nnviz.figures import backprop as fb
from nnviz.figures import convolution as fc
from nnviz.figures import descent as fd
from nnviz.figures import digits as fg
from nnviz.figures import draw as fw
from nnviz.figures import landscape as fl
from nnviz.figures import optimisers as fo
from nnviz.figures import samuel as fs
from nnviz.figures import separator as fsep
from nnviz.figures import training as ft
from nnviz.figures.describe import number
from nnviz.figures.own_points import point_editor
from nnviz.own_points import PointSet
from nnviz.preprocess import prepare_drawing

Gallery = dict[str, tuple[go.Figure, list[str]]]


def run_history() -> list[dict]:
    """Two chunks per epoch, three epochs; validation loss dips at epoch 2."""
    records = []
    for epoch in (1, 2, 3):
        records.append({"epoch": epoch - 0.5, "loss": 2.0 / epoch, "acc": 0.5 + 0.1 * epoch})
        records.append({"epoch": float(epoch), "loss": 1.8 / epoch, "acc": 0.55 + 0.1 * epoch, "test_loss": 0.5,
                        "test_acc": 0.8, "val_loss": [0.6, 0.4, 0.5][epoch - 1],
                        "val_acc": [0.7, 0.8, 0.78][epoch - 1]})  # fmt: skip
    return records


def activation_figures() -> Gallery:
    x, f, df = acts.curve("sigmoid")
    xs, ys = acts.neuron_curve(1.0, 0.0, "tanh")
    axis, grid = acts.neuron_surface(1.0, -1.0, 0.5, "ReLU")
    p = acts.softmax(torch.arange(10.0))
    layers = nonlinearity.random_stack((1, 8, 8, 1), 0)
    inputs = torch.linspace(-4, 4, 201, dtype=torch.float64).unsqueeze(1)
    weight, bias = nonlinearity.collapse(layers)
    single = (inputs @ weight.T + bias)[:, 0]
    fits = [nonlinearity.fit_curve(nonlinearity.FitConfig(hidden=h, iterations=5)) for h in nonlinearity.WIDTHS]
    losses = [fit.loss for fit in fits]
    grads = acts.local_gradients(0.5)
    return {
        "activation_plot": (fa.activation_plot("sigmoid", x, f, df), [number(f[0]), number(f[-1]), "highest 0.25"]),
        "neuron_curve": (fa.neuron_curve(xs, ys, 1.5, 0.905, "tanh"), ["201 points", "x = 1.5, y = 0.905"]),
        "neuron_surface": (fa.neuron_surface(axis, grid, (1.0, 2.0), 0.0),
                           ["45 x 45", f"from {number(grid.min())} to {number(grid.max())}"]),
        "softmax_bars": (fa.softmax_bars(p, acts.soft_target(9, 10, 0.0), acts.soft_target(9, 10, 0.2), (0.5, 0.7)),
                         [f"tallest bar 9 at {number(p.max())}", "sums to 1.000"]),
        "collapse_plot": (fa.collapse_plot(inputs[:, 0], nonlinearity.run_stack(layers, inputs, "ReLU")[:, 0], single,
                                           "ReLU"), [number(single[0]), number(single[-1])]),
        "fit_plot": (fa.fit_plot(fits[3].x, fits[3].target, fits[3].prediction, "8 tanh units"),
                     ["64 points", number(fits[3].prediction[0]), number(fits[3].prediction[-1])]),
        "fits_by_width": (fa.fits_by_width(nonlinearity.WIDTHS, fits),
                          ["hidden units in each picture", number(fits[0].prediction[0]), "more"]),
        "loss_by_width": (fa.loss_by_width(nonlinearity.WIDTHS, losses, 8), [number(losses[0]), number(losses[-1])]),
        "local_gradient_bars": (fa.local_gradient_bars(grads, 0.5), [f"at {number(max(grads.values()))}"]),
        "layer_gradient_bars": (fa.layer_gradient_bars([1e-3, 1e-2, 0.1], "sigmoid"), ["tallest bar layer 3 at 0.1"]),
    }  # fmt: skip


def descent_figures() -> Gallery:
    curve = next(iter(descent.FUNCTIONS.values()))
    lo, hi = curve.domain
    tangent = descent.tangent_at(curve, (lo + hi) / 2, 0.5)
    xs, ys = descent.sample(curve, lo, hi)
    path = descent.descend(curve, hi * 0.8, 0.3, 6)
    loop = descent.SevenSteps(seed=0)
    loop.step()
    a, b, c = loop.values()
    sgd = SimpleNamespace(losses=list(np.linspace(0.7, 0.1, 60)), checkpoints=[20, 40, 60], test_accs=[0.8, 0.9, 0.95])
    weights = np.random.default_rng(0).normal(size=(28, 28))
    return {
        "tangent_figure": (fd.tangent_figure(xs, ys, tangent, f"f(x) = {curve.formula}"),
                           [f"slope {tangent.slope:.4g}", f"lowest {number(ys.min())}"]),
        "descent_path_figure": (fd.descent_path_figure(xs, ys, path), [f"{len(path.ws)} points", "start: one point"]),
        "toy_fit_figure": (fd.toy_fit_figure(loop.t.numpy(), loop.y.numpy(), [a, b, c]),
                           [f"{len(loop.t)} points", f"from {number(c)}"]),
        "loss_history_figure": (fd.loss_history_figure([5.0, 2.0, 1.0, 0.5]), ["4 points, from 5 down to 0.5"]),
        "loss_history_figure_empty": (fd.loss_history_figure([]), ["loss: no values yet"]),
        "minibatch_figure": (fd.minibatch_figure(sgd, 0.51), ["from 0.7 down to 0.1", "from 80% up to 95%"]),
        "weight_image_figure": (fd.weight_image_figure(weights),
                                ["784 weights", f"from {number(weights.min())} to {number(weights.max())}"]),
    }  # fmt: skip


def drawn_one() -> SimpleNamespace:
    drawing = np.zeros((280, 280, 4), np.uint8)
    drawing[..., 3] = 255
    drawing[40:240, 120:150, :3] = 255
    return prepare_drawing(drawing)


def own_handwriting_figures() -> Gallery:
    """The Draw page's bars for a model taught the learner's own symbol: eleven, the last one named."""
    probs = np.r_[np.full(10, 0.02), 0.8]
    return {"probability_bars_symbol": (fw.probability_bars(probs, symbol="star"), ["tallest bar star at 80%"])}


def draw_and_digit_figures() -> Gallery:
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (10, 28, 28))
    probs = np.eye(10)[7] * 0.9 + 0.01
    prepared = drawn_one()
    maps, units, attribution = rng.random((8, 12, 12)), rng.random(32), rng.normal(size=(28, 28))
    curves = {"CNN": {"shift": [1.0, 0.5], "size": [1.0, 0.4]}, "MLP": {"shift": [1.0, 0.2], "size": [1.0, 0.1]},
              "wide MLP": {"shift": [1.0, 0.3], "size": [0.9, 0.2]}}  # fmt: skip
    x = np.array([1.0, 2, 3, 4])
    wrong = [i % 3 == 0 for i in range(10)]
    return {
        "digit_grid": (fg.digit_grid(images, [str(i) for i in range(10)], cols=5, wrong=wrong),
                       ["10 digits", "0, 1, 2"]),
        "probability_bars": (fw.probability_bars(probs), ["tallest bar 7 at 91%"]),
        "preparation_stages": (fw.preparation_stages(prepared.grey, prepared.box, prepared.cropped, prepared.fitted,
                                                     prepared.placed), ["your drawing", "28 x 28"]),
        "pixel_numbers": (fg.pixel_numbers(prepared.digit),
                          [f"from {number(prepared.digit.min())} to {number(prepared.digit.max())}"]),
        "feature_maps": (fw.feature_maps(maps, "conv1"), ["conv1", "8 channels", number(maps.max())]),
        "unit_bars": (fw.unit_bars(units, "dense1"), [f"tallest bar {units.argmax()} at {number(units.max())}"]),
        "attribution_map": (fw.attribution_map(prepared.digit, attribution, "why CNN says 1"),
                            ["why CNN says 1", f"from {number(attribution.min())} to {number(attribution.max())}"]),
        "shift_curves": (fw.shift_curves(curves, (0, 8), (1.0, 0.5)),
                         ["CNN (moved off-centre): 2 points, from 100% down to 50%"]),
        "line_fit": (fs.line_fit(1.5, x, 2 * x), ["4 line segments", "measured: 4 points", "y = 1.50 x"]),
    }  # fmt: skip


def separator_figures() -> Gallery:
    X = np.array([[6.0, 5.0], [1.0, 1.0], [9.0, 9.0], [2.0, 3.0]])
    y = np.array([1, 1, 1, 0])
    trainer = net.NetTrainer(net.NetSpec(dataset="ring", hidden=(4,), seed=0))
    trainer.step(5)
    prob = trainer.probability_grid()
    rng = np.random.default_rng(2)
    X3 = rng.normal(size=(40, 3))
    y3 = (X3[:, 2] > 0).astype(int)
    train = (trainer.X_train, trainer.y_train)
    test = (trainer.X_test, trainer.y_test)
    first = trainer.history[0]["train_loss"]
    mine = PointSet((-3.0, -2.0, -3.5, 3.0, 2.5, 3.5, 0.0, 0.5, -0.5), (3.0, 2.0, 3.5, 3.0, 2.0, 3.5, -3.0, -2.5, -3.5),
                    (0, 0, 0, 1, 1, 1, 2, 2, 2))  # fmt: skip
    three = net.NetTrainer(net.NetSpec(hidden=(4,), points=mine, test_share=0.0))
    three.step(20)
    return {
        "line_scatter": (fsep.line_scatter(X, y, sep.WORKED_LINE, ("no", "yes"), new_point=(6.0, 5.0),
                                           ghost=sep.Line(2.1, 1, -10)),
                         ["wrong side (1): one point at x = 1, y = 1", "yes: 3 points"]),
        "neuron_diagram": (fsep.neuron_diagram({"credit": 6, "income": 5}, (2, 1), -10, "repays"),
                           ["Σ 7", "repays", "credit 6"]),
        "boundary_map": (fsep.boundary_map(trainer.xs, trainer.ys, prob, train, test, trainer.first_layer_lines()),
                         [f"from {number(prob.min())} to {number(prob.max())}", "class 0 (train)"]),
        "history_chart": (fsep.history_chart(trainer.history, {"train_loss": "train", "test_loss": "test"}, "step",
                                             "step", "loss", right=("train_loss", "again")), [f"from {number(first)}"]),
        "hidden_unit_maps": (fsep.hidden_unit_maps(trainer.hidden_grids(), "tanh"), ["from -1 to 1", "layer 1"]),
        "plane_3d": (fsep.plane_3d(X3, y3, np.array([0.0, 0.0, 1.0]), 0.0, ("x1", "x2", "x3")),
                     [f"class 0: {(y3 == 0).sum()} points in 3-D", "surface"]),
        "point_editor": (point_editor(X, y, ("no", "yes"), ("credit", "income"), (0.0, 11.0), 0.25),
                         ["yes: 3 points", "no: one point at x = 2, y = 3"]),
        "boundary_map_three": (fsep.boundary_map(three.xs, three.ys, three.probability_grid(),
                                                 (three.X_train, three.y_train), (three.X_test, three.y_test)),
                               ["from 0 to 2", f"class 2 (train): {(three.y_train == 2).sum()} points"]),
    }  # fmt: skip


def training_figures() -> Gallery:
    history = run_history()
    runs = [{"name": f"run {i}", "history": history} for i in (1, 2, 3)]
    weights = np.random.default_rng(3).normal(size=(16, 28, 28))
    digit = np.arange(784).reshape(28, 28) % 256
    return {
        "training_curve": (ft.training_curve(history, "loss", 2, 3, 3), ["from 2 down to 0.6", "lowest 0.4"]),
        "training_curve_acc": (ft.training_curve(history, "acc", 2, None, 3), ["from 70% up to 78% (highest 80%)"]),
        "pixel_numbers_titled": (fg.pixel_numbers(digit, "A 3, as 784 numbers"),
                                 ["A 3, as 784 numbers", "from 0 to 255"]),
        "confusion": (ft.confusion(np.array([[50, 2, 1], [3, 40, 0], [0, 5, 45]])), ["3 x 3", "from 0 to 50"]),
        "weight_pictures": (ft.weight_pictures(weights), ["16 weight pictures", number(weights.min())]),
        "compare_runs": (ft.compare_runs(runs), ["run 1: 3 points, from 0.6 down to 0.5 (lowest 0.4)"]),
        "compare_runs_accuracy": (ft.compare_runs(runs, "validation accuracy"), ["from 70% up to 78%"]),
        "compare_runs_training": (ft.compare_runs(runs, "training loss"), ["6 points, from 2 down to 0.6"]),
        "compare_runs_empty": (ft.compare_runs([]), ["no finished runs yet"]),
    }  # fmt: skip


def backprop_figures() -> Gallery:
    net = bp.Net()
    fwd = bp.forward(net, 1.0, 0.5, 1.0)
    walked = bp.backward(net, fwd).steps[:2]
    chain = deep_chain.chain(4, "sigmoid")
    change = np.random.default_rng(4).normal(size=(10, 28, 28)) * 0.01
    captions = [f"#{i} ({i % 10})" for i in range(6)]
    before = np.linspace(0.2, 0.7, 6)
    return {
        "network_figure": (fb.network_figure(net, fwd, walked),
                           ["L = 0.2158", "backward pass at h1: 6 of 9 gradients known", "∂L/∂w11 = -0.1894"]),
        "loss_curve": (fb.loss_curve([0.2, 0.1, 0.05]), ["3 points, from 0.2 down to 0.05"]),
        "chain_bars": (fb.chain_bars(chain), ["4 × sigmoid", "4 bars"]),
        "change_pictures": (fb.change_pictures(change, np.array([3, 1, 7, 0])),
                            ["4 most changed", f"from {number(change[[3, 1, 7, 0]].min())}"]),
        "others_chart": (fb.others_chart(captions, np.array([True, False] * 3), before, before + 0.1, 3),
                         ["6 other test digits", "other 3s, after: 3 points"]),
    }  # fmt: skip


def convolution_figures() -> Gallery:
    image = drawn_one().digit / 255.0
    done = cv.filter_image(image, np.array(cv.KERNELS["vertical edge"]), 0.0, padding=1, stride=2)
    step = done.step(7, 6)
    pooled = cv.max_pool(done.out)
    maps = np.random.default_rng(5).random((16, 14, 14))
    probs = np.eye(10)[1] * 0.9 + 0.01
    return {
        "input_figure": (fc.input_figure(image, 1, (step.top, step.left, 3), "the input, 28 x 28"),
                       ["the input, 28 x 28", "30 x 30 grid"]),
        "output_figure": (fc.output_figure(done.out, (7, 6), "the output map"),
                        ["14 x 14 grid", f"to {number(done.out.max())}"]),
        "sweep_figure": (fc.sweep_figure(image, 1, (0, 0, 3), done.out, 20, (1, 5), "sliding"),
                       ["sliding", "output pixels so far: a 14 x 14 grid"]),
        "step_figure": (fc.step_figure(step.patch, step.kernel, step.products, "sum 1"),
                      ["sum 1", "kernel", f"from {number(step.products.min())} to {number(step.products.max())}"]),
        "pool_figure": (fc.pool_figure(done.out, pooled.values, pooled.winners, "pooling"),
                      ["pooling", f"winner: {(pooled.values > 0).sum()} points", "7 x 7 grid"]),
        "overview": (fc.overview(["input", "conv 1", "softmax"], [image[None], maps, probs]),
                          ["layer by layer", "conv 1 (16 × 14 × 14): a 62 x 62 grid", "tallest bar 1 at 0.91"]),
        "maps_figure": (fc.maps_figure(maps, "conv 1 at full size"), ["conv 1 at full size", "16 maps"]),
        "shift_figure": (fc.shift_figure(image * 255, image * 255, maps[0], maps[1], "moved 3 pixels"),
                       ["moved 3 pixels", "its feature map"]),
        "shift_bars": (fc.shift_bars({"CNN": (probs, probs[::-1]), "MLP": (probs, probs)}, "answers"),
                            ["CNN, before: 10 bars, tallest bar 1 at 91%", "CNN, after the move"]),
    }  # fmt: skip


def optimiser_figures() -> Gallery:
    ravine = surfaces.SURFACES["ravine"]
    grid, low = surfaces.grid(ravine, 31), surfaces.lowest(ravine)
    walks = race.race(ravine, ["SGD", "SGD + momentum"], ravine.start, race.RaceConfig(steps=40))
    wells = surfaces.SURFACES["several minima"]
    tried = restarts.restarts(wells, "Adam", 6, race.RaceConfig(steps=60))
    curves = {name: race.lr_curve(name, 0.1, 20) for name in race.SCHEDULES}
    steps = np.linspace(-1, 1, 5)
    bowl = 0.5 + np.add.outer(steps**2, steps**2)
    land = ls.Landscape(steps, steps, bowl, 0.5, np.array([[0.04, 0.02], [0.0, 0.0]]), np.array([2.3, 0.5]))
    sharp = ls.Landscape(steps, steps, 0.5 + 3 * np.add.outer(steps**2, steps**2), 0.5, np.zeros((0, 2)), np.array([]))
    pair = {"batch 16": land, "batch 1,500": sharp}
    return {
        "race_contour": (fo.race_contour(grid, ravine, low, walks, ravine.start, shown=10),
                         ["The ravine", "SGD: 11 points, from (-3.6, 1) to",
                          "lowest point: one point at x = 0, y = 0"]),
        "race_surface": (fo.race_surface(grid, ravine, low, walks), ["3-D chart", "SGD + momentum: 41 points in 3-D"]),
        "race_losses": (fo.race_losses(walks, low), [f"SGD: 41 points, from {number(walks['SGD'].losses[0])}"]),
        "restarts_figure": (fo.restarts_figure(surfaces.grid(wells, 21), wells, surfaces.lowest(wells), tried),
                            ["6 random starts", "ended in another valley"]),
        "success_curve": (fo.success_curve([1, 2, 4], np.array([0.25, 0.5, 0.8]), 40),
                          ["3 points, from 25% up to 80%"]),
        "lr_curves": (fo.lr_curves(curves), ["constant: 20 points", "one-cycle", "highest 0.1"]),
        "landscape_contour": (fl.landscape_contour(land, "Around the trained weights"),
                              ["training checkpoints: 2 points, from (0.04, 0.02) to (0, 0)"]),
        "landscape_surface": (fl.landscape_surface(land, "Around the trained weights"), ["3-D chart"]),
        "compare_contours": (fl.compare_contours(pair),
                             ["The same loss scale around both minima", "trained weights (batch 1,500)"]),
        "compare_profiles": (fl.compare_profiles(pair), ["batch 16: 5 points, from 1.5 and back to 1.5 (lowest 0.5)",
                                                        "batch 1,500: 5 points, from 3.5"]),
    }  # fmt: skip


def gallery() -> Gallery:
    return {**activation_figures(), **backprop_figures(), **convolution_figures(), **descent_figures(),
            **draw_and_digit_figures(), **optimiser_figures(), **separator_figures(), **training_figures(),
            **own_handwriting_figures()}  # fmt: skip
