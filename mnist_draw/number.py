"""Read a written number: split the ink into digits and read each as a single digit is read.

The ink comes as *parts*: the strokes of a drawing, or the blobs of ink in a
picture and the pieces of those that touching digits join (see
:mod:`number_picture`). Parts that belong to one digit (the bar of a 4, the
crossbar of a 7, the two halves of a 0, the flag of a 1) must be grouped, and
digits must not be merged. Geometry alone cannot tell a 0 closed in two strokes
from two touching 1s, so groups are read by the classifier, through the same
preprocessing as a single digit, and the grouping chosen is the one with the
highest total: each group's log-probability of its best digit (of being that
digit, so a model's "not a digit" answer counts against the group) plus a small
geometric prior (a digit is about as tall as its neighbours, not much wider than
tall, does not reach deep into its neighbour, is not cut out of ink it touches
without a cost, and takes about as many strokes as that digit usually does: two
touching digits the model reads as one 0 would be a 0 in two strokes, which
people seldom write).

Candidate groups are runs of consecutive parts in left-to-right order, so the
search is a small dynamic programme. Parts separated by a clear gap are never
grouped. A group is read only when it could still win: scored as if the model
were certain of it, most alternatives already lose on their shape, so a
six-digit number written as strokes costs about six model reads.

Written amounts carry marks that are not digits, and the search has a place
for them. A point or a comma between or after the digits (a thousands
separator, a decimal mark) is a *separator*: a part well under a digit's
height, narrow, low in the line, after a digit and with no other part's ink
above it there may be left out of the number, for a small price; it is never a
digit on its own, and it may still belong to a digit (the short stem of an open
4) when the digit reads better with it. A mark at either end (a "$" before the
digits; a dash, "=" or "/-" after them, written so nothing can be added) may
be left out when the model turns it away as not a digit (a flat, wide dash,
which the model might read as a 1, by its shape alone) and it does not reach
into the digit beside it. The model, which has no "$" among its answers, often
reads a "$" as a 5 and an 8 at once rather than turning it away, and reads its
S alone as a 5 and its bar as a 1: a narrow group before the digits that reads
so, or reads as a 5 with a bar sticking out at its top and bottom, is left out,
and neither it nor a part of it lying under its bar (or cut from the same ink)
is the first digit.
Marks left out stay in the reading with no digit; separators are only counted. A mark between digits is a real doubt: the
number is None.

No Qt, no TensorFlow: the window, the command line and the benchmark share it.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple, Sequence

import numpy as np

from . import number_picture, preprocess
from .ink_shape import has_bar_through, is_blot, is_frame, more_loops_than
from .preprocess import ImageError, ImageSource, Stroke
from .reading import DIGITS, NOT_A_DIGIT, Reading, percent_text

if TYPE_CHECKING:
    from .classifier import Classifier
    from .close_up import CloseUp
    from .strokes_file import Drawing

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# Digits vary in height and the baseline wanders, so a number is taller than its
# digits: a digit is at least this share of the whole number's height.
WHOLE_HEIGHT_SHARE = 0.75
# Digits of one number differ in height by about 15% either way: a part at least
# this share of a digit's height is a digit or most of one, never a separator.
TALL_SHARE = 0.6
# A separator (a point, a comma) is at most this high and this wide, in digit
# heights, and no wider than SEPARATOR_FLAT times its height (the foot of a 1 is
# flat); its top lies at most SEPARATOR_TOP heights above the digits' baseline
# (a point sits on it, a comma hangs from it; baselines wander by about 10%).
SEPARATOR_HEIGHT = 0.45
SEPARATOR_WIDTH = 0.3
SEPARATOR_FLAT = 2.0
SEPARATOR_TOP = 0.3
# A part at either end this flat and this wide (in digit heights) is a dash,
# whatever the model reads in it (a flat bar, scaled up, looks like a 1 or a 7).
DASH_HEIGHT = 0.25
DASH_WIDTH = 0.5
# A mark at either end reaches at most this far (in digit heights) into the
# box of the digit beside it: the bar of a 5 or the foot of a 1 reach deep.
MARK_REACH = 0.05
# and is at most this wide (a dash excepted): a "$", a "=" or a "/-", not two digits.
MARK_WIDTH = 1.2
# A digit-sized mark at either end (at least this share of a digit's height) is
# left out only when the model is this sure it is not a digit: reading "1500" as
# "150" beside a mark is worse than reading no number and saying why. Chosen on
# pendigits-train with v8 (bench_numbers.py --split train, the three held-out writers,
# --seed 21): amounts read right 86.6% at 0.99, 90.2% at 0.95, 90.6% at 0.9; plain
# numbers 98.25% at all three (no last digit was lost to a mark).
DIGIT_SIZED = 0.6
SURE_NOT_DIGIT = 0.95
# Before the digits, the mark people write is a "$", as tall as a digit: there a
# group the model turns away (at its own threshold) is left out whatever its size.
# The model has no "$" among its answers and often does not turn one away: it
# reads the S as a 5 and the bar that closes the S's bends as an 8, so it gives
# both. A group before the digits read as a 5 and as an 8, each at least
# DOLLAR_SHARE, is a "$": left out, and never the first digit. Real digits give
# both at most 5.5% (an 8 read 89% 8, 5.5% 5; 11,900 digits composed from
# pendigits-train, strokes and pictures), so a first 5 or 8 stays a digit.
DOLLAR_SHARE = 0.08
# and is no wider than this (in digit heights): a "$" is narrower than tall (the
# composed ones at most 0.71), a 5 touching a 1 is not, and may read as both too.
DOLLAR_WIDTH = 0.9
# A "$" the model reads as a 5 alone is told by its bar (ink_shape.has_bar_through)
# when the model also doubts it is a digit at all, at least this much (not enough
# to turn it away): such "$"s as number_composer draws them give 0.44 to 0.82 with
# v7 (10th and 90th percentiles), 0.33 to 0.73 with v8 (the least of 32: 0.24); the
# 23 MNIST-train 5s with a bar like it at most 0.03 with v7, the 7 of them among its
# first 20,000 digits at most 0.003 with v8; no pendigits-train digit reads so.
DOLLAR_DOUBT = 0.2


@dataclass(frozen=True)
class Prior:
    """The geometric prior and the search's limits; the weights were tuned on
    numbers composed from pendigits-train (``benchmarks/bench_numbers.py --tune``),
    overlap_free and rare_strokes on those of the writers the bundled model's
    training holds out (``--writers``), whose digits it reads less surely."""

    split_gap: float = 0.16  # parts this far apart (in digit heights) are never one digit
    dot: float = 0.12  # a part smaller than this (in digit heights) is a dot, not read
    max_parts: int = 3  # separate parts in one digit at most (the pieces cut from one blob of ink count as one)
    max_width: float = 1.8  # a digit is at most this many heights wide
    per_digit: float = 0.43  # added for each digit: two confident digits beat one merged read
    short: float = 15.0  # penalty per height below short_below (bars and flags alone are short)
    short_below: float = 0.79
    wide: float = 1.5  # penalty per height above wide_above
    wide_above: float = 0.7
    overlap: float = 7.3  # penalty per height of one digit reaching into the next, when deeper than overlap_free
    overlap_free: float = 0.06  # digits that touch overlap a little: the box of one reaches into the next
    # The same, when neither box lies within the other's columns: a digit written into the
    # next one reaches deep (a stroke running on, one digit over the other's edge), while a
    # part lying inside another's columns (the bar of a "$", a 5's flag) is one digit's.
    # Strokes, numbers composed from pendigits-train (bench_numbers.py --split train; seeds 13
    # and 1) at 7.3 as overlap, then 4.5: digits written 0.15 heights into the next read right
    # 94 -> 98% and 92 -> 95%, 0.25 heights 69 -> 86% and 67 -> 82%; 2,000 plain numbers and
    # 500 amounts the same (1 of 300 open 0s lost on seed 1). Lowering overlap itself to 3
    # instead gained as much but lost 20 amounts (a "$"'s bar read apart from its S).
    overlap_beside: float = 4.5
    cut: float = 1.0  # against cutting a picture's ink between two digits, per stroke's worth of ink cut
    # Against two neighbouring digits cut apart from one blob of ink that read together as a 0
    # (see WHOLE_SURE): a picture's only (strokes are never cut).
    whole: float = 0.0
    mark: float = 0.5  # against leaving a group at either end out as a mark that is not a digit
    separator: float = 0.2  # against leaving a point or a comma out rather than in a digit beside it
    # Against a digit read from a number of strokes it is written with in under
    # rare_below of cases (STROKES_PER_DIGIT), per unit of log ratio: two strokes
    # the model reads as one 0 (a 1 touching a 9) are more often two digits than
    # a 0 written in two strokes.
    rare_strokes: float = 0.8
    rare_below: float = 0.1
    # Against a group wider, for its height, than the digit it reads as is usually
    # written (WIDEST), per unit of width over height: two touching digits the model
    # reads as one (a 1 and a 3 as a 3) are wider than that digit. Measured on the
    # group's own height, so a digit written larger than its neighbours pays nothing.
    too_wide: float = 0.0
    # Against a group read with the ink just across a cut shared with its neighbour
    # (number_picture.SHARED_REACHES), a picture's only. In PICTURE_PRIOR 0.25: with 0.1, more
    # digits were cut with a 1 too many ("634" read "6341"; 3 plain pictures of 300 lost on seed
    # 13, against 1), and 0.5 or more gave up most of the gain on digits written into each other.
    shared: float = 0.0


PRIOR = Prior()
# Pictures: the parts are blobs of ink and the pieces cut from them, not strokes;
# pieces cut along a slant reach into each other, so overlap is no sign there.
# Heights are measured against the blobs' (number_picture.PictureParts.height):
# a digit a quarter shorter than its neighbours is still a digit (heights vary
# by about 15% either way), and a group's width is judged by the digit it reads
# as (too_wide), not by one width for every digit, which cut wide 0s in two.
# Searched again with v8, from v7's weights: ``bench_numbers.py --tune pictures
# --writers`` (the three held-out ones) ``--count 600 --amounts 1000 --seed 13``,
# 600 numbers and 200 amounts, then checked on seed 1's: a group wider than 0.61
# heights pays a little whatever it reads as, too_wide weighs less (4.0 -> 1.9),
# and parts 0.08 heights apart are never one digit (fewer reads: 7.8 -> 7.0 a
# six-digit number). Train side (bench_numbers.py --split train, those writers,
# --pictures 600 --amounts 1000), seeds 13 and 1: numbers read right 87.00 ->
# 87.83% and 87.50 -> 87.83%, digit count 93.50 -> 94.67% and 94.00 -> 94.33%,
# amounts 87.5 -> 88.5% and 89.5 -> 90.0%; a search on seed 1 instead gained
# there (+10 numbers) but not on seed 13 (+1, one amount fewer).
PICTURE_PRIOR = Prior(
    split_gap=0.08, max_parts=4, per_digit=0.177, short=14.3, short_below=0.768, wide=0.3, wide_above=0.612,
    whole=1.0, too_wide=1.914, overlap=0.0, overlap_beside=0.0, overlap_free=0.034, cut=1.002, separator=0.0, rare_strokes=0.0,  # a part is not a stroke there
    shared=0.25,
)
# How often each digit is written in one, two, and three or more strokes
# (pendigits-train, 7494 digits, add-one smoothed): a 4, a 5 and a 7 often take
# two; a 0, an 8 or a 2 seldom do.
STROKES_PER_DIGIT = np.array([
    [0.9668, 0.0319, 0.0013],  # 0
    [0.9463, 0.0524, 0.0013],  # 1
    [0.9936, 0.0051, 0.0013],  # 2
    [0.9958, 0.0028, 0.0014],  # 3
    [0.3512, 0.6437, 0.0051],  # 4
    [0.1853, 0.8091, 0.0055],  # 5
    [0.9931, 0.0055, 0.0014],  # 6
    [0.1191, 0.8758, 0.0051],  # 7
    [0.9349, 0.0637, 0.0014],  # 8
    [0.9488, 0.0499, 0.0014],  # 9
])
# How wide each digit is written at most, as width over height: the 90th
# percentile, the wider of pendigits-train's (with a pen's width) and MNIST-train's.
# A 0, a 2 and a 5 are often wider than tall; a 1, a 6 and a 9 seldom near it.
WIDEST = np.array([1.18, 0.85, 1.25, 1.0, 1.0, 1.33, 0.9, 1.0, 1.0, 0.85])
ONLY_A_DOT = "Only a dot: write a number."
ONLY_A_PATTERN = "Only a pattern, no digits: no number found in the image."
# Why a picture's ink holds no number (_nothing_to_read), worded as one digit's reading words
# its own (preprocess.NO_DIGIT_IN_PICTURE: "The image is blank: no digit found."): what the picture
# holds, then that no number is found in it; the window adds what to do (write one over it, or
# open another picture), as it does in digit mode. "Write a number" under a blank picture read
# as if the picture had not been looked at.
BLANK_IMAGE = "The image is blank: no number found."
ONLY_A_LINE = "Only a line: no number found in the image."
ONLY_A_BLOT = "Only a blot of ink: no number found in the image."
ONLY_BLOTS = "Only blots of ink: no number found in the image."
ONLY_A_BOX = "Only an empty box or frame: no number found in the image."
NO_NUMBER_IN_PICTURE = (BLANK_IMAGE, ONLY_A_LINE, ONLY_A_BLOT, ONLY_BLOTS, ONLY_A_BOX)
# A blob with more than LOOPS_PER_HEIGHT loops for each digit height of its width (at least
# one) is a pattern: a checkerboard's squares, touching at their corners, are one blob round
# dozens of loops (8 squares a side: 18 a height), and it was read as a "1" or an "11".
# Digits written into each other make loops where their strokes cross: at most 7 a height
# (pictures of bench_numbers.py's touching numbers, train side, seeds 1 and 13: 600 numbers;
# at 5 a height, ten of them were called a pattern). Such blobs holding at least PATTERN_INK
# of the ink are the picture: only a pattern.
LOOPS_PER_HEIGHT = 12
PATTERN_INK = 0.9
# Lines of print or text (number_picture.lines_of_text): its letters would be cut and read as a
# row of "digits" ("5355355" from a page of small print).
LINES_OF_TEXT = "Lines of print or text, not a handwritten number: crop the picture round the number."
# A 0 open at its top (a gap between the stroke's ends) is one blob cut at its gap: the
# outline dips there as between two joined digits. Its halves read as a 6 and a 7, and
# two confident digits outscore one. Two neighbouring pieces of one blob that read together
# as a 0, at least this sure of it (the likeliest digit's probability times that of being a
# digit) and no wider than a 0 is usually written (WIDEST), pay Prior.whole when split.
# Only a 0: touching pairs read together as a wide 2, 4 or 5 as surely were read apart
# before, and would be merged. Nor when a piece reads as a 0 alone (_whole_score): "10" touching. Pictures of numbers composed from pendigits-train
# (bench_numbers.py --split train, 300 plain numbers, 100 amounts, 100 each of 0s open by
# 0.1/0.2/0.3 heights and of pairs touching by 0.05/0.15/0.25), seed 13: open 0s read right
# 91/94/96 -> 94/96/97%, plain numbers 278 -> 279, amounts 96 -> 97, touching the same; seed
# 1: open 0s 95/93/95 -> 95/96/95%, plain 272 -> 274, touching 67 -> 68 at 0.05, nothing
# lost. At 0.9 a pair touching ("63") read as a wide 0 was merged; as wide as tall at most,
# most open 0s were wider.
WHOLE_SURE = 0.97
# A digit whose own strokes cross (a 4's bar through its stem) may be cut at the crossing,
# and with the ink across the cut (Candidates.shared) one piece reads as the digit and the
# other as a 1: two digits outscore one. So two pieces of which one was read with shared
# ink, that read together as any digit as surely as WHOLE_SURE, pay Prior.whole when split,
# when no wider than that digit usually is (WIDEST) by more than this share. Forms' numbers
# (bench_photos.py --split train --forms) 559 -> 560 of 600 ("443311" read "4413311" again
# read right, its 4 1.04 times as wide as tall); pictures of numbers (bench_numbers.py
# --split train, seeds 13 and 1: plain, touching, open 0s, distant) each case the same.
# With no slack, nothing changed: the 4 was a little wider than most.
SHARED_WHOLE_SLACK = 0.1
DIGIT_HEIGHT_SHARE = 0.5  # a group of strokes this tall (in digit heights) or taller may be a digit; a dash is not
HOPELESS = 5.0  # a penalty no digit's reading makes up for (a log-probability ratio of e^5)


@dataclass(frozen=True)
class NumberDigit:
    """One digit of a number: its reading (the ten bars, what the model saw, whether
    the model is sure), and where it is."""

    reading: Reading
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the input's coordinates
    left_out: bool = False  # a mark at either end, not a digit, and not part of the number

    @property
    def digit(self) -> int | None:
        """The digit read; None when the model turned the group away as not a digit."""
        return self.reading.digit

    @property
    def confidence(self) -> float:
        return self.reading.confidence or 0.0

    def to_dict(self) -> dict:
        record = {"digit": self.digit, "confidence": round(self.confidence, 5), "box": [round(v, 1) for v in self.box]}
        if self.left_out:  # so a program tells a "$" left out from a doubtful mark among the digits
            record["left_out"] = True
        return record


@dataclass
class NumberReading:
    """A written number as read: its digits left to right, or why there is no number.

    ``digits`` holds every group read, marks left out at either end included
    (their ``digit`` is None); ``separators`` are the boxes of the points and
    commas left out, which are not read at all."""

    source: str = ""
    digits: list[NumberDigit] = field(default_factory=list)
    reason: str | None = None  # why no number was read
    error: str | None = None  # the input could not be read at all
    milliseconds: float | None = None  # preparing and reading the input
    separators: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def kept(self) -> list[NumberDigit]:
        """The digits of the number: ``digits`` without the marks left out at either end."""
        return [d for d in self.digits if not d.left_out]

    @property
    def number(self) -> str | None:
        kept = self.kept
        if self.error is not None or self.reason is not None or not kept:
            return None
        return "".join(str(d.digit) for d in kept)

    @property
    def marks_before(self) -> int:
        """How many marks before the digits were left out."""
        return next((i for i, d in enumerate(self.digits) if not d.left_out), 0)

    @property
    def marks_after(self) -> int:
        """How many marks after the digits were left out."""
        return sum(d.left_out for d in self.digits) - self.marks_before

    def to_dict(self) -> dict:
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        record: dict = {"source": self.source, "number": self.number}
        if self.number is None:
            record["reason"] = self.reason
        record["digits"] = [digit.to_dict() for digit in self.digits]
        return record

    def left_out_text(self) -> str:
        """What was left out of the number, in words ("" when nothing was)."""
        if self.number is None:
            return ""
        before, after, separators = self.marks_before, self.marks_after, len(self.separators)
        said = []
        if before and after:
            said.append("the marks before and after it are not digits and are left out")
        elif before or after:
            where = "before" if before else "after"
            count = before or after
            said.append(
                f"the mark {where} it is not a digit and is left out"
                if count == 1
                else f"the {count} marks {where} it are not digits and are left out"
            )
        if separators:
            said.append("a comma or point is left out" if separators == 1 else f"{separators} commas or points are left out")
        return "; ".join(said)

    def describe(self) -> str:
        """One line for the terminal: ``SOURCE: 4217 (least sure digit 97%)``."""
        if self.error is not None:
            return f"{self.source}: error: {self.error}"
        if self.number is None:
            return f"{self.source}: no number ({self.reason})"
        sure = min(d.confidence for d in self.kept)
        left_out = self.left_out_text()
        return f"{self.source}: {self.number} (least sure digit {percent_text(sure)}{'; ' + left_out if left_out else ''})"


# --- the ways to make one ------------------------------------------------------------


def read_strokes(classifier: Classifier, strokes: Sequence[Stroke], source: str = "", prior: Prior = PRIOR) -> NumberReading:
    """Read a number drawn as strokes (points in any unit, y down)."""
    started = time.perf_counter()
    cleaned = preprocess.clean_strokes(strokes)
    if not cleaned:
        return NumberReading(source, reason="Nothing drawn yet.")
    boxes = np.array([[*s.min(axis=0), *s.max(axis=0)] for s in cleaned])

    def render(members: Sequence[int]) -> np.ndarray | None:
        return preprocess.strokes_to_input([cleaned[i] for i in members]).pixels

    def ink_within(part: int, box: Box) -> bool:
        return stroke_within(cleaned[part], box)

    reading = _read_parts(classifier, boxes, render, source, prior, ink_within=ink_within)
    reading.milliseconds = (time.perf_counter() - started) * 1000
    return reading


def drawn_apart(strokes: Sequence[Stroke], prior: Prior = PRIOR) -> bool:
    """Whether the strokes fall into two or more groups of about a digit's height,
    with a gap between them that always separates two digits: a number written in
    a row, which a single digit's reading cannot be (a dash or a comma beside a
    digit is no such group)."""
    cleaned = preprocess.clean_strokes(strokes)
    if len(cleaned) < 2:
        return False
    boxes = np.array([[*s.min(axis=0), *s.max(axis=0)] for s in cleaned])
    height = _reference_height(boxes)
    sizes = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    if height <= 0:
        return False
    parts = boxes[sizes >= prior.dot * height]
    ordered = parts[np.argsort((parts[:, 0] + parts[:, 2]) / 2, kind="stable")]
    groups = [_box(ordered[first:stop]) for first, stop in _segments(ordered, height, prior.split_gap)]
    return sum(bottom - top >= DIGIT_HEIGHT_SHARE * height for _left, top, _right, bottom in groups) >= 2


def read_drawing(classifier: Classifier, drawing: Drawing, file_name: str) -> NumberReading:
    """A drawing from a strokes file; its source is ``FILE:LINE``."""
    source = f"{file_name}:{drawing.line}"
    if drawing.error is not None:
        return NumberReading(source, error=drawing.error)
    return read_strokes(classifier, drawing.strokes, source)


def read_image(
    classifier: Classifier, image: ImageSource, source: str | None = None, prior: Prior = PICTURE_PRIOR
) -> NumberReading:
    """Read a number in a picture (a path, bytes, a PIL image or an array); a
    picture that cannot be decoded gives a reading with ``error``. A number written
    small in a large picture is read from the picture's own pixels round it
    (:func:`~.close_up.number_region_to_read`); the boxes are in the picture's pixels."""
    started = time.perf_counter()
    if source is None:
        source = str(image) if isinstance(image, (str, os.PathLike)) else "image"
    try:
        opened = preprocess.open_picture(image, digit=False, number=True)
    except ImageError as error:
        return NumberReading(source, error=str(error))
    found, picture = opened.found, opened.picture
    if found is not None and found.pixel_noise:
        # Noise's denser patches, which the cuts would make a row of confident "digits" of.
        return NumberReading(source, reason=ONLY_A_PATTERN, milliseconds=(time.perf_counter() - started) * 1000)
    if opened.number_close_up is not None:
        reading = read_closer(classifier, opened.number_close_up, opened.number_close_up.ink, source, prior)
    else:
        reading = read_ink(classifier, None if found is None else found.ink, source, prior)
    # Boxes in the original picture's pixels, not the working copy's.
    sx, sy = opened.size[0] / picture.width, opened.size[1] / picture.height
    reading = _boxes_moved(reading, lambda box: (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy))
    reading.milliseconds = (time.perf_counter() - started) * 1000
    return reading


