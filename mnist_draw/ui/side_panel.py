"""The side panel: the reading in large type, the ten bars and what the model sees, stacked.

The reading has four states, each meant to be read at a glance from across a
desk: sure ("7", "98% sure"), not sure ("4 or 9", "Not sure: 4 or 9?"),
nothing to read ("Draw a digit" and the reason), and the model still loading.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..reading import Reading, percent_text
from .live_recognizer import LOADING_MESSAGE
from .preview import ModelInputView
from .probability_bars import ProbabilityBars

PANEL_WIDTH = 280
BIG_POINTS = 64  # the digit
DOUBT_POINTS = 36  # "4 or 9" needs more room than one digit
HEADLINE_SCALE = 1.25


class ReadingPanel(QWidget):
    """The readout, the bars and the model's input, beside the canvas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.readout = Readout(self)
        self.bars = ProbabilityBars(self)
        self.preview = ModelInputView(self)
        preview_caption = QLabel("What the model sees", self)
        preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        preview_caption.setBuddy(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addWidget(self.readout)
        layout.addSpacing(8)
        layout.addWidget(self.bars)
        layout.addStretch(1)
        layout.addWidget(preview_caption)
        layout.addWidget(self.preview)
        self.setFixedWidth(PANEL_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def show_reading(self, reading: Reading) -> None:
        self.readout.show_reading(reading)
        self.bars.show_probabilities(reading.probabilities)
        self.preview.show_pixels(reading.pixels)


class Readout(QWidget):
    """The digit in large type and how sure the model is, or why there is no digit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reading")
        self.big = QLabel(self)
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big.setAccessibleName("Recognised digit")
        self.headline = QLabel(self)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setAccessibleName("Confidence")
        headline_font = QFont(self.font())
        headline_font.setPointSizeF(headline_font.pointSizeF() * HEADLINE_SCALE)
        headline_font.setBold(True)
        self.headline.setFont(headline_font)
        self.detail = QLabel(self)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.big)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        # Reserve the height of the tallest state so the bars below do not jump.
        self.big.setMinimumHeight(self._big_font(BIG_POINTS).pointSize() * 2)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 2)
        self.show_reading(Reading(reason=LOADING_MESSAGE))

    def show_reading(self, reading: Reading) -> None:
        if reading.probabilities is None:
            loading = reading.reason == LOADING_MESSAGE
            # No big glyph for an empty canvas: the canvas itself invites drawing.
            self._set("…" if loading else "", BIG_POINTS, muted=True)
            self.headline.setText(LOADING_MESSAGE if loading else "Draw a digit")
            self.detail.setText("" if loading else (reading.reason or reading.error or ""))
            description = self.headline.text() + (f". {self.detail.text()}" if self.detail.text() else "")
        elif reading.is_sure:
            self._set(str(reading.digit), BIG_POINTS, muted=False)
            confidence = percent_text(reading.confidence)
            self.headline.setText(f"{confidence} sure")
            self.detail.setText("")
            description = f"The model reads {reading.digit}, {confidence} sure."
        else:
            first, second = reading.ranked[:2]
            probabilities = reading.probabilities
            self._set(f"{first} or {second}", DOUBT_POINTS, muted=False)
            self.headline.setText(f"Not sure: {first} or {second}?")
            self.detail.setText(f"{percent_text(probabilities[first])} against {percent_text(probabilities[second])}")
            description = f"Not sure: {first} or {second}? {self.detail.text()}."
        self.setAccessibleDescription(description)
        self.big.setAccessibleDescription(description)

    def _set(self, text: str, points: int, muted: bool) -> None:
        self.big.setText(text)
        self.big.setFont(self._big_font(points))
        self.big.setForegroundRole(QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.WindowText)

    def _big_font(self, points: int) -> QFont:
        font = QFont(self.font())
        font.setPointSize(points)
        font.setBold(True)
        return font
