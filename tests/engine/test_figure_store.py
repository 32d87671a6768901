"""Figures built once for equal arguments (nnviz/figures/shared.py)."""

import dataclasses

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from nnviz.figures import describe
from nnviz.figures.shared import STORE, Unhashable, _Store, fingerprint, shared

calls = []


@shared
def bars(values: np.ndarray, title: str = "") -> go.Figure:
    calls.append(title)
    return go.Figure(go.Bar(y=values), layout=dict(title=title))


@pytest.fixture(autouse=True)
def empty_store():
    STORE.clear()
    calls.clear()


def test_equal_arguments_give_the_same_figure_built_once():
    first = bars(np.arange(3.0), title="a")
    assert bars(np.arange(3.0), title="a") is first
    assert calls == ["a"] and (STORE.built, STORE.reused) == (1, 1)


@pytest.mark.parametrize(
    "other",
    [
        (np.arange(3.0) + [0, 0, 1e-9], "a"),  # one value a hair apart
        (np.arange(3.0).astype(np.float32), "a"),  # the same numbers in another type
        (np.arange(3.0).reshape(3, 1), "a"),  # another shape
        (np.arange(3.0), "b"),
    ],
)
def test_any_difference_in_the_arguments_gives_a_figure_of_its_own(other):
    first = bars(np.arange(3.0), title="a")
    assert bars(other[0], title=other[1]) is not first
    assert STORE.built == 2


def test_an_argument_without_a_fingerprint_is_built_every_time_and_not_kept():
    class Opaque:
        pass

    @shared
    def built(thing) -> go.Figure:
        return go.Figure()

    assert built(Opaque()) is not built(Opaque())
    assert (STORE.unkept, len(STORE)) == (2, 0)
    with pytest.raises(Unhashable):
        fingerprint(Opaque())
    with pytest.raises(Unhashable):
        fingerprint(lambda x: x)  # a lambda's behaviour is not in its name


def test_models_dataclasses_and_containers_are_told_apart_by_what_they_hold():
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: float
        y: float

    assert fingerprint(Point(1.0, 2.0)) == fingerprint(Point(1.0, 2.0)) != fingerprint(Point(2.0, 1.0))
    assert fingerprint([1, 2]) != fingerprint((1, 2)) and fingerprint(1) != fingerprint(1.0)
    assert fingerprint({"a": 1, "b": 2}) != fingerprint({"b": 2, "a": 1})  # order can change a legend
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    before = fingerprint(model)
    with torch.no_grad():
        model.weight[0, 0] += 1
    assert fingerprint(model) != before


def test_the_store_keeps_the_most_recently_asked_for():
    store = _Store(2)
    a, b, c = go.Figure(), go.Figure(), go.Figure()
    store.put(b"a", a)
    store.put(b"b", b)
    assert store.get(b"a") is a  # now the most recent
    store.put(b"c", c)
    assert store.get(b"b") is None and store.get(b"a") is a and store.get(b"c") is c


def test_a_shared_figure_is_described_once_and_a_copy_of_it_afresh():
    fig = bars(np.arange(3.0), title="Counts")
    text = describe.summary(fig)
    assert fig._nnviz_summary == text
    copy = go.Figure(fig)  # as for_projector restyles it
    copy.update_layout(title="Other")
    assert "Other" in describe.summary(copy) and "Counts" in describe.summary(fig)