def read_closer(
    classifier: Classifier, close_up: CloseUp, ink: np.ndarray, source: str = "", prior: Prior = PICTURE_PRIOR
) -> NumberReading:
    """Read a number in a close-up's ink (:attr:`CloseUp.ink`, perhaps edited since as the
    working copy's was: ``ink_layer.close_ink_left``); the boxes are in the working
    copy's pixels, as :func:`read_ink`'s on the working copy's ink are."""
    reading = read_ink(classifier, ink, source, prior)
    return _boxes_moved(reading, close_up.region_in_picture)


def _boxes_moved(reading: NumberReading, move: Callable[[Box], Box]) -> NumberReading:
    """``reading`` with its digits' and separators' boxes moved by ``move``."""
    reading.digits = [NumberDigit(d.reading, move(d.box), d.left_out) for d in reading.digits]
    reading.separators = [move(box) for box in reading.separators]
    return reading


def read_ink(
    classifier: Classifier, ink: np.ndarray | None, source: str = "", prior: Prior = PICTURE_PRIOR
) -> NumberReading:
    """Read a number in a picture's ink (from :func:`preprocess.picture_ink`: white
    on black in 0-1, perhaps edited since, as the window's eraser does); the boxes
    are in the ink's pixels. None, or ink with nothing in it, reads no number."""
    started = time.perf_counter()
    blobs = number_picture.find_blobs(ink) if ink is not None else None
    nothing = _nothing_to_read(blobs)
    if blobs is None or nothing is not None:
        return NumberReading(source, reason=nothing)
    if number_picture.lines_of_text(blobs):
        # A checkerboard's rows of squares line up as print does: say it is a pattern.
        return NumberReading(source, reason=ONLY_A_PATTERN if number_picture.grid_of_cells(blobs) else LINES_OF_TEXT)
    beside = number_picture.print_beside_writing(blobs)
    if beside.any():  # a form's heading over the number: its letters are no digits
        # What is left is judged again: a blot under a heading was read as a sure 0.
        blobs = number_picture.without(blobs, beside)
        nothing = _nothing_to_read(blobs)
        if blobs is None or nothing is not None:
            return NumberReading(source, reason=nothing)
    # A comb's wall left where a digit touches it would be read as a "1".
    blobs = number_picture.without_rules(blobs, _reference_height(blobs.boxes))
    nothing = _nothing_to_read(blobs)
    if blobs is None or nothing is not None:
        return NumberReading(source, reason=nothing)
    parts = number_picture.cut_blobs(blobs, _reference_height(blobs.boxes))
    reading = _read_parts(classifier, parts.boxes, parts.render, source, prior, parts.joins, parts.ink_within, parts.height)
    reading.milliseconds = (time.perf_counter() - started) * 1000
    return reading


