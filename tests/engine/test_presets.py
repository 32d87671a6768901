"""The presets build the published networks, and the page's update counts follow ceil(N / batch) x epochs."""

import pytest

from nnviz.digit_model import READER, RECIPE
from nnviz.models import build_model, count_params
from nnviz.presets import ALL_PRESETS, PRESETS, describe, planned_run, preset_config
from nnviz.training import Trainer


def params(name: str) -> int:
    return count_params(build_model(PRESETS[name].config.model))


def test_published_parameter_counts():
    assert params("MLP 784-512-512-10, dropout 0.2, RMSprop") == 669_706
    assert params("MLP 784-50-10, Adam") == 39_760  # 784*50 + 50 + 50*10 + 10
    assert params("MLP 784-32-10, RMSprop") == 784 * 32 + 32 + 32 * 10 + 10


def test_published_training_settings():
    big = PRESETS["MLP 784-512-512-10, dropout 0.2, RMSprop"].config
    assert (big.optimizer, big.batch_size, big.epochs, big.val_fraction) == ("RMSprop", 128, 20, 0.2)
    assert big.model.dropout == 0.2
    cnn = PRESETS["CNN, Adam, batch 8"].config
    assert (cnn.model.kind, cnn.optimizer, cnn.lr, cnn.batch_size, cnn.epochs) == ("cnn", "Adam", 1e-3, 8, 2)
    small = PRESETS["MLP 784-32-10, RMSprop"].config
    assert (small.optimizer, small.batch_size, small.epochs) == ("RMSprop", 128, 5)


@pytest.mark.parametrize(
    ("available", "val", "size", "batch", "epochs", "expected"),
    [
        (60_000, 0.0, None, 10, 2, (60_000, 12_000)),  # the lesson's worked example
        (60_000, 0.0, None, 128, 1, (60_000, 469)),
        (60_000, 0.2, None, 128, 20, (48_000, 375 * 20)),
        (60_000, 0.1, 1000, 128, 5, (1000, 8 * 5)),
        (60_000, 0.5, 40_000, 100, 1, (30_000, 300)),  # asks for more than is left after validation
    ],
)
def test_planned_updates(available, val, size, batch, epochs, expected):
    config = preset_config("MLP 784-50-10, Adam", seed=0, train_size=size)
    config = config.__class__(**{**config.__dict__, "val_fraction": val, "batch_size": batch, "epochs": epochs})
    assert planned_run(config, available) == expected


def test_the_plan_matches_what_the_trainer_does(mnist):
    for name in ALL_PRESETS:
        config = preset_config(name, seed=3, train_size=700)
        trainer = Trainer(config, mnist)
        assert planned_run(config, len(mnist.train_y)) == (len(trainer.train_y), trainer.total_updates), name


def test_the_apps_own_preset_speaks_of_todays_recipes():
    app = PRESETS["Fast CNN (the app's recipe, in seconds)"]
    assert app.config == RECIPE and app.label == "Measured here"
    assert f"{RECIPE.max_updates} updates (two thirds of an epoch)" in app.published
    digits, updates = planned_run(RECIPE, 60_000)
    assert updates == RECIPE.max_updates and 0.6 < updates * RECIPE.batch_size / digits < 0.72  # two thirds
    assert f"the Draw page's model is the same recipe run for {READER.epochs} whole epochs" in app.blurb
    assert READER.augment.flag_ones > 0 and "some of the 1s given a flag" in app.blurb


def test_preset_config_takes_the_learners_seed_size_and_scaling():
    config = preset_config("CNN, Adam, batch 8", seed=5, train_size=300, scale_inputs=False)
    assert (config.seed, config.train_size, config.scale_inputs) == (5, 300, False)
    lab = preset_config("Lab: big network, 1,000 digits", seed=0, train_size=None)
    assert lab.train_size == 1000
    words = describe(PRESETS["MLP 784-512-512-10, dropout 0.2, RMSprop"].config)
    assert words["model"] == "MLP 784-512-512-10 ReLU, dropout 0.2" and words["validation"] == "20%"
