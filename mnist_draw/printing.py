"""The page's printing, told from the digit written on it: ruled and squared-paper
lines (turned in the photo, in perspective), margin lines and frames along the edges,
boxes printed anywhere (a box round a digit, a comb of boxes or of ticks) found as
masks (:func:`line_masks`) and taken out with the strokes crossing them kept
(:func:`remove_lines`); a dark printed field with a light digit written on it
(:func:`dark_field`; paper.py reads the digit inside it). A ring round the digit is
ring.py's. Numpy and Pillow."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from PIL import Image

from .ink_shape import run_lengths
from .marks import dilate, label, marks_of
from .paper_brightness import BLOT_SEARCH_SIDE

# A line (ruling, grid, margin, frame) runs over at least this fraction of the picture.
LINE_SPAN = 0.6
# ...and reaches to within this fraction of the picture's side of both its ends.
LINE_REACH = 0.05
# ...but when at least RULING_LINES lines lie side by side (a ruling, a grid), they need
# only reach to within RULING_REACH of the picture's sides.
RULING_LINES = 3
RULING_REACH = 0.15
RULING_SPAN = 0.35
# Lines are looked for only where the ink of three bands of rows, in runs along them
# of at least RUN_ALONG pixels, reaches across MAY_CROSS of the picture (_crossing_share;
# a line's runs bridge gaps of a pixel or two, so a little less than LINE_SPAN).
MAY_CROSS = 0.5
RUN_ALONG = 4
# A line's piece is at least this share of the picture's width long (_along_lines).
LINE_PIECE = 0.3
# Pictures larger than this (pixels a side) are searched for lines at half size.
LINE_SEARCH_SIDE = 300
# Lines are looked for level and turned by one of these angles (degrees): a line is found
# within about 3 degrees of it (its runs drift a row or two over a tenth of the picture,
# and its rows over a band of rows), so squared paper turned in the hand, in perspective,
# has its lines found too.
LINE_TILTS = (0, -4, 4, -8, 8, -12, 12)
# ...where the ink lines up (_line_turns): its rows' counts, sheared by a turn, peak
# TURN_PEAK times above their median at some turn, and the turns where they come within
# TURN_NEAR of that peak (lines in perspective fan out).
TURN_PEAK = 1.5
TURN_NEAR = 0.6
TURN_PIXELS = 3000
# Where two lines cross, the ink within this many pixels of both is theirs (_crossings).
CROSSING_REACH = 5
# Frames meet at corners, so a frame line only has to come this close to the ends.
FRAME_REACH = 0.15
# A printed box anywhere in the picture (_printed_frames): its sides are straight
# runs of ink at least FRAME_SIDE of the picture's shorter side long, at most
# FRAME_LINE_THICKNESS of it thick, drifting across at most FRAME_TILT of their
# length (a page turned by up to about 5 degrees, in perspective), with gaps up to
# FRAME_GAP (where a stroke crosses them) bridged; two meet at a corner when an end
# of one lies within FRAME_CORNER of the other. Only the MAX_SEGMENTS longest are looked at.
FRAME_SIDE = 0.12
FRAME_LINE_THICKNESS = 0.05
FRAME_TILT = 0.35
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
# A comb without a U found (its digits touching its lines): between two long parallel
# lines at least COMB_WALLS lines of the other kind, with their ends on both, within
# COMB_SAME of their median length, the long lines at least LONG_LINE times that.
COMB_WALLS = 3
COMB_SAME = 0.2
LONG_LINE = 1.3
# A comb of ticks is found without its U (_tick_combs) when its ticks' gaps are within
# this share of their median gap.
TICK_EVEN = 0.25
# A line's run that ink touching it bends (_peel_touching) is still a line when the ink
# off its line lies over at most this share of its length.
TOUCHING_SHARE = 0.2
# Two pieces of one straight line are one line when ink lies along at least this share
# of the gap between them (_joined_along_ink).
JOIN_INK = 0.9
# A U's fourth side (the line from one side's free end to the other's) is printed when
# ink lies along at least this share of it (a digit running along a box's wall, or over
# it, breaks the wall's straight thin run; a comb of ticks has no such line).
FRAME_CLOSED = 0.75
FRAME_CLOSED_TURN = 6.0
# Ruled and squared-paper lines are at most this thick (fraction of the picture's side);
# frames along the edges may be thicker, as close as EDGE_BAND to an edge.
LINE_THICKNESS = 0.02
FRAME_THICKNESS = 0.06
EDGE_BAND = 0.15
# A dark printed field with a light digit written on it (dark_field): one mark
# at least FIELD_SIDE of the picture's longer side across that, its holes filled,
# covers at least FIELD_FILL of the smallest rectangle round it at any turn up to
# FIELD_TURN degrees (a page turned a little, in perspective; a disc or an ellipse
# covers 0.785, a blot of marker less), with holes (the light strokes) of at least
# FIELD_HOLES of its area; the field is read within, FIELD_INSET of its
# shorter side in from its edge (its printed outline left out), light strokes as ink,
# and taken for a field only when a digit at least FIELD_DIGIT of its height is found
# there (fields print a margin round the digit; a blot's flecks are far smaller).
# A sheet of paper lying on a dark table is such a field too, the table taking the
# sheet for light ink: a sheet a tenth of the photo across is still read on its own
# (at 0.3, MNIST digits on a sheet a fifth across: 1 in 60 right, 8 read sure and wrong).
FIELD_SIDE = 0.1
FIELD_DIGIT = 0.25
FIELD_FILL = 0.9
FIELD_TURN = 10
FIELD_HOLES = 0.02
FIELD_INSET = 0.04
# ...or, seen in perspective or turned further, has an area within this share of the
# four-sided figure its corners make (_four_cornered), and holes of at most
# FIELD_CORNERED_HOLES of its area (a boxy 0 is mostly hole), and is at least
# FIELD_CORNERED_SIDE of the picture across: smaller, a bold digit's blot passes for
# four-sided (a 6 in a number's box, 16x7 pixels on the search copy, was read as a field).
FIELD_CORNERS = 0.08
FIELD_CORNERED_HOLES = 0.3
FIELD_CORNERED_SIDE = 0.3


# --- lines and frames ---------------------------------------------------------


def line_masks(mask: np.ndarray, clear: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pixels of ``mask`` on straight horizontal and vertical lines: ruled and
    squared-paper lines and margin lines across the picture, thicker frame lines near
    its edges, and printed boxes anywhere in it (a box round a digit, a comb of boxes).

    Boxes are looked for in ``clear`` (the clearly dark part of ``mask``, when given):
    they are looked for on a coarse copy, where the paper's grain, a speck a pixel,
    would add up to lines."""
    horizontal, vertical = _ruled_lines(mask)
    printed_horizontal, printed_vertical = _printed_frames(mask if clear is None else clear, (horizontal, vertical))
    if clear is not None:
        # The lines' soft edges, too faint to be clear, go with them.
        printed_horizontal, printed_vertical = dilate(printed_horizontal) & mask, dilate(printed_vertical) & mask
    horizontal, vertical = horizontal | printed_horizontal, vertical | printed_vertical
    crossings = _crossings(mask, horizontal, vertical)
    return horizontal | crossings, vertical | crossings


