"""A picture of a number as parts: blobs of ink, cut where digits touch."""

from __future__ import annotations

import dataclasses

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


def test_digits_that_touch_along_a_stroke_are_cut_apart_along_it_for_less_than_a_stroke():
    # A 1 and a 0 whose left side runs along the 1 for most of its height: their
    # strokes merge into ink two strokes wide, which no path through paper avoids.
    # Cut through that ink at a stroke's price, the cheapest cut ran through the 0.
    side = [(55.0, 30 + 50 * t) for t in np.linspace(0, 1, 10)]
    bow = [(55 + 30 * np.sin(a), 55 - 25 * np.cos(a)) for a in np.linspace(np.pi, 0, 30)]
    parts = number_picture.cut_blobs(number_picture.find_blobs(_ink([[(50, 20), (50, 100)], side + bow], size=(160, 120))), height=80.0)
    assert len({piece.blob for piece in parts.pieces}) == 1  # one blob of ink
    one = next(i for i, piece in enumerate(parts.pieces) if piece.box[0] < 50)
    assert parts.pieces[one].box[2] <= 62  # the 1 alone, with at most the 0's stroke beside it
    assert all(cost < 0.5 for a, b, cost in parts.joins if one in (a, b))


def test_a_stroke_through_a_digit_is_cut_off_at_the_crossing_for_less_than_where_it_is_alone():
    # A bar through a 0 (a 4's stroke through a 0 beside it): where the two cross, the
    # ink is thick both across and down, and the cut that frees the bar's end runs there.
    zero = [(60 + 25 * np.cos(t), 60 + 40 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 60)]
    parts = number_picture.cut_blobs(number_picture.find_blobs(_ink([zero, [(30, 60), (120, 60)]], size=(160, 120))), height=80.0)
    end = next(i for i, piece in enumerate(parts.pieces) if piece.box[2] > 110)
    assert parts.pieces[end].box[0] >= 80  # only the bar's end, right of the 0's middle
    assert parts.pieces[end].box[3] - parts.pieces[end].box[1] < 12  # the bar, none of the 0
    assert all(cost < 0.5 for a, b, cost in parts.joins if end in (a, b))  # a lone bar's cut costs about 1


def _bar_through_a_zero() -> tuple[number_picture.PictureParts, int]:
    """A bar through a 0 (see above), cut into pieces, and the piece of the bar's end."""
    zero = [(60 + 25 * np.cos(t), 60 + 40 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 60)]
    parts = number_picture.cut_blobs(number_picture.find_blobs(_ink([zero, [(30, 60), (120, 60)]], size=(160, 120))), height=80.0)
    return parts, next(i for i, piece in enumerate(parts.pieces) if piece.box[2] > 110)


def test_a_piece_cut_through_crossing_strokes_is_also_rendered_with_the_ink_across_the_cut():
    # Digits written into each other share their strokes where they cross; the cut gives
    # that ink to one side, so the piece is also read with the ink just across the cut.
    parts, end = _bar_through_a_zero()
    ways = parts.render([end])
    assert isinstance(ways, list) and len(ways) == 1 + len(number_picture.SHARED_REACHES)
    own, *shared = ways
    assert all(way is not None and way.shape == (28, 28) for way in ways)
    assert all(not np.array_equal(own, way) for way in shared)
    across = parts.pieces[end].across_left
    assert across is not None and np.isfinite(across).any()  # ink across its left cut, at the crossing


def test_a_reach_across_the_cut_that_takes_in_no_more_ink_is_not_rendered_again():
    # A pen under a pixel or two wide: one stroke's reach holds no pixel across the cut.
    parts, end = _bar_through_a_zero()
    thin = dataclasses.replace(parts, stroke=0.5)
    own, first, second = thin.render([end])
    assert own is not None and first is None and second is not None


def test_a_group_holding_the_ink_on_both_sides_of_its_cuts_is_rendered_once():
    parts, _ = _bar_through_a_zero()
    assert isinstance(parts.render(list(range(len(parts.pieces)))), np.ndarray)


def test_pieces_cut_through_a_lone_stroke_share_no_ink_across_the_cuts():
    # Two bars joined by a thin one: the thin bar's ink belongs to one side, not to both.
    ink = _ink([[(30, 20), (30, 100)], [(130, 20), (130, 100)], [(30, 60), (130, 60)]], size=(180, 120))
    parts = number_picture.cut_blobs(number_picture.find_blobs(ink), height=80.0)
    assert len(parts.pieces) > 1
    assert all(piece.across_left is None and piece.across_right is None for piece in parts.pieces)
    assert all(isinstance(parts.render([i]), np.ndarray) for i in range(len(parts.pieces)))


