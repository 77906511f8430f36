"""A picture of a written number as parts for :mod:`number` to group into digits.

The parts are the connected blobs of ink, and, where a blob may hold more than
one digit (digits that touch), the pieces it is cut into. A cut is a path from
the top of the blob to its bottom through the least ink, so slanted digits that
lean into each other come apart along their own outlines rather than along a
column. Where two digits join, the upper outline of the ink dips and the lower
one rises: a cut there is cheaper than one through the middle of a digit. Where
two digits cross, or touch along a stroke, their strokes merge into ink wider
than a stroke: a cut may run through it almost for free, and so come between
two digits that no path through background separates.

A cut gives each pixel to one side, but two digits written into each other share
the ink where their strokes cross: a piece cut through such ink is read with the
ink just across the cut too, as well as without it, and the better reading stands.

Cutting too often costs little: the search reads the pieces alone and together
and keeps whatever reads best, paying for each cut by the ink it crosses. Each
piece's pixels are found once, here; the search asks only for groups of
pieces, which are pasted together from the pieces' masks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import preprocess
from .ink_shape import run_lengths

INK_LEVEL = 0.35  # ink above this (0-1, from preprocess.picture_ink) is solid enough to join parts
CUT_WIDTH = 0.45  # a blob wider than this many digit heights may hold touching digits (two 1s)
CUT_MARGIN = 0.08  # a cut leaves at least this many heights of ink on either side
CUT_SPACING = 0.16  # and lies at least this far from another cut
CUTS_PER_HEIGHT = 2.5  # at most this many candidate cuts per digit height of a blob's width
PATH_BAND = 0.2  # a cut strays at most this many heights from its column (handwriting slants)
PATH_STEP = 0.12  # the cost of a step aside, in pixels of ink: a cut is straight where there is no ink
OUTLINE_REACH = 0.3  # how far either side of a cut (in heights) the outlines' extremes are looked for
OUTLINE_WEIGHT = 2.0  # strokes' worth of cutting a dip of one height in the outlines makes up for
# Ink at least this many strokes wide across and down costs a cut THICK_COST of a
# stroke's pixel (see _crossing_cost). Train-side pictures, two sets of 600
# numbers: read right 90.5 -> 93.3% and 90.2 -> 92.7% with v7 (a stroke's
# width across at a slant is at most 1.4 strokes down or across). Checked again
# with v8 (held-out writers, seeds 13 and 1, 600 numbers and 200 amounts each):
# 1.5 or 2.0 strokes read fewer numbers right (seed 13: 522 -> 521 and 509); a
# cost of 0 or 0.15 helps one seed and costs the other, with PICTURE_PRIOR's
# weights of either commit.
THICK_STROKES = 1.7
THICK_COST = 0.05
# Two digits written into each other share ink where their strokes cross, and a cut gives
# each pixel to one side: a group whose neighbour, cut from the same ink through strokes that
# cross or merge (THICK_STROKES), is left out of it is also read with the ink up to each of
# these many strokes across the cut, and the best reading stands for it (paying
# number.Prior.shared). Train-side pictures (bench_numbers.py --split train, 100 numbers at
# each overlap), seeds 13 and 1: digits 0.05/0.15/0.25 heights into the next read right
# 72/44/21 -> 75/49/24% and 68/29/9 -> 72/34/12%; plain pictures 279 -> 279 (one won, a 9 read
# as an 8 lost) and 274 -> 280 of 300 (a 1 with a long foot, cut where the foot crosses its
# stem, read as 11, lost). What it costs: a 4 or a 7 whose own strokes cross is sometimes cut
# with a digit too many (bench_photos.py --split train --forms: combs' numbers 561 -> 559 of
# 600, 560 with number.SHARED_WHOLE_SLACK). Reaches of 1 alone, or up to 6, gained less.
SHARED_REACHES = (1.0, 3.0)
SEAM_HEIGHT = 48  # cuts are searched for in the blob shrunk to about this many rows a digit
# A group wider than tall times this is read with its pen width as it is: measured
# against a wide group's side, a digit's strokes look thin, and thickened, two
# touching digits read better as one (train-side pictures, two sets: numbers read
# right 82.7 -> 85.0% and 87.7 -> 90.0%, amounts 72 -> 84% and 74 -> 86%, all-touching
# numbers as before; every group: 83.7%, 89.7%, and all-touching 1-2 points worse).
NORMALISE_WIDEST = 1.0
# A blob along at least this share of one side of the picture is what the page lies on (a
# desk, a keyboard's deck with its keys), not writing: a digit cut by the border touches it
# over a stroke's width or two, an underline reaching the border is not solid ink's...
ALONG_SIDE = 0.5
# ...unless it is a digit's stroke: less than ALONG_DEEP strokes solid from the side (the
# median over the side's pixels it covers, the strokes measured on the rest of the ink),
# with the rest of the ink reaching from the side across ALONG_ACROSS of the picture or
# more (a picture cropped round the writing). The bar of a 7 in a picture cropped tight round it lies along the whole top, a
# stroke deep (1 to 2 where it curves), and its stem reaches the bottom: it was left out
# and the 7 read as "71". A keyboard's deck is 3 to 16 strokes deep (test_keyboard's
# photos); a thin dark strip along the bottom, the number written down to it, is a
# stroke or two deep, and the number reaches up half the picture.
ALONG_DEEP = 2.5
ALONG_ACROSS = 0.75
# Lines of print or text, not one written number (lines_of_text): the blobs lie in at least
# TEXT_LINES bands of rows, apart from each other by rows (almost) without ink (under
# TEXT_ROW_INK of the inkiest row's solid pixels: a descender does not join two lines), each
# band holding at least TEXT_LINE_MARKS blobs at least TEXT_MARK_ROWS rows tall and running
# at least TEXT_LINE_LENGTH times its own height across. A number is one such band (with a
# mark above or an underline below it, two); a page of print holds dozens.
TEXT_LINES = 3
TEXT_ROW_INK = 0.1
TEXT_LINE_MARKS = 4
TEXT_MARK_ROWS = 2
TEXT_LINE_LENGTH = 4.0
# Rows of filled cells (a checkerboard) line up as lines of print do, and are no print: their
# ink covers at least GRID_INK of the box round it (print's letters, even small and soft,
# at most 0.22 in test_number's pages and the photo simulator's), and the rows lie next to
# each other, the median gap between them at most GRID_GAP of a row's height (print's lines
# are apart by 1.0 to 1.5 of theirs; 0.09 and 0.25 where a simulated photo's lines slant).
# Boards of 20 to 60 cells a side: ink 0.28 to 0.38, gaps 0.05 to 0.17 of a row.
GRID_INK = 0.25
GRID_GAP = 0.2
# A line of print beside the writing (a form's heading above a number written on it): a band
# of rows apart from the writing's (rows with no ink between), holding at least PRINT_MARKS
# marks, no taller than PRINT_HEIGHT of the writing's tallest blob, and running across at
# least PRINT_LENGTH times its own height. Its letters, cut and grouped with the digits
# below them, were read as digits or joined to them. A label on the writing's own line
# ("Total: 52") is such a run of marks too, before the writing's first tall mark or after
# its last (no column shared with it); a number's own small marks at an end (a "$", a
# dash, "=", "/-") are one or two.
PRINT_MARKS = 4
PRINT_HEIGHT = 0.5
PRINT_LENGTH = 2.5
# A printed rule left where a digit touches it (a comb's wall or tick: the printing is taken
# out of the picture, but not where the writing's ink runs into it, lest the digit be cut),
# read as a "1" beside or inside the number: ink thinner than RULE_THIN of the strokes of the
# writing it touches (the simulator's forms: lines 1 to 4 pixels, a pen 6% to 14% of a digit's height,
# drawn about 200 pixels tall), running straight (across it, its pixels spread at most
# RULE_SPREAD of its length, plus RULE_SPREAD_PIXELS: a written 1 bends and wavers more) for
# at least RULE_LENGTH of a digit's height, and upright (a box's sides left round a digit are
# two rules, its top left as it was). Thin ink is measured both across and down, so the
# writing's strokes, however they turn, are never thinner than their pen. A number written in
# a fine pen has no thinner ink: nothing is taken out of it. A rule reaches RULE_BEYOND of a
# digit's height or more above or below the rest of the ink it touches (a comb's wall is
# taller than the digit written between its walls), or touches none: a digit's own stroke,
# faint along one side, is thin there too, and lies within it. A blob is measured by its own
# strokes, or, when those are under RULE_THIN of the thinnest of the other blobs at least
# WRITING_SIZED of a digit's height long (a rule left on its own is as thin as itself), by
# those: then it is a rule only when the rule makes up RULE_WHOLE of it or more (a digit drawn
# in a finer pen than the rest, as a form's boxes are filled, has straight strokes too), and
# shorter than ONE_TALL of a digit's height or reaching RULE_BEYOND past the other digits' rows:
# a 1 in a finer pen is one thin straight line as tall as the digits and among them ("713" was
# read "73"); what is left of a wall on its own was 0.3 to 0.66 of a height in the forms.
# Numbers in forms (bench_photos.py --split train --forms, seeds 1 and 2): 560 -> 566 and
# 560 -> 565 of 600, none lost; bench_numbers.py's pictures (seeds 13 and 1) the same, case for case.
RULE_THIN = 0.5
RULE_BEYOND = 0.1
RULE_WHOLE = 0.9
ONE_TALL = 0.75
WRITING_SIZED = 0.5
RULE_LENGTH = 0.3
RULE_SPREAD = 0.02
RULE_SPREAD_PIXELS = 0.75


@dataclass(frozen=True)
class Blobs:
    """The connected blobs of a picture's solid ink."""

    ink: np.ndarray  # the picture's ink, white on black in 0-1
    labels: np.ndarray  # blob number (1..) of each solid pixel, 0 elsewhere
    soft: np.ndarray  # the labels spread one pixel into the strokes' soft edges
    boxes: np.ndarray  # each blob's x0, y0, x1, y1 (ends excluded)
    stroke: float  # the strokes' width in pixels


