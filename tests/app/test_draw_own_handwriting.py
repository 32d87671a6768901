"""Teach it my handwriting, under AppTest: examples added by the page's own buttons from drawings the test makes
(the canvas stood in for as in test_draw_page.py), deleted, fine-tuned on, saved and brought back."""

from dataclasses import replace

import numpy as np
import pytest
import torch

from lessons.draw import canvas as panel
from lessons.draw import tune
from nnviz import digit_model, finetune, handwriting
from nnviz.preprocess import prepare_drawing
from tests.helpers import charts, open_link

PAGE = "lessons/draw/page.py"
TUNED = "Yours (fine-tuned)"


@pytest.fixture
def drawings(monkeypatch, mnist):
    """Six training digits (two 7s, two 2s, two 1s) redrawn as strokes; `state["pixels"]` is on the canvas."""
    picks = [int(i) for d in (7, 2, 1) for i in torch.nonzero(mnist.train_y == d).flatten()[:2]]
    skeletons = handwriting.skeletons(mnist.train_x[picks])
    drawn = [handwriting.drawings(s, (18,), np.random.default_rng(i))[0] for i, s in enumerate(skeletons)]
    state = {"pixels": drawn[0], "drawn": drawn, "labels": [int(mnist.train_y[i]) for i in picks]}
    monkeypatch.setattr(panel, "drawing", lambda brush, config: state["pixels"])
    monkeypatch.setattr(tune, "TUNE", replace(tune.TUNE, steps=4))  # a quick fine-tuning
    return state


def opened(new_app):
    at = open_link(lambda: new_app(timeout=300), PAGE, own="1")
    assert not at.exception
    return at


def held(at) -> finetune.Examples:
    return at.session_state["draw.own.examples"]


def add_all(at, state) -> None:
    for pixels, label in zip(state["drawn"], state["labels"], strict=True):
        state["pixels"] = pixels
        at.run()
        at.button(key=f"draw.add{label}").click().run()
        assert not at.exception


def test_the_teaching_box_stays_closed_until_opened(new_app, drawings):
    at = open_link(lambda: new_app(timeout=300), PAGE)
    assert "Your examples, and a CNN fine-tuned on them" in [e.label for e in at.get("expander")]
    assert not [b for b in at.button if b.key and b.key.startswith("draw.add")]  # nothing inside runs


def test_examples_are_added_by_label_shown_by_digit_and_deleted(new_app, drawings):
    at = opened(new_app)
    add_all(at, drawings)
    examples = held(at)
    assert examples.counts() == [0, 2, 2, 0, 0, 0, 0, 2, 0, 0, 0]
    assert np.array_equal(examples.x[0], prepare_drawing(drawings["drawn"][0]).digit)
    assert "6 examples: 2 of 1, 2 of 2, 2 of 7" in [c.value for c in at.caption]
    assert len(at.get("image")) == 6
    at.button(key="draw.add7").click().run()  # the 1 on the canvas again
    assert len(held(at)) == 6 and "in already" in at.info[0].value
    drawings["pixels"] = drawings["drawn"][0]
    at.run()
    assert not at.info and not at.success  # what was said goes with the drawing it was about
    at.button(key="draw.del0").click().run()  # the first 7
    assert held(at).counts()[7] == 1 and not at.exception
    assert "5 examples: 2 of 1, 2 of 2, 1 of 7" in [c.value for c in at.caption]


def test_fine_tuning_makes_a_copy_the_page_reads_with(new_app, drawings, mnist):
    at = opened(new_app)
    shared = digit_model.load_or_train(mnist).model
    before = {k: v.clone() for k, v in shared.state_dict().items()}
    add_all(at, drawings)
    assert at.radio(key="draw.model").options == ["CNN (default)", "MLP"]
    at.button(key="draw.tune").click().run()
    assert not at.exception
    assert at.radio(key="draw.model").options[-1] == TUNED
    assert at.radio(key="draw.model").value == TUNED  # the page reads with the copy at once
    report = at.session_state["draw.own.tuned"].report
    assert (report.trained, report.held, report.mnist_count) == (3, 3, 2000)
    labels = [m.label for m in at.metric]
    assert "Your 3 held-out examples, read right" in labels
    assert "The first 2,000 MNIST test digits, read right" in labels
    mnist_metric = next(m for m in at.metric if m.label.startswith("The first"))
    assert mnist_metric.value == f"{report.mnist_after:.1%}"
    assert any(m.value.startswith(f"{TUNED} says") or f"{TUNED} says" in m.value for m in at.markdown)
    assert all(torch.equal(before[k], v) for k, v in shared.state_dict().items()), "the shared CNN changed"


