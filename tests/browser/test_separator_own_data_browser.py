"""The separator lesson's own points in a real Chromium: clicks on the plot place points of the picked class, a
click on a point removes it, and the network trains on exactly the points placed."""

import pytest

from tests.browser.test_browser_separator import open_lesson, train_losses
from tests.helpers import no_errors, plot_spot, wait_for_app

pytestmark = pytest.mark.browser

EDITOR = ".st-key-sep-net-editor"


def click_plot(page, fx: float, fy: float) -> None:
    """A click at a fraction of the editor's plotting area (from its top left), then the page's rerun."""
    spot = plot_spot(page, EDITOR, fx, fy)
    page.mouse.click(spot["x"], spot["y"])


def placed(page, zeros: int, ones: int, twos: int = 0) -> None:
    """Wait until the editor says it holds this many points of each class."""
    total = zeros + ones + twos
    page.get_by_text(
        f"{total} point{'' if total == 1 else 's'}: {zeros} class 0, {ones} class 1, {twos} class 2."
    ).wait_for()


def pick(page, label: str) -> None:
    page.locator(".st-key-sep-net-pick").get_by_text(label, exact=True).click()
    wait_for_app(page)


def test_clicks_place_points_of_the_picked_class_and_the_network_trains_on_them(page, artifacts):
    page.set_default_timeout(60_000)
    open_lesson(page, "?net.source=mine&net.holdout=0")
    page.get_by_text("Place at least 2 points of each class").wait_for()
    click_plot(page, 0.2, 0.2)
    placed(page, 1, 0)
    click_plot(page, 0.2, 0.2)  # the same spot again: the point there goes
    placed(page, 0, 0)
    click_plot(page, 0.2, 0.2)
    placed(page, 1, 0)
    click_plot(page, 0.25, 0.7)
    placed(page, 2, 0)
    pick(page, "class 1")
    click_plot(page, 0.75, 0.3)
    placed(page, 2, 1)
    click_plot(page, 0.8, 0.75)
    placed(page, 2, 2)
    page.get_by_text("Learning from all 4 points.").wait_for()
    page.screenshot(path=str(artifacts / "separator-own-points.png"), full_page=True)
    assert len(train_losses(page)) == 1
    page.locator(".st-key-sep-net-play button").click()
    losses = train_losses(page, at_least=4)
    assert losses[-1] < losses[0]  # four points, two a side: the loss goes down as it trains on them
    page.locator(".st-key-sep-net-play button").click()  # pause
    wait_for_app(page)
    pick(page, "class 2")  # a third class: the network's softmax sorts it too
    click_plot(page, 0.5, 0.85)
    placed(page, 2, 2, 1)
    page.get_by_text("Place at least 2 points of each class to learn from (there are 2, 2 and 1).").wait_for()
    click_plot(page, 0.45, 0.9)
    placed(page, 2, 2, 2)
    page.get_by_text("Learning from all 6 points.").wait_for()
    page.locator(".st-key-sep-net-play button").click()
    losses = train_losses(page, at_least=4)
    assert losses[-1] < losses[0]
    page.locator(".st-key-sep-net-play button").click()  # pause
    no_errors(page)


def test_a_table_brought_through_the_uploader_replaces_the_points_and_a_bad_one_is_named(page, tmp_path):
    page.set_default_timeout(60_000)
    open_lesson(page, "?net.source=mine")
    good, bad = tmp_path / "mine.csv", tmp_path / "bad.csv"
    good.write_text("x,y,label\n-4,-4,0\n-3,-4,0\n4,4,1\n3,4,1\n4,3,1\n")
    bad.write_text("x,y,label\n1,2,0\n3,,1\n")
    uploader = page.locator(".st-key-sep-net-upload input[type='file']")
    uploader.set_input_files(str(good))
    placed(page, 2, 3)
    page.get_by_text("Learning from 3 points; 2 kept aside to test it.").wait_for()
    uploader.set_input_files(str(bad))
    page.get_by_text("Line 3: the y column is empty. Your points are as they were.").wait_for()
    placed(page, 2, 3)
    no_errors(page)
