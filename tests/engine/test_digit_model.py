"""The default digit model: trained once, then loaded from the disk cache."""

from dataclasses import replace

import torch

from nnviz import digit_model
from nnviz.digit_model import RECIPE, cache_key, cached_path, load_or_train

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


def test_an_unreadable_cache_file_is_replaced(mnist, tmp_path):
    path = cached_path(mnist, QUICK, tmp_path)
    path.write_bytes(b"not a checkpoint")
    model = load_or_train(mnist, QUICK, tmp_path)
    assert not model.from_cache
    assert load_or_train(mnist, QUICK, tmp_path).from_cache


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NNVIZ_CACHE_DIR", str(tmp_path))
    assert digit_model.cache_dir() == tmp_path