@dataclass(frozen=True)
class Piece:
    """The ink of one blob between two cuts (or the blob's edges)."""

    blob: int
    top: int  # the row and column where ``mask`` starts in the picture
    left: int
    mask: np.ndarray  # the piece's pixels, soft edge included
    box: tuple[float, float, float, float]  # the box of its solid ink: x0, y0, x1, y1
    # How far (in pixels, along its row) each pixel of the blob's ink lies across the piece's
    # left and its right cut, inf where it does not: the ink it may share with its neighbour
    # (see SHARED_REACHES). None at the blob's edge, and across a cut through a lone stroke.
    across_left: np.ndarray | None = None
    across_right: np.ndarray | None = None


@dataclass(frozen=True)
class PictureParts:
    """The parts of a picture and the cuts between them."""

    pieces: list[Piece]
    joins: list[tuple[int, int, float]]  # (piece, piece, strokes the cut between them crosses)
    ink: np.ndarray
    # A digit's height, from the whole blobs: the pieces cut from a blob are often
    # shorter than its digit (the two halves of an open 0), and measured by them
    # a whole digit looks too tall and too wide.
    height: float
    stroke: float = 1.0  # the strokes' width in pixels

    @property
    def boxes(self) -> np.ndarray:
        return np.array([piece.box for piece in self.pieces], dtype=np.float64).reshape(-1, 4)

    def ink_within(self, member: int, box: tuple[float, float, float, float]) -> bool:
        """Whether piece ``member`` has ink inside ``box`` (x0, y0, x1, y1 in the picture's pixels)."""
        piece = self.pieces[member]
        rows, columns = piece.mask.shape
        top, bottom = max(0, int(box[1]) - piece.top), min(rows, int(math.ceil(box[3])) - piece.top)
        left, right = max(0, int(box[0]) - piece.left), min(columns, int(math.ceil(box[2])) - piece.left)
        return bool(top < bottom and left < right and piece.mask[top:bottom, left:right].any())

    def render(self, members: Sequence[int]) -> np.ndarray | list[np.ndarray | None] | None:
        """The model's input for the pieces ``members`` read as one digit; where a neighbour
        cut from the same ink is left out of the group, one input for each reach of the ink
        shared across the cut (SHARED_REACHES) after the group's own, None for a reach that
        takes in no more ink than the one before: the best-reading one stands for the group
        (:meth:`number.Candidates.read`)."""
        inside = set(members)
        outer = any(
            (p.across_left is not None and i - 1 not in inside) or (p.across_right is not None and i + 1 not in inside)
            for i, p in ((i, self.pieces[i]) for i in members)
        )
        if not outer:
            return self._input(*self._kept(members, 0.0))
        ways: list[np.ndarray | None] = []
        previous = -1
        for reach in (0.0, *SHARED_REACHES):
            corner, keep = self._kept(members, reach * self.stroke)
            # A reach that takes in no more ink than the last (a pen thinner than a pixel
            # or two, a cut along the ink's edge) would only read the same input again.
            kept = int(np.count_nonzero(keep))
            ways.append(self._input(corner, keep) if kept > previous else None)
            previous = kept
        return ways

    def _kept(self, members: Sequence[int], reach: float) -> tuple[tuple[int, int], np.ndarray]:
        """The top-left corner of ``members``' window, and which of its pixels they hold,
        with the ink up to ``reach`` pixels across their outer cuts."""
        chosen = [self.pieces[i] for i in members]
        top = min(p.top for p in chosen)
        left = min(p.left for p in chosen)
        bottom = max(p.top + p.mask.shape[0] for p in chosen)
        right = max(p.left + p.mask.shape[1] for p in chosen)
        keep = np.zeros((bottom - top, right - left), dtype=bool)
        inside = set(members)
        for i in members:
            p = self.pieces[i]
            window = keep[p.top - top : p.top - top + p.mask.shape[0], p.left - left : p.left - left + p.mask.shape[1]]
            window |= p.mask
            # Ink shared with a neighbour left out of the group: two digits that run into
            # each other share their strokes where they cross, and a cut gives them to one.
            if reach > 0 and p.across_left is not None and i - 1 not in inside:
                window |= p.across_left < reach
            if reach > 0 and p.across_right is not None and i + 1 not in inside:
                window |= p.across_right < reach
        return (top, left), keep

    def _input(self, corner: tuple[int, int], keep: np.ndarray) -> np.ndarray | None:
        """The model's input for the ink in ``keep`` (a window whose top-left is ``corner``)."""
        top, left = corner
        piece = np.where(keep, self.ink[top : top + keep.shape[0], left : left + keep.shape[1]], 0.0)
        if not piece.any():
            return None
        # The pen's width brought into MNIST's range, as for a picture of one digit:
        # a fine pen's "$" reached the model as thin lines, unlike the thick ones its
        # non-digits were trained on, and read as an 8. Only for a group shaped like
        # one digit (see NORMALISE_WIDEST).
        if piece.shape[1] <= piece.shape[0] * NORMALISE_WIDEST:
            piece = preprocess.normalise_stroke_width(piece)
        return preprocess.fit_to_mnist(piece)


