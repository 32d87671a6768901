"""The fifth published network in a real Chromium: the small CNN with random crops trains live on the
Training page, its charts grow, it finishes and is tested, and its preset quotes its source.

A run is paced to last at least nnviz.live_training.MIN_WATCH_SECONDS on screen however fast the machine,
so the loss chart grows over several ticks on any machine; every wait is for a condition, with room for a
slow one.
"""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from nnviz.presets import PRESETS
from tests.browser.test_browser_training import GROWN, POINTS, TEST_ACCURACY
from tests.helpers import drawn, no_errors, wait_for_app

pytestmark = pytest.mark.browser

SMALL_CNN = "Small CNN, random crops, batch 128"


def test_the_small_cnn_trains_live_and_is_tested(page, artifacts):
    page.set_default_timeout(120_000)  # a fresh server loads MNIST first
    page.goto(f"{page.app_url}/training?preset={quote(SMALL_CNN)}&size=3000")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"Published: {PRESETS[SMALL_CNN].published}.")).to_be_visible()
    expect(main.get_by_text("padded to 34x34, cut back to 28x28 at a random place")).to_have_count(1)
    page.get_by_text("= 24 updates per epoch").wait_for()  # ceil(3,000 / 128)
    main.get_by_role("button", name="Start training").click()

    seen = []
    while len(seen) < 3:  # the run lasts several ticks on any machine: the chart grows before it is over
        grown = page.wait_for_function(GROWN, arg=seen[-1] if seen else -1).json_value()
        assert grown != "done", f"the run ended before its loss chart had grown twice: {seen}"
        seen.append(grown)
    assert seen == sorted(seen)
    page.screenshot(path=str(artifacts / "training-small-cnn-live.png"), full_page=True)
    # It finishes by itself. Each epoch's end tests 16,000 digits, which takes a while on a busy shared CPU.
    page.get_by_text("Test accuracy", exact=True).wait_for(timeout=600_000)
    assert page.evaluate(POINTS) >= seen[-1]
    assert 80 < float(page.evaluate(TEST_ACCURACY).rstrip("%")) <= 100  # chance is 10
    expect(main.get_by_text(f"Published for {SMALL_CNN}: {PRESETS[SMALL_CNN].published}.")).to_be_visible()
    drawn(page)
    no_errors(page)
    page.screenshot(path=str(artifacts / "training-small-cnn-done.png"), full_page=True)
