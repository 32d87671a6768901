"""The rule bench/choose_recipe.py picks the default recipe by: validation accuracies only."""

from bench.choose_recipe import choose


def test_the_best_mean_validation_accuracy_wins():
    results = {
        (1e-2, 200): [0.984, 0.986, 0.985],
        (2e-2, 300): [0.986, 0.990, 0.988],  # the best mean, though not the best single seed
        (1.5e-2, 250): [0.982, 0.991, 0.984],
    }
    assert choose(results) == (2e-2, 300)


def test_on_a_tie_the_shorter_run_wins():
    assert choose({(2e-2, 300): [0.985, 0.987], (1e-2, 200): [0.987, 0.985]}) == (1e-2, 200)


def test_on_a_whole_tie_the_lower_peak_rate_wins_whatever_the_order():
    tied = {(2e-2, 300): [0.987, 0.985], (1.5e-2, 300): [0.985, 0.987]}
    assert choose(tied) == (1.5e-2, 300) and choose(dict(reversed(tied.items()))) == (1.5e-2, 300)
