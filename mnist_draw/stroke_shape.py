"""What a drawing's strokes say about it before the model reads them: a dot above
the rest (:func:`has_a_dot_above`) is an i's or a j's, a bar across the top with a
stem from its middle (:func:`has_a_bar_on_a_stem`) a T's or a J's, a ring with a
short tail drawn across its lower right (:func:`has_a_tail_across_a_ring`) a Q's,
a straight stem with a bowl closing on its right (:func:`has_a_bowl_on_a_stem`) a B's,
a b's, a P's or an R's, a bar drawn in to the end of an arc (:func:`has_a_bar_into_an_arc`)
a G's, a short bar across a stem's upper part (:func:`has_a_bar_across_a_stem`) a t's,
flat bars at the top and the bottom joined by a diagonal (:func:`has_a_diagonal_between_bars`)
a Z's, a flat bar from the middle of one long straight leg to another's
(:func:`has_a_bar_between_legs`) an H's or an A's, not a digit's; one closed stroke of
three or four straight sides (:func:`has_sharp_corners_all_round`) a shape's;
:func:`letter_shape` says which. Pure numpy.

The model sees only the 28x28 raster, where an i is a 1 with a speck over it and
is read as a sure 1 (unseen fonts' i and j: answered as digits 46% and 58% of the
time by v12, mostly as 1s). The strokes keep what the raster blurs: the dot is a
mark of its own, apart from the rest; and a T's stem hangs from the middle of its
bar, where a 7's leaves the bar's end; a Q's tail is a stroke of its own, which
a 0 never has (a slashed 0's slash runs right across it); a B's stem is a straight
stroke of its own, where an 8 or a 6 curves; a G's bar is drawn in to its arc's end,
where a 6's loop closes leftward; a Z's top is a straight bar meeting its diagonal at a
sharp corner, where a 2's top curves. No digit is written
with any of them: none of pendigits-train's 7,494 drawings has one.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

# What :func:`letter_shape` finds, in words for the user: why the drawing is no digit
# whatever the model reads (the window and the command line show them).
DOT_ABOVE = "The dot above makes it look like an i or a j."
BAR_ON_A_STEM = "The bar on top of a stem makes it look like a T."
TAIL_ACROSS_A_RING = "The tail across the ring makes it look like a Q."
BOWL_ON_A_STEM = "The bowl on the right of a straight stem makes it look like a b, a B, a P or an R."
BAR_INTO_AN_ARC = "The bar drawn in to the end of the curve makes it look like a G."
BAR_ACROSS_A_STEM = "The short bar across the top of the stem makes it look like a t."
DIAGONAL_BETWEEN_BARS = "The straight bars at the top and the bottom, joined by a diagonal, make it look like a Z."
SHARP_CORNERS_ALL_ROUND = "The straight sides meeting at sharp corners make it a shape, like a triangle or a box."
BAR_BETWEEN_LEGS = "The bar between two long straight strokes makes it look like an H or an A."

# A letter, even one drawn with every pen lift a hand makes, has a dozen strokes at most
# (the training fonts' and the generated non-digits' most: 12); past MOST_STROKES it is
# hatching or a scribble, which the model turns away. The rules compare strokes in pairs,
# so on a strokes file of thousands they would take seconds and gigabytes for nothing.
MOST_STROKES = 30

# A dot: a stroke whose larger side is at most DOT_SIZE of the drawing's. Above the
# rest: its lowest point higher than the top of the strokes that are not dots by
# DOT_GAP of their height (an i's serifs and a 5's flag touch the stem; a tap made
# while drawing lands anywhere). Over it: its middle within the rest's columns,
# widened on both sides by DOT_REACH of their width (or of a fifth of their height,
# for an i's narrow stem), as a j's dot over its hook is. Chosen on the letters of
# fonts training never uses and on pendigits-train (none of its digits passes; at
# a gap of 0.05, one 4 does).
# An i's or a j's dot lies over the top of its stem, close above it; a tap made while
# drawing lands anywhere round the digit. So the dot's middle lies within DOT_OVER of
# the rest's height, sideways, of their ink in its top tenth (TOP_BAND), and its lowest
# point at most DOT_FAR of that height above their top. Chosen on training-side data
# (benchmarks/bench_stroke_shape.py, bench_devices.py): every i and j of the training
# fonts the rule caught without them is caught still (the widest: a cursive i's dot 0.35
# aside, a script i's 0.54 above); what it no longer catches (the Greek font's v with
# two dots far above it, 19 of the 3,000 held-out non-digits) the model turns away; of
# the pendigits-train writers training holds out, replayed with taps, 224 of the 592
# digits turned away for a tap above them are read.
DOT_SIZE = 0.25
DOT_GAP = 0.1
DOT_REACH = 0.5
DOT_OVER = 0.4
DOT_FAR = 0.7
TOP_BAND = 0.1


def has_a_dot_above(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down, as
    :func:`mnist_draw.preprocess.clean_strokes` gives) hold a dot above the rest, over
    its top and close to it, as an i, a j or an umlaut's letter does: a letter, not a
    digit (a tap further off is left to the model)."""
    if len(strokes) < 2:
        return False
    # Each stroke's box in two reductions over all the points: a min and a max per stroke
    # cost 0.5-1.4 ms for 200 strokes (on every canvas move), these 0.05 ms.
    points = np.concatenate(strokes)
    starts = np.cumsum([0] + [len(stroke) for stroke in strokes[:-1]])
    low, high = np.minimum.reduceat(points, starts, axis=0), np.maximum.reduceat(points, starts, axis=0)
    whole = float((high.max(axis=0) - low.min(axis=0)).max())
    if not whole > 0:
        return False
    dots = (high - low).max(axis=1) <= DOT_SIZE * whole
    if dots.all():
        return False
    dots &= ~_goes_on(points, starts)
    (left, top), (right, bottom) = low[~dots].min(axis=0), high[~dots].max(axis=0)
    height = bottom - top
    gap = DOT_GAP * height
    if not (dots & (high[:, 1] < top - gap)).any():
        return False  # the usual drawing: nothing small above the rest, and on every canvas move
    # The small strokes that touch, one after another, are one mark: the pieces of a stroke
    # broken by a pen lift (the top of a 0 or a 9 in three pieces) make a mark as large as
    # that stroke, no dot; a dot drawn as two taps, or gone over twice, stays a dot.
    small = np.flatnonzero(dots)
    # Squared, not np.hypot: this cost grows with the small strokes' count squared (200
    # of them: 0.14 ms, with np.hypot 0.5; the whole rule then 0.4-0.8 ms, an i's 0.05).
    touching = np.zeros((len(small), len(small)))
    for axis in (0, 1):
        lows, highs = low[small, axis], high[small, axis]
        touching += np.maximum(np.maximum(lows[None, :] - highs[:, None], lows[:, None] - highs[None, :]), 0) ** 2
    touching = touching <= gap**2
    # Each mark named by its lowest-numbered stroke: every stroke takes the least name among
    # those it touches, then its name's (a few steps even for a long chain of pieces).
    names = np.arange(len(small))
    while True:
        taken = np.where(touching, names[None, :], len(small)).min(axis=1)
        taken = taken[taken]
        if (taken == names).all():
            break
        names = taken
    marks = np.unique(names)
    mark_low, mark_high = np.full((len(small), 2), np.inf), np.full((len(small), 2), -np.inf)
    np.minimum.at(mark_low, names, low[small])
    np.maximum.at(mark_high, names, high[small])
    mark_low, mark_high = mark_low[marks], mark_high[marks]
    reach = DOT_REACH * max(right - left, 0.2 * height)
    middle = (mark_low[:, 0] + mark_high[:, 0]) / 2
    above = (
        ((mark_high - mark_low).max(axis=1) <= DOT_SIZE * whole)
        & (mark_high[:, 1] < top - gap)
        & (mark_high[:, 1] >= top - DOT_FAR * height)
        & (middle >= left - reach)
        & (middle <= right + reach)
    )
    if not above.any():
        return False
    # Over the rest's top: near its ink in the top band, not merely within its box.
    body = points[np.repeat(~dots, np.diff(np.append(starts, len(points))))]
    top_xs = body[body[:, 1] <= top + TOP_BAND * height, 0]
    return bool((np.abs(middle[above][:, None] - top_xs[None, :]).min(axis=1) <= DOT_OVER * height).any())


