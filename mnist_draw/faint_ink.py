"""Tell the digit's own strokes from fainter ink grouped with them.

A crease's valley, a hand's or a phone's shadow and the digit written on the back of
the page showing through are dark enough in places to count as clear ink, and when
they touch the digit they are read as part of it: its box then covers most of the
picture and the digit shrinks to a corner. What tells them apart is that they are
clearly fainter than the digit's own strokes, which a pen draws at one darkness.

:func:`faint_pieces` finds them: the digit's core is its ink at least ``FAINT`` of
its strokes' typical darkness; the ink further from that core than a stroke's soft
edge reaches, in pieces long beside the digit's size that hang from one clear part,
is faint ink of something else. A faint part of a real stroke (a pencil pressed
lightly, a ballpoint that skipped) lies between clear parts, joining two of them,
and is kept; so is a faint mark apart from the clear ink (a lighter digit of a
number), which the grouping of marks has judged already.

:func:`shadow_along_border` finds the faint ink chosen as the digit itself on a page
with no digit: a shadow's edge or a vignetted corner along the picture's border (the
paper's brightness, estimated from the brightest paper nearby, lags where the light
falls steeply at the border, so the paper there reads as ink), far fainter than the
dust and specks elsewhere, running along the border rather than crossing it.

Pure numpy, no Qt, no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from .ink_shape import stroke_width
from .marks import STRONG_INK, label, marks_of
from .paper_brightness import box_blur

# The core is the ink at least this share of the strokes' typical darkness (their
# 90th percentile): a crease's darkest patches reach 0.7 of the digit's ink, a page's
# show-through 0.5.
FAINT = 0.75
# A faint piece longer than this share of the core's size is something else's ink; a
# shorter one is a stroke's tail or the paper's grain next to it, harmless either way.
FAINT_REACH = 0.15
# A faint piece is something else's ink only when its darkest tenth is at most this
# share of the strokes' darkness: a crease's valley and a page's show-through stay
# under 0.5 of it, a stroke faded under glare or smeared by a shaking phone does not.
FAINT_PEAK = 0.5
# A clear part of the digit is one of its strokes when it holds this share of the
# clear ink at least.
PART_SHARE = 0.05
# Ink chosen as the digit is a shadow's edge when it runs along the picture's border for
# at least SHADOW_CONTACT times its own reach (a shadow's band down a side, a vignetted
# corner: 1.2-3.0; a digit cut by the edge crosses it: 0.35 at most, 204 train photos of
# the first 17 kinds) and its darkness (90th percentile) is under SHADOW_PEAK of the clear
# ink's of the marks off the border, that ink at least SHADOW_REFERENCE pixels: on seven
# dusty blank pages read as a sure 1 or 7, 0.25-0.71 of the dust's darkness. A 5 cropped
# close runs as far along the top and the left, but its ink is the darkest in the picture.
SHADOW_CONTACT = 1.0
SHADOW_PEAK = 0.75
SHADOW_REFERENCE = 20


def faint_pieces(ink: np.ndarray, digit: np.ndarray) -> np.ndarray:
    """The pixels of ``digit`` (a mask over ``ink``, 0-1) that are faint ink of something
    other than the digit's strokes (see the module's doc); all False when there are none."""
    cut = np.zeros(digit.shape, dtype=bool)
    rows = np.flatnonzero(digit.any(axis=1))
    cols = np.flatnonzero(digit.any(axis=0))
    if not len(rows):
        return cut
    around = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    values = np.where(digit[around], ink[around], 0.0).astype(np.float32)
    clear = values[values > STRONG_INK]
    if clear.size == 0:
        return cut
    level = float(np.percentile(clear, 90))
    core = values >= FAINT * level
    core_rows = np.flatnonzero(core.any(axis=1))
    core_cols = np.flatnonzero(core.any(axis=0))
    if not len(core_rows):
        return cut
    size = max(core_rows[-1] - core_rows[0], core_cols[-1] - core_cols[0]) + 1
    # A stroke's anti-aliased or blurred edge is fainter than its middle but stays
    # within about half a stroke of it.
    reach = max(2, round(0.5 * stroke_width(np.where(core, values, 0.0)))) + 1
    near_core = box_blur(core.astype(np.float32), reach) > 0
    faint = (values > 0) & ~near_core
    if not faint.any():
        return cut
    core_labels, core_count = label(core)
    # Only a sizeable clear part counts as one a faint stroke joins: a crease's darkest
    # patches along it are clear too, in bits.
    core_sizes = np.bincount(core_labels.ravel(), minlength=core_count + 1)
    sizeable = core_sizes >= PART_SHARE * core_sizes[1:].sum()
    sizeable[0] = False
    pieces, count = label(faint)
    long_enough = FAINT_REACH * size
    drop = np.zeros(count + 1, dtype=bool)
    for piece in marks_of(pieces, count, values):
        if piece.extent <= long_enough:
            continue
        if np.percentile(values[pieces == piece.index], 90) > FAINT_PEAK * level:
            continue  # a stroke faded by glare or smeared by the camera's shake stays darker
        # Only the piece's box and the reach round it: long pieces are few, grain is not.
        top, left = max(0, piece.top - reach - 1), max(0, piece.left - reach - 1)
        box = (slice(top, piece.bottom + reach + 1), slice(left, piece.right + reach + 1))
        grown = box_blur((pieces[box] == piece.index).astype(np.float32), reach + 1) > 0
        joined = np.unique(core_labels[box][grown])
        if np.count_nonzero(sizeable[joined]) != 1:
            # Between two clear parts: a stroke drawn fainter there. Touching none: a
            # mark of its own (a faint digit beside a darker one), which the grouping judged.
            continue
        drop[piece.index] = True
    cut[around] = drop[pieces]
    return cut


def shadow_along_border(labels: np.ndarray, digit: np.ndarray, darkness: np.ndarray, clear: np.ndarray) -> np.ndarray | None:
    """The marks of ``digit`` (a mask over ``labels``, the picture's labelled marks) when the
    digit is a shadow's edge along the picture's border: it runs along the border as far as
    it reaches (SHADOW_CONTACT) and is far fainter in ``darkness`` (each pixel's relative
    darkness, not yet scaled to the ink's level) than the ``clear`` ink of the marks off the
    border (SHADOW_PEAK); writing joined to it, as dark as that ink and off the border, is
    not. None when it is not."""
    chosen = np.unique(labels[digit])
    chosen = chosen[chosen > 0]
    edges = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    if not np.isin(chosen, edges).any():
        return None
    rows, cols = np.flatnonzero(digit.any(axis=1)), np.flatnonzero(digit.any(axis=0))
    reach = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    if np.count_nonzero(np.isin(edges, chosen)) < SHADOW_CONTACT * reach:
        return None
    elsewhere = clear & (labels > 0) & ~np.isin(labels, edges)
    if np.count_nonzero(elsewhere) < SHADOW_REFERENCE:
        return None
    own = np.isin(labels, chosen)
    faintest_ink = SHADOW_PEAK * np.percentile(darkness[elsewhere], 90)
    if np.percentile(darkness[own], 90) >= faintest_ink:
        return None
    # Writing the shadow's edge runs into (a digit near a vignetted corner, joined to its dark
    # band) is one mark with it, but as dark as the ink elsewhere and off the border: it
    # stays (left out with the band, a 7 near a corner was read as a blank page).
    writing, count = label(own & (darkness >= faintest_ink))
    if count:
        on_border = np.unique(np.concatenate([writing[0], writing[-1], writing[:, 0], writing[:, -1]]))
        own &= ~((writing > 0) & ~np.isin(writing, on_border))
    return own
