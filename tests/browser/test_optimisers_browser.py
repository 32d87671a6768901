"""The optimisers lesson in a real Chromium: the race plays to its end, a click on the contours picks the start,
the real landscape is mapped, and presentation mode in both themes."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import drawn, no_errors, open_lesson, open_presenting, plot_spot

pytestmark = pytest.mark.browser


def test_the_race_plays_to_its_end_and_a_click_picks_the_start(page, artifacts):
    open_lesson(page, "optimisers", timeout=120_000)
    main = page.get_by_test_id("stMain")
    race_map = main.locator(".st-key-opt-race-map")
    race_map.locator(".main-svg").first.wait_for()
    expect(main).to_contain_text("Not there yet: SGD.", timeout=60_000)
    page.get_by_role("button", name="Play the race").click()
    expect(main.get_by_text(re.compile(r"^Step \d+ of the race\.$"))).to_be_visible(timeout=60_000)
    expect(main.get_by_text("The whole race.")).to_be_visible(timeout=60_000)
    no_errors(page)
    # once the rerun that ends the race has drawn the chart; the plot area is the ravine's box, x -4..4, y -1.5..1.5
    spot = plot_spot(page, ".st-key-opt-race-map", 0.75, 0.25)
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function("() => /x0=[12]\\.\\d+&y0=0\\.\\d+/.test(location.search)", timeout=60_000)  # near (2, 0.75)
    expect(main.get_by_text("The whole race.")).to_be_visible(timeout=60_000)
    no_errors(page)
    page.set_viewport_size({"width": 1400, "height": 2600})
    drawn(page)
    page.screenshot(path=str(artifacts / "optimisers-race.png"))


def test_the_real_landscape_and_a_sharp_against_a_flat_minimum(page, artifacts):
    open_lesson(page, "optimisers", "?land.grid=11", timeout=120_000)
    main = page.get_by_test_id("stMain")
    page.get_by_role("button", name="Map the landscape").click()
    expect(main.get_by_text(re.compile(r"^At the centre \(α = β = 0\) the loss is"))).to_be_visible(timeout=120_000)
    main.locator(".st-key-opt-land-contour .main-svg").first.wait_for()
    main.locator(".st-key-opt-land-compare label").click()
    expect(main.get_by_text(re.compile(r"minimum is the sharper one"))).to_be_visible(timeout=120_000)
    no_errors(page)
    main.get_by_text("5. The real landscape").scroll_into_view_if_needed()
    drawn(page)
    part = main.locator("[data-testid='stVerticalBlock']", has=page.locator("h3", has_text="5. ")).last
    part.screenshot(path=str(artifacts / "optimisers-landscape.png"), timeout=30_000)


def test_presentation_mode_in_light_and_dark(themed_page, artifacts):
    tab = themed_page
    main = open_presenting(tab, "optimisers", steps=7)
    expect(main).to_contain_text("Which one reaches the bottom of the ravine first?", timeout=60_000)
    assert main.get_by_text("Click the contours to start somewhere else").count() == 0  # prose left out
    tab.locator(".st-key-opt-_next button").click()
    main.get_by_text("Step 2 of 7").wait_for()
    expect(main).to_contain_text("The curved valley (Rosenbrock)", timeout=60_000)
    tab.set_viewport_size({"width": 1400, "height": 2400})
    main.locator(".st-key-opt-race-map .main-svg").first.wait_for()
    drawn(tab)
    tab.screenshot(path=str(artifacts / f"optimisers-present-{tab.scheme}.png"))
    no_errors(tab)
