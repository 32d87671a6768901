"""The gradient descent lesson's shareable links and presentation mode, run headless through AppTest."""

import pytest
from test_descent_app import markdown, metric, playing, toy

from lessons.gradient_descent.settings import L1, L2, PAGE
from nnviz import baseline, descent
from tests.helpers import charts, open_link
from tests.helpers import url_param as param

LESSON = "lessons/gradient_descent/page.py"


def open_lesson(new_app, **params):
    """A fresh session opened on the lesson by a link with these query parameters."""
    return open_link(new_app, LESSON, **params)


def test_a_link_opens_the_lesson_in_exactly_its_state(new_app, mnist):
    link = {"distance": L2, "fn": "x³", "x": "2", "run_len": "0.01", "lr1d": "1.2", "zero_grad": "0",
            "budget": "50", "batch": "256", "mb_lr": "0.1"}  # fmt: skip
    at = open_lesson(new_app, **link)
    assert not any(i.value.startswith("This link") for i in at.info)
    assert at.radio(key="gd.distance").value == L2
    assert metric(at, "Accuracy on the test 3s") == f"{baseline.evaluate_baseline(mnist, L2).accuracy:.2%}"
    assert at.selectbox(key="gd.fn").value == "x³" and at.slider(key="gd.x").value == 2.0
    assert "Slope from autograd: **12.0000**" in markdown(at)  # 3 x² at x = 2
    assert at.select_slider(key="gd.lr1d").value == 1.2 and any("Diverged" in e.value for e in at.error)
    assert at.toggle(key="gd.zero_grad").value is False and toy(at).zero_grad is False and toy(at).budget == 50
    assert at.select_slider(key="gd.batch").value == 256 and at.select_slider(key="gd.mb_lr").value == 0.1
    assert {name: param(at, name) for name in link} == link | {"x": "2", "run_len": "0.01"}


def test_changing_widgets_writes_only_the_changed_settings_into_the_url(new_app):
    at = open_lesson(new_app)
    assert not set(at.query_params) & set(PAGE.by_name())
    at.select_slider(key="gd.lr1d").set_value(0.5)
    at.toggle(key="gd.zero_grad").set_value(False)
    at.slider(key="gd.steps1d").set_value(12)
    at.run()
    assert (param(at, "lr1d"), param(at, "zero_grad"), param(at, "steps1d")) == ("0.5", "0", "12")
    assert param(at, "batch") is None and param(at, "fn") is None
    at.toggle(key="gd.zero_grad").set_value(True).run()
    assert param(at, "zero_grad") is None and param(at, "lr1d") == "0.5"


def test_a_nonsense_link_shows_the_defaults_and_names_what_it_could_not_use(new_app):
    bad = {"lr1d": "0.7", "batch": "3", "zero_grad": "maybe", "steps1d": "500", "fn": "tan x",
           "distance": "L3", "x": "abc", "epochs": "1.5", "gd": "1"}  # fmt: skip
    at = open_lesson(new_app, **bad, start="2")
    assert at.select_slider(key="gd.lr1d").value == 0.1 and at.select_slider(key="gd.batch").value == 64
    assert at.toggle(key="gd.zero_grad").value is True and at.slider(key="gd.steps1d").value == 40
    assert at.selectbox(key="gd.fn").value == "x²" and at.radio(key="gd.distance").value == L1
    assert at.slider(key="gd.x").value == 1.5 and at.slider(key="gd.epochs").value == 1
    assert at.slider(key="gd.start").value == 2.0  # the one good value in the link is used
    notices = [i.value for i in at.info if i.value.startswith("This link")]
    assert len(notices) == 1 and all(f"{name}={value}" in notices[0] for name, value in bad.items())
    assert "start=" not in notices[0]


def test_a_link_whose_x_lies_off_its_function_is_told_so(new_app):
    at = open_lesson(new_app, fn="x³", x="9")  # x³ is drawn from -4 to 4; 9 is fine for x² only
    assert at.selectbox(key="gd.fn").value == "x³" and at.slider(key="gd.x").value == 1.5
    notices = [i.value for i in at.info if i.value.startswith("This link")]
    assert len(notices) == 1 and "x=9" in notices[0] and "fn=" not in notices[0]
    assert param(at, "fn") == "x³" and param(at, "x") is None


def step_title(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### Step"))


def test_presentation_mode_walks_every_step_and_restarts_the_runs(new_app):
    at = open_lesson(new_app, present="1")
    assert step_title(at).startswith(f"#### Step 1 of {len(PAGE.steps)}") and at.button(key="gd._back").disabled
    settings = PAGE.by_name()
    for number, step in enumerate(PAGE.steps, start=1):
        if number > 1:
            at.button(key="gd.step").click().run()  # the toy loop has moved on before the presenter does
            assert toy(at).steps == 1
            at.button(key="gd._next").click().run()
        assert not at.exception and step_title(at).startswith(f"#### Step {number} of")
        assert param(at, "step") == str(number)
        assert toy(at).steps == 0 and not playing(at), "a step starts the toy loop over"
        for name, setting in settings.items():
            expected = setting.parse(step.values[name]) if name in step.values else setting.default
            assert at.session_state[setting.key] == expected, name
    assert at.button(key="gd._next").disabled
    at.button(key="gd.train").click().run()  # batch size 1
    assert not at.exception and "Linear model after" in " ".join(m.label for m in at.metric)
    at.button(key="gd._back").click().run()
    assert at.session_state["gd.sgd_config"] is None and toy(at).zero_grad is False
    assert at.toggle(key="gd.zero_grad").value is False


def test_the_steps_ask_for_the_lessons_key_contrasts(new_app):
    at = open_lesson(new_app, present="1", step="3", lr1d="1.05")
    assert step_title(at).startswith("#### Step 3 of") and "1.05" in markdown(at)
    assert any(v.value.startswith("Diverging") and "1.05 is too large" in v.value for v in [*at.info, *at.error])
    assert "A cart's speed" not in markdown(at)  # the longer prose is left out on a projector
    assert [h.value for h in at.subheader] == []  # open under the question, whose step title names it
    assert [e.label[:2] for e in at.expander] == ["1.", "2.", "4.", "5."]  # the other parts fold away
    at.button(key="gd._next").click().run()
    for _ in range(3):
        at.button(key="gd.step").click().run()
    assert any("not being zeroed" in w.value for w in at.warning)


def test_settings_survive_a_visit_to_another_lesson_and_the_seed_still_drives_the_toy(new_app):
    at = open_lesson(new_app, seed="5", lr="0.05")
    assert toy(at).seed == 5 and toy(at).values() == descent.SevenSteps(5).values() and toy(at).lr == 0.05
    at.select_slider(key="gd.lr1d").set_value(0.03).run()
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(LESSON).run()
    assert not at.exception
    assert at.select_slider(key="gd.lr1d").value == 0.03 and at.slider(key="gd.lr").value == pytest.approx(0.05)
    assert param(at, "lr1d") == "0.03" and param(at, "seed") == "5"


def test_on_a_projector_the_wrong_digits_get_wide_cells_for_their_big_captions(new_app):
    import json

    def captions(at) -> int:
        (chart,) = [c for c in charts(at) if c.id.endswith("-gd.wrong")]
        return sum("says" in note.get("text", "") for note in json.loads(chart.spec)["layout"]["annotations"])

    assert captions(open_link(new_app, "lessons/gradient_descent/page.py")) == 16
    assert captions(open_link(new_app, "lessons/gradient_descent/page.py", present="1")) == 8
