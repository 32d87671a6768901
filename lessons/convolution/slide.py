"""Part 2's Play button: the window slides over the image, row by row, and the output map fills as it goes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from lessons.convolution.settings import PAGE
from nnviz.convolution import Filtered
from nnviz.figures import convolution as figs
from nnviz.figures import plain
from ui import present
from ui.player import Player

SWEEP = "sweep"  # held: this visitor's Sweep
TICKS = 30  # a whole slide takes about this many ticks, whatever the map's size
PLAYER = Player(PAGE, "slide", tick=0.25)


@dataclass
class Sweep:
    made_with: tuple
    done: Filtered
    filled: int = 0  # output pixels computed so far, row by row

    @property
    def total(self) -> int:
        return self.done.out.size


def sweep(done: Filtered) -> Sweep:
    """This visitor's slide over this filter and image, started afresh when either changes."""
    made_with = (done.image.tobytes(), done.kernel.tobytes(), done.bias, done.padding, done.stride)
    held = PAGE.held(SWEEP, lambda: Sweep(made_with, done))
    if held.made_with != made_with:
        PLAYER.pause()
        held = PAGE.keep(SWEEP, Sweep(made_with, done))
    return held


def _held() -> Sweep:
    return PAGE.held(SWEEP, lambda: None)


def _play() -> None:
    """Callback: play from the start once the map is full."""
    held = _held()
    if held is not None and held.filled >= held.total:
        held.filled = 0
    PLAYER.play()


def controls() -> None:
    playing = PLAYER.playing
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button("Pause" if playing else "Slide the window", key=PAGE.key("slide.play"),
               on_click=PLAYER.pause if playing else _play, type="primary",
               icon=":material/pause:" if playing else ":material/play_arrow:")  # fmt: skip
    row.button("Clear the map", key=PAGE.key("slide.clear"), on_click=_clear, disabled=playing)


def _clear() -> None:
    PLAYER.pause()
    _held().filled = 0


def live() -> None:
    PLAYER.live(_draw, _work)


def _work() -> int | bool:
    held = _held()
    step = math.ceil(held.total / TICKS)
    held.filled = min(held.filled + step, held.total)
    return held.filled >= held.total or step


def _draw() -> None:
    held = _held()
    done, cols = held.done, held.done.out.shape[1]
    last = max(held.filled - 1, 0)
    row, col = divmod(last, cols)
    k = done.kernel.shape[0]
    title = f"{held.filled} of {held.total} output pixels computed"
    fig = figs.sweep_figure(done.image, done.padding, (row * done.stride, col * done.stride, k), done.out,
                            held.filled, (row, col) if held.filled else None, title)  # fmt: skip
    present.chart(fig, key=PAGE.key("sweep"))
    if held.filled:
        st.caption(
            f"The window is at output row {row}, column {col}: ReLU(sum + bias) = {plain(done.out[row, col], 3)}."
        )
