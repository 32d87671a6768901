"""Two server processes behind HAProxy (deploy/haproxy.cfg), five visitors in Chromium, one replica killed.

A CI-sized version of `python bench/load.py --replicas 2`: each visitor sticks to one replica (the balancer's
cookie), trains there, and when that replica dies mid-run its tab reconnects to the other one and says the
training was lost; the visitors of the replica that lives on finish their runs without an error.

The replica that dies trains runs that last minutes on any CPU: once in CI the default run had finished on a fast
machine by the time the test killed its replica, and a finished run's tab rightly says nothing was running.
"""

import os
import shutil
import signal
import time
import warnings
from urllib.parse import urlencode

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.replicas import serve
from tests.helpers import ERRORS, LOST, need, presses, wait_for_app

pytestmark = pytest.mark.browser

VISITORS = 5
RUN = "size=60000"  # the default network on every training digit: the survivor's visitors finish it
# The dying replica's runs: two hidden layers as wide as the page allows, its smallest batches and most epochs
# (lessons/training/settings.py), on every training digit: 225,000 updates, still training when it is killed.
LONG = urlencode({"preset": "Custom", "c.hidden": "2048, 2048", "c.batch": 8, "c.epochs": 30, "size": 60000})
# The run's mark in the address bar, polled: the page writes it through the history API, which a wait for a
# navigation can miss. A wait for a condition cannot.
RUNNING = "() => new URLSearchParams(location.search).get('running') === '1'"


def what_it_shows(tab, log) -> str:
    """For a failure: the tab's URL and script state, its alerts, buttons and connection status, the servers' log."""
    said = tab.locator("[data-testid='stMain'] [data-testid='stAlert'], [data-testid='stMain'] button, "
                       "[data-testid='stStatusWidget'], [data-testid='stConnectionStatus']")  # fmt: skip
    state = tab.evaluate("() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState")
    return (f"{tab.url} (script {state}) shows {said.all_inner_texts()}; the servers' log ends:\n"
            f"{log.read_text()[-3000:]}")  # fmt: skip


START = "train.start"  # the end of the Start button's key, in the message that carries its press
T0 = time.monotonic()  # the websockets' log counts from here
PRESS_MS = 30_000  # a press that has not left the browser by then never will (the page sends it at once)


def press_start(tab) -> None:
    """Press Start training, counting from here the messages that carry the press (`tab.sent` logs every one)."""
    tab.sent_before_start = len(tab.sent)
    tab.get_by_role("button", name="Start training").click()


def pressed(tab) -> bool:
    """Whether a message the page sent since the last press of Start carried it."""
    return any(tab.sent[tab.sent_before_start :])


def wait_until_running(tab, log) -> None:
    """The tab's run is training, or queued for a place; if not, fail with what the tab and the servers said.

    Once in CI a press of Start got no answer in 120 s, and the test could not tell where it was lost. A press that
    never left the browser is pressed again, as a learner would, with a warning; one that reached the server and
    started nothing fails."""
    try:
        tab.wait_for_function(RUNNING, timeout=PRESS_MS)
        assert pressed(tab), "a run started, but the test saw no message carry the press"
        return
    except PlaywrightTimeout:
        pass
    if not pressed(tab):
        warnings.warn(f"{tab.url}: Start got no answer in {PRESS_MS // 1000} s: the press never left the browser; "
                      f"the page's console: {tab.console or 'quiet'}", stacklevel=1)  # fmt: skip
        press_start(tab)
    try:
        tab.wait_for_function(RUNNING, timeout=120_000)
    except PlaywrightTimeout:
        reached = "reached the server" if pressed(tab) else "never left the browser"
        pytest.fail(f"no run marked (the press {reached}; the page's console: {tab.console or 'quiet'}): "
                    f"{what_it_shows(tab, log)}")  # fmt: skip


def watch(tab, ws) -> None:
    """Log what a page's websocket carries: each press of Start (`tab.sent`), and when the socket opened and closed
    and whether the first message it sent asked for a run of a URL marked running (`tab.sockets`), so a missing
    notice can say how many sessions the tab opened after its replica died."""
    opened = time.monotonic()
    tab.sockets.append(f"{opened - T0:.1f} s: opened")

    def sent(frame):
        tab.sent.append(presses(frame, START))
        if tab.sockets[-1].endswith("opened"):
            marked = b"running=1" in (frame if isinstance(frame, bytes) else frame.encode())
            tab.sockets[-1] += f", first message {'marked running' if marked else 'unmarked'}"

    ws.on("framesent", sent)
    ws.on("close", lambda _: tab.sockets.append(f"{time.monotonic() - T0:.1f} s: closed"))


