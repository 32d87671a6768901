"""Real pen digits replayed through the Draw page's real pad in Chromium, as a visitor draws them.

Each digit's strokes, placed on the pad as bench/pen.py places them, are drawn with the mouse, a pen lift
between strokes; the page reads what the pad sent, through the whole app. The same drawings are also read
in-process (the strokes inked by our own brush, bench/pen.py's way), so the two measures can be compared
drawing by drawing. The pad sends its strokes as points and the server inks them with that same brush, so
they should differ only where the browser reported the mouse differently from where it was sent.

The page's answer for a drawing is read once the pad has sent all of the drawing's strokes (its websocket
message is decoded) and the server has finished the run that message started.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import numpy as np
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.replicas import serve
from bench.tab import ANSWER, CANVAS_KEY, IDLE, ONE_NEW_CANVAS, PAD
from nnviz import pendigits
from nnviz.preprocess import BRUSH_DEFAULT, prepare_drawing
from nnviz.training import predict_proba

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
POLL_MS = 20
SPACING = 4  # canvas pixels between the mouse positions of a stroke: the tablet recorded many more points


@dataclass
class Replay:
    """What the page said about each drawing, and what the in-process reading said about the same one."""

    truth: list[int]
    page: list[int | None]  # None: the page gave no answer in time
    in_process: list[int]
    seconds: float

    def accuracy(self, said: list[int | None]) -> float:
        return float(np.mean([s == t for s, t in zip(said, self.truth, strict=True)]))

    def per_digit(self) -> dict[int, float]:
        truth, said = np.array(self.truth), np.array([-1 if s is None else s for s in self.page])
        return {d: float((said[truth == d] == d).mean()) for d in range(10) if (truth == d).any()}

    def agreement(self) -> float:
        return float(np.mean([p == q for p, q in zip(self.page, self.in_process, strict=True)]))


class Wire:
    """The page's websocket, decoded, in order: each drawing the pad sent (how many strokes it held), each run
    the server started, and each run that finished."""

    def __init__(self, tab):
        self.events: list[tuple[str, int]] = []  # ("sent", strokes), ("started", 0), ("finished", 0)
        tab.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, str):
            return
        message = BackMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") != "rerun_script":
            return
        for widget in message.rerun_script.widget_states.widgets:
            if widget.WhichOneof("value") == "json_value" and '"strokes"' in widget.json_value:
                self.events.append(("sent", len(json.loads(widget.json_value).get("strokes") or [])))

    def _received(self, payload) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.events.append(("started", 0))
        elif kind == "script_finished" and message.script_finished == FINISHED:
            self.events.append(("finished", 0))

    def answered(self, strokes: int) -> bool:
        """The canvas has sent the whole drawing, and a run the server started after that has finished (a run
        started earlier, for part of the drawing, cannot be taken for it)."""
        sent = [i for i, (kind, n) in enumerate(self.events) if kind == "sent" and n == strokes]
        if not sent:
            return False
        after = [kind for kind, _ in self.events[sent[-1] + 1 :]]
        return "started" in after and "finished" in after[after.index("started") :]


def thinned(points: np.ndarray, spacing: float = SPACING) -> np.ndarray:
    """The stroke's points at least `spacing` canvas pixels apart (its ends kept), as a mouse reports a hand."""
    kept = [points[0]]
    for point in points[1:-1]:
        if np.hypot(*(point - kept[-1])) >= spacing:
            kept.append(point)
    return np.array(kept + ([points[-1]] if len(points) > 1 else []))


def clear(tab) -> None:
    """Press Clear and wait for the new, empty canvas (it replaces the old one under a new key)."""
    old = tab.evaluate(CANVAS_KEY)
    tab.locator(".st-key-draw-clear button").click()
    tab.wait_for_function(ONE_NEW_CANVAS, arg=old)
    tab.wait_for_function(IDLE)


def draw(tab, strokes: list[np.ndarray]) -> None:
    """Each stroke with the mouse, point by point, the pen lifted between strokes, on the pad now on the page (it
    takes the pen as soon as it is there: drawn twice, a digit would be read with every stroke twice)."""
    pad = tab.locator(f".{tab.evaluate(CANVAS_KEY)} {PAD}")
    pad.wait_for()  # on the page and laid out: a pad still being put there has no box yet
    mouse(tab, pad, strokes)


def mouse(tab, canvas, strokes: list[np.ndarray]) -> None:
    box = canvas.bounding_box()
    for points in strokes:
        tab.mouse.move(box["x"] + points[0][0], box["y"] + points[0][1])
        tab.mouse.down()
        for x, y in points[1:]:
            tab.mouse.move(box["x"] + x, box["y"] + y)
        tab.mouse.up()


def page_answer(tab, wire: Wire, strokes: int, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while not wire.answered(strokes):
        if time.monotonic() > deadline:
            return None
        tab.wait_for_timeout(POLL_MS)  # lets Playwright deliver the websocket's frames: polling, not a fixed wait
    tab.wait_for_function(IDLE)
    said = tab.locator(ANSWER).first.inner_text()
    return int(said) if said.isdigit() else None


def replay(model, digits: list[pendigits.PenDigit], seed: int = 0, timeout: float = 60, browser=None) -> Replay:
    """Every digit drawn once at the page's default brush, in a fresh server, in `browser` (None: a Chromium of
    its own; a test passes the one its session already drives)."""
    from playwright.sync_api import sync_playwright

    rng = np.random.default_rng(seed)
    placed = [[thinned(s) for s in pendigits.placed_strokes(d, BRUSH_DEFAULT, rng)] for d in digits]
    pictures = np.stack([prepare_drawing(pendigits.inked(s, BRUSH_DEFAULT)).digit for s in placed])
    import torch

    in_process = predict_proba(model, torch.from_numpy(pictures)).argmax(1).tolist()
    with serve(1) as (url, _):
        start = time.perf_counter()  # from the browser's launch: the server's start is not counted
        if browser is not None:
            said = read_on_page(browser, url, placed, timeout)
        else:
            with sync_playwright() as playwright:
                own = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                said = read_on_page(own, url, placed, timeout)
                own.close()
        seconds = time.perf_counter() - start
    return Replay([d.label for d in digits], said, in_process, seconds)


def read_on_page(browser, url: str, placed: list[list[np.ndarray]], timeout: float) -> list[int | None]:
    """Each drawing on the Draw page's pad, a clear pad for each; what the page said of it (None: no answer)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(timeout * 1000)
    wire = Wire(tab)
    tab.goto(f"{url}/draw")
    tab.wait_for_function(IDLE)
    said = []
    for strokes in placed:
        clear(tab)
        wire.events.clear()
        draw(tab, strokes)
        said.append(page_answer(tab, wire, len(strokes), timeout))
    context.close()
    return said
