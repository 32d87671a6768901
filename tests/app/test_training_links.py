"""The Training lesson's settings under AppTest: links open exact states, widgets write the URL,
bad links fall back with a notice, presets fill in the custom controls, presentation mode walks its steps."""

import json
import math

import pytest

from bench.replicas import LOST, LOST_RESULT  # the notices of a run left on a dead replica
from nnviz.figures.training import COMPARE_METRICS
from nnviz.presets import ALL_PRESETS, CUSTOM, LAB, PRESETS
from tests.helpers import TRAINING_PAGE, charts, open_link, start_training
from tests.helpers import url_param as url

FIRST = next(iter(PRESETS))
CNN = "CNN, Adam, batch 8"
BIG_LAB = "Lab: big network, 1,000 digits"


def open_training(new_app, **params):
    return open_link(new_app, TRAINING_PAGE, **params)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def notices(at) -> list[str]:
    """What the page said about a link it could not use in full."""
    return [i.value for i in at.info if "This link" in i.value]


def test_a_link_opens_a_custom_network_exactly(new_app, mnist):
    at = open_training(new_app, preset=CUSTOM, size="5000", digit="15", scale="0", **{
        "c.hidden": "256, 32", "c.opt": "SGD + momentum", "c.lr": "0.01", "c.batch": "64", "c.epochs": "3",
        "c.val": "0.2", "c.act": "tanh", "c.dropout": "0.25"})  # fmt: skip
    assert at.selectbox(key="train.preset").value == CUSTOM
    assert at.number_input(key="train.size").value == 5000
    assert at.number_input(key="train.digit").value == 15
    assert at.checkbox(key="train.scale").value is False
    assert at.text_input(key="train.c.hidden").value == "256, 32"
    assert at.selectbox(key="train.c.opt").value == "SGD + momentum"
    assert at.selectbox(key="train.c.act").value == "tanh"
    assert at.select_slider(key="train.c.lr").value == 0.01
    assert at.select_slider(key="train.c.batch").value == 64
    assert at.slider(key="train.c.epochs").value == 3
    assert at.slider(key="train.c.val").value == 0.2
    assert at.slider(key="train.c.dropout").value == 0.25
    # What the page derives from them: the network's size, the run's updates, the digit shown.
    params = (784 * 256 + 256) + (256 * 32 + 32) + (32 * 10 + 10)
    n_train = min(len(mnist.train_y) - round(0.2 * len(mnist.train_y)), 5000)
    shown = metrics(at)
    assert shown["Parameters"] == f"{params:,}"
    assert shown["Gradient updates"] == f"{math.ceil(n_train / 64) * 3:,}"
    label = int(mnist.train_y[15])
    assert f"this one is {label}" in at.table[0].value.to_string()
    assert not notices(at)  # nothing was rejected


def test_changed_widgets_are_written_into_the_url(new_app):
    at = open_training(new_app)
    assert url(at, "preset") is None and url(at, "size") is None  # defaults stay out of links
    at.number_input(key="train.size").set_value(2000).run()
    at.number_input(key="train.digit").set_value(7).run()
    at.selectbox(key="train.preset").set_value(CUSTOM).run()
    at.select_slider(key="train.c.lr").set_value(0.1).run()
    at.text_input(key="train.c.hidden").set_value("64, 64").run()
    assert (url(at, "size"), url(at, "digit"), url(at, "preset")) == ("2000", "7", CUSTOM)
    assert (url(at, "c.lr"), url(at, "c.hidden")) == ("0.1", "64, 64")
    again = open_training(new_app, **{k: url(at, k) for k in at.query_params})  # the address bar, reopened
    assert again.select_slider(key="train.c.lr").value == 0.1 and again.number_input(key="train.size").value == 2000
    assert again.text_input(key="train.c.hidden").value == "64, 64"


def test_a_nonsense_link_shows_the_defaults_and_names_what_it_dropped(new_app, mnist):
    bad = {"preset": "Banana net", "size": "12", "c.lr": "0.5", "c.epochs": "many", "c.val": "0.9",
           "digit": "-1", "scale": "maybe", "cell_true": "11", "colour": "red"}  # fmt: skip
    at = open_training(new_app, **bad)
    assert at.selectbox(key="train.preset").value == FIRST
    assert at.number_input(key="train.size").value == len(mnist.train_y)
    assert at.number_input(key="train.digit").value == 0 and at.checkbox(key="train.scale").value is True
    assert metrics(at)["Parameters"] == "39,760"  # the first preset's 784-50-10
    assert len(notices(at)) == 1
    for name, value in bad.items():
        assert f"{name}={value}" in notices(at)[0]
    assert not at.error