def wait_for_lost_notice(tab, seed: int, log, marked: list[str]) -> None:
    """The reconnected tab says its training was lost; if not, fail with what the tab and the servers said, and
    the dead replica's tabs' URLs when it was killed (`marked`)."""
    try:
        tab.get_by_text(LOST).wait_for(timeout=120_000)
    except PlaywrightTimeout:
        pytest.fail(f"seed {seed}: no notice (when app1 died: {marked}; its websockets: {tab.sockets}; the "
                    f"page's console: {tab.console or 'quiet'}): {what_it_shows(tab, log)}")  # fmt: skip


def replica_of(context) -> str:
    """Which replica (app1, app2) the balancer's cookie ties this browser to."""
    return next(c["value"] for c in context.cookies() if c["name"] == "NNVIZ_REPLICA")


def test_visitors_stick_to_their_replica_and_a_dead_replica_costs_only_its_own_runs(browser, tmp_path):
    need(shutil.which("haproxy") is not None or os.path.exists("/usr/sbin/haproxy"), "no HAProxy installed")
    log = tmp_path / "servers.log"
    with serve(2, log) as (url, pids):
        tabs = []
        for seed in range(VISITORS):  # distinct seeds: every visitor trains its own run
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.set_default_timeout(120_000)
            tab.sent = []  # for each message the page sent the server: whether it carried a press of Start
            tab.console = []  # what the page logged as errors (the frontend logs a message it could not send)
            tab.on("console", lambda m, tab=tab: tab.console.append(m.text[:160]) if m.type == "error" else None)
            tab.sockets = []  # when each of the page's websockets opened and closed, and what its first message asked
            tab.on("websocket", lambda ws, tab=tab: watch(tab, ws))
            tab.goto(f"{url}/training?{RUN}&seed={seed}")
            wait_for_app(tab)
            if replica_of(context) == "app1":  # app1 dies: its visitors train the long runs, on the same replica
                tab.goto(f"{url}/training?{LONG}&seed={seed}")
                wait_for_app(tab)
                assert replica_of(context) == "app1", "a visitor moved to another replica while its own was up"
                updates = tab.locator("[data-testid='stMetric']", has_text="Gradient updates")
                assert int(updates.get_by_test_id("stMetricValue").inner_text().replace(",", "")) > 200_000
            tabs.append((replica_of(context), seed, tab))
        for _, _, tab in tabs:  # all start together, so every run is still going when a replica dies
            press_start(tab)
        on = {name: [(seed, tab) for where, seed, tab in tabs if where == name] for name in ("app1", "app2")}
        assert on["app1"] and on["app2"], f"the balancer spread the visitors: {[where for where, _, _ in tabs]}"
        for _, tab in on["app1"]:  # app1 dies as soon as its runs are going, minutes before they could end
            wait_until_running(tab, log)
        marked = [tab.url for _, tab in on["app1"]]
        os.kill(pids[0], signal.SIGKILL)
        for _, tab in on["app1"]:
            tab.sockets.append(f"{time.monotonic() - T0:.1f} s: app1 killed")
        for seed, tab in on["app1"]:  # reconnected to app2: a fresh session, its settings from the URL, the news
            wait_for_lost_notice(tab, seed, log, marked)
            seed_box = tab.locator("[data-testid='stSidebar'] input[aria-label='Seed']")
            assert seed_box.input_value() == str(seed) and tab.locator("[data-testid='stException']").count() == 0
        for _, tab in on["app2"]:  # never noticed
            if not pressed(tab):  # sent at once if at all, so long decided by now
                warnings.warn(f"{tab.url}: the press of Start never left the browser; the page's console: "
                              f"{tab.console or 'quiet'}", stacklevel=1)  # fmt: skip
                press_start(tab)
            tab.get_by_text("Test accuracy", exact=True).wait_for(timeout=300_000)
            assert tab.locator(ERRORS).count() == 0 and tab.get_by_text(LOST).count() == 0
        for _, _, tab in tabs:
            tab.context.close()
