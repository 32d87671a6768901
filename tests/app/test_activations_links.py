"""The activation lesson's shareable links and presentation mode, run headless through AppTest."""

import pytest
import torch

from lessons.activations.settings import PAGE, START_LOGITS
from nnviz.activations import softmax
from tests.helpers import open_link
from tests.helpers import url_param as param

LESSON = "lessons/activations/page.py"


def open_lesson(new_app, **params):
    return open_link(new_app, LESSON, **params)


def words(at) -> str:
    return " ".join(e.value for e in [*at.markdown, *at.caption])


def class_probability(at) -> str:
    return next(m.value for m in at.metric if m.label.startswith("Probability of class"))


def test_a_link_opens_the_lesson_in_exactly_its_state(new_app):
    link = {"neuron.act": "ReLU", "x1": "2", "w1": "1.5", "x2": "-1", "w2": "0.5", "b": "0.3",
            "temp": "2", "true_class": "3", "logit3": "4.5", "stack.between": "tanh", "depth.n": "12"}  # fmt: skip
    at = open_lesson(new_app, **link)
    assert not at.info
    assert at.selectbox(key="act.neuron.act").value == "ReLU" and at.slider(key="act.w1").value == 1.5
    assert at.metric[0].value == "2.800"  # relu(1.5*2 + 0.5*(-1) + 0.3)
    assert at.slider(key="act.temp").value == 2.0 and at.selectbox(key="act.true_class").value == 3
    logits = list(START_LOGITS)
    logits[3] = 4.5
    expected = float(softmax(torch.tensor(logits), 2.0)[3])
    assert class_probability(at) == f"{expected:.1%}"
    assert at.selectbox(key="act.stack.between").value == "tanh" and "more than a line" in words(at)
    assert at.slider(key="act.depth.n").value == 12
    assert {name: param(at, name) for name in link} == link | {"b": None}  # b=0.3 is the default: left out


def test_changing_widgets_writes_only_the_changed_settings_into_the_url(new_app):
    at = open_lesson(new_app)
    assert not set(at.query_params) & set(PAGE.by_name())  # a fresh lesson makes a short link
    at.slider(key="act.temp").set_value(0.5)
    at.selectbox(key="act.fit.act").set_value("ReLU")
    at.radio(key="act.neuron.inputs").set_value(1)
    at.run()
    assert (param(at, "temp"), param(at, "fit.act"), param(at, "neuron.inputs")) == ("0.5", "ReLU", "1")
    assert param(at, "range") is None and param(at, "b") is None
    at.slider(key="act.temp").set_value(1.0).run()  # back to the default: out of the link again
    assert param(at, "temp") is None and param(at, "fit.act") == "ReLU"


def test_a_nonsense_link_shows_the_defaults_and_names_what_it_could_not_use(new_app):
    bad = {"temp": "99", "x1": "banana", "fit.act": "swish", "neuron.inputs": "3", "depth.n": "2.5",
           "true_class": "-1", "zzz": "1", "w1": "nan"}  # fmt: skip
    at = open_lesson(new_app, **bad, b="-2")
    assert at.slider(key="act.temp").value == 1.0 and at.slider(key="act.x1").value == 1.0
    assert at.selectbox(key="act.fit.act").value == "tanh" and at.radio(key="act.neuron.inputs").value == 2
    assert at.slider(key="act.depth.n").value == 8 and at.selectbox(key="act.true_class").value == 7
    assert at.slider(key="act.b").value == -2.0  # the one good value in the link is used
    assert len(at.info) == 1
    assert all(f"{name}={value}" in at.info[0].value for name, value in bad.items())
    assert "b=-2" not in at.info[0].value


def step_title(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### Step"))


def test_presentation_mode_walks_every_step(new_app):
    at = open_lesson(new_app, present="1")
    assert step_title(at).startswith(f"#### Step 1 of {len(PAGE.steps)}")
    assert at.radio(key="act.neuron.inputs").value == 1 and at.slider(key="act.w1").value == 2.0
    assert at.metric[0].value == "1.000"  # sigmoid(2 * 4): saturated
    assert at.button(key="act._back").disabled
    at.button(key="act._next").click().run()
    assert step_title(at).startswith("#### Step 2 of") and param(at, "step") == "2"
    assert at.slider(key="act.temp").value == 5.0
    assert at.radio(key="act.neuron.inputs").value == 2, "a step starts from the defaults"
    expected = float(softmax(torch.tensor(START_LOGITS), 5.0)[7])
    assert class_probability(at) == f"{expected:.1%}"
    for number in range(3, len(PAGE.steps) + 1):
        at.button(key="act._next").click().run()
        assert not at.exception and step_title(at).startswith(f"#### Step {number} of")
        settings = PAGE.by_name()
        for name, value in PAGE.steps[number - 1].values.items():
            assert at.session_state[settings[name].key] == settings[name].parse(value)
    assert "The first layer's gradient is" in words(at) and "times smaller" in words(at)  # ten sigmoid layers
    assert at.button(key="act._next").disabled
    at.button(key="act._back").click().run()
    assert step_title(at).startswith(f"#### Step {len(PAGE.steps) - 1} of")
    assert at.radio(key="act.fit.target").value == "bump" and at.slider(key="act.fit.hidden").value == 1


def test_presentation_mode_keeps_the_numbers_and_drops_the_long_prose(new_app):
    prose = "Training multiplies every gradient by that slope"
    assert prose in words(open_lesson(new_app))
    at = open_lesson(new_app, present="1", step="3", **{"stack.depth": "6"})
    assert prose not in words(at) and step_title(at).startswith("#### Step 3 of")
    assert "The 6 weight matrices multiply out" in words(at) and "rounding only" in words(at)
    # The step's part sits open under the question (whose title names it); the other parts fold away.
    assert [h.value for h in at.subheader] == []
    assert [e.label[:2] for e in at.expander if e.label[0].isdigit()] == ["1.", "2.", "3.", "5."]


def test_settings_survive_a_visit_to_another_lesson(new_app):
    at = open_lesson(new_app)
    at.slider(key="act.temp").set_value(0.3)
    at.selectbox(key="act.depth.act").set_value("ReLU")
    at.run()
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(LESSON).run()
    assert not at.exception
    assert at.slider(key="act.temp").value == pytest.approx(0.3)
    assert at.selectbox(key="act.depth.act").value == "ReLU"
    assert param(at, "temp") == "0.3"
