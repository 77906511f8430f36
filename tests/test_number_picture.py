"""A picture of a number as parts: blobs of ink, cut where digits touch."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from mnist_draw import number_picture


def _ink(lines: list[list[tuple[float, float]]], size=(200, 120), width=6) -> np.ndarray:
    picture = Image.new("L", size, 0)
    draw = ImageDraw.Draw(picture)
    for line in lines:
        draw.line(line, fill=255, width=width)
    return np.asarray(picture, dtype=np.float64) / 255.0


def test_ink_regions_are_labelled_with_diagonal_neighbours_joined():
    mask = np.zeros((6, 8), dtype=bool)
    mask[0, 0] = mask[1, 1] = mask[2, 2] = True  # one diagonal line
    mask[0:4, 5] = True  # a bar
    mask[5, 0:3] = True  # another bar
    labels, count = number_picture.label_components(mask)
    assert count == 3
    assert labels[0, 0] == labels[2, 2] != labels[0, 5]
    assert (labels > 0).sum() == mask.sum()


def test_the_stroke_width_is_measured_from_the_ink():
    blobs = number_picture.find_blobs(_ink([[(20, 20), (20, 100)], [(60, 20), (120, 100)]], width=7))
    assert 5.5 <= blobs.stroke <= 8.5


def test_a_blank_picture_has_no_blobs():
    assert number_picture.find_blobs(np.zeros((40, 60))) is None


def test_two_digits_joined_by_a_thin_stroke_are_cut_where_they_join():
    # A 1 and a 0 whose ink is joined by a short bar at mid-height.
    zero = [(x, 60 + 40 * np.sin(t)) for t, x in ((t, 110 + 25 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 60))]
    ink = _ink([[(50, 20), (50, 100)], zero, [(50, 60), (85, 60)]], size=(180, 120))
    blobs = number_picture.find_blobs(ink)
    assert len(blobs.boxes) == 1  # one blob of ink
    parts = number_picture.cut_blobs(blobs, height=80.0)
    # Some cut leaves the 1 alone on its left, crossing about one stroke.
    lefts = [piece.box for piece in parts.pieces if piece.box[0] < 60]
    assert any(box[2] <= 88 for box in lefts)
    assert all(cost < 3 for _, _, cost in parts.joins)
    assert len(parts.joins) == len(parts.pieces) - 1


def test_a_blob_no_wider_than_a_narrow_digit_is_left_whole():
    parts = number_picture.cut_blobs(number_picture.find_blobs(_ink([[(50, 20), (60, 100)]])), height=80.0)
    assert len(parts.pieces) == 1 and parts.joins == []


def test_a_group_of_pieces_is_rendered_as_the_model_reads_a_digit():
    ink = _ink([[(30, 20), (30, 100)], [(90, 20), (90, 100)]])
    parts = number_picture.cut_blobs(number_picture.find_blobs(ink), height=80.0)
    assert len(parts.pieces) == 2
    alone, together = parts.render([0]), parts.render([0, 1])
    assert alone.shape == together.shape == (28, 28)
    assert (together.max(axis=0) > 0.5).sum() > (alone.max(axis=0) > 0.5).sum()  # two bars are wider than one


def test_a_pieces_ink_is_found_only_where_it_is():
    parts = number_picture.cut_blobs(number_picture.find_blobs(_ink([[(30, 20), (30, 100)], [(90, 60), (110, 60)]])), height=80.0)
    bar = next(i for i, piece in enumerate(parts.pieces) if piece.box[0] < 50)
    assert parts.ink_within(bar, (25.0, 50.0, 35.0, 60.0))
    assert not parts.ink_within(bar, (60.0, 50.0, 120.0, 70.0))  # the other piece's ink, not this one's
    assert not parts.ink_within(bar, (25.0, 105.0, 35.0, 118.0))  # below its end


def test_ink_where_two_strokes_run_side_by_side_or_cross_is_cheap_to_cut_and_a_lone_stroke_is_not():
    # Two bars touching along their middle third, as two digits that touch along a
    # stroke do, and a bar crossing a third one: a cut may follow them apart there.
    ink = _ink([[(40, 20), (40, 100)], [(46, 50), (46, 75)], [(120, 20), (120, 100)], [(100, 60), (140, 60)]], width=6)
    blobs = number_picture.find_blobs(ink)
    cost = number_picture._crossing_cost(ink > number_picture.INK_LEVEL, blobs.stroke)
    assert cost[30, 40] == 1.0  # the bar alone
    assert cost[62, 43] == number_picture.THICK_COST  # where the two run side by side
    assert cost[60, 120] == number_picture.THICK_COST  # where two cross
    assert cost[60, 105] == 1.0 and cost[10, 40] == 0.0  # the crossing bar alone; paper


def test_the_pieces_carry_the_digit_height_of_the_blobs_they_were_cut_from():
    # An open 0 cut at its gap into two halves no taller than each other: measured by
    # its pieces, the whole 0 would look taller and wider than a digit.
    zero = [(110 + 45 * np.cos(t), 60 + 45 * np.sin(t)) for t in np.linspace(-1.2, 4.2, 80)]
    parts = number_picture.cut_blobs(number_picture.find_blobs(_ink([zero], size=(220, 120))), height=90.0)
    assert parts.height == 90.0
