"""Model > My samples...: the digits the user has taught, by digit, as thumbnails.

Delete what was labelled wrongly, export the lot as a zip (to keep or to move to
another computer), import a zip or folder exported before.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPalette, QPixmap
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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..preprocess import SIDE
from ..samples import Sample, SampleError, SampleStore
from ..reading import DIGITS

THUMBNAIL = 2 * SIDE  # twice the model's pixels, unsmoothed, as "what the model sees" shows them


def sample_icon(sample: Sample) -> QIcon:
    pixels = np.ascontiguousarray(np.round(np.clip(sample.pixels, 0, 1) * 255).astype(np.uint8))
    image = QImage(pixels.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(image.scaled(THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)))


class SamplesDialog(QDialog):

    def __init__(self, store: SampleStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("My samples"))
        self.resize(640, 440)
        self.digits = QListWidget()
        self.digits.setFixedWidth(self.fontMetrics().horizontalAdvance("0  –  000 samples") + 40)
        self.digits.setAccessibleName(self.tr("Digits"))
        self.digits.currentRowChanged.connect(self._show_digit)
        self.thumbnails = QListWidget()
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.thumbnails.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbnails.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.thumbnails.setAccessibleName(self.tr("Samples of the chosen digit"))
        self.thumbnails.itemSelectionChanged.connect(self._selection_changed)
        # In place of the thumbnails when the chosen digit has none: what to do, not an empty box.
        self.no_samples = QLabel()
        self.no_samples.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_samples.setWordWrap(True)
        self.no_samples.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.samples_view = QStackedWidget()
        self.samples_view.addWidget(self.thumbnails)
        self.samples_view.addWidget(self.no_samples)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.delete_button = QPushButton(self.tr("&Delete"))
        self.delete_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_button.clicked.connect(self.delete_selected)
        export_button = QPushButton(self.tr("&Export…"))
        export_button.clicked.connect(self.export)
        import_button = QPushButton(self.tr("&Import…"))
        import_button.clicked.connect(self.import_samples)
        close_button = QPushButton(self.tr("&Close"))
        close_button.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.digits)
        top.addWidget(self.samples_view, 1)
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
        counts = [0] * DIGITS
        for sample in self._samples:
            counts[sample.label] += 1
        # Stay on the digit shown; the first time, open on the first digit that has samples.
        row = self.digits.currentRow()
        if row < 0:
            row = next((digit for digit, count in enumerate(counts) if count), 0)
        self.digits.blockSignals(True)
        self.digits.clear()
        for digit, count in enumerate(counts):
            self.digits.addItem(self._digit_label(digit, count))
        self.digits.blockSignals(False)
        total = sum(counts)
        self.summary.setText(
            self.tr(
                "{count} samples. Teach one by drawing a digit and pressing its key, or with Correct this reading. "
                "A fifth of them is kept aside to measure how well a model reads your writing."
            ).format(count=total)
            if total
            else self.tr("No samples yet. Draw a digit, then press its key (or Correct this reading) to keep it as a sample.")
        )
        self.digits.setCurrentRow(row)
        self._show_digit(row)

    def _digit_label(self, digit: int, count: int) -> str:
        if count == 0:
            return self.tr("{digit}  –  none").format(digit=digit)
        if count == 1:
            return self.tr("{digit}  –  1 sample").format(digit=digit)
        return self.tr("{digit}  –  {count} samples").format(digit=digit, count=count)

    def _show_digit(self, digit: int) -> None:
        self.thumbnails.clear()
        for sample in self._samples:
            if sample.label == digit:
                item = QListWidgetItem(sample_icon(sample), "")
                item.setData(Qt.ItemDataRole.UserRole, sample.id)
                kept = sample.created.replace("T", " ")[:16]
                item.setToolTip(self.tr("{digit}, kept {date}").format(digit=sample.label, date=kept))
                self.thumbnails.addItem(item)
        self.no_samples.setText(
            self.tr("No samples of {digit} yet. Draw a {digit} and press {digit} to keep one.").format(digit=digit)
        )
        self.samples_view.setCurrentWidget(self.thumbnails if self.thumbnails.count() else self.no_samples)
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
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export samples"), "mnist-draw-samples.zip", self.tr("Zip archives (*.zip)")
        )
        if not path:
            return
        try:
            count = self.store.export_zip(path)
        except OSError as error:
            QMessageBox.warning(
                self,
                self.tr("Export failed"),
                self.tr("The samples could not be written: {reason}.").format(reason=error.strerror or error),
            )
            return
        written = self.tr("1 sample written to {path}.") if count == 1 else self.tr("{count} samples written to {path}.")
        QMessageBox.information(self, self.tr("Exported"), written.format(count=count, path=path))

    def import_samples(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import samples"), "", self.tr("Zip archives (*.zip);;All files (*)")
        )
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> int:
        try:
            added = self.store.import_from(path)
        except SampleError as error:
            QMessageBox.warning(self, self.tr("Import failed"), str(error))
            return 0
        self.refresh()
        imported = (
            self.tr("1 new sample imported from {name}.")
            if added == 1
            else self.tr("{count} new samples imported from {name}.")
        )
        QMessageBox.information(self, self.tr("Imported"), imported.format(count=added, name=Path(path).name))
        return added
