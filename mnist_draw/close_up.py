"""A small digit in a large picture, read again closer: where to look, and how its pixels map.

A picture is shrunk to ``preprocess.WORK_SIDE`` pixels a side before its ink is found:
plenty for a digit that fills a good part of it, too few for one written on a page
photographed whole (a digit 3% of a 4000-pixel photo's side is a dozen pixels there,
its strokes a pixel wide, and under 4% of the side it was taken for a dot). So in a
picture that was shrunk, the smallest digit is a smaller share of its side
(:func:`smallest_digit`), and when the digit found is small (under SMALL_DIGIT pixels
of the working copy) the region round it is decoded again from the picture itself,
at up to CLOSE_SIDE pixels a side, and the digit is read there
(``preprocess.open_picture`` does the decoding and the reading).

A number is read closer alike (:func:`number_region_to_read`): when the writing found
(the heaviest group of marks close together: a speck across the page is not part of it)
is under SMALL_DIGIT pixels tall (a short number written small on a page photographed
whole, its digits a few pixels tall in the working copy), the region round it
is decoded again, the number read there, and its digits' boxes brought back to the
working copy's pixels (:meth:`CloseUp.region_in_picture`). Its digits may be smaller
than one digit alone (:func:`smallest_number_digit`).

The window shows the working copy and edits its ink; :class:`CloseUp` keeps the
region's ink (a few hundred pixels a side, never the picture) and maps the window's
erasures and strokes, in the working copy's pixels, onto it, so an edited picture is
read closely too.

Pure geometry with numpy: no Qt, no TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image

from .marks import label
from .paper_brightness import box_blur
from .paper import SMALLEST_DIGIT, Box, PaperInk, pen_width_of

# A group of marks at least this share as heavy as the writing's (writing_box) is writing
# too: a second number far across the page (one of two read, the other left out unsaid, was
# a sure answer for a page that holds two), or a number's digits written wider apart than
# their height; a speck or a full stop is a small share of a number's ink.
WRITING_SHARE = 0.5
# A digit under this many pixels (its larger side) in the working copy is read again closer.
SMALL_DIGIT = 32
# ... when the picture gives at least this many times the working copy's pixels there.
CLOSER = 1.5
# The region read closer: the digit's box and this share of its larger side all round
# (paper enough round it for the paper's brightness and the ink's polarity).
MARGIN = 1.0
# The region is decoded at up to this many pixels a side.
CLOSE_SIDE = 384
# In a large picture the smallest digit is this share of its side (a digit 7 mm tall
# on a page photographed whole is about 2.4% of its long side), but never fewer than
# SMALLEST_PIXELS of the picture's own pixels: below, it is a dot whatever the picture.
DISTANT_SMALLEST = 0.02
SMALLEST_PIXELS = 24
# A lone digit may be smaller still (a digit 4 mm tall on a page photographed whole is
# 1.3% of its long side), but only as LONE_SMALLEST's second look: when nothing is found
# with DISTANT_SMALLEST, and only when read closer it is one pen stroke's shape alone
# (ink_shape.is_one_stroke, not several digits). Dust and crumbs are as small: with this
# floor alone, a dusty blank page was read as an 8 and four digits written small as one.
LONE_SMALLEST = 0.01
# A lone digit's look tries up to this many marks, heaviest and most central first: a speck,
# a punched hole or a blot as large as the digit outweighs its thin strokes and is chosen
# first, but read closer it is a dot, and the digit is among the marks left. Each try
# decodes a region again, so they are few (a page has one to three such marks off the
# digit, the holes down one side besides, and those weigh less, far from the middle).
LONE_TRIES = 4
# A number's digits may be smaller: amounts, codes and a form's boxes are written small,
# and a digit 2.5 mm tall on an A4 page photographed whole is 0.84% of its long side.
NUMBER_SMALLEST = 0.008
# ... and such a number's marks are under this many times one digit's smallest size tall:
# its digits are under that size (else one of them is found), their soft edges a pixel more
# (a digit 7.2 pixels tall in the working copy was a mark 8 rows tall).
TALLEST_WRITING = 2.0

Region = tuple[float, float, float, float]  # left, top, right, bottom


def smallest_digit(picture_side: int) -> float:
    """The smallest digit's larger side, as a share of the working copy's, in a picture
    whose larger side is ``picture_side`` pixels (before it was shrunk)."""
    return float(min(SMALLEST_DIGIT, max(DISTANT_SMALLEST, SMALLEST_PIXELS / max(1, picture_side))))


def smallest_lone_digit(picture_side: int) -> float:
    """The smallest lone digit (see LONE_SMALLEST), as :func:`smallest_digit` (same unit),
    in a picture whose larger side is ``picture_side`` pixels: never above one digit's floor."""
    return float(min(smallest_digit(picture_side), max(LONE_SMALLEST, SMALLEST_PIXELS / max(1, picture_side))))


