"""The separator lesson under AppTest: sliders by key, the live numbers, training steps (links: *_links.py)."""

import base64
import json

import numpy as np
import pytest

from tests.helpers import charts, open_link

PAGE = "lessons/separator/page.py"


@pytest.fixture
def page(new_app):
    return open_link(new_app, PAGE)


def figure(at, key: str) -> dict:
    """The plotly figure a chart with this key sent to the browser."""
    found = [c for c in charts(at) if c.id.endswith(f"-{key}")]
    assert len(found) == 1, f"expected one chart {key!r}"
    return json.loads(found[0].spec)


def values(data) -> np.ndarray:
    """A plotly JSON array: a plain list, or numpy's bytes in base64 (plotly's typed-array form)."""
    if isinstance(data, dict):
        flat = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        return flat.reshape([int(n) for n in str(data.get("shape", len(flat))).split(",")])
    return np.array(data, dtype=float)


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_page_opens_on_the_worked_example(page):
    assert page.title[0].value == "The linear separator"
    assert [page.slider(key=k).value for k in ("sep.w1", "sep.w2", "sep.b")] == [2.0, 1.0, -10.0]
    assert "`2*6 + 5 - 10 = 7 > 0`, so **repays**." in markdown(page)
    for key in ("sep.scatter", "sep.neuron", "sep.lin.scatter", "sep.lin.history", "sep.net.boundary",
                "sep.net.losses", "sep.plane"):  # fmt: skip
        assert figure(page, key)["data"], f"{key} has nothing drawn"
    star = [t for t in figure(page, "sep.scatter")["data"] if t.get("name") == "new point"][0]
    assert (star["x"], star["y"], star["text"]) == ([6.0], [5.0], ["new: repays"])


def test_sliders_change_the_sum_the_verdict_and_the_diagram(page):
    page.slider(key="sep.w1").set_value(-1.0).run()
    assert "`-6 + 5 - 10 = -11 < 0`, so **does not repay**." in markdown(page)
    labels = figure(page, "sep.neuron")["data"][-1]["text"]
    assert "Σ<br>-11" in labels and "step<br>0" in labels
    page.slider(key="sep.w1").set_value(3.0)
    page.slider(key="sep.b").set_value(-12.5)
    page.number_input(key="sep.px").set_value(2.0).run()
    assert "`3*2 + 5 - 12.5 = -1.5 < 0`, so **does not repay**." in markdown(page)
    line = [t for t in figure(page, "sep.scatter")["data"] if t.get("name") == "the line"][0]
    assert np.allclose(3 * values(line["x"]) + values(line["y"]) - 12.5, 0)  # drawn where the sum is 0


def test_the_marbles_story_names_its_classes(page):
    page.radio(key="sep.example").set_value("marbles").run()
    assert "so **red**." in markdown(page) or "so **blue**." in markdown(page)
    assert not page.exception


def test_learning_the_line_one_update_at_a_time_and_a_reproducible_reset(page):
    start = page.session_state["sep.lin.learner"].weights.copy()
    for _ in range(3):
        page.button(key="sep.lin.step").click().run()
    learner = page.session_state["sep.lin.learner"]
    assert learner.updates == 3 and "After **3** updates" in markdown(page)
    assert len(figure(page, "sep.lin.history")["data"][0]["x"]) == 4
    page.button(key="sep.lin.epoch").click().run()
    assert page.session_state["sep.lin.learner"].epoch >= 1
    page.button(key="sep.lin.reset").click().run()
    again = page.session_state["sep.lin.learner"]
    assert again.updates == 0 and np.array_equal(again.weights, start)


def test_logistic_regression_steps_down_its_loss(page):
    page.radio(key="sep.lin.rule").set_value("logistic regression").run()
    page.select_slider(key="sep.lin.lr").set_value(0.03).run()
    for _ in range(4):
        page.button(key="sep.lin.epoch").click().run()
    history = page.session_state["sep.lin.learner"].history
    assert history[-1]["loss"] < history[0]["loss"]
    assert "The next update moves w1" in markdown(page)


