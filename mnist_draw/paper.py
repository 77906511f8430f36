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
4. ruled and squared-paper lines (turned in the photo too), margin lines, frames
   along the edges and printed boxes and combs removed as long thin straight runs,
   with strokes crossing them kept;
5. a dark printed field with a light digit written on it read as the digit's
   paper (the light strokes as ink), and a ring drawn or printed round the ink
   taken out when what it holds is digit-sized, apart from it or touching it;
   the fingers of a hand holding the page, in from the border, much wider than the
   strokes and soft-edged, left out (fingers.py), and so are the keys of a keyboard
   along the border, a row of solid marks of one size (keyboard.py);
6. the digit chosen as the central, plausible group of connected marks;
   specks, fragments at the border and far marks are left out, and so is ink
   clearly fainter than the digit's strokes grouped with them (a crease, the
   back page's digit showing through, a shadow: faint_ink.py), the digit then
   chosen again without it.

:func:`digit_in_ink` repeats the ring's removal and step 6 on ink found before and
edited since (the window's eraser), so an edited picture is read as a fresh one would be.

Steps 1 to 3 are paper_brightness.py's, 4 and 5 printing.py's, ring.py's and fingers.py's
(the light digit on a dark field is read here, the field as paper of its own); the marks of step 6 are
marks.py's, the digit is chosen among them here. ink_shape.py measures the digit's
strokes and tells a filled blot of ink (a disc, no hole) from a digit.

Pure numpy and Pillow (their C filters), no image library: OpenCV would add
about 150 MB to the frozen program, and these steps need only a few of its
functions. No Qt, no TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .faint_ink import faint_pieces, shadow_along_border
from .fingers import finger_mask
from .ink_shape import stroke_width
from .keyboard import key_mask
from .marks import SPECK_SIZE, STRONG_INK, Mark, dilate, label, marks_of
from .paper_brightness import box_blur, ink_is_light, is_pixel_noise, relative_darkness
from .printing import FIELD_DIGIT, FIELD_INSET, FRAME_THICKNESS, dark_field, line_masks, remove_lines
from .ring import ring_mask

# A digit's larger side is at least this share of the picture's: a smaller mark is a dot.
# find_ink and digit_in_ink take another share for a picture shrunk from a large photo
# (see close_up.py), where a digit written on a page photographed whole is smaller.
SMALLEST_DIGIT = 0.04
# Marks within this fraction of the digit's size from it belong to it.
GROUP_GAP = 0.3
# Ink left out of the digit beyond this share of the digit's own means the digit
# was chosen among other marks (the window then shows which one is read).
LEFT_OUT_SHARE = 0.02
# A digit's ink wider than this many times its height is most likely several
# digits written close together (a number), grouped as one.
WIDE_AS_DIGITS = 1.5
# Another digit-sized mark is the digit's neighbour in a number when it lies in a row with
# it (their rows overlapping by half the smaller's height, neither over ROW_HEIGHTS times
# the other's height) at most ROW_GAP of the taller's height beside it, or in a column with
# it (their columns overlapping by half the narrower's width) as far above or below (a
# number's digits stacked, two lines of writing), or anywhere within NEAR_GAP of it. A
# number written small with its digits spaced up to 3 heights apart is a row (at ROW_GAP 2,
# gaps of 2.5-3 heights, and two digits stacked 1.5 heights apart, read as a sure digit:
# half the number); a speck, punched holes or a page number across the page lie tens of
# heights off (the photo simulator's "small_far_marks": FAR_MARKS heights at least).
ROW_HEIGHTS = 2.0
ROW_GAP = 4.0
NEAR_GAP = 1.0
# A digit's solid part (paper._solid_box): where the ink's 3x3 average is above SOLID_AVERAGE
# (a fringe is fainter), or, for a mark with no pixel that high, above FAINT_CORE of its highest.
SOLID_AVERAGE = 0.25
FAINT_CORE = 0.75
# A shadow's edge chosen as the digit is left out (faint_ink.shadow_along_border) and the
# digit chosen again, as often as this: a page vignetted shows as many dark corners.
SHADOW_EDGES = 4
# A dark field filling most of a picture whose ink looks light is read as a field, not
# as the picture's paper, when the page round it covers at least this share of the
# picture's border, lighter than the field by at least PAGE_LIGHTER (0-1).
PAGE_ROUND_FIELD = 0.25
PAGE_LIGHTER = 0.2
# A dark field along at least this share of one side of the picture, over less than
# FIELD_BAND_AREA of the picture, with writing on the page beside it, is a band along its
# border (a laptop's keyboard beside the page, its letters light on dark keys), not a field
# printed on the page: its letters were read as the digit, and the number written on the
# page beside it not at all. With the page blank it is a dark label or board photographed
# with the wall round it, and the light digit on it is read.
FIELD_ALONG = 0.5
FIELD_BAND_AREA = 0.5
# A mark along at least this share of the picture's border is what the page lies on (a
# desk round a sticky note or a page photographed whole, a dark mount), never the digit:
# a digit cut by the picture's edge runs along little of it, a frame's or a cell border's
# line along one side (a quarter of a square picture's border, 0.29 of a 4:3 one's).
SURROUND_SHARE = 0.3
# Such a mark alone in the picture is the desk (a blank note) only when it runs along at
# least SURROUND_SIDES of the four sides, each for at least SURROUND_SIDE_SHARE of it: a
# digit cropped close runs as far along two.
SURROUND_SIDES = 3
SURROUND_SIDE_SHARE = 0.25
# It is alone when no other mark is this share of the picture's side across (specks and
# dots are not digits to prefer to it).
SURROUND_DIGIT = 0.1


Box = tuple[int, int, int, int]  # top, bottom, left, right, end exclusive


def beside(digit: Box, other: Box) -> bool:
    """Whether the mark in box ``other`` lies beside the digit in box ``digit`` as another
    digit of its number or its writing does: in a row with it (ROW_HEIGHTS) or a column, and
    close (ROW_GAP), or close in any direction (NEAR_GAP)."""
    top, bottom, left, right = digit
    other_top, other_bottom, other_left, other_right = other
    height, other_height = max(1, bottom - top), max(1, other_bottom - other_top)
    width, other_width = max(1, right - left), max(1, other_right - other_left)
    taller = max(height, other_height)
    across = max(other_left - right, left - other_right, 0)
    up_down = max(other_top - bottom, top - other_bottom, 0)
    if max(across, up_down) <= NEAR_GAP * taller:
        return True
    rows_shared = min(bottom, other_bottom) - max(top, other_top)
    in_a_row = rows_shared >= 0.5 * min(height, other_height) and taller <= ROW_HEIGHTS * min(height, other_height)
    columns_shared = min(right, other_right) - max(left, other_left)
    in_a_column = columns_shared >= 0.5 * min(width, other_width) and taller <= ROW_HEIGHTS * min(height, other_height)
    return (in_a_row and across <= ROW_GAP * taller) or (in_a_column and up_down <= ROW_GAP * taller)


def pen_width_of(ink: np.ndarray) -> float:
    """How wide the strokes of ``ink`` (0-1) are, in its pixels (0 without ink).

    :func:`stroke_width` counts a stroke's two ends as outline, so it gives a
    bar of width w and length L as w L / (L + w), a tenth short for a 1. Here
    the ends are taken out: with area A and outline P, a stroke has
    L + w = P / 2 and w L = A, and w is the smaller root."""
    mean = stroke_width(ink)
    if mean <= 0:
        return 0.0
    area = float(ink.sum())
    half_outline = area / mean  # P / 2, since stroke_width is 2 A / P
    square = half_outline**2 - 4 * area
    return (half_outline - square**0.5) / 2 if square > 0 else mean


@dataclass(frozen=True)
class PaperInk:
    """The ink found in a picture, at its working resolution.

    ``ink``: every mark that survived clutter removal (lines and frames gone),
    white on black in 0-1, what the window may show as an editable layer.
    ``digit``: only the chosen digit's marks (same size as ``ink``).
    ``box``: the digit's rows and columns, (top, bottom, left, right), end exclusive.
    ``others``: the boxes of the other digit-sized groups of ink seen (same order as
    ``box``); ``marks`` counts them with the digit. ``several_digits`` is true when there
    is more than one, or when the digit is far wider than tall (digits written close
    together), so the picture may hold a number; ``digits_beside`` only when the others
    lie beside the digit as a number's digits do (:func:`beside`).
    ``pixel_noise``: the picture is noise (salt and pepper, static), whose denser
    patches are all the ink found: no digit and no number is read in it.
    """

    ink: np.ndarray
    digit: np.ndarray
    box: Box
    others: tuple[Box, ...] = ()
    pixel_noise: bool = False

    @property
    def marks(self) -> int:
        return 1 + len(self.others)

    @property
    def several_digits(self) -> bool:
        return bool(self.others) or self._wide

    @property
    def digits_beside(self) -> bool:
        """Whether the digit is one of several written together: far wider than tall, or
        with another digit-sized mark beside it (:func:`beside`). A mark as large far across
        the page (a speck, punched holes, a printed page number) is no neighbour."""
        return self._wide or any(beside(self.box, other) for other in self.others)

    @property
    def _wide(self) -> bool:
        top, bottom, left, right = self.box
        return right - left > WIDE_AS_DIGITS * (bottom - top)

    @cached_property
    def pen_width(self) -> float:
        """How wide the digit's strokes are, in pixels: the pen that strokes added over
        the picture are drawn with, so they join its ink as the same pen would (0 for
        a digit without ink); see :func:`pen_width_of`."""
        top, bottom, left, right = self.box
        return pen_width_of(self.digit[top:bottom, left:right])

    @property
    def chosen_among_others(self) -> bool:
        """Whether other marks (digits, a neighbour's stroke, specks) were left out of the digit."""
        digit = float(self.digit.sum())
        return self.several_digits or float(self.ink.sum()) - digit > LEFT_OUT_SHARE * digit


def find_ink(gray: np.ndarray, smallest: float = SMALLEST_DIGIT) -> PaperInk | None:
    """The digit's ink in ``gray`` (a 2-D float array in 0-1), or None if there is none
    (``smallest``: the smallest digit's larger side, as a share of the picture's)."""
    gray = np.asarray(gray, dtype=np.float32)
    if min(gray.shape) < 2:
        return None
    found = _find_ink(gray, smallest)
    # Checked only when ink was found: a blank page's grain is no pattern, it is blank.
    if found is not None and is_pixel_noise(gray):
        return replace(found, pixel_noise=True)
    return found


def _find_ink(gray: np.ndarray, smallest: float) -> PaperInk | None:
    light = ink_is_light(gray)
    if light:
        # A dark field filling most of the picture (a light digit written on it, photographed
        # close) makes the picture mostly dark, so its ink looks light: the page round
        # the field would be read as ink, framing the digit. Read as dark ink, such a
        # picture is a dark field with the digit's holes in it.
        inside = _light_on_dark_page(gray, smallest)
        if inside is not None:
            return inside
    darkness = relative_darkness(gray, light)
    if darkness is None:
        return None
    contrast, floor, top = darkness
    weak = contrast > floor
    if not weak.any():
        return None
    strong = contrast > floor + STRONG_INK * (top - floor)
    ink = np.clip((contrast - floor) / (top - floor), 0.0, 1.0)
    # Specks of the paper's grain alone (under three of their nine pixels ink) left out.
    horizontal, vertical = line_masks(weak, weak & (box_blur(weak.astype(np.float32), 1) > 0.3))
    if horizontal.any() or vertical.any():
        ink = remove_lines(ink, horizontal, vertical)
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
    field = dark_field(ink)
    if field is not None and not (_band_along_the_border(field) and _ink_beside(labels, count, ink, field, smallest)):
        inside = _light_on_field(gray, field, smallest)
        if inside is not None:
            return inside
    hand, keys = finger_mask(ink), key_mask(ink)
    if hand is not None or keys is not None:
        # The hand holding the page and a keyboard beside it are not ink: they go from the
        # ink shown too, and the marks they touched are found again without them, as in ink
        # the user erased from.
        left_out = hand if keys is None else keys if hand is None else hand | keys
        return digit_in_ink(np.where(left_out, 0.0, ink), smallest)
    found = _digit_among(ink, labels, count, smallest)
    for _ in range(SHADOW_EDGES):
        shadow = None if found is None else shadow_along_border(labels, found.digit > 0, contrast, strong)
        if shadow is None:
            break
        # A shadow's edge along the border, chosen on a page with no digit: not ink, so it
        # goes from the ink shown too, and the digit (if any) is chosen without it.
        ink = np.where(shadow, 0.0, ink).astype(np.float32)
        labels, count = label(ink > 0)  # writing the edge ran into stands apart now
        found = _digit_among(ink, labels, count, smallest)
    return found


def _band_along_the_border(field: np.ndarray) -> bool:
    """Whether a dark field is a band along the picture's border (FIELD_ALONG): a keyboard's
    body or the edge of a desk beside the page, not a field printed on it."""
    sides = (field[0], field[-1], field[:, 0], field[:, -1])
    along = max(float(side.mean()) for side in sides)
    return along >= FIELD_ALONG and float(field.mean()) < FIELD_BAND_AREA


def _ink_beside(labels: np.ndarray, count: int, ink: np.ndarray, field: np.ndarray, smallest: float) -> bool:
    """Whether a mark apart from ``field``, digit-sized (``smallest``), lies on the page beside
    it: the number written beside a keyboard. A light digit on a dark label or board, the
    wall round it blank, is read in the field (it was read as a blank picture)."""
    on_field = np.zeros(count + 1, dtype=bool)
    on_field[labels[field]] = True
    digit = smallest * max(labels.shape)
    return any(not on_field[mark.index] and mark.extent >= digit for mark in marks_of(labels, count, ink))


def _light_on_dark_page(gray: np.ndarray, smallest: float) -> PaperInk | None:
    """The light digit on a dark field that fills most of the picture, read inside the
    field; None when the picture's dark part is no such field."""
    darkness = relative_darkness(gray, light_ink=False)
    if darkness is None:
        return None
    contrast, floor, top = darkness
    field = dark_field(np.where(contrast > floor, np.clip((contrast - floor) / (top - floor), 0.0, 1.0), 0.0).astype(np.float32))
    if field is None:
        return None
    # The page round the field shows along the picture's border, lighter than the field
    # (a picture all dark but its digit, white on black as MNIST's are, shows none: the
    # dark round its digit is its paper).
    on_field = np.concatenate([field[0], field[-1], field[:, 0], field[:, -1]])
    page = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])[~on_field]
    if page.size < PAGE_ROUND_FIELD * on_field.size or np.median(page) - np.median(gray[field]) < PAGE_LIGHTER:
        return None
    return _light_on_field(gray, field, smallest)


