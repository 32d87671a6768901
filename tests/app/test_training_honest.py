"""Issue 19 on the Training page: "published" means published, the table says what is really fed, and Stop
says which weights it keeps."""

import pytest
import torch

from lessons.training.results import gap_words
from nnviz.data import MNIST_MEAN, MNIST_STD
from nnviz.presets import ALL_PRESETS, CUSTOM, PRESETS
from nnviz.training import prepare
from tests.helpers import start_training

pytestmark = pytest.mark.usefixtures("fresh_run_store")

APP_MODEL = "Fast CNN (the app's recipe, in seconds)"
SMALL_CNN = "Small CNN, random crops, batch 128"


@pytest.fixture
def at(training_app):
    return training_app


def words(at) -> str:
    """Every sentence on the page."""
    return " ".join(e.value for kind in (at.caption, at.markdown, at.info, at.warning) for e in kind)


def fed_table(at) -> str:
    return at.table[0].value.to_string()


def test_the_apps_own_model_is_never_called_published(at):
    at.selectbox(key="train.preset").set_value(APP_MODEL).run()
    assert "published" not in words(at).lower()
    assert f"Measured here: **{PRESETS[APP_MODEL].published}**" in words(at)
    (updates,) = [m for m in at.metric if m.label == "Gradient updates"]
    assert updates.value == "300" and updates.help == "ceil(57,000 / 128) x 1 = 446, cut to this recipe's 300"
    assert "= 446 updates per epoch, x 1 epoch = 446 updates; this recipe stops after 300 of them." in words(at)
    start_training(at, 300)
    for _ in range(20):
        if at.session_state["train.run"].done:
            break
        at.run()
    assert at.session_state["train.run"].done and "Test accuracy" in [m.label for m in at.metric]
    (tested,) = [m for m in at.metric if m.label == "Test accuracy"]
    assert tested.help == f"{len(at.session_state['train.run'].trainer.test_y):,} digits the network never trained on."
    assert "published" not in words(at).lower()  # the result line too
    at.selectbox(key="train.preset").set_value(SMALL_CNN).run()
    assert f"Published: **{PRESETS[SMALL_CNN].published}**" in words(at)  # a quoted source keeps its word


@pytest.mark.parametrize("scale", [True, False])
def test_the_table_shows_what_every_network_is_fed(at, scale):
    paper, ink = prepare(torch.tensor([[0, 255]], dtype=torch.uint8), scale).flatten().tolist()  # as every batch
    at.checkbox(key="train.scale").set_value(scale).run()
    for name in [*ALL_PRESETS, CUSTOM]:
        at.selectbox(key="train.preset").set_value(name).run()
        table = fed_table(at)
        assert f"**{name}**" in words(at)
        if scale:
            assert f"(x - {MNIST_MEAN:g}) / {MNIST_STD:g}" in table and "0 to 1" in table, name
            assert f"paper {paper:.2f}, full ink {ink:.2f}" in table, name
        else:
            assert "standardised" not in table and f"paper {paper:g}, full ink {ink:g}" in table, name
        crops = name in ALL_PRESETS and ALL_PRESETS[name].config.crop_pad > 0
        assert ("padded to 34x34, cut back to 28x28" in table) == crops, name
        warps = name in ALL_PRESETS and ALL_PRESETS[name].config.augment is not None and scale
        assert ("warped at random" in table) == warps, name
    assert not at.exception


def stop_run(at) -> str:
    """Press Stop on the run going; its help beforehand."""
    assert not at.session_state["train.run"].done
    stop = at.button(key="train.stop")
    help_text = stop.proto.help
    stop.click().run()
    assert at.session_state["train.run"].done and not at.exception
    return help_text


def test_stop_keeps_the_last_weights_without_validation_digits_and_says_so(at):
    at.selectbox(key="train.preset").set_value("CNN, Adam, batch 8").run()  # no validation split
    start_training(at, 20_000)
    help_text = stop_run(at)
    assert "best epoch" not in help_text.replace("pick a best epoch", "")
    assert "weights as they are" in help_text and "no validation digits" in help_text
    said = words(at)
    assert "Tested: the weights as they were at the stop" in said and "no validation digits" in said


def test_stop_keeps_the_best_finished_epoch_with_validation_digits(at):
    start_training(at, 20_000)  # the first preset sets 10% aside for validation
    help_text = stop_run(at)
    assert "lowest validation loss" in help_text and "if no epoch has finished yet" in help_text
    trainer = at.session_state["train.run"].trainer
    assert trainer.best is None  # stopped inside the first epoch: nothing to pick
    assert "Tested: the weights as they were at the stop" in words(at) and "no epoch had finished" in words(at)


def test_random_crops_are_named_only_for_a_run_that_crops():
    assert "random crops" in gap_words(0.91, 0.80, dropout=0.0, cropped=True)
    assert "random crops" not in gap_words(0.91, 0.80, dropout=0.0)
    assert "random crops" not in gap_words(0.80, 0.91, dropout=0.0, cropped=True)  # not a reason for overfitting
