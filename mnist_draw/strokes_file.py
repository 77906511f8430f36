"""Read drawings stored as JSON Lines: one digit a line, as strokes of points.

The format is the one of the pendigits set (``../shared/data/pendigits``)::

    {"label": 8, "writer": "pendigits-test-6", "strokes": [[[x, y], ...], ...]}

``label`` and ``writer`` are optional, so the same reader serves ``predict``
(unlabelled drawings) and ``evaluate`` (labelled ones). A written number has
its digits as a string for a label (``"label": "4217"``). Files may be gzipped.
A malformed line is reported with its line number and does not stop the others;
a file too large, a line too long or a gzip bomb stops the file with a message.
"""

from __future__ import annotations

import codecs
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import safe_files
from .data import DataError
from .preprocess import MAX_COORDINATE


@dataclass(frozen=True)
class Drawing:
    line: int
    strokes: list | None  # None when the line could not be read
    label: int | None = None  # a single digit's label
    writer: str | None = None
    error: str | None = None
    number: str | None = None  # the label as a string of digits, for a single digit or a whole number


class StrokesFileError(DataError):
    """The file as a whole cannot be read (missing, not gzip, a folder). A data
    file like MNIST's, so whoever reports a :class:`DataError` reports this too."""


# A drawing is a few kilobytes; these bounds keep a hostile file (a gzip bomb, a
# line of a million brackets) from filling memory or time.
MAX_LINE_BYTES = 1 << 20
MAX_FILE_BYTES = 256 << 20  # once unpacked
MAX_POINTS = 100_000  # in one drawing


def read_drawings(path: str | os.PathLike[str]) -> Iterator[Drawing]:
    """Every line of ``path`` as a :class:`Drawing`, malformed ones carrying ``error``."""
    path = Path(path)
    try:
        stream = safe_files.open_regular(path)
    except safe_files.FileRefused as error:
        raise StrokesFileError(str(error)) from error
    with stream:
        reader = safe_files.gunzip_lines if path.suffix == ".gz" else safe_files.plain_lines
        try:
            for number, raw in enumerate(reader(stream, path.name, MAX_LINE_BYTES, MAX_FILE_BYTES), start=1):
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]  # written by some Windows editors
                if raw.strip():
                    yield _decoded_line(raw, number)
        except OSError as error:  # safe_files.FileRefused included: its message is for the user
            message = str(error) if isinstance(error, safe_files.FileRefused) else f"{path} cannot be read: {error.strerror or error}."
            raise StrokesFileError(message) from error


def _decoded_line(raw: bytes, number: int) -> Drawing:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Drawing(number, None, error=f"line {number}: not UTF-8 text")
    return parse_line(text, number)


def parse_line(text: str, number: int) -> Drawing:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        # Where it goes wrong, not the parser's own words ("Expecting property name enclosed in double quotes").
        return Drawing(number, None, error=f"line {number}: not valid JSON from character {error.colno}")
    except ValueError:  # an integer of thousands of digits
        return Drawing(number, None, error=f"line {number}: holds a number that is not an ordinary number")
    except RecursionError:
        return Drawing(number, None, error=f"line {number}: nested too deeply to be a drawing")
    if not isinstance(record, dict) or not isinstance(record.get("strokes"), list):
        return Drawing(number, None, error=f'line {number}: expected an object with a "strokes" list')
    label = record.get("label")
    digits = None
    if isinstance(label, str) and label and all(c in "0123456789" for c in label):
        digits = label  # a written number; a single-digit reader sees only single digits
        label = int(label) if len(label) == 1 else None
    elif label is not None:
        if not is_digit_label(label):
            return Drawing(number, None, error=f"line {number}: label {_short(label)} is not a digit 0-9 or a string of digits")
        digits = str(label)
    problem = strokes_problem(record["strokes"])
    if problem is not None:
        return Drawing(number, None, error=f"line {number}: {problem}")
    writer = record.get("writer")
    return Drawing(number, record["strokes"], label, _short(writer, quote=False) if writer is not None else None, number=digits)


def is_digit_label(value: object) -> bool:
    """A label is the integer 0-9 itself: not 7.9, not true, not "7"."""
    return type(value) is int and 0 <= value <= 9


def strokes_problem(strokes: object) -> str | None:
    """Why ``strokes`` is not a list of strokes of [x, y] points, or None.

    Checked without recursion and without converting numbers, so nesting,
    huge integers and out-of-range coordinates give a message, never a crash.
    """
    if not isinstance(strokes, list):
        return '"strokes" is not a list'
    points = 0
    for stroke in strokes:
        if not isinstance(stroke, list):
            return "a stroke is not a list of points"
        points += len(stroke)
        if points > MAX_POINTS:
            return f"more than {MAX_POINTS:,} points, too many for one drawing"
        for point in stroke:
            if not isinstance(point, list) or not 2 <= len(point) <= 3:
                return "a point is not [x, y]"
            for value in point:
                if type(value) not in (int, float):
                    return "a point holds something other than numbers"
                # NaN and infinities are left to preprocessing, which drops such points.
                finite = type(value) is int or math.isfinite(value)  # isfinite overflows on a huge int
                if finite and abs(value) > MAX_COORDINATE:
                    return f"a point lies out of range (coordinates must be within +-{MAX_COORDINATE:,.0f})"
    return None


def _short(value: object, quote: bool = True) -> str:
    if not isinstance(value, (str, int, float, type(None))):
        return f"(a {'list' if isinstance(value, list) else 'object'})"  # never repr a structure: it may nest deeply
    text = repr(value) if quote else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class LabelledDrawings:
    """A file's labelled drawings, and what was left out of them, so it can be said."""

    drawings: list[Drawing]
    unreadable: list[Drawing]  # the lines that could not be read, each with its error
    unlabelled: int  # drawings read but without a label of the kind asked for


def read_labelled(path: str | os.PathLike[str], numbers: bool = False) -> LabelledDrawings:
    """The readable drawings of ``path`` labelled with a digit 0-9 (``numbers``:
    with a digit or a string of digits), and what was left out."""
    drawings, unreadable, unlabelled = [], [], 0
    for drawing in read_drawings(path):
        if drawing.strokes is None:
            unreadable.append(drawing)
        elif (drawing.number if numbers else drawing.label) is None:
            unlabelled += 1
        else:
            drawings.append(drawing)
    return LabelledDrawings(drawings, unreadable, unlabelled)


def load_labelled(path: str | os.PathLike[str]) -> list[Drawing]:
    """All readable, labelled drawings of ``path`` (for training and evaluation)."""
    return read_labelled(path).drawings


def load_labelled_numbers(path: str | os.PathLike[str]) -> list[Drawing]:
    """All readable drawings of ``path`` labelled with a digit or a string of digits."""
    return read_labelled(path, numbers=True).drawings
