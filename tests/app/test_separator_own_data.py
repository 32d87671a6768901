"""The separator lesson with the learner's own points (AppTest): clicks through the page's own handlers, a table
through st.file_uploader, copy and clear, and points carried in a link."""

import json

from streamlit.testing.v1 import AppTest

from lessons.separator.settings import DEFAULT
from nnviz import own_points as op
from nnviz.own_points import PointSet
from nnviz.separator_net import NetTrainer
from tests.app.test_separator_app import values
from tests.helpers import charts, open_link, url_param

PAGE = "lessons/separator/page.py"
MINE = {"net.source": "mine", "net.points": "1,1,0_2,2,0_-1,-1,1_-2,-3,1_3,-2,1"}

# The editor's handlers in a session of their own: `click` is what a click calls, `_selected` is the chart's own
# on_select, given the selection Streamlit hands it (the test writes it where the chart would keep it).
HANDLERS = """
import streamlit as st
from lessons.separator import own
from lessons.separator.settings import PAGE
from ui import settings

settings.sync(PAGE)
st.radio("class", (0, 1), key=PAGE.key("net.pick"))
if st.button("click", key="click"):
    own.click("net", *st.session_state["where"])
if st.button("select", key="select"):
    st.session_state[PAGE.key("net.editor")] = {"selection": {"points": [st.session_state["picked"]]}}
    own._selected("net")
"""


def points(at) -> PointSet:
    return at.session_state["sep.net.points"]


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def editor(at, which: str = "net") -> dict:
    chart = [c for c in charts(at) if c.id.endswith(f"-sep.{which}.editor")]
    assert len(chart) == 1
    return json.loads(chart[0].spec)


def test_clicks_add_a_point_of_the_picked_class_and_a_click_on_a_point_removes_it():
    at = AppTest.from_string(HANDLERS).run()
    at.session_state["where"] = (1.0, 2.0)
    at.button(key="click").click().run()
    assert points(at) == PointSet((1.0,), (2.0,), (0,))
    at.radio(key="sep.net.pick").set_value(1).run()
    at.session_state["picked"] = {"x": -3.25, "y": 4.5, "curve_number": 0, "point_index": 7}
    at.button(key="select").click().run()
    assert points(at) == PointSet((1.0, -3.25), (2.0, 4.5), (0, 1))
    at.session_state["where"] = (1.1, 2.05)  # on the first point, give or take a fraction of a grid step
    at.button(key="click").click().run()
    assert points(at) == PointSet((-3.25,), (4.5,), (1,))
    assert not at.exception


def test_a_link_with_points_loads_them_and_the_network_learns_from_exactly_those(new_app):
    at = open_link(new_app, PAGE, **MINE)
    assert points(at) == op.from_link(MINE["net.points"], -5, 5)
    assert url_param(at, "net.points") == MINE["net.points"]  # the address bar is a link to them
    drawn = [t for t in editor(at)["data"] if t.get("name") in ("class 0", "class 1")]
    assert [values(t["x"]).tolist() for t in drawn] == [[1, 2], [-1, -2, 3]]
    assert "Learning from 3 points; 2 kept aside to test it." in captions(at)
    at.select_slider(key="sep.net.holdout").set_value(0).run()
    assert url_param(at, "net.holdout") == "0"
    assert "Learning from all 5 points. None is held out, so there is no test figure" in captions(at)
    assert [m.label for m in at.metric] == ["Steps", "Train loss", "Train accuracy"]
    at.button(key="sep.net.step").click().run()
    assert at.metric[0].value == "5" and not at.exception


def test_a_bad_link_gives_a_notice_and_the_defaults(new_app):
    for bad in ("1,1,0_2,x,1", "_".join(["1,1,0"] * 201), "9,9,0_1,1,1"):  # malformed, too many, off the plot
        at = open_link(new_app, PAGE, **{"net.source": "mine", "net.points": bad})
        assert "`net.points=" in at.info[0].value and "defaults are shown instead" in at.info[0].value
        assert len(at.info[0].value) < 300, "a long value is quoted cut short, not whole"
        assert points(at) == PointSet()
        assert "Place at least 2 points of each class to learn from (there are 0 and 0)." in [i.value for i in at.info]


