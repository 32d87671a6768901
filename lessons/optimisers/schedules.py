"""Part 4: learning-rate schedules as torch schedulers, drawn as curves and raced on the chosen surface."""

from __future__ import annotations

import streamlit as st

from lessons.optimisers import race
from lessons.optimisers.settings import OPT_NAMES, PAGE
from nnviz import digit_model, surfaces
from nnviz import race as engine
from nnviz.figures import optimisers as figs
from nnviz.figures import plain
from nnviz.race import RaceConfig, Walk
from nnviz.surfaces import SURFACES, Surface
from ui import present


@st.cache_data(max_entries=32, show_spinner=False)
def scheduled(surface: str, name: str, start: tuple[float, float], config: RaceConfig) -> dict[str, Walk]:
    return engine.schedule_race(SURFACES[surface], name, start, config)


def panel(surface: Surface) -> None:
    recipe, reader = digit_model.RECIPE, digit_model.READER
    st.markdown(
        "A schedule changes the learning rate as training goes: big steps to travel, small ones to settle. "
        f"The app's own recipe, the Training page's fast CNN, trains with **one-cycle**: `nnviz.training` hands "
        f"{recipe.optimizer} to torch's `OneCycleLR`, which warms the rate up to {recipe.lr:g} over the first "
        f"quarter of its {recipe.max_updates} updates, then anneals it to almost nothing. The Draw page's model "
        f"runs the same cycle over {reader.epochs} whole epochs."
    )
    st.selectbox("Optimiser", OPT_NAMES, key=PAGE.keys.sched_opt)
    cfg, s = race.config(), PAGE.values
    start = race.start_point(surface)
    walks = scheduled(surface.name, s.sched_opt, start, cfg)
    curves = {name: engine.lr_curve(name, cfg.lr, cfg.steps) for name in engine.SCHEDULES}
    left, right = st.columns(2)
    with left:
        present.chart(figs.lr_curves(curves), key=PAGE.key("sched.lr"))
    with right:
        present.chart(figs.race_losses(walks, surfaces.lowest(surface), title=f"{s.sched_opt} under each schedule"),
                      key=PAGE.key("sched.losses"))  # fmt: skip
    present.chart(figs.race_contour(race.drawn_grid(surface.name), surface, surfaces.lowest(surface), walks, start,
                                    clickable=False), key=PAGE.key("sched.map"))  # fmt: skip
    st.caption(f"The race's surface, start, steps and peak learning rate ({cfg.lr:g}); step decay multiplies the "
               "rate by 0.3 every third of the run; cosine glides it down to zero.")  # fmt: skip
    for w in walks.values():
        if w.outcome is not None:
            st.warning(race.blown(w.outcome).replace(f"**{w.outcome.optimizer}**", f"**{w.name}**"))
    ends = {name: w.losses[-1] - surfaces.lowest(surface) for name, w in walks.items() if w.outcome is None}
    if ends:
        best = min(ends, key=ends.get)
        st.markdown(f"Closest to the bottom after {cfg.steps} steps: **{best}**, {plain(ends[best], 3)} above the "
                    "lowest loss.")  # fmt: skip