def _light_on_field(gray: np.ndarray, field: np.ndarray, smallest: float) -> PaperInk | None:
    """The light digit written on a dark field: the field read on its own, as paper
    (cut out of the picture, the paper round it painted over in the field's colour,
    so the field is all the picture), its light strokes as ink; None when no digit is there."""
    rows = np.flatnonzero(field.any(axis=1))
    cols = np.flatnonzero(field.any(axis=0))
    inset = max(2, round(FIELD_INSET * min(rows[-1] - rows[0], cols[-1] - cols[0])))
    inner = field.copy()
    for _ in range(inset):
        inner = ~dilate(~inner)
    if not inner.any():
        return None
    # Only the field's box: in the whole picture, a field's light strokes may be under
    # the hundredth of its pixels that tells light ink from dark (see paper_brightness.ink_is_light).
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
    found = _digit_among(ink, labels, count, smallest)
    if found is None or found.box[1] - found.box[0] < FIELD_DIGIT * (rows[-1] - rows[0]):
        return None  # no digit-sized light strokes: the field was a blot after all
    return found


def digit_in_ink(ink: np.ndarray, smallest: float = SMALLEST_DIGIT) -> PaperInk | None:
    """The digit in ink already found (:attr:`PaperInk.ink`, perhaps edited since:
    the window lets the user erase a smudge or a stray mark), chosen as
    :func:`find_ink` chooses it (with the same ``smallest``); None when no mark is
    left that is clearly ink."""
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
    return _digit_among(np.where(labels > 0, ink, 0.0).astype(np.float32), labels, count, smallest)


