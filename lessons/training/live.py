"""The run on the page: its buttons, and the live panel where the charts grow while it trains.

The player (run.PLAYER) plays the panel: while the run is on, a fragment reruns every TICK seconds, draws
the progress and the charts from the history, then trains a slice of TRAIN_BUDGET seconds (both in
nnviz.live_training, which the bench shares). A session waiting for the identical run another visitor is
training checks back every WAIT_TICK seconds and draws only that run's progress: with a class on one
server, most sessions wait, and their redraws would slow everyone.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from lessons.training.run import PLAYER, Run, current, finish, mark, skip_replay, start, status, stop
from lessons.training.settings import PAGE
from nnviz import evaluation
from nnviz.figures import plain
from nnviz.figures.training import training_curve
from nnviz.live_training import (
    TICK,
    TRAIN_BUDGET,
    advance,
    paced_updates,
    replay_step,
    samples_per_second,
    seconds_left,
)
from nnviz.outcome import Outcome, Why
from nnviz.training import TrainConfig, Trainer
from server import runs as store
from ui import present, resources

WAIT_TICK = 1.0  # seconds between checks while waiting for someone else's identical run


def controls(config: TrainConfig | None, name: str) -> None:
    """The buttons that fit the run's state; each acts through a callback."""
    now = status(current())
    row = st.container(horizontal=True)  # side by side on a phone too, where columns would stack
    if now in ("idle", "done"):
        row.button("Start training", key=PAGE.key("start"), type="primary", on_click=start, args=(config, name),
                   disabled=config is None)  # fmt: skip
    if now == "running":
        row.button("Pause", key=PAGE.key("pause"), on_click=PLAYER.pause)
    if now == "paused":
        row.button("Resume", key=PAGE.key("resume"), type="primary", on_click=PLAYER.play)
    if now in ("running", "paused"):
        row.button("Stop", key=PAGE.key("stop"), on_click=stop, help=stop_help(current().trainer.config))
    if now == "replaying":
        row.button("Skip to the result", key=PAGE.key("skip"), type="primary", on_click=skip_replay)


def stop_help(config: TrainConfig) -> str:
    """What Stop keeps, true of the run at hand: only validation digits can pick a best epoch."""
    if config.val_fraction > 0:
        return ("End the run here and test the finished epoch with the lowest validation loss "
                "(the weights as they are, if no epoch has finished yet).")  # fmt: skip
    return "End the run here and test the weights as they are: this run has no validation digits to pick a best epoch."


def live_section() -> None:
    """The live panel: drawn first, then a slice trained, on a timer only while the run is on."""
    PLAYER.live(draw, work, draw_first=True, tick=WAIT_TICK if current().waiting else TICK)


def draw() -> None:
    """Progress and charts from the history. Drawn before the slice trains, so the charts go out at the start
    of the tick and never sit greyed out as stale while it trains."""
    run = current()
    run.tick_started = time.perf_counter()
    mark(run)
    if run.trainer is None:
        st.info("Press **Start training** to watch the network learn.")
        return
    if run.replayed is not None:
        draw_replay(run)
        return
    if PLAYER.playing and not own_run(run):
        draw_shared_progress(run)
        return
    draw_progress(run)
    if run.trainer.history:
        draw_charts(run.trainer.history, run.trainer)
    else:
        st.caption("The charts start with the first updates.")
    if run.shared:
        st.info(
            "This exact run (same settings, same seed, same data) was already trained on this server, "
            "so it was not trained again: it would give the same numbers."
        )


def draw_replay(run: Run) -> None:
    """A run trained earlier, its charts redrawn point by point, and said to be a replay."""
    history = run.trainer.history
    shown = history[: max(1, run.replayed)]
    st.progress(len(shown) / len(history), text=f"Replaying: epoch {shown[-1]['epoch']:.2f} of "
                f"{run.trainer.total_updates / run.trainer.batches_per_epoch:g}.")  # fmt: skip
    st.info(
        "Trained earlier on this server with exactly these settings, seed and data, so it is not trained again "
        "(it would give the same numbers): its curves are replayed. **Skip to the result** shows the end at once."
    )
    draw_charts(shown, run.trainer)


def work() -> int | bool | Outcome:
    """One slice of training, if this visitor trains the run and the server has room: the updates it took, or
    how the run ended (the player then stops, and the whole page shows the final charts and the results)."""
    run = current()
    if run.replayed is not None:
        return replay(run)
    if run.trainer is None or run.waiting:
        return 0
    before = run.trainer.updates
    if not train_slice(run):
        return 0
    run.clock.add(time.perf_counter() - run.tick_started)
    if not run.trainer.finished:
        return run.trainer.updates - before
    finish()
    return run.trainer.diverged or True


