"""Strokes made alike whatever device delivered them, before they are drawn for the model.

The model learned from pendigits' tablet (a point every 100 ms) and MNIST's scans.
Other devices deliver the same hand differently (``mnist_draw/device_simulator.py``
re-plays them; ``benchmarks/bench_devices.py`` measures each); most of the
difference the stroke path absorbs already (the width is a fraction of the
digit's size, so units, origins, scales and dense sampling do not matter). What
it did not is undone here, before drawing: accidental taps (a palm, a resting
finger, a click to focus the canvas), a speck apart from the digit that widened
the drawing's box, so the digit was drawn smaller and off its centre
(:func:`without_taps`).

Only what is drawn changes: whether the strokes hold an i's dot is asked of them
as given (:func:`mnist_draw.stroke_shape.has_a_dot_above`), before taps are
taken out. Pure numpy, a few passes over all the points whatever the number of
strokes (the canvas reads on every pen move).

Sparse sampling (a remote desktop, a slow tablet: a point every 300-500 ms) turns
a curve into a few long straight steps, a 0 into a polygon the model turns away as
no digit. Such runs are curved (:func:`curved_where_sampled`), and only they: the
drawing's steps must be long (its median step SPARSE_STEP of its size; a pen's or a
mouse's are far shorter) and the points must turn at several vertices in a row by
a moderate angle, as a curve sampled now and then does, or a stroke of a few points
must go round a closed loop turning one way (a 0 sent as 4-6 points). A letter's sharp corners,
its straight lines and the finely sampled curves of a font are left as they are:
curving every stroke through its points read sparse digits as well as the tablet's
but made the unseen fonts' letters look handwritten (answered with a digit 25.6% ->
28.7% of the time).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# A tap: a stroke whose larger side is at most TAP_SIZE of the largest stroke's,
# lying farther than TAP_APART of the other strokes' size from every one of them
# that is not so small, and making with the specks near it a mark no larger than
# twice that (two taps side by side). Pieces of a stroke broken by a pen lift, a
# dotted zero or a 5's flag lie nearer, and a stroke delivered in short pieces is
# larger: of pendigits-train's 7,494 digits two lose a stroke, the dot one writer
# put under a 1 (both still read 1, as sure as before).
TAP_SIZE = 0.05
TAP_APART = 0.1
# Specks times strokes compared at most (a few milliseconds' work): a drawing of
# hundreds of specks and thousands of strokes is no digit with a few taps, and
# comparing every pair cost 3.7 s and gigabytes at 10,000 two-point strokes. It is
# drawn as given.
MOST_PAIRS = 1 << 16
# A sampled curve: a drawing whose median step between points is at least
# SPARSE_STEP of its size (pendigits' tablet: 0.06 at the median; every 3rd, 4th,
# 5th point kept: 0.18, 0.25, 0.30; the fonts' curved letters about 0.1-0.2, a
# letter of a few straight lines near 1), where at least two vertices in a row
# turn by CURVE_TURN (degrees, low to high) with steps no more than CURVE_RATIO
# times as long on one side as on the other, and one of them by no more than
# CURVE_ANCHOR. A smaller turn needs no curve (the polygon is near it already); a
# sharper one is a written corner (a Z's, an N's); a long step beside a short one
# is a stem going into a finely drawn bowl (a U's); a run of right angles only is
# a square (the Greek font's dot: curved, it read 0).
# Steps of at least CURVE_STEP of the size that touch such a run are replaced by a
# centripetal Catmull-Rom curve (no overshoot, no loop) through the points, one
# every FILL_STEP of the size; where the step leaves the run the curve goes along
# the step itself, so corners stay sharp. Chosen on the held-out pen writers
# re-played sparse (95.96% -> 99.02%), the letters of the fonts training uses
# (bench's 2,000 generated non-digits: 75 answered with a digit, as before), with
# benchmarks/bench_honesty.py's unseen fonts as the limit (1,200 and 1,248
# letters, none more answered). Each limit costs sparse digits and keeps letters
# out: without CURVE_ANCHOR 99.38%, 11 more generated non-digits answered; turns
# from 30 degrees or single vertices, 1-4 more unseen-font letters; a median-step
# gate of 0.12, eleven; curving every stroke through its points, 27-29.
SPARSE_STEP = 0.15
# A sampled loop: one stroke whose ends lie within LOOP_CLOSE of its size of each
# other, at least LOOP_SIZE of the drawing's size, turning one way only at its inner
# vertices, each by at most LOOP_TURN degrees and together by LOOP_TURNING or more: a
# 0 (a 6's, an 8's, a 9's loop drawn on its own) sent as 4-6 points. Its turns are
# sharper than a sampled curve's elsewhere (90-140 degrees: a point every 500-800 ms
# leaves 3-5 to go round), so CURVE_TURN and CURVE_ANCHOR left it a polygon the
# model turned away. A square or a triangle drawn from a corner turns 270 or 240
# degrees at its inner vertices (the last turn is where it closes, at its start); a
# 0 starts and ends mid-curve, so its inner vertices turn all the way round.
LOOP_CLOSE = 0.35
LOOP_SIZE = 0.5
LOOP_TURN = 150.0
LOOP_TURNING = 290.0
# A loop whose every turn lies within LOOP_SQUARE degrees of a right angle is a
# square, bent and warped as training draws the Greek font's dot (turning 112, 87 and
# 104 degrees: curved at 15, it read 0 among `mnist-draw bench`'s generated non-digits).
LOOP_SQUARE = 25.0
# A loop with a vertex turning less than LOOP_STRAIGHT degrees has a straight side
# sampled twice: a polygon, not a 0 (an oval of 10 points turns 17 degrees or more at
# every vertex). Squares, triangles and rectangles drawn round from anywhere and
# re-played sparser were curved and read 0 without it (of 300 each, before the loop
# rule -> without this -> with it: squares 99 -> 159 -> 127, triangles 59 -> 134 -> 74,
# rectangles 159 -> 222 -> 170); the held-out writers' digits read the same with it.
LOOP_STRAIGHT = 10.0
# A vertex within LOOP_CORNER of its stroke's size of the stroke's start, whose next
# point goes on along the first step (no farther than LOOP_CORNER_SIDE of the size off
# its line), closes the loop at a corner, and the turns are counted only before it:
# a triangle drawn from a corner and gone a little past it, or round twice, turns 120
# degrees there as well, 360 in all, and was curved into a sure 0 (main turned it
# away). A 0's points go on round a curve there, well off the chord of its first
# step: the held-out writers' sparse and sparser digits read the same (99.07%, 93.07%;
# the corner alone, without its side, cost sparser 93.07% -> 92.44%).
LOOP_CORNER = 0.1
LOOP_CORNER_SIDE = 0.05
# More points than this go round a loop in moderate turns, which CURVE_TURN already
# finds: a tablet's 0 of 17-25 points has long steps enough to pass SPARSE_STEP
# (pendigits-train: 26 0s of four writers), and is drawn as before.
LOOP_MOST_POINTS = 10
CURVE_TURN = (45.0, 120.0)
CURVE_ANCHOR = 75.0
CURVE_RATIO = 3.0
CURVE_STEP = 0.15
FILL_STEP = 0.03
# Points a sparse device delivers for one digit at most: 500 at 300 ms each are
# minutes of drawing. More with long steps is a scribble, drawn as given (curving
# 10,000 random points took 0.2 s).
SPARSE_MOST_POINTS = 500
# Points the curve adds at most: pendigits' 10,992 digits re-played sparse (twice) gain
# 129 at most. A scribble of 500 points around and around a pentagon gained 9,980,
# and drawing them took the reading on the UI thread from 1.0 to 12.5 ms; more
# than this is such a scribble, drawn as given (1.3 ms at this many).
CURVE_MOST_ADDED = 1000


def as_drawn(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``strokes`` ((n, 2) arrays of x, y, as :func:`mnist_draw.preprocess.clean_strokes`
    gives) as the model should see them: accidental taps left out, curves a sparse
    device delivered as a few straight steps curved again."""
    return curved_where_sampled(without_taps(strokes))


