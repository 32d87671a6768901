"""The separator's own points and the Training page's results on a phone (390x844, touch): a tap on the point
editor puts a point where the finger landed and a tap on it takes it away; the editor and its buttons fit the
screen; the captions over the surest mistakes do not run into each other."""

import pytest

from tests.browser.test_draw_phone import PHONE
from tests.helpers import SMALL_TRAINING, drawn, no_errors, plot_spot, wait_for_app

pytestmark = pytest.mark.browser

EDITOR = ".st-key-sep-net-editor"
POINTS = f"""() => document.querySelector("{EDITOR} .js-plotly-plot")._fullData.slice(1)
    .flatMap(trace => Array.from(trace.x, (x, i) => [x, trace.y[i]]))"""
# Each caption's box in the charts of the surest mistakes: [chart, left, top, right, bottom].
CAPTIONS = """() => [...document.querySelectorAll("[class*='st-key-train-mistakes'] .js-plotly-plot")]
    .flatMap((plot, n) => [...plot.querySelectorAll('.annotation-text')].map(text => {
        const r = text.getBoundingClientRect(); return [n, r.left, r.top, r.right, r.bottom]; }))"""


@pytest.fixture
def phone(browser, app_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    tab.set_default_timeout(90_000)
    tab.app_url = app_url
    yield tab
    context.close()


def tap(phone, fx: float, fy: float) -> tuple[float, float]:
    """A finger on the editor at a fraction of its plotting area (from its top left); where that is in the plot."""
    spot = plot_spot(phone, EDITOR, fx, fy)
    phone.touchscreen.tap(spot["x"], spot["y"])
    return spot["u"], spot["v"]


def placed(phone, n: int) -> list[list[float]]:
    """Wait until the editor says it holds `n` points and its plot shows them; their (x, y)."""
    phone.get_by_text(f"{n} point{'' if n == 1 else 's'}: ").wait_for()
    wait_for_app(phone)
    phone.wait_for_function(f"() => ({POINTS})().length === {n}")
    return phone.evaluate(POINTS)


def test_a_tap_places_a_point_under_the_finger_and_a_tap_on_it_takes_it_away(phone, artifacts):
    phone.goto(f"{phone.app_url}/separator?net.source=mine&net.holdout=0")
    wait_for_app(phone)
    for key in ("sep-net-editor", "sep-net-pick", "sep-net-clear", "sep-net-download", "sep-net-upload"):
        box = phone.locator(f".st-key-{key}").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{key} runs off the screen: {box}"
    area = phone.locator(f"{EDITOR} .nsewdrag").first.bounding_box()
    assert min(area["width"], area["height"]) >= 0.6 * PHONE["width"], f"the plot is too small to tap: {area}"

    first = tap(phone, 0.2, 0.25)
    ((x, y),) = placed(phone, 1)
    assert abs(x - first[0]) <= 0.25 and abs(y - first[1]) <= 0.25  # the grid step: the point under the finger
    second = tap(phone, 0.75, 0.7)  # a finger does not hover: the point goes here, not where the last tap was
    points = placed(phone, 2)
    assert any(abs(x - second[0]) <= 0.25 and abs(y - second[1]) <= 0.25 for x, y in points), points
    phone.screenshot(path=str(artifacts / "separator-own-points-phone.png"))
    tap(phone, 0.2, 0.25)
    ((x, y),) = placed(phone, 1)
    assert abs(x - second[0]) <= 0.25 and abs(y - second[1]) <= 0.25  # the first one has gone
    no_errors(phone)


def test_on_a_phone_the_captions_over_the_surest_mistakes_stay_apart(phone, artifacts, mnist):
    phone.goto(f"{phone.app_url}/training?size={SMALL_TRAINING}")
    wait_for_app(phone)
    phone.get_by_role("button", name="Start training").click()
    phone.get_by_text("The most confidently wrong").wait_for()
    phone.get_by_text("The most confidently wrong").scroll_into_view_if_needed()
    drawn(phone)
    captions = phone.evaluate(CAPTIONS)
    assert len(captions) >= 8
    for i, (chart, left, top, right, bottom) in enumerate(captions):
        assert left >= 0 and right <= PHONE["width"], f"a caption runs off the screen: {left:.0f}-{right:.0f} px"
        for other, left2, top2, right2, bottom2 in captions[i + 1 :]:
            overlap = chart == other and left < right2 and left2 < right and top < bottom2 and top2 < bottom
            assert not overlap, f"two captions overlap: {left:.0f}-{right:.0f} and {left2:.0f}-{right2:.0f} px"
    phone.screenshot(path=str(artifacts / "training-mistakes-phone.png"))
    no_errors(phone)
