"""Tell the fingers of a hand holding the page from the digit's strokes.

A phone photo of a page often has a finger or a thumb in it, reaching in from the
picture's edge where the hand holds the paper. Dark skin, or skin in its own shade,
is as dark as ink there, and a fingertip that touches the digit is read as part of
it: the model then sees a blob beside the digit.

What tells a finger from a stroke is its shape and its edge: it enters from the
picture's border, it is much wider than the strokes the pen drew, and being nearer
the lens than the page and rounded, its edge is out of focus and shaded: soft where
a pen stroke's is sharp. :func:`finger_mask` finds such shapes. A stroke of the
digit cut by the border is no wider than the pen, and a bold digit's blot of ink
(strokes meeting, a loop filled in) has the pen's sharp edge, so both are kept. A
thumb in focus has as sharp an edge, but it is as wide as a digit is tall: a shape
from the border many strokes wide (HAND_WIDTH) is a hand whatever its edge.

Pure numpy, no Qt, no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from .ink_shape import stroke_width
from .marks import label
from .paper_brightness import box_blur

# Ink above this (0-1 on PaperInk.ink) is solid enough to measure widths on.
SOLID = 0.2
# The pen's width and edge are measured in the middle of the picture, this share of
# its sides in from each edge: a hand holding the page reaches in from an edge, the
# digit is central.
MIDDLE_INSET = 0.3
# For HAND_WIDTH the pen is measured on all the solid ink when the middle holds under this
# share of it: a wide 0 round the middle leaves it only specks of dust, whose width made the
# 0's stroke five pens wide, a hand. Only for HAND_WIDTH: the opening and the soft edge keep
# the middle's pen however little ink is there (measured on all of it, a dusty page's pen
# was its shadow's band, and the band no longer a finger, read as a sure 1, or its darkest
# part one, its rim read as a 7).
MIDDLE_SHARE = 0.05
# The pen's width is measured on the ink averaged over a square this many pixels from
# its centre to its side (a pencil's grain averaged out).
GRAIN_RADIUS = 2
# A finger is at least this many times as wide as the strokes (only the parts of the
# ink that a square this many strokes across fits in are looked at).
FINGER_WIDTH = 2.0
# A finger enters over at most this share of the picture's border (a thumb across half
# a side: an eighth); what runs along more is what the page lies on (see paper.py's
# SURROUND_SHARE), which the choice of the digit tells by how far it runs.
FINGER_BORDER = 0.2
# A finger's edge is soft: its ink rises from a quarter to three quarters of its
# darkness over at least this many times the distance a stroke's does.
SOFT_EDGE = 1.8
# A shape from the border at least this many times as wide as the strokes is a hand,
# however sharp its edge: a thumb is 2 cm across, as wide as a written digit is tall
# (simulated thumbs: 4.5 to 10 strokes), a phone's deep focus can leave its edge as sharp as
# the pen's, and no pen draws that wide (where a bold digit's strokes meet, or a loop
# filled in by a bold pen, is 2 to 3 strokes across). A loop filled in by a fine pen is
# wider: a 6 whose filled loop runs off the picture's edge loses it and reads as a 1.
HAND_WIDTH = 4.0


def finger_mask(ink: np.ndarray) -> np.ndarray | None:
    """The pixels of ``ink`` (white on black, 0-1, a whole picture's) that are fingers
    reaching in from its border, with their soft edges; None when there are none."""
    solid = ink > SOLID
    pen = _pen_width(ink, solid, least_in_middle=0.0)
    if pen <= 0:
        return None
    radius = max(2, int(np.ceil((FINGER_WIDTH * pen - 1) / 2)))
    # An opening by a square 2 radius + 1 across: only the parts of the ink that wide stay.
    # The square must fit inside the picture: box_blur repeats the edges, which made a
    # stroke running along the border, cut by it, as wide as the square (a 2's base, a
    # 6's loop), and the picture's edge out of focus (a page tilted away) a finger's.
    core = box_blur(solid.astype(np.float32), radius) > 0.999
    core[:radius] = core[-radius:] = False  # the squares reaching past the edge
    core[:, :radius] = core[:, -radius:] = False
    if not core.any():
        return None
    wide = (box_blur(core.astype(np.float32), radius) > 0) & solid
    labels, count = label(wide)
    border = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    on_border = np.bincount(border, minlength=count + 1)
    touching = np.flatnonzero((on_border > 0) & (on_border <= FINGER_BORDER * border.size))
    touching = touching[touching > 0]
    if not len(touching):
        return None
    near_wide = box_blur(wide.astype(np.float32), radius) > 0
    rest = solid & ~near_wide
    if not rest.any():
        return None
    # The strokes' edges, to compare with: the clear ink apart from the wide shapes (a
    # finger's shadow on the page round it is solid too, but far fainter than ink).
    strokes = rest & (ink > 0.6 * float(np.percentile(ink[rest], 90)))
    around_strokes = (box_blur(strokes.astype(np.float32), 2) > 0) & ~near_wide
    slope = np.hypot(*np.gradient(ink.astype(np.float32)))
    pen_ramp = max(_ramp(ink, slope, around_strokes), 1.0)
    hand = HAND_WIDTH * _pen_width(ink, solid, least_in_middle=MIDDLE_SHARE, middle_pen=pen)
    fingers = np.zeros(ink.shape, dtype=bool)
    for index in touching:
        shape = labels == index
        ramp = _ramp(ink, slope, box_blur(shape.astype(np.float32), radius) > 0)
        if ramp >= SOFT_EDGE * pen_ramp or _holds_square(shape, hand):
            fingers |= shape
    if not fingers.any():
        return None
    # With the soft edge round them, which the opening left out.
    return (box_blur(fingers.astype(np.float32), int(np.ceil(pen_ramp)) + 1) > 0) & (ink > 0)


def _holds_square(shape: np.ndarray, across: float) -> bool:
    """Whether a square ``across`` pixels wide fits inside ``shape`` and inside the picture
    (box_blur repeats the picture's edges, so a square reaching past them would count)."""
    radius = max(1, int(np.ceil((across - 1) / 2)))
    height, width = shape.shape
    if 2 * radius + 1 > min(height, width):
        return False
    inside = box_blur(shape.astype(np.float32), radius) > 0.999
    return bool(inside[radius : height - radius, radius : width - radius].any())


def _pen_width(ink: np.ndarray, solid: np.ndarray, least_in_middle: float, middle_pen: float | None = None) -> float:
    """The strokes' width: the solid ink's in the middle of the picture (``middle_pen`` when
    already measured there), all of it when the middle holds none or under ``least_in_middle``
    of it.

    Measured on the ink averaged over a square GRAIN_RADIUS wide: a pencil's grain (the
    paper's tooth showing between its specks) gives a stroke's inside an outline of its
    own, which made a pencil stroke a third as wide as it is, and the whole digit, cut by
    the border, a finger. The average leaves a clean edge's rise, and so the width, as it was."""
    height, width = solid.shape
    top, left = int(MIDDLE_INSET * height), int(MIDDLE_INSET * width)
    middle = (slice(top, height - top), slice(left, width - left))
    in_middle = np.count_nonzero(solid[middle])
    if in_middle and in_middle >= least_in_middle * np.count_nonzero(solid):
        if middle_pen is not None:
            return middle_pen
        return stroke_width(box_blur(np.where(solid[middle], ink[middle], 0.0), GRAIN_RADIUS))
    return stroke_width(box_blur(np.where(solid, ink, 0.0), GRAIN_RADIUS))


def _ramp(ink: np.ndarray, slope: np.ndarray, near: np.ndarray) -> float:
    """How many pixels the ink's edge takes to rise from a quarter to three quarters of
    its level in ``near``: half the level over the typical slope there."""
    values = ink[near]
    level = float(np.percentile(values, 90)) if values.size else 0.0
    edge = near & (ink > 0.25 * level) & (ink < 0.75 * level)
    if level <= 0 or not edge.any():
        return 0.0
    return 0.5 * level / max(float(np.median(slope[edge])), 1e-6)

