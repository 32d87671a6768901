"""The run itself: start, pause, resume, stop, and the charts that grow while it trains.

One session's run lives in its session state ("train.*"), never in a module
global, so two browsers never share a run and switching pages keeps it.
Training advances in slices inside a fragment that reruns every TICK seconds
while the run is on; a slice trains for TRAIN_BUDGET seconds, then redraws
(both in nnviz.live_training, which the bench shares). A session waiting for
the identical run another visitor is training checks back every WAIT_TICK
seconds and draws only that run's progress: with a class on one server, most
sessions wait, and their redraws would slow everyone.
"""

from __future__ import annotations

import math
import time
import uuid

import streamlit as st

from nnviz import evaluation
from nnviz.figures.training import training_curve
from nnviz.live_training import TICK, TRAIN_BUDGET, Clock, advance, samples_per_second, seconds_left
from nnviz.outcome import Outcome, Why
from nnviz.presets import describe
from nnviz.training import TrainConfig, Trainer, export
from server import pages
from server import runs as training_gate
from ui import present, resources

MAX_RUNS = 6  # finished runs kept for comparison
WAIT_TICK = 1.0  # seconds between checks while waiting for someone else's identical run


def init_state() -> None:
    for key, value in {"train.trainer": None, "train.clock": Clock(), "train.status": "idle",
                       "train.runs": [], "train.result": None, "train.name": "", "train.key": "",
                       "train.visitor": uuid.uuid4().hex, "train.shared": False,
                       "train.waiting": False}.items():  # fmt: skip
        st.session_state.setdefault(key, value)


def start(config: TrainConfig, name: str) -> None:
    """Callback: a fresh run with these settings (the previous run stays in the comparison).

    If this server already finished the very same run, its result is reused at once.
    """
    digits = resources.digits()
    key = training_gate.run_key(config, digits)
    st.session_state["train.key"] = key
    st.session_state["train.clock"] = Clock()
    st.session_state["train.result"] = None
    st.session_state["train.name"] = name
    done = training_gate.runs().finished_copy(key)
    st.session_state["train.shared"] = done is not None
    st.session_state["train.trainer"] = done if done is not None else Trainer(config, digits)
    st.session_state["train.status"] = "running"
    st.session_state["train.waiting"] = False
    if done is not None:
        finish()


def set_aside() -> None:
    """A new step or link: a finished run leaves the live panel and the results (it stays under Compare
    runs, and on the Draw page), so the room predicts the next run on a clean page. A run still going stays."""
    if st.session_state.get("train.status") == "done":
        st.session_state.update({"train.trainer": None, "train.result": None, "train.status": "idle"})


def set_status(status: str) -> None:
    st.session_state["train.status"] = status


def stop() -> None:
    st.session_state["train.trainer"].stop()
    finish()


def finish() -> None:
    """The run is over: test the kept checkpoint, hand it to the Draw page, add it to the comparison."""
    from ui.training_results import analyse  # the results module draws; here we only compute

    trainer: Trainer = st.session_state["train.trainer"]
    st.session_state["train.status"] = "done"
    if not st.session_state["train.shared"]:
        training_gate.runs().publish(st.session_state["train.key"], st.session_state["train.visitor"], trainer)
    result = analyse(trainer)
    if result is not None:
        result["name"] = st.session_state["train.name"]
    st.session_state["train.result"] = result
    if result is not None:
        st.session_state["train.export"] = export(trainer.config, result["model"])
        runs = st.session_state["train.runs"]
        label = f"{len(runs) + 1}. {st.session_state['train.name']}"
        runs.append({"name": label, "settings": describe(trainer.config), "history": list(trainer.history),
                     "test_acc": result["test_acc"], "kept_epoch": result["kept_epoch"]})  # fmt: skip
        del runs[:-MAX_RUNS]


def controls(config: TrainConfig | None, name: str) -> None:
    """The buttons that fit the run's state; each acts through a callback."""
    status = st.session_state["train.status"]
    cols = st.columns(4)
    if status in ("idle", "done"):
        cols[0].button("Start training", key="train.start", type="primary", on_click=start, args=(config, name),
                       disabled=config is None)  # fmt: skip
    if status == "running":
        cols[0].button("Pause", key="train.pause", on_click=set_status, args=("paused",))
    if status == "paused":
        cols[0].button("Resume", key="train.resume", type="primary", on_click=set_status, args=("running",))
    if status in ("running", "paused"):
        cols[1].button("Stop", key="train.stop", on_click=stop, help="End the run here and test the best epoch so far.")


def live_panel() -> None:
    """One tick: draw progress and charts from the history, then train a slice if running.

    Drawing first sends the charts at the start of the tick, so they never sit
    greyed out as stale while the slice trains.
    """
    trainer: Trainer | None = st.session_state["train.trainer"]
    if trainer is None:
        st.info("Press **Start training** to watch the network learn.")
        return
    pages.cap_threads()  # a fragment rerun skips app.py, which sets the cap on a full run
    running = st.session_state["train.status"] == "running"
    if running and not own_run():
        draw_shared_progress()
        return
    started = time.perf_counter()
    draw_progress(trainer)
    if trainer.history:
        draw_charts(trainer)
    else:
        st.caption("The charts start with the first updates.")
    if st.session_state["train.shared"]:
        st.info(
            "This exact run (same settings, same seed, same data) was already trained on this server, "
            "so you get its result at once: it would give the same numbers again."
        )
    if running and train_slice(trainer):
        st.session_state["train.clock"].add(time.perf_counter() - started)
        if trainer.finished:
            finish()
            st.rerun()  # the whole page: stop the timer, show the final charts and the results


