"""The gradient descent page, run headless through AppTest and driven by widget keys."""

import pytest

from nnviz import baseline, descent
from tests.helpers import charts, open_link

LESSON = "lessons/gradient_descent/page.py"
MAX_TICKS = 40  # a run of any budget ends in about 20 ticks


@pytest.fixture
def app(new_app):
    return open_link(new_app, LESSON)


def metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def toy(at) -> descent.SevenSteps:
    return at.session_state["gd.toy"]


def playing(at) -> bool:
    """Whether the seven-steps loop is playing (its player's state)."""
    return at.session_state["gd.loop.player"].playing


def run_to_the_end(at) -> int:
    at.button(key="gd.run").click().run()
    ticks = 0
    while playing(at) and ticks < MAX_TICKS:
        at.run()  # one tick of the live fragment
        ticks += 1
    assert not at.exception and not playing(at)
    return ticks


def test_the_page_opens_with_the_baseline_and_the_autograd_example(app, mnist):
    assert app.title[0].value == "Gradient descent"
    assert metric(app, "x.grad") == "16"
    expected = baseline.evaluate_baseline(mnist, next(iter(baseline.DISTANCES))).accuracy
    assert metric(app, "Accuracy on the test 3s") == f"{expected:.2%}"
    app.radio(key="gd.distance").set_value(list(baseline.DISTANCES)[1]).run()
    l2 = baseline.evaluate_baseline(mnist, list(baseline.DISTANCES)[1]).accuracy
    assert metric(app, "Accuracy on the test 3s") == f"{l2:.2%}" and l2 != expected
    assert len(charts(app)) >= 6


def test_the_tangent_follows_the_chosen_function_and_point(app):
    app.selectbox(key="gd.fn").set_value("x³").run()
    app.slider(key="gd.x").set_value(2.0).run()
    app.slider(key="gd.run_len").set_value(0.01).run()
    assert "Slope from autograd: **12.0000**" in markdown(app)
    assert "Rise 0.1206 over run 0.01 = **12.0601**" in markdown(app)  # (2.01³ - 8) / 0.01


def test_a_too_large_learning_rate_is_reported_in_words(app):
    app.select_slider(key="gd.lr1d").set_value(1.2).run()
    assert any("Diverged" in e.value and "too large" in e.value for e in app.error)
    app.select_slider(key="gd.lr1d").set_value(0.5).run()
    assert not app.error and any(i.value.startswith("Arrived") for i in app.info)


def test_step_by_key_runs_one_pass_and_shows_its_numbers(app):
    before = toy(app).values()
    assert "▶ 1. Initialise" in markdown(app)
    app.button(key="gd.step").click().run()
    loop = toy(app)
    assert loop.steps == 1 and loop.values() != before
    table = app.table[0].value
    assert table["before"].tolist() == [f"{v:+.4f}" for v in before]
    assert table["after"].tolist() == [f"{v:+.4f}" for v in loop.values()]
    assert table["update -0.1 × grad"].tolist() == [f"{-0.1 * g:+.4f}" for g in loop.numbers.grad]
    assert f"**Loss** (mean squared error): {loop.numbers.loss:.4f}" in markdown(app)
    assert "▶ 6. Repeat" in markdown(app)


def test_next_phase_moves_the_marker_through_the_seven_steps(app):
    seen = []
    for _ in range(5):
        app.button(key="gd.phase").click().run()
        seen.append(next(line for line in markdown(app).splitlines() if "▶" in line))
    assert [s.split("▶ ")[1][:2] for s in seen] == ["2.", "3.", "4.", "5.", "6."]
    assert toy(app).steps == 1


def test_run_by_key_repeats_until_the_stop_rule(app):
    app.slider(key="gd.target").set_value(0.5).run()
    ticks = run_to_the_end(app)
    loop = toy(app)
    assert loop.stopped and loop.losses[-1] < 0.5 and ticks > 1
    assert any("below the target" in s.value for s in app.success)
    assert "▶ 7. Stop" in markdown(app)
    assert app.button(key="gd.step").disabled and app.button(key="gd.run").disabled
    app.button(key="gd.reset").click().run()
    assert toy(app).steps == 0 and not app.button(key="gd.step").disabled


def test_run_stops_at_the_step_budget(app):
    app.slider(key="gd.budget").set_value(10).run()
    app.slider(key="gd.target").set_value(0.0).run()
    run_to_the_end(app)
    assert toy(app).steps == 10 and any("budget of 10 steps" in s.value for s in app.info)


def test_divergence_and_unzeroed_gradients_show_up(app):
    app.slider(key="gd.lr").set_value(0.3).run()
    app.slider(key="gd.budget").set_value(2000).run()
    run_to_the_end(app)
    assert any(e.value.startswith("Diverged") for e in app.error)
    app.button(key="gd.reset").click().run()
    app.slider(key="gd.lr").set_value(0.05).run()
    app.toggle(key="gd.zero_grad").set_value(False).run()
    for _ in range(2):
        app.button(key="gd.step").click().run()
    table = app.table[0].value
    assert "from this loss alone" in table.columns
    assert table["gradient in .grad"].tolist() != table["from this loss alone"].tolist()
    assert any("not being zeroed" in w.value and "the last 2 gradients" in w.value for w in app.warning)
    app.toggle(key="gd.zero_grad").set_value(True).run()
    app.button(key="gd.step").click().run()  # this update empties .grad
    app.toggle(key="gd.zero_grad").set_value(False).run()
    for _ in range(3):
        app.button(key="gd.step").click().run()
    assert any("the last 3 gradients" in w.value for w in app.warning)  # since .grad was last empty, not all 6


def test_the_linear_model_trains_on_press_and_beats_the_baseline(app):
    assert not any(m.label.startswith("Linear model") for m in app.metric)
    app.button(key="gd.train").click().run()
    assert not app.exception
    label = next(m for m in app.metric if m.label.startswith("Linear model"))
    assert "beats the no-learning baseline" in label.delta
    app.select_slider(key="gd.batch").set_value(256).run()
    assert any("Showing the last run" in c.value for c in app.caption)


def test_pause_stops_a_run_midway(app):
    app.slider(key="gd.target").set_value(0.0).run()
    app.button(key="gd.run").click().run()
    app.run()
    app.button(key="gd.pause").click().run()
    steps = toy(app).steps
    assert not playing(app) and 0 < steps < 300 and not toy(app).stopped
    app.run()
    assert toy(app).steps == steps  # nothing moves on an unrelated rerun


def test_the_global_seed_drives_the_toy_data_and_start(new_app):
    at = new_app()
    at.session_state["app.seed"] = 5
    at.run()
    at.switch_page(LESSON).run()
    fresh = descent.SevenSteps(5)
    assert toy(at).seed == 5 and toy(at).values() == fresh.values()
    assert toy(at).values() != descent.SevenSteps(0).values()
