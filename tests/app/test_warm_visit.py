"""The server's start-up visit (server.warm.visit_lessons): every lesson runs in it without failing, and what a
first visit computes is computed there, once: the first real visitors of every lesson then build no figure, fit no
curve and run no race."""

import logging

import pytest
import streamlit as st

from lessons import LESSONS
from nnviz import nonlinearity, race
from nnviz.figures.shared import STORE
from server import warm
from tests.helpers import charts, open_link


def test_after_the_start_up_visit_a_first_visitor_of_any_lesson_computes_nothing_again(new_app, caplog,
                                                                                        monkeypatch):  # fmt: skip
    st.cache_data.clear()
    STORE.clear()
    with caplog.at_level(logging.ERROR, logger=warm.__name__):
        warm.visit_lessons()
    assert not [r for r in caplog.records if r.name == warm.__name__], caplog.text
    built = STORE.built
    assert built > 0

    def computed(*args, **kwargs):
        pytest.fail("a first visitor computed what the start-up visit had computed")

    monkeypatch.setattr(nonlinearity, "fit_curve", computed)
    monkeypatch.setattr(race, "race", computed)
    for lesson in LESSONS:
        at = open_link(new_app, lesson.script)
        assert not at.exception and (charts(at) or lesson.url_path == "draw"), lesson.script
    assert STORE.built == built, "a first visitor built figures the start-up visit had built"