def test_a_table_through_the_uploader_replaces_the_points_and_a_bad_one_leaves_them(new_app):
    at = open_link(new_app, PAGE, **MINE)
    table = b"x,y,label\n-4,-4,0\n-3,-4,0\n4,4,1\n3,4,1\n4,3,1\n"
    at.file_uploader(key="sep.net.upload").set_value(("mine.csv", table, "text/csv")).run()
    assert points(at) == op.parse_csv(table, -5, 5)
    assert "**5** points: 2 class 0, 3 class 1, 0 class 2." in captions(at)
    at.file_uploader(key="sep.net.upload").set_value(("bad.csv", b"x,y,label\n1,2,0\n3,abc,1\n", "text/csv")).run()
    assert at.warning[0].value == "Line 3: y is 'abc', which is not a number. Your points are as they were."
    assert points(at) == op.parse_csv(table, -5, 5)
    three = b"x,y,label\n1,1,0\n2,2,1\n3,3,2\n"
    at.file_uploader(key="sep.net.upload").set_value(("three.csv", three, "text/csv")).run()
    assert points(at) == op.parse_csv(three, -5, 5) and "1 class 0, 1 class 1, 1 class 2" in captions(at)
    assert not at.exception
    line = open_link(new_app, PAGE, **{"lin.source": "mine"})  # a line sorts two classes: it says so
    line.file_uploader(key="sep.lin.upload").set_value(("three.csv", three, "text/csv")).run()
    assert "has three classes" in line.warning[0].value and line.session_state["sep.lin.points"] == PointSet()


def test_the_network_learns_three_classes_of_points_from_a_link(new_app):
    three = "_".join(f"{x},{y},{c}" for c, (x, y) in enumerate([(-3, 3), (3, 3), (0, -3)]) for _ in range(2))
    at = open_link(new_app, PAGE, **{"net.source": "mine", "net.holdout": "0", "net.points": three})
    assert "**6** points: 2 class 0, 2 class 1, 2 class 2." in captions(at)
    before = float(at.metric[1].value)
    at.button(key="sep.net.step").click().run()
    assert float(at.metric[1].value) < before and not at.exception  # the train loss falls
    drawn = json.loads([c for c in charts(at) if c.id.endswith("-sep.net.boundary")][0].spec)
    assert {t.get("name") for t in drawn["data"]} >= {"class 2 (train)", "regions: the likeliest class"}


def test_copy_and_clear_and_the_line_learns_from_own_points(new_app):
    at = open_link(new_app, PAGE, **{"net.source": "mine"})
    at.button(key="sep.net.copy").click().run()
    assert len(points(at)) == op.MAX_POINTS and "Learning from 140 points; 60 kept aside" in captions(at)
    shown = NetTrainer(DEFAULT)  # the built-in points the network learns from, before the copy
    copied, labels = points(at).arrays()
    assert (labels == shown.y_train[: op.MAX_POINTS]).all()  # the first of them, not a fresh draw
    assert abs(copied - shown.X_train[: op.MAX_POINTS]).max() <= 10.0**-op.DECIMALS
    at.button(key="sep.net.clear").click().run()
    assert points(at) == PointSet()
    at.radio(key="sep.lin.source").set_value("mine").run()
    assert "Place at least 1 point of each class to learn from (there are 0 and 0)." in [i.value for i in at.info]
    at.button(key="sep.lin.copy").click().run()
    assert len(at.session_state["sep.lin.points"]) == 60
    assert "**60** points" in captions(at)
    at.button(key="sep.lin.step").click().run()
    assert "After **1** updates" in "\n".join(m.value for m in at.markdown) and not at.exception
