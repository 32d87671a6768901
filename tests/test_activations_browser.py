"""The activation lesson in a real Chromium: reached from the menu, the gallery plots drawn, a button redraws."""

import pytest
from conftest import wait_for_app

from nnviz.activations import NONLINEAR

pytestmark = pytest.mark.browser


def open_lesson(page) -> None:
    """Start at the root (so app.py's router is in charge), then follow the menu link."""
    page.set_default_timeout(120_000)  # a first visit loads MNIST and fits a few tiny networks on a shared CPU
    page.goto(page.app_url)
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Activation functions").click()
    page.locator("h1", has_text="Activation functions").wait_for()
    wait_for_app(page)


def no_errors(page) -> None:
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0


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
    page.wait_for_timeout(1500)
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
