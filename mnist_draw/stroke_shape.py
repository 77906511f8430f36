"""What a drawing's strokes say about it before the model reads them: a dot above
the rest (:func:`has_a_dot_above`) is an i's or a j's, not a digit's. Pure numpy.

The model sees only the 28x28 raster, where an i is a 1 with a speck over it and
is read as a sure 1 (unseen fonts' i and j: answered as digits 46% and 58% of the
time by v12, mostly as 1s). The strokes keep what the raster blurs: the dot is a
mark of its own, apart from the rest. No digit is written with one: none of
pendigits-train's 7,494 drawings has it.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# A dot: a stroke whose larger side is at most DOT_SIZE of the drawing's. Above the
# rest: its lowest point higher than the top of the strokes that are not dots by
# DOT_GAP of their height (an i's serifs and a 5's flag touch the stem; a tap made
# while drawing lands anywhere). Over it: its middle within the rest's columns,
# widened on both sides by DOT_REACH of their width (or of a fifth of their height,
# for an i's narrow stem), as a j's dot over its hook is. Chosen on the letters of
# fonts training never uses and on pendigits-train (none of its digits passes; at
# a gap of 0.05, one 4 does).
DOT_SIZE = 0.25
DOT_GAP = 0.1
DOT_REACH = 0.5


def has_a_dot_above(strokes: Sequence[np.ndarray]) -> bool:
    """Whether ``strokes`` ((n, 2) arrays of x, y with y down, as
    :func:`mnist_draw.preprocess.clean_strokes` gives) hold a dot above the rest,
    as an i, a j or an umlaut's letter does: a letter, not a digit."""
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
    (left, top), (right, bottom) = low[~dots].min(axis=0), high[~dots].max(axis=0)
    reach = DOT_REACH * max(right - left, 0.2 * (bottom - top))
    middle = (low[:, 0] + high[:, 0]) / 2
    gap = DOT_GAP * (bottom - top)
    above = dots & (high[:, 1] < top - gap) & (middle >= left - reach) & (middle <= right + reach)
    if not above.any():
        return False
    # Apart from the other small strokes too: the pieces of a stroke broken by a pen
    # lift (the top of a 0 or a 9 in three pieces) touch each other, an i's dot does not.
    candidates, small = np.flatnonzero(above), np.flatnonzero(dots)
    apart_x = np.maximum(low[small, 0][None, :] - high[candidates, 0][:, None], low[candidates, 0][:, None] - high[small, 0][None, :])
    apart_y = np.maximum(low[small, 1][None, :] - high[candidates, 1][:, None], low[candidates, 1][:, None] - high[small, 1][None, :])
    distance = np.hypot(np.maximum(apart_x, 0), np.maximum(apart_y, 0))
    distance[candidates[:, None] == small[None, :]] = np.inf  # not from itself
    return bool((distance.min(axis=1) > gap).any())
