"""The gradient descent page in a real Chromium: pressing Step changes the numbers on screen."""

import re

import pytest
from conftest import wait_for_app

pytestmark = pytest.mark.browser


def open_lesson(page):
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
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text("Steps done: 1").wait_for()
    first = numbers_table(page)
    assert "update" in first and first != before
    loss_one = page.get_by_text(re.compile(r"Loss \(mean squared error\): \d")).inner_text()
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text("Steps done: 2").wait_for()
    assert numbers_table(page) != first
    assert page.get_by_text(re.compile(r"Loss \(mean squared error\): \d")).inner_text() != loss_one
    assert page.get_by_text("▶ 6. Repeat").is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts / "gradient_descent.png"), full_page=True)


def test_run_plays_live_until_it_stops(page, artifacts):
    open_lesson(page)
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_text(re.compile(r"^Stopped: ")).wait_for(timeout=60_000)
    steps = int(re.search(r"Steps done: (\d+)", page.locator("p", has_text="Steps done:").first.inner_text()).group(1))
    assert steps > 10
    assert page.get_by_text("▶ 7. Stop").is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts / "gradient_descent_run.png"), full_page=True)
