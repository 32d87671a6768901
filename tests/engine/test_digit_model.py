"""The default digit model: trained once, then loaded from the disk cache."""

from dataclasses import replace

import torch

from nnviz import digit_model
from nnviz.digit_model import MLP_RECIPE, READER, RECIPE, SHIPPED, cache_key, cached_path, load_or_train
from nnviz.training import evaluate

QUICK = replace(RECIPE, max_updates=30, train_size=3000)


def test_trains_once_then_loads_the_same_weights(mnist, tmp_path):
    seen = []
    first = load_or_train(mnist, QUICK, tmp_path, on_progress=lambda f, text: seen.append(f))
    assert not first.from_cache and first.path.exists()
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    second = load_or_train(mnist, QUICK, tmp_path, on_progress=lambda f, text: seen.append(-1))
    assert second.from_cache and -1 not in seen
    assert second.test_acc == first.test_acc > 0.5
    x = mnist.test_x[:8].unsqueeze(1).float() / 255
    assert torch.equal(first.model(x), second.model(x))
    assert not second.model.training


def test_a_new_recipe_or_new_data_gets_a_new_file(mnist, tmp_path):
    sample = replace(mnist, source="sample")
    assert cache_key(QUICK, mnist) != cache_key(replace(QUICK, lr=1e-3), mnist)
    assert cache_key(QUICK, mnist) != cache_key(QUICK, sample)
    assert cached_path(mnist, QUICK, tmp_path) != cached_path(sample, QUICK, tmp_path)


def test_a_change_to_the_code_that_trains_gets_a_new_file(mnist, monkeypatch, tmp_path):
    """Not only the recipe's settings: the code that carries it out names the file too."""
    changed = tmp_path / "training.py"
    changed.write_bytes(digit_model.RECIPE_CODE[-1].read_bytes() + b"\n# a change\n")
    before = cache_key(QUICK, mnist)
    monkeypatch.setattr(digit_model, "RECIPE_CODE", (*digit_model.RECIPE_CODE[:-1], changed))
    assert cache_key(QUICK, mnist) != before


def test_the_shipped_weights_are_built_from_todays_recipes(mnist):
    """The reader and the MLP ship for full MNIST, named after today's recipe and code (after a change to either,
    `python -m nnviz.digit_model` rebuilds them); each loads, and scores on MNIST test what it says it scores
    (to within the odd digit a different CPU's rounding may flip)."""
    for config, floor in ((READER, 0.99), (MLP_RECIPE, 0.97)):
        path = SHIPPED / cached_path(mnist, config).name
        assert path.exists(), f"no shipped weights for {config.model.kind}: run `python -m nnviz.digit_model`"
        shipped = load_or_train(mnist, config, folder=SHIPPED.parent / "no-cache-here")
        assert shipped.from_cache and shipped.path == path and shipped.config == config
        assert shipped.test_acc >= floor
        assert abs(evaluate(shipped.model, mnist.test_x, mnist.test_y)[1] - shipped.test_acc) <= 3e-4  # 3 digits


def test_an_unreadable_cache_file_is_replaced(mnist, tmp_path):
    path = cached_path(mnist, QUICK, tmp_path)
    path.write_bytes(b"not a checkpoint")
    model = load_or_train(mnist, QUICK, tmp_path)
    assert not model.from_cache
    assert load_or_train(mnist, QUICK, tmp_path).from_cache


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NNVIZ_CACHE_DIR", str(tmp_path))
    assert digit_model.cache_dir() == tmp_path


def test_the_shipped_file_comes_before_a_cached_copy_of_the_same_recipe(mnist, tmp_path):
    """A copy trained here (without the figures measured at build time) must not hide the shipped one."""
    copy = cached_path(mnist, READER, tmp_path)
    copy.write_bytes((SHIPPED / copy.name).read_bytes())
    found = load_or_train(mnist, READER, tmp_path)
    assert found.path == SHIPPED / copy.name and found.pen_acc is not None
