"""Parts 1 and 2: the surfaces, and the race of four optimisers from one start, played step by step by the
player; a click on the contours picks the start."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from lessons.optimisers.settings import LR_CHOICES, OPT_NAMES, PAGE, SURFACE_NAMES, VIEWS
from nnviz import race, surfaces
from nnviz.figures import optimisers as figs
from nnviz.figures import plain
from nnviz.outcome import Outcome
from nnviz.race import RaceConfig, Walk
from nnviz.surfaces import SURFACES, Surface
from ui import frame, present
from ui.player import Player

TICKS = 30  # a whole race plays in about this many ticks
PLAYER = Player(PAGE, "race", tick=0.25)
CLOSE = 0.01  # "at the bottom": within this share of the start's height above the lowest point


@st.cache_data(max_entries=64, show_spinner=False)
def drawn_grid(name: str) -> surfaces.Grid:
    return surfaces.grid(SURFACES[name])


@st.cache_data(max_entries=64, show_spinner=False)
def raced(name: str, names: tuple[str, ...], start: tuple[float, float], config: RaceConfig) -> dict[str, Walk]:
    return race.race(SURFACES[name], list(names), start, config)


@dataclass
class Shown:
    """How much of the race the learner sees: None for all of it; the race it belongs to."""

    made_with: tuple
    steps: int | None = None


def _new_surface() -> None:
    """Callback: a new surface starts from its own start point."""
    s = PAGE.values
    s.x0, s.y0 = SURFACES[s.surface].start


def surface_picker() -> Surface:
    st.selectbox("Surface", SURFACE_NAMES, key=PAGE.keys.surface, on_change=_new_surface)
    return SURFACES[PAGE.values.surface]


def show_surface(surface: Surface) -> None:
    """Part 1: the chosen surface as contours and as a surface to turn, no walks yet."""
    grid, low = drawn_grid(surface.name), surfaces.lowest(surface)
    left, right = st.columns(2)
    with left:
        present.chart(figs.race_contour(grid, surface, low, {}, surface.start, clickable=False),
                      key=PAGE.key("surface.map"))  # fmt: skip
    with right:
        present.chart(figs.race_surface(grid, surface, low, {}), key=PAGE.key("surface.3d"))
    where = " and ".join(f"({plain(x, 3)}, {plain(y, 3)})" for x, y in (surface.minimum, *surface.twins))
    lowest = "lowest points, the gold stars, are" if surface.twins else "lowest point, the gold star, is"
    st.markdown(f"Loss = {surface.formula}. Its {lowest} at {where}, with loss {plain(low, 3)}.")


def config() -> RaceConfig:
    s = PAGE.values
    return RaceConfig(lr=s.lr, momentum=s.momentum, steps=s.steps, noise=s.noise, seed=frame.seed())


def start_point(surface: Surface) -> tuple[float, float]:
    """The start from the number inputs, or the surface's own when theirs lies outside its box."""
    s = PAGE.values
    if surfaces.inside(surface, s.x0, s.y0):
        return s.x0, s.y0
    st.caption(f"({s.x0:g}, {s.y0:g}) lies outside this surface's picture: the race starts from its usual start.")
    return surface.start


def controls(surface: Surface) -> None:
    """The race's settings; every change shows the finished race at once. On a projector the racers and their
    start, which the step has set, fold away; the rates and the noise, which its question may change, stay."""
    racers = present.settings_box("The racers, their start and the picture")
    racers.multiselect("Optimisers", OPT_NAMES, key=PAGE.keys.opts)
    row = st.columns(4)
    row[0].select_slider("Learning rate", LR_CHOICES, key=PAGE.keys.lr)
    row[1].slider("Momentum (SGD + momentum)", 0.0, 0.99, step=0.01, key=PAGE.keys.momentum)
    row[2].slider("Steps", 10, 500, step=10, key=PAGE.keys.steps)
    row[3].toggle("Noisy gradients", key=PAGE.keys.noise,
                  help="Adds seeded Gaussian noise to each gradient, as a mini-batch's gradient is noisy.")  # fmt: skip
    x0, x1, y0, y1 = surface.box
    row = (racers if present.presenting() else st.container()).columns([1, 1, 2], vertical_alignment="bottom")
    row[0].number_input(f"Start x ({x0:g} to {x1:g})", -4.0, 4.0, step=0.1, key=PAGE.keys.x0, format="%.2f")
    row[1].number_input(f"Start y ({y0:g} to {y1:g})", -4.0, 4.0, step=0.1, key=PAGE.keys.y0, format="%.4g")
    row[2].radio("Picture", VIEWS, key=PAGE.keys.view, horizontal=True)


