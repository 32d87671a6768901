"""The Draw lesson's settings (the brush, the preparation steps, the model, the views opened below the answer,
the attribution, the teaching box) and its presentation steps."""

from nnviz.insight import ATTRIBUTIONS
from nnviz.preprocess import BRUSH_DEFAULT, BRUSH_MAX, BRUSH_MIN
from ui import settings

DEFAULT_CNN, MLP, YOURS = "CNN (default)", "MLP", "your model (Training page)"
TUNED = "Yours (fine-tuned)"  # the default CNN fine-tuned on the learner's own examples, below the answer
KEEP = "session"  # the answer's controls show only once there is a drawing: keep their values meanwhile

PAGE = settings.Page(
    "draw",
    (
        settings.number("brush", BRUSH_DEFAULT, BRUSH_MIN, BRUSH_MAX),
        settings.flag("even", True),
        settings.flag("crop", True),
        settings.flag("fit", True),
        settings.flag("centre", True),
        settings.choice("model", DEFAULT_CNN, [DEFAULT_CNN, MLP, YOURS, TUNED]),
        settings.choice("attribution", next(iter(ATTRIBUTIONS)), list(ATTRIBUTIONS)),
        # The views worked out on demand: each opens in its own box, and once open it follows every stroke.
        settings.flag("grid", False),  # the 28x28 numbers
        settings.flag("layers", False),  # every layer's output
        settings.flag("why", False),  # which pixels made it say that
        settings.flag("own", False),  # teach it my handwriting
        settings.text("symbol", "star"),  # the name of the learner's own symbol, an eleventh class
    ),
    steps=(
        settings.Step(
            "Every preparation step on",
            "Draw a 7. Which digit will the CNN say, and how sure will it be?",
            {},
        ),
        settings.Step(
            "No preparation: small, in a corner",
            "Every step is off, so the canvas is just shrunk to 28x28. Draw a small 7 in a corner: "
            "will the MLP or the CNN still read it? Both answers show under the bars.",
            {"even": "0", "crop": "0", "fit": "0", "centre": "0"},
        ),
        settings.Step(
            "A thick brush on a small digit",
            "The brush is at its widest and the even pen is off. Draw a small 8, a third of the square tall: will "
            "the MLP still see its loops? Then tick 'Redraw with an even pen' under the canvas.",
            {"brush": str(BRUSH_MAX), "even": "0", "model": MLP},
        ),
        settings.Step(
            "Which pixels made it say 7?",
            "Draw a 7 and scroll to the map. Which strokes will be red: the ones that tell a 7 from a 1?",
            {"attribution": "occlusion", "why": "1"},
        ),
        settings.Step(
            "The MLP's reasons",
            "The same 7, now read by the MLP, with gradient x input. Will it look at the same strokes as the CNN?",
            {"model": MLP, "attribution": "gradient x input", "why": "1"},
        ),
        settings.Step(
            "Teach it your handwriting",
            "Draw a digit your own way three times, keeping each as an example, then fine-tune. Will the copy read "
            "your held-out example better, and how much of MNIST will it forget?",
            {"own": "1"},
        ),
    ),
)