def find_blobs(ink: np.ndarray) -> Blobs | None:
    """The blobs of ``ink`` (from :func:`preprocess.picture_ink`); None when it holds none.
    A blob along most of a side of the picture is left out where it runs along it (ALONG_SIDE)."""
    solid = ink > INK_LEVEL
    labels, count = label_components(solid)
    if count == 0:
        return None
    band = _band_along_a_side(labels, count)
    if band is not None:
        solid &= ~band
        ink = np.where(_grow(band.astype(np.int32)) > 0, 0.0, ink).astype(ink.dtype)
        labels, count = label_components(solid)
        if count == 0:
            return None
    return Blobs(ink, labels, _grow(labels), _blob_boxes(labels, count), _stroke_width(solid))


def _band_along_a_side(labels: np.ndarray, count: int) -> np.ndarray | None:
    """The pixels of the blobs that run along ALONG_SIDE of a side of the picture or more, in
    the lines along that side that they cross over half as far (a digit touching such a band
    keeps its strokes off it), but a digit's stroke (ALONG_DEEP); None when no blob is."""
    sides: list[tuple[np.ndarray, float, bool, bool]] = []  # each band, its depth, and how to turn the picture to it
    for transposed in (False, True):  # rows (the top and the bottom), then columns
        lines = labels.shape[0 if transposed else 1]
        for flipped in (False, True):
            facing = _side_view(labels, flipped, transposed)  # the side is its first row
            along = np.bincount(facing[0], minlength=count + 1) >= ALONG_SIDE * lines
            along[0] = False
            if not along.any():
                continue
            own = along[facing]
            crossing = own.sum(axis=1) >= ALONG_SIDE / 2 * lines
            side_band = np.zeros(facing.shape, dtype=bool)
            side_band[crossing] = own[crossing]
            depth = float(np.median(np.cumprod(own, axis=0, dtype=np.int8).sum(axis=0)[own[0]]))
            sides.append((_picture_view(side_band, flipped, transposed), depth, flipped, transposed))
    if not sides:
        return None
    rest = (labels > 0) & ~np.logical_or.reduce([side_band for side_band, *_ in sides])
    stroke = _stroke_width(rest) if rest.any() else 0.0
    band = np.zeros(labels.shape, dtype=bool)
    for side_band, depth, flipped, transposed in sides:
        rows = _side_view(rest, flipped, transposed).any(axis=1)
        reach = (np.flatnonzero(rows).max() + 1) / len(rows) if rows.any() else 0.0  # of the rest of the ink, from the side
        if depth >= ALONG_DEEP * stroke or reach < ALONG_ACROSS:
            band |= side_band
    return band if band.any() else None


