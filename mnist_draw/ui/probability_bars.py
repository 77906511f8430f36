"""Ten bars, one per digit, showing how likely the model thinks each one is.

Each bar is its own small widget so screen readers can visit them one by one
("Digit 7, 98 percent"). Colours come from the palette, so the bars follow the
system's light or dark appearance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ..reading import DIGITS, percent_text
from .restyle import RESTYLE_EVENTS


DIMMED_OPACITY = 0.4
FOCUS_ROOM = 4  # pixels kept clear at the right for the focus ring
_CENTRED = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen


@dataclass(frozen=True)
class _BarStyle:
    """A bar's colours, bold font and column widths, for its current font and palette."""

    text: QColor
    track: QColor
    fill: QColor  # a bar that is not the top digit
    highlight: QColor
    percent: QColor  # the percentage of a bar that is not the top digit
    bold: QFont
    label_width: int
    percent_width: int


class DigitBar(QWidget):
    """One digit's label, bar and percentage. A click on it says "the drawing is this digit"."""

    clicked = Signal(int)

    def __init__(self, digit: int, parent: QWidget | None = None, teachable: bool = True) -> None:
        super().__init__(parent)
        self.digit = digit
        if teachable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            # Reached with Tab like a button, and pressed with Space or Enter: teaching needs no mouse.
            self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.setToolTip(self.tr("Click (or Space) to teach the model that this drawing is a {digit}").format(digit=digit))
        self._probability: float | None = None
        self._highlighted = False
        self._dimmed = False  # the drawing is not a digit: the bars are shown, but as an aside
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._bold = False  # presentation mode: every label and percentage in bold
        self._keyboard_focus = False  # the focus ring shows only when Tab brought the focus here
        self._style: _BarStyle | None = None
        self.setAccessibleName(self.tr("Digit {digit}").format(digit=digit))
        self._describe()

    def probability(self) -> float | None:
        return self._probability

    def is_highlighted(self) -> bool:
        return self._highlighted

    def set_value(self, probability: float | None, highlighted: bool, dimmed: bool = False) -> None:
        shown_before = self._shown()
        self._probability = probability
        self._highlighted = highlighted
        self._dimmed = dimmed
        # While the pen moves most bars stay at "<1%": repainting only those that
        # visibly change keeps a live reading cheap.
        if self._shown() != shown_before:
            self._describe()
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.digit)
        super().mousePressEvent(event)

    def set_text_size(self, points: float, bold: bool) -> None:
        font = QFont(self.font())
        font.setPointSizeF(points)
        self.setFont(font)
        self._bold = bold
        self.updateGeometry()
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        reasons = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason)
        self._keyboard_focus = event.reason() in reasons
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._keyboard_focus = False
        super().focusOutEvent(event)

    def has_visible_focus(self) -> bool:
        return self.hasFocus() and self._keyboard_focus

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.clicked.emit(self.digit)
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("0") * 28, round(metrics.height() * 1.45))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("0") * 16, self.sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in RESTYLE_EVENTS:
            self._style = None
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        style = self._bar_style()
        painter = QPainter(self)
        painter.setRenderHint(_ANTIALIASING)
        if self._dimmed:
            painter.setOpacity(DIMMED_OPACITY)
        label_width, percent_width = style.label_width, style.percent_width
        height = self.height()

        if self._highlighted or self._bold:
            painter.setFont(style.bold)
        painter.setPen(style.text)
        painter.drawText(QRectF(0, 0, label_width, height), _CENTRED, str(self.digit))

        track = self._track()
        painter.setPen(_NO_PEN)
        painter.setBrush(style.track)
        painter.drawRoundedRect(track, 3, 3)
        if self._probability and track.width() * self._probability >= 1:
            fill = QRectF(track)
            fill.setWidth(track.width() * self._probability)
            painter.setBrush(style.highlight if self._highlighted else style.fill)
            painter.drawRoundedRect(fill, 3, 3)

        painter.setPen(style.text if self._highlighted else style.percent)
        painter.drawText(
            QRectF(self.width() - percent_width - FOCUS_ROOM, 0, percent_width, height),
            _RIGHT,
            percent_text(self._probability),
        )
        if self.has_visible_focus():
            # A plain ring in the highlight colour, visible in every theme and at full strength when dimmed.
            painter.setOpacity(1.0)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(style.highlight, 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)

    def _bar_style(self) -> _BarStyle:
        if self._style is None:
            palette = self.palette()
            text = palette.color(QPalette.ColorRole.WindowText)
            bold = QFont(self.font())
            bold.setBold(True)
            metrics = self.fontMetrics()
            self._style = _BarStyle(
                text=text,
                track=_with_alpha(text, 0.09),
                fill=_with_alpha(text, 0.38),
                highlight=palette.color(QPalette.ColorRole.Highlight),
                percent=_with_alpha(text, 0.75),
                bold=bold,
                label_width=metrics.horizontalAdvance("00"),
                percent_width=metrics.horizontalAdvance("  >99%"),
            )
        return self._style

    def _track_width(self) -> int:
        """The width of the bar's track: what the digit's label and the percent leave."""
        style = self._bar_style()
        return self.width() - style.label_width - style.percent_width - 8

    def _track(self) -> QRectF:
        height = self.height()
        return QRectF(self._bar_style().label_width + 4, height * 0.22, self._track_width(), height * 0.56)

    def _shown(self) -> tuple:
        """What the bar looks like: its text, its filled pixels and its highlight."""
        if self._probability is None:
            return (None, 0, self._highlighted, self._dimmed)
        return (percent_text(self._probability), round(self._track_width() * self._probability), self._highlighted, self._dimmed)

    def _describe(self) -> None:
        if self._probability is None:
            self.setAccessibleDescription(self.tr("no reading"))
            return
        percent = round(self._probability * 100)
        if self._highlighted:
            self.setAccessibleDescription(self.tr("{percent} percent, the likeliest").format(percent=percent))
        else:
            self.setAccessibleDescription(self.tr("{percent} percent").format(percent=percent))