# A piece of a stroke the pen went on drawing after a lift is no dot: where the pen came
# down again one step on (pendigits' tablet loses the segment there), the next stroke
# starts in line with the piece's last step (within PIECE_TURN degrees) and at most
# PIECE_JUMP of that step away; or the piece starts so from the stroke before it. A tap
# for a dot has no steps to go on from, and a dot drawn as a dash or a ring is far from
# its stem for its size. Chosen on training-side data (benchmarks/bench_stroke_shape.py
# --lift-gap): the top of a 6 or a 4 cut off by such a lift was taken for an i's dot.
PIECE_JUMP = 2.0
PIECE_TURN = 45.0


def _goes_on(points: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each stroke (its points from ``starts`` on, in ``points``), whether it runs on
    into the next stroke, or on from the one before, as the piece of a stroke broken by a
    pen lift does (see PIECE_JUMP). In reductions over the strokes at once: on every canvas
    move, for a few hundred taps."""
    ends = np.append(starts[1:], len(points)) - 1
    long = ends > starts  # two points or more: a step to go on from
    last_steps = points[ends] - points[np.maximum(ends - 1, 0)]
    first_steps = points[np.minimum(starts + 1, len(points) - 1)] - points[starts]
    goes_on = np.zeros(len(starts), dtype=bool)
    goes_on[:-1] |= _in_line(last_steps[:-1], points[starts[1:]] - points[ends[:-1]])
    goes_on[1:] |= _in_line(first_steps[1:], points[starts[1:]] - points[ends[:-1]])
    return goes_on & long


def _in_line(steps: np.ndarray, jumps: np.ndarray) -> np.ndarray:
    """Whether each jump goes on from its step: in line with it and at most PIECE_JUMP of it."""
    lengths, reaches = np.hypot(steps[:, 0], steps[:, 1]), np.hypot(jumps[:, 0], jumps[:, 1])
    along = (steps * jumps).sum(axis=1)
    return (lengths > 0) & (reaches <= PIECE_JUMP * lengths) & (along >= np.cos(np.radians(PIECE_TURN)) * lengths * reaches)


# A bar: a stroke nearly straight (its path at most BAR_BEND of its chord), nearly flat
# (rising at most BAR_SLOPE), as long as BAR_LENGTH of the drawing's width and BAR_SPAN
# of its height, lying in its top BAR_BAND. A stem: a stroke nearly straight
# (STEM_BEND), steep (leaning at most STEM_LEAN), reaching down to STEM_REACH of the
# drawing's height, whose top end touches the bar (within TOUCH of the drawing's size)
# at least STEM_MIDDLE of the bar's length from either end. Neither may go on into
# another stroke there (a piece of a stroke broken by a pen lift): a bar's ends touch
# no other stroke's end, a stem's top none but another stem's (a stem gone over twice).
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py): none of
# pendigits-train's 7,494 digits has it, nor any of the 13,532 in the writing styles
# training adds (slashed and dotted 0s, crossed 7s, 1s with flags and feet...), also
# with one to three random pen lifts; it catches 26 of the 3,000 held-out generated
# non-digits (T, t, Cyrillic letters; 30 before STRAIGHT_WANDER). Each limit keeps digits out:
# - the checks on the ends: 5s whose flag runs past the stem's top (82 caught without);
# - BAR_SPAN: 1s with a flat serif across the top, 8-25% of their height each way
#   (96% caught without; and every unseen-font letter caught then was such a serif,
#   Times' I, L, v: a serifed I is a 1's look-alike, left to the model);
# - STEM_MIDDLE at the middle fifth, not half: 7s whose bar runs on past the corner,
#   the stem leaving it 60-75% along (most caught at 0.25; at 0.4 none from 65% on,
#   11% at 60-65%). The two cost 74 -> 48 -> 30 of the held-out non-digits.
BAR_BEND = 1.15
BAR_SLOPE = 0.35
BAR_LENGTH = 0.35
BAR_SPAN = 0.5
BAR_BAND = 0.25
STEM_BEND = 1.15
STEM_LEAN = 0.5
STEM_REACH = 0.7
STEM_MIDDLE = 0.4
TOUCH = 0.08
# Nearly straight is also no point farther than STRAIGHT_WANDER of the chord from it: a
# 5's stem and bowl sent as 5-6 points (a point every 500-800 ms) zigzag 9-17% of
# their chord to either side in a path no longer than BAR_BEND of it, and were taken
# for a stem under the 5's flag (3 of the held-out writers' 2,250 re-played so). It
# costs 4 of the held-out non-digits (T-like letters whose 4-point bar curls up at
# its start, 12-14% of its chord off it, as far as those 5s' stems: no one limit
# catches those letters and keeps the 5s) and 2 of the training fonts' letters (Greek t).
STRAIGHT_WANDER = 0.08


def has_a_bar_on_a_stem(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) hold a bar across the
    top and a straight stem going down from its middle, as a T or a J with its bar
    does: a letter, not a digit (a 7's stem leaves its bar at the end, a
    5's flag at the start; a crossed 7's bar crosses the stem lower down)."""
    return len(strokes) >= 2 and _bar_on_a_stem(strokes, _lines(strokes))


def _bar_on_a_stem(strokes: Sequence[np.ndarray], lines: _Lines) -> bool:
    """:func:`has_a_bar_on_a_stem` of two strokes or more, their :func:`_lines` measured."""
    low, high, starts, ends = lines.low, lines.high, lines.starts, lines.ends
    chords, chord_lengths, paths = lines.chords, lines.chord_lengths, lines.paths
    (left, top), (right, bottom) = low.min(axis=0), high.max(axis=0)
    width, height = right - left, bottom - top
    size = max(width, height)
    if not size > 0:
        return False
    straight = lines.wander <= STRAIGHT_WANDER
    lowest, highest = high[:, 1], low[:, 1]
    bars = (
        (chord_lengths >= BAR_LENGTH * width)
        & (chord_lengths >= BAR_SPAN * height)
        & (chord_lengths >= 0.15 * size)
        & (paths <= BAR_BEND * chord_lengths)
        & straight
        & (np.abs(chords[:, 1]) <= BAR_SLOPE * np.abs(chords[:, 0]))
        & (lowest <= top + BAR_BAND * height)
    )
    stems = (
        (chord_lengths >= 0.5 * height)  # a stroke, not a speck below a dash
        & (paths <= STEM_BEND * chord_lengths)
        & straight
        & (np.abs(chords[:, 0]) <= STEM_LEAN * np.abs(chords[:, 1]))
        & (lowest >= top + STEM_REACH * height)
    )
    if not bars.any() or not stems.any():
        return False
    touch = TOUCH * size
    all_ends = np.concatenate([starts, ends])
    owner = np.tile(np.arange(len(strokes)), 2)

    def goes_on(point: np.ndarray, bar: int, but: np.ndarray | None = None) -> bool:
        """Whether a stroke other than the bar (and the strokes ``but`` marks) ends at ``point``."""
        near = (np.hypot(*(all_ends - point).T) <= touch) & (owner != bar)
        return bool((near & ~but[owner]).any() if but is not None else near.any())

    for bar in np.flatnonzero(bars):
        if goes_on(starts[bar], bar) or goes_on(ends[bar], bar):
            continue
        for stem in np.flatnonzero(stems):
            if stem == bar:
                continue
            # The stem's top end: the one at its highest point.
            stem_top = starts[stem] if starts[stem, 1] <= ends[stem, 1] else ends[stem]
            if stem_top[1] > highest[stem] + 0.05 * height or _distance_to(stem_top, strokes[bar]) > touch:
                continue
            along = float((stem_top - starts[bar]) @ chords[bar]) / float(chord_lengths[bar]) ** 2
            if STEM_MIDDLE <= along <= 1 - STEM_MIDDLE and not goes_on(stem_top, bar, but=stems):
                return True
    return False


# A ring: a stroke whose ends lie within RING_CLOSE of its size of each other, as wide and
# as tall as RING_COVER of the whole drawing. A tail: the one other stroke, nearly
# straight (its path at most TAIL_BEND of its chord), its chord at least a tenth and at
# most TAIL_LENGTH of the ring's size, with one end inside the ring and one outside,
# both ends TAIL_CLEAR of the ring's size from it (drawn across the ring, not along it)
# and TOUCH of the drawing's size from the ring's ends (a piece a pen lift broke off a 0
# goes on from there), the outer one right of and below the ring's middle. It starts
# low in the ring, at least TAIL_START of the ring's height below its middle, and heads
# down and to the right, dropping at most TAIL_STEEP times as far as it goes right
# (65 degrees below the horizontal).
# The ring and the tail are the whole drawing: a slash broken by a pen lift is two pieces.
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py): none of
# pendigits-train's 7,494 digits, nor of the 13,532 in the writing styles training adds
# (slashed and dotted 0s...), has it, also with one to three pen lifts at random, with
# or without the segment where the pen lifted; it catches 15 of the 16 Qs of the
# training fonts' letters generated with seed 9,001 (14 of which the model read as 0s)
# and nothing else, nor any of the 3,000 held-out non-digits. What keeps digits out:
# - a tail alone with its ring: slashed 0s whose slash two pen lifts broke, one piece
#   crossing the ring's lower right, had it without (11 of the 13,532 styled digits;
#   8 when the lifts lose a segment);
# - the tail's outer end in the ring's lower right: with it anywhere below the middle
#   and no check on the tail's ends, 0s whose start or overshoot a pen lift broke off
#   had it (1-5 of pendigits-train's 7,494 at each number of pen lifts); the checks on
#   the tail's ends (clear of the ring's line and its ends) and RING_COVER (a 9's loop is
#   half its height) turn away nothing more here, and are kept as margin: one 8 with a
#   pen lift had it without both;
# - TAIL_START and TAIL_STEEP, for digits drawn by hand that no data set here holds: a 0
#   with a short slash from its middle out past its lower right, and a 9 drawn as a
#   full-height circle and a short stem going down (drawn in sweeps of where each
#   starts, its direction and length: 16% of such slashes and 17-19% of such 9s were
#   caught without these checks; tests/test_stroke_shape.py keeps a grid of each).
#   A Q's tail starts lower (the training fonts' Q, rotated, stretched and slanted as
#   training does: 42-73% of the way from the middle to the bottom) and leans more
#   (13-74 degrees below the horizontal; 96% of the Qs caught without these checks still are,
#   and all 15 above).
RING_CLOSE = 0.25
RING_COVER = 0.7
TAIL_LENGTH = 0.6
TAIL_BEND = 1.5
TAIL_CLEAR = 0.08
TAIL_START = 0.15
TAIL_STEEP = 2.1


