"""When a line is not enough: a small network on two-feature data, trained live.

Each hidden unit of the first layer draws its own line (or, with extra
features, its own curve); later layers combine them into a curved boundary.
The trainer steps a few full-batch updates at a time and can report, for a
grid over the plane, the network's probability and every hidden unit's value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from nnviz.models import TORCH_ACTIVATIONS
from nnviz.outcome import Outcome, Why, blew_up, limit
from nnviz.own_points import PointSet
from nnviz.own_points import split as split_own
from nnviz.threads import one_thread
from nnviz.toy_data import EXTENT, make, split

# Inputs the network can be given; each is scaled to about -1..1 so none drowns the others.
FEATURES = {
    "x1": lambda X: X[:, 0] / EXTENT,
    "x2": lambda X: X[:, 1] / EXTENT,
    "x1²": lambda X: (X[:, 0] / EXTENT) ** 2,
    "x2²": lambda X: (X[:, 1] / EXTENT) ** 2,
    "x1·x2": lambda X: X[:, 0] * X[:, 1] / EXTENT**2,
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}
ACTIVATIONS = {name: TORCH_ACTIVATIONS[name] for name in ("tanh", "ReLU", "sigmoid", "none (identity)")}
LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MAX_LAYERS, MAX_WIDTH = 4, 8
GRID = 50  # cells per side of the decision picture


@dataclass(frozen=True)
class NetSpec:
    """The data and the network, everything a shared link has to carry."""

    dataset: str = "ring"
    noise: float = 0.1
    hidden: tuple[int, ...] = field(default=(4, 4))
    activation: str = "tanh"
    features: tuple[str, ...] = ("x1", "x2")
    lr: float = 0.03
    seed: int = 0
    n_points: int = 500
    points: PointSet | None = None  # the learner's own points, used instead of the dataset
    test_share: float = 0.5  # of the learner's own points, held out for testing (0: none)

    def __post_init__(self):
        if not 0 <= len(self.hidden) <= MAX_LAYERS or not all(1 <= w <= MAX_WIDTH for w in self.hidden):
            raise ValueError(f"up to {MAX_LAYERS} hidden layers of 1-{MAX_WIDTH} units each")
        unknown = set(self.features) - FEATURES.keys()
        if not self.features or unknown or self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown features {sorted(unknown)} or activation {self.activation!r}")
        if not 0 <= self.test_share < 1:
            raise ValueError("the held-out share of own points runs from 0 to below 1")

    @property
    def classes(self) -> int:
        """2, or 3 when the learner's own points have a third class (label 2)."""
        return 3 if self.points is not None and 2 in self.points.labels else 2


def featurise(X: np.ndarray, names: tuple[str, ...]) -> torch.Tensor:
    return torch.tensor(np.column_stack([FEATURES[name](X) for name in names]), dtype=torch.float32)  # (N, F)


def build_net(spec: NetSpec) -> nn.Sequential:
    """Features -> hidden layers with the chosen activation -> one logit (two classes) or one per class."""
    torch.manual_seed(spec.seed)
    layers: list[nn.Module] = []
    width = len(spec.features)
    for hidden in spec.hidden:
        layers += [nn.Linear(width, hidden), ACTIVATIONS[spec.activation]()]
        width = hidden
    layers.append(nn.Linear(width, 1 if spec.classes == 2 else spec.classes))
    return nn.Sequential(*layers)


def _odds(loss: float) -> float:
    """exp(loss), infinite rather than overflowing."""
    return math.exp(loss) if loss < 700 else math.inf


