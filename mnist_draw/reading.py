"""One input read by the model: the digit, how sure, or why there is none.

The one reading type, made here and only here, for the window, ``mnist-draw
predict`` and the self-test alike. This module imports neither numpy nor LiteRT
at the top: the window uses :class:`Reading` before those have loaded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from .classifier import Classifier
    from .preprocess import ImageSource, ModelInput
    from .strokes_file import Drawing

DIGITS = 10  # the model reads one of ten digits: its answer is DIGITS probabilities
UNSURE_BELOW = 0.6  # below this top probability the reading is a doubt between two digits
NOT_A_DIGIT = "not a digit"  # the reason of a reading the model turned away
# The class index of "not a digit" in a model that can turn a drawing away: the
# output after the ten digits (training labels, and the eleventh probability).
NOT_A_DIGIT_CLASS = DIGITS


def percent_text(probability: float | None) -> str:
    """A probability as people read it: "98%", "<1%" for a trace, ">99%" for nearly
    certain (rounding would claim a certainty the model does not have), "–" for none."""
    if probability is None:
        return "–"
    if 0 < probability < 0.005:
        return "<1%"
    if probability >= 0.995:  # a model is never certain, even when float32 rounds to 1
        return ">99%"
    return f"{probability:.0%}"


@dataclass(frozen=True)
class Reading:
    """One reading. ``probabilities`` is None when there is nothing to read
    (``reason`` says why) or the input could not be read at all (``error``).

    A drawing the model calls "not a digit" (a letter, a scribble) keeps its ten
    probabilities, for the bars, but has no digit: ``is_digit`` is False and
    ``reason`` is NOT_A_DIGIT; ``letter_shape`` says why when its strokes alone did.
    """

    source: str = ""  # what was read: a file, ``FILE:LINE`` of a strokes file; empty for the canvas
    probabilities: tuple[float, ...] | None = None
    pixels: Any = None  # the 28x28 float array the model read (numpy), or None
    reason: str | None = None
    error: str | None = None
    milliseconds: float | None = None  # preparing and reading the input
    not_digit: float | None = None  # the calibrated probability that it is not a digit (eleven-output models)
    is_digit: bool = True  # False when the model turned it away as not a digit
    # What in the strokes makes it a letter (stroke_shape's words: a dot above, a bar on a
    # stem, a tail across a ring), when that turned it away whatever the model read; None otherwise.
    letter_shape: str | None = None

    @property
    def ranked(self) -> list[int]:
        """The digits, likeliest first."""
        if self.probabilities is None:
            return []
        probabilities = self.probabilities
        return sorted(range(len(probabilities)), key=lambda digit: -probabilities[digit])

    @property
    def digit(self) -> int | None:
        return self.ranked[0] if self.probabilities is not None and self.is_digit else None

    @property
    def confidence(self) -> float | None:
        return self.probabilities[self.ranked[0]] if self.probabilities is not None and self.is_digit else None

    @property
    def runner_up(self) -> int | None:
        return self.ranked[1] if self.probabilities is not None else None

    @property
    def is_sure(self) -> bool:
        return self.confidence is not None and self.confidence >= UNSURE_BELOW

    def summary(self) -> str:
        """The reading in a few words: "7 (98%)", "Not sure: 4 or 9?", "Not a digit", or why there is none."""
        if self.error is not None:
            return self.error
        if not self.is_digit:
            return "Not a digit"
        if self.probabilities is None:
            return self.reason or "Draw a digit"
        if self.is_sure:
            return f"{self.digit} ({percent_text(self.confidence)})"
        return f"Not sure: {self.digit} or {self.runner_up}?"

    def describe(self) -> str:
        """One line for the terminal: ``SOURCE: 7 (98%)``, or ``SOURCE: 7 (>99%)``."""
        if self.error is not None:
            return f"{self.source}: error: {self.error}"
        if not self.is_digit:
            shape = self.letter_shape
            return f"{self.source}: not a digit" + (f" ({shape[:1].lower()}{shape[1:].rstrip('.')})" if shape else "")
        if self.probabilities is None:
            return f"{self.source}: nothing to read ({self.reason})"
        return f"{self.source}: {self.digit} ({percent_text(self.confidence)})"

    def to_dict(self) -> dict:
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        if self.probabilities is None:
            return {"source": self.source, "digit": None, "reason": self.reason}
        answer: dict[str, Any] = {"source": self.source, "digit": self.digit}
        if self.is_digit:
            answer["confidence"] = round(self.confidence or 0.0, 5)
        else:
            answer["reason"] = NOT_A_DIGIT
            if self.letter_shape is not None:  # what the text line says in brackets, for a program too
                answer["letter_shape"] = self.letter_shape
        if self.not_digit is not None:
            answer["not_digit"] = round(self.not_digit, 5)
        answer["probabilities"] = [round(p, 5) for p in self.probabilities]
        return answer


# --- the ways to make one -------------------------------------------------------------


def read_pixels(classifier: Classifier, prepared: ModelInput, source: str = "", started: float | None = None) -> Reading:
    """Read an input already prepared; ``started`` (a ``time.perf_counter()``) is when
    its preparation began, so the reading's time includes it."""
    started = time.perf_counter() if started is None else started
    if prepared.pixels is None:
        return Reading(source, reason=prepared.reason)
    from .classifier import ModelError  # loaded already: the classifier came from there

    try:
        digits, not_digit = classifier.read(prepared.pixels)
    except ModelError as error:
        # A model that passed its checks can still fail on some inputs (issue 11): this
        # reading says so, and the next drawing or file is read as usual.
        return Reading(source, error=f"The model could not read this. {error}")
    rejected = prepared.not_a_digit or bool(classifier.rejects(not_digit))
    return Reading(
        source,
        tuple(float(p) for p in digits),
        prepared.pixels,
        reason=NOT_A_DIGIT if rejected else None,
        milliseconds=(time.perf_counter() - started) * 1000,
        not_digit=not_digit if classifier.outputs > DIGITS else None,
        is_digit=not rejected,
        letter_shape=prepared.letter_shape,
    )


def read_strokes(
    classifier: Classifier, strokes: Sequence[Sequence[Sequence[float]]], canvas_size: float | None = None, source: str = ""
) -> Reading:
    """Read strokes of (x, y[, pressure]) points; only x and y reach the model."""
    from .preprocess import strokes_to_input

    started = time.perf_counter()
    return read_pixels(classifier, strokes_to_input(strokes, canvas_size=canvas_size), source, started)


def read_image(classifier: Classifier, image: ImageSource, source: str | None = None) -> Reading:
    """Read a picture (a path, bytes, ...); a picture that cannot be decoded gives a reading with ``error``."""
    from .preprocess import ImageError, open_picture

    source = str(image) if source is None else source
    started = time.perf_counter()
    try:
        # As the window opens it: writing too small for one digit is said to be so, not "blank".
        prepared = open_picture(image, number=True).model_input
    except ImageError as error:
        return Reading(source, error=str(error))
    return read_pixels(classifier, prepared, source, started)


def read_drawing(classifier: Classifier, drawing: Drawing, file_name: str) -> Reading:
    """A drawing from a strokes file; its source is ``FILE:LINE``."""
    source = f"{file_name}:{drawing.line}"
    if drawing.error is not None:
        return Reading(source, error=drawing.error)
    return read_strokes(classifier, drawing.strokes, source=source)