def has_a_tail_across_a_ring(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) are a closed ring and a
    short straight tail drawn across its lower right, as a Q is: a letter, not a digit
    (a 0 has no tail of its own; a slashed 0's slash runs right across it)."""
    if len(strokes) != 2:
        return False
    points = np.concatenate(strokes)
    extent = points.max(axis=0) - points.min(axis=0)
    if not extent.max() > 0:
        return False
    for ring, tail in (strokes, strokes[::-1]):
        if len(ring) < 4 or len(tail) < 2:
            continue
        low, high = ring.min(axis=0), ring.max(axis=0)
        size = float((high - low).max())
        if (high - low < RING_COVER * extent).any() or np.hypot(*(ring[-1] - ring[0])) > RING_CLOSE * size:
            continue
        chord = float(np.hypot(*(tail[-1] - tail[0])))
        path = float(np.hypot(*np.diff(tail, axis=0).T).sum())
        if not 0.1 * size <= chord <= TAIL_LENGTH * size or path > TAIL_BEND * chord:
            continue
        ends = tail[[0, -1]]
        inside = _inside(ends, ring)
        if inside[0] == inside[1]:
            continue
        if min(_distance_to(end, ring) for end in ends) < TAIL_CLEAR * size:
            continue
        if min(float(np.hypot(*(end - ring_end))) for end in ends for ring_end in ring[[0, -1]]) <= TOUCH * extent.max():
            continue  # where the ring's stroke ends: a piece of it a pen lift broke off
        outer, inner = (ends[0], ends[1]) if inside[1] else (ends[1], ends[0])
        middle = (low + high) / 2
        out = outer - inner
        if (
            outer[0] > middle[0]
            and outer[1] > middle[1]
            and inner[1] >= middle[1] + TAIL_START * (high - low)[1]
            and 0 < out[1] <= TAIL_STEEP * out[0]
        ):
            return True
    return False


# A bowl on a stem: a stroke nearly straight (STRAIGHT_WANDER, STEM_BEND), steep
# (STEM_LEAN), going down BOWL_STEM_SPAN of the drawing's height, with every other
# stroke on its right (none farther than TOUCH of the drawing's size to its left, none
# more than BOWL_BEYOND of its length above its head or below its foot), and one of them
# a bowl: both its ends on the stem (within TOUCH), its end BOWL_CLOSE of the stem's length
# below its start (drawn downward), one of them part-way down (BOWL_MIDDLE of its length
# from its head and its foot), bulging out BOWL_OUT of its length between. A B's bumps, a b's bowl low down, a
# P's, an R's or a p's high up are so; no digit is: a 6's downstroke curves, a 9's or a
# closed 4's loop is left of its stem, a D-like 0 in two halves closes only at the ends.
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py): none of
# pendigits-train's 7,494 digits nor of the 13,532 in the writing styles training adds
# has it, also with one to three pen lifts at random, with or without the segment where
# the pen lifted (93,054 drawings in all); it catches 73 of the training fonts' 2,496
# letters (18 B, 13 b, 18 R, 13 P, 11 p) and 51 of the 3,000 held-out non-digits.
# What keeps digits out:
# - the bowl drawn downward: a 6 drawn as a straight downstroke and, after a pen lift, its
#   loop begun a little above the foot (beyond TOUCH) and closed higher up on the stem is
#   a b to the eye, but its loop is drawn upward (anticlockwise), as a 6's is; a b's, a
#   P's, an R's and a B's bowls are drawn down (every one the rule catches in the training
#   fonts and the held-out non-digits: the same 73 and 51 with or without this check);
# - both the bowl's ends on the stem: with one only (what an h's arch, an n's or a K's
#   arm has) one of pendigits-train's 5s, a long straight downstroke with its flag
#   leaving it half-way, had it, as drawn, in the styles and with a pen lift;
# - the next stroke not going on from the stem's foot: a 6 broken there by a pen lift is
#   a b (its loop closing on its downstroke), should the downstroke be straight (one of
#   the 93,054 without it: a 6 with two pen lifts that lose a segment);
# - BOWL_BEYOND at a fifth: at 0.3 no digit more and one R more (at 0.1: 2 B, 3 R and a P
#   fewer); BOWL_STEM_SPAN at 0.75 or 0.65 turns one digit away for one p more;
# - the stem drawn before the bowl, and no flag (FLAG_OUT) on its top quarter, for digits
#   drawn by hand that no data set here holds: an 8 drawn as a 3 and closed by a stroke down
#   its left, a 6 drawn from its middle round its loop and up its stem (a pen lift at its
#   foot), a 5 whose body curls back to its stem's foot (flag drawn first, last or between).
#   Of 60 of each, leaned, of several widths and waists, and wobbled, 44 8s, 57 5s and 57
#   6s were turned away without these checks (and half to three quarters of their 900
#   replays each by device_simulator's variants); none with them, nor any replay.
#   Every B, b, P, R and p the rule catches in the training fonts and the held-out
#   non-digits is drawn stem first and has no flag: the same 73 and 51 with them.
#   A "13" written touching (the 3 on the 1 at its ends and middle) is still a B to this
#   rule: in one-digit mode it is no digit either, and number mode never asks.
BOWL_STEM_SPAN = 0.85
BOWL_BEYOND = 0.2
BOWL_OUT = 0.3
BOWL_MIDDLE = 0.25
BOWL_CLOSE = 0.25
FLAG_OUT = 0.2
FLAG_DROOP = 0.6


