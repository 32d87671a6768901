"""What the tests share besides fixtures: opening a lesson (headless or in Chromium), waiting for the app,
and checking that no error reached the page."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.replicas import free_port  # one way to find a free port, for the benches and the tests
from bench.tab import ERRORS, IDLE  # an error on the page; the page script has finished its run
from ui import live_chart

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"

TRAINING_PAGE = "lessons/training/page.py"
SMALL_TRAINING = 600  # training digits: a few batches, quick to evaluate


def need(condition: bool, reason: str) -> None:
    """Skip when something outside the repo is missing; under CI that is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)


# The app served by `streamlit run`


@contextlib.contextmanager
def serve_app(log: Path):
    """Run the app with `streamlit run` on a free localhost port; yields its URL."""
    port = free_port()
    env = os.environ | {"STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_HEADLESS": "true"}
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.address", "127.0.0.1"],
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


# Headless sessions (streamlit.testing.v1.AppTest)


FRAME_PARAMS = ("present", "step", "seed")  # read by the frame on a session's first run


@dataclass(frozen=True)
class Chart:
    """A plotly chart as the browser gets it: from `st.plotly_chart`, or from a live panel (ui.live_chart)."""

    key: str  # the key it was drawn with
    id: str
    spec: str  # the figure, as plotly JSON
    alt: str  # its text summary


def charts(at) -> list[Chart]:
    """Every plotly chart on the page, in the page's order."""
    found = []
    for element in at._tree:
        if element.type == "plotly_chart":
            spec, alt = element.proto.spec, element.proto.alt
        elif element.type == "bidi_component" and element.proto.component_name == live_chart.NAME:
            data = json.loads(element.proto.json)
            spec, alt = data["figure"], data["alt"]
        else:
            continue
        found.append(Chart(element.proto.id.split("-", 2)[-1], element.proto.id, spec, alt))
    return found


def open_link(make_app, script: str, **params):
    """A fresh AppTest session opened on the lesson `script` by a link with these query parameters.

    Until a session has run once, AppTest finds a page by its file name, and every lesson's script is
    called page.py: so the session first runs the router (with the link's frame parameters, which the
    frame reads on a first run), then opens the lesson by the link. What the frame said about the link on
    that first run (a seed it cannot use) is kept in `at.frame_notices`."""
    at = make_app()
    for name in FRAME_PARAMS:
        if name in params:
            at.query_params[name] = params[name]
    at.run()
    assert not at.exception, at.exception
    at.frame_notices = [i.value for i in at.info]
    at.query_params.clear()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(script).run()
    assert not at.exception, at.exception
    return at


def url_param(at, name: str) -> str | None:
    """One query parameter of the page's URL as text (AppTest may keep it as a one-item list)."""
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def start_training(at, size: int = SMALL_TRAINING) -> None:
    """Set the training-set size and press start."""
    at.number_input(key="train.size").set_value(size).run()
    at.button(key="train.start").click().run()
    assert not at.exception


# Real Chromium tabs (Playwright)


def wait_for_app(tab) -> None:
    """Wait until Streamlit has finished running the page script."""
    tab.wait_for_selector("[data-testid='stApp']")
    tab.wait_for_function(IDLE)


def open_lesson(tab, path: str, query: str = "", timeout: float | None = None) -> None:
    """Open the lesson at `path` (its URL path, e.g. "separator") the way a shared link does."""
    if timeout is not None:
        tab.set_default_timeout(timeout)
    tab.goto(f"{tab.app_url}/{path}{query}")
    wait_for_app(tab)


def open_presenting(tab, path: str, steps: int, timeout: float = 120_000):
    """Open the lesson at `path` in presentation mode, wait for its first of `steps` steps; returns the main area.

    The long default timeout is for a first visit on a shared CPU (MNIST loads, models train or fit)."""
    open_lesson(tab, path, "?present=1", timeout)
    main = tab.get_by_test_id("stMain")
    main.get_by_text(f"Step 1 of {steps}").wait_for()
    return main


