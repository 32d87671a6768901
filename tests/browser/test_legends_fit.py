"""Legends shown whole: on a 1366x768 projector the optimisers' race map lists its six entries without a
scrollbar (in big type they were taller than the 170-pixel map, and plotly scrolled them)."""

import pytest

from tests.helpers import no_errors, open_presenting, wait_for_app

pytestmark = pytest.mark.browser

MAP = ".st-key-opt-race-map"  # a live chart: drawn inside its component's shadow root, which locators pierce
SHOWN = "bars => bars.filter(bar => bar.getBoundingClientRect().height > 0).length"  # plotly draws one on overflow


def test_the_race_map_shows_its_six_entries_without_scrolling_on_a_projector(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    tab.app_url = app_url
    try:
        open_presenting(tab, "optimisers", 7)
        wait_for_app(tab)  # a press while the page still runs can be lost
        tab.locator(".st-key-present-step").get_by_role("button", name="Next").click()  # step 2: the curved valley
        tab.locator(".st-key-present-step").get_by_text("Step 2 of 7").wait_for()
        entries = tab.locator(f"{MAP} .legend .traces")
        entries.nth(5).wait_for()  # four optimisers, the start and the lowest point
        wait_for_app(tab)
        assert entries.count() == 6
        assert tab.locator(f"{MAP} .legend rect.scrollbar").evaluate_all(SHOWN) == 0
        no_errors(tab)
    finally:
        context.close()
