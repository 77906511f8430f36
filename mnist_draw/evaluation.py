"""Measure a classifier: accuracy, per-digit accuracy, confusion matrix, worst writers.

The one way to measure, used by ``mnist-draw evaluate``, ``mnist-draw bench``,
the card training writes and the retrain dialog's comparison: images (MNIST's
arrays) go straight to the model, drawings go through the stroke path the
window uses. Whole written numbers (``evaluate --number``) go through the
number path and give a :class:`NumberReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

from . import number
from .calibration import expected_calibration_error
from .preprocess import strokes_to_input
from .reading import DIGITS

if TYPE_CHECKING:
    from .classifier import Classifier
    from .strokes_file import Drawing

NOTHING_READ = -1  # the predicted digit of an input preprocessing found nothing in
REJECTED = -2  # the predicted digit of an input the model called "not a digit"


@dataclass
class Report:
    total: int
    correct: int
    confusion: np.ndarray  # rows: true digit, columns: predicted digit
    writers: dict[str, tuple[int, int]] = field(default_factory=dict)  # writer: (correct, total)
    blank: int = 0  # inputs that preprocessing found nothing in (counted wrong)
    rejected: int = 0  # inputs the model called "not a digit" (counted wrong)
    # Of those, the ones whose likeliest digit was the right one: what the "not a
    # digit" answer costs on real digits, beside what it saves on letters.
    rejected_right: int = 0
    calibration_error: float = 0.0  # expected calibration error of the top digit's probability

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def accuracy_without_rejection(self) -> float:
        """The accuracy had no input been called "not a digit"."""
        return (self.correct + self.rejected_right) / self.total if self.total else 0.0

    def per_digit(self) -> list[float]:
        totals = self.confusion.sum(axis=1)
        return [float(self.confusion[d, d] / totals[d]) if totals[d] else 0.0 for d in range(DIGITS)]

    def worst_writers(self, count: int = 5) -> list[tuple[str, float, int]]:
        ranked = sorted(((c / t, name, t) for name, (c, t) in self.writers.items() if t), key=lambda r: r[0])
        return [(name, acc, total) for acc, name, total in ranked[:count]]

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 5),
            "blank": self.blank,
            "rejected": self.rejected,
            "rejected_right": self.rejected_right,
            "calibration_error": round(self.calibration_error, 5),
            "per_digit_accuracy": [round(a, 5) for a in self.per_digit()],
            "confusion": self.confusion.tolist(),
            "worst_writers": [
                {"writer": name, "accuracy": round(acc, 5), "digits": total} for name, acc, total in self.worst_writers()
            ],
        }


def measure_images(classifier: Classifier, images: np.ndarray, labels: np.ndarray) -> Report:
    """How well ``classifier`` reads ``images`` (n, SIDE, SIDE), already prepared, against ``labels``."""
    if not len(labels):
        return report(np.zeros(0, np.int64), np.zeros(0, np.int64))
    predicted, probabilities = _read(classifier, images)
    return report(
        predicted, labels, calibration_error=expected_calibration_error(probabilities, labels), likeliest=probabilities.argmax(axis=1)
    )


def measure_drawings(classifier: Classifier, drawings: Sequence[Drawing]) -> Report:
    """How well ``classifier`` reads labelled drawings through the stroke path; a
    drawing with nothing to read counts as wrong (``Report.blank``)."""
    prepared = [strokes_to_input(drawing.strokes) for drawing in drawings]
    readable = [index for index, item in enumerate(prepared) if item.pixels is not None]
    predicted = np.full(len(drawings), NOTHING_READ, dtype=np.int64)
    labels = np.array([drawing.label for drawing in drawings], dtype=np.int64)
    likeliest = predicted.copy()
    error = 0.0
    if readable:
        predicted[readable], probabilities = _read(classifier, np.stack([prepared[index].pixels for index in readable]))
        predicted[[index for index in readable if prepared[index].not_a_digit]] = REJECTED  # as reading.read_pixels does
        likeliest[readable] = probabilities.argmax(axis=1)
        error = expected_calibration_error(probabilities, labels[readable])
    writers = [drawing.writer or "unknown" for drawing in drawings]
    return report(predicted, labels, writers, blank=len(drawings) - len(readable), calibration_error=error, likeliest=likeliest)


def _read(classifier: Classifier, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The digit read for each image (REJECTED where the model says so), and the calibrated digit probabilities."""
    probabilities, not_digit = classifier.read_batch(images)
    return np.where(classifier.rejects(not_digit), REJECTED, probabilities.argmax(axis=1)), probabilities


