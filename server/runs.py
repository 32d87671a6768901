"""One server's CPU, shared fairly: a few trainings at a time, and identical runs trained once.

A run is fully fixed by its config (seed included) and the data, so when a
class presses "train" on the same settings, the first run's result serves
everyone: later sessions get a private copy of the finished run at once, and
sessions that ask while it is still training wait for it instead of
repeating it.
"""

from __future__ import annotations

import copy
import json
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from nnviz.data import Digits
from nnviz.training import TrainConfig, Trainer

MAX_TRAININGS = max(1, int(os.environ.get("NNVIZ_MAX_TRAININGS", "2")))
KEPT_RUNS = 8  # finished runs remembered for reuse
STALE_S = 10.0  # an owner silent this long no longer holds its run for others
FORGET_S = 600.0  # a visitor silent this long has left: forget them


class Gate:
    """At most `places` training slices at once; who is waiting, for the queue display."""

    def __init__(self, places: int):
        self._places = threading.BoundedSemaphore(places)
        self._lock = threading.Lock()
        self._waiting: dict[str, float] = {}  # visitor -> when last turned away

    @contextmanager
    def turn(self, visitor: str) -> Iterator[bool]:
        """True inside the block if this visitor may train now; never blocks."""
        got = self._places.acquire(blocking=False)
        with self._lock:
            now = time.monotonic()
            if got:
                self._waiting.pop(visitor, None)
            else:
                self._waiting[visitor] = now
            for gone in [v for v, seen in self._waiting.items() if now - seen > FORGET_S]:
                del self._waiting[gone]  # visitors who left while waiting
        try:
            yield got
        finally:
            if got:
                self._places.release()

    def queue_length(self) -> int:
        """Visitors turned away within the last few seconds."""
        now = time.monotonic()
        with self._lock:
            return sum(now - seen < 3.0 for seen in self._waiting.values())


class RunStore:
    """Finished runs by their config and data, and runs in progress by their owner."""

    def __init__(self):
        self._lock = threading.Lock()
        self._finished: OrderedDict[str, Trainer] = OrderedDict()
        # key -> (owner, last heartbeat, the owner's run): a weak reference, so a run whose visitor
        # has left is freed with their session instead of being kept here
        self._training: dict[str, tuple[str, float, weakref.ref | None]] = {}

    def finished_copy(self, key: str) -> Trainer | None:
        """A private copy of a finished run (the dataset tensors stay shared)."""
        with self._lock:
            trainer = self._finished.get(key)
            if trainer is None:
                return None
            self._finished.move_to_end(key)
        return private_copy(trainer)

    def claim(self, key: str, visitor: str, trainer: Trainer | None = None) -> bool:
        """True if this visitor should train the run; False if another is training it right now."""
        with self._lock:
            now = time.monotonic()
            for gone in [k for k, (_, beat, _) in self._training.items() if now - beat > FORGET_S]:
                del self._training[gone]  # runs abandoned long ago
            owner, beat, _ = self._training.get(key, (visitor, 0.0, None))
            if owner != visitor and now - beat < STALE_S:
                return False
            self._training[key] = (visitor, now, None if trainer is None else weakref.ref(trainer))
            return True

    def heartbeat(self, key: str, visitor: str) -> None:
        with self._lock:
            owner, _, trainer = self._training.get(key, (None, 0.0, None))
            if owner == visitor:
                self._training[key] = (visitor, time.monotonic(), trainer)

    def progress(self, key: str) -> tuple[int, int] | None:
        """(updates done, updates planned) of the run in progress under this key, for those who wait for it."""
        with self._lock:
            run = self._training.get(key, (None, 0.0, None))[2]
        trainer = None if run is None else run()
        return None if trainer is None else (trainer.updates, trainer.total_updates)

    def publish(self, key: str, visitor: str, trainer: Trainer) -> None:
        """A run has ended: its owner no longer holds it, and if it ended by itself (not stopped early,
        not diverged) it is kept for others. A visitor who stops waiting for someone else's run ends nothing."""
        with self._lock:
            if self._training.get(key, (visitor,))[0] == visitor:
                self._training.pop(key, None)
            if trainer.stopped or trainer.diverged:
                return
            self._finished[key] = private_copy(trainer)
            while len(self._finished) > KEPT_RUNS:
                self._finished.popitem(last=False)


def private_copy(trainer: Trainer) -> Trainer:
    shared = (trainer._images, trainer.test_x, trainer.test_y)
    return copy.deepcopy(trainer, memo={id(t): t for t in shared})


def run_key(config: TrainConfig, digits: Digits) -> str:
    return json.dumps({"config": config.to_dict(), "data": [digits.source, digits.label]}, sort_keys=True)


@st.cache_resource
def gate() -> Gate:
    return Gate(MAX_TRAININGS)


@st.cache_resource
def runs() -> RunStore:
    return RunStore()
