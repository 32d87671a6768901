"""A live chart's figure goes to the page as plotly's own JSON says it, without plotly's deep copy."""

import base64
import json
import math

import numpy as np
import plotly.io
import pytest

from nnviz.figures.projector import for_projector
from tests.engine.figure_gallery import gallery
from ui import live_chart

FIGURES = gallery()


def _plain(value):
    """JSON as plotly.js reads it: a typed array (dtype, base64 bytes, shape) as the numbers it holds."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            numbers = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                numbers = numbers.reshape([int(n) for n in str(value["shape"]).split(",")])
            return _plain(numbers.tolist())
        return {name: _plain(v) for name, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value != value:
        return None  # a gap: NaN in a typed array, null in a list
    return value


def _same(ours, plotly_s) -> bool:
    """Equal, numbers to float32's precision (float32 arrays go out as float32's shortest decimals)."""
    if isinstance(ours, dict) and isinstance(plotly_s, dict):
        return ours.keys() == plotly_s.keys() and all(_same(ours[k], plotly_s[k]) for k in ours)
    if isinstance(ours, list) and isinstance(plotly_s, list):
        return len(ours) == len(plotly_s) and all(_same(a, b) for a, b in zip(ours, plotly_s, strict=True))
    numbers = (int, float)
    if isinstance(ours, numbers) and isinstance(plotly_s, numbers) and not isinstance(ours, bool):
        return math.isclose(ours, plotly_s, rel_tol=1e-6, abs_tol=1e-30)
    return ours == plotly_s


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_live_chart_sends_what_plotly_would(name):
    fig = FIGURES[name][0]
    for shown in (fig, for_projector(fig)):
        assert _same(_plain(json.loads(live_chart.spec(shown))), _plain(json.loads(plotly.io.to_json(shown))))


def test_nothing_is_lost_from_a_figure_with_gaps():
    """NaN, a gap in a line, goes out as plotly's null."""
    fig = FIGURES["training_curve"][0]
    gapped = fig.update_traces(y=np.array([1.0, np.nan, 0.5]), x=np.array([0.0, 1.0, 2.0]), selector=0)
    assert json.loads(live_chart.spec(gapped))["data"][0]["y"] == [1.0, None, 0.5]