def report(
    predicted: np.ndarray,
    labels: np.ndarray,
    writers: list[str] | None = None,
    blank: int = 0,
    calibration_error: float = 0.0,
    likeliest: np.ndarray | None = None,
) -> Report:
    """A :class:`Report` from predicted digits (NOTHING_READ for none, REJECTED
    for "not a digit") and true ones; ``likeliest``, the digits read had nothing
    been turned away, counts the turned-away digits that were read right."""
    predicted = np.asarray(predicted)
    labels = np.asarray(labels)
    confusion = np.zeros((DIGITS, DIGITS), dtype=np.int64)
    valid = predicted >= 0
    np.add.at(confusion, (labels[valid], predicted[valid]), 1)
    hits = predicted == labels
    by_writer: dict[str, tuple[int, int]] = {}
    for name, hit in zip(writers or [], hits):
        correct, total = by_writer.get(name, (0, 0))
        by_writer[name] = (correct + int(hit), total + 1)
    rejected = predicted == REJECTED
    rejected_right = int((rejected & (np.asarray(likeliest) == labels)).sum()) if likeliest is not None else 0
    return Report(
        len(labels), int(hits.sum()), confusion, by_writer, blank=blank, rejected=int(rejected.sum()),
        rejected_right=rejected_right, calibration_error=calibration_error,
    )


@dataclass
class NumberReport:
    """How well whole written numbers were read: all digits right, the right count, by length."""

    total: int
    correct: int  # every digit right
    counted: int  # the right number of digits
    by_length: dict[int, tuple[int, int]]  # length: (correct, total)
    unread: int = 0  # inputs in which no number was read (counted wrong)
    merged: int = 0  # numbers read with too few digits (two digits taken for one)
    split: int = 0  # numbers read with too many digits (one digit taken for two)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def count_accuracy(self) -> float:
        return self.counted / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "whole_number_accuracy": round(self.accuracy, 5),
            "digit_count_accuracy": round(self.count_accuracy, 5),
            "unread": self.unread,
            "merged": self.merged,
            "split": self.split,
            "per_length": {
                str(length): {"numbers": total, "accuracy": round(correct / total, 5)}
                for length, (correct, total) in sorted(self.by_length.items())
            },
        }


def measure_numbers(classifier: Classifier, drawings: Sequence[Drawing]) -> NumberReport:
    """How well ``classifier`` reads drawings of whole numbers (``Drawing.number``)
    through the number path the window and ``predict --number`` use."""
    readings = [number.read_strokes(classifier, drawing.strokes) for drawing in drawings]
    return number_report(readings, [drawing.number or "" for drawing in drawings])


def number_report(readings: Sequence[number.NumberReading], labels: Sequence[str]) -> NumberReport:
    """A :class:`NumberReport` from the numbers read and the true ones."""
    by_length: dict[int, tuple[int, int]] = {}
    for reading, label in zip(readings, labels):
        correct, total = by_length.get(len(label), (0, 0))
        by_length[len(label)] = (correct + int(reading.number == label), total + 1)
    # The digits the reader found: marks it left out at either end are not digits of the number.
    found = [len(reading.kept) for reading in readings]
    return NumberReport(
        total=len(labels),
        correct=sum(reading.number == label for reading, label in zip(readings, labels)),
        counted=sum(count == len(label) for count, label in zip(found, labels)),
        by_length=by_length,
        unread=sum(reading.number is None for reading in readings),
        merged=sum(count < len(label) for count, label in zip(found, labels)),
        split=sum(count > len(label) for count, label in zip(found, labels)),
    )
