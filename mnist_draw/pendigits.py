"""The pendigits set of a training run, both its files read before training starts.

A run learns from pendigits-train and measures the finished model on
pendigits-test, hours later. Reading both first means a missing or damaged file
is refused at once, before TensorFlow loads (``mnist-draw train`` reads them
before importing the training layer), never after the whole training. Where the
files are is :func:`mnist_draw.data.find_pendigits`'s to say.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .data import DataError, find_pendigits
from .strokes_file import Drawing, load_labelled


@dataclass(frozen=True)
class PenDigits:
    """The labelled drawings of each part; None where there is no such file (MNIST only)."""

    train: list[Drawing] | None
    test: list[Drawing] | None


def load_pendigits(explicit: str | os.PathLike[str] | None, mnist_location: str | None) -> PenDigits:
    """Both parts, found as :func:`~mnist_draw.data.find_pendigits` finds them
    (``explicit``: ``--pendigits``; else beside ``mnist_location``), and read whole.

    Raises :class:`~mnist_draw.data.DataError` (a
    :class:`~mnist_draw.strokes_file.StrokesFileError` among them) for a
    location given that does not hold them, or a file that cannot be read or
    holds no labelled drawing."""
    location = str(explicit) if explicit else None
    return PenDigits(*(_read(find_pendigits(location, mnist_location, part)) for part in ("train", "test")))


def _read(path: Path | None) -> list[Drawing] | None:
    if path is None:
        return None
    drawings = load_labelled(path)
    if not drawings:
        raise DataError(f"{path} holds no labelled drawing: it is damaged or not a file of pendigits drawings.")
    return drawings