def picture_parts(ink: np.ndarray | None) -> number_picture.PictureParts | None:
    """A picture's ink (from :func:`preprocess.picture_ink`) as parts to group; None when there is none.

    Not used by the app (:func:`read_ink` cuts the parts itself): it lets
    ``benchmarks/bench_numbers.py`` measure how pictures are cut."""
    blobs = number_picture.find_blobs(ink) if ink is not None else None
    if blobs is None:
        return None
    return number_picture.cut_blobs(blobs, _reference_height(blobs.boxes))


def _nothing_to_read(blobs: number_picture.Blobs | None) -> str | None:
    """Why a picture's blobs hold no number to read (none, only lines, only blots); None when they may."""
    if blobs is None:
        return BLANK_IMAGE
    if _only_lines(blobs.boxes):
        # Nothing tall sets a digit's height, so the line would be cut into a row of "digits".
        return ONLY_A_LINE
    inks = list(_blob_inks(blobs))
    if all(is_blot(ink) for ink in inks):
        # Filled blots, which the model would read as 0s, as a single picture's is (ink_shape.is_blot).
        # Two whole sentences rather than one with a blank: the window translates each as it stands.
        if len(blobs.boxes) == 1:
            return ONLY_A_BLOT
        return ONLY_BLOTS
    if all(is_frame(ink) for ink in inks):
        return ONLY_A_BOX
    masses = np.array([float(ink.sum()) for ink in inks])
    patterned = [more_loops_than(ink, LOOPS_PER_HEIGHT * max(1.0, ink.shape[1] / ink.shape[0])) for ink in inks]
    if masses[patterned].sum() >= PATTERN_INK * masses.sum():
        return ONLY_A_PATTERN
    return None


