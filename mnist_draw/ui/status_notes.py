"""The status bar's passing notes: "Opened row.jpg (50 ms)", "Kept as a sample of 1", "Checking model.tflite…".

A note shows for ``STATUS_SECONDS``, cut off with an ellipsis where the window is too
narrow for it (again whenever the room it has changes: the status bar's width, or
the widgets beside it growing, shrinking, showing or hiding, such as the model's
name when another model is put in use; so that it never runs under them, nor
stays cut off once they make room). A note about the drawing (opening, saving or copying it,
keeping it as a sample) goes as soon as the drawing it was about goes: the canvas
emptied, or its picture replaced, closed or undone away. Drawing over a picture, or
adding strokes to strokes, keeps the note: it is still about what is shown. Notes
about the model or its training are about neither, and pass by with time only.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QStatusBar, QWidget

if TYPE_CHECKING:
    from .canvas import Drawing, DrawingCanvas

STATUS_SECONDS = 6
# The events after which a note has more or less room: the bar's or a neighbour's size, or a neighbour come or gone.
ROOM_EVENTS = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


class StatusNotes(QObject):
    """Shows the window's passing notes in ``bar``, beside the permanent widgets ``beside()`` gives."""

    def __init__(self, bar: QStatusBar, canvas: DrawingCanvas, beside: Callable[[], Sequence[QWidget]]) -> None:
        super().__init__(bar)
        self._bar = bar
        self._canvas = canvas
        self._beside = beside
        self._text = ""  # the note in full; what shows may be cut off
        self._shown = ""
        self._until = 0.0  # when it goes, on time.monotonic()'s clock
        self._about: Drawing | None = None  # the drawing a note about the drawing was posted over
        canvas.strokes_changed.connect(self._drawing_changed)
        bar.installEventFilter(self)
        self._watched = [bar, *beside()]  # what ``beside`` gives exists already; only its visibility changes
        for widget in self._watched[1:]:
            widget.installEventFilter(self)

    def show(self, text: str) -> None:
        """A note about the model or the app: it passes by with time. "" takes the note away."""
        self._post(text, None)

    def show_about_drawing(self, text: str) -> None:
        """A note about what the canvas shows: it goes with it, or with time."""
        self._post(text, self._canvas.drawing())

    def text(self) -> str:
        """The note showing now, in full ("" when none does)."""
        return self._text if self._is_showing() else ""

    def _post(self, text: str, about: Drawing | None) -> None:
        self._text, self._about = text, about
        if not text:
            self._bar.clearMessage()
            self._shown = ""
            return
        self._until = time.monotonic() + STATUS_SECONDS
        self._show_fitted(STATUS_SECONDS * 1000)

    def _is_showing(self) -> bool:
        # A menu item's status tip replaces the note (and clears it as the pointer leaves).
        return bool(self._shown) and self._bar.currentMessage() == self._shown

    def _show_fitted(self, milliseconds: int) -> None:
        bar = self._bar
        beside = sum(widget.sizeHint().width() for widget in self._beside() if widget.isVisible())
        char = bar.fontMetrics().averageCharWidth()
        # The margins, the gaps between widgets and the size grip take about eight characters.
        room = max(bar.width() - beside - 8 * char, 10 * char)
        self._shown = bar.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, room)
        bar.showMessage(self._shown, milliseconds)

    def _drawing_changed(self, _in_progress: bool) -> None:
        about = self._about
        if about is None or not self._is_showing():
            return
        now = self._canvas.drawing()
        if now.image is not about.image or (now.is_empty and not about.is_empty):
            self._post("", None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._watched and event.type() in ROOM_EVENTS and self._is_showing():
            left = round((self._until - time.monotonic()) * 1000)
            if left > 0:
                self._show_fitted(left)
        return False
