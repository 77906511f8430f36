"""'Why this digit?': the occlusion heat map drawn over what the user drew.

The map itself is the core's (:mod:`mnist_draw.explain`); here it becomes a
small translucent picture in two colours, one for the ink that pushed the
reading towards the top digit and one for the ink that pushed it towards the
runner-up, and an overlay that lays that picture over a widget with a legend
naming both digits. Over the canvas it lies where the model's 28x28 field lies
over the strokes; over "what the model sees" it covers the whole preview.

:func:`heat_picture` runs in a worker thread (it imports numpy); the overlay
only paints what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ..explain import Explanation

# Orange and blue: told apart with every common colour-vision deficiency, and
# both visible over black ink on white paper and white ink on black.
TOWARDS_TOP = QColor(230, 97, 0)
TOWARDS_RUNNER_UP = QColor(26, 95, 180)
MAX_OPACITY = 0.72
FAINTEST = 0.06  # weights below this share of the strongest are left clear
GAMMA = 0.7  # lifts the middling weights, so more than the single strongest patch shows
INK_LEVEL = 0.1  # model-input brightness that counts as ink
INK_REACH = 1  # model pixels around the ink the colour may spread to
PICTURE_NOTE = "For a picture the map is drawn over what the model sees, beside."


@dataclass(frozen=True)
class HeatPicture:
    """A heat map ready to paint: a 28x28 translucent image and what it compares."""

    image: QImage
    top: int
    runner_up: int
    # Where the image goes, in the paper units of the canvas (left, top, width,
    # height); None: over the 28x28 preview of what the model sees (a picture).
    field: tuple[float, float, float, float] | None


def heat_picture(
    explanation: Explanation, pixels, field: tuple[float, float, float, float] | None
) -> HeatPicture:
    """The two-colour image of ``explanation`` of the 28x28 input ``pixels``
    (runs anywhere: QImage needs no UI thread). The colour stays on and around
    the ink: the map says which ink mattered, and colour on empty paper would
    only make a learner look for ink that is not there."""
    import numpy as np

    scaled = explanation.scaled()
    strength = np.abs(scaled)
    alpha = np.where(strength < FAINTEST, 0.0, strength**GAMMA * MAX_OPACITY) * _near_ink(np.asarray(pixels))
    rgba = np.zeros(scaled.shape + (4,), np.uint8)
    for sign, colour in ((scaled > 0, TOWARDS_TOP), (scaled < 0, TOWARDS_RUNNER_UP)):
        rgba[sign, 0], rgba[sign, 1], rgba[sign, 2] = colour.red(), colour.green(), colour.blue()
    rgba[..., 3] = np.round(alpha * 255).astype(np.uint8)
    height, width = scaled.shape
    image = QImage(rgba.tobytes(), width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
    return HeatPicture(image, explanation.top, explanation.runner_up, field)


def _near_ink(pixels):
    """1 on the ink and within INK_REACH pixels of it, fading to 0 a pixel further."""
    import numpy as np

    inked = np.asarray(pixels, np.float32) > INK_LEVEL
    reach = INK_REACH + 1
    padded = np.pad(inked, reach)
    side = inked.shape[0]
    near = np.zeros((INK_REACH + 2,) + inked.shape, bool)
    for distance in range(INK_REACH + 2):
        for dy in range(-distance, distance + 1):
            for dx in range(-distance, distance + 1):
                near[distance] |= padded[reach + dy : reach + dy + side, reach + dx : reach + dx + side]
    mask = (near[INK_REACH].astype(np.float32) + near[INK_REACH + 1]) / 2
    # A 3x3 mean rounds the mask's stairs along slanted strokes.
    padded_mask = np.pad(mask, 1, mode="edge")
    mask = sum(padded_mask[dy : dy + side, dx : dx + side] for dy in range(3) for dx in range(3)) / 9
    # The field's edge cuts the colour off; halving the outermost ring softens the cut.
    mask[[0, -1], :] *= 0.5
    mask[:, [0, -1]] *= 0.5
    return mask


class HeatMapOverlay(QWidget):
    """A transparent layer over ``target`` that paints a heat map and, if asked, its legend.

    ``field_rect`` maps a heat picture to the target's coordinates (None: paint
    nothing there). The overlay follows the target's size and lets every mouse,
    pen and touch event through to it.
    """

    def __init__(
        self,
        target: QWidget,
        field_rect: Callable[[HeatPicture], QRectF | None],
        clip_rect: Callable[[], QRectF],
        legend: bool,
    ) -> None:
        super().__init__(target)
        self._field_rect = field_rect
        self._clip_rect = clip_rect
        self._legend = legend
        self._picture: HeatPicture | None = None
        self._note = ""
        self._cache: QPixmap | None = None
        self._cache_key: tuple | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setAccessibleName("Why this digit")
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self.hide()

    def picture(self) -> HeatPicture | None:
        return self._picture

    def note(self) -> str:
        return self._note

    def show_picture(self, picture: HeatPicture | None, note: str = "") -> None:
        """Paint ``picture`` (None: nothing), with ``note`` under the legend."""
        self._picture, self._note = picture, note
        if picture is not None:
            self.setAccessibleDescription(legend_text(picture) + (f" {note}" if note else ""))
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._picture is None:
            return
        QPainter(self).drawPixmap(0, 0, self._layer())

    def _layer(self) -> QPixmap:
        """The map and legend, painted once per map and size: the canvas repaints on
        every pen move, and scaling the map smoothly each time would slow the pen."""
        assert self._picture is not None
        target = self._field_rect(self._picture)
        ratio = self.devicePixelRatioF()
        colours = self.palette().color(QPalette.ColorRole.Base).rgba(), self.palette().color(QPalette.ColorRole.Text).rgba()
        key = (self._picture, self._note, self.size(), ratio, None if target is None else target.getRect(), colours)
        if self._cache is None or key != self._cache_key:
            layer = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            layer.setDevicePixelRatio(ratio)
            layer.fill(Qt.GlobalColor.transparent)
            painter = QPainter(layer)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setClipRect(self._clip_rect())
            if target is not None:
                painter.drawImage(target, self._picture.image)
            if self._legend:
                self._paint_legend(painter)
            painter.end()
            self._cache, self._cache_key = layer, key
        return self._cache

    def _paint_legend(self, painter: QPainter) -> None:
        picture = self._picture
        assert picture is not None
        area = self._clip_rect()
        metrics = self.fontMetrics()
        line = metrics.height()
        swatch = round(line * 0.8)
        rows = [(TOWARDS_TOP, f"towards {picture.top}"), (TOWARDS_RUNNER_UP, f"towards {picture.runner_up}")]
        text_width = max(metrics.horizontalAdvance(text) for _, text in rows)
        note_lines = [self._note] if self._note else []
        note_width = min(metrics.horizontalAdvance(self._note), round(area.width() * 0.7)) if self._note else 0
        width = max(swatch + 6 + text_width, note_width) + 12
        note_height = (
            metrics.boundingRect(0, 0, note_width, 1000, Qt.TextFlag.TextWordWrap, self._note).height() if self._note else 0
        )
        height = len(rows) * line + (note_height + 4 if note_lines else 0) + 10
        box = QRectF(area.left() + 8, area.bottom() - height - 8, width, height)
        background = QColor(self.palette().color(QPalette.ColorRole.Base))
        background.setAlphaF(0.88)
        painter.setPen(QColor(self.palette().color(QPalette.ColorRole.Mid)))
        painter.setBrush(background)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        y = box.top() + 5
        for colour, text in rows:
            painter.fillRect(QRectF(box.left() + 6, y + (line - swatch) / 2, swatch, swatch), colour)
            painter.drawText(QPointF(box.left() + 6 + swatch + 6, y + metrics.ascent()), text)
            y += line
        if self._note:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRectF(box.left() + 6, y + 4, note_width, note_height), Qt.TextFlag.TextWordWrap, self._note
            )


def legend_text(picture: HeatPicture) -> str:
    """The legend in words, for screen readers and tests."""
    return (
        f"Orange: ink that pushed the reading towards {picture.top}. "
        f"Blue: ink that pushed it towards {picture.runner_up}, the runner-up."
    )
