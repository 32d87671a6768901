"""Training in time slices: each slice respects its budget, chunks become chart points, the clock adds up."""

import pytest

from nnviz import live_training
from nnviz.live_training import Clock, advance, chunk_size, samples_per_second, seconds_left
from nnviz.models import ModelSpec
from nnviz.training import TrainConfig, Trainer

SMALL = TrainConfig(model=ModelSpec(hidden=(32,)), batch_size=64, epochs=3, train_size=1280, seed=2)


def test_slices_cover_the_whole_run_like_one_loop(mnist):
    sliced = Trainer(SMALL, mnist)
    clock = Clock()
    while not sliced.finished:
        advance(sliced, 0.05)
        clock.add(0.05)
    assert sliced.updates == sliced.total_updates == 60
    assert sliced.history[-1]["epoch"] == pytest.approx(3.0)
    assert samples_per_second(sliced, clock) == pytest.approx(sliced.samples / clock.seconds)
    assert seconds_left(sliced, clock) == 0


def test_chunks_aim_at_chunk_seconds(mnist, monkeypatch):
    trainer = Trainer(SMALL, mnist)
    assert chunk_size(trainer) == live_training.FIRST_CHUNK
    trainer.step(5)
    trainer.train_seconds = 5 * 0.01  # pretend 10 ms per update
    monkeypatch.setattr(live_training, "CHUNK_SECONDS", 0.1)
    assert chunk_size(trainer) == 10
    monkeypatch.setattr(live_training, "CHUNK_SECONDS", 10.0)
    assert chunk_size(trainer) == 1000  # capped only by the run, which step() ends at each epoch


def test_a_zero_budget_still_never_trains_past_the_end(mnist):
    trainer = Trainer(SMALL, mnist)
    assert advance(trainer, 0.0) == 0 and trainer.updates == 0
    trainer.stop()
    assert advance(trainer, 1.0) == 0


def test_a_small_run_is_paced_to_last_long_enough_to_watch(mnist):
    """60 updates would take one slice; paced, no slice trains more than its share of a 6-second watch."""
    trainer = Trainer(SMALL, mnist)
    limit = live_training.paced_updates(trainer, tick=0.5, seconds=6.0)
    assert limit == 5  # 60 updates x 0.5 s / 6 s
    slices = 0
    while not trainer.finished:
        before = trainer.updates
        advance(trainer, 10.0, limit)  # a budget that alone would finish the run
        assert trainer.updates - before <= limit
        slices += 1
    assert slices == 12 and trainer.updates == 60


def test_a_replay_reveals_the_history_over_the_watch():
    assert live_training.replay_step(120, tick=0.5, seconds=6.0) == 10
    assert live_training.replay_step(3, tick=0.5, seconds=6.0) == 1
