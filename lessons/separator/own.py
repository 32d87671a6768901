"""The learner's own points: placed by clicking, brought as a CSV table, taken home as one. Part 3 (the line, on
the 1-10 scale) and part 4 (the network, centred on 0) each have their own set, because their plots differ."""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from lessons.separator.settings import LINE_EXTENT, NET_EXTENT, PAGE
from nnviz import own_points
from nnviz.figures.own_points import point_editor
from nnviz.own_points import CsvProblem, PointSet
from ui import present

EXTENTS = {"lin": LINE_EXTENT, "net": NET_EXTENT}
CLASSES = {"lin": 2, "net": 3}  # a line sorts two classes; the network's softmax sorts up to three
STEP = 0.25  # spacing of the places a click can put a point
NEAR = 0.75 * STEP  # a click this close to a point removes it


def points(which: str) -> PointSet:
    """The set of part 3 ("lin") or part 4 ("net")."""
    return getattr(PAGE.values, f"{which}_points")


def _set(which: str, new: PointSet) -> None:
    setattr(PAGE.values, f"{which}_points", new)
    PAGE.forget(f"{which}.problem")


def click(which: str, x: float, y: float) -> None:
    """A click at (x, y): removes the point there, or adds one of the class picked beside the plot."""
    label = PAGE.widget(f"{which}.pick") or 0
    _set(which, own_points.toggle(points(which), x, y, label, NEAR))


def _selected(which: str) -> None:
    """The editor's on_select: the point a click picked (a grid point on empty space, or one of the set)."""
    picked = ((PAGE.widget(f"{which}.editor") or {}).get("selection") or {}).get("points") or []
    if picked and {"x", "y"} <= picked[0].keys():
        click(which, float(picked[0]["x"]), float(picked[0]["y"]))


def clear(which: str) -> None:
    _set(which, PointSet())


def copy_builtin(which: str, X: np.ndarray, y: np.ndarray) -> None:
    _set(which, own_points.from_arrays(X, y, *EXTENTS[which]))


def take_table(which: str, data: bytes | None) -> None:
    """A table brought by the learner: its points replace the set, or the set stays and the page says why."""
    if data is None:
        return
    result = own_points.parse_csv(data, *EXTENTS[which])
    if isinstance(result, PointSet) and max(result.labels) >= CLASSES[which]:
        result = CsvProblem("The table has three classes (labels 0, 1 and 2), but a line sorts two: keep the rows "
                            "labelled 0 and 1 and bring it again, or bring it to the network in part 4.")  # fmt: skip
    if isinstance(result, CsvProblem):
        PAGE.keep(f"{which}.problem", result.message)
    else:
        _set(which, result)


def _uploaded(which: str) -> None:
    file = PAGE.widget(f"{which}.upload")
    take_table(which, None if file is None else file.getvalue())


def editor(which: str, names: tuple[str, ...], axes: tuple[str, str], builtin: tuple[np.ndarray, np.ndarray]) -> None:
    """The plot to click on, the class picker (one class per name), clear / copy / download, and the table to
    bring."""
    mine = points(which)
    X, y = mine.arrays()
    tools, plot = st.columns([1, 2])
    with tools:
        st.radio("A click adds a point of class", range(len(names)), format_func=names.__getitem__, horizontal=True,
                 key=PAGE.key(f"{which}.pick"))  # fmt: skip
        counts = mine.counts()
        full = " That is the most a set holds." if len(mine) >= own_points.MAX_POINTS else ""
        plural = "" if len(mine) == 1 else "s"
        each = ", ".join(f"{counts[label]} {name}" for label, name in enumerate(names))
        st.caption(f"**{len(mine)}** point{plural}: {each}. Click an empty spot to add a point, click a point to "
                   f"remove it.{full}")  # fmt: skip
        st.button("Clear all", key=PAGE.key(f"{which}.clear"), on_click=clear, args=(which,), width="stretch")
        st.button("Start from the built-in data", key=PAGE.key(f"{which}.copy"), on_click=copy_builtin,
                  args=(which, *builtin), width="stretch",
                  help=f"Copies the built-in points (the first {own_points.MAX_POINTS}) for you to edit.")  # fmt: skip
        st.download_button("Download as CSV", own_points.to_csv(mine), file_name=f"my-points-{which}.csv",
                           mime="text/csv", key=PAGE.key(f"{which}.download"), on_click="ignore",
                           disabled=not len(mine), width="stretch")  # fmt: skip
    with plot:
        present.chart(point_editor(X, y, names, axes, EXTENTS[which], STEP), key=PAGE.key(f"{which}.editor"),
                      on_select=partial(_selected, which), selection_mode="points",
                      config={"displayModeBar": False})  # fmt: skip
    lo, hi = EXTENTS[which]
    labels = "0 or 1" if CLASSES[which] == 2 else "0, 1 or 2"
    st.file_uploader(f"Bring a table: a CSV file with the columns x, y and label ({labels}), up to "
                     f"{own_points.MAX_POINTS} rows, coordinates from {lo:g} to {hi:g}.", type="csv",
                     key=PAGE.key(f"{which}.upload"), on_change=_uploaded, args=(which,))  # fmt: skip
    if problem := PAGE.held(f"{which}.problem", lambda: None):
        st.warning(f"{problem} Your points are as they were.", icon=":material/table:")


def ready(which: str, least: int) -> str | None:
    """Why the set cannot be learned yet (fewer than `least` points of class 0, of class 1, or of a third class
    that has any), or None."""
    counts = points(which).counts()
    counts = counts if counts[2] else counts[:2]
    if min(counts) >= least:
        return None
    there = " and ".join([", ".join(map(str, counts[:-1])), str(counts[-1])])
    return f"Place at least {least} point{'s' if least > 1 else ''} of each class to learn from (there are {there})."
