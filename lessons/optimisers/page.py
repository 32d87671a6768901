"""Optimisers and the loss landscape: surfaces to walk down, a race of real torch optimisers, restarts,
learning-rate schedules, and the landscape of a real MNIST network."""

import streamlit as st

from lessons.optimisers import race, real, schedules, valleys
from lessons.optimisers.settings import PAGE
from ui import present

present.begin(PAGE, "Optimisers and the loss landscape")
st.markdown(
    "Training walks down a mountain of error in small steps. The loss is the height; the weights are where you "
    "stand. An optimiser decides each step from the slope underfoot, and sometimes from the steps before."
)

with present.part(PAGE, 1, "1. Surfaces in two dimensions"):
    present.explain(
        "With two weights the loss is a landscape you can draw: contours seen from above, or a surface you can turn. "
        "Real networks have millions of weights, but their trouble spots look like these."
    )
    surface = race.surface_picker()
    race.show_surface(surface)

with present.part(PAGE, 2, "2. A race down the surface"):
    present.explain(
        "Four optimisers from `torch.optim` step the same two weights from the same start. SGD steps against the "
        "slope; momentum adds a share of its last step; RMSprop and Adam divide each weight's step by the size of "
        "its recent gradients. Click the contours to start somewhere else."
    )
    race.controls(surface)
    start, cfg = race.start_point(surface), race.config()
    names = tuple(PAGE.values.opts)
    if not names:
        st.info("Pick at least one optimiser to race.")
    else:
        walks = race.raced(surface.name, names, start, cfg)
        made_with = (surface.name, names, start, cfg)
        race.buttons(made_with, max(w.steps for w in walks.values()))
        race.live(surface, walks, start, made_with)

with present.part(PAGE, 3, "3. Valleys and restarts"):
    valleys.panel()

with present.part(PAGE, 4, "4. Learning-rate schedules"):
    schedules.panel(surface)

with present.part(PAGE, 5, "5. The real landscape of an MNIST network"):
    real.panel()