def _only_lines(boxes: np.ndarray) -> bool:
    """Whether every blob is a flat line (a dash, an underline): no digit among them."""
    heights, widths = boxes[:, 3] - boxes[:, 1], boxes[:, 2] - boxes[:, 0]
    return bool(len(boxes)) and bool(np.all(heights < DASH_HEIGHT * widths))


def _blob_inks(blobs: number_picture.Blobs) -> Iterator[np.ndarray]:
    """Each blob's own ink, cropped to its box (with the soft edge the solid ink leaves out)."""
    for index, (x0, y0, x1, y1) in enumerate(blobs.boxes.astype(int), start=1):
        x0, y0 = max(0, x0 - 1), max(0, y0 - 1)
        own = blobs.soft[y0 : y1 + 1, x0 : x1 + 1] == index
        yield np.where(own, blobs.ink[y0 : y1 + 1, x0 : x1 + 1], 0.0)


# --- grouping parts into digits ------------------------------------------------------


def _reference_height(boxes: np.ndarray) -> float:
    """A digit's height here: the median of the taller parts (bars and flags are
    short), or most of the whole number's height when every part is short (an 8
    drawn as two loops, a row of 4s in two strokes)."""
    heights = boxes[:, 3] - boxes[:, 1]
    tall = heights[heights >= 0.5 * heights.max()]
    overall = float(boxes[:, 3].max() - boxes[:, 1].min())
    return max(float(np.median(tall)), WHOLE_HEIGHT_SHARE * overall)


