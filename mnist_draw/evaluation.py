"""Measure a classifier: accuracy, per-digit accuracy, confusion matrix, worst writers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Report:
    total: int
    correct: int
    confusion: np.ndarray  # rows: true digit, columns: predicted digit
    writers: dict[str, tuple[int, int]] = field(default_factory=dict)  # writer: (correct, total)
    blank: int = 0  # inputs that preprocessing found nothing in (counted wrong)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def per_digit(self) -> list[float]:
        totals = self.confusion.sum(axis=1)
        return [float(self.confusion[d, d] / totals[d]) if totals[d] else 0.0 for d in range(10)]

    def worst_writers(self, count: int = 5) -> list[tuple[str, float, int]]:
        ranked = sorted(((c / t, name, t) for name, (c, t) in self.writers.items() if t), key=lambda r: r[0])
        return [(name, acc, total) for acc, name, total in ranked[:count]]

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 5),
            "blank": self.blank,
            "per_digit_accuracy": [round(a, 5) for a in self.per_digit()],
            "confusion": self.confusion.tolist(),
            "worst_writers": [
                {"writer": name, "accuracy": round(acc, 5), "digits": total} for name, acc, total in self.worst_writers()
            ],
        }


def accuracy(classifier, images: np.ndarray, labels: np.ndarray) -> float:
    predicted = classifier.predict_batch(images).argmax(axis=1)
    return float((predicted == np.asarray(labels)).mean()) if len(labels) else 0.0


def report(
    predicted: np.ndarray, labels: np.ndarray, writers: list[str] | None = None, blank: int = 0
) -> Report:
    """A :class:`Report` from predicted digits (-1 for "nothing to read") and true ones."""
    predicted = np.asarray(predicted)
    labels = np.asarray(labels)
    confusion = np.zeros((10, 10), dtype=np.int64)
    valid = predicted >= 0
    np.add.at(confusion, (labels[valid], predicted[valid]), 1)
    hits = predicted == labels
    by_writer: dict[str, tuple[int, int]] = {}
    for name, hit in zip(writers or [], hits):
        correct, total = by_writer.get(name, (0, 0))
        by_writer[name] = (correct + int(hit), total + 1)
    return Report(len(labels), int(hits.sum()), confusion, by_writer, blank)


@dataclass
class NumberReport:
    """How well whole written numbers were read: all digits right, the right count, by length."""

    total: int
    correct: int  # every digit right
    counted: int  # the right number of digits
    by_length: dict[int, tuple[int, int]]  # length: (correct, total)
    unread: int = 0  # inputs in which no number was read (counted wrong)

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
            "per_length": {
                str(length): {"numbers": total, "accuracy": round(correct / total, 5)}
                for length, (correct, total) in sorted(self.by_length.items())
            },
        }


def number_report(read: list[str | None], counts: list[int], labels: list[str]) -> NumberReport:
    """A :class:`NumberReport` from the numbers read (None: nothing read), how many
    digits each reading found, and the true numbers."""
    by_length: dict[int, tuple[int, int]] = {}
    for number, label in zip(read, labels):
        correct, total = by_length.get(len(label), (0, 0))
        by_length[len(label)] = (correct + int(number == label), total + 1)
    return NumberReport(
        total=len(labels),
        correct=sum(number == label for number, label in zip(read, labels)),
        counted=sum(count == len(label) for count, label in zip(counts, labels)),
        by_length=by_length,
        unread=sum(number is None for number in read),
    )
