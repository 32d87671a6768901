"""The gradient descent page in a real Chromium: pressing Step changes the numbers on screen."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.helpers import drawn, open_presenting, wait_for_app

pytestmark = pytest.mark.browser


def open_lesson(page):
    page.set_default_timeout(120_000)  # a first visit averages every training 3 and 7 on a shared CPU
    page.goto(f"{page.app_url}/gradient-descent")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Gradient descent"


def numbers_table(page) -> str:
    return page.locator("[data-testid='stTable']").first.inner_text()


def test_pressing_step_changes_the_numbers(page, artifacts):
    open_lesson(page)
    page.get_by_text("Steps done: 0").wait_for()
    before = numbers_table(page)
    assert "after" not in before  # no update has run yet
    page.get_by_role("button", name="All seven, once", exact=True).click()
    page.get_by_text("Steps done: 1").wait_for()
    first = numbers_table(page)
    assert "update" in first and first != before
    loss_one = page.get_by_text(re.compile(r"Loss \(mean squared error\): \d")).inner_text()
    page.get_by_role("button", name="All seven, once", exact=True).click()
    page.get_by_text("Steps done: 2").wait_for()
    assert numbers_table(page) != first
    assert page.get_by_text(re.compile(r"Loss \(mean squared error\): \d")).inner_text() != loss_one
    assert page.get_by_text("▶ 6. Repeat").is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts / "gradient_descent.png"), full_page=True)


def test_run_plays_live_until_it_stops(page, artifacts):
    open_lesson(page)
    page.get_by_role("button", name="Run many passes", exact=True).click()
    page.get_by_text(re.compile(r"^Stopped: ")).wait_for(timeout=60_000)
    steps = int(re.search(r"Steps done: (\d+)", page.locator("p", has_text="Steps done:").first.inner_text()).group(1))
    assert steps > 10
    assert page.get_by_text("▶ 7. Stop").is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts / "gradient_descent_run.png"), full_page=True)


def test_a_link_opens_the_lesson_with_its_settings_on_screen(page):
    page.set_default_timeout(120_000)
    page.goto(f"{page.app_url}/gradient-descent?fn={quote('x³')}&x=2&run_len=0.01&lr1d=1.2")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    main.get_by_text("Slope from autograd: 12.0000").wait_for()  # 3 x² at x = 2
    expect(main).to_contain_text("Rise 0.1206 over run 0.01")
    # Further down, drawn a moment later: learning rate 1.2 on the bowl.
    expect(main.locator(".st-key-gd-lr1d [data-testid='stSliderThumbValue']")).to_have_text("1.2", timeout=60_000)
    expect(main.get_by_text(re.compile(r"^Diverged"))).to_be_visible(timeout=60_000)
    assert "lr1d=1.2" in page.url and "run_len=0.01" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


def present_lesson(tab, artifacts, scheme: str) -> None:
    """Open the lesson in presentation mode, press Next, see step 2's state, and keep a screenshot."""
    main = open_presenting(tab, "gradient-descent", steps=5)
    assert main.get_by_text("A cart's speed").count() == 0  # the longer prose is left out
    tab.locator(".st-key-gd-_next button").click()
    main.get_by_text("Step 2 of 5").wait_for()
    # x³ at x = -1 (step 1's x² at 1.5 has a slope of 3 too, and may linger a moment while the page reruns)
    expect(main.get_by_text(re.compile(r"Slope from autograd: 3\.0000\s+Rise 1\.0000 over run 1 ="))).to_be_visible(
        timeout=60_000
    )
    assert "step=2" in tab.url and "x=-1" in tab.url
    tab.set_viewport_size({"width": 1400, "height": 2600})
    main.locator(".st-key-gd-tangent .main-svg").first.wait_for()  # the step's part has drawn its chart
    drawn(tab)
    tab.screenshot(path=str(artifacts / f"gradient_descent-present-{scheme}.png"))
    assert tab.locator("[data-testid='stException']").count() == 0


def test_presentation_mode_steps_forward_in_light_and_dark(themed_page, artifacts):
    present_lesson(themed_page, artifacts, themed_page.scheme)
