"""Pen-drawn digits re-played as other devices would deliver them.

The only real pen data is pendigits: one tablet, points every 100 ms in tablet
units, y down. People draw on other things: a mouse or a pen sampled every few
milliseconds, a remote desktop that sends a point now and then, a finger on a
phone, tablets that record a hook as the pen lands and lifts, drivers that
repeat or reorder events, canvases a few dozen pixels wide or thousands, in
units from 0-1 floats to HIMETRIC, y up or down. Each named variant here plays
one of these over a drawing's strokes, seeded, so that how reading depends on the
device rather than the hand can be measured (``benchmarks/bench_devices.py``) and
tested. The hand stays the same: what changes is only what a device would make of
the same movement.

For measuring, and for tuning on *training* writers only; pure numpy: no
TensorFlow, no Qt.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

Strokes = list  # of (n, 2) or (n, 3) float arrays, in drawing order

# pendigits' tablet: one point every 100 ms, so one step between its points is that long.
STEP_MS = 100.0


def _plain(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    return [stroke.copy() for stroke in strokes]


def _dense(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A pen or mouse sampled every 2-8 ms: the same path, with the hand's small tremor."""
    every_ms = rng.uniform(2.0, 8.0)
    size = _size(strokes)
    return [_tremor(_in_time(stroke, every_ms), rng, rng.uniform(0.002, 0.006) * size, 25.0 / every_ms) for stroke in strokes]


