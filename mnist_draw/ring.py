"""A ring drawn or printed round the digit (a circle a teacher draws round an answer,
one a form prints), told from the digit it holds (:func:`ring_mask`): a mark of its
own round the rest of the ink, or one mark with a digit that touches it or runs over
it, found then as a thin band of ink along an ellipse round the mark. A 0's, a 6's,
an 8's or a 9's own loops are the digit's. Used by paper.py to take the ring out of
the ink before the digit is chosen. Pure numpy."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .ink_shape import is_blot, stroke_width
from .marks import SPECK_SIZE, STRONG_INK, Mark, dilate, label, marks_of

# A ring round the digit (a circle a teacher draws, or a form prints), ring_mask:
# one mark whose box holds every other mark but specks, seen from the middle of that
# inner ink in at least RING_TURN of the RING_DIRECTIONS directions round it (a closed
# curve, or a hand's that falls short by up to about 40 degrees), with strokes no wider
# than RING_WIDTH of its size (a circle's pen line; a 0's strokes are about 0.13 of it).
# The ink inside is a digit, not a 0's dot or a smudge, when it is at least RING_INNER of
# the ring's height (a circle drawn round a digit reaches at most about 1.5 times its
# height; a dotted zero's dot is under a quarter of the 0) and not a blot.
RING_DIRECTIONS = 36
RING_TURN = 32
RING_WIDTH = 0.08
RING_INNER = 1 / 3
# A ring the digit touches is one mark with it (_touching_ring): its outline from the
# middle, in RING_BINS directions, ends on one ellipse (within RING_FIT_TOLERANCE of the
# mark's size) in at least RING_FIT of them (a hand's ring falling short, a digit running
# over it, leave the rest off); the digit it holds keeps at most RING_OUTSIDE of its ink
# beyond the ellipse, and its pen is at least 1 / RING_THINNER as wide as the ring's line
# (a ring printed or drawn with a finer pen; a loop drawn with the digit's own pen, a
# slashed 0's, an 8's, is the digit's). Marks under RING_SMALLEST pixels are too coarse to tell.
RING_BINS = 72
RING_FIT = 0.75
RING_FIT_TOLERANCE = 0.04
RING_OUTSIDE = 0.25
RING_THINNER = 0.75
RING_SMALLEST = 24


def ring_mask(ink: np.ndarray) -> np.ndarray | None:
    """The pixels of a ring drawn or printed round the rest of the ink (see RING_TURN),
    None when there is none. A 0, 6, 8 or 9 is no ring: their loops hold no separate
    mark, or only a dot or a smudge; a slashed 0's slash touches it, so it is one mark,
    and its pen is the 0's own (see RING_THINNER).

    Marks are told apart by their clear ink: a blurred photo's faint halo may join a
    ring to a digit that its pen never touched. A digit that its ring does touch is
    one mark with it: the ring is then found as an ellipse round that mark (_touching_ring)."""
    labels, count = label(ink > STRONG_INK)
    if count == 0:
        return None
    if count == 1:
        # One mark alone (most digits): only a ring the digit touches may be there; its
        # box is enough to look for it (weighing every mark is the costly part).
        rows, cols = np.flatnonzero(labels.any(axis=1)), np.flatnonzero(labels.any(axis=0))
        height, width = labels.shape
        top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        alone = Mark(1, 1.0, top, bottom, left, right, top == 0 or left == 0 or bottom == height or right == width)
        return _touching_ring(ink, labels, alone, [])
    marks = marks_of(labels, count, ink)
    if not marks:
        return None
    ring = max(marks, key=lambda mark: mark.extent)
    size = ring.extent
    # Specks and marks cut by the picture's edge (a neighbour's stroke, a shadow's edge) aside,
    # every mark is inside the ring's box: a digit-sized one outside it means the ring
    # is not round the digit (a 0 beside a 1, a number's digits).
    inner = [m for m in marks if m is not ring and m.extent >= SPECK_SIZE * size and not m.touches_edge]
    inside = [m for m in inner if m.top > ring.top and m.bottom < ring.bottom and m.left > ring.left and m.right < ring.right]
    if len(inside) < len(inner):
        return None
    if inside and _apart_ring(ink, labels, ring, inside):
        # The ring's faint edge goes with it.
        return dilate(labels == ring.index) & (ink > 0)
    return _touching_ring(ink, labels, ring, inside)


def _apart_ring(ink: np.ndarray, labels: np.ndarray, ring: Mark, inside: list[Mark]) -> bool:
    """Whether ``ring``, a mark of its own, goes round the marks ``inside`` it (a digit
    its pen never touched)."""
    size = ring.extent
    top, bottom = min(m.top for m in inside), max(m.bottom for m in inside)
    left, right = min(m.left for m in inside), max(m.right for m in inside)
    if bottom - top < RING_INNER * (ring.bottom - ring.top):
        return False
    own = labels[ring.top : ring.bottom, ring.left : ring.right] == ring.index
    rows, cols = np.nonzero(own)
    angles = np.arctan2(rows + ring.top - (top + bottom - 1) / 2, cols + ring.left - (left + right - 1) / 2)
    directions = np.unique(((angles + math.pi) / (2 * math.pi) * RING_DIRECTIONS).astype(int) % RING_DIRECTIONS)
    if len(directions) < RING_TURN:
        return False
    if stroke_width(np.where(own, ink[ring.top : ring.bottom, ring.left : ring.right], 0.0)) > RING_WIDTH * size:
        return False
    indices = [m.index for m in inside]
    held = np.where(np.isin(labels[top:bottom, left:right], indices), ink[top:bottom, left:right], 0.0)
    return not is_blot(held)


def _touching_ring(ink: np.ndarray, labels: np.ndarray, ring: Mark, inside: list[Mark]) -> np.ndarray | None:
    """The ring of a mark that is a ring and the digit it holds, joined where the digit
    touches it (or runs over it): the mark's outline is an ellipse (RING_FIT of the
    RING_BINS directions from its middle end on one), a thin band of ink along the
    inside of that ellipse (no wider than RING_WIDTH of the mark's size) is the ring,
    and what it holds without that band is a digit: at least RING_INNER of the ring's
    height, held inside it, not a blot, and written with a pen at least 1 / RING_THINNER
    as wide as the ring's line; None when the mark is no such ring."""
    size = ring.extent
    if size < RING_SMALLEST:
        return None
    own = labels == ring.index
    rows, cols = _outer_pixels(own[ring.top : ring.bottom, ring.left : ring.right])
    rows, cols = rows + ring.top, cols + ring.left
    middle_row, middle_col = (ring.top + ring.bottom - 1) / 2, (ring.left + ring.right - 1) / 2
    angles = np.arctan2(rows - middle_row, cols - middle_col)
    # The cheap test first: a ring is seen from its middle all round (a 1, a 7 or a 2 is not).
    directions = np.unique(((angles + math.pi) / (2 * math.pi) * RING_DIRECTIONS).astype(int) % RING_DIRECTIONS)
    if len(directions) < RING_TURN:
        return None
    # The mark's outline: its farthest pixel from the middle in each direction.
    radii = np.hypot(rows - middle_row, cols - middle_col)
    bins = ((angles + math.pi) / (2 * math.pi) * RING_BINS).astype(int) % RING_BINS
    order = np.lexsort((radii, bins))
    last = np.flatnonzero(np.r_[bins[order][1:] != bins[order][:-1], True])
    outline = order[last]
    ellipse = _fit_ellipse(cols[outline].astype(np.float64), rows[outline].astype(np.float64), tolerance=max(2.0, RING_FIT_TOLERANCE * size))
    if ellipse is None:
        return None
    on_ellipse = np.abs(ellipse.radial_distance(cols[outline], rows[outline])) <= max(2.0, RING_FIT_TOLERANCE * size)
    if on_ellipse.sum() < RING_FIT * RING_BINS:
        return None
    # The ring's line: how far in from the outline each direction's ink runs, the median of them.
    thickness = _median_run_inward(own, ellipse, rows[outline][on_ellipse], cols[outline][on_ellipse])
    if thickness > RING_WIDTH * size:
        return None
    # Every pixel's distance from the ellipse, along the ray from its centre; the ring's
    # band, its soft edges with it, reaches from a pixel outside it to its line's width inside.
    height, width = ink.shape
    margin = 2
    box = (slice(max(0, ring.top - margin), min(height, ring.bottom + margin)), slice(max(0, ring.left - margin), min(width, ring.right + margin)))
    grid_rows, grid_cols = np.mgrid[box]
    distance = ellipse.radial_distance(grid_cols, grid_rows)
    band = np.zeros(ink.shape, dtype=bool)
    band[box] = (distance >= -(thickness + 1.5)) & (distance <= 1.5) & (ink[box] > 0)
    # What the ring holds: the mark without its band, and the marks inside it.
    held = (own | np.isin(labels, [m.index for m in inside])) & ~band
    held_labels, held_count = label(held)
    if held_count == 0:
        return None
    pieces = marks_of(held_labels, held_count, ink)
    biggest = max(pieces, key=lambda mark: mark.extent)
    if biggest.bottom - biggest.top < RING_INNER * (ring.bottom - ring.top):
        return None  # a 0's own ink left where it strays from an ellipse, a dot, a smudge
    digit_pixels = held_labels == biggest.index
    outside = digit_pixels[box] & (distance > 1.5)
    if outside.sum() > RING_OUTSIDE * digit_pixels.sum():
        return None  # most of it beyond the ellipse: the outline was the digit's own
    digit = np.where(digit_pixels, ink, 0.0)[biggest.top : biggest.bottom, biggest.left : biggest.right]
    if stroke_width(digit) * RING_THINNER < thickness or is_blot(digit):
        return None  # a loop as wide as what it holds: a slashed 0, an 8's outline and its waist
    return band


def _outer_pixels(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and last pixel of ``mask`` in each row and each column: its outline as
    seen from outside (every pixel of a ring's outer edge is one of them), far fewer
    pixels than the mask's own."""
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    first_in_row = mask[rows].argmax(axis=1)
    last_in_row = mask.shape[1] - 1 - mask[rows, ::-1].argmax(axis=1)
    first_in_col = mask[:, cols].argmax(axis=0)
    last_in_col = mask.shape[0] - 1 - mask[::-1, cols].argmax(axis=0)
    return (
        np.concatenate([rows, rows, first_in_col, last_in_col]),
        np.concatenate([first_in_row, last_in_row, cols, cols]),
    )


@dataclass(frozen=True)
class _Ellipse:
    """A conic ``a x² + b x y + c y² + f' = 0`` about its centre (``f'`` < 0)."""

    centre_x: float
    centre_y: float
    a: float
    b: float
    c: float
    f: float

    def radial_distance(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """How far each point lies outside the ellipse (negative inside), along the ray
        from its centre through the point."""
        dx, dy = np.asarray(x, dtype=np.float64) - self.centre_x, np.asarray(y, dtype=np.float64) - self.centre_y
        length = np.hypot(dx, dy)
        safe = np.maximum(length, 1e-9)
        ux, uy = dx / safe, dy / safe
        quadratic = self.a * ux * ux + self.b * ux * uy + self.c * uy * uy
        # At the centre itself there is no ray (ux = uy = 0): far inside, with no division by zero.
        return length - np.sqrt(-self.f / np.maximum(quadratic, 1e-12))


def _fit_ellipse(x: np.ndarray, y: np.ndarray, tolerance: float) -> _Ellipse | None:
    """The ellipse through most of the points: fitted to them all, then again to those
    within ``tolerance`` of it (a digit's stroke running over the ring, a hand's ring
    falling short, stray from it); None when no ellipse fits."""
    keep = np.ones(len(x), dtype=bool)
    ellipse = None
    for _ in range(3):
        if keep.sum() < 6:
            return None
        ellipse = _direct_ellipse(x[keep], y[keep])
        if ellipse is None:
            return None
        near = np.abs(ellipse.radial_distance(x, y)) <= tolerance
        if np.array_equal(near, keep):
            break
        keep = near
    return ellipse


def _direct_ellipse(x: np.ndarray, y: np.ndarray) -> _Ellipse | None:
    """The least-squares ellipse through the points (Fitzgibbon, Pilu and Fisher's direct
    fit, in Halir and Flusser's stable form), or None when they make none."""
    mean_x, mean_y = float(x.mean()), float(y.mean())
    scale = max(float(np.hypot(x - mean_x, y - mean_y).max()), 1e-9)
    u, v = (x - mean_x) / scale, (y - mean_y) / scale
    quadratic = np.stack([u * u, u * v, v * v], axis=1)
    linear = np.stack([u, v, np.ones_like(u)], axis=1)
    s1, s2, s3 = quadratic.T @ quadratic, quadratic.T @ linear, linear.T @ linear
    try:
        t = -np.linalg.solve(s3, s2.T)
    except np.linalg.LinAlgError:
        return None
    m = s1 + s2 @ t
    m = np.stack([m[2] / 2, -m[1], m[0] / 2])
    _, vectors = np.linalg.eig(m)
    vectors = np.real(vectors)
    condition = 4 * vectors[0] * vectors[2] - vectors[1] ** 2
    if not (condition > 0).any():
        return None
    first = vectors[:, int(np.argmax(condition > 0))]
    a, b, c = first
    d, e, f = t @ first
    # Its centre, where the gradient vanishes, and the conic's value there.
    determinant = 4 * a * c - b * b
    if determinant <= 0:
        return None
    cu = (b * e - 2 * c * d) / determinant
    cv = (b * d - 2 * a * e) / determinant
    value = a * cu * cu + b * cu * cv + c * cv * cv + d * cu + e * cv + f
    if value == 0 or (a > 0) == (value > 0):
        return None
    # Back to pixels: the quadratic part scales by 1 / scale², the value stays.
    return _Ellipse(mean_x + cu * scale, mean_y + cv * scale, a / scale**2, b / scale**2, c / scale**2, value) if a > 0 else _Ellipse(
        mean_x + cu * scale, mean_y + cv * scale, -a / scale**2, -b / scale**2, -c / scale**2, -value
    )


def _median_run_inward(own: np.ndarray, ellipse: _Ellipse, rows: np.ndarray, cols: np.ndarray) -> float:
    """The median, over the outline's points (``rows``, ``cols``), of how many pixels of
    ``own`` follow on from each toward the ellipse's centre: the ring's line width."""
    dx, dy = ellipse.centre_x - cols, ellipse.centre_y - rows
    length = np.maximum(np.hypot(dx, dy), 1e-9)
    steps = np.arange(int(length.max()) + 1)
    sample_cols = np.rint(cols[:, None] + dx[:, None] / length[:, None] * steps[None, :]).astype(int)
    sample_rows = np.rint(rows[:, None] + dy[:, None] / length[:, None] * steps[None, :]).astype(int)
    inside = (sample_rows >= 0) & (sample_rows < own.shape[0]) & (sample_cols >= 0) & (sample_cols < own.shape[1])
    hit = np.zeros(sample_rows.shape, dtype=bool)
    hit[inside] = own[sample_rows[inside], sample_cols[inside]]
    hit &= steps[None, :] <= length[:, None]
    runs = np.where(hit.all(axis=1), hit.shape[1], np.argmin(hit, axis=1))
    return float(np.median(runs))
