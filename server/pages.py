"""Page scripts share one process: a torch thread each, and a few drawing at a time."""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
import torch

# Torch threads per session. One server serves every visitor on a few cores: one thread
# each keeps a busy server fair and avoids OpenMP teams stalling on shared cores.
TORCH_THREADS = max(1, int(os.environ.get("NNVIZ_TORCH_THREADS", "1")))

# How often Python hands the GIL between threads. Every session's script runs in its own thread,
# beside the one thread that answers the network (pages, websockets, /_stcore/health); a shorter
# turn than Python's 5 ms keeps that thread answering when many scripts run at once (bench/load.py).
SWITCH_INTERVAL_S = 0.001

# Page scripts drawing at once. Drawing is Python work, and Python runs one thread at a time, so
# twenty scripts drawing together finish no sooner than twenty in turn, and the network thread
# waits behind all of them for its turn. A few at a time, first come first served, keep it
# answering (bench/load.py). Training runs outside this, under server.runs.
PAGE_RUNS = max(1, int(os.environ.get("NNVIZ_PAGE_RUNS", "2")))

_holding = threading.local()  # whether this script thread already has a place


def cap_threads() -> None:
    """Cap torch's threads for this session's script thread (OpenMP counts are per thread),
    and give the server's network thread its turn often."""
    torch.set_num_threads(TORCH_THREADS)
    if sys.getswitchinterval() != SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


class Places:
    """PAGE_RUNS places to draw in, handed out first come first served, except that a visitor waiting for
    what they asked for (a page, a press) goes before a live panel's timed redraw: a chart refreshed a moment
    later costs nobody anything, a page that waits behind twenty refreshes is what a class notices."""

    def __init__(self, count: int):
        self._lock = threading.Lock()
        self._free = count
        self._waiting: tuple[deque, deque] = (deque(), deque())  # asked for, then timed redraws

    def acquire(self, blocking: bool = True, asked: bool = True) -> bool:
        with self._lock:
            if self._free:  # a free place means nobody waits: each one freed went to a waiter if there was one
                self._free -= 1
                return True
            if not blocking:
                return False
            handed = threading.Event()
            self._waiting[0 if asked else 1].append(handed)
        handed.wait()  # release() handed this waiter its place
        return True

    def release(self) -> None:
        with self._lock:
            for queue in self._waiting:
                if queue:
                    queue.popleft().set()
                    return
            self._free += 1


@st.cache_resource
def places() -> Places:
    """The server's places for drawing pages, one set for every session."""
    return Places(PAGE_RUNS)


@contextmanager
def turn(asked: bool = True) -> Iterator[None]:
    """Draw when one of PAGE_RUNS places is free; visitors wait in arrival order, a timed redraw
    (`asked=False`) behind every visitor waiting for a page. A script that already holds a place (a fragment
    drawn inside its page's run) keeps it instead of asking for a second."""
    if getattr(_holding, "place", False):
        yield
        return
    seats = places()
    seats.acquire(asked=asked)
    _holding.place = True
    try:
        yield
    finally:
        _holding.place = False
        seats.release()
