"""The training lesson under AppTest, continued: bad settings, repeated runs, the overfitting lab."""

import pytest

from tests.helpers import start_training

pytestmark = pytest.mark.usefixtures("fresh_run_store")


@pytest.fixture
def at(training_app):
    return training_app


def test_a_diverging_run_stops_and_says_why(at):
    at.selectbox(key="train.preset").set_value("Custom").run()
    at.select_slider(key="train.c.lr").set_value(10.0).run()
    at.selectbox(key="train.c.opt").set_value("SGD").run()
    start_training(at, 2000)
    for _ in range(30):
        if at.session_state["train.run"].done:
            break
        at.run()
    assert at.session_state["train.run"].trainer.diverged
    message = " ".join(e.value for e in at.error)
    assert "learning rate (10)" in message and "too high" in message
    assert not at.exception


def test_bad_hidden_widths_get_a_message_not_a_traceback(at):
    at.selectbox(key="train.preset").set_value("Custom").run()
    at.text_input(key="train.c.hidden").set_value("64, banana").run()
    assert not at.exception
    assert "Hidden widths must be" in " ".join(e.value for e in at.error)
    assert at.button(key="train.start").disabled


def run_to_the_end(at, limit: int = 60) -> None:
    for _ in range(limit):
        if at.session_state["train.run"].done:
            return
        at.run()
    raise AssertionError("the run did not finish")


def test_repeating_a_run_with_another_seed_shows_the_spread(at):
    start_training(at)
    run_to_the_end(at)
    at.session_state["app.seed"] = 1
    at.run()
    at.button(key="train.start").click().run()
    run_to_the_end(at)
    runs = at.session_state["train.runs"]
    assert [r["settings"]["seed"] for r in runs] == ["0", "1"]
    low, high = sorted(r["test_acc"] for r in runs)
    assert f"between {low:.2%} and {high:.2%}" in " ".join(i.value for i in at.info)


def test_compare_runs_opens_on_a_metric_the_runs_have(at):
    at.selectbox(key="train.preset").set_value("Custom").run()
    at.slider(key="train.c.val").set_value(0.0).run()
    start_training(at)
    run_to_the_end(at)
    assert at.session_state["train.runs"][0]["settings"]["validation"] == "0%"
    compare = at.radio(key="train.compare_by")
    assert compare.value == "training loss" and compare.options == ["training loss"]


def test_a_lab_button_starts_the_overfitting_run(at):
    at.button(key="train.lab0").click().run()
    trainer = at.session_state["train.run"].trainer
    assert trainer.config.train_size == 1000 and trainer.config.model.hidden == (512, 512)
    assert at.session_state["train.preset"] == "Lab: big network, 1,000 digits"
    assert at.number_input(key="train.size").value == 1000
    if at.session_state["train.run.player"].playing:  # a fast machine may be done already
        at.button(key="train.stop").click().run()
    assert not at.exception and at.session_state["train.run"].done
