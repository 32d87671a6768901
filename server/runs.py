"""The server's CPU, shared fairly: a few trainings at a time, and identical runs trained once.

A run is fully fixed by its config (seed included) and the data, so when a
class presses "train" on the same settings, the first run's result serves
everyone: later sessions get a private copy of the finished run, and sessions
that ask while it is still training wait for it instead of repeating it. The
runs live in a store on disk, so this holds across every server process that
shares the folder (several replicas behind a load balancer: see deploy/).
"""

from __future__ import annotations

import io
import json
import os
import pickle
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import diskcache
import streamlit as st
import torch

from nnviz import digit_model
from nnviz.data import Digits
from nnviz.training import TrainConfig, Trainer

MAX_TRAININGS = max(1, int(os.environ.get("NNVIZ_MAX_TRAININGS", "2")))
SIZE_LIMIT = 2**30  # bytes of finished runs kept on disk; the least recently used go first
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
    """Finished runs by their config and data, and who is training which run right now, in a store that every
    server process on the same volume shares (diskcache: SQLite and files). A class pressing "train" on the same
    settings costs one training, however many processes serve it.

    A finished run is stored without the dataset it trained on: every process has that already, read-only,
    and a copy taken out of the store is joined to the reader's own. A run in progress is known by its owner,
    their last heartbeat and its progress; the trainer itself stays in the owner's session."""

    def __init__(self, directory: str | Path | None = None):
        self._cache = diskcache.Cache(str(directory or store_dir()), size_limit=SIZE_LIMIT,
                                      eviction_policy="least-recently-used")  # fmt: skip

    def finished_copy(self, key: str, digits: Digits) -> Trainer | None:
        """This visitor's own copy of a finished run, joined to `digits` (the data it was trained on)."""
        blob = self._cache.get(("done", key))
        return None if blob is None else _restore(blob, digits)

    def claim(self, key: str, visitor: str, trainer: Trainer | None = None) -> bool:
        """True if this visitor should train the run; False if another is training it right now."""
        with self._cache.transact():
            owner, beat, *_ = self._cache.get(("training", key), (visitor, 0.0))
            if owner != visitor and time.time() - beat < STALE_S:
                return False
            self._beat(key, visitor, trainer)
            return True

    def heartbeat(self, key: str, visitor: str, trainer: Trainer | None = None) -> None:
        with self._cache.transact():
            if self._cache.get(("training", key), (None,))[0] == visitor:
                self._beat(key, visitor, trainer)

    def _beat(self, key: str, visitor: str, trainer: Trainer | None) -> None:
        done = None if trainer is None else (trainer.updates, trainer.total_updates)
        self._cache.set(("training", key), (visitor, time.time(), done), expire=FORGET_S)

    def progress(self, key: str) -> tuple[int, int] | None:
        """(updates done, updates planned) of the run in progress under this key, while its owner is heard from."""
        owner, beat, done = self._cache.get(("training", key), (None, 0.0, None))
        return done if time.time() - beat < STALE_S else None

    def publish(self, key: str, visitor: str, trainer: Trainer) -> bool:
        """A run has ended: its owner no longer holds it, and if it ended by itself (not stopped early,
        not diverged) it is kept for others; if two processes finish the same run, the first one kept stays.
        A visitor who stops waiting for someone else's run ends nothing. True if this run was kept."""
        with self._cache.transact():
            if self._cache.get(("training", key), (visitor,))[0] == visitor:
                self._cache.delete(("training", key))
        if trainer.stopped or trainer.diverged:
            return False
        return self._cache.add(("done", key), _dump(trainer))  # False: another process kept it first

    def clear(self) -> None:
        """Forget every run (a fresh server, for tests)."""
        self._cache.clear()


_SHARED = ("_images", "test_x", "test_y")  # the dataset's tensors: every process has its own, read-only


def _dump(trainer: Trainer) -> bytes:
    """The trainer as bytes, its dataset tensors left out by name."""
    shared = {id(getattr(trainer, name)): name for name in _SHARED}

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            return shared.get(id(obj)) if isinstance(obj, torch.Tensor) else None

    out = io.BytesIO()
    Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(trainer)
    return out.getvalue()


def _restore(blob: bytes, digits: Digits) -> Trainer:
    """A trainer from `_dump`, joined to this process's copy of its dataset."""
    tensors = {"_images": digits.train_x, "test_x": digits.test_x, "test_y": digits.test_y}

    class Unpickler(pickle.Unpickler):
        def persistent_load(self, name):
            return tensors[name]

    return Unpickler(io.BytesIO(blob)).load()


def store_dir() -> Path:
    """Where finished runs are kept: $NNVIZ_RUNS_DIR, else beside the trained models (a shared volume when
    several processes serve the app)."""
    return Path(os.environ.get("NNVIZ_RUNS_DIR") or digit_model.cache_dir() / "runs")


def run_key(config: TrainConfig, digits: Digits) -> str:
    return json.dumps({"config": config.to_dict(), "data": [digits.source, digits.label]}, sort_keys=True)


@st.cache_resource
def gate() -> Gate:
    return Gate(MAX_TRAININGS)


@st.cache_resource
def runs() -> RunStore:
    return RunStore()
