"""The Draw page on a phone and with its own buttons (issue 16, item 7): Undo and Clear are on the page, big
enough for a finger, and the answer shows right under the canvas without scrolling."""

import contextlib
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.tab import PAD
from nnviz import digit_model
from nnviz.digit_model import MLP_RECIPE
from tests.browser.test_browser_draw import ANSWER, SEVEN, ink, stroke
from tests.helpers import drawn, no_errors, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def settled_after_stroke(tab) -> None:
    """The page has rerun with the stroke just drawn (Undo takes back the strokes the page has been sent)."""
    with contextlib.suppress(PlaywrightTimeout):  # the run may come and go before we look
        tab.get_by_test_id("stStatusWidget").wait_for(timeout=5_000)
    wait_for_app(tab)


def until(condition, seconds: float = 30) -> None:
    """Wait for `condition()` (the canvas lives in a shadow root, out of reach of wait_for_function)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


FINGER = 44  # px: the smallest target a finger hits reliably


@pytest.fixture(scope="module", autouse=True)
def trained_models(mnist):
    digit_model.load_or_train(mnist)
    digit_model.load_or_train(mnist, MLP_RECIPE)


@pytest.fixture
def phone(browser, app_url):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(90_000)
    tab.app_url = app_url
    yield tab
    context.close()


def test_on_a_phone_the_answer_is_under_the_canvas_and_undo_and_clear_fit_a_finger(phone, artifacts):
    phone.goto(f"{phone.app_url}/draw")
    wait_for_app(phone)
    canvas = phone.locator(PAD).first
    canvas.wait_for()
    for name in ("undo", "clear"):
        button = phone.locator(f".st-key-draw-{name} button")
        box = button.bounding_box()
        assert button.is_visible() and box["height"] >= FINGER and box["y"] + box["height"] <= PHONE["height"]
    stroke(phone, canvas, SEVEN)
    answer = phone.locator(ANSWER).first
    answer.wait_for()
    phone.screenshot(path=str(artifacts / "draw-phone.png"))
    box = answer.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"the answer is below the fold, at {box['y']:.0f} px"
    phone.locator(f"{STAGES} image").first.wait_for()
    drawn(phone)  # the chart laid out again in its box, which the style sizes from its width
    above, pictures, cut = phone.evaluate(PAPER_ABOVE, STAGES)
    assert pictures == 4 and not cut and above <= 12, f"{above:.0f} px of empty paper above the stages' pictures"
    no_errors(phone)


STAGES = ".st-key-draw-stages"  # the preparation's stages, four square pictures in a row
# Of the chart at `sel`: the empty paper between its top and its pictures' (plotly's images), how many pictures
# there are, and whether any runs out of the chart. A fixed 280 px height left about 145 px empty on a phone.
PAPER_ABOVE = """sel => { const box = document.querySelector(sel).getBoundingClientRect();
    const pictures = Array.from(document.querySelectorAll(sel + " image")).map(i => i.getBoundingClientRect());
    const top = Math.min(...pictures.map(r => r.top));
    return [top - box.top, pictures.length, pictures.some(r => r.top < box.top - 1 || r.bottom > box.bottom + 1)]; }"""


def test_undo_takes_back_the_last_stroke_and_clear_empties_the_canvas(page):
    page.goto(f"{page.app_url}/draw")
    wait_for_app(page)
    canvas = page.locator(PAD).first
    canvas.wait_for()
    stroke(page, canvas, SEVEN)
    page.locator(ANSWER).first.wait_for()
    one = ink(page)
    stroke(page, canvas, [(60, 200), (120, 200), (200, 200)])
    until(lambda: ink(page) > one)
    settled_after_stroke(page)
    page.locator(".st-key-draw-undo button").click()
    until(lambda: abs(ink(page) - one) < one * 0.1)  # the first stroke alone again
    assert page.locator(ANSWER).first.is_visible()  # and its answer stays
    page.locator(".st-key-draw-clear button").click()
    page.get_by_text("Draw a digit in the square").wait_for()
    until(lambda: ink(page) == 0)
    no_errors(page)
