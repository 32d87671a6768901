"""The gradient descent lesson's settings, their bounds, and its five presentation steps; every key starts "gd."."""

from nnviz import baseline, descent, minibatch
from ui import frame, settings

LR_CHOICES_1D = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 0.9, 1.0, 1.05, 1.2)
MB_LR_CHOICES = (0.01, 0.05, 0.1, 0.5, 1.0, 2.0, 5.0)
X_LOW = min(f.domain[0] for f in descent.FUNCTIONS.values())  # the x slider follows the chosen function's domain
X_HIGH = max(f.domain[1] for f in descent.FUNCTIONS.values())
RUN_LOW, RUN_HIGH = 0.01, 2.0
START_LIMIT = 3.0
STEPS_1D_HIGH = 100
LR_LOW, LR_HIGH = 0.001, 0.3
BUDGET_LOW, BUDGET_HIGH = 10, 2000
TARGET_HIGH = 2.0
EPOCHS_HIGH = 3
L1, L2 = baseline.DISTANCES
BOWL = next(iter(descent.LOSS_CURVES))


def _fresh_runs() -> None:
    """After a link or a presentation step: the toy loop and the linear model start over."""
    from lessons.gradient_descent import loop, panels  # not at the top: both read PAGE from this module

    loop.reset_toy(frame.seed())
    panels.forget_linear_model()


def _x_off_its_curve() -> list[str]:
    """A link's x must lie where its function is drawn (each function has its own range)."""
    s = PAGE.values
    lo, hi = descent.FUNCTIONS[s.fn].domain
    return [] if lo <= s.x <= hi else ["x"]


PAGE = settings.Page(
    "gd",
    (
        settings.choice("distance", L1, baseline.DISTANCES),
        settings.choice("fn", "x²", descent.FUNCTIONS),
        settings.number("x", 1.5, X_LOW, X_HIGH),
        settings.number("run_len", 1.0, RUN_LOW, RUN_HIGH),
        settings.choice("curve", BOWL, descent.LOSS_CURVES),
        settings.number("start", -3.0, -START_LIMIT, START_LIMIT),
        settings.choice("lr1d", 0.1, LR_CHOICES_1D),
        settings.number("steps1d", 40, 1, STEPS_1D_HIGH),
        settings.number("lr", 0.1, LR_LOW, LR_HIGH),
        settings.flag("zero_grad", True),
        settings.number("budget", 300, BUDGET_LOW, BUDGET_HIGH),
        settings.number("target", 0.3, 0.0, TARGET_HIGH),
        settings.choice("batch", 64, minibatch.BATCH_SIZES),
        settings.choice("mb_lr", 0.5, MB_LR_CHOICES),
        settings.number("epochs", 1, 1, EPOCHS_HIGH),
    ),
    steps=(
        settings.Step(
            "A classifier that cannot learn (part 1)",
            "Nearest average digit, nothing learned: it scores about 95% with L1. "
            "Will the L2 distance do better or worse? Switch and see.",
            part=1,
        ),
        settings.Step(
            "The slope at a point (part 2)",
            "x³ at x = -1: the tangent's slope is 3, but rise over a run of 1 says 1. Shrink the run to 0.01: "
            "will rise over run reach 3, pass it, or stop short?",
            {"fn": "x³", "x": "-1"},
            part=2,
        ),
        settings.Step(
            "A stride too long (part 3)",
            "Learning rate 1.05 on the bowl: will the steps settle or fly off? "
            "Then try 0.01 (too small) and 0.5 (just right).",
            {"lr1d": "1.05"},
            part=3,
        ),
        settings.Step(
            "Forgetting to zero the gradients (part 4)",
            "The gradients are never reset. Press Run many passes: will the loss fall smoothly or swing? "
            "Then switch zeroing on, press Start again and run again.",
            {"zero_grad": "0"},
            part=4,
        ),
        settings.Step(
            "One image per update (part 5)",
            "Batch size 1: every update sees a single digit. Will it beat the 95% baseline? Press Train, then try 256.",
            {"batch": "1"},
            part=5,
        ),
    ),
    on_apply=_fresh_runs,
    check=_x_off_its_curve,
)