def test_a_linked_preset_fills_in_what_the_link_left_out(new_app):
    cnn = ALL_PRESETS[CNN].config
    at = open_training(new_app, preset=CNN)
    state = at.session_state
    assert state["train.c.kind"] == "lesson CNN" and state["train.c.batch"] == cnn.batch_size == 8
    assert state["train.c.epochs"] == cnn.epochs and state["train.c.val"] == cnn.val_fraction
    lab = open_training(new_app, preset=BIG_LAB)
    assert lab.number_input(key="train.size").value == LAB[BIG_LAB].config.train_size
    assert lab.session_state["train.c.hidden"] == "512, 512"
    mixed = open_training(new_app, preset=CNN, size="3000", **{"c.epochs": "7"})  # the link's own values win
    assert mixed.number_input(key="train.size").value == 3000
    assert mixed.session_state["train.c.epochs"] == 7 and mixed.session_state["train.c.batch"] == 8


def test_a_lab_preset_with_every_training_digit_travels_in_a_link(new_app, mnist):
    at = open_training(new_app)
    at.selectbox(key="train.preset").set_value(BIG_LAB).run()
    at.number_input(key="train.size").set_value(len(mnist.train_y)).run()  # the lab's own size is 1,000
    link = {name: url(at, name) for name in ("preset", "size")}
    assert link == {"preset": BIG_LAB, "size": str(len(mnist.train_y))}
    again = open_training(new_app, **link)
    assert again.number_input(key="train.size").value == len(mnist.train_y)
    assert again.session_state["train.c.hidden"] == "512, 512"
    at.number_input(key="train.size").set_value(1000).run()
    assert url(at, "size") is None  # the lab's own size: the preset says it


def test_a_size_a_link_cannot_use_falls_back_to_its_presets_own(new_app):
    at = open_training(new_app, preset=BIG_LAB, size="lots")
    assert at.number_input(key="train.size").value == LAB[BIG_LAB].config.train_size
    assert any("size=lots" in notice for notice in notices(at))


def test_picking_a_preset_fills_the_custom_controls_and_custom_starts_there(new_app):
    at = open_training(new_app)
    at.selectbox(key="train.preset").set_value(BIG_LAB).run()
    assert at.number_input(key="train.size").value == 1000
    at.selectbox(key="train.preset").set_value(CUSTOM).run()
    assert at.text_input(key="train.c.hidden").value == "512, 512"
    assert at.select_slider(key="train.c.batch").value == 64 and at.slider(key="train.c.epochs").value == 15
    assert metrics(at)["Parameters"] == f"{784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10:,}"


def test_settings_survive_a_trip_to_another_page(new_app):
    at = open_training(new_app)
    at.selectbox(key="train.preset").set_value(CUSTOM).run()
    at.text_input(key="train.c.hidden").set_value("100").run()
    at.slider(key="train.c.epochs").set_value(9).run()
    at.selectbox(key="train.c.opt").set_value("RMSprop").run()
    at.number_input(key="train.digit").set_value(42).run()
    at.checkbox(key="train.scale").uncheck().run()
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(TRAINING_PAGE).run()
    assert at.selectbox(key="train.preset").value == CUSTOM
    assert at.text_input(key="train.c.hidden").value == "100" and at.slider(key="train.c.epochs").value == 9
    assert at.selectbox(key="train.c.opt").value == "RMSprop"
    assert at.number_input(key="train.digit").value == 42 and at.checkbox(key="train.scale").value is False
    assert metrics(at)["Parameters"] == f"{784 * 100 + 100 + 100 * 10 + 10:,}"
    # A preset hides the custom controls; they come back as they were after another trip.
    at.selectbox(key="train.preset").set_value(CNN).run()
    at.number_input(key="train.size").set_value(4000).run()
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(TRAINING_PAGE).run()
    assert at.selectbox(key="train.preset").value == CNN and at.number_input(key="train.size").value == 4000
    assert at.session_state["train.c.batch"] == 8


def test_presentation_mode_walks_every_step(new_app):
    at = open_training(new_app, present="1")
    steps = [("MLP 784-50-10, Adam", 10_000), ("MLP 784-32-10, RMSprop", None), (BIG_LAB, 1000),
             ("Lab: the same with dropout 0.5", 1000), (CNN, None)]  # fmt: skip
    assert at.button(key="train._back").disabled
    for number, (preset, size) in enumerate(steps, start=1):
        text = " ".join(m.value for m in at.markdown)
        assert f"Step {number} of {len(steps)}" in text and "Predict, then run." in text
        assert at.selectbox(key="train.preset").value == preset
        if size is not None:
            assert at.number_input(key="train.size").value == size
        assert url(at, "step") == str(number) and url(at, "preset") == (None if number == 1 else preset)
        assert "Accuracy before training" in metrics(at)
        if number < len(steps):
            at.button(key="train._next").click().run()
            assert not at.exception
    assert at.button(key="train._next").disabled
    assert not any("Here a network learns" in m.value for m in at.markdown)  # the long prose is left out
    at.button(key="train._back").click().run()
    assert at.selectbox(key="train.preset").value == steps[3][0]


def compare_chart(at) -> dict:
    """The Compare runs figure, as the page sent it."""
    figures = [json.loads(c.spec) for c in charts(at)]
    return next(f for f in figures if f["layout"].get("yaxis", {}).get("title", {}).get("text") in COMPARE_METRICS)


