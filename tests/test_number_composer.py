"""Numbers and amounts composed from pen-drawn digits, for tests and benchmarks."""

from __future__ import annotations

import random

import numpy as np
import pytest

from mnist_draw.number_composer import (
    DIGIT_HEIGHT,
    LEADING_MARKS,
    MARK_KINDS,
    SEPARATORS,
    TRAILING_MARKS,
    compose_amounts,
    compose_number,
    compose_open_zeros,
    compose_touching,
    draw_mark,
    open_at_top,
    render_after_label,
    render_picture,
)
from mnist_draw.strokes_file import load_labelled


@pytest.fixture(scope="module")
def pen_digits(pendigits_test_file):
    return load_labelled(pendigits_test_file)


def test_amounts_carry_marks_where_people_write_them(pen_digits):
    amounts = compose_amounts(pen_digits, 60, seed=2)
    assert all(a.marks and a.label.isdigit() and 3 <= len(a.label) <= 7 for a in amounts)
    for amount in amounts:
        first_digit, last_digit = amount.boxes[0], amount.boxes[-1]
        for kind, (x0, y0, x1, y1) in amount.marks:
            assert kind in MARK_KINDS
            if kind in LEADING_MARKS:
                assert x1 <= first_digit[0]
            elif kind in TRAILING_MARKS:
                assert x0 >= last_digit[2]
            else:  # a comma or a point: low, between or after digits, well under a digit's height
                assert first_digit[2] <= x0 and y1 - y0 < 0.55 * DIGIT_HEIGHT
                before = max((box for box in amount.boxes if box[2] <= x0), key=lambda box: box[2])
                assert abs(y1 - before[3]) < 0.35 * DIGIT_HEIGHT  # on the line of the digit before it, or hanging from it
    kinds = {kind for a in amounts for kind, _ in a.marks}
    assert kinds == set(MARK_KINDS)  # every kind of mark turns up


def test_a_mark_is_laid_between_the_digits_it_stands_between(pen_digits):
    digits = [d for d in pen_digits if d.label in (1, 2, 3)][:3]
    marked = compose_number(digits, random.Random(3), marks={1: "comma", 3: "dash"})
    assert marked.label == "".join(str(d.label) for d in digits)
    assert [kind for kind, _ in marked.marks] == ["comma", "dash"]
    assert sum(len(d.strokes) for d in digits) + 2 == len(marked.strokes)  # a comma and a dash, one stroke each
    (_, comma), (_, dash) = marked.marks
    assert marked.boxes[0][2] <= comma[0] and comma[2] <= marked.boxes[1][0] + 0.1 * DIGIT_HEIGHT
    assert marked.boxes[2][2] < dash[0]
    assert compose_number(digits, random.Random(3)).marks == []


@pytest.mark.parametrize("kind", MARK_KINDS)
def test_each_mark_is_drawn_from_the_left_edge_on_the_line(kind):
    strokes = draw_mark(kind, random.Random(1))
    points = [point for stroke in strokes for point in stroke]
    assert min(x for x, _ in points) == pytest.approx(0.0)
    assert -0.3 * DIGIT_HEIGHT < min(y for _, y in points) and max(y for _, y in points) < 1.4 * DIGIT_HEIGHT
    if kind in SEPARATORS:
        assert max(y for _, y in points) > 0.8 * DIGIT_HEIGHT  # on or below the baseline's neighbourhood


def test_an_unknown_mark_is_refused():
    with pytest.raises(ValueError):
        draw_mark("tilde", random.Random(1))


@pytest.mark.parametrize("overlap", [0.05, 0.25])
def test_touching_numbers_run_every_digit_into_the_next_by_the_overlap(pen_digits, overlap):
    for written in compose_touching(pen_digits, 10, overlap, seed=1):
        assert 2 <= len(written.label) <= 4
        for left, right in zip(written.boxes, written.boxes[1:]):
            assert left[2] - right[0] == pytest.approx(overlap * DIGIT_HEIGHT)


def test_a_zero_opened_at_the_top_keeps_its_sides_and_bottom_with_a_gap_as_wide_as_asked(pen_digits):
    zero = next(d for d in pen_digits if d.label == 0 and len(d.strokes) == 1)
    points = np.concatenate([np.asarray(s, dtype=float)[:, :2] for s in zero.strokes])
    top, height = points[:, 1].min(), np.ptp(points[:, 1])
    centre = points[np.argmin(points[:, 1]), 0]
    opened = open_at_top(zero, 0.3)
    left = np.concatenate([np.asarray(s, dtype=float) for s in opened.strokes])
    upper = left[left[:, 1] < top + height / 3]
    assert not np.any(np.abs(upper[:, 0] - centre) < 0.15 * height - 1e-6)  # the gap
    assert np.isclose(left[:, 1].max(), points[:, 1].max(), atol=0.02 * height)  # the bottom stays
    assert np.ptp(left[:, 0]) > 0.8 * np.ptp(points[:, 0])  # and both sides
    assert opened.label == 0 and opened.writer == zero.writer


def test_open_zero_numbers_hold_a_zero_each(pen_digits):
    numbers = compose_open_zeros(pen_digits, 10, 0.2, seed=1)
    assert all("0" in written.label and 2 <= len(written.label) <= 4 for written in numbers)


def test_a_label_is_printed_before_the_number_on_its_line_and_the_number_left_as_it_was(pen_digits):
    written = compose_amounts(pen_digits, 1, seed=4)[0]
    plain = np.asarray(render_picture(written.strokes, width=6.0)) > 128
    labelled = np.asarray(render_after_label(written, random.Random(3), seed=3)) < 128  # dark ink on light paper
    shift = labelled.shape[1] - plain.shape[1]
    first = shift + int(np.flatnonzero(plain.any(axis=0))[0])  # the number's first column of ink
    label = labelled[:, : first - int(0.15 * DIGIT_HEIGHT)]  # the gap before it at least 0.15 heights
    rows = np.flatnonzero(label.any(axis=1))
    digits_top = min(box[1] for box in written.boxes)
    digits_bottom = max(box[3] for box in written.boxes)
    assert len(rows) and rows[0] >= digits_top - 0.1 * DIGIT_HEIGHT and rows[-1] <= digits_bottom + 0.15 * DIGIT_HEIGHT
    # The number's ink is where it was, moved right by the label (its pen a little wider or finer).
    number_columns = np.flatnonzero(labelled[:, first - 10 :].any(axis=0)) + first - 10
    plain_columns = np.flatnonzero(plain.any(axis=0)) + shift
    assert abs(number_columns[0] - plain_columns[0]) <= 6 and abs(number_columns[-1] - plain_columns[-1]) <= 6
