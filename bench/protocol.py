"""A visitor that speaks Streamlit's websocket protocol to the server, as the browser's frontend does.

What the frontend does, and so does this (streamlit 1.67: App.tsx, WidgetStateManager):
- it downloads the page (index.html and the scripts and styles it names) once, with a cold cache;
- it opens /_stcore/stream and sends a BackMsg `rerun_script` with its ClientState: the first run
  names the page by its URL path (page_name), a click in the menu by its page_script_hash (from the
  server's `navigation` message);
- every rerun carries the values of the widgets it has changed; a button press is a trigger value
  sent with one run only;
- on an `auto_rerun` message it asks for that fragment again every `interval` seconds until a
  `stop_auto_rerun`, a new full run or a page change;
- it keeps cacheable messages by hash, tells the server which it has, and resolves `ref_hash` replies;
- every rerun carries the address bar's query string, which the server sets (`page_info_changed`); a page
  opened from the menu starts without one;
- when the websocket drops (the server's process died), it connects again through the balancer with its
  cookies and reruns its page with its URL: a fresh session on another replica. (The frontend's own
  reconnect also resends the widget values it holds; leaving them out, as a reload of the page would,
  checks that the server restores the settings from the URL alone.)
What it leaves out is the drawing. Errors are read from the messages: an exception element or an
error alert (the browser's stException and stAlertContentError), a page not found, or a script that
does not compile.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import re
import time
import urllib.request
from collections.abc import Callable

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

FINISHED = ForwardMsg.ScriptFinishedStatus
ASSET = re.compile(r'(?:src|href)="\./(static/[^"]+)"')


class ConnectionLost(ConnectionError):
    """The server's end went away while this visitor waited, on the websocket or in a download: its process died."""


