"""How far a drawing leans, and writing leaning past what the model learned set up again.

The model learned pen digits leaning as their writers leant them and, from
training's writing styles, sheared by up to 0.6 either way (a point moving 0.6 of
a unit sideways per unit up). Writing leaning further, 0.6-0.9, is read worse:
a 4 lies nearly flat and reads 6 or no digit, a 7 reads 2. The lean is measured on
the strokes themselves: the steep parts of a digit (its stems, the sides of its
loops) are what lean with the hand, and a flat part (a 7's bar, a 2's base)
says nothing of the slant. A drawing leaning more than UPRIGHT_LEAN is sheared
back to lean by that much and no less: the lean a writer's own hand gives stays,
only what lies past training's range is taken out.

Pure numpy, a few passes over the points (the canvas reads on every pen move).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# A step steeper than STEEP (its sideways move at most this share of its upward
# move: within 45 degrees of upright) leans with the hand; the drawing's lean is
# the steep steps' sideways move per unit up, weighted by their length. A flatter
# step is a bar or a base, whose direction is the digit's, not the hand's.
STEEP = 1.0
# Leaning further than this is set back to this (either way). Training's slants
# reach 0.6 and the held-out writers lean up to 0.45 by this measure (95% of their
# digits), so drawings leaning as written are drawn as before. Chosen on the held-out
# pendigits-train writers sheared by 0.6-0.9 (`bench_devices.py --styles`): 0.4
# reads them 98.62% -> 99.11%, 0.5 98.89%.
UPRIGHT_LEAN = 0.4
# A drawing whose one stroke (strokes under LINE_PART of its size aside) lies
# within LINE_BEND of its length of the line between its ends is a line, gently
# bent: its lean is its direction, and set upright it is a 1 (a slanted 1 is read
# already). Generated wandering lines set upright were answered 1 (6 of 2,000
# non-digits) without this.
LINE_BEND = 0.2
LINE_PART = 0.2
LINE_BACK = 0.1


def lean(strokes: Sequence[np.ndarray]) -> float:
    """How far ``strokes`` ((n, 2) arrays of x, y, y down) lean: the steep steps'
    sideways move per unit up, positive with the top to the right; 0 without steep steps."""
    steps = [np.diff(stroke, axis=0) for stroke in strokes if len(stroke) > 1]
    if not steps:
        return 0.0
    step = np.concatenate(steps)
    steep = np.abs(step[:, 0]) < STEEP * np.abs(step[:, 1])
    length = np.hypot(*step[steep].T)
    if not length.sum() > 0:
        return 0.0
    # y grows downwards: a step up (dy < 0) moving right (dx > 0) leans right.
    return float((-step[steep, 0] / step[steep, 1] * length).sum() / length.sum())


def upright(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``strokes`` sheared to lean UPRIGHT_LEAN when they lean further (about their
    middle height, so the drawing stays where it was); as given otherwise, and when
    they make one gently bent line (see LINE_BEND)."""
    strokes = [np.asarray(stroke, dtype=np.float64) for stroke in strokes if len(stroke)]
    amount = set_up_shear(strokes)
    if amount == 0.0:
        return strokes
    points = np.concatenate(strokes)
    middle = (points[:, 1].min() + points[:, 1].max()) / 2
    return [np.column_stack([stroke[:, 0] + amount * (stroke[:, 1] - middle), stroke[:, 1]]) for stroke in strokes]


def set_up_shear(strokes: Sequence[np.ndarray]) -> float:
    """The lean :func:`upright` takes out of ``strokes`` (sideways per unit up, as
    :func:`lean`): 0 for writing it leaves as drawn."""
    strokes = [np.asarray(stroke, dtype=np.float64) for stroke in strokes if len(stroke)]
    if not strokes:
        return 0.0
    leaning = lean(strokes)
    if abs(leaning) <= UPRIGHT_LEAN or _is_a_line(strokes):
        return 0.0
    return leaning - float(np.sign(leaning)) * UPRIGHT_LEAN


def _is_a_line(strokes: list[np.ndarray]) -> bool:
    points = np.concatenate(strokes)
    size = float((points.max(axis=0) - points.min(axis=0)).max())
    parts = [stroke for stroke in strokes if float((stroke.max(axis=0) - stroke.min(axis=0)).max()) > LINE_PART * size]
    if len(parts) != 1:
        return False
    line = parts[0]
    chord = line[-1] - line[0]
    length = float(np.hypot(*chord))
    if not length > 0:
        return False
    away = np.abs((line[:, 0] - line[0, 0]) * chord[1] - (line[:, 1] - line[0, 1]) * chord[0]) / length
    along = ((line - line[0]) @ chord) / length
    back = -np.minimum(np.diff(along), 0.0).sum()
    return bool(away.max() <= LINE_BEND * length and back <= LINE_BACK * length)
