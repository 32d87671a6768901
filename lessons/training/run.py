"""This visitor's run: one `Run` object held in their session (never a module global, so two browsers never
share a run, and a trip to another page keeps it), the player that plays it, and what starts and ends it.

The player's playing flag is the run's "running": a run is idle before it starts, running while the player
plays, paused while it does not, and done once its trainer has finished. Finished identical runs are reused
from the server's run store (server.runs), so a class pressing Start on the same settings trains them once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import streamlit as st

from lessons.training.results import analyse
from lessons.training.settings import PAGE
from nnviz.live_training import TICK, Clock
from nnviz.presets import describe
from nnviz.training import TrainConfig, Trainer, export
from server import runs as store
from ui import resources
from ui.player import Player

MAX_RUNS = 6  # finished runs kept for comparison
RUNNING = "running"  # in the URL while this visitor's run trains, is paused, or is replayed
TRAINED = "trained"  # in the URL while the run it finished is on the page
MARKS = {"running": RUNNING, "paused": RUNNING, "replaying": RUNNING, "done": TRAINED}  # a status, and its mark
PLAYER = Player(PAGE, "run", TICK)  # no budget: a run ends when its trainer has done its updates


@dataclass
class Run:
    """The run in the live panel, and what this visitor's last finished run leaves behind."""

    visitor: str = field(default_factory=lambda: uuid.uuid4().hex)  # who this visitor is to the run store
    trainer: Trainer | None = None  # None before the first run, and once a new step sets a finished one aside
    name: str = ""  # the preset it was started from, or Custom
    key: str = ""  # its config and data: the run store knows identical runs by it
    clock: Clock = field(default_factory=Clock)  # time spent training and drawing, for samples per second
    shared: bool = False  # a copy of the identical run someone on this server trained
    waiting: bool = False  # for another visitor who is training the identical run right now
    result: dict | None = None  # what the results show (results.analyse), once it is over
    export: dict | None = None  # the config and weights of the last finished run, for the Draw page
    tick_started: float = 0.0  # when the live panel's tick began: the clock counts its drawing too
    replayed: int | None = None  # while a run trained earlier is replayed: how many chart points are shown
    lost: str = ""  # the mark of the URL this session opened on, whose run stayed on another server process

    @property
    def done(self) -> bool:
        return self.trainer is not None and self.trainer.finished


def current() -> Run:
    """This visitor's run."""
    return PAGE.held("run", Run)


def finished_runs() -> list[dict]:
    """This session's last finished runs, oldest first, for Compare runs."""
    return PAGE.held("runs", list)


def status(run: Run) -> str:
    """idle, running, paused, replaying (a run trained earlier, its curves redrawn) or done."""
    if run.trainer is None:
        return "idle"
    if run.replayed is not None:
        return "replaying"
    if run.done:
        return "done"
    return "running" if PLAYER.playing else "paused"


def start(config: TrainConfig, name: str) -> None:
    """Callback: a fresh run with these settings (the previous run stays in the comparison).

    If this server already finished the very same run, it is not trained again: its curves are replayed.
    """
    digits, run = resources.digits(), current()
    run.key, run.name, run.clock, run.result, run.waiting = store.run_key(config, digits), name, Clock(), None, False
    done = store.runs().finished_copy(run.key, digits)
    run.shared = done is not None
    run.trainer = done if done is not None else Trainer(config, digits)
    run.replayed = 0 if done is not None else None
    run.lost = ""
    PLAYER.play()


def skip_replay() -> None:
    """Callback: the replayed run's result now."""
    current().replayed = None
    finish()


def set_aside() -> None:
    """A new step or link: a finished run leaves the live panel and the results (it stays under Compare
    runs, and on the Draw page), so the room predicts the next run on a clean page. A run still going stays."""
    run = current()
    if run.done:
        run.trainer, run.result, run.replayed = None, None, None
        PLAYER.pause()


def stop() -> None:
    """Callback: end the run here and test the weights it keeps (see live.stop_help)."""
    current().trainer.stop()
    finish()


def finish() -> None:
    """The run is over: the player stops; test the kept checkpoint, hand it to the Draw page, add it to the
    comparison. A run this visitor trained (not a copy) goes into the run store for others."""
    run = current()
    PLAYER.pause()
    if not run.shared:
        store.runs().publish(run.key, run.visitor, run.trainer)
    run.result = analyse(run.trainer)
    if run.result is None:
        return
    run.result["name"] = run.name
    run.export = export(run.trainer.config, run.result["model"])
    runs = finished_runs()
    runs.append({"name": f"{len(runs) + 1}. {run.name}", "settings": describe(run.trainer.config),
                 "history": list(run.trainer.history), "test_acc": run.result["test_acc"],
                 "kept_epoch": run.result["kept_epoch"]})  # fmt: skip
    del runs[:-MAX_RUNS]


def mark(run: Run) -> None:
    """Say in the URL whether this visitor's run is training, or finished and on the page: a session opened on
    that URL without the run (the server was restarted or replaced, or the link was copied) can then say the run
    is not there. One message changes the mark, so the URL always carries one while a run is on the page."""
    if lost(run):
        return  # the mark it opened on stays until a run of its own starts
    want = MARKS.get(status(run))
    if {name for name in MARKS.values() if name in st.query_params} == ({want} if want else set()):
        return  # called every tick: the URL is written only when the mark changes
    kept = {name: value for name, value in st.query_params.to_dict().items() if name not in MARKS.values()}
    st.query_params.from_dict(kept | ({want: "1"} if want else {}))


def lost(run: Run) -> bool:
    """Whether this session opened on a marked URL, with no run of its own, and has started none since."""
    return bool(run.lost) and run.trainer is None


NOTICES = {
    RUNNING: "A training was running on this page, and it is not here: the server was restarted or replaced (or "
    "this link was copied while it ran). Your settings are back from the link; press **Start training** to run "
    "it again.",
    TRAINED: "A finished training was on this page, and it is not here: the server was restarted or replaced (or "
    "this link was copied after the run). Your settings are back from the link; press **Start training** to "
    "train it again.",
}


def lost_notice() -> None:
    """A session that opens on a marked URL and has never started a run: the run stayed where it was.

    The mark stays in the URL until a run starts, so every session the browser opens on it says so: a browser
    whose replica died may reconnect twice, and a page reloaded after the news still explains the empty panel.
    A session that set its own finished run aside (a new step) has a run key, and reads nothing from its mark."""
    run = current()
    if run.trainer is None and not run.key and not run.lost:
        run.lost = next((name for name in MARKS.values() if name in st.query_params), "")
    if lost(run):
        st.warning(NOTICES[run.lost], icon=":material/restart_alt:")
