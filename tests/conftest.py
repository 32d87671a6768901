"""Shared test setup: where MNIST is, a private model cache, the running app and a browser."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # one list for the tests and the load bench

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"

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


def need(condition: bool, reason: str) -> None:
    """Skip when something outside the repo is missing; under CI that is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def mnist():
    """Full MNIST from the data directory (never the offline sample)."""
    from nnviz.data import data_dir, load_digits

    digits = load_digits(download=False)
    need(digits.source == "files", f"full MNIST files not found in {data_dir()}")
    return digits


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(log: Path):
    """Run the app with `streamlit run` on a free localhost port; yields its URL."""
    port = free_port()
    env = os.environ | {"STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_HEADLESS": "true"}
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The app served for the whole test session."""
    with serve_app(tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    need(CHROMIUM.exists() or shutil.which("chromium") is not None, f"no Chromium at {CHROMIUM}")
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


def open_presenting(tab, path: str, steps: int, timeout: float = 120_000):
    """Open the lesson at `path` in presentation mode, wait for its first of `steps` steps; returns the main area.

    The long default timeout is for a first visit on a shared CPU (MNIST loads, models train or fit)."""
    tab.set_default_timeout(timeout)
    tab.goto(f"{tab.app_url}/{path}?present=1")
    wait_for_app(tab)
    main = tab.get_by_test_id("stMain")
    main.get_by_text(f"Step 1 of {steps}").wait_for()
    return main


@pytest.fixture(params=["light", "dark"])
def themed_page(request, browser, app_url):
    """A fresh tab in the light theme, and again (the test runs twice) in the dark one: `tab.scheme` says which."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=request.param)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.app_url, tab.scheme = app_url, request.param
    yield tab
    context.close()


def wait_for_app(tab) -> None:
    """Wait until Streamlit has finished running the page script."""
    tab.wait_for_selector("[data-testid='stApp']")
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')"
    )


@pytest.fixture
def new_app(mnist):
    """Makes a fresh headless session of the whole app (frame and router included).

    Open a lesson with `at.switch_page("lessons/NAME.py").run()`.
    """
    from streamlit.testing.v1 import AppTest

    def make(timeout: float = 120):
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)

    return make


def open_link(make_app, script: str, **params):
    """A fresh AppTest session opened on the lesson `script` by a link with these query parameters."""
    at = make_app()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(script).run()
    assert not at.exception, at.exception
    return at


def url_param(at, name: str) -> str | None:
    """One query parameter of the page's URL as text (AppTest may keep it as a one-item list)."""
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots to look at (ignored by git)."""
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


TRAINING_PAGE = "lessons/training.py"
SMALL_TRAINING = 600  # training digits: a few batches, quick to evaluate


@pytest.fixture
def fresh_run_store():
    """A server that has trained nothing yet: finished runs are shared between sessions."""
    from server import runs as training_gate

    training_gate.runs.clear()


@pytest.fixture
def training_app(new_app, fresh_run_store):
    """A fresh session on the Training lesson."""
    app = new_app()
    app.run()
    app.switch_page(TRAINING_PAGE).run()
    assert not app.exception
    return app


def start_training(at, size: int = SMALL_TRAINING) -> None:
    """Set the training-set size and press start."""
    at.number_input(key="train.size").set_value(size).run()
    at.button(key="train.start").click().run()
    assert not at.exception