def _side_view(mask: np.ndarray, flipped: bool, transposed: bool) -> np.ndarray:
    """``mask`` turned so that a side of the picture is its first row (:func:`_picture_view` undoes it)."""
    mask = mask.T if transposed else mask
    return mask[::-1] if flipped else mask


def _picture_view(mask: np.ndarray, flipped: bool, transposed: bool) -> np.ndarray:
    """A side's view (:func:`_side_view`) turned back to the picture's."""
    mask = mask[::-1] if flipped else mask
    return mask.T if transposed else mask


def lines_of_text(blobs: Blobs) -> bool:
    """Whether the blobs are lines of print or text rather than one written number (see TEXT_LINES)."""
    boxes = blobs.boxes
    if len(boxes) < TEXT_LINES * TEXT_LINE_MARKS:
        return False
    marks = boxes[boxes[:, 3] - boxes[:, 1] >= TEXT_MARK_ROWS]
    marks_centres = (marks[:, 1] + marks[:, 3]) / 2
    lines = 0
    for top, bottom in _row_bands(blobs):
        inside = marks[(marks_centres >= top) & (marks_centres < bottom)]
        if len(inside) >= TEXT_LINE_MARKS and inside[:, 2].max() - inside[:, 0].min() >= TEXT_LINE_LENGTH * (bottom - top):
            lines += 1
    return lines >= TEXT_LINES


def grid_of_cells(blobs: Blobs) -> bool:
    """Whether blobs that line up as lines of text (:func:`lines_of_text`) are rather rows of
    filled cells, as a checkerboard's (see GRID_INK)."""
    bands = np.array(_row_bands(blobs)).reshape(-1, 2)
    if len(bands) < 2:
        return False
    x0, y0 = blobs.boxes[:, :2].min(axis=0).astype(int)
    x1, y1 = blobs.boxes[:, 2:].max(axis=0).astype(int)
    ink = float((blobs.labels[y0:y1, x0:x1] > 0).mean())
    gaps = bands[1:, 0] - bands[:-1, 1]
    return ink >= GRID_INK and float(np.median(gaps)) <= GRID_GAP * float(np.median(bands[:, 1] - bands[:, 0]))


def _row_bands(blobs: Blobs) -> list[tuple[int, int]]:
    """The bands of rows with ink, top to bottom (first row, row after the last), apart from each
    other by rows (almost) without ink (under TEXT_ROW_INK of the inkiest row's solid pixels)."""
    per_row = (blobs.labels > 0).sum(axis=1)
    inked = np.concatenate([[False], per_row > TEXT_ROW_INK * per_row.max(), [False]])
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    return [(int(top), int(bottom)) for top, bottom in zip(edges[0::2], edges[1::2])]


def print_beside_writing(blobs: Blobs) -> np.ndarray:
    """Which blobs are a line of print above or below the writing, or before or after it on its
    line (see PRINT_MARKS): a bool per blob."""
    boxes = blobs.boxes
    beside = np.zeros(len(boxes), dtype=bool)
    if len(boxes) < PRINT_MARKS + 1:
        return beside
    inked = np.concatenate([[False], (blobs.labels > 0).any(axis=1), [False]])
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    bands = list(zip(edges[0::2], edges[1::2]))
    heights = boxes[:, 3] - boxes[:, 1]
    centres = (boxes[:, 1] + boxes[:, 3]) / 2
    tallest = int(np.argmax(heights))
    for top, bottom in bands:
        inside = (centres >= top) & (centres < bottom)
        if inside[tallest] or bottom - top > PRINT_HEIGHT * heights[tallest]:
            continue
        if _a_line_of_print(boxes[inside], heights[inside], bottom - top):
            beside |= inside
    tall = heights > PRINT_HEIGHT * heights[tallest]
    small = ~tall & ~beside
    for end in (boxes[:, 2] <= boxes[tall, 0].min(), boxes[:, 0] >= boxes[tall, 2].max()):
        run = small & end
        if run.any() and _a_line_of_print(boxes[run], heights[run], float(boxes[run, 3].max() - boxes[run, 1].min())):
            beside |= run
    return beside


