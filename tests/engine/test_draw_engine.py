"""The Draw lesson's engine: looking inside, the shift test, strokes redrawn from digits, saving."""

import io

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from nnviz import handwriting, insight, shift
from nnviz.data import MNIST_STD
from nnviz.models import ModelSpec, build_model
from nnviz.preprocess import NAIVE, digit_png, prepare_drawing, probabilities_csv


def test_layer_activations_follow_the_cnns_shapes_and_leave_no_hook_behind():
    model = build_model(ModelSpec(kind="fast_cnn"), seed=0).eval()
    digit = torch.randint(0, 256, (28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    layers = insight.layer_activations(model, digit)
    assert [tuple(layer.values.shape) for layer in layers] == [(16, 14, 14), (32, 7, 7), (64, 3, 3)]
    assert all((layer.values >= 0).all() for layer in layers)  # after a ReLU
    assert all(not m._forward_hooks for m in model.modules())


def test_layer_activations_of_an_mlp_are_its_hidden_units():
    model = build_model(ModelSpec(kind="mlp", hidden=(50, 20), activation="tanh"), seed=0)
    layers = insight.layer_activations(model, torch.zeros(28, 28, dtype=torch.uint8))
    assert [tuple(layer.values.shape) for layer in layers] == [(50,), (20,)]
    assert layers[1].name == "layer 2: Tanh"


def linear_model(weights: torch.Tensor) -> nn.Module:
    """Logits = weights (10, 784) times the normalised pixels: the simplest model to check by hand."""
    model = build_model(ModelSpec(kind="mlp", hidden=()))
    with torch.no_grad():
        model[1].weight.copy_(weights)
        model[1].bias.zero_()
    return model


def test_gradient_x_input_of_a_linear_model_is_weight_times_pixel():
    weights = torch.randn(10, 784, generator=torch.Generator().manual_seed(1))
    digit = torch.randint(0, 256, (28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(2))
    got = insight.gradient_x_input(linear_model(weights), digit, label=4)
    # score = sum_i w_i (x_i - mean) / std, so d score / d x_i = w_i / std, times x_i.
    expected = weights[4].view(28, 28) / MNIST_STD * digit.float() / 255
    assert torch.allclose(got, expected, atol=1e-5)


def test_occlusion_finds_the_one_pixel_the_model_looks_at():
    weights = torch.zeros(10, 784)
    weights[3, 10 * 28 + 10] = 5.0  # class 3 rises with pixel (10, 10), nothing else matters
    digit = torch.full((28, 28), 255, dtype=torch.uint8)
    drop = insight.occlusion(linear_model(weights), digit, label=3)
    assert drop[10, 10] > 0.3
    assert drop[20:, 20:].abs().max() < 1e-6 and drop[:5, :5].abs().max() < 1e-6


def test_moving_a_digit_moves_its_centre_of_mass_by_the_offset():
    image = torch.zeros(1, 28, 28, dtype=torch.uint8)
    image[0, 10:18, 12:16] = 255
    moved = shift.move(image, torch.tensor([[3.0, -2.0]]), torch.ones(1))
    rows, cols = torch.nonzero(moved[0] > 128, as_tuple=True)
    assert [int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max())] == [13, 20, 10, 13]
    half = shift.move(image, torch.zeros(1, 2), torch.tensor([0.5]))
    assert float(half[0].float().sum()) == pytest.approx(float(image[0].float().sum()) / 4, rel=0.05)  # a quarter


def test_shift_curves_at_no_shift_are_the_plain_accuracy():
    images = torch.randint(0, 256, (40, 28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(3))
    labels = torch.randint(0, 10, (40,), generator=torch.Generator().manual_seed(4))
    models = {"a": build_model(ModelSpec(kind="mlp"), seed=0), "b": build_model(ModelSpec(kind="fast_cnn"), seed=0)}
    test = shift.ShiftTest(n=40, shifts=(0, 4), sizes=(1.0, 0.5))
    curves = shift.shift_curves(models, images, labels, test)
    for name, model in models.items():
        plain = shift.accuracy(model, images, labels)
        assert curves[name]["shift"][0] == pytest.approx(plain)
        assert curves[name]["size"][0] == pytest.approx(plain)
        assert len(curves[name]["shift"]) == len(curves[name]["size"]) == 2


def test_thinning_leaves_a_one_pixel_path():
    bar = np.zeros((1, 30, 60), dtype=bool)
    bar[0, 10:17, 5:55] = True  # 7 pixels thick
    skeleton = handwriting.thin(bar)[0]
    rows, cols = np.nonzero(skeleton)
    assert np.bincount(cols).max() == 1  # one pixel per column
    assert rows.min() >= 10 and rows.max() <= 16 and np.ptp(cols) > 35


def test_a_redrawn_path_has_the_brush_width():
    skeleton = np.zeros((40, 40), dtype=bool)
    skeleton[20, 5:35] = True
    place = handwriting.Placement(height=1, top=80, left=20)  # one skeleton pixel per canvas pixel: path at row 100
    canvas = handwriting.render(skeleton, place, brush=16)
    column = canvas[:, 40, 0] / 255
    assert column.sum() == pytest.approx(16, abs=0.02)  # 16 pixels of ink across the path
    assert column[93:108].min() == 1 and column[100 - 9] == column[100 + 9] == 0  # centred on it
    assert canvas.shape == (280, 280, 4) and (canvas[..., 3] == 255).all()


def test_a_digits_strokes_redrawn_on_the_canvas_prepare_back_to_a_similar_digit(mnist):
    original = mnist.train_x[:1]
    skeleton = handwriting.skeletons(original)[0]
    drawings = handwriting.drawings(skeleton, (10, 24), np.random.default_rng(0))
    for drawing in drawings:
        digit = prepare_drawing(drawing).digit.astype(float)
        overlap = (digit * original[0].numpy()).sum() / np.sqrt((digit**2).sum() * (original[0].numpy() ** 2).sum())
        assert overlap > 0.6  # the same digit, redrawn: its pixels line up with the original


def test_saving_the_digit_and_the_probabilities():
    digit = np.arange(784, dtype=np.uint8).reshape(28, 28)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(digit_png(digit)))), digit)
    text = probabilities_csv({"CNN": np.eye(10)[7], "MLP": np.full(10, 0.1)})
    lines = text.splitlines()
    assert lines[0] == "digit,CNN,MLP" and len(lines) == 11
    assert lines[8] == "7,1.000000,0.100000"
    eleven = probabilities_csv({"CNN": np.full(10, 0.1), "Yours": np.r_[np.zeros(10), 1.0]}, "a, b").splitlines()
    assert len(eleven) == 12 and eleven[-1] == '"a, b",,1.000000'  # the symbol's row; the CNN has no such class


