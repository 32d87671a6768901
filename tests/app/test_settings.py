"""A lesson's settings: bounded parsing from links, kept across page switches, mirrored in the URL;
and presentation mode's steps. Driven through the Home page, the smallest lesson."""

import pytest

from ui import settings


def test_numbers_stay_in_their_bounds_and_keep_their_kind():
    weight = settings.number("p.w", 0.3, -1.0, 3.0)
    assert weight.parse("2.5") == 2.5 and weight.show(2.5) == "2.5"
    layers = settings.number("p.layers", 2, 0, 4)
    assert layers.parse("3") == 3 and isinstance(layers.parse("3"), int)
    for bad in ("3.5", "banana", "", "nan", "inf", "-2", "1e9"):
        with pytest.raises(ValueError):
            (layers if bad == "3.5" else weight).parse(bad)
    with pytest.raises(ValueError):
        layers.parse("9")


def test_choices_flags_lists_and_text():
    rate = settings.choice("p.lr", 0.01, [0.001, 0.01, 0.1])
    assert rate.parse("0.1") == 0.1 and rate.parse(rate.show(0.001)) == 0.001
    act = settings.choice("p.act", "ReLU", ["ReLU", "tanh"])
    assert act.parse("relu") == "ReLU"
    with pytest.raises((ValueError, KeyError)):
        act.parse("swish")
    inputs = settings.many("p.inputs", ["x1"], ["x1", "x2", "x1²"])
    assert inputs.parse("x2,x1²,x2") == ["x2", "x1²"] and inputs.show(["x1", "x2"]) == "x1,x2"
    with pytest.raises((ValueError, KeyError)):
        inputs.parse("x1,x9")
    on = settings.flag("p.on", True)
    assert on.parse("0") is False and on.parse("yes") is True and on.show(False) == "0"
    with pytest.raises(ValueError):
        on.parse("maybe")
    words = settings.text("p.words", "128, 64")
    assert words.parse("32") == "32"
    with pytest.raises(ValueError):
        words.parse("9" * 500)
    page = settings.Page("sep", (settings.number("net.width0", 4, 1, 8),))
    width = page.settings[0]
    assert (width.name, width.key, width.attr) == ("net.width0", "sep.net.width0", "net_width0")
    assert page.key("net.trainer") == "sep.net.trainer" and page.keys.net_width0 == "sep.net.width0"


def home(new_app, **params):
    at = new_app()
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def test_a_link_sets_the_lesson_state(new_app):
    at = home(new_app, w="2.5")
    assert at.slider(key="home.w").value == 2.5
    assert at.query_params["w"] == ["2.5"] or at.query_params["w"] == "2.5"
    assert not at.info


def test_a_nonsense_link_falls_back_to_defaults_and_says_so(new_app):
    at = home(new_app, w="banana", zzz="1", seed="-4")
    assert at.slider(key="home.w").value == 0.3
    assert at.session_state["app.seed"] == 0
    notices = " ".join(i.value for i in at.info)
    assert "w=banana" in notices and "zzz=1" in notices and "seed" in notices


def test_settings_reach_the_url_and_survive_a_page_switch(new_app):
    at = home(new_app)
    assert "w" not in at.query_params  # defaults stay out of links
    at.slider(key="home.w").set_value(1.7).run()
    assert "1.7" in str(at.query_params["w"])
    at.switch_page("lessons/activations/page.py").run()
    assert "home.w" not in at.session_state or at.session_state["home.w"] == 1.7
    at.switch_page("lessons/home/page.py").run()
    assert at.slider(key="home.w").value == 1.7


def test_presentation_mode_walks_the_steps(new_app):
    at = home(new_app, present="1")
    step = " ".join(m.value for m in at.markdown)
    assert "Step 1 of 2" in step and "Predict, then run." in step
    assert at.slider(key="home.w").value == -0.5  # the first step's state
    assert at.button(key="home._back").disabled
    at.button(key="home._next").click().run()
    assert at.slider(key="home.w").value == 2.8
    assert "Step 2 of 2" in " ".join(m.value for m in at.markdown)
    assert "2" in str(at.query_params["step"]) and "1" in str(at.query_params["present"])
    assert at.button(key="home._next").disabled
    at.button(key="home._back").click().run()
    assert at.slider(key="home.w").value == -0.5


def test_presentation_mode_cuts_the_prose_and_a_link_opens_a_step(new_app):
    prose = "In 1959 Arthur Samuel"
    assert any(prose in m.value for m in home(new_app).markdown)
    at = home(new_app, present="1", step="2", w="2.8")
    assert not any(prose in m.value for m in at.markdown)
    assert "Step 2 of 2" in " ".join(m.value for m in at.markdown)
    assert at.slider(key="home.w").value == 2.8
