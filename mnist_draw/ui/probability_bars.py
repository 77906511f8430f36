"""Ten bars, one per digit, showing how likely the model thinks each one is.

Each bar is its own small widget so screen readers can visit them one by one
("Digit 7, 98 percent"). Colours come from the palette, so the bars follow the
system's light or dark appearance.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ..reading import DIGITS, percent_text


class DigitBar(QWidget):
    """One digit's label, bar and percentage. A click on it says "the drawing is this digit"."""

    clicked = Signal(int)

    def __init__(self, digit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digit = digit
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"Click to teach the model that this drawing is a {digit}")
        self._probability: float | None = None
        self._highlighted = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"Digit {digit}")
        self._describe()

    def probability(self) -> float | None:
        return self._probability

    def is_highlighted(self) -> bool:
        return self._highlighted

    def set_value(self, probability: float | None, highlighted: bool) -> None:
        shown_before = self._shown()
        self._probability = probability
        self._highlighted = highlighted
        # While the pen moves most bars stay at "<1%": repainting only those that
        # visibly change keeps a live reading cheap.
        if self._shown() != shown_before:
            self._describe()
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.digit)
        super().mousePressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(240, round(self.fontMetrics().height() * 1.45))

    def minimumSizeHint(self) -> QSize:
        return QSize(140, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        label_width, percent_width = self._column_widths()
        height = self.height()

        if self._highlighted:
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, label_width, height), Qt.AlignmentFlag.AlignCenter, str(self.digit))

        track = self._track(label_width, percent_width)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_with_alpha(text, 0.09))
        painter.drawRoundedRect(track, 3, 3)
        if self._probability and track.width() * self._probability >= 1:
            fill = QRectF(track)
            fill.setWidth(track.width() * self._probability)
            colour = palette.color(QPalette.ColorRole.Highlight) if self._highlighted else _with_alpha(text, 0.38)
            painter.setBrush(colour)
            painter.drawRoundedRect(fill, 3, 3)

        painter.setPen(text if self._highlighted else _with_alpha(text, 0.75))
        painter.drawText(
            QRectF(self.width() - percent_width, 0, percent_width, height),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            percent_text(self._probability),
        )

    def _column_widths(self) -> tuple[int, int]:
        metrics = self.fontMetrics()
        return metrics.horizontalAdvance("00"), metrics.horizontalAdvance("  >99%")

    def _track(self, label_width: int, percent_width: int) -> QRectF:
        height = self.height()
        return QRectF(label_width + 4, height * 0.22, self.width() - label_width - percent_width - 8, height * 0.56)

    def _shown(self) -> tuple:
        """What the bar looks like: its text, its filled pixels and its highlight."""
        if self._probability is None:
            return (None, 0, self._highlighted)
        fill = round(self._track(*self._column_widths()).width() * self._probability)
        return (percent_text(self._probability), fill, self._highlighted)

    def _describe(self) -> None:
        if self._probability is None:
            self.setAccessibleDescription("no reading")
            return
        words = f"{self._probability * 100:.0f} percent"
        self.setAccessibleDescription(words + (", the likeliest" if self._highlighted else ""))


class ProbabilityBars(QWidget):
    digit_clicked = Signal(int)  # the user says the drawing is this digit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Probabilities of each digit")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.bars = [DigitBar(digit, self) for digit in range(DIGITS)]
        for bar in self.bars:
            layout.addWidget(bar)
            bar.clicked.connect(self.digit_clicked)

    def show_probabilities(self, probabilities: Sequence[float] | None) -> None:
        """Show ten probabilities, the largest highlighted; None empties the bars."""
        if probabilities is None:
            for bar in self.bars:
                bar.set_value(None, False)
            return
        top = max(range(DIGITS), key=lambda digit: probabilities[digit])
        for bar in self.bars:
            bar.set_value(float(probabilities[bar.digit]), bar.digit == top)

    def highlighted_digit(self) -> int | None:
        return next((bar.digit for bar in self.bars if bar.is_highlighted()), None)


def _with_alpha(colour: QColor, alpha: float) -> QColor:
    faded = QColor(colour)
    faded.setAlphaF(alpha)
    return faded
