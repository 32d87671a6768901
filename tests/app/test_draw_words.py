"""The Draw page's sentence on what the shared models learnt from, for every kind of augmentation."""

from dataclasses import replace

from lessons.draw.models import distortions
from nnviz.augment import AugmentSpec
from nnviz.digit_model import READER


def test_the_flag_is_named_with_its_share_only_when_there_is_one():
    assert distortions(AugmentSpec()) == "each moved, tilted, resized and thickened a little at random"
    assert distortions(replace(AugmentSpec(), flag_ones=0.25)).endswith(
        ", and 25% of the 1s given the flag many people start a 1 with"
    )
    assert "100% of the 1s" in distortions(replace(AugmentSpec(), flag_ones=1.0))
    assert distortions(None) == "as they were written"


def test_the_shipped_readers_sentence_names_its_own_share():
    assert f"{READER.augment.flag_ones:.0%} of the 1s" in distortions(READER.augment)
