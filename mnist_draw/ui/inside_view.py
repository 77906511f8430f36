"""'Look inside': every layer of the network for the drawing on the canvas, in order.

A window a learner keeps beside the main one: each convolution's and pooling's
feature maps as small greyscale tiles (bright where the feature is found), each
dense layer as a row of bars, and the output as one bar per answer, each with
its name and shape. The activations are the core's (:mod:`mnist_draw.inside`);
:func:`layer_pictures` turns them into pictures in a worker thread, so the
window only copies them to the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ..reading import percent_text
from .updating_mark import UpdatingMark

if TYPE_CHECKING:
    from ..inside import Layer

TITLE = QT_TRANSLATE_NOOP("InsideWindow", "Look inside the network")
INTRO = QT_TRANSLATE_NOOP(
    "InsideWindow",
    "Every layer of the network, in order, for the drawing on the canvas. Each tile is one feature map: "
    "bright where the feature it looks for is found. Dense layers are bars; the last layer is the answer.",
)
# Said after the intro while number mode shows one digit of the number.
OF_A_NUMBER = QT_TRANSLATE_NOOP("InsideWindow", "In Number mode: for the digit selected on the canvas.")
UPDATING = QT_TRANSLATE_NOOP("InsideWindow", "Updating: these layers are for the reading before the last change")
# A note of the views (show_why_control), in their context: translated where shown.
NOTHING_DRAWN = QT_TRANSLATE_NOOP("ShowWhyController", "Draw a digit to see how the network reads it, layer by layer.")
# The same in number mode, in its words (the panel says "Write a number"; the intro, that a selected digit is shown).
NOTHING_DRAWN_IN_NUMBER = QT_TRANSLATE_NOOP("ShowWhyController", "Write a number to see how the network reads the digit you select, layer by layer.")
COLUMNS_FEW = 8  # tiles a row for a layer of up to 32 maps
COLUMNS_MANY = 16
GAP = 2  # pixels between tiles
GAP_GREY = 96
DENSE_WIDTH = 512  # pixels for a dense layer's bars
DENSE_HEIGHT = 44
WEAKEST_SHARE = 0.1  # a map is brightened to its own peak, but never more than ten times the layer's


@dataclass(frozen=True)
class LayerPicture:
    """One layer, ready to show."""

    name: str  # "convolution 1: 32 feature maps 28x28"
    shape: tuple[int, ...]
    kind: str  # "conv", "pool", "dense" or "output"
    tiles: QImage | None  # feature maps as a grid of tiles (conv and pool)
    values: tuple[float, ...] = ()  # dense and output units
    labels: tuple[str, ...] = ()  # what each output unit stands for

    @property
    def caption(self) -> str:
        # The layer's name is the core's (mnist_draw.inside), in English.
        shape = " × ".join(str(n) for n in self.shape)
        return QCoreApplication.translate("InsideWindow", "{name}  ·  shape {shape}").format(name=self.name, shape=shape)


def layer_pictures(layers: Sequence[Layer]) -> list[LayerPicture]:
    """Pictures of ``layers`` (runs in a worker thread: numpy, QImage)."""
    from ..inside import output_labels

    pictures = []
    for layer in layers:
        if layer.is_maps:
            pictures.append(LayerPicture(layer.name, layer.shape, layer.kind, _tiles(layer.values)))
        else:
            values = tuple(float(v) for v in layer.values)
            labels = tuple(output_labels(len(values))) if layer.kind == "output" else ()
            pictures.append(LayerPicture(layer.name, layer.shape, layer.kind, None, values, labels))
    return pictures


def _tiles(maps) -> QImage:
    """The maps (height, width, count) as a grid of magnified greyscale tiles, in one
    array operation (a Python loop over hundreds of maps would cost the view its speed)."""
    import numpy as np

    height, width, count = maps.shape
    columns = min(count, COLUMNS_FEW if count <= 32 else COLUMNS_MANY)
    rows = -(-count // columns)
    scale = max(1, round(28 / height)) * (2 if count <= 32 else 1)
    peaks = maps.reshape(-1, count).max(axis=0)
    floor = max(float(peaks.max()) * WEAKEST_SHARE, 1e-6)
    grey = np.round(np.clip(maps / np.maximum(peaks, floor), 0, 1) * 255).astype(np.uint8)
    tiles = np.zeros((rows * columns, height, width), np.uint8)
    tiles[:count] = grey.transpose(2, 0, 1)
    tiles = tiles.repeat(scale, axis=1).repeat(scale, axis=2)
    # Each tile gets a GAP-wide grey border on its right and bottom; the last is cut off.
    tiles = np.pad(tiles, ((0, 0), (0, GAP), (0, GAP)), constant_values=GAP_GREY)
    tile_height, tile_width = tiles.shape[1:]
    mosaic = tiles.reshape(rows, columns, tile_height, tile_width).transpose(0, 2, 1, 3)
    mosaic = np.ascontiguousarray(mosaic.reshape(rows * tile_height, columns * tile_width)[:-GAP, :-GAP])
    rows_px, columns_px = mosaic.shape
    grey_image = QImage(mosaic.tobytes(), columns_px, rows_px, columns_px, QImage.Format.Format_Grayscale8)
    # In the screen's own format, so that painting the tiles on the UI thread is a plain copy.
    return grey_image.convertToFormat(QImage.Format.Format_RGB32)


class TilesView(QWidget):
    """A layer's feature maps, pixel for pixel as :func:`layer_pictures` made them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_image(self, image: QImage) -> None:
        resized = self._image is None or self._image.size() != image.size()
        self._image = image
        if resized:
            self.setFixedSize(image.size())
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image is not None:
            QPainter(self).drawImage(0, 0, self._image)