def without_taps(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``strokes`` without the specks lying apart from the rest (see TAP_SIZE); all of
    them when every one is a speck, or none is."""
    strokes = list(strokes)
    if len(strokes) < 2:
        return strokes
    points = np.concatenate(strokes)
    starts = np.cumsum([0] + [len(stroke) for stroke in strokes[:-1]])
    low, high = np.minimum.reduceat(points, starts, axis=0), np.maximum.reduceat(points, starts, axis=0)
    extent = (high - low).max(axis=1)
    small = extent <= TAP_SIZE * extent.max()
    if small.all() or not small.any() or small.sum() * len(strokes) > MOST_PAIRS:
        return strokes
    body_low, body_high = low[~small], high[~small]
    apart = TAP_APART * float((body_high.max(axis=0) - body_low.min(axis=0)).max())
    # Specks lying near each other make one mark: a stroke delivered in short pieces
    # (a skipping pen or touch screen) is kept whole, as it is larger than two taps
    # side by side or lies near a stroke that is no speck.
    specks = np.flatnonzero(small)
    near_body = _nearest(low[specks], high[specks], body_low, body_high) <= apart
    tap = np.zeros(len(strokes), dtype=bool)
    for mark in _marks(low[specks], high[specks], apart):
        mark_extent = float((high[specks[mark]].max(axis=0) - low[specks[mark]].min(axis=0)).max())
        if not near_body[mark].any() and mark_extent <= 2 * apart:
            tap[specks[mark]] = True
    return [stroke for stroke, is_tap in zip(strokes, tap) if not is_tap]


def curved_where_sampled(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``strokes`` with the runs of a sparsely sampled curve (see SPARSE_STEP) filled
    with a curve through their points; as given when the drawing's steps are short
    or nothing in it turns as a sampled curve does."""
    strokes = [stroke for stroke in strokes if len(stroke)]
    if not strokes:
        return strokes
    lengths = np.array([len(stroke) for stroke in strokes])
    if lengths.sum() > SPARSE_MOST_POINTS:
        return strokes
    points = np.concatenate(strokes).astype(np.float64)
    size = float((points.max(axis=0) - points.min(axis=0)).max())
    if not size > 0:
        return strokes
    stroke_of = np.repeat(np.arange(len(strokes)), lengths)
    # A point where the one before it lies (a repeated event) makes no step and no turn.
    kept = np.ones(len(points), dtype=bool)
    kept[1:] = (stroke_of[1:] != stroke_of[:-1]) | (np.hypot(*np.diff(points, axis=0).T) > 1e-9 * size)
    points, stroke_of = points[kept], stroke_of[kept]
    step = np.diff(points, axis=0)
    within = stroke_of[1:] == stroke_of[:-1]  # step i runs from point i to point i + 1 of one stroke
    length = np.hypot(*step.T)
    if not within.any() or np.median(length[within]) < SPARSE_STEP * size:
        return strokes
    # Vertex j (inside a stroke) between steps j - 1 and j: its turn and how much longer one step is.
    inner = np.zeros(len(points), dtype=bool)
    inner[1:-1] = within[:-1] & within[1:]
    heading = np.arctan2(step[:, 1], step[:, 0])
    turn = np.zeros(len(points))
    turn[1:-1] = np.degrees(np.abs((np.diff(heading) + np.pi) % (2 * np.pi) - np.pi))
    ratio = np.ones(len(points))
    ratio[1:-1] = np.maximum(length[:-1], length[1:]) / np.maximum(np.minimum(length[:-1], length[1:]), 1e-300)
    curving = inner & (turn >= CURVE_TURN[0]) & (turn <= CURVE_TURN[1]) & (ratio <= CURVE_RATIO)
    in_run = curving & (np.append(False, curving[:-1]) | np.append(curving[1:], False))
    run = np.cumsum(in_run & ~np.append(False, in_run[:-1]))  # each run's vertices share a number
    anchored = np.bincount(run[in_run], weights=turn[in_run] <= CURVE_ANCHOR, minlength=run[-1] + 1) > 0
    in_run &= anchored[run]
    in_run |= _sampled_loops(points, stroke_of, inner, turn, np.diff(heading), size)
    long = within & (length >= CURVE_STEP * size) & (in_run[:-1] | in_run[1:])
    if not long.any():
        return strokes
    first = np.flatnonzero(long)
    p1, p2 = points[first], points[first + 1]
    # At a run's vertex the curve goes on towards the neighbour; elsewhere it leaves along the step.
    p0 = np.where(in_run[first][:, None], points[np.maximum(first - 1, 0)], 2 * p1 - p2)
    p3 = np.where(in_run[first + 1][:, None], points[np.minimum(first + 2, len(points) - 1)], 2 * p2 - p1)
    added = np.ceil(length[first] / (FILL_STEP * size)).astype(np.int64) - 1
    if added.sum() > CURVE_MOST_ADDED:
        return strokes
    owner = np.repeat(np.arange(len(first)), added)
    within_step = np.arange(len(owner)) - np.repeat(np.cumsum(added) - added, added) + 1
    fraction = within_step / (added[owner] + 1)
    new = _catmull_rom(p0, p1, p2, p3, owner, fraction, 1e-12 * size)
    order = np.argsort(np.concatenate([np.arange(len(points)), first[owner] + fraction]), kind="stable")
    everything = np.concatenate([points, new])[order]
    counts = np.bincount(np.concatenate([stroke_of, stroke_of[first[owner]]]), minlength=len(strokes))
    return np.split(everything, np.cumsum(counts)[:-1])


def _sampled_loops(
    points: np.ndarray, stroke_of: np.ndarray, inner: np.ndarray, turn: np.ndarray, heading_change: np.ndarray, size: float
) -> np.ndarray:
    """The inner vertices of the strokes that are a closed loop sampled a few times
    round (see LOOP_CLOSE): each turning the same way by LOOP_STRAIGHT to LOOP_TURN
    degrees, by LOOP_TURNING or more together."""
    # Per stroke, in reductions over all the points at once (a loop over the strokes
    # cost 6 microseconds a stroke on every pen move: 0.2 -> 0.9 ms at 100 strokes).
    strokes = int(stroke_of[-1]) + 1
    first = np.flatnonzero(np.append(True, stroke_of[1:] != stroke_of[:-1]))
    last = np.append(first[1:], len(points)) - 1
    extent = (np.maximum.reduceat(points, first, axis=0) - np.minimum.reduceat(points, first, axis=0)).max(axis=1)
    inner = inner & ~_past_a_closing_corner(points, stroke_of, first, last, extent)
    signed = np.zeros(len(points))
    signed[1:-1] = (heading_change + np.pi) % (2 * np.pi) - np.pi
    owner = stroke_of[inner]
    turns = turn[inner]

    def per_stroke(weights: np.ndarray) -> np.ndarray:
        return np.bincount(owner, weights=weights, minlength=strokes)

    vertices = per_stroke(np.ones(len(owner)))
    loop = (
        (np.bincount(stroke_of, minlength=strokes) <= LOOP_MOST_POINTS)
        & (vertices >= 2)
        & (per_stroke(turns < LOOP_STRAIGHT) == 0)
        & (per_stroke(turns > LOOP_TURN) == 0)
        & (per_stroke(turns) >= LOOP_TURNING)
        # Near right angles only: a square, however it is drawn.
        & (per_stroke(np.abs(turns - 90.0) <= LOOP_SQUARE) < vertices)
        & ((per_stroke(signed[inner] > 0) == vertices) | (per_stroke(signed[inner] < 0) == vertices))
    )
    if not loop.any():
        return np.zeros(len(points), dtype=bool)
    # Closed: the last point lies near the stroke's path short of its last two steps.
    # Step i runs from point i to i + 1; those before its stroke's last but one count.
    step_of = stroke_of[:-1]
    counted = (stroke_of[1:] == step_of) & (np.arange(len(points) - 1) + 2 < last[step_of])
    a, segment = points[:-1][counted], np.diff(points, axis=0)[counted]
    end = points[last[step_of[counted]]]
    lengths = (segment**2).sum(axis=1)
    t = np.clip(((end - a) * segment).sum(axis=1) / np.where(lengths > 0, lengths, 1.0), 0.0, 1.0)
    gap = np.full(strokes, np.inf)
    np.minimum.at(gap, step_of[counted], np.hypot(*(a + t[:, None] * segment - end).T))
    loop &= (extent >= LOOP_SIZE * size) & (gap <= LOOP_CLOSE * extent)
    return inner & loop[stroke_of]


def _past_a_closing_corner(
    points: np.ndarray, stroke_of: np.ndarray, first: np.ndarray, last: np.ndarray, extent: np.ndarray
) -> np.ndarray:
    """The points of each stroke from the first inner vertex that closes it at a corner
    (see LOOP_CORNER) on: back at the stroke's start, going on along its first side."""
    index = np.arange(len(points))
    start, second = points[first][stroke_of], points[np.minimum(first + 1, last)][stroke_of]
    after = points[np.minimum(index + 1, last[stroke_of])]
    side = second - start
    side /= np.maximum(np.hypot(*side.T), 1e-300)[:, None]  # a unit vector: no overflow at huge coordinates
    reach = extent[stroke_of]
    off_side = np.abs((after - start)[:, 0] * side[:, 1] - (after - start)[:, 1] * side[:, 0])
    closing = (
        (index > first[stroke_of])
        & (index < last[stroke_of])
        & (np.hypot(*(points - start).T) <= LOOP_CORNER * reach)
        & (off_side <= LOOP_CORNER_SIDE * reach)
        & (((after - start) * side).sum(axis=1) > 0)
    )
    closed_at = np.full(len(first), len(points))
    np.minimum.at(closed_at, stroke_of[closing], index[closing])
    return index >= closed_at[stroke_of]


def _catmull_rom(
    p0: np.ndarray, p1: np.ndarray, p2: np.ndarray, p3: np.ndarray, owner: np.ndarray, fraction: np.ndarray, floor: float
) -> np.ndarray:
    """Points ``fraction`` (0-1) of the way from p1 to p2 of step ``owner`` on the
    centripetal Catmull-Rom curve through its p0..p3 (Barry and Goldman's pyramid,
    knots spaced by the root of the distance, the first at 0)."""
    t1 = np.sqrt(np.maximum(np.hypot(*(p1 - p0).T), floor))
    t2 = t1 + np.sqrt(np.maximum(np.hypot(*(p2 - p1).T), floor))
    t3 = t2 + np.sqrt(np.maximum(np.hypot(*(p3 - p2).T), floor))
    t1, t2, t3 = t1[owner, None], t2[owner, None], t3[owner, None]
    p0, p1, p2, p3 = p0[owner], p1[owner], p2[owner], p3[owner]
    t = t1 + fraction[:, None] * (t2 - t1)
    a1 = p0 + (p1 - p0) * (t / t1)
    a2 = p1 + (p2 - p1) * ((t - t1) / (t2 - t1))
    a3 = p2 + (p3 - p2) * ((t - t2) / (t3 - t2))
    b1 = a1 + (a2 - a1) * (t / t2)
    b2 = a2 + (a3 - a2) * ((t - t1) / (t3 - t1))
    return b1 + (b2 - b1) * ((t - t1) / (t2 - t1))


def _marks(low: np.ndarray, high: np.ndarray, reach: float) -> list[np.ndarray]:
    """The boxes (``low``, ``high``) in groups, each box within ``reach`` of another
    of its group (a chain of them is one group), as index arrays."""
    near = _distances(low, high, low, high) <= reach
    unseen = np.ones(len(low), dtype=bool)
    marks = []
    for first in range(len(low)):
        if not unseen[first]:
            continue
        member = np.zeros(len(low), dtype=bool)
        member[first] = True
        frontier = member.copy()
        while frontier.any():
            frontier = near[frontier].any(axis=0) & ~member
            member |= frontier
        unseen &= ~member
        marks.append(np.flatnonzero(member))
    return marks


def _nearest(low: np.ndarray, high: np.ndarray, other_low: np.ndarray, other_high: np.ndarray) -> np.ndarray:
    """Each box's (``low``, ``high``) distance, box to box, from the nearest other box."""
    return _distances(low, high, other_low, other_high).min(axis=1)


def _distances(low: np.ndarray, high: np.ndarray, other_low: np.ndarray, other_high: np.ndarray) -> np.ndarray:
    """The distance, box to box, of each box (``low``, ``high``) from each other box."""
    gap_x = np.maximum(other_low[None, :, 0] - high[:, None, 0], low[:, None, 0] - other_high[None, :, 0])
    gap_y = np.maximum(other_low[None, :, 1] - high[:, None, 1], low[:, None, 1] - other_high[None, :, 1])
    return np.hypot(np.maximum(gap_x, 0), np.maximum(gap_y, 0))

