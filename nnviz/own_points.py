"""Points a learner places or brings: a small, bounded set of (x, y, label), edited point by point, carried in a
link as compact text, and read from or written to a CSV table of `x, y, label`.

Every set is bounded (MAX_POINTS points, labels 0 to MAX_CLASSES - 1, coordinates rounded to DECIMALS places),
so a link or a file can never make the lesson do more work than it was built for.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

MAX_POINTS = 200  # a set, a link and a table hold at most this many points
MAX_CLASSES = 3  # labels 0, 1 and 2
DECIMALS = 2
MAX_BYTES = 32_000  # the most of a file `parse_csv` reads (200 rows of x, y, label fit in a tenth of it)
COLUMNS = ("x", "y", "label")


@dataclass(frozen=True)
class PointSet:
    xs: tuple[float, ...] = ()
    ys: tuple[float, ...] = ()
    labels: tuple[int, ...] = ()

    def __post_init__(self):
        if not len(self.xs) == len(self.ys) == len(self.labels) <= MAX_POINTS:
            raise ValueError(f"a point set holds up to {MAX_POINTS} points, each with x, y and a label")
        if any(label not in range(MAX_CLASSES) for label in self.labels):
            raise ValueError(f"labels run from 0 to {MAX_CLASSES - 1}")
        if not all(math.isfinite(v) for v in self.xs + self.ys):
            raise ValueError("every coordinate must be a finite number")

    def __len__(self) -> int:
        return len(self.labels)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """X, a float (n, 2) array, and y, an int (n,) array, as the learners take them."""
        return np.column_stack([self.xs, self.ys]).reshape(-1, 2).astype(float), np.array(self.labels, dtype=int)

    def counts(self) -> list[int]:
        """How many points each class has, class 0 first."""
        return [self.labels.count(label) for label in range(MAX_CLASSES)]


def _round(v: float) -> float:
    return round(float(v), DECIMALS) + 0.0  # no -0.0


def from_arrays(X: np.ndarray, y: np.ndarray, lo: float, hi: float) -> PointSet:
    """The first MAX_POINTS points of a dataset, rounded and kept inside lo..hi."""
    X = np.clip(np.asarray(X, dtype=float)[:MAX_POINTS], lo, hi)
    return PointSet(tuple(map(_round, X[:, 0])), tuple(map(_round, X[:, 1])), tuple(int(v) for v in y[:MAX_POINTS]))


def nearest(points: PointSet, x: float, y: float) -> tuple[int, float] | None:
    """The index of the point closest to (x, y) and its distance; None for an empty set."""
    if not len(points):
        return None
    X, _ = points.arrays()
    distance = np.hypot(X[:, 0] - x, X[:, 1] - y)
    return int(distance.argmin()), float(distance.min())


def add(points: PointSet, x: float, y: float, label: int) -> PointSet:
    """The set with one more point; the same set when it is full."""
    if len(points) >= MAX_POINTS:
        return points
    return PointSet(points.xs + (_round(x),), points.ys + (_round(y),), points.labels + (int(label),))


def remove(points: PointSet, index: int) -> PointSet:
    keep = [i for i in range(len(points)) if i != index]
    return PointSet(*(tuple(column[i] for i in keep) for column in (points.xs, points.ys, points.labels)))


def toggle(points: PointSet, x: float, y: float, label: int, radius: float) -> PointSet:
    """A click at (x, y): removes the nearest point within `radius`, else adds one of class `label` there."""
    found = nearest(points, x, y)
    if found is not None and found[1] <= radius:
        return remove(points, found[0])
    return add(points, x, y, label)


def to_link(points: PointSet) -> str:
    """Compact text for a URL: `x,y,label` per point, points joined by `_`, e.g. `1.5,2,0_3.25,4,1`."""
    return "_".join(f"{x:g},{y:g},{c}" for x, y, c in zip(points.xs, points.ys, points.labels, strict=True))


def from_link(text: str, lo: float, hi: float) -> PointSet:
    """The set a link's text describes; ValueError when it is malformed, too long or outside lo..hi."""
    parts = [p for p in text.split("_") if p] if text else []
    if len(parts) > MAX_POINTS:
        raise ValueError(f"{len(parts)} points, more than {MAX_POINTS}")
    xs, ys, labels = [], [], []
    for part in parts:
        x, y, label = part.split(",")  # a ValueError unless exactly three fields
        x, y = float(x), float(y)
        if not (lo <= x <= hi and lo <= y <= hi) or round(x, DECIMALS) != x or round(y, DECIMALS) != y:
            raise ValueError(part)
        xs.append(x), ys.append(y), labels.append(int(label))
    return PointSet(tuple(xs), tuple(ys), tuple(labels))