def smallest_number_digit(picture_side: int) -> float:
    """The smallest digit of a number, as :func:`smallest_digit` (same unit), in a picture
    whose larger side is ``picture_side`` pixels: NUMBER_SMALLEST in a large picture."""
    return float(min(SMALLEST_DIGIT, max(NUMBER_SMALLEST, SMALLEST_PIXELS / max(1, picture_side))))


def region_to_read(found: PaperInk | None, scale: float) -> Region | None:
    """The region of the working copy to read again closer (left, top, right, bottom, in its
    pixels), or None: when no digit was found, it is not small, or the picture gives fewer
    than CLOSER times as many pixels there (``scale``: the picture's pixels per working pixel)."""
    if found is None or found.pixel_noise or scale < CLOSER:
        return None
    top, bottom, left, right = found.box
    extent = max(bottom - top, right - left)
    if extent >= SMALL_DIGIT:
        return None
    height, width = found.ink.shape
    margin = MARGIN * extent
    return (
        max(0.0, left - margin),
        max(0.0, top - margin),
        min(float(width), right + margin),
        min(float(height), bottom + margin),
    )


def ink_box(ink: np.ndarray) -> Box | None:
    """The box round all of ``ink`` (top, bottom, left, right, end exclusive); None when it holds none."""
    rows, columns = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
    if not len(rows):
        return None
    return int(rows[0]), int(rows[-1]) + 1, int(columns[0]), int(columns[-1]) + 1


def small_marks(ink: np.ndarray, digit_floor: float) -> np.ndarray:
    """``ink`` with only its marks under TALLEST_WRITING times ``digit_floor`` (one digit's
    smallest size, in the ink's pixels) tall; ``ink`` itself when all are: what a number
    written small is made of. Ink found only with a number's smaller floor
    (:func:`smallest_number_digit`) held taller marks that one digit's floor had left out,
    the desk's edge round a page photographed whole or a dark band's edges, and read as a
    number they were a row of confident 1s."""
    tallest = TALLEST_WRITING * digit_floor
    labels, count = label(ink > 0)
    if count == 0:
        return ink
    tall = _mark_heights(labels, count) >= tallest
    if not tall.any():
        return ink
    return np.where(tall[labels], 0.0, ink).astype(ink.dtype)


def _mark_heights(labels: np.ndarray, count: int) -> np.ndarray:
    """Each labelled mark's height in rows, by label (0, the background's, is 0)."""
    rows, columns = np.nonzero(labels)
    marks = labels[rows, columns]
    top = np.full(count + 1, labels.shape[0])
    bottom = np.full(count + 1, -1)
    np.minimum.at(top, marks, rows)
    np.maximum.at(bottom, marks, rows)
    heights = bottom - top + 1
    heights[0] = 0
    return heights