def test_a_model_trained_on_raw_pixels_reads_the_prepared_digit_the_same_way():
    from nnviz.training import TrainConfig, predict_proba

    model = build_model(ModelSpec(kind="mlp", hidden=(8,)), seed=0).eval()
    digits = torch.randint(0, 256, (3, 28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(5))
    wrapped = insight.readable(TrainConfig(scale_inputs=False), model)
    assert torch.allclose(predict_proba(wrapped, digits), predict_proba(model, digits, scale=False), atol=1e-5)
    assert insight.readable(TrainConfig(), model) is model


def test_the_figures_show_the_top_answer_and_every_stage():
    from nnviz.figures import ACCENT
    from nnviz.figures import draw as figures

    probs = np.full(10, 0.02)
    probs[3] = 0.82
    bars = figures.probability_bars(probs)
    assert [c == ACCENT for c in bars.data[0].marker.color] == [d == 3 for d in range(10)]
    drawing = np.zeros((280, 280, 4), np.uint8)
    drawing[..., 3] = 255
    drawing[40:240, 120:150, :3] = 255
    prepared = prepare_drawing(drawing)
    stages = figures.preparation_stages(prepared.grey, prepared.box, prepared.cropped, prepared.fitted, prepared.placed)
    assert [np.asarray(trace.z).shape for trace in stages.data] == [(70, 70), (70, 10), (20, 3), (28, 28)]
    titles = [a.text.replace("<br>", " ") for a in stages.layout.annotations]
    assert titles == ["your drawing", "cropped to the ink", "fitted into 20x20", "centred by its mass"]
    naive = prepare_drawing(drawing, NAIVE)  # every step off, as the Draw page's second step asks
    stages = figures.preparation_stages(naive.grey, naive.box, naive.cropped, naive.fitted, naive.placed, steps=NAIVE)
    assert [np.asarray(trace.z).shape for trace in stages.data] == [(70, 70), (70, 70), (28, 28), (28, 28)]
    titles = [a.text.replace("<br>", " ") for a in stages.layout.annotations]
    assert titles == ["your drawing", "not cropped", "squeezed to 28x28", "left as it is"]
    assert all(len(line) <= 10 for a in stages.layout.annotations for line in a.text.split("<br>"))  # a phone
    curves = {"CNN": {"shift": [1.0, 0.5], "size": [1.0, 0.4]}, "MLP": {"shift": [1.0, 0.2], "size": [1.0, 0.1]}}
    figure = figures.shift_curves(curves, (0, 8), (1.0, 0.5))
    assert [trace.name for trace in figure.data] == ["CNN", "CNN", "MLP", "MLP"]
    assert list(figure.data[3].y) == [1.0, 0.1]
