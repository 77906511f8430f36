"""The shape of a digit's ink: how wide its strokes are (:func:`stroke_width`), how
long each pixel's run of ink is across or down (:func:`run_lengths`), whether it is
a filled blot rather than a digit (:func:`is_blot`) or a pattern (:func:`is_pattern`:
hatching, a weave, print), whether it is one pen stroke's shape rather than a clump of
specks (:func:`is_one_stroke`), whether a bar runs through it and out at the top and
the bottom, as a "$"'s does (:func:`has_bar_through`), whether it encloses more loops
than so many (:func:`more_loops_than`) and whether it is an empty printed box (:func:`is_frame`). Pure numpy."""

from __future__ import annotations

import numpy as np

from .marks import dilate, label, marks_of

# A blot: ink whose mean stroke width is over BLOT_WIDTH of its larger side (MNIST's
# boldest digits, and simulated marker photos, stay under 0.29; a disc is 0.5, an
# ellipse twice as tall as wide 0.32), whose solid part is at least BLOT_SOLIDITY of
# the pixels of its convex hull (a disc or an ellipse is all of them; a marker's 8
# with both loops filled, which the model still reads, keeps its waist: 0.93; the
# boldest MNIST 0s are nearly convex too, but keep a hole), with no hole of BLOT_HOLE
# of its box's area or more.
BLOT_WIDTH = 0.3
BLOT_SOLIDITY = 0.96
BLOT_HOLE = 0.002
# A bar through (has_bar_through), in the model's 28x28 input: the ink's top and
# bottom BAR_BAND of its height are each one stub at most BAR_WIDTH pixels wide
# (a stroke is 2 to 3), within BAR_CENTRE of the ink's width of its middle, and
# the ink is at least BAR_INK_WIDTH pixels wide (a 1 is a bar and nothing else).
# The composed "$"s' bars stick out by 5 to 20% of a digit's height; of MNIST-
# train's 5s and 8s 0.4% and 0.3% pass (a 4's stem and the top of its closed arms
# pass often: 12%).
BAR_BAND = 0.1
BAR_WIDTH = 4
BAR_CENTRE = 0.25
BAR_INK_WIDTH = 8
BAR_LEVEL = 0.3  # input pixels above this are ink
# A pattern, not a digit (is_pattern): ink that holds at least PATTERN_PARTS parts, a part
# being a separate piece of solid ink at least PATTERN_PIECE of its strokes' widths long
# (shorter ones are a pencil's grain, JPEG's specks) with at least PATTERN_SHARE of the
# largest piece's ink (a printed box's broken remains beside a digit are far lighter), or
# a hole it encloses at least a stroke's width square (looked for with the ink grown by a
# pixel: a net of thin diagonal lines leaves its holes joined at their corners). A digit is
# one to three pieces with up to two loops (simulated photos of training digits of every
# kind, and the forms': at most 5 parts, of 700); a page of hatching is dozens of lines, of
# print hundreds of letters, cross-hatching a net with hundreds of holes, and a piece cut
# from any of them (the part of a page the digit is looked for in) still ten or more.
PATTERN_PARTS = 8
PATTERN_PIECE = 2.0
PATTERN_SHARE = 0.1
# One stroke of a pen (is_one_stroke), not a clump of specks: one piece holding at least
# STROKE_PIECE_SHARE of the ink and spanning at least STROKE_PIECE_SPAN of its box's larger
# side, with strokes under STROKE_WIDEST of that side wide. A lone digit written small and
# photographed whole is one piece (simulated train photos: 57 of 57; 5 of them with strokes
# 0.18 to 0.21 of its side, left unread); dust and eraser crumbs a digit's size are several
# pieces, or one fat clump of overlapping specks (0.185 to 0.31 of its side: at 0.2, one
# blank page in 300 more was read as a 6).
STROKE_PIECE_SHARE = 0.97
STROKE_PIECE_SPAN = 0.85
STROKE_WIDEST = 0.18
# An empty printed box or frame (is_frame), not a digit: one loop that fills at least
# FRAME_HOLE of the box inside its strokes (the ink's box less a stroke's width all round:
# a ring drawn round, a 0, leaves the corners out, a circle's inside 0.785 of it; a
# rectangle's outline fills it), and ink in all four corners of the ink's box, within
# FRAME_CORNER of its smaller side. A 0 written boxy is such a loop too, but the pen turns
# round its corners and it stands taller than wide: a frame's corners are sharp (ink within
# half a stroke's width, at least 2 pixels, of the box's very corner, the box turned with the
# ink by up to FRAME_TURN degrees) or it is at least FRAME_WIDE times as wide as tall (a
# form's field with rounded corners).
FRAME_HOLE = 0.9
FRAME_CORNER = 0.1
FRAME_WIDE = 1.2
FRAME_TURN = 4.0
# And empty: at most FRAME_CROSSED of the rows (and of the columns) away from its edges cross
# more ink than its two sides. A digit written in the box, apart from it or touching it, leaves
# the hole most of the inside, and such a box was "an empty box: no digit found".
FRAME_CROSSED = 0.05