def test_one_example_fine_tunes_but_asks_for_a_second_to_measure(new_app, drawings):
    at = opened(new_app)
    assert "Add at least one example to fine-tune on." in [c.value for c in at.caption]
    assert at.button(key="draw.tune").disabled
    at.button(key="draw.add7").click().run()
    at.button(key="draw.tune").click().run()
    assert not at.exception
    assert "Add a second example of any digit" in at.info[0].value
    assert [m.label for m in at.metric][-1].startswith("The first 2,000 MNIST")


def test_examples_saved_and_brought_back_and_a_bad_file_refused(new_app, drawings):
    at = opened(new_app)
    add_all(at, drawings)
    saved = finetune.encode(held(at))
    at.button(key="draw.del0").click().run()
    assert len(held(at)) == 5
    at.file_uploader(key="draw.own.upload").upload("my-digits.npz", saved).run()
    assert not at.exception
    assert len(held(at)) == 6 and "6 examples brought back." in at.success[0].value
    three = finetune.Examples(held(at).x[:3], held(at).y[:3])
    wrong = np.zeros((3, 32, 32), np.uint8)
    at.file_uploader(key="draw.own.upload").upload("odd.npz", _npz(digits=wrong, labels=three.y)).run()
    assert len(held(at)) == 6, "a refused file leaves the examples as they were"
    assert at.warning[0].value.startswith("Its digits have the shape (3, 32, 32); each must be 28x28 pixels.")
    at.file_uploader(key="draw.own.upload").upload("notes.npz", b"not a zip").run()
    assert "That is not an examples file" in at.warning[0].value and len(held(at)) == 6
    at.file_uploader(key="draw.own.upload").upload("three.npz", finetune.encode(three)).run()
    assert len(held(at)) == 3 and "3 examples brought back." in at.success[0].value


def _npz(**arrays) -> bytes:
    import io

    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def cross(rng: np.random.Generator) -> np.ndarray:
    """An X drawn on the canvas (RGBA 280x280, white on black), its arms at slightly random angles and places."""
    pixels = np.zeros((280, 280, 4), np.uint8)
    pixels[..., 3] = 255
    rows, cols = np.mgrid[0:280, 0:280]
    centre = rng.uniform(110, 170, 2)
    r, c = rows - centre[0], cols - centre[1]
    for slope in (rng.uniform(0.7, 1.3), -rng.uniform(0.7, 1.3)):
        arm = (np.abs(r - slope * c) / np.hypot(1, slope) < 9) & (np.abs(r) < 80) & (np.abs(c) < 80)
        pixels[arm, :3] = 255
    return pixels


def test_a_symbol_of_the_learners_own_becomes_an_eleventh_answer(new_app, drawings, monkeypatch):
    monkeypatch.setattr(tune, "TUNE", replace(tune.TUNE, steps=40))  # long enough to learn a new class
    at = opened(new_app)
    at.text_input(key="draw.symbol").input("cross").run()
    assert at.button(key="draw.add10").label == "cross"
    rng = np.random.default_rng(0)
    for _ in range(6):
        drawings["pixels"] = cross(rng)
        at.run()
        at.button(key="draw.add10").click().run()
    assert held(at).counts()[10] == 6 and "6 examples: 6 of cross" in [c.value for c in at.caption]
    at.button(key="draw.tune").click().run()
    assert not at.exception and at.radio(key="draw.model").value == TUNED
    drawings["pixels"] = cross(np.random.default_rng(99))  # a cross it never saw
    at.run()
    assert at.metric[0].value == "cross"
    bars = next(c for c in charts(at) if c.key == "draw.bars")
    assert '"cross"' in bars.spec and "digit or your symbol" in bars.spec
    at.radio(key="draw.model").set_value("CNN (default)").run()
    assert at.metric[0].value in [str(d) for d in range(10)]  # the shared CNN knows only digits
