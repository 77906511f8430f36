"""Tell the keys of a keyboard showing along the picture's border from the writing.

A phone photo of a page lying by a laptop often shows a band of the keyboard along one
edge: rows of keys, each a dark rounded square with a light letter on it, the row
nearest the edge cut by it. The keys are as dark as ink, and in number mode they were
read as digits of the number (or as marks that spoiled it).

What tells keys from writing is their shape and their order: a key is solid (its ink
fills most of its box, its letter's hole aside) where a digit's strokes leave most of
their box paper, and a keyboard's keys are all one size, side by side along the border.
:func:`key_mask` finds at least KEY_ROW such marks of one size in a row along one side of
the picture, near it, and leaves out the band from them to the border with them.

Pure numpy, no Qt, no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from .marks import dilate, label, label_boxes

# Ink above this (0-1 on PaperInk.ink) is solid enough to measure a key's shape on.
SOLID = 0.35
# A key's solid ink fills at least this share of its box (a letter on it takes a fifth at
# most); a digit's strokes leave more of it paper (the first 20,000 of MNIST-train, their
# ink above SOLID: 0.39 at the median, 3.8% at 0.6 or more, mostly 1s, no wider than their
# stroke, where a key is about square: KEY_DEEP).
KEY_FILL = 0.6
# A key is at least this many pixels across (smaller solid marks are specks and dots).
KEY_SMALLEST = 4
# A keyboard shows at least this many keys of one size along one side: their sides along
# the border within KEY_LIKE of the median's, their sides across it at most KEY_DEEP times
# that (square keys, and the row's keys cut by the border less deep), all of them within
# KEY_REACH of their own depth of the border.
KEY_ROW = 4
KEY_LIKE = 0.2
KEY_DEEP = 1.5
KEY_REACH = 3.0
# ...and side by side: at least KEY_ROW - 1 of the gaps between neighbours' starts along the
# border are one key and a gap apart (within KEY_PITCH of a key's size more than a key).
KEY_PITCH = 0.6


def key_mask(ink: np.ndarray) -> np.ndarray | None:
    """The pixels of ``ink`` (white on black, 0-1, a whole picture's) that are the keys of
    a keyboard along its border, with their soft edges; None when there are none."""
    solid = ink > SOLID
    labels, count = label(solid)
    if count < KEY_ROW:
        return None
    height, width = solid.shape
    top, left, bottom, right = label_boxes(labels, count)
    area = np.bincount(labels.ravel(), minlength=count + 1)
    tall, wide = bottom - top, right - left
    solid_mark = (np.minimum(tall, wide) >= KEY_SMALLEST) & (area >= KEY_FILL * tall * wide)
    solid_mark[0] = False
    keys = np.zeros(count + 1, dtype=bool)
    # Each side: the marks' side along it, their depth across it, how far they lie from it,
    # and how far their far side does (a keyboard is all of the band from its keys to the border).
    sides = (
        (wide, tall, left, height - bottom, height - top),  # the bottom
        (wide, tall, left, top, bottom),  # the top
        (tall, wide, top, left, right),  # the left
        (tall, wide, top, width - right, width - left),  # the right
    )
    for along, deep, start, distance, reach in sides:
        near = solid_mark & (distance <= KEY_REACH * deep)
        if near.sum() < KEY_ROW:
            continue
        size = float(np.median(along[near]))
        row = near & (np.abs(along - size) <= KEY_LIKE * size) & (deep <= KEY_DEEP * size)
        if row.sum() >= KEY_ROW and _side_by_side(start[row], reach[row], size):
            # The keys, and whatever lies wholly between them and the border (keys cut by it
            # to slivers, the frame's edge).
            keys |= row | (reach <= reach[row].max())
    keys[0] = False
    if not keys.any():
        return None
    # With the soft edge round them, which the solid ink leaves out.
    return dilate(dilate(keys[labels])) & (ink > 0)


def _side_by_side(start: np.ndarray, reach: np.ndarray, size: float) -> bool:
    """Whether at least KEY_ROW marks (``start``: where each begins along the border,
    ``reach``: how far from it each ends) stand in a row a key's pitch apart (KEY_PITCH)."""
    order = np.argsort(reach, kind="stable")
    reach, start = reach[order], start[order]
    # The rows: marks reaching about as far in (a keyboard's rows are offset along the border;
    # the keys the border cuts reach far less in than the whole ones, though as near it).
    breaks = np.flatnonzero(np.diff(reach) > size / 2) + 1
    for first, stop in zip(np.concatenate([[0], breaks]), np.concatenate([breaks, [len(reach)]])):
        gaps = np.diff(np.sort(start[first:stop]))
        if ((gaps >= size * (1 - KEY_LIKE)) & (gaps <= size * (1 + KEY_PITCH))).sum() >= KEY_ROW - 1:
            return True
    return False
