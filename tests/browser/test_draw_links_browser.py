"""The Draw lesson's links and presentation mode in a real Chromium, in light and dark."""

import pytest
from playwright.sync_api import expect
from test_browser_draw import ANSWER, SEVEN, stroke

from bench.tab import PAD
from lessons.draw.settings import PAGE as DRAW
from nnviz import digit_model
from nnviz.digit_model import MLP_RECIPE
from tests.helpers import no_errors, open_presenting, wait_for_app

pytestmark = pytest.mark.browser
expect.set_options(timeout=90_000)  # a shared CPU can be slow to answer


@pytest.fixture(scope="module", autouse=True)
def trained_models(mnist):
    """Train the shared models into the test cache first, so the page does not wait on them."""
    digit_model.load_or_train(mnist)
    digit_model.load_or_train(mnist, MLP_RECIPE)


def checkbox(tab, label: str):
    return tab.get_by_test_id("stMain").get_by_role("checkbox", name=label)


def test_a_link_opens_the_mlp_without_preparation(page, artifacts):
    page.set_default_timeout(90_000)
    page.goto(f"{page.app_url}/draw?even=0&crop=0&fit=0&centre=0&model=MLP&brush=12")
    wait_for_app(page)
    for label in ("Redraw with an even pen", "Crop to the ink", "Fit into 20x20, keeping the shape",
                  "Centre by centre of mass"):  # fmt: skip
        expect(checkbox(page, label)).not_to_be_checked()
    expect(page.get_by_test_id("stSliderThumbValue").first).to_have_text("12")
    stroke(page, page.locator(PAD).first, SEVEN)
    page.locator(ANSWER).wait_for()
    expect(page.get_by_role("radio", name="MLP")).to_be_checked()
    expect(page.locator("[data-testid='stCaptionContainer']", has_text="sure").first).to_contain_text("MLP:")
    assert "model=MLP" in page.url and "brush=12" in page.url
    no_errors(page)
    page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot").first.wait_for(state="visible")
    page.screenshot(path=str(artifacts / "draw-link.png"))


def present_draw(tab, artifacts, scheme: str) -> None:
    main = open_presenting(tab, "draw", steps=len(DRAW.steps), timeout=90_000)
    expect(checkbox(tab, "Crop to the ink")).to_be_checked()
    stroke(tab, tab.locator(PAD).first, SEVEN)
    tab.locator(ANSWER).wait_for()
    tab.locator("[data-testid='stPlotlyChart'] .js-plotly-plot .main-svg").first.wait_for(state="visible")
    wait_for_app(tab)  # the run that drew the answer has finished: nothing left to land before the screenshot
    tab.screenshot(path=str(artifacts / f"draw-present-{scheme}.png"))
    tab.locator("h1").first.click()  # the page has the focus, not a control
    tab.keyboard.press("PageDown")
    main.get_by_text(f"Step 2 of {len(DRAW.steps)}").wait_for()
    for label in ("Redraw with an even pen", "Crop to the ink", "Fit into 20x20, keeping the shape",
                  "Centre by centre of mass"):  # fmt: skip
        expect(checkbox(tab, label)).not_to_be_checked()
    assert "step=2" in tab.url and "crop=0" in tab.url
    no_errors(tab)


def test_presentation_mode_steps_forward_in_light_and_dark(themed_page, artifacts):
    present_draw(themed_page, artifacts, themed_page.scheme)
