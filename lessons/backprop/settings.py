"""The backpropagation lesson's settings, their bounds, and its presentation steps; every key starts "bp."."""

from nnviz.activations import ACTIVATIONS
from nnviz.backprop import LOSSES, PARAMS, WALK, Net
from ui import settings

X_LIMIT, T_LIMIT, W_LIMIT = 5.0, 5.0, 5.0  # inputs, target, weights and biases
ACTS = list(ACTIVATIONS)  # every activation in the registry comes with its derivative
LOSS_NAMES = list(LOSSES)  # every loss in the registry comes with its slope dL/dy
LR_CHOICES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
EPS_CHOICES = (1.0, 0.1, 0.01, 0.001, 0.0001)
DEFAULT = Net()
DEPTH_LOW, DEPTH_HIGH = 1, 16  # part 6: layers in the chain
DIGIT_HIGH = 9_999  # part 7: MNIST's last test digit (a smaller test set is clamped on the page)
DIGIT_LRS = (0.0001, 0.001, 0.01, 0.1, 1.0)
DEFAULT_MLP, YOURS = "the default MLP", "your own (Training page)"

PAGE = settings.Page(
    "bp",
    (
        settings.number("x1", 1.0, -X_LIMIT, X_LIMIT),
        settings.number("x2", 0.5, -X_LIMIT, X_LIMIT),
        settings.number("t", 1.0, -T_LIMIT, T_LIMIT),
        settings.choice("act", DEFAULT.hidden, ACTS),
        settings.choice("out", DEFAULT.out, ACTS),
        settings.choice("loss", DEFAULT.loss, LOSS_NAMES),
        *(settings.number(name, getattr(DEFAULT, name), -W_LIMIT, W_LIMIT) for name in PARAMS),
        settings.number("back", 0, 0, len(WALK)),  # how many nodes the backward pass has reached
        settings.flag("whole", False),
        settings.choice("nudge", "v1", PARAMS),
        settings.choice("eps", 0.01, EPS_CHOICES),
        settings.choice("lr", 0.1, LR_CHOICES),
        settings.number("depth", 4, DEPTH_LOW, DEPTH_HIGH),
        settings.choice("depth.act", "sigmoid", ACTS),
        settings.choice("digit.model", DEFAULT_MLP, (DEFAULT_MLP, YOURS)),
        settings.number("digit", 0, 0, DIGIT_HIGH),
        settings.choice("digit.lr", 0.01, DIGIT_LRS),
    ),
    steps=(
        settings.Step(
            "Which weight learns most? (part 2)",
            "The forward pass is done and the loss is 0.216. Which of the nine weights and biases will get the "
            "largest gradient? Then press Next node until the pass reaches the inputs.",
            part=2,
        ),
        settings.Step(
            "A saturated unit (part 2)",
            "w11 = w12 = 5 push h1's weighted sum to 7.6, where the sigmoid is flat. Will w11's gradient be "
            "larger or smaller than w21's? Press Next node three times.",
            {"w11": "5", "w12": "5"},
            part=2,
        ),
        settings.Step(
            "A promise about small nudges (part 4)",
            "v1's gradient is -0.393, so a nudge of 0.1 promises a change of -0.0393. Will the loss really fall "
            "by more than that, or less?",
            {"nudge": "v1", "eps": "0.1"},
            part=4,
        ),
        settings.Step(
            "Will one step help? (part 5)",
            "Every weight moves by -0.1 × its gradient at once. Will the loss go down after one step? "
            "Press One step, then try learning rate 10 and Train.",
            part=5,
        ),
        settings.Step(
            "Ten sigmoid layers (part 6)",
            "A chain of ten sigmoid units, every weight 1. How many times smaller is the gradient that reaches the "
            "first layer than the one at the last? Then switch the activation to ReLU.",
            {"depth": "10", "depth.act": "sigmoid"},
            part=6,
        ),
        settings.Step(
            "One step on one 3 (part 7)",
            "Test digit 18 is a 3 that the network is unsure of. Will one step on this 3 raise the network's belief "
            "in other 3s? And in the other digits? Press One step on this digit.",
            {"digit": "18"},
            part=7,
        ),
    ),
)


def net() -> Net:
    """The network the settings describe."""
    s = PAGE.values
    return Net(**{name: getattr(s, name) for name in PARAMS}, hidden=s.act, out=s.out, loss=s.loss)
