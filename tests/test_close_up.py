"""Where a small digit in a large picture is read closer, and how its pixels map (mnist_draw/close_up.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from mnist_draw.close_up import (
    CLOSE_SIDE,
    CLOSER,
    SMALL_DIGIT,
    TURNS,
    CloseUp,
    number_region_to_read,
    region_to_read,
    small_marks,
    smallest_digit,
    smallest_lone_digit,
    smallest_number_digit,
    stored_region,
    writing_box,
)
from mnist_draw.paper import SMALLEST_DIGIT, PaperInk


def found_at(box: tuple[int, int, int, int], shape=(300, 384)) -> PaperInk:
    ink = np.zeros(shape, dtype=np.float32)
    top, bottom, left, right = box
    ink[top:bottom, left:right] = 1.0
    return PaperInk(ink, ink.copy(), box)


def test_a_digit_may_be_a_smaller_share_of_a_large_picture_but_never_a_handful_of_its_pixels():
    assert smallest_digit(300) == SMALLEST_DIGIT  # a picture not shrunk: as before
    assert smallest_digit(4000) < SMALLEST_DIGIT
    assert 4000 * smallest_digit(4000) >= 24
    assert 800 * smallest_digit(800) >= 24
    assert smallest_digit(800) > smallest_digit(4000)


def test_a_small_digit_in_a_shrunk_picture_is_read_closer_with_paper_round_it():
    region = region_to_read(found_at((140, 160, 180, 192)), scale=10.0)
    assert region is not None
    left, top, right, bottom = region
    assert left < 180 and right > 192 and top < 140 and bottom > 160
    assert right - left >= 2.5 * 12 and bottom - top >= 2.5 * 20  # the digit and as much again round it


def test_a_region_stops_at_the_pictures_edges():
    assert region_to_read(found_at((0, 20, 370, 384)), scale=10.0) == (350.0, 0.0, 384.0, 40.0)


def test_a_large_digit_a_picture_not_shrunk_enough_or_no_digit_is_not_read_closer():
    assert region_to_read(found_at((100, 100 + SMALL_DIGIT, 100, 120)), scale=10.0) is None
    assert region_to_read(found_at((140, 160, 180, 192)), scale=CLOSER * 0.9) is None
    assert region_to_read(None, scale=10.0) is None


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_region_of_the_upright_picture_is_the_same_pixels_cropped_from_the_stored_one_and_turned(orientation):
    stored = Image.fromarray(np.random.default_rng(orientation).integers(0, 256, (60, 90), dtype=np.uint8))
    turn = TURNS.get(orientation)
    upright = stored if turn is None else stored.transpose(turn)
    region = (7, 11, 30, 41)
    expected = np.asarray(upright.crop(region))
    crop = stored.crop(tuple(round(side) for side in stored_region(region, upright.size, turn)))
    got = crop if turn is None else crop.transpose(turn)
    assert np.array_equal(np.asarray(got), expected)


def test_points_go_into_the_close_up_and_its_boxes_come_back_to_the_picture():
    close_up = CloseUp(np.zeros((120, 90), np.float32), left=100.0, top=50.0, scale=3.0, smallest=0.02, side=384)
    assert np.allclose(close_up.points([(100, 50), (110, 60)]), [(0, 0), (30, 30)])
    assert close_up.points([]).shape == (0, 2)
    assert close_up.box_in_picture((30, 60, 0, 90)) == (60.0, 70.0, 100.0, 130.0)


def test_a_close_up_covers_a_small_digit_within_it_only():
    close_up = CloseUp(np.zeros((120, 90), np.float32), left=100.0, top=50.0, scale=3.0, smallest=0.02, side=384)
    assert close_up.covers(found_at((60, 80, 110, 120)))
    assert not close_up.covers(found_at((200, 220, 110, 120)))  # elsewhere in the picture
    assert not close_up.covers(found_at((55, 55 + SMALL_DIGIT, 110, 120)))  # no longer small
    assert not close_up.covers(None)


def number_at(boxes, shape=(300, 384)) -> PaperInk:
    """Ink of several marks (boxes: top, bottom, left, right), the first chosen as the digit."""
    ink = np.zeros(shape, dtype=np.float32)
    for top, bottom, left, right in boxes:
        ink[top:bottom, left:right] = 1.0
    return PaperInk(ink, ink.copy(), boxes[0], tuple(boxes[1:]))


def test_a_lone_digit_may_be_smaller_than_one_digits_floor_in_a_large_picture_but_never_a_handful_of_pixels():
    assert smallest_lone_digit(300) == SMALLEST_DIGIT  # a picture not shrunk: as before
    assert smallest_lone_digit(4000) < smallest_digit(4000)
    assert 4000 * smallest_lone_digit(4000) >= 24 and 1500 * smallest_lone_digit(1500) >= 24
    assert all(smallest_lone_digit(side) <= smallest_digit(side) for side in (100, 800, 1500, 4000, 12000))


def test_a_numbers_digits_may_be_smaller_than_a_digit_alone_but_never_a_handful_of_pixels():
    assert smallest_number_digit(300) == SMALLEST_DIGIT  # a picture not shrunk: as a digit
    assert smallest_number_digit(4000) < smallest_digit(4000)
    assert 4000 * smallest_number_digit(4000) >= 24 and 1500 * smallest_number_digit(1500) >= 24


def test_a_number_small_in_a_shrunk_picture_is_read_closer_round_all_its_digits():
    # Four digits 8 pixels tall, the working copy's central one chosen as the digit.
    digits = [(140, 148, 190, 195), (140, 148, 180, 185), (141, 149, 200, 205), (140, 148, 210, 216)]
    region = number_region_to_read(number_at(digits), 10.0)
    assert region is not None
    left, top, right, bottom = region
    assert left < 180 and right > 216 and top < 140 and bottom > 149  # every digit, not the one chosen
    assert left <= 180 - 9 and bottom - top >= 3 * 9  # the number's height of paper all round


def test_a_tall_number_a_long_line_of_ink_or_a_picture_not_shrunk_enough_is_not_read_closer_as_a_number():
    assert number_region_to_read(number_at([(100, 100 + SMALL_DIGIT, 100, 120), (100, 130, 130, 150)]), 10.0) is None
    # 10 pixels tall but across the whole working copy: at CLOSE_SIDE the region gives no more pixels.
    assert number_region_to_read(number_at([(140, 150, 10, 370)]), 10.0) is None
    assert CLOSE_SIDE / 370 < CLOSER
    assert number_region_to_read(number_at([(140, 148, 180, 216)]), CLOSER * 0.9) is None
    assert number_region_to_read(None, 10.0) is None
    nothing = np.zeros((300, 384), np.float32)
    assert number_region_to_read(PaperInk(nothing, nothing, (0, 0, 0, 0)), 10.0) is None


def test_groups_of_marks_nearly_as_heavy_as_the_writing_are_writing_too_not_left_out():
    # Two numbers written small far apart on a page: reading one of them closer, the other
    # left out unsaid, gave a sure "47" for a page holding "31" and "47". And a number whose
    # digits lie farther apart than their height ("12  500") is one number, read whole.
    ink = np.zeros((300, 384), np.float32)
    ink[100:108, 50:55] = 1.0
    ink[100:108, 60:65] = 1.0
    ink[200:208, 300:305] = 1.0
    ink[200:208, 310:315] = 1.0
    assert writing_box(ink) == (100, 208, 50, 315)
    spaced = np.zeros_like(ink)
    spaced[140:148, 100:105] = spaced[140:148, 110:115] = 1.0  # "12"
    spaced[140:148, 135:140] = spaced[140:148, 145:150] = spaced[140:148, 155:160] = 1.0  # "500"
    assert writing_box(spaced) == (140, 148, 100, 160)


def test_a_close_up_covers_a_number_only_while_all_its_ink_is_small_and_within_it():
    close_up = CloseUp(np.zeros((120, 90), np.float32), left=100.0, top=50.0, scale=3.0, smallest=0.008, side=384)
    ink = np.zeros((300, 384), np.float32)
    ink[60:70, 105:125] = 1.0
    assert close_up.covers_number(ink)
    far = ink.copy()
    far[250:260, 300:310] = 1.0  # a stroke drawn far from it: the number is no longer all there
    assert not close_up.covers_number(far)
    tall = ink.copy()
    tall[55 : 55 + SMALL_DIGIT, 110:112] = 1.0  # within it, but no longer small
    assert not close_up.covers_number(tall)
    assert not close_up.covers_number(np.zeros_like(ink))  # all erased


def test_a_close_up_still_covers_a_number_beside_a_speck_that_was_there_when_opened_but_not_beside_a_new_stroke():
    # The region is round the writing (writing_box), not a speck far across the page: the
    # speck, there since the picture was opened, is left out as it was then; a stroke drawn
    # there since is to be read, so the region no longer covers the number.
    close_up = CloseUp(np.zeros((120, 90), np.float32), left=100.0, top=50.0, scale=3.0, smallest=0.008, side=384)
    opened = np.zeros((300, 384), np.float32)
    opened[60:70, 105:125] = 1.0
    opened[250:253, 330:333] = 1.0  # the speck
    assert close_up.covers_number(opened, opened)
    erased = opened.copy()
    erased[250:253, 330:333] = 0.0
    assert close_up.covers_number(erased, opened)
    drawn = opened.copy()
    drawn[200:230, 300:304] = 1.0
    assert not close_up.covers_number(drawn, opened)
    assert not close_up.covers_number(opened)  # nothing said of the opening: all of the ink is read


def test_a_numbers_digit_boxes_in_a_close_up_come_back_to_the_working_copy():
    close_up = CloseUp(np.zeros((120, 90), np.float32), left=100.0, top=50.0, scale=3.0, smallest=0.008, side=384)
    assert close_up.region_in_picture((0, 30, 90, 60)) == (100.0, 60.0, 130.0, 70.0)


def test_small_writing_keeps_marks_under_twice_one_digits_floor_and_leaves_taller_ones_out():
    ink = np.zeros((288, 384), np.float32)
    ink[86:94, 218:223] = 1.0  # a digit 8 rows tall (7 and a soft edge), one digit's floor 7.7
    ink[87:93, 212:217] = 1.0
    ink[263:288, 334:336] = 1.0  # a dark band's edge, 25 rows tall
    ink[:, :36] = 0.5  # the desk along the page
    kept = small_marks(ink, 7.68)
    assert kept[86:94, 212:223].sum() == ink[86:94, 212:223].sum()
    assert not kept[263:, 334:336].any() and not kept[:, :36].any()
    only_writing = np.zeros_like(ink)
    only_writing[86:94, 218:223] = 1.0
    assert small_marks(only_writing, 7.68) is only_writing  # nothing to leave out: the same ink


def test_a_speck_far_across_the_page_from_a_number_written_small_leaves_the_region_round_the_number():
    digits = [(140, 148, 180, 185), (140, 148, 190, 195), (141, 149, 200, 205), (140, 148, 210, 216)]
    found = number_at(digits)
    found.ink[250:253, 330:333] = 1.0  # dust, or a full stop, 100 pixels below
    region = number_region_to_read(found, 10.0)
    assert region is not None
    left, top, right, bottom = region
    assert left < 180 and right > 216 and top < 140 and bottom > 149
    assert bottom < 250 and right < 330  # the speck is not read with it
    assert writing_box(found.ink) == (140, 149, 180, 216)


def test_the_writing_is_the_heaviest_group_of_marks_close_together():
    ink = np.zeros((300, 384), np.float32)
    ink[100:108, 50:54] = 1.0  # a digit of a number...
    ink[100:108, 58:63] = 1.0  # ...and the next, a digit's height or less apart: one group
    ink[200:204, 300:302] = 1.0  # a lighter mark far off
    assert writing_box(ink) == (100, 108, 50, 63)
    assert writing_box(np.zeros_like(ink)) is None


def test_a_close_ups_pen_is_the_width_of_its_strokes_in_its_own_pixels():
    ink = np.zeros((120, 90), np.float32)
    ink[20:100, 40:46] = 1.0  # a 1, six of the close-up's pixels wide (two of the working copy's)
    ink[20:26, 10:70] = 1.0  # and a bar as wide
    close_up = CloseUp(ink, left=100.0, top=50.0, scale=3.0, smallest=0.008, side=384)
    assert close_up.pen_width == pytest.approx(6.0, rel=0.1)
    assert CloseUp(np.zeros((120, 90), np.float32), 0.0, 0.0, 3.0, 0.008, 384).pen_width == 0.0