def _digit_among(ink: np.ndarray, labels: np.ndarray, count: int, smallest: float) -> PaperInk | None:
    """The digit chosen among the labelled marks of ``ink``, with its soft edge and box."""
    ring = ring_mask(ink)
    if ring is not None:
        # The ring is the page's (or a reader's) mark, not the digit's: it goes from the
        # ink the window shows and the number reader cuts, too.
        ink = np.where(ring, 0.0, ink).astype(np.float32)
        labels = np.where(ring, 0, labels)
    chosen, others = _choose_digit(labels, count, ink, smallest)
    if chosen is None:
        return None
    digit_mask = dilate(np.isin(labels, chosen))
    faint = faint_pieces(ink, digit_mask)
    if faint.any():
        # A crease, a shadow or the back page's digit grouped with the digit: not ink at
        # all, so it goes from the ink shown too, and the digit is chosen again without it
        # (what it joined may now stand apart).
        ink = np.where(faint, 0.0, ink).astype(np.float32)
        labels, count = label(ink > 0)
        chosen, others = _choose_digit(labels, count, ink, smallest)
        if chosen is None:
            return None
        digit_mask = dilate(np.isin(labels, chosen))
    digit = np.where(digit_mask, ink, 0.0).astype(np.float32)
    box = _solid_box(digit)
    if box is None:
        return None
    top, bottom, left, right = box
    inside = np.zeros_like(digit_mask)
    inside[top:bottom, left:right] = True
    return PaperInk(ink, np.where(inside, digit, 0.0).astype(np.float32), box, others)


