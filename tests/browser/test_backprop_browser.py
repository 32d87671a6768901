"""The backpropagation lesson in a real Chromium: Next shows a gradient, and presentation mode in both themes."""

import re

import pytest
from playwright.sync_api import expect
from test_labels_phone import CHIPS_APART

from nnviz import backprop
from nnviz.backprop import Net
from tests.helpers import drawn, no_errors, open_lesson, open_presenting, wait_for_app

pytestmark = pytest.mark.browser


def test_next_walks_the_backward_pass_and_shows_its_gradients(page, artifacts):
    open_lesson(page, "backprop", timeout=120_000)
    main = page.get_by_test_id("stMain")
    main.get_by_text("Forward pass done.").wait_for()
    grads = backprop.gradients(Net(), 1.0, 0.5, 1.0)
    page.locator(".st-key-bp-next_node button").click()
    main.get_by_text("Node 1 of 5").wait_for()
    expect(main).to_contain_text(f"∂L/∂v1 = ∂L/∂z_y × h1 = (-0.657) × 0.5987 = {grads['v1']:.4g}")
    graph = main.locator(".st-key-bp-graph")
    expect(graph.locator("text", has_text=re.compile(r"∂L/∂v1 = -0\.3933"))).to_have_count(1)
    page.locator(".st-key-bp-next_node button").click()
    main.get_by_text("Node 2 of 5").wait_for()
    expect(main).to_contain_text(f"= {grads['w11']:.4g}")
    assert "back=2" in page.url
    page.locator(".st-key-bp-prev_node button").click()
    main.get_by_text("Node 1 of 5").wait_for()
    no_errors(page)
    page.set_viewport_size({"width": 1400, "height": 4000})
    drawn(page)
    page.screenshot(path=str(artifacts / "backprop.png"))


def test_presentation_mode_in_light_and_dark(themed_page, artifacts):
    tab = themed_page
    main = open_presenting(tab, "backprop", steps=6)
    assert main.get_by_text("the ½ makes its slope").count() == 0  # the longer prose is left out
    tab.locator(".st-key-bp-_next button").click()
    main.get_by_text("Step 2 of 6").wait_for()
    expect(main.get_by_text("h1 is saturated")).to_be_visible(timeout=60_000)
    for node in (1, 2):
        tab.locator(".st-key-bp-next_node button").click()
        expect(main.get_by_text(f"Node {node} of 5")).to_be_visible(timeout=60_000)
    tab.set_viewport_size({"width": 1400, "height": 2400})
    main.locator(".st-key-bp-graph .main-svg").first.wait_for()
    drawn(tab)
    tab.screenshot(path=str(artifacts / f"backprop-present-{tab.scheme}.png"))
    no_errors(tab)


def test_train_plays_live_and_a_huge_learning_rate_is_stopped_in_words(page, artifacts):
    open_lesson(page, "backprop", "?lr=10.0", timeout=120_000)
    main = page.get_by_test_id("stMain")
    page.get_by_role("button", name=re.compile(r"^Train")).click()
    expect(main.get_by_text(re.compile(r"^Diverged at step \d+"))).to_be_visible(timeout=60_000)
    expect(main).to_contain_text("learning rate of 10")
    main.locator(".st-key-bp-losses .main-svg").first.wait_for()
    no_errors_but_the_divergence = page.locator("[data-testid='stException']").count() == 0
    assert no_errors_but_the_divergence
    page.set_viewport_size({"width": 1400, "height": 4200})
    drawn(page)
    page.screenshot(path=str(artifacts / "backprop-diverged.png"))


def test_one_step_on_one_digit_draws_it_into_the_weights(page, artifacts):
    open_lesson(page, "backprop", "?digit=18&depth=10", timeout=300_000)  # a server without the MLP trains it first
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("806,900 times smaller")  # part 6: ten sigmoids, one unit each
    page.get_by_role("button", name="One step on this digit").click()
    expect(main.get_by_text("one step draws the digit into the weights")).to_be_visible(timeout=300_000)
    expect(main).to_contain_text("Loss on this digit, after")
    main.locator(".st-key-bp-digit-others .main-svg").first.wait_for()
    no_errors(page)
    page.set_viewport_size({"width": 1400, "height": 2000})
    main.get_by_text("7. The real thing").scroll_into_view_if_needed()
    drawn(page)
    for number, name in ((6, "depth"), (7, "one-digit")):
        part = main.locator("[data-testid='stVerticalBlock']", has=page.locator("h3", has_text=f"{number}. ")).last
        part.screenshot(path=str(artifacts / f"backprop-{name}.png"), timeout=30_000)


def test_the_one_digit_step_in_presentation_mode(themed_page, artifacts):
    tab = themed_page
    main = open_presenting(tab, "backprop", steps=6, timeout=300_000)
    for number in range(2, 7):
        wait_for_app(tab)  # the step's run has ended: a press that lands as a run ends can be lost (an open bug)
        tab.locator(".st-key-bp-_next button").click()
        main.get_by_text(f"Step {number} of 6").wait_for()
    expect(main).to_contain_text("Test digit 18: a 3")
    tab.get_by_role("button", name="One step on this digit").click()
    expect(main.get_by_text("one step draws the digit into the weights")).to_be_visible(timeout=300_000)
    main.locator(".st-key-bp-digit-others .main-svg").first.wait_for()
    tab.set_viewport_size({"width": 1400, "height": 3000})
    drawn(tab)
    tab.screenshot(path=str(artifacts / f"backprop-one-digit-{tab.scheme}.png"))
    no_errors(tab)


@pytest.mark.parametrize("screen", [(1024, 768), (1366, 768), (1920, 1080)])
def test_on_a_projector_every_label_of_the_whole_pass_stands_clear(browser, app_url, artifacts, screen):
    """On a projector the labels of w11 and w21, the two the saturated-unit step asks to compare, were drawn over
    each other, and h1's first notes were cut off at the top of the diagram."""
    width, height = screen
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.app_url = app_url
    try:
        open_lesson(tab, "backprop", "?present=1&step=2&w11=5&w12=5&back=5", timeout=120_000)
        tab.get_by_test_id("stMain").get_by_text("9 of 9 gradients known").wait_for()
        drawn(tab)
        assert tab.evaluate(CHIPS_APART, {"slack": 0, "inside": True}) == [], f"at {width}x{height}"
        tab.screenshot(path=str(artifacts / f"backprop-whole-pass-{width}x{height}.png"))
        no_errors(tab)
    finally:
        context.close()