def _picked() -> None:
    """Callback: a click on the contours sets the start."""
    chosen = PAGE.widget("race.map")
    points = ((chosen or {}).get("selection") or {}).get("points") or []
    if points:
        s = PAGE.values
        s.x0, s.y0 = (round(float(points[0][axis]), 2) + 0.0 for axis in "xy")  # + 0.0: never "-0" in the link
        PAGE.keep("race.clicked", True)


def _shown(made_with: tuple) -> Shown:
    """A new race shows its end at once; on a projector it waits for Play (predict first, then run)."""
    hidden = 0 if present.presenting() else None
    shown = PAGE.held("race.shown", lambda: Shown(made_with, hidden))
    if shown.made_with != made_with:
        PLAYER.pause()
        shown = PAGE.keep("race.shown", Shown(made_with, hidden))
    return shown


def buttons(made_with: tuple, longest: int) -> None:
    def replay() -> None:
        PAGE.keep("race.shown", Shown(made_with, 0))
        PLAYER.play()

    def show_all() -> None:
        PLAYER.pause()
        PAGE.keep("race.shown", Shown(made_with))

    row = st.container(horizontal=True)
    playing = PLAYER.playing
    row.button("Play the race", key=PAGE.key("race.play"), on_click=replay, disabled=playing, type="primary",
               icon=":material/play_arrow:")  # fmt: skip
    row.button("Pause", key=PAGE.key("race.pause"), on_click=PLAYER.pause, disabled=not playing)
    row.button(f"Show all {longest} steps", key=PAGE.key("race.all"), on_click=show_all)


def live(surface: Surface, walks: dict[str, Walk], start: tuple[float, float], made_with: tuple) -> None:
    """The race panel, redrawn by the player while it plays."""
    longest = max((w.steps for w in walks.values()), default=0)
    per_tick = max(longest // TICKS, 1)

    def work() -> int | bool | Outcome:
        shown = _shown(made_with)
        shown.steps = (shown.steps or 0) + per_tick
        if shown.steps >= longest:
            shown.steps = None
            return True
        return per_tick

    def draw() -> None:
        if PAGE.held("race.clicked", lambda: False):
            PAGE.forget("race.clicked")
            st.rerun()
        _draw(surface, walks, start, _shown(made_with).steps)

    PLAYER.live(draw, work)


def _draw(surface: Surface, walks: dict[str, Walk], start: tuple[float, float], shown: int | None) -> None:
    grid, low = drawn_grid(surface.name), surfaces.lowest(surface)
    left, right = st.columns([3, 2])
    with left:
        if PAGE.values.view == VIEWS[0]:
            present.chart(figs.race_contour(grid, surface, low, walks, start, shown), key=PAGE.key("race.map"),
                          on_select=_picked, selection_mode="points")  # fmt: skip
        else:
            present.chart(figs.race_surface(grid, surface, low, walks, shown), key=PAGE.key("race.3d"))
    with right:
        present.chart(figs.race_losses(walks, low, shown), key=PAGE.key("race.losses"))
    if shown == 0:
        st.caption("Press Play the race to see them run.")
        return
    st.caption(f"Step {shown} of the race." if shown is not None else "The whole race.")
    for sentence in verdicts(walks, low, shown):
        st.markdown(sentence)
    for w in walks.values():
        if w.outcome is not None and (shown is None or shown >= w.steps):
            st.warning(blown(w.outcome))


def verdicts(walks: dict[str, Walk], low: float, shown: int | None) -> list[str]:
    """Who got to the bottom first, in words, from the walks' own numbers (up to the step shown)."""
    if not walks:
        return []
    first = next(iter(walks.values()))
    target = low + CLOSE * (first.losses[0] - low)
    arrived = {}
    for name, w in walks.items():
        at = race.steps_to(w.losses[: None if shown is None else shown + 1], target)
        if at is not None:
            arrived[name] = at
    order = sorted(arrived, key=arrived.get)
    said = [f"**{n}** at step {arrived[n]}" for n in order]
    missing = [n for n in walks if n not in arrived]
    lines = [f"Within 1% of the way down to the lowest loss: {', '.join(said)}." if said else
             "None has come within 1% of the way down to the lowest loss yet."]  # fmt: skip
    if missing and said:
        lines.append(f"Not there yet: {', '.join(missing)}.")
    return lines


def blown(outcome: Outcome) -> str:
    """A diverging optimiser, stopped and named."""
    reached = f"reached {plain(outcome.value, 3)}" if np.isfinite(outcome.value) else "is no longer a number"
    return (f"**{outcome.optimizer}** left the picture at step {outcome.step}: its loss {reached} "
            f"(it started at {plain(outcome.start, 3)}; the limit is {outcome.limit:,.0f}). With learning rate "
            f"{outcome.lr:g} each step overshoots the valley further. It was stopped there.")  # fmt: skip
