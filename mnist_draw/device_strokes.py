"""Strokes made alike whatever device delivered them, before they are drawn for the model.

The model learned from pendigits' tablet (a point every 100 ms) and MNIST's scans.
Other devices deliver the same hand differently (``mnist_draw/device_simulator.py``
re-plays them; ``benchmarks/bench_devices.py`` measures each); most of the
difference the stroke path absorbs already (the width is a fraction of the
digit's size, so units, origins, scales and point density do not matter). Two
things it did not, and which this module undoes before drawing:

- accidental taps (a palm, a resting finger, a click to focus the canvas): a
  speck apart from the digit widened the drawing's box, so the digit was drawn
  smaller and off its centre (:func:`without_taps`);
- sparse sampling (a remote desktop, a slow link: a point every 300-500 ms): a
  polygon where the hand drew a curve, a 0 turned away as no digit
  (:func:`curved`).

Only what is drawn changes: whether the strokes hold an i's dot is asked of them
as given (:func:`mnist_draw.stroke_shape.has_a_dot_above`), before taps are
taken out. Pure numpy, a few vectorised passes over all the points whatever the
number of strokes (the canvas reads on every pen move).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# A tap: a stroke whose larger side is at most TAP_SIZE of the largest stroke's,
# lying farther than TAP_APART of the other strokes' size from every one of them
# that is not so small. Pieces of a stroke broken by a pen lift, a dotted zero or
# a 5's flag lie nearer: of pendigits-train's 7,494 digits two lose a stroke, the
# dot one writer put under a 1 (both still read 1, as sure as before).
TAP_SIZE = 0.05
TAP_APART = 0.1
# Steps between points longer than CURVE_STEP of the drawing's size are filled
# with a curve through the points. pendigits' own steps are 0.056 of it at the
# median, so its longer steps bend a little; at 0.08 its held-out writers lost a
# digit, at 0.04 and 0.06 none (sparse sampling 95.5% -> 99.5% either way).
CURVE_STEP = 0.06
SAME_CELL = 1 / 256


def as_drawn(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``strokes`` ((n, 2) arrays of x, y, as :func:`mnist_draw.preprocess.clean_strokes`
    gives) as the model should see them: accidental taps left out, long steps curved."""
    return curved(without_taps(strokes))


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
    if small.all() or not small.any():
        return strokes
    body_low, body_high = low[~small], high[~small]
    apart = TAP_APART * float((body_high.max(axis=0) - body_low.min(axis=0)).max())
    # Each speck's distance, box to box, from the nearest stroke that is no speck.
    gap_x = np.maximum(body_low[None, :, 0] - high[small, None, 0], low[small, None, 0] - body_high[None, :, 0])
    gap_y = np.maximum(body_low[None, :, 1] - high[small, None, 1], low[small, None, 1] - body_high[None, :, 1])
    nearest = np.hypot(np.maximum(gap_x, 0), np.maximum(gap_y, 0)).min(axis=1)
    tap = np.zeros(len(strokes), dtype=bool)
    tap[np.flatnonzero(small)[nearest > apart]] = True
    return [stroke for stroke, is_tap in zip(strokes, tap) if not is_tap]


def curved(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``strokes`` with every step longer than CURVE_STEP of the drawing's size filled
    with points on a centripetal Catmull-Rom curve through the stroke's points: it
    passes through every point, makes no cusp or loop between two of them however
    unevenly they are spaced, and is the straight line where they lie on one. Points too near the one before them to
    matter are dropped (see SAME_CELL)."""
    strokes = [stroke for stroke in strokes if len(stroke)]
    if not strokes:
        return []
    lengths = np.array([len(stroke) for stroke in strokes])
    points = np.concatenate(strokes).astype(np.float64)
    first = np.zeros(len(points), dtype=bool)
    first[np.cumsum(lengths)[:-1]] = True
    first[0] = True
    low = points.min(axis=0)
    size = float((points.max(axis=0) - low).max())
    if not size * SAME_CELL >= np.finfo(np.float64).tiny:  # a dot, or a drawing lost in rounding: no steps to speak of
        return [stroke.astype(np.float64) for stroke in strokes]
    # A point in the same cell of a grid SAME_CELL of the drawing's size as the one before
    # it adds nothing the model can see (half a pixel of the drawing is 1/140 of it) and
    # would make a step of no length; a pen sampled every few ms gives hundreds of them.
    cell = np.floor((points - low) / (size * SAME_CELL))
    kept = first.copy()
    kept[1:] |= (cell[1:] != cell[:-1]).any(axis=1)
    stroke_of = np.repeat(np.arange(len(strokes)), lengths)[kept]
    points, first = points[kept], first[kept]
    counts = np.bincount(stroke_of, minlength=len(strokes))
    last = np.append(first[1:], True)
    # Each step from a point to the next one of its stroke, with the points around it;
    # at a stroke's ends the missing neighbour is the one inside, mirrored.
    step = np.flatnonzero(~last)
    p1, p2 = points[step], points[step + 1]
    length = np.hypot(*(p2 - p1).T)
    added = np.ceil(length / (CURVE_STEP * size)).astype(np.int64) - 1
    if not (added > 0).any():
        return np.split(points, np.cumsum(counts)[:-1])
    long = added > 0
    step, p1, p2, added = step[long], p1[long], p2[long], added[long]
    p0 = np.where(first[step][:, None], 2 * p1 - p2, points[np.maximum(step - 1, 0)])
    p3 = np.where(last[step + 1][:, None], 2 * p2 - p1, points[np.minimum(step + 2, len(points) - 1)])
    # added[i] new points inside step i, evenly spaced in the curve's parameter.
    owner = np.repeat(np.arange(len(step)), added)
    within = np.arange(len(owner)) - np.repeat(np.cumsum(added) - added, added) + 1
    fraction = within / (added[owner] + 1)
    new = _catmull_rom(p0, p1, p2, p3, owner, fraction, 1e-12 * size)
    # Each after the point its step starts from, in order along the step.
    order = np.argsort(np.concatenate([np.arange(len(points)), step[owner] + fraction]), kind="stable")
    counts += np.bincount(stroke_of[step[owner]], minlength=len(strokes))
    return np.split(np.concatenate([points, new])[order], np.cumsum(counts)[:-1])


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