def test_a_mark_along_most_of_a_side_is_no_blob_and_a_digit_cut_by_that_side_is():
    # A keyboard's deck or a desk along the bottom: what the page lies on, not writing.
    ink = _ink([[(40, 20), (40, 119)], [(100, 30), (130, 60)]], size=(200, 120))
    ink[100:, 10:190] = 1.0  # solid 20 rows deep, over 3 strokes
    blobs = number_picture.find_blobs(ink)
    assert len(blobs.boxes) == 2  # the 1 cut by the bottom edge (joined to the band before) and the stroke beside it
    assert blobs.boxes[:, 3].max() <= 100 and blobs.ink[102:, 60:190].max() == 0.0


def test_a_strip_a_stroke_deep_along_the_bottom_is_no_blob_when_the_number_reaches_half_up():
    # A thin dark strip (a desk's edge): as deep as a 7's bar, but the writing stops far from the top.
    ink = _ink([[(40, 60), (40, 119)], [(100, 70), (130, 100)]], size=(200, 120))
    ink[113:, 5:195] = 1.0
    blobs = number_picture.find_blobs(ink)
    assert len(blobs.boxes) == 2 and blobs.boxes[:, 3].max() <= 113


def test_the_bar_of_a_7_cropped_tight_along_the_top_is_kept_as_part_of_the_digit():
    # Along the whole top, but a stroke deep: it was left out, and the 7 read as "71".
    ink = _ink([[(0, 2), (199, 2)], [(196, 2), (100, 119)]], size=(200, 120))
    blobs = number_picture.find_blobs(ink)
    assert len(blobs.boxes) == 1 and blobs.boxes[0, 1] == 0 and blobs.ink[:4].max() == 1.0


def test_a_page_of_lines_of_small_marks_is_text_and_a_row_of_digits_is_not():
    page = Image.new("L", (300, 200), 0)
    draw = ImageDraw.Draw(page)
    for top in range(20, 180, 16):
        for left in range(10, 290, 9):
            draw.rectangle((left, top, left + 5, top + 8), outline=255)  # a line of small letters
    assert number_picture.lines_of_text(number_picture.find_blobs(np.asarray(page, dtype=np.float64) / 255))
    row = _ink([[(30 + 50 * i, 40), (30 + 50 * i, 90)] for i in range(5)], size=(300, 120))
    assert not number_picture.lines_of_text(number_picture.find_blobs(row))


def _heading_over_digits(letters: int, letter_height: int = 12) -> np.ndarray:
    """Five digit-tall strokes, and a line of ``letters`` small marks 20 pixels above them."""
    page = Image.new("L", (300, 160), 0)
    draw = ImageDraw.Draw(page)
    for i in range(letters):
        draw.rectangle((40 + 9 * i, 40 - letter_height, 45 + 9 * i, 40), outline=255)
    for i in range(5):
        draw.line([(30 + 50 * i, 60), (30 + 50 * i, 140)], fill=255, width=6)
    return np.asarray(page, dtype=np.float64) / 255


def test_a_line_of_small_print_above_the_writing_is_found_and_taken_out():
    blobs = number_picture.find_blobs(_heading_over_digits(10))
    beside = number_picture.print_beside_writing(blobs)
    assert beside.sum() == 10 and np.all(blobs.boxes[beside, 3] <= 41)  # the letters, none of the digits
    left = number_picture.without(blobs, beside)
    assert len(left.boxes) == 5 and left.boxes[:, 1].min() >= 55


def test_a_few_marks_or_marks_as_tall_as_the_digits_above_them_are_not_print():
    assert not number_picture.print_beside_writing(number_picture.find_blobs(_heading_over_digits(3))).any()
    assert not number_picture.print_beside_writing(number_picture.find_blobs(_heading_over_digits(10, letter_height=45))).any()


def _label_before_digits(letters: int, digits: int = 3) -> np.ndarray:
    """``letters`` small marks on the digits' line, 30 pixels before ``digits`` digit-tall strokes."""
    page = Image.new("L", (400, 160), 0)
    draw = ImageDraw.Draw(page)
    for i in range(letters):
        draw.rectangle((20 + 9 * i, 128, 25 + 9 * i, 140), outline=255)
    start = 20 + 9 * letters + 30
    for i in range(digits):
        draw.line([(start + 50 * i, 60), (start + 50 * i, 140)], fill=255, width=6)
    return np.asarray(page, dtype=np.float64) / 255


def test_a_printed_label_on_the_writings_own_line_is_found_and_taken_out():
    # "Total: 52": the label's letters were read as digits, or as a mark that is not one.
    blobs = number_picture.find_blobs(_label_before_digits(6))
    beside = number_picture.print_beside_writing(blobs)
    assert beside.sum() == 6 and np.all(blobs.boxes[beside, 2] <= 20 + 9 * 6)  # the letters, none of the digits
    left = number_picture.without(blobs, beside)
    assert len(left.boxes) == 3


def test_one_or_two_small_marks_before_the_digits_are_the_numbers_own_not_print():
    # A "$" is one or two marks, a dash or "=" after the digits too: they stay to be read.
    assert not number_picture.print_beside_writing(number_picture.find_blobs(_label_before_digits(2))).any()


