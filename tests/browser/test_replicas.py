"""Two server processes behind HAProxy (deploy/haproxy.cfg), five visitors in Chromium, one replica killed.

A CI-sized version of `python bench/load.py --replicas 2`: each visitor sticks to one replica (the balancer's
cookie), trains there, and when that replica dies its tabs reconnect to the other one and say what was lost: a
training still running, or a finished one whose results were on the page. The visitors of the replica that lives
on finish their runs without an error.

The runs meant to be going when their replica dies last minutes on any CPU: once in CI a default run had already
finished on a fast machine when the test killed its replica, and the test waited for the wrong notice.
"""

import os
import shutil
import signal
import time
import warnings
from urllib.parse import urlencode

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.replicas import LOST, LOST_RESULT, serve
from tests.helpers import ERRORS, log_pointer, need, presses, wait_for_app, what_the_page_said

pytestmark = pytest.mark.browser

VISITORS = 5
REPLICAS = ("app1", "app2")  # as bench.replicas.serve names them, in the order of its processes
RUN = "size=60000"  # the default network on every training digit: the survivor's visitors finish it
# The runs still going when their replica dies: two hidden layers as wide as the page allows, its smallest batches
# and most epochs (lessons/training/settings.py), on every training digit: over 200,000 updates.
LONG = urlencode({"preset": "Custom", "c.hidden": "2048, 2048", "c.batch": 8, "c.epochs": 30, "size": 60000})
# A run's marks in the address bar, polled: the page writes them through the history API, which a wait for a
# navigation can miss. A wait for a condition cannot.
RUNNING = "() => new URLSearchParams(location.search).get('running') === '1'"
TRAINED = "() => new URLSearchParams(location.search).get('trained') === '1'"
STARTED = "() => ['running', 'trained'].some(mark => new URLSearchParams(location.search).get(mark) === '1')"


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


def wait_until_running(tab, log, mark: str = RUNNING) -> None:
    """The tab's run is training, or queued for a place (its URL has the `mark`); if not, fail with what the tab
    and the servers said.

    Once in CI a press of Start got no answer in 120 s, and the test could not tell where it was lost. A press that
    never left the browser is pressed again, as a learner would, with a warning; one that reached the server and
    started nothing fails."""
    try:
        tab.wait_for_function(mark, timeout=PRESS_MS)
        assert pressed(tab), "a run started, but the test saw no message carry the press"
        return
    except PlaywrightTimeout:
        pass
    if not pressed(tab):
        warnings.warn(f"{tab.url}: Start got no answer in {PRESS_MS // 1000} s: the press never left the browser; "
                      f"{what_the_page_said(tab)}", stacklevel=1)  # fmt: skip
        press_start(tab)
    try:
        tab.wait_for_function(mark, timeout=120_000)
    except PlaywrightTimeout:
        reached = "reached the server" if pressed(tab) else "never left the browser"
        pytest.fail(f"no run marked (the press {reached}; {what_the_page_said(tab)}): "
                    f"{what_it_shows(tab, log)}")  # fmt: skip


def watch(tab, ws) -> None:
    """Log what a page's websocket carries: each press of Start (`tab.sent`), and when the socket opened and closed
    and whether the first message it sent asked for a run of a URL marked running or trained (`tab.sockets`), so a
    missing notice can say how many sessions the tab opened after its replica died."""
    opened = time.monotonic()
    tab.sockets.append(f"{opened - T0:.1f} s: opened")

    def sent(frame):
        tab.sent.append(presses(frame, START))
        if tab.sockets[-1].endswith("opened"):
            text = frame if isinstance(frame, bytes) else frame.encode()
            mark = next((name for name in ("running", "trained") if f"{name}=1".encode() in text), None)
            tab.sockets[-1] += f", first message {'marked ' + mark if mark else 'unmarked'}"

    ws.on("framesent", sent)
    ws.on("close", lambda _: tab.sockets.append(f"{time.monotonic() - T0:.1f} s: closed"))


def wait_for_lost_notice(tab, seed: int, notice: str, log, marked: list[str]) -> None:
    """The reconnected tab gives the `notice` that its run was lost; if not, fail with what the tab and the servers
    said, and the dead replica's tabs' URLs when it was killed (`marked`)."""
    try:
        tab.get_by_text(notice).wait_for(timeout=120_000)
    except PlaywrightTimeout:
        pytest.fail(f"seed {seed}: no notice '{notice}' (when its replica died: {marked}; its websockets: "
                    f"{tab.sockets}; the page's console: {tab.console or 'quiet'}): "
                    f"{what_it_shows(tab, log)}")  # fmt: skip


