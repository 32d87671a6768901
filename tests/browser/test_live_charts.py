"""A live panel's charts never leave the screen while it plays (issue 16, item 1): each refresh redraws the same
chart in place (ui/live_chart.py), where a new `st.plotly_chart` would take the old one down and build a new one.

The separator's part 4 on a projector, with every hidden unit's map shown: its three charts are sampled as fast
as the browser answers, over a dozen refreshes, and every sample must show all three drawn.
"""

import time

import pytest

from tests.helpers import no_errors, open_lesson

pytestmark = pytest.mark.browser

CHARTS = ["sep-net-boundary", "sep-net-losses", "sep-net-unitmaps"]
REFRESHES = 12
PATIENCE = 180  # seconds for those refreshes, on a busy machine
# The charts (by key) that show nothing drawn right now: no plot, a hidden one, or one not drawn at its height.
BLANK = """keys => keys.filter(key => {
    const plots = [...document.querySelectorAll(`.st-key-${key} .js-plotly-plot`)];
    return !plots.some(plot => getComputedStyle(plot).visibility !== "hidden" && plot.querySelector(".main-svg")
        && plot.getBoundingClientRect().height > 50);
})"""
STEPS = """() => [...document.querySelectorAll('[data-testid="stMetric"]')]
    .find(metric => metric.innerText.startsWith("Steps"))?.querySelector('[data-testid="stMetricValue"]').innerText"""
PLOT = "key => document.querySelector(`.st-key-${key} .js-plotly-plot`)"


def test_the_separator_network_charts_stay_drawn_while_playing(browser, app_url, artifacts):
    tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    tab.app_url = app_url
    open_lesson(tab, "separator", "?present=1&step=4", timeout=120_000)  # XOR, each hidden unit's map shown
    tab.get_by_test_id("stMain").get_by_text("Step 4 of 5").wait_for()
    for key in CHARTS:
        tab.locator(f".st-key-{key} .main-svg").first.wait_for()
    first = [tab.evaluate_handle(PLOT, key) for key in CHARTS]
    tab.locator(".st-key-sep-net-play button").click()

    seen, blank, samples = [tab.evaluate(STEPS)], [], 0
    deadline = time.monotonic() + PATIENCE  # a panel that stops refreshing fails here rather than hang the suite
    while len(seen) <= REFRESHES:
        assert time.monotonic() < deadline, f"the panel refreshed {len(seen) - 1} times in {PATIENCE} s"
        samples += 1
        blank += tab.evaluate(BLANK, CHARTS)
        steps = tab.evaluate(STEPS)
        if steps != seen[-1]:
            seen.append(steps)
    tab.screenshot(path=str(artifacts / "live-charts-separator.png"))
    assert not blank, f"{len(blank)} blank moments in {samples} samples over {REFRESHES} refreshes: {blank[:6]}"
    for key, plot in zip(CHARTS, first, strict=True):  # drawn again into the very same element
        assert plot.evaluate("(plot, key) => plot === document.querySelector(`.st-key-${key} .js-plotly-plot`)", key)
    losses = tab.evaluate(f"() => ({PLOT})('sep-net-losses').data[0].x.length")
    assert losses > 1, "the loss curve did not grow while playing"
    no_errors(tab)
