"""One player for everything that runs live: Play and Pause, the timer, the step budget and the stop.

A lesson gives the player a `work` function (one tick of learning) and a `draw` function (the panel drawn
from the learner's state), and the player does the rest:

- the playing flag, in this visitor's session, set by callbacks (set, never toggled: a click that reaches
  the server twice must not undo itself);
- a fragment that reruns every `tick` seconds while playing, and not at all while paused;
- the frame's duties on a fragment's own reruns, which skip `app.py`: torch's thread cap, a place among the
  pages that draw at once (server.pages) while it draws (the work runs outside it: a training slice waits for
  its own place, in server.runs), and the settings mirrored in the URL;
- the stop: when `work` says the run is over (an engine outcome, or True), or the play has spent its step
  budget, the player pauses and reruns the whole page, so the timer stops and every panel shows the end.

`work` returns how many steps it took (an int: keep playing), or why the run is over (an `Outcome`, or
True). A budget counts steps from the last press of Play, so a forgotten tab does not spin for ever.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import streamlit as st

from nnviz.outcome import Outcome
from server import pages
from ui import settings

Work = Callable[[], "int | bool | Outcome | None"]
# Set while a live panel draws: its charts are redrawn in place (ui.present.chart asks, through `drawing_live`).
_LIVE: ContextVar[bool] = ContextVar("nnviz_drawing_live", default=False)


def drawing_live() -> bool:
    """Whether the chart being drawn belongs to a live panel, which redraws it every tick while playing."""
    return _LIVE.get()


@contextmanager
def framed(page: settings.Page) -> Iterator[None]:
    """The frame's duties for drawing in a fragment: its own reruns skip app.py (on the page's full run,
    which already did them, these change nothing)."""
    pages.cap_threads()
    with pages.turn():
        settings.publish(page)
        yield


def fragment(body: Callable[[], None], page: settings.Page, run_every: float | None = None) -> None:
    """Draw `body` in a fragment: a widget inside it, or its timer, reruns it alone, with the frame's duties."""

    def drawn() -> None:
        with framed(page):
            body()

    drawn.__qualname__ = f"{body.__module__}.{body.__qualname__}"  # one fragment per body, wherever drawn
    st.fragment(drawn, run_every=run_every)()


@dataclass
class _State:
    playing: bool = False
    spent: int = 0  # steps since Play was last pressed


class Player:
    def __init__(self, page: settings.Page, name: str, tick: float, budget: int | None = None):
        self.page, self.name = page, name
        self.tick = tick  # seconds between refreshes while playing
        self.budget = budget  # most steps one press of Play runs; None: until the work says it is over

    @property
    def _state(self) -> _State:
        return self.page.held(f"{self.name}.player", _State)

    @property
    def playing(self) -> bool:
        return self._state.playing

    def play(self) -> None:
        """Callback: start playing."""
        self.page.keep(f"{self.name}.player", _State(playing=True))

    def pause(self) -> None:
        """Callback: stop playing (the learner keeps its state)."""
        self._state.playing = False

    def button(self, container=st, **kwargs) -> None:
        """The Play / Pause button: it shows what a press will do."""
        playing = self.playing
        container.button("Pause" if playing else "Play", key=self.page.key(f"{self.name}.play"),
                         on_click=self.pause if playing else self.play,
                         icon=":material/pause:" if playing else ":material/play_arrow:", **kwargs)  # fmt: skip

    def live(self, draw: Callable[[], None], work: Work | None = None, *, tick: float | None = None,
             draw_first: bool = False) -> None:  # fmt: skip
        """The live panel: while playing, each tick runs `work` once and `draw`s (before the work if
        `draw_first`, so the panel is never left stale while a long tick works)."""

        def drawn() -> None:  # drawing takes a place among the pages drawing at once; the work does not
            live = _LIVE.set(True)
            try:
                with framed(self.page):
                    draw()
            finally:
                _LIVE.reset(live)

        def once() -> None:
            if draw_first:
                drawn()
            if self.playing and work is not None:
                pages.cap_threads()
                self._after(work())
            if not draw_first:
                drawn()

        once.__qualname__ = f"{draw.__module__}.{draw.__qualname__}"
        st.fragment(once, run_every=(tick or self.tick) if self.playing else None)()

    def _after(self, result: int | bool | Outcome | None) -> None:
        if isinstance(result, (bool, Outcome)):
            over = bool(result)
        else:
            state = self._state
            state.spent += result or 0
            over = self.budget is not None and state.spent >= self.budget
        if over:
            self.stop()

    def retime(self) -> None:
        """Rerun the whole page, so the fragment's timer takes a new tick (a run starts or ends a wait)."""
        st.rerun()

    def stop(self) -> None:
        """Pause, and rerun the whole page: the timer stops and every panel shows where the run ended."""
        self.pause()
        st.rerun()
