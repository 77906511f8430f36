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
taken out. Pure numpy, two reductions over all the points whatever the
number of strokes (the canvas reads on every pen move).

Sparse sampling (a point every 300-500 ms) is left as it is: a curve through the
points read such digits as well as the tablet's (95.96% -> 99.51%), but it rounds
the corners of letters drawn with few points too, and the unseen fonts' letters
were answered with a digit 25.6% -> 28.7% of the time (26.8% when only drawings
whose median step is a fifth of their size were curved).
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


def as_drawn(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``strokes`` ((n, 2) arrays of x, y, as :func:`mnist_draw.preprocess.clean_strokes`
    gives) as the model should see them: accidental taps left out."""
    return without_taps(strokes)


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

