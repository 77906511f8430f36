""" "What the model sees": its 28x28 input, magnified with square pixels.

Shown without smoothing, at a whole multiple of 28 pixels, so each of the
model's pixels is a crisp block. The input is white on black in every theme,
because that is what the model reads. With nothing to read, the square is the
panel's own colour, outlined with a dashed line and saying so in words: a black
square there looked like an input of blank paper the model had read. While the
input is still to come (the model loading), the outline alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

# preprocess.SIDE, written out: preprocess imports numpy, and this widget is on
# screen before numpy loads. tests/ui/test_preview.py keeps the two equal.
SIDE = 28
PREFERRED_SCALE = 5
NOTHING_TO_READ = QT_TRANSLATE_NOOP("ModelInputView", "Nothing to read")
# The words in an empty square: at most this share of its side across, so they never touch its outline.
WORDS_SHARE = 0.8


class ModelInputView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._waiting = False  # no input yet, but there may be one to read (show_pixels)
        self._data = b""  # the image's bytes, to tell a new picture from the same one again
        self._magnified: QPixmap | None = None  # the image at its on-screen size, made once per reading
        self._pixel_scale = PREFERRED_SCALE  # screen pixels per model pixel, as the panel's size allows
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("What the model sees"))
        self.setAccessibleDescription(
            self.tr("The 28 by 28 pixel image the model reads; empty when there is nothing to read.")
        )

    def show_pixels(self, pixels: Any, waiting: bool = False) -> None:
        """Show a 28x28 array of 0-1 values (numpy), or nothing for None. ``waiting``: none yet, the
        model loading or a picture being read: the outline without its words, since what is drawn
        may well be read (it said "Nothing to read" beside a digit drawn while the model loaded)."""
        if pixels is None:
            if self._image is None and waiting == self._waiting:
                return
            self._image = None
            self._waiting = waiting
        else:
            # Plain array methods: no numpy import needed here.
            data = (pixels.clip(0.0, 1.0) * 255 + 0.5).astype("uint8").tobytes()
            if self._image is not None and data == self._data:
                return  # the same picture again (the pen lifted, a view caught up): nothing to repaint
            self._image = QImage(data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()
            self._data = data
        self._magnified = None
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def waiting(self) -> bool:
        """Whether the outline stands for an input still to come (no words in it)."""
        return self._image is None and self._waiting

    def set_scale(self, scale: float) -> None:
        """Show each model pixel about ``scale`` times its usual size (a whole number of pixels)."""
        self._pixel_scale = max(2, round(PREFERRED_SCALE * scale))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        side = SIDE * self._pixel_scale + 2
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        return QSize(SIDE * 2 + 2, SIDE * 2 + 2)

    def pixels_rect(self) -> QRect:
        """Where the 28x28 pixels are drawn in the widget: a whole multiple of 28, centred."""
        scale = max(1, min(self.width() - 2, self.height() - 2) // SIDE)
        side = SIDE * scale
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        target = self.pixels_rect()
        side = target.width()
        if self._image is None:
            self._paint_nothing_to_read(painter, target)
            return
        painter.drawPixmap(target.topLeft(), self._magnified_pixmap(side))
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(target.adjusted(-1, -1, 0, 0))

    def _paint_nothing_to_read(self, painter: QPainter, target: QRect) -> None:
        """An outline, dashed, round words that say there is nothing to read, in the palette's
        colours (the same in a light and a dark theme): no input is shown, so none is pictured."""
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
        painter.drawRect(target.adjusted(-1, -1, 0, 0))
        if self._waiting:
            return
        font = QFont(self.font())
        words = self.tr(NOTHING_TO_READ)
        room = target.width() * WORDS_SHARE
        # As large as the panel's text, smaller only in a square too small for the words on two lines.
        widest = max(QFontMetrics(font).horizontalAdvance(word) for word in words.split())
        if widest > room:
            font.setPointSizeF(max(1.0, font.pointSizeF() * room / widest))
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, words)

    def _magnified_pixmap(self, side: int) -> QPixmap:
        # Scaled once with FastTransformation (nearest neighbour: square pixels), at
        # device resolution, then only copied to the screen on each paint.
        ratio = self.devicePixelRatioF()
        device_side = round(side * ratio)
        if self._magnified is None or self._magnified.width() != device_side:
            scaled = self._image.scaled(
                device_side, device_side, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation
            )
            self._magnified = QPixmap.fromImage(scaled)
            self._magnified.setDevicePixelRatio(ratio)
        return self._magnified
