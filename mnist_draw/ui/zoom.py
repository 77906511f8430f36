"""The canvas's view of a picture: how far it is zoomed in, where, and how far it may be.

The canvas shows its paper (``side`` units square, the drawing's own units) in a
square on screen, the viewport. Zoomed in, the paper is larger than the viewport
and only part of it shows: ``PaperView`` keeps the zoom (1: the whole paper, and
so the whole picture, fills the viewport) and the paper point shown at the
viewport's centre, and maps between the two. It is the view only: the drawing,
its strokes and the picture's pixels, and so what is read, never change with it.

Zoomed, the view stays on the picture: a side of the viewport goes past the
picture's edge only while the picture is narrower than the viewport that way.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF

MAX_SCREEN_PIXELS = 16.0  # the closest zoom: a picture's pixel 16 screen pixels wide, its grain plain to see
STEP = 1.25  # one notch of the wheel (120 eighths of a degree): a wheel and a pinch zoom smoothly, from anywhere
NOTCH = 120  # a wheel's angle delta for one notch
# Zoom in and Zoom out (keys, menu) go from one of these to the next, as image viewers do: 100%, 125%,
# 150%, then 200, 300, 400, 600, 800, 1200%... (twice and three times a power of two). A step of 1.25
# from 100% gave 1077% after eleven.
LADDER_START = (1.0, 1.25, 1.5)
SAME = 1.002  # zooms closer than this ratio are one (the rounding of a zoom kept within its limits)


def ladder_above(zoom: float) -> float:
    """The first zoom of the ladder closer than ``zoom``."""
    for rung in LADDER_START:
        if rung > zoom * SAME:
            return rung
    power = 2.0 ** math.floor(math.log2(zoom))  # zoom is 1.5 or more here: power is 1 or more
    for rung in (power * 1.5, power * 2.0, power * 3.0):
        if rung > zoom * SAME:
            return rung
    return power * 4.0  # not reached: power * 2 is above zoom


def ladder_below(zoom: float) -> float:
    """The last zoom of the ladder farther than ``zoom`` (1 at least)."""
    if zoom <= 2.0 * SAME:
        return max((rung for rung in LADDER_START if rung * SAME < zoom), default=1.0)
    power = 2.0 ** math.floor(math.log2(zoom))
    for rung in (power * 1.5, power, power * 0.75):
        if rung * SAME < zoom:
            return rung
    return power * 0.75  # not reached: power is at most zoom, and zoom at most power * 2


def percent_shown(zoom: float) -> int:
    """A zoom as the percentage to say, rounded as a person would say it (the wheel's zoom, or one
    fitted to a number: 137 to 135, 433 to 430, 1077 to 1100); a rung of the ladder is said exactly
    (each is a whole number of these grains)."""
    percent = zoom * 100
    grain = 5 if percent < 200 else 10 if percent < 1000 else 50
    return int(math.floor(percent / grain + 0.5) * grain)  # half up: 1250% is not 1200%


class PaperView:
    """The zoom and the centre of the view of a paper ``side`` units square."""

    def __init__(self, side: float) -> None:
        self._side = side
        self._zoom = 1.0
        self._centre = QPointF(side / 2, side / 2)

    @property
    def zoom(self) -> float:
        """How many times larger than the whole paper fitted the paper is shown (1 or more)."""
        return self._zoom

    def is_zoomed(self) -> bool:
        return self._zoom > 1.0 + 1e-9

    def reset(self) -> bool:
        """Back to the whole paper; whether that changed the view."""
        changed = self.is_zoomed() or self._centre != QPointF(self._side / 2, self._side / 2)
        self._zoom = 1.0
        self._centre = QPointF(self._side / 2, self._side / 2)
        return changed

    def paper_on_screen(self, viewport: QRectF) -> QRectF:
        """Where the whole paper lies, at this zoom, when the view fills ``viewport``
        (past the viewport's edges when zoomed in)."""
        size = viewport.width() * self._zoom
        scale = size / self._side
        centre = viewport.center()
        return QRectF(centre.x() - self._centre.x() * scale, centre.y() - self._centre.y() * scale, size, size)

    def to_paper(self, viewport: QRectF, point: QPointF) -> QPointF:
        """The paper point (paper units) shown at ``point`` of the screen."""
        paper = self.paper_on_screen(viewport)
        scale = self._side / paper.width()
        return QPointF((point.x() - paper.left()) * scale, (point.y() - paper.top()) * scale)

    def visible(self, viewport: QRectF) -> QRectF:
        """The part of the paper shown, in paper units."""
        return QRectF(self.to_paper(viewport, viewport.topLeft()), self.to_paper(viewport, viewport.bottomRight()))

    def zoom_about(self, viewport: QRectF, anchor: QPointF, zoom: float, bounds: QRectF, most: float) -> bool:
        """Zoom to ``zoom`` (kept between 1 and ``most``) keeping the paper point at
        ``anchor`` (screen) where it is, as far as ``bounds`` (paper units: the picture)
        allows; whether the view changed."""
        held = self.to_paper(viewport, anchor)
        zoom = min(max(zoom, 1.0), max(most, 1.0))
        scale = viewport.width() * zoom / self._side
        offset = anchor - viewport.center()
        return self._move(zoom, QPointF(held.x() - offset.x() / scale, held.y() - offset.y() / scale), bounds)

    def pan(self, viewport: QRectF, dx: float, dy: float, bounds: QRectF) -> bool:
        """Move what is shown by ``dx``, ``dy`` screen pixels (the paper follows the hand:
        a drag to the right shows more of the left); whether the view changed."""
        scale = viewport.width() * self._zoom / self._side
        return self._move(self._zoom, QPointF(self._centre.x() - dx / scale, self._centre.y() - dy / scale), bounds)

    def show(self, region: QRectF, bounds: QRectF, most: float) -> bool:
        """Zoom so that ``region`` (paper units) fills the view, centred, as closely as
        ``most`` allows; whether the view changed."""
        longest = max(region.width(), region.height(), 1e-6)
        zoom = min(max(self._side / longest, 1.0), max(most, 1.0))
        return self._move(zoom, region.center(), bounds)

    def keep_within(self, bounds: QRectF, most: float) -> bool:
        """Bring the view back within ``most`` and ``bounds`` (after the viewport changed size)."""
        return self._move(min(self._zoom, max(most, 1.0)), self._centre, bounds)

    def _move(self, zoom: float, centre: QPointF, bounds: QRectF) -> bool:
        half = self._side / zoom / 2
        x = _within(centre.x(), half, bounds.left(), bounds.right())
        y = _within(centre.y(), half, bounds.top(), bounds.bottom())
        if zoom <= 1.0 + 1e-9:  # the whole paper: always centred, as it was before any zoom
            zoom, x, y = 1.0, self._side / 2, self._side / 2
        changed = abs(zoom - self._zoom) > 1e-9 or abs(x - self._centre.x()) > 1e-9 or abs(y - self._centre.y()) > 1e-9
        self._zoom, self._centre = zoom, QPointF(x, y)
        return changed


def _within(centre: float, half: float, low: float, high: float) -> float:
    """A view's centre on one axis, ``half`` wide each side, kept on [``low``, ``high``]:
    centred on it when the view is wider than it."""
    if 2 * half >= high - low:
        return (low + high) / 2
    return min(max(centre, low + half), high - half)