def test_network_steps_on_request_and_never_on_an_unrelated_rerun(page):
    assert page.session_state["sep.net.trainer"].steps == 0
    page.button(key="sep.net.step").click().run()
    trainer = page.session_state["sep.net.trainer"]
    assert trainer.steps == 5 and page.metric[0].value == "5"
    assert len(figure(page, "sep.net.losses")["data"][0]["x"]) == 2
    page.slider(key="sep.w1").set_value(0.5).run()  # part 1 of the page: nothing to do with the network
    assert page.session_state["sep.net.trainer"] is trainer and trainer.steps == 5
    page.select_slider(key="sep.net.lr").set_value(0.1).run()  # a new rate carries on, no restart
    assert page.session_state["sep.net.trainer"] is trainer and trainer.optimizer.param_groups[0]["lr"] == 0.1
    page.selectbox(key="sep.net.data").set_value("xor").run()  # new data: a new network
    assert page.session_state["sep.net.trainer"].steps == 0


def test_play_trains_each_refresh_and_pause_stops(page):
    page.button(key="sep.net.play").click().run()
    assert page.session_state["sep.net.player"].playing and page.button(key="sep.net.play").label == "Pause"
    assert page.session_state["sep.net.trainer"].steps == 5  # the refresh that ran with the page
    page.button(key="sep.net.play").click().run()
    steps = page.session_state["sep.net.trainer"].steps
    assert not page.session_state["sep.net.player"].playing
    page.run()
    assert page.session_state["sep.net.trainer"].steps == steps


def test_a_learning_rate_of_10_stops_with_a_plain_message(page):
    page.select_slider(key="sep.net.lr").set_value(10.0).run()
    page.slider(key="sep.net.k").set_value(20).run()
    page.button(key="sep.net.step").click().run()
    warning = " ".join(w.value for w in page.warning)
    assert "learning rate 10 is too large" in warning
    assert page.session_state["sep.net.trainer"].diverged
    assert np.isfinite(values(figure(page, "sep.net.losses")["data"][0]["y"])).all()


def test_hidden_units_are_shown_on_request(page):
    page.checkbox(key="sep.net.units").check().run()
    maps = figure(page, "sep.net.unitmaps")["data"][0]
    assert maps["type"] == "heatmap"
    lines = [t for t in figure(page, "sep.net.boundary")["data"] if t.get("name") == "hidden-unit lines"]
    assert 1 <= len(lines) <= 4  # one per first-layer unit whose line crosses the picture


def test_the_plane_lies_between_the_lifted_ring_and_its_centre(page):
    plane = figure(page, "sep.plane")
    inner, outer = ([t for t in plane["data"] if t.get("name") == f"class {c}"][0] for c in (1, 0))
    surface = [t for t in plane["data"] if t["type"] == "surface"][0]
    x, y, z = (values(surface[k]) for k in ("x", "y", "z"))
    middle = np.unravel_index(np.argmin(x**2 + y**2), x.shape)  # the grid point nearest the centre
    assert (
        values(inner["z"]).max() < z[middle] < values(outer["z"]).min()
    )  # clean-ish ring: every inner point below, outer above


def test_playing_the_perceptron_moves_the_line_until_nothing_is_wrong(page):
    page.button(key="sep.lin.play").click().run()
    assert page.session_state["sep.lin.player"].playing and page.session_state["sep.lin.learner"].updates == 1
    for _ in range(400):  # each run is one refresh of the playing fragment
        if not page.session_state["sep.lin.player"].playing:
            break
        page.run()
    learner = page.session_state["sep.lin.learner"]
    assert learner.converged and not page.session_state["sep.lin.player"].playing, "playing should stop by itself"
    assert "nothing left to fix" in markdown(page) and page.button(key="sep.lin.play").label == "Play"
