"""How a run ended, or how a walk went, as data; and the one rule for "it blew up".

The engine reports an `Outcome`: a reason (`Why`) and the numbers behind it. It
never writes the sentence: the pages turn an outcome into words next to where
they show it, and pick an alert by `outcome.why`, never by reading text.

The divergence rule, `blew_up(value, start)`, is the only one in the engine:

    a value has blown up when it is not a finite number, or when
    |value| > GROWTH * max(|start|, FLOOR)        GROWTH = 100, FLOOR = 10

that is, more than a hundred times where it started, and never below 1,000.
FLOOR keeps a start near zero (a loss of 0.7, a weight of 0.01) from making
an ordinary wobble look like an explosion. These are the numbers the digit
trainer always used (max(1,000, 100 x the first loss)), and they are needed
there: SGD at learning rate 10 sends the loss from 2.4 to 43 and then 6,800,
after which dead ReLUs leave it sitting at 2.3, blown up but calm; a limit
much above 1,000 would miss it. Every check below was measured against these
numbers on the pages' own settings: healthy runs stay under them, runs that
the pages and tests call diverged cross them.

What each check measures against its own start:

- digit Trainer and the seven-steps loop: each loss against the first loss.
- 1-D walk (`descend`): the next weight w against the starting one. Its loss
  would not do: at learning rate 1.05 on the bowl the loss grows 1.21x a step,
  2,000x in 40 steps, a walk the page shows as "Diverging" but still running;
  w grows 1.1x a step, about 60x in those 40.
- LineLearner: its loss against the first one. Not its weights: a perceptron's
  weights scale with the learning rate, and at 10 they wander to a few
  thousand on noisy points while it is still learning.
- NetTrainer: exp(loss) against exp(first loss). The loss is a mean
  cross-entropy, so exp(loss) is how many times less likely the network has
  made the right labels. A saturated tanh network's loss stays in the tens
  when training has plainly failed (a loss of 18 from 0.7 is the right labels
  tens of millions of times less likely), so the loss itself never grows
  a hundredfold.
- minibatch linear model: its largest weight (or bias) against the largest at
  the start. Not the loss: at batch size 1 a single image's loss comes close
  to 1,000 in runs that learn fine, while the weights stay below 100.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

GROWTH = 100.0  # how many times its start a value may grow before it has blown up
FLOOR = 10.0  # starts smaller than this count as this: nothing under GROWTH * FLOOR blows up


class Why(enum.Enum):
    """Why a run stopped, or how a walk went."""

    DIVERGED = "diverged"  # the divergence rule tripped
    TARGET = "target"  # the loss went below the target
    SWING = "swing"  # ... but went up in over a quarter of its steps: it got there on a swing
    BUDGET = "budget"  # the steps or updates allowed are used up
    ARRIVED = "arrived"  # a walk whose slope is flat
    DIVERGING = "diverging"  # a walk whose loss ended above where it started
    BOUNCING = "bouncing"  # a walk still jumping from one side of the valley to the other
    ON_THE_WAY = "on the way"  # a walk still going down, not there yet


@dataclass(frozen=True)
class Outcome:
    """A reason and the numbers the words about it need; fields a reason has no use for stay None."""

    why: Why
    step: int | None = None  # the step or update where it happened, or the steps taken
    value: float | None = None  # the number that decided it: a loss, a weight, a slope
    start: float | None = None  # where that number started
    limit: float | None = None  # the line it crossed: a divergence limit, a target, a budget, a flatness
    lr: float | None = None  # the learning rate of the run
    rises: int | None = None  # steps on which the loss went up
    seen: int | None = None  # training examples used so far
    zeroed: bool | None = None  # whether the gradients were zeroed between updates
    optimizer: str | None = None  # the optimiser's name


def limit(start: float) -> float:
    """The size past which a value that started at `start` has blown up."""
    scale = abs(start) if math.isfinite(start) else 0.0
    return GROWTH * max(scale, FLOOR)


def blew_up(value: float, start: float) -> bool:
    """The divergence rule: not finite, or beyond GROWTH x max(|start|, FLOOR)."""
    return not math.isfinite(value) or abs(value) > limit(start)