def grid_points(resolution: int = GRID) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell centres covering the plot: xs, ys (resolution,), and points (resolution², 2)."""
    xs = np.linspace(-EXTENT, EXTENT, resolution)
    gx, gy = np.meshgrid(xs, xs)
    return xs, xs.copy(), np.column_stack([gx.ravel(), gy.ravel()])


class NetTrainer:
    """One learner's network, optimiser and history; `step(k)` advances it."""

    def __init__(self, spec: NetSpec):
        self.spec = spec
        if spec.points is None:
            train, test = split(*make(spec.dataset, spec.n_points, spec.noise, spec.seed))
        else:
            train, test = split_own(spec.points, spec.test_share, spec.seed)
        (self.X_train, self.y_train), (self.X_test, self.y_test) = train, test
        kind = torch.float32 if spec.classes == 2 else torch.int64  # a probability target, or a class index
        self._train = featurise(self.X_train, spec.features), torch.tensor(self.y_train, dtype=kind)
        self._test = featurise(self.X_test, spec.features), torch.tensor(self.y_test, dtype=kind)
        with torch.random.fork_rng(devices=[]):
            self.model = build_net(spec)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=spec.lr)
        self.xs, self.ys, points = grid_points()
        self._grid = featurise(points, spec.features)
        self.steps = 0
        self.diverged: Outcome | None = None  # where the loss blew up, if it did
        self.history = [self._record()]

    def set_lr(self, lr: float) -> None:
        """A new learning rate from the next step on, without starting over."""
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.spec = NetSpec(**{**vars(self.spec), "lr": lr})

    def _metrics(self, data: tuple[torch.Tensor, torch.Tensor]) -> tuple[float, float]:
        if not len(data[1]):
            return math.nan, math.nan  # no points held out: nothing to measure
        logits = self.model(data[0])
        said = (logits.squeeze(1) > 0).float() if self.spec.classes == 2 else logits.argmax(1)
        return self._loss(logits, data[1]).item(), (said == data[1]).float().mean().item()

    def _loss(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Cross-entropy: of one logit for two classes, of a softmax over three."""
        if self.spec.classes == 2:
            return F.binary_cross_entropy_with_logits(logits.squeeze(1), targets)
        return F.cross_entropy(logits, targets)

    @one_thread()
    @torch.no_grad()
    def _record(self) -> dict:
        train_loss, train_acc = self._metrics(self._train)
        test_loss, test_acc = self._metrics(self._test)
        return {"step": self.steps, "train_loss": train_loss, "test_loss": test_loss, "train_acc": train_acc,
                "test_acc": test_acc}  # fmt: skip

    @one_thread()
    def step(self, k: int = 1) -> dict | None:
        """k full-batch updates; the metrics after them, or None once diverged."""
        if self.diverged:
            return None
        inputs, targets = self._train
        for _ in range(k):
            loss = self._loss(self.model(inputs), targets)
            if not self._healthy(loss.item()):
                return None
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            self.steps += 1
        self.history.append(self._record())
        return self.history[-1]

    def _healthy(self, loss: float) -> bool:
        """False, with the outcome kept in `diverged`, once exp(loss) blows up against its start.

        exp(mean cross-entropy) is how many times less likely the network has made the right labels: a
        saturated network's loss stays in the tens when training has failed, exp(loss) does not (nnviz.outcome).
        """
        start = self.history[0]["train_loss"] if self.history else math.log(self.spec.classes)
        if not blew_up(_odds(loss), _odds(start)):
            return True
        self.diverged = Outcome(Why.DIVERGED, step=self.steps, value=loss, start=start,
                                limit=math.log(limit(_odds(start))), lr=self.spec.lr)  # fmt: skip
        return False

    @one_thread()
    @torch.no_grad()
    def probability_grid(self) -> np.ndarray:
        """P(class 1) at every grid cell, shaped (GRID, GRID) rows by y; with three classes, the probability of
        each, shaped (3, GRID, GRID)."""
        logits = self.model(self._grid)
        if self.spec.classes == 2:
            return torch.sigmoid(logits).reshape(len(self.ys), len(self.xs)).numpy()
        return torch.softmax(logits, 1).T.reshape(-1, len(self.ys), len(self.xs)).numpy()

    @one_thread()
    @torch.no_grad()
    def hidden_grids(self) -> list[np.ndarray]:
        """Each hidden layer's unit values on the grid: one (units, GRID, GRID) array per layer."""
        out, value = [], self._grid
        for layer in self.model:
            value = layer(value)
            if not isinstance(layer, nn.Linear):
                out.append(value.T.reshape(-1, len(self.ys), len(self.xs)).numpy())
        return out

    def first_layer_lines(self) -> list[tuple[float, float, float]] | None:
        """(w1, w2, b) of each first-layer unit in plot coordinates, when it sees only x1 and x2."""
        if self.spec.features != ("x1", "x2") or not self.spec.hidden:
            return None
        first = self.model[0]
        w = first.weight.detach().numpy() / EXTENT  # undo the input scaling
        b = first.bias.detach().numpy()
        return [(float(a), float(c), float(d)) for (a, c), d in zip(w, b, strict=True)]