def test_rows_of_filled_cells_are_a_grid_and_lines_of_small_letters_are_not():
    # Squares 7 pixels a side, a pixel apart: the rows of cells lie next to each other.
    board = np.zeros((300, 300))
    for top in range(30, 260, 8):
        for left in range(30 + 8 * ((top // 8) % 2), 260, 16):  # every other cell, a checkerboard's
            board[top : top + 7, left : left + 7] = 1.0
    blobs = number_picture.find_blobs(board)
    assert number_picture.lines_of_text(blobs) and number_picture.grid_of_cells(blobs)
    page = Image.new("L", (300, 200), 0)
    draw = ImageDraw.Draw(page)
    for top in range(20, 180, 16):
        for left in range(10, 290, 9):
            draw.rectangle((left, top, left + 5, top + 8), outline=255)
    assert not number_picture.grid_of_cells(number_picture.find_blobs(np.asarray(page, dtype=np.float64) / 255))


def _digits_with_a_rule(rule_width: int = 2) -> np.ndarray:
    """Three digit-tall strokes in a pen 8 pixels wide, and a thin straight line (a comb's wall)
    touching the middle one, from above the digits to below them."""
    page = Image.new("L", (300, 200), 0)
    draw = ImageDraw.Draw(page)
    for i in range(3):
        draw.line([(60 + 80 * i, 50), (75 + 80 * i, 150)], fill=255, width=8)
    draw.line([(146, 20), (150, 185)], fill=255, width=rule_width)
    return np.asarray(page, dtype=np.float64) / 255


def test_a_thin_straight_line_the_writing_touches_is_a_printed_rule_and_is_taken_out():
    # A comb's wall is left in the picture where a digit touches it, and was read as a "1".
    blobs = number_picture.find_blobs(_digits_with_a_rule())
    assert len(blobs.boxes) == 3  # the wall joins the middle stroke
    rules = number_picture.printed_rules(blobs, 100.0)
    rows, columns = np.nonzero(rules)
    line = 146 + (rows - 20) * 4 / 165  # the line's column in each row
    assert rows.max() - rows.min() > 120 and np.all(np.abs(columns - line) <= 3)  # the line, none of the strokes
    left = number_picture.without_rules(blobs, 100.0)
    assert len(left.boxes) == 3 and np.all(left.boxes[:, 1] >= 45) and np.all(left.boxes[:, 3] <= 156)


def test_strokes_in_the_writings_own_pen_and_thin_curves_are_no_printed_rules():
    blobs = number_picture.find_blobs(_digits_with_a_rule(rule_width=8))  # the "wall" as wide as the pen: a 1
    assert not number_picture.printed_rules(blobs, 100.0).any()
    assert number_picture.without_rules(blobs, 100.0) is blobs
    page = Image.new("L", (300, 200), 0)
    draw = ImageDraw.Draw(page)
    draw.line([(60, 50), (75, 150)], fill=255, width=8)
    draw.arc((120, 40, 220, 160), 0, 300, fill=255, width=2)  # a thin stroke that bends: no rule
    blobs = number_picture.find_blobs(np.asarray(page, dtype=np.float64) / 255)
    assert not number_picture.printed_rules(blobs, 100.0).any()


def _thick_digits_and(thin_lines: list[list[tuple[int, int]]]) -> number_picture.Blobs:
    """Two digit-tall strokes in a pen 8 pixels wide, and lines 2 pixels wide beside them."""
    page = Image.new("L", (400, 200), 0)
    draw = ImageDraw.Draw(page)
    for i in range(2):
        draw.line([(60 + 80 * i, 50), (75 + 80 * i, 150)], fill=255, width=8)
    for line in thin_lines:
        draw.line(line, fill=255, width=2)
    return number_picture.find_blobs(np.asarray(page, dtype=np.float64) / 255)


def test_a_thin_line_on_its_own_is_a_rule_but_a_digit_in_a_finer_pen_than_the_rest_is_not():
    # A form's boxes are filled one by one: a 4 drawn thinner than the digits beside it has
    # straight strokes as a rule does, but is more than one line.
    wall = _thick_digits_and([[(340, 30), (344, 170)]])
    rows, columns = np.nonzero(number_picture.printed_rules(wall, 100.0))
    assert rows.max() - rows.min() > 120 and columns.min() >= 338 and columns.max() <= 346
    four = _thick_digits_and([[(260, 50), (230, 120), (290, 120)], [(275, 60), (272, 150)]])
    assert not number_picture.printed_rules(four, 100.0).any()


def test_a_thin_line_on_its_own_as_tall_as_the_digits_and_among_them_is_a_one_not_a_rule():
    # A 1 written in a finer pen (or fainter) than the digits beside it is one straight thin
    # line too: "713" was read "73". What is left of a wall on its own is shorter, or reaches past them.
    one = _thick_digits_and([[(260, 52), (262, 148)]])
    assert not number_picture.printed_rules(one, 100.0).any()
    taller = _thick_digits_and([[(260, 10), (262, 190)]])  # a wall reaching past the writing
    assert number_picture.printed_rules(taller, 100.0).any()
