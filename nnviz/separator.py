"""The linear separator: one line, its prediction, and two ways to learn it.

A line `w1*x1 + w2*x2 + b = 0` splits the plane; a point is predicted as
class 1 when its score `w1*x1 + w2*x2 + b` is above 0. The perceptron rule
nudges the line towards each point it gets wrong; logistic regression
swaps the step for a sigmoid, so the loss has a gradient to follow.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np

from nnviz.outcome import Outcome, Why, blew_up, limit


@dataclass(frozen=True)
class Line:
    w1: float
    w2: float
    b: float

    def score(self, X: np.ndarray) -> np.ndarray:
        return X[:, 0] * self.w1 + X[:, 1] * self.w2 + self.b

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (self.score(X) > 0).astype(int)

    def errors(self, X: np.ndarray, y: np.ndarray) -> int:
        return int(np.sum(self.predict(X) != y))


WORKED_LINE = Line(2.0, 1.0, -10.0)  # 2*credit + income - 10 = 0
NEW_BORROWER = (6.0, 5.0)


def number(v: float) -> str:
    """A number as a person writes it: 2 not 2.0, 0.5, no -0."""
    v = round(float(v), 4)
    return f"{v + 0.0:g}"


def _times(w: float, x: float) -> str:
    shown_x = number(x) if x >= 0 else f"({number(x)})"
    if w == 1:
        return shown_x
    return f"{number(w)}*{shown_x}"


def _signed(text_of_magnitude: str, negative: bool) -> str:
    return f" - {text_of_magnitude}" if negative else f" + {text_of_magnitude}"


def equation(line: Line, digits: int = 2) -> str:
    """The line as an equation, rounded for reading: '0.48*x1 + 0.13*x2 - 3.54 = 0'."""
    w1, w2, b = (round(v, digits) for v in (line.w1, line.w2, line.b))
    return f"{number(w1)}*x1{_signed(number(abs(w2)) + '*x2', w2 < 0)}{_signed(number(abs(b)), b < 0)} = 0"


@dataclass(frozen=True)
class Prediction:
    score: float
    label: int  # 1 when the score is above 0
    sum_text: str  # e.g. "2*6 + 5 - 10 = 7 > 0"


def predict_point(line: Line, point: tuple[float, float]) -> Prediction:
    """The line's verdict on one point, with the arithmetic written out."""
    x1, x2 = point
    score = round(line.w1 * x1 + line.w2 * x2 + line.b, 6)
    first = f"-{_times(-line.w1, x1)}" if line.w1 < 0 else _times(line.w1, x1)
    second = _signed(_times(abs(line.w2), x2), line.w2 < 0)
    bias = _signed(number(abs(line.b)), line.b < 0)
    relation = " > 0" if score > 0 else (" < 0" if score < 0 else ", not > 0")
    return Prediction(score, int(score > 0), f"{first}{second}{bias} = {number(score)}{relation}")


def sigmoid(s: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * s))  # the same as 1/(1+e^-s), without overflow