def replay(run: Run) -> int | bool:
    """One tick of a replay: more of the history shown, and the results once all of it is."""
    records = len(run.trainer.history)
    run.replayed += replay_step(records)
    if run.replayed < records:
        return 1
    run.replayed = None
    finish()
    return True


def own_run(run: Run) -> bool:
    """True if this session trains its run itself; False while another visitor trains the identical run.

    When that run finishes, its result is taken at once. Starting or ending a wait reruns the whole page,
    which sets the panel's timer: slow while waiting, fast while training.
    """
    runs = store.runs()
    done = runs.finished_copy(run.key, resources.digits())
    if done is not None:  # the identical run someone else was training has just finished
        run.trainer, run.shared, run.waiting = done, True, False
        finish()
        PLAYER.stop()
    mine = runs.claim(run.key, run.visitor, run.trainer)
    if run.waiting == mine:  # a wait starts or ends
        run.waiting = not mine
        PLAYER.retime()
    return mine


def draw_shared_progress(run: Run) -> None:
    progress = store.runs().progress(run.key)
    updates, total = progress if progress is not None else (0, 1)
    st.progress(
        updates / total,
        text=f"Someone on this server is training exactly this run (same settings, seed and data): update "
        f"{updates:,} of {total:,}. You get its result the moment it finishes, instead of training it twice.",
    )


def train_slice(run: Run) -> bool:
    """Train one slice if the server has room; else say why not. True if it trained."""
    with store.gate().turn(run.visitor) as allowed:
        if allowed:
            advance(run.trainer, TRAIN_BUDGET, paced_updates(run.trainer))  # a small model still grows visibly
            store.runs().heartbeat(run.key, run.visitor, run.trainer)
            return True
    waiting = store.gate().queue_length()
    st.info(f"The server is busy: {store.MAX_TRAININGS} trainings are running and {waiting} "
            "visitor(s) wait. Yours starts as soon as a place frees up.")  # fmt: skip
    return False


def draw_progress(run: Run) -> None:
    trainer, clock = run.trainer, run.clock
    rate = samples_per_second(trainer, clock)
    left = seconds_left(trainer, clock)
    left_text = f", about {left:.0f} s left" if left is not None and not trainer.finished else ""
    speed = f": {rate:,.0f} samples/s{left_text}" if rate else ""  # none yet, or a run trained by someone else
    epochs = trainer.total_updates / trainer.batches_per_epoch
    st.progress(
        trainer.updates / trainer.total_updates,
        text=f"Update {trainer.updates:,} of {trainer.total_updates:,} (epoch {trainer.epoch:.2f} of {epochs:g})"
        f"{speed}. {status_words(run)}",
    )
    if trainer.diverged:
        getattr(st, alert_kind(trainer.diverged))(said(trainer.diverged))


ALERTS = {Why.DIVERGED: "error"}  # how each outcome of a run is shown; any other as info


def alert_kind(outcome: Outcome) -> str:
    return ALERTS.get(outcome.why, "info")


def said(outcome: Outcome) -> str:
    """A run's outcome in words: where the loss blew up, and what to change."""
    loss = outcome.value
    what = "not a number (NaN)" if math.isnan(loss) else f"{plain(loss, 3)}, far above where it started"
    return (
        f"Training stopped at update {outcome.step}: the loss became {what}. "
        f"The weights are blowing up, most likely because the learning rate "
        f"({outcome.lr:g}) is too high for {outcome.optimizer}. "
        f"Try one ten times smaller."
    )


def status_words(run: Run) -> str:
    trainer = run.trainer
    if trainer.diverged:
        return "Stopped: the loss blew up."
    if trainer.stopped:
        return "Stopped early, by you."
    words = {"running": "Training...", "paused": "Paused.", "done": "Finished.", "replaying": "Replaying."}
    return words.get(status(run), "")


def draw_charts(history: list[dict], trainer: Trainer) -> None:
    """The loss and accuracy charts of `history` (the trainer's, or the part of it a replay has reached)."""
    train_losses, val_losses = evaluation.epoch_losses(history)
    best = evaluation.best_epoch(val_losses) if val_losses else None
    overfit = evaluation.overfitting_epoch(train_losses, val_losses) if val_losses else None
    total_epochs = trainer.total_updates / trainer.batches_per_epoch
    left, right = st.columns(2)
    with left:
        present.chart(training_curve(history, "loss", best, overfit, total_epochs), key=PAGE.key("loss_chart"))
    with right:
        present.chart(training_curve(history, "acc", best, None, total_epochs), key=PAGE.key("acc_chart"))
    if overfit is not None:
        st.warning(
            f"From epoch {overfit} validation loss is above its best (epoch {best}) while training loss "
            f"keeps falling: the network is learning its training digits by heart. The checkpoint of "
            f"epoch {best} is the one kept."
        )
