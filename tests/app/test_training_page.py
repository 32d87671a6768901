"""The training lesson under AppTest: plan, train, pause, resume, stop, results, and runs that stay put.

AppTest does not run fragment timers, so every `at.run()` is one tick of the
live panel: while the run is on, each rerun trains one slice.
"""

import pytest
import torch

from nnviz.training import load
from tests.helpers import SMALL_TRAINING, TRAINING_PAGE, charts, start_training

pytestmark = pytest.mark.usefixtures("fresh_run_store")


@pytest.fixture
def at(training_app):
    return training_app


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def history(at) -> list[dict]:
    return at.session_state["train.run"].trainer.history


def test_the_plan_is_shown_before_training(at):
    assert at.title[0].value == "Training on MNIST, with live charts"
    shown = metrics(at)
    assert shown["Parameters"] == "39,760"
    assert shown["Gradient updates"] == f"{-(-54_000 // 128) * 5:,}"  # 10% set aside for validation
    untrained = float(shown["Accuracy before training"].rstrip("%"))
    assert 3 < untrained < 20
    at.number_input(key="train.size").set_value(1000).run()
    assert metrics(at)["Gradient updates"] == f"{8 * 5}"
    shapes = at.table[0].value.to_string()
    assert "(60000, 784)" in shapes and "5 becomes 0000010000" in shapes  # training digit 0 is a 5
    at.number_input(key="train.digit").set_value(15).run()  # a 7
    assert "7 becomes 0000000100" in at.table[0].value.to_string()
    assert "vary with the seed" in " ".join(c.value for c in at.caption)


def test_pause_and_resume_keep_the_history(at):
    at.selectbox(key="train.preset").set_value("MLP 784-512-512-10, dropout 0.2, RMSprop").run()
    start_training(at, 20_000)  # 3,140 updates: far more than a few slices
    at.run()
    assert at.session_state["train.run.player"].playing and len(history(at)) >= 2
    at.button(key="train.pause").click().run()
    paused = [dict(r) for r in history(at)]
    updates = at.session_state["train.run"].trainer.updates
    at.run()
    at.run()
    assert history(at) == paused and at.session_state["train.run"].trainer.updates == updates
    assert at.button(key="train.resume")
    at.button(key="train.resume").click().run()
    at.run()
    assert len(history(at)) > len(paused) and history(at)[: len(paused)] == paused
    at.button(key="train.stop").click().run()
    assert at.session_state["train.run"].done and not at.exception
    assert "Test accuracy" in metrics(at)
    assert "Stopped early" in at.get("progress")[0].proto.text


def test_a_finished_run_is_tested_kept_and_handed_to_the_draw_page(at):
    start_training(at)
    for _ in range(60):
        if at.session_state["train.run"].done:
            break
        at.run()
    trainer = at.session_state["train.run"].trainer
    assert trainer.updates == trainer.total_updates == -(-SMALL_TRAINING // 128) * 5
    test_acc = float(metrics(at)["Test accuracy"].rstrip("%")) / 100
    assert test_acc > 0.6  # chance is 0.1
    config, model = load(at.session_state["train.run"].export)
    assert config == trainer.config
    probs = torch.softmax(model(torch.zeros(1, 1, 28, 28)), 1)
    assert probs.shape == (1, 10)
    kept = trainer.best["state"]
    assert all(torch.equal(kept[k], v) for k, v in model.state_dict().items())
    assert len(charts(at)) >= 8  # data, pixels, 2 live, confusion, a cell, mistakes, weights, compare
    assert len(at.session_state["train.runs"]) == 1


def test_a_run_survives_a_trip_to_another_page(at):
    at.selectbox(key="train.preset").set_value("MLP 784-512-512-10, dropout 0.2, RMSprop").run()
    start_training(at, 20_000)  # long enough to be still running after one slice
    trainer = at.session_state["train.run"].trainer
    recorded = len(trainer.history)
    at.button(key="train.pause").click().run()
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(TRAINING_PAGE).run()
    assert at.session_state["train.run"].trainer is trainer and len(trainer.history) == recorded
    assert not at.session_state["train.run.player"].playing and not trainer.finished  # paused
    assert at.button(key="train.resume")


def test_two_sessions_never_share_a_run(at, new_app):
    start_training(at)
    other = new_app()
    other.run()
    other.switch_page(TRAINING_PAGE).run()
    assert other.session_state["train.run"].trainer is None and other.button(key="train.start")
    assert at.session_state["train.run"].trainer is not None
