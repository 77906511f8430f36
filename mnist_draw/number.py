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
tall, does not reach deep into its neighbour, and is not cut out of ink it
touches without a cost).

Candidate groups are runs of consecutive parts in left-to-right order, so the
search is a small dynamic programme. Parts separated by a clear gap are never
grouped. A group is read only when it could still win: scored as if the model
were certain of it, most alternatives already lose on their shape, so a
six-digit number written as strokes costs about six model reads.

No Qt, no TensorFlow: the window, the command line and the benchmark share it.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np
from PIL import Image

from . import number_picture, preprocess
from .preprocess import ImageError, ImageSource, Stroke
from .reading import DIGITS, NOT_A_DIGIT, Reading

if TYPE_CHECKING:
    from .classifier import Classifier
    from .strokes_file import Drawing

# Digits vary in height and the baseline wanders, so a number is taller than its
# digits: a digit is at least this share of the whole number's height.
WHOLE_HEIGHT_SHARE = 0.75


@dataclass(frozen=True)
class Prior:
    """The geometric prior and the search's limits; the weights were tuned on
    numbers composed from pendigits-train (``benchmarks/bench_numbers.py --tune``)."""

    split_gap: float = 0.16  # parts this far apart (in digit heights) are never one digit
    dot: float = 0.12  # a part smaller than this (in digit heights) is a dot, not read
    max_parts: int = 3  # parts in one digit at most
    max_width: float = 1.8  # a digit is at most this many heights wide
    per_digit: float = 0.43  # added for each digit: two confident digits beat one merged read
    short: float = 15.0  # penalty per height below short_below (bars and flags alone are short)
    short_below: float = 0.79
    wide: float = 1.5  # penalty per height above wide_above
    wide_above: float = 0.7
    overlap: float = 7.3  # penalty per height of one digit reaching into the next beyond overlap_free
    overlap_free: float = 0.0
    cut: float = 1.0  # against cutting a picture's ink between two digits, per stroke's worth of ink cut


PRIOR = Prior()
# Pictures: the parts are blobs of ink and the pieces cut from them, not strokes;
# pieces cut along a slant reach into each other, so overlap is no sign there.
PICTURE_PRIOR = Prior(
    split_gap=0.12, max_parts=4, per_digit=0.428, short=12.459, short_below=0.9, wide=1.433, wide_above=0.702,
    overlap=0.0, overlap_free=0.034, cut=0.96,
)
HOPELESS = 5.0  # a penalty no digit's reading makes up for (a log-probability ratio of e^5)


@dataclass(frozen=True)
class NumberDigit:
    """One digit of a number: its reading (the ten bars, what the model saw, whether
    the model is sure), and where it is."""

    reading: Reading
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the input's coordinates

    @property
    def digit(self) -> int | None:
        """The digit read; None when the model turned the group away as not a digit."""
        return self.reading.digit

    @property
    def confidence(self) -> float:
        return self.reading.confidence or 0.0

    def to_dict(self) -> dict:
        return {"digit": self.digit, "confidence": round(self.confidence, 5), "box": [round(v, 1) for v in self.box]}


