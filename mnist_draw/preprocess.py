"""Turn a drawing or a picture into the 28x28 image the model reads, the MNIST way.

MNIST digits are white on black, scaled to fit a 20x20 box with their aspect
ratio kept, anti-aliased, and placed in a 28x28 field so that their centre of
mass sits at pixel (14, 14). Everything a user gives the app goes through the
same final step, :func:`fit_to_mnist`, so the canvas, the command line, training
on the user's own samples and the tests all see digits prepared one way.

Pure functions of numpy and Pillow: no Qt, no TensorFlow.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import struct
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence, Union

import numpy as np
from PIL import ExifTags, Image, ImageDraw, ImageOps, UnidentifiedImageError

from . import safe_files
from .close_up import (
    CLOSE_SIDE,
    LONE_TRIES,
    TURNS,
    CloseUp,
    number_region_to_read,
    region_to_read,
    smallest_digit,
    smallest_lone_digit,
    small_marks,
    smallest_number_digit,
    stored_region,
)
from .ink_shape import is_blot, is_frame, is_one_stroke, is_pattern, stroke_width
from .descreen import without_screen_grid
from .device_strokes import as_drawn
from .frames import Frames, count_frames
from .paper import SMALLEST_DIGIT, PaperInk, digit_in_ink, find_ink
from .paper_brightness import ink_brightness, square_extreme
from .stroke_shape import letter_shape
from .stroke_slant import upright
from .wording import Refusal

# Bump when a change alters what the model sees so that a model trained before reads
# worse; the model card records it so such a model can be recognised, and the user
# is asked to retrain it. Setting far-leaning writing up (stroke_slant) changed what
# the model sees and was not bumped: the bundled model, trained before, reads better with it.
PREPROCESSING_VERSION = 1

SIDE = 28  # the model's input is SIDE x SIDE
BOX = 20  # MNIST fits every digit in a BOX x BOX square
CENTRE = 14.0  # MNIST's mean centre of mass, measured on its test set (row, column)

# Strokes are rasterised SUPERSAMPLE times larger than the 20x20 box and then
# area-averaged down, which anti-aliases them the way MNIST's digits are.
SUPERSAMPLE = 4
# Width of a model-side stroke as a fraction of the digit's larger side. Chosen so
# that pen-drawn digits carry about as much ink per class as MNIST's do.
STROKE_FRACTION = 0.13

# Images larger than this are refused before decoding (a decompression bomb
# guard); they are downscaled to WORK_SIDE on load, which is plenty for a digit.
MAX_PIXELS = 64_000_000
MAX_FILE_BYTES = 256 << 20
WORK_SIDE = 384

# A picture's strokes are left alone while their width, as a fraction of the
# digit's larger side, lies in WIDTH_RANGE (wider than MNIST's 1st to 99th percentile
# as ink_shape.stroke_width measures it on MNIST-train; its median is 0.128, the
# stroke path's 0.131); outside it they are redrawn at NORMAL_SIDE pixels with a
# width of WIDTH_AIM's nearer end.
WIDTH_RANGE = (0.075, 0.28)
WIDTH_AIM = (0.10, 0.22)
NORMAL_SIDE = 80
# A mark whose larger side is below this fraction of the canvas is a dot (in a picture:
# paper.SMALLEST_DIGIT of its side, less in a large one: close_up.smallest_digit).
MIN_EXTENT_FRACTION = 0.04
# Strokes smaller than this in their own unit are a dot whatever the canvas, and
# points farther than MAX_COORDINATE from the origin are not a drawing.
MIN_EXTENT = 1e-6
ONLY_A_DOT = "Only a dot: draw a whole digit."
# A picture's mark that is a filled blot (ink_shape.is_blot), which the model would read as
# a 0: a dot when it is under DOT_SIZED of the picture's side (an i's dot), else a blot.
ONLY_A_BLOT = "Only a blot of ink: no digit found in the image."
ONLY_A_DOT_IN_IMAGE = "Only a dot: no digit found in the image."
# A picture whose mark is a pattern (ink_shape.is_pattern: hatching, a weave, print),
# which the model would read as a confident 8 or 0; or that is pixel noise all over
# (paper_brightness.is_pixel_noise: salt and pepper, static), read as a confident anything.
ONLY_A_PATTERN = "Only a pattern (lines, hatching, a weave, print or noise): no digit found in the image."
# A picture whose mark is an empty printed box or frame (ink_shape.is_frame), which the model
# read as a 0 and the window took for several digits; number mode says so too (number.ONLY_A_BOX).
ONLY_A_BOX = "Only an empty box or frame: no digit found in the image."
# Ink found only with a number's smaller floor (close_up.smallest_number_digit): the window
# shows it, so "blank" or "a dot" would be untrue; number mode reads writing this small.
SMALL_WRITING = "The marks found are too small to read as one digit: read them as a number, or crop the picture round one digit."
TOO_SMALL_IMAGE = "The image is too small to hold a digit."
# A strip (3000 x 3 pixels, a line cut from a page) narrower than the smallest digit read in a picture
# its length: "too small" was untrue of a picture 3,000 pixels long, and "blank" of one with a line along it.
TOO_THIN_IMAGE = "The image is a thin strip, too thin to hold a digit."
BLANK_IMAGE = "The image is blank: no digit found."
# Why a picture holds no digit at all (SMALL_WRITING aside: marks are found there, to read as a number).
NO_DIGIT_IN_PICTURE = (TOO_SMALL_IMAGE, TOO_THIN_IMAGE, BLANK_IMAGE, ONLY_A_DOT_IN_IMAGE, ONLY_A_BLOT, ONLY_A_PATTERN, ONLY_A_BOX)
DOT_SIZED = 0.15
MAX_COORDINATE = 1e7

Point = Sequence[float]  # (x, y) or (x, y, pressure)
Stroke = Sequence[Point]
ImageSource = Union[str, os.PathLike, bytes, bytearray, Image.Image, np.ndarray]


class ImageError(Refusal, ValueError):
    """An input could not be read as an image, in words for the user: what happened, then
    what to do (see :class:`mnist_draw.wording.Refusal`)."""


@dataclass(frozen=True)
class ModelInput:
    """What the model should read: a 28x28 float32 image in 0-1, white on black.

    ``pixels`` is None when there is nothing to read (an empty canvas, a blank
    picture, a lone dot); ``reason`` then says which, in words for the user.
    ``letter_shape``: the drawing's own strokes say it is no digit (a dot above the
    rest: an i, a j; a bar on a stem: a T; a tail across a ring: a Q), whatever the model reads in ``pixels``;
    in words for the user (:func:`mnist_draw.stroke_shape.letter_shape`).
    """

    pixels: np.ndarray | None
    reason: str | None = None
    letter_shape: str | None = None

    @property
    def not_a_digit(self) -> bool:
        return self.letter_shape is not None

    @property
    def is_blank(self) -> bool:
        return self.pixels is None

    @classmethod
    def blank(cls, reason: str) -> "ModelInput":
        return cls(None, reason)


# --- the shared final step ---------------------------------------------------


def fit_to_mnist(ink: np.ndarray) -> np.ndarray:
    """Crop white-on-black ``ink`` (float, 0-1) to its bounding box, fit it into
    20x20 keeping the aspect ratio, and centre it by mass in 28x28."""
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    cropped = np.ascontiguousarray(ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1], dtype=np.float32)
    height, width = cropped.shape
    scale = BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # BOX resampling is an exact area average: the anti-aliasing MNIST's own
    # normalisation applied, with no ringing around strokes.
    small = np.asarray(Image.fromarray(cropped, mode="F").resize(size, Image.Resampling.BOX))
    small = np.clip(small, 0.0, 1.0)
    return _place_by_centre_of_mass(small)


def _place_by_centre_of_mass(small: np.ndarray) -> np.ndarray:
    out = np.zeros((SIDE, SIDE), dtype=np.float32)
    height, width = small.shape
    mass = float(small.sum())
    if mass <= 0:
        return out
    row_centre = float(small.sum(axis=1) @ np.arange(height)) / mass
    col_centre = float(small.sum(axis=0) @ np.arange(width)) / mass
    top = int(round(CENTRE - row_centre))
    left = int(round(CENTRE - col_centre))
    # Clip the paste to the field: a lopsided digit may shift a little past it.
    src_top, src_left = max(0, -top), max(0, -left)
    dst_top, dst_left = max(0, top), max(0, left)
    rows = min(height - src_top, SIDE - dst_top)
    cols = min(width - src_left, SIDE - dst_left)
    out[dst_top : dst_top + rows, dst_left : dst_left + cols] = small[src_top : src_top + rows, src_left : src_left + cols]
    return out


# --- strokes -----------------------------------------------------------------


def clean_strokes(strokes: Sequence[Stroke]) -> list[np.ndarray]:
    """Each stroke as an (n, 2) float array of its finite points; empty strokes dropped."""
    cleaned = []
    for stroke in strokes:
        try:
            array = np.asarray(stroke, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            continue  # ragged, non-numeric or enormous points: not a stroke
        if array.ndim != 2 or array.shape[1] < 2 or len(array) == 0:
            continue
        points = array[:, :2]
        points = points[np.isfinite(points).all(axis=1)]
        if len(points):
            cleaned.append(points)
    return cleaned


def strokes_to_input(strokes: Sequence[Stroke], canvas_size: float | None = None) -> ModelInput:
    """Rasterise strokes (points in any unit, y down) into the model's 28x28 input.

    The stroke width is a fixed fraction of the digit's size, so the brush size,
    the pen pressure and the canvas's scale never change what the model sees.
    ``canvas_size`` (the canvas's side, in the strokes' units) lets a tiny mark
    on a large canvas count as a dot rather than a digit. What a device adds that
    the hand did not draw (a tap beside the digit) is left out first:
    :func:`mnist_draw.device_strokes.as_drawn`; writing leaning past what the model
    learned is set up again (:func:`mnist_draw.stroke_slant.upright`).
    """
    cleaned = clean_strokes(strokes)
    if not cleaned:
        return ModelInput.blank("Nothing drawn yet.")
    everything = np.concatenate(cleaned)
    if not np.all(np.abs(everything) <= MAX_COORDINATE):
        return ModelInput.blank("The drawing's points lie out of range: nothing to read.")
    if _is_a_dot(everything, canvas_size):
        return ModelInput.blank(ONLY_A_DOT)
    drawn = as_drawn(cleaned)
    everything = np.concatenate(drawn)
    if _is_a_dot(everything, canvas_size):  # what is left once taps are left out
        return ModelInput.blank(ONLY_A_DOT)
    # Writing leaning past what the model learned is set up again, as far as training's slants reach.
    drawn = upright(drawn)
    everything = np.concatenate(drawn)
    low = everything.min(axis=0)
    pixels = fit_to_mnist(render_strokes(drawn, low, float((everything.max(axis=0) - low).max())))
    # The letters' shapes are looked for in the strokes as given: an i's dot lies apart as a tap does.
    return ModelInput(pixels, letter_shape=letter_shape(cleaned))


def is_only_a_dot(strokes: Sequence[Stroke], canvas_size: float | None = None) -> bool:
    """Whether strokes make only a dot (a click) by the rule :func:`strokes_to_input`
    reads them with: the same rule for strokes drawn over a picture."""
    cleaned = clean_strokes(strokes)
    return bool(cleaned) and (
        _is_a_dot(np.concatenate(cleaned), canvas_size) or _is_a_dot(np.concatenate(as_drawn(cleaned)), canvas_size)
    )


def letter_shape_of(strokes: Sequence[Stroke]) -> str | None:
    """What makes strokes a letter's (a dot above the rest, a bar on a stem, a tail across
    a ring), by the rules :func:`strokes_to_input` reads them with, or None: the same rules
    for strokes drawn over a picture none of whose ink is left."""
    return letter_shape(clean_strokes(strokes))


def _is_a_dot(points: np.ndarray, canvas_size: float | None) -> bool:
    extent = float((points.max(axis=0) - points.min(axis=0)).max())
    # An extent lost in rounding (5e-324, or a millionth of a unit far from the
    # origin) is a dot too: scaling it up would overflow.
    floor = max((canvas_size or 0.0) * MIN_EXTENT_FRACTION, MIN_EXTENT, float(np.abs(points).max()) * 1e-9)
    return not extent >= floor


def render_strokes(strokes: list[np.ndarray], origin: np.ndarray, extent: float) -> np.ndarray:
    """Draw strokes at a width proportional to ``extent``, the digit's larger side.

    The drawing is SUPERSAMPLE times the 20x20 box, so :func:`fit_to_mnist`'s
    area-average brings it down anti-aliased.
    """
    side = BOX * SUPERSAMPLE
    width = STROKE_FRACTION * side
    scale = (side - width) / extent
    margin = width / 2 + 1
    canvas_side = int(math.ceil(side + 2))
    picture = Image.new("L", (canvas_side, canvas_side), 0)
    draw = ImageDraw.Draw(picture)
    for stroke in strokes:
        _draw_stroke(draw, (stroke - origin) * scale + margin, width)
    return np.asarray(picture, dtype=np.float32) / 255.0


def _draw_stroke(draw: ImageDraw.ImageDraw, points: np.ndarray, width: float) -> None:
    """One stroke of (n, 2) points, ``width`` wide, with round joints and caps."""
    # Thousands of mouse samples per stroke add nothing at this resolution.
    keep = np.ones(len(points), dtype=bool)
    rounded = np.round(points * 2)
    keep[1:] = (np.diff(rounded, axis=0) != 0).any(axis=1)
    points = points[keep]
    if len(points) > 1:
        draw.line(points.ravel().tolist(), fill=255, width=max(1, round(width)))
    # A disc at every vertex rounds the joints and caps (and is the whole of a
    # one-point stroke); Pillow's own joint="curve" is several times slower.
    radius = width / 2
    for x, y in points.tolist():
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)


def ink_with_strokes(ink: np.ndarray, strokes: Sequence[Stroke], widths: Sequence[float]) -> np.ndarray:
    """A picture's ink (white on black in 0-1, as :attr:`PaperInk.ink`) with strokes
    drawn into it, so the two are read as one drawing by :func:`read_ink` or
    :func:`mnist_draw.number.read_ink` (the window's pen over an opened picture).

    The points are in the ink's pixels (x, y; a pixel spans one unit, its centre
    at the half), each stroke ``widths[i]`` pixels wide: given the width of the
    picture's own strokes (:attr:`PaperInk.pen_width`), what is added is the
    same pen, and the stroke width normalisation and :func:`fit_to_mnist` treat
    the whole as one digit. Strokes are drawn SUPERSAMPLE times finer and
    area-averaged (each pixel its block's share of ink, rounded to 1/255), so
    their edges are soft as the picture's are; where they
    cross the picture's ink the stronger of the two counts. Whatever lies
    outside the ink's field is left out, as it is of the picture.
    A :class:`StrokesOverInk` gives the same, keeping the strokes between calls.
    """
    return StrokesOverInk().drawn_into(ink, strokes, widths)


class StrokesOverInk:
    """Strokes drawn into a picture's ink as :func:`ink_with_strokes` draws them, kept
    from one call to the next: the window reads the picture at every pen move and
    every move of the eraser, and drawing hundreds of strokes afresh each time costs
    far more than the reading.

    Strokes are drawn SUPERSAMPLE times finer, all in one colour, so what they make
    is the union of their pixels whatever their order. For each fine pixel the count
    of strokes covering it is kept, and the strokes' ink area-averaged to the ink's
    pixels. A stroke given that the last call did not give is drawn and counted; one
    the last call gave that this one does not (undone, cut by the eraser into pieces
    that are new strokes, cleared) is drawn again on a blank canvas and uncounted;
    only the ink's pixels under the strokes changed are averaged again. The others
    are left alone, so an eraser's move costs the strokes it cuts, not all of them.
    The last stroke is drawn apart, not counted, since it is the one still growing
    while the pen moves. When most strokes changed, or the field is another size,
    it all starts again from scratch.

    The answer is the same either way, pixel for pixel, as long as a stroke given is
    not changed in place afterwards: the same object (or, in the same place in the
    order, an equal one) is taken to be the same stroke (the window gives tuples, so
    a grown stroke is a new one). One instance may be used from several threads:
    calls take turns.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._shape: tuple[int, int] | None = None
        self._drawn: list[_Placed] = []  # the strokes counted in ``_cover``, as given
        self._cover: np.ndarray | None = None  # per fine pixel, how many of them cover it
        self._strokes_ink: np.ndarray | None = None  # they, area-averaged to the ink's pixels (0-255)
        self._blank: Image.Image | None = None  # a fine canvas, blank between strokes: one is drawn on it at a time
        self._box: tuple[int, int, int, int] | None = None  # the ink's pixels they reach: left, top, right, bottom

    def drawn_into(self, ink: np.ndarray, strokes: Sequence[Stroke], widths: Sequence[float]) -> np.ndarray:
        """``ink`` with ``strokes`` drawn in, each ``widths[i]`` pixels wide (see :func:`ink_with_strokes`)."""
        ink = np.asarray(ink, dtype=np.float32)
        given = list(zip(strokes, widths))
        with self._lock:
            try:
                if ink.shape != self._shape:
                    self._start(ink.shape)
                self._settle(given[:-1])
                box = self._box
                last = self._placed(*given[-1]) if given else None
                if last is not None and last.box is not None:
                    box = _union(box, last.box)
                if box is None:
                    return ink
                left, top, right, bottom = box
                assert self._strokes_ink is not None and self._cover is not None
                strokes_ink = self._strokes_ink[top:bottom, left:right].copy()
                if last is not None and last.box is not None:
                    # Drawn apart: its pixels joined to the counted strokes' where it lies.
                    last_left, last_top, last_right, last_bottom = last.box
                    fine = self._fine_box(last.box)
                    pixels = (self._cover[fine] > 0) | self._pixels_of(last)
                    strokes_ink[last_top - top : last_bottom - top, last_left - left : last_right - left] = _area_average(pixels)
            except BaseException:
                # A stroke Pillow refuses (a pen billions of pixels wide) stops a change part
                # way, some counts changed and the blank canvas perhaps marked: start afresh.
                self._shape, self._blank = None, None
                raise
        combined = ink.copy()
        combined[top:bottom, left:right] = np.maximum(
            combined[top:bottom, left:right], strokes_ink.astype(np.float32) / 255.0
        )
        return combined

    def _start(self, shape: tuple[int, int]) -> None:
        height, width = shape
        self._shape, self._drawn, self._box = shape, [], None
        self._cover = np.zeros((height * SUPERSAMPLE, width * SUPERSAMPLE), dtype=np.uint16)
        self._strokes_ink = np.zeros(shape, dtype=np.uint8)
        if self._blank is None or self._blank.size != (width * SUPERSAMPLE, height * SUPERSAMPLE):
            self._blank = Image.new("L", (width * SUPERSAMPLE, height * SUPERSAMPLE), 0)

    def _settle(self, given: list[tuple[Stroke, float]]) -> None:
        """Count exactly the strokes ``given``: the ones counted already stay, the others
        are uncounted, the new ones counted, and the ink's pixels they touch averaged again."""
        drawn = self._drawn
        same = 0  # the strokes given in the same place as before, as the pen adds strokes at the end
        while same < min(len(given), len(drawn)) and drawn[same].is_(*given[same]):
            same += 1
        if same == len(drawn) == len(given):
            return
        # Beyond that, the same objects wherever they are: the eraser cuts strokes anywhere,
        # and an undo gives back the ones it had cut.
        waiting: dict[int, list[_Placed]] = {}
        for placed in drawn[same:]:
            waiting.setdefault(id(placed.stroke), []).append(placed)
        kept: list[_Placed] = drawn[:same]
        added: list[_Placed] = []
        for stroke, pen in given[same:]:
            match = next((placed for placed in waiting.get(id(stroke), ()) if placed.pen == pen), None)
            if match is not None:
                waiting[id(stroke)].remove(match)
                kept.append(match)
            else:
                placed = self._placed(stroke, pen)
                kept.append(placed)
                added.append(placed)
        removed = [placed for left in waiting.values() for placed in left]
        if len(removed) > len(kept) - len(added):  # most changed: drawing afresh costs less
            assert self._shape is not None
            self._start(self._shape)
            removed, added = [], kept
        assert self._cover is not None
        if len(kept) >= np.iinfo(self._cover.dtype).max:
            self._cover = self._cover.astype(np.uint32)  # that many strokes may all cover one pixel
        changed = None
        for placed, count in [(placed, -1) for placed in removed] + [(placed, 1) for placed in added]:
            if placed.box is not None:
                self._count(placed, count)
                changed = _union(changed, placed.box)
        self._drawn = kept
        if removed:
            self._box = None
            for placed in kept:
                self._box = _union(self._box, placed.box)
        else:
            self._box = _union(self._box, changed)
        if changed is not None:
            left, top, right, bottom = changed
            assert self._strokes_ink is not None and self._cover is not None
            self._strokes_ink[top:bottom, left:right] = _area_average(self._cover[self._fine_box(changed)] > 0)

    def _count(self, placed: _Placed, count: int) -> None:
        """Add one stroke's fine pixels to the counts (``count`` 1), or take them away (-1)."""
        assert self._cover is not None and placed.box is not None
        fine = self._fine_box(placed.box)
        pixels = self._pixels_of(placed)
        if count > 0:
            self._cover[fine] += pixels
        else:
            self._cover[fine] -= pixels

    def _pixels_of(self, placed: _Placed) -> np.ndarray:
        """The fine pixels one stroke covers, over its box: drawn where it lies on the whole fine
        canvas, so they are the same pixels every time, then the canvas is made blank again."""
        assert self._blank is not None and placed.box is not None and placed.points is not None
        # Pillow puts a pixel's centre on its integer coordinate.
        _draw_stroke(ImageDraw.Draw(self._blank), placed.points * SUPERSAMPLE - 0.5, placed.pen * SUPERSAMPLE)
        box = tuple(side * SUPERSAMPLE for side in placed.box)
        pixels = np.asarray(self._blank.crop(box)) > 0
        self._blank.paste(0, box)
        return pixels

    @staticmethod
    def _fine_box(box: tuple[int, int, int, int]) -> tuple[slice, slice]:
        left, top, right, bottom = (side * SUPERSAMPLE for side in box)
        return slice(top, bottom), slice(left, right)

    def _placed(self, stroke: Stroke, pen: float) -> _Placed:
        """One stroke as given, with the ink's pixels it reaches (None: it is not drawn)."""
        assert self._shape is not None
        cleaned = clean_strokes([stroke])
        if not cleaned or not (math.isfinite(pen) and pen > 0) or not np.all(np.abs(cleaned[0]) <= MAX_COORDINATE):
            return _Placed(stroke, pen, None, None)
        points, width = cleaned[0], float(pen)
        height, field_width = self._shape
        # The stroke's whole ink, caps included, lies within this box.
        reach = width / 2 + 1
        left = max(0, int(math.floor(float(points[:, 0].min()) - reach)))
        top = max(0, int(math.floor(float(points[:, 1].min()) - reach)))
        right = min(field_width, int(math.ceil(float(points[:, 0].max()) + reach)))
        bottom = min(height, int(math.ceil(float(points[:, 1].max()) + reach)))
        if right <= left or bottom <= top:
            return _Placed(stroke, pen, None, None)  # wholly outside the field
        return _Placed(stroke, pen, points, (left, top, right, bottom))


@dataclass(frozen=True, eq=False)
class _Placed:
    """A stroke as given to :class:`StrokesOverInk`, its points cleaned and the ink's pixels it reaches."""

    stroke: Stroke
    pen: float
    points: np.ndarray | None  # None: nothing of it is drawn
    box: tuple[int, int, int, int] | None

    def is_(self, stroke: Stroke, pen: float) -> bool:
        return pen == self.pen and _same(stroke, self.stroke)


def _area_average(pixels: np.ndarray) -> np.ndarray:
    """Fine pixels (True: ink) area-averaged SUPERSAMPLE to one, as 0-255: the soft edge
    strokes drawn over a picture get. Each of the ink's pixels is its own block's share
    of ink, rounded once, so any part of the field gives what the whole would there
    (Pillow's BOX resize rounds after each of its two passes, in an order it picks by
    the image's size, so a part of the field could differ from the whole by one level)."""
    covered = pixels.view(np.uint8)
    rows = covered[0::SUPERSAMPLE].copy()
    for row in range(1, SUPERSAMPLE):
        rows += covered[row::SUPERSAMPLE]
    blocks = rows[:, 0::SUPERSAMPLE].copy()
    for column in range(1, SUPERSAMPLE):
        blocks += rows[:, column::SUPERSAMPLE]
    return _SHARE_OF_INK[blocks]


# A block of SUPERSAMPLE x SUPERSAMPLE fine pixels with n of them ink, as 0-255 (halves rounded up).
_SHARE_OF_INK = ((np.arange(SUPERSAMPLE**2 + 1) * 255 + SUPERSAMPLE**2 // 2) // SUPERSAMPLE**2).astype(np.uint8)


def _same(stroke: Stroke, other: Stroke) -> bool:
    if stroke is other:
        return True
    try:
        return bool(stroke == other)
    except ValueError:  # numpy arrays compare point by point
        return bool(np.array_equal(np.asarray(stroke), np.asarray(other)))


def _union(box: tuple[int, int, int, int] | None, other: tuple[int, int, int, int] | None) -> tuple[int, int, int, int] | None:
    if box is None or other is None:
        return other if box is None else box
    return min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3])


# --- images ------------------------------------------------------------------


def image_to_input(source: ImageSource) -> ModelInput:
    """Read any picture of a digit (path, bytes, PIL image or array) into the model's input.

    Raises :class:`ImageError` when the source cannot be read as an image.
    """
    return read_picture(source)[0]


def read_picture(source: ImageSource) -> tuple[ModelInput, PaperInk | None]:
    """The model's input for a picture, and the ink found in it (None when none was):
    the layer and the digit's box the window shows over the picture.

    Photos and scans of paper, and clean digital pictures alike, go through
    :func:`mnist_draw.paper.find_ink` (lighting, paper, lines, frames, specks and
    neighbours removed; the central digit chosen), then their stroke width is
    brought into MNIST's range and :func:`fit_to_mnist` takes over. A small digit in a
    large picture is read from the picture's own pixels round it (:func:`open_picture`).
    """
    opened = open_picture(source)
    return opened.model_input, opened.found


@dataclass(frozen=True, eq=False)
class OpenedPicture:
    """A picture opened and read: ``picture``, upright and at most WORK_SIDE pixels a side
    (the working copy: what the window shows), the model's input, the ink found on the
    working copy (None: none was), and, when the digit was small in a large picture, the
    region round it read again closer (see :mod:`mnist_draw.close_up`). ``number_close_up``:
    when asked for, the region round all the ink read closer, when that ink is small
    (a number written small); ``size``: the picture's own width and height, upright;
    ``frames``: a file of several frames or pages, of which the first is the one read."""

    picture: Image.Image
    model_input: ModelInput
    found: PaperInk | None
    close_up: CloseUp | None = None
    number_close_up: CloseUp | None = None
    size: tuple[int, int] = (0, 0)
    frames: Frames | None = None


def open_picture(source: ImageSource, *, digit: bool = True, number: bool = False) -> OpenedPicture:
    """Decode a picture and read it, as :func:`read_picture`, keeping its working copy
    and, for a small digit in a large picture, the ink of the region read closer: what
    the window needs to show the picture and to read it again once edited
    (:func:`read_ink`). ``digit=False``: the digit is read on the working copy only (a
    number's reader needs no close-up of one digit); ``number``: the region round all the
    ink is read closer too when that ink is small (``number_close_up``: the number reader's).
    Raises :class:`ImageError` when it cannot be decoded."""
    original = open_image(source)
    name = _file_name(Path(source)) if isinstance(source, (str, os.PathLike)) else "The image"
    header = original.size
    picture_side = max(header)  # the larger side, whichever way the picture is turned
    picture = _load(original, name, owned=original is not source)
    del original  # a palette picture is converted to be shrunk, not shrunk in place: its full-size decode goes now
    size = _upright_size(header, picture.size)
    frames = count_frames(source) if isinstance(source, (str, os.PathLike, bytes, bytearray)) else None
    if min(picture.size) < 2:
        reason = TOO_THIN_IMAGE if _is_strip(size, picture_side) else TOO_SMALL_IMAGE
        return OpenedPicture(picture, ModelInput.blank(reason), None, size=size, frames=frames)
    smallest = smallest_digit(picture_side)
    gray = _gray(picture)
    found = find_ink(gray, smallest)
    if found is not None and found.pixel_noise:  # the ink found is noise's denser patches (the window shows them)
        return OpenedPicture(picture, ModelInput.blank(ONLY_A_PATTERN), found, size=size, frames=frames)
    model_input, found = _digit_input(found, smallest)
    scale = picture_side / max(picture.size)
    lone = smallest_lone_digit(picture_side)
    close_up = None
    if digit and found is None and lone < smallest:
        read = _lone_digit(source, find_ink(gray, lone), picture.size, scale, smallest, lone)
        if read is not None:
            model_input, found, close_up = read
    number_smallest = smallest_number_digit(picture_side)
    small_writing = False
    if number and found is None and number_smallest < smallest:
        # No digit-sized mark, but a number's digits may be smaller (a number 150 pixels wide
        # in a 4000-pixel photo: digits of 4 pixels here): its ink is what number mode reads
        # and the window shows. One digit is not read in it (a speck is as small), but says
        # so: "blank" under writing the window shows was untrue.
        smaller = find_ink(gray, number_smallest)
        found = None
        if smaller is not None and not smaller.pixel_noise:
            # Only marks smaller than one digit's floor: taller ones were left out by it for
            # what they are (a desk's edge, a dark band), and are no small writing.
            kept = small_marks(smaller.ink, smallest * max(gray.shape))
            found = smaller if kept is smaller.ink else digit_in_ink(kept, number_smallest)
        small_writing = found is not None
        if small_writing:
            model_input = ModelInput.blank(SMALL_WRITING)
    del gray
    # Writing under one digit's floor is no digit read closer either (that gave "Only a dot").
    region = region_to_read(found, scale) if digit and not small_writing and close_up is None else None
    if region is not None:
        close_up = _read_closer(source, region, picture.size, smallest)
        if close_up is not None:
            # The picture's own pixels have the last word: a mark that looked like a digit once
            # shrunk (dust, a cluster of specks) is no digit when no digit-sized mark is there.
            model_input = _close_input(close_up, close_up.ink)[0]
        if model_input.reason == ONLY_A_DOT_IN_IMAGE and lone < smallest:
            # ... or a lone digit smaller than one digit's floor: read closer again for it
            # (that close-up's ink is the lone digit's floor's: the number's reader does not
            # take it for its own, read with a number's floor).
            read = _lone_digit(source, found, picture.size, scale, smallest, lone)
            if read is not None:
                model_input, found, close_up = read
    number_close_up = None
    region = number_region_to_read(found, scale) if number else None
    if region is not None:
        # One digit alone: its close-up holds all the ink already, no need to decode it again.
        held = close_up is not None and close_up.ink.any() and close_up.holds((region[1], region[3], region[0], region[2]))
        number_close_up = close_up if held else _read_closer(source, region, picture.size, number_smallest)
    if (number_close_up is not None or small_writing) and model_input.reason in (SMALL_WRITING, ONLY_A_DOT_IN_IMAGE):
        # By a number's measure (read closer, or else on the working copy), the ink shown is
        # writing ("a dot" under four digits was untrue), or it is still a dot (a full stop,
        # specks of dust: no "writing").
        if number_close_up is not None:
            writing = _is_writing(_close_input(number_close_up, number_close_up.ink)[0])
        else:
            writing = _is_writing(_digit_input(found, number_smallest)[0])
        model_input = ModelInput.blank(SMALL_WRITING if writing else ONLY_A_DOT_IN_IMAGE)
    if model_input.reason == BLANK_IMAGE and _is_strip(size, picture_side):
        model_input = ModelInput.blank(TOO_THIN_IMAGE)
    return OpenedPicture(picture, model_input, found, close_up, number_close_up, size, frames)


def _is_strip(size: tuple[int, int], picture_side: int) -> bool:
    """Whether a picture of ``size`` is narrower, across, than the smallest digit read in a picture
    whose larger side is ``picture_side``: no digit fits in it, whatever lies along it."""
    short, long = sorted(size)
    return long > 0 and short / long < smallest_digit(picture_side)


def _lone_digit(
    source: ImageSource, found: PaperInk | None, working: tuple[int, int], scale: float, smallest: float, lone: float
) -> tuple[ModelInput, PaperInk, CloseUp] | None:
    """A lone digit smaller than one digit's floor (``smallest``) but not ``lone``'s, where
    the working copy's ink ``found`` is (``working``: its width and height): its reading,
    that ink and the close-up, when read closer it is one pen stroke's shape alone
    (:func:`_close_input`); else None, and the picture's reading stands. Marks beside it as
    a number's digits are (a number written small, its digits run together or spaced) leave
    it to the number's reader, as before; a mark as large far across the page (a speck,
    punched holes, a page number) does not: it left the lone digit unread, the page blank.
    A mark that read closer is a dot, solid through (ink_shape.is_blot: a speck or a hole
    heavier than the digit's strokes, chosen first), is left out and the digit chosen again,
    up to LONE_TRIES marks; a mark chosen so, after others, is read only when it is one pen
    stroke alone, even one as large as a digit read closer: on a dusty page the marks left
    are crumbs run together."""
    for tried in range(LONE_TRIES):
        if found is None or found.pixel_noise or found.digits_beside:
            return None
        region = region_to_read(found, scale)
        close_up = None if region is None else _read_closer(source, region, working, smallest, lone)
        if close_up is None:
            return None
        model_input, digit = _close_input(close_up, close_up.ink)
        if not model_input.is_blank and (tried == 0 or digit is not None and _is_one_stroke(digit)):
            return model_input, found, close_up
        # Only a dot is left out. A mark with strokes left unread may be the digit itself (one
        # written small with a fat pen): looking past it, a letter "l" far off was read as a 1.
        mark = _lone_mark(close_up, close_up.ink)
        if mark is not None and not is_blot(mark.digit[mark.box[0] : mark.box[1], mark.box[2] : mark.box[3]]):
            return None
        found = digit_in_ink(np.where(found.digit > 0, 0.0, found.ink), lone)
    return None


def _is_one_stroke(found: PaperInk) -> bool:
    """Whether the digit ``found`` is one pen stroke's shape alone (ink_shape.is_one_stroke)."""
    top, bottom, left, right = found.box
    return is_one_stroke(found.digit[top:bottom, left:right])


def _is_writing(model_input: ModelInput) -> bool:
    """Whether the mark chosen as one digit (by a number's floor) is writing: no dot or blot.
    (A long number's digits run together into a "pattern" as one digit: writing too.)"""
    return model_input.reason not in (ONLY_A_DOT_IN_IMAGE, ONLY_A_BLOT)


def _upright_size(size: tuple[int, int], upright: tuple[int, int]) -> tuple[int, int]:
    """A picture's width and height from its header (``size``), turned as
    :func:`load_image` turned it by its EXIF orientation, told by the shape of the
    upright working copy (``upright``). Not by reading the EXIF again: for a PNG that
    decodes the whole picture, and a damaged one, its error swallowed there, then loaded
    without complaint and was read as a number."""
    width, height = size
    turned = upright[0] != upright[1] and (upright[0] > upright[1]) != (width > height)
    return (height, width) if turned else (width, height)


def read_ink(
    ink: np.ndarray, close_up: CloseUp | None = None, close_ink: np.ndarray | None = None
) -> tuple[ModelInput, PaperInk | None]:
    """The model's input for a picture's ink found before (:attr:`PaperInk.ink`,
    white on black in 0-1) and perhaps edited since, as the window's eraser does:
    the digit is chosen again among what is left and prepared as :func:`read_picture` does.
    For a picture opened with a :class:`CloseUp`, ``close_ink`` is its ink edited alike
    (the same sweeps and strokes, in its pixels: :meth:`CloseUp.points`): a small digit
    still within it is read there, as it was when the picture was opened."""
    smallest = SMALLEST_DIGIT if close_up is None else close_up.smallest
    model_input, found = _digit_input(digit_in_ink(ink, smallest), smallest)
    if close_up is not None and close_ink is not None:
        if found is None and close_up.read_for_a_lone_digit:
            # A lone digit under one digit's floor, read closer when opened: still read there
            # while it is (its ink found with the lone floor) within the region.
            lone = digit_in_ink(ink, close_up.lone)
            if close_up.covers(lone):
                return _close_input(close_up, close_ink)[0], lone
        if close_up.covers(found):
            return _close_input(close_up, close_ink)[0], found
    return model_input, found


def _close_input(close_up: CloseUp, ink: np.ndarray) -> tuple[ModelInput, PaperInk | None]:
    """The digit in a close-up's ink: a dot or a blot by the whole picture's measure, not the region's.
    (None found there: the small mark the working copy showed is no digit, only a dot.)
    A mark under one digit's floor but not the lone digit's (``close_up.lone``) is read
    when it is one pen stroke's shape alone (ink_shape.is_one_stroke): dust and crumbs as
    small, and a number written small, are still only a dot."""
    side = close_up.side * close_up.scale  # the working copy's side, in the region's pixels
    found = digit_in_ink(ink, close_up.smallest * side / max(ink.shape))
    read = (ModelInput.blank(ONLY_A_DOT_IN_IMAGE), None) if found is None else _digit_input(found, close_up.smallest, side)
    if read[0].reason != ONLY_A_DOT_IN_IMAGE or not close_up.read_for_a_lone_digit:
        return read
    lone = _lone_mark(close_up, ink)
    if lone is None or lone.several_digits:
        return read
    if not _is_one_stroke(lone):
        return read
    model_input, lone = _digit_input(lone, close_up.lone, side)
    return read if model_input.is_blank else (model_input, lone)


def _lone_mark(close_up: CloseUp, ink: np.ndarray) -> PaperInk | None:
    """The mark a close-up's ``ink`` holds by the lone digit's floor (``close_up.lone``), by
    the whole picture's measure, not the region's."""
    side = close_up.side * close_up.scale  # the working copy's side, in the region's pixels
    return digit_in_ink(ink, close_up.lone * side / max(ink.shape))


# A JPEG's region is decoded at the draft scale giving at least this share of CLOSE_SIDE.
CLOSE_ENOUGH = 0.5

# The turns that make a picture's width its height.
_SWAPPING = (Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270)


def _read_closer(
    source: ImageSource,
    region: tuple[float, float, float, float],
    working: tuple[int, int],
    smallest: float,
    lone: float | None = None,
) -> CloseUp | None:
    """The ink of ``region`` of the working copy (left, top, right, bottom; ``working``: its
    width and height), decoded again from ``source`` at up to CLOSE_SIDE pixels a side
    (its ink found with one digit's floor, ``smallest``, or else with a lone digit's, ``lone``).

    Only the region is cropped and turned upright: the picture is decoded once more (a
    JPEG at the smallest scale that still gives the region its pixels), and never copied
    whole. None when it cannot be read again (a file changed or gone since) or the region
    is grain only (pixel noise): the working copy's reading stands.
    """
    left, top, right, bottom = region
    try:
        with _quiet_pillow():
            picture = open_image(source)
            frame = picture.tell()
            if frame != 0:  # a caller's picture at another frame: the first is the one read
                picture.seek(0)
            stored = picture.size
            # The region's pixels wanted per pixel of the picture.
            wanted = min(1.0, CLOSE_SIDE / (max(right - left, bottom - top) * max(stored) / max(working)))
            if picture is not source and picture.format == "JPEG":
                # Draft scales are halvings: asking for the full CLOSE_SIDE decoded a 64-megapixel
                # JPEG whole (256 MB) to give a region 375 pixels rather than 384. Half of it
                # (a digit of 60 pixels or more) is plenty for the model's 20.
                least = wanted * CLOSE_ENOUGH
                picture.draft(picture.mode, (math.ceil(stored[0] * least), math.ceil(stored[1] * least)))
            # Decoded (the crop would decode it all anyway) before its orientation is read: a TIFF
            # turns itself upright as it loads, and its orientation is gone from it after.
            picture.load()
            turn = TURNS.get(picture.getexif().get(ExifTags.Base.Orientation, 1))
            swapped = turn in _SWAPPING
            decoded = (picture.height, picture.width) if swapped else picture.size  # upright, as decoded
            sx, sy = decoded[0] / working[0], decoded[1] / working[1]
            # Whole pixels of the decoded picture, the region grown to them.
            box = (max(0, math.floor(left * sx)), max(0, math.floor(top * sy)),
                   min(decoded[0], math.ceil(right * sx)), min(decoded[1], math.ceil(bottom * sy)))  # fmt: skip
            crop = picture.crop(tuple(round(side) for side in stored_region(box, decoded, turn)))
            if frame != 0:
                picture.seek(frame)  # the caller's picture left at the frame it was at
            del picture  # the decoded picture goes: only the region is kept
            if turn is not None:
                crop = crop.transpose(turn)
            if crop.mode in ("P", "PA"):
                crop = crop.convert("RGBA")  # resampling palette indices would mix unrelated colours
            shrink = min(1.0, CLOSE_SIDE / max(crop.size))
            size = (max(2, round(crop.width * shrink)), max(2, round(crop.height * shrink)))
            if size != crop.size:
                crop = crop.resize(size, Image.Resampling.BOX)
            gray = _gray(crop)
    except (ImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, ValueError, SyntaxError,
            TypeError, EOFError, struct.error, MemoryError):  # fmt: skip
        return None
    per_working = size[0] * sx / (box[2] - box[0])  # the region's pixels per working pixel
    side = max(working) * per_working
    lone = smallest if lone is None else lone
    found = find_ink(gray, smallest * side / max(gray.shape))
    if found is None and lone < smallest:
        found = find_ink(gray, lone * side / max(gray.shape))
    if found is not None and found.pixel_noise:
        return None
    # No ink there, read closer: kept as a close-up holding none, so the window's readings
    # after an edit say so too rather than fall back on the working copy's coarse one.
    ink = np.zeros(gray.shape, np.float32) if found is None else found.ink
    return CloseUp(ink, box[0] / sx, box[1] / sy, per_working, smallest, max(working), lone)


def _digit_input(
    found: PaperInk | None, smallest: float = SMALLEST_DIGIT, side: float | None = None
) -> tuple[ModelInput, PaperInk | None]:
    """The model's input for the digit found (``smallest``: the smallest digit's share of
    ``side``, the picture's larger side in the ink's pixels: the ink's own by default)."""
    if found is None:
        return ModelInput.blank(BLANK_IMAGE), None
    top, bottom, left, right = found.box
    extent = max(bottom - top, right - left)
    side = float(max(found.ink.shape)) if side is None else side
    if extent < max(2.0, smallest * side):
        return ModelInput.blank(ONLY_A_DOT_IN_IMAGE), found
    if is_blot(found.digit[top:bottom, left:right]):
        return ModelInput.blank(ONLY_A_DOT_IN_IMAGE if extent < DOT_SIZED * side else ONLY_A_BLOT), found
    if is_pattern(found.digit[top:bottom, left:right]):
        return ModelInput.blank(ONLY_A_PATTERN), found
    if is_frame(found.digit[top:bottom, left:right]):
        return ModelInput.blank(ONLY_A_BOX), found
    digit = normalise_stroke_width(found.digit[top:bottom, left:right])
    return ModelInput(fit_to_mnist(digit)), found


def normalise_stroke_width(ink: np.ndarray) -> np.ndarray:
    """Bring strokes far thicker or thinner than MNIST's into its range.

    A marker's strokes fill a 0's hole and a hair-thin pen's vanish when shrunk
    to 20 pixels; the stroke path fixes the width at STROKE_FRACTION of the
    digit's size, and pictures get the same: the width is measured, and only
    when it lies outside the range of MNIST's own digits is the digit redrawn
    at NORMAL_SIDE pixels and thickened or thinned (grey-level dilation or
    erosion, so the anti-aliased edge stays soft).
    """
    side = max(ink.shape)
    if side < 4:
        return ink
    ratio = stroke_width(ink) / side
    if WIDTH_RANGE[0] <= ratio <= WIDTH_RANGE[1]:
        return ink
    target = WIDTH_AIM[0] if ratio < WIDTH_RANGE[0] else WIDTH_AIM[1]
    scale = NORMAL_SIDE / side
    size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
    resample = Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.BOX
    resized = np.clip(np.asarray(Image.fromarray(ink.astype(np.float32), mode="F").resize(size, resample)), 0, 1)
    change = (target - ratio) * NORMAL_SIDE  # pixels of width to add (or remove, if negative)
    window = 2 * int(round(abs(change) / 2)) + 1
    if window < 3:
        return resized.astype(np.float32)
    pad = window // 2 + 1
    padded = np.pad(resized, pad).astype(np.float32)
    grow = change > 0
    while window >= 3:
        changed = square_extreme(padded, window, grow)
        # Thinning must not erase a digit's finer parts: stop short if it would.
        if grow or changed.sum() >= 0.3 * resized.sum():
            return changed
        window -= 2
    return resized.astype(np.float32)


def picture_ink(picture: Image.Image) -> np.ndarray | None:
    """A decoded picture's ink, white on black in 0-1 (None: it holds no ink):
    every mark :func:`paper_ink` kept (lighting, paper, lines and frames gone),
    not only the central digit, so the number reader can split it into digits."""
    found = paper_ink(picture)
    return None if found is None else found.ink


def paper_ink(picture: Image.Image) -> PaperInk | None:
    """The ink :func:`mnist_draw.paper.find_ink` finds in a decoded picture; a
    transparent picture is first laid on a background its ink contrasts with."""
    return find_ink(_gray(picture))


def _gray(picture: Image.Image) -> np.ndarray:
    """A decoded picture's brightness in 0-1, a transparent one laid on a background its ink contrasts with."""
    try:
        gray, alpha = _gray_and_alpha(picture)
    except (ValueError, OSError) as error:  # a mode Pillow opens but cannot convert
        raise ImageError(f"The image's colour format ({picture.mode}) cannot be read.", "Save it as an ordinary PNG or JPEG.") from error
    return gray if alpha is None else _composite(gray, alpha)


def open_image(source: ImageSource) -> Image.Image:
    """``source`` as a PIL image, opened lazily (only its header is read yet)."""
    if isinstance(source, Image.Image):
        return source
    if isinstance(source, np.ndarray):
        return _array_to_image(source)
    return _open(source)


def load_image(source: ImageSource) -> Image.Image:
    """Decode ``source`` into an upright (EXIF applied), first-frame PIL image,
    downscaled to at most WORK_SIDE pixels a side."""
    picture = open_image(source)
    name = _file_name(Path(source)) if isinstance(source, (str, os.PathLike)) else "The image"
    return _load(picture, name, owned=picture is not source)


def picture_for_screen(source: ImageSource, side: int) -> Image.Image | None:
    """``source`` decoded again, upright, at most ``side`` pixels a side (a JPEG at the
    draft scale that gives that, never whole when it need not be): a copy to show sharper
    than the working copy on a screen that large. Never the picture's own size kept when
    larger: a 64-megapixel photo shown on a 1920-pixel screen is kept 1920 pixels wide.
    None when it cannot be decoded again (a file changed or gone since): the working copy is shown."""
    name = _file_name(Path(source)) if isinstance(source, (str, os.PathLike)) else "The image"
    try:
        picture = open_image(source)
        # In one pass: shrinking by reduce() first kept a copy at twice the screen's size beside
        # the whole picture (a 64-megapixel PNG at 1920 pixels: 351 -> 319 MB at its peak, as fast).
        return _load(picture, name, owned=picture is not source, side=side, one_pass=True)
    except ImageError:
        return None


def _load(picture: Image.Image, name: str, owned: bool, side: int = WORK_SIDE, one_pass: bool = False) -> Image.Image:
    """:func:`_upright_and_small`, its failures in plain words."""
    try:
        with _quiet_pillow():
            return _upright_and_small(picture, name, owned, side, one_pass)
    except ImageError:
        raise
    except Image.DecompressionBombError as error:
        raise _too_large(name) from error
    except (OSError, ValueError, SyntaxError, TypeError, EOFError, struct.error, MemoryError) as error:
        raise _damaged(name) from error


@contextlib.contextmanager
def _quiet_pillow() -> Iterator[None]:
    """Pillow warns on stderr, in its own words, about damaged tags and about
    pictures between its two decompression-bomb limits: the first is noise for
    the user, the second becomes an error that :func:`load_image` words plainly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def check_size(width: int, height: int, name: str) -> None:
    """Refuse a picture of more than MAX_PIXELS, with :class:`ImageError` (``name``: how
    the message calls it): its copies would take gigabytes to read a digit."""
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"{name} is too large ({width}x{height} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels).",
            "Save a smaller copy and open that.",
        )


def _upright_and_small(
    picture: Image.Image, name: str, owned: bool, side: int = WORK_SIDE, one_pass: bool = False
) -> Image.Image:
    """The first frame, EXIF orientation applied, at most ``side`` pixels a side
    (``name``: how messages call the picture; ``owned``: opened here, not the caller's,
    so it may be turned and shrunk in place; ``one_pass``: shrunk with no reduce() first)."""
    # Back to the first frame of an animation or a multi-page file. Frames are
    # never counted: counting reads the whole file (a million-frame GIF) and
    # fails on a damaged TIFF.
    frame = picture.tell()
    if frame != 0:
        picture.seek(0)
    check_size(picture.width, picture.height, name)
    # The shrinking below is done in place: a caller's picture is turned or copied first,
    # one opened here is not copied (a copy more of a 64-megapixel picture is 256 MB).
    if owned:
        if picture.format == "JPEG":
            picture.draft(picture.mode, (side, side))  # decode at reduced size: much faster
        ImageOps.exif_transpose(picture, in_place=True)
    else:
        # No draft on a caller's picture: it would shrink the caller's own image.
        caller, picture = picture, ImageOps.exif_transpose(picture)
        if frame != 0:
            caller.seek(frame)  # the caller's picture left at the frame it was at
    if max(picture.size) > side:
        if picture.mode in ("P", "PA"):
            picture = picture.convert("RGBA")  # resampling palette indices would mix unrelated colours
        # Pillow's reduce() refuses 16-bit greyscale (a scanner's PNG): resized directly.
        gap = None if one_pass or picture.mode.startswith("I;16") else 2.0
        picture.thumbnail((side, side), Image.Resampling.BOX, reducing_gap=gap)
    return picture


def _too_large(name: str) -> ImageError:
    return ImageError(
        f"{name} is too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels, or it claims to be).",
        "Save a smaller copy and open that.",
    )


def _damaged(name: str) -> ImageError:
    return ImageError(f"{name} is damaged or cut short and cannot be read.", "If it opens elsewhere, save it again as PNG or JPEG.")


def _open(source: str | os.PathLike | bytes | bytearray) -> Image.Image:
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), "The data"
        if not data:
            raise ImageError("The data is empty: there is no image in it.")
        stream: io.BytesIO | Path = io.BytesIO(data)
        head = data[:512]
    else:
        if not os.fspath(source):  # an empty argument (a shell variable left unset) would be read as the current folder
            raise ImageError("No file was named (the name given is empty).", "Give the path of a picture file.")
        path = Path(source)
        name = _file_name(path)
        try:
            # Only an ordinary file: a FIFO would hang the read, /dev/zero never end.
            with safe_files.open_regular(path) as handle:
                size = os.fstat(handle.fileno()).st_size
                head = handle.read(512)
        except safe_files.FileRefused as error:
            if safe_files.is_folder(path):  # dropped or typed in: what to give instead matters more than where it is
                raise ImageError(f"{name} is a folder, not a picture.", "Choose a picture file in it.") from error
            raise ImageError(error.what, error.to_do) from error
        except OSError as error:
            raise ImageError(f"{path} cannot be read: {error.strerror or error}.", safe_files.TRY_AGAIN) from error
        if size == 0:
            raise ImageError(f"{name} is empty (0 bytes): there is no picture in it.", "Save or copy the picture again.")
        if size > MAX_FILE_BYTES:
            raise ImageError(f"{name} is too large for a picture of a digit (over {MAX_FILE_BYTES >> 20} MB).", "Save a smaller copy and open that.")
        stream = path
    if _looks_like_svg(head):
        raise _unreadable(name, "an SVG vector drawing")
    try:
        with _quiet_pillow():
            return Image.open(stream)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_large(name) from error
    except UnidentifiedImageError as error:
        kind = _unreadable_kind(head)
        if kind is not None:
            raise _unreadable(name, kind) from error
        raise ImageError(f"{name} is not an image format that can be read.", "Open a picture, such as a PNG or JPEG file.") from error
    except (OSError, ValueError, SyntaxError, TypeError, EOFError, struct.error, MemoryError) as error:
        raise _damaged(name) from error


def _file_name(path: Path) -> str:
    """How messages name a file: its name, or the whole path when it has none ("/", ".")."""
    return path.name or str(path)


# The brands of an ISO media file (its "ftyp" box) that hold a HEIF picture: a phone's photo
# (an iPhone's by default), which Pillow does not read. AVIF, a HEIF too, it reads.
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1")


def _unreadable_kind(head: bytes) -> str | None:
    """What a file that is no picture Pillow reads is, by its first bytes, when users take it for
    one (a phone's HEIC photo, a scan saved as PDF): "not an image format that can be read" left
    them wondering why their photo was none. None when it is none of those."""
    if head.startswith(b"%PDF-"):
        return "a PDF document"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "a HEIC photo (the format of an iPhone's camera)"
    return None


def _unreadable(name: str, kind: str) -> ImageError:
    return ImageError(f"{name} is {kind}, which cannot be read.", "Export it as PNG or JPEG first, and open that.")


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip().lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text)


def _array_to_image(array: np.ndarray) -> Image.Image:
    data = np.asarray(array)
    if data.ndim not in (2, 3) or data.size == 0:
        raise ImageError(f"An array of shape {data.shape} is not an image.")
    if data.dtype != np.uint8:
        data = data.astype(np.float64)
        finite = np.isfinite(data)
        if not finite.any():
            raise ImageError("The array holds no finite values.")
        data = np.where(finite, data, 0.0)
        # Arrays in 0-1 are the usual float convention; anything else is stretched.
        top = 1.0 if data.min() >= 0 and data.max() <= 1 else max(float(data.max()), 1e-9)
        data = np.clip(data / top * 255.0, 0, 255).astype(np.uint8)
    if data.ndim == 3:
        channels = data.shape[2]
        if channels == 1:
            data = data[:, :, 0]
        elif channels not in (3, 4):
            raise ImageError(f"An array with {channels} channels is not an image.")
    return Image.fromarray(data)


# A picture whose alpha is above this everywhere is opaque: no background shows through.
OPAQUE = 0.98
# Greyscale deeper than 8 bits: 16-bit, 32-bit integer and float pixels.
DEEP_GRAY_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


def picture_to_show(picture: Image.Image) -> Image.Image:
    """A decoded picture as 8-bit RGBA, for a screen.

    Deep greyscale (:data:`DEEP_GRAY_MODES`) is scaled by the range the model
    reads it with, so the picture shown is the one read: Pillow's own
    conversion clips it at 255, and a 16-bit scan would show as a white page.
    """
    if picture.mode in DEEP_GRAY_MODES:
        gray, _ = _gray_and_alpha(picture)
        return Image.fromarray(np.round(gray * 255).astype(np.uint8)).convert("RGBA")
    return picture.convert("RGBA")


def _gray_and_alpha(picture: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """Luminance in 0-1 (a colour picture's darkest channel when a pale ink shows only
    there: paper_brightness.ink_brightness; a photographed screen's pixel grid taken out:
    descreen.without_screen_grid), and the alpha channel in 0-1 if the picture has one."""
    mode = picture.mode
    if mode in DEEP_GRAY_MODES:
        # Convert("L") would clip 16-bit data; scale by the actual range instead.
        values = np.asarray(picture, dtype=np.float64)
        # A NaN or infinite pixel (possible in mode F) is no ink; it must not spoil the scale.
        values = np.where(np.isfinite(values), values, 0.0)
        top = 65535.0 if mode.startswith("I;16") else max(float(values.max()), 1.0)
        if mode == "I" and values.max() <= 255:
            top = 255.0
        return np.clip(values / top, 0, 1).astype(np.float32), None
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in picture.info
    if has_alpha:
        rgba = picture.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"), dtype=np.float32) / 255.0
        if alpha.min() <= OPAQUE:
            gray = np.asarray(rgba.convert("L"), dtype=np.float32) / 255.0
            return gray, alpha
        # Opaque all over: a photo or scan saved with an alpha channel (or as a palette
        # picture) is read as the colour picture it is, pale ink and screen grid alike.
        picture = rgba.convert("RGB")
    elif mode in ("CMYK", "P"):
        picture = picture.convert("RGB")
    if mode == "LAB":
        picture = picture.getchannel("L")  # lightness is all a digit needs
    gray = np.asarray(picture.convert("L"), dtype=np.float32) / 255.0
    if picture.mode == "RGB":
        rgb = np.asarray(picture, dtype=np.float32) / 255.0
        # A photographed screen's grid of coloured subpixels hides the digit; on paper, a
        # pale ink (a highlighter) shows in one colour channel, hardly in luminance. (A
        # screen's colours are its subpixels', not its ink's: its darkest channel is the grid.)
        descreened = without_screen_grid(rgb, gray)
        gray = descreened if descreened is not gray else ink_brightness(rgb, gray)
    return gray, None


def _composite(gray: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Lay a transparent picture on a background that contrasts with its ink.

    Dark strokes on transparency go on white, light strokes on black: a fixed
    background would erase one of the two.
    """
    opaque = alpha > 0.5
    if not opaque.any():
        return np.zeros_like(gray)
    if alpha.min() > OPAQUE:
        return gray
    ink_is_dark = float(gray[opaque].mean()) < 0.5
    background = 1.0 if ink_is_dark else 0.0
    return gray * alpha + background * (1.0 - alpha)