def log_loss(line: Line, X: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy of sigmoid(score) against the labels."""
    signed = line.score(X) * (1 - 2 * y)  # positive when the point is on its wrong side
    return float(np.mean(np.logaddexp(0.0, signed)))


def perceptron_loss(line: Line, X: np.ndarray, y: np.ndarray) -> float:
    """How far, on average, wrong points sit on the wrong side (0 when all are right)."""
    return float(np.mean(np.maximum(0.0, line.score(X) * (1 - 2 * y))))


RULES = {"perceptron": perceptron_loss, "logistic regression": log_loss}
BATCH = 16  # points per logistic-regression update
LINEAR_LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def random_line(seed: int, low: float = 1.0, high: float = 10.0) -> Line:
    """A seeded random line through the data square, so it starts in view."""
    rng = np.random.default_rng(seed)
    through = rng.uniform(low + 2, high - 2, 2)
    angle = rng.uniform(0, 2 * np.pi)
    w = 0.5 * np.array([math.cos(angle), math.sin(angle)])
    return Line(float(w[0]), float(w[1]), float(-w @ through))


class LineLearner:
    """Learns a line step by step with one of RULES; keeps a history for charts.

    Points are visited in a seeded shuffled order. A perceptron update finds
    the next point on the wrong side and moves the line towards it; a
    logistic-regression update takes a gradient step on the next BATCH points.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, rule: str, lr: float, seed: int):
        if rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}; choose one of {sorted(RULES)}")
        self.X, self.y, self.rule, self.lr = X, y, rule, lr
        self.order = np.random.default_rng(seed).permutation(len(y))
        self.weights = np.array(list(vars(random_line(seed)).values()))  # (3,) w1, w2, b
        self.visited = 0  # points looked at so far; an epoch is len(y) of them
        self.updates = 0
        self.converged = False
        self.diverged: Outcome | None = None  # where the loss blew up (nnviz.outcome's rule), if it did
        self.last_point: int | None = None  # the point the last perceptron update fixed
        self.history = [self._record()]

    @property
    def line(self) -> Line:
        return Line(*map(float, self.weights))

    @property
    def epoch(self) -> float:
        return self.visited / len(self.y)

    @property
    def stopped(self) -> bool:
        return self.converged or self.diverged is not None

    def _record(self) -> dict:
        line = self.line
        loss = RULES[self.rule](line, self.X, self.y)
        return {"update": self.updates, "errors": line.errors(self.X, self.y), "loss": loss}

    def _inputs(self, idx: np.ndarray) -> np.ndarray:
        return np.column_stack([self.X[idx], np.ones(len(idx))])  # (B, 3): the bias sees a constant 1

    def gradient(self, idx: np.ndarray) -> np.ndarray:
        """d(log loss)/d(w1, w2, b) on the points idx."""
        inputs = self._inputs(idx)
        return inputs.T @ (sigmoid(inputs @ self.weights) - self.y[idx]) / len(idx)

    def _perceptron_delta(self) -> np.ndarray | None:
        n = len(self.y)
        for j in range(n):
            i = self.order[(self.visited + j) % n]
            target = 2 * self.y[i] - 1  # +1 or -1
            if target * (self._inputs(np.array([i])) @ self.weights)[0] <= 0:
                self.visited += j + 1
                self.last_point = int(i)
                return self.lr * target * self._inputs(np.array([i]))[0]
        self.converged = True  # every point is on its own side: nothing left to fix
        return None

    def _logistic_delta(self) -> np.ndarray:
        n = len(self.y)
        idx = self.order[(self.visited + np.arange(BATCH)) % n]
        self.visited += BATCH
        return -self.lr * self.gradient(idx)

    def step(self) -> dict | None:
        """One update; None once converged or diverged."""
        if self.stopped:
            return None
        delta = self._perceptron_delta() if self.rule == "perceptron" else self._logistic_delta()
        if delta is None:
            return None
        self.weights = self.weights + delta
        self.updates += 1
        self.history.append(self._record())
        loss, start = self.history[-1]["loss"], self.history[0]["loss"]
        if blew_up(loss, start):  # weights that overflow make the loss infinite or NaN too
            self.diverged = Outcome(Why.DIVERGED, step=self.updates, value=loss, start=start, limit=limit(start),
                                    lr=self.lr)  # fmt: skip
        return self.history[-1]

    def run_epoch(self) -> None:
        """Updates until one more pass over the data is complete."""
        target = math.floor(self.epoch) + 1
        while self.epoch < target and self.step() is not None:
            pass

    def peek(self) -> np.ndarray | None:
        """The change (dw1, dw2, db) the next update would make, without making it."""
        ahead = copy.deepcopy(self)
        ahead.history = []
        before = ahead.weights
        return None if ahead.step() is None else ahead.weights - before


def lift(X: np.ndarray) -> np.ndarray:
    """Add a third input, x3 = (x1² + x2²) / 5: the squared distance from the centre, on the plot's scale."""
    return np.column_stack([X, (X**2).sum(axis=1) / 5.0])  # (N, 3)


def fit_plane(X: np.ndarray, y: np.ndarray, steps: int = 400, lr: float = 0.3) -> tuple[np.ndarray, float]:
    """Logistic regression on any number of inputs by plain gradient descent: weights (D,), bias."""
    inputs = np.column_stack([X, np.ones(len(y))])  # (N, D + 1)
    weights = np.zeros(inputs.shape[1])
    for _ in range(steps):
        weights -= lr * inputs.T @ (sigmoid(inputs @ weights) - y) / len(y)
    return weights[:-1], float(weights[-1])