def has_a_bowl_on_a_stem(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) are a straight stem the
    drawing's height and, after it, on its right, strokes that bulge out from it and come
    back to it part-way down, with no flag on its top, as a B, a b, a P or an R is drawn: a
    letter, not a digit (a 6's downstroke curves, and its loop goes on from its foot; a 9's
    loop is on its left; an 8 closed by a stroke down its left has its stem last; a 5 has a flag)."""
    return len(strokes) >= 2 and _bowl_on_a_stem(strokes, _lines(strokes))


def _bowl_on_a_stem(strokes: Sequence[np.ndarray], lines: _Lines) -> bool:
    """:func:`has_a_bowl_on_a_stem` of two strokes or more, their :func:`_lines` measured."""
    (left, top), (right, bottom) = lines.low.min(axis=0), lines.high.max(axis=0)
    height, size = bottom - top, max(right - left, bottom - top)
    if not size > 0:
        return False
    chords = lines.chords
    stems = (
        (lines.wander <= STRAIGHT_WANDER)
        & (lines.paths <= STEM_BEND * lines.chord_lengths)
        & (np.abs(chords[:, 0]) <= STEM_LEAN * np.abs(chords[:, 1]))
        & (np.abs(chords[:, 1]) >= BOWL_STEM_SPAN * height)
    )
    if not stems.any():
        return False
    touch = TOUCH * size
    candidates = np.flatnonzero(stems)
    downward = chords[candidates, 1] > 0
    heads = np.where(downward[:, None], lines.starts[candidates], lines.ends[candidates])
    feet = np.where(downward[:, None], lines.ends[candidates], lines.starts[candidates])
    # The next stroke going on from the stem's foot: a pen lift broke a 6 there, its
    # downstroke from its loop.
    following = np.minimum(candidates + 1, len(strokes) - 1)
    goes_on = downward & (candidates + 1 < len(strokes)) & (np.hypot(*(lines.starts[following] - feet).T) <= touch)
    # Nothing well left of the stem, and something well right of it (its line leans at most
    # STEM_LEAN, and may be met BOWL_BEYOND past its ends): what the strokes' boxes rule out
    # before the points are measured (200 strokes hatched over one line: 6-100 ms without).
    lowest_two = np.partition(lines.low[:, 0], 1)[:2]
    highest_two = np.partition(lines.high[:, 0], len(strokes) - 2)[-2:]
    others_left = np.where(lines.low[candidates, 0] == lowest_two[0], lowest_two[1], lowest_two[0])
    others_right = np.where(lines.high[candidates, 0] == highest_two[1], highest_two[0], highest_two[1])
    lengths = lines.chord_lengths[candidates]
    slack = STEM_LEAN * BOWL_BEYOND * lengths
    near_left = lines.low[candidates, 0] <= others_left + slack + 1.2 * touch
    bulging = others_right >= lines.low[candidates, 0] + BOWL_OUT * lengths - slack
    keep = ~goes_on & near_left & bulging
    if not keep.any():
        return False
    candidates, heads, feet, lengths = candidates[keep], heads[keep], feet[keep], lengths[keep]
    axes = (feet - heads) / lengths[:, None]
    stem_lengths = lengths
    # What the strokes' boxes and ends tell, for every stem at once: a stroke whose box lies
    # within TOUCH left of the stem and BOWL_BEYOND past its ends has no point aside (the
    # region is convex), and one whose ends are not on the stem, the lower last, or whose box
    # reaches not BOWL_OUT out, is no bowl. Only the other strokes' points are measured: a
    # stem gone over 50 times beside a bowl, 13 -> 1.8 ms; 200 times, 97 -> 19 ms (the
    # strokes' count squared is left, not their points').
    count = len(strokes)
    low, high = lines.low, lines.high
    corners = np.stack([low, high, np.stack([low[:, 0], high[:, 1]], axis=1), np.stack([high[:, 0], low[:, 1]], axis=1)], axis=1)
    corner_along, corner_out = (m.reshape(len(candidates), count, 4) for m in _from_stems(corners.reshape(-1, 2), heads, axes, lengths))
    inside = ((corner_out >= -touch) & (np.abs(corner_along - 0.5) <= 0.5 + BOWL_BEYOND)).all(axis=2)
    start_along, start_out = _from_stems(lines.starts, heads, axes, lengths)
    end_along, end_out = _from_stems(lines.ends, heads, axes, lengths)
    own = np.arange(count)[None, :] == candidates[:, None]
    # A B, a b, a P and an R are written stem first: an 8 drawn as a 3 closed by a stroke
    # down its left, or a 6 drawn from its middle round its loop and up its stem (broken at
    # its foot), has its stem last.
    later = np.arange(count)[None, :] > candidates[:, None]
    may_be_bowls = (
        later
        & (np.abs(start_out) <= touch)
        & (np.abs(end_out) <= touch)
        & (end_along - start_along >= BOWL_CLOSE)
        & (corner_out.max(axis=2) >= BOWL_OUT * lengths[:, None])
    )
    keep = may_be_bowls.any(axis=1)
    if not keep.any():
        return False
    rows = np.flatnonzero(keep)  # the stems' rows in the box measures, for the flags below
    candidates, heads, axes, lengths = candidates[keep], heads[keep], axes[keep], lengths[keep]
    measured = np.flatnonzero((~own[keep] & (~inside[keep] | may_be_bowls[keep])).any(axis=0))
    # Those strokes' points measured from every stem at once: along it (0 at its head, 1 at
    # its foot) and out to its right (y down).
    points = np.concatenate([strokes[index] for index in measured])
    sizes = np.array([len(strokes[index]) for index in measured])
    first = np.cumsum(np.append(0, sizes[:-1]))
    last = first + sizes - 1
    along, out = _from_stems(points, heads, axes, lengths)
    rest = np.repeat(measured, sizes)[None, :] != candidates[:, None]
    after = np.repeat(measured, sizes)[None, :] > candidates[:, None]
    aside = (rest & ((out < -touch) | (np.abs(along - 0.5) > 0.5 + BOWL_BEYOND))).any(axis=1)
    # A bowl: a stroke with both ends on the stem, its end BOWL_CLOSE below its start (a 6's
    # loop closes upward), on it part-way down too (an end there, or the middle of a B's two
    # bumps), bulging out.
    on_it = np.abs(out) <= touch
    part_way = on_it & (along >= BOWL_MIDDLE) & (along <= 1 - BOWL_MIDDLE)
    bowls = (
        after[:, first]
        & on_it[:, first]
        & on_it[:, last]
        & (along[:, last] - along[:, first] >= BOWL_CLOSE)
        & (np.maximum.reduceat(part_way.astype(np.int8), first, axis=1) > 0)
        & (np.maximum.reduceat(out, first, axis=1) >= BOWL_OUT * lengths[:, None])
    )
    found = rows[~aside & bowls.any(axis=1)]
    if not len(found):
        return False
    # A flag: a stroke other than the stem whose box lies in the stem's top quarter
    # (BOWL_MIDDLE; up to BOWL_BEYOND above it), reaches the stem (within twice TOUCH) and
    # goes out FLAG_OUT of the stem's length to its right. A 5 whose body curls back to the
    # foot of its stem is a b with a flag; a B's, a P's or an R's top is a bowl reaching down
    # to the stem's middle, and a b's stem has nothing there. The box, not the ends, and
    # twice TOUCH: a pen's hook at the flag's start, or a finger, leaves it a little off the
    # stem (5 of 1,800 such 5s replayed by the devices, pen hooks and a finger, were turned
    # away with the ends within TOUCH). Stem by stem, till one has no flag: for a stem gone over
    # 500 times beside a B's bowls, the flags of all at once took 48 ms, this 0.1 ms.
    # A flag may droop (FLAG_DROOP): one end on the stem's top quarter, the other FLAG_OUT out
    # to its right and free, touching no other stroke, the whole above FLAG_DROOP of the stem.
    # Of 60 5s drawn as a b whose flag droops 30 degrees (stem, bowl and flag in any order,
    # either way, wobbled, slanted), 16 were turned away with only the flat flag, 1 with this
    # (45 degrees: 38 -> 6; 60 degrees, a flag falling onto the bowl: 56 -> 48). Free: a
    # training font's B drawn with its top bump ending on the stroke of its middle bar has
    # the same shape (7 of their Bs were lost without that check, none with it).
    for row in found:
        box_along, box_out = corner_along[row], corner_out[row]
        out_far = FLAG_OUT * stem_lengths[row]
        flat = (box_along.max(axis=1) <= BOWL_MIDDLE) & (box_out.min(axis=1) <= 2 * touch) & (box_out.max(axis=1) >= out_far)
        # A flag drooping from the stem's top: one end on it there, the other out to the right.
        from_top = [
            (np.abs(out_at[row]) <= 2 * touch) & (along_at[row] >= -BOWL_BEYOND) & (along_at[row] <= BOWL_MIDDLE)
            for along_at, out_at in ((start_along, start_out), (end_along, end_out))
        ]
        drooping = (box_along.max(axis=1) <= FLAG_DROOP) & (
            (from_top[0] & (end_out[row] >= out_far)) | (from_top[1] & (start_out[row] >= out_far))
        )
        flags = ~own[row] & (box_along.min(axis=1) >= -BOWL_BEYOND) & (flat | drooping)
        if not flags.any():
            return True
        if (flags & flat).any():
            continue
        # A drooping flag ends in the air; a B's top bump drawn to where its middle bar will
        # be ends on that stroke.
        for flag in np.flatnonzero(flags):
            free = lines.ends[flag] if from_top[0][flag] else lines.starts[flag]
            if all(_distance_to(free, strokes[other]) > touch for other in range(count) if other != flag):
                break
        else:
            return True
    return False


# A bar drawn into an arc: a G's. The arc a stroke as wide and as tall as ARC_COVER of the
# drawing, begun in its upper right (at most ARC_START of its height down, right of its
# middle); after it, a bar: nearly straight (STRAIGHT_WANDER, BAR_BEND), flat (BAR_SLOPE),
# at least GATE_LENGTH of the drawing's width long, drawn rightward from inside (at
# least GATE_INSIDE of the width from the left: it does not reach the far side) and ending
# where the arc ends (within TOUCH), in the right (GATE_RIGHT of the width from the left),
# between GATE_HIGH and GATE_LOW of the height.
# A G is so drawn: its arc round from the upper right to the right middle, then its bar in
# to that end, as a horizontal stroke is drawn, left to right. A 6 has the arc, and a pen
# lift can break off its loop's closing stroke, flat and in the middle: that piece goes on
# from where it was broken, leftward, and ends at no other stroke's end.
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py, and --lift-gap):
# none of pendigits-train's 7,494 digits nor of the 13,532 in the writing styles has it,
# as drawn or with one to three pen lifts (93,054 drawings); it catches 14 of the training
# fonts' 16 Gs (which v12 reads as 6s, 13 of the 16) and nothing else. The direction is the
# tell: with the bar's either end at the arc's end, 2 of pendigits-train's digits with two
# pen lifts (a 6, a 9) and 7 6s with three had it, and a slashed 0 with two.
ARC_COVER = 0.8
ARC_START = 0.35
GATE_LENGTH = 0.15
GATE_INSIDE = 0.3
GATE_RIGHT = 0.7
GATE_HIGH = 0.3
GATE_LOW = 0.75


def has_a_bar_into_an_arc(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) are an arc begun in the upper
    right and, after it, a flat bar drawn rightward from inside to the arc's end half-way
    down, as a G is drawn: a letter, not a digit (a 6's loop closes leftward, from its end)."""
    return len(strokes) >= 2 and _bar_into_an_arc(_lines(strokes))


