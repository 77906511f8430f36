"""'Compare with the tutorial networks': the same drawing read by this app's
network and by the two networks of the classic MNIST tutorials, side by side.

Each column shows a network's answer, its ten bars and the 28x28 picture it was
fed. The tutorial networks are fed the tutorial's way (the whole canvas shrunk
to 28x28) or, switchable, through this app's preparation, so a learner sees
what the preparation and the app's training each change. The readings are the
core's (:mod:`mnist_draw.tutorial_networks`), made in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QImage, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..reading import percent_text
from .preview import ModelInputView
from .probability_bars import ProbabilityBars
from .updating_mark import UpdatingMark

if TYPE_CHECKING:
    import numpy as np

    from ..tutorial_networks import NetworkReading

TITLE = QT_TRANSLATE_NOOP("CompareWindow", "Compare with the tutorial networks")
INTRO = QT_TRANSLATE_NOOP(
    "CompareWindow",
    "The same drawing, read by this app's network and by the networks of the two classic MNIST tutorials, "
    "trained the tutorials' way on MNIST alone.",
)
# Written out rather than imported: tutorial_networks imports numpy, and this
# window's module is imported before numpy loads. tests/ui/test_compare_view.py keeps them equal.
TUTORIAL_WAY = "tutorial"
APP_WAY = "app"
WAY_TEXTS = {
    TUTORIAL_WAY: QT_TRANSLATE_NOOP("CompareWindow", "Feed the tutorial networks the whole canvas, shrunk to 28×28 (the tutorial's way)"),
    APP_WAY: QT_TRANSLATE_NOOP("CompareWindow", "Feed them this app's preparation: cropped to the ink, fitted into 20×20, centred"),
}
COLUMNS = (
    (
        "app",
        QT_TRANSLATE_NOOP("CompareWindow", "This app's network"),
        QT_TRANSLATE_NOOP("CompareWindow", "averaged CNNs, trained on augmented MNIST and pen-drawn digits"),
    ),
    ("tutorial-cnn", QT_TRANSLATE_NOOP("CompareWindow", "Tutorial CNN"), QT_TRANSLATE_NOOP("CompareWindow", "3 convolutions, 2 poolings, dense 64")),
    ("tutorial-mlp", QT_TRANSLATE_NOOP("CompareWindow", "Tutorial dense network"), QT_TRANSLATE_NOOP("CompareWindow", "784-128-64-10 with dropout")),
)
# Said after the intro while number mode shows one digit of the number.
OF_A_NUMBER = QT_TRANSLATE_NOOP("CompareWindow", "In Number mode they read the digit selected on the canvas; the tutorial networks are given it on its own.")
UPDATING = QT_TRANSLATE_NOOP("CompareWindow", "Updating: these readings are of the drawing before the last change")
FED_CAPTION = QT_TRANSLATE_NOOP("CompareWindow", "What it was fed")
DIGIT_POINTS = 40
DIGIT_SHARE = 0.7  # about how much of its canvas's side a digit drawn alone fills


@dataclass(frozen=True)
class Comparison:
    """The three readings of one drawing, and the 28x28 input each network was fed."""

    way: str
    readings: Sequence[NetworkReading]
    fed: dict[str, Any] = field(default_factory=dict)  # name -> 28x28 pixels, or None


def canvas_pixels(image: QImage) -> np.ndarray:
    """A picture of the canvas as a greyscale uint8 array (runs in a worker thread: numpy)."""
    import numpy as np

    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), np.uint8, grey.sizeInBytes()).reshape(grey.height(), grey.bytesPerLine())
    return rows[:, : grey.width()].copy()


def digit_square(canvas: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """One digit of a number as a tutorial's app would have been given it: what is in its
    ``box`` (left, top, right, bottom, one canvas pixel a paper unit) alone, on the canvas's
    paper, in a square it fills as a lone digit fills the canvas it was drawn on (its
    neighbours' ink left out). Runs in a worker thread: numpy."""
    import numpy as np

    rows, columns = canvas.shape[:2]
    left, top = max(0, int(box[0])), max(0, int(box[1]))
    right, bottom = min(columns, int(np.ceil(box[2]))), min(rows, int(np.ceil(box[3])))
    side = max(round(max(right - left, bottom - top) / DIGIT_SHARE), 1)
    crop = canvas[top:bottom, left:right]
    # The paper is the shade round the digit, at the edge of its box (which holds a margin):
    # the whole canvas's would be the window's paper round a photo, a frame round its digit.
    rim = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]]).reshape(-1, *canvas.shape[2:])
    paper = np.median(rim, axis=0).astype(canvas.dtype)
    square = np.empty((side, side, *canvas.shape[2:]), canvas.dtype)
    square[...] = paper.reshape(canvas.shape[2:])
    x, y = (side - (right - left)) // 2, (side - (bottom - top)) // 2
    square[y : y + bottom - top, x : x + right - left] = crop
    return square