class UnitBars(QWidget):
    """A dense layer's units as a row of upright bars, or the output's answers as
    labelled horizontal bars with their percentages."""

    def __init__(self, labelled: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labelled = labelled
        self._values: tuple[float, ...] = ()
        self._labels: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_values(self, values: tuple[float, ...], labels: tuple[str, ...] = ()) -> None:
        if (values, labels) == (self._values, self._labels):
            return
        resized = len(values) != len(self._values)
        self._values, self._labels = values, labels
        if resized:
            self.setFixedSize(self.sizeHint())
        self.update()

    def values(self) -> tuple[float, ...]:
        return self._values

    def sizeHint(self) -> QSize:
        if self._labelled:
            return QSize(DENSE_WIDTH // 2 + 120, round(self.fontMetrics().height() * 1.3) * max(1, len(self._values)))
        return QSize(DENSE_WIDTH, DENSE_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._values:
            return
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        fill = self.palette().color(QPalette.ColorRole.Highlight)
        track = QColor(text)
        track.setAlphaF(0.1)
        if self._labelled:
            self._paint_answers(painter, text, fill, track)
        else:
            self._paint_units(painter, fill, track)

    def _paint_units(self, painter: QPainter, fill: QColor, track: QColor) -> None:
        count = len(self._values)
        peak = max(max(self._values), 1e-6)
        width = self.width() / count
        painter.fillRect(self.rect(), track)
        for index, value in enumerate(self._values):
            height = self.height() * max(0.0, value) / peak
            painter.fillRect(QRectF(index * width, self.height() - height, max(1.0, width - 1), height), fill)

    def _paint_answers(self, painter: QPainter, text: QColor, fill: QColor, track: QColor) -> None:
        metrics = self.fontMetrics()
        line = self.height() / len(self._values)
        label_width = max(metrics.horizontalAdvance(label) for label in self._labels) + 8
        percent_width = metrics.horizontalAdvance(">99%") + 8
        bar_width = self.width() - label_width - percent_width
        top = max(range(len(self._values)), key=lambda i: self._values[i])
        other = QColor(text)
        other.setAlphaF(0.38)
        for index, value in enumerate(self._values):
            y = index * line
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width - 8, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._labels[index]
            )
            bar = QRectF(label_width, y + line * 0.2, bar_width, line * 0.6)
            painter.fillRect(bar, track)
            shown = QRectF(bar)
            shown.setWidth(bar_width * min(max(value, 0.0), 1.0))
            painter.fillRect(shown, fill if index == top else other)
            painter.drawText(
                QRectF(self.width() - percent_width, y, percent_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                percent_text(value),
            )


class LayerRow(QWidget):
    """One layer: its caption, then its tiles or bars."""

    def __init__(self, picture: LayerPicture, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self.tiles = TilesView(self) if picture.tiles is not None else None
        self.bars = UnitBars(labelled=picture.kind == "output", parent=self) if picture.tiles is None else None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.tiles or self.bars, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_picture(picture)

    def show_picture(self, picture: LayerPicture) -> None:
        self.caption.setText(picture.caption)
        self.setAccessibleName(picture.caption)
        if self.tiles is not None and picture.tiles is not None:
            self.tiles.set_image(picture.tiles)
        elif self.bars is not None:
            self.bars.set_values(picture.values, picture.labels)


class InsideWindow(QWidget):
    """The layers of the model in use, live; or a plain note when it cannot show them."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr(TITLE))
        self.setAccessibleName(self.tr(TITLE))
        self.intro = QLabel(self.tr(INTRO), self)
        self.intro.setWordWrap(True)
        self.note = QLabel(QCoreApplication.translate("ShowWhyController", NOTHING_DRAWN), self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._rows: list[LayerRow] = []
        self._showing_rows = False
        self._layers = QWidget()
        self._layers_layout = QVBoxLayout(self._layers)
        self._layers_layout.setContentsMargins(8, 0, 8, 8)
        self._layers_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(self._layers)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        self._updating = UpdatingMark(self, self._layers, self.tr(UPDATING))
        self.resize(620, 760)

    def set_digit_of_a_number(self, on: bool) -> None:
        """Say (or stop saying) that what is shown is the selected digit of a number."""
        self.intro.setText(f"{self.tr(INTRO)} {self.tr(OF_A_NUMBER)}" if on else self.tr(INTRO))

    def set_updating(self, on: bool) -> None:
        """Dim the layers shown while a new reading is on its way (a picture read again), or stop:
        the views' controller says, as it alone knows whether what is shown is still the last reading."""
        self._updating.set_on(on)

    def is_updating(self) -> bool:
        return self._updating.is_on()

    def show_layers(self, pictures: Sequence[LayerPicture]) -> None:
        """Show these layers; rows are kept when the layers are the same as before,
        so a live update only repaints."""
        self.note.hide()
        if [row.caption.text() for row in self._rows] != [p.caption for p in pictures]:
            self._rebuild(pictures)
        else:
            for row, picture in zip(self._rows, pictures):
                row.show_picture(picture)
        if not self._showing_rows:
            for row in self._rows:
                row.show()
            self._showing_rows = True

    def show_note(self, text: str) -> None:
        """Show ``text`` instead of the layers (no activations model, nothing drawn).
        The rows are only hidden: the next drawing shows them again without building
        them anew, which would cost the pen a frame each time the canvas is cleared."""
        self.note.setText(text)
        self.note.show()
        for row in self._rows:
            row.hide()
        self._showing_rows = False

    def rows(self) -> list[LayerRow]:
        """The layers shown (none while the note is)."""
        return list(self._rows) if self._showing_rows else []

    def _rebuild(self, pictures: Sequence[LayerPicture]) -> None:
        for row in self._rows:
            row.deleteLater()
        self._rows = [LayerRow(picture, self._layers) for picture in pictures]
        for index, row in enumerate(self._rows):
            self._layers_layout.insertWidget(index, row)
        self._showing_rows = True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
