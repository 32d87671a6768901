"""Two visitors at once in real Chromium: one server, two browser contexts, nothing shared between them.

Each context is its own Streamlit session (its own cookies and websocket). A setting changed
in one never shows in the other, and trainings started at the same moment each run their own
settings to the end, side by side.
"""

import re

import pytest

from tests.helpers import ERRORS, wait_for_app

pytestmark = pytest.mark.browser

SIZES = {"A": 600, "B": 1200}  # training digits: two different runs, so neither can reuse the other's


@pytest.fixture
def two_tabs(browser, app_url):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in SIZES]
    tabs = {}
    for name, context in zip(SIZES, contexts, strict=True):
        tabs[name] = context.new_page()
        tabs[name].set_default_timeout(90_000)  # both sessions share two busy cores with the server
    yield tabs
    for context in contexts:
        context.close()


def open_page(tab, app_url: str, path: str, heading: str) -> None:
    tab.goto(f"{app_url}/{path}")
    tab.locator("h1", has_text=heading).wait_for()
    wait_for_app(tab)


def metric(tab, label: str) -> str:
    box = tab.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text()


def test_a_setting_changed_in_one_session_does_not_show_in_the_other(two_tabs, app_url):
    a, b = two_tabs["A"], two_tabs["B"]
    for tab in (a, b):
        open_page(tab, app_url, "separator", "The linear separator")
        tab.get_by_text("2*6 + 5 - 10 = 7 > 0").wait_for()

    a.get_by_role("slider", name="w1, the weight of the first input").press("Home")  # A's w1 to -5
    a.get_by_text("-5*6 + 5 - 10 = -35 < 0").wait_for()
    b.get_by_role("slider", name="b, the bias").press("End")  # B reruns with its own bias, 30, and its own w1
    b.get_by_text("2*6 + 5 + 30 = 47 > 0").wait_for()
    wait_for_app(a)
    wait_for_app(b)
    assert "-5*6" not in b.locator("[data-testid='stMain']").inner_text()
    assert a.get_by_text("-5*6 + 5 - 10 = -35 < 0").count() == 1  # B's bias did not reach A
    assert "w1=-5" in a.url and "w1" not in b.url  # each tab's link holds its own settings
    for tab in (a, b):
        assert tab.locator(ERRORS).count() == 0


def test_two_sessions_train_their_own_runs_at_the_same_time(two_tabs, app_url, artifacts):
    planned = {}
    for name, tab in two_tabs.items():
        open_page(tab, app_url, "training", "Training on MNIST")
        size = tab.get_by_role("spinbutton", name="Training digits")
        size.fill(str(SIZES[name]))
        size.press("Enter")
        tab.get_by_text(f"= {-(-SIZES[name] // 128)} updates per epoch").wait_for()
        wait_for_app(tab)
        planned[name] = metric(tab, "Gradient updates")
    assert planned["A"] != planned["B"]

    for tab in two_tabs.values():  # as close to the same moment as one driver can click
        tab.get_by_role("button", name="Start training").click()
    for tab in two_tabs.values():
        tab.get_by_role("button", name="Pause").or_(tab.get_by_text("Test accuracy", exact=True)).first.wait_for()

    for name, tab in two_tabs.items():
        tab.get_by_text("Test accuracy", exact=True).wait_for()
        wait_for_app(tab)
        accuracy = float(metric(tab, "Test accuracy").rstrip("%"))
        assert 50 < accuracy <= 100  # chance is 10
        progress = tab.locator("[data-testid='stProgress']").first.inner_text()
        assert re.search(rf"Update {planned[name]} of {planned[name]} ", progress), progress  # its own run, to the end
        assert "already trained on this server" not in tab.locator("[data-testid='stMain']").inner_text()
        assert tab.locator(ERRORS).count() == 0
        tab.screenshot(path=str(artifacts / f"sessions-training-{name}.png"), full_page=True)
