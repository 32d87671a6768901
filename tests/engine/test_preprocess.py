"""The preparation of a canvas drawing, on synthetic drawings whose right answers we know."""

import numpy as np
import pytest

from nnviz.preprocess import (
    AS_DRAWN,
    BOX,
    CANVAS,
    CENTRE,
    EVEN_PEN,
    NAIVE,
    PEN_MIN,
    SIDE,
    PrepConfig,
    centre_of_mass,
    pen_width,
    prepare_drawing,
    to_grey,
)


def canvas(*rects: tuple[int, int, int, int], side: int = CANVAS) -> np.ndarray:
    """An opaque black RGBA canvas with white rectangles (top, left, bottom, right)."""
    image = np.zeros((side, side, 4), dtype=np.uint8)
    image[..., 3] = 255
    for top, left, bottom, right in rects:
        image[top:bottom, left:right, :3] = 255
    return image


def test_grey_composites_transparent_ink_over_black():
    pixels = np.array([[[255, 255, 255, 255], [255, 255, 255, 0], [255, 255, 255, 51], [0, 0, 0, 255]]], np.uint8)
    assert to_grey(pixels) == pytest.approx(np.array([[1.0, 0.0, 0.2, 0.0]]), abs=1e-6)
    assert to_grey(np.full((2, 2, 3), 255, np.uint8)) == pytest.approx(np.ones((2, 2)))


@pytest.mark.parametrize("drawing", [None, np.zeros((0, 0, 4), np.uint8), canvas(), canvas()[..., :3]])
def test_a_blank_canvas_gives_nothing_to_read(drawing):
    assert prepare_drawing(drawing) is None


def test_a_faint_haze_is_not_ink():
    hazy = canvas()
    hazy[..., :3] = 5  # 2% grey everywhere, below the ink threshold
    assert prepare_drawing(hazy) is None


def test_the_crop_is_the_inks_bounding_box():
    prepared = prepare_drawing(canvas((40, 100, 200, 140), (180, 130, 190, 170)))
    assert prepared.box == (40, 100, 200, 170)
    assert prepared.cropped.shape == (160, 70)


@pytest.mark.parametrize(("height", "width", "fitted"), [(200, 50, (20, 5)), (60, 240, (5, 20)), (100, 100, (20, 20))])
def test_fitting_keeps_the_aspect_ratio_with_the_longer_side_at_20(height, width, fitted):
    prepared = prepare_drawing(canvas((10, 20, 10 + height, 20 + width)))
    assert prepared.fitted.shape == fitted
    assert max(prepared.fitted.shape) == BOX
    assert prepared.fitted.min() == pytest.approx(1.0)  # a solid block stays solid


def test_centring_puts_the_centre_of_mass_within_half_a_pixel_of_the_centre():
    # An L shape: its centre of mass is far from the middle of its bounding box.
    prepared = prepare_drawing(canvas((20, 20, 260, 60), (220, 20, 260, 200)))
    row, col = centre_of_mass(prepared.placed)
    assert abs(row - CENTRE) < 0.5 and abs(col - CENTRE) < 0.5
    row, col = centre_of_mass(prepared.digit.astype(float))
    assert abs(row - CENTRE) < 0.5 and abs(col - CENTRE) < 0.5
    assert prepared.shift[0] < -1 and prepared.shift[1] > 1  # moved up and right to get there


def test_without_centring_the_box_sits_in_the_middle():
    prepared = prepare_drawing(canvas((20, 20, 260, 60), (220, 20, 260, 200)), PrepConfig(centre_of_mass=False))
    assert prepared.shift == (0.0, 0.0)
    rows, cols = np.nonzero(prepared.digit)  # 240x180 fitted into 20x15, in the middle of 28x28
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (4, 23, 6, 20)


def test_a_naive_resize_keeps_a_small_corner_digit_small_and_in_the_corner():
    corner = canvas((10, 10, 70, 30))  # 60x20 canvas pixels
    naive = prepare_drawing(corner, NAIVE)
    rows, cols = np.nonzero(naive.digit)
    assert rows.max() < 8 and cols.max() < 4
    assert naive.placed.sum() == pytest.approx(6 * 2, rel=0.05)  # a tenth of the size each way
    prepared = prepare_drawing(corner)
    assert prepared.placed.sum() == pytest.approx(20 * 7, rel=0.05)  # fitted to MNIST's 20 pixels high


def test_stretching_without_the_aspect_ratio_fills_the_field():
    prepared = prepare_drawing(canvas((10, 100, 270, 130)), PrepConfig(keep_aspect=False, centre_of_mass=False))
    assert (prepared.digit > 128).all()  # a thin bar stretched to 28x28 is all ink


@pytest.mark.parametrize(
    "drawing",
    [
        canvas((140, 140, 141, 141)),  # a single dot
        canvas((0, 0, CANVAS, CANVAS)),  # a scribble filling the canvas
        canvas((0, 0, 280, 8), (0, 0, 8, 280), (272, 0, 280, 280)),  # touching three edges
        canvas((30, 139, 250, 140)),  # a one-pixel line
        canvas((30, 90, 250, 190)),  # a very thick stroke
        canvas((100, 100, 110, 110), side=560),  # a high-resolution screen's canvas
    ],
)
def test_odd_drawings_still_give_a_full_range_28x28_digit(drawing):
    prepared = prepare_drawing(drawing)
    assert prepared.digit.shape == (SIDE, SIDE) and prepared.digit.dtype == np.uint8
    assert prepared.digit.max() == 255
    for config in (NAIVE, PrepConfig(crop=False), PrepConfig(keep_aspect=False)):
        result = prepare_drawing(drawing, config)
        assert result.digit.shape == (SIDE, SIDE) and result.digit.max() == 255


def test_the_even_pen_is_a_share_of_the_drawings_longer_side_whatever_the_brush():
    tall = np.array([[20.0, 100, 220, 130], [220, 130, 200, 160]])  # (r0, c0, r1, c1): 200 tall, 60 wide
    for brush in (8, 18, 32):
        assert pen_width(tall, brush) == round(EVEN_PEN * 200)
        assert pen_width(tall, brush, AS_DRAWN) == brush
        assert pen_width(tall, brush, NAIVE) == brush
    assert pen_width(np.array([[50.0, 50, 52, 51]]), 18) == PEN_MIN  # a speck still gets a visible stroke
    assert pen_width(np.zeros((0, 4)), 18) == 18
