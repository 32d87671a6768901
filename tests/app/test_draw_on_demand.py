"""The Draw page answers a stroke first and works out the heavier views only on demand (issue 17): a closed box
costs a stroke nothing, an open one follows every stroke, and a rerun that leaves the drawing as it was reuses
what was worked out for it. The canvas component is replaced as in test_draw_page.py."""

import numpy as np
import pytest

from lessons.draw import canvas as panel
from lessons.draw import inside
from nnviz import handwriting, insight
from tests.helpers import charts, open_link

PAGE = "lessons/draw/page.py"


@pytest.fixture
def counted(monkeypatch, mnist):
    """The canvas stood in for by two training digits redrawn as strokes; counts of the heavy work done."""
    skeletons = handwriting.skeletons(mnist.train_x[15:17])  # a 7, then a 2
    drawings = [handwriting.drawings(s, (18,), np.random.default_rng(0))[0] for s in skeletons]
    state = {"pixels": drawings[0], "drawings": drawings, "layers": 0, "occlusion": 0}
    monkeypatch.setattr(panel, "drawing", lambda brush, config: state["pixels"])

    def counting(name, work):
        def counted_work(*args):
            state[name] += 1
            return work(*args)

        return counted_work

    monkeypatch.setattr(inside, "layer_activations", counting("layers", insight.layer_activations))
    monkeypatch.setitem(insight.ATTRIBUTIONS, "occlusion", counting("occlusion", insight.occlusion))
    return state


def keys(at) -> list[str]:
    return [c.key for c in charts(at)]


def test_a_stroke_shows_the_answer_and_leaves_the_heavy_views_for_later(new_app, counted):
    at = open_link(lambda: new_app(timeout=300), PAGE)
    assert at.metric[0].value == "7" and keys(at) == ["draw.bars", "draw.stages"]
    assert counted["layers"] == counted["occlusion"] == 0  # closed boxes: no layer, no occlusion worked out
    labels = [e.label for e in at.get("expander")]
    assert labels == [
        "The 28x28 grid of numbers, 0 to 255, that the model receives",
        "Every hidden layer's output, for your drawing",
        "Which pixels made it say that?",
        "Your examples, and a CNN fine-tuned on them",
    ]
    counted["pixels"] = counted["drawings"][1]
    at.run()
    assert at.metric[0].value == "2" and counted["layers"] == counted["occlusion"] == 0


def test_an_open_view_follows_every_stroke_and_reuses_its_work_for_the_same_drawing(new_app, counted):
    at = open_link(lambda: new_app(timeout=300), PAGE, layers="1", why="1")
    assert "draw.map" in keys(at) and any(k.startswith("draw.layer ") for k in keys(at))
    assert (counted["layers"], counted["occlusion"]) == (1, 1)
    at.radio(key="draw.model").set_value("MLP").run()  # the MLP's own layers and map
    assert (counted["layers"], counted["occlusion"]) == (2, 2)
    at.radio(key="draw.model").set_value("CNN (default)").run()  # back: the CNN's are remembered
    at.slider(key="draw.brush").set_value(20).run()  # a rerun that leaves the drawing as it was
    assert (counted["layers"], counted["occlusion"]) == (2, 2) and at.metric[0].value == "7"
    counted["pixels"] = counted["drawings"][1]
    at.run()  # a new drawing: worked out again, for it
    assert (counted["layers"], counted["occlusion"]) == (3, 3) and at.metric[0].value == "2"
    assert any("why CNN (default) says 2" in c.spec for c in charts(at))
