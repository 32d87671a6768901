"""The separator lesson on a projector: its steps, and the part of the lesson each one is about."""

from __future__ import annotations

from ui import state

STEPS = (
    state.Step(
        "A borrower and a line",
        "Credit 6, income 5, and the line 2·credit + income − 10: will this "
        "borrower repay? Work out the sum, then read it under the sliders. Which b would flip it?",
        part=1,
    ),
    state.Step(
        "Points no line can split",
        "Noise 0.8 mixes the two kinds of borrower. Will the perceptron ever "
        "stop with every point on its own side? Press Play in part 3.",
        {"lin.noise": "0.8"},
        part=3,
    ),
    state.Step(
        "XOR with no hidden layer",
        "With no hidden layer the network is one line. Can it beat 75% test accuracy on XOR? Press Play in part 4.",
        {"net.data": "xor", "net.layers": "0"},
        part=4,
    ),
    state.Step(
        "XOR with four hidden units",
        "One hidden layer of 4 units, each its own line (dotted). How close to 100% will it get? Press Play.",
        {"net.data": "xor", "net.layers": "1", "net.width0": "4", "net.units": "1"},
        part=4,
    ),
    state.Step(
        "Spirals",
        "Three hidden units for two spirals: will the boundary wind round them? Press Play. "
        "Then add units, or the inputs sin(x1) and sin(x2), and play again.",
        {"net.data": "spirals", "net.layers": "1", "net.width0": "3"},
        part=4,
    ),
)
