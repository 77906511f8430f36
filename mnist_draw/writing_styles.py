"""Ways people write digits that MNIST and pendigits rarely show, made for training.

MNIST was written by American clerks and students; pendigits by 44 people on one
tablet. Writers elsewhere slash their zeros, give their 1s a long rising flag and
cross their 7s, curl the tail of a 9 like a "g", loop their 2s and slant the whole
number. A network that never saw these reads them as other digits (a slashed 0 as
8, a flagged 1 as 7). This module makes such digits, two ways:

- stroke edits of real pen-drawn digits (a slash through a 0, a crossbar on a 7,
  a slant; the whole digit retraced or reshaped as another writer would), and digits drawn from scratch with random proportions (continental
  1s, g-shaped 9s, looped 2s, open and closed 4s), both rendered through the
  app's own stroke path;
- raster edits of MNIST training digits (a slash through a 0, a crossbar on a 7).

Pure numpy and Pillow; seeded, so a training run is reproducible. Only training
data goes in: pendigits-train and MNIST-train, never a test set.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
from PIL import Image, ImageDraw

from . import preprocess

Strokes = list[np.ndarray]  # each (n, 2), x right, y down


# --- small geometry helpers --------------------------------------------------------


def _bounds(strokes: Strokes) -> tuple[np.ndarray, np.ndarray]:
    points = np.concatenate(strokes)
    return points.min(axis=0), points.max(axis=0)


def _line(start: Sequence[float], end: Sequence[float], count: int = 8) -> np.ndarray:
    t = np.linspace(0.0, 1.0, count)[:, None]
    return np.asarray(start, float) * (1 - t) + np.asarray(end, float) * t


def _arc(centre: Sequence[float], radii: Sequence[float], start_deg: float, end_deg: float, count: int = 24) -> np.ndarray:
    angles = np.radians(np.linspace(start_deg, end_deg, count))
    return np.stack([centre[0] + radii[0] * np.cos(angles), centre[1] + radii[1] * np.sin(angles)], axis=1)


def _wobble(strokes: Strokes, rng: np.random.Generator, amount: float = 0.015) -> Strokes:
    """A hand is never a ruler: smooth random displacement of every point."""
    low, high = _bounds(strokes)
    size = float((high - low).max()) or 1.0
    out = []
    for stroke in strokes:
        noise = rng.normal(0.0, amount * size, size=stroke.shape)
        if len(stroke) > 2:  # smooth it so the wobble is a tremor, not jitter
            kernel = np.ones(3) / 3
            noise = np.stack([np.convolve(noise[:, i], kernel, mode="same") for i in range(2)], axis=1)
        out.append(stroke + noise)
    return out


def shear(strokes: Strokes, amount: float) -> Strokes:
    """Slant a drawing: positive leans the top to the right, as most slanted writing does."""
    low, high = _bounds(strokes)
    middle = (low[1] + high[1]) / 2
    return [np.stack([s[:, 0] - amount * (s[:, 1] - middle), s[:, 1]], axis=1) for s in strokes]


def _x_at_height(strokes: Strokes, y: float) -> float | None:
    """Where the drawing's ink crosses the height ``y`` (the stem of a 7, say); the
    crossing nearest the drawing's horizontal middle when there are several."""
    low, high = _bounds(strokes)
    middle = (low[0] + high[0]) / 2
    crossings = []
    for stroke in strokes:
        for (x0, y0), (x1, y1) in zip(stroke[:-1], stroke[1:]):
            if (y0 - y) * (y1 - y) <= 0 and y0 != y1:
                crossings.append(x0 + (y - y0) / (y1 - y0) * (x1 - x0))
    if not crossings:
        return None
    return min(crossings, key=lambda x: abs(x - middle))


# --- edits of real pen-drawn digits ---------------------------------------------------