@dataclass
class NumberReading:
    """A written number as read: its digits left to right, or why there is no number."""

    source: str = ""
    digits: list[NumberDigit] = field(default_factory=list)
    reason: str | None = None  # why no number was read
    error: str | None = None  # the input could not be read at all
    milliseconds: float | None = None  # preparing and reading the input

    @property
    def number(self) -> str | None:
        if self.error is not None or self.reason is not None or not self.digits:
            return None
        return "".join(str(d.digit) for d in self.digits)

    def to_dict(self) -> dict:
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        record: dict = {"source": self.source, "number": self.number}
        if self.number is None:
            record["reason"] = self.reason
        record["digits"] = [digit.to_dict() for digit in self.digits]
        return record

    def describe(self) -> str:
        """One line for the terminal: ``SOURCE: 4217 (least sure digit 97.1%)``."""
        if self.error is not None:
            return f"{self.source}: error: {self.error}"
        if self.number is None:
            return f"{self.source}: no number ({self.reason})"
        sure = min(d.confidence for d in self.digits)
        return f"{self.source}: {self.number} (least sure digit {sure:.1%})"


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

    reading = _read_parts(classifier, boxes, render, source, prior)
    reading.milliseconds = (time.perf_counter() - started) * 1000
    return reading


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
    picture that cannot be decoded gives a reading with ``error``."""
    started = time.perf_counter()
    if source is None:
        source = str(image) if isinstance(image, (str, os.PathLike)) else "image"
    try:
        original = preprocess.open_image(image)
        original_size = _upright_size(original)  # before load_image shrinks it
        picture = preprocess.load_image(original)
        ink = preprocess.picture_ink(picture)
    except ImageError as error:
        return NumberReading(source, error=str(error))
    reading = read_ink(classifier, ink, source, prior)
    # Boxes in the original picture's pixels, not the working copy's.
    sx, sy = original_size[0] / picture.width, original_size[1] / picture.height
    reading.digits = [
        NumberDigit(d.reading, (d.box[0] * sx, d.box[1] * sy, d.box[2] * sx, d.box[3] * sy)) for d in reading.digits
    ]
    reading.milliseconds = (time.perf_counter() - started) * 1000
    return reading


def read_ink(
    classifier: Classifier, ink: np.ndarray | None, source: str = "", prior: Prior = PICTURE_PRIOR
) -> NumberReading:
    """Read a number in a picture's ink (from :func:`preprocess.picture_ink`: white
    on black in 0-1, perhaps edited since, as the window's eraser does); the boxes
    are in the ink's pixels. None, or ink with nothing in it, reads no number."""
    started = time.perf_counter()
    parts = picture_parts(ink)
    if parts is None:
        return NumberReading(source, reason="The image is blank: no number found.")
    reading = _read_parts(classifier, parts.boxes, parts.render, source, prior, parts.joins)
    reading.milliseconds = (time.perf_counter() - started) * 1000
    return reading


def picture_parts(ink: np.ndarray | None) -> number_picture.PictureParts | None:
    """A picture's ink (from :func:`preprocess.picture_ink`) as parts to group; None when there is none."""
    blobs = number_picture.find_blobs(ink) if ink is not None else None
    if blobs is None:
        return None
    return number_picture.cut_blobs(blobs, _reference_height(blobs.boxes))


def _upright_size(picture: Image.Image) -> tuple[int, int]:
    """A picture's width and height once its EXIF orientation is applied."""
    width, height = picture.size
    try:
        turned = picture.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # rotated by 90 degrees
    except (OSError, ValueError, SyntaxError):
        turned = False
    return (height, width) if turned else (width, height)


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


@dataclass
class Candidates:
    """Every plausible digit of a drawing or picture: runs of parts that may be
    one digit, and, for those read so far, what the classifier made of them."""

    boxes: np.ndarray  # the parts' boxes, left to right (dots left out)
    height: float  # a digit's height here
    plausible: dict[Group, tuple[float, float, float, float]]  # the groups that may be a digit, and their boxes
    cuts: dict[Group, float]  # strokes' worth of ink cut to free a group from the ink it touches (pictures)
    render: Callable[[Sequence[int]], np.ndarray | None]  # part indices (as given) to the model's input
    order: np.ndarray  # the given index of each part, left to right
    # group: (ten digit probabilities, the probability it is not a digit, whether the
    # model turns it away, pixels), or None when there was nothing to read
    table: dict[Group, tuple[np.ndarray, float, bool, np.ndarray] | None] = field(default_factory=dict)

    def read(self, classifier: Classifier, groups: Sequence[Group]) -> None:
        """Render and read ``groups`` (each once), in one batch. Raises
        :class:`classifier.ModelError` when the model fails when it is run."""
        images, keys = [], []
        for group in groups:
            if group in self.table:
                continue
            pixels = self.render(self.order[group[0] : group[1]].tolist())
            if pixels is None:
                self.table[group] = None
            else:
                images.append(pixels)
                keys.append(group)
        if images:
            digits, not_digit = classifier.read_batch(np.stack(images))
            rejected = classifier.rejects(not_digit)
            for index, (key, pixels) in enumerate(zip(keys, images)):
                self.table[key] = (digits[index], float(not_digit[index]), bool(rejected[index]), pixels)