# --- stroke width -------------------------------------------------------------


def stroke_width(ink: np.ndarray) -> float:
    """The mean width of the strokes in ``ink``, in pixels: twice the ink's area
    over its outline's length, both read from the grey levels (so anti-aliased
    edges count fairly, at any angle)."""
    values = np.pad(ink.astype(np.float64), 1)
    rows = np.diff(values, axis=0)
    cols = np.diff(values, axis=1)
    # Gradients at pixel centres, then their length: the outline, by the coarea formula.
    along_rows = (rows[:-1, 1:-1] + rows[1:, 1:-1]) / 2
    along_cols = (cols[1:-1, :-1] + cols[1:-1, 1:]) / 2
    outline = float(np.hypot(along_rows, along_cols).sum())
    return 2 * float(values.sum()) / outline if outline > 0 else 0.0


def is_one_stroke(ink: np.ndarray) -> bool:
    """Whether ``ink`` (a digit's, cropped to its box) is one piece drawn with a pen:
    nearly all its ink in one piece that spans it, its strokes thin for its size (see
    STROKE_PIECE_SHARE). Dust and crumbs a digit's size are several specks, or specks run
    together into a clump far wider than a pen's stroke."""
    side = max(ink.shape)
    if side < 4 or stroke_width(ink) >= STROKE_WIDEST * side:
        return False
    solid = ink > 0.5
    labels, count = label(solid)
    if count == 0:
        return False
    pieces = marks_of(labels, count, ink)
    largest = max(pieces, key=lambda piece: piece.mass)
    # Spanning the solid ink's own box: the soft edge round it is no piece's.
    rows, columns = np.flatnonzero(solid.any(axis=1)), np.flatnonzero(solid.any(axis=0))
    span = max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1
    return largest.mass >= STROKE_PIECE_SHARE * sum(piece.mass for piece in pieces) and largest.extent >= STROKE_PIECE_SPAN * span


# --- runs of ink ---------------------------------------------------------------


def run_lengths(mask: np.ndarray, axis: int) -> np.ndarray:
    """For every True pixel, the length of the run of True it lies in along ``axis``
    (an int32 array, 0 off the mask)."""
    values = np.asarray(mask, dtype=bool)
    if axis == 0:
        values = values.T
    height, width = values.shape
    # Each line of pixels with a False after it, so that no run goes on into the next
    # line: then the runs are where the flattened lines step up and down, and only
    # their pixels are written (two passes of cumulative sums over every pixel cost
    # several times more).
    padded = np.zeros((height, width + 1), dtype=bool)
    padded[:, :width] = values
    flat = padded.ravel()
    steps = np.flatnonzero(np.diff(flat.view(np.int8), prepend=np.int8(0)))
    lengths = (steps[1::2] - steps[0::2]).astype(np.int32)
    out = np.zeros(flat.size, dtype=np.int32)
    out[flat] = np.repeat(lengths, lengths)
    out = out.reshape(height, width + 1)[:, :width]
    return out if axis == 1 else out.T


# --- a bar through ---------------------------------------------------------------


def has_bar_through(pixels: np.ndarray) -> bool:
    """Whether a bar runs down through ``pixels`` (a model input, 0-1) and out at
    its top and bottom, near the middle: the stroke through a "$"'s S."""
    ink = pixels > BAR_LEVEL
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(columns) or columns[-1] - columns[0] + 1 < BAR_INK_WIDTH:
        return False
    top, bottom = int(rows[0]), int(rows[-1])
    band = max(1, int(round(BAR_BAND * (bottom - top + 1))))
    middle, width = (columns[0] + columns[-1]) / 2, columns[-1] - columns[0] + 1
    for end in (ink[top : top + band], ink[bottom - band + 1 : bottom + 1]):
        stub = np.flatnonzero(end.any(axis=0))
        if stub[-1] - stub[0] + 1 > BAR_WIDTH or abs((stub[0] + stub[-1]) / 2 - middle) > BAR_CENTRE * width:
            return False
    return True


