"""A learner's own points: editing, the link's text, and reading a CSV table."""

import numpy as np
import pytest

from nnviz import own_points as op
from nnviz import toy_data
from nnviz.own_points import CsvProblem, PointSet
from nnviz.separator_net import NetSpec, NetTrainer

LO, HI = 0.0, 11.0
THREE = PointSet((1.25, 3.0, 9.5), (2.0, 4.5, 10.0), (0, 1, 1))


def test_a_link_carries_the_points_exactly():
    text = op.to_link(THREE)
    assert text == "1.25,2,0_3,4.5,1_9.5,10,1"
    assert op.from_link(text, LO, HI) == THREE
    assert op.from_link("", LO, HI) == PointSet()
    negative = op.from_arrays(*toy_data.make("ring", 200, 0.1, 3), -5, 5)
    assert len(negative) == 200 and op.from_link(op.to_link(negative), -5, 5) == negative


@pytest.mark.parametrize(
    "text",
    ["1,2", "1,2,0,4", "a,2,0", "1,2,7", "1,2,0.5", "12,2,0", "1,-1,0", "1.234,2,0", "nan,2,0", "1,2,0__x"],
)
def test_a_malformed_link_is_refused(text):
    with pytest.raises(ValueError):
        op.from_link(text, LO, HI)


def test_a_link_with_too_many_points_is_refused():
    with pytest.raises(ValueError, match="more than 200"):
        op.from_link("_".join(["1,1,0"] * 201), LO, HI)


def test_clicks_add_and_remove_and_a_full_set_takes_no_more():
    one = op.toggle(PointSet(), 2.0, 3.0, 1, radius=0.2)
    assert one == PointSet((2.0,), (3.0,), (1,))
    two = op.toggle(one, 5.004, 6.0, 0, radius=0.2)
    assert two.labels == (1, 0) and two.xs == (2.0, 5.0)  # rounded to two decimals
    assert op.toggle(two, 2.1, 3.1, 0, radius=0.2) == PointSet((5.0,), (6.0,), (0,))  # near a point: removed
    full = op.from_arrays(np.ones((200, 2)), np.zeros(200, int), LO, HI)
    assert op.add(full, 5.0, 5.0, 1) is full
    with pytest.raises(ValueError):
        PointSet((1.0,) * 201, (1.0,) * 201, (0,) * 201)


def test_csv_round_trip():
    text = op.to_csv(THREE)
    assert text.splitlines()[0] == "x,y,label"
    assert op.parse_csv(text.encode(), LO, HI) == THREE


def test_csv_columns_may_come_in_any_order_with_spaces_and_blank_lines():
    data = b"Label, Y ,x,note\n0,2,1,a\n\n1,4,3,b\n"
    assert op.parse_csv(data, LO, HI) == PointSet((1.0, 3.0), (2.0, 4.0), (0, 1))


CSV_PROBLEMS = {
    "missing column": (b"x,label\n1,0\n2,1\n", "Line 1: the header has no y column; it needs x, y and label.", 1),
    "text in a number": (b"x,y,label\n1,2,0\n3,abc,1\n", "Line 3: y is 'abc', which is not a number.", 3),
    "NaN": (b"x,y,label\n1,2,0\n2,3,1\nNaN,3,1\n", "Line 4: x is NaN; every point needs a number there.", 4),
    "empty cell": (b"x,y,label\n1,,0\n", "Line 2: the y column is empty.", 2),
    "off the plot": (b"x,y,label\n1,2,0\n40,2,1\n", "Line 3: x = 40 is outside the plot's range, 0 to 11.", 3),
    "single class": (b"x,y,label\n1,2,0\n3,4,0\n5,6,0\n",
                     "Lines 2 to 4: every row has the label 0, but a table needs at least two classes to learn from.",
                     2),
    "too many classes": (b"x,y,label\n1,2,0\n3,4,1\n5,6,3\n",
                         "Line 4: the label 3 makes too many classes; a table may use 0, 1 and 2.", 4),
    "label not a class": (b"x,y,label\n1,2,cat\n",
                          "Line 2: the label is 'cat'; labels are the class numbers 0, 1 or 2.", 2),
    "no rows": (b"x,y,label\n", "Line 2: the table has a header but no rows of points.", 2),
}  # fmt: skip


