"""Teach it my handwriting in a real Chromium: three digits drawn with the mouse on the real canvas, each kept
with its label, a fine-tuning, and the before/after figures on screen; the page then reads with the copy."""

import math

import pytest

from nnviz import digit_model
from nnviz.digit_model import MLP_RECIPE
from tests.browser.test_browser_draw import SEVEN
from tests.browser.test_draw_latency import ONE, ZERO, one_round
from tests.helpers import no_errors, open_lesson

pytestmark = pytest.mark.browser

SLANTED = [(60, 70), (130, 68), (210, 72), (170, 150), (120, 240)]  # another 7: a straight slant
DIGITS = [("7", SEVEN), ("1", ONE), ("7", SLANTED)]
BOX = "Your examples, and a CNN fine-tuned on them"
TUNED = "Yours (fine-tuned)"


@pytest.fixture(scope="module", autouse=True)
def trained_models(mnist):
    """Train the shared models into the test cache first, so the page does not wait on them."""
    digit_model.load_or_train(mnist)
    digit_model.load_or_train(mnist, MLP_RECIPE)


def draw_and_keep(page, label: str, points, name: str | None = None) -> None:
    """Clear the canvas, draw one digit, and keep it as an example of `label` (the symbol's: called `name`)."""
    one_round(page, points)
    page.locator(f".st-key-draw-add{label} button").click()
    page.get_by_text(f"Added as a {name or label}.").wait_for()


def test_three_drawn_digits_fine_tune_a_copy_and_show_before_and_after(page, artifacts):
    open_lesson(page, "draw", "?own=1", timeout=120_000)
    one_round(page, ZERO)
    page.get_by_text(BOX).first.wait_for()
    for number, (label, points) in enumerate(DIGITS, start=1):
        draw_and_keep(page, label, points)
        page.get_by_text(f"{number} example{'s' * (number != 1)}:").wait_for()
    assert page.get_by_text("3 examples: 1 of 1, 2 of 7").count() == 1
    assert page.locator("[data-testid='stExpanderDetails'] [data-testid='stImage']").count() == 3

    page.locator(".st-key-draw-tune button").click()
    main = page.get_by_test_id("stMain")
    main.get_by_text("The first 2,000 MNIST test digits, read right").wait_for(timeout=120_000)
    assert main.get_by_text("Your held-out example, read right").count() == 1  # one of the two 7s
    assert main.get_by_text("points (was").count() == 2  # before and after, for both
    assert page.locator("[data-testid='stRadio'] label", has_text=TUNED).count() == 1
    assert main.get_by_text(f"{TUNED}:").count() == 1  # the answer is now the copy's
    no_errors(page)
    page.screenshot(path=str(artifacts / "draw-own.png"), full_page=True)


def star(x: float, y: float, r: float) -> list[tuple[int, int]]:
    """A five-pointed star in one stroke, centred at (x, y) with points r pixels out."""
    turns = [k * 4 * math.pi / 5 for k in range(6)]
    return [(round(x + r * math.sin(t)), round(y - r * math.cos(t))) for t in turns]


def test_a_named_symbol_becomes_an_eleventh_bar(page):
    open_lesson(page, "draw", "?own=1&symbol=star", timeout=120_000)
    for x, y, r in [(140, 140, 90), (130, 150, 70), (150, 130, 100), (140, 145, 80)]:
        draw_and_keep(page, "10", star(x, y, r), "star")
    page.get_by_text("4 examples: 4 of star").wait_for()
    page.locator(".st-key-draw-tune button").click()
    page.get_by_test_id("stMain").get_by_text("The first 2,000 MNIST test digits, read right").wait_for()
    bars = page.locator(".st-key-draw-bars")
    bars.locator(".xtick", has_text="star").wait_for()  # the copy's bars: ten digits and the symbol
    assert bars.locator(".xtick").count() == 11
    no_errors(page)