def _crossings(mask: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """Where a horizontal and a vertical line cross (squared paper's grid, a box's corner),
    the ink is thin along neither, so neither line holds it: the pixels of ``mask`` on
    neither line with a horizontal line's ink beside them on both sides and a vertical
    line's above and below, within CROSSING_REACH (and two rows or columns aside). Taken out with both lines, they leave
    no dot at every crossing (a digit's stroke crossing a line has no line above and below)."""
    if not (horizontal.any() and vertical.any()):
        return np.zeros_like(mask)
    reach = CROSSING_REACH
    # Two rows or columns either way: turned lines cross in a slanted block, and lines
    # found on a half-size copy step by two pixels.
    left, right = _within(_spread_rows(_spread_rows(horizontal)), reach, axis=1)
    above, below = _within(_spread_rows(_spread_rows(vertical.T)).T, reach, axis=0)
    return mask & ~horizontal & ~vertical & left & right & above & below


def _within(line: np.ndarray, reach: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Whether a pixel of ``line`` lies within ``reach`` pixels before each pixel along
    ``axis``, and whether one lies within ``reach`` after it."""
    before = np.zeros_like(line)
    after = np.zeros_like(line)
    size = line.shape[axis]
    for step in range(1, min(reach, size - 1) + 1):
        if axis == 0:
            before[step:] |= line[:-step]
            after[:-step] |= line[step:]
        else:
            before[:, step:] |= line[:, :-step]
            after[:, :-step] |= line[:, step:]
    return before, after


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
    """Lines across the picture, level or turned by up to about LINE_TILTS' last and a half
    step (a page turned in the hand, in perspective), and frame lines along its edges.

    Turned lines are looked for only at the turns where the ink lines up (_line_turns):
    a page's rulings are turned alike, give or take its perspective."""
    width = mask.shape[1]
    # The paper's grain leaves small clumps in the mask; a line turned by up to about
    # 15 degrees runs along the rows for at least RUN_ALONG pixels at each of its pixels.
    along = mask & (run_lengths(mask, axis=1) >= RUN_ALONG)
    ink_rows, ink_cols = np.nonzero(along)
    drift = max(1, int(0.025 * width))
    lines = np.zeros_like(mask)
    if _crossing_share(ink_rows, ink_cols, width, drift) >= MAY_CROSS:
        lines = _level_lines(mask, max(mask.shape), frames=True)
    for tilt in _line_turns(ink_rows, ink_cols, width):
        # Sheared by the tilt, each column moved up or down, a line turned by it is level.
        shift = np.rint((np.arange(width) - width / 2) * math.tan(math.radians(tilt))).astype(np.int64)
        shift -= shift.min()
        if _crossing_share(ink_rows + shift[ink_cols], ink_cols, width, drift) < MAY_CROSS:
            continue
        rows = np.arange(mask.shape[0])[:, None] + shift[None, :]
        sheared = np.zeros((mask.shape[0] + int(shift.max()), width), dtype=bool)
        sheared[rows, np.arange(width)[None, :]] = mask
        found = _level_lines(sheared, max(mask.shape), frames=False)
        if found.any():
            lines |= found[rows, np.arange(width)[None, :]]
    return lines


def _line_turns(rows: np.ndarray, cols: np.ndarray, width: int) -> list[int]:
    """The turns of LINE_TILTS other than level to look for lines at: the ink's rows,
    sheared two degrees at a time, pile up into sharp peaks at a line's turn (the sum of
    the squared counts a row is largest there), far above their spread at most turns
    (TURN_PEAK times the median) when there are lines; the turns within a few degrees of
    those where the sum comes to TURN_NEAR of its largest (lines in perspective fan out)."""
    if len(rows) < width:
        return []
    # A few thousand of the ink's pixels tell its turn as well as all of them.
    step = max(1, len(rows) // TURN_PIXELS)
    rows, cols = rows[::step], cols[::step]
    angles = np.arange(-max(LINE_TILTS) - 2, max(LINE_TILTS) + 3, 2)
    middle = cols - width / 2
    scores = np.empty(len(angles))
    for k, angle in enumerate(angles):
        sheared = np.rint(rows + middle * math.tan(math.radians(angle))).astype(np.int64)
        counts = np.bincount(sheared - sheared.min()).astype(np.float64)
        scores[k] = float((counts * counts).sum())
    peak = float(scores.max())
    if peak < TURN_PEAK * float(np.median(scores)):
        return []
    near = angles[scores >= TURN_NEAR * peak]
    low, high = int(near.min()) - 3, int(near.max()) + 3
    return [tilt for tilt in LINE_TILTS if tilt != 0 and low <= tilt <= high]


def _crossing_share(rows: np.ndarray, cols: np.ndarray, width: int, drift: int) -> float:
    """The largest share of the columns that some three blocks of ``drift`` rows in a row
    hold ink in, the ink at ``rows``, ``cols``: at least a line's (what _level_lines looks
    for, within a band of ``drift`` rows either way), when a line is there. Cheap, from
    the ink's pixels alone: most pictures have no line at most turns, and the turn of a
    page's lines is the one where this share is largest."""
    if not len(rows):
        return 0.0
    blocks = rows // drift
    blocks -= blocks.min()
    covered = np.zeros((int(blocks.max()) + 3, width), dtype=bool)
    covered[blocks, cols] = True
    return float((covered[:-2] | covered[1:-1] | covered[2:]).sum(axis=1).max()) / width


def _level_lines(mask: np.ndarray, side: int, frames: bool) -> np.ndarray:
    """Level lines across the picture (``side`` pixels on its longer side), and when
    ``frames``, frame lines along its edges."""
    height, width = mask.shape
    lines = np.zeros_like(mask)
    if width < 24 or height < 8:
        return lines
    # No band of rows holds enough ink for a line across: nothing to look for.
    drift = max(1, int(0.025 * width))
    counts = np.convolve(mask.sum(axis=1), np.ones(2 * drift + 1), mode="same")
    if not (counts >= LINE_SPAN * width).any():
        return lines
    rows = np.arange(height)
    near_edge = (rows < EDGE_BAND * height) | (rows >= (1 - EDGE_BAND) * height)
    passes = [(LINE_THICKNESS, None, LINE_REACH)]
    if frames:
        passes.append((FRAME_THICKNESS, near_edge, FRAME_REACH))
    anywhere = max(1, int(0.006 * side)) + 1
    passes = [entry for entry in passes if _may_reach_across(mask, entry[1], drift, max(2, int(round(entry[0] * side))) + 1, anywhere)]
    if not passes:
        return lines
    vertical_runs = run_lengths(mask, axis=0)
    for thickness, allowed, reach_fraction in passes:
        limit = max(2, int(round(thickness * side)))
        thin = mask & (vertical_runs <= limit)
        if allowed is not None:
            thin &= allowed[:, None]
        # A line may tilt a little (a step of a pixel up or down), and where another
        # line crosses it, it is not thin: bridge such short gaps.
        tolerant = thin.copy()
        tolerant[1:] |= thin[:-1]
        tolerant[:-1] |= thin[1:]
        # Where a squared paper's line crosses another, a gap as wide as a line is ink.
        tolerant = _bridge_gaps(tolerant, mask, limit + 1, anywhere)
        local = max(6, int(0.12 * width))
        runs = tolerant & (run_lengths(tolerant, axis=1) >= local)
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
        if allowed is None:
            # Several lines side by side are a ruling or a grid, not a digit's strokes: they
            # may stop short of the picture's edges (a page's margin, a page in perspective).
            # Among them, a line the digit cuts into pieces need only be ink along RULING_SPAN.
            reach = max(1, int(RULING_REACH * width))
            ends = band[:, :reach].any(axis=1) & band[:, -reach:].any(axis=1)
            if np.count_nonzero(np.diff(np.concatenate([[0], ((coverage >= LINE_SPAN) & ends).astype(np.int8)])) == 1) >= RULING_LINES:
                line_rows = (coverage >= RULING_SPAN) & ends
        if line_rows.any() and allowed is not None:
            # A frame along the edge: its runs in its rows, and a row either way.
            lines |= thin & runs & line_rows[:, None] | (thin & _spread_rows(runs & line_rows[:, None]))
        elif line_rows.any():
            on_line, line_thickness = _along_lines(runs, thin, line_rows)
            # With the line's soft edge a row either way, where the ink is no thicker
            # than the line and its edges (not where a stroke touches it).
            edge = thin & (vertical_runs <= line_thickness + 2)
            lines |= (thin & on_line) | (edge & _spread_rows(on_line))
    return lines & mask


def _may_reach_across(mask: np.ndarray, allowed: np.ndarray | None, drift: int, over_ink: int, anywhere: int) -> bool:
    """Whether a pass of _level_lines (its rows ``allowed``, its gaps bridged over
    ``over_ink`` and ``anywhere`` pixels) may find a line: every row it keeps has its
    runs' band reach within RULING_REACH (the widest of the reaches) of both sides, and
    each pixel of a run, bridged or not, has thin ink (ink of an allowed row) at or
    before its column and at or after it, within a row of its own; so some band of
    rows, drift and a row either way, holds ink of allowed rows near both sides. Most
    digits reach no side: this costs two sums where the pass costs many."""
    height, width = mask.shape
    if max(over_ink, anywhere) >= width:
        return True  # a gap at a row's end could be bridged: no shortcut
    reach = max(1, int(max(LINE_REACH, RULING_REACH, FRAME_REACH) * width))
    left, right = mask[:, :reach].any(axis=1), mask[:, -reach:].any(axis=1)
    if allowed is not None:
        left, right = left & allowed, right & allowed
    spread = drift + 1
    top = np.maximum(np.arange(height) - spread, 0)
    bottom = np.minimum(np.arange(height) + spread + 1, height)
    left_sums, right_sums = np.concatenate([[0], np.cumsum(left)]), np.concatenate([[0], np.cumsum(right)])
    return bool(((left_sums[bottom] > left_sums[top]) & (right_sums[bottom] > right_sums[top])).any())


def _along_lines(runs: np.ndarray, thin: np.ndarray, line_rows: np.ndarray) -> tuple[np.ndarray, float]:
    """The pixels along each line, and the lines' typical thickness. A line's rows are
    those where its runs lie all across a band of rows, and a line turned a little
    leaves that band toward its ends; a digit's stroke may lie in the band too, or
    touch the line. So the long pieces of runs reaching into those rows (at least
    LINE_PIECE of the width) are lines, each fitted on its own (_line_fit); in a band
    where a digit cuts its line into shorter pieces only, those pieces together are.
    A line's pixels are those within half its thickness and a pixel of its fitted
    line, wherever they are (a digit's stroke a piece took along, off the line, is
    not); a shorter piece (a line's part between two strokes of the digit) is a
    line's when nearly all of it lies as close to a line."""
    width = runs.shape[1]
    none = np.zeros_like(runs), 0.0
    run_labels, count = label(runs)
    found = np.unique(run_labels[line_rows])
    found = found[found > 0]
    if not len(found):
        return none
    rows, cols = np.nonzero(run_labels)
    which = run_labels[rows, cols]
    first = np.full(count + 1, width)
    last = np.zeros(count + 1, dtype=np.int64)
    np.minimum.at(first, which, cols)
    np.maximum.at(last, which, cols)
    long = found[last[found] - first[found] + 1 >= LINE_PIECE * width]
    along = np.zeros_like(runs)
    fits: list[_LineFit] = []
    pixels = _by_label(which, count)
    for piece in long:
        own_rows, own_cols = rows[pixels[piece]], cols[pixels[piece]]
        fit = _line_fit(own_rows, own_cols, thin[own_rows, own_cols], width)
        if fit is not None:
            along[own_rows[fit.on_line], own_cols[fit.on_line]] = True
            fits.append(fit)
    # Which labels are short pieces, and which are in a band: tables by label, not sets.
    short = np.zeros(count + 1, dtype=bool)
    short[found] = True
    short[long] = False
    if not short.any():
        return (along, float(np.median([fit.thickness for fit in fits]))) if fits else none
    piece_rows, piece_cols = np.nonzero(short[run_labels])
    piece_which = run_labels[piece_rows, piece_cols]
    joined = _joined(piece_rows, piece_cols, piece_which, fits, count)
    # In a band where a digit cuts a line into shorter pieces only, the pieces not
    # joined to a long one's line make one together, when they reach across RULING_SPAN.
    edges = np.diff(np.concatenate([[0], line_rows.astype(np.int8), [0]]))
    for top, bottom in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        in_band = np.zeros(count + 1, dtype=bool)
        in_band[run_labels[top:bottom]] = True
        mine = (in_band & short)[piece_which] & ~joined
        if not mine.any():
            continue
        fit = _line_fit(piece_rows[mine], piece_cols[mine], thin[piece_rows[mine], piece_cols[mine]], width)
        if fit is not None and len(np.unique(piece_cols[mine][fit.on_line])) >= RULING_SPAN * width:
            fits.append(fit)
    if not fits:
        return none
    joined = _joined(piece_rows, piece_cols, piece_which, fits, count)
    along[piece_rows[joined], piece_cols[joined]] = True
    return along, float(np.median([fit.thickness for fit in fits]))


def _joined(rows: np.ndarray, cols: np.ndarray, which: np.ndarray, fits: list[_LineFit], count: int) -> np.ndarray:
    """Which pixels of the pieces (labelled ``which``) lie close to one of the fitted
    lines, in pieces lying nearly all (nine tenths) that close to them."""
    near = np.zeros(len(rows), dtype=bool)
    for fit in fits:
        near |= np.abs(rows - (fit.intercept + fit.slope * cols)) <= fit.reach
    share = np.bincount(which, near, count + 1) / np.maximum(1, np.bincount(which, minlength=count + 1))
    return near & (share[which] >= 0.9)


def _straight_fit(cols: np.ndarray, rows: np.ndarray) -> tuple[float, float]:
    """The least-squares line row = intercept + slope * column through the points
    (slope 0 when they all lie in one column); np.polyfit's answer, without its cost."""
    cols = cols.astype(np.float64)
    rows = rows.astype(np.float64)
    mean_col, mean_row = float(cols.mean()), float(rows.mean())
    spread = float(((cols - mean_col) ** 2).sum())
    slope = float(((cols - mean_col) * (rows - mean_row)).sum()) / spread if spread > 0 else 0.0
    return slope, mean_row - slope * mean_col


def _by_label(which: np.ndarray, count: int) -> list[np.ndarray]:
    """For each label 0..count, the indices of the pixels that carry it."""
    order = np.argsort(which, kind="stable")
    return np.split(order, np.cumsum(np.bincount(which, minlength=count + 1))[:-1])


class _LineFit(NamedTuple):
    """A straight line row = intercept + slope * column fitted to a line's pixels."""

    slope: float
    intercept: float
    reach: float  # how far from it the line's own pixels lie
    thickness: float
    on_line: np.ndarray  # which of the pixels it was fitted to are the line's


def _line_fit(rows: np.ndarray, cols: np.ndarray, own: np.ndarray, width: int) -> _LineFit | None:
    """A line through the pixels (``own``: the line's thin ink among them): its
    thickness the median count of that ink a column, fitted through the columns
    where it is no thicker (not where a stroke touches it), then again through the
    pixels within half that thickness and a pixel of that fit (a stroke's pixels
    stray from it); None when there is no line."""
    per_column = np.bincount(cols[own], minlength=width)
    if not per_column.any():
        return None
    thickness = _median_count(per_column)
    use = own & (per_column[cols] <= thickness)
    reach = thickness / 2 + 1
    rows, cols = rows.astype(np.float64), cols.astype(np.float64)
    for _ in range(2):
        if use.sum() < 2 or np.ptp(cols[use]) == 0:
            return None
        slope, intercept = _straight_fit(cols[use], rows[use])
        near = np.abs(rows - (intercept + slope * cols)) <= reach
        use = own & near
    return _LineFit(float(slope), float(intercept), reach, thickness, near)


def _median_count(per_column: np.ndarray) -> float:
    """np.median of the counts above 0 (a few small counts in many columns), from
    how many columns hold each count: the same value, without sorting the columns."""
    columns = np.bincount(per_column)
    columns[0] = 0
    ends = np.cumsum(columns)  # the sorted counts' positions each count ends at (exclusive)
    middle = int(ends[-1]) - 1
    low = int(np.searchsorted(ends, middle // 2, side="right"))
    high = int(np.searchsorted(ends, (middle + 1) // 2, side="right"))
    return (float(low) + float(high)) / 2


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
    joined: tuple[int, ...] = ()  # the labels of pieces of one line joined into this one (_joined_along_ink)

    @property
    def labels(self) -> tuple[int, ...]:
        return (self.index, *self.joined)

    @property
    def length(self) -> int:
        return self.right - self.left

    def row_at(self, column: float) -> float:
        share = (column - self.left) / max(1, self.length - 1)
        return self.row_left + share * (self.row_right - self.row_left)


def _printed_frames(mask: np.ndarray, ruled: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pixels of boxes printed anywhere in the picture: a box round a digit, a comb
    of boxes or of ticks on a baseline, however far from the edges.

    A digit's strokes may be straight and long (a 1, a 7's bar), but they never
    make three sides of a rectangle: two parallel straight lines whose ends are
    joined by a third, square to both (a U, with its corners at the lines' ends).
    Each side of such a U is printing; so are the lines whose both ends lie on
    printing (a comb's walls between its boxes, when the boxes are wider in all
    than tall), and the teeth of a comb: lines with one end on printing as long as
    the comb's end teeth, which make its U. Lines ``ruled`` across the picture
    (horizontal and vertical, as _ruled_lines finds them) are straight lines too: a
    comb's long lines, which its digits touch and cut into short runs, are found so.
    Between two long parallel lines, COMB_WALLS or more lines about as long as each
    other with their ends on both are a comb's walls, whether or not a U was found;
    COMB_WALLS or more evenly spaced ticks standing on a line are a comb of ticks, its end
    cut off by the picture's edge or not. Pieces of one straight line that a digit's
    stroke lying along it parts are one line too."""
    height, width = mask.shape
    none = np.zeros_like(mask)
    # Frames are large: they are looked for on a copy of about FRAME_SEARCH_PIXELS (a
    # pixel there is ink if any of its own were), then marked on the ink at full size.
    factor = max(1, min(math.ceil(math.sqrt(height * width / FRAME_SEARCH_PIXELS)), min(height, width) // FRAME_SEARCH_SHORT))
    if factor > 1:
        small_ruled = None if ruled is None else tuple(_pooled(lines, factor) for lines in ruled)
        found = _printed_frames(_pooled(mask, factor), small_ruled)
        return tuple(_fit(f.repeat(factor, axis=0).repeat(factor, axis=1), mask.shape) & mask for f in found)
    short = min(height, width)
    if short < 16:
        return none, none
    # A U has lines of both kinds: without a horizontal one, no need to look further.
    horizontal, h_labels, h_thin = _straight_segments(mask, short)
    if ruled is not None and ruled[0].any():
        horizontal, h_labels, h_thin = _with_ruled(horizontal, h_labels, h_thin, ruled[0], mask, short)
    if not horizontal:
        return none, none
    vertical, v_labels, v_thin = _straight_segments(mask.T, short)
    if ruled is not None and ruled[1].any():
        vertical, v_labels, v_thin = _with_ruled(vertical, v_labels, v_thin, ruled[1].T, mask.T, short)
    if not vertical or len(horizontal) + len(vertical) < 3:
        return none, none
    # A digit's stroke running along a line for longer than FRAME_GAP (a 5's foot on a
    # comb's baseline) cuts the line in two: pieces on one straight line, ink all along
    # between them, are one line.
    reach = max(3.0, FRAME_CORNER * short)
    horizontal = _joined_along_ink(horizontal, mask, reach)
    vertical = _joined_along_ink(vertical, mask.T, reach)
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
    frames: list[tuple[int, int, int]] = []  # each U's base and its two sides
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
                frames.append((int(i), int(first), int(partners[0])))
                break
    # A comb of ticks whose U is not whole (cut off by the picture's edge at one end, its
    # end tick short of the baseline): evenly spaced ticks standing on a line, holding ink.
    for base, standing, side in _tick_combs(on, kind, left, last, row_left, row_right, reach):
        members = np.isin(np.arange(len(segments)), (base, *standing))
        attached = on[:, :, members].any(axis=(1, 2)) | members
        inside = mask & ~_segment_pixels(attached, kind, segments, h_labels, h_thin, v_labels, v_thin)
        plane = inside if kind[base] == 0 else inside.T
        position = (row_left[standing] + row_right[standing]) / 2
        base_row = (row_left[base] + row_right[base]) / 2
        if _holds_ink(plane, base_row, side, float(np.median(length[standing])), position.min(), position.max()):
            printing[members] = True
    printing |= _comb_walls(on, kind, length, _collinear_classes(kind, left, last, row_left, row_right, reach))
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
    chosen_h = [label for i in np.flatnonzero(printing) if kind[i] == 0 for label in segments[i].labels]
    chosen_v = [label for i in np.flatnonzero(printing) if kind[i] == 1 for label in segments[i].labels]
    found_h, found_v = h_thin & np.isin(h_labels, chosen_h), (v_thin & np.isin(v_labels, chosen_v)).T
    # A box's fourth side, where a digit runs along it or over it, is no straight thin
    # run of its own: it is the line from one side's free end to the other's.
    for base, first, partner in frames:
        ends = [_picture_ends(segments[k], kind[k]) for k in (base, first, partner)]
        thickness = float((found_h | found_v)[_segment_pixels(np.isin(np.arange(len(segments)), (base, first, partner)), kind, segments, h_labels, h_thin, v_labels, v_thin)].sum())
        thickness /= max(1.0, float(length[base] + length[first] + length[partner]))
        closing = _closing_side(mask, ends[0], _far_end(ends[1], ends[0][0]), _far_end(ends[2], ends[0][1]), thickness)
        if closing is not None:
            if kind[base] == 0:
                found_h |= closing
            else:
                found_v |= closing
    return found_h, found_v


def _joined_along_ink(segments: list[_Segment], mask: np.ndarray, reach: float) -> list[_Segment]:
    """``segments`` (horizontal, in ``mask``'s frame) and, added to them, the lines that
    pieces of them make: pieces on one straight line (each one's line passes within
    ``reach`` of the other's near end) with ink of ``mask`` along the line between them,
    within a pixel, over at least JOIN_INK of the gap. The pieces stay as they were
    (a grid's line a digit runs along is found from its pieces)."""
    near = dilate(mask)
    height, width = mask.shape
    pending = sorted(segments, key=lambda segment: segment.left)
    added: list[_Segment] = []
    while pending:
        first = pending.pop(0)
        whole = first
        for other in list(pending):
            gap = other.left - whole.right
            if gap < 0 or abs(whole.row_at(other.left) - other.row_left) > reach or abs(other.row_at(whole.right - 1) - whole.row_right) > reach:
                continue
            columns = np.arange(whole.right, other.left)
            rows = np.rint(whole.row_right + (columns - whole.right + 1) * (other.row_left - whole.row_right) / (gap + 1)).astype(int)
            inside = (rows >= 0) & (rows < height) & (columns < width)
            if gap and near[rows[inside], columns[inside]].sum() < JOIN_INK * gap:
                continue
            whole = _Segment(whole.index, whole.left, other.right, whole.row_left, other.row_right, whole.joined + other.labels)
            pending.remove(other)
        if whole is not first:
            added.append(whole)
    return segments + added


def _picture_ends(segment: _Segment, kind: int) -> np.ndarray:
    """A segment's two ends as (row, column) in the picture (a vertical one's frame is the transposed picture's)."""
    ends = np.array([[segment.row_left, segment.left], [segment.row_right, segment.right - 1]], dtype=np.float64)
    return ends if kind == 0 else ends[:, ::-1]


def _far_end(ends: np.ndarray, corner: np.ndarray) -> np.ndarray:
    """Of a side's two ends, the one away from the ``corner`` where it meets the base."""
    return ends[int(np.argmax(np.hypot(*(ends - corner).T)))]


def _closing_side(mask: np.ndarray, base: np.ndarray, start: np.ndarray, end: np.ndarray, thickness: float) -> np.ndarray | None:
    """The ink of ``mask`` along the straight line from ``start`` to ``end`` (row, column),
    the side of a box opposite its ``base`` (its two ends), when it is printed: about as
    long as the base and as turned (within FRAME_CLOSED_TURN degrees; a digit's stroke
    that cut a side short would turn it), with ink along at least FRAME_CLOSED of it (where
    a comb's ticks stand on a baseline, the line joining their tops crosses only the
    digits' strokes). Its pixels are those within half a line's ``thickness`` and a pixel
    of it whose run of ink across it is no wider than a line (where a digit's stroke runs
    along the side, over it, the stroke is kept); None when the side is not printed."""
    height, width = mask.shape
    span = float(np.hypot(*(end - start)))
    base_span = float(np.hypot(*(base[1] - base[0])))
    if span < 2 or not 0.8 <= span / max(base_span, 1.0) <= 1.25:
        return None
    turn = math.degrees(abs(math.atan2(*(end - start)) - math.atan2(*(base[1] - base[0]))))
    if min(turn, 360 - turn) > FRAME_CLOSED_TURN:
        return None
    steps = np.linspace(0.0, 1.0, int(math.ceil(span)) + 1)
    points = np.rint(start[None, :] + steps[:, None] * (end - start)[None, :]).astype(int)
    inside = (points[:, 0] >= 0) & (points[:, 0] < height) & (points[:, 1] >= 0) & (points[:, 1] < width)
    near = dilate(mask)
    if near[points[inside, 0], points[inside, 1]].sum() < FRAME_CLOSED * len(points):
        return None
    reach = thickness / 2 + 1
    top, bottom = int(max(0, math.floor(min(start[0], end[0]) - reach))), int(min(height, math.ceil(max(start[0], end[0]) + reach) + 1))
    left, right = int(max(0, math.floor(min(start[1], end[1]) - reach))), int(min(width, math.ceil(max(start[1], end[1]) + reach) + 1))
    rows, cols = np.mgrid[top:bottom, left:right]
    direction = (end - start) / span
    along = (rows - start[0]) * direction[0] + (cols - start[1]) * direction[1]
    across = np.abs((rows - start[0]) * direction[1] - (cols - start[1]) * direction[0])
    band = np.zeros_like(mask)
    band[top:bottom, left:right] = (across <= reach) & (along >= -reach) & (along <= span + reach)
    # Across a nearly horizontal side, the runs of ink down the columns; across a vertical one, along the rows.
    runs = run_lengths(mask, axis=0 if abs(direction[1]) >= abs(direction[0]) else 1)
    return band & mask & (runs <= math.ceil(thickness) + 2)


def _tick_combs(on: np.ndarray, kind: np.ndarray, left: np.ndarray, last: np.ndarray, row_left: np.ndarray, row_right: np.ndarray, reach: float) -> list[tuple[int, np.ndarray, int]]:
    """Combs of ticks, each as (its base line, its ticks, the side of the base they stand
    on: -1 or 1, in the base's frame): COMB_WALLS or more lines of the other kind with an
    end on the base (``on``), on one side of it, within COMB_SAME of their median length,
    evenly spaced (each gap within TICK_EVEN of the median gap, lines a few pixels apart
    counted once) and further apart than they are long: a row of 1s standing on a ruled
    line is closer, and each 1 leans its own way."""
    length = last - left + 1
    slope = (row_right - row_left) / np.maximum(1.0, length - 1)
    middle = (left + last) / 2
    position = (row_left + row_right) / 2  # where a line stands along a line of the other kind
    combs = []
    for base in range(len(kind)):
        standing = np.flatnonzero(on[:, :, base].any(axis=1) & (kind != kind[base]))
        if len(standing) < COMB_WALLS:
            continue
        sides = np.sign(middle[standing] - (row_left[base] + (position[standing] - left[base]) * slope[base]))
        for side in (-1, 1):
            ticks = standing[sides == side]
            if len(ticks) < COMB_WALLS:
                continue
            typical = float(np.median(length[ticks]))
            ticks = ticks[np.abs(length[ticks] - typical) <= COMB_SAME * typical]
            ticks = ticks[np.argsort(position[ticks], kind="stable")]
            places = position[ticks]
            places = places[np.concatenate([[True], np.diff(places) > reach])] if len(places) else places
            if len(places) < COMB_WALLS:
                continue
            gaps = np.diff(places)
            spacing = float(np.median(gaps))
            if spacing > typical and np.all(np.abs(gaps - spacing) <= TICK_EVEN * spacing):
                combs.append((base, ticks, side))
    return combs


def _comb_walls(on: np.ndarray, kind: np.ndarray, length: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """The lines of combs: two parallel lines (each maybe in several collinear pieces,
    ``classes`` numbering the lines each segment lies on) with COMB_WALLS or more lines
    of the other kind between them, each with one end on either, all within COMB_SAME
    of their median length, the two lines longer than that by LONG_LINE; which
    segments are such walls or pieces of such lines."""
    walls: dict[tuple[int, int], list[int]] = {}
    for j in range(len(kind)):
        for a in np.unique(classes[np.flatnonzero(on[j, 0])]):
            for b in np.unique(classes[np.flatnonzero(on[j, 1])]):
                if a != b:
                    walls.setdefault((int(min(a, b)), int(max(a, b))), []).append(j)
    printing = np.zeros(len(kind), dtype=bool)
    for (a, b), members in walls.items():
        lengths = length[members]
        typical = float(np.median(lengths))
        similar = np.asarray(members)[np.abs(lengths - typical) <= COMB_SAME * typical]
        line_a, line_b = classes == a, classes == b
        if len(similar) >= COMB_WALLS and min(length[line_a].sum(), length[line_b].sum()) >= LONG_LINE * typical:
            printing[similar] = True
            printing |= line_a | line_b
    return printing


def _collinear_classes(kind: np.ndarray, left: np.ndarray, last: np.ndarray, row_left: np.ndarray, row_right: np.ndarray, reach: float) -> np.ndarray:
    """A number for each segment, the same for segments of one kind on one straight
    line (each one's line passes within ``reach`` of the other's two ends): a line cut
    into pieces where digits touch it."""
    slope = (row_right - row_left) / np.maximum(1.0, last - left)
    # row_at[i, j, e]: segment i's line at the column of end e of segment j.
    ends_col = np.stack([left, last], axis=1)
    ends_row = np.stack([row_left, row_right], axis=1)
    row_at = row_left[:, None, None] + (ends_col[None, :, :] - left[:, None, None]) * slope[:, None, None]
    through = (np.abs(row_at - ends_row[None, :, :]) <= reach).all(axis=2)
    same = through & through.T & (kind[:, None] == kind[None, :])
    classes = np.arange(len(kind))
    for _ in range(len(kind)):
        joined = np.where(same, classes[None, :], len(kind)).min(axis=1)
        joined = np.minimum(classes, joined)
        if np.array_equal(joined, classes):
            break
        classes = joined
    return classes


def _pooled(mask: np.ndarray, factor: int) -> np.ndarray:
    """A copy ``factor`` times smaller, a pixel there set when any of its own is."""
    height, width = mask.shape
    rows, columns = -(-height // factor) * factor, -(-width // factor) * factor
    padded = np.zeros((rows, columns), dtype=bool)
    padded[:height, :width] = mask
    # An OR of the factor² strided copies: numpy's any over the reshaped blocks' axes is several times slower.
    pooled = np.zeros((rows // factor, columns // factor), dtype=bool)
    for row in range(factor):
        for column in range(factor):
            pooled |= padded[row::factor, column::factor]
    return pooled


def _with_ruled(segments: list[_Segment], labels: np.ndarray, thin: np.ndarray, ruled: np.ndarray, mask: np.ndarray, short: int) -> tuple[list[_Segment], np.ndarray, np.ndarray]:
    """The straight segments with the ruled lines (a mask of nearly horizontal lines
    across the picture, whose ink is in ``mask``) added as segments of their own: each
    one's pixels under a new label, its ends from a straight line fitted to them."""
    # Where lines cross (a comb's walls its long lines), neither holds the ink: one
    # line's pieces are joined over such gaps.
    lines, count = label(_bridge_gaps(ruled, mask, max(2, int(FRAME_GAP * short)), 2))
    lines = np.where(ruled, lines, 0)
    if count == 0:
        return segments, labels, thin
    rows, cols = np.nonzero(lines)
    which = lines[rows, cols]
    offset = int(labels.max())
    labels = np.where(ruled & (labels == 0), lines + offset, labels)
    added = list(segments)
    pixels = _by_label(which, count)
    for line in range(1, count + 1):
        r, c = rows[pixels[line]], cols[pixels[line]]
        if not len(c) or np.ptp(c) + 1 < FRAME_SIDE * short:
            continue
        slope, intercept = _straight_fit(c, r)
        left, right = int(c.min()), int(c.max()) + 1
        added.append(_Segment(line + offset, left, right, float(intercept + slope * left), float(intercept + slope * (right - 1))))
    return added, labels, thin | ruled


def _segment_pixels(chosen: np.ndarray, kind: np.ndarray, segments: list[_Segment], h_labels: np.ndarray, h_thin: np.ndarray, v_labels: np.ndarray, v_thin: np.ndarray) -> np.ndarray:
    """The thin ink of the ``chosen`` segments, in the picture's own orientation."""
    chosen_h = [label for k in np.flatnonzero(chosen & (kind == 0)) for label in segments[k].labels]
    chosen_v = [label for k in np.flatnonzero(chosen & (kind == 1)) for label in segments[k].labels]
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
    limit = max(2, int(round(FRAME_LINE_THICKNESS * short)))
    thin = mask & (run_lengths(mask, axis=0) <= limit)
    tolerant = thin.copy()
    tolerant[1:] |= thin[:-1]
    tolerant[:-1] |= thin[1:]
    # Bridge gaps along the rows up to a stroke's width where they are ink (where a
    # digit's stroke crosses or ends on a line, the line is not thin), and gaps of a
    # pixel or two anywhere; never wider gaps of paper, where the paper's grain would
    # join up into lines.
    bridged = _bridge_gaps(tolerant, mask, max(2, int(FRAME_GAP * short)), 2)
    local = max(6, int(0.06 * short))
    runs = bridged & (run_lengths(bridged, axis=1) >= local)
    labels, count = label(runs)
    if count == 0:
        return [], labels, thin
    length, straight, row_left, row_right, left, right = _run_shapes(labels, count, limit, short)
    # Two lines side by side a few pixels apart (the walls of neighbouring boxes in a
    # comb with gaps between its boxes) join into one run that is not straight: split
    # such a run along its length where its pixels' offsets from its middle line part.
    merged = np.flatnonzero(~straight & (length >= FRAME_SIDE * short))
    merged = merged[merged > 0]
    if len(merged) and _split_parallel(labels, count, merged, thin, limit):
        count = int(labels.max())
        length, straight, row_left, row_right, left, right = _run_shapes(labels, count, limit, short)
    # A digit touching a line (a 9's tail ending on a comb's baseline, a 3's bowl resting
    # on it) joins the line's run and bends it: its pixels off the line are peeled away.
    bent = np.flatnonzero(~straight & (length >= FRAME_SIDE * short))
    if len(bent) and _peel_touching(labels, bent[bent > 0]):
        length, straight, row_left, row_right, left, right = _run_shapes(labels, count, limit, short)
    if not straight.any():
        return [], labels, thin
    longest = np.flatnonzero(straight)[np.argsort(-length[straight], kind="stable")][:MAX_SEGMENTS]
    segments = [_Segment(int(i), int(left[i]), int(right[i]), float(row_left[i]), float(row_right[i])) for i in longest]
    return segments, labels, thin


def _run_shapes(labels: np.ndarray, count: int, limit: int, short: int) -> tuple[np.ndarray, ...]:
    """For each labelled run: its length, whether it is straight (a line's), its rows at
    its two ends, its first and last columns (end exclusive)."""
    height, width = labels.shape
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
    return length, straight, row_left, row_right, left, right


def _peel_touching(labels: np.ndarray, runs: np.ndarray) -> bool:
    """Take out of each of ``runs`` (labels, in place) the pixels off its line, when they
    lie over at most TOUCHING_SHARE of its length: ink that touches a straight line
    there, not a bowl's arc, which strays from the line joining its ends nearly all
    along. The line joins the median rows of the run's tenths at either end (the
    touching ink may lie there too, thinner than the line along them); whether any run lost pixels."""
    rows, cols = np.nonzero(np.isin(labels, runs))
    which = labels[rows, cols]
    peeled = False
    for run in runs:
        mine = which == run
        r, c = rows[mine], cols[mine]
        left, right = int(c.min()), int(c.max()) + 1
        end = max(2, (right - left) // 10)
        row_left, row_right = float(np.median(r[c < left + end])), float(np.median(r[c >= right - end]))
        line = row_left + (c - left) * (row_right - row_left) / max(1, right - left - 1)
        # Off the line: beyond its own band (its typical thickness down a column) by a pixel;
        # a digit's stroke lying along the line, fused with it, is off it too.
        thickness = _median_count(np.bincount(c - left))
        off = np.abs(r - line) > thickness / 2 + 1
        if off.any() and len(np.unique(c[off])) <= TOUCHING_SHARE * (right - left):
            labels[r[off], c[off]] = 0
            peeled = True
    return peeled


def _split_parallel(labels: np.ndarray, count: int, runs: np.ndarray, thin: np.ndarray, limit: int) -> bool:
    """Split each of ``runs`` (labels) that is two parallel lines side by side in two,
    in place (the second one under a new label): the offsets of its ``thin`` ink (not
    the rows it was widened by to join a turned line's steps) from the straight line
    fitted to them fall in two groups (Otsu's threshold between them) with hardly any
    pixel near that threshold; whether any was split."""
    rows, cols = np.nonzero(np.isin(labels, runs))
    which = labels[rows, cols]
    ink = thin[rows, cols]
    split = False
    for run in runs:
        mine = which == run
        r, c = rows[mine], cols[mine]
        own = ink[mine]
        if own.sum() < 8 or np.ptp(c[own]) == 0:
            continue
        slope, intercept = _straight_fit(c[own], r[own])
        offsets = r - (intercept + slope * c)
        ordered = np.sort(offsets[own])
        if ordered[-1] - ordered[0] < 2:
            continue
        # Otsu on the offsets: the cut between consecutive values that best separates them.
        total = ordered.sum()
        before = np.cumsum(ordered)[:-1]
        n = np.arange(1, len(ordered))
        mean_low, mean_high = before / n, (total - before) / (len(ordered) - n)
        between = n * (len(ordered) - n) * (mean_high - mean_low) ** 2
        cut = int(np.argmax(between))
        threshold = (ordered[cut] + ordered[cut + 1]) / 2
        low, high = ordered < threshold, ordered >= threshold
        near = np.abs(ordered - threshold) < 0.75
        if low.sum() < 4 or high.sum() < 4 or near.sum() > 0.1 * min(low.sum(), high.sum()):
            continue
        if mean_high[cut] - mean_low[cut] > 2 * limit + 2:
            continue  # too far apart for lines side by side: something else
        count += 1
        upper = offsets >= threshold
        labels[r[upper], c[upper]] = count
        split = True
    return split


def _bridge_gaps(runs: np.ndarray, mask: np.ndarray, over_ink: int, anywhere: int) -> np.ndarray:
    """``runs`` with gaps along the rows filled: up to ``over_ink`` pixels where the gap
    is ink of ``mask`` (a stroke or another line crossing), up to ``anywhere`` pixels
    whatever is there. (A gap's pixel is filled when the runs lie within that many
    pixels of it on both sides.)"""
    height, width = runs.shape
    widest = max(over_ink, anywhere)
    if widest >= width:
        return _bridge_gaps_near_ends(runs, mask, over_ink, anywhere)
    # Only the gaps between two runs of one row, and at most 2 * widest - 1 long, have
    # pixels within reach of runs on both sides: they are found from where the rows'
    # pixels step up and down (each row after a False, so no gap runs on from the row
    # before), and only their pixels are looked at.
    padded = np.zeros((height, width + 1), dtype=bool)
    padded[:, 1:] = runs
    steps = np.diff(padded.ravel().view(np.int8))
    gap_starts = np.flatnonzero(steps == -1) + 1
    run_starts = np.flatnonzero(steps == 1) + 1
    starts, ends = gap_starts[: max(0, len(run_starts) - 1)], run_starts[1:]
    lengths = ends - starts
    # (A gap starting on a row's leading False is the gap before its first run.)
    short = (lengths < 2 * widest) & (starts % (width + 1) != 0) & (starts // (width + 1) == ends // (width + 1))
    starts, lengths = starts[short], lengths[short]
    bridged = runs.copy()
    if not len(starts):
        return bridged
    total = int(lengths.sum())
    first = np.cumsum(lengths) - lengths
    before = np.arange(1, total + 1) - np.repeat(first, lengths)  # pixels from the run before
    after = np.repeat(lengths, lengths) + 1 - before  # ...and from the run after
    positions = np.repeat(starts, lengths) + before - 1
    rows, columns = positions // (width + 1), positions % (width + 1) - 1
    filled = ((before <= anywhere) & (after <= anywhere)) | ((before <= over_ink) & (after <= over_ink) & mask[rows, columns])
    bridged[rows[filled], columns[filled]] = True
    return bridged


def _bridge_gaps_near_ends(runs: np.ndarray, mask: np.ndarray, over_ink: int, anywhere: int) -> np.ndarray:
    """_bridge_gaps for reaches as long as the rows, where a row's end counts as a run
    as far beyond it as the row is long."""
    width = runs.shape[1]
    columns = np.arange(width)[None, :]
    last = columns - np.maximum.accumulate(np.where(runs, columns, -width), axis=1)
    following = np.minimum.accumulate(np.where(runs, columns, 2 * width)[:, ::-1], axis=1)[:, ::-1] - columns
    return runs | (mask & (last <= over_ink) & (following <= over_ink)) | ((last <= anywhere) & (following <= anywhere))


def _spread_rows(marks: np.ndarray) -> np.ndarray:
    spread = marks.copy()
    spread[1:] |= marks[:-1]
    spread[:-1] |= marks[1:]
    return spread


def remove_lines(ink: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """Ink with line pixels removed, except where a stroke crosses the line: there
    the ink just beside the line (the lesser of its two sides) is carried across."""
    cleaned = _bridge(ink, horizontal)
    return _bridge(cleaned.T, vertical.T).T


def _bridge(values: np.ndarray, on_line: np.ndarray) -> np.ndarray:
    """Replace pixels of horizontal lines by the lesser of the values just above and below."""
    if not on_line.any():
        return values
    height, width = values.shape
    # The runs of line pixels down each column, found with the columns laid end to end
    # (a pixel off the line after each): each pixel of a run takes the lesser of the values
    # just above and just below the run (0 beyond the picture's edge). Only the lines'
    # pixels are visited, not every pixel of the picture.
    padded = np.zeros((width, height + 1), dtype=bool)
    padded[:, :height] = on_line.T
    steps = np.flatnonzero(np.diff(padded.ravel().view(np.int8), prepend=np.int8(0)))
    columns, tops = np.divmod(steps[0::2], height + 1)
    bottoms = steps[1::2] - columns * (height + 1)  # exclusive
    above = np.where(tops > 0, values[np.maximum(tops - 1, 0), columns], 0.0)
    below = np.where(bottoms < height, values[np.minimum(bottoms, height - 1), columns], 0.0)
    lengths = bottoms - tops
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    bridged = values.astype(np.float32)
    bridged[np.repeat(tops, lengths) + offsets, np.repeat(columns, lengths)] = np.repeat(np.minimum(above, below), lengths)
    return bridged


# --- a dark printed field -----------------------------------------------------


def _four_cornered(rows: np.ndarray, cols: np.ndarray, area: float) -> bool:
    """Whether a shape (its outline's points, and its area in pixels) is a four-sided
    one, a field seen in perspective or turned further than FIELD_TURN: its area within
    FIELD_CORNERS of the four-sided figure on its extreme points along the diagonals
    (its corners), and its outline along that figure's sides, every point but a tenth
    within FIELD_CORNERS of its width (its shorter side) of them. A disc or an ellipse has half as much
    again as that figure; a thick digit's blob, its counters filled, has curved sides."""
    sums, differences = rows + cols, cols - rows
    corners = [int(np.argmin(sums)), int(np.argmax(differences)), int(np.argmax(sums)), int(np.argmin(differences))]
    y, x = rows[corners].astype(np.float64), cols[corners].astype(np.float64)
    figure = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
    if figure <= 0 or abs(area / figure - 1) > FIELD_CORNERS:
        return False
    # Each point's distance from the nearest side (a segment from one corner to the next).
    start = np.stack([y, x], axis=1)
    along = np.roll(start, -1, axis=0) - start
    points = np.stack([rows, cols], axis=1).astype(np.float64)[:, None, :] - start[None, :, :]
    share = np.clip((points * along).sum(axis=2) / np.maximum((along * along).sum(axis=1), 1e-9), 0.0, 1.0)
    distance = np.hypot(*np.moveaxis(points - share[:, :, None] * along[None, :, :], 2, 0)).min(axis=1)
    width = max(min(float(np.ptp(rows)), float(np.ptp(cols))), 1.0)
    return float(np.mean(distance <= max(1.5, FIELD_CORNERS * width))) >= 0.9


def dark_field(ink: np.ndarray) -> np.ndarray | None:
    """The area of a dark, nearly rectangular printed field with holes in it (see
    FIELD_FILL), its holes filled; None when the ink is no such field."""
    # Looked for on a copy BLOT_SEARCH_SIDE pixels across (a field is large), its shape
    # from its clear ink there: a shadow's faint edge beside it is no part of it.
    height, width = ink.shape
    factor = max(height, width) / BLOT_SEARCH_SIDE
    size = (max(1, math.ceil(width / factor)), max(1, math.ceil(height / factor))) if factor > 1 else (width, height)
    small = np.asarray(Image.fromarray(ink.astype(np.float32), mode="F").resize(size, Image.Resampling.BOX))
    labels, count = label(small > 0.5)
    marks = marks_of(labels, count, small)
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
    # Every turn at once, a row of the outline's points for each.
    turns = np.radians(np.arange(-FIELD_TURN, FIELD_TURN + 1))
    cos = np.array([math.cos(turn) for turn in turns])[:, None]
    sin = np.array([math.sin(turn) for turn in turns])[:, None]
    across = cols * cos + rows * sin
    down = rows * cos - cols * sin
    smallest = float(((np.ptp(across, axis=1) + 1) * (np.ptp(down, axis=1) + 1)).min())
    holes = (area - float(own.sum())) / area
    large = biggest.extent >= FIELD_CORNERED_SIDE * max(labels.shape)
    if area < FIELD_FILL * smallest and not (large and holes <= FIELD_CORNERED_HOLES and _four_cornered(rows, cols, area)):
        return None
    field = np.zeros(labels.shape, dtype=np.uint8)
    field[biggest.top : biggest.bottom, biggest.left : biggest.right] = filled
    return np.asarray(Image.fromarray(field * 255).resize((width, height), Image.Resampling.NEAREST)) > 0
