"""Part 3: random restarts on the surface with several minima, and how often the best of N finds the lowest."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lessons.optimisers import race
from lessons.optimisers.settings import OPT_NAMES, PAGE
from nnviz import restarts, surfaces
from nnviz.figures import optimisers as figs
from nnviz.figures import plain
from nnviz.race import RaceConfig
from nnviz.surfaces import SURFACES
from ui import present

SURFACE = "several minima"
COUNTS = [1, 2, 3, 5, 8, 13, 20, 30, 50]
TRIALS = 40


@st.cache_data(max_entries=32, show_spinner=False)
def restarted(name: str, n: int, config: RaceConfig) -> restarts.Restarts:
    return restarts.restarts(SURFACES[SURFACE], name, n, config)


@st.cache_data(max_entries=32, show_spinner=False)
def rates(name: str, config: RaceConfig) -> np.ndarray:
    return restarts.success_rates(SURFACES[SURFACE], name, COUNTS, TRIALS, config)


def panel() -> None:
    surface = SURFACES[SURFACE]
    st.markdown(
        "On a surface with several valleys, a walk ends in whichever valley it starts above. One way out: start "
        "again from random places, and keep the best end."
    )
    left, right = st.columns(2)
    left.slider("Random starts (N)", 1, 50, key=PAGE.keys.starts)
    right.selectbox("Optimiser", OPT_NAMES, key=PAGE.keys.restart_opt)
    s, cfg = PAGE.values, race.config()
    result = restarted(s.restart_opt, s.starts, cfg)
    low = surfaces.lowest(surface)
    plot, curve = st.columns(2)
    with plot:
        present.chart(
            figs.restarts_figure(race.drawn_grid(SURFACE), surface, low, result), key=PAGE.key("restarts.map")
        )
    with curve:
        found = rates(s.restart_opt, cfg)
        present.chart(figs.success_curve(COUNTS, found, TRIALS), key=PAGE.key("restarts.rate"))
    st.markdown(summary(result, low))
    st.caption(f"Each trial draws its own starts from the seed; a run counts as finding the lowest point when it "
               f"ends within {restarts.FOUND_RADIUS} of it. The race's learning rate, steps and noise apply here "
               "too.")  # fmt: skip


def summary(result: restarts.Restarts, low: float) -> str:
    n, found = len(result.starts), int(result.found.sum())
    best = result.losses[result.best]
    if not np.isfinite(best):
        return f"All {n} walks left the picture: try a smaller learning rate."
    kept = "the lowest point" if result.found[result.best] else "another valley: no start found the lowest point"
    return (f"{found} of {n} starts ended at the lowest point. The best run ended at loss {plain(best, 3)} "
            f"(the lowest is {plain(low, 3)}), in {kept}.")  # fmt: skip