def _a_line_of_print(boxes: np.ndarray, heights: np.ndarray, height: float) -> bool:
    """Whether marks (their boxes and heights) lying in one line ``height`` tall are a line of
    print: at least PRINT_MARKS of them, running across at least PRINT_LENGTH times that height."""
    marks = boxes[heights >= TEXT_MARK_ROWS]
    return len(marks) >= PRINT_MARKS and marks[:, 2].max() - marks[:, 0].min() >= PRINT_LENGTH * height


def without_rules(blobs: Blobs, height: float) -> Blobs | None:
    """The blobs found again with the printed rules left in them (RULE_THIN) taken out of
    the ink, with their soft edge; ``blobs`` itself when there are none."""
    rules = printed_rules(blobs, height)
    if not rules.any():
        return blobs
    return find_blobs(np.where(_grow(rules.astype(np.int32)) > 0, 0.0, blobs.ink).astype(blobs.ink.dtype))


def printed_rules(blobs: Blobs, height: float) -> np.ndarray:
    """Which solid pixels are printed rules (RULE_THIN) in a picture whose digits are ``height`` pixels tall."""
    solid = blobs.labels > 0
    down, across = run_lengths(solid, axis=0), run_lengths(solid, axis=1)
    own = _stroke_widths(blobs.labels, len(blobs.boxes))
    against = _rule_strokes(blobs, own, height)
    thin = solid & (np.minimum(down, across) < RULE_THIN * against[blobs.labels])
    rules = np.zeros_like(solid)
    # Upright thin ink only, a pixel whose run down is at least half its run across (a thin
    # line's steps, where it slants, are a pixel or two either way): a flat rule (a comb's
    # baseline) is a dash or an underline, which the number's marks already leave out, and
    # taken out it leaves the ticks standing on it alone, read as 1s.
    lines = thin & (2 * down >= across)
    # Too few pixels for a rule (one as long holds at least 0.7 as many): the writing's edges only.
    if np.count_nonzero(lines) < 0.7 * RULE_LENGTH * height:
        return rules
    # Found with their pixels spread by one, since a faint line's solid pixels have gaps.
    labels, count = label_components(_grow(lines.astype(np.int32)) > 0)
    boxes = _blob_boxes(labels, count) if count else np.zeros((0, 4))
    for index in np.flatnonzero(np.hypot(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) >= RULE_LENGTH * height):
        x0, y0, x1, y1 = boxes[index].astype(int)
        line = (labels[y0:y1, x0:x1] == index + 1) & lines[y0:y1, x0:x1]
        if _straight(line, RULE_LENGTH * height) and _reaches_out(blobs, line, (x0, y0), RULE_BEYOND * height):
            rules[y0:y1, x0:x1] |= line
    # A blob measured against other blobs' strokes is a rule only when it is one line, nearly
    # whole (RULE_WHOLE): a 4 in a finer pen than the digits beside it has straight strokes too.
    borrowed = own < RULE_THIN * against
    if borrowed.any():
        covered = np.bincount(blobs.labels[rules], minlength=len(own)) >= RULE_WHOLE * np.bincount(blobs.labels[solid], minlength=len(own))
        rules &= (~borrowed | (covered & ~_ones(blobs, rules, height)))[blobs.labels]
    return rules


def _ones(blobs: Blobs, rules: np.ndarray, height: float) -> np.ndarray:
    """Per blob (by label), whether its ``rules`` pixels are as tall as a digit (ONE_TALL) and lie
    within the rows of the other digit-sized blobs' writing, their rules left out (RULE_BEYOND):
    a 1, not what is left of a wall."""
    count = len(blobs.boxes)
    ones = np.zeros(count + 1, dtype=bool)
    sized = np.concatenate([[False], _writing_sized(blobs.boxes, height)])
    # Each blob's writing's first and last rows (a wall a digit touches is no writing).
    writing = (blobs.labels > 0) & ~rules
    rows, labels = np.nonzero(writing)[0], blobs.labels[writing]
    tops, bottoms = np.full(count + 1, np.inf), np.full(count + 1, -np.inf)
    np.minimum.at(tops, labels, rows)
    np.maximum.at(bottoms, labels, rows + 1)
    rows, labels = np.nonzero(rules)[0], blobs.labels[rules]
    for label in np.unique(labels):
        mine = rows[labels == label]
        others = sized & (np.arange(count + 1) != label)
        if not others.any() or mine.max() - mine.min() + 1 < ONE_TALL * height:
            continue
        beyond = RULE_BEYOND * height
        ones[label] = mine.min() >= tops[others].min() - beyond and mine.max() + 1 <= bottoms[others].max() + beyond
    return ones


def _writing_sized(boxes: np.ndarray, height: float) -> np.ndarray:
    """Which blobs (boxes x0, y0, x1, y1) are at least WRITING_SIZED of a digit's height long or wide."""
    return np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) >= WRITING_SIZED * height


def _reaches_out(blobs: Blobs, line: np.ndarray, corner: tuple[int, int], beyond: float) -> bool:
    """Whether a line (a boolean window whose top-left is ``corner``) reaches ``beyond`` pixels
    above or below the rest of the ink of the blobs it lies in, or is all of them."""
    x0, y0 = corner
    rows = np.nonzero(line)[0] + y0
    within = np.unique(blobs.labels[y0 : y0 + line.shape[0], x0 : x0 + line.shape[1]][line])
    # Only the window round those blobs is searched: a picture ruled all over has many lines.
    boxes = blobs.boxes[within - 1].astype(int)
    left, top = min(boxes[:, 0].min(), x0), min(boxes[:, 1].min(), y0)
    right, bottom = max(boxes[:, 2].max(), x0 + line.shape[1]), max(boxes[:, 3].max(), y0 + line.shape[0])
    rest = np.isin(blobs.labels[top:bottom, left:right], within)
    rest[y0 - top : y0 - top + line.shape[0], x0 - left : x0 - left + line.shape[1]] &= ~line
    rest_rows = np.flatnonzero(rest.any(axis=1)) + top
    if not len(rest_rows):
        return True
    return bool(rows.min() < rest_rows[0] - beyond or rows.max() > rest_rows[-1] + beyond)


