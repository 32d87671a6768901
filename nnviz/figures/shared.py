"""Figures built once and handed to every visitor who asks for the same one.

A figure builder is a pure function of its arguments, and most visitors open a lesson on the same settings,
so a class of thirty asked the server to build the same figures thirty times: building plotly figures was
most of what a page cost (bench/load.py). A builder marked `@shared` keeps what it built under a fingerprint of
its arguments, and the same arguments give back the same figure object, in every session.

The rule that makes this safe: a figure a builder returned is never changed afterwards. What restyles a figure
for a projector (`for_projector`) and what draws it (Streamlit, ui.live_chart) copy or only read it; a caller
that wants a changed figure builds its own (a `@shared` function of its own, see lessons/backprop/page.py).
tests/app/test_shared_figures.py holds every lesson to this: a second visitor sees exactly the first one's charts.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import threading
import types
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import plotly.graph_objects as go
import torch

MAX_FIGURES = 600  # kept at once, the least recently asked for going first (a few tens of MB)

F = TypeVar("F", bound=Callable[..., go.Figure])


class Unhashable(Exception):
    """An argument that has no fingerprint: the call is built afresh and not kept."""


class _Store:
    def __init__(self, size: int):
        self.size = size
        self._figures: OrderedDict[bytes, go.Figure] = OrderedDict()
        self._lock = threading.Lock()
        self.built = self.reused = self.unkept = 0

    def get(self, key: bytes) -> go.Figure | None:
        with self._lock:
            fig = self._figures.get(key)
            if fig is not None:
                self._figures.move_to_end(key)
                self.reused += 1
            return fig

    def put(self, key: bytes, fig: go.Figure) -> None:
        with self._lock:
            self.built += 1
            self._figures[key] = fig
            while len(self._figures) > self.size:
                self._figures.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._figures.clear()
            self.built = self.reused = self.unkept = 0

    def __len__(self) -> int:
        return len(self._figures)


STORE = _Store(MAX_FIGURES)


def shared(builder: F) -> F:
    """Mark a pure figure builder: the same arguments give every caller the same figure, built once."""

    @functools.wraps(builder)
    def build(*args, **kwargs) -> go.Figure:
        try:
            key = fingerprint((builder.__module__, builder.__qualname__, args, sorted(kwargs.items())))
        except Unhashable:
            STORE.unkept += 1
            return builder(*args, **kwargs)
        fig = STORE.get(key)
        if fig is None:
            fig = builder(*args, **kwargs)
            fig._nnviz_shared = True  # read by describe.summary: a figure that never changes is described once
            STORE.put(key, fig)
        return fig

    return build  # type: ignore[return-value]


def fingerprint(value) -> bytes:
    """A digest of `value` that equal values share: numbers, text, arrays, tensors, models (their layers and
    weights), dataclasses, enums and containers of these. Anything else raises Unhashable."""
    digest = hashlib.blake2b(digest_size=20)
    _feed(value, digest)
    return digest.digest()


def _feed(value, digest) -> None:
    kind = type(value)
    digest.update(kind.__qualname__.encode())
    if value is None or isinstance(value, (bool, int, float, complex, str, enum.Enum)):
        digest.update(repr(value).encode())
    elif isinstance(value, bytes):
        digest.update(value)
    elif isinstance(value, (np.ndarray, np.generic)):
        array = np.ascontiguousarray(value)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(array.tobytes() if array.dtype != object else repr(array.tolist()).encode())
    elif isinstance(value, torch.Tensor):
        _feed(value.detach().cpu().numpy(), digest)
    elif isinstance(value, torch.nn.Module):
        digest.update(repr(value).encode())  # its layers
        _feed(list(value.state_dict().items()), digest)
    elif isinstance(value, (list, tuple)):
        digest.update(str(len(value)).encode())
        for item in value:
            _feed(item, digest)
    elif isinstance(value, dict):
        digest.update(str(len(value)).encode())
        for key, item in value.items():  # in order: a dict's order can change a figure (a legend's)
            _feed(key, digest)
            _feed(item, digest)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            digest.update(field.name.encode())
            _feed(getattr(value, field.name), digest)
    elif isinstance(value, types.FunctionType) and "<" not in value.__qualname__:  # a module's own function
        digest.update(f"{value.__module__}.{value.__qualname__}".encode())
    else:
        raise Unhashable(kind.__qualname__)
