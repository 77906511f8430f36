"""Find the digit's ink in a photo or scan of real paper.

A photo is not a scan: light falls unevenly, paper is coloured, textured or
ruled, the digit sits in a cell whose borders show at the crop's edges, a
neighbour's stroke reaches in, dust leaves specks, the pen is a pencil or a
marker. :func:`find_ink` takes a greyscale picture (0-1) and returns the ink it
found, as white on black in 0-1 with its grey-level anti-aliasing kept:

1. polarity from the paper (the picture's border ring), so dark ink on light
   paper and light ink on dark both come out as bright ink;
2. the paper's brightness estimated locally (a closing on a small copy: the
   brightest paper nearby), and ink measured as relative darkness against it,
   which removes shadows, gradients, vignetting and the paper's colour; inside
   a blot wider than the closing's window the closing sees only ink, so a region
   that ink encloses and that is as dark as that ink is taken for ink, not paper;
3. ink found by hysteresis above the paper's own noise, so a faint pencil
   stroke joined to a clearer part of the digit is kept whole;
4. ruled and squared-paper lines, margin lines and frames along the edges
   removed as long thin straight runs, with strokes crossing them kept;
5. a dark printed field with a light digit written on it read as the digit's
   paper (the light strokes as ink), and a ring drawn or printed round the ink
   taken out when what it holds is digit-sized and apart from it;
6. the digit chosen as the central, plausible group of connected marks;
   specks, fragments at the border and far marks are left out.

:func:`digit_in_ink` repeats the ring's removal and step 6 on ink found before and
edited since (the window's eraser), so an edited picture is read as a fresh one would be.
:func:`is_blot` tells a filled blot of ink (a disc, no hole) from a digit.

Pure numpy and Pillow (their C filters), no image library: OpenCV would add
about 150 MB to the frozen program, and these steps need only a few of its
functions. No Qt, no TensorFlow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image, ImageFilter

# Ink is at least this much darker than its paper (relative) to count at all.
MIN_CONTRAST = 0.08
# ...and this many times the paper's own noise (texture, sensor, JPEG: its median
# absolute deviation, about 0.67 of its standard deviation).
NOISE_FACTOR = 5.0
# The paper's brightness is estimated on a copy this many pixels across...
BACKGROUND_SIDE = 40
# ...with a window of this fraction of it: wider than a marker's stroke, narrower
# than a shadow.
BACKGROUND_WINDOW = 0.34
# ...and then from the paper alone, on a copy this many pixels across.
PAPER_SIDE = 48
# A line (ruling, grid, margin, frame) runs over at least this fraction of the picture.
LINE_SPAN = 0.6
# ...and reaches to within this fraction of the picture's side of both its ends.
LINE_REACH = 0.05
# Pictures larger than this (pixels a side) are searched for lines at half size.
LINE_SEARCH_SIDE = 300
# Frames meet at corners, so a frame line only has to come this close to the ends.
FRAME_REACH = 0.15
# A printed box anywhere in the picture (paper._printed_frames): its sides are straight
# runs of ink at least FRAME_SIDE of the picture's shorter side long, at most
# FRAME_LINE_THICKNESS of it thick, drifting across at most FRAME_TILT of their
# length (a page turned by up to about 5 degrees, in perspective), with gaps up to
# FRAME_GAP (where a stroke crosses them) bridged; two meet at a corner when an end
# of one lies within FRAME_CORNER of the other. Only the MAX_SEGMENTS longest are looked at.
FRAME_SIDE = 0.12
FRAME_LINE_THICKNESS = 0.05
FRAME_TILT = 0.12
FRAME_GAP = 0.08
FRAME_CORNER = 0.04
MAX_SEGMENTS = 60
# They are looked for on a copy of about FRAME_SEARCH_PIXELS, but never shrunk so far
# that the copy's shorter side falls under FRAME_SEARCH_SHORT pixels (a thin strip of
# a picture would lose its lines).
FRAME_SEARCH_PIXELS = 12_000
FRAME_SEARCH_SHORT = 80
# ...and the U a frame's three sides make holds at least this share of the square
# on the picture's shorter side (a digit fills about half that side, and a 5's flag
# of straight strokes is a U holding under a tenth).
FRAME_AREA = 0.12
# ...and a frame holds a digit: at least FRAME_INK of the U's inside, away from its sides
# and open end by FRAME_INSIDE of its size, is ink.
FRAME_INSIDE = 0.15
FRAME_INK = 0.01
# Ruled and squared-paper lines are at most this thick (fraction of the picture's side);
# frames along the edges may be thicker, as close as EDGE_BAND to an edge.
LINE_THICKNESS = 0.02
FRAME_THICKNESS = 0.06
EDGE_BAND = 0.15
# Marks within this fraction of the digit's size from it belong to it.
GROUP_GAP = 0.3
# A separate mark smaller than this fraction of the digit, not touching it, is a speck.
SPECK_SIZE = 0.1
# A mark counts only if some of it is clearly ink: this share of the way from the
# paper's noise to the ink's typical darkness (hysteresis; 0-1 on ``PaperInk.ink``).
STRONG_INK = 0.3
# Ink left out of the digit beyond this share of the digit's own means the digit
# was chosen among other marks (the window then shows which one is read).
LEFT_OUT_SHARE = 0.02
# A digit's ink wider than this many times its height is most likely several
# digits written close together (a number), grouped as one.
WIDE_AS_DIGITS = 1.5
# A region enclosed by ink, at least this fraction of the picture's side across, is
# the inside of a blot (ink the paper's closing took for paper) when it is darker
# than the ink around it, or lighter by less than this share of the way from that
# ink to the paper: a 0's hole is paper, as light as the paper around (a shadow or
# a pencil's faint ink leave it far more than this share lighter).
BLOT_INSIDE_SIDE = 0.08
BLOT_INSIDE_SHARE = 0.25
# Blots' insides are looked for on a copy this many pixels across.
BLOT_SEARCH_SIDE = 96
# A blot: ink whose mean stroke width is over BLOT_WIDTH of its larger side (MNIST's
# boldest digits, and simulated marker photos, stay under 0.29; a disc is 0.5, an
# ellipse twice as tall as wide 0.32), whose solid part is at least BLOT_SOLIDITY of
# the pixels of its convex hull (a disc or an ellipse is all of them; a marker's 8
# with both loops filled, which the model still reads, keeps its waist: 0.93; the
# boldest MNIST 0s are nearly convex too, but keep a hole), with no hole of BLOT_HOLE
# of its box's area or more.
BLOT_WIDTH = 0.3
BLOT_SOLIDITY = 0.96
BLOT_HOLE = 0.002
# A ring round the digit (a circle a teacher draws, or a form prints), paper._ring:
# one mark whose box holds every other mark but specks, seen from the middle of that
# inner ink in at least RING_TURN of the RING_DIRECTIONS directions round it (a closed
# curve, or a hand's that falls short by up to about 40 degrees), with strokes no wider
# than RING_WIDTH of its size (a circle's pen line; a 0's strokes are about 0.13 of it).
# The ink inside is a digit, not a 0's dot or a smudge, when it is at least RING_INNER of
# the ring's height (a circle drawn round a digit reaches at most about 1.5 times its
# height; a dotted zero's dot is under a quarter of the 0) and not a blot.
RING_DIRECTIONS = 36
RING_TURN = 32
RING_WIDTH = 0.08
RING_INNER = 1 / 3
# A dark printed field with a light digit written on it (paper._dark_field): one mark
# at least FIELD_SIDE of the picture's longer side across that, its holes filled,
# covers at least FIELD_FILL of the smallest rectangle round it at any turn up to
# FIELD_TURN degrees (a page turned a little, in perspective; a disc or an ellipse
# covers 0.785, a blot of marker less), with holes (the light strokes) of at least
# FIELD_HOLES of its area; the field is read within, FIELD_INSET of its
# shorter side in from its edge (its printed outline left out), light strokes as ink,
# and taken for a field only when a digit at least FIELD_DIGIT of its height is found
# there (fields print a margin round the digit; a blot's flecks are far smaller).
FIELD_SIDE = 0.3
FIELD_DIGIT = 0.25
FIELD_FILL = 0.9
FIELD_TURN = 10
FIELD_HOLES = 0.02
FIELD_INSET = 0.04


@dataclass(frozen=True)
class PaperInk:
    """The ink found in a picture, at its working resolution.

    ``ink``: every mark that survived clutter removal (lines and frames gone),
    white on black in 0-1, what the window may show as an editable layer.
    ``digit``: only the chosen digit's marks (same size as ``ink``).
    ``box``: the digit's rows and columns, (top, bottom, left, right), end exclusive.
    ``marks``: how many separate digit-sized groups of ink were seen;
    ``several_digits`` is true when more than one was, or when the digit is far
    wider than tall (digits written close together), so the picture may hold a number.
    """

    ink: np.ndarray
    digit: np.ndarray
    box: tuple[int, int, int, int]
    marks: int

    @property
    def several_digits(self) -> bool:
        top, bottom, left, right = self.box
        return self.marks > 1 or right - left > WIDE_AS_DIGITS * (bottom - top)

    @cached_property
    def pen_width(self) -> float:
        """How wide the digit's strokes are, in pixels: the pen that strokes added over
        the picture are drawn with, so they join its ink as the same pen would (0 for
        a digit without ink).

        :func:`stroke_width` counts a stroke's two ends as outline, so it gives a
        bar of width w and length L as w L / (L + w), a tenth short for a 1. Here
        the ends are taken out: with area A and outline P, a stroke has
        L + w = P / 2 and w L = A, and w is the smaller root."""
        top, bottom, left, right = self.box
        digit = self.digit[top:bottom, left:right]
        mean = stroke_width(digit)
        if mean <= 0:
            return 0.0
        area = float(digit.sum())
        half_outline = area / mean  # P / 2, since stroke_width is 2 A / P
        square = half_outline**2 - 4 * area
        return (half_outline - square**0.5) / 2 if square > 0 else mean

    @property
    def chosen_among_others(self) -> bool:
        """Whether other marks (digits, a neighbour's stroke, specks) were left out of the digit."""
        digit = float(self.digit.sum())
        return self.several_digits or float(self.ink.sum()) - digit > LEFT_OUT_SHARE * digit


def find_ink(gray: np.ndarray) -> PaperInk | None:
    """The digit's ink in ``gray`` (a 2-D float array in 0-1), or None if there is none."""
    gray = np.asarray(gray, dtype=np.float32)
    if min(gray.shape) < 2:
        return None
    darkness = relative_darkness(gray)
    if darkness is None:
        return None
    contrast, floor, top = darkness
    weak = contrast > floor
    if not weak.any():
        return None
    strong = contrast > floor + STRONG_INK * (top - floor)
    ink = np.clip((contrast - floor) / (top - floor), 0.0, 1.0)
    # Specks of the paper's grain alone (under three of their nine pixels ink) left out.
    horizontal, vertical = line_masks(weak, weak & (_box_blur(weak.astype(np.float32), 1) > 0.3))
    if horizontal.any() or vertical.any():
        ink = _remove_lines(ink, horizontal, vertical)
        weak &= ink > 0
        strong &= ink > 0
    labels, count = label(weak)
    if count == 0:
        return None
    # Hysteresis: a mark counts only if some of it is clearly ink.
    has_strong = np.bincount(labels[strong], minlength=count + 1)[1:] > 0
    keep = np.concatenate([[False], has_strong])
    labels = np.where(keep[labels], labels, 0)
    ink = np.where(labels > 0, ink, 0.0).astype(np.float32)
    if not has_strong.any():
        return None
    field = _dark_field(ink)
    if field is not None:
        inside = _light_on_field(gray, field)
        if inside is not None:
            return inside
    return _digit_among(ink, labels, count)


def _dark_field(ink: np.ndarray) -> np.ndarray | None:
    """The area of a dark, nearly rectangular printed field with holes in it (see
    FIELD_FILL), its holes filled; None when the ink is no such field."""
    # Looked for on a copy BLOT_SEARCH_SIDE pixels across (a field is large), its shape
    # from its clear ink there: a shadow's faint edge beside it is no part of it.
    height, width = ink.shape
    factor = max(height, width) / BLOT_SEARCH_SIDE
    size = (max(1, math.ceil(width / factor)), max(1, math.ceil(height / factor))) if factor > 1 else (width, height)
    small = np.asarray(Image.fromarray(ink.astype(np.float32), mode="F").resize(size, Image.Resampling.BOX))
    labels, count = label(small > 0.5)
    marks = _marks(labels, count, small)
    if not marks:
        return None
    biggest = max(marks, key=lambda mark: mark.mass)
    if biggest.extent < FIELD_SIDE * max(labels.shape):
        return None
    own = labels[biggest.top : biggest.bottom, biggest.left : biggest.right] == biggest.index
    outside, _ = label(np.pad(~own, 1, constant_values=True))
    filled = (outside != outside[0, 0])[1:-1, 1:-1]
    area = float(filled.sum())
    if area - float(own.sum()) < FIELD_HOLES * area:
        return None
    # The rectangle round a shape is the one round its outline: each row's ends are enough.
    rows = np.flatnonzero(filled.any(axis=1))
    first = filled[rows].argmax(axis=1)
    last = filled.shape[1] - 1 - filled[rows, ::-1].argmax(axis=1)
    rows, cols = np.concatenate([rows, rows]), np.concatenate([first, last])
    smallest = math.inf
    for turn in np.radians(np.arange(-FIELD_TURN, FIELD_TURN + 1)):
        across = cols * math.cos(turn) + rows * math.sin(turn)
        down = rows * math.cos(turn) - cols * math.sin(turn)
        smallest = min(smallest, float((np.ptp(across) + 1) * (np.ptp(down) + 1)))
    if area < FIELD_FILL * smallest:
        return None
    field = np.zeros(labels.shape, dtype=np.uint8)
    field[biggest.top : biggest.bottom, biggest.left : biggest.right] = filled
    return np.asarray(Image.fromarray(field * 255).resize((width, height), Image.Resampling.NEAREST)) > 0


def _light_on_field(gray: np.ndarray, field: np.ndarray) -> PaperInk | None:
    """The light digit written on a dark field: the field read on its own, as paper
    (cut out of the picture, the paper round it painted over in the field's colour,
    so the field is all the picture), its light strokes as ink; None when no digit is there."""
    rows = np.flatnonzero(field.any(axis=1))
    cols = np.flatnonzero(field.any(axis=0))
    inset = max(2, round(FIELD_INSET * min(rows[-1] - rows[0], cols[-1] - cols[0])))
    inner = field.copy()
    for _ in range(inset):
        inner = ~_dilate(~inner)
    if not inner.any():
        return None
    # Only the field's box: in the whole picture, a field's light strokes may be under
    # the hundredth of its pixels that tells light ink from dark (see _ink_is_light).
    around = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    painted = np.where(inner, gray, np.float32(np.median(gray[inner]))).astype(np.float32)[around]
    darkness = relative_darkness(painted)
    if darkness is None:
        return None
    field_contrast, floor, top = darkness
    contrast = np.zeros(gray.shape, dtype=np.float32)
    contrast[around] = field_contrast
    weak = contrast > floor
    strong = contrast > floor + STRONG_INK * (top - floor)
    labels, count = label(weak)
    has_strong = np.bincount(labels[strong], minlength=count + 1)[1:] > 0
    if count == 0 or not has_strong.any():
        return None
    labels = np.where(np.concatenate([[False], has_strong])[labels], labels, 0)
    ink = np.where(labels > 0, np.clip((contrast - floor) / (top - floor), 0.0, 1.0), 0.0).astype(np.float32)
    found = _digit_among(ink, labels, count)
    if found is None or found.box[1] - found.box[0] < FIELD_DIGIT * (rows[-1] - rows[0]):
        return None  # no digit-sized light strokes: the field was a blot after all
    return found


def digit_in_ink(ink: np.ndarray) -> PaperInk | None:
    """The digit in ink already found (:attr:`PaperInk.ink`, perhaps edited since:
    the window lets the user erase a smudge or a stray mark), chosen as
    :func:`find_ink` chooses it; None when no mark is left that is clearly ink."""
    ink = np.asarray(ink, dtype=np.float32)
    if min(ink.shape) < 2:
        return None
    labels, count = label(ink > 0)
    if count == 0:
        return None
    has_strong = np.bincount(labels[ink > STRONG_INK], minlength=count + 1)[1:] > 0
    if not has_strong.any():
        return None
    keep = np.concatenate([[False], has_strong])
    labels = np.where(keep[labels], labels, 0)
    return _digit_among(np.where(labels > 0, ink, 0.0).astype(np.float32), labels, count)


def _digit_among(ink: np.ndarray, labels: np.ndarray, count: int) -> PaperInk | None:
    """The digit chosen among the labelled marks of ``ink``, with its soft edge and box."""
    ring = _ring(ink)
    if ring is not None:
        # The ring is the page's (or a reader's) mark, not the digit's: it goes from the
        # ink the window shows and the number reader cuts, too.
        ink = np.where(ring, 0.0, ink).astype(np.float32)
        labels = np.where(ring, 0, labels)
    chosen, marks = _choose_digit(labels, count, ink)
    if chosen is None:
        return None
    digit_mask = _dilate(np.isin(labels, chosen))
    digit = np.where(digit_mask, ink, 0.0).astype(np.float32)
    box = _solid_box(digit)
    if box is None:
        return None
    top, bottom, left, right = box
    inside = np.zeros_like(digit_mask)
    inside[top:bottom, left:right] = True
    return PaperInk(ink, np.where(inside, digit, 0.0).astype(np.float32), box, marks)


def _solid_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """Rows and columns (end exclusive) of the ink's solid part: faint fringes
    (a shadow's edge, a blurred halo) joined to the digit must not widen the crop.
    After a 3x3 average a fringe is faint, a stroke is not."""
    height, width = ink.shape
    solid = _box_blur(ink, 1) > 0.25
    rows = np.flatnonzero(solid.any(axis=1))
    cols = np.flatnonzero(solid.any(axis=0))
    if not len(rows):
        return None
    # One pixel of margin keeps the soft edge that the average pulled inside.
    return max(0, rows[0] - 1), min(height, rows[-1] + 2), max(0, cols[0] - 1), min(width, cols[-1] + 2)


# --- paper and ink -------------------------------------------------------------


def relative_darkness(gray: np.ndarray) -> tuple[np.ndarray, float, float] | None:
    """How much darker than its paper each pixel is (0-1), with the noise floor
    and the ink's typical strength; None when nothing stands out of the paper."""
    if _ink_is_light(gray):
        gray = 1.0 - gray
    paper = _paper_brightness(gray)
    signed = (paper - gray) / np.maximum(paper, 0.02)
    first = _floor_and_top(signed)
    if first is not None and not isinstance(paper, float):
        # Second look: the paper's level from the paper alone (the ink found so far
        # left out), which follows vignetting and shadows closer than the closing can.
        # Each estimate errs on the bright side where the other does not (the closing
        # over vignetted corners, the average across a shadow's sharp edge): the
        # lower of the two is the paper.
        floor, top = first
        ink = signed > floor + 0.25 * (top - floor)
        paper = np.minimum(paper, _paper_without_ink(gray, ink, paper))
        paper = _paper_under_blots(gray, ink, paper)
        signed = (paper - gray) / np.maximum(paper, 0.02)
    levels = _floor_and_top(signed)
    if levels is None:
        return None
    return np.clip(signed, 0.0, 1.0).astype(np.float32), levels[0], levels[1]


def _floor_and_top(signed: np.ndarray) -> tuple[float, float] | None:
    """The level below which darkness is the paper's own noise, and the ink's
    typical darkness; None when nothing stands out. ``signed`` is the relative
    darkness before clipping: paper lighter than its estimate is negative, so the
    noise's spread is measured on both sides."""
    peak = float(signed.max())
    if peak < MIN_CONTRAST:
        return None
    # The levels are statistics: a quarter of a large picture's pixels tell them as well.
    signed = _sample(signed)
    contrast = np.clip(signed, 0.0, 1.0)
    # Paper texture and sensor noise are the bulk of the values: cut above their
    # spread. Clean digital pictures have none, so their soft edges survive.
    threshold = _otsu(contrast)
    weak = signed[signed <= threshold]
    floor = 0.0
    if weak.size:
        median = float(np.median(weak))
        spread = float(np.median(np.abs(weak - median)))
        floor = max(0.0, median + NOISE_FACTOR * spread)
    above = contrast[contrast > max(floor, threshold)]
    top = float(np.percentile(above, 90)) if above.size else peak
    if top - floor < MIN_CONTRAST:
        return None
    return floor, top


def _paper_without_ink(gray: np.ndarray, ink: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """The paper's brightness as a local average of the pixels that are not ink
    (a normalised convolution on a small copy); where ink covers a whole
    neighbourhood, ``fallback`` is kept."""
    height, width = gray.shape
    factor = PAPER_SIDE / max(height, width)
    small_size = (max(4, round(width * factor)), max(4, round(height * factor)))
    paper = (~ink).astype(np.float32)
    weight = np.asarray(Image.fromarray(paper, mode="F").resize(small_size, Image.Resampling.BOX))
    total = np.asarray(Image.fromarray(gray * paper, mode="F").resize(small_size, Image.Resampling.BOX))
    # Blocks that are partly ink carry its dark edge: trust only clean paper blocks.
    weight = np.where(weight > 0.9, weight, 0.0)
    weight_sum = _box_blur(weight, 2)
    level = _box_blur(total * (weight > 0), 2) / np.maximum(weight_sum, 1e-6)
    small_fallback = np.asarray(Image.fromarray(np.broadcast_to(fallback, gray.shape).astype(np.float32), mode="F").resize(small_size, Image.Resampling.BOX))
    level = np.where(weight_sum > 0.05, level, small_fallback).astype(np.float32)
    return np.asarray(Image.fromarray(level, mode="F").resize((width, height), Image.Resampling.BILINEAR))


def _paper_under_blots(gray: np.ndarray, ink: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """The paper's brightness with blots' insides put right. A blot of ink wider than
    the closing's window (a filled disc half the picture across) has an inside the
    closing sees as paper, as dark as the blot: the blot would be found as a ring,
    and a ring is a 0. A large region that ``ink`` encloses and that is about as
    dark as the ink around it is that inside; under it and the ink enclosing it the
    paper is the level of the paper that reaches the picture's edges.

    Only large insides matter, so they are looked for on a copy BLOT_SEARCH_SIDE
    pixels across (a pixel there is ink if any ink falls in it: nothing enclosed
    opens up), many times faster than at full size."""
    height, width = gray.shape
    factor = max(height, width) / BLOT_SEARCH_SIDE
    size = (max(1, math.ceil(width / factor)), max(1, math.ceil(height / factor))) if factor > 1 else (width, height)

    def small(values: np.ndarray) -> np.ndarray:
        return np.asarray(Image.fromarray(values.astype(np.float32), mode="F").resize(size, Image.Resampling.BOX))

    ink_share = small(ink)
    small_ink = ink_share > 0
    regions, count = label(~small_ink)
    if count < 2:
        return paper
    open_paper = np.zeros(count + 1, dtype=bool)
    open_paper[np.concatenate([regions[0], regions[-1], regions[:, 0], regions[:, -1]])] = True
    open_paper[0] = True  # label 0 is the ink
    top, left, bottom, right = _label_boxes(regions, count)
    scale = max(height, width) / max(size)
    large = ~open_paper & (np.maximum(bottom - top, right - left) * scale >= BLOT_INSIDE_SIDE * max(height, width))
    if not large.any():
        return paper
    small_gray = small(gray)
    level = float(np.median(small_gray[open_paper[regions] & (regions > 0)]))
    inside = large[regions]
    which = regions[inside]
    inside_gray = np.bincount(which, weights=small_gray[inside], minlength=count + 1) / np.maximum(np.bincount(which, minlength=count + 1), 1)
    # The ink around each inside, in the pixels next to it: its own grey, paper left out.
    near = _spread_labels(np.where(inside, regions, 0), 1)
    ring = (near > 0) & small_ink
    ink_sum = small(np.where(ink, gray, 0.0))
    ink_gray = np.bincount(near[ring], weights=ink_sum[ring], minlength=count + 1) / np.maximum(
        np.bincount(near[ring], weights=ink_share[ring], minlength=count + 1), 1e-6
    )
    blot_inside = large & (level > ink_gray) & (inside_gray - ink_gray < BLOT_INSIDE_SHARE * (level - ink_gray))
    if not blot_inside.any():
        return paper
    # The blot: its inside and the ink that encloses it (every mark of ink it touches).
    insides = blot_inside[regions]
    marks, _ = label(small_ink)
    touching = np.unique(marks[_spread_labels(insides.astype(np.int32), 1) > 0])
    blot = insides | np.isin(marks, touching[touching > 0])
    blot = np.asarray(Image.fromarray(blot.astype(np.uint8) * 255).resize((width, height), Image.Resampling.NEAREST)) > 0
    return np.where(blot, np.maximum(paper, level), paper).astype(np.float32)


def _label_boxes(labels: np.ndarray, count: int) -> np.ndarray:
    """Each label's rows and columns (top, left, bottom, right; end exclusive), by label."""
    height, width = labels.shape
    rows, cols = np.nonzero(labels)
    which = labels[rows, cols]
    top, left = np.full(count + 1, height), np.full(count + 1, width)
    bottom, right = np.zeros(count + 1, dtype=np.int64), np.zeros(count + 1, dtype=np.int64)
    np.minimum.at(top, which, rows)
    np.minimum.at(left, which, cols)
    np.maximum.at(bottom, which, rows + 1)
    np.maximum.at(right, which, cols + 1)
    return np.stack([top, left, bottom, right])


def _spread_labels(labels: np.ndarray, reach: int) -> np.ndarray:
    """Labels grown by ``reach`` pixels all round (where two meet, the larger wins)."""
    grown = labels.copy()
    for _ in range(reach):
        step = grown.copy()
        np.maximum(step[1:], grown[:-1], out=step[1:])
        np.maximum(step[:-1], grown[1:], out=step[:-1])
        wide = step.copy()
        np.maximum(wide[:, 1:], step[:, :-1], out=wide[:, 1:])
        np.maximum(wide[:, :-1], step[:, 1:], out=wide[:, :-1])
        grown = wide
    return grown


def _ink_is_light(gray: np.ndarray) -> bool:
    """Whether the ink is lighter than the paper: the paper is most of the
    picture, and the ink lies on the far side of it. (The border alone would
    be misled by vignetting, which darkens exactly the border.)"""
    low, paper, high = np.percentile(_sample(gray), [1, 50, 99])
    return float(high) - paper > paper - float(low)


def _sample(values: np.ndarray) -> np.ndarray:
    """Every other row and column of a large picture (all of a small one)."""
    return values[::2, ::2] if values.size > 40_000 else values


def _paper_brightness(gray: np.ndarray) -> np.ndarray | float:
    """The paper's brightness under every pixel (dark ink removed by a closing on
    a small copy, then smoothed and brought back to size)."""
    height, width = gray.shape
    if max(height, width) < 12:
        return float(np.percentile(gray, 90))
    factor = BACKGROUND_SIDE / max(height, width)
    small_size = (max(4, round(width * factor)), max(4, round(height * factor)))
    small = Image.fromarray(gray, mode="F").resize(small_size, Image.Resampling.BOX)
    window = max(3, int(BACKGROUND_SIDE * BACKGROUND_WINDOW) | 1)
    closed = small.filter(ImageFilter.MaxFilter(window)).filter(ImageFilter.MinFilter(window))
    smooth = _box_blur(np.asarray(closed), 2)
    values = np.asarray(smooth, dtype=np.float32)
    if float(values.max() - values.min()) < 0.02:
        return float(np.median(values))  # even light: one level is exact, and faster
    return np.asarray(Image.fromarray(values, mode="F").resize((width, height), Image.Resampling.BILINEAR))


def _box_blur(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean over a (2 radius + 1)-square window, edges repeated."""
    padded = np.pad(values, radius, mode="edge").astype(np.float64)
    size = 2 * radius + 1
    summed = np.cumsum(np.cumsum(padded, axis=0), axis=1)
    summed = np.pad(summed, ((1, 0), (1, 0)))
    total = summed[size:, size:] - summed[:-size, size:] - summed[size:, :-size] + summed[:-size, :-size]
    return (total / (size * size)).astype(np.float32)


def _otsu(values: np.ndarray) -> float:
    """Otsu's threshold of values in 0-1 (the split that best separates two classes)."""
    histogram, edges = np.histogram(values, bins=64, range=(0.0, 1.0))
    weights = histogram.astype(np.float64)
    centres = (edges[:-1] + edges[1:]) / 2
    below = np.cumsum(weights)
    above = below[-1] - below
    sum_below = np.cumsum(weights * centres)
    mean_below = sum_below / np.maximum(below, 1)
    mean_above = (sum_below[-1] - sum_below) / np.maximum(above, 1)
    between = below * above * (mean_below - mean_above) ** 2
    return float(edges[int(np.argmax(between)) + 1])


# --- lines and frames ------------------------------------------------------------


def line_masks(mask: np.ndarray, clear: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pixels of ``mask`` on straight horizontal and vertical lines: ruled and
    squared-paper lines and margin lines across the picture, thicker frame lines near
    its edges, and printed boxes anywhere in it (a box round a digit, a comb of boxes).

    Boxes are looked for in ``clear`` (the clearly dark part of ``mask``, when given):
    they are looked for on a coarse copy, where the paper's grain, a speck a pixel,
    would add up to lines."""
    horizontal, vertical = _ruled_lines(mask)
    printed_horizontal, printed_vertical = _printed_frames(mask if clear is None else clear)
    if clear is not None:
        # The lines' soft edges, too faint to be clear, go with them.
        printed_horizontal, printed_vertical = _dilate(printed_horizontal) & mask, _dilate(printed_vertical) & mask
    return horizontal | printed_horizontal, vertical | printed_vertical


def _ruled_lines(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lines across the picture, and frame lines along its edges."""
    height, width = mask.shape
    if max(height, width) > LINE_SEARCH_SIDE:
        # Lines are found on a half-size copy (a pixel there is ink if any of its
        # four was), four times faster, then marked on the ink at full size.
        small = mask[: height // 2 * 2, : width // 2 * 2]
        small = small[0::2, 0::2] | small[1::2, 0::2] | small[0::2, 1::2] | small[1::2, 1::2]
        horizontal, vertical = _ruled_lines(small)
        return tuple(_fit(found.repeat(2, axis=0).repeat(2, axis=1), mask.shape) & mask for found in (horizontal, vertical))
    return _horizontal_lines(mask), _horizontal_lines(mask.T).T


def _fit(values: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    out = np.zeros(shape, dtype=values.dtype)
    out[: values.shape[0], : values.shape[1]] = values[: shape[0], : shape[1]]
    return out


def _horizontal_lines(mask: np.ndarray) -> np.ndarray:
    height, width = mask.shape
    side = max(height, width)
    lines = np.zeros_like(mask)
    if width < 24 or height < 8:
        return lines
    # No band of rows holds enough ink for a line across: nothing to look for.
    drift = max(1, int(0.025 * width))
    counts = np.convolve(mask.sum(axis=1), np.ones(2 * drift + 1), mode="same")
    if not (counts >= LINE_SPAN * width).any():
        return lines
    vertical_runs = _run_lengths(mask, axis=0)
    rows = np.arange(height)
    near_edge = (rows < EDGE_BAND * height) | (rows >= (1 - EDGE_BAND) * height)
    for thickness, allowed, reach_fraction in ((LINE_THICKNESS, None, LINE_REACH), (FRAME_THICKNESS, near_edge, FRAME_REACH)):
        limit = max(2, int(round(thickness * side)))
        thin = mask & (vertical_runs <= limit)
        if allowed is not None:
            thin &= allowed[:, None]
        # A line may tilt a little (a step of a pixel up or down), and where another
        # line crosses it, it is not thin: bridge such short gaps.
        tolerant = thin.copy()
        tolerant[1:] |= thin[:-1]
        tolerant[:-1] |= thin[1:]
        gap = max(1, int(0.006 * side))
        bridged = tolerant.copy()
        for shift in range(1, gap + 1):
            bridged[:, shift:] |= tolerant[:, :-shift]
            bridged[:, :-shift] |= tolerant[:, shift:]
        tolerant = bridged
        local = max(6, int(0.12 * width))
        runs = tolerant & (_run_lengths(tolerant, axis=1) >= local)
        if not runs.any():
            continue
        # Over the whole width a tilted line drifts a few rows: count its runs in a band.
        band = np.zeros_like(runs)
        for shift in range(-drift, drift + 1):
            if shift >= 0:
                band[shift:] |= runs[: height - shift]
            else:
                band[:shift] |= runs[-shift:]
        coverage = band.sum(axis=1) / width
        # Rulings, margins and frames cross the whole picture; a digit's stroke stops short.
        reach = max(1, int(reach_fraction * width))
        crosses = band[:, :reach].any(axis=1) & band[:, -reach:].any(axis=1)
        line_rows = (coverage >= LINE_SPAN) & crosses
        if line_rows.any():
            lines |= thin & runs & line_rows[:, None] | (thin & _spread_rows(runs & line_rows[:, None]))
    return lines & mask


@dataclass
class _Segment:
    """A straight horizontal run of thin ink (vertical ones are found as horizontal
    ones of the transposed mask): its label among the runs, its first and last
    columns (end exclusive), and its rows at either end."""

    index: int
    left: int
    right: int
    row_left: float
    row_right: float

    @property
    def length(self) -> int:
        return self.right - self.left

    def row_at(self, column: float) -> float:
        share = (column - self.left) / max(1, self.length - 1)
        return self.row_left + share * (self.row_right - self.row_left)


def _printed_frames(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pixels of boxes printed anywhere in the picture: a box round a digit, a comb
    of boxes or of ticks on a baseline, however far from the edges.

    A digit's strokes may be straight and long (a 1, a 7's bar), but they never
    make three sides of a rectangle: two parallel straight lines whose ends are
    joined by a third, square to both (a U, with its corners at the lines' ends).
    Each side of such a U is printing; so are the lines whose both ends lie on
    printing (a comb's walls between its boxes, when the boxes are wider in all
    than tall), and the teeth of a comb: lines with one end on printing as long as
    the comb's end teeth, which make its U."""
    height, width = mask.shape
    none = np.zeros_like(mask)
    # Frames are large: they are looked for on a copy of about FRAME_SEARCH_PIXELS (a
    # pixel there is ink if any of its own were), then marked on the ink at full size.
    factor = max(1, min(math.ceil(math.sqrt(height * width / FRAME_SEARCH_PIXELS)), min(height, width) // FRAME_SEARCH_SHORT))
    if factor > 1:
        rows, columns = -(-height // factor) * factor, -(-width // factor) * factor
        padded = np.zeros((rows, columns), dtype=bool)
        padded[:height, :width] = mask
        small = padded.reshape(rows // factor, factor, columns // factor, factor).any(axis=(1, 3))
        found = _printed_frames(small)
        return tuple(_fit(f.repeat(factor, axis=0).repeat(factor, axis=1), mask.shape) & mask for f in found)
    short = min(height, width)
    if short < 16:
        return none, none
    # A U has lines of both kinds: without a horizontal one, no need to look further.
    horizontal, h_labels, h_thin = _straight_segments(mask, short)
    if not horizontal:
        return none, none
    vertical, v_labels, v_thin = _straight_segments(mask.T, short)
    if not vertical or len(horizontal) + len(vertical) < 3:
        return none, none
    # Every segment in its own frame: a horizontal one in (row, column), a vertical one
    # in (column, row); kind 0 or 1. An end of one kind, in its own frame, is (across,
    # along) in the other kind's frame: its first coordinate runs along the other line.
    segments = horizontal + vertical
    kind = np.array([0] * len(horizontal) + [1] * len(vertical))
    left = np.array([s.left for s in segments], dtype=np.float64)
    last = np.array([s.right - 1 for s in segments], dtype=np.float64)
    row_left = np.array([s.row_left for s in segments])
    row_right = np.array([s.row_right for s in segments])
    length = last - left + 1
    reach = max(3.0, FRAME_CORNER * short)
    # ends[i, e]: (row, column) of end e of segment i, in its own frame.
    ends = np.stack([np.stack([row_left, left], axis=1), np.stack([row_right, last], axis=1)], axis=1)
    across, along = ends[:, :, 0][:, :, None], ends[:, :, 1][:, :, None]  # (segment, end, other)
    slope = (row_right - row_left) / np.maximum(1.0, length - 1)
    row_there = row_left + (across - left) * slope
    on = (
        (kind[:, None, None] != kind[None, None, :])
        & (across >= left - reach)
        & (across <= last + reach)
        & (np.abs(row_there - along) <= reach)
    )
    at_end = on & (np.minimum(np.abs(across - left), np.abs(across - last)) <= reach)
    # A U: both ends of a line at a corner (an end of a square line), both those lines on one side.
    printing = np.zeros(len(segments), dtype=bool)
    teeth: dict[int, list[int]] = {}  # a U's base -> its two end teeth
    middle = (left + last) / 2
    for i in np.flatnonzero(at_end[:, 0].any(axis=1) & at_end[:, 1].any(axis=1)):
        for first in np.flatnonzero(at_end[i, 0]):
            side = np.sign(middle[first] - ends[i, 0, 0])
            partners = np.flatnonzero(at_end[i, 1] & (np.sign(middle - ends[i, 1, 0]) == side) & (np.arange(len(segments)) != first))
            # A frame holds a digit: a U as small as a digit's own parts (a 5's flag) is none.
            partners = partners[length[i] * np.minimum(length[partners], length[first]) >= FRAME_AREA * short * short]
            # ...and it holds one: a digit's own U (a squared 2's or 5's top bar, side and
            # middle bar) is as large as a frame's, but nothing is written inside it, or
            # only a straight stroke ending on it (a squared 3's middle bar).
            base_row = (row_left[i] + row_right[i]) / 2
            held = []
            for partner in partners:
                members = np.isin(np.arange(len(segments)), (i, first, partner))
                attached = on[:, :, members].any(axis=(1, 2)) & ~members
                inside = mask & ~_segment_pixels(attached, kind, segments, h_labels, h_thin, v_labels, v_thin)
                plane = inside if kind[i] == 0 else inside.T
                if _holds_ink(plane, base_row, side, min(length[partner], length[first]), left[i], last[i]):
                    held.append(partner)
            partners = held
            if side != 0 and len(partners):
                printing[[i, first, partners[0]]] = True
                teeth.setdefault(int(i), []).extend((int(first), int(partners[0])))
                break
    if not printing.any():
        return none, none
    # Walls: both ends on printing, in a frame wider than the wall is long (a comb's boxes).
    on_printing = on & printing[None, None, :]
    long_enough = length[None, None, :] >= 1.3 * length[:, None, None]
    printing |= (on_printing & long_enough).any(axis=2).all(axis=1)
    # Teeth: one end on a comb's base, as long as the base's end teeth (short beside the base).
    for base, ends_teeth in teeth.items():
        for tooth in ends_teeth:
            if length[tooth] <= 0.5 * length[base]:
                similar = np.abs(length - length[tooth]) <= 0.3 * length[tooth]
                printing |= on[:, :, base].any(axis=1) & similar
    chosen_h = [segments[i].index for i in np.flatnonzero(printing) if kind[i] == 0]
    chosen_v = [segments[i].index for i in np.flatnonzero(printing) if kind[i] == 1]
    return h_thin & np.isin(h_labels, chosen_h), (v_thin & np.isin(v_labels, chosen_v)).T


def _segment_pixels(chosen: np.ndarray, kind: np.ndarray, segments: list[_Segment], h_labels: np.ndarray, h_thin: np.ndarray, v_labels: np.ndarray, v_thin: np.ndarray) -> np.ndarray:
    """The thin ink of the ``chosen`` segments, in the picture's own orientation."""
    chosen_h = [segments[k].index for k in np.flatnonzero(chosen & (kind == 0))]
    chosen_v = [segments[k].index for k in np.flatnonzero(chosen & (kind == 1))]
    return (h_thin & np.isin(h_labels, chosen_h)) | (v_thin & np.isin(v_labels, chosen_v)).T


def _holds_ink(plane: np.ndarray, base_row: float, side: float, depth: float, left: float, last: float) -> bool:
    """Whether there is ink inside a U (its base along row ``base_row`` from column
    ``left`` to ``last``, its sides ``depth`` long towards ``side``), away from its sides
    and from its open end, where the digit's own strokes meet its corners."""
    height, width = plane.shape
    margin_along = max(2, FRAME_INSIDE * (last - left))
    margin_across = max(2, FRAME_INSIDE * depth)
    first_row, last_row = sorted((base_row + side * margin_across, base_row + side * (depth - margin_across)))
    rows = slice(max(0, math.ceil(first_row)), min(height, math.floor(last_row) + 1))
    columns = slice(max(0, math.ceil(left + margin_along)), min(width, math.floor(last - margin_along) + 1))
    inside = plane[rows, columns]
    return inside.size > 0 and int(inside.sum()) >= max(4, FRAME_INK * inside.size)


def _straight_segments(mask: np.ndarray, short: int) -> tuple[list[_Segment], np.ndarray, np.ndarray]:
    """The straight, thin, nearly horizontal runs of ink at least FRAME_SIDE of
    ``short`` long (gaps where a stroke crosses them bridged); their labels; and the thin ink."""
    height, width = mask.shape
    limit = max(2, int(round(FRAME_LINE_THICKNESS * short)))
    thin = mask & (_run_lengths(mask, axis=0) <= limit)
    tolerant = thin.copy()
    tolerant[1:] |= thin[:-1]
    tolerant[:-1] |= thin[1:]
    # Bridge gaps along the rows up to a stroke's width where they are ink (where a
    # digit's stroke crosses or ends on a line, the line is not thin), and gaps of a
    # pixel or two anywhere; never wider gaps of paper, where the paper's grain would
    # join up into lines.
    gap = max(2, int(FRAME_GAP * short))
    columns = np.arange(width)[None, :]
    last = columns - np.maximum.accumulate(np.where(tolerant, columns, -width), axis=1)
    following = np.minimum.accumulate(np.where(tolerant, columns, 2 * width)[:, ::-1], axis=1)[:, ::-1] - columns
    bridged = tolerant | (mask & (last <= gap) & (following <= gap)) | ((last <= 2) & (following <= 2))
    local = max(6, int(0.06 * short))
    runs = bridged & (_run_lengths(bridged, axis=1) >= local)
    labels, count = label(runs)
    if count == 0:
        return [], labels, thin
    rows, cols = np.nonzero(labels)
    which = labels[rows, cols]
    left = np.full(count + 1, width)
    right = np.zeros(count + 1, dtype=np.int64)
    top = np.full(count + 1, height)
    bottom = np.zeros(count + 1, dtype=np.int64)
    np.minimum.at(left, which, cols)
    np.maximum.at(right, which, cols + 1)
    np.minimum.at(top, which, rows)
    np.maximum.at(bottom, which, rows + 1)
    length = right - left
    # Straight: its rows drift no more than a page turned a little makes them.
    straight = (length >= FRAME_SIDE * short) & (bottom - top <= limit + 2 + FRAME_TILT * length)
    straight[0] = False
    if not straight.any():
        return [], labels, thin
    # Each one's row at its two ends: the mean row of its tenth at either end.
    end_width = np.maximum(2, length // 10)
    at_left = cols < left[which] + end_width[which]
    at_right = cols >= right[which] - end_width[which]
    row_left = np.bincount(which[at_left], rows[at_left], count + 1) / np.maximum(np.bincount(which[at_left], minlength=count + 1), 1)
    row_right = np.bincount(which[at_right], rows[at_right], count + 1) / np.maximum(np.bincount(which[at_right], minlength=count + 1), 1)
    # Straight all along, not only from end to end: no pixel strays from the line
    # joining its ends by more than half a thin line (a bowl's arc, a 5's or a 0's, does).
    slope = (row_right - row_left) / np.maximum(1, length - 1)
    strays = np.abs(rows - (row_left[which] + (cols - left[which]) * slope[which]))
    stray = np.zeros(count + 1)
    np.maximum.at(stray, which, strays)
    straight &= stray <= limit / 2 + 1.5
    longest = np.flatnonzero(straight)[np.argsort(-length[straight], kind="stable")][:MAX_SEGMENTS]
    segments = [_Segment(int(i), int(left[i]), int(right[i]), float(row_left[i]), float(row_right[i])) for i in longest]
    return segments, labels, thin


def _spread_rows(marks: np.ndarray) -> np.ndarray:
    spread = marks.copy()
    spread[1:] |= marks[:-1]
    spread[:-1] |= marks[1:]
    return spread


def _run_lengths(mask: np.ndarray, axis: int) -> np.ndarray:
    """For every True pixel, the length of the run of True it lies in along ``axis``."""
    values = mask if axis == 0 else mask.T
    forward = _running_count(values)
    backward = _running_count(values[::-1])[::-1]
    lengths = np.where(values, forward + backward - 1, 0)
    return lengths if axis == 0 else lengths.T


def _running_count(values: np.ndarray) -> np.ndarray:
    """Consecutive True values so far down each column, restarting at every False."""
    counts = np.cumsum(values, axis=0, dtype=np.int32)
    restart = np.maximum.accumulate(np.where(values, 0, counts), axis=0)
    return counts - restart


def _remove_lines(ink: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """Ink with line pixels removed, except where a stroke crosses the line: there
    the ink just beside the line (the lesser of its two sides) is carried across."""
    cleaned = _bridge(ink, horizontal)
    return _bridge(cleaned.T, vertical.T).T


def _bridge(values: np.ndarray, on_line: np.ndarray) -> np.ndarray:
    """Replace pixels of horizontal lines by the lesser of the values just above and below."""
    if not on_line.any():
        return values
    height = values.shape[0]
    index = np.arange(height)[:, None]
    above = np.maximum.accumulate(np.where(on_line, -1, index), axis=0)
    below = np.minimum.accumulate(np.where(on_line, height, index)[::-1], axis=0)[::-1]
    columns = np.arange(values.shape[1])[None, :]
    from_above = np.where(above >= 0, values[np.clip(above, 0, height - 1), columns], 0.0)
    from_below = np.where(below < height, values[np.clip(below, 0, height - 1), columns], 0.0)
    return np.where(on_line, np.minimum(from_above, from_below), values).astype(np.float32)


# --- marks and the digit -------------------------------------------------------


def label(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected components of ``mask``: labels 1..count (0 is background).

    Works on runs of pixels along rows, joined to overlapping runs of the row
    above, then merged by label propagation: a few vectorised passes.
    """
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    start_rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)  # exclusive; in the same order as the starts
    count = len(starts)
    if count == 0:
        return np.zeros(mask.shape, dtype=np.int32), 0
    stride = width + 2
    start_keys = start_rows * stride + starts
    end_keys = start_rows * stride + ends
    # Runs of the previous row touching run i (8-connected): their end >= start_i
    # and their start <= end_i (both in the previous row's key space).
    previous = (start_rows - 1) * stride
    first = np.searchsorted(end_keys, previous + starts, side="left")
    last = np.searchsorted(start_keys, previous + ends, side="right")
    links = np.maximum(last - first, 0)
    links[start_rows == 0] = 0
    sources = np.repeat(np.arange(count), links)
    offsets = np.arange(links.sum()) - np.repeat(np.cumsum(links) - links, links)
    targets = np.repeat(first, links) + offsets
    roots = np.arange(count)
    while True:
        low = np.minimum(roots[sources], roots[targets])
        updated = roots.copy()
        np.minimum.at(updated, sources, low)
        np.minimum.at(updated, targets, low)
        updated = updated[updated]
        updated = updated[updated]
        if np.array_equal(updated, roots):
            break
        roots = updated
    unique, run_labels = np.unique(roots, return_inverse=True)
    run_labels = run_labels + 1
    flat = np.zeros(height * width, dtype=np.int32)
    lengths = ends - starts
    pixel_runs = np.repeat(np.arange(count), lengths)
    pixel_offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    positions = start_rows[pixel_runs] * width + starts[pixel_runs] + pixel_offsets
    flat[positions] = run_labels[pixel_runs]
    return flat.reshape(height, width), len(unique)


@dataclass
class _Mark:
    index: int
    mass: float
    top: int
    bottom: int
    left: int
    right: int
    touches_edge: bool

    @property
    def extent(self) -> int:
        return max(self.bottom - self.top, self.right - self.left)


def _marks(labels: np.ndarray, count: int, ink: np.ndarray) -> list[_Mark]:
    height, width = labels.shape
    rows, cols = np.nonzero(labels)
    which = labels[rows, cols]
    mass = np.bincount(which, weights=ink[rows, cols], minlength=count + 1)
    top = np.full(count + 1, height)
    left = np.full(count + 1, width)
    bottom = np.zeros(count + 1, dtype=np.int64)
    right = np.zeros(count + 1, dtype=np.int64)
    np.minimum.at(top, which, rows)
    np.minimum.at(left, which, cols)
    np.maximum.at(bottom, which, rows + 1)
    np.maximum.at(right, which, cols + 1)
    marks = []
    for index in range(1, count + 1):
        if mass[index] <= 0:
            continue
        edge = top[index] == 0 or left[index] == 0 or bottom[index] == height or right[index] == width
        marks.append(_Mark(index, float(mass[index]), int(top[index]), int(bottom[index]), int(left[index]), int(right[index]), bool(edge)))
    return marks


def _choose_digit(labels: np.ndarray, count: int, ink: np.ndarray) -> tuple[list[int] | None, int]:
    """The labels of the digit's marks, and how many digit-sized groups there are.

    The digit is the group grown from the mark that best combines size and
    closeness to the centre; a mark cut by the picture's edge is most likely a
    neighbour's, so it weighs less unless it reaches well inside.
    """
    height, width = labels.shape
    marks = _marks(labels, count, ink)
    if not marks:
        return None, 0
    side = max(height, width)

    def weight(mark: _Mark) -> float:
        centre_row = (mark.top + mark.bottom) / 2 / height - 0.5
        centre_col = (mark.left + mark.right) / 2 / width - 0.5
        closeness = float(np.exp(-(centre_row**2 + centre_col**2) / (2 * 0.22**2)))
        edge = 0.35 if mark.touches_edge else 1.0
        return mark.mass * closeness * edge

    ranked = sorted(marks, key=weight, reverse=True)
    seed = ranked[0]
    if seed.extent < max(2.0, 0.04 * side):
        return None, 0  # only a dot or specks
    group = [seed]
    box = [seed.top, seed.bottom, seed.left, seed.right]
    remaining = [m for m in marks if m is not seed]
    grew = True
    while grew:
        grew = False
        size = max(box[1] - box[0], box[3] - box[2])
        gap = max(2.0, GROUP_GAP * size)
        for mark in list(remaining):
            distance = max(box[0] - mark.bottom, mark.top - box[1], box[2] - mark.right, mark.left - box[3], 0)
            if distance > gap:
                continue
            if mark.extent < SPECK_SIZE * size and distance > max(2, 0.03 * size):
                continue  # a speck beside the digit, not part of it
            if mark.touches_edge and (_beyond(mark, box, height, width) or _frame_like(mark, side)):
                continue  # a neighbour's stroke entering from the edge
            group.append(mark)
            remaining.remove(mark)
            box = [min(box[0], mark.top), max(box[1], mark.bottom), min(box[2], mark.left), max(box[3], mark.right)]
            grew = True
    digit_height = box[1] - box[0]
    digit_mass = sum(m.mass for m in group)
    others = [
        m
        for m in remaining
        if not m.touches_edge and (m.bottom - m.top) >= 0.5 * digit_height and m.mass >= 0.2 * digit_mass
    ]
    return [m.index for m in group], 1 + len(others)


def _ring(ink: np.ndarray) -> np.ndarray | None:
    """The pixels of a ring drawn or printed round the rest of the ink (see RING_TURN),
    None when there is none. A 0, 6, 8 or 9 is no ring: their loops hold no separate
    mark, or only a dot or a smudge; a slashed 0's slash touches it, so it is one mark.

    Marks are told apart by their clear ink: a blurred photo's faint halo may join a
    ring to a digit that its pen never touched."""
    labels, count = label(ink > STRONG_INK)
    if count < 2:
        return None
    marks = _marks(labels, count, ink)
    if len(marks) < 2:
        return None
    ring = max(marks, key=lambda mark: mark.extent)
    size = ring.extent
    inner = [m for m in marks if m is not ring and m.extent >= SPECK_SIZE * size]
    inside = [m for m in inner if m.top > ring.top and m.bottom < ring.bottom and m.left > ring.left and m.right < ring.right]
    if not inside or len(inside) < len(inner):
        return None
    top, bottom = min(m.top for m in inside), max(m.bottom for m in inside)
    left, right = min(m.left for m in inside), max(m.right for m in inside)
    if bottom - top < RING_INNER * (ring.bottom - ring.top):
        return None
    own = labels[ring.top : ring.bottom, ring.left : ring.right] == ring.index
    rows, cols = np.nonzero(own)
    angles = np.arctan2(rows + ring.top - (top + bottom - 1) / 2, cols + ring.left - (left + right - 1) / 2)
    directions = np.unique(((angles + math.pi) / (2 * math.pi) * RING_DIRECTIONS).astype(int) % RING_DIRECTIONS)
    if len(directions) < RING_TURN:
        return None
    if stroke_width(np.where(own, ink[ring.top : ring.bottom, ring.left : ring.right], 0.0)) > RING_WIDTH * size:
        return None
    indices = [m.index for m in inside]
    held = np.where(np.isin(labels[top:bottom, left:right], indices), ink[top:bottom, left:right], 0.0)
    if is_blot(held):
        return None
    # The ring's faint edge goes with it.
    return _dilate(labels == ring.index) & (ink > 0)


def _frame_like(mark: _Mark, side: int) -> bool:
    """A long, thin mark at the edge: what is left of a cell border or a box frame."""
    thickness = min(mark.bottom - mark.top, mark.right - mark.left)
    return thickness <= FRAME_THICKNESS * side * 1.5 and mark.extent >= 0.5 * side


def _beyond(mark: _Mark, box: list[int], height: int, width: int) -> bool:
    """Whether a mark at the picture's edge lies beside the digit, toward that edge
    (a neighbour's stroke), rather than over or along it (a part of the digit)."""

    def overlap(low: int, high: int, box_low: int, box_high: int) -> float:
        return max(0, min(high, box_high) - max(low, box_low)) / max(1, high - low)

    if mark.left == 0 or mark.right == width:
        if overlap(mark.left, mark.right, box[2], box[3]) < 0.25:
            return True
    if mark.top == 0 or mark.bottom == height:
        if overlap(mark.top, mark.bottom, box[0], box[1]) < 0.25:
            return True
    return False


def _dilate(mask: np.ndarray) -> np.ndarray:
    """A mask grown by one pixel all round (keeps a stroke's soft edge with it)."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    return wide


# --- stroke width ---------------------------------------------------------------


def stroke_width(ink: np.ndarray) -> float:
    """The mean width of the strokes in ``ink``, in pixels: twice the ink's area
    over its outline's length, both read from the grey levels (so anti-aliased
    edges count fairly, at any angle)."""
    values = np.pad(ink.astype(np.float64), 1)
    rows = np.diff(values, axis=0)
    cols = np.diff(values, axis=1)
    # Gradients at pixel centres, then their length: the outline, by the coarea formula.
    along_rows = (rows[:-1, 1:-1] + rows[1:, 1:-1]) / 2
    along_cols = (cols[1:-1, :-1] + cols[1:-1, 1:]) / 2
    outline = float(np.hypot(along_rows, along_cols).sum())
    return 2 * float(values.sum()) / outline if outline > 0 else 0.0


# --- blots ------------------------------------------------------------------------


def is_blot(ink: np.ndarray) -> bool:
    """Whether ``ink`` (a digit's, cropped to its box) is a filled blot rather than
    a digit: a disc or a fat ellipse of ink with no hole. A 0 is a ring, however bold
    (MNIST's boldest keep a hole a few pixels across); a blot has none, and the
    model, which has never seen one, reads it as a confident 0."""
    side = max(ink.shape)
    if side < 4 or stroke_width(ink) <= BLOT_WIDTH * side:
        return False
    solid = ink > 0.5
    hull = _hull_pixels(solid)
    if hull <= 0 or float(solid.sum()) < BLOT_SOLIDITY * hull:
        return False
    return not _has_hole(solid, BLOT_HOLE * solid.size)


def _hull_pixels(mask: np.ndarray) -> float:
    """How many pixels the convex hull of ``mask``'s pixels holds (their centres
    inside it or on its edge): for a digitised disc, as many as the disc has.

    The hull of a row's pixels is that of its first and last, so two points a row
    are enough (Andrew's monotone chain); then Pick's theorem: a polygon with
    corners on pixel centres, of area A with B centres on its edges, holds
    A + B / 2 + 1 of them."""
    rows = np.flatnonzero(mask.any(axis=1))
    if not len(rows):
        return 0.0
    first = mask[rows].argmax(axis=1)
    last = mask.shape[1] - 1 - mask[rows, ::-1].argmax(axis=1)
    points = np.unique(np.concatenate([np.stack([first, rows], axis=1), np.stack([last, rows], axis=1)]), axis=0)
    if len(points) < 3:
        return float(mask.sum())  # a line of pixels is its own hull

    def half(ordered: np.ndarray) -> list[np.ndarray]:
        chain: list[np.ndarray] = []
        for point in ordered:
            while len(chain) >= 2:
                (ox, oy), (ax, ay) = chain[-2], chain[-1]
                if (ax - ox) * (point[1] - oy) - (ay - oy) * (point[0] - ox) > 0:
                    break
                chain.pop()
            chain.append(point)
        return chain[:-1]

    hull = np.array(half(points) + half(points[::-1]), dtype=np.int64)
    x, y = hull[:, 0], hull[:, 1]
    area = 0.5 * abs(int(np.dot(x, np.roll(y, 1))) - int(np.dot(y, np.roll(x, 1))))
    on_edges = int(np.gcd(np.abs(x - np.roll(x, 1)), np.abs(y - np.roll(y, 1))).sum())
    return area + on_edges / 2 + 1


def _has_hole(solid: np.ndarray, min_area: float) -> bool:
    """Whether ``solid`` encloses a region of background of at least ``min_area`` pixels."""
    padded = np.pad(~solid, 1, constant_values=True)  # the outside, joined all round
    regions, count = label(padded)
    if count < 2:
        return False
    sizes = np.bincount(regions.ravel(), minlength=count + 1)
    sizes[0] = 0
    sizes[regions[0, 0]] = 0  # the outside
    return bool((sizes >= max(1.0, min_area)).any())