def _rule_strokes(blobs: Blobs, own: np.ndarray, height: float) -> np.ndarray:
    """Per blob (by label), the strokes' width a rule in it is measured against: its ``own``, or,
    when thicker, the thinnest of the other digit-sized blobs' (a rule left on its own is as
    thin as itself). Not one width for the picture: digits drawn by different pens (a form's
    boxes filled one by one) keep their own; and the thinnest, so a thin 1 beside another digit
    as thin is no rule."""
    sized = np.flatnonzero(_writing_sized(blobs.boxes, height)) + 1
    if len(sized) < 2:
        return own
    order = sized[np.argsort(own[sized])]
    thinnest_other = np.full(len(own), own[order[0]])
    thinnest_other[order[0]] = own[order[1]]
    return np.maximum(own, thinnest_other)


def _straight(line: np.ndarray, shortest: float) -> bool:
    """Whether a line's pixels (a boolean window) run straight for at least ``shortest`` pixels,
    spreading across their direction no more than RULE_SPREAD of that length (and RULE_SPREAD_PIXELS)."""
    rows, columns = np.nonzero(line)
    points = np.stack([columns, rows], axis=1).astype(np.float64)
    points -= points.mean(axis=0)
    # The line's direction and its pixels' spread across it, from their principal axes.
    values, vectors = np.linalg.eigh(points.T @ points / len(points))
    length = float(np.ptp(points @ vectors[:, 1]))
    return length >= shortest and math.sqrt(max(float(values[0]), 0.0)) <= RULE_SPREAD * length + RULE_SPREAD_PIXELS


def without(blobs: Blobs, dropped: np.ndarray) -> Blobs | None:
    """The blobs found again in ``blobs``' ink with the ``dropped`` ones (a bool per blob) taken out."""
    gone = np.concatenate([[False], dropped])[blobs.soft]
    return find_blobs(np.where(gone, 0.0, blobs.ink).astype(blobs.ink.dtype))


def cut_blobs(blobs: Blobs, height: float) -> PictureParts:
    """Every blob as a piece, or, when it may hold more than one digit of ``height``
    pixels, as the pieces its candidate cuts make."""
    pieces: list[Piece] = []
    joins: list[tuple[int, int, float]] = []
    rows_total, columns_total = blobs.labels.shape
    for index, (x0, y0, x1, y1) in enumerate(blobs.boxes.astype(int)):
        blob = index + 1
        # One pixel of margin for the soft edge.
        top, left = max(0, y0 - 1), max(0, x0 - 1)
        bottom, right = min(rows_total, y1 + 1), min(columns_total, x1 + 1)
        solid = blobs.labels[top:bottom, left:right] == blob
        soft = blobs.soft[top:bottom, left:right] == blob
        wide = x1 - x0 > CUT_WIDTH * height
        weight = _crossing_cost(solid, blobs.stroke) if wide else solid.astype(np.float64)
        cuts = _cuts(solid, height, blobs.stroke, weight) if wide else []
        # Ink is shared across a cut only where it runs through strokes that cross or merge:
        # a cut through one stroke (the foot of a digit joined to the next, an open 0's
        # bottom) parts ink that belongs to one side alone.
        every_row = np.arange(bottom - top)
        shared = [False] + [bool((weight[every_row, path] == THICK_COST).any()) for path, _ in cuts] + [False]
        bounds = [np.zeros(bottom - top, dtype=np.int64)] + [path for path, _ in cuts]
        bounds.append(np.full(bottom - top, right - left, dtype=np.int64))
        costs = [0.0] + [cost for _, cost in cuts]
        for k in range(1, len(bounds)):  # cuts must not cross
            bounds[k] = np.maximum(bounds[k], bounds[k - 1])
        columns = np.arange(right - left)[None, :]
        previous, cost = None, 0.0
        for k in range(len(bounds) - 1):
            inside = (columns >= bounds[k][:, None]) & (columns < bounds[k + 1][:, None])
            cost = max(cost, costs[k])  # a piece left empty between two cuts: the dearer one separates its neighbours
            ink_rows, ink_columns = np.nonzero(solid & inside)
            if not len(ink_rows):
                continue
            box = (
                float(left + ink_columns.min()),
                float(top + ink_rows.min()),
                float(left + ink_columns.max() + 1),
                float(top + ink_rows.max() + 1),
            )
            across_left = across_right = None
            if shared[k]:  # how far each pixel of ink lies across the cut, in its row
                across_left = np.where(soft & (columns < bounds[k][:, None]), bounds[k][:, None] - columns, np.inf)
            if shared[k + 1]:
                across_right = np.where(soft & (columns >= bounds[k + 1][:, None]), columns - bounds[k + 1][:, None] + 1, np.inf)
            if previous is not None:
                joins.append((previous, len(pieces), cost))
            previous, cost = len(pieces), 0.0
            pieces.append(Piece(blob, top, left, soft & inside, box, across_left, across_right))
    return PictureParts(pieces, joins, blobs.ink, height, blobs.stroke)


