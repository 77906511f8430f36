"""A message across the top of the window: a picture that could not be read, a model
that could not be used. Stays until dismissed or replaced, unlike a status bar
message that scrolls away before it is read; never a dialog that blocks drawing.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QWidget


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


class MessageBanner(QWidget):

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = Level.INFO
        self.topic = ""
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setAccessibleName("Message")
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss this message")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(lambda: self.dismiss())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, level: Level = Level.ERROR, topic: str = "") -> None:
        """Show ``text``; ``topic`` lets a later success clear only its own kind of message."""
        self.level = level
        self.topic = topic
        self._text.setText(text)
        self.setAccessibleDescription(text)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._icon.setPixmap(self.style().standardIcon(_ICONS[level]).pixmap(size, size))
        self.show()
        self.update()

    def text(self) -> str:
        return "" if self.isHidden() else self._text.text()

    def dismiss(self, topic: str | None = None) -> None:
        """Hide the message; with ``topic``, only if it is about that."""
        if self.isHidden() or (topic is not None and topic != self.topic):
            return
        self.hide()

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
