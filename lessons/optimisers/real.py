"""Part 5: the loss landscape of a real MNIST network along two filter-normalised random directions, with its
training path projected onto them; and a sharp minimum against a flat one."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from lessons.optimisers.settings import ALONG_PATH, DIRECTIONS, GRIDS, PAGE, SPANS, TRAINED_HERE, VIEWS, YOURS
from lessons.training import handover
from nnviz import landscape as engine
from nnviz.figures import landscape as figs
from nnviz.figures import plain
from nnviz.landscape import LARGE_BATCH, SMALL_BATCH, Landscape
from ui import frame, present, resources

SUBSET = 1000  # the first test digits: the fixed set every landscape's loss is measured on


@st.cache_data(max_entries=16, show_spinner="Training a small MLP and mapping its landscape...")
def mapped_here(seed: int, span: float, n: int, data: str, batch: int, along_path: bool = False) -> Landscape:
    """A pure function of its arguments (the data by its label), so one result serves every visitor."""
    digits = resources.digits()
    config = replace(SMALL_BATCH if batch == SMALL_BATCH.batch_size else LARGE_BATCH, seed=seed)
    trained = engine.train_mlp(digits.train_x, digits.train_y, config)
    return engine.landscape(trained.model, trained.checkpoints, digits.test_x[:SUBSET], digits.test_y[:SUBSET],
                            n=n, span=span, seed=seed, along_path=along_path)  # fmt: skip


def _yours() -> handover.Handed | None:
    """The learner's own finished model, or None (saying why) to use the one trained here."""
    yours = handover.finished_model()
    if yours is None:
        st.caption("Your own model joins once a run has finished on the Training page; until then, the MLP "
                   "trained here.")  # fmt: skip
        return None
    if yours.model is None:
        st.info("Your last model could not be rebuilt, so this part uses the MLP trained here.")
        return None
    return yours


def panel() -> None:
    present.explain(
        "A real network has thousands of weights, so its landscape cannot be drawn whole. Instead: pick two random "
        "directions in weight space and draw the loss on a plane through the trained weights. Each direction is "
        "rescaled so every unit's weights move by their own size (filter-normalised: Li et al., 2018), so a step "
        "of 1 changes every unit about as much as it has grown."
    )
    s = PAGE.values
    with present.settings_box("The network and how it is mapped"):  # on a projector: the map comes up
        st.radio("Network", (TRAINED_HERE, YOURS), key=PAGE.keys.land_model, horizontal=True)
        yours = _yours() if s.land_model == YOURS else None
        st.radio("Directions", DIRECTIONS, key=PAGE.keys.land_dirs, horizontal=True,
                 help="Random directions show the minimum's shape; the path's own two (the directions along which the "
                 "checkpoints spread most) show the road training took.")  # fmt: skip
        row = st.columns(3)
        along = s.land_dirs == ALONG_PATH and yours is None  # a model from the Training page has no path here
        row[0].select_slider("How far each way (α, β)", SPANS, key=PAGE.keys.land_span, disabled=along,
                             help="Along the path's directions (the MLP trained here), the picture spans the path "
                             "instead. Your own model is always mapped along random directions.")  # fmt: skip
        row[1].radio("Grid points per side", GRIDS, key=PAGE.keys.land_grid, horizontal=True)
        row[2].radio("Picture", VIEWS, key=PAGE.keys.land_view, horizontal=True)
    digits, seed = resources.digits(), frame.seed()
    made_with = (id(yours.export) if yours else None, seed, s.land_span, s.land_grid, s.land_dirs, digits.label)
    if st.button("Map the landscape", key=PAGE.key("land.map"), type="primary", icon=":material/landscape:"):
        PAGE.keep("land", (made_with, _map(yours, seed)))
    held = PAGE.held("land", lambda: None)
    if held is None or held[0] != made_with:
        st.caption(f"Press the button: it trains a 784-32-10 MLP on {SMALL_BATCH.train_size:,} digits (unless you "
                   f"chose yours), then measures the loss at {s.land_grid}×{s.land_grid} points.")  # fmt: skip
        return
    show(held[1], yours is not None)
    compare(seed)


