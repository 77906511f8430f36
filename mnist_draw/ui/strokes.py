"""The drawing as plain data: strokes of points, erasing parts of them, and undo history.

No Qt here, so the geometry can be tested directly. Points are in "paper" units
(see ``canvas.PAPER_SIDE``), y down, each with the pen pressure it was drawn at.
The model reads only the points' x and y; pressure and brush width shape what
the user sees, never what the model sees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

Point = tuple[float, float, float]  # x, y, pressure (1.0 for a mouse or a finger)

# A light touch still leaves a visible line: the width runs from this fraction
# of the brush (no pressure) up to the whole brush (full pressure).
THINNEST_FRACTION = 0.25


@dataclass(frozen=True)
class Stroke:
    points: tuple[Point, ...]
    width: float  # the brush width at full pressure, in paper units


def visible_width(brush_width: float, pressure: float) -> float:
    """How wide the ink is at a point drawn with ``pressure`` (0-1)."""
    pressure = min(max(pressure, 0.0), 1.0)
    return brush_width * (THINNEST_FRACTION + (1.0 - THINNEST_FRACTION) * pressure)


def make_stroke(points: Sequence[Sequence[float]], width: float) -> Stroke:
    """A stroke from (x, y) or (x, y, pressure) points; a missing pressure is full pressure."""
    converted = []
    for point in points:
        pressure = float(point[2]) if len(point) > 2 else 1.0
        converted.append((float(point[0]), float(point[1]), pressure))
    return Stroke(tuple(converted), float(width))


# --- erasing ---------------------------------------------------------------------


def erase(strokes: Sequence[Stroke], path: Sequence[tuple[float, float]], radius: float) -> tuple[Stroke, ...]:
    """The strokes with whatever lies under an eraser of ``radius`` moved along ``path`` removed.

    Erasing cuts strokes into pieces rather than deleting them whole: the points
    under the eraser go, and what remains on either side stays as separate
    strokes. Because what the user sees and what the model reads both come from
    the remaining points, the two always agree. Strokes the eraser misses are
    returned unchanged (the same objects).
    """
    segments = _segments(path)
    if not segments:
        return tuple(strokes)
    result: list[Stroke] = []
    for stroke in strokes:
        result.extend(_erase_stroke(stroke, segments, radius))
    return tuple(result)


def _erase_stroke(
    stroke: Stroke, segments: list[tuple[tuple[float, float], tuple[float, float]]], radius: float
) -> list[Stroke]:
    # The ink reaches half its width beyond the points, so touching its edge counts.
    reach = radius + stroke.width / 2
    if not _near_bounds(stroke.points, segments, reach):
        return [stroke]
    # Sample points can be far apart on a fast stroke; fill in the gaps so the
    # eraser can cut between them.
    dense = _densify(stroke.points, step=max(radius / 3, 0.5))
    keep = [_distance_to_path((x, y), segments) > radius + visible_width(stroke.width, p) / 2 for x, y, p in dense]
    if all(keep):
        return [stroke]
    pieces: list[Stroke] = []
    run: list[Point] = []
    for point, kept in zip(dense, keep):
        if kept:
            run.append(point)
            continue
        if len(run) > 1:  # a lone leftover point would be a speck: drop it
            pieces.append(Stroke(tuple(run), stroke.width))
        run = []
    if len(run) > 1:
        pieces.append(Stroke(tuple(run), stroke.width))
    return pieces


def _segments(path: Sequence[tuple[float, float]]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    points = [(float(x), float(y)) for x, y in path]
    if len(points) == 1:
        return [(points[0], points[0])]
    return list(zip(points, points[1:]))


def _near_bounds(points: Sequence[Point], segments, reach: float) -> bool:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    ex = [x for a, b in segments for x in (a[0], b[0])]
    ey = [y for a, b in segments for y in (a[1], b[1])]
    return not (
        max(ex) < min(xs) - reach or min(ex) > max(xs) + reach or max(ey) < min(ys) - reach or min(ey) > max(ys) + reach
    )


def _densify(points: Sequence[Point], step: float) -> list[Point]:
    dense = [points[0]]
    for (x0, y0, p0), (x1, y1, p1) in zip(points, points[1:]):
        pieces = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step))
        for i in range(1, pieces + 1):
            t = i / pieces
            dense.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, p0 + (p1 - p0) * t))
    return dense


def _distance_to_path(point: tuple[float, float], segments) -> float:
    return min(distance_to_segment(point, a, b) for a, b in segments)


def distance_to_segment(point: tuple[float, float], start: tuple[float, float], end: tuple[float, float]) -> float:
    px, py = point
    ax, ay = start
    dx, dy = end[0] - ax, end[1] - ay
    length_squared = dx * dx + dy * dy
    t = 0.0 if length_squared == 0 else min(1.0, max(0.0, ((px - ax) * dx + (py - ay) * dy) / length_squared))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


# --- undo history ----------------------------------------------------------------

State = TypeVar("State")


class History(Generic[State]):
    """A line of immutable states with a cursor: push, undo, redo.

    States are shared, never copied, so keeping a long history costs little.
    Pushing after an undo drops the states that were undone, as editors do.
    """

    def __init__(self, initial: State, limit: int = 500) -> None:
        self._states: list[State] = [initial]
        self._index = 0
        self._limit = limit

    @property
    def current(self) -> State:
        return self._states[self._index]

    def push(self, state: State) -> None:
        del self._states[self._index + 1 :]
        self._states.append(state)
        if len(self._states) > self._limit:
            del self._states[0]
        self._index = len(self._states) - 1

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._states) - 1

    def undo(self) -> bool:
        if not self.can_undo():
            return False
        self._index -= 1
        return True

    def redo(self) -> bool:
        if not self.can_redo():
            return False
        self._index += 1
        return True