class Visitor:
    """One browser tab's worth of a Streamlit session, without the browser."""

    def __init__(self, url: str):
        self.url = url
        self.pages: dict[str, str] = {}  # url path -> page_script_hash
        self.page_hash = ""
        self.elements: list = []  # elements of the current page, since its last full run
        self.errors: set[str] = set()
        self.full_runs = 0
        self.fragment_runs = 0  # live-panel ticks and the like
        self.widgets: dict[str, tuple[str, object]] = {}  # id -> (value field, value): what we set
        self._cache: dict[str, ForwardMsg] = {}
        self._timers: dict[str, asyncio.Task] = {}
        self._news = asyncio.Event()
        self.cookie = ""  # a load balancer's sticky-session cookie, sent back with every request as a browser does
        self.trained_itself = False  # its live panel showed its own training speed: this session trained
        self.query_string = ""  # the address bar's, as the server last set it
        self.connected = False
        self.lost_at = 0.0  # when the websocket last dropped (time.perf_counter)

    async def __aenter__(self) -> Visitor:
        await self._connect()
        return self

    async def _connect(self) -> None:
        self.cookie = await asyncio.to_thread(self._first_request)
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else None
        self._ws = await connect(ws_url, subprotocols=["streamlit"], compression=None, max_size=None,
                                 additional_headers=headers)  # fmt: skip
        self.connected = True
        self._reader = asyncio.create_task(self._read())

    async def reconnect(self, timeout: float = 600) -> float:
        """After the websocket dropped: connect again as the frontend does (a health request with this browser's
        cookies first, retried with a growing pause while it fails), then rerun the page it was on with its URL
        but none of its widget values (see above). Seconds from the drop until that run finished."""
        deadline, pause = time.monotonic() + timeout, 0.5
        while True:
            try:
                await self._connect()
                break
            except (OSError, InvalidHandshake):  # the balancer has no live replica for it yet
                if time.monotonic() + pause > deadline:
                    raise
                await asyncio.sleep(pause)
                pause = min(2 * pause, 5.0)
        self.elements, self.widgets = [], {}
        await self.run(timeout=max(deadline - time.monotonic(), 1.0))
        return time.perf_counter() - self.lost_at

    async def __aexit__(self, *exc) -> None:
        for timer in self._timers.values():
            timer.cancel()
        await self._ws.close()
        self._reader.cancel()

    async def download_page(self) -> int:
        """index.html and the assets it names, as a browser with an empty cache fetches them; bytes read."""
        return await asyncio.to_thread(self._download_page)

    def _get(self, path: str):
        request = urllib.request.Request(f"{self.url}/{path}", headers={"Cookie": self.cookie} if self.cookie else {})
        return urllib.request.urlopen(request, timeout=60)

    def _first_request(self) -> str:
        """The health check a browser's first page load stands for: it picks the replica behind a balancer. The
        cookies afterwards: a balancer sets its cookie again only when it picks another replica."""
        with self._get("_stcore/health") as answer:
            fresh = "; ".join(c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie") or [])
        return fresh or self.cookie

    def _download_page(self) -> int:
        try:
            html = self._get("").read()
            total = len(html)
            for asset in sorted(set(ASSET.findall(html.decode()))):
                total += len(self._get(asset).read())
        except (http.client.HTTPException, OSError) as cut:  # URLError is an OSError; a half-read file, IncompleteRead
            # A download the server's end broke off, as when its process died: a browser reloads the page.
            raise ConnectionLost(f"the page's download was cut: {type(cut).__name__}: {str(cut)[:120]}") from cut
        return total

    # Requests, as the frontend sends them.

    async def open_page(self, url_path: str, timeout: float = 600) -> float:
        """Go to a page (the first by its URL, later ones by the menu); seconds until its script finished."""
        page_name, page_hash = (url_path, "") if not self.pages else ("", self.pages[url_path])
        self._stop_timers()
        self.elements, self.query_string = [], ""
        return await self.run(page_hash=page_hash, page_name=page_name, timeout=timeout)

    async def run(self, triggers: tuple[str, ...] = (), timeout: float = 600, **page) -> float:
        """One full rerun with the widget values set so far (and buttons pressed); seconds until it finished."""
        before, start = self.full_runs, time.perf_counter()
        self._send(triggers=triggers, **page)
        await self.wait_for(lambda: self.full_runs > before, timeout)
        return time.perf_counter() - start

    def set_widget(self, widget_id: str, field: str, value: object) -> None:
        self.widgets[widget_id] = (field, value)

    def _send(self, triggers: tuple[str, ...] = (), fragment_id: str = "", page_hash=None, page_name="") -> None:
        state = ClientState(
            query_string=self.query_string,
            page_script_hash=self.page_hash if page_hash is None else page_hash,
            page_name=page_name,
            fragment_id=fragment_id,
            is_auto_rerun=bool(fragment_id),
            cached_message_hashes=list(self._cache),
        )
        state.context_info.timezone, state.context_info.locale = "UTC", "en-US"
        for widget_id, (field, value) in self.widgets.items():
            setattr(state.widget_states.widgets.add(id=widget_id), field, value)
        for widget_id in triggers:
            state.widget_states.widgets.add(id=widget_id, trigger_value=True)
        message = BackMsg()
        message.rerun_script.CopyFrom(state)
        asyncio.ensure_future(self._say(message.SerializeToString()))

    async def _say(self, data: bytes) -> None:
        with contextlib.suppress(ConnectionClosed):  # a dead server: the reader notices, and waiting ends
            await self._ws.send(data)

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        while True:  # the frontend's setInterval: it does not wait for the last run to finish
            await asyncio.sleep(interval)
            self._send(fragment_id=fragment_id)

    def _stop_timers(self, ids=None) -> None:
        for fragment_id in list(self._timers if ids is None else ids):
            timer = self._timers.pop(fragment_id, None)
            if timer is not None:
                timer.cancel()

    # What the server says.

    async def wait_for(self, condition: Callable[[], object], timeout: float) -> object:
        deadline = time.monotonic() + timeout
        while not (found := condition()):
            if not self.connected:
                raise ConnectionLost(f"the server went away; last said: {self.last_said()!r}")
            self._news.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"waited {timeout:.0f} s; last said: {self.last_said()!r}, timers {list(self._timers)}"
                )
            with contextlib.suppress(TimeoutError):  # then the loop says how long it waited
                await asyncio.wait_for(self._news.wait(), left)
        return found

    def widget(self, kind: str, label: str):
        """The latest element of this kind ('button', 'number_input', 'metric', ...) with this label."""
        for element in reversed(self.elements):
            if element.WhichOneof("type") == kind and getattr(element, kind).label == label:
                return getattr(element, kind)
        return None

    def component(self, name: str):
        """The latest custom component whose name contains `name`."""
        for element in reversed(self.elements):
            if element.WhichOneof("type") == "bidi_component" and name in element.bidi_component.component_name:
                return element.bidi_component
        return None

    def shows_text(self, text: str) -> bool:
        return any(e.WhichOneof("type") == "markdown" and text in e.markdown.body for e in self.elements)

    def last_said(self) -> str:
        """The last notice (an alert) on the page: why a visitor waits, if it does."""
        return next((e.alert.body[:120] for e in reversed(self.elements) if e.WhichOneof("type") == "alert"), "")

    def title(self) -> str | None:
        return next((e.heading.body for e in self.elements if e.WhichOneof("type") == "heading"
                     and e.heading.tag == "h1"), None)  # fmt: skip

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                message = ForwardMsg()
                message.ParseFromString(data)
                if message.HasField("ref_hash"):
                    message = self._cache[message.ref_hash]
                elif message.metadata.cacheable:
                    self._cache[message.hash] = message
                self._handle(message)
                self._news.set()
        except ConnectionClosed:  # closed without a goodbye: the server's process died
            pass
        finally:
            self.connected, self.lost_at = False, time.perf_counter()
            self._stop_timers()
            self._news.set()

    def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session" and not message.metadata.run.fragment_ids:
            self.page_hash = message.new_session.page_script_hash
            self._stop_timers()  # the frontend's cleanupAutoReruns on a full run
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash for page in message.navigation.app_pages}
            self.page_hash = message.navigation.page_script_hash or self.page_hash
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self._element(message.delta.new_element)
        elif kind == "auto_rerun":
            rerun = message.auto_rerun
            self._stop_timers([rerun.fragment_id])
            self._timers[rerun.fragment_id] = asyncio.create_task(self._auto_rerun(rerun.fragment_id, rerun.interval))
        elif kind == "stop_auto_rerun":
            self._stop_timers(message.stop_auto_rerun.fragment_ids)
        elif kind == "page_not_found":
            self.errors.add(f"page not found: {message.page_not_found.page_name}")
        elif kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
            self.errors.add(f"does not compile: {message.session_event.script_compilation_exception.message}")
        elif kind == "script_finished" and message.script_finished in (
            FINISHED.FINISHED_SUCCESSFULLY,
            FINISHED.FINISHED_WITH_COMPILE_ERROR,
        ):
            self.full_runs += 1
        elif kind == "script_finished" and message.script_finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.fragment_runs += 1

    def _element(self, element) -> None:
        self.elements.append(element)
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.add(f"exception: {element.exception.type}: {element.exception.message[:200]}")
        elif kind == "progress" and "samples/s" in element.progress.text:
            self.trained_itself = True
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.errors.add(f"error alert: {element.alert.body[:200]}")