class ProbabilityBars(QWidget):
    digit_clicked = Signal(int)  # the user says the drawing is this digit

    def __init__(self, parent: QWidget | None = None, teachable: bool = True) -> None:
        """``teachable``: a click on a bar teaches the model (off where the bars only show)."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Probabilities of each digit"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.bars = [DigitBar(digit, self, teachable) for digit in range(DIGITS)]
        for bar in self.bars:
            layout.addWidget(bar)
            bar.clicked.connect(self.digit_clicked)
        self._base_points = self.font().pointSizeF()
        self._scale = 1.0
        self._bold = False

    def set_scale(self, scale: float) -> None:
        """Text and bars ``scale`` times their usual size."""
        self._scale = scale
        for bar in self.bars:
            bar.set_text_size(self._base_points * scale, self._bold)
        self.updateGeometry()  # the panel's layout keeps this widget's size hint until told

    def set_bold(self, bold: bool) -> None:
        self._bold = bold
        self.set_scale(self._scale)

    def show_probabilities(self, probabilities: Sequence[float] | None, dimmed: bool = False) -> None:
        """Show ten probabilities, the largest highlighted; None empties the bars.
        ``dimmed`` (the drawing is not a digit) shows them faded, nothing highlighted."""
        if probabilities is None:
            for bar in self.bars:
                bar.set_value(None, False)
            return
        top = max(range(DIGITS), key=lambda digit: probabilities[digit])
        for bar in self.bars:
            bar.set_value(float(probabilities[bar.digit]), bar.digit == top and not dimmed, dimmed)

    def is_dimmed(self) -> bool:
        return any(bar._dimmed for bar in self.bars)

    def highlighted_digit(self) -> int | None:
        return next((bar.digit for bar in self.bars if bar.is_highlighted()), None)


def _with_alpha(colour: QColor, alpha: float) -> QColor:
    faded = QColor(colour)
    faded.setAlphaF(alpha)
    return faded