Group = tuple[int, int]  # parts start..end (end excluded), in left-to-right order
# Part indices to the model's input for them as one digit (None: nothing to read); or to
# several, the group's own ink first, then with ink shared across its cuts
# (number_picture.PictureParts.render): the best reading stands for the group.
Render = Callable[[Sequence[int]], "np.ndarray | list[np.ndarray | None] | None"]


DIGIT, MARK, SEPARATOR = "digit", "mark", "separator"  # what a chosen group is


class Chosen(NamedTuple):
    """A group in the grouping chosen: a digit, a mark at either end (read, and
    left out of the number) or a separator (a point or a comma, left out)."""

    group: Group
    kind: str = DIGIT


@dataclass
class Candidates:
    """Every plausible digit of a drawing or picture: runs of parts that may be
    one digit, and, for those read so far, what the classifier made of them."""

    boxes: np.ndarray  # the parts' boxes, left to right (dots left out)
    height: float  # a digit's height here
    plausible: dict[Group, Box]  # the groups that may be a digit, and their boxes
    cuts: dict[Group, float]  # strokes' worth of ink cut to free a group from the ink it touches (pictures)
    render: Render  # part indices (as given) to the model's input (or inputs)
    order: np.ndarray  # the given index of each part, left to right
    endings: dict[Group, Box] = field(default_factory=dict)  # the groups that may be a mark at either end
    separators: set[int] = field(default_factory=set)  # the parts (in left-to-right order) that may be points or commas
    joined: set[tuple[int, int]] = field(default_factory=set)  # parts (left to right) cut apart from one blob of ink
    # group: (ten digit probabilities, the probability it is not a digit, whether the
    # model turns it away, pixels), or None when there was nothing to read
    table: dict[Group, tuple[np.ndarray, float, bool, np.ndarray] | None] = field(default_factory=dict)
    shared: set[Group] = field(default_factory=set)  # the groups read best with ink shared across a cut (pictures)
    shared_cost: float = 0.0  # what that costs a group's score (Prior.shared)

    @cached_property
    def longest(self) -> int:
        """The most parts in any group that may be a digit or a mark."""
        return max((end - start for start, end in self.plausible.keys() | self.endings.keys()), default=1)

    def box(self, group: Group) -> Box:
        if group in self.plausible:
            return self.plausible[group]
        return self.endings[group] if group in self.endings else _box(self.boxes[group[0] : group[1]])

    def read(self, classifier: Classifier, groups: Sequence[Group]) -> None:
        """Render and read ``groups`` (each once), in one batch. Raises
        :class:`classifier.ModelError` when the model fails when it is run."""
        images, keys = [], []
        for group in groups:
            if group in self.table:
                continue
            rendered = self.render(self.order[group[0] : group[1]].tolist())
            ways = rendered if isinstance(rendered, list) else [rendered]
            for way, pixels in enumerate(ways):
                if pixels is not None:
                    images.append(pixels)
                    keys.append((group, way > 0))
            if all(pixels is None for pixels in ways):
                self.table[group] = None
        if images:
            digits, not_digit = classifier.read_batch(np.stack(images))
            rejected = classifier.rejects(not_digit)
            # A group rendered several ways (with ink shared across its cuts: see render) is
            # what its likeliest reading makes of it (the part of _group_score that depends
            # on the reading alone, less the price of sharing ink).
            best: dict[Group, float] = {}
            for index, ((key, shared), pixels) in enumerate(zip(keys, images)):
                sure = _likeliest(digits[index], float(not_digit[index]))
                sure -= self.shared_cost if shared else 0.0
                if key not in best or sure > best[key]:
                    best[key] = sure
                    self.table[key] = (digits[index], float(not_digit[index]), bool(rejected[index]), pixels)
                    if shared:
                        self.shared.add(key)
                    else:
                        self.shared.discard(key)


def find_candidates(
    boxes: np.ndarray,
    render: Render,
    prior: Prior = PRIOR,
    joins: Sequence[tuple[int, int, float]] = (),
    ink_within: Callable[[int, Box], bool] | None = None,
    height: float | None = None,
) -> Candidates | str:
    """The plausible groups of parts (given by their boxes; ``render`` turns a list
    of part indices into the model's input), none read yet; a reason instead when
    there is nothing to read. ``joins`` are, for a picture, the cuts made between
    pieces of one blob of ink: (part, part, the strokes' worth of ink cut).
    ``ink_within(part, box)`` says whether a part has ink inside a box (without
    it, whether its box meets the box): a comma may tuck under the bar of a 7.
    ``height`` is a digit's height when the parts do not tell it (pieces cut from
    a picture's blobs: see :class:`number_picture.PictureParts`)."""
    sizes = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    if sizes.max() <= 0:
        return ONLY_A_DOT
    if height is None:
        height = _reference_height(boxes)
    if height <= 0:
        height = float(sizes.max())
    kept = np.flatnonzero(sizes >= prior.dot * height)
    if not len(kept):
        return "Only dots: write a number."
    joined = {part for a, b, _ in joins for part in (a, b)}
    order = kept[np.argsort((boxes[kept, 0] + boxes[kept, 2]) / 2, kind="stable")]
    ordered = boxes[order]
    separators = _separators(ordered, height, [int(part) in joined for part in order], ink_within, order)
    # A part so short that its penalty alone (HOPELESS) outweighs anything a
    # reading can gain is not a digit on its own when it has neighbours to join.
    too_short = (prior.short_below - HOPELESS / prior.short) * height if prior.short > 0 else -math.inf
    # max_parts counts the separate parts of ink in a group, not the pieces its
    # cuts make: cuts are tried densely, and a bold digit cut into five pieces
    # must still be read whole. Pieces cut from one blob form a chain of joins.
    position = {int(part): index for index, part in enumerate(order)}
    links: dict[int, list[int]] = {}
    for a, b, _ in joins:
        if a in position and b in position:
            links.setdefault(position[a], []).append(position[b])
            links.setdefault(position[b], []).append(position[a])
    widest = max(prior.max_width, MARK_WIDTH) * height
    plausible, endings = {}, {}
    for first, stop in _segments(ordered, height, prior.split_gap):
        for start in range(first, stop):
            separate = 0
            for end in range(start + 1, stop + 1):
                separate += 1 - sum(start <= other < end - 1 for other in links.get(end - 1, ()))
                if separate > prior.max_parts:
                    break
                box = _box(ordered[start:end])
                flat = box[3] - box[1] < DASH_HEIGHT * height
                if end > start + 1 and box[2] - box[0] > widest and not flat:
                    break  # wider still with more parts (a part alone may be as wide as it is)
                if (box[2] - box[0] <= MARK_WIDTH * height or flat) and _one_mark(ordered[start:end], MARK_REACH * height):
                    endings[(start, end)] = box
                if end > start + 1 and box[2] - box[0] > prior.max_width * height:
                    continue
                if end == start + 1 and (start in separators or (stop - first > 1 and box[3] - box[1] < too_short)):
                    continue
                plausible[(start, end)] = box
    # A cut is paid for when its two sides end in different groups, half by each.
    cuts: dict[Group, float] = {}
    for a, b, cost in joins:
        if a in position and b in position:
            for group in endings.keys() | plausible.keys():
                if (group[0] <= position[a] < group[1]) != (group[0] <= position[b] < group[1]):
                    cuts[group] = cuts.get(group, 0.0) + cost / 2
    joined = {(min(a, b), max(a, b)) for a, others in links.items() for b in others}
    return Candidates(ordered, height, plausible, cuts, render, order, endings, separators, joined, shared_cost=prior.shared)