def _bar_into_an_arc(lines: _Lines) -> bool:
    """:func:`has_a_bar_into_an_arc` of two strokes or more, their :func:`_lines` measured."""
    (left, top), (right, bottom) = lines.low.min(axis=0), lines.high.max(axis=0)
    width, height = right - left, bottom - top
    size = max(width, height)
    if not size > 0:
        return False
    chords, starts, ends = lines.chords, lines.starts, lines.ends
    bars = (
        (lines.wander <= STRAIGHT_WANDER)
        & (lines.paths <= BAR_BEND * lines.chord_lengths)
        & (chords[:, 0] > 0)  # drawn rightward (a tap is no bar, though a drawing of upright strokes has no width)
        & (np.abs(chords[:, 1]) <= BAR_SLOPE * chords[:, 0])
        & (lines.chord_lengths >= GATE_LENGTH * width)
        & (starts[:, 0] >= left + GATE_INSIDE * width)
        & (ends[:, 0] >= left + GATE_RIGHT * width)
        & (ends[:, 1] >= top + GATE_HIGH * height)
        & (ends[:, 1] <= top + GATE_LOW * height)
    )
    if not bars.any():
        return False
    extent = lines.high - lines.low
    arcs = (
        (extent[:, 0] >= ARC_COVER * width)
        & (extent[:, 1] >= ARC_COVER * height)
        & (starts[:, 1] <= top + ARC_START * height)
        & (starts[:, 0] >= left + 0.5 * width)
    )
    # Each arc's end against the ends of the bars drawn after it, arc by arc (an arc spans most
    # of the drawing: a drawing has one or two), not every stroke's end against every other's
    # (1,000 strokes hatched with bars beside an arc: 23 ms and 24 MB so, 0.5 ms this way;
    # 3,000: 350 ms and 220 MB, 1.6 ms).
    bar_at = np.flatnonzero(bars)
    for arc in np.flatnonzero(arcs):
        later = bar_at[bar_at > arc]
        if (np.hypot(*(ends[later] - ends[arc]).T) <= TOUCH * size).any():
            return True
    return False


# A bar across a stem: a t's. Two strokes: a bar, nearly straight (STRAIGHT_WANDER,
# BAR_BEND) and flat (BAR_SLOPE), CROSS_SHORTEST to CROSS_LONGEST of the other stroke's
# height long, crossing it between CROSS_HIGH and CROSS_LOW of its height from its top, at
# least a fifth of the bar's length from either end (CROSS_INSIDE); and the other stroke
# going on straight and steep up above the bar (from where it crosses to its upper end: a
# path at most STEM_BEND of its chord, leaning at most STEM_LEAN). A pen crosses a t so, near
# its top; a crossed 7's bar crosses lower, and above it the 7's stem bends into its top bar
# (7s crossed 33-45% down, their top bars a sixth to a quarter of their height long, were
# caught when only the width of the part above was limited: 25 of 900 device replays of
# 60 crossed 7s); a 5's flag
# crossing its stem's top leaves little stem above it (CROSS_HIGH: one of pendigits-train's
# 5s, its stem poking 10-20% of its height above its flag, had it at 0.1 when only the
# width above was limited; none does with the straightness check, and 0.2 is kept as
# margin); a 4's bar is a bend of one stroke, and a + is crossed in its middle (CROSS_LOW).
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py, and --lift-gap): none
# of the 93,054 digit drawings has it; it catches 10 of the training fonts' 16 ts (and no
# other of their 2,496 letters) and 8 of the 3,000 held-out non-digits.
# Straight above the bar also means no point of it farther than STEM_WANDER of its chord
# from that chord: a crossed 7 whose top bar is a tenth of its height or less bends into
# it by too little for the path's length to tell, but the bend lies well off the chord.
# Of 2,000 such 7s drawn from scratch (leaning, crossed 33-65% down, wobbled, slanted),
# with a top bar 8% of their height 204 were taken for a t without it, none with it (5%:
# 357 -> 31; 3%, a hook more than a bar: 480 -> 293); of 100 at 8% replayed by every
# device, 101 -> 29 of 1,300, the rest sparse devices, whose points skip the bend. Every
# t of the training fonts it caught without it, it catches with it.
CROSS_SHORTEST = 0.2
CROSS_LONGEST = 1.2
CROSS_HIGH = 0.2
CROSS_LOW = 0.45
CROSS_INSIDE = 0.2
STEM_WANDER = 0.08


