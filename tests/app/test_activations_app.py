"""The activation lesson run headless through AppTest: every control driven by key, the figures checked."""

import base64
import json

import numpy as np
import pytest
import torch

from lessons.activations.settings import START_LOGITS
from nnviz import nonlinearity
from nnviz.activations import NONLINEAR, local_gradients, soft_target, softmax
from tests.helpers import charts

SEED = 4242  # a seed no other test uses, so the fit cache starts empty for it


@pytest.fixture
def app(new_app):
    at = new_app()
    at.session_state["app.seed"] = SEED
    at.run()
    at.switch_page("lessons/activations/page.py").run()
    assert not at.exception
    return at


def chart(at, key: str) -> dict:
    """The plotly figure drawn under `key`, with its typed arrays decoded to lists."""
    matches = [c for c in charts(at) if c.id.endswith(f"-{key}")]
    assert len(matches) == 1, f"no single chart with key {key}"
    return json.loads(matches[0].spec, object_hook=decode_typed_array)


def decode_typed_array(obj: dict):
    if set(obj) == {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"])).tolist()
    return obj


def text(at) -> str:
    return " ".join(e.value for e in [*at.markdown, *at.caption])


def test_the_gallery_shows_every_activation_with_its_slope_and_formulas(app):
    assert app.title[0].value == "Activation functions"
    for name in NONLINEAR:
        fig = chart(app, f"act.gallery.{name}")
        assert [trace["name"] for trace in fig["data"]] == ["f(x)", "f'(x)"]
        assert fig["data"][0]["x"][0] == -5.0 and fig["data"][0]["x"][-1] == 5.0
    assert len(app.latex) == 2 * len(NONLINEAR)
    app.slider(key="act.range").set_value(8.0).run()
    assert chart(app, "act.gallery.tanh")["data"][0]["x"][-1] == 8.0
    sigmoid_slope = chart(app, "act.gallery.sigmoid")["data"][1]["y"]
    assert max(sigmoid_slope) == pytest.approx(0.25, abs=1e-3)


def test_one_neuron_plugs_the_numbers_into_act_of_w_x_plus_b(app):
    app.selectbox(key="act.neuron.act").set_value("ReLU")
    for key, value in {"act.x1": 2.0, "act.w1": 1.5, "act.x2": -1.0, "act.w2": 0.5, "act.b": 0.3}.items():
        app.slider(key=key).set_value(value)
    app.run()
    assert not app.exception
    assert app.metric[0].value == "2.800"  # relu(1.5*2 + 0.5*(-1) + 0.3)
    assert "ReLU(2.80)" in text(app)
    surface = chart(app, "act.neuron.plot")
    assert surface["data"][0]["type"] == "heatmap" and surface["data"][1]["x"] == [2.0]
    app.radio(key="act.neuron.inputs").set_value(1).run()
    assert app.metric[0].value == "3.300"  # relu(1.5*2 + 0.3)
    curve = chart(app, "act.neuron.plot")
    assert curve["data"][1]["x"] == [2.0] and curve["data"][1]["y"] == [pytest.approx(3.3)]
    assert app.slider(key="act.x2").disabled and app.slider(key="act.x2").value == -1.0
    app.selectbox(key="act.neuron.act").set_value("step").run()
    assert app.metric[0].value == "1.000"
    app.radio(key="act.neuron.inputs").set_value(2).run()
    assert app.metric[0].value == "1.000" and "step(2.80)" in text(app)  # x2 and w2 kept their values


def test_softmax_bars_sum_to_one_and_follow_logits_temperature_and_targets(app):
    logits = [0.5 * i - 2 for i in range(10)]
    for i, value in enumerate(logits):
        app.slider(key=f"act.logit{i}").set_value(value)
    app.slider(key="act.temp").set_value(2.0)
    app.selectbox(key="act.true_class").set_value(3)
    app.slider(key="act.smoothing").set_value(0.2)
    app.run()
    fig = chart(app, "act.softmax")
    expected = softmax(torch.tensor(logits), 2.0).numpy()
    assert np.allclose(fig["data"][0]["y"], expected) and sum(fig["data"][0]["y"]) == pytest.approx(1.0)
    assert "sums to 1.000" in fig["layout"]["annotations"][0]["text"]
    assert np.allclose(fig["data"][1]["y"], soft_target(3, 10, 0.0).numpy())
    assert np.allclose(fig["data"][2]["y"], soft_target(3, 10, 0.2).numpy())
    assert "class 3" in text(app) and "20%" in text(app)
    for i, value in enumerate(logits):  # the same shift on every logit changes nothing
        app.slider(key=f"act.logit{i}").set_value(value + 1.5)
    app.run()
    assert np.allclose(chart(app, "act.softmax")["data"][0]["y"], expected)


def test_reset_and_roll_buttons_set_the_logits(app, new_app):
    app.button(key="act.logits.roll").click().run()
    rolled = [app.session_state[f"act.logit{i}"] for i in range(10)]
    assert rolled != list(START_LOGITS) and all(-6 <= v <= 6 for v in rolled)
    again = new_app()  # another session with the same seed rolls the same logits
    again.session_state["app.seed"] = SEED
    again.run()
    again.switch_page("lessons/activations/page.py").run()
    again.button(key="act.logits.roll").click().run()
    assert [again.session_state[f"act.logit{i}"] for i in range(10)] == rolled
    app.button(key="act.logits.reset").click().run()
    assert not app.exception
    assert [app.session_state[f"act.logit{i}"] for i in range(10)] == list(START_LOGITS)


def test_linear_stack_collapses_until_a_non_linearity_is_switched_in(app):
    app.slider(key="act.stack.depth").set_value(5).run()
    assert "rounding only" in text(app)
    fig = chart(app, "act.collapse")
    assert np.allclose(fig["data"][0]["y"], fig["data"][1]["y"], atol=1e-9)
    app.selectbox(key="act.stack.between").set_value("ReLU").run()
    assert "rounding only" not in text(app) and "more than a line" in text(app)
    fig = chart(app, "act.collapse")
    assert not np.allclose(fig["data"][0]["y"], fig["data"][1]["y"], atol=1e-3)


def test_curve_fit_follows_its_controls_and_is_cached(app, monkeypatch):
    app.radio(key="act.fit.target").set_value("bump")
    app.selectbox(key="act.fit.act").set_value("ReLU")
    app.slider(key="act.fit.hidden").set_value(16)
    app.run()
    expected = nonlinearity.fit_curve(nonlinearity.FitConfig(target="bump", hidden=16, activation="ReLU", seed=SEED))
    assert f"Error left after training: **{expected.loss:.4f}**" in text(app)
    widths = chart(app, "act.fit.widths")["data"][0]
    assert widths["x"] == [str(w) for w in nonlinearity.WIDTHS] and widths["y"][-1] < widths["y"][0] / 10
    assert np.allclose(chart(app, "act.fit")["data"][1]["y"], expected.prediction, atol=1e-6)
    small_multiples = chart(app, "act.fit.gallery")["data"]
    assert len(small_multiples) == 2 * len(nonlinearity.WIDTHS)
    widest = nonlinearity.fit_curve(nonlinearity.FitConfig(target="bump", hidden=32, activation="ReLU", seed=SEED))
    assert np.allclose(small_multiples[-1]["y"], widest.prediction, atol=1e-6)

    calls = []
    real_fit = nonlinearity.fit_curve
    monkeypatch.setattr(nonlinearity, "fit_curve", lambda config: calls.append(config) or real_fit(config))
    app.slider(key="act.grad.x").set_value(-1.0).run()
    assert calls == [], "an unrelated control retrained the fit"
    app.slider(key="act.fit.hidden").set_value(5).run()
    assert [c.hidden for c in calls] == [5]


def test_gradient_bars_follow_the_input_and_the_stack_demo_shrinks(app):
    app.slider(key="act.grad.x").set_value(-3.0).run()
    bars = chart(app, "act.grad.bars")["data"][0]
    assert np.allclose(bars["y"], list(local_gradients(-3.0).values()))
    app.slider(key="act.depth.n").set_value(12)
    app.selectbox(key="act.depth.act").set_value("sigmoid")
    app.run()
    norms = chart(app, "act.depth.bars")["data"][0]["y"]
    assert len(norms) == 12 and norms[0] < norms[-1] / 1000
    app.selectbox(key="act.depth.act").set_value("step").run()
    assert not app.exception
    assert set(chart(app, "act.depth.bars")["data"][0]["text"]) == {"exactly 0"}