def writing_box(ink: np.ndarray) -> Box | None:
    """The box round the writing in ``ink`` (top, bottom, left, right, as :func:`ink_box`):
    its marks grouped with those less than the tallest mark's height (at most SMALL_DIGIT)
    apart, a number's digits and the marks beside them, and of the groups the one with the
    most ink, with any other at least WRITING_SHARE as heavy. A speck of dust or a full stop
    far across the page from a number written small made the box round all the ink too tall
    to read closer, or the region read so large that the number's digits were dots in it.
    None when ``ink`` holds none."""
    labels, count = label(ink > 0)
    if count <= 1:
        return ink_box(ink)
    tallest = int(min(SMALL_DIGIT, _mark_heights(labels, count).max()))
    # Each mark grown by half the tallest's height all round: marks closer than that meet.
    groups, _ = label(box_blur((labels > 0).astype(np.float32), tallest // 2 + 1) > 0)
    inked = labels > 0
    weights = np.bincount(groups[inked], weights=ink[inked], minlength=int(groups.max()) + 1)
    chosen = (weights >= WRITING_SHARE * weights.max())[groups] & inked
    return ink_box(np.where(chosen, ink, 0))


def number_region_to_read(found: PaperInk | None, scale: float) -> Region | None:
    """The region of the working copy round the writing found (:func:`writing_box`: every
    digit of a number and the marks beside them), to read again closer, as :func:`region_to_read` for one digit:
    None when the writing is not small (SMALL_DIGIT pixels tall or more: a number is as tall as
    its digits) or reading the region at CLOSE_SIDE pixels a side gives fewer than CLOSER
    times the working copy's pixels there (a long line of ink, a picture little larger)."""
    if found is None or found.pixel_noise or scale < CLOSER:
        return None
    box = writing_box(found.ink)
    if box is None:
        return None
    top, bottom, left, right = box
    if bottom - top >= SMALL_DIGIT:
        return None
    height, width = found.ink.shape
    # MARGIN of the number's height all round: a number is wide, and its height, not its
    # width, sets the paper round it. (Half of it, or a region read at twice CLOSE_SIDE,
    # read as many of bench_numbers' distant train photos: 82 or 83 of 100.)
    margin = MARGIN * (bottom - top)
    region = (
        max(0.0, left - margin),
        max(0.0, top - margin),
        min(float(width), right + margin),
        min(float(height), bottom + margin),
    )
    if min(scale, CLOSE_SIDE / max(region[2] - region[0], region[3] - region[1])) < CLOSER:
        return None
    return region


@dataclass(frozen=True, eq=False)
class CloseUp:
    """A region of the working copy read again from the picture, closer.

    ``ink``: the ink found there (:attr:`PaperInk.ink` of the region), ``scale`` of its
    pixels to one of the working copy's, its corner at ``left``, ``top`` there.
    ``smallest``: the smallest digit's share of the working copy's side, the floor the
    working copy was read with (:func:`smallest_digit`); ``side``: the working copy's
    larger side; ``lone``: the floor of a lone digit, one pen stroke's shape alone
    (:func:`smallest_lone_digit`; ``smallest`` when none is looked for).
    """

    ink: np.ndarray
    left: float
    top: float
    scale: float
    smallest: float
    side: int
    lone: float = 0.0

    def __post_init__(self) -> None:
        if not self.lone:
            object.__setattr__(self, "lone", self.smallest)

    @property
    def read_for_a_lone_digit(self) -> bool:
        """Whether this region was read for a lone digit under one digit's floor (``lone``
        below ``smallest``): only a digit with no other digit beside it is read so."""
        return self.lone < self.smallest

    @cached_property
    def pen_width(self) -> float:
        """How wide the strokes read closer are, in the region's pixels (0 without ink): the
        working copy's blur makes writing a few of its pixels tall look several times wider
        than it is, so a pen added over it takes this width, in the working copy's pixels
        ``pen_width / scale``."""
        return pen_width_of(self.ink)

    def covers(self, found: PaperInk | None) -> bool:
        """Whether the digit ``found`` in the working copy (perhaps edited since) is still a
        small one within the region, so that reading the region is reading it."""
        if found is None:
            return False
        top, bottom, left, right = found.box
        if max(bottom - top, right - left) >= SMALL_DIGIT:
            return False
        return self.holds(found.box)

    def covers_number(self, ink: np.ndarray, opened: np.ndarray | None = None) -> bool:
        """Whether all of ``ink`` (the working copy's, perhaps edited since) is still small
        and within the region, so that reading the region is reading the number. Ink outside
        the region that was there in ``opened`` (the working copy's ink when the picture was
        opened) does not count: the region is round :func:`writing_box`'s writing, and a speck
        far across the page was left out of it then, as the number's reader leaves it out; a
        stroke drawn there since is to be read, so it counts."""
        if opened is not None:
            inside = np.zeros(ink.shape, dtype=bool)
            height, width = self.ink.shape
            inside[
                max(0, int(self.top)) : int(np.ceil(self.top + height / self.scale)),
                max(0, int(self.left)) : int(np.ceil(self.left + width / self.scale)),
            ] = True
            ink = np.where(inside | (ink > opened), ink, 0)
        box = ink_box(ink)
        return box is not None and box[1] - box[0] < SMALL_DIGIT and self.holds(box)

    def holds(self, box: Box) -> bool:
        """Whether a box of the working copy (top, bottom, left, right) lies within the region."""
        top, bottom, left, right = box
        height, width = self.ink.shape
        return (
            left >= self.left - 1
            and top >= self.top - 1
            and right <= self.left + width / self.scale + 1
            and bottom <= self.top + height / self.scale + 1
        )

    def points(self, points: np.ndarray) -> np.ndarray:
        """Points (x, y in the working copy's pixels, an (n, 2) array) in the region's pixels."""
        array = np.asarray(points, dtype=np.float64)
        array = array.reshape(len(array), -1)[:, :2] if array.size else np.zeros((0, 2))
        return (array - (self.left, self.top)) * self.scale

    def box_in_picture(self, box: Box) -> tuple[float, float, float, float]:
        """A box of the region (top, bottom, left, right) in the working copy's pixels, same order."""
        top, bottom, left, right = box
        left, top, right, bottom = self.region_in_picture((left, top, right, bottom))
        return top, bottom, left, right

    def region_in_picture(self, region: Region) -> Region:
        """A region of the close-up (left, top, right, bottom, as a number's digits' boxes are)
        in the working copy's pixels, same order."""
        left, top, right, bottom = region
        return (
            self.left + left / self.scale,
            self.top + top / self.scale,
            self.left + right / self.scale,
            self.top + bottom / self.scale,
        )


# EXIF orientation -> the turn that makes a stored picture upright (as ImageOps.exif_transpose).
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_UNDO = {Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90}


def stored_region(region: Region, upright_size: tuple[int, int], turn: Image.Transpose | None) -> Region:
    """A region of the upright picture (left, top, right, bottom) in the picture as stored,
    before ``turn`` made it upright: so only the region is cropped and turned, never the
    whole picture copied to be turned."""
    if turn is None:
        return region
    undo = _UNDO.get(turn, turn)  # the others are their own inverse
    width, height = upright_size
    left, top, right, bottom = region
    corners = [_turned(x, y, width, height, undo) for x, y in ((left, top), (right, bottom))]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _turned(x: float, y: float, width: int, height: int, turn: Image.Transpose) -> tuple[float, float]:
    """Where a point of a picture ``width`` x ``height`` goes when the picture is turned."""
    return {
        Image.Transpose.FLIP_LEFT_RIGHT: (width - x, y),
        Image.Transpose.FLIP_TOP_BOTTOM: (x, height - y),
        Image.Transpose.ROTATE_180: (width - x, height - y),
        Image.Transpose.ROTATE_90: (y, width - x),  # counter-clockwise
        Image.Transpose.ROTATE_270: (height - y, x),  # clockwise
        Image.Transpose.TRANSPOSE: (y, x),
        Image.Transpose.TRANSVERSE: (height - y, width - x),
    }[turn]