def find_candidates(
    boxes: np.ndarray,
    render: Callable[[Sequence[int]], np.ndarray | None],
    prior: Prior = PRIOR,
    joins: Sequence[tuple[int, int, float]] = (),
) -> Candidates | str:
    """The plausible groups of parts (given by their boxes; ``render`` turns a list
    of part indices into the model's input), none read yet; a reason instead when
    there is nothing to read. ``joins`` are, for a picture, the cuts made between
    pieces of one blob of ink: (part, part, the strokes' worth of ink cut)."""
    sizes = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    if sizes.max() <= 0:
        return "Only a dot: write a number."
    height = _reference_height(boxes)
    if height <= 0:
        height = float(sizes.max())
    kept = np.flatnonzero(sizes >= prior.dot * height)
    if not len(kept):
        return "Only dots: write a number."
    order = kept[np.argsort((boxes[kept, 0] + boxes[kept, 2]) / 2, kind="stable")]
    ordered = boxes[order]
    # A part so short that its penalty alone (HOPELESS) outweighs anything a
    # reading can gain is not a digit on its own when it has neighbours to join.
    too_short = (prior.short_below - HOPELESS / prior.short) * height if prior.short > 0 else -math.inf
    plausible = {}
    for first, stop in _segments(ordered, height, prior.split_gap):
        for start in range(first, stop):
            for end in range(start + 1, min(stop, start + prior.max_parts) + 1):
                box = _box(ordered[start:end])
                if end > start + 1 and box[2] - box[0] > prior.max_width * height:
                    break
                if end == start + 1 and stop - first > 1 and box[3] - box[1] < too_short:
                    continue
                plausible[(start, end)] = box
    # A cut is paid for when its two sides end in different digits, half by each.
    position = {int(part): index for index, part in enumerate(order)}
    cuts: dict[Group, float] = {}
    for a, b, cost in joins:
        if a in position and b in position:
            for group in plausible:
                if (group[0] <= position[a] < group[1]) != (group[0] <= position[b] < group[1]):
                    cuts[group] = cuts.get(group, 0.0) + cost / 2
    return Candidates(ordered, height, plausible, cuts, render, order)


def choose_groups(candidates: Candidates, prior: Prior = PRIOR) -> list[Group]:
    """The best grouping of the parts into digits, left to right. A group not read
    yet counts as the likeliest reading possible (a probability of 1): if such a
    group is in the answer, read it and choose again (see :func:`best_groups`)."""
    groups: list[Group] = []
    for first, stop in _segments(candidates.boxes, candidates.height, prior.split_gap):
        groups += _best_grouping(first, stop, candidates, prior)
    return groups


def best_groups(candidates: Candidates, prior: Prior, read: Callable[[Sequence[Group]], None]) -> list[Group]:
    """The best grouping, reading (through ``read``) only the groups that could
    still be part of it. The answer is the one reading every plausible group
    would give, since a group not read is scored as well as any reading could
    make it: most alternatives lose on their shape alone and are never read."""
    while True:
        groups = choose_groups(candidates, prior)
        missing = [group for group in groups if group not in candidates.table]
        if not missing:
            return [group for group in groups if candidates.table[group] is not None]
        read(missing)


def _read_parts(
    classifier: Classifier,
    boxes: np.ndarray,
    render: Callable[[Sequence[int]], np.ndarray | None],
    source: str,
    prior: Prior,
    joins: Sequence[tuple[int, int, float]] = (),
) -> NumberReading:
    """Group parts (given by their boxes) into digits and read them."""
    from .classifier import ModelError  # loaded already: the classifier came from there

    candidates = find_candidates(boxes, render, prior, joins)
    if isinstance(candidates, str):
        return NumberReading(source, reason=candidates)
    try:
        groups = best_groups(candidates, prior, lambda groups: candidates.read(classifier, groups))
    except ModelError as error:
        return NumberReading(source, error=f"The model could not read this. {error}")
    digits = []
    for group in groups:
        probabilities, not_digit, rejected, pixels = candidates.table[group]
        reading = Reading(
            source,
            tuple(float(p) for p in probabilities),
            pixels,
            reason=NOT_A_DIGIT if rejected else None,
            not_digit=not_digit if classifier.outputs > DIGITS else None,
            is_digit=not rejected,
        )
        digits.append(NumberDigit(reading, candidates.plausible[group]))
    if not digits:
        return NumberReading(source, reason="Only dots: write a number.")
    reading = NumberReading(source, digits)
    strangers = [str(i + 1) for i, d in enumerate(digits) if d.digit is None]
    if strangers:
        if len(strangers) == 1:
            reading.reason = f"Mark {strangers[0]} (counting from the left) is not a digit."
        else:
            reading.reason = f"Marks {', '.join(strangers)} (counting from the left) are not digits."
    return reading


