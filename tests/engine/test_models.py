"""Model builders and the layer summary, against counts worked out by hand."""

import pytest
import torch

from nnviz.models import ModelSpec, build_model, count_params, summary


@pytest.mark.parametrize(
    ("hidden", "expected"),
    [((512, 512), 669_706), ((50,), 39_760), ((32,), 25_450), ((), 7_850)],
)
def test_mlp_parameter_counts(hidden, expected):
    model = build_model(ModelSpec(kind="mlp", hidden=hidden))
    assert count_params(model) == expected
    assert sum(row.params for row in summary(model)) == expected


def test_summary_lists_shapes_in_forward_order():
    rows = summary(build_model(ModelSpec(kind="mlp", hidden=(512, 512), dropout=0.2)))
    assert [r.kind for r in rows] == ["Flatten", "Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"]
    assert rows[0].output_shape == (1, 784)
    assert rows[1].output_shape == (1, 512) and rows[1].params == 784 * 512 + 512
    assert rows[-1].output_shape == (1, 10)


def test_lesson_cnn_shapes():
    rows = summary(build_model(ModelSpec(kind="cnn")))
    shapes = {r.name: r.output_shape for r in rows}
    assert shapes["2"] == (1, 32, 12, 12)
    assert shapes["5"] == (1, 32, 4, 4)
    assert shapes["8"] == (1, 64, 1, 1)
    assert rows[-1].output_shape == (1, 10)
    conv_params = (32 * 25 + 32) + (32 * 32 * 25 + 32) + (64 * 32 * 9 + 64)
    assert count_params(build_model(ModelSpec(kind="cnn"))) == conv_params + (64 * 64 + 64) + (64 * 10 + 10)


def test_fast_cnn_is_small_and_takes_digits():
    model = build_model(ModelSpec(kind="fast_cnn"))
    assert 25_000 < count_params(model) < 35_000
    assert model(torch.zeros(4, 1, 28, 28)).shape == (4, 10)


def test_seed_fixes_initial_weights_without_touching_global_rng():
    state = torch.get_rng_state()
    a = build_model(ModelSpec(kind="cnn"), seed=5)
    b = build_model(ModelSpec(kind="cnn"), seed=5)
    c = build_model(ModelSpec(kind="cnn"), seed=6)
    assert torch.equal(torch.get_rng_state(), state)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    assert not torch.equal(next(a.parameters()), next(c.parameters()))


def test_unknown_kind_is_refused_clearly():
    with pytest.raises(ValueError, match="unknown model kind"):
        build_model(ModelSpec(kind="transformer"))


def test_taps_record_only_their_own_pass_while_another_session_runs_the_same_model():
    """A default model serves every session: another visitor's forward pass through it, made while ours is
    half-way, must not land among our recorded layers (hooks on the shared model would record it)."""
    from torch import nn

    from nnviz.models import forward_taps

    others: list[int] = []

    class AnotherVisitor(nn.Module):
        def forward(self, x):
            if not others:  # once, in the middle of the first pass
                others.append(1)
                shared(torch.zeros(1, 1, 2, 2))
            return x

    shared = nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.ReLU(), AnotherVisitor(), nn.Linear(3, 2), nn.ReLU())
    _, taps = forward_taps(shared, torch.ones(1, 1, 2, 2), lambda module: isinstance(module, nn.ReLU))
    assert others and [t.name for t in taps] == ["2", "5"]  # our two ReLUs, once each
    assert not any(m._forward_hooks for m in shared.modules())  # and the shared model is left as it was
