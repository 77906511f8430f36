"""The model's reading of the canvas: ten probabilities, the 28x28 input it saw, the time it took.

Strokes are read on the UI thread: preprocessing and inference together take a
millisecond or two, less than a frame. Pictures are decoded off the UI thread
(see ``image_input``) and arrive here already prepared.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from ..model_store import LoadedModel
    from ..preprocess import ModelInput

UNSURE_BELOW = 0.6  # below this top probability the reading is shown as a doubt
LOADING_MESSAGE = "Loading the model…"


def percent_text(probability: float | None) -> str:
    """A probability as people read it: "98%", "<1%" for a trace, ">99%" for nearly
    certain (rounding would claim a certainty the model does not have), "–" for none."""
    if probability is None:
        return "–"
    if 0 < probability < 0.005:
        return "<1%"
    if 0.995 <= probability < 1:
        return ">99%"
    return f"{probability:.0%}"


@dataclass(frozen=True)
class Reading:
    """One reading. ``probabilities`` is None when there is nothing to read; ``message`` says why."""

    probabilities: tuple[float, ...] | None = None
    pixels: Any = None  # the 28x28 float array the model read (numpy), or None
    message: str | None = None
    milliseconds: float | None = None

    @property
    def ranked(self) -> list[int]:
        """The digits, likeliest first."""
        if self.probabilities is None:
            return []
        return sorted(range(len(self.probabilities)), key=lambda digit: -self.probabilities[digit])

    @property
    def digit(self) -> int | None:
        return self.ranked[0] if self.probabilities is not None else None

    @property
    def confidence(self) -> float:
        return self.probabilities[self.ranked[0]] if self.probabilities is not None else 0.0

    @property
    def is_sure(self) -> bool:
        return self.probabilities is not None and self.confidence >= UNSURE_BELOW

    @property
    def runner_up(self) -> int | None:
        return self.ranked[1] if self.probabilities is not None else None

    def summary(self) -> str:
        """The reading in a few words: "7 (98%)", "Not sure: 4 or 9?", or why there is none."""
        if self.probabilities is None:
            return self.message or "Draw a digit"
        if self.is_sure:
            return f"{self.digit} ({percent_text(self.confidence)})"
        return f"Not sure: {self.digit} or {self.runner_up}?"


class Recognizer(QObject):
    """Holds the model in use and turns drawings into readings."""

    reading_changed = Signal(object)  # Reading
    model_changed = Signal(object)  # LoadedModel

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model: LoadedModel | None = None
        self._last = Reading(message=LOADING_MESSAGE)

    def model(self) -> LoadedModel | None:
        return self._model

    def set_model(self, model: LoadedModel) -> None:
        self._model = model
        self.model_changed.emit(model)

    def last_reading(self) -> Reading:
        return self._last

    def read_strokes(self, strokes: Sequence[Sequence[Sequence[float]]], canvas_size: float) -> Reading:
        """Read strokes of (x, y[, pressure]) points; only x and y reach the model."""
        if self._model is None:
            return self._publish(Reading(message=LOADING_MESSAGE))
        # Imported here rather than at the top: numpy, Pillow and LiteRT take a
        # quarter of a second to import, and the window is on screen before they are
        # needed (the model loads after it appears).
        from ..preprocess import strokes_to_input

        started = time.perf_counter()
        model_input = strokes_to_input(strokes, canvas_size=canvas_size)
        return self._read(model_input, started)

    def read_input(self, model_input: ModelInput) -> Reading:
        """Read an input already prepared (a picture's)."""
        if self._model is None:
            return self._publish(Reading(message=LOADING_MESSAGE))
        return self._read(model_input, time.perf_counter())

    def _read(self, model_input: ModelInput, started: float) -> Reading:
        assert self._model is not None
        if model_input.pixels is None:
            return self._publish(Reading(message=model_input.reason))
        probabilities = self._model.classifier.predict(model_input.pixels)
        milliseconds = (time.perf_counter() - started) * 1000
        reading = Reading(tuple(float(p) for p in probabilities), model_input.pixels, None, milliseconds)
        return self._publish(reading)

    def _publish(self, reading: Reading) -> Reading:
        self._last = reading
        self.reading_changed.emit(reading)
        return reading
