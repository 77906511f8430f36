"""Measuring: digits counted right, turned away and left blank; whole numbers counted right, merged, split, by length."""

from __future__ import annotations

import numpy as np

from mnist_draw.evaluation import NOTHING_READ, REJECTED, measure_numbers, number_report, report
from mnist_draw.number import NumberDigit, NumberReading
from mnist_draw.number_composer import compose_numbers
from mnist_draw.reading import Reading
from mnist_draw.strokes_file import Drawing, load_labelled


def _read_as(text: str | None, digits: int) -> NumberReading:
    if text is None:
        return NumberReading("x", reason="Nothing drawn yet.")
    shown = [int(c) for c in text] + [0] * (digits - len(text))
    return NumberReading("x", [NumberDigit(Reading("x", tuple(float(d == k) for k in range(10))), (0, 0, 1, 1)) for d in shown])


def test_a_report_counts_turned_away_digits_that_would_have_been_read_right():
    labels = np.array([1, 2, 3, 4, 5])
    predicted = np.array([1, REJECTED, REJECTED, NOTHING_READ, 6])
    likeliest = np.array([1, 2, 8, NOTHING_READ, 6])  # the 2 was read right before it was turned away, the 3 was not
    result = report(predicted, labels, blank=1, likeliest=likeliest)
    assert (result.correct, result.rejected, result.rejected_right, result.blank) == (1, 2, 1, 1)
    assert result.accuracy == 0.2 and result.accuracy_without_rejection == 0.4
    assert result.to_dict()["rejected_right"] == 1


def test_a_number_report_counts_right_numbers_merges_splits_and_lengths():
    readings = [_read_as("42", 2), _read_as("4", 1), _read_as("1234", 4), _read_as("90", 2), _read_as(None, 0)]
    report = number_report(readings, ["42", "47", "123", "91", "5"])
    assert (report.total, report.correct, report.counted) == (5, 1, 2)
    assert (report.merged, report.split, report.unread) == (2, 1, 1)
    assert report.by_length == {2: (1, 3), 3: (0, 1), 1: (0, 1)}
    assert report.to_dict()["per_length"]["2"] == {"numbers": 3, "accuracy": round(1 / 3, 5)}


def test_numbers_are_measured_through_the_number_path(classifier, pendigits_test_file):
    composed = compose_numbers(load_labelled(pendigits_test_file), 10, seed=21)
    drawings = [Drawing(i + 1, n.strokes, number=n.label) for i, n in enumerate(composed)]
    report = measure_numbers(classifier, drawings)
    assert report.total == 10 and report.correct >= 8
    assert sum(total for _, total in report.by_length.values()) == 10


def test_marks_left_out_at_either_end_are_not_counted_as_digits():
    def digit(d: int | None, left_out: bool = False) -> NumberDigit:
        probabilities = tuple(float(d == k) for k in range(10))
        return NumberDigit(Reading("x", probabilities, is_digit=d is not None), (0, 0, 1, 1), left_out)

    dollar = NumberReading("x", [digit(None, left_out=True), digit(1), digit(2), digit(5)])
    stranger = NumberReading("x", [digit(1), digit(None), digit(5)], reason="Mark 2 (counting from the left) is not a digit.")
    report = number_report([dollar, stranger], ["125", "125"])
    assert (report.correct, report.counted, report.merged, report.split) == (1, 2, 0, 0)


def test_a_drawing_with_a_dot_above_counts_as_turned_away(classifier):
    from mnist_draw.evaluation import measure_drawings

    one = [[(50.0, 40.0), (50.0, 100.0)]]
    drawings = [Drawing(1, one, 1), Drawing(2, one + [[(50.0, 15.0), (51.0, 16.0)]], 1)]
    measured = measure_drawings(classifier, drawings)
    assert (measured.correct, measured.rejected) == (1, 1)
