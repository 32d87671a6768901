"""The optimisers page, run headless through AppTest: the race's words against the engine, a diverging optimiser
named, the surface picker, playing the race, restarts, schedules and the real landscape."""

import numpy as np
import pytest

from lessons.optimisers import race as panel
from nnviz import race, restarts, surfaces
from nnviz.figures import plain
from nnviz.race import RaceConfig
from nnviz.surfaces import SURFACES
from tests.helpers import charts, open_link
from tests.helpers import url_param as param

LESSON = "lessons/optimisers/page.py"
MAX_TICKS = 60


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture
def app(new_app):
    return open_link(new_app, LESSON)


def test_the_race_names_who_reaches_the_bottom_of_the_ravine_first(app):
    s = SURFACES["ravine"]
    walks = race.race(s, list(race.OPTIMISERS), s.start, RaceConfig())
    words = panel.verdicts(walks, surfaces.lowest(s), None)[0]
    assert words in markdown(app) and "**SGD + momentum** at step" in words
    target = surfaces.lowest(s) + panel.CLOSE * (walks["SGD"].losses[0] - surfaces.lowest(s))
    at = race.steps_to(walks["SGD + momentum"].losses, target)
    assert f"**SGD + momentum** at step {at}" in words and "Not there yet: SGD." in markdown(app)
    assert not app.warning and len(charts(app)) >= 9


def test_a_diverging_optimiser_is_stopped_and_named_in_words(new_app):
    app = open_link(new_app, LESSON, surface="bowl", lr="3.0")
    assert not app.exception
    s = SURFACES["bowl"]
    sgd = race.walk(s, "SGD", s.start, RaceConfig(lr=3.0))
    warned = " ".join(w.value for w in app.warning)
    reached = plain(sgd.outcome.value, 3)
    assert f"**SGD** left the picture at step {sgd.outcome.step}: its loss reached {reached}" in warned
    assert "e+" not in warned  # 2,500, never 2.5e+03
    assert "learning rate 3" in warned and "nan" not in warned.lower()


def test_a_new_surface_starts_from_its_own_start_and_the_link_carries_only_the_surface(app):
    app.selectbox(key="opt.surface").set_value("saddle").run()
    assert (app.session_state["opt.x0"], app.session_state["opt.y0"]) == SURFACES["saddle"].start
    assert param(app, "surface") == "saddle" and param(app, "x0") is None
    app.number_input(key="opt.x0").set_value(1.0).run()
    assert param(app, "x0") == "1" and not app.exception


def test_a_start_outside_the_surface_falls_back_to_its_own_start(new_app):
    app = open_link(new_app, LESSON, surface="bowl", x0="3.5")
    assert not app.exception
    assert any("lies outside this surface's picture" in c.value for c in app.caption)


def test_play_reveals_the_race_step_by_step_then_shows_all_of_it(app):
    app.button(key="opt.race.play").click().run()
    per_tick = 150 // panel.TICKS  # the press's own run already took the first tick
    assert app.session_state["opt.race.shown"].steps == per_tick and app.session_state["opt.race.player"].playing
    assert any(c.value == f"Step {per_tick} of the race." for c in app.caption)
    seen = []
    for _ in range(MAX_TICKS):
        if not app.session_state["opt.race.player"].playing:
            break
        app.run()
        seen.append(app.session_state["opt.race.shown"].steps)
    assert not app.exception and not app.session_state["opt.race.player"].playing
    assert (
        seen[0] > 0
        and seen[-1] is None
        and sorted(s for s in seen if s is not None) == [s for s in seen if s is not None]
    )
    assert any(c.value == "The whole race." for c in app.caption)


def test_no_optimiser_chosen_is_said_not_raised(app):
    app.multiselect(key="opt.opts").set_value([]).run()
    assert not app.exception and any("Pick at least one optimiser" in i.value for i in app.info)


def test_restarts_report_the_engines_numbers(app):
    app.slider(key="opt.starts").set_value(20).run()
    result = restarts.restarts(SURFACES["several minima"], "SGD", 20, RaceConfig())
    assert f"{int(result.found.sum())} of 20 starts ended at the lowest point." in markdown(app)
    assert param(app, "starts") == "20"


def test_schedules_say_which_ends_closest(new_app):
    app = open_link(new_app, LESSON, noise="1", lr="0.3")
    s = SURFACES["ravine"]
    walks = race.schedule_race(s, "SGD + momentum", s.start, RaceConfig(lr=0.3, noise=True))
    gaps = {n: w.losses[-1] - surfaces.lowest(s) for n, w in walks.items()}
    best = min(gaps, key=gaps.get)
    assert f"Closest to the bottom after 150 steps: **{best}**, {gaps[best]:.3g}" in markdown(app)
    assert "trains with **one-cycle**" in markdown(app)


def test_the_real_landscape_is_centred_on_the_trained_networks_loss(app, mnist):
    from nnviz import landscape as engine

    app.radio(key="opt.land.grid").set_value(11).run()
    app.button(key="opt.land.map").click().run()
    assert not app.exception
    trained = engine.train_mlp(mnist.train_x, mnist.train_y, engine.SMALL_BATCH)
    land = engine.landscape(trained.model, trained.checkpoints, mnist.test_x[:1000], mnist.test_y[:1000], n=11)
    assert f"the loss is **{land.centre_loss:.3f}**" in markdown(app)
    assert np.isclose(land.losses[5, 5], land.centre_loss)
    app.toggle(key="opt.land.compare").set_value(True).run()
    assert not app.exception and "the batch 1,500 minimum is the sharper one" in markdown(app)


def test_the_landscape_along_the_training_path_says_how_far_the_start_was(new_app):
    app = open_link(new_app, LESSON, **{"land.grid": "11", "land.dirs": "the training path's own two"})
    assert app.select_slider(key="opt.land.span").disabled
    app.button(key="opt.land.map").click().run()
    assert not app.exception and "seen in the two directions it spread most" in markdown(app)


def test_your_own_model_is_offered_and_its_absence_is_said(app):
    app.radio(key="opt.land.model").set_value("your own (Training page)").run()
    assert not app.exception
    assert any("Your own model joins once a run has finished" in c.value for c in app.caption)


def test_your_own_finished_model_gets_its_landscape_mapped(new_app, monkeypatch, mnist):
    import torch

    from lessons.training import handover
    from nnviz import training
    from nnviz.models import ModelSpec, build_model

    mlp = ModelSpec(kind="mlp", hidden=(16,))
    mine = training.export(training.TrainConfig(model=mlp), build_model(mlp, seed=0))
    monkeypatch.setattr(handover, "finished_export", lambda: mine)
    app = open_link(new_app, LESSON, **{"land.model": "your own (Training page)", "land.grid": "11"})
    app.button(key="opt.land.map").click().run()
    assert not app.exception
    model = training.load(mine)[1]
    with torch.no_grad():
        own = float(
            torch.nn.functional.cross_entropy(model(training.prepare(mnist.test_x[:1000])), mnist.test_y[:1000])
        )
    assert f"the loss is **{own:.3f}**" in markdown(app) and "The loss of your model" in charts(app)[-1].spec
    assert any("kept no checkpoints" in c.value for c in app.caption)