def to_csv(points: PointSet) -> str:
    rows = [",".join(COLUMNS)]
    rows += [f"{x:g},{y:g},{c}" for x, y, c in zip(points.xs, points.ys, points.labels, strict=True)]
    return "\n".join(rows) + "\n"


@dataclass(frozen=True)
class CsvProblem:
    """Why a table could not be read, in one sentence, and the line of the file it is about (1 is the header)."""

    message: str
    line: int | None = None


def _cell(row: dict, name: str, line: int, lo: float, hi: float) -> float | CsvProblem:
    text = (row.get(name) or "").strip()
    if not text:
        return CsvProblem(f"Line {line}: the {name} column is empty.", line)
    try:
        value = float(text)
    except ValueError:
        return CsvProblem(f"Line {line}: {name} is '{text[:20]}', which is not a number.", line)
    if math.isnan(value):
        return CsvProblem(f"Line {line}: {name} is NaN; every point needs a number there.", line)
    if not lo <= value <= hi:
        return CsvProblem(f"Line {line}: {name} = {text[:20]} is outside the plot's range, {lo:g} to {hi:g}.", line)
    return value


def _label(row: dict, line: int) -> int | CsvProblem:
    text = (row.get("label") or "").strip()
    if text not in {str(c) for c in range(10)}:
        return CsvProblem(f"Line {line}: the label is '{text[:20]}'; labels are the class numbers 0, 1 or 2.", line)
    if int(text) >= MAX_CLASSES:
        return CsvProblem(f"Line {line}: the label {text} makes too many classes; a table may use 0, 1 and 2.", line)
    return int(text)


def _rows(data: bytes) -> list[dict] | CsvProblem:
    if len(data) > MAX_BYTES:
        return CsvProblem(f"The file is {len(data) / 1000:.0f} kB; the most this lesson reads is "
                          f"{MAX_BYTES // 1000} kB ({MAX_POINTS} rows).")  # fmt: skip
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return CsvProblem("The file is not plain text: save the table as CSV (UTF-8) and try again.")
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if missing := [name for name in COLUMNS if name not in header]:
        return CsvProblem(f"Line 1: the header has no {', '.join(missing)} column; it needs x, y and label.", 1)
    reader.fieldnames = header
    rows = []
    for row in reader:
        if any(isinstance(v, str) and v.strip() for v in row.values()):  # blank lines are skipped
            rows.append(row | {"_line": reader.line_num})
    if len(rows) > MAX_POINTS:
        return CsvProblem(f"The table has {len(rows)} rows; the most this lesson takes is {MAX_POINTS}.")
    return rows


def parse_csv(data: bytes, lo: float, hi: float) -> PointSet | CsvProblem:
    """The points of a CSV table with the columns x, y and label (any order, a header line first), or the first
    thing wrong with it."""
    rows = _rows(data)
    if isinstance(rows, CsvProblem):
        return rows
    xs, ys, labels = [], [], []
    for row in rows:
        line = row["_line"]
        cells = (_cell(row, "x", line, lo, hi), _cell(row, "y", line, lo, hi), _label(row, line))
        if problem := next((c for c in cells if isinstance(c, CsvProblem)), None):
            return problem
        xs.append(_round(cells[0])), ys.append(_round(cells[1])), labels.append(cells[2])
    if len(set(labels)) < 2:
        if not labels:
            return CsvProblem("Line 2: the table has a header but no rows of points.", 2)
        last = rows[-1]["_line"]
        return CsvProblem(f"Lines 2 to {last}: every row has the label {labels[0]}, but a table needs at least "
                          "two classes to learn from.", 2)  # fmt: skip
    return PointSet(tuple(xs), tuple(ys), tuple(labels))


def split(points: PointSet, share: float, seed: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(train, test): a seeded `share` of each class held out for testing (none when share is 0)."""
    X, y = points.arrays()
    rng = np.random.default_rng(seed)
    test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        test[members[: int(round(share * len(members)))]] = True
    return (X[~test], y[~test]), (X[test], y[test])