class NetworkColumn(QWidget):
    def __init__(self, name: str, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        title = QCoreApplication.translate("CompareWindow", title)
        heading = QLabel(title, self)
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # As tall in every column as the longest description needs (CompareWindow.eventFilter),
        # so the bars line up across them.
        self.about = QLabel(QCoreApplication.translate("CompareWindow", description), self)
        self.about.setWordWrap(True)
        self.about.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.about.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.answer = QLabel("–", self)
        big = QFont(self.answer.font())
        big.setPointSize(DIGIT_POINTS)
        big.setBold(True)
        self.answer.setFont(big)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confidence = QLabel(self)
        self.confidence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bars = ProbabilityBars(self, teachable=False)
        fed_caption = QLabel(QCoreApplication.translate("CompareWindow", FED_CAPTION), self)
        fed_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fed = ModelInputView(self)
        fed_caption.setBuddy(self.fed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        for widget in (heading, self.about, self.answer, self.confidence, self.bars, fed_caption, self.fed):
            layout.addWidget(widget)
        self.setAccessibleName(title)

    def show_reading(self, reading: NetworkReading | None, fed: Any) -> None:
        probabilities = None if reading is None else reading.probabilities
        if probabilities is None:
            self.answer.setText("–")
            self.confidence.setText(self.tr("nothing to read"))
        else:
            self.answer.setText(str(reading.digit))
            self.confidence.setText(self.tr("{confidence} sure").format(confidence=percent_text(float(probabilities[reading.digit]))))
        self.bars.show_probabilities(probabilities)
        self.fed.show_pixels(fed)
        self.setAccessibleDescription(
            self.tr("reads {digit}, {confidence}").format(digit=self.answer.text(), confidence=self.confidence.text())
        )


class CompareWindow(QWidget):
    """Three networks' readings of the drawing, live, with the way of feeding them switchable."""

    way_changed = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr(TITLE))
        self.setAccessibleName(self.tr(TITLE))
        self.intro = QLabel(self.tr(INTRO), self)
        self.intro.setWordWrap(True)
        self._ways = QButtonGroup(self)
        self.way_buttons: dict[str, QRadioButton] = {}
        for way, text in WAY_TEXTS.items():
            button = QRadioButton(self.tr(text), self)
            self.way_buttons[way] = button
            self._ways.addButton(button)
            button.toggled.connect(lambda on, way=way: on and self.way_changed.emit(way))
        self.way_buttons[TUTORIAL_WAY].setChecked(True)
        self.columns = {name: NetworkColumn(name, title, about, self) for name, title, about in COLUMNS}
        self._abouts = [column.about for column in self.columns.values()]
        for about in self._abouts:
            about.installEventFilter(self)
        columns = QWidget(self)  # one widget, so that it dims as one while a new reading is on its way
        grid = QGridLayout(columns)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, column in enumerate(self.columns.values()):
            grid.addWidget(column, 0, index, Qt.AlignmentFlag.AlignTop)
        self.note = QLabel(self)  # instead of the columns, when there is nothing to compare
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        for button in self.way_buttons.values():
            layout.addWidget(button)
        layout.addWidget(self.note, 1, Qt.AlignmentFlag.AlignTop)  # shown only while the columns are hidden
        layout.addWidget(columns, 1)
        self._updating = UpdatingMark(self, columns, self.tr(UPDATING))

    def way(self) -> str:
        return next(way for way, button in self.way_buttons.items() if button.isChecked())

    def set_way(self, way: str) -> None:
        """Choose the preparation as its button would (for tests: the user clicks)."""
        self.way_buttons[way].setChecked(True)

    def set_digit_of_a_number(self, on: bool) -> None:
        """Say (or stop saying) that what is shown is the selected digit of a number."""
        self.intro.setText(f"{self.tr(INTRO)} {self.tr(OF_A_NUMBER)}" if on else self.tr(INTRO))

    def set_updating(self, on: bool) -> None:
        """Dim the readings shown while a new reading is on its way (a picture read again), or stop:
        the views' controller says, as it alone knows whether what is shown is still the last reading."""
        self._updating.set_on(on)

    def is_updating(self) -> bool:
        return self._updating.is_on()

    def show_comparison(self, comparison: Comparison | None) -> None:
        """Show the three readings (None: nothing drawn, every column empty)."""
        readings = {} if comparison is None else {reading.name: reading for reading in comparison.readings}
        fed = {} if comparison is None else comparison.fed
        self.note.hide()
        for name, column in self.columns.items():
            column.show_reading(readings.get(name), fed.get(name))
            column.show()

    def show_note(self, text: str) -> None:
        """Say why there is no comparison (the tutorial networks cannot be loaded, say), in place of the columns."""
        self.note.setText(text)
        self.note.show()
        for column in self.columns.values():
            column.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched in self._abouts:
            # Every description as tall as the longest one wraps to at its width: a fixed
            # three lines left one or two blank under them at most widths.
            needed = max(_wrapped_height(about) for about in self._abouts)
            for about in self._abouts:
                if about.minimumHeight() != needed:  # else no end of layouts
                    about.setMinimumHeight(needed)
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)


def _wrapped_height(label: QLabel) -> int:
    """How tall ``label``'s text is, wrapped at its width (its heightForWidth is never under its minimum height)."""
    flags = Qt.TextFlag.TextWordWrap | label.alignment()
    return label.fontMetrics().boundingRect(QRect(0, 0, max(1, label.width()), 1_000_000), flags, label.text()).height()