def _separators(
    boxes: np.ndarray,
    height: float,
    joined: Sequence[bool],
    ink_within: Callable[[int, Box], bool] | None,
    order: np.ndarray,
) -> set[int]:
    """The parts (boxes in left-to-right order) that may be points or commas: whole
    (not cut from a blob of ink), well under a digit's height, narrow and not flat
    (the foot of a 1 is flat), on or hanging from the baseline of the parts of a
    digit's height beside them, after one of those, and with no other part's ink
    above them in the line's lower half (the lower loop of an 8 drawn in two has
    some). ``ink_within`` takes the parts' given indices (``order``); without it,
    boxes stand in for ink."""
    widths, heights = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    tall = np.flatnonzero(heights >= TALL_SHARE * height)
    found = set()
    for i in range(len(boxes)):
        if (
            joined[i]
            or heights[i] > SEPARATOR_HEIGHT * height
            or widths[i] > SEPARATOR_WIDTH * height
            or widths[i] > SEPARATOR_FLAT * heights[i]
        ):
            continue
        left, right = tall[tall < i], tall[tall > i]
        if not len(left):
            continue  # before the digits: not a separator
        beside = [left[-1]] + ([right[0]] if len(right) else [])
        baseline = float(boxes[beside, 3].mean())
        if boxes[i, 1] < baseline - SEPARATOR_TOP * height:
            continue
        below_middle = (float(boxes[i, 0]), baseline - height / 2, float(boxes[i, 2]), max(float(boxes[i, 3]), baseline))
        if ink_within is None:
            inked = any(_boxes_meet(boxes[j], below_middle) for j in range(len(boxes)) if j != i)
        else:
            inked = any(ink_within(int(order[j]), below_middle) for j in range(len(boxes)) if j != i)
        if not inked:
            found.add(i)
    return found


def _boxes_meet(a: Sequence[float], b: Sequence[float]) -> bool:
    return bool(a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3])


def stroke_within(points: np.ndarray, box: Box) -> bool:
    """Whether a stroke (its points joined by straight lines) passes through a box."""
    x0, y0, x1, y1 = box
    if len(points) == 1:
        x, y = points[0]
        return bool(x0 <= x <= x1 and y0 <= y <= y1)
    start, step = points[:-1], np.diff(points, axis=0)
    # The share of each segment inside the box along each axis (Liang-Barsky clipping).
    enter, leave = np.zeros(len(start)), np.ones(len(start))
    for axis, (low, high) in enumerate(((x0, x1), (y0, y1))):
        origin, delta = start[:, axis], step[:, axis]
        moving = delta != 0
        inside = (origin >= low) & (origin <= high)
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b = (low - origin) / delta, (high - origin) / delta
        enter = np.maximum(enter, np.where(moving, np.minimum(a, b), np.where(inside, -np.inf, np.inf)))
        leave = np.minimum(leave, np.where(moving, np.maximum(a, b), np.where(inside, np.inf, -np.inf)))
    return bool(np.any(enter <= leave))


def choose_groups(candidates: Candidates, prior: Prior = PRIOR) -> list[Chosen]:
    """The best grouping of the parts into digits, marks at either end and
    separators, left to right. A group not read yet counts as the likeliest
    reading possible (a probability of 1): if such a group is in the answer, read
    it and choose again (see :func:`best_groups`)."""
    chosen = _best_grouping(0, len(candidates.boxes), candidates, prior, marks=True)
    if chosen is not None:
        return chosen
    # Some part cannot be in any grouping: each run of parts on its own, digits
    # only, keeping the parts that can be read where even that fails.
    chosen = []
    for first, stop in _segments(candidates.boxes, candidates.height, prior.split_gap):
        run = _best_grouping(first, stop, candidates, prior, marks=False)
        if run is None:
            run = [
                Chosen((i, i + 1))
                for i in range(first, stop)
                if (i, i + 1) in candidates.plausible and candidates.table.get((i, i + 1), 0) is not None
            ]
        chosen += run
    return chosen


def best_groups(candidates: Candidates, prior: Prior, read: Callable[[Sequence[Group]], None]) -> list[Chosen]:
    """The best grouping, reading (through ``read``) only the groups that could
    still be part of it. The answer is the one reading every plausible group
    would give, since a group not read is scored as well as any reading could
    make it: most alternatives lose on their shape alone and are never read.
    Separators are not read."""
    while True:
        chosen = choose_groups(candidates, prior)
        missing = [c.group for c in chosen if c.kind != SEPARATOR and c.group not in candidates.table]
        if chosen and chosen[0].kind == DIGIT:
            # Whether the first digit is part of a "$" (see _first_digit_score).
            start, stop = chosen[0].group
            wider = ((start, end) for end in range(stop + 1, start + candidates.longest + 1))
            missing += [g for g in wider if g in candidates.endings and g not in candidates.table]
        if prior.whole:
            # Neighbouring digits cut from one blob: whether they read as one (_whole_score).
            digits = [c.group for c in chosen if c.kind == DIGIT]
            unions = [(a[0], b[1]) for a, b in zip(digits, digits[1:]) if a[1] == b[0] and (a[1] - 1, b[0]) in candidates.joined]
            missing += [g for g in unions if g in candidates.plausible and g not in candidates.table and g not in missing]
        if not missing:
            return [c for c in chosen if c.kind == SEPARATOR or candidates.table[c.group] is not None]
        read(missing)


