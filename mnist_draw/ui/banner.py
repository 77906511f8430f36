"""A message across the top of the drawing: a picture that could not be read, a model
that could not be used. It floats over the window rather than taking a place in
its layout, so showing or hiding it never moves the canvas; never a dialog that
blocks drawing.

A passing message stays long enough to be read (longer than a status bar
message, and while the pointer rests on it), then goes by itself; the window
also dismisses it on the user's next action (drawing, clearing, opening a
picture), since it is about what came before. A sticky message (a model that
could not be used) is about how things stand, not about the last action: it
stays until the user dismisses it or its topic is resolved. A passing message
shown meanwhile covers it for a while, and when that one goes the sticky one
is back.

A message may offer one thing to do about it, as a button ("Read as a number"):
pressing it does that and dismisses the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QEnterEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStyle, QToolButton, QWidget


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# Tints laid over the window colour at low strength, so the banner reads as a
# warning or an error in light and dark themes alike.
_TINTS = {Level.INFO: QColor(60, 130, 230), Level.WARNING: QColor(230, 160, 20), Level.ERROR: QColor(220, 50, 50)}
_ICONS = {
    Level.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Level.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Level.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}
TINT_STRENGTH = 0.22
OVERLAY_MARGIN = 8  # pixels between the banner and the edges of what it floats over
# Time to read it: a few seconds, plus a little per character for long messages.
BASE_SECONDS = 10.0
SECONDS_PER_CHARACTER = 0.06
MAX_SECONDS = 30.0

# Something to do about a message: the button's words, and what it does.
Offer = Optional[tuple[str, Callable[[], None]]]


@dataclass(frozen=True)
class _Message:
    text: str
    level: Level
    topic: str
    offer: Offer
    sticky: bool


def reading_seconds(text: str) -> float:
    """How long a message stays on screen by itself."""
    return min(MAX_SECONDS, BASE_SECONDS + SECONDS_PER_CHARACTER * len(text))


class MessageBanner(QWidget):

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = Level.INFO
        self.topic = ""
        self.sticky = False
        self._shown: _Message | None = None
        self._covered: _Message | None = None  # a sticky message under the passing one shown, back when it goes
        self._host: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.dismiss())
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setTextFormat(Qt.TextFormat.PlainText)  # a file name "<b>.png" is words, not markup
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setAccessibleName(QCoreApplication.translate("MessageBanner", "Message"))
        self.close_button = close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(QCoreApplication.translate("MessageBanner", "Dismiss this message"))
        close.setAccessibleName(QCoreApplication.translate("MessageBanner", "Dismiss message"))
        close.clicked.connect(lambda: self.dismiss())
        self.offer_button = QPushButton(self)
        self.offer_button.hide()
        self.offer_button.clicked.connect(self._take_offer)
        self._offer: Callable[[], None] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        layout.addWidget(self.offer_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def float_over(self, host: QWidget) -> None:
        """Float across the top of ``host`` (a sibling or the parent), following its size."""
        self._host = host
        host.installEventFilter(self)
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self._place()
        return False

    def _place(self) -> None:
        if self._host is None:
            return
        host = self._host
        parent = self.parentWidget()
        top_left = host.rect().topLeft() if host is parent else host.mapTo(parent, host.rect().topLeft())
        width = max(1, host.width() - 2 * OVERLAY_MARGIN)
        layout = self.layout()
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else self.sizeHint().height()
        height = max(height, self.minimumSizeHint().height())
        self.setGeometry(top_left.x() + OVERLAY_MARGIN, top_left.y() + OVERLAY_MARGIN, width, height)
        self.raise_()

    def show_message(
        self, text: str, level: Level = Level.ERROR, topic: str = "", offer: Offer = None, sticky: bool = False
    ) -> None:
        """Show ``text``; ``topic`` lets a later success clear only its own kind of message;
        ``offer`` (words, action) adds a button that does something about it; a ``sticky``
        message stays until dismissed (see the module's docstring)."""
        if sticky:
            self._covered = None
        elif self.sticky and not self.isHidden():
            self._covered = self._shown
        self._show(_Message(text, level, topic, offer, sticky))

    def _show(self, message: _Message) -> None:
        text, level, offer = message.text, message.level, message.offer
        self._shown = message
        self.level = level
        self.topic = message.topic
        self.sticky = message.sticky
        self._text.setText(text)
        self._offer = offer[1] if offer is not None else None
        self.offer_button.setText(offer[0] if offer is not None else "")
        self.offer_button.setVisible(offer is not None)
        self.setAccessibleDescription(text)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._icon.setPixmap(self.style().standardIcon(_ICONS[level]).pixmap(size, size))
        self.show()
        self._place()
        self.update()
        if message.sticky:
            self._timer.stop()
        else:
            self._timer.start(round(reading_seconds(text) * 1000))

    def text(self) -> str:
        return "" if self.isHidden() else self._text.text()

    def offer_text(self) -> str:
        """The words on the message's button; empty when it offers nothing."""
        return "" if self.isHidden() or self._offer is None else self.offer_button.text()

    def _take_offer(self) -> None:
        action = self._offer
        self.dismiss()
        if action is not None:
            action()

    def dismiss(self, topic: str | None = None) -> None:
        """Hide the message; with ``topic``, only if it is about that (a covered sticky
        message about it goes too). A sticky message the shown one covered comes back."""
        if self._covered is not None and topic is not None and self._covered.topic == topic:
            self._covered = None
        if self.isHidden() or (topic is not None and topic != self.topic):
            return
        self._timer.stop()
        covered, self._covered = self._covered, None
        if covered is not None:
            self._show(covered)
        else:
            self.hide()

    def dismiss_passing(self) -> None:
        """The user's next action: a passing message is moot, a sticky one stays."""
        if not self.sticky:
            self.dismiss()

    # While the pointer rests on the message, the user is reading it: it waits.
    def enterEvent(self, event: QEnterEvent) -> None:
        self._timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible() and not self.sticky:
            self._timer.start(round(BASE_SECONDS * 1000))
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        # The tint is worked out at paint time from the current palette, so a
        # switch between light and dark needs no bookkeeping.
        base = self.palette().color(QPalette.ColorRole.Window)
        tint = _TINTS[self.level]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_mix(base, tint, 2 * TINT_STRENGTH), 1))
        painter.setBrush(_mix(base, tint, TINT_STRENGTH))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)


def _mix(base: QColor, tint: QColor, strength: float) -> QColor:
    return QColor.fromRgbF(*(b + (t - b) * strength for b, t in zip(base.getRgbF()[:3], tint.getRgbF()[:3])))
