"""One input read by the model: the digit, how sure, or why there is none.

Shared by ``mnist-draw predict`` and the self-test, so both report the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .classifier import Classifier
from .preprocess import ImageError, ModelInput, image_to_input, strokes_to_input


@dataclass
class Reading:
    source: str
    probabilities: np.ndarray | None = None
    reason: str | None = None  # nothing to read, and why
    error: str | None = None  # the input could not be read at all

    @property
    def digit(self) -> int | None:
        return None if self.probabilities is None else int(np.argmax(self.probabilities))

    @property
    def confidence(self) -> float | None:
        return None if self.probabilities is None else float(np.max(self.probabilities))

    def to_dict(self) -> dict:
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        if self.probabilities is None:
            return {"source": self.source, "digit": None, "reason": self.reason}
        return {
            "source": self.source,
            "digit": self.digit,
            "confidence": round(self.confidence or 0.0, 5),
            "probabilities": [round(float(p), 5) for p in self.probabilities],
        }

    def describe(self) -> str:
        if self.error is not None:
            return f"{self.source}: error: {self.error}"
        if self.probabilities is None:
            return f"{self.source}: nothing to read ({self.reason})"
        return f"{self.source}: {self.digit} ({self.confidence:.1%})"


def classify(classifier: Classifier, source: str, prepared: ModelInput) -> Reading:
    if prepared.pixels is None:
        return Reading(source, reason=prepared.reason)
    return Reading(source, probabilities=classifier.predict(prepared.pixels))


def read_image(classifier: Classifier, path: str) -> Reading:
    try:
        prepared = image_to_input(path)
    except ImageError as error:
        return Reading(path, error=str(error))
    return classify(classifier, path, prepared)


def read_strokes(classifier: Classifier, drawing, file_name: str) -> Reading:
    """A drawing from a strokes file; its source is ``FILE:LINE``."""
    source = f"{file_name}:{drawing.line}"
    if drawing.error is not None:
        return Reading(source, error=drawing.error)
    return classify(classifier, source, strokes_to_input(drawing.strokes))