def has_a_bar_across_a_stem(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) are two: a stem, and a short
    flat bar across its upper part with the stem going on straight above it, as a t is
    crossed: a letter, not a digit (a crossed 7's stem bends into its top bar above its cross)."""
    return len(strokes) == 2 and _bar_across_a_stem(strokes, _lines(strokes))


def _bar_across_a_stem(strokes: Sequence[np.ndarray], lines: _Lines) -> bool:
    """:func:`has_a_bar_across_a_stem` of two strokes, their :func:`_lines` measured."""
    for bar, stem in ((0, 1), (1, 0)):
        chord, length = lines.chords[bar], float(lines.chord_lengths[bar])
        if not (
            lines.wander[bar] <= STRAIGHT_WANDER
            and lines.paths[bar] <= BAR_BEND * length
            and abs(chord[1]) <= BAR_SLOPE * abs(chord[0])
        ):
            continue
        points = strokes[stem]
        top, height = float(lines.low[stem, 1]), float(lines.high[stem, 1] - lines.low[stem, 1])
        level = float(lines.starts[bar, 1] + lines.ends[bar, 1]) / 2
        if not (height > 0 and CROSS_SHORTEST * height <= length <= CROSS_LONGEST * height):
            continue
        if not top + CROSS_HIGH * height <= level <= top + CROSS_LOW * height:
            continue
        # The stem from its upper end to where it first crosses the bar's level.
        if points[0, 1] > points[-1, 1]:
            points = points[::-1]
        below = points[:, 1] - level
        crossings = np.flatnonzero(below[:-1] * below[1:] <= 0)
        if not len(crossings) or below[0] >= 0:
            continue
        i = crossings[0]
        share = below[i] / (below[i] - below[i + 1]) if below[i] != below[i + 1] else 0.0
        cross = points[i] + share * (points[i + 1] - points[i])
        above = np.vstack([points[: i + 1], cross])
        rise = cross - points[0]
        path = float(np.hypot(*np.diff(above, axis=0).T).sum())
        left, right = float(lines.low[bar, 0]), float(lines.high[bar, 0])
        offsets = above - points[0]
        wander = float(np.abs(offsets[:, 0] * rise[1] - offsets[:, 1] * rise[0]).max()) / max(float(rise @ rise), 1e-300)
        if (
            abs(rise[0]) <= STEM_LEAN * abs(rise[1])
            and path <= STEM_BEND * float(np.hypot(*rise))
            and wander <= STEM_WANDER
            and left + CROSS_INSIDE * length <= cross[0] <= right - CROSS_INSIDE * length
        ):
            return True
    return False


# Straight sides: a stroke is cut at its corners (Douglas-Peucker: the point farthest from
# the chord, while it is more than SIDE_TOLERANCE of the drawing's size off it), and each
# piece between two corners is a side, drawn evenly: three points or more, none of its
# gaps longer than SIDE_GAP of it. A device sampling every 300-800 ms leaves a 0 or a 2 as
# a few points joined by straight lines (device_simulator's sparse variants): sides of two
# points, which these rules never take for a hand's straight line.
SIDE_TOLERANCE = 0.05
SIDE_GAP = 0.6
# A Z's three sides, an H's or an A's three strokes or a box's four sides are at most
# SHORT_PATH times the drawing's size long (a square's are four; a hand's wobble adds a
# little): a longer path is a scribble's, and is not cut into sides at all.
SHORT_PATH = 4.5


def _sides(stroke: np.ndarray, tolerance: float, most: int) -> list[np.ndarray]:
    """``stroke`` cut at its corners: the pieces between them, each keeping its ends; none
    if there are more than ``most`` (a curve's or a scribble's many: the rules look for a
    few straight sides, and a scribble of thousands of points is cut no further)."""
    corners = {0, len(stroke) - 1}
    pending = [(0, len(stroke) - 1)]
    while pending:
        if len(corners) > most + 1:
            return []
        first, last = pending.pop()
        if last - first < 2:
            continue
        chord = stroke[last] - stroke[first]
        offsets = stroke[first + 1 : last] - stroke[first]
        length = float(np.hypot(*chord))
        if length > 0:
            off = np.abs(offsets[:, 0] * chord[1] - offsets[:, 1] * chord[0]) / length
        else:
            off = np.hypot(offsets[:, 0], offsets[:, 1])
        farthest = int(off.argmax())
        if off[farthest] > tolerance:
            corners.add(first + 1 + farthest)
            pending += [(first, first + 1 + farthest), (first + 1 + farthest, last)]
    cut = sorted(corners)
    return [stroke[a : b + 1] for a, b in zip(cut[:-1], cut[1:])]


def _path(strokes: Sequence[np.ndarray]) -> float:
    """How long the pen's path through ``strokes`` is."""
    return float(sum(np.hypot(*np.diff(stroke, axis=0).T).sum() for stroke in strokes))


def _evenly_drawn(side: np.ndarray) -> bool:
    """Whether ``side`` has points along it, not only its ends (see SIDE_GAP)."""
    steps = np.hypot(*np.diff(side, axis=0).T)
    return len(side) >= 3 and float(steps.max()) <= SIDE_GAP * float(np.hypot(*(side[-1] - side[0])))


# A diagonal between bars: a Z's or a z's. The drawing is three straight sides (_sides, in
# one stroke or up to three): a bar at the top and one at the bottom, flat (BAR_SLOPE), each
# at least ZED_BAR of the drawing's width and ZED_BAR_TALL of its height, and lying in its
# top or bottom ZED_BAND, and a diagonal down from the top bar's right end to the bottom bar's left end (each within
# TOUCH), going down ZED_DROP of the height. A 2's top is a curve (cut into several sides),
# a 7 has no bar at its foot. A stroke straight from end to end is a side however few its
# points (a font's or a pen's straight line); the pieces of a stroke cut at corners must be
# evenly drawn (_evenly_drawn): without that, 2 of the 11,700 re-plays of a quarter of
# pendigits-train's 1s, 2s, 4s and 7s by every device variant were a Z (2s sampled every
# 500-800 ms).
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py, and --lift-gap):
# none of the 93,054 digit drawings has it, nor any of pendigits-train's digits re-played by
# every device_simulator variant (112,410); it catches 32 of the training fonts' 2,496
# letters, every one a Z or a z (read as 2s by the model), and nothing else. A Z is a
# look-alike the issue lets be read as a 2; but no one writes a 2 as two flat bars and a
# straight diagonal meeting at sharp corners, and pen-drawn letters have a Z and a z in 26.
# A bar is long for the drawing's height too (ZED_BAR_TALL): a 1 with a flat flag and a short
# base, or a 7 with a foot, is a narrow Z of a flag, a stem and a base a quarter of its height
# long at most (of 2,700 such 1s drawn from scratch and replayed by six devices, 51 were a Z
# without it, none with it); the training fonts' Zs and zs have bars 0.44 of their height at
# the least, as they are drawn and as a pen samples them.
ZED_BAR = 0.5
ZED_BAR_TALL = 0.35
ZED_BAND = 0.25
ZED_DROP = 0.7