def presses(frame: bytes | str, key: str) -> bool:
    """Whether a message the page sent to the server carries a press of the button whose key ends in `key` (a
    button's trigger is sent once, with its key, and never again with the widgets' later states)."""
    return key.encode() in (frame if isinstance(frame, bytes) else frame.encode())


def names_next(frame: bytes | str) -> bool:
    """Whether a message the page sent to the server carries a press of Next (its key ends in "._next")."""
    return presses(frame, "._next")


# Where a press went, for one that got no answer: the page's last pointer events, each with the button it landed on.
# A button is numbered at the first event it gets, so one replaced between the press and the release shows as two.
POINTER_LOG = r"""(() => {
  const log = (window.nnvizPointer = []);
  let buttons = 0;
  for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
    document.addEventListener(type, (event) => {
      const button = event.target.closest?.("button");
      if (button && !button.dataset.pointer) button.dataset.pointer = String(++buttons);
      const name = button?.innerText.replace(/\s+/g, " ").trim().slice(0, 30);
      const on = button ? `button ${button.dataset.pointer} "${name}"` : event.target.tagName;
      log.push(`${Math.round(performance.now())} ms ${type} on ${on}${button?.disabled ? " (disabled)" : ""}`);
      log.splice(0, log.length - 30);
    }, true);
  }
})();"""


def log_pointer(tab) -> None:
    """From the tab's next page on, keep its last pointer events for `where_presses_went`."""
    tab.add_init_script(POINTER_LOG)


def where_presses_went(tab) -> str:
    """The tab's last pointer events (see POINTER_LOG), oldest first."""
    return "; ".join(tab.evaluate("window.nnvizPointer ?? []")[-12:]) or "no pointer event reached the page"


def what_the_page_said(tab) -> str:
    """For a press that got no answer: the errors the page logged (a test collects them in `tab.console`) and where
    its last pointer events landed."""
    return f"the page's console: {tab.console or 'quiet'}; its pointer events: {where_presses_went(tab)}"


def drawn(tab) -> None:
    """Wait until the page has finished its run and every chart in the main area has drawn at its own size."""
    wait_for_app(tab)
    tab.wait_for_function(
        """() => Array.from(document.querySelectorAll("[data-testid='stMain'] .js-plotly-plot")).every(plot => {
            const svg = plot.querySelector(".main-svg");
            return svg && Math.abs(svg.getBoundingClientRect().width - plot.getBoundingClientRect().width) < 2;
        })"""
    )


# Where a fraction (fx, fy) of a plot's plotting area is (from its top left), on the screen and in the plot's own units,
# with the plot scrolled into view: all in one look, since plotly may replace the plot's inner elements between two
# (once under load, the plotting area's rectangle was gone between scrolling to it and reading its box).
SPOT = """([selector, fx, fy]) => {
    const plot = document.querySelector(`${selector} .js-plotly-plot`);
    plot.scrollIntoView({block: "nearest", behavior: "instant"});
    const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis, box = plot.getBoundingClientRect();
    const px = xa._length * fx, py = ya._length * fy;
    return {x: box.left + xa._offset + px, y: box.top + ya._offset + py, u: xa.p2l(px), v: ya.p2l(py)};
}"""


def plot_spot(tab, selector: str, fx: float, fy: float) -> dict:
    """Once every chart has drawn, where (fx, fy) of the plotting area of the plot in `selector` is: `x`, `y` on the
    screen, with the plot scrolled into view, and `u`, `v` in the plot's units."""
    tab.wait_for_function(f"() => document.querySelector('{selector} .js-plotly-plot')?._fullLayout !== undefined")
    drawn(tab)
    return tab.evaluate(SPOT, [selector, fx, fy])


def no_errors(tab) -> None:
    """No traceback and no error alert on the page."""
    assert tab.locator(ERRORS).count() == 0
