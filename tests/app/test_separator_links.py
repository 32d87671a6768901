"""The separator lesson's settings: shared links, the URL following the widgets, nonsense links,
page switches, and presentation mode's steps (AppTest)."""

import numpy as np
from scipy.optimize import linprog

from nnviz import separator_net as net
from nnviz import toy_data
from tests import helpers
from tests.helpers import charts

PAGE = "lessons/separator/page.py"
LINK = {
    "w1": "-1.5", "b": "4", "px": "3", "lin.rule": "logistic regression", "lin.lr": "0.03", "lin.noise": "0.3",
    "net.data": "xor", "net.noise": "0.2", "net.act": "ReLU", "net.lr": "0.1", "net.layers": "3", "net.width0": "8",
    "net.width1": "2", "net.width2": "1", "net.features": "x1,x2,x1·x2", "seed": "3", "net.k": "12",
    "net.units": "1",
}  # fmt: skip


def open_link(new_app, params: dict[str, str] | None = None):
    """A fresh session opening the lesson's URL with these query parameters, as a shared link does."""
    return helpers.open_link(new_app, PAGE, **(params or {}))


def url(at) -> dict[str, str]:
    """The page's query string as names to text."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def chart_ids(at) -> list[str]:
    return [c.id for c in charts(at)]


def test_a_link_opens_the_lesson_in_exactly_its_state(new_app):
    at = open_link(new_app, LINK)
    assert [at.slider(key=k).value for k in ("sep.w1", "sep.w2", "sep.b")] == [-1.5, 1.0, 4.0]
    assert "`-1.5*3 + 5 + 4 = 4.5 > 0`, so **repays**." in text(at)  # -4.5 + 5 + 4, worked by hand
    assert at.radio(key="sep.lin.rule").value == "logistic regression"
    learner = at.session_state["sep.lin.learner"]
    assert (learner.rule, learner.lr) == ("logistic regression", 0.03)
    assert np.array_equal(learner.X, toy_data.make("credit", 60, 0.3, 3)[0])  # the noisy points, from the seed
    assert at.selectbox(key="sep.net.data").value == "xor" and at.selectbox(key="sep.net.act").value == "ReLU"
    assert [at.number_input(key=f"sep.net.width{i}").value for i in range(3)] == [8, 2, 1]
    assert at.multiselect(key="sep.net.features").value == ["x1", "x2", "x1·x2"]
    assert at.checkbox(key="sep.net.units").value and any(i.endswith("-sep.net.unitmaps") for i in chart_ids(at))
    spec = at.session_state["sep.net.trainer"].spec
    assert spec == net.NetSpec(dataset="xor", noise=0.2, hidden=(8, 2, 1), activation="ReLU",
                               features=("x1", "x2", "x1·x2"), lr=0.1, seed=3)  # fmt: skip
    at.button(key="sep.net.step").click().run()
    assert at.session_state["sep.net.trainer"].steps == 12 and at.metric[0].value == "12"  # net.k=12 per step
    assert url(at) == LINK and not at.info  # the address bar is still this link, and nothing was rejected


def test_changing_widgets_writes_them_into_the_url_and_defaults_leave_it(new_app):
    at = open_link(new_app)
    assert url(at) == {}
    at.slider(key="sep.w1").set_value(0.5).run()
    at.number_input(key="sep.net.layers").set_value(3).run()
    at.number_input(key="sep.net.width2").set_value(7).run()
    at.multiselect(key="sep.net.features").set_value(["x1", "x2", "sin(x1)"]).run()
    at.select_slider(key="sep.lin.lr").set_value(1.0).run()
    assert url(at) == {"w1": "0.5", "net.layers": "3", "net.width2": "7", "net.features": "x1,x2,sin(x1)",
                       "lin.lr": "1.0"}  # fmt: skip
    at.number_input(key="sep.net.layers").set_value(2).run()
    assert "net.layers" not in url(at) and url(at)["net.width2"] == "7"  # a hidden layer's width is kept
    at.slider(key="sep.w1").set_value(2.0).run()
    assert "w1" not in url(at) and url(at)["net.width2"] == "7"  # ... over later reruns too


def test_a_nonsense_link_shows_the_defaults_and_one_notice_naming_it(new_app):
    junk = {"w1": "banana", "b": "99", "px": "nan", "lin.rule": "genetic", "net.data": "moons", "net.layers": "3.5",
            "net.width0": "0", "net.features": "x1,x9", "net.units": "maybe", "net.lr": "0.07", "zzz": "1"}  # fmt: skip
    at = open_link(new_app, junk | {"net.act": "ReLU"})  # one usable setting among them
    assert [at.slider(key=k).value for k in ("sep.w1", "sep.b")] == [2.0, -10.0]
    assert at.radio(key="sep.lin.rule").value == "perceptron"
    assert "`2*6 + 5 - 10 = 7 > 0`, so **repays**." in text(at)
    assert at.session_state["sep.net.trainer"].spec == net.NetSpec(activation="ReLU")
    assert not at.checkbox(key="sep.net.units").value
    assert len(at.info) == 1
    for name, value in junk.items():
        assert f"{name}={value}" in at.info[0].value
    assert "ReLU" not in at.info[0].value
    assert url(at) == {"net.act": "ReLU"}  # the defaults are left out of links


def test_settings_survive_a_switch_to_another_lesson_and_back(new_app):
    at = open_link(new_app)
    at.slider(key="sep.b").set_value(-12.5).run()
    at.selectbox(key="sep.net.data").set_value("spirals").run()
    at.number_input(key="sep.net.layers").set_value(3).run()
    at.number_input(key="sep.net.width2").set_value(7).run()
    at.number_input(key="sep.net.layers").set_value(1).run()  # layers 2 and 3 hide their widths
    at.switch_page("lessons/home/page.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.slider(key="sep.b").value == -12.5 and at.selectbox(key="sep.net.data").value == "spirals"
    at.number_input(key="sep.net.layers").set_value(3).run()
    assert at.number_input(key="sep.net.width2").value == 7


def present(new_app):
    return helpers.open_link(new_app, PAGE, present="1")


def folded(at) -> list[str]:
    """The parts folded into expanders, in page order (not the settings a step has set already)."""
    return [e.label for e in at.expander if e.label != "Data and network"]


def step_bar(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### Step"))


def test_presentation_mode_cuts_the_prose_and_folds_the_parts_a_step_is_not_about(new_app):
    at = present(new_app)
    assert step_bar(at).startswith("#### Step 1 of 5")
    assert "Predict, then run." in text(at) and "Picture marbles" not in text(at)
    assert "`2*6 + 5 - 10 = 7 > 0`, so **repays**." in text(at)
    assert at.button(key="sep._back").disabled
    assert folded(at) == ["3. Let the computer find the line", "4. When a line is not enough",
                          "A third input gives a plane"]  # fmt: skip
    at.button(key="sep._next").click().run()  # the noisy points of part 3
    assert folded(at) == ["1. Move the line yourself", "4. When a line is not enough", "A third input gives a plane"]
    assert at.button(key="sep.lin.play").label == "Play"  # unfolded, not gone: its controls are all there
    at.toggle(key="app.present").set_value(False).run()
    assert folded(at) == [] and "Picture marbles" in text(at)  # a learner sees the whole lesson


def test_next_walks_every_step_and_each_starts_afresh(new_app):
    at = present(new_app)
    at.button(key="sep.net.step").click().run()
    assert at.session_state["sep.net.trainer"].steps == 5
    at.button(key="sep._next").click().run()
    assert step_bar(at).startswith("#### Step 2 of 5") and url(at)["step"] == "2" and not at.exception
    assert at.slider(key="sep.lin.noise").value == 0.8
    assert at.session_state["sep.net.trainer"].steps == 0  # a step is a fresh start, even for an unchanged network
    at.button(key="sep._next").click().run()
    assert not at.exception
    assert at.session_state["sep.net.trainer"].spec.hidden == () and at.slider(key="sep.lin.noise").value == 0.0
    at.button(key="sep._next").click().run()
    assert not at.exception
    assert at.session_state["sep.net.trainer"].spec.hidden == (4,) and at.checkbox(key="sep.net.units").value
    at.button(key="sep._next").click().run()
    spec = at.session_state["sep.net.trainer"].spec
    assert (spec.dataset, spec.hidden, at.checkbox(key="sep.net.units").value) == ("spirals", (3,), False)
    assert step_bar(at).startswith("#### Step 5 of 5") and at.button(key="sep._next").disabled
    assert not at.exception and not at.info


def separable(X: np.ndarray, y: np.ndarray) -> bool:
    """Whether some line has every point strictly on its own side: s*(w.x + b) >= 1 is feasible."""
    signs = np.where(y == 1, 1.0, -1.0)
    rows = -signs[:, None] * np.column_stack([X, np.ones(len(X))])
    return linprog(np.zeros(3), A_ub=rows, b_ub=-np.ones(len(X)), bounds=[(None, None)] * 3).status == 0


def test_the_steps_show_what_their_questions_ask_about(new_app):
    at = present(new_app)
    clean = at.session_state["sep.lin.learner"]
    assert separable(clean.X, clean.y)
    at.button(key="sep._next").click().run()
    noisy = at.session_state["sep.lin.learner"]
    assert not separable(noisy.X, noisy.y), "step 2 promises points that no line can split"
    accuracy = {}
    for _ in range(2):
        at.button(key="sep._next").click().run()
        trainer = net.NetTrainer(at.session_state["sep.net.trainer"].spec)
        trainer.step(300)
        accuracy[trainer.spec.hidden] = trainer.history[-1]["test_acc"]
    assert accuracy[()] < 0.75 < 0.9 < accuracy[(4,)]  # XOR: one line cannot beat 75%; four hidden units can


def test_a_teachers_link_to_a_step_opens_that_step_in_its_state(new_app):
    at = present(new_app)
    for _ in range(4):
        at.button(key="sep._next").click().run()
    link = url(at)
    assert link["present"] == "1" and link["step"] == "5"
    again = open_link(new_app, link)
    assert step_bar(again).startswith("#### Step 5 of 5")
    assert again.session_state["sep.net.trainer"].spec == at.session_state["sep.net.trainer"].spec