def has_a_diagonal_between_bars(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) are three straight sides, a
    flat bar at the top, a diagonal down and back from its right end, and a flat bar at the
    bottom from the diagonal's foot, as a Z is drawn: a letter, not a digit (a 2's top curves)."""
    if not 1 <= len(strokes) <= 3:
        return False
    points = np.concatenate(strokes)
    (left, top), (right, bottom) = points.min(axis=0), points.max(axis=0)
    width, height = right - left, bottom - top
    size = max(width, height)
    if not size > 0:
        return False
    # Each bar's ends are points of the drawing: without two points as far apart across its top
    # band and across its bottom band there is no Z, and no stroke need be cut into sides (most
    # digits end here, on each pen move).
    for band in (points[:, 1] <= top + ZED_BAND * height, points[:, 1] >= bottom - ZED_BAND * height):
        if np.ptp(points[band, 0]) < max(ZED_BAR * width, ZED_BAR_TALL * height):
            return False
    if _path(strokes) > SHORT_PATH * size:
        return False
    cut = [_sides(stroke, SIDE_TOLERANCE * size, 3) for stroke in strokes]
    if not all(cut):
        return False  # a tap, or a stroke of more sides than a Z has
    sides = [side for pieces in cut for side in pieces]
    # A stroke straight from end to end is a side however few its points; where a corner cut it, evenly drawn.
    if len(sides) != 3 or not all(len(pieces) == 1 or all(_evenly_drawn(side) for side in pieces) for pieces in cut):
        return False
    ends = np.array([[side[0], side[-1]] for side in sides])  # (side, end, x/y)
    chords = ends[:, 1] - ends[:, 0]
    flat = (np.abs(chords[:, 1]) <= BAR_SLOPE * np.abs(chords[:, 0])) & (np.abs(chords[:, 0]) >= max(ZED_BAR * width, ZED_BAR_TALL * height))
    highest, lowest = ends[:, :, 1].min(axis=1), ends[:, :, 1].max(axis=1)
    tops = np.flatnonzero(flat & (lowest <= top + ZED_BAND * height))
    bottoms = np.flatnonzero(flat & (highest >= bottom - ZED_BAND * height))
    if len(tops) != 1 or len(bottoms) != 1 or tops[0] == bottoms[0]:
        return False
    bar_top, bar_bottom = tops[0], bottoms[0]
    diagonal = 3 - bar_top - bar_bottom
    head, foot = sorted(ends[diagonal], key=lambda end: end[1])
    touch = TOUCH * size
    top_right = max(ends[bar_top], key=lambda end: end[0])
    bottom_left = min(ends[bar_bottom], key=lambda end: end[0])
    return bool(
        foot[1] - head[1] >= ZED_DROP * height
        and head[0] > foot[0]
        and np.hypot(*(head - top_right)) <= touch
        and np.hypot(*(foot - bottom_left)) <= touch
    )


# A polygon: one stroke closed (its ends within RING_CLOSE of its size), three or four
# straight sides (_sides; where it began part-way along a side, that side's two pieces are
# one), each at least POLYGON_SIDE of its size long, and every corner turning at least
# POLYGON_TURN degrees: a triangle, a square, a rhombus, a letter's box (a Greek font's J),
# not a digit. A 0 is round: its curve is cut into six sides or more, or short ones where
# a corner is rounded. It encloses an area (POLYGON_AREA of its box, its box's sides at
# least POLYGON_NARROW of each other) and closes within POLYGON_CLOSE: a 1 drawn up and
# down again closes (one of pendigits-train's 7,494 without the area; one replayed with a
# pen's hooks, a 1 whose long flag starts at its foot, closing within RING_CLOSE, without
# POLYGON_CLOSE). Every side evenly drawn (_evenly_drawn): a device sampling every 300-800
# ms leaves a 0 as a few points joined by straight lines (32 of the 11,250 re-plays of a
# quarter of pendigits-train's 0s, 4s, 6s and 9s by every device variant had it without,
# all 0s).
# So a font's glyph, whose straight lines are two points each, never has it; a pen's box
# has (the Greek font's J, a box, replayed as a pen samples it: 6 of 8 caught).
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py, and --lift-gap):
# none of the 93,054 digit drawings has it, nor any of pendigits-train's digits re-played
# by every device_simulator variant (112,410); it catches 72 of the 3,000 held-out
# generated non-digits (their triangles and boxes).
POLYGON_CLOSE = 0.15
POLYGON_SIDE = 0.2
POLYGON_TURN = 45.0
POLYGON_NARROW = 0.25
POLYGON_AREA = 0.3


def has_sharp_corners_all_round(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) are one closed stroke of three
    or four straight sides meeting at sharp corners, as a triangle or a box is drawn: not a
    digit (a 0 is round)."""
    if len(strokes) != 1 or len(strokes[0]) < 4:
        return False
    stroke = strokes[0]
    extent = stroke.max(axis=0) - stroke.min(axis=0)
    size = float(extent.max())
    if not size > 0 or np.hypot(*(stroke[-1] - stroke[0])) > POLYGON_CLOSE * size:
        return False
    if _path([stroke]) > SHORT_PATH * size:
        return False
    sides = _sides(stroke, SIDE_TOLERANCE * size, 5)
    if not sides:
        return False
    directions = np.array([side[-1] - side[0] for side in sides])
    turns = _turns(np.vstack([directions, directions[:1]]))
    if len(sides) > 1 and turns[-1] < POLYGON_TURN:  # begun part-way along a side
        sides = [np.vstack([sides[-1], sides[0][1:]])] + sides[1:-1]
        directions = np.array([side[-1] - side[0] for side in sides])
        turns = _turns(np.vstack([directions, directions[:1]]))
    # Enclosing an area: a 1 drawn up and down again is closed too (the shoelace formula).
    area = abs(float(np.dot(stroke[:-1, 0], stroke[1:, 1]) - np.dot(stroke[1:, 0], stroke[:-1, 1]))) / 2
    return bool(
        3 <= len(sides) <= 4
        and extent.min() >= POLYGON_NARROW * size
        and area >= POLYGON_AREA * float(extent.prod())
        and all(_evenly_drawn(side) and np.hypot(*(side[-1] - side[0])) >= POLYGON_SIDE * size for side in sides)
        and (turns >= POLYGON_TURN).all()
    )


def _turns(directions: np.ndarray) -> np.ndarray:
    """How far, in degrees, each of ``directions`` turns from the one before it."""
    angles = np.degrees(np.arctan2(directions[:, 1], directions[:, 0]))
    return np.abs((np.diff(angles) + 180.0) % 360.0 - 180.0)


# A bar between two legs: an H's or an A's. Two legs, straight sides (_sides: whole strokes,
# or the pieces of one cut at a corner, as an A's two legs drawn in one go), each going down
# LEG_SPAN of the drawing's height, leaning at most LEG_LEAN (an A's legs lean); and a bar,
# a straight side flat within BAR_SLOPE, going from one leg to the other: each of its ends
# on a leg's line (within LEG_REACH of the drawing's size, twice TOUCH: a hand leaves a gap
# between an H's bar and its legs, or runs past them; the training fonts' warped Hs caught
# with TOUCH, 15, with this 20) at least LEG_INSIDE of that leg's length from either of its ends.
# A 4's bar leaves the end of its downstroke (its elbow) and crosses its stem, or stops at
# it; its downstroke reaches half-way down; a crossed 7's bar crosses one stem only.
# Chosen on training-side data only (benchmarks/bench_stroke_shape.py, and --lift-gap):
# none of the 93,054 digit drawings has it, nor any of pendigits-train's digits re-played by
# every device_simulator variant (112,410), nor 1,600 4s, crossed 7s and flagged 1s drawn
# from scratch (500 of them 4s whose downstroke reaches 55-80% down, the bar from its end or
# overshooting it by up to 8%) nor their 9,000 device replays; it catches 47 of the training
# fonts' 2,496 letters (A 27, H 20, no other) and 43 of the 3,000 held-out non-digits. The
# model turns most typeset As and Hs away already; a pen's A is the confusion non_digits names
# first (it reads as a 4). The strokes are cut at corners
# only for a drawing of at most LEG_STROKES strokes (an H has three; with pen lifts, five), and
# a stroke of more than LEG_PIECES sides holds no leg (a scribble of 30 strokes of 500 points:
# 28 ms without these, under 1 ms with them).
LEG_SPAN = 0.7
LEG_LEAN = 0.8
LEG_INSIDE = 0.2
LEG_PIECES = 4
LEG_STROKES = 6
LEG_REACH = 0.16


