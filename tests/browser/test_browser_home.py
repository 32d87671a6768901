"""The running app in a real Chromium: the Home page, the sidebar, no error anywhere."""

import pytest
from playwright.sync_api import expect

from tests.helpers import no_errors, wait_for_app

pytestmark = pytest.mark.browser


def test_home_page_opens_with_the_data_line_and_no_error(page, artifacts):
    page.goto(page.app_url)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Why neural networks"
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("MNIST 60,000 / 10,000").wait_for()
    sidebar.locator("input[aria-label='Seed']").wait_for()
    no_errors(page)
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def test_a_deep_link_is_the_first_request_a_fresh_server_gets(browser, tmp_path):
    """A shared link opened before anyone has visited the home page still gets the whole app."""
    from tests.helpers import serve_app

    with serve_app(tmp_path / "streamlit.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.goto(f"{url}/gradient-descent")
        wait_for_app(tab)
        assert tab.locator("h1").first.inner_text() == "Gradient descent"
        sidebar = tab.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("MNIST 60,000 / 10,000").wait_for()
        assert sidebar.get_by_text("The linear separator").count() == 1  # the lesson menu, not file names
        assert tab.get_by_text("Page not found").count() == 0
        context.close()


def test_home_by_name_is_the_home_page_with_its_link(page):
    page.goto(f"{page.app_url}/home?seed=3")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Why neural networks"
    assert page.get_by_text("Page not found").count() == 0
    page.wait_for_function("() => location.pathname === '/' && location.search.includes('seed=3')")
    expect(page.locator("[data-testid='stSidebar'] input[aria-label='Seed']")).to_have_value("3")  # once drawn
