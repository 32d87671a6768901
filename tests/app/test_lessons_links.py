"""Every lesson alike: a link it cannot use is named and shown with defaults, presentation mode
walks its steps, and every chart carries a text summary."""

import re

import pytest

from lessons import LESSONS
from tests.helpers import ROOT, open_link

SCRIPTS = [lesson.script for lesson in LESSONS]
HOME = LESSONS[0]


def on_its_lesson(at, script: str) -> bool:
    """The session shows the lesson `script`, not the home page a first run lands on."""
    return (at.title[0].value == HOME.title) == (script == HOME.script)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_nonsense_link_is_named_and_changes_nothing(new_app, script):
    at = open_link(new_app, script, zzz="1", seed="x")
    assert on_its_lesson(at, script)
    notices = " ".join([*at.frame_notices, *(i.value for i in at.info)])
    assert "zzz=1" in notices and "seed" in notices
    assert at.session_state["app.seed"] == 0


@pytest.mark.parametrize("script", SCRIPTS)
def test_presentation_mode_starts_every_lesson_at_its_first_step(new_app, script):
    at = open_link(new_app, script, present="1")
    text = " ".join(m.value for m in at.markdown)
    assert on_its_lesson(at, script)
    steps = re.search(r"Step 1 of (\d+)", text)
    assert steps and int(steps.group(1)) >= 2, "every lesson is a sequence of steps on a projector"
    assert "Predict, then run." in text


def test_every_chart_goes_through_the_summarising_wrapper():
    """present.chart adds each chart's text summary (alt text and caption); a bare plotly call would skip it."""
    bare = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("lessons", "ui")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "present.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "plotly_chart(" in line
    ]
    assert bare == []


def test_lessons_keep_their_state_through_the_settings_layer():
    """A lesson reads and writes this visitor's state through ui.settings (PAGE.values, PAGE.held) or
    the player, never by spelling out session-state keys."""
    offenders = [
        str(f.relative_to(ROOT)) for f in sorted((ROOT / "lessons").rglob("*.py")) if "session_state" in f.read_text()
    ]
    assert offenders == []


def test_a_link_to_a_step_the_lesson_lacks_says_so_and_starts_at_step_1(new_app):
    at = open_link(new_app, "lessons/separator/page.py", present="1", step="99")
    assert "Step 1 of" in " ".join(m.value for m in at.markdown)
    assert "asks for step `99`" in " ".join(i.value for i in at.info)


def test_a_typed_link_to_a_step_opens_that_step_with_its_settings(new_app):
    at = open_link(new_app, "lessons/optimisers/page.py", present="1", step="2")
    assert "Step 2 of" in " ".join(m.value for m in at.markdown)
    assert at.session_state["opt.surface"] == "curved valley (Rosenbrock)"  # the step's own, not the default
