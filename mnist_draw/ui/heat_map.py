"""'Why this digit?': the occlusion heat map drawn over what the user drew.

The map itself is the core's (:mod:`mnist_draw.explain`); here it becomes a
small translucent picture in two colours, one for the ink that pushed the
reading towards the top digit and one for the ink that pushed it towards the
runner-up, and an overlay that lays that picture over a widget with a legend
naming both digits. Over the canvas it lies where the model's 28x28 field lies
over the strokes; over "what the model sees" it covers the whole preview.

:func:`heat_picture` and :func:`scale_map` run in a worker thread (numpy, and
smooth scaling to the map's size on screen); the overlay only copies what it is
given to the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from .restyle import RESTYLE_EVENTS

if TYPE_CHECKING:
    import numpy as np

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
PICTURE_NOTE = QT_TRANSLATE_NOOP("HeatMapOverlay", "For a picture the map is drawn over what the model sees, beside.")
LEANING_NOTE = QT_TRANSLATE_NOOP(
    "HeatMapOverlay", "Writing leaning this far is set more upright before it is read: the map is drawn over what the model sees, beside."
)
NUMBER_NOTE = QT_TRANSLATE_NOOP("HeatMapOverlay", "In Number mode the map is drawn over what the model sees of the selected digit, beside.")
# A drawing turned away as not a digit still has a nearest digit: the map says what pulled it there,
# not why a digit was chosen (none was, and the panel says "Not a digit").
TURNED_AWAY_NOTE = QT_TRANSLATE_NOOP("HeatMapOverlay", "Not a digit: the model turned it away. The colours show what still pulled it towards a digit.")


@dataclass(frozen=True, eq=False)
class ScaledMap:
    """A heat map's image already scaled to where it lies on screen, so painting it
    is a copy. Made by :func:`scale_map`, in the worker thread for a live drawing."""

    image: QImage  # premultiplied ARGB, at ``ratio`` device pixels a pixel
    at: QPointF  # its top left, in the overlay's coordinates (a whole device pixel)
    target: tuple[float, float, float, float]  # the rectangle the map was scaled into
    clip: tuple[float, float, float, float]  # and where it was cut off
    ratio: float
    picture_image: QImage  # the 28x28 image it was made from

    def fits(self, target: QRectF, clip: QRectF, ratio: float) -> bool:
        """Whether it was made for this place, cut and screen."""
        return (self.target, self.clip, self.ratio) == (target.getRect(), clip.getRect(), ratio)


@dataclass(frozen=True)
class HeatPicture:
    """A heat map ready to paint: a 28x28 translucent image and what it compares."""

    image: QImage
    top: int
    runner_up: int
    # Where the image goes, in the paper units of the canvas (left, top, width,
    # height); None: over the 28x28 preview of what the model sees (a picture).
    field: tuple[float, float, float, float] | None
    scaled: ScaledMap | None = None  # the image already scaled for the canvas, if made
    is_digit: bool = True  # False: the reading turned the drawing away; ``top`` is only its nearest digit


def scale_map(image: QImage, target: QRectF, clip: QRectF, ratio: float) -> ScaledMap:
    """``image`` smoothly scaled into ``target`` (an overlay's coordinates) and cut off
    at ``clip``, at ``ratio`` device pixels a pixel. Runs in any thread: it paints
    on a QImage, never a widget. The pixels are those the overlay used to paint
    itself: the same smooth scaling into the same rectangle, only on a smaller image
    that starts on a whole device pixel, so copying it moves no pixel."""
    device, at = _on_device_pixels(target.intersected(clip), ratio)
    scaled = QImage(device, QImage.Format.Format_ARGB32_Premultiplied)
    scaled.setDevicePixelRatio(ratio)
    scaled.fill(Qt.GlobalColor.transparent)
    painter = QPainter(scaled)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-at)
    painter.setClipRect(clip)
    painter.drawImage(target, image)
    painter.end()
    return ScaledMap(scaled, at, target.getRect(), clip.getRect(), ratio, image)


def _on_device_pixels(area: QRectF, ratio: float) -> tuple[QSize, QPointF]:
    """The size in device pixels of an image covering ``area``, and where it goes so
    that it starts on a whole device pixel (at a ratio like 1.5 a whole pixel may not be)."""
    device = QRectF(area.x() * ratio, area.y() * ratio, area.width() * ratio, area.height() * ratio).toAlignedRect()
    return QSize(max(1, device.width()), max(1, device.height())), QPointF(device.left() / ratio, device.top() / ratio)


def heat_picture(
    explanation: Explanation, pixels: np.ndarray, field: tuple[float, float, float, float] | None, is_digit: bool = True
) -> HeatPicture:
    """The two-colour image of ``explanation`` of the 28x28 input ``pixels``
    (runs anywhere: QImage needs no UI thread). The colour stays on and around
    the ink: the map says which ink mattered, and colour on empty paper would
    only make a learner look for ink that is not there. ``is_digit``: whether the reading
    explained chose a digit (False: it turned the drawing away as not a digit)."""
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
    return HeatPicture(image, explanation.top, explanation.runner_up, field, is_digit=is_digit)


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
    pen and touch event through to it. The canvas repaints on every pen move, and
    this layer with it, so each paint only copies two ready images, each no larger
    than it must be: the map scaled to its place (made in the worker thread when the
    picture comes with a :class:`ScaledMap` for the current size, else here once per
    picture and size) and the legend (made once per pair of digits and size).
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
        self._scaled: ScaledMap | None = None  # made here, when the picture's own does not fit
        self._legend_image: tuple[QPixmap, QPointF] | None = None
        self._legend_key: tuple | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setAccessibleName(self.tr("Why this digit"))
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self.hide()

    def picture(self) -> HeatPicture | None:
        return self._picture

    def note(self) -> str:
        return self._note

    def show_picture(self, picture: HeatPicture | None, note: str = "") -> None:
        """Paint ``picture`` (None: nothing), with ``note`` under the legend (after saying
        that no digit was chosen, for a drawing turned away)."""
        turned_away = self.tr(TURNED_AWAY_NOTE) if picture is not None and not picture.is_digit else ""
        self._picture, self._note = picture, " ".join(text for text in (turned_away, self.tr(note) if note else "") if text)
        if picture is not None:
            # Said first: a screen reader's user hears that no digit was chosen before which ink pulled where.
            said = (turned_away, legend_text(picture), self.tr(note) if note else "")
            self.setAccessibleDescription(" ".join(text for text in said if text))
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in RESTYLE_EVENTS:
            self._legend_key = None  # the legend's colours or text size changed
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._picture is None:
            return
        painter = QPainter(self)
        scaled = self.scaled_map()
        if scaled is not None:
            painter.drawImage(scaled.at, scaled.image)
        if self._legend:
            image, at = self._legend_layer()
            painter.drawPixmap(at, image)

    def scaled_map(self) -> ScaledMap | None:
        """The map as it is painted now: the picture's own when it was made for this
        size, else one made here (once per picture and size); None: no map here."""
        assert self._picture is not None
        target = self._field_rect(self._picture)
        if target is None:
            return None
        clip, ratio = self._clip_rect(), self.devicePixelRatioF()
        made = self._picture.scaled
        if made is not None and made.fits(target, clip, ratio):
            return made
        if self._scaled is None or self._scaled.picture_image is not self._picture.image or not self._scaled.fits(
            target, clip, ratio
        ):
            self._scaled = scale_map(self._picture.image, target, clip, ratio)
        return self._scaled

    def _legend_layer(self) -> tuple[QPixmap, QPointF]:
        # Checked on every pen move: only what is quick to ask is in the key; a new
        # palette or font clears it (changeEvent).
        picture = self._picture
        assert picture is not None
        ratio = self.devicePixelRatioF()
        key = (picture.top, picture.runner_up, picture.is_digit, self._note, self._clip_rect().getRect(), ratio)
        if self._legend_image is None or key != self._legend_key:
            box = self._legend_box()
            size, at = _on_device_pixels(box.adjusted(-1, -1, 1, 1), ratio)  # room for the frame's soft edge
            image = QPixmap(size)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setFont(self.font())  # a pixmap's painter takes the application's, not the one the box is measured in
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(-at)
            painter.setClipRect(self._clip_rect())
            self._paint_legend(painter, box)
            painter.end()
            self._legend_image, self._legend_key = (image, at), key
        return self._legend_image

    def _legend_rows(self) -> list[tuple[QColor, str]]:
        picture = self._picture
        assert picture is not None
        if not picture.is_digit:
            return [
                (TOWARDS_TOP, self.tr("towards {digit}, the nearest digit").format(digit=picture.top)),
                (TOWARDS_RUNNER_UP, self.tr("towards {digit}").format(digit=picture.runner_up)),
            ]
        return [
            (TOWARDS_TOP, self.tr("towards {digit}").format(digit=picture.top)),
            (TOWARDS_RUNNER_UP, self.tr("towards {digit}").format(digit=picture.runner_up)),
        ]

    def _note_size(self) -> tuple[int, int]:
        if not self._note:
            return 0, 0
        metrics = self.fontMetrics()
        width = min(metrics.horizontalAdvance(self._note), round(self._clip_rect().width() * 0.7))
        height = metrics.boundingRect(0, 0, width, 1000, Qt.TextFlag.TextWordWrap, self._note).height()
        return width, height

    def _legend_box(self) -> QRectF:
        """The legend's box: at the bottom left of the clip rectangle, as large as its text."""
        area = self._clip_rect()
        metrics = self.fontMetrics()
        swatch = round(metrics.height() * 0.8)
        text_width = max(metrics.horizontalAdvance(text) for _, text in self._legend_rows())
        note_width, note_height = self._note_size()
        width = max(swatch + 6 + text_width, note_width) + 12
        height = len(self._legend_rows()) * metrics.height() + (note_height + 4 if self._note else 0) + 10
        return QRectF(area.left() + 8, area.bottom() - height - 8, width, height)

    def _paint_legend(self, painter: QPainter, box: QRectF) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        swatch = round(line * 0.8)
        background = QColor(self.palette().color(QPalette.ColorRole.Base))
        background.setAlphaF(0.88)
        painter.setPen(QColor(self.palette().color(QPalette.ColorRole.Mid)))
        painter.setBrush(background)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        y = box.top() + 5
        for colour, text in self._legend_rows():
            painter.fillRect(QRectF(box.left() + 6, y + (line - swatch) / 2, swatch, swatch), colour)
            painter.drawText(QPointF(box.left() + 6 + swatch + 6, y + metrics.ascent()), text)
            y += line
        if self._note:
            note_width, note_height = self._note_size()
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(box.left() + 6, y + 4, note_width, note_height), Qt.TextFlag.TextWordWrap, self._note)


def legend_text(picture: HeatPicture) -> str:
    """The legend in words, for screen readers and tests."""
    if not picture.is_digit:
        return QCoreApplication.translate(
            "HeatMapOverlay", "Orange: ink that pulled the model towards {top}, the nearest digit. Blue: ink that pulled it towards {runner_up}."
        ).format(top=picture.top, runner_up=picture.runner_up)
    return QCoreApplication.translate(
        "HeatMapOverlay",
        "Orange: ink that pushed the reading towards {top}. Blue: ink that pushed it towards {runner_up}, the runner-up.",
    ).format(top=picture.top, runner_up=picture.runner_up)
