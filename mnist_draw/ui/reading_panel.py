"""The side panel: the readout, the ten bars and what the model sees, stacked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from .preview import ModelInputView
from .probability_bars import ProbabilityBars
from .readout import Readout
from .recognizer import Reading

PANEL_WIDTH = 280


class ReadingPanel(QWidget):
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