def replica_of(context) -> str:
    """Which replica (app1, app2) the balancer's cookie ties this browser to."""
    return next(c["value"] for c in context.cookies() if c["name"] == "NNVIZ_REPLICA")


def visit(browser, url: str, seed: int):
    """A visitor in a browser of its own, on the Training page with the default run on every digit, logging what
    its page sends and logs (see `watch`). Returns the replica the balancer tied it to, and its tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    log_pointer(tab)
    tab.set_default_timeout(120_000)
    tab.sent = []  # for each message the page sent the server: whether it carried a press of Start
    tab.console = []  # what the page logged as errors (the frontend logs a message it could not send)
    tab.on("console", lambda m: tab.console.append(m.text[:160]) if m.type == "error" else None)
    tab.sockets = []  # when each of the page's websockets opened and closed, and what its first message asked
    tab.on("websocket", lambda ws: watch(tab, ws))
    tab.goto(f"{url}/training?{RUN}&seed={seed}")
    wait_for_app(tab)
    return replica_of(context), tab


def planned_updates(tab) -> int:
    """The gradient updates the page says its run will make."""
    metric = tab.locator("[data-testid='stMetric']", has_text="Gradient updates").get_by_test_id("stMetricValue")
    return int(metric.inner_text().replace(",", ""))


def test_visitors_stick_to_their_replica_and_a_dead_replica_costs_only_its_own_runs(browser, tmp_path):
    need(shutil.which("haproxy") is not None or os.path.exists("/usr/sbin/haproxy"), "no HAProxy installed")
    log = tmp_path / "servers.log"
    with serve(2, log) as (url, pids):
        tabs = {seed: visit(browser, url, seed) for seed in range(VISITORS)}  # distinct seeds: distinct runs
        on = {name: [(seed, tab) for seed, (where, tab) in tabs.items() if where == name] for name in REPLICAS}
        assert on["app1"] and on["app2"], f"the balancer spread the visitors: {[w for w, _ in tabs.values()]}"
        # The replica with more visitors (three or more of five) dies. Its first visitor's run finishes first;
        # its others train long runs, and the survivor's visitors the default one, started together.
        doomed = max(REPLICAS, key=lambda name: len(on[name]))
        (done_seed, done_tab), *cut = on[doomed]
        survivors = [tab for name in REPLICAS if name != doomed for _, tab in on[name]]
        for seed, tab in cut:
            tab.goto(f"{url}/training?{LONG}&seed={seed}")
            wait_for_app(tab)
            assert replica_of(tab.context) == doomed, "a visitor moved to another replica while its own was up"
            assert planned_updates(tab) > 200_000
        press_start(done_tab)
        wait_until_running(done_tab, log, STARTED)  # a fast machine may have finished it by the first look
        done_tab.get_by_text("Test accuracy", exact=True).wait_for(timeout=300_000)
        done_tab.wait_for_function(TRAINED)
        for tab in [tab for _, tab in cut] + survivors:
            press_start(tab)
        for _, tab in cut:  # the replica dies as soon as these runs are going, minutes before they could end
            wait_until_running(tab, log)
        marked = [tab.url for _, tab in on[doomed]]
        os.kill(pids[REPLICAS.index(doomed)], signal.SIGKILL)
        for _, tab in on[doomed]:
            tab.sockets.append(f"{time.monotonic() - T0:.1f} s: {doomed} killed")
        # Reconnected to the survivor: a fresh session, its settings from the URL, and the news. A page whose script
        # was idle keeps what it showed when its websocket comes back (Streamlit reruns only a page that was
        # running): the finished run's results stay until the learner's next step, here a reload.
        done_tab.reload()
        lost = [(done_seed, done_tab, LOST_RESULT)] + [(seed, tab, LOST) for seed, tab in cut]
        for seed, tab, notice in lost:
            wait_for_lost_notice(tab, seed, notice, log, marked)
            seed_box = tab.locator("[data-testid='stSidebar'] input[aria-label='Seed']")
            assert seed_box.input_value() == str(seed) and tab.locator("[data-testid='stException']").count() == 0
        for tab in survivors:  # never noticed
            if not pressed(tab):  # sent at once if at all, so long decided by now
                warnings.warn(
                    f"{tab.url}: the press of Start never left the browser; {what_the_page_said(tab)}", stacklevel=1
                )
                press_start(tab)
            tab.get_by_text("Test accuracy", exact=True).wait_for(timeout=300_000)
            assert tab.locator(ERRORS).count() == 0 and tab.get_by_text(LOST).count() == 0
            assert tab.get_by_text(LOST_RESULT).count() == 0
        for _, tab in tabs.values():
            tab.context.close()
