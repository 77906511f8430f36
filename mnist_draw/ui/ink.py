"""How a stroke looks: a smooth, anti-aliased curve whose width follows the pen pressure.

Mouse and tablet samples arrive every few pixels; joining them with straight
lines shows corners at every sample. Instead each stretch between the midpoints
of two neighbouring segments is a quadratic Bézier with the sample as its
control point: the curve passes through every midpoint with a continuous
tangent, which reads as one smooth line.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from .strokes import Point, Stroke, visible_width

Piece = tuple[QPointF, QPointF | None, QPointF, float]  # start, control (None: straight), end, pressure


def stroke_pieces(points: Sequence[Point]) -> Iterator[Piece]:
    """The curve through ``points`` as pieces: a straight start, Béziers between midpoints, a straight end."""
    if len(points) < 2:
        return
    qpoints = [QPointF(x, y) for x, y, _ in points]
    if len(points) == 2:
        yield qpoints[0], None, qpoints[1], (points[0][2] + points[1][2]) / 2
        return
    middles = [(a + b) / 2 for a, b in zip(qpoints, qpoints[1:])]
    yield qpoints[0], None, middles[0], points[0][2]
    for i in range(1, len(points) - 1):
        yield middles[i - 1], qpoints[i], middles[i], points[i][2]
    yield middles[-1], None, qpoints[-1], points[-1][2]


def stroke_path(points: Sequence[Point]) -> QPainterPath:
    """The whole smooth curve through ``points`` as one path."""
    path = QPainterPath()
    for index, (start, control, end, _) in enumerate(stroke_pieces(points)):
        if index == 0:
            path.moveTo(start)
        if control is None:
            path.lineTo(end)
        else:
            path.quadTo(control, end)
    return path


class GrowingPath:
    """The path of a stroke still being drawn, kept between paints and extended by the
    points added since. The canvas repaints that stroke on every pen move, and
    building its path anew from every point costs more the longer it gets. Element
    for element it is the path :func:`stroke_path` builds, so it paints the same pixels."""

    def __init__(self) -> None:
        self._points: Sequence[Point] | None = None
        self._prefix = QPainterPath()  # the curve up to the middle of the last segment but one
        self._curves = 0  # Béziers in the prefix

    def path(self, points: Sequence[Point]) -> QPainterPath:
        """The whole curve through ``points``: a list that has only grown since the last call, or a new one."""
        if len(points) < 3:
            return stroke_path(points)
        if points is not self._points or len(points) < self._curves + 2:
            self._points, self._curves = points, 0
            first, second = QPointF(*points[0][:2]), QPointF(*points[1][:2])
            self._prefix = QPainterPath()
            self._prefix.moveTo(first)
            self._prefix.lineTo((first + second) / 2)
        while self._curves < len(points) - 2:
            index = self._curves + 1
            control, following = QPointF(*points[index][:2]), QPointF(*points[index + 1][:2])
            self._prefix.quadTo(control, (control + following) / 2)
            self._curves = index
        path = QPainterPath(self._prefix)
        path.lineTo(QPointF(*points[-1][:2]))
        return path


def paint_stroke(painter: QPainter, stroke: Stroke, colour: QColor, path: QPainterPath | None = None) -> None:
    """Draw ``stroke`` in the painter's current coordinates (paper units); ``path``:
    its :func:`stroke_path` if already made (a :class:`GrowingPath`'s)."""
    points = stroke.points
    if not points:
        return
    if len(points) == 1:
        # A single sample is a dot: a zero-length path would draw nothing.
        x, y, pressure = points[0]
        radius = visible_width(stroke.width, pressure) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(x - radius, y - radius, 2 * radius, 2 * radius))
        return
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pressures = {p for _, _, p in points}
    if len(pressures) == 1:
        # One width throughout (a mouse, a finger): one path strokes faster and
        # joins perfectly.
        painter.setPen(_pen(colour, visible_width(stroke.width, points[0][2])))
        painter.drawPath(stroke_path(points) if path is None else path)
        return
    # The width changes along the stroke: each piece gets its own pen. Round caps
    # on opaque ink make the joins between pieces invisible.
    for start, control, end, pressure in stroke_pieces(points):
        painter.setPen(_pen(colour, visible_width(stroke.width, pressure)))
        piece = QPainterPath(start)
        if control is None:
            piece.lineTo(end)
        else:
            piece.quadTo(control, end)
        painter.drawPath(piece)


def _pen(colour: QColor, width: float) -> QPen:
    return QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