# --- blots --------------------------------------------------------------------


def is_blot(ink: np.ndarray) -> bool:
    """Whether ``ink`` (a digit's, cropped to its box) is a filled blot rather than
    a digit: a disc or a fat ellipse of ink with no hole. A 0 is a ring, however bold
    (MNIST's boldest keep a hole a few pixels across); a blot has none, and the
    model, which has never seen one, reads it as a confident 0."""
    side = max(ink.shape)
    if side < 4 or stroke_width(ink) <= BLOT_WIDTH * side:
        return False
    solid = ink > 0.5
    hull = _hull_pixels(solid)
    if hull <= 0 or float(solid.sum()) < BLOT_SOLIDITY * hull:
        return False
    return not _has_hole(solid, BLOT_HOLE * solid.size)


def is_pattern(ink: np.ndarray) -> bool:
    """Whether ``ink`` (a digit's, cropped to its box) is a pattern rather than a digit:
    many separate pieces or many holes (see PATTERN_PARTS), as diagonal hatching,
    cross-hatching, a woven surface or a page of print make. Shrunk to the model's
    20 pixels they are a grey wash, which the model reads as a confident 8 or 0."""
    solid = ink > 0.5
    labels, count = label(solid)
    grown = dilate(solid)
    # The cheap bound first (a digit never comes near it): there are no more pieces than
    # marks, and no more holes than the grown ink's marks (no more than the ink's) less
    # its Euler number.
    if 2 * count - _euler_number(grown) < PATTERN_PARTS:
        return False
    width = stroke_width(ink)
    shortest = max(3.0, PATTERN_PIECE * width)
    masses = np.array([mark.mass for mark in marks_of(labels, count, ink) if mark.extent >= shortest])
    pieces = int((masses >= PATTERN_SHARE * masses.max()).sum()) if len(masses) else 0
    if pieces >= PATTERN_PARTS:
        return True
    return pieces + _loops(grown, width) >= PATTERN_PARTS


def more_loops_than(ink: np.ndarray, most: float) -> bool:
    """Whether ``ink``, one piece, encloses more than ``most`` loops: holes at least a stroke's
    width square (see PATTERN_PARTS; looked for with the ink grown by a pixel, so that squares
    touching at their corners, as a checkerboard's, enclose the ones between them)."""
    grown = dilate(ink > 0.5)
    # The cheap bound first: one piece encloses no more holes than 1 less its Euler number.
    if 1 - _euler_number(grown) <= most:
        return False
    return _loops(grown, stroke_width(ink)) > most


def _loops(grown: np.ndarray, width: float) -> int:
    return int((_hole_sizes(grown) >= max(4.0, width * width)).sum())


