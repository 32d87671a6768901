"""The activation lesson's settings, their bounds, and its five presentation steps; every key starts "act."."""

from nnviz import nonlinearity
from nnviz.activations import ACTIVATIONS, NONLINEAR
from ui import settings

N_CLASSES = 10
START_LOGITS = (1.0, -0.5, 0.3, 2.5, 0.0, -1.5, 0.8, 3.0, -0.8, 0.5)
LOGIT_LIMIT = 6.0
RANGE_LOW, RANGE_HIGH = 1.0, 10.0  # the gallery shows x from -r to r
X_LIMIT, W_LIMIT, B_LIMIT = 5.0, 3.0, 5.0  # one neuron's inputs, weights and bias
INPUT_COUNTS = (1, 2)
TEMP_LOW, TEMP_HIGH = 0.1, 5.0
SMOOTHING_HIGH = 0.5
STACK_LOW, STACK_HIGH = 2, 6
Z_LIMIT = 6.0  # the input to the activation in the gradient bars
DEPTH_LOW, DEPTH_HIGH = 1, 16

PAGE = settings.Page(
    "act",
    (
        settings.number("range", 5.0, RANGE_LOW, RANGE_HIGH),
        settings.choice("neuron.act", "sigmoid", NONLINEAR),
        settings.choice("neuron.inputs", 2, INPUT_COUNTS),
        settings.number("x1", 1.0, -X_LIMIT, X_LIMIT),
        settings.number("x2", 2.0, -X_LIMIT, X_LIMIT),
        settings.number("w1", 0.5, -W_LIMIT, W_LIMIT),
        settings.number("w2", -1.0, -W_LIMIT, W_LIMIT),
        settings.number("b", 0.3, -B_LIMIT, B_LIMIT),
        *(settings.number(f"logit{i}", v, -LOGIT_LIMIT, LOGIT_LIMIT) for i, v in enumerate(START_LOGITS)),
        settings.number("temp", 1.0, TEMP_LOW, TEMP_HIGH),
        settings.choice("true_class", 7, range(N_CLASSES)),
        settings.number("smoothing", 0.1, 0.0, SMOOTHING_HIGH),
        settings.number("stack.depth", 3, STACK_LOW, STACK_HIGH),
        settings.choice("stack.between", "none (identity)", list(ACTIVATIONS)),
        settings.choice("fit.target", "sine", list(nonlinearity.TARGETS)),
        settings.choice("fit.act", "tanh", list(ACTIVATIONS)),
        settings.number("fit.hidden", 8, 1, max(nonlinearity.WIDTHS)),
        settings.number("grad.x", 0.5, -Z_LIMIT, Z_LIMIT),
        settings.number("depth.n", 8, DEPTH_LOW, DEPTH_HIGH),
        settings.choice("depth.act", "sigmoid", list(ACTIVATIONS)),
    ),
    steps=(
        settings.Step(
            "One neuron pushed into saturation (part 2)",
            "x1 = 4 and w1 = 2 give the sigmoid z = 8. Drag w1 up to 3: will the output change in its first "
            "three decimals? Then drag w1 down to 0.2.",
            {"neuron.inputs": "1", "x1": "4", "w1": "2", "b": "0"},
            part=2,
        ),
        settings.Step(
            "Softmax, hot and cold (part 3)",
            "At T = 5 the bars are nearly level. Drag T down to 0.2: how much of the total will class 7 take?",
            {"temp": "5"},
            part=3,
        ),
        settings.Step(
            "Six linear layers (part 4)",
            "Six layers with nothing between them: will their output be anything but a straight line? "
            "Then switch ReLU in between.",
            {"stack.depth": "6"},
            part=4,
        ),
        settings.Step(
            "A bump from hidden units (part 4)",
            "One ReLU unit: can it draw the bump? Guess the error with 16 units, then slide to 16.",
            {"fit.target": "bump", "fit.act": "ReLU", "fit.hidden": "1"},
            part=4,
        ),
        settings.Step(
            "Gradients through ten layers (part 5)",
            "Ten sigmoid layers: how many times smaller is the first layer's gradient than the last one's? "
            "Then switch to ReLU.",
            {"depth.n": "10", "depth.act": "sigmoid"},
            part=5,
        ),
    ),
)
