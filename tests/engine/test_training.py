"""The step-wise trainer: it learns, it repeats itself exactly, it stops when it blows up."""

import math

import pytest
import torch
import torch.nn.functional as F

from lessons.training.live import said
from nnviz import activations, models, separator_net
from nnviz.activations import LEAKY_SLOPE
from nnviz.augment import AugmentSpec, affine_grid, augment, dilate
from nnviz.models import ModelSpec
from nnviz.outcome import Why
from nnviz.training import TrainConfig, Trainer, export, load, update_count

TINY = TrainConfig(
    model=ModelSpec(kind="mlp", hidden=(32,)),
    batch_size=64,
    epochs=2,
    train_size=1280,
    val_fraction=0.05,
    seed=7,
)


def run(trainer: Trainer, k: int) -> list[dict]:
    """Train to the end; the history without its wall-clock timings."""
    while trainer.step(k) is not None:
        pass
    return [{key: v for key, v in record.items() if key != "seconds"} for record in trainer.history]


def test_loss_falls_and_the_run_ends_with_epoch_metrics(mnist):
    trainer = Trainer(TINY, mnist)
    history = run(trainer, 5)
    assert trainer.finished and trainer.diverged is None
    assert trainer.updates == trainer.total_updates == update_count(1280, 64, 2) == 40
    assert trainer.samples == 2 * 1280
    assert history[-1]["loss"] < history[0]["loss"] * 0.6
    ends = [r for r in history if "val_loss" in r]
    assert [round(r["epoch"]) for r in ends] == [1, 2]
    assert all({"val_acc", "test_loss", "test_acc"} <= r.keys() for r in ends)
    assert ends[-1]["test_acc"] > 0.7  # chance is 0.1


def test_same_seed_same_numbers_however_the_run_is_chunked(mnist):
    config = TINY.__class__(**{**TINY.__dict__, "model": ModelSpec(hidden=(32,), dropout=0.3)})
    a = run(Trainer(config, mnist), 4)
    b = run(Trainer(config, mnist), 4)
    assert a == b
    c = Trainer(config, mnist)
    run(c, 7)
    assert c.history[-1]["test_acc"] == a[-1]["test_acc"]
    assert c.history[-1]["loss"] != pytest.approx(0)  # a real run, not a stub
    other = run(Trainer(TrainConfig(**{**config.__dict__, "seed": 8}), mnist), 4)
    assert other[-1]["test_loss"] != a[-1]["test_loss"]


def test_pause_and_resume_is_the_same_run(mnist):
    trainer = Trainer(TINY, mnist)
    trainer.step(3)
    paused_at = trainer.updates
    assert not trainer.finished
    run(trainer, 5)
    assert paused_at == 3 and trainer.updates == trainer.total_updates


def test_a_huge_learning_rate_is_caught_with_a_clear_message(mnist):
    config = TrainConfig(**{**TINY.__dict__, "optimizer": "SGD", "lr": 1e4, "epochs": 5})
    trainer = Trainer(config, mnist)
    history = run(trainer, 5)
    assert trainer.diverged is not None and trainer.finished
    blown = trainer.diverged
    assert blown.why is Why.DIVERGED and blown.lr == 1e4 and blown.optimizer == "SGD" and blown.step == trainer.updates
    assert not math.isfinite(blown.value) or blown.value > blown.limit == 1e3  # the first loss is about 2.3
    assert "learning rate (10000)" in said(blown) and "too high" in said(blown)
    assert trainer.updates < trainer.total_updates
    assert all(math.isfinite(r["loss"]) for r in history)


def test_stop_ends_the_run(mnist):
    trainer = Trainer(TINY, mnist)
    trainer.step(2)
    trainer.stop()
    assert trainer.finished and trainer.step(2) is None


def test_best_checkpoint_is_the_lowest_validation_loss(mnist):
    config = TrainConfig(**{**TINY.__dict__, "epochs": 4, "train_size": 256, "model": ModelSpec(hidden=(256,))})
    trainer = Trainer(config, mnist)
    run(trainer, 50)
    ends = [r for r in trainer.history if "val_loss" in r]
    best = min(ends, key=lambda r: r["val_loss"])
    assert trainer.best["epoch"] == math.ceil(best["epoch"])
    assert trainer.best["val_loss"] == best["val_loss"]
    assert trainer.evaluate(trainer.val_x, trainer.val_y, trainer.best_model())[0] == pytest.approx(best["val_loss"])


def test_unknown_optimiser_is_refused(mnist):
    with pytest.raises(ValueError, match="unknown optimiser"):
        Trainer(TrainConfig(optimizer="Lion"), mnist)


def test_export_and_load_rebuild_the_model(mnist):
    trainer = Trainer(TINY, mnist)
    trainer.step(3)
    config, model = load(export(TINY, trainer.model))
    assert config == TINY
    x = torch.rand(2, 1, 28, 28)
    trainer.model.eval()
    assert torch.equal(model(x), trainer.model(x))


def test_a_model_exported_under_an_old_activation_name_still_loads(mnist):
    config = TrainConfig(**{**TINY.__dict__, "model": ModelSpec(hidden=(32,), activation="leaky ReLU")})
    checkpoint = export(config, Trainer(config, mnist).model)
    checkpoint["config"]["model"]["activation"] = "leaky_relu"  # as exported before the names were one
    loaded, model = load(checkpoint)
    assert loaded == config and loaded.model.activation == "leaky ReLU"
    assert model[2].negative_slope == LEAKY_SLOPE  # the same leak as the activation lesson draws


def test_every_network_names_its_activations_as_the_activation_lesson_does():
    assert set(models.TORCH_ACTIVATIONS) <= set(activations.ACTIVATIONS)
    assert set(models.ACTIVATIONS) | set(separator_net.ACTIVATIONS) <= set(models.TORCH_ACTIVATIONS)
    assert ModelSpec().activation == "ReLU" and separator_net.NetSpec().activation in separator_net.ACTIVATIONS


@pytest.mark.parametrize("size", [(28, 28), (20, 34)])
def test_the_augmentations_fast_grid_and_dilation_are_torchs_own(size):
    """augment's own affine grid and 3x3 dilation give what F.affine_grid and F.max_pool2d give."""
    generator = torch.Generator().manual_seed(3)
    x = torch.rand(16, 1, *size, generator=generator)
    theta = torch.randn(16, 2, 3, generator=generator)
    assert torch.allclose(affine_grid(theta, *size), F.affine_grid(theta, [16, 1, *size], align_corners=False),
                          atol=1e-6)  # fmt: skip
    assert torch.equal(dilate(x), F.max_pool2d(x, 3, stride=1, padding=1))
    assert torch.equal(-dilate(-x), -F.max_pool2d(-x, 3, stride=1, padding=1))  # the erosion


def test_augmentation_is_seeded_mild_and_keeps_shape(mnist):
    x = mnist.train_x[:64].unsqueeze(1).float() / 255
    a = augment(x, AugmentSpec(), torch.Generator().manual_seed(1))
    b = augment(x, AugmentSpec(), torch.Generator().manual_seed(1))
    assert a.shape == x.shape and torch.equal(a, b)
    assert not torch.equal(a, x)
    assert a.min() >= 0 and a.max() <= 1.0001
    ink_ratio = a.sum((1, 2, 3)) / x.sum((1, 2, 3))
    assert ink_ratio.min() > 0.4 and ink_ratio.max() < 2.5  # still the same digit, not wiped out
