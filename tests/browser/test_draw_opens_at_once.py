"""On a fresh server with nothing cached, the Draw page's canvas is there at once: the models ship with the app, and
serve.py loads them, MNIST and torch before the server answers anyone (issue 17). The seconds from opening the
page to a canvas that takes a stroke are printed, not asserted."""

import time

import pytest

from bench.tab import PAD
from server.warm import READY
from tests.browser.test_browser_draw import ANSWER, SEVEN, stroke
from tests.helpers import no_errors, serve_app

pytestmark = pytest.mark.browser


def test_a_fresh_server_opens_the_draw_page_with_its_canvas_ready(browser, mnist, tmp_path, monkeypatch):
    monkeypatch.setenv("NNVIZ_CACHE_DIR", str(tmp_path / "empty-cache"))  # nothing trained before
    log = tmp_path / "streamlit.log"
    with serve_app(log) as url:
        assert READY in log.read_text(), "the server answered before it had loaded what visitors need"
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(60_000)
        opened = time.perf_counter()
        tab.goto(f"{url}/draw")
        canvas = tab.locator(PAD).first
        canvas.wait_for()
        ready = time.perf_counter() - opened
        stroke(tab, canvas, SEVEN)
        tab.locator(ANSWER).wait_for()
        answered = time.perf_counter() - opened
        assert tab.locator(ANSWER).inner_text() == "7"
        assert tab.get_by_text("Training the", exact=False).count() == 0, "nothing should train on first use"
        no_errors(tab)
        tab.close()
    assert not any((tmp_path / "empty-cache").glob("digit-model-*.pt")), "the shipped weights were trained again"
    print(f"\nfresh server: canvas ready {ready:.1f} s after opening /draw; a seven read {answered:.1f} s after")
