"""Presentation mode fits the screen: on a 1366x768 (light) and a 1920x1080 (dark) projector each step's question,
the control the question says to use and the chart it is about are all in view without scrolling (issue 16,
item 2)."""

import contextlib
import json
import warnings

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser_draw import SEVEN, stroke

from bench.tab import ANSWER, PAD
from lessons.draw.settings import PAGE as DRAW
from tests.helpers import log_pointer, names_next, open_lesson, open_presenting, wait_for_app, what_the_page_said

pytestmark = pytest.mark.browser

SCREENS = {"1366x768": {"width": 1366, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}
STEP_BOX = ".st-key-present-step"
# lesson (its URL path) -> per step: (the key of the control the question names, the key of its main chart).
# Keys as Streamlit writes them into class names: "st-key-" + the key with dots as dashes. A chart of None: none
# yet (it appears once the control is pressed); a control of None: the question names none (it asks about the chart).
STEPS = {
    "home": [("home-improve", "home-fit")] * 2,
    "separator": [("sep-b", "sep-scatter"), ("sep-lin-play", "sep-lin-scatter")]
    + [("sep-net-play", "sep-net-boundary")] * 3,
    "activations": [
        ("act-w1", "act-neuron-plot"),
        ("act-temp", "act-softmax"),
        ("act-stack-between", "act-collapse"),
        ("act-fit-hidden", "act-fit"),
        ("act-depth-act", "act-depth-bars"),
    ],
    "gradient-descent": [
        ("gd-distance", "gd-wrong"),
        ("gd-run_len", "gd-tangent"),
        ("gd-lr1d", "gd-path"),
        ("gd-run", "gd-losses"),
        ("gd-train", None),
    ],
    "backprop": [
        ("bp-next_node", "bp-graph"),
        ("bp-next_node", "bp-graph"),
        ("bp-nudge", None),
        ("bp-one_step", "bp-losses"),
        ("bp-depth-act", "bp-chain"),
        ("bp-digit-step", None),
    ],
    "draw": [("draw-clear", "draw-canvas0")] * 2
    + [("draw-even", "draw-canvas0")]
    + [("draw-clear", "draw-canvas0")] * (len(DRAW.steps) - 3),
    "training": [("train-start", None)] * 5,
    "convolution": [
        ("conv-kernel", "conv-output"),
        ("conv-stride", "conv-sizes"),
        (None, "conv-pool"),
        ("conv-layer", "conv-overview"),
        ("conv-shift-x", "conv-shift-bars"),
    ],
    "optimisers": [("opt-race-play", "opt-race-map")] * 2
    + [("opt-noise", "opt-race-map"), ("opt-race-play", "opt-race-map")]
    + [("opt-starts", "opt-restarts-rate"), (None, "opt-sched-losses"), ("opt-land-map", None)],
}
# Steps that do not fit yet, and why: their misses are not counted (the list says what is left, and shrinks).
NOT_YET: dict[tuple[str, int], str] = {}


BLANK = ": nothing drawn"  # what IN_VIEW says of an element on the page with no height: nothing drawn there yet
IN_VIEW = """sel => { const e = document.querySelector(sel); if (!e) return sel + ": not on the page";
    const r = e.getBoundingClientRect();
    if (r.height === 0) return sel + BLANK;
    return r.top >= 0 && r.bottom <= window.innerHeight + 1
        ? null : `${sel}: at ${Math.round(r.top)}-${Math.round(r.bottom)} px`; }""".replace("BLANK", json.dumps(BLANK))
# What an element holds, for a report: the test ids and classes of its first few descendants.
INSIDE = """sel => Array.from(document.querySelector(sel).querySelectorAll("*")).slice(0, 12)
    .map(d => d.dataset.testid || d.getAttribute("class") || d.tagName.toLowerCase()).join(" > ") || 'nothing'"""
# Why an element has no height: how many elements match, and the height, display, position and containment of it
# and its first ancestors (twice in CI the race map's element had no height while its plotly chart was drawn inside it).
SIZED = """sel => { const all = document.querySelectorAll(sel), out = [`${all.length} match`];
    for (let n = all[0], i = 0; n && i < 6; n = n.parentElement, i++) {
        const r = n.getBoundingClientRect(), css = getComputedStyle(n);
        out.push(`${n.dataset.testid || n.tagName.toLowerCase()} ${Math.round(r.height)} px (${css.display}, ` +
                 `${css.position}, height ${css.height}, min ${css.minHeight}, contain ${css.contain})`); }
    return out.join(" < "); }"""
ALL_IN_VIEW = f"sels => {{ const one = {IN_VIEW}; return sels.every(s => one(s) === null); }}"
# A chart may still be drawing (a component sizes its frame after it loads): once, in a full run, 20 s was too short.
SETTLE_MS = 60_000
PRESS_MS = 30_000  # a Next press that takes longer has been lost
# Charts that a custom component draws in the page once its script has loaded, and what it draws: the step is
# measured once that is there (twice in CI the canvas had no height 20 s after the page's run; see the console).
DRAWN_BY_A_COMPONENT = {"draw-canvas0": PAD}
COMPONENT_MS = 60_000
# Lessons whose every step asks the class to draw first: the fit that counts is with the answer beside the pad.
ASKS_FOR_A_DRAWING = {"draw"}


# Headings taller than the place the page keeps for them, so that what follows covers their lower part (Streamlit
# pulls the text under a heading up by a heading's usual padding, which a projector's headings had lost).
SPILLED_HEADINGS = """() => Array.from(document.querySelectorAll("[data-testid=stMain] :is(h1, h2, h3)")).filter(h => {
    const box = h.closest("[data-testid=stElementContainer]"), next = box && box.nextElementSibling;
    const text = document.createRange();
    text.selectNodeContents(h);  // the letters, not the heading's padding
    const bottom = text.getBoundingClientRect().bottom, below = next && next.getBoundingClientRect();
    return below && below.height && below.top < bottom - 1; }).map(h => h.textContent)"""


def out_of_view(tab, selectors: list[str]) -> list[str]:
    """What is not wholly inside the window, once everything is in it or SETTLE_MS have passed."""
    with contextlib.suppress(PlaywrightTimeout):
        tab.wait_for_function(ALL_IN_VIEW, arg=selectors, timeout=SETTLE_MS)
    return [w for w in (tab.evaluate(IN_VIEW, s) for s in selectors) if w]


def blanks(tab, missed: list[str]) -> str:
    """What the page holds in each element `missed` found with no height ("" if none)."""
    empty = [m.removesuffix(BLANK) for m in missed if m.endswith(BLANK)]
    return "; ".join(f"{s} holds {tab.evaluate(INSIDE, s)}; sized: {tab.evaluate(SIZED, s)}" for s in empty)


def settled(tab) -> None:
    """The run has finished and nothing on the page is left over from the step before."""
    wait_for_app(tab)
    tab.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


def walk(tab, lesson: str) -> list[str]:
    """Every step of `lesson` in turn, as a presenter presses Next; returns what was out of view."""
    steps = STEPS[lesson]
    open_presenting(tab, lesson, len(steps))
    misses = []
    for number, (control, chart) in enumerate(steps, start=1):
        if number > 1:
            wait_for_app(tab)  # the last step's run has finished: a press while it still runs was once lost in CI
            sent = len(tab.sent_next)
            tab.locator(STEP_BOX).get_by_role("button", name="Next").click()
            try:
                tab.locator(STEP_BOX).get_by_text(f"Step {number} of").wait_for(timeout=PRESS_MS)
            except PlaywrightTimeout:
                # A press with no answer: twice in CI, both on backprop's step 2. Once here a press made as the page's
                # first run ended never left the browser (no message named Next). Why the page drops it is an open
                # question (test_browser_present checks Next itself); this test measures the step's fit, so it says
                # whether the press reached the server, opens the step by its link and goes on.
                reached = "reached the server" if any(tab.sent_next[sent:]) else "never left the browser"
                lost = f"{lesson}: Next on step {number - 1} got no answer in {PRESS_MS // 1000} s: the press {reached}"
                warnings.warn(f"{lost}; {what_the_page_said(tab)}", stacklevel=1)
                open_lesson(tab, lesson, f"?present=1&step={number}")
        tab.locator(STEP_BOX).get_by_text(f"Step {number} of").wait_for()
        settled(tab)
        with contextlib.suppress(PlaywrightTimeout):  # the projector's style may land a moment after the run
            tab.wait_for_function(f"() => ({SPILLED_HEADINGS})().length === 0", timeout=SETTLE_MS)
        if spilled := tab.evaluate(SPILLED_HEADINGS):
            misses.append(f"{lesson} step {number}: headings covered by what follows them: {spilled}")
        if (lesson, number) in NOT_YET:
            continue
        selectors = [STEP_BOX] + [f".st-key-{key}" for key in (control, chart) if key is not None]
        if chart in DRAWN_BY_A_COMPONENT:  # its script has run; the component draws itself afterwards, in the page
            with contextlib.suppress(PlaywrightTimeout):
                tab.locator(f".st-key-{chart} {DRAWN_BY_A_COMPONENT[chart]}").first.wait_for(timeout=COMPONENT_MS)
        if lesson in ASKS_FOR_A_DRAWING and tab.locator(ANSWER).count() == 0:
            stroke(tab, tab.locator(PAD).first, SEVEN)
            tab.locator(ANSWER).wait_for()
            settled(tab)
        missed = out_of_view(tab, selectors)
        if held := blanks(tab, missed):
            # Never drawn, which is not a question of fit: twice in CI the race map's component showed nothing for a
            # minute. Say what the page held there, open the step again by its link and measure that. (Whether an
            # element is blank is read in the same look as where it sits: once the map drew itself between two looks,
            # and the test took a chart drawn late for one out of view.)
            warnings.warn(f"{lesson} step {number}: nothing drawn after {SETTLE_MS // 1000} s: {held}", stacklevel=1)
            open_lesson(tab, lesson, f"?present=1&step={number}")
            settled(tab)
            missed = out_of_view(tab, selectors)
            missed = [f"{m} (opened twice; {blanks(tab, [m])})" if m.endswith(BLANK) else m for m in missed]
        if missed:
            tab.screenshot(path=f"/tmp/present-fits-{lesson}-{number}-{tab.viewport_size['height']}.png")
            misses.append(f"{lesson} step {number}: {'; '.join(missed)}; the page's console: {tab.console or 'quiet'}")
    return misses


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("lesson", list(STEPS))
def test_each_step_shows_its_question_control_and_chart_together(browser, app_url, lesson, screen):
    context = browser.new_context(viewport=SCREENS[screen], color_scheme="dark" if screen == "1920x1080" else "light")
    tab = context.new_page()
    tab.console = []  # what the page logged that went wrong, for the failure message
    tab.on("console", lambda m: tab.console.append(m.text[:160]) if m.type == "error" and "404" not in m.text else None)
    tab.on("pageerror", lambda e: tab.console.append(f"uncaught: {str(e)[:160]}"))
    tab.sent_next = []  # each message the page sent the server that names a Next button: a press that reached it
    tab.on("websocket", lambda ws: ws.on("framesent", lambda frame: tab.sent_next.append(names_next(frame))))
    log_pointer(tab)
    tab.set_default_timeout(120_000)
    tab.app_url = app_url
    try:
        misses = walk(tab, lesson)
    finally:
        context.close()
    assert not misses, "\n".join(misses)
