"""The Convolution lesson's settings, their bounds, and its presentation steps; every key starts "conv."."""

from nnviz.convolution import KERNELS
from ui import settings

DRAWING, DIGIT = "drawing", "digit"
SOURCES = {DRAWING: "your drawing (Draw page)", DIGIT: "an MNIST test digit"}
CNN_FILTER = "a filter of the CNN"
KERNEL_NAMES = [*KERNELS, CNN_FILTER]
CELLS = tuple(f"k{i}" for i in range(9))  # the hand-made kernel's nine numbers, row by row
WEIGHT_LIMIT = 1e9  # kernel numbers and bias: bounded, yet wide enough to try a huge one
DIGIT_HIGH = 9_999  # MNIST's last test digit (a smaller test set is clamped on the page)
FILTERS = 16  # first-layer filters of the default CNN
PADDINGS, STRIDES = (0, 1, 2), (1, 2, 3)
SIDE_HIGH = 29  # the largest output map (28 + 2 x 2 - 3 + 1 = 30 pixels) has positions 0 to 29
SHIFT_LIMIT = 8
# The default CNN's layers as the lesson names them (nnviz.convnet.layer_views), for the full-size view.
LAYERS = ("input", "conv 1", "BN + ReLU 1", "conv 2", "max pool 1", "BN + ReLU 2", "conv 3",
          "max pool 2", "BN + ReLU 3", "dense", "softmax")  # fmt: skip
ONE = "2"  # MNIST test digit 2 is a 1: one upright stroke


def kernel_numbers(name: str) -> list[float]:
    """The nine numbers of a hand-made kernel, row by row (all zeros for the CNN's filters, which bring theirs)."""
    return [float(v) for row in KERNELS.get(name, ((0.0,) * 3,) * 3) for v in row]


def implied(values: dict[str, str]) -> dict[str, float]:
    """A link naming a kernel and leaving its numbers out means that kernel's own numbers."""
    name = next((k for k in KERNEL_NAMES if k.lower() == values.get("kernel", "").lower()), KERNEL_NAMES[0])
    return dict(zip(CELLS, kernel_numbers(name), strict=True))


PAGE = settings.Page(
    "conv",
    (
        settings.choice("input", DRAWING, list(SOURCES)),
        settings.number("digit", 0, 0, DIGIT_HIGH),
        settings.choice("kernel", KERNEL_NAMES[0], KERNEL_NAMES),
        *(
            settings.number(cell, value, -WEIGHT_LIMIT, WEIGHT_LIMIT)
            for cell, value in zip(CELLS, kernel_numbers(KERNEL_NAMES[0]), strict=True)
        ),  # fmt: skip
        settings.number("bias", 0.0, -WEIGHT_LIMIT, WEIGHT_LIMIT),
        settings.number("filter", 0, 0, FILTERS - 1),
        settings.number("row", 6, 0, SIDE_HIGH),
        settings.number("col", 6, 0, SIDE_HIGH),
        settings.choice("pad", 0, PADDINGS),
        settings.choice("stride", 1, STRIDES),
        settings.choice("layer", "BN + ReLU 1", LAYERS),
        settings.number("shift.x", 5, -SHIFT_LIMIT, SHIFT_LIMIT),
        settings.number("shift.y", 0, -SHIFT_LIMIT, SHIFT_LIMIT),
    ),
    implied=implied,
    steps=(
        settings.Step(
            "Which kernel lights up the 1? (part 2)",
            "Test digit 2 is a 1: one upright stroke. Which kernel will light up its output map: the vertical edge "
            "or the horizontal edge? Then switch to the other one and compare.",
            {"input": DIGIT, "digit": ONE, "kernel": "vertical edge", "row": "13", "col": "12"},
            part=2,
        ),
        settings.Step(
            "How big is the map? (part 3)",
            "The CNN's own first layer pads by 1 and moves 2 pixels at a time. How many pixels wide is its output "
            "for a 28-pixel input?",
            {"input": DIGIT, "digit": ONE, "kernel": CNN_FILTER, "pad": "1", "stride": "2"},
            part=3,
        ),
        settings.Step(
            "Which pixel wins? (part 4)",
            "Max pooling keeps one number of every 2 × 2 window. Along the 1's edge, which pixels will survive?",
            {"input": DIGIT, "digit": ONE, "kernel": "vertical edge"},
            part=4,
        ),
        settings.Step(
            "The whole network (part 5)",
            "After two poolings the 28 × 28 input is 3 × 3. Can the dense layer still tell a 1 from a 7 from so few "
            "pixels per map?",
            {"input": DIGIT, "digit": ONE},
            part=5,
        ),
        settings.Step(
            "Move the digit (part 6)",
            "The 1 moves 4 pixels right. Whose answer will change more: the CNN's or the MLP's?",
            {"input": DIGIT, "digit": ONE, "shift.x": "4"},
            part=6,
        ),
    ),
)
