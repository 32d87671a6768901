"""Page scripts share one process: a torch thread each, and a few drawing at a time."""

from __future__ import annotations

import os
import sys
import threading
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


@st.cache_resource
def places() -> threading.Semaphore:
    """The server's places for drawing pages, one semaphore for every session."""
    return threading.Semaphore(PAGE_RUNS)


@contextmanager
def turn() -> Iterator[None]:
    """Draw when one of PAGE_RUNS places is free; visitors wait in arrival order. A script that already
    holds a place (a fragment drawn inside its page's run) keeps it instead of asking for a second."""
    if getattr(_holding, "place", False):
        yield
        return
    seats = places()
    seats.acquire()
    _holding.place = True
    try:
        yield
    finally:
        _holding.place = False
        seats.release()