def _read_parts(
    classifier: Classifier,
    boxes: np.ndarray,
    render: Render,
    source: str,
    prior: Prior,
    joins: Sequence[tuple[int, int, float]] = (),
    ink_within: Callable[[int, Box], bool] | None = None,
    height: float | None = None,
) -> NumberReading:
    """Group parts (given by their boxes) into digits and read them."""
    from .classifier import ModelError  # loaded already: the classifier came from there

    candidates = find_candidates(boxes, render, prior, joins, ink_within, height)
    if isinstance(candidates, str):
        return NumberReading(source, reason=candidates)
    try:
        chosen = best_groups(candidates, prior, lambda groups: candidates.read(classifier, groups))
    except ModelError as error:
        return NumberReading(source, error=f"The model could not read this. {error}")
    separators = [candidates.box(c.group) for c in chosen if c.kind == SEPARATOR]
    chosen = [c for c in chosen if c.kind != SEPARATOR]
    digits = []
    for group, kind in chosen:
        probabilities, not_digit, rejected, pixels = candidates.table[group]
        turned_away = rejected or kind == MARK  # a dash is a mark by its shape, whatever the model read
        reading = Reading(
            source,
            tuple(float(p) for p in probabilities),
            pixels,
            reason=NOT_A_DIGIT if turned_away else None,
            not_digit=not_digit if classifier.outputs > DIGITS else None,
            is_digit=not turned_away,
        )
        digits.append(NumberDigit(reading, candidates.box(group), left_out=kind == MARK))
    if not digits:
        return NumberReading(source, reason="Only dots: write a number.")
    reading = NumberReading(source, digits, separators=separators)
    strangers = [str(i + 1) for i, d in enumerate(digits) if d.digit is None and not d.left_out]
    if strangers:
        if len(digits) == 1:  # nothing to count from
            reading.reason = "The mark is not a digit: write a number."
        elif len(strangers) == 1:
            reading.reason = f"Mark {strangers[0]} (counting from the left) is not a digit."
        else:
            reading.reason = f"Marks {', '.join(strangers)} (counting from the left) are not digits."
    return reading


def _segments(boxes: np.ndarray, height: float, split_gap: float) -> list[Group]:
    """Runs of parts (in left-to-right order) with no clear gap inside them: a
    gap wider than ``split_gap`` heights between everything on its left and
    everything on its right always separates two digits."""
    if not len(boxes):
        return []
    reach = np.maximum.accumulate(boxes[:, 2])  # the right edge of everything so far
    start_after = np.minimum.accumulate(boxes[::-1, 0])[::-1]  # the left edge of everything after
    segments, first = [], 0
    for i in range(len(boxes) - 1):
        if start_after[i + 1] - reach[i] > split_gap * height:
            segments.append((first, i + 1))
            first = i + 1
    segments.append((first, len(boxes)))
    return segments


def _box(boxes: np.ndarray) -> Box:
    return (float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()), float(boxes[:, 3].max()))


def _group_score(key: Group, candidates: Candidates, prior: Prior) -> float:
    if key not in candidates.plausible:
        return -math.inf
    # A group not read yet is scored as if read with certainty: an upper bound.
    likeliest = 0.0
    if key in candidates.table:
        entry = candidates.table[key]
        if entry is None:
            return -math.inf
        likeliest = _likeliest(entry[0], entry[1])
        likeliest -= prior.rare_strokes * _rare_strokes(int(np.argmax(entry[0])), key[1] - key[0], prior)
        widest = WIDEST[int(np.argmax(entry[0]))]
    else:
        widest = WIDEST.max()  # not read yet: as wide as any digit may be, an upper bound
    height = candidates.height
    x0, y0, x1, y1 = candidates.plausible[key]
    width, tall = x1 - x0, y1 - y0
    score = likeliest + prior.per_digit
    score -= prior.too_wide * max(0.0, width / max(tall, 1e-9) - widest)
    score -= prior.short * max(0.0, prior.short_below - tall / height)
    score -= prior.wide * max(0.0, width / height - prior.wide_above)
    if key in candidates.shared:
        score -= prior.shared
    return score - prior.cut * candidates.cuts.get(key, 0.0)


def _likeliest(digits: np.ndarray, not_digit: float) -> float:
    """The log-probability of a reading's likeliest digit: a group the model calls
    "not a digit" (a bar, a flag, two digits at once) is evidence against it."""
    return math.log(max(float(np.max(digits)) * (1.0 - not_digit), 1e-9))


def _rare_strokes(digit: int, strokes: int, prior: Prior) -> float:
    """How much rarer than ``prior.rare_below`` it is to write ``digit`` in that many
    strokes, as a log ratio (0 when it is not rare)."""
    usual = STROKES_PER_DIGIT[digit, min(strokes, 3) - 1]
    return max(0.0, math.log(prior.rare_below / usual))


def _one_mark(parts: np.ndarray, reach: float) -> bool:
    """Whether parts (left to right) can be one mark: a mark's parts lie over one
    another ("$", "=") or touch ("/-"); a gap between them means a mark and a digit."""
    right = parts[0, 2]
    for x0, _, x1, _ in parts[1:]:
        if x0 > right + reach:
            return False
        right = max(right, x1)
    return True


def _mark_score(key: Group, candidates: Candidates, prior: Prior, leading: bool) -> float:
    """A group as a mark at either end (``leading``: before the digits): the
    log-probability that it is not a digit, when the model turns it away (a flat,
    wide dash, and before the digits a "$", count as certain)."""
    if key not in candidates.endings:
        return -math.inf
    score = -prior.mark - prior.cut * candidates.cuts.get(key, 0.0)
    x0, y0, x1, y1 = candidates.endings[key]
    if y1 - y0 < DASH_HEIGHT * candidates.height and x1 - x0 > DASH_WIDTH * candidates.height:
        return score
    if key not in candidates.table:
        return score  # not read yet: as if the model were certain
    entry = candidates.table[key]
    if entry is None:
        return -math.inf
    if leading and _reads_as_dollar(key, candidates):
        return score
    if not entry[2]:
        return -math.inf
    if not leading and y1 - y0 >= DIGIT_SIZED * candidates.height and entry[1] < SURE_NOT_DIGIT:
        return -math.inf
    return score + math.log(max(entry[1], 1e-9))


def _reads_as_dollar(group: Group, candidates: Candidates) -> bool:
    """Whether a group read so far may be a mark and reads as a "$" (an S with a
    bar through it): narrow, and a 5 and an 8 at once (see DOLLAR_SHARE), or a 5
    with a bar sticking out at its top and bottom (ink_shape.has_bar_through) that
    the model doubts is a digit (DOLLAR_DOUBT): it reads some "$"s as a 5 alone.
    Not an 8: a narrow 8 whose stroke starts at its top and ends in a point at its
    bottom looks so too."""
    entry = candidates.table.get(group)
    if entry is None or group not in candidates.endings:
        return False
    x0, _, x1, _ = candidates.endings[group]
    probabilities = entry[0]
    if x1 - x0 > DOLLAR_WIDTH * candidates.height:
        return False
    if min(float(probabilities[5]), float(probabilities[8])) >= DOLLAR_SHARE:
        return True
    return int(np.argmax(probabilities)) == 5 and entry[1] >= DOLLAR_DOUBT and has_bar_through(entry[3])


