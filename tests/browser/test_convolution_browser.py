"""The Convolution lesson in a real Chromium: a digit drawn on the Draw page is the lesson's input, the slide plays
live, a click on the output map picks a pixel, and presentation mode walks its steps."""

import re

import pytest
from playwright.sync_api import expect

from bench.tab import PAD
from nnviz import digit_model
from nnviz.digit_model import MLP_RECIPE
from tests.browser.test_browser_draw import ANSWER, SEVEN, stroke
from tests.helpers import drawn, no_errors, open_lesson, open_presenting, plot_spot, wait_for_app

pytestmark = pytest.mark.browser
GRID = ".st-key-conv-grid"


@pytest.fixture(scope="module", autouse=True)
def trained_models(mnist):
    """Train the shared models into the test cache first, so the pages do not wait on them."""
    digit_model.load_or_train(mnist)
    digit_model.load_or_train(mnist, MLP_RECIPE)


def test_a_digit_drawn_on_the_draw_page_is_the_input(page, artifacts):
    open_lesson(page, "convolution", timeout=120_000)
    main = page.get_by_test_id("stMain")
    main.get_by_text("No drawing yet in this session").wait_for()
    expect(main).to_contain_text("the input: test digit 0")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Draw a digit").click()
    page.get_by_text("Draw a digit in the square").wait_for()
    canvas = page.locator(PAD).first
    stroke(page, canvas, SEVEN)
    page.locator(ANSWER).wait_for(timeout=90_000)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Convolution").click()  # the same tab and session
    main.get_by_text("the input: your drawing, 28 × 28").first.wait_for()
    wait_for_app(page)
    assert main.get_by_text("No drawing yet").count() == 0
    expect(main).not_to_contain_text("the input: test digit")
    no_errors(page)
    page.set_viewport_size({"width": 1400, "height": 2400})
    drawn(page)
    page.screenshot(path=str(artifacts / "convolution-drawing.png"))


def test_the_slide_plays_and_a_click_on_the_map_picks_a_pixel(page, artifacts):
    open_lesson(page, "convolution", "?input=digit&stride=2", timeout=120_000)
    main = page.get_by_test_id("stMain")
    page.locator(".st-key-conv-slide-play button").click()
    expect(main.get_by_text("169 of 169 output pixels computed")).to_have_count(1, timeout=60_000)
    expect(page.locator(".st-key-conv-slide-play button")).to_contain_text("Slide the window", timeout=30_000)
    spot = plot_spot(page, ".st-key-conv-output", 3.5 / 13, 9.5 / 13)  # row 9, column 3
    page.mouse.click(spot["x"], spot["y"])
    expect(main.get_by_text(re.compile(r"output pixel \(9, 3\) ="))).to_have_count(1, timeout=30_000)
    assert "row=9" in page.url and "col=3" in page.url
    no_errors(page)


def test_presentation_mode_walks_the_steps(themed_page, artifacts):
    tab = themed_page
    main = open_presenting(tab, "convolution", steps=5)
    expect(main).to_contain_text("output pixel (13, 12) =")
    tab.locator(".st-key-conv-_next button").click()
    main.get_by_text("Step 2 of 5").wait_for()
    expect(main).to_contain_text("rounded down: 14")
    tab.set_viewport_size({"width": 1400, "height": 2400})
    drawn(tab)
    tab.screenshot(path=str(artifacts / f"convolution-present-{tab.scheme}.png"))
    no_errors(tab)
