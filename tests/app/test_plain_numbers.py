"""Numbers in the lessons' sentences read as a learner reads them: 2,500 and 1.2×10⁻⁶, never Python's 2.5e+03 or
1.239e-06 (issue 16, item 9), on every lesson as it opens and where the numbers grow huge or tiny."""

import re

import pytest

from lessons import LESSONS
from tests.helpers import open_link

E_NOTATION = re.compile(r"\d[eE][+-]?\d")
# Links whose numbers are extreme: a diverging optimiser, a saturated tanh unit passing back 10⁻¹⁰.
EXTREMES = [
    ("lessons/optimisers/page.py", {"surface": "bowl", "lr": "3.0"}),
    (
        "lessons/backprop/page.py",
        {
            "x1": "-2",
            "t": "0.5",
            "act": "tanh",
            "out": "sigmoid",
            "w11": "5",
            "v2": "-3.2",
            "back": "2",
            "nudge": "b2",
            "eps": "0.1",
            "lr": "3.0",
        },
    ),  # fmt: skip
]


def sentences(at) -> list[str]:
    """Every piece of text the page shows: prose, small print, notices, metrics and their help."""
    kinds = ("markdown", "caption", "info", "warning", "success", "error")
    texts = [element.value for kind in kinds for element in getattr(at, kind)]
    return texts + [f"{m.label} {m.value} {m.proto.help}" for m in at.metric]


CASES = [(lesson.script, {}) for lesson in LESSONS] + EXTREMES
NAMES = [lesson.url_path for lesson in LESSONS] + ["optimisers-diverging", "backprop-tiny"]


@pytest.mark.parametrize(("lesson", "link"), CASES, ids=NAMES)
def test_no_sentence_writes_a_number_in_e_notation(new_app, lesson, link):
    at = open_link(new_app, lesson, **link)
    assert not at.exception
    found = [text for text in sentences(at) if E_NOTATION.search(text)]
    assert not found, found