def _segments(boxes: np.ndarray, height: float, split_gap: float) -> list[Group]:
    """Runs of parts (in left-to-right order) with no clear gap inside them: a
    gap wider than ``split_gap`` heights between everything on its left and
    everything on its right always separates two digits."""
    reach = np.maximum.accumulate(boxes[:, 2])  # the right edge of everything so far
    start_after = np.minimum.accumulate(boxes[::-1, 0])[::-1]  # the left edge of everything after
    segments, first = [], 0
    for i in range(len(boxes) - 1):
        if start_after[i + 1] - reach[i] > split_gap * height:
            segments.append((first, i + 1))
            first = i + 1
    segments.append((first, len(boxes)))
    return segments


def _box(boxes: np.ndarray) -> tuple[float, float, float, float]:
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
        # The probability of being its likeliest digit: a group the model calls
        # "not a digit" (a bar, a flag, two digits at once) is evidence against it.
        likeliest = math.log(max(float(np.max(entry[0])) * (1.0 - entry[1]), 1e-9))
    height = candidates.height
    x0, y0, x1, y1 = candidates.plausible[key]
    width, tall = x1 - x0, y1 - y0
    score = likeliest + prior.per_digit
    score -= prior.short * max(0.0, prior.short_below - tall / height)
    score -= prior.wide * max(0.0, width / height - prior.wide_above)
    return score - prior.cut * candidates.cuts.get(key, 0.0)


def _pair_score(left: Group, right: Group, candidates: Candidates, prior: Prior) -> float:
    """Against two neighbouring groups whose boxes reach into each other."""
    height = candidates.height
    a, b = candidates.plausible[left], candidates.plausible[right]
    reach = min(a[2], b[2]) - max(a[0], b[0])
    # How deep the left one reaches past the right one's start (or the reverse, for
    # a part that lies inside the other), in digit heights.
    depth = max(a[2] - b[0], 0.0) if a[0] <= b[0] else reach
    return -prior.overlap * max(0.0, depth / height - prior.overlap_free)


def _best_grouping(first: int, stop: int, candidates: Candidates, prior: Prior) -> list[Group]:
    """The best split of parts first..stop into consecutive groups (a small dynamic programme:
    the state is the last group, because neighbouring groups score as a pair)."""
    plausible = candidates.plausible
    if stop - first == 1:
        return [(first, stop)] if (first, stop) in plausible else []
    # best[(start, end)]: the best score of parts first..end whose last group is start..end.
    best: dict[Group, tuple[float, Group | None]] = {}
    for end in range(first + 1, stop + 1):
        for start in range(max(first, end - prior.max_parts), end):
            own = _group_score((start, end), candidates, prior)
            if own == -math.inf:
                continue
            if start == first:
                best[(start, end)] = (own, None)
                continue
            options = [
                (score + own + _pair_score(previous, (start, end), candidates, prior), previous)
                for previous, (score, _) in best.items()
                if previous[1] == start
            ]
            if options:
                best[(start, end)] = max(options, key=lambda option: option[0])
    finals = [(score, key) for key, (score, _) in best.items() if key[1] == stop]
    if not finals:  # no grouping covers every part (some cannot be read): keep the parts that can
        return [
            (i, i + 1) for i in range(first, stop) if (i, i + 1) in plausible and candidates.table.get((i, i + 1), 0) is not None
        ]
    key: Group | None = max(finals)[1]
    groups = []
    while key is not None:
        groups.append(key)
        key = best[key][1]
    return groups[::-1]