def _map(yours: handover.Handed | None, seed: int) -> Landscape:
    s, digits = PAGE.values, resources.digits()
    if yours is None:
        along = s.land_dirs == ALONG_PATH
        return mapped_here(seed, s.land_span, s.land_grid, digits.label, SMALL_BATCH.batch_size, along)
    scale = yours.config.scale_inputs if yours.config is not None else True
    with st.spinner("Mapping your model's landscape..."):
        return engine.landscape(yours.model, [], digits.test_x[:SUBSET], digits.test_y[:SUBSET], n=s.land_grid,
                                span=s.land_span, seed=seed, scale=scale)  # fmt: skip


def show(land: Landscape, yours: bool) -> None:
    whose = "your model" if yours else "the MLP trained here"
    title = f"The loss of {whose} on {SUBSET:,} test digits, around its trained weights"
    if not np.isfinite(land.losses).all():
        st.warning("Some points of this plane give a loss that is not a number; try a smaller span.")
        return
    if PAGE.values.land_view == VIEWS[0]:
        present.chart(figs.landscape_contour(land, title), key=PAGE.key("land.contour"))
    else:
        present.chart(figs.landscape_surface(land, title), key=PAGE.key("land.3d"))
    corner = land.losses[[0, 0, -1, -1], [0, -1, 0, -1]].mean()
    st.markdown(f"At the centre (α = β = 0) the loss is **{land.centre_loss:.3f}**: the trained network's own loss on "
                f"these digits. At the corners, ±{plain(land.alphas[-1], 3)} along both directions, it is "
                f"{plain(corner, 3)} on average.")  # fmt: skip
    if len(land.path) and PAGE.values.land_dirs == ALONG_PATH:
        start = float(np.hypot(*land.path[0]))
        st.markdown(f"The dotted path is training's road, {len(land.path)} checkpoints from loss "
                    f"{land.path_losses[0]:.2f} to {land.path_losses[-1]:.2f}, seen in the two directions it spread "
                    f"most. Here a step is a plain distance in weight space (these directions are not "
                    f"filter-normalised): the start was {plain(start, 3)} away from where training ended.")  # fmt: skip
    elif len(land.path):
        reach = float(np.abs(land.path).max())
        present.explain(f"The dotted path is the {len(land.path)} checkpoints of training, projected onto the plane: "
                        f"from loss {land.path_losses[0]:.2f} to {land.path_losses[-1]:.2f}. It strays at most "
                        f"{plain(reach, 2)} steps from the centre: two random directions are almost at right angles to "
                        "the road training took, so most of that road is out of this picture.")  # fmt: skip
    else:
        st.caption("Your run kept no checkpoints, so no path is drawn and random directions are used.")


def compare(seed: int) -> None:
    """Sharp against flat: small and large batches, on one scale."""
    st.markdown("**A sharp and a flat minimum.** The same MLP and digits, trained with batches of "
                f"{SMALL_BATCH.batch_size} and of {LARGE_BATCH.batch_size:,}.")  # fmt: skip
    if not st.toggle("Compare small and large batches", key=PAGE.key("land.compare")):
        return
    s, label = PAGE.values, resources.digits().label
    lands = {f"batch {c.batch_size:,}": mapped_here(seed, s.land_span, s.land_grid, label, c.batch_size)
             for c in (SMALL_BATCH, LARGE_BATCH)}  # fmt: skip
    present.chart(figs.compare_contours(lands), key=PAGE.key("land.compare.maps"))
    present.chart(figs.compare_profiles(lands), key=PAGE.key("land.compare.profiles"))
    rises = {name: engine.sharpness(land) for name, land in lands.items()}
    (small, r1), (large, r2) = rises.items()
    sharper = large if r2 > r1 else small
    st.markdown(f"Half a step from the centre the loss rises by **{r1:.3f}** on average for {small} and by "
                f"**{r2:.3f}** for {large}: the {sharper} minimum is the sharper one, "
                f"{max(r1, r2) / max(min(r1, r2), 1e-9):.1f} times as steep.")  # fmt: skip