def own_run() -> bool:
    """True if this session trains its run itself; False while another visitor trains the identical run.

    When that run finishes, its result is taken at once. Starting or ending a wait reruns the whole page,
    which sets the panel's timer: slow while waiting, fast while training.
    """
    key, visitor = st.session_state["train.key"], st.session_state["train.visitor"]
    store = training_gate.runs()
    done = store.finished_copy(key)
    if done is not None:  # the identical run someone else was training has just finished
        st.session_state.update({"train.trainer": done, "train.shared": True, "train.waiting": False})
        finish()
        st.rerun()
    mine = store.claim(key, visitor, st.session_state["train.trainer"])
    if st.session_state["train.waiting"] == mine:  # a wait starts or ends
        st.session_state["train.waiting"] = not mine
        st.rerun()
    return mine


def draw_shared_progress() -> None:
    progress = training_gate.runs().progress(st.session_state["train.key"])
    updates, total = progress if progress is not None else (0, 1)
    st.progress(
        updates / total,
        text=f"Someone on this server is training exactly this run (same settings, seed and data): update "
        f"{updates:,} of {total:,}. You get its result the moment it finishes, instead of training it twice.",
    )


def train_slice(trainer: Trainer) -> bool:
    """Train one slice if the server has room; else say why not. True if it trained."""
    key, visitor = st.session_state["train.key"], st.session_state["train.visitor"]
    with training_gate.gate().turn(visitor) as allowed:
        if allowed:
            advance(trainer, TRAIN_BUDGET)
            training_gate.runs().heartbeat(key, visitor)
            return True
    waiting = training_gate.gate().queue_length()
    st.info(f"The server is busy: {training_gate.MAX_TRAININGS} trainings are running and {waiting} "
            "visitor(s) wait. Yours starts as soon as a place frees up.")  # fmt: skip
    return False


def draw_progress(trainer: Trainer) -> None:
    clock: Clock = st.session_state["train.clock"]
    rate = samples_per_second(trainer, clock)
    left = seconds_left(trainer, clock)
    left_text = f", about {left:.0f} s left" if left is not None and not trainer.finished else ""
    speed = f": {rate:,.0f} samples/s{left_text}" if rate else ""  # none yet, or a run trained by someone else
    epochs = trainer.total_updates / trainer.batches_per_epoch
    st.progress(
        trainer.updates / trainer.total_updates,
        text=f"Update {trainer.updates:,} of {trainer.total_updates:,} (epoch {trainer.epoch:.2f} of {epochs:g})"
        f"{speed}. {status_words(trainer)}",
    )
    if trainer.diverged:
        getattr(st, alert_kind(trainer.diverged))(said(trainer.diverged))


ALERTS = {Why.DIVERGED: "error"}  # how each outcome of a run is shown; any other as info


def alert_kind(outcome: Outcome) -> str:
    return ALERTS.get(outcome.why, "info")


def said(outcome: Outcome) -> str:
    """A run's outcome in words: where the loss blew up, and what to change."""
    loss = outcome.value
    what = "not a number (NaN)" if math.isnan(loss) else f"{loss:.3g}, far above where it started"
    return (
        f"Training stopped at update {outcome.step}: the loss became {what}. "
        f"The weights are blowing up, most likely because the learning rate "
        f"({outcome.lr:g}) is too high for {outcome.optimizer}. "
        f"Try one ten times smaller."
    )


def status_words(trainer: Trainer) -> str:
    if trainer.diverged:
        return "Stopped: the loss blew up."
    if trainer.stopped:
        return "Stopped early, by you."
    words = {"running": "Training...", "paused": "Paused.", "done": "Finished."}
    return words.get(st.session_state["train.status"], "")


def draw_charts(trainer: Trainer) -> None:
    train_losses, val_losses = evaluation.epoch_losses(trainer.history)
    best = evaluation.best_epoch(val_losses) if val_losses else None
    overfit = evaluation.overfitting_epoch(train_losses, val_losses) if val_losses else None
    total_epochs = trainer.total_updates / trainer.batches_per_epoch
    left, right = st.columns(2)
    with left:
        present.chart(training_curve(trainer.history, "loss", best, overfit, total_epochs), key="train.loss_chart")
    with right:
        present.chart(training_curve(trainer.history, "acc", best, None, total_epochs), key="train.acc_chart")
    if overfit is not None:
        st.warning(
            f"From epoch {overfit} validation loss is above its best (epoch {best}) while training loss "
            f"keeps falling: the network is learning its training digits by heart. The checkpoint of "
            f"epoch {best} is the one kept."
        )


def live_section() -> None:
    """The live panel, rerunning on a timer only while the run is on."""
    running = st.session_state["train.status"] == "running"
    run_every = (WAIT_TICK if st.session_state["train.waiting"] else TICK) if running else None
    st.fragment(live_panel, run_every=run_every)()
