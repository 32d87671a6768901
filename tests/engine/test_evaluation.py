"""Reading a trained network and its history: confusion, confident mistakes, first layer, best epoch."""

import numpy as np
import pytest
import torch

from nnviz import evaluation
from nnviz.models import ModelSpec, build_model


def test_confusion_matrix_against_a_hand_made_case():
    labels = np.array([0, 0, 1, 1, 1, 2, 2, 2, 2])
    guesses = np.array([0, 1, 1, 1, 2, 2, 2, 0, 2])
    expected = np.array(
        [
            [1, 1, 0],  # two real 0s: one right, one read as 1
            [0, 2, 1],
            [1, 0, 3],
        ]
    )
    matrix = evaluation.confusion_matrix(labels, guesses, classes=3)
    np.testing.assert_array_equal(matrix, expected)
    assert matrix.sum() == len(labels)
    np.testing.assert_array_equal(evaluation.cell_indices(labels, guesses, 2, 0), [7])
    np.testing.assert_array_equal(evaluation.cell_indices(labels, guesses, 1, 1), [2, 3])


def test_confident_mistakes_are_wrong_and_sorted_by_confidence():
    probs = np.array(
        [
            [0.9, 0.1],  # right
            [0.6, 0.4],  # wrong, 60% sure
            [0.05, 0.95],  # wrong, 95% sure
            [0.2, 0.8],  # right
            [0.3, 0.7],  # wrong, 70% sure
        ]
    )
    labels = np.array([0, 1, 0, 1, 1])
    np.testing.assert_array_equal(evaluation.confident_mistakes(probs, labels, k=10), [2, 1])
    labels = np.array([0, 1, 0, 1, 0])
    np.testing.assert_array_equal(evaluation.confident_mistakes(probs, labels, k=2), [2, 4])


def test_first_layer_weights_as_pictures():
    mlp = build_model(ModelSpec(hidden=(7, 5)), seed=0)
    pictures = evaluation.first_layer_weights(mlp)
    assert pictures.shape == (7, 28, 28)
    np.testing.assert_array_equal(pictures[3].ravel(), mlp[1].weight[3].detach().numpy())
    cnn = build_model(ModelSpec(kind="cnn"), seed=0)
    assert evaluation.first_layer_weights(cnn).shape == (32, 5, 5)
    assert evaluation.first_layer_weights(build_model(ModelSpec(kind="fast_cnn"))).shape == (16, 3, 3)
    with pytest.raises(ValueError):
        evaluation.first_layer_weights(torch.nn.Sequential(torch.nn.ReLU()))


def synthetic_history(train: list[float], val: list[float], chunks: int = 3) -> list[dict]:
    """A run's records: `chunks` per epoch, the last one carrying the epoch's validation numbers."""
    history = []
    for epoch, (t, v) in enumerate(zip(train, val, strict=True), start=1):
        for c in range(chunks):
            record = {"epoch": epoch - 1 + (c + 1) / chunks, "loss": t, "acc": 0.5}
            if c == chunks - 1:
                record |= {"val_loss": v, "val_acc": 0.5, "test_loss": v, "test_acc": 0.5}
            history.append(record)
    return history


def test_best_epoch_and_overfitting_on_a_synthetic_history():
    train = [1.0, 0.6, 0.4, 0.3, 0.2, 0.1]
    val = [0.9, 0.5, 0.45, 0.47, 0.55, 0.7]  # lowest at epoch 3, then rising
    train_by_epoch, val_by_epoch = evaluation.epoch_losses(synthetic_history(train, val))
    assert train_by_epoch == pytest.approx(train) and val_by_epoch == val
    assert evaluation.best_epoch(val_by_epoch) == 3
    assert evaluation.overfitting_epoch(train_by_epoch, val_by_epoch) == 4
    still_learning = [0.9, 0.5, 0.4, 0.35, 0.3, 0.28]
    assert evaluation.best_epoch(still_learning) == 6
    assert evaluation.overfitting_epoch(train, still_learning) is None
    unstable = [1.0, 0.6, 0.4, 0.9, 1.2, 1.5]  # training loss rises too: not overfitting
    assert evaluation.overfitting_epoch(unstable, val) is None
    assert evaluation.best_epoch([0.5, 0.4, 0.4]) == 2  # a tie keeps the earlier epoch
    flat = [0.9, 0.5, 0.45, 0.455, 0.452, 0.47]  # within 2% of the best until the last epoch
    assert evaluation.overfitting_epoch(train, flat) == 6


def test_the_trainer_keeps_the_epoch_evaluation_picks(mnist):
    from nnviz.training import TrainConfig, Trainer

    config = TrainConfig(model=ModelSpec(hidden=(256,)), batch_size=32, epochs=6, train_size=200, seed=1)
    trainer = Trainer(config, mnist)
    while trainer.step(50) is not None:
        pass
    _, val = evaluation.epoch_losses(trainer.history)
    assert len(val) == 6 and trainer.best["epoch"] == evaluation.best_epoch(val)
    kept = evaluation.kept_model(trainer)
    assert trainer.evaluate(trainer.val_x, trainer.val_y, kept)[0] == pytest.approx(min(val))


@pytest.mark.parametrize("kind", ["mlp", "fast_cnn"])
def test_the_kept_epochs_test_is_the_one_the_trainer_made_and_the_same_as_testing_it_again(mnist, kind):
    """The results reuse the test the trainer made when it kept an epoch (lessons/training/results): it is what a
    fresh test of the kept model gives; without validation digits the last weights are tested afresh."""
    from nnviz.training import TrainConfig, Trainer, predict_proba

    for val_fraction in (0.1, 0.0):
        config = TrainConfig(model=ModelSpec(kind=kind, hidden=(32,)), epochs=2, train_size=600,
                             val_fraction=val_fraction, seed=2)  # fmt: skip
        trainer = Trainer(config, mnist)
        while trainer.step(50) is not None:
            pass
        kept = evaluation.kept_model(trainer)
        probs = evaluation.kept_test_probs(trainer, kept, mnist.test_x)
        assert (probs is trainer.best["test_probs"]) == (val_fraction > 0)
        torch.testing.assert_close(probs, predict_proba(kept, mnist.test_x), atol=1e-5, rtol=1e-4)
    assert evaluation.kept_test_probs(trainer, kept, mnist.test_x[:100]).shape == (100, 10)  # other digits


def test_one_hot_and_untrained_accuracy(mnist):
    from nnviz.training import TrainConfig

    assert evaluation.one_hot(7) == "0000000100" and evaluation.one_hot(0) == "1000000000"
    acc = evaluation.untrained_accuracy(TrainConfig(seed=0), mnist.test_x[:2000], mnist.test_y[:2000])
    assert 0.02 < acc < 0.25  # random weights: about chance, 10%
    assert evaluation.spread([0.97, 0.985, 0.979]) == (0.97, 0.985) and evaluation.spread([0.9]) is None
