"""Read drawings stored as JSON Lines: one digit a line, as strokes of points.

The format is the one of the pendigits set (``../shared/data/pendigits``)::

    {"label": 8, "writer": "pendigits-test-6", "strokes": [[[x, y], ...], ...]}

``label`` and ``writer`` are optional, so the same reader serves ``predict``
(unlabelled drawings) and ``evaluate`` (labelled ones). A written number has
its digits as a string for a label (``"label": "4217"``). Files may be gzipped.
A malformed line is reported with its line number and does not stop the others.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class Drawing:
    line: int
    strokes: list | None  # None when the line could not be read
    label: int | None = None  # a single digit's label
    writer: str | None = None
    error: str | None = None
    number: str | None = None  # the label as a string of digits, for a single digit or a whole number


class StrokesFileError(Exception):
    """The file as a whole cannot be read (missing, not gzip, a folder)."""


def read_drawings(path: str | os.PathLike[str]) -> Iterator[Drawing]:
    """Every line of ``path`` as a :class:`Drawing`, malformed ones carrying ``error``."""
    path = Path(path)
    if not path.is_file():
        raise StrokesFileError(f"{path} is not a file." if path.exists() else f"{path} does not exist.")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as stream:
            for number, text in enumerate(stream, start=1):
                if text.strip():
                    yield parse_line(text, number)
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise StrokesFileError(f"{path} cannot be read: {error}") from error


def parse_line(text: str, number: int) -> Drawing:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return Drawing(number, None, error=f"line {number}: not valid JSON ({error.msg})")
    if not isinstance(record, dict) or not isinstance(record.get("strokes"), list):
        return Drawing(number, None, error=f'line {number}: expected an object with a "strokes" list')
    label = record.get("label")
    digits = None
    if isinstance(label, str) and label and all(c in "0123456789" for c in label):
        digits = label
        label = int(label) if len(label) == 1 else None
    elif label is not None:
        if not (isinstance(label, int) and not isinstance(label, bool) and 0 <= label <= 9):
            return Drawing(number, None, error=f"line {number}: label {label!r} is not a digit 0-9 or a string of digits")
        digits = str(label)
    writer = record.get("writer")
    return Drawing(number, record["strokes"], label, str(writer) if writer is not None else None, number=digits)


def load_labelled(path: str | os.PathLike[str]) -> list[Drawing]:
    """All readable, labelled drawings of ``path`` (for training and evaluation)."""
    return [d for d in read_drawings(path) if d.strokes is not None and d.label is not None]


def load_labelled_numbers(path: str | os.PathLike[str]) -> list[Drawing]:
    """All readable drawings of ``path`` labelled with a digit or a string of digits."""
    return [d for d in read_drawings(path) if d.strokes is not None and d.number is not None]
