"""Shared fixtures: where MNIST is, a private model cache, the running app, a browser and its tabs.
The helpers tests share besides fixtures are in tests/helpers.py."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # one list for the tests and the load bench
from tests.helpers import ROOT, TRAINING_PAGE, need, serve_app

SHARED_DATA = ROOT.parent / "shared" / "data"
# Before any test imports nnviz: the shared MNIST copy, and a model cache of our own.
if "NNVIZ_DATA_DIR" not in os.environ and (SHARED_DATA / "MNIST" / "raw").is_dir():
    os.environ["NNVIZ_DATA_DIR"] = str(SHARED_DATA)
os.environ.setdefault("NNVIZ_CACHE_DIR", tempfile.mkdtemp(prefix="nnviz-test-cache-"))


def _one_torch_thread() -> None:
    """The test process shares two cores with the app server and Chromium: one torch thread
    each keeps OpenMP from stalling on busy cores (see nnviz/threads.py)."""
    import torch

    torch.set_num_threads(1)


_one_torch_thread()


@pytest.fixture(scope="session")
def mnist():
    """Full MNIST from the data directory (never the offline sample)."""
    from nnviz.data import data_dir, load_digits

    digits = load_digits(download=False)
    need(digits.source == "files", f"full MNIST files not found in {data_dir()}")
    return digits


@pytest.fixture(scope="session")
def server_log(tmp_path_factory) -> Path:
    """Where the app served for the whole test session writes its log."""
    return tmp_path_factory.mktemp("server") / "streamlit.log"


@pytest.fixture(scope="session")
def app_url(server_log):
    """The app served for the whole test session."""
    with serve_app(server_log) as url:
        yield url


UNCAUGHT = "Uncaught app execution"  # what Streamlit logs when a page's script raises: the visitor gets an error


@pytest.fixture(autouse=True)
def no_uncaught_errors(request):
    """A test that drives the session's app leaves no page script that raised (the visitor would see an error
    where the page was), whatever the test itself checks."""
    if "app_url" not in request.fixturenames:
        yield
        return
    log = request.getfixturevalue("server_log")
    start = log.stat().st_size if log.exists() else 0
    yield
    with open(log, errors="replace") as written:
        written.seek(start)
        during = written.read()
    if UNCAUGHT in during:
        pytest.fail(
            f"a page's script raised while this test ran; the server's log:\n{during[during.index(UNCAUGHT) :][:3000]}"
        )


@pytest.fixture(scope="session")
def browser():
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (NNVIZ_CHROMIUM names another)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh browser tab (its own Streamlit session) on the running app."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.app_url = app_url
    yield tab
    context.close()


@pytest.fixture(params=["light", "dark"])
def themed_page(request, browser, app_url):
    """A fresh tab in the light theme, and again (the test runs twice) in the dark one: `tab.scheme` says which."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=request.param)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.app_url, tab.scheme = app_url, request.param
    yield tab
    context.close()


@pytest.fixture
def new_app(mnist):
    """Makes a fresh headless session of the whole app (frame and router included).

    Open a lesson with `helpers.open_link(new_app, "lessons/NAME/page.py")`.
    """
    from streamlit.testing.v1 import AppTest

    def make(timeout: float = 120):
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)

    return make


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots to look at (ignored by git)."""
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def fresh_run_store():
    """A server that has trained nothing yet: finished runs are shared between sessions."""
    from server import runs as training_gate

    training_gate.RunStore().clear()  # the runs on disk, which every server process shares
    training_gate.runs.clear()


@pytest.fixture
def training_app(new_app, fresh_run_store):
    """A fresh session on the Training lesson."""
    app = new_app()
    app.run()
    app.switch_page(TRAINING_PAGE).run()
    assert not app.exception
    return app
