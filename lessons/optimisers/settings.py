"""The optimisers lesson's settings, their bounds, and its presentation steps; every key starts "opt."."""

from nnviz.race import OPTIMISERS
from nnviz.surfaces import SURFACES
from ui import settings

SURFACE_NAMES = list(SURFACES)
OPT_NAMES = list(OPTIMISERS)
LR_CHOICES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
START_LIMIT = 4.0  # every surface's box lies within ±4
VIEWS = ("contours", "3-D surface")
SPANS = (0.25, 0.5, 1.0, 2.0)
GRIDS = (11, 21)
TRAINED_HERE, YOURS = "a small MLP trained here", "your own (Training page)"
RANDOM, ALONG_PATH = "two random directions", "the training path's own two"
DIRECTIONS = (RANDOM, ALONG_PATH)
DEFAULT_SURFACE = "ravine"


def _implied(values: dict[str, str]) -> dict:
    """A link that picks a surface but no start starts where that surface's walk starts."""
    surface = SURFACES.get(values.get("surface", DEFAULT_SURFACE), SURFACES[DEFAULT_SURFACE])
    return {"x0": surface.start[0], "y0": surface.start[1]}


PAGE = settings.Page(
    "opt",
    (
        settings.choice("surface", DEFAULT_SURFACE, SURFACE_NAMES),
        settings.number("x0", SURFACES[DEFAULT_SURFACE].start[0], -START_LIMIT, START_LIMIT),
        settings.number("y0", SURFACES[DEFAULT_SURFACE].start[1], -START_LIMIT, START_LIMIT),
        settings.many("opts", OPT_NAMES, OPT_NAMES),
        settings.choice("lr", 0.1, LR_CHOICES),
        settings.number("momentum", 0.9, 0.0, 0.99),
        settings.number("steps", 150, 10, 500),
        settings.flag("noise", False),
        settings.choice("view", VIEWS[0], VIEWS),
        settings.number("starts", 10, 1, 50),
        settings.choice("restart.opt", "SGD", OPT_NAMES),
        settings.choice("sched.opt", "SGD + momentum", OPT_NAMES),
        settings.choice("land.model", TRAINED_HERE, (TRAINED_HERE, YOURS)),
        settings.choice("land.span", 1.0, SPANS),
        settings.choice("land.grid", 21, GRIDS),
        settings.choice("land.view", VIEWS[0], VIEWS),
        settings.choice("land.dirs", RANDOM, DIRECTIONS),
    ),
    implied=_implied,
    steps=(
        settings.Step(
            "Down the ravine (part 2)",
            "Plain SGD and SGD with momentum start at the same point with the same learning rate. Which one reaches "
            "the bottom of the ravine first? Press Play.",
            {"surface": "ravine", "opts": "SGD,SGD + momentum"},
            part=2,
        ),
        settings.Step(
            "A curved valley (part 2)",
            "The valley floor bends. Adam scales each weight's step by its recent gradients: will it follow the "
            "bend better than SGD with momentum, or overshoot it?",
            {"surface": "curved valley (Rosenbrock)"},
            part=2,
        ),
        settings.Step(
            "Balanced on a saddle (part 2)",
            "The start sits a hair off the ridge of a saddle. Which optimisers will linger on the ridge, and which "
            "slide off quickly? Then switch on noisy gradients.",
            {"surface": "saddle"},
            part=2,
        ),
        settings.Step(
            "Too big a step (part 2)",
            "Learning rate 3 on the round bowl. What happens to plain SGD, and to Adam?",
            {"surface": "bowl", "lr": "3.0"},
            part=2,
        ),
        settings.Step(
            "Random restarts (part 3)",
            "One start ends in the nearest valley. How many random starts do you need before the best of them "
            "finds the lowest point nine times out of ten?",
            {"starts": "3"},
            part=3,
        ),
        settings.Step(
            "Schedules (part 4)",
            "Noisy gradients, SGD with momentum, a peak learning rate of 0.3, and four schedules. Which one ends "
            "closest to the bottom of the ravine: constant, step decay, cosine or one-cycle?",
            {"noise": "1", "lr": "0.3"},
            part=4,
        ),
        settings.Step(
            "A real landscape (part 5)",
            "A network of 25,000 weights, seen along two random directions. Will its minimum look like a bowl, "
            "a ravine, or something stranger? Press the button.",
            part=5,
        ),
    ),
)
