"""Every sentence the Training page writes about numbers is true of those numbers (issue 16, items 3 and 4)."""

from lessons.training.results import gap_words, run_row, spread_words
from nnviz.figures.training import compare_runs, training_curve


def a_run(name: str, seed: str, acc: float, ran: float = 2.0, epochs: str = "2", kept=None) -> dict:
    settings = {"model": "MLP 784-32-10 relu", "optimiser": "RMSprop 0.001", "epochs": epochs, "seed": seed}
    history = [{"epoch": ran / 2, "loss": 0.5, "acc": 0.8}, {"epoch": ran, "loss": 0.4, "acc": 0.9}]
    return {"name": name, "settings": settings, "history": history, "test_acc": acc, "kept_epoch": kept}


def test_training_far_above_test_is_called_overfitting_and_dropout_is_not_blamed():
    words = gap_words(test_acc=0.89, train_acc=1.0, dropout=0.0)
    assert "11.0 points above test" in words and "overfitting" in words
    assert "dropout" not in words and "normal" not in words


def test_test_above_training_names_dropout_only_when_there_is_dropout():
    assert "dropout" in gap_words(0.98, 0.96, dropout=0.2)
    plain = gap_words(0.98, 0.96, dropout=0.0)
    assert "2.0 points above training" in plain and "dropout" not in plain


def test_close_accuracies_are_said_to_agree():
    assert "agree" in gap_words(0.975, 0.97, dropout=0.0)


def test_runs_with_the_same_seed_make_no_spread():
    runs = [a_run("1", "0", 0.9885), a_run("2", "0", 0.9885)]
    assert spread_words(runs) == []


def test_two_seeds_give_their_spread_and_equal_results_are_not_a_range():
    apart = spread_words([a_run("1", "0", 0.97), a_run("2", "1", 0.98), a_run("3", "1", 0.98)])
    assert len(apart) == 1 and "2 runs" in apart[0] and "(0, 1)" in apart[0]
    assert "between 97.00% and 98.00%" in apart[0]
    same = spread_words([a_run("1", "0", 0.9885), a_run("2", "3", 0.9885)])
    assert "all reached 98.85%" in same[0] and "between" not in same[0]


def test_a_run_stopped_early_says_what_really_ran():
    row = run_row(a_run("1", "0", 0.5, ran=0.02, epochs="2"))
    assert row["epochs run"] == "0.02 of 2" and row["kept epoch"] == "at the stop (0.02)"
    assert list(row)[:2] == ["run", "seed"]  # the seed sits by the name, not clipped at the far right
    assert run_row(a_run("1", "0", 0.9))["kept epoch"] == "last"


def test_a_short_run_is_drawn_as_a_short_curve_on_at_least_one_epoch():
    fig = compare_runs([a_run("1", "0", 0.5, ran=0.02)], "training loss")
    assert tuple(fig.layout.xaxis.range) == (0, 1)


def test_the_best_epoch_label_reads_away_from_the_edge_it_is_near():
    history = [{"epoch": e, "loss": 1 / e, "acc": 0.5} for e in (1, 2, 3, 4, 5)]
    early = training_curve(history, best_epoch=1, total_epochs=5)
    late = training_curve(history, best_epoch=5, total_epochs=5)
    assert early.layout.annotations[0].xanchor == "left" and late.layout.annotations[0].xanchor == "right"
