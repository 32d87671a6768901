"""The running app in a real Chromium: the Home page, the sidebar, no error anywhere."""

import pytest
from conftest import wait_for_app

pytestmark = pytest.mark.browser


def test_home_page_opens_with_the_data_line_and_no_error(page, artifacts):
    page.goto(page.app_url)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Why neural networks"
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("MNIST 60,000 / 10,000").wait_for()
    sidebar.locator("input[aria-label='Seed']").wait_for()
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)