def _solid_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """Rows and columns (end exclusive) of the ink's solid part: faint fringes
    (a shadow's edge, a blurred halo) joined to the digit must not widen the crop.
    After a 3x3 average a fringe is faint, a stroke is not."""
    height, width = ink.shape
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    # Only the ink's box, and the pixel round it that its average reaches, is averaged:
    # beyond it the average is 0 (a digit is a small part of a large picture).
    top, left = max(0, rows[0] - 1), max(0, cols[0] - 1)
    average = box_blur(ink[top : rows[-1] + 2, left : cols[-1] + 2], 1)
    # A stroke a pixel wide at the ink's full darkness averages a third. A mark fainter all
    # through (a digit written small with a fine pen in a large photo, its strokes thinner
    # than a pixel once shrunk) has no such core: its solid part is what stands out of its
    # own fringe (it had none, and a lone 5 or 0 written small read blank).
    solid = average > min(SOLID_AVERAGE, FAINT_CORE * float(average.max()))
    rows = np.flatnonzero(solid.any(axis=1)) + top
    cols = np.flatnonzero(solid.any(axis=0)) + left
    if not len(rows):
        return None
    # One pixel of margin keeps the soft edge that the average pulled inside.
    return max(0, rows[0] - 1), min(height, rows[-1] + 2), max(0, cols[0] - 1), min(width, cols[-1] + 2)