def _first_digit_score(group: Group, candidates: Candidates, prior: Prior) -> float:
    """A group as the first digit, with nothing before it: as any digit, unless it
    reads as a "$", which is written before the digits and is not one of them, or
    is part of a group before the digits that reads as a "$" (its S alone reads
    as a 5 and its bar as a 1, two digits one inside the other)."""
    if _reads_as_dollar(group, candidates):
        return -math.inf
    # Part of a wider group: only when the rest lies over it, not beside it, as a
    # "$"'s bar lies over its S ("15" written close reads as a "$" too), or when the
    # two were cut apart from one blob of ink (a cut along the bar, through the
    # crossings, leaves half the S on either side); and, since two digits are not
    # a digit either, only a reading as a "$" (_reads_as_dollar) tells one.
    for end in range(group[1] + 1, group[0] + candidates.longest + 1):
        if (
            (group[0], end) in candidates.endings
            and (
                _one_over_other(candidates.box(group), _box(candidates.boxes[group[1] : end]), MARK_REACH * candidates.height)
                or any((a, b) in candidates.joined for a in range(*group) for b in range(group[1], end))
            )
            and _reads_as_dollar((group[0], end), candidates)
        ):
            return -math.inf
    return _group_score(group, candidates, prior)


def _one_over_other(a: Box, b: Box, slack: float) -> bool:
    """Whether one box lies within the other's columns (give or take ``slack``)."""
    return (a[0] >= b[0] - slack and a[2] <= b[2] + slack) or (b[0] >= a[0] - slack and b[2] <= a[2] + slack)


def _pair_score(left: Group, right: Group, candidates: Candidates, prior: Prior) -> float:
    """Against two neighbouring digits whose boxes reach into each other."""
    height = candidates.height
    a, b = candidates.plausible[left], candidates.plausible[right]
    # How deep the left one reaches past the right one's start, in digit heights:
    # for a part that lies inside the other (the bar of a "$"), how far it would
    # have to move to come out.
    depth = max(a[2] - b[0], 0.0)
    # Digits that touch reach a little into each other for free; past that, the
    # whole depth counts, so a bar deep inside a loop (the "$") still costs as much.
    if depth / height <= prior.overlap_free:
        return 0.0
    weight = prior.overlap if _one_over_other(a, b, MARK_REACH * height) else prior.overlap_beside
    return -weight * depth / height


def _whole_score(left: Group, right: Group, candidates: Candidates, prior: Prior) -> float:
    """Against splitting two neighbouring groups cut apart from one blob of ink that
    read together as a 0 (see WHOLE_SURE), or as any digit when one of them was read with
    the ink across a cut (see SHARED_WHOLE_SLACK); 0 while they are not read together (an
    upper bound: :func:`best_groups` reads them when both are chosen)."""
    union = (left[0], right[1])
    if prior.whole == 0 or (left[1] - 1, right[0]) not in candidates.joined or candidates.table.get(union) is None:
        return 0.0
    probabilities, not_digit, rejected, _ = candidates.table[union]
    digit = int(np.argmax(probabilities))
    shared = left in candidates.shared or right in candidates.shared
    # A piece that reads as the union's digit with its own ink is that whole digit with a
    # digit beside it ("10", "60" touching), not part of one: the union reads as it because
    # it is in it. A piece not read yet might, so it pays nothing yet (an upper bound, as above).
    for piece in (left, right):
        entry = candidates.table.get(piece)
        if entry is None or (int(np.argmax(entry[0])) == digit and piece not in candidates.shared):
            return 0.0
    widest = WIDEST[digit] * (1.0 + SHARED_WHOLE_SLACK if shared else 1.0)
    x0, y0, x1, y1 = candidates.box(union)
    if (
        rejected
        or (digit != 0 and not shared)
        or float(probabilities[digit]) * (1.0 - not_digit) < WHOLE_SURE
        or x1 - x0 > widest * (y1 - y0)
    ):
        return 0.0
    return -prior.whole


# Where a group stands: a mark before the digits, a digit, a separator, a mark after the digits.
LEADING, AMONG, BETWEEN, TRAILING = range(4)
# The places a group may follow (None: the first group); one mark at each end at most.
_FOLLOWS: dict[int, tuple[int | None, ...]] = {
    LEADING: (None,),
    AMONG: (None, LEADING, AMONG, BETWEEN),
    BETWEEN: (AMONG, BETWEEN),
    TRAILING: (AMONG, BETWEEN),
}
_KINDS = {LEADING: MARK, AMONG: DIGIT, BETWEEN: SEPARATOR, TRAILING: MARK}


def _own_score(group: Group, place: int, candidates: Candidates, prior: Prior, first: bool = False) -> float:
    """A group's own score in its place; ``first``: it is the first group, and marks
    may stand before the digits."""
    if place == AMONG:
        return _first_digit_score(group, candidates, prior) if first else _group_score(group, candidates, prior)
    if place == BETWEEN:
        return -prior.separator if group[1] == group[0] + 1 and group[0] in candidates.separators else -math.inf
    return _mark_score(group, candidates, prior, leading=place == LEADING)


def _step_score(previous: Group, previous_place: int, group: Group, place: int, candidates: Candidates, prior: Prior) -> float:
    """The score of neighbouring groups as a pair: digits as :func:`_pair_score`; a
    mark must not reach into the digit beside it; nothing else counts."""
    if place == AMONG and previous_place == AMONG:
        return _pair_score(previous, group, candidates, prior) + _whole_score(previous, group, candidates, prior)
    if {place, previous_place} not in ({LEADING, AMONG}, {TRAILING, AMONG}):
        return 0.0
    a, b = candidates.box(previous), candidates.box(group)
    reach = min(a[2], b[2]) - max(a[0], b[0])
    return -math.inf if reach > MARK_REACH * candidates.height else 0.0


def _best_grouping(first: int, stop: int, candidates: Candidates, prior: Prior, marks: bool) -> list[Chosen] | None:
    """The best split of parts first..stop into consecutive groups (with ``marks``,
    marks at either end and separators among them too); None when no split
    covers every part. A small dynamic programme: the state is the last group and
    its place, because neighbouring groups score as a pair."""
    places = (LEADING, AMONG, BETWEEN, TRAILING) if marks else (AMONG,)
    # best[(start, end, place)]: the best score of parts first..end whose last group is start..end.
    best: dict[tuple[int, int, int], tuple[float, tuple[int, int, int] | None]] = {}
    ending_at: dict[int, list[tuple[int, int, int]]] = {}  # the keys of best by their last part's end
    for end in range(first + 1, stop + 1):
        for start in range(max(first, end - candidates.longest), end):
            group = (start, end)
            for place in places:
                own = _own_score(group, place, candidates, prior, first=marks and start == first)
                if own == -math.inf:
                    continue
                if start == first:
                    if None in _FOLLOWS[place]:
                        best[(start, end, place)] = (own, None)
                        ending_at.setdefault(end, []).append((start, end, place))
                    continue
                options = [
                    (best[key][0] + own + _step_score(key[:2], key[2], group, place, candidates, prior), key)
                    for key in ending_at.get(start, ())
                    if key[2] in _FOLLOWS[place]
                ]
                options = [option for option in options if option[0] > -math.inf]
                if options:
                    best[(start, end, place)] = max(options, key=lambda option: option[0])
                    ending_at.setdefault(end, []).append((start, end, place))
    # A grouping ends in a digit or after one: a mark alone is no number to leave it out of.
    finals = [(score, key) for key, (score, _) in best.items() if key[1] == stop and key[2] != LEADING]
    if not finals:
        return None
    key: tuple[int, int, int] | None = max(finals)[1]
    chosen = []
    while key is not None:
        chosen.append(Chosen(key[:2], _KINDS[key[2]]))
        key = best[key][1]
    return chosen[::-1]
