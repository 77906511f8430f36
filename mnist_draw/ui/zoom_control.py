"""The zoom's actions (View > Zoom in, Zoom out, Whole picture, Zoom to the number) and its indicator.

The canvas zooms (see ``zoom``); this module gives the user the keys, the
menu items and the status bar's reading of how close the view is. Only a
picture zooms: a drawing is drawn at the size it is read, so the items are
greyed out over one, and say why.

A number written small in a large picture is read closely in number mode, but
on screen stays small, its boxes and labels crowded. When such a number is first
read, the view zooms in to it, once per picture, unless the user has zoomed
already, and the status bar says how to see the whole picture again.

Presentation mode hides the status bar: there the zoom is shown on the canvas instead,
in its bottom right corner (the heat map's legend has the left, the banner the top),
in the canvas's large print, while the picture is zoomed in; a click shows it whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakSet

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from .help_dialogs import key_name, keys_text
from .zoom import ladder_above, ladder_below, percent_shown

if TYPE_CHECKING:
    from ..number import NumberReading
    from .canvas import DrawingCanvas, PlacedImage
    from .live_recognizer import Recognizer

# Round a number zoomed in to, as a share of the view's side: room for its labels
# above and below, and a little of the page around it, so that it is seen where it is.
NUMBER_MARGIN_WIDE = 1.5  # the view this many times the number's width
NUMBER_MARGIN_HIGH = 4.0  # or this many times its height, whichever is more
BADGE_INSET = 8  # pixels between the zoom shown on the canvas and the frame's corner
BADGE_TEXT = 0.8  # of the canvas's print: what it says is for the presenter, the digits' labels for the class


def ctrl_name() -> str:
    """The key held with the wheel to zoom, as the desktop names it: "Ctrl+" here, "⌘" on a Mac (Qt's
    Control is the Command key there), where "Ctrl+wheel" written out named the wrong key."""
    return key_name(QKeySequence(Qt.Modifier.CTRL.value))

class ZoomController(QObject):
    status_posted = Signal(str)  # a note about the picture shown (it goes with it)
    note_moot = Signal(str)  # that note, now the whole picture shows again: to take away if still shown

    def __init__(self, canvas: DrawingCanvas, recognizer: Recognizer, parent: QWidget) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._number: NumberReading | None = None
        self._number_of: PlacedImage | None = None  # the picture that number was read on
        # The pictures seen zoomed in, by the user or by itself: never zoomed in by itself again
        # (the user who zoomed first, or went back to one by undo, and chose the whole picture
        # keeps it whole). Weak: a picture gone from the history goes from here too.
        self._seen_closer: WeakSet[PlacedImage] = WeakSet()
        self._pen_down = False  # a stroke or a sweep under way
        self.zoom_in = QAction(self.tr("Zoom &in"), self)
        self.zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_in.triggered.connect(lambda: canvas.zoom_by(ladder_above(canvas.zoom()) / canvas.zoom()))
        self.zoom_out = QAction(self.tr("Zoom &out"), self)
        self.zoom_out.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_out.triggered.connect(lambda: canvas.zoom_by(ladder_below(canvas.zoom()) / canvas.zoom()))
        self.whole = QAction(self.tr("&Whole picture"), self)
        self.whole.setShortcut(QKeySequence("Ctrl+0"))
        self.whole.triggered.connect(canvas.fit_picture)
        self.to_number = QAction(self.tr("Zoom to the &number"), self)
        self.to_number.triggered.connect(self.show_number)
        self.indicator = QToolButton(parent)
        self.indicator.setAutoRaise(True)
        self.indicator.setAccessibleName(self.tr("Zoom"))
        self.indicator.setToolTip(
            self.tr("How close the picture is shown. {ctrl}wheel or a pinch zooms; click or {keys} for the whole picture").format(
                ctrl=ctrl_name(), keys=keys_text(self.whole)
            )
        )
        self.indicator.clicked.connect(canvas.fit_picture)
        # The same on the canvas, for presentation mode (no status bar there).
        self.badge = QToolButton(canvas)
        self.badge.setAccessibleName(self.tr("Zoom"))
        self.badge.setToolTip(
            self.tr("How close the picture is shown. Click or {keys} for the whole picture").format(keys=keys_text(self.whole))
        )
        self.badge.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on the canvas (its arrows pan)
        self.badge.setCursor(Qt.CursorShape.PointingHandCursor)
        self.badge.clicked.connect(canvas.fit_picture)
        self.badge.hide()
        self._on_canvas = False
        canvas.installEventFilter(self)  # its font and palette change with presentation mode
        canvas.view_changed.connect(self._update)
        canvas.strokes_changed.connect(self._pen_moved)
        recognizer.number_changed.connect(self._number_read)
        self._update()

    def populate_menu(self, menu: QMenu) -> None:
        menu.addActions([self.zoom_in, self.zoom_out, self.whole, self.to_number])

    def keyboard_actions(self) -> list[QAction]:
        return [self.zoom_in, self.zoom_out, self.whole]

    def indicator_text(self) -> str:
        """What the status bar says of the zoom: "Whole picture", "Zoom 400%"; "" without a picture."""
        if self._canvas.drawing().image is None:
            return ""
        zoom = self._canvas.zoom()
        if zoom <= 1.0:
            return self.tr("Whole picture")
        return self.tr("Zoom {percent}%").format(percent=percent_shown(zoom))

    def show_number(self) -> bool:
        """Zoom in to the number read on the picture shown; False when there is none."""
        region = self._number_region()
        if region is None:
            return False
        self._canvas.show_picture_region(*region)
        return True

    def _number_region(self) -> tuple[float, float, float, float] | None:
        """The view round the number read on the picture shown, in the picture's pixels."""
        number = self._number
        image = self._canvas.drawing().image
        if number is None or not number.digits or image is None or image is not self._number_of:
            return None
        digits = number.kept or number.digits
        left, top = min(d.box[0] for d in digits), min(d.box[1] for d in digits)
        right, bottom = max(d.box[2] for d in digits), max(d.box[3] for d in digits)
        side = max((right - left) * NUMBER_MARGIN_WIDE, (bottom - top) * NUMBER_MARGIN_HIGH)
        x, y = (left + right) / 2, (top + bottom) / 2
        return x - side / 2, y - side / 2, x + side / 2, y + side / 2

    def _number_read(self, number: NumberReading | None) -> None:
        image = self._canvas.drawing().image
        self._number, self._number_of = number, image
        # Written small and read closely: shown as it is, its boxes and labels would crowd a
        # corner of the picture. Once per picture, and never over a zoom the user chose.
        if (
            image is not None
            and image.number_close_up is not None
            and image not in self._seen_closer
            # A view moved under the pen would pull its stroke across the page: the reading
            # made as the pen lifts zooms instead.
            and not self._pen_down
            and self._canvas.zoom() <= 1.0
            and self.show_number()
            and self._canvas.zoom() > 1.0  # a picture too small to zoom into stays as it is, unremarked
        ):
            self.status_posted.emit(self.whole_picture_note())
        self._update()

    def _pen_moved(self, in_progress: bool) -> None:
        self._pen_down = in_progress

    def set_shown_on_canvas(self, on: bool) -> None:
        """Show the zoom on the canvas while zoomed in (presentation mode: the status bar is hidden), or stop."""
        self._on_canvas = on
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._canvas and event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._place_badge()
        return False

    def _place_badge(self) -> None:
        shown = self._on_canvas and self._canvas.drawing().image is not None and self._canvas.zoom() > 1.0
        self.badge.setVisible(shown)
        if not shown:
            return
        palette = self._canvas.palette()
        background = palette.color(QPalette.ColorRole.Base)
        self.badge.setStyleSheet(
            f"QToolButton {{ color: {palette.color(QPalette.ColorRole.Text).name()};"
            f" background: rgba({background.red()}, {background.green()}, {background.blue()}, 225);"
            f" border: 1px solid {palette.color(QPalette.ColorRole.Mid).name()}; border-radius: 4px; padding: 2px 8px; }}"
        )
        font = self._canvas.font()
        font.setPointSizeF(font.pointSizeF() * BADGE_TEXT)
        self.badge.setFont(font)
        self.badge.adjustSize()
        corner = self._canvas.viewport_rect().bottomRight().toPoint()
        self.badge.move(corner.x() - BADGE_INSET - self.badge.width(), corner.y() - BADGE_INSET - self.badge.height())
        self.badge.raise_()  # over the heat map and the number's boxes

    def whole_picture_note(self) -> str:
        """The status bar's note once the view zoomed in by itself (short: it must fit at 640 pixels)."""
        keys = keys_text(self.whole)
        if keys:
            return self.tr("{keys} shows the whole picture.").format(keys=keys)
        return self.tr("{action} in the View menu shows it all.").format(action=self.whole.text().replace("&", ""))

    def _update(self) -> None:
        if self._canvas.zoom() <= 1.0:
            self.note_moot.emit(self.whole_picture_note())
        elif self._canvas.drawing().image is not None:
            self._seen_closer.add(self._canvas.drawing().image)
        can = self._canvas.can_zoom()
        zoom, most = self._canvas.zoom(), self._canvas.most_zoom()
        self.zoom_in.setEnabled(can and zoom < most)
        self.zoom_out.setEnabled(can and zoom > 1.0)
        self.whole.setEnabled(can and zoom > 1.0)
        self.to_number.setEnabled(can and self._number_region() is not None)
        if self._canvas.drawing().image is None:
            tip = self.tr("Only a picture zooms: a drawing is always seen whole")
        elif not can:
            tip = self.tr("This picture is shown as close as it can be")
        else:
            tip = ""
        for action, own in (
            (self.zoom_in, self.tr("Show the picture closer ({ctrl}wheel, or pinch)").format(ctrl=ctrl_name())),
            (self.zoom_out, self.tr("Show more of the picture")),
            (self.whole, self.tr("Show the whole picture")),
            (self.to_number, self.tr("Zoom in to the number read on the picture")),
        ):
            action.setStatusTip(tip or own)
        text = self.indicator_text()
        self.indicator.setText(text)
        self.indicator.setVisible(bool(text))
        self.badge.setText(text)
        self._place_badge()