# --- choosing the digit among the marks ---------------------------------------


def _surrounds(labels: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """For each label (0..count): whether its mark runs along the picture's border as far
    as the desk round the page (see SURROUND_SHARE), and whether it also runs round it."""
    sides = [labels[0], labels[-1], labels[:, 0], labels[:, -1]]
    border = np.concatenate(sides)
    along_border = np.bincount(border, minlength=count + 1) / border.size >= SURROUND_SHARE
    along_sides = sum((np.bincount(side, minlength=count + 1) / side.size >= SURROUND_SIDE_SHARE).astype(int) for side in sides)
    return along_border, along_border & (along_sides >= SURROUND_SIDES)


def _choose_digit(labels: np.ndarray, count: int, ink: np.ndarray, smallest: float) -> tuple[list[int] | None, tuple[Box, ...]]:
    """The labels of the digit's marks, and the boxes of the other digit-sized marks.

    The digit is the group grown from the mark that best combines size and
    closeness to the centre; a mark cut by the picture's edge is most likely a
    neighbour's, so it weighs less unless it reaches well inside.
    """
    height, width = labels.shape
    # Each mark weighed and placed by its clear ink: a faint fringe joined to it (a grid
    # line's that the lines' removal left, a shadow's edge) must not stretch its box over
    # the picture, and with it the reach within which other marks join the digit.
    clear = np.where(ink > STRONG_INK, labels, 0)
    along_border, round_page = _surrounds(clear, count)
    every_mark = marks_of(clear, count, ink)
    # The desk round the page (see SURROUND_SHARE): centred on the picture and heavy, it
    # would be chosen, and the digit inside it read as one with it. Alone (SURROUND_DIGIT),
    # a mark as long on the border may be a digit cropped close (a 5's bar along the top,
    # its back down the left): it is the desk only when it runs round the page (three
    # sides or four; a desk with a note lying askew on it may show as thick on two).
    side = max(height, width)
    inside = [m for m in every_mark if not along_border[m.index]]
    alone = not any(m.extent >= SURROUND_DIGIT * side for m in inside)  # a speck or a dot besides is no digit
    marks = [m for m in every_mark if not round_page[m.index]] if alone else inside
    if not marks:
        return None, ()

    def weight(mark: Mark) -> float:
        centre_row = (mark.top + mark.bottom) / 2 / height - 0.5
        centre_col = (mark.left + mark.right) / 2 / width - 0.5
        closeness = float(np.exp(-(centre_row**2 + centre_col**2) / (2 * 0.22**2)))
        edge = 0.35 if mark.touches_edge else 1.0
        return mark.mass * closeness * edge

    ranked = sorted(marks, key=weight, reverse=True)
    seed = ranked[0]
    if seed.extent < max(2.0, smallest * side):
        return None, ()  # only a dot or specks
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
            speck = mark.extent < SPECK_SIZE * size
            if speck and distance > max(2, 0.03 * size):
                continue  # a speck beside the digit, not part of it
            if mark.touches_edge and (_beyond(mark, box, height, width) or _frame_like(mark, side)):
                continue  # a neighbour's stroke entering from the edge
            group.append(mark)
            remaining.remove(mark)
            if not speck:
                # A speck touching the digit is its ink, but the digit does not reach out
                # through specks: the bits a grid or the paper's grain leave would chain on.
                box = [min(box[0], mark.top), max(box[1], mark.bottom), min(box[2], mark.left), max(box[3], mark.right)]
                grew = True
    digit_height = box[1] - box[0]
    digit_mass = sum(m.mass for m in group)
    others = tuple(
        (m.top, m.bottom, m.left, m.right)
        for m in remaining
        if not m.touches_edge and (m.bottom - m.top) >= 0.5 * digit_height and m.mass >= 0.2 * digit_mass
    )
    return [m.index for m in group], others


def _frame_like(mark: Mark, side: int) -> bool:
    """A long, thin mark at the edge: what is left of a cell border or a box frame."""
    thickness = min(mark.bottom - mark.top, mark.right - mark.left)
    return thickness <= FRAME_THICKNESS * side * 1.5 and mark.extent >= 0.5 * side


def _beyond(mark: Mark, box: list[int], height: int, width: int) -> bool:
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
