"""The separator lesson in a real Chromium: the worked example, live training, and a shared link."""

import re

import pytest
from conftest import wait_for_app

pytestmark = pytest.mark.browser

POINTS_IN_LOSS_CHART = "el => (el && el.data && el.data.length ? el.data[0].x.length : 0)"
LOSS_CHART = "document.querySelector('.st-key-sep-net-losses .js-plotly-plot')"


def train_losses(page, at_least: int = 1) -> list[float]:
    """The loss chart's training-loss line, once it has at least `at_least` points.

    Read in one go in the page: while playing, the chart is redrawn several times a second."""
    enough = f"({POINTS_IN_LOSS_CHART})(el) >= {at_least}"
    ready = f"() => {{ const el = {LOSS_CHART}; return {enough} && Array.from(el.data[0].y); }}"
    return page.wait_for_function(ready, timeout=30_000).json_value()


def open_lesson(page, query: str = "") -> None:
    """Open the lesson's URL the way a shared link does."""
    page.goto(f"{page.app_url}/separator{query}")
    wait_for_app(page)


def shown(page, key: str) -> str:
    """The value in a widget's input box (select boxes and number inputs both have one)."""
    box = page.locator(f"[data-testid='stMain'] .st-key-{key} input").first
    box.wait_for()  # the widget has rendered, not just its placeholder
    return box.input_value()


def no_errors(page) -> None:
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0


def test_play_trains_live_and_the_loss_chart_grows(page, artifacts):
    open_lesson(page)
    assert page.locator("h1").first.inner_text() == "The linear separator"
    page.get_by_text("2*6 + 5 - 10 = 7 > 0").wait_for()
    page.screenshot(path=str(artifacts / "separator.png"), full_page=True)
    assert len(train_losses(page)) == 1  # only the starting point: nothing trains until asked
    page.locator(".st-key-sep-net-play button").click()
    playing = train_losses(page, at_least=4)
    assert playing[-1] < playing[0], "the training loss should fall while playing"
    page.locator(".st-key-sep-net-play button").click()  # pause
    page.locator(".st-key-sep-net-play button").get_by_text("Play", exact=True).wait_for()
    page.wait_for_timeout(500)  # let a refresh already on its way land
    paused = len(train_losses(page))
    page.wait_for_timeout(1500)
    assert len(train_losses(page)) == paused, "a paused network must not keep training"
    no_errors(page)
    page.screenshot(path=str(artifacts / "separator-trained.png"), full_page=True)


def test_a_slider_redraws_the_sum_in_the_browser(page):
    open_lesson(page)
    page.get_by_text("2*6 + 5 - 10 = 7 > 0").wait_for()
    page.get_by_role("slider", name="w1, the weight of the first input").press("Home")  # w1 to its minimum, -5
    page.get_by_text("-5*6 + 5 - 10 = -35 < 0").wait_for()
    assert "does not repay" in page.locator("[data-testid='stMain']").inner_text()
    no_errors(page)


def test_a_shared_link_restores_the_settings(page):
    open_lesson(page, "?data=xor&noise=0.2&layers=8-2&act=ReLU&lr=0.1&seed=3")
    assert shown(page, "sep-net-data") == "xor" and shown(page, "sep-net-act") == "ReLU"
    assert shown(page, "sep-net-width0") == "8" and shown(page, "sep-net-width1") == "2"
    assert re.search(r"data=xor.*layers=8-2", page.url)
    no_errors(page)


def test_a_link_with_nonsense_falls_back_with_a_notice(page):
    open_lesson(page, "?lr=banana&layers=99")
    page.get_by_text("lr=banana").wait_for()
    assert shown(page, "sep-net-data") == "ring"
    page.wait_for_url(re.compile(r"layers=4-4.*lr=0\.03"))  # the defaults, written back
    no_errors(page)
