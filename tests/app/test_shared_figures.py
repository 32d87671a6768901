"""A class opening a lesson on the same settings gets figures built once (nnviz.figures.shared): every visitor after
the first sees exactly the charts the first one saw, none rebuilt, and a visitor presenting in between changes
none of them (the projector's restyling works on a copy)."""

import pytest

from lessons import LESSONS
from nnviz.figures.shared import STORE
from tests.helpers import charts, open_link


@pytest.mark.parametrize("lesson", [lesson.script for lesson in LESSONS], ids=lambda s: s.split("/")[1])
def test_a_second_visitor_sees_the_first_ones_charts_built_once(new_app, lesson):
    STORE.clear()
    first = open_link(new_app, lesson)
    open_link(new_app, lesson, present="1")
    built = STORE.built
    second = open_link(new_app, lesson)
    assert not second.exception
    assert [(c.key, c.spec, c.alt) for c in charts(second)] == [(c.key, c.spec, c.alt) for c in charts(first)]
    assert STORE.built == built, "the second visit built figures the first had built already"
    assert STORE.reused > 0 or not charts(first)