def _cuts(solid: np.ndarray, height: float, stroke: float, weight: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Where to try cutting a blob (a boolean window; ``weight``: :func:`_crossing_cost`'s):
    paths from its top to its bottom, one column a row, that cross the least ink, left to
    right, each with the strokes' worth of ink it crosses. A path's column in a row is the first
    one right of the cut.

    One pass finds, for every column, the cheapest path that stays within
    PATH_BAND heights of it (each row's step is down, down-left or down-right,
    and a step aside costs a little, so paths are straight where there is no
    ink); the cheapest of those that leave enough ink on both sides are the cuts.
    The pass runs on the blob shrunk to about SEAM_HEIGHT rows: cuts need no
    finer detail, and it is the slow part of reading a picture.
    """
    rows, width = solid.shape
    margin = max(2, int(CUT_MARGIN * height))
    if width <= 2 * margin + 1:
        return []
    scale = max(1, int(round(height / SEAM_HEIGHT)))
    small = _shrink(weight, scale)
    small_rows, small_width = small.shape
    band = max(1, int(PATH_BAND * height / scale))
    offsets = np.arange(-band, band + 1)
    columns = np.arange(small_width)[:, None] + offsets[None, :]  # (anchor, offset): the column a path is in
    outside = (columns < 0) | (columns >= small_width)
    ink = np.where(outside, np.inf, small[:, np.clip(columns, 0, small_width - 1)])
    # The cheapest path from the top to each (anchor, offset) of a row, and where it came from.
    total = ink[0]
    came = np.zeros(ink.shape, dtype=np.int8)  # -1: from the offset on the left, 1: on the right
    wall = np.full((small_width, 1), np.inf)
    for row in range(1, small_rows):
        left = np.concatenate((wall, total[:, :-1]), axis=1) + PATH_STEP
        right = np.concatenate((total[:, 1:], wall), axis=1) + PATH_STEP
        aside = np.minimum(left, right)
        moved = aside < total
        came[row] = np.where(moved, np.where(left <= right, -1, 1), 0)
        total = np.where(moved, aside, total) + ink[row]
    best_offset = np.argmin(total, axis=1)
    cost = total[np.arange(small_width), best_offset]
    first = max(1, -(-margin // scale))
    inner = np.arange(first, small_width - first)
    minima = inner[(cost[inner] <= cost[inner - 1]) & (cost[inner] <= cost[inner + 1])]
    spacing = max(1, int(CUT_SPACING * height))
    most = max(1, int(CUTS_PER_HEIGHT * width / height))
    ink_columns = solid.any(axis=0)
    first_ink, last_ink = int(np.argmax(ink_columns)), width - 1 - int(np.argmax(ink_columns[::-1]))
    valley = _valleys(solid, height)
    ink_rows = np.flatnonzero(solid.any(axis=1))
    traced: list[tuple[np.ndarray, float]] = []
    for anchor in sorted(minima.tolist(), key=lambda c: (cost[c], c)):
        if any(abs(anchor * scale - other.mean()) < spacing / 2 for other, _ in traced):
            continue  # the same cut again, most likely: not worth tracing
        small_path = anchor + offsets[_trace(came[:, anchor], int(best_offset[anchor]))]
        path = np.minimum(np.repeat(small_path, scale)[:rows] * scale + scale // 2, width - 1)
        # Enough ink on both sides: a cut that only shaves off a stroke's end is no cut.
        if path.min() - first_ink < margin or last_ink - path.max() < margin:
            continue
        crossed = float(weight[np.arange(rows), path].sum()) / stroke
        # Where two digits join, the ink's upper outline dips and its lower one rises.
        dip = valley[0][path[ink_rows[0]]] + valley[1][path[ink_rows[-1]]]
        traced.append((path, max(0.0, crossed - OUTLINE_WEIGHT * dip)))
    chosen: list[tuple[np.ndarray, float]] = []
    for path, price in sorted(traced, key=lambda cut: cut[1]):
        if all(abs(path.mean() - other.mean()) >= spacing for other, _ in chosen):
            chosen.append((path, price))
            if len(chosen) == most:
                break
    return sorted(chosen, key=lambda cut: float(cut[0].mean()))


def _crossing_cost(solid: np.ndarray, stroke: float) -> np.ndarray:
    """What crossing each pixel of a blob (a boolean window) costs a cut: a stroke's
    pixel 1, background 0, and ink THICK_STROKES strokes wide both across and down
    (where two strokes cross or run side by side) THICK_COST. Two digits that
    touch along a stroke, or cross, merge into such thick ink: a cut can then
    follow them apart rather than cut through the thin strokes of one of them."""
    thickness = np.minimum(run_lengths(solid, axis=0), run_lengths(solid, axis=1))
    return np.where(solid, np.where(thickness >= THICK_STROKES * stroke, THICK_COST, 1.0), 0.0)


def _valleys(solid: np.ndarray, height: float) -> tuple[np.ndarray, np.ndarray]:
    """Per column, in heights: how far the upper outline lies below its highest
    points on both sides (within OUTLINE_REACH), and the lower outline above its lowest."""
    rows, width = solid.shape
    has = solid.any(axis=0)
    top = np.where(has, np.argmax(solid, axis=0), rows).astype(np.float64)
    bottom = np.where(has, rows - 1 - np.argmax(solid[::-1], axis=0), -1).astype(np.float64)
    reach = max(1, int(OUTLINE_REACH * height))
    top_sides = np.maximum(_running(top, reach, np.min, "left"), _running(top, reach, np.min, "right"))
    bottom_sides = np.minimum(_running(bottom, reach, np.max, "left"), _running(bottom, reach, np.max, "right"))
    dip = np.where(has, np.maximum(top - top_sides, 0.0), 0.0) / height
    rise = np.where(has, np.maximum(bottom_sides - bottom, 0.0), 0.0) / height
    return dip, rise


def _running(values: np.ndarray, reach: int, reduce, side: str) -> np.ndarray:
    """For each position, ``reduce`` of the values within ``reach`` on one side of it, itself included."""
    padded = np.pad(values, (reach, 0) if side == "left" else (0, reach), mode="edge")
    return reduce(sliding_window_view(padded, reach + 1), axis=1)


def _trace(came: np.ndarray, last: int) -> np.ndarray:
    """The offsets, row by row, of the path ending at offset ``last``, from where
    each row's step ``came`` from (-1, 0 or 1 per row and offset)."""
    rows = len(came)
    offsets = [last]
    for row in range(rows - 1, 0, -1):
        offsets.append(offsets[-1] + int(came[row, offsets[-1]]))
    return np.array(offsets[::-1], dtype=np.int64)


def _shrink(values: np.ndarray, scale: int) -> np.ndarray:
    """Per-pixel costs shrunk ``scale`` times, as the mean of each block (a gap
    between two strokes stays cheaper to cross than a stroke)."""
    if scale == 1:
        return values.astype(np.float64)
    rows, columns = -(-values.shape[0] // scale) * scale, -(-values.shape[1] // scale) * scale
    padded = np.zeros((rows, columns), dtype=np.float64)
    padded[: values.shape[0], : values.shape[1]] = values
    return padded.reshape(rows // scale, scale, columns // scale, scale).mean(axis=(1, 3))


def _stroke_widths(labels: np.ndarray, count: int) -> np.ndarray:
    """Each blob's strokes' width (as :func:`_stroke_width`), indexed by its label (0: none)."""
    solid = labels > 0
    area = np.bincount(labels[solid], minlength=count + 1).astype(np.float64)
    edge = np.bincount(labels[_outline(solid)], minlength=count + 1).astype(np.float64)
    return np.maximum(1.0, 2.0 * area / np.maximum(edge, 1.0))


def _stroke_width(solid: np.ndarray) -> float:
    """The strokes' width: their area over half their outline (a stroke of width w
    and length L has an area of wL and an outline of about 2L)."""
    return max(1.0, 2.0 * float(solid.sum()) / max(int(_outline(solid).sum()), 1))


def _outline(solid: np.ndarray) -> np.ndarray:
    """The pixels of ``solid`` with a neighbour (across or down) outside it."""
    padded = np.pad(solid, 1)
    inner = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    return solid & ~inner


def label_components(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """Label the 8-connected regions of a boolean mask: (labels 1..count, 0 for none), count.

    Runs of each row are joined to the touching runs of the row above with a
    union-find, which is quick for ink (a few thousand runs in a picture).
    """
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    changes = np.diff(padded, axis=1)
    rows_start, cols_start = np.nonzero(changes == 1)
    _, cols_end = np.nonzero(changes == -1)
    count = len(rows_start)
    labels = np.zeros((height, width), dtype=np.int32)
    if count == 0:
        return labels, 0
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    row_first = np.searchsorted(rows_start, np.arange(height + 1))
    for row in range(1, height):
        above = range(row_first[row - 1], row_first[row])
        if not len(above):
            continue
        j = above.start
        for i in range(row_first[row], row_first[row + 1]):
            start, end = cols_start[i], cols_end[i]
            while j < above.stop and cols_end[j] < start:  # runs above ending before this one's reach
                j += 1
            k = j
            while k < above.stop and cols_start[k] <= end:  # 8-connected: diagonal neighbours count
                a, b = root(i), root(k)
                if a != b:
                    parent[max(a, b)] = min(a, b)
                k += 1
    roots = np.array([root(i) for i in range(count)])
    _, compact = np.unique(roots, return_inverse=True)
    for i in range(count):
        labels[rows_start[i], cols_start[i] : cols_end[i]] = compact[i] + 1
    return labels, int(compact.max()) + 1


def _blob_boxes(labels: np.ndarray, count: int) -> np.ndarray:
    """Each labelled region's box: x0, y0, x1, y1 (ends exclusive)."""
    rows, cols = np.nonzero(labels)
    which = labels[rows, cols] - 1
    boxes = np.empty((count, 4), dtype=np.float64)
    boxes[:, :2] = np.inf
    boxes[:, 2:] = -np.inf
    np.minimum.at(boxes[:, 0], which, cols)
    np.minimum.at(boxes[:, 1], which, rows)
    np.maximum.at(boxes[:, 2], which, cols + 1)
    np.maximum.at(boxes[:, 3], which, rows + 1)
    return boxes


def _grow(labels: np.ndarray) -> np.ndarray:
    """Labels spread by one pixel into unlabelled neighbours (the strokes' soft edges)."""
    grown = labels.copy()
    for axis, shift in ((0, 1), (0, -1), (1, 1), (1, -1)):
        moved = np.roll(labels, shift, axis=axis)
        if axis == 0:
            moved[0 if shift == 1 else -1, :] = 0
        else:
            moved[:, 0 if shift == 1 else -1] = 0
        fill = (grown == 0) & (moved > 0)
        grown[fill] = moved[fill]
    return grown
