"""The fifth published network (issue 19): random crops that move a digit without changing it, the small CNN
they train, its preset, and what every preset really feeds its network."""

from dataclasses import replace

import pytest
import torch
import torch.nn.functional as F

from nnviz.data import MNIST_MEAN, MNIST_STD
from nnviz.feeding import feed
from nnviz.models import build_model, count_params
from nnviz.padcrop import pad_crop
from nnviz.presets import ALL_PRESETS, PRESETS, describe, preset_config
from nnviz.training import Trainer, prepare

SMALL_CNN = "Small CNN, random crops, batch 128"


def windows(original: torch.Tensor, cropped: torch.Tensor, pad: int) -> list[tuple[int, int]]:
    """The top-left corners of every window of `original` (C, H, W), padded with zeros, equal to `cropped`."""
    padded = F.pad(original, (pad, pad, pad, pad))
    h, w = original.shape[1:]
    corners = range(2 * pad + 1)
    return [(y, x) for y in corners for x in corners if torch.equal(padded[:, y : y + h, x : x + w], cropped)]


def test_a_crop_keeps_the_shape_and_cuts_a_window_of_the_padded_digit(mnist):
    digits = mnist.train_x[:64].unsqueeze(1).float()  # (64, 1, 28, 28)
    cropped = pad_crop(digits, 3, torch.Generator().manual_seed(0))
    assert cropped.shape == digits.shape and cropped.dtype == digits.dtype
    found = [windows(d, c, 3) for d, c in zip(digits, cropped, strict=True)]
    assert all(found)  # each is its own digit, moved by at most 3 pixels each way, nothing else changed
    assert len({f[0] for f in found}) > 10  # and the moves differ from digit to digit
    inside = digits[:, :, :3].sum((1, 2, 3)) + digits[:, :, -3:].sum((1, 2, 3)) == 0
    inside &= digits[..., :3].sum((1, 2, 3)) + digits[..., -3:].sum((1, 2, 3)) == 0
    assert inside.sum() > 30  # most digits keep 3 blank pixels at every edge: a crop keeps all their ink
    assert torch.equal(cropped[inside].sum((1, 2, 3)), digits[inside].sum((1, 2, 3)))


def test_crops_cover_every_shift_and_pad_with_paper():
    one = torch.zeros(500, 1, 28, 28)
    one[:, 0, 0, 0] = 1.0  # ink in the corner: a crop that moves it out leaves paper, zeros
    cropped = pad_crop(one, 3, torch.Generator().manual_seed(1))
    rows, cols = torch.nonzero(cropped[:, 0].sum(0)).T.tolist()
    assert set(rows) == {0, 1, 2, 3}
    assert set(cols) == {0, 1, 2, 3}  # the corner pixel lands anywhere 0-3 pixels down and right
    assert set(cropped.unique().tolist()) == {0.0, 1.0}
    assert (cropped.sum((1, 2, 3)) == 0).any()  # moved up or left: off the window, paper only


def test_crops_repeat_with_the_seed_and_differ_without_it():
    x = torch.rand(32, 1, 28, 28)
    first = pad_crop(x, 3, torch.Generator().manual_seed(7))
    assert torch.equal(first, pad_crop(x, 3, torch.Generator().manual_seed(7)))
    assert not torch.equal(first, pad_crop(x, 3, torch.Generator().manual_seed(8)))
    assert pad_crop(x, 0, torch.Generator()) is x


def test_the_small_cnn_preset_is_the_recipe():
    config = PRESETS[SMALL_CNN].config
    assert (config.model.kind, config.batch_size, config.epochs, config.crop_pad) == ("small_cnn", 128, 3, 3)
    assert config.scale_inputs and "98%" in PRESETS[SMALL_CNN].published
    model = build_model(config.model)
    assert model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert count_params(model) == (9 * 16 + 16) + (16 * 9 * 32 + 32) + (32 * 7 * 7 * 10 + 10)
    words = describe(config)
    assert words["model"] == "small CNN" and words["augmented"] == "random crop (pad 3)"
    assert words["inputs"] == "standardised" and describe(replace(config, scale_inputs=False))["inputs"] == "raw 0-255"


def test_a_chunk_of_the_small_cnn_trains_the_same_twice_and_crops_only_training_digits(mnist):
    config = preset_config(SMALL_CNN, seed=2, train_size=2000)
    runs = [Trainer(config, mnist) for _ in range(2)]
    records = [t.step(8) for t in runs]  # inside the first epoch: no evaluation
    assert records[0]["updates"] == 8 and records[0] == {**records[1], "seconds": records[0]["seconds"]}
    unseen = Trainer(replace(config, crop_pad=0), mnist).step(8)
    assert unseen["loss"] != records[0]["loss"]  # the crops change what training sees
    images = mnist.test_x[:8]
    assert torch.equal(runs[0]._inputs(images, train=False), prepare(images))  # tests are never cropped


@pytest.mark.parametrize("name", list(ALL_PRESETS))
@pytest.mark.parametrize("scale", [True, False])
def test_what_the_page_says_is_fed_is_what_training_feeds(mnist, name, scale):
    config = preset_config(name, seed=0, train_size=300, scale_inputs=scale)
    fed = feed(config)
    trainer = Trainer(config, mnist)
    paper_and_ink = torch.zeros(1, 28, 28, dtype=torch.uint8)
    paper_and_ink[0, 10:18, 10:18] = 255
    for train in (False, True):
        x = trainer._inputs(paper_and_ink, train=train)
        if not config.augment:  # warps blend pixels; without them every input is paper or ink
            assert x.unique().tolist() == pytest.approx([fed.paper, fed.ink]), (name, train)
    assert (
        fed.scaled == scale and fed.crop_pad == config.crop_pad and fed.warped == (config.augment is not None and scale)
    )
    if scale:
        assert (fed.mean, fed.std) == (MNIST_MEAN, MNIST_STD)
        assert fed.paper == pytest.approx(-MNIST_MEAN / MNIST_STD) and fed.ink == pytest.approx(
            (1 - MNIST_MEAN) / MNIST_STD
        )
    else:
        assert (fed.paper, fed.ink) == (0.0, 255.0)