def slash_zero(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """Ø: a stroke through the 0, usually from lower left to upper right, past its edges."""
    low, high = _bounds(strokes)
    width, height = high - low
    overshoot = rng.uniform(0.0, 0.25)
    start = (low[0] - overshoot * width + rng.uniform(-0.1, 0.2) * width, high[1] + overshoot * height)
    end = (high[0] + overshoot * width - rng.uniform(-0.1, 0.2) * width, low[1] - overshoot * height)
    if rng.random() < 0.2:  # some slash the other way
        start, end = (start[0], end[1]), (end[0], start[1])
    return strokes + [_line(start, end, 10)]


def dot_zero(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A zero with a dot (or a short tick) in its middle, as on some terminals and forms."""
    low, high = _bounds(strokes)
    centre = (low + high) / 2 + rng.normal(0, 0.04, 2) * (high - low)
    tick = rng.uniform(0.0, 0.12) * (high - low)[1]
    return strokes + [_line(centre - [0, tick / 2], centre + [0, tick / 2], 3)]


def cross_seven(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A continental 7: a short bar across the stem, a little below the middle."""
    low, high = _bounds(strokes)
    width, height = high - low
    y = low[1] + rng.uniform(0.45, 0.65) * height
    x = _x_at_height(strokes, y)
    if x is None:
        return strokes
    half = rng.uniform(0.2, 0.35) * max(width, 0.5 * height)
    tilt = rng.uniform(-0.08, 0.04) * height
    return strokes + [_line((x - half, y - tilt), (x + half, y + tilt), 6)]


# --- digits drawn from scratch ------------------------------------------------------------


def continental_one(rng: np.random.Generator) -> Strokes:
    """A 1 with a long rising flag (20-75% of its height, at many angles), often a foot."""
    height = 100.0
    slant = rng.uniform(-0.15, 0.25) * height
    top = np.array([50.0 + slant / 2, 0.0])
    bottom = np.array([50.0 - slant / 2, height])
    # Below the horizontal, to the left. A long flag near the horizontal is a 7's
    # bar (whose writers cross their 7s): keep those flags steeper or shorter.
    angle_deg = rng.uniform(28, 70)
    length = rng.uniform(0.2, 0.75 if angle_deg > 40 else 0.5) * height
    angle = math.radians(angle_deg)
    flag_start = top + length * np.array([-math.cos(angle), math.sin(angle)])
    flag = _line(flag_start, top, 8)
    if rng.random() < 0.3:  # a slight hook as the pen lands
        flag = np.concatenate([_line(flag_start + [3, 4], flag_start, 2), flag])
    stem = _line(top, bottom, 12)
    strokes = [np.concatenate([flag, stem[1:]])] if rng.random() < 0.8 else [flag, stem]
    if rng.random() < 0.5:
        half = rng.uniform(0.15, 0.35) * height
        strokes.append(_line(bottom - [half, 0], bottom + [half, 0], 6))
    return strokes


def g_shaped_nine(rng: np.random.Generator) -> Strokes:
    """A 9 whose tail curls left like a "g" (or a straight tail with a hook)."""
    r = rng.uniform(18, 26)
    squash = rng.uniform(0.8, 1.1)
    loop = _arc((50, 30), (r, r * squash), -10, 350, 28)[::-1]  # counter-clockwise from the right
    right = 50 + r
    depth = rng.uniform(55, 75)
    curl = rng.uniform(0.5, 1.2) * r
    tail = np.concatenate(
        [
            _line((right, 30), (right, 30 + depth * 0.7), 8),
            _arc((right - curl, 30 + depth * 0.7), (curl, depth * 0.3), 0, rng.uniform(120, 200), 12),
        ]
    )
    return [np.concatenate([loop, tail])] if rng.random() < 0.7 else [loop, tail]


def looped_two(rng: np.random.Generator) -> Strokes:
    """A 2 with a small loop where the diagonal meets the base."""
    r = rng.uniform(22, 30)
    top = _arc((50, 30), (r, r * rng.uniform(0.8, 1.1)), 190, 400, 16)
    corner = np.array([50 - r * rng.uniform(0.6, 1.0), 95.0])
    diagonal = _line(top[-1], corner, 8)
    loop_r = rng.uniform(5, 10)
    loop = _arc(corner + [loop_r, -loop_r * 0.2], (loop_r, loop_r * 0.8), 180, -150, 12)
    base = _line(loop[-1], (50 + r * rng.uniform(0.8, 1.2), 95 + rng.uniform(-4, 4)), 8)
    return [np.concatenate([top, diagonal, loop, base])]


def four(rng: np.random.Generator) -> Strokes:
    """A 4, open (two strokes, the top apart) or closed (a triangle), in either order."""
    top_left = np.array([rng.uniform(20, 45), rng.uniform(0, 15)])
    elbow = np.array([rng.uniform(5, 20), rng.uniform(55, 70)])
    bar_end = np.array([rng.uniform(80, 95), elbow[1] + rng.uniform(-5, 5)])
    stem_x = rng.uniform(55, 72)
    if rng.random() < 0.5:  # closed: the diagonal meets the stem's top
        stem_top = np.array([stem_x, rng.uniform(0, 8)])
        first = np.concatenate([_line(stem_top, elbow, 10), _line(elbow, bar_end, 8)[1:]])
    else:
        first = np.concatenate([_line(top_left, elbow, 10), _line(elbow, bar_end, 8)[1:]])
        stem_top = np.array([stem_x, rng.uniform(0, 20)])
    stem = _line(stem_top, (stem_x + rng.uniform(-6, 4), 100), 12)
    return [first, stem] if rng.random() < 0.7 else [stem, first]


def plain_seven(rng: np.random.Generator) -> Strokes:
    """A crossed 7 from scratch: flat or wavy top, straight or curved stem."""
    top_y = rng.uniform(0, 8)
    start = np.array([rng.uniform(5, 20), top_y + rng.uniform(0, 10)])
    corner = np.array([rng.uniform(80, 95), top_y])
    foot = np.array([rng.uniform(25, 55), 100.0])
    bend = (corner + foot) / 2 + [rng.uniform(-8, 4), 0]
    stem = np.concatenate([_line(corner, bend, 6), _line(bend, foot, 6)[1:]])
    return cross_seven([np.concatenate([_line(start, corner, 8), stem[1:]])], rng)


# --- the training set -------------------------------------------------------------------

# (how many to make, maker); makers of edits take the label they apply to.
_EDITS: dict[int, tuple[Callable[[Strokes, np.random.Generator], Strokes], float]] = {
    0: (slash_zero, 0.6),  # share of pendigits' zeros given a slash
    7: (cross_seven, 0.6),
}
_DRAWN: list[tuple[int, Callable[[np.random.Generator], Strokes], int]] = [
    (1, continental_one, 1500),
    (9, g_shaped_nine, 700),
    (2, looped_two, 400),
    (4, four, 600),
    (7, plain_seven, 500),
]


# How far :func:`pen_styles` leans a real digit, either way (a benchmark measures the same range).
STRONG_SLANT = (0.3, 0.6)


def pen_styles(drawings: Sequence, seed: int = 0, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Style variants as 28x28 uint8 images with their labels.

    ``drawings`` are labelled pen-drawn training digits (pendigits-train): their
    0s get slashes, their 7s crossbars, some a strong slant; the rest are drawn
    from scratch. ``scale`` shrinks the made-up part in proportion, for a short
    run (fine-tuning on a few thousand digits).
    """
    slanted, dotted_zeros = round(2000 * scale), round(150 * scale)
    rng = np.random.default_rng(seed)
    made: list[tuple[Strokes, int]] = []
    real = [( [np.asarray(s, float)[:, :2] for s in d.strokes if len(s)], d.label) for d in drawings]
    real = [(strokes, label) for strokes, label in real if strokes]
    for label, (edit, share) in _EDITS.items():
        for strokes, _ in (item for item in real if item[1] == label and rng.random() < share):
            made.append((edit(strokes, rng), label))
    zeros = [strokes for strokes, label in real if label == 0]
    for index in rng.choice(len(zeros), size=min(dotted_zeros, len(zeros)), replace=False) if zeros else []:
        made.append((dot_zero(zeros[index], rng), 0))
    for index in rng.choice(len(real), size=min(slanted, len(real)), replace=False):
        strokes, label = real[index]
        made.append((shear(strokes, rng.choice([-1, 1]) * rng.uniform(*STRONG_SLANT)), label))
    for label, maker, count in _DRAWN:
        for _ in range(round(count * scale)):
            strokes = _wobble(maker(rng), rng)
            if rng.random() < 0.5:
                strokes = shear(strokes, rng.uniform(-0.35, 0.35))
            made.append((strokes, label))
    return render(made)


def retraced(drawings: Sequence, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The same pen-drawn digits written once more by a slightly different hand.

    The raster augmentation of training moves whole digits; a second writing
    moves their parts: each stroke lands a little off (the bar of a 4, the
    crossbar of a 7, the two halves of a 0 closed in two strokes) and trembles
    differently, which is how one writer's digits differ from another's.
    """
    rng = np.random.default_rng(seed)
    made: list[tuple[Strokes, int]] = []
    for drawing in drawings:
        strokes = [np.asarray(s, float)[:, :2] for s in drawing.strokes if len(s)]
        if not strokes:
            continue
        made.append((retrace(strokes, rng), drawing.label))
    return render(made)


def retrace(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """One digit as :func:`retraced` writes it again: each stroke a little off, trembling
    (for a benchmark to write held-out digits as training does)."""
    low, high = _bounds(strokes)
    size = float((high - low).max()) or 1.0
    moved = [s + rng.normal(0.0, 0.03 * size, size=2) for s in strokes] if len(strokes) > 1 else strokes
    return _wobble(moved, rng, rng.uniform(0.008, 0.02))


RESHAPED_SEED_OFFSET = 7_000  # a random stream of its own, apart from retraced's
WARP_GRID = 3  # control points a side: coarse, so parts change size rather than tremble
WARP_AMOUNT = 0.07  # a control point's typical move, as a share of the drawing's size


def reshaped(drawings: Sequence, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The same pen-drawn digits in other proportions, as another writer shapes them.

    Writers differ less in where a digit sits than in its parts' sizes: the loop
    of a 9 small or large beside its tail, a 4's bar high or low, a 2's base
    wide or narrow. Affine distortions of the whole digit and the small moves of
    :func:`retraced` never change those; a smooth random warp of the drawing's
    box does (the elastic distortions known to help on handwriting, applied to
    the strokes, so the pen is as wide as the app draws it).
    """
    rng = np.random.default_rng(seed + RESHAPED_SEED_OFFSET)
    made: list[tuple[Strokes, int]] = []
    for drawing in drawings:
        strokes = [np.asarray(s, float)[:, :2] for s in drawing.strokes if len(s)]
        if strokes:
            made.append((reshape(strokes, rng), drawing.label))
    return render(made)


def reshape(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """One digit as :func:`reshaped` writes it: warped, trembling."""
    warped = _warp(strokes, rng)
    return _wobble(warped, rng, rng.uniform(0.008, 0.015))


def _warp(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """Move each point by a displacement interpolated (bilinearly) from random
    moves of a coarse grid of control points over the drawing's box."""
    low, high = _bounds(strokes)
    extent = np.maximum(high - low, 1e-6)
    size = float(extent.max())
    moves = rng.normal(0.0, WARP_AMOUNT * size, size=(WARP_GRID, WARP_GRID, 2))
    out = []
    for stroke in strokes:
        grid = (stroke - low) / extent * (WARP_GRID - 1)  # 0 .. WARP_GRID-1 on each axis
        cell = np.clip(np.floor(grid).astype(int), 0, WARP_GRID - 2)
        fx, fy = (grid - cell).T
        cx, cy = cell.T
        displacement = (
            moves[cy, cx] * ((1 - fx) * (1 - fy))[:, None]
            + moves[cy, cx + 1] * (fx * (1 - fy))[:, None]
            + moves[cy + 1, cx] * ((1 - fx) * fy)[:, None]
            + moves[cy + 1, cx + 1] * (fx * fy)[:, None]
        )
        out.append(stroke + displacement)
    return out


def render(items: Sequence[tuple[Strokes, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Labelled strokes through the app's stroke path, to uint8 28x28 images."""
    images, labels = [], []
    for strokes, label in items:
        prepared = preprocess.strokes_to_input(strokes)
        if prepared.pixels is not None:
            images.append(np.round(prepared.pixels * 255).astype(np.uint8))
            labels.append(label)
    side = preprocess.SIDE
    return (np.stack(images) if images else np.zeros((0, side, side), np.uint8)), np.array(labels, np.uint8)


# --- raster edits of MNIST digits ---------------------------------------------------------


def mnist_styles(images: np.ndarray, labels: np.ndarray, seed: int = 0, per_label: int = 1200) -> tuple[np.ndarray, np.ndarray]:
    """Slashed 0s and crossed 7s made from MNIST training digits (uint8 28x28)."""
    rng = np.random.default_rng(seed)
    out_images, out_labels = [], []
    for label, edit in ((0, _raster_slash), (7, _raster_crossbar)):
        chosen = rng.choice(np.flatnonzero(labels == label), size=per_label, replace=False)
        for index in chosen:
            edited = edit(images[index], rng)
            if edited is not None:
                out_images.append(edited)
                out_labels.append(label)
    return np.stack(out_images), np.array(out_labels, np.uint8)


def _draw_line_on(image: np.ndarray, start: tuple[float, float], end: tuple[float, float], width: float) -> np.ndarray:
    """Add an anti-aliased line (in 28x28 pixel coordinates) to a uint8 digit."""
    scale = 4
    layer = Image.new("L", (image.shape[1] * scale, image.shape[0] * scale), 0)
    ImageDraw.Draw(layer).line(
        [start[0] * scale, start[1] * scale, end[0] * scale, end[1] * scale], fill=255, width=max(1, round(width * scale))
    )
    small = np.asarray(layer.resize(image.shape[::-1], Image.Resampling.BOX), dtype=np.float32)
    return np.maximum(image.astype(np.float32), small).clip(0, 255).astype(np.uint8)


def _stroke_width(image: np.ndarray) -> float:
    """MNIST stroke width in pixels, from ink area over ink length (skeleton-free estimate)."""
    ink = image.astype(np.float32) / 255.0
    rows = (ink > 0.5).any(axis=1).sum()
    return float(np.clip(ink.sum() / max(rows * 1.6, 1.0), 1.5, 4.0))


def _raster_slash(image: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    rows = np.flatnonzero(image.max(axis=1) > 64)
    cols = np.flatnonzero(image.max(axis=0) > 64)
    if not len(rows) or not len(cols):
        return None
    top, bottom, left, right = rows[0], rows[-1], cols[0], cols[-1]
    over = rng.uniform(0.0, 2.0)
    start = (left - over + rng.uniform(0, 3), bottom + over)
    end = (right + over - rng.uniform(0, 3), top - over)
    return _draw_line_on(image, start, end, _stroke_width(image))


def _raster_crossbar(image: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    rows = np.flatnonzero(image.max(axis=1) > 64)
    if not len(rows):
        return None
    row = int(rows[0] + rng.uniform(0.45, 0.62) * (rows[-1] - rows[0]))
    ink_cols = np.flatnonzero(image[row] > 96)
    if not len(ink_cols):
        return None
    centre = float(ink_cols.mean())
    half = rng.uniform(3.0, 5.5)
    tilt = rng.uniform(-0.8, 0.5)
    return _draw_line_on(image, (centre - half, row - tilt), (centre + half, row + tilt), _stroke_width(image))
