"""Presenting and sharing in a real Chromium: links to exact states, presentation mode's steps and keys,
and a page that fetches nothing from outside this server."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.tab import ERRORS
from tests.helpers import log_pointer, names_next, open_presenting, wait_for_app, where_presses_went

pytestmark = pytest.mark.browser

SLIDER = "[data-testid='stSlider'] input[type='range']"


def params(tab) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(tab.url).query).items()}


def test_a_link_opens_an_exact_state_and_the_url_follows_the_settings(page):
    page.goto(f"{page.app_url}/?w=2.2&seed=5")
    wait_for_app(page)
    assert page.locator(SLIDER).first.input_value() == "2.2"
    assert page.locator("[data-testid='stSidebar'] input[aria-label='Seed']").input_value() == "5"
    page.locator(SLIDER).first.focus()
    page.keyboard.press("ArrowRight")  # one slider step: 0.01
    page.wait_for_function("() => location.search.includes('w=2.21')")
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_text("Activation functions").click()
    page.get_by_role("heading", name="Activation functions").wait_for()
    assert "w" not in params(page) and params(page)["seed"] == "5"  # one lesson's settings stay with it
    nav.get_by_text("Why neural networks").click()
    page.wait_for_function("() => location.search.includes('w=2.21')")  # and come back with it
    assert page.locator(SLIDER).first.input_value() == "2.21"


def test_a_bad_link_says_so_and_shows_the_defaults(page):
    page.goto(f"{page.app_url}/?w=lots&colour=red")
    wait_for_app(page)
    notice = page.locator("[data-testid='stAlertContentInfo']").first
    notice.wait_for()
    assert "w=lots" in notice.inner_text() and "colour=red" in notice.inner_text()
    assert page.locator(SLIDER).first.input_value() == "0.3"
    assert page.locator("[data-testid='stException']").count() == 0


def test_presentation_mode_steps_with_the_keyboard(themed_page, artifacts):
    tab, scheme = themed_page, themed_page.scheme
    outside = []
    tab.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else 0)
    open_presenting(tab, "", steps=2, timeout=30_000)
    assert tab.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true"
    # type that reads from the back of a room (16 px is the browser's default)
    tab.wait_for_function("() => parseFloat(getComputedStyle(document.documentElement).fontSize) >= 20")
    assert tab.get_by_text("In 1959 Arthur Samuel").count() == 0  # the prose is cut to essentials
    tab.locator("[data-testid='stPlotlyChart']").first.wait_for()
    tab.screenshot(path=str(artifacts / f"present-{scheme}.png"))
    tab.locator("h1").first.click()  # focus on the page, not a control
    tab.keyboard.press("PageDown")
    tab.get_by_text("Step 2 of 2").wait_for()
    tab.wait_for_function("() => location.search.includes('step=2')")
    # the step's own setting: the heading and the link change first in the step's run, the slider a moment later
    tab.wait_for_function(f"() => document.querySelector(`{SLIDER}`)?.value === '2.8'")
    tab.get_by_role("button", name="Leave presentation mode").click()
    tab.get_by_text("In 1959 Arthur Samuel").wait_for()
    assert "present" not in params(tab)
    assert outside == [], f"the page fetched from outside this server: {outside}"


def test_next_pressed_while_a_step_still_draws_is_never_lost(page):
    """A presenter presses Next the moment a step's title shows, while its charts and trainings are still being
    made, on the lesson with the heaviest steps. Each press gets to the next step and no page's script fails.
    (A press once started a second script beside the running one, which failed reading the state the first was
    changing: .streamlit/config.toml's fastReruns.)"""
    tab = page
    sent = []  # per message the page sent the server: whether it carries a press of Next (its key ends "._next")
    tab.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(names_next(f))))
    log_pointer(tab)
    steps = 6
    open_presenting(tab, "backprop", steps)
    step_box = tab.locator(".st-key-present-step")
    for number in range(2, steps + 1):
        tab.get_by_text(f"Step {number - 1} of {steps}").wait_for()  # the title is out, the step still draws
        before = len(sent)
        step_box.get_by_role("button", name="Next").click()
        try:
            step_box.get_by_text(f"Step {number} of {steps}").wait_for(timeout=120_000)
        except PlaywrightTimeout:
            reached = "reached the server" if any(sent[before:]) else "never left the browser"
            pytest.fail(f"Next on step {number - 1} got no answer in 120 s: the press {reached}; the page's "
                        f"pointer events: {where_presses_went(tab)}")  # fmt: skip
    wait_for_app(tab)
    assert tab.locator(ERRORS).count() == 0


def test_presentation_mode_and_the_seed_hold_while_the_sidebars_code_is_still_on_its_way(page):
    """Streamlit fetches each kind of widget's code the first time a page shows one. Once in a fresh clone's run of
    the suite (and 1 time in 40 with a core kept busy), the sidebar's toggle code arrived after the page's second
    run: the toggle then took its default, off, and the next press of Next turned presentation mode off instead of
    moving on. The toggle's code is held back here until the presenter has pressed Next once, then let through;
    the next press must still move on, in presentation mode, with the link's seed."""
    tab = page
    held = []  # the requests for the toggle's code (Streamlit's Checkbox module), answered once the test says
    tab.route("**/static/js/Checkbox.*.js", lambda request: held.append(request))
    tab.goto(f"{tab.app_url}/backprop?present=1&seed=7")
    step_box = tab.locator(".st-key-present-step")
    step_box.get_by_text("Step 1 of 6").wait_for()
    wait_for_app(tab)
    step_box.get_by_role("button", name="Next").click()
    step_box.get_by_text("Step 2 of 6").wait_for()
    wait_for_app(tab)  # the second run has sent the toggle again
    assert held, "the page asked for no toggle code: Streamlit's module names changed, and this test tests nothing"
    for request in held:
        request.continue_()
    tab.locator("[data-testid='stSidebar'] [data-testid='stCheckbox']").wait_for(state="attached")
    step_box.get_by_role("button", name="Next").click()
    step_box.get_by_text("Step 3 of 6").wait_for()
    wait_for_app(tab)
    assert params(tab)["present"] == "1" and params(tab)["seed"] == "7"
    assert tab.locator("[data-testid='stSidebar'] input[aria-label='Seed']").input_value() == "7"
