"""The augmentation's flagged 1s: where the flag's ink goes, which digits get one, the same for one seed."""

from dataclasses import replace

import torch

from nnviz.augment import FLAG_LENGTH, AugmentSpec, augment, flag

STILL = AugmentSpec(rotation_deg=0, shift_px=0, scale=(1, 1), shear=0, thicken=0, thin=0)  # no warp at all


def test_a_flag_is_new_ink_from_the_top_end_down_to_the_left(mnist):
    x = mnist.train_x[mnist.train_y == 1][:16].unsqueeze(1).float() / 255  # (16, 1, 28, 28)
    chosen = torch.arange(len(x)) % 2 == 0
    out = flag(x, chosen, torch.Generator().manual_seed(0))
    assert torch.equal(out[~chosen], x[~chosen])  # the others are untouched
    assert (out >= x).all() and out.max() <= 1
    for before, after in zip(x[chosen, 0], out[chosen, 0], strict=True):
        rows = (before > 0.5).any(1).nonzero().flatten()
        top, height = int(rows[0]), int(rows[-1] - rows[0] + 1)
        start = (before[top : top + 2] > 0.5).nonzero()[:, 1].float().mean()
        added = (after - before > 0.5).nonzero()  # (k, 2) rows and columns of the flag's ink
        assert len(added) >= 2, "a flag leaves visible ink"
        assert added[:, 0].min() >= top - 2  # it hangs from the top
        assert added[:, 0].max() <= top + FLAG_LENGTH[1] * height + 2  # no further down than its longest
        assert added[:, 1].float().mean() < start  # to the left of where the 1 begins


def test_only_ones_are_flagged_and_without_a_share_nothing_changes(mnist):
    x = mnist.train_x[:300].unsqueeze(1).float() / 255
    y = mnist.train_y[:300]
    plain = augment(x, AugmentSpec(), torch.Generator().manual_seed(4))
    assert torch.equal(augment(x, AugmentSpec(), torch.Generator().manual_seed(4), y), plain)  # same random draws
    flagged = augment(x, replace(STILL, flag_ones=1.0), torch.Generator().manual_seed(4), y)
    changed = (flagged - x).abs().amax((1, 2, 3)) > 0.5
    assert changed[y == 1].all() and not changed[y != 1].any()
    seeded = augment(x, replace(STILL, flag_ones=1.0), torch.Generator().manual_seed(4), y)
    assert torch.equal(flagged, seeded)