def has_a_bar_between_legs(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down) hold two long straight legs and
    a flat straight bar from the middle part of one to the middle part of the other, as an
    H or an A is drawn: a letter, not a digit (a 4's bar leaves the end of its downstroke)."""
    if not 2 <= len(strokes) <= LEG_STROKES:
        return False
    points = np.concatenate(strokes)
    (left, top), (right, bottom) = points.min(axis=0), points.max(axis=0)
    height, size = bottom - top, max(right - left, bottom - top)
    if not size > 0 or _path(strokes) > SHORT_PATH * size:
        return False
    sides = []
    for stroke in strokes:
        pieces = _sides(stroke, SIDE_TOLERANCE * size, LEG_PIECES)
        if len(pieces) == 1 or all(_evenly_drawn(piece) for piece in pieces):
            sides += pieces
    if len(sides) < 3:
        return False
    ends = np.array([[side[0], side[-1]] for side in sides])
    chords = ends[:, 1] - ends[:, 0]
    lengths = np.hypot(chords[:, 0], chords[:, 1])
    legs = np.flatnonzero((np.abs(chords[:, 1]) >= LEG_SPAN * height) & (np.abs(chords[:, 0]) <= LEG_LEAN * np.abs(chords[:, 1])))
    if len(legs) < 2:
        return False
    bars = np.flatnonzero((np.abs(chords[:, 1]) <= BAR_SLOPE * np.abs(chords[:, 0])) & (lengths > 0))
    touch = LEG_REACH * size
    for bar in bars:
        # The legs each end of the bar lies on; one end on one leg, the other on another.
        met = []
        for end in ends[bar]:
            offsets = end - ends[legs, 0]
            along = (offsets * chords[legs]).sum(axis=1) / lengths[legs] ** 2
            off = np.abs(chords[legs, 0] * offsets[:, 1] - chords[legs, 1] * offsets[:, 0]) / lengths[legs]
            met.append(set(legs[(off <= touch) & (along >= LEG_INSIDE) & (along <= 1 - LEG_INSIDE)].tolist()))
        if any(a != b for a in met[0] for b in met[1]):
            return True
    return False


def _from_stems(points: np.ndarray, heads: np.ndarray, axes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each of ``points`` measured from each stem (its head, unit axis and length): how far
    along it (0 at its head, 1 at its foot) and how far out to its right (y down), each
    (stems, points)."""
    offsets = points[None, :, :] - heads[:, None, :]
    along = (offsets * axes[:, None, :]).sum(axis=2) / lengths[:, None]
    out = offsets[:, :, 0] * axes[:, None, 1] - offsets[:, :, 1] * axes[:, None, 0]
    return along, out


def letter_shape(strokes: Sequence[np.ndarray]) -> str | None:
    """What in ``strokes`` (as :func:`has_a_dot_above` takes them) makes them a
    letter's, in words for the user (:data:`DOT_ABOVE`, :data:`BAR_ON_A_STEM`,
    :data:`TAIL_ACROSS_A_RING`, :data:`BOWL_ON_A_STEM`, :data:`BAR_INTO_AN_ARC`,
    :data:`BAR_ACROSS_A_STEM`, :data:`DIAGONAL_BETWEEN_BARS`,
    :data:`BAR_BETWEEN_LEGS`, :data:`SHARP_CORNERS_ALL_ROUND`), or None: then only the model can tell (as for a
    drawing of more than :data:`MOST_STROKES` strokes)."""
    if len(strokes) > MOST_STROKES:
        return None
    if has_a_dot_above(strokes):
        return DOT_ABOVE
    lines = _lines(strokes) if len(strokes) >= 2 else None  # measured once for the two rules on straight strokes
    if lines is not None and _bar_on_a_stem(strokes, lines):
        return BAR_ON_A_STEM
    if has_a_tail_across_a_ring(strokes):
        return TAIL_ACROSS_A_RING
    if lines is not None and _bowl_on_a_stem(strokes, lines):
        return BOWL_ON_A_STEM
    if lines is not None and _bar_into_an_arc(lines):
        return BAR_INTO_AN_ARC
    if lines is not None and len(strokes) == 2 and _bar_across_a_stem(strokes, lines):
        return BAR_ACROSS_A_STEM
    if has_a_diagonal_between_bars(strokes):
        return DIAGONAL_BETWEEN_BARS
    if has_a_bar_between_legs(strokes):
        return BAR_BETWEEN_LEGS
    if has_sharp_corners_all_round(strokes):
        return SHARP_CORNERS_ALL_ROUND
    return None


def _inside(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Which of ``points`` lie inside the polygon ``ring`` closes (the even-odd rule)."""
    a, b = ring, np.roll(ring, -1, axis=0)
    x, y = points[:, 0:1], points[:, 1:2]
    straddles = (a[None, :, 1] > y) != (b[None, :, 1] > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = a[None, :, 0] + (y - a[None, :, 1]) * (b[None, :, 0] - a[None, :, 0]) / (b[None, :, 1] - a[None, :, 1])
    return (straddles & (x < crossing)).sum(axis=1) % 2 == 1


def _distance_to(point: np.ndarray, stroke: np.ndarray) -> float:
    """How far ``point`` lies from the polyline ``stroke``."""
    if len(stroke) == 1:
        return float(np.hypot(*(stroke[0] - point)))
    a, b = stroke[:-1], stroke[1:]
    segment = b - a
    lengths = (segment**2).sum(axis=1)
    t = np.clip(((point - a) * segment).sum(axis=1) / np.where(lengths > 0, lengths, 1.0), 0.0, 1.0)
    nearest = a + t[:, None] * segment
    return float(np.hypot(*(nearest - point).T).min())


class _Lines(NamedTuple):
    """Each stroke's box (``low``, ``high``), ends, chord (end minus start, and its
    length), path length, and ``wander``: its farthest point from its chord, as a share of the chord."""

    low: np.ndarray
    high: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    chords: np.ndarray
    chord_lengths: np.ndarray
    paths: np.ndarray
    wander: np.ndarray


def _lines(strokes: Sequence[np.ndarray]) -> _Lines:
    """Each stroke's measures (:class:`_Lines`) in reductions over all the points at once
    (the rules run on every canvas move)."""
    points = np.concatenate(strokes)
    first = np.cumsum([0] + [len(stroke) for stroke in strokes[:-1]])
    last = np.append(first[1:], len(points)) - 1
    low, high = np.minimum.reduceat(points, first, axis=0), np.maximum.reduceat(points, first, axis=0)
    starts, ends = points[first], points[last]
    chords = ends - starts
    chord_lengths = np.hypot(chords[:, 0], chords[:, 1])
    steps = np.append(np.hypot(*np.diff(points, axis=0).T), 0.0)
    steps[last] = 0.0  # no step from one stroke's end to the next one's start
    paths = np.add.reduceat(steps, first)
    # Each point's distance from its stroke's chord (the line through the stroke's ends),
    # as a share of the chord: the cross product is that distance times the chord's
    # length, so it is divided by the length twice (once only, the limit was in the
    # drawing's units: a canvas T's stem 0.1 px off its chord was no longer straight).
    owner_of_point = np.repeat(np.arange(len(strokes)), np.diff(np.append(first, len(points))))
    along, chord_of = points - starts[owner_of_point], chords[owner_of_point]
    off = np.abs(along[:, 0] * chord_of[:, 1] - along[:, 1] * chord_of[:, 0])
    wander = np.maximum.reduceat(off, first) / np.maximum(chord_lengths**2, 1e-300)
    return _Lines(low, high, starts, ends, chords, chord_lengths, paths, wander)
