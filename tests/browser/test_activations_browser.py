"""The activation lesson in a real Chromium: reached from the menu, the gallery plots drawn, a button redraws."""

import pytest
from playwright.sync_api import expect

from nnviz.activations import NONLINEAR
from tests.helpers import drawn, no_errors, open_presenting, wait_for_app

pytestmark = pytest.mark.browser


def open_lesson(page) -> None:
    """Start at the root (so app.py's router is in charge), then follow the menu link."""
    page.set_default_timeout(120_000)  # a first visit loads MNIST and fits a few tiny networks on a shared CPU
    page.goto(page.app_url)
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Activation functions").click()
    page.locator("h1", has_text="Activation functions").wait_for()
    wait_for_app(page)


def test_the_gallery_draws_with_formulas_and_softmax_redraws_on_a_roll(page, artifacts):
    open_lesson(page)
    assert page.url.endswith("/activations")
    main = page.locator("[data-testid='stMain']")
    for name in NONLINEAR:  # every gallery plot has drawn its title in the browser
        main.locator(".gtitle", has_text=name).first.wait_for()
    assert main.locator(".js-plotly-plot").count() >= len(NONLINEAR) + 6
    assert main.locator(".katex").count() >= 2 * len(NONLINEAR)  # each formula and its derivative
    no_errors(page)
    page.set_viewport_size({"width": 1400, "height": 7000})  # the main area scrolls inside itself
    drawn(page)
    page.screenshot(path=str(artifacts / "activations.png"))

    # Rolling the logits redraws the softmax bars, which still sum to 1.
    page.locator(".st-key-act-softmax").get_by_text("sums to 1.000").wait_for()
    bars_before = page.locator(".st-key-act-softmax .bars text").evaluate_all("ts => ts.map(t => t.textContent).join()")
    assert bars_before, "the bar labels are missing"
    page.get_by_role("button", name="Roll random logits").click()
    page.wait_for_function(
        "before => Array.from(document.querySelectorAll('.st-key-act-softmax .bars text'))"
        ".map(t => t.textContent).join() !== before",
        arg=bars_before,
    )
    wait_for_app(page)
    assert "sums to 1.000" in page.locator(".st-key-act-softmax").inner_text()
    no_errors(page)


def test_a_link_opens_the_lesson_with_its_settings_on_screen(page, artifacts):
    page.set_default_timeout(120_000)
    page.goto(f"{page.app_url}/activations?neuron.act=ReLU&x1=2&w1=1.5&x2=-1&w2=0.5&temp=0.2")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    output = main.locator("[data-testid='stMetric']", has_text="Output").locator("[data-testid='stMetricValue']")
    expect(output).to_have_text("2.800", timeout=60_000)  # relu(1.5*2 + 0.5*(-1) + 0.3)
    expect(main).to_contain_text("ReLU(2.80)")
    temperature = main.locator("[data-testid='stSlider']", has_text="Temperature T").get_by_role("slider")
    expect(temperature).to_have_value("0.2", timeout=60_000)  # further down the page, drawn a moment later
    assert "temp=0.2" in page.url and "neuron.act=ReLU" in page.url
    no_errors(page)


def present_lesson(tab, artifacts, name: str) -> None:
    """Open the lesson in presentation mode, check step 1, move on with the PageDown key, and keep screenshots."""
    main = open_presenting(tab, "activations", steps=5)
    output = main.locator("[data-testid='stMetric']", has_text="Output").locator("[data-testid='stMetricValue']")
    expect(output).to_have_text("1.000", timeout=60_000)  # sigmoid(2 * 4), saturated
    tab.set_viewport_size({"width": 1400, "height": 2600})
    main.locator(".st-key-act-neuron-plot .main-svg").first.wait_for()  # the step's part has drawn its chart
    drawn(tab)
    tab.screenshot(path=str(artifacts / f"activations-present-{name}.png"))
    tab.keyboard.press("PageDown")
    main.get_by_text("Step 2 of 5").wait_for()
    temperature = main.locator("[data-testid='stSlider']", has_text="Temperature T").get_by_role("slider")
    expect(temperature).to_have_value("5", timeout=60_000)  # the step bar redraws first, the slider later
    assert "step=2" in tab.url and "temp=5" in tab.url
    no_errors(tab)


def test_presentation_mode_steps_forward_in_light_and_dark(themed_page, artifacts):
    present_lesson(themed_page, artifacts, themed_page.scheme)