def test_the_runs_are_compared_by_the_chosen_curve(training_app):
    at = training_app
    start_training(at)
    for _ in range(60):
        if at.session_state["train.run"].done:
            break
        at.run()
    history = at.session_state["train.runs"][0]["history"]
    assert compare_chart(at)["layout"]["yaxis"]["title"]["text"] == "validation loss"
    at.radio(key="train.compare_by").set_value("validation accuracy").run()
    shown = compare_chart(at)
    assert shown["layout"]["yaxis"]["title"]["text"] == "validation accuracy" and url(at, "compare_by") == shown[
        "layout"]["yaxis"]["title"]["text"]  # fmt: skip
    accuracies = [r["val_acc"] for r in history if "val_acc" in r]
    assert len(accuracies) == 5 and shown["data"][0]["y"] == pytest.approx(accuracies)
    at.radio(key="train.compare_by").set_value("training loss").run()
    assert compare_chart(at)["data"][0]["y"] == pytest.approx([r["loss"] for r in history])
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(TRAINING_PAGE).run()
    assert at.radio(key="train.compare_by").value == "training loss"
    assert compare_chart(at)["layout"]["yaxis"]["title"]["text"] == "training loss"


def test_a_lab_run_keeps_the_pixel_scaling_setting(training_app):
    at = training_app
    at.checkbox(key="train.scale").uncheck().run()
    at.button(key="train.lab1").click().run()
    config = at.session_state["train.run"].trainer.config
    assert config.scale_inputs is False and config.model.dropout == 0.5
    assert at.checkbox(key="train.scale").value is False and url(at, "scale") == "0"
    if at.session_state["train.run.player"].playing:
        at.button(key="train.stop").click().run()
    assert not at.exception


def finished_on_a_projector(new_app):
    """The Training page in presentation mode, its first step's run trained to the end."""
    at = open_training(new_app, present="1")
    start_training(at)
    for _ in range(60):
        if at.session_state["train.run"].done:
            break
        at.run()
    assert "Test accuracy" in metrics(at)
    return at


def test_the_next_step_sets_a_finished_run_aside_but_keeps_it_for_comparing(new_app, fresh_run_store):
    at = finished_on_a_projector(new_app)
    at.button(key="train._next").click().run()
    assert not at.exception and at.session_state["train.run"].trainer is None
    assert "Test accuracy" not in metrics(at) and at.button(key="train.start")  # a clean page to predict on
    assert len(at.session_state["train.runs"]) == 1 and at.session_state["train.run"].export is not None
    assert any("Press **Start training**" in i.value for i in at.info)


def test_on_a_projector_the_data_section_folds_away(new_app):
    data = "The data, as the computer sees it"
    learner = open_training(new_app)
    assert data in [h.value for h in learner.subheader] and data not in [e.label for e in learner.expander]
    room = open_training(new_app, present="1")
    assert data in [e.label for e in room.expander] and data not in [h.value for h in room.subheader]


def test_the_url_says_a_run_is_training_and_a_session_opened_on_it_says_the_run_is_gone(new_app, fresh_run_store):
    at = open_training(new_app)
    at.number_input(key="train.size").set_value(12_000).run()  # long enough to still be running after a tick
    at.button(key="train.start").click().run()
    assert url(at, "running") == "1"
    moved = open_training(new_app, **{k: url(at, k) for k in at.query_params})  # a new process gets the URL
    assert any(LOST in w.value for w in moved.warning) and not moved.exception
    assert url(moved, "running") == "1" and not notices(moved)  # kept, and not a setting the page rejects
    again = open_training(new_app, **{k: url(moved, k) for k in moved.query_params})  # the browser reconnects again
    assert any(LOST in w.value for w in again.warning) and not again.exception
    moved.run()  # a rerun of the same session still says it
    assert any(LOST in w.value for w in moved.warning)
    moved.button(key="train.start").click().run()  # a run of its own: the news is old
    assert not any(LOST in w.value for w in moved.warning) and url(moved, "running") == "1"
    moved.button(key="train.stop").click().run()
    assert url(moved, "running") is None
    at.button(key="train.stop").click().run()
    assert url(at, "running") is None


def said(at) -> list[str]:
    """The page's warnings that a run is not here."""
    return [w.value for w in at.warning if LOST in w.value or LOST_RESULT in w.value]


def test_the_url_says_a_finished_run_is_on_the_page_and_a_session_opened_on_it_says_it_is_gone(
    new_app, fresh_run_store
):
    at = finished_on_a_projector(new_app)
    assert url(at, "trained") == "1" and url(at, "running") is None  # one mark took the other's place
    moved = open_training(new_app, **{k: url(at, k) for k in at.query_params})  # a new process gets the URL
    assert [LOST_RESULT in text for text in said(moved)] == [True] and not moved.exception
    assert url(moved, "trained") == "1" and not notices(moved)  # kept, and not a setting the page rejects
    moved.button(key="train.start").click().run()  # a run of its own: the news is old
    assert not said(moved) and url(moved, "running") == "1" and url(moved, "trained") is None
    at.button(key="train._next").click().run()  # the next step sets the finished run aside: no mark, no news
    assert not said(at) and url(at, "trained") is None and url(at, "running") is None
    assert at.button(key="train.start")
