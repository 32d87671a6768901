"""Every preset and the custom network build and train a few batches on a small subset, under AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from nnviz.presets import ALL_PRESETS, CUSTOM
from tests.helpers import ROOT, TRAINING_PAGE

pytestmark = pytest.mark.usefixtures("fresh_run_store")


@pytest.fixture(scope="module")
def at(mnist):
    """One session for all presets, as a learner would try them one after another."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.switch_page(TRAINING_PAGE).run()
    return app


@pytest.mark.parametrize("name", [*ALL_PRESETS, CUSTOM])
def test_each_preset_trains_a_few_batches(at, name):
    at.selectbox(key="train.preset").set_value(name).run()
    at.number_input(key="train.size").set_value(300).run()
    at.button(key="train.start").click().run()
    at.run()
    assert not at.exception
    trainer = at.session_state["train.run"].trainer
    assert trainer.updates > 0 and trainer.history and len(trainer.train_y) == 300
    if not trainer.finished:
        at.button(key="train.stop").click().run()
    assert not at.exception and at.session_state["train.run"].done
    shown = {m.label: m.value for m in at.metric}
    assert "Test accuracy" in shown
    assert at.session_state["train.run"].export["config"]["model"] == trainer.config.model.__dict__ | {
        "hidden": trainer.config.model.hidden
    }


def test_the_runs_are_compared(at):
    runs = at.session_state["train.runs"]
    assert len(runs) >= 2
    table = at.dataframe[-1].value
    assert list(table["run"]) == [r["name"] for r in runs]