def is_frame(ink: np.ndarray) -> bool:
    """Whether ``ink`` (cropped to its box) is an empty printed box or frame, not a digit:
    one loop filling most of its box, with ink in the box's four corners, sharp ones unless it
    is wide (see FRAME_HOLE). Read as a digit, a wide one was a 2 or a 12."""
    solid = ink > 0.5
    rows, columns = np.flatnonzero(solid.any(axis=1)), np.flatnonzero(solid.any(axis=0))
    if len(rows) < 4 or len(columns) < 4:
        return False
    solid = solid[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    reach = max(1, round(FRAME_CORNER * min(solid.shape)))
    corners = (solid[:reach, :reach], solid[:reach, -reach:], solid[-reach:, :reach], solid[-reach:, -reach:])
    if not all(corner.any() for corner in corners):  # the cheap test first: most digits fail it
        return False
    width = stroke_width(ink)
    if solid.shape[1] < FRAME_WIDE * solid.shape[0] and not _sharp_cornered(solid, max(2, round(width / 2))):
        return False
    holes = _hole_sizes(solid)
    inside = max(0.0, solid.shape[0] - 2 * width) * max(0.0, solid.shape[1] - 2 * width)
    return bool(len(holes)) and inside > 0 and holes.max() >= FRAME_HOLE * inside and _empty_inside(solid, width)


def _empty_inside(solid: np.ndarray, width: float) -> bool:
    """Whether ``solid``'s rows and its columns away from its edges (two strokes' widths, and as
    far as the box may be turned: FRAME_TURN) cross only its two sides, all but FRAME_CROSSED
    of them: nothing is written inside the box."""
    slope = np.tan(np.radians(FRAME_TURN))
    for lines in (solid, solid.T):
        edge = int(np.ceil(2 * width + slope * lines.shape[1])) + 1
        middle = lines[edge : len(lines) - edge]
        if not len(middle):
            continue
        runs = (middle[:, 1:] & ~middle[:, :-1]).sum(axis=1) + middle[:, 0]
        if np.mean(runs > 2) > FRAME_CROSSED:
            return False
    return True


def _sharp_cornered(solid: np.ndarray, tip: int) -> bool:
    """Whether ``solid``'s ink reaches within ``tip`` pixels of all four corners of its box,
    the box turned as the ink is (up to FRAME_TURN degrees: a box photographed askew)."""
    ys, xs = np.nonzero(solid)
    best = None
    for angle in np.radians(np.arange(-FRAME_TURN, FRAME_TURN + 0.01, 0.5)):
        along, across = xs * np.cos(angle) + ys * np.sin(angle), ys * np.cos(angle) - xs * np.sin(angle)
        area = np.ptp(along) * np.ptp(across)
        if best is None or area < best[0]:
            best = (area, along, across)
    _, along, across = best
    return all(
        np.min(np.maximum(np.abs(along - corner_along), np.abs(across - corner_across))) < tip
        for corner_along in (along.min(), along.max())
        for corner_across in (across.min(), across.max())
    )


def _euler_number(mask: np.ndarray) -> int:
    """The marks of ``mask`` (8-connected) less the holes they enclose (4-connected, so
    at least as many as label's 8-connected holes), from its 2x2 blocks (Gray's bit quads)."""
    padded = np.pad(mask, 1).astype(np.int8)
    corners = (padded[:-1, :-1], padded[:-1, 1:], padded[1:, :-1], padded[1:, 1:])
    ones = corners[0] + corners[1] + corners[2] + corners[3]
    diagonal = (ones == 2) & (corners[0] == corners[3])
    return int((ones == 1).sum() - (ones == 3).sum() - 2 * diagonal.sum()) // 4


def _hull_pixels(mask: np.ndarray) -> float:
    """How many pixels the convex hull of ``mask``'s pixels holds (their centres
    inside it or on its edge): for a digitised disc, as many as the disc has.

    The hull of a row's pixels is that of its first and last, so two points a row
    are enough (Andrew's monotone chain); then Pick's theorem: a polygon with
    corners on pixel centres, of area A with B centres on its edges, holds
    A + B / 2 + 1 of them."""
    rows = np.flatnonzero(mask.any(axis=1))
    if not len(rows):
        return 0.0
    first = mask[rows].argmax(axis=1)
    last = mask.shape[1] - 1 - mask[rows, ::-1].argmax(axis=1)
    points = np.unique(np.concatenate([np.stack([first, rows], axis=1), np.stack([last, rows], axis=1)]), axis=0)
    if len(points) < 3:
        return float(mask.sum())  # a line of pixels is its own hull

    def half(ordered: np.ndarray) -> list[np.ndarray]:
        chain: list[np.ndarray] = []
        for point in ordered:
            while len(chain) >= 2:
                (ox, oy), (ax, ay) = chain[-2], chain[-1]
                if (ax - ox) * (point[1] - oy) - (ay - oy) * (point[0] - ox) > 0:
                    break
                chain.pop()
            chain.append(point)
        return chain[:-1]

    hull = np.array(half(points) + half(points[::-1]), dtype=np.int64)
    x, y = hull[:, 0], hull[:, 1]
    area = 0.5 * abs(int(np.dot(x, np.roll(y, 1))) - int(np.dot(y, np.roll(x, 1))))
    on_edges = int(np.gcd(np.abs(x - np.roll(x, 1)), np.abs(y - np.roll(y, 1))).sum())
    return area + on_edges / 2 + 1


def _has_hole(solid: np.ndarray, min_area: float) -> bool:
    """Whether ``solid`` encloses a region of background of at least ``min_area`` pixels."""
    return bool((_hole_sizes(solid) >= max(1.0, min_area)).any())


def _hole_sizes(solid: np.ndarray) -> np.ndarray:
    """How many pixels each region of background that ``solid`` encloses holds."""
    padded = np.pad(~solid, 1, constant_values=True)  # the outside, joined all round
    regions, count = label(padded)
    if count < 2:
        return np.zeros(0, dtype=np.int64)
    sizes = np.bincount(regions.ravel(), minlength=count + 1)
    sizes[0] = 0
    sizes[regions[0, 0]] = 0  # the outside
    return sizes[sizes > 0]
