"""The frame and the Home page, run headless through Streamlit's AppTest."""

import re
from dataclasses import replace

import pytest
import streamlit as st

from nnviz import digit_model, samuel
from tests.helpers import charts


@pytest.fixture
def app(new_app):
    at = new_app()
    at.run()
    assert not at.exception
    return at


def sidebar_text(at) -> str:
    return " ".join(m.value for m in at.sidebar.markdown)


def test_frame_shows_the_data_source_and_a_bounded_seed(app):
    # AppTest keeps sidebar elements only from a session's first run under st.navigation,
    # so the sidebar is read here, before any rerun.
    assert "MNIST 60,000 / 10,000" in sidebar_text(app)
    seed = app.sidebar.number_input(key="app.seed")
    assert seed.value == 0 and seed.min == 0 and seed.max == 2**31 - 1


def test_the_global_seed_drives_the_page_data(new_app):
    at = new_app()
    at.session_state["app.seed"] = 42
    at.run()
    x, y = samuel.measurements(seed=42)
    assert at.metric[0].value == f"{samuel.performance(0.3, x, y):.3f}"
    x0, y0 = samuel.measurements(seed=0)
    assert samuel.performance(0.3, x, y) != samuel.performance(0.3, x0, y0)


def test_home_page_teaches_y_equals_f_of_x(app):
    assert app.title[0].value == "Why neural networks"
    headers = [h.value for h in app.subheader]
    assert "The life of a model" in headers and "The lessons" in headers
    assert app.table, "the table of input/output examples is missing"


def test_samuels_loop_improves_the_weight(app):
    x, y = samuel.measurements(seed=0)
    before = samuel.performance(app.session_state["home.w"], x, y)
    for _ in range(5):
        app.button(key="home.improve").click().run()
    after = samuel.performance(app.session_state["home.w"], x, y)
    assert after < before / 2
    assert app.metric[0].value == f"{after:.3f}"
    app.slider(key="home.w").set_value(1.5).run()
    assert app.metric[0].value == f"{samuel.performance(1.5, x, y):.3f}"


def test_the_digit_model_trains_once_then_reads_test_digits(new_app, monkeypatch, tmp_path):
    # A server with no model yet: an empty disk cache, nothing in memory and no shipped weights (as with data
    # other than full MNIST); a short recipe stands in for the reader's, so the test trains in seconds.
    monkeypatch.setenv("NNVIZ_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(digit_model, "SHIPPED", tmp_path / "nothing-shipped")
    monkeypatch.setattr(digit_model, "READER", replace(digit_model.READER, epochs=1, max_updates=60))
    st.cache_resource.clear()
    try:
        _trains_once_then_reads(new_app)
    finally:
        st.cache_resource.clear()  # the short recipe's model must not serve the tests after this one


def _trains_once_then_reads(new_app) -> None:
    app = new_app()
    app.run()
    assert len(charts(app)) == 1, "only the line fit before the model exists"
    app.button(key="home.train").click().run()
    assert not app.exception
    drawn = charts(app)
    assert len(drawn) == 2, "expected the line fit and the digit grid"
    caption = " ".join(c.value for c in app.caption)
    assert re.search(r"right \d+\.\d% of the time", caption)
    again = new_app()
    again.run()  # a new session finds the model already trained
    assert not again.exception and len(charts(again)) == 2
