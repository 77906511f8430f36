"""The square paper the user draws on, with mouse, pen tablet or finger, or shows a picture on.

The canvas owns the drawing and its undo history and announces every change by
signal; it knows nothing of the model. Strokes are stored in paper units
(``PAPER_SIDE`` to a side, y down) whatever the widget's size, so the drawing
scales with the window and tests can draw without a mouse through
``add_stroke(points)``.

A picture is shown faded, with the ink found on it (see ``ink_layer``) over it
in the pen's colour: the eraser takes marks out of that ink, and the model reads
what is left. Strokes drawn over a picture are added to it, one undo step each,
and read with its ink as one drawing: the pen there takes the width of the
picture's own strokes (``PaperInk.pen_width``), so what is added looks like the
same pen, one width however hard a tablet's pen presses (the reading draws it
that wide, and the screen shows what is read), and it draws on the picture only: a stroke starts on it, and what goes
beyond its edges is neither shown nor read.
The eraser takes ink from both in one sweep.

A picture can be looked at closer (``zoom``: the view, kept by ``PaperView``):
Ctrl+wheel or a pinch (touchpad or touch screen) zooms about the pointer, and zoomed in the wheel,
two fingers on a touchpad, the middle button or Space held with the left button or a pen
pan. Everything drawn, erased and read stays in paper units and the picture's
pixels, so zooming only changes what the screen shows, never what is read; the
eraser keeps its size on screen, so zoomed in it takes out finer marks. Zoomed in, the
arrow keys pan too, as in an image viewer (in number mode Left and Right select a digit:
``number_control`` takes them first).
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QFocusEvent,
    QFont,
    QImage,
    QInputDevice,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPointingDevice,
    QTabletEvent,
    QTouchEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import ink
from .ink_layer import Erasure, PicturePoint, close_ink_left, erases_ink, ink_left, shaped_by_sharper
from .strokes import History, Point, Stroke, make_stroke, visible_width
from .strokes import erase as erase_strokes
from .zoom import MAX_SCREEN_PIXELS, NOTCH, STEP, PaperView

if TYPE_CHECKING:
    import numpy as np

    from ..close_up import CloseUp
    from ..paper import PaperInk
    from ..preprocess import ModelInput

PAPER_SIDE = 280.0  # the drawing's own units: ten per pixel of the model's 28x28 input
DEFAULT_BRUSH = 18.0
MIN_BRUSH = 4.0
MAX_BRUSH = 48.0
ERASER_SCALE = 1.0  # eraser radius as a multiple of the brush size: twice as wide as the ink
MARGIN = 8  # pixels between the widget's edge and the paper
MIN_STEP = 0.05  # paper units; closer samples add nothing but bulk
INVITATION = QT_TRANSLATE_NOOP("DrawingCanvas", "Draw a digit here\nor drop a picture of one")
INVITATION_SCALE = 1.4
PICTURE_OPACITY = 0.3  # a picture under the ink found on it: there to recognise, not to read
# A picture no ink was found on is shown as it is, unless on the whole it is about as light or dark as
# the pen's ink (lightness 0-1 this close): then faded like one with ink, so the strokes drawn over it show.
# A black picture of 1x1 pixels filled the paper black, and the black strokes the panel asked for were
# unseen on it (a white picture alike in a dark theme, its ink light).
INK_LIKE_PICTURE = 0.4
THINNEST_PICTURE_PEN = 2.0  # paper units seen whole (zoomed in, that much less): a hairline scan's pen, scaled up, is still a line one can see
WHEEL_PAN = 60.0  # screen pixels a zoomed view moves for one notch of a mouse's wheel
# Memory the newest pictures' screen-sized copies (``keep_sharper``) may take together: three photos
# on a 1920-pixel screen (11 MB each), one on a 4K screen at twice the pixels (44 MB). The newest is
# always kept; undo back to an older one shows its working copy, as before such copies were kept.
SHARPER_BYTES_KEPT = 48_000_000
# Where a picture lies on the paper: the paper beside it tinted this share of the way to the frame's
# colour (strokes there are neither shown nor read), and a frame round it at least PICTURE_LEAST
# pixels each way: a picture 3000 x 3 pixels, white, was a line under a pixel thick, white on white.
BESIDE_PICTURE_TINT = 0.35
# ...and at least this far from the paper in lightness (0-1), moved toward the ink if the frame's colour
# is too near the paper's to give it: in a dark theme the frame's colour is near the paper's, and the
# tint, 0.08 from it, was too faint to see (Fusion's light theme: 0.10).
BESIDE_PICTURE_LEAST = 0.12
PICTURE_LEAST = 6.0
# A picture's own pixels are drawn at least this many pixels across: a black 3000 x 3 strip, 0.4 of a
# pixel at 640, was smoothed to one grey row that read as a third line of its frame, not as the strip.
PICTURE_SEEN_LEAST = 2.0
FOCUS_RING = 2  # pixels: the ring round the paper while the keyboard is on the canvas, in the frame's margin
FOCUS_RING_GAP = 2  # pixels between the paper's frame and the ring
# Screen pixels a working copy's pixel must take before the ink found on it, beside a close-up, is
# shaped by the sharper copy shown under it (``ink_layer.shaped_by_sharper``): closer, the working
# copy's ink was a blur round a mark the picture under it showed sharp, beside a close-up's sharp ink.
SHAPE_INK_FROM = 3.0
MODIFIER_KEYS = frozenset(
    (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R)
)
ARROW_PAN_SHARE = 0.125  # of the viewport's side, a zoomed view moves for one press of an arrow key (held, it repeats)
# An arrow key's pan, (dx, dy) as a drag's: the paper moves against the arrow, to show more that way.
ARROW_PANS = {Qt.Key.Key_Left: (1, 0), Qt.Key.Key_Right: (-1, 0), Qt.Key.Key_Up: (0, 1), Qt.Key.Key_Down: (0, -1)}


@dataclass(frozen=True, eq=False)
class PlacedImage:
    """A picture shown on the canvas instead of strokes, with what the model reads in it.

    The reading is made once, off the UI thread, when the picture is opened, so
    undoing back to a picture never has to decode it again. ``found`` is the ink
    found on the picture's paper (None when there was none), at the picture's
    size: the layer the eraser edits. ``close_up``: a small digit's region of a large
    picture, read closer when it was opened (its ink, not the picture), so that the
    edited picture is read closely too; ``number_close_up``: the same for a number written
    small, read in number mode.
    """

    picture: QImage
    name: str
    model_input: ModelInput
    found: PaperInk | None = None
    close_up: CloseUp | None = None
    number_close_up: CloseUp | None = None
    # Each of the picture's own pixels is this many of ``picture``'s across: a picture of a few
    # pixels is enlarged to be drawn over (image_input), and zoomed no closer than its own allow.
    block: int = 1

    @property
    def ink(self) -> np.ndarray | None:
        return None if self.found is None else self.found.ink


@dataclass(frozen=True, eq=False)
class Drawing:
    """What the canvas shows: strokes, or a picture with the eraser's sweeps over its
    ink and the strokes drawn over it (in paper units, as any stroke). Immutable,
    so history can share it."""

    strokes: tuple[Stroke, ...] = ()
    image: PlacedImage | None = None
    erasures: tuple[Erasure, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.strokes and self.image is None


EMPTY = Drawing()


class _Gesture(Enum):
    NONE = 0
    DRAWING = 1
    ERASING = 2


class DrawingCanvas(QWidget):
    """Draw on it; it says what changed. Right-drag or the pen's eraser end erases."""

    strokes_changed = Signal(bool)  # the visible drawing changed; True while a pen is still moving
    history_changed = Signal()  # what undo and redo can do may have changed
    brush_size_changed = Signal(float)
    view_changed = Signal()  # zoomed, panned, or a picture shown or gone (what zooming can do changed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: History[Drawing] = History(EMPTY)
        self._gesture = _Gesture.NONE
        self._gesture_button = Qt.MouseButton.NoButton
        self._live: list[Point] = []  # the stroke being drawn
        self._live_path = ink.GrowingPath()
        self._live_width = DEFAULT_BRUSH  # the pen's width for the stroke being drawn
        self._erased: Drawing | None = None  # the drawing as the eraser has left it so far
        self._eraser_at: tuple[float, float] | None = None
        self._sweep: Erasure | None = None  # the eraser's path over a picture's ink, this gesture
        self._ink_before: np.ndarray | None = None  # the picture's ink as the gesture found it
        self._sweep_erased = False  # whether the sweep has taken any ink away yet
        self._sweep_radius: float | None = None  # the eraser's size as the gesture began, in paper units
        self._layer_cache: tuple[tuple, tuple[QImage, np.ndarray]] | None = None  # the ink layer, coloured, and its ink
        self._tone_cache: tuple[PlacedImage, QColor] | None = None  # a picture and its mean colour (_hides_ink)
        self._invitation: str | None = None  # the words on the empty paper, when not INVITATION's (set_invitation)
        self._shaped_cache: tuple[tuple, tuple[QImage, tuple[int, int, int, int]] | None] | None = None  # _shaped_layer's
        self._close_cache: tuple[tuple, tuple[QImage, tuple[float, float, float, float]]] | None = None  # the close-up's
        # The close-up's ink left before the newest sweep, for the picture and sweeps it is of (see _close_ink_left).
        self._close_before: tuple[PlacedImage, tuple[Erasure, ...], np.ndarray] | None = None
        # The ink left on a picture, for the picture and sweeps last asked about: working it
        # out afresh costs a little more with every sweep, too much to do on every pen move.
        self._left_cache: tuple[PlacedImage, tuple[Erasure, ...], np.ndarray] | None = None
        # The strokes over a picture in its pixels, for the picture and strokes last asked about,
        # and the stroke being drawn so far: asked for at every pen move, converted once.
        self._over_cache: tuple[PlacedImage, tuple[Stroke, ...], tuple] | None = None
        self._live_pixels: tuple[list[Point], list[PicturePoint]] | None = None
        self._brush = DEFAULT_BRUSH
        self._eraser_mode = False
        self._hover: QPointF | None = None
        self._cache: QPixmap | None = None  # the settled drawing, at device resolution
        self._cache_key: tuple | None = None
        self._view = PaperView(PAPER_SIDE)
        self._view_image: PlacedImage | None = None  # the picture the view is of: another one starts whole
        # The newest pictures' screen-sized copies, newest last (weakly: a picture gone from the history goes).
        self._sharper: list[tuple[weakref.ref[PlacedImage], QImage]] = []
        self._pan_from: QPointF | None = None  # where a pan by dragging last was
        self._pan_button = Qt.MouseButton.NoButton
        self._space_held = False
        self._pinching = False  # two fingers on a touch screen, until every finger is lifted
        self._pinch_at: tuple[QPointF, float] | None = None  # their middle and spread at the last move
        # Whether the focus ring shows (with focus): once the keyboard brought it here or was used on it,
        # until a pointer draws (as a browser's focus-visible: a ring that follows the mouse is noise).
        self._focus_seen = False
        self.setMouseTracking(True)  # to show the brush outline while hovering
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking)  # and while a pen hovers
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)  # right-drag erases
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 200)
        self.setAccessibleName(self.tr("Drawing canvas"))
        self.setAccessibleDescription(
            self.tr("Draw a digit here with the mouse, a pen or a finger; drag with the right button to erase.")
        )

    def sizeHint(self) -> QSize:
        return QSize(560, 560)

    # --- drawing API -------------------------------------------------------------

    def add_stroke(self, points: Sequence[Sequence[float]], width: float | None = None) -> None:
        """Add a finished stroke of (x, y) or (x, y, pressure) points in paper units,
        over the picture if one is shown; ``width`` defaults to the pen's (see ``pen_width``)."""
        if not points:
            raise ValueError("A stroke needs at least one point.")
        self._cancel_gesture()
        current = self._history.current
        stroke = make_stroke(points, self._pen_width(current) if width is None else width)
        stroke = replace(stroke, points=tuple((x, y, self._pressure(current, p)) for x, y, p in stroke.points))
        self._commit(replace(current, strokes=current.strokes + (stroke,)))

    def erase(self, path: Sequence[tuple[float, float]], radius: float | None = None) -> None:
        """Erase along ``path`` (paper units), as an eraser gesture would; one undo step."""
        self._cancel_gesture()
        current = self._history.current
        radius = self._eraser_radius() if radius is None else radius
        erased = replace(current, strokes=erase_strokes(current.strokes, path, radius))
        sweep = self._picture_sweep(current, path, radius)
        before = self._ink_left(current)
        if sweep is not None and before is not None and erases_ink(before, sweep):
            erased = replace(erased, erasures=current.erasures + (sweep,))
            self._remember_ink_left(erased, ink_left(before, (sweep,)))
        if erased.strokes != current.strokes or erased.erasures != current.erasures:
            self._commit(erased)

    def strokes(self) -> list[list[Point]]:
        """The visible strokes' points, the one being drawn included, in paper units."""
        shown = [list(stroke.points) for stroke in self._shown_drawing().strokes]
        if self._live:
            shown.append(list(self._live))
        return shown

    def drawing(self) -> Drawing:
        """What the canvas shows, apart from a stroke still being drawn."""
        return self._shown_drawing()

    def has_ink(self) -> bool:
        """Whether anything shown is read: strokes, or ink found on the picture and not
        erased. A picture on which no ink was found, alone, has none."""
        drawing = self._shown_drawing()
        if drawing.strokes or self._live:
            return True
        left = self._ink_left(drawing)
        return left is not None and bool(left.any())

    def pen_width(self) -> float:
        """How wide a stroke drawn now is, in paper units: the brush's width, or over a
        picture the width of the picture's own strokes."""
        return self._pen_width(self._shown_drawing())

    def picture_strokes(self) -> tuple[tuple[tuple[PicturePoint, ...], float], ...]:
        """The strokes drawn over the picture shown, the one being drawn included, in the
        picture's pixels (as its ink is), each with its width there: what the model reads
        with the picture's ink (``preprocess.ink_with_strokes``). Empty without a picture."""
        drawing = self._shown_drawing()
        image = drawing.image
        if image is None:
            return ()
        placed = _placement(image)
        scale = image.picture.width() / placed.width()
        left, top = placed.left(), placed.top()

        def in_pixels(points: Sequence[Point]) -> list[PicturePoint]:
            return [((x - left) * scale, (y - top) * scale) for x, y, _ in points]

        # The recogniser asks at every pen move: strokes already drawn are converted once
        # (a stroke kept through an edit keeps its converted self, so the reading can tell
        # it is the same), and of the stroke being drawn only the points added since the last ask.
        cached = self._over_cache
        if cached is None or cached[0] is not image or cached[1] is not drawing.strokes:
            before = {} if cached is None or cached[0] is not image else dict(zip(map(id, cached[1]), cached[2]))
            settled = tuple(
                before.get(id(stroke)) or (tuple(in_pixels(stroke.points)), stroke.width * scale)
                for stroke in drawing.strokes
            )
            cached = self._over_cache = (image, drawing.strokes, settled)
        if not self._live:
            return cached[2]
        if self._live_pixels is None or self._live_pixels[0] is not self._live:
            self._live_pixels = (self._live, [])
        live, done = self._live_pixels
        done.extend(in_pixels(live[len(done) :]))
        return cached[2] + ((tuple(done), self._live_width * scale),)

    def show_image(self, image: PlacedImage) -> None:
        """Show a picture in place of the drawing, strokes drawn over an earlier picture
        included (undo brings it all back)."""
        self._cancel_gesture()
        self._commit(Drawing(image=image))

    def keep_sharper(self, image: PlacedImage, sharper: QImage) -> None:
        """Paint ``sharper`` in place of ``image``'s working copy: the picture as it is, larger
        (up to the screen's size), so that zoomed in, or on a canvas larger than the working copy,
        the photo round what is read shows sharp, not a blur. Kept for the newest few pictures
        (SHARPER_BYTES_KEPT)."""
        if sharper.isNull():
            return
        kept = [(ref, copy) for ref, copy in self._sharper if ref() is not None and ref() is not image]
        kept.append((weakref.ref(image), sharper))
        while len(kept) > 1 and sum(copy.sizeInBytes() for _, copy in kept) > SHARPER_BYTES_KEPT:
            del kept[0]
        self._sharper = kept
        if self._shown_drawing().image is image:
            self._cache = None  # painted from the working copy: its key does not say so
            self.update()

    def shown_picture(self, image: PlacedImage) -> QImage:
        """The picture painted for ``image``: its screen-sized copy while one is kept, else its working copy."""
        return next((copy for ref, copy in self._sharper if ref() is image), image.picture)

    def clear(self) -> None:
        self._cancel_gesture()
        if not self._history.current.is_empty:
            self._commit(EMPTY)

    def undo(self) -> None:
        self._cancel_gesture()
        if self._history.undo():
            self._settled()

    def redo(self) -> None:
        self._cancel_gesture()
        if self._history.redo():
            self._settled()

    def can_undo(self) -> bool:
        return self._history.can_undo()

    def can_redo(self) -> bool:
        return self._history.can_redo()

    def brush_size(self) -> float:
        return self._brush

    def set_brush_size(self, size: float) -> None:
        size = min(max(float(size), MIN_BRUSH), MAX_BRUSH)
        if size != self._brush:
            self._brush = size
            self.update()
            self.brush_size_changed.emit(size)

    def eraser_mode(self) -> bool:
        return self._eraser_mode

    def set_eraser_mode(self, on: bool) -> None:
        """With eraser mode on, the left button and the pen tip erase too."""
        self._eraser_mode = bool(on)
        self.update()

    def map_from_paper(self, x: float, y: float) -> QPointF:
        """Where a point in paper units is in the widget, at its current size and zoom."""
        return point_on_paper(self._paper_rect(), x, y)

    def paper_rect(self) -> QRectF:
        """Where the whole paper is in the widget, at its current size and zoom (past the
        viewport's edges when zoomed in; for :func:`rect_on_paper` in a worker thread,
        which must not ask the widget)."""
        return self._paper_rect()

    def viewport_rect(self) -> QRectF:
        """The square of the widget the paper is seen in, framed: what lies outside it is not shown."""
        return self._viewport()

    def map_from_picture(self, x: float, y: float) -> QPointF:
        """Where a point of the picture shown (in its pixels, as its ink's boxes are) is in the widget."""
        on_paper = self.paper_from_picture(x, y)
        return self.map_from_paper(on_paper.x(), on_paper.y())

    # --- zoom: the view of a picture, never what is read -----------------------------

    def zoom(self) -> float:
        """How many times closer than the whole picture the canvas shows it (1: the whole)."""
        return self._view.zoom

    def can_zoom(self) -> bool:
        """Whether there is anything to zoom into: a picture, shown smaller than the closest zoom.
        A drawing is always seen whole (it is drawn at the size it is read)."""
        return self._most_zoom() > 1.0

    def most_zoom(self) -> float:
        """The closest zoom for the picture shown at the canvas's size (1 without a picture)."""
        return self._most_zoom()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom ``factor`` times closer (less than 1: farther), keeping the point at
        ``anchor`` (the viewport's centre by default) where it is on screen."""
        anchor = self._viewport().center() if anchor is None else anchor
        self._view_moved(
            self._view.zoom_about(self._viewport(), anchor, self._view.zoom * factor, self._bounds(), self._most_zoom())
        )

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the zoomed view as a drag by ``dx``, ``dy`` screen pixels would."""
        self._view_moved(self._view.pan(self._viewport(), dx, dy, self._bounds()))

    def fit_picture(self) -> None:
        """Show the whole picture again."""
        self._view_moved(self._view.reset())

    def show_picture_region(self, left: float, top: float, right: float, bottom: float) -> None:
        """Zoom so that a region of the picture shown (in its pixels) fills the view,
        as closely as the closest zoom allows."""
        image = self._shown_drawing().image
        if image is None:
            return
        region = QRectF(self.paper_from_picture(left, top), self.paper_from_picture(right, bottom))
        self._view_moved(self._view.show(region, self._bounds(), self._most_zoom()))

    def visible_picture_region(self) -> QRectF:
        """The part of the picture shown, in its pixels (the whole when it is seen whole)."""
        image = self._shown_drawing().image
        if image is None:
            return QRectF()
        placed = _placement(image)
        seen = self._view.visible(self._viewport()).intersected(placed)
        scale = image.picture.width() / placed.width()
        return QRectF((seen.left() - placed.left()) * scale, (seen.top() - placed.top()) * scale, seen.width() * scale, seen.height() * scale)

    def paper_from_picture(self, x: float, y: float) -> QPointF:
        """Where a point of the picture shown (in its pixels) is on the paper, in paper units."""
        image = self._shown_drawing().image
        if image is None:
            return QPointF(x, y)
        placed = _placement(image)
        return QPointF(
            placed.left() + x * placed.width() / image.picture.width(),
            placed.top() + y * placed.height() / image.picture.height(),
        )

    def _most_zoom(self) -> float:
        image = self._shown_drawing().image
        if image is None or image.picture.isNull():
            return 1.0
        # Screen pixels the finest pixel shown takes with the whole picture shown: the
        # working copy's, or where the picture has a close-up, the close-up's.
        close_up = None if image.ink is None else _sharper(image)
        finest = image.picture.width() / image.block * (close_up.scale if close_up is not None else 1.0)
        whole = _placement(image).width() / PAPER_SIDE * self._viewport().width() / finest
        return max(1.0, MAX_SCREEN_PIXELS / whole)

    def _bounds(self) -> QRectF:
        """What a zoomed view keeps within: the picture, in paper units."""
        image = self._shown_drawing().image
        return _placement(image) if image is not None else QRectF(0, 0, PAPER_SIDE, PAPER_SIDE)

    def _view_moved(self, changed: bool) -> None:
        if changed:
            self.update()
            self.view_changed.emit()

    def _follow_picture(self) -> None:
        """A new picture, or none, is seen whole: a view is of one picture only."""
        image = self._history.current.image
        if image is not self._view_image:
            self._view_image = image
            self._view.reset()
            self.view_changed.emit()

    def to_image(self, side: int | None = None, picture: bool = True) -> QImage:
        """The drawing as seen on screen, ``side`` pixels square (default: one pixel a paper unit).
        With ``picture`` False an opened picture's ink is drawn without the picture under
        it, and a picture on which no ink was found is left out: what the model reads (the
        strokes drawn over it, then), as Save and Copy give it."""
        side = side or int(PAPER_SIDE)
        image = QImage(side, side, QImage.Format.Format_RGB32)
        image.fill(self._paper_colour())
        painter = QPainter(image)
        self._paint_drawing(painter, self._shown_drawing(), QRectF(0, 0, side, side), picture)
        self._paint_live_stroke(painter, QRectF(0, 0, side, side))
        painter.end()
        return image

    # --- gestures, whatever the device ---------------------------------------------

    def _begin(self, position: QPointF, pressure: float, erasing: bool) -> bool:
        if self._gesture is not _Gesture.NONE or self._pan_from is not None or not self._viewport().contains(position):
            return False
        x, y = self._to_paper(position)
        if erasing:
            self._sweep_radius = self._eraser_radius()
            self._gesture = _Gesture.ERASING
            self._erased = current = self._history.current
            self._eraser_at = (x, y)
            self._ink_before = self._ink_left(current)
            self._erase_to((x, y))
        else:
            current = self._history.current
            if current.image is not None and not _placement(current.image).contains(x, y):
                return False  # beside a picture nothing is read, so nothing is drawn: no stroke starts there
            self._gesture = _Gesture.DRAWING
            self._live = [(x, y, self._pressure(current, pressure))]
            self._live_width = self._pen_width(current)
        self.update()
        self.strokes_changed.emit(True)
        return True

    def _extend(self, position: QPointF, pressure: float) -> None:
        # Over a picture a stroke is clipped at the picture's edges (neither shown nor read
        # beyond them); clamped to the paper, it would slide along an edge the two share.
        over_picture = self._gesture is _Gesture.DRAWING and self._history.current.image is not None
        x, y = self._to_paper(position, clamp=not over_picture)
        if self._gesture is _Gesture.ERASING:
            self._erase_to((x, y))
            self.update()
        elif self._gesture is _Gesture.DRAWING:
            last_x, last_y, _ = self._live[-1]
            if math.hypot(x - last_x, y - last_y) < MIN_STEP:
                return
            self._live.append((x, y, self._pressure(self._history.current, pressure)))
            self.update(self._live_tail_rect())
        else:
            return
        self.strokes_changed.emit(True)

    def _live_tail_rect(self) -> QRect:
        """What a new point changes on screen: the smooth curve is only redrawn from the
        middle of the segment before the last, so the last three points and the
        widest ink around them hold every changed pixel. Repainting that, not the whole
        canvas, keeps each pen move's paint small."""
        tail = self._live[-3:]
        reach = visible_width(self._live_width, 1.0) / 2 + 1  # paper units; 1 for the soft edge
        left, right = min(p[0] for p in tail) - reach, max(p[0] for p in tail) + reach
        top, bottom = min(p[1] for p in tail) - reach, max(p[1] for p in tail) + reach
        changed = QRectF(self.map_from_paper(left, top), self.map_from_paper(right, bottom))
        return changed.toAlignedRect().adjusted(-2, -2, 2, 2)

    def _update_outline(self, before: QPointF | None) -> None:
        """Repaint where the brush outline was and where it is now."""
        paper = self._paper_rect()
        scale = paper.width() / PAPER_SIDE
        erasing = self._eraser_mode or self._gesture is _Gesture.ERASING
        radius = (self._eraser_radius() if erasing else visible_width(self.pen_width(), 1.0) / 2) * scale + 2
        for centre in (before, self._hover):
            if centre is not None:
                self.update(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius).toAlignedRect())

    def _end(self) -> None:
        if self._gesture is _Gesture.DRAWING:
            current = self._history.current  # over a picture, the stroke is added to it
            finished = replace(current, strokes=current.strokes + (Stroke(tuple(self._live), self._live_width),))
        elif self._gesture is _Gesture.ERASING and self._erased is not None:
            finished = self._erased
        else:
            return
        self._reset_gesture()
        if finished is self._history.current:  # the eraser touched nothing
            self._settled()
        else:
            self._commit(finished)

    def _erase_to(self, point: tuple[float, float]) -> None:
        assert self._erased is not None and self._eraser_at is not None
        remaining = erase_strokes(self._erased.strokes, [self._eraser_at, point], self._eraser_radius())
        if remaining != self._erased.strokes:
            self._erased = replace(self._erased, strokes=remaining)
        if self._ink_before is not None:
            self._sweep_picture(point)
        self._eraser_at = point

    def _sweep_picture(self, point: tuple[float, float]) -> None:
        """Carry the eraser's path over the picture's ink on to ``point``."""
        assert self._erased is not None and self._eraser_at is not None and self._ink_before is not None
        step = self._picture_sweep(self._erased, [self._eraser_at, point], self._eraser_radius())
        if step is None:
            return
        self._sweep = step if self._sweep is None else self._sweep.extended(step.points[-1])
        if self._sweep_erased:
            self._erased = replace(self._erased, erasures=self._erased.erasures[:-1] + (self._sweep,))
        elif erases_ink(self._ink_before, step):
            # Only a sweep that takes ink away is an edit: one over bare paper leaves no undo step.
            self._sweep_erased = True
            self._erased = replace(self._erased, erasures=self._erased.erasures + (self._sweep,))

    def _picture_sweep(self, drawing: Drawing, path: Sequence[tuple[float, float]], radius: float) -> Erasure | None:
        """An eraser's ``path`` and ``radius`` (paper units) in the pixels of the drawing's picture."""
        image = drawing.image
        if image is None or image.ink is None or not path:
            return None
        placed = _placement(image)
        scale = image.picture.width() / placed.width()
        points: tuple[PicturePoint, ...] = tuple(
            ((x - placed.left()) * scale, (y - placed.top()) * scale) for x, y in path
        )
        return Erasure(points, radius * scale)

    def _cancel_gesture(self) -> None:
        if self._gesture is not _Gesture.NONE:
            self._reset_gesture()
            self._settled()

    def _reset_gesture(self) -> None:
        self._gesture = _Gesture.NONE
        self._gesture_button = Qt.MouseButton.NoButton
        self._live = []
        self._erased = None
        self._eraser_at = None
        self._sweep = None
        self._ink_before = None
        self._sweep_erased = False
        self._sweep_radius = None

    def _commit(self, drawing: Drawing) -> None:
        self._history.push(drawing)
        self._settled()

    def _settled(self) -> None:
        self._follow_picture()
        self.update()
        self.strokes_changed.emit(False)
        self.history_changed.emit()

    def _shown_drawing(self) -> Drawing:
        if self._gesture is _Gesture.ERASING and self._erased is not None:
            return self._erased
        return self._history.current

    def _eraser_radius(self) -> float:
        """In paper units: the same size on screen at any zoom, so zoomed in it erases finer;
        but one sweep, zoomed mid-way, stays as it began: the sweep over the picture's ink
        has one size, and the strokes and the outline keep to it."""
        if self._sweep_radius is not None:
            return self._sweep_radius
        return self._brush * ERASER_SCALE / self._view.zoom

    def _pen_width(self, drawing: Drawing) -> float:
        """The brush, or over a picture with ink the width of its strokes, scaled as it is shown:
        measured on its close-up where it has one (the working copy's blur made writing 7 of its
        pixels tall look 2.5 times as wide, and the floor below 4 times). The floor keeps
        a hairline one can see, on screen: zoomed in, it is as thin as the writing shown closer."""
        image = drawing.image
        if image is None or image.found is None or image.found.pen_width <= 0:
            return self._brush
        close_up = _sharper(image)
        pixels = image.found.pen_width
        if close_up is not None and close_up.pen_width > 0:
            pixels = close_up.pen_width / close_up.scale
        width = pixels * _placement(image).width() / image.picture.width()
        return max(width, THINNEST_PICTURE_PEN / self._view.zoom)

    @staticmethod
    def _pressure(drawing: Drawing, pressure: float) -> float:
        """The pressure a point of a stroke drawn on ``drawing`` is kept with: the pen's,
        or full over a picture. There the pen is the picture's own, one width, and the
        reading draws every stroke that wide (``preprocess.ink_with_strokes``): kept at
        full pressure, a stroke is shown as wide as it is read, however lightly a
        tablet's pen touched. Every point drawn or added goes through here."""
        return 1.0 if drawing.image is not None else pressure

    # --- Qt input events -----------------------------------------------------------

    def press_erases(self, event: QMouseEvent | QTabletEvent) -> bool:
        """Whether a press starts erasing rather than drawing: the right button, the
        pen's eraser end, or any press while the eraser tool is on."""
        if isinstance(event, QTabletEvent):
            return event.pointerType() == QPointingDevice.PointerType.Eraser or self._eraser_mode
        return event.button() == Qt.MouseButton.RightButton or self._eraser_mode

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._show_focus(False)
        button = event.button()
        if self._pans(button):
            self._start_pan(event.position(), button)
            event.accept()
            return
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return super().mousePressEvent(event)
        if self._begin(event.position(), 1.0, self.press_erases(event)):
            self._gesture_button = button
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_to(event.position())
            event.accept()
            return
        before, self._hover = self._hover, event.position()
        self._update_outline(before)
        if self._gesture is not _Gesture.NONE:
            self._extend(event.position(), 1.0)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() == self._pan_button:
            self._stop_pan()
        elif event.button() == self._gesture_button:
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepting the event stops Qt from also sending the same movement as a
        # mouse event, which would draw every stroke twice.
        event.accept()
        before, self._hover = self._hover, event.position()
        kind = event.type()
        # A pen pans as the mouse does (Space held, or a barrel button reported as the middle
        # one): on a tablet there is often no wheel and no middle button to pan with.
        if kind == QEvent.Type.TabletPress:
            self._show_focus(False)
        if kind == QEvent.Type.TabletPress and self._pans(event.button()):
            self._start_pan(event.position(), event.button())
            return
        if self._pan_from is not None:
            if kind == QEvent.Type.TabletMove:
                self._pan_to(event.position())
            elif kind == QEvent.Type.TabletRelease:
                self._stop_pan()
            return
        if kind == QEvent.Type.TabletPress:
            if self._begin(event.position(), event.pressure(), self.press_erases(event)):
                self._gesture_button = Qt.MouseButton.NoButton
        elif kind == QEvent.Type.TabletMove:
            self._update_outline(before)
            if self._gesture is not _Gesture.NONE:
                self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QTouchEvent) and event.device().type() == QInputDevice.DeviceType.TouchScreen:
            return self._touch(event)
        if isinstance(event, QNativeGestureEvent) and self.can_zoom():
            return self._native_gesture(event)
        return super().event(event)

    def _pans(self, button: Qt.MouseButton) -> bool:
        """Whether a press with ``button`` pans rather than draws: the middle button, or the
        left with Space held, over a picture (a drawing is seen whole: nothing to pan)."""
        if self._shown_drawing().image is None:
            return False
        return button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space_held)

    def _start_pan(self, position: QPointF, button: Qt.MouseButton) -> None:
        if self._gesture is _Gesture.NONE and self._pan_from is None:
            self._pan_from, self._pan_button = position, button
            self._show_hand()

    def _pan_to(self, position: QPointF) -> None:
        assert self._pan_from is not None
        moved, self._pan_from = position - self._pan_from, position
        self.pan_by(moved.x(), moved.y())

    def _stop_pan(self) -> None:
        self._pan_from, self._pan_button = None, Qt.MouseButton.NoButton
        self._show_hand()

    def _show_hand(self) -> None:
        """The pointer says what a press does: a hand to pan, a cross to draw."""
        if self._pan_from is not None:
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        elif self._space_held and self._shown_drawing().image is not None:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.setCursor(Qt.CursorShape.CrossCursor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms a picture about the pointer; zoomed in, the wheel (Shift: sideways)
        and two fingers on a touchpad pan. Otherwise the wheel is left to the window."""
        if not self.can_zoom():
            return super().wheelEvent(event)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / NOTCH
            if notches:
                self.zoom_by(STEP**notches, event.position())
            event.accept()
            return
        if not self._view.is_zoomed():
            return super().wheelEvent(event)
        if not event.pixelDelta().isNull():  # a touchpad: the content follows the fingers
            dx, dy = float(event.pixelDelta().x()), float(event.pixelDelta().y())
        else:
            dx, dy = event.angleDelta().x() / NOTCH * WHEEL_PAN, event.angleDelta().y() / NOTCH * WHEEL_PAN
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and not dx:
                dx, dy = dy, 0.0
        self.pan_by(dx, dy)
        event.accept()

    def _native_gesture(self, event: QNativeGestureEvent) -> bool:
        """A touchpad's pinch zooms about the fingers; a smart zoom (two-finger double tap)
        shows the whole picture, or zooms in twice as close."""
        kind = event.gestureType()
        if kind == Qt.NativeGestureType.ZoomNativeGesture:
            self.zoom_by(1.0 + event.value(), event.position())
        elif kind == Qt.NativeGestureType.SmartZoomNativeGesture:
            if self._view.is_zoomed():
                self.fit_picture()
            else:
                self.zoom_by(2.0, event.position())
        else:
            return super().event(event)
        event.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Not for a modifier alone: Ctrl held for Ctrl+wheel, a zoom with the mouse, brought the ring.
        if event.key() not in MODIFIER_KEYS:
            self._show_focus(True)
        pan = ARROW_PANS.get(Qt.Key(event.key()))
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if pan is not None and plain and self._view.is_zoomed():
            step = self._viewport().width() * ARROW_PAN_SHARE
            self.pan_by(pan[0] * step, pan[1] * step)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space_held = True
                self._show_hand()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space_held = False
                self._show_hand()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self._show_focus(True)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._space_held = False  # its release goes elsewhere now
        self._show_hand()
        # Another window or a menu for a while (a keyboard user's Alt+E, or the menu key): back with
        # the ring; the keyboard or a click taking the focus elsewhere: without.
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self._focus_seen = False
        self.update()
        super().focusOutEvent(event)

    def shows_focus(self) -> bool:
        """Whether the focus ring is shown: the keyboard is on the canvas, brought by it or used on it."""
        return self._focus_seen and self.hasFocus()

    def _show_focus(self, seen: bool) -> None:
        if seen != self._focus_seen:
            self._focus_seen = seen
            self.update()

    def resizeEvent(self, event: QEvent) -> None:
        # The closest zoom is in screen pixels: it changes with the canvas's size (a larger
        # canvas may hold less of it), and so may what zooming in can do.
        self._view.keep_within(self._bounds(), self._most_zoom())
        if self._shown_drawing().image is not None:
            self.view_changed.emit()
        super().resizeEvent(event)

    def _touch(self, event: QTouchEvent) -> bool:
        # One finger draws; two on a picture zoom and move it; a touchpad is left to act as a mouse.
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._show_focus(False)
        if kind == QEvent.Type.TouchCancel:
            self._pinching, self._pinch_at = False, None
        elif self._pinching or (len(event.points()) >= 2 and self.can_zoom()):
            self._pinch(event)
            event.accept()
            return True
        point = event.points()[0].position() if event.points() else None
        if kind == QEvent.Type.TouchBegin and point is not None:
            self._begin(point, 1.0, self._eraser_mode)
        elif kind == QEvent.Type.TouchUpdate and point is not None:
            self._extend(point, 1.0)
        elif kind == QEvent.Type.TouchEnd:
            self._end()
        elif kind == QEvent.Type.TouchCancel:
            self._cancel_gesture()
        event.accept()
        return True

    def _pinch(self, event: QTouchEvent) -> None:
        """Two fingers on a picture: their spread zooms about their middle, and the picture
        moves with them. A stroke the first finger began is dropped, and nothing is drawn
        until every finger is lifted."""
        if event.type() == QEvent.Type.TouchEnd:
            self._pinching, self._pinch_at = False, None
            return
        if not self._pinching:
            self._cancel_gesture()
            self._pinching = True
        held = [point.position() for point in event.points() if point.state() != QEventPoint.State.Released]
        if len(held) < 2:
            self._pinch_at = None  # one finger lifted: the pinch starts afresh when it comes back
            return
        first, second = held[0], held[1]
        middle = (first + second) / 2
        spread = max(math.hypot(first.x() - second.x(), first.y() - second.y()), 1.0)
        if self._pinch_at is not None:
            before, apart = self._pinch_at
            self.zoom_by(spread / apart, middle)
            self.pan_by(middle.x() - before.x(), middle.y() - before.y())
        self._pinch_at = (middle, spread)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    # --- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window))
        viewport, paper = self._viewport(), self._paper_rect()
        painter.drawPixmap(viewport.topLeft(), self._settled_pixmap(viewport, paper))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(viewport)
        self._paint_picture_bounds(painter, viewport, paper)
        if not self._live and self._shown_drawing().is_empty:
            self._paint_invitation(painter, paper)
        self._paint_live_stroke(painter, paper)
        self._paint_brush_outline(painter, paper)
        painter.setClipping(False)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(viewport.adjusted(-0.5, -0.5, 0.5, 0.5))
        if self.shows_focus():  # outside the frame: never over the drawing, nor in what is saved (to_image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), FOCUS_RING))
            reach = FOCUS_RING_GAP + FOCUS_RING / 2 + 0.5
            painter.drawRect(viewport.adjusted(-reach, -reach, reach, reach))

    def _settled_pixmap(self, viewport: QRectF, paper: QRectF) -> QPixmap:
        """What the viewport shows of the drawing without the live stroke, cached at the
        screen's real pixel density so it stays sharp on HiDPI screens and is not
        repainted on every pen move. Zoomed in, only the part in view is painted."""
        ratio = self.devicePixelRatioF()
        drawing = self._shown_drawing()
        where = paper.translated(-viewport.left(), -viewport.top())
        # A sweep paints the ink as found (_paint_shaped_ink), and its last move's drawing is the
        # one kept when it ends: without the sweep in the key, that painting outlived it.
        sweeping = self._gesture is _Gesture.ERASING
        key = (drawing, viewport.width(), where, ratio, self._paper_colour().rgba(), self._ink_colour().rgba(), sweeping)
        if self._cache is None or key != self._cache_key:
            side = max(1, round(viewport.width() * ratio))
            pixmap = QPixmap(side, side)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(self._paper_colour())
            painter = QPainter(pixmap)
            painter.setClipRect(QRectF(0, 0, viewport.width(), viewport.height()))
            self._paint_drawing(painter, drawing, where)
            painter.end()
            self._cache, self._cache_key = pixmap, key
        return self._cache

    def _paint_drawing(self, painter: QPainter, drawing: Drawing, target: QRectF, picture: bool = True) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if drawing.image is not None:
            self._paint_picture(painter, drawing, target, picture)
            # The model reads strokes on the picture only: what lies beside it is not shown either.
            painter.setClipRect(_fit(drawing.image.picture.size(), target), Qt.ClipOperation.IntersectClip)
        painter.translate(target.topLeft())
        painter.scale(target.width() / PAPER_SIDE, target.height() / PAPER_SIDE)
        colour = self._ink_colour()
        for stroke in drawing.strokes:
            ink.paint_stroke(painter, stroke, colour)
        painter.restore()

    def _paint_picture(self, painter: QPainter, drawing: Drawing, target: QRectF, picture: bool) -> None:
        """The picture, faded, and the ink found on it over it; the picture alone, as it
        is, when no ink was found (nothing on it is read, and a faint digit the ink was
        not found in is easiest to trace over at full strength). Without ``picture``
        only the ink read is painted, found or not: none at all when none was found."""
        assert drawing.image is not None
        where = _at_least(_fit(drawing.image.picture.size(), target), PICTURE_SEEN_LEAST)
        layer = self._ink_layer(drawing)
        shown = self.shown_picture(drawing.image)
        if layer is None:
            if picture:
                painter.setOpacity(PICTURE_OPACITY if self._hides_ink(drawing.image) else 1.0)
                _draw_seen(painter, where, shown)
                painter.setOpacity(1.0)
            return
        if picture:
            painter.setOpacity(PICTURE_OPACITY)
            _draw_seen(painter, where, shown)
            painter.setOpacity(1.0)
        if not self._paint_shaped_ink(painter, drawing, where):
            _draw_seen(painter, where, layer)
        close = self._close_layer(drawing)
        if close is not None:  # sharper, in its region (left out of the layer above)
            close_layer, (left, top, right, bottom) = close
            scale = where.width() / drawing.image.picture.width()
            region = QRectF(where.left() + left * scale, where.top() + top * scale, (right - left) * scale, (bottom - top) * scale)
            _draw_seen(painter, region, close_layer)

    def _hides_ink(self, image: PlacedImage) -> bool:
        """Whether ``image``, laid on the paper, is on the whole about as light or dark as the ink
        (INK_LIKE_PICTURE): strokes drawn over it at full strength would not be seen. Never a strip:
        none can be drawn over it, and faded, a black one 3000x3 was no longer seen as black."""
        from ..preprocess import TOO_THIN_IMAGE  # loaded: the picture was read with it

        if image.model_input.reason == TOO_THIN_IMAGE:
            return False
        if self._tone_cache is None or self._tone_cache[0] is not image:
            # Qt's smooth shrinking averages every pixel: one pixel is the picture's mean colour.
            mean = image.picture.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied).scaled(
                1, 1, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
            ).pixelColor(0, 0)
            self._tone_cache = (image, mean)
        mean = self._tone_cache[1]
        # A transparent picture is seen with the paper through it.
        seen = _mixed(self._paper_colour(), mean, mean.alphaF())
        return abs(seen.lightnessF() - self._ink_colour().lightnessF()) < INK_LIKE_PICTURE

    def _ink_layer(self, drawing: Drawing) -> QImage | None:
        """The ink left on the drawing's picture, in the pen's colour, its strength as alpha."""
        made = self._layer_and_ink(drawing)
        return None if made is None else made[0]

    def _layer_and_ink(self, drawing: Drawing) -> tuple[QImage, np.ndarray] | None:
        """The ink layer (:meth:`_ink_layer`) and the ink it shows (0-1, the working copy's pixels):
        the ink left, but for a close-up's region (painted from the close-up's ink: _close_layer)."""
        image = drawing.image
        if image is None or image.ink is None:
            return None
        colour = self._ink_colour()
        key = (image, drawing.erasures, colour.rgba())
        if self._layer_cache is not None and self._layer_cache[0] == key:
            return self._layer_cache[1]
        left = self._ink_left(drawing)
        assert left is not None
        close_up = _sharper(image)
        if close_up is not None:
            x0, y0, x1, y1 = _close_region(close_up)
            left = left.copy()
            left[max(0, math.floor(y0)) : max(0, math.ceil(y1)), max(0, math.floor(x0)) : max(0, math.ceil(x1))] = 0.0
        made = (_coloured(left, colour), left)
        self._layer_cache = (key, made)
        return made

    def _paint_shaped_ink(self, painter: QPainter, drawing: Drawing, where: QRectF) -> bool:
        """Paint the ink beside a close-up shaped by the sharper copy shown under it
        (:meth:`_shaped_layer`) when zoomed in past the working copy's pixels (SHAPE_INK_FROM);
        whether it did (else the ink layer is painted as it is). A number written small is
        painted from its close-up, sharp: a mark beside it, from the working copy, was a blur
        there, 4 to 8 times softer than the writing and than the picture under it."""
        image = drawing.image
        if image is None or where.width() / image.picture.width() * painter.device().devicePixelRatioF() < SHAPE_INK_FROM:
            return False
        # An eraser's sweep changes the ink at every move: it is shown as found until the sweep ends.
        shaped = None if self._gesture is _Gesture.ERASING else self._shaped_layer(drawing)
        if shaped is None:
            return False
        layer, (left, top, right, bottom) = shaped
        scale = where.width() / image.picture.width()
        _draw_seen(painter, QRectF(where.left() + left * scale, where.top() + top * scale, (right - left) * scale, (bottom - top) * scale), layer)
        return True

    def _shaped_layer(self, drawing: Drawing) -> tuple[QImage, tuple[int, int, int, int]] | None:
        """The ink layer's ink beside a close-up (:meth:`_layer_and_ink`) at the sharper copy's
        pixels, shaped by it (``ink_layer.shaped_by_sharper``), round that ink only, and where
        it lies in the working copy's pixels (left, top, right, bottom); None without a
        close-up, a sharper copy or ink beside the close-up. Kept for the picture, sweeps and
        colour: made once (a few milliseconds for a mark or two), not at each pan."""
        import numpy as np
        from PIL import Image

        image = drawing.image
        made = self._layer_and_ink(drawing)
        if image is None or made is None or _sharper(image) is None:
            return None
        sharp, work = self.shown_picture(image), image.picture
        key = (image, drawing.erasures, self._ink_colour().rgba(), sharp.cacheKey())
        if self._shaped_cache is not None and self._shaped_cache[0] == key:
            return self._shaped_cache[1]
        ink = made[1]
        rows, columns = np.nonzero(ink > 0.02)
        shaped = None
        if sharp is not work and rows.size:
            left, top = max(0, int(columns.min()) - 2), max(0, int(rows.min()) - 2)
            right, bottom = min(work.width(), int(columns.max()) + 3), min(work.height(), int(rows.max()) + 3)
            across = sharp.width() / work.width()
            part = QRect(round(left * across), round(top * across), round((right - left) * across), round((bottom - top) * across))
            size = (part.width(), part.height())
            enlarged = Image.fromarray(ink[top:bottom, left:right].astype(np.float32), "F").resize(size, Image.Resampling.BILINEAR)
            soft = work.copy(QRect(left, top, right - left, bottom - top)).scaled(*size, mode=Qt.TransformationMode.SmoothTransformation)
            strength = shaped_by_sharper(np.asarray(enlarged), _grey(sharp.copy(part)), _grey(soft))
            shaped = (_coloured(strength, self._ink_colour()), (left, top, right, bottom))
        self._shaped_cache = (key, shaped)
        return shaped

    def _close_layer(self, drawing: Drawing) -> tuple[QImage, tuple[float, float, float, float]] | None:
        """The ink of the picture's close-up (see ``close_up``), erased as the picture's is, in
        the pen's colour, and its region in the picture's pixels; None without one. The
        working copy is a few hundred pixels a side: a number written small in a large photo
        is a few of its pixels tall, a blur zoomed in, while the close-up, read from the
        photo's own pixels, shows its strokes as they are read."""
        image = drawing.image
        close_up = None if image is None or image.ink is None else _sharper(image)
        if close_up is None:
            return None
        colour = self._ink_colour()
        key = (image, drawing.erasures, colour.rgba())
        if self._close_cache is not None and self._close_cache[0] == key:
            return self._close_cache[1]
        made = (_coloured(self._close_ink_left(image, close_up, drawing.erasures), colour), _close_region(close_up))
        self._close_cache = (key, made)
        return made

    def _close_ink_left(self, image: PlacedImage, close_up: CloseUp, erasures: tuple[Erasure, ...]) -> np.ndarray:
        """The close-up's ink once ``erasures`` are taken out, from the ink left before the last
        sweep (kept, and itself made from the one before): an eraser's move, which grows the
        last sweep, then costs that sweep alone. Taking every sweep out afresh cost 4.5 ms a
        move after 50 sweeps and 17 after 200, more than a frame."""
        if not erasures:
            return close_up.ink
        before = erasures[:-1]
        kept = self._close_before
        if kept is None or kept[0] is not image or kept[1] != before:
            if kept is not None and kept[0] is image and before and kept[1] == before[:-1]:
                left = close_ink_left(close_up, before[-1:], (), kept[2])  # a new sweep: the last one added
            else:
                left = close_ink_left(close_up, before, ())  # undo, redo or another picture
            kept = self._close_before = (image, before, left)
        return close_ink_left(close_up, erasures[-1:], (), kept[2])

    def _ink_left(self, drawing: Drawing) -> np.ndarray | None:
        """The ink left on the drawing's picture once its sweeps are taken out; None without ink.

        During an eraser gesture it is worked out from the ink as the gesture found
        it and this gesture's sweep alone, so a pen move costs the same however many
        sweeps came before. The last answer is kept, keyed by the picture and its
        sweeps: the next gesture starts from it, and after undo, redo, clear or
        another picture the key no longer matches, so nothing stale is shown."""
        image = drawing.image
        if image is None or image.ink is None:
            return None
        cached = self._left_cache
        if cached is not None and cached[0] is image and cached[1] == drawing.erasures:
            return cached[2]
        sweeping = (
            self._gesture is _Gesture.ERASING
            and drawing is self._erased
            and self._ink_before is not None
            and self._sweep_erased
            and drawing.erasures[-1] is self._sweep
        )
        if sweeping:
            assert self._sweep is not None and self._ink_before is not None
            left = ink_left(self._ink_before, (self._sweep,))
        else:
            left = ink_left(image.ink, drawing.erasures)
        self._remember_ink_left(drawing, left)
        return left

    def _remember_ink_left(self, drawing: Drawing, left: np.ndarray) -> None:
        assert drawing.image is not None
        self._left_cache = (drawing.image, drawing.erasures, left)

    def _paint_live_stroke(self, painter: QPainter, target: QRectF) -> None:
        if not self._live:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        image = self._history.current.image
        if image is not None:
            painter.setClipRect(_fit(image.picture.size(), target), Qt.ClipOperation.IntersectClip)
        painter.translate(target.topLeft())
        painter.scale(target.width() / PAPER_SIDE, target.height() / PAPER_SIDE)
        path = self._live_path.path(self._live)  # the list itself: the path grows with it
        ink.paint_stroke(painter, Stroke(tuple(self._live), self._live_width), self._ink_colour(), path)
        painter.restore()

    def _paint_picture_bounds(self, painter: QPainter, viewport: QRectF, paper: QRectF) -> None:
        """Show where the picture lies: the paper beside it tinted, and a frame round it, never
        thinner than PICTURE_LEAST pixels. On screen only: nothing of it is saved or read."""
        image = self._shown_drawing().image
        if image is None:
            return
        where = _at_least(_fit(image.picture.size(), paper), PICTURE_SEEN_LEAST)  # as _paint_picture draws it
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        frame = self.palette().color(QPalette.ColorRole.Mid)
        beside = QPainterPath()
        beside.addRect(viewport)
        inside = QPainterPath()
        inside.addRect(where)
        painter.fillPath(beside.subtracted(inside), _beside_picture(self._paper_colour(), frame, self._ink_colour()))
        painter.setPen(QPen(frame, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(_at_least(where, PICTURE_LEAST).adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.restore()

    def set_invitation(self, words: str | None) -> None:
        """The words on the empty paper (translated), or None for INVITATION's."""
        self._invitation = words
        self.update()

    def _paint_invitation(self, painter: QPainter, paper: QRectF) -> None:
        painter.save()
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * INVITATION_SCALE)
        painter.setFont(font)
        painter.drawText(paper, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._invitation or self.tr(INVITATION))
        painter.restore()

    def _paint_brush_outline(self, painter: QPainter, paper: QRectF) -> None:
        if self._hover is None or self._pan_from is not None or not self._viewport().contains(self._hover):
            return
        scale = paper.width() / PAPER_SIDE
        erasing = self._eraser_mode or self._gesture is _Gesture.ERASING
        radius = (self._eraser_radius() if erasing else visible_width(self.pen_width(), 1.0) / 2) * scale
        outline = QColor(self._ink_colour())
        outline.setAlphaF(0.45)
        pen = QPen(outline, 1, Qt.PenStyle.DashLine if erasing else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(self._hover, radius, radius)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.update()  # a light/dark switch: the cache key holds the colours, so it repaints
        super().changeEvent(event)

    # --- geometry and colours -----------------------------------------------------------

    def _viewport(self) -> QRectF:
        """The largest square that fits in the widget, centred, on whole pixels: where the paper is seen."""
        side = max(1, min(self.width(), self.height()) - 2 * MARGIN)
        left = (self.width() - side) // 2
        top = (self.height() - side) // 2
        return QRectF(left, top, side, side)

    def _paper_rect(self) -> QRectF:
        """Where the whole paper lies at the current zoom: the viewport itself when seen whole."""
        return self._view.paper_on_screen(self._viewport())

    def _to_paper(self, position: QPointF, clamp: bool = True) -> tuple[float, float]:
        # Points are clamped to the paper: ink the user cannot see must not reach the model.
        paper = self._paper_rect()
        scale = PAPER_SIDE / paper.width()
        x, y = (position.x() - paper.left()) * scale, (position.y() - paper.top()) * scale
        if not clamp:
            return x, y
        return min(max(x, 0.0), PAPER_SIDE), min(max(y, 0.0), PAPER_SIDE)

    def _paper_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)

    def _ink_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)


def _at_least(where: QRectF, least: float) -> QRectF:
    """``where`` widened about its centre to at least ``least`` pixels each way: a strip is seen."""
    grow_x = max(0.0, least - where.width()) / 2
    grow_y = max(0.0, least - where.height()) / 2
    return where.adjusted(-grow_x, -grow_y, grow_x, grow_y)


def _mixed(base: QColor, other: QColor, share: float) -> QColor:
    """``base`` moved ``share`` of the way to ``other``."""
    return QColor.fromRgbF(
        base.redF() + (other.redF() - base.redF()) * share,
        base.greenF() + (other.greenF() - base.greenF()) * share,
        base.blueF() + (other.blueF() - base.blueF()) * share,
    )


def _beside_picture(paper: QColor, frame: QColor, ink: QColor) -> QColor:
    """The paper's colour beside a picture: BESIDE_PICTURE_TINT of the way to the frame's, or
    toward the ink's (always far from the paper's) where that is not BESIDE_PICTURE_LEAST from it."""
    tint = _mixed(paper, frame, BESIDE_PICTURE_TINT)
    span = abs(ink.lightnessF() - paper.lightnessF())
    if abs(tint.lightnessF() - paper.lightnessF()) >= BESIDE_PICTURE_LEAST or span == 0:
        return tint
    return _mixed(paper, ink, min(1.0, BESIDE_PICTURE_LEAST / span))


def _placement(image: PlacedImage) -> QRectF:
    """Where a picture lies on the paper, in paper units."""
    return _fit(image.picture.size(), QRectF(0, 0, PAPER_SIDE, PAPER_SIDE))


def point_on_paper(paper: QRectF, x: float, y: float) -> QPointF:
    """Where the point (``x``, ``y``) in paper units lies when the paper fills ``paper``."""
    scale = paper.width() / PAPER_SIDE
    return QPointF(paper.left() + x * scale, paper.top() + y * scale)


def rect_on_paper(paper: QRectF, left: float, top: float, width: float, height: float) -> QRectF:
    """Where a rectangle in paper units lies when the paper fills ``paper`` (no widget
    needed, so a worker thread can place a picture as the canvas will show it)."""
    return QRectF(point_on_paper(paper, left, top), point_on_paper(paper, left + width, top + height))


def _sharper(image: PlacedImage) -> CloseUp | None:
    """The close-up whose ink shows the picture's sharper: a number's (it holds all the ink
    written small), else a small digit's."""
    return image.number_close_up or image.close_up


def _close_region(close_up: CloseUp) -> tuple[float, float, float, float]:
    """A close-up's whole region in the picture's pixels (left, top, right, bottom)."""
    height, width = close_up.ink.shape
    return close_up.region_in_picture((0.0, 0.0, float(width), float(height)))


def _coloured(ink: np.ndarray, colour: QColor) -> QImage:
    """``ink`` (0-1) in ``colour``, its strength as alpha."""
    import numpy as np

    height, width = ink.shape
    pixels = np.empty((height, width, 4), dtype=np.uint8)
    pixels[..., 0], pixels[..., 1], pixels[..., 2] = colour.red(), colour.green(), colour.blue()
    pixels[..., 3] = np.clip(np.rint(ink * 255.0), 0, 255).astype(np.uint8)
    # QImage only borrows the buffer: copy() makes it own its pixels.
    return QImage(pixels.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()


def _grey(image: QImage) -> np.ndarray:
    """A picture's grey, 0-1, as seen on white paper: a see-through picture's writing may be in
    its alpha alone (black throughout, as a paint program may save it), which grey drops."""
    import numpy as np

    if image.hasAlphaChannel():
        seen = QImage(image.size(), QImage.Format.Format_RGB32)
        seen.fill(Qt.GlobalColor.white)
        painter = QPainter(seen)
        painter.drawImage(0, 0, image)
        painter.end()
        image = seen
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), dtype=np.uint8).reshape(grey.height(), grey.bytesPerLine())
    return rows[:, : grey.width()].astype(np.float32) / 255.0


def _draw_seen(painter: QPainter, where: QRectF, image: QImage) -> None:
    """Draw ``image`` filling ``where``, only the part inside the painter's clip: zoomed in,
    a picture is many times the viewport's size, and scaling all of it would be wasted."""
    clip = painter.clipBoundingRect()
    seen = where.intersected(clip) if not clip.isEmpty() else where
    if seen.isEmpty():
        return
    scale_x, scale_y = image.width() / where.width(), image.height() / where.height()
    # Whole source pixels, a pixel more each side: a cut through a pixel would shift it.
    source = QRectF(
        (seen.left() - where.left()) * scale_x, (seen.top() - where.top()) * scale_y, seen.width() * scale_x, seen.height() * scale_y
    ).toAlignedRect().adjusted(-1, -1, 1, 1).intersected(image.rect())
    target = QRectF(
        where.left() + source.left() / scale_x, where.top() + source.top() / scale_y, source.width() / scale_x, source.height() / scale_y
    )
    painter.drawImage(target, image, QRectF(source))


def _fit(size: QSize, target: QRectF) -> QRectF:
    """The largest rectangle of ``size``'s shape centred in ``target``."""
    if size.isEmpty():
        return target
    scale = min(target.width() / size.width(), target.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF(
        target.left() + (target.width() - width) / 2, target.top() + (target.height() - height) / 2, width, height
    )
