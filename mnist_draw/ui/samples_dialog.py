"""Model > My samples...: the digits the user has taught, by digit, as thumbnails.

Delete what was labelled wrongly, export the lot as a zip (to keep or to move to
another computer), import a zip or folder exported before.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..preprocess import SIDE
from ..samples import Sample, SampleError, SampleStore
from .probability_bars import DIGITS

THUMBNAIL = 2 * SIDE  # twice the model's pixels, unsmoothed, as "what the model sees" shows them


def sample_icon(sample: Sample) -> QIcon:
    pixels = np.ascontiguousarray(np.round(np.clip(sample.pixels, 0, 1) * 255).astype(np.uint8))
    image = QImage(pixels.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(image.scaled(THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)))


class SamplesDialog(QDialog):

    def __init__(self, store: SampleStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("My samples")
        self.resize(640, 440)
        self.digits = QListWidget()
        self.digits.setFixedWidth(150)
        self.digits.setAccessibleName("Digits")
        self.digits.currentRowChanged.connect(self._show_digit)
        self.thumbnails = QListWidget()
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.thumbnails.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbnails.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.thumbnails.setAccessibleName("Samples of the chosen digit")
        self.thumbnails.itemSelectionChanged.connect(self._selection_changed)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.delete_button = QPushButton("&Delete")
        self.delete_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_button.clicked.connect(self.delete_selected)
        export_button = QPushButton("&Export...")
        export_button.clicked.connect(self.export)
        import_button = QPushButton("&Import...")
        import_button.clicked.connect(self.import_samples)
        close_button = QPushButton("Close")
        close_button.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.digits)
        top.addWidget(self.thumbnails, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        buttons.addWidget(import_button)
        buttons.addWidget(export_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self._samples = self.store.all()
        counts = [0 for _digit in DIGITS]
        for sample in self._samples:
            counts[sample.label] += 1
        row = max(0, self.digits.currentRow())
        self.digits.blockSignals(True)
        self.digits.clear()
        for digit, count in enumerate(counts):
            self.digits.addItem(f"{digit}    ({count})")
        self.digits.blockSignals(False)
        total = sum(counts)
        self.summary.setText(
            f"{total} samples. Teach one by drawing a digit and pressing its key, or with Correct... "
            "A fifth of them is kept aside to measure how well a model reads your writing."
            if total
            else "No samples yet. Draw a digit, then press its key (or Correct...) to keep it as a sample."
        )
        self.digits.setCurrentRow(row)
        self._show_digit(row)

    def _show_digit(self, digit: int) -> None:
        self.thumbnails.clear()
        for sample in self._samples:
            if sample.label == digit:
                item = QListWidgetItem(sample_icon(sample), "")
                item.setData(Qt.ItemDataRole.UserRole, sample.id)
                item.setToolTip(f"{sample.label}, kept {sample.created.replace('T', ' ')[:16]}")
                self.thumbnails.addItem(item)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.delete_button.setEnabled(bool(self.thumbnails.selectedItems()))

    def delete_selected(self) -> None:
        chosen = [item.data(Qt.ItemDataRole.UserRole) for item in self.thumbnails.selectedItems()]
        for sample_id in chosen:
            self.store.delete(sample_id)
        if chosen:
            self.refresh()

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export samples", "mnist-draw-samples.zip", "Zip archives (*.zip)")
        if not path:
            return
        try:
            count = self.store.export_zip(path)
        except OSError as error:
            QMessageBox.warning(self, "Export failed", f"The samples could not be written: {error.strerror or error}.")
            return
        QMessageBox.information(self, "Exported", f"{count} samples written to {path}.")

    def import_samples(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import samples", "", "Zip archives (*.zip);;All files (*)")
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> int:
        try:
            added = self.store.import_from(path)
        except SampleError as error:
            QMessageBox.warning(self, "Import failed", str(error))
            return 0
        self.refresh()
        QMessageBox.information(self, "Imported", f"{added} new samples imported from {Path(path).name}.")
        return added
