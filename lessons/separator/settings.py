"""The separator lesson's settings, their bounds, its two players and its five presentation steps; every key
starts "sep."."""

from __future__ import annotations

from dataclasses import dataclass

from nnviz import own_points, toy_data
from nnviz import separator as sep
from nnviz import separator_net as net
from ui import settings
from ui.player import Player

LINE_TICK = 0.3  # seconds between refreshes while the line learns
MAX_UPDATES = 3000  # updates one press of Play runs at most, so a forgotten tab does not spin for ever
NET_TICK = 0.1  # seconds between refreshes while the network trains
MAX_STEPS = 5000  # training steps one press of Play runs at most
W_LOW, W_HIGH = -5.0, 5.0  # the weight sliders
B_LOW, B_HIGH = -30.0, 30.0  # the bias slider
POINT_LOW, POINT_HIGH = 1.0, 10.0  # both inputs of the new point, on the data's 1-10 scale
NOISE_LOW, NOISE_HIGH = 0.0, 1.0
K_LOW, K_HIGH = 1, 50  # training steps per refresh
DEFAULT = net.NetSpec()  # the network the lesson opens with
WIDTH = 4  # units in a layer the learner adds
SOURCES = {"built-in": "the built-in points", "mine": "my own points"}
LINE_EXTENT = (0.0, 11.0)  # where the learner's own points for the line may sit: the plot of parts 1 to 3
NET_EXTENT = (-toy_data.EXTENT, toy_data.EXTENT)  # ... and for the network: the plot of part 4
HOLDOUTS = (0, 20, 30, 50)  # percent of the learner's own points the network may keep aside for testing


@dataclass(frozen=True)
class Story:
    """How one example names its axes, classes and inputs."""

    axes: tuple[str, str]
    classes: tuple[str, str]
    inputs: tuple[str, str]


STORIES = {
    "credit": Story(("credit score (1-10)", "income (1-10)"), ("does not repay", "repays"), ("credit", "income")),
    "marbles": Story(("left to right", "front to back"), ("red", "blue"), ("left-right", "front-back")),
}


def _points(name: str, extent: tuple[float, float]) -> settings.Setting:
    """A learner's own point set, carried in a link as compact text (nnviz.own_points.to_link); a link with
    malformed text, more than 200 points or points off the plot is refused, with the page's notice."""
    return settings.Setting(name, own_points.PointSet(), lambda text: own_points.from_link(text, *extent),
                            own_points.to_link)  # fmt: skip


def _width(layer: int) -> int:
    return DEFAULT.hidden[layer] if layer < len(DEFAULT.hidden) else WIDTH


def start_over() -> None:
    """A link or a step sets a new state: nothing is playing, and both learners start afresh from it."""
    LINE_PLAYER.pause()
    NET_PLAYER.pause()
    PAGE.forget("lin.key")
    PAGE.forget("net.trainer")


PAGE = settings.Page(
    "sep",
    (
        settings.choice("example", "credit", tuple(STORIES)),
        settings.number("w1", sep.WORKED_LINE.w1, W_LOW, W_HIGH),
        settings.number("w2", sep.WORKED_LINE.w2, W_LOW, W_HIGH),
        settings.number("b", sep.WORKED_LINE.b, B_LOW, B_HIGH),
        settings.number("px", sep.NEW_BORROWER[0], POINT_LOW, POINT_HIGH),
        settings.number("py", sep.NEW_BORROWER[1], POINT_LOW, POINT_HIGH),
        settings.choice("lin.rule", "perceptron", tuple(sep.RULES)),
        settings.choice("lin.lr", 0.1, sep.LINEAR_LEARNING_RATES),
        settings.number("lin.noise", 0.0, NOISE_LOW, NOISE_HIGH),
        settings.choice("lin.source", "built-in", tuple(SOURCES)),
        _points("lin.points", LINE_EXTENT),
        settings.choice("net.data", DEFAULT.dataset, toy_data.CURVED),
        settings.number("net.noise", DEFAULT.noise, NOISE_LOW, NOISE_HIGH),
        settings.choice("net.act", DEFAULT.activation, tuple(net.ACTIVATIONS)),
        settings.choice("net.lr", DEFAULT.lr, net.LEARNING_RATES),
        settings.number("net.layers", len(DEFAULT.hidden), 0, net.MAX_LAYERS),
        *(settings.number(f"net.width{i}", _width(i), 1, net.MAX_WIDTH) for i in range(net.MAX_LAYERS)),
        settings.many("net.features", DEFAULT.features, tuple(net.FEATURES)),
        settings.number("net.k", 5, K_LOW, K_HIGH),
        settings.flag("net.units", False),
        settings.choice("net.source", "built-in", tuple(SOURCES)),
        _points("net.points", NET_EXTENT),
        settings.choice("net.holdout", 30, HOLDOUTS),
    ),
    steps=(
        settings.Step(
            "A borrower and a line",
            "Credit 6, income 5, and the line 2·credit + income − 10: will this "
            "borrower repay? Work out the sum, then read it under the sliders. Which b would flip it?",
            part=1,
        ),
        settings.Step(
            "Points no line can split",
            "Noise 0.8 mixes the two kinds of borrower. Will the perceptron ever "
            "stop with every point on its own side? Press Play in part 3.",
            {"lin.noise": "0.8"},
            part=3,
        ),
        settings.Step(
            "XOR with no hidden layer",
            "With no hidden layer the network is one line. Can it beat 75% test accuracy on XOR? Press Play in part 4.",
            {"net.data": "xor", "net.layers": "0"},
            part=4,
        ),
        settings.Step(
            "XOR with four hidden units",
            "One hidden layer of 4 units, each its own line (dotted). How close to 100% will it get? Press Play.",
            {"net.data": "xor", "net.layers": "1", "net.width0": "4", "net.units": "1"},
            part=4,
        ),
        settings.Step(
            "Spirals",
            "Three hidden units, two spirals: will the boundary wind round them? Press Play, then add units "
            "or the inputs sin(x1), sin(x2).",
            {"net.data": "spirals", "net.layers": "1", "net.width0": "3"},
            part=4,
        ),
    ),
    on_apply=start_over,
)
LINE_PLAYER = Player(PAGE, "lin", LINE_TICK, budget=MAX_UPDATES)  # the learning line of part 3
NET_PLAYER = Player(PAGE, "net", NET_TICK, budget=MAX_STEPS)  # the network of part 4