@pytest.mark.parametrize("case", CSV_PROBLEMS)
def test_each_csv_problem_is_one_sentence_with_its_line(case):
    data, message, line = CSV_PROBLEMS[case]
    assert op.parse_csv(data, LO, HI) == CsvProblem(message, line)


def test_csv_limits_on_rows_bytes_and_encoding():
    rows = b"x,y,label\n" + b"1,1,0\n2,2,1\n" * 101
    assert op.parse_csv(rows, LO, HI) == CsvProblem("The table has 202 rows; the most this lesson takes is 200.")
    huge = b"x,y,label\n" + b"1,1,0" + b" " * op.MAX_BYTES
    assert "the most this lesson reads is 32 kB" in op.parse_csv(huge, LO, HI).message
    assert "not plain text" in op.parse_csv(b"\xff\xfe\x00x", LO, HI).message
    three = op.parse_csv(b"x,y,label\n1,1,0\n2,2,1\n3,3,2\n", LO, HI)
    assert three.counts() == [1, 1, 1]  # the engine reads three classes; the lesson says what it does with them


def test_the_split_holds_out_a_share_of_each_class_and_none_means_none():
    points = op.from_arrays(*toy_data.make("xor", 40, 0.1, 0), -5, 5)
    (X_train, y_train), (X_test, y_test) = op.split(points, 0.3, seed=1)
    per_class = np.bincount(points.arrays()[1])
    assert np.bincount(y_test).tolist() == [round(0.3 * n) for n in per_class]
    assert len(y_train) + len(y_test) == 40
    assert op.split(points, 0.3, seed=1)[1][0].tolist() == X_test.tolist()  # seeded
    (_, y_all), (X_none, _) = op.split(points, 0.0, seed=1)
    assert len(y_all) == 40 and X_none.shape == (0, 2)


def test_the_network_trains_on_own_points_with_or_without_a_test_share():
    points = op.from_arrays(*toy_data.make("blobs", 30, 0.0, 0), -5, 5)
    held = NetTrainer(NetSpec(hidden=(4,), points=points, test_share=0.2))
    assert (len(held.y_train), len(held.y_test)) == (24, 6)
    none = NetTrainer(NetSpec(hidden=(4,), points=points, test_share=0.0, lr=0.1))
    start = none.history[0]["train_loss"]
    last = none.step(30)
    assert len(none.y_train) == 30 and np.isnan(last["test_loss"]) and last["train_loss"] < start
    with pytest.raises(ValueError):
        NetSpec(points=points, test_share=1.0)  # something must be left to learn from


def test_the_network_sorts_three_classes_of_own_points_with_a_softmax():
    rng = np.random.default_rng(0)
    centres = [(-3.0, 3.0), (3.0, 3.0), (0.0, -3.0)]
    X = np.concatenate([rng.normal(c, 0.5, (10, 2)) for c in centres])
    points = op.from_arrays(X, np.repeat([0, 1, 2], 10), -5, 5)
    trainer = NetTrainer(NetSpec(hidden=(8,), points=points, test_share=0.0, lr=0.1))
    assert trainer.spec.classes == 3 and trainer.history[0]["train_loss"] == pytest.approx(np.log(3), abs=0.5)
    trainer.step(200)
    assert trainer.history[-1]["train_acc"] == 1.0
    grid = trainer.probability_grid()  # each class's probability at every cell
    assert grid.shape == (3, len(trainer.ys), len(trainer.xs)) and np.allclose(grid.sum(0), 1, atol=1e-5)
    two = NetTrainer(NetSpec(hidden=(4,), points=op.from_arrays(X[:20], np.repeat([0, 1], 10), -5, 5)))
    assert two.spec.classes == 2 and two.probability_grid().shape == (len(two.ys), len(two.xs))
