"""The separator lesson in a real Chromium: the worked example, live training, and a shared link."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.helpers import no_errors, wait_for_app

pytestmark = pytest.mark.browser

POINTS_IN_LOSS_CHART = "el => (el && el.data && el.data.length ? el.data[0].x.length : 0)"
LOSS_CHART = "document.querySelector('.st-key-sep-net-losses .js-plotly-plot')"


def train_losses(page, at_least: int = 1) -> list[float]:
    """The loss chart's training-loss line, once it has at least `at_least` points.

    Read in one go in the page: while playing, the chart is redrawn several times a second."""
    enough = f"({POINTS_IN_LOSS_CHART})(el) >= {at_least}"
    ready = f"() => {{ const el = {LOSS_CHART}; return {enough} && Array.from(el.data[0].y); }}"
    return page.wait_for_function(ready, timeout=30_000).json_value()


def settled_losses(page, quiet_ms: int = 1500) -> list[float]:
    """The loss chart's training-loss line once its length has stayed the same for `quiet_ms` (a refresh already
    on its way has landed, and no other followed). Times out if the chart keeps growing."""
    page.evaluate("() => { window.lossPoints = -1; window.lossSince = 0; }")
    quiet = f"""() => {{
        const el = {LOSS_CHART}, n = ({POINTS_IN_LOSS_CHART})(el), now = performance.now();
        if (n !== window.lossPoints) {{ window.lossPoints = n; window.lossSince = now; }}
        return n > 0 && now - window.lossSince >= {quiet_ms} && Array.from(el.data[0].y);
    }}"""
    try:
        return page.wait_for_function(quiet, polling=100, timeout=30_000).json_value()
    except PlaywrightTimeout:
        raise AssertionError(f"the loss chart never stayed the same for {quiet_ms} ms") from None


def open_lesson(page, query: str = "") -> None:
    """Open the lesson's URL the way a shared link does."""
    page.goto(f"{page.app_url}/separator{query}")
    wait_for_app(page)


def shown(page, key: str) -> str:
    """The value in a widget's input box (select boxes and number inputs both have one)."""
    box = page.locator(f"[data-testid='stMain'] .st-key-{key} input").first
    box.wait_for()  # the widget has rendered, not just its placeholder
    return box.input_value()


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
    paused = len(settled_losses(page))  # a paused network must not keep training: else this times out
    assert len(train_losses(page)) == paused, "a paused network must not keep training"
    no_errors(page)
    page.screenshot(path=str(artifacts / "separator-trained.png"), full_page=True)


def test_a_slider_redraws_the_sum_and_the_link_in_the_browser(page):
    open_lesson(page)
    page.get_by_text("2*6 + 5 - 10 = 7 > 0").wait_for()
    page.get_by_role("slider", name="w1, the weight of the first input").press("Home")  # w1 to its minimum, -5
    page.get_by_text("-5*6 + 5 - 10 = -35 < 0").wait_for()
    assert "does not repay" in page.locator("[data-testid='stMain']").inner_text()
    page.wait_for_url(re.compile(r"[?&]w1=-5(&|$)"))  # the slider sits in a fragment; its rerun updates the link too
    no_errors(page)


def test_a_shared_link_restores_the_settings(page):
    open_lesson(page, "?w1=-1.5&b=4&px=3&net.data=xor&net.noise=0.2&net.layers=3&net.width0=8&net.width1=2"
                      "&net.width2=1&net.act=ReLU&net.lr=0.1&seed=3")  # fmt: skip
    page.get_by_text("-1.5*3 + 5 + 4 = 4.5 > 0").wait_for()
    assert shown(page, "sep-net-data") == "xor" and shown(page, "sep-net-act") == "ReLU"
    assert [shown(page, f"sep-net-width{i}") for i in range(3)] == ["8", "2", "1"]
    assert page.locator("[data-testid='stSidebar'] input[aria-label='Seed']").input_value() == "3"
    assert re.search(r"net\.data=xor.*net\.layers=3", page.url)
    no_errors(page)


def test_a_link_with_nonsense_falls_back_with_a_notice(page):
    open_lesson(page, "?net.lr=banana&net.layers=99&w1=7")
    notice = page.locator("[data-testid='stAlertContentInfo']").filter(has_text="net.lr=banana")
    notice.wait_for()
    assert "net.layers=99" in notice.inner_text() and "w1=7" in notice.inner_text()
    assert shown(page, "sep-net-data") == "ring" and shown(page, "sep-net-layers") == "2"
    page.wait_for_url(lambda address: "?" not in address)  # the defaults, which links leave out
    no_errors(page)


def presentation(browser, app_url, scheme: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    tab = context.new_page()
    tab.set_default_timeout(60_000)  # the first page of a fresh server on a busy machine can take a while
    tab.app_url = app_url
    return context, tab


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_presentation_mode_steps_with_the_clicker_key(browser, app_url, artifacts, scheme):
    context, tab = presentation(browser, app_url, scheme)
    open_lesson(tab, "?present=1")
    tab.get_by_text("Step 1 of 5: A borrower and a line").wait_for()
    tab.locator(".st-key-sep-scatter .js-plotly-plot").wait_for()
    assert tab.get_by_text("Picture marbles").count() == 0  # the longer prose is for learners
    tab.screenshot(path=str(artifacts / f"separator-present-{scheme}.png"))
    tab.locator(".st-key-sep-_next button").wait_for()
    tab.keyboard.press("PageDown")  # what a presentation clicker sends
    tab.get_by_text("Step 2 of 5: Points no line can split").wait_for()
    tab.wait_for_url(re.compile(r"lin\.noise=0\.8"))
    for title in ("Step 3 of 5", "Step 4 of 5: XOR with four hidden units"):
        wait_for_app(tab)  # the step's run has ended: a press that lands as a run ends can be lost (an open bug)
        tab.locator(".st-key-sep-_next button").click()
        tab.get_by_text(title).wait_for()
    # Wait for the step's own widgets, as a presenter would: a click sent before they arrive carries the old values.
    # On a projector they are folded away under "Data and network" (the step has set them).
    tab.locator("[data-testid='stExpander'] summary").get_by_text("Data and network").click()
    assert shown(tab, "sep-net-data") == "xor" and shown(tab, "sep-net-width0") == "4"
    tab.locator(".st-key-sep-net-play button").first.click()  # a rerun may briefly hold the old button too
    train_losses(tab, at_least=6)
    tab.locator(".st-key-sep-net-play button").first.click()  # pause
    tab.locator(".st-key-sep-net-play button").get_by_text("Play", exact=True).wait_for()
    assert len(settled_losses(tab)) >= 6, "pausing keeps what the network learned"
    no_errors(tab)
    tab.screenshot(path=str(artifacts / f"separator-present-xor-{scheme}.png"))
    context.close()
