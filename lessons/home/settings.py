"""The home lesson's one setting, Samuel's weight, and its two presentation steps."""

from ui import settings

W_LOW, W_HIGH = -1.0, 3.0
PAGE = settings.Page(
    "home",
    (settings.number("w", 0.3, W_LOW, W_HIGH),),
    steps=(
        settings.Step(
            "One weight, a poor guess",
            "w starts at -0.5. Will pressing Improve raise w or lower it, and roughly where will it settle?",
            {"w": "-0.5"},
            part=2,
        ),
        settings.Step(
            "Too far the other way",
            "Now w starts at 2.8, above the best value. How many presses until the error stops falling?",
            {"w": "2.8"},
            part=2,
        ),
    ),  # fmt: skip
)
