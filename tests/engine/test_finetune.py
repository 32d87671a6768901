"""Fine-tuning on a learner's examples (nnviz/finetune.py): it learns them, it is reproducible, it leaves the
shared model alone; the held-out split; the examples and the file that carries them, and every refusal."""

import io
import zipfile
from dataclasses import replace

import numpy as np
import pytest
import torch

from nnviz import digit_model
from nnviz.finetune import (
    FILE_LIMIT,
    MOST,
    PER_DIGIT,
    SYMBOL,
    Examples,
    Problem,
    Refused,
    TuneConfig,
    accuracy,
    decode,
    encode,
    finetune,
    hold_out,
    teach,
)

QUICK = replace(TuneConfig(), steps=5)


@pytest.fixture(scope="module")
def shared(mnist):
    return digit_model.load_or_train(mnist).model


@pytest.fixture(scope="module")
def sideways(mnist):
    """A consistent handwriting the model has never seen: MNIST 2s, 3s, 4s, 5s and 7s written transposed
    (mirrored across the diagonal), with their true labels. 8 of each to learn from, 20 of each to test on."""
    learn, test = [], []
    for digit in (2, 3, 4, 5, 7):
        found = torch.nonzero(mnist.train_y == digit).flatten()
        learn.append(found[:8])
        test.append(found[8:28])

    def written(idx):
        idx = torch.cat(idx)
        return mnist.train_x[idx].transpose(1, 2).contiguous(), mnist.train_y[idx]

    return written(learn), written(test)


def test_fine_tuning_learns_a_new_handwriting_and_keeps_reading_mnist(shared, sideways, mnist):
    (own_x, own_y), (test_x, test_y) = sideways
    before = accuracy(shared, test_x, test_y)
    tuned, tuning = finetune(shared, own_x, own_y, mnist.train_x, mnist.train_y, seed=0)
    after = accuracy(tuned, test_x, test_y)
    assert before < 0.6, f"the stand-in handwriting should be hard for the default model: {before:.0%}"
    assert after > before + 0.2, f"{before:.0%} -> {after:.0%}"
    assert tuning.steps == TuneConfig().steps and tuning.last_loss < tuning.first_loss
    assert accuracy(tuned, mnist.test_x[:1000], mnist.test_y[:1000]) > 0.95  # it did not forget MNIST
    assert not tuned.training


def test_the_same_seed_gives_the_same_weights_and_another_seed_others(shared, sideways, mnist):
    (own_x, own_y), _ = sideways
    runs = [finetune(shared, own_x, own_y, mnist.train_x, mnist.train_y, seed, QUICK)[0] for seed in (3, 3, 4)]
    weights = [torch.cat([p.flatten() for p in m.state_dict().values()]) for m in runs]
    assert torch.equal(weights[0], weights[1])
    assert not torch.equal(weights[0], weights[2])


def test_the_shared_model_is_left_as_it_was(shared, sideways, mnist):
    (own_x, own_y), _ = sideways
    before = {k: v.clone() for k, v in shared.state_dict().items()}
    was_training = shared.training
    seen = []
    finetune(shared, own_x, own_y, mnist.train_x, mnist.train_y, 0, QUICK, progress=seen.append)
    assert all(torch.equal(before[k], v) for k, v in shared.state_dict().items())
    assert shared.training == was_training
    assert seen == [(i + 1) / QUICK.steps for i in range(QUICK.steps)]


