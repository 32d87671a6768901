"""MNIST from files, from a download, and the offline sample; the validation split."""

import gzip
import hashlib
import http.server
import threading
from functools import partial

import pytest
import torch
from torchvision.datasets import MNIST

from nnviz.data import data_dir, load_digits, load_sample, split_validation

RAW_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def test_files_give_full_mnist_as_tensors(mnist):
    assert mnist.source == "files"
    assert mnist.train_x.shape == (60_000, 28, 28) and mnist.train_x.dtype == torch.uint8
    assert mnist.test_x.shape == (10_000, 28, 28)
    assert mnist.train_y.dtype == torch.int64 and set(mnist.test_y.unique().tolist()) == set(range(10))
    assert mnist.label == "MNIST 60,000 / 10,000"
    assert not mnist.offline_sample


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NNVIZ_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv("NNVIZ_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert data_dir() == tmp_path / "cache" / "nnviz" / "data"


@pytest.fixture
def unreachable_mirror(monkeypatch):
    """Point torchvision's download at a closed localhost port: a network that is not there."""
    monkeypatch.setattr(MNIST, "mirrors", ["http://127.0.0.1:9/"])


def test_no_files_and_no_network_falls_back_to_the_real_sample(tmp_path, unreachable_mirror):
    digits = load_digits(tmp_path / "empty", download=True)
    assert digits.source == "sample" and digits.offline_sample
    assert (len(digits.train_y), len(digits.test_y)) == (4000, 1000)
    assert digits.label == "MNIST sample 4,000 / 1,000, offline"
    assert digits.train_x.dtype == torch.uint8 and digits.train_x.shape[1:] == (28, 28)
    assert 0 < digits.train_x.float().mean() < 255  # real images, not blanks
    assert set(digits.test_y.unique().tolist()) == set(range(10))


def test_the_sample_split_is_fixed_and_disjoint():
    a, b = load_sample(), load_sample()
    assert torch.equal(a.test_x, b.test_x) and torch.equal(a.train_y, b.train_y)
    train = {bytes(x.numpy()) for x in a.train_x}
    assert not any(bytes(x.numpy()) in train for x in a.test_x[:200])


def test_download_when_files_are_missing(tmp_path, monkeypatch, mnist):
    """A real download through torchvision, served from a local mirror of gzip files."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    resources = []
    for name in RAW_FILES:
        raw = (data_dir() / "MNIST" / "raw" / name).read_bytes()
        packed = gzip.compress(raw, compresslevel=1)
        (mirror / f"{name}.gz").write_bytes(packed)
        resources.append((f"{name}.gz", hashlib.md5(packed).hexdigest()))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(MNIST, "mirrors", [f"http://127.0.0.1:{server.server_address[1]}/"])
    monkeypatch.setattr(MNIST, "resources", resources)
    try:
        digits = load_digits(tmp_path / "fresh", download=True)
    finally:
        server.shutdown()
    assert digits.source == "download"
    assert torch.equal(digits.test_x, mnist.test_x) and torch.equal(digits.train_y, mnist.train_y)
    assert load_digits(tmp_path / "fresh", download=False).source == "files"


def test_validation_split_is_seeded_and_disjoint():
    train, val = split_validation(1000, 0.2, seed=3)
    assert len(val) == 200 and len(train) == 800
    assert set(train.tolist()).isdisjoint(val.tolist())
    assert sorted(train.tolist() + val.tolist()) == list(range(1000))
    again, _ = split_validation(1000, 0.2, seed=3)
    other, _ = split_validation(1000, 0.2, seed=4)
    assert torch.equal(train, again) and not torch.equal(train, other)


def test_validation_fraction_is_bounded():
    with pytest.raises(ValueError, match="validation fraction"):
        split_validation(100, 1.0, seed=0)
