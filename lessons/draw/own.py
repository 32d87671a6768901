"""Teach it my handwriting: the learner's labelled examples, their gallery, and the file that keeps them.

Everything stays in the visitor's session: the examples, the file they download and the one they bring back
are never written to the server's disk."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lessons.draw.settings import KEEP, PAGE
from nnviz import finetune
from nnviz.finetune import SYMBOL, Examples, Problem

EXAMPLES = "own.examples"  # held: the learner's Examples
SAID = "own.said"  # held: (kind, words, the drawing they are about or None) on the last example or file
UPLOAD = "own.upload"
THUMB = 56  # screen pixels a side of an example in the gallery
NAME_LENGTH = finetune.NAME_MOST  # characters of the symbol's name shown

REFUSALS = {
    Problem.TOO_BIG: "That file is {found}; an examples file may be 300 kB at most.",
    Problem.NOT_NPZ: "That is not an examples file: it must be a .npz file, as the download button makes.",
    Problem.MISSING: "That .npz file has no {found} array; an examples file holds 'digits' and 'labels'.",
    Problem.SHAPE: "Its digits have the shape {found}; each must be 28x28 pixels.",
    Problem.DTYPE: "Its pixels are {found}; they must be whole numbers from 0 to 255 (uint8).",
    Problem.LABELS: "It has a label {found}; labels are the digits 0 to 9, and 10 for your own symbol.",
    Problem.MISMATCH: "It holds {found}; it needs exactly one label per digit.",
    Problem.TOO_MANY: "It holds {found}; at most {most} examples in all and {per} of one digit fit.",
}


def symbol() -> str:
    """The name the learner gave their own symbol."""
    return PAGE.values.symbol.strip()[:NAME_LENGTH] or "symbol"


def name(label: int) -> str:
    """A label as the page writes it: the digit, or the symbol's name."""
    return str(label) if label < SYMBOL else symbol()


def examples() -> Examples:
    return PAGE.held(EXAMPLES, Examples.none)


def add(digit: np.ndarray, label: int) -> None:
    """Keep the prepared drawing as an example of `label`, unless it is in already or there is no room."""
    have = examples()
    if any(np.array_equal(digit, kept) for kept in have.x):
        PAGE.keep(SAID, ("info", "That drawing is in already: clear the canvas and draw another.", digit.tobytes()))
    elif not have.room_for(label):
        full = f"No room: {finetune.PER_DIGIT} of each digit and {finetune.MOST} in all."
        PAGE.keep(SAID, ("warning", full, digit.tobytes()))
    else:
        PAGE.keep(EXAMPLES, have.add(digit, label))
        added = f"Added as a {name(label)}. Clear the canvas and draw the next one."
        PAGE.keep(SAID, ("success", added, digit.tobytes()))


def delete(index: int) -> None:
    PAGE.keep(EXAMPLES, examples().without(index))
    PAGE.forget(SAID)


def bring_back() -> None:
    """The uploader's handler: the file's examples take the place of the ones held, unless it is refused."""
    upload = PAGE.widget(UPLOAD)
    if upload is None:
        return
    read = finetune.decode(upload.getvalue())
    if isinstance(read, finetune.Refused):
        words = REFUSALS[read.problem].format(found=read.found, most=finetune.MOST, per=finetune.PER_DIGIT)
        PAGE.keep(SAID, ("warning", f"{words} Your examples are as they were.", None))
    else:
        PAGE.keep(EXAMPLES, read)
        if read.symbol:  # the name the symbol had when the file was made
            PAGE.values.symbol = read.symbol
        PAGE.keep(SAID, ("success", f"{len(read)} example{'s' * (len(read) != 1)} brought back.", None))


def collect(digit: np.ndarray) -> None:
    """The buttons that label the drawing on the canvas: one per digit, one for the learner's own symbol."""
    st.markdown("**This is a ...** (click what you drew to keep it as an example)")
    row = st.container(horizontal=True, key=PAGE.key("labels"), vertical_alignment="bottom")
    for label in range(SYMBOL + 1):
        row.button(name(label), key=PAGE.key(f"add{label}"), on_click=add, args=(digit, label))
    row.text_input("Or a symbol of your own (a star, a letter): its name", key=PAGE.keys.symbol,
                   max_chars=NAME_LENGTH, width=260, persist_state=KEEP)  # fmt: skip
    kind, words, about = PAGE.held(SAID, lambda: (None, None, None))
    if kind is not None and about in (None, digit.tobytes()):  # a word on a drawing goes with the drawing
        getattr(st, kind)(words)


def gallery() -> None:
    """The examples grouped by label, each with a button that deletes it."""
    have = examples()
    counts = have.counts()
    each = ", ".join(f"{count} of {name(label)}" for label, count in enumerate(counts) if count)
    st.caption(f"{len(have)} example{'s' * (len(have) != 1)}: {each}" if len(have) else "No examples yet.")
    for label in (d for d in range(SYMBOL + 1) if counts[d]):
        row = st.container(horizontal=True, key=PAGE.key(f"gallery{label}"))
        row.markdown(f"**{name(label)}** ({counts[label]})")
        for index in np.flatnonzero(have.y == label):
            cell = row.container(width=THUMB + 8, gap="small")
            cell.image(have.x[index], width=THUMB, clamp=True, alt=f"your example of a {name(label)}")
            cell.button("", key=PAGE.key(f"del{index}"), on_click=delete, args=(int(index),),
                        icon=":material/close:", help=f"Delete this {name(label)}")  # fmt: skip


def save_and_load() -> None:
    """Download the examples, or bring a downloaded file back."""
    have = examples()
    left, right = st.columns(2)
    left.download_button("Download your examples (.npz)", finetune.encode(have, symbol()), "my-digits.npz",
                         "application/octet-stream", key=PAGE.key("save"), disabled=not len(have))  # fmt: skip
    right.file_uploader("Bring examples back (.npz)", type=["npz"], key=PAGE.key(UPLOAD), on_change=bring_back,
                        max_upload_size=1)  # fmt: skip
