"""The status bar's passing notes: "Opened row.jpg (50 ms)", "Kept as a sample of 1", "Checking model.tflite…".

A note may come in a longer form too, with a hint after it ("Opened row.jpg (50 ms); draw
over it, right-drag erases marks"): that form shows where it fits whole, else the note
alone, so that no sentence is cut in two ("...; draw over it…" at 640 pixels). A note
still too long for its room is cut off with an ellipsis; what is left out is in the status
bar's tooltip.

A note shows for ``STATUS_SECONDS``, fitted to its room again whenever that room changes
(the status bar's width, or the widgets beside it growing, shrinking, showing or hiding,
such as the model's name when another model is put in use; so that it never runs under
them, nor stays cut off once they make room). A note about the drawing (opening, saving
or copying it, keeping it as a sample) goes as soon as the drawing it was about goes: the
canvas emptied, or its picture replaced, closed or undone away. Drawing over a picture, or
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
    """Shows the window's passing notes in ``bar``, beside the permanent widgets ``beside()`` gives.
    Those in ``gives_way`` (the model's name) step aside while a note needs their room."""

    def __init__(
        self,
        bar: QStatusBar,
        canvas: DrawingCanvas,
        beside: Callable[[], Sequence[QWidget]],
        gives_way: Sequence[QWidget] = (),
    ) -> None:
        super().__init__(bar)
        self._bar = bar
        self._canvas = canvas
        self._beside = beside
        self._gives_way = list(gives_way)
        self._stepped_aside: list[QWidget] = []  # hidden for the note showing: shown again when it goes
        self._text = ""  # the note in full; what shows may be cut off
        self._short = ""  # the note without its hint, shown where the whole does not fit
        self._shown = ""
        self._until = 0.0  # when it goes, on time.monotonic()'s clock
        self._about: Drawing | None = None  # the drawing a note about the drawing was posted over
        canvas.strokes_changed.connect(self._drawing_changed)
        bar.installEventFilter(self)
        bar.messageChanged.connect(self._message_changed)
        self._watched = [bar, *beside()]  # what ``beside`` gives exists already; only its visibility changes
        for widget in self._watched[1:]:
            widget.installEventFilter(self)

    def show(self, text: str) -> None:
        """A note about the model or the app: it passes by with time. "" takes the note away."""
        self._post(text, None)

    def show_about_drawing(self, text: str, with_hint: str = "") -> None:
        """A note about what the canvas shows: it goes with it, or with time. ``with_hint``: the
        note with a hint after it, shown instead where it fits."""
        self._post(text, self._canvas.drawing(), with_hint)

    def text(self) -> str:
        """The note showing now, in full ("" when none does)."""
        return self._text if self._is_showing() else ""

    def _post(self, text: str, about: Drawing | None, with_hint: str = "") -> None:
        self._text, self._short, self._about = (with_hint or text) if text else "", text, about
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
        # Those stepped aside for this note count as there: the room may have grown back for them.
        present = [widget for widget in self._beside() if widget.isVisible() or widget in self._stepped_aside]
        yielding = [widget for widget in present if widget in self._gives_way]
        staying = sum(widget.sizeHint().width() for widget in present if widget not in yielding)
        char = bar.fontMetrics().averageCharWidth()
        # The margins, the gaps between widgets and the size grip take about eight characters.
        alone = max(bar.width() - staying - 8 * char, 10 * char)
        shared = max(alone - sum(widget.sizeHint().width() for widget in yielding), 10 * char)
        metrics = bar.fontMetrics()
        # The whole note before the model's name, and the model's name before a hint.
        for text, room, aside in ((self._text, shared, False), (self._text, alone, True), (self._short, shared, False)):
            if metrics.horizontalAdvance(text) <= room:
                break
        else:
            text, room, aside = self._short, alone, True
        self._shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        for widget in yielding:
            widget.setVisible(not aside)
        self._stepped_aside = yielding if aside else []
        bar.showMessage(self._shown, milliseconds)
        bar.setToolTip(self._text if self._shown != self._text else "")

    def _message_changed(self, message: str) -> None:
        # Gone by time, or replaced by a menu item's status tip: what stepped aside comes back,
        # and the tooltip, about the note, goes.
        if message != self._shown or not message:
            self._bar.setToolTip("")
            stepped, self._stepped_aside = self._stepped_aside, []
            for widget in stepped:
                widget.show()

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