def crosses(n: int, seed: int) -> torch.Tensor:
    """A symbol no digit looks like: an X, its arms at random angles and thicknesses. uint8 (n, 28, 28)."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:28, 0:28] - 13.5
    out = []
    for _ in range(n):
        a, b, width = rng.uniform(0.6, 1.4), rng.uniform(-1.4, -0.6), rng.uniform(1.2, 2.2)
        arms = [np.abs(rows - slope * cols) / np.hypot(1, slope) < width for slope in (a, b)]
        inside = (np.abs(rows) < 10) & (np.abs(cols) < 10)
        out.append(((arms[0] | arms[1]) & inside) * 255)
    return torch.from_numpy(np.stack(out).astype(np.uint8))


def test_an_eleventh_class_is_learnt_and_the_ten_digits_kept(shared, sideways, mnist):
    (own_x, own_y), _ = sideways
    x = torch.cat([own_x, crosses(10, seed=0)])
    y = torch.cat([own_y, torch.full((10,), SYMBOL)])
    tuned, _ = finetune(shared, x, y, mnist.train_x, mnist.train_y, seed=0)
    test = crosses(30, seed=1)
    with torch.no_grad():
        scores = tuned(((test.unsqueeze(1).float() / 255) - 0.1307) / 0.3081)
    assert scores.shape == (30, 11) and shared[-1].out_features == 10  # the copy grew, the shared model did not
    assert (scores.argmax(1) == SYMBOL).float().mean() >= 0.9
    assert accuracy(shared, test, torch.full((30,), SYMBOL)) == 0.0  # no output for it: never read right
    assert accuracy(tuned, mnist.test_x[:1000], mnist.test_y[:1000]) > 0.95


def test_no_examples_is_refused(shared, mnist):
    with pytest.raises(ValueError):
        finetune(shared, mnist.train_x[:0], mnist.train_y[:0], mnist.train_x, mnist.train_y, 0, QUICK)


def test_one_example_of_each_digit_with_two_or_more_is_held_out():
    labels = np.array([7, 7, 7, 2, 2, 1, 4])
    tune, held = hold_out(labels, seed=0)
    assert sorted(labels[held].tolist()) == [2, 7]  # 1 and 4 have one example each: both are fine-tuned on
    assert sorted(np.concatenate([tune, held]).tolist()) == list(range(7))
    assert np.array_equal(hold_out(labels, 0)[1], held)
    assert len({tuple(hold_out(labels, s)[1]) for s in range(20)}) > 1  # the seed chooses which


def test_teach_measures_before_and_after(shared, sideways, mnist):
    (own_x, own_y), _ = sideways
    data = (mnist.train_x, mnist.train_y, mnist.test_x, mnist.test_y)
    tuned, report = teach(shared, own_x, own_y, data, seed=1, config=replace(QUICK, mnist_test=500))
    assert (report.trained, report.held, report.mnist_count) == (35, 5, 500)
    assert report.mnist_before == accuracy(shared, mnist.test_x[:500], mnist.test_y[:500])
    assert report.mnist_after == accuracy(tuned, mnist.test_x[:500], mnist.test_y[:500])
    _, single = teach(shared, own_x[:1], own_y[:1], data, seed=1, config=replace(QUICK, mnist_test=100))
    assert single.held == 0 and single.own_before is None and single.own_after is None


def digits(n: int, label: int = 3) -> Examples:
    rng = np.random.default_rng(n)
    return Examples(rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), np.full(n, label, np.int64))


def test_examples_are_added_bounded_and_deleted():
    some = Examples.none().add(np.full((28, 28), 9, np.uint8), 4).add(np.zeros((28, 28), np.uint8), 1)
    assert len(some) == 2 and some.counts()[4] == 1 and some.counts()[1] == 1
    assert some.without(0).y.tolist() == [1] and len(some) == 2
    full = digits(PER_DIGIT, label=3)
    assert len(full.add(np.zeros((28, 28), np.uint8), 3)) == PER_DIGIT  # no room for another 3
    assert len(full.add(np.zeros((28, 28), np.uint8), 5)) == PER_DIGIT + 1


def test_an_examples_file_round_trips():
    some = Examples(digits(7).x, np.array([0, 1, 2, 3, 4, 5, 9]))
    back = decode(encode(some))
    assert isinstance(back, Examples)
    assert np.array_equal(back.x, some.x) and back.y.tolist() == some.y.tolist() and back.y.dtype == np.int64
    assert len(encode(Examples(digits(MOST).x, np.repeat(np.arange(10), PER_DIGIT)))) < FILE_LIMIT
    assert len(decode(encode(Examples.none()))) == 0


def test_an_examples_file_keeps_the_symbols_name_and_ignores_one_that_is_not_text():
    some = Examples(digits(2).x, np.array([3, SYMBOL]))
    assert decode(encode(some, "star")).symbol == "star"
    assert decode(encode(some, "a very long name indeed")).symbol == "a very long"  # cut, then trimmed
    odd = io.BytesIO()
    np.savez_compressed(odd, digits=some.x, labels=some.y.astype(np.uint8), symbol=np.arange(3))
    assert decode(odd.getvalue()).symbol == ""


def npz(**arrays) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


RIGHT = digits(3).x
REFUSED = {
    "bigger than the limit": (b"0" * (FILE_LIMIT + 1), Problem.TOO_BIG),
    "no zip at all": (b"hello", Problem.NOT_NPZ),
    "no labels": (npz(digits=RIGHT), Problem.MISSING),
    "32x32 digits": (npz(digits=np.zeros((3, 32, 32), np.uint8), labels=np.arange(3)), Problem.SHAPE),
    "float pixels": (npz(digits=RIGHT.astype(np.float32), labels=np.arange(3)), Problem.DTYPE),
    "a label 11": (npz(digits=RIGHT, labels=np.array([1, 2, 11])), Problem.LABELS),
    "a label -1": (npz(digits=RIGHT, labels=np.array([1, -1, 2])), Problem.LABELS),
    "text labels": (npz(digits=RIGHT, labels=np.array(["a", "b", "c"])), Problem.LABELS),
    "two labels for three digits": (npz(digits=RIGHT, labels=np.arange(2)), Problem.MISMATCH),
    "21 sevens": (npz(digits=digits(21).x, labels=np.full(21, 7)), Problem.TOO_MANY),
    "pickled objects": (npz(digits=np.array([object()] * 3, dtype=object), labels=np.arange(3)), Problem.NOT_NPZ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_each_bad_file_is_refused_with_its_reason(name):
    data, problem = REFUSED[name]
    read = decode(data)
    assert isinstance(read, Refused) and read.problem == problem, read


def test_a_file_that_unpacks_to_more_than_the_limit_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("digits.npy", b"\0" * (FILE_LIMIT * 20))  # packs small, unpacks huge
    assert len(out.getvalue()) < FILE_LIMIT
    read = decode(out.getvalue())
    assert isinstance(read, Refused) and read.problem == Problem.TOO_BIG and "unpacked" in read.found
