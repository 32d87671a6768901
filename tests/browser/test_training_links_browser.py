"""The Training lesson's links and presentation mode in a real Chromium, in light and dark."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.helpers import no_errors, open_presenting, wait_for_app

pytestmark = pytest.mark.browser
expect.set_options(timeout=60_000)  # the page computes its untrained accuracy on a shared CPU


def metric(tab, label: str):
    """The value of the metric with this label, to wait on."""
    return tab.locator("[data-testid='stMetric']", has_text=label).first.get_by_test_id("stMetricValue")


def test_a_link_opens_a_custom_network(page, artifacts):
    query = "preset=Custom&size=5000&digit=15&c.hidden=" + quote("256, 32") + "&c.batch=64&c.epochs=3&c.val=0.2"
    page.set_default_timeout(120_000)  # a fresh server loads MNIST first
    page.goto(f"{page.app_url}/training?{query}")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("textbox", name="Hidden widths, comma separated")).to_have_value("256, 32")
    expect(main.get_by_role("spinbutton", name="Training digits")).to_have_value("5000")
    expect(main.get_by_role("spinbutton", name="Training digit number")).to_have_value("15")
    epochs = main.locator("[data-testid='stSlider']", has_text="Epochs")
    expect(epochs.get_by_test_id("stSliderThumbValue")).to_have_text("3")
    expect(metric(page, "Parameters")).to_have_text(f"{784 * 256 + 256 + 256 * 32 + 32 + 32 * 10 + 10:,}")
    expect(metric(page, "Gradient updates")).to_have_text(f"{-(-5000 // 64) * 3:,}")  # 5,000 of 48,000, batch 64
    assert "c.hidden=256" in page.url and "size=5000" in page.url
    no_errors(page)
    page.screenshot(path=str(artifacts / "training-link.png"), full_page=True)


def present_training(tab, artifacts, scheme: str) -> None:
    main = open_presenting(tab, "training", steps=5)
    folded = main.get_by_test_id("stExpander").filter(has_text="The network and its training digits")
    expect(folded.get_by_role("spinbutton", name="Training digits")).to_be_hidden()  # the step has set them
    folded.get_by_text("The network and its training digits").click()  # a teacher can still open them
    expect(folded.get_by_role("spinbutton", name="Training digits")).to_have_value("10000")
    assert tab.get_by_text("Here a network learns").count() == 0  # the prose is cut to essentials
    data = main.get_by_test_id("stExpander").filter(has_text="The data, as the computer sees it")
    data.wait_for()  # on a projector the data section folds away: every step is about the network
    expect(data.get_by_test_id("stPlotlyChart").first).to_be_hidden()
    expect(metric(tab, "Accuracy before training")).to_be_visible()  # the page has settled: the plan is shown
    wait_for_app(tab)
    tab.screenshot(path=str(artifacts / f"training-present-{scheme}.png"))
    tab.locator("h1").first.click()  # the page has the focus, not a control
    tab.keyboard.press("PageDown")
    main.get_by_text("Step 2 of 5").wait_for()
    wait_for_app(tab)
    assert "step=2" in tab.url and "MLP+784-32-10" in tab.url.replace("%20", "+")
    expect(metric(tab, "Parameters")).to_have_text(
        f"{784 * 32 + 32 + 32 * 10 + 10:,}"
    )  # the 784-32-10 preset's network
    no_errors(tab)


def test_presentation_mode_steps_forward_in_light_and_dark(themed_page, artifacts):
    present_training(themed_page, artifacts, themed_page.scheme)
