"""Training in short slices of time, so a page can redraw between them.

A slice runs chunks of updates until its time budget is spent. Each chunk
becomes one point on the training chart, sized to take about CHUNK_SECONDS,
so the chart grows at the same pace whatever the model.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from nnviz.training import Trainer

# The page's fragment timer fires every TICK seconds and queues the next tick
# while one runs, so a slice as long as the tick keeps training back to back:
# no idle gaps, one redraw (tens of ms) per slice, about two redraws a second.
TICK = 0.35
TRAIN_BUDGET = 0.35
CHUNK_SECONDS = 0.05  # one chart point; also how far a slice can overrun its budget
FIRST_CHUNK = 5  # updates, before the speed of this model is known
MAX_CHUNKS_PER_EPOCH = 200  # beyond that the chart gets no clearer, only heavier


def chunk_size(trainer: Trainer) -> int:
    """Updates per chart point: about CHUNK_SECONDS of work, at least 1."""
    if trainer.updates == 0 or trainer.train_seconds == 0:
        return FIRST_CHUNK
    per_update = trainer.train_seconds / trainer.updates
    finest = max(1, trainer.batches_per_epoch // MAX_CHUNKS_PER_EPOCH)
    return max(finest, round(CHUNK_SECONDS / per_update))


@dataclass
class Clock:
    """Wall-clock time a run has been training, drawing included, pauses excluded."""

    seconds: float = 0.0
    ticks: int = 0

    def add(self, seconds: float) -> None:
        self.seconds += seconds
        self.ticks += 1


def advance(trainer: Trainer, budget_seconds: float, max_updates: int | None = None) -> int:
    """Train chunks until the budget is spent, `max_updates` are done, or the run ends; how many chunks ran."""
    start, first = time.perf_counter(), trainer.updates
    chunks = 0
    while time.perf_counter() - start < budget_seconds:
        size = chunk_size(trainer)
        if max_updates is not None:
            size = min(size, first + max_updates - trainer.updates)
        if size <= 0 or trainer.step(size) is None:
            break
        chunks += 1
    return chunks


MIN_WATCH_SECONDS = 6.0  # the shortest a run may grow on screen: a small model would finish in one redraw


def paced_updates(trainer: Trainer, tick: float = TICK, seconds: float = MIN_WATCH_SECONDS) -> int:
    """Most updates one tick may train, so that the whole run takes at least `seconds` to watch."""
    return max(1, math.ceil(trainer.total_updates * tick / seconds))


def replay_step(records: int, tick: float = TICK, seconds: float = MIN_WATCH_SECONDS) -> int:
    """History records a replay reveals per tick, so that it lasts about `seconds`."""
    return max(1, math.ceil(records * tick / seconds))


def samples_per_second(trainer: Trainer, clock: Clock) -> float:
    return trainer.samples / clock.seconds if clock.seconds > 0 else 0.0


def seconds_left(trainer: Trainer, clock: Clock) -> float | None:
    """Remaining wall-clock time at the pace so far (None before the first slice)."""
    if trainer.updates == 0 or clock.seconds == 0:
        return None
    return clock.seconds / trainer.updates * (trainer.total_updates - trainer.updates)