def _sparse(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A point every 300-500 ms (a remote desktop, a slow link): every k-th point, the
    first and the last ones kept as the pen's down and up events."""
    return _every(strokes, rng, int(rng.integers(3, 6)))


def _sparser(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A point every 500-800 ms (a remote session over a poor link, a throttled web
    canvas), as ``_sparse``: a fast writer's 0 in 3-5 points. pendigits-test's writers
    read worse re-played sparse than the training side's (94.25% against 99.02%): the
    held-out training writers are slow (34-51 points a digit at the median, the
    fastest training writer 24), so the same device leaves them more points."""
    return _every(strokes, rng, int(rng.integers(5, 9)))


def _every(strokes: Strokes, rng: np.random.Generator, step: int) -> Strokes:
    """Every ``step``-th point of each stroke from a random first one, and its first and last."""
    out = []
    for stroke in strokes:
        keep = np.zeros(len(stroke), dtype=bool)
        keep[int(rng.integers(0, step)) :: step] = True
        keep[[0, -1]] = True
        out.append(stroke[keep])
    return out


def _finger(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A finger on a phone: 60-120 Hz, the path wobbling by a few percent of the digit,
    the contact's size as a third value, and the touch slop's first movement lost."""
    every_ms = rng.uniform(8.0, 17.0)
    pixels = rng.uniform(250.0, 700.0)  # the digit's larger side on the phone's screen
    size = _size(strokes)
    out = []
    for stroke in strokes:
        moved = _tremor(_in_time(stroke, every_ms), rng, rng.uniform(0.01, 0.025) * size, 120.0 / every_ms)
        # The system reports nothing until the finger has moved past its slop (~8 px).
        slop = 8.0 / pixels * size
        travelled = np.linalg.norm(moved - moved[0], axis=1)
        first = int(np.argmax(travelled > slop)) if len(moved) > 2 and (travelled > slop).any() else 0
        moved = moved[max(0, first - 1) :] if first > 1 else moved
        moved = moved * (pixels / size)
        thick = np.full((len(moved), 1), rng.uniform(30.0, 60.0))  # a finger's contact, pixels wide
        out.append(np.hstack([moved, thick]))
    return out


def _hooks(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A tablet's pen-down and pen-up hooks: as the pen lands it is still moving from
    where it came, and as it lifts it flicks towards the next stroke, so the first and
    last 1-3 points run off 2-8% of the digit at a sharp angle to the stroke."""
    size = _size(strokes)
    out = []
    for stroke in strokes:
        stroke = stroke.copy()
        if len(stroke) >= 2:
            if rng.random() < 0.8:
                stroke = _hook(stroke[::-1], rng, size)[::-1]
            if rng.random() < 0.8:
                stroke = _hook(stroke, rng, size)
        out.append(stroke)
    return out


def _hook(stroke: np.ndarray, rng: np.random.Generator, size: float) -> np.ndarray:
    """``stroke`` with a hook after its last point."""
    heading = stroke[-1] - stroke[max(0, len(stroke) - 3)]
    angle = np.arctan2(heading[1], heading[0]) + rng.choice([-1, 1]) * rng.uniform(np.radians(90), np.radians(170))
    length = rng.uniform(0.02, 0.08) * size
    count = int(rng.integers(1, 4))
    steps = np.linspace(1.0 / count, 1.0, count)[:, None] * length
    return np.vstack([stroke, stroke[-1] + steps * [np.cos(angle), np.sin(angle)]])


def _duplicates(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A driver that sends the same event again: a fifth of the points twice to four times."""
    return [np.repeat(stroke, np.where(rng.random(len(stroke)) < 0.2, rng.integers(2, 5, len(stroke)), 1), axis=0) for stroke in strokes]


def _out_of_order(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """Events delivered out of order in time (coalesced and predicted touch events,
    two input threads): a tenth of the points swapped with the next one."""
    out = []
    for stroke in strokes:
        stroke = stroke.copy()
        index = 1
        while index < len(stroke) - 2:
            if rng.random() < 0.1:
                stroke[[index, index + 1]] = stroke[[index + 1, index]]
                index += 1
            index += 1
        out.append(stroke)
    return out


def _tiny(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A digit a few dozen pixels tall, drawn with a mouse (every 8 ms) on a canvas of
    whole pixels: the path steps from pixel to pixel."""
    pixels = rng.uniform(20.0, 45.0)
    offset = rng.uniform(0, 400, 2)
    size = _size(strokes)
    low = np.concatenate(strokes)[:, :2].min(axis=0)
    return [np.round((_in_time(stroke, 8.0) - low) * (pixels / size) + offset) for stroke in strokes]


def _huge(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A digit thousands of units tall (a wall display, a plotter's units), sampled every 2 ms."""
    scale = rng.uniform(4000.0, 40000.0) / _size(strokes)
    return [_in_time(stroke, 2.0) * scale for stroke in strokes]


def _unit_floats(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A device in normalised coordinates: floats in 0-1 over the whole pad."""
    pad = rng.uniform(600.0, 3000.0)
    return [stroke / pad for stroke in strokes]


def _far_offset(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A very different unit (HIMETRIC's 0.01 mm, a desktop's pixels) and a far origin,
    negative as on a screen left of the main one: floats far from zero."""
    scale = float(np.exp(rng.uniform(np.log(0.05), np.log(60.0))))
    offset = -rng.uniform(1e3, 1e6, 2)
    return [stroke * scale + offset for stroke in strokes]


def _y_up_flipped(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A y-up device (PDF, OpenGL) whose caller flips y correctly, as y' = -y: every
    y negative, the drawing the right way up."""
    height = rng.uniform(500.0, 2000.0)
    return [np.column_stack([stroke[:, 0], -(height - stroke[:, 1])]) for stroke in strokes]


def _pen_lifts(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A stroke broken where the pen lost the surface for a moment: at one or two places
    along each longer stroke, 1-4% of the digit's size of the path missing."""
    size = _size(strokes)
    out = []
    for stroke in strokes:
        pieces = [stroke]
        if len(stroke) >= 6:
            for _ in range(int(rng.integers(1, 3))):
                longest = max(range(len(pieces)), key=lambda i: _length(pieces[i]))
                pieces[longest : longest + 1] = _cut(pieces[longest], rng, rng.uniform(0.01, 0.04) * size)
        out.extend(piece for piece in pieces if len(piece))
    return out


def _cut(stroke: np.ndarray, rng: np.random.Generator, gap: float) -> list[np.ndarray]:
    """``stroke`` in two pieces, ``gap`` of its path between them taken out."""
    along = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(stroke[:, :2], axis=0), axis=1))])
    if along[-1] <= 2 * gap:
        return [stroke]
    start = rng.uniform(0.15, 0.85) * (along[-1] - gap)
    first = np.vstack([stroke[along < start], _at(stroke, along, start)])
    second = np.vstack([_at(stroke, along, start + gap), stroke[along > start + gap]])
    return [first, second]


def _taps(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """One or two accidental taps near the digit (a palm, a finger resting, a click to
    focus): a point or two at 10-100% of the digit's size from its box, before, among
    or after the strokes."""
    everything = np.concatenate(strokes)[:, :2]
    low, high = everything.min(axis=0), everything.max(axis=0)
    size = _size(strokes)
    out = list(strokes)
    for _ in range(int(rng.integers(1, 3))):
        angle = rng.uniform(0, 2 * np.pi)
        reach = rng.uniform(0.1, 1.0) * size
        middle = (low + high) / 2
        # From the box's edge along the direction, then ``reach`` further out.
        direction = np.array([np.cos(angle), np.sin(angle)])
        to_edge = np.min(np.where(np.abs(direction) > 1e-9, (high - low) / 2 / np.maximum(np.abs(direction), 1e-9), np.inf))
        where = middle + direction * (to_edge + reach)
        tap = where + rng.normal(0, 0.003 * size, (int(rng.integers(1, 3)), 2))
        if strokes[0].shape[1] > 2:
            tap = np.hstack([tap, np.full((len(tap), strokes[0].shape[1] - 2), strokes[0][0, 2])])
        out.insert(int(rng.integers(0, len(out) + 1)), tap)
    return out


VARIANTS: dict[str, Callable[[Strokes, np.random.Generator], Strokes]] = {
    "plain": _plain,
    "dense": _dense,
    "sparse": _sparse,
    "finger": _finger,
    "hooks": _hooks,
    "duplicates": _duplicates,
    "out_of_order": _out_of_order,
    "tiny": _tiny,
    "huge": _huge,
    "unit_floats": _unit_floats,
    "far_offset": _far_offset,
    "y_up_flipped": _y_up_flipped,
    "pen_lifts": _pen_lifts,
    "taps": _taps,
    "sparser": _sparser,
}


def replay(strokes: Sequence, variant: str, seed: int, index: int = 0) -> Strokes:
    """``strokes`` (as pendigits holds them: lists of [x, y], 100 ms apart, y down) as
    ``variant``'s device would deliver them: lists of float arrays. The same seed and
    index give the same strokes, whatever else is asked for."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; the variants are {', '.join(VARIANTS)}")
    # Seeded by the variant's place in VARIANTS and the drawing's index: new variants go at the end.
    rng = np.random.default_rng([seed, list(VARIANTS).index(variant), index])
    arrays = [np.asarray(stroke, dtype=np.float64)[:, :2] for stroke in strokes if len(stroke)]
    return VARIANTS[variant](arrays, rng)


# --- helpers -------------------------------------------------------------------


def _size(strokes: Strokes) -> float:
    everything = np.concatenate(strokes)[:, :2]
    return float((everything.max(axis=0) - everything.min(axis=0)).max()) or 1.0


def _length(stroke: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(stroke[:, :2], axis=0), axis=1).sum())


def _at(stroke: np.ndarray, along: np.ndarray, distance: float) -> np.ndarray:
    """The point ``distance`` along the stroke's path, as a (1, d) array."""
    return np.array([[np.interp(distance, along, stroke[:, axis]) for axis in range(stroke.shape[1])]])


def _in_time(stroke: np.ndarray, every_ms: float) -> np.ndarray:
    """The stroke sampled every ``every_ms`` instead of every STEP_MS, along its path."""
    if len(stroke) < 2:
        return stroke.copy()
    times = np.arange(len(stroke)) * STEP_MS
    wanted = np.append(np.arange(0.0, times[-1], every_ms), times[-1])
    return np.column_stack([np.interp(wanted, times, stroke[:, axis]) for axis in range(stroke.shape[1])])


def _tremor(stroke: np.ndarray, rng: np.random.Generator, amplitude: float, smooth_points: float) -> np.ndarray:
    """The stroke displaced by smooth noise of about ``amplitude`` (standard deviation),
    varying over some ``smooth_points`` points: a hand's tremor or a finger's wobble."""
    if len(stroke) < 2:
        return stroke.copy()
    width = max(1.0, smooth_points / 2)
    reach = int(3 * width)
    kernel = np.exp(-0.5 * (np.arange(-reach, reach + 1) / width) ** 2)
    noise = rng.normal(0, 1, (len(stroke) + 2 * reach, 2))
    smooth = np.column_stack([np.convolve(noise[:, axis], kernel, mode="valid") for axis in range(2)])
    smooth *= amplitude / max(float(smooth.std()), 1e-12)
    return stroke[:, :2] + smooth[: len(stroke)]
