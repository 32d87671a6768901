"""The training lesson in a real Chromium: the loss chart grows while it trains, then the test accuracy shows.

The run is long (20,000 digits, 5 epochs) and is stopped once the chart has grown
twice, so the test takes about as long on a slow machine as on a fast one.
"""

import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.helpers import wait_for_app

pytestmark = pytest.mark.browser

# How many training points the live loss chart holds right now (-1 before it exists).
POINTS = """() => {
    for (const plot of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')) {
        const title = plot.layout && plot.layout.title && plot.layout.title.text;
        const shown = plot.getBoundingClientRect().height > 0;  // React may keep hidden copies around
        if (shown && title && title.includes('Loss')) return plot.data[0].x.length;
    }
    return -1;
}"""

# Waits until the loss chart holds another number of points than `last` (returns it), or the run has ended and
# the test accuracy shows (returns "done"); a falsy value keeps Playwright waiting.
GROWN = f"""(last) => {{
    const metrics = document.querySelectorAll('[data-testid="stMetric"]');
    if ([...metrics].some(metric => metric.innerText.startsWith('Test accuracy'))) return "done";
    const points = ({POINTS})();
    return points > 0 && points !== last ? points : 0;
}}"""

TEST_ACCURACY = """() => {
    for (const metric of document.querySelectorAll('[data-testid="stMetric"]'))
        if (metric.innerText.startsWith('Test accuracy'))
            return metric.querySelector('[data-testid="stMetricValue"]').innerText;
    return null;
}"""

# Where, on the screen, the centre of a confusion-matrix cell (column, row) is.
CELL = """(chart, [column, row]) => {
    const plot = chart.querySelector('.js-plotly-plot'), box = plot.getBoundingClientRect();
    const xaxis = plot._fullLayout.xaxis, yaxis = plot._fullLayout.yaxis;
    return [box.left + xaxis._offset + xaxis.l2p(column), box.top + yaxis._offset + yaxis.l2p(row)];
}"""


def test_live_chart_grows_then_the_test_accuracy_and_the_mistakes_show(page, artifacts):
    page.goto(page.app_url)  # in through the frame, as a learner comes
    wait_for_app(page)
    page.get_by_role("link", name="Training on MNIST").first.click()
    page.locator("h1", has_text="Training on MNIST").wait_for()  # the old page's h1 would satisfy wait_for_app
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Training on MNIST, with live charts"
    size = page.get_by_role("spinbutton", name="Training digits")
    size.fill("20000")
    size.press("Enter")
    page.get_by_text("= 157 updates per epoch").wait_for()  # the plan follows the size: ceil(20,000 / 128)
    page.get_by_role("button", name="Start training").click()

    seen, deadline = [], time.monotonic() + 120
    while len(seen) < 3 and time.monotonic() < deadline:
        left_ms = max(1.0, deadline - time.monotonic()) * 1000
        try:
            grown = page.wait_for_function(GROWN, arg=seen[-1] if seen else -1, timeout=left_ms).json_value()
        except PlaywrightTimeout:
            break
        if grown == "done":
            break  # a fast machine may finish the run first
        seen.append(grown)
    page.screenshot(path=str(artifacts / "training-live.png"), full_page=True)
    assert len(seen) >= 2, f"the loss chart did not grow while training: {seen}"
    assert seen == sorted(seen)
    stop = page.get_by_test_id("stMain").get_by_role("button", name="Stop", exact=True)
    if stop.count():
        stop.click()  # ends the run; its kept model is tested
    page.get_by_text("Test accuracy", exact=True).wait_for(timeout=120_000)
    value = float(page.evaluate(TEST_ACCURACY).rstrip("%"))
    assert 50 < value <= 100  # chance is 10
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts / "training-done.png"), full_page=True)

    # A click on a cell of the confusion matrix opens the test digits behind it.
    page.get_by_text("a real 4 read as 9").wait_for()
    matrix = page.get_by_test_id("stPlotlyChart").filter(has=page.get_by_text("the network says")).first
    matrix.scroll_into_view_if_needed()
    x, y = matrix.evaluate(CELL, [2, 7])
    page.mouse.click(x, y)
    page.get_by_text("a real 7 read as 2").wait_for()
