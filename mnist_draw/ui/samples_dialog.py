"""Model > My samples...: the digits the user has taught, by digit, as thumbnails.

Delete what was labelled wrongly, export the lot as a zip (to keep or to move to
another computer), import a zip or folder exported before.

Someone may have taught tens of thousands of digits, so the dialog lists the
sample files without reading them, and a thumbnail is read only when the list
shows it. An import or an export runs on a worker thread, with its progress in
the dialog; closing the dialog stops it between two samples (an export stopped
writes no zip).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..preprocess import SIDE
from ..reading import DIGITS
from ..samples import ExportProgress, ImportProgress, Sample, SampleError, SampleFile, SampleStore
from .worker import Worker, WorkerPool

THUMBNAIL = 2 * SIDE  # twice the model's pixels, unsmoothed, as "what the model sees" shows them
KEPT_THUMBNAILS = 4_000  # read thumbnails kept; more are read again when scrolled back to
SAMPLE_ID_ROLE = Qt.ItemDataRole.UserRole


def sample_icon(sample: Sample) -> QIcon:
    pixels = np.ascontiguousarray(np.round(np.clip(sample.pixels, 0, 1) * 255).astype(np.uint8))
    image = QImage(pixels.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(image.scaled(THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)))


class SampleThumbnails(QAbstractListModel):
    """The samples of one digit; each is read from disk only when the view asks to show it."""

    def __init__(self, store: SampleStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._files: list[SampleFile] = []
        self._shown: dict[str, tuple[QIcon, str]] = {}  # sample id -> (thumbnail, tooltip)
        self.reads = 0  # samples read from disk since the digit was chosen

    def show_digit(self, digit: int) -> None:
        self.beginResetModel()
        self._files = self._store.files(digit)
        self._shown.clear()
        self.reads = 0
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._files)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._files):
            return None
        entry = self._files[index.row()]
        if role == SAMPLE_ID_ROLE:
            return entry.id
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(entry)[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._thumbnail(entry)[1]
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(THUMBNAIL + 8, THUMBNAIL + 8)  # known without reading the sample
        return None

    def _thumbnail(self, entry: SampleFile) -> tuple[QIcon, str]:
        shown = self._shown.get(entry.id)
        if shown is None:
            self.reads += 1
            try:
                sample = self._store.read(entry)
            except SampleError:
                damaged = self.tr("{digit}: this sample is damaged and is left out of training")
                shown = (QIcon(), damaged.format(digit=entry.label))
            else:
                kept = sample.created.replace("T", " ")[:16]
                tip = self.tr("{digit}, kept {date}").format(digit=sample.label, date=kept) if kept else str(sample.label)
                shown = (sample_icon(sample), tip)
            if len(self._shown) >= KEPT_THUMBNAILS:
                self._shown.pop(next(iter(self._shown)))
            self._shown[entry.id] = shown
        return shown


class SamplesDialog(QDialog):

    def __init__(self, store: SampleStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("My samples"))
        self.resize(640, 440)
        self._workers = WorkerPool(self)
        self._transfer: Worker | None = None  # the import or export under way
        self._total = 0  # samples kept, as last counted
        self.digits = QListWidget()
        self.digits.setFixedWidth(self.fontMetrics().horizontalAdvance("0  –  00,000 samples") + 40)
        self.digits.setAccessibleName(self.tr("Digits"))
        self.digits.currentRowChanged.connect(self._show_digit)
        self.samples = SampleThumbnails(store, self)
        self.thumbnails = QListView()
        self.thumbnails.setModel(self.samples)
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.thumbnails.setResizeMode(QListView.ResizeMode.Adjust)
        # Every item is the same size, so laying out thousands never reads them.
        self.thumbnails.setUniformItemSizes(True)
        self.thumbnails.setLayoutMode(QListView.LayoutMode.Batched)
        self.thumbnails.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.thumbnails.setAccessibleName(self.tr("Samples of the chosen digit"))
        self.thumbnails.selectionModel().selectionChanged.connect(self._selection_changed)
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
        self.transfer_status = QLabel()  # an import's or export's progress, then its outcome
        self.transfer_status.setWordWrap(True)
        self.transfer_status.hide()

        self.delete_button = QPushButton(self.tr("&Delete"))
        self.delete_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton(self.tr("&Export…"))
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.clicked.connect(self.import_samples)
        close_button = QPushButton(self.tr("&Close"))
        close_button.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.digits)
        top.addWidget(self.samples_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top, 1)
        layout.addWidget(self.transfer_status)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        counts = self.store.counts()
        # Stay on the digit shown; the first time, open on the first digit that has samples.
        row = self.digits.currentRow()
        if row < 0:
            row = next((digit for digit, count in enumerate(counts) if count), 0)
        self.digits.blockSignals(True)
        self.digits.clear()
        for digit in range(DIGITS):
            self.digits.addItem(self._digit_label(digit, counts[digit]))
        self.digits.setCurrentRow(row)
        self.digits.blockSignals(False)
        total = self._total = sum(counts)
        # An export of no samples would write an empty zip: nothing to keep or to move.
        self.export_button.setEnabled(self._transfer is None and total > 0)
        self.export_button.setToolTip("" if total else self.tr("There are no samples to export yet."))
        if total == 0:
            summary = self.tr("No samples yet. Draw a digit, then press its key (or Correct this reading) to keep it as a sample.")
        else:
            summary = (
                self.tr("1 sample.") if total == 1 else self.tr("{count} samples.").format(count=f"{total:,}")
            ) + " " + self.tr(
                "Teach one by drawing a digit and pressing its key, or with Correct this reading. "
                "A fifth of them is kept aside to measure how well a model reads your writing."
            )
        self.summary.setText(summary)
        self._show_digit(row)

    def _digit_label(self, digit: int, count: int) -> str:
        if count == 0:
            return self.tr("{digit}  –  none").format(digit=digit)
        if count == 1:
            return self.tr("{digit}  –  1 sample").format(digit=digit)
        return self.tr("{digit}  –  {count} samples").format(digit=digit, count=f"{count:,}")

    def _show_digit(self, digit: int) -> None:
        digit = max(0, digit)
        self.samples.show_digit(digit)
        self.no_samples.setText(
            self.tr("No samples of {digit} yet. Draw a {digit} and press {digit} to keep one.").format(digit=digit)
        )
        self.samples_view.setCurrentWidget(self.thumbnails if self.samples.rowCount() else self.no_samples)
        self._selection_changed()

    def _selected_ids(self) -> list[str]:
        return [index.data(SAMPLE_ID_ROLE) for index in self.thumbnails.selectionModel().selectedIndexes()]

    def _selection_changed(self, *_args: object) -> None:
        self.delete_button.setEnabled(self._transfer is None and bool(self.thumbnails.selectionModel().hasSelection()))

    def delete_selected(self) -> None:
        chosen = self._selected_ids()
        for sample_id in chosen:
            self.store.delete(sample_id)
        if chosen:
            self.refresh()

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export samples"), "mnist-draw-samples.zip", self.tr("Zip archives (*.zip)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Worker:
        """Write the samples to a zip on a worker thread; the dialog shows how it goes and how it ended."""
        name = Path(path).name
        worker = self._workers.start(lambda: self.store.export_steps(Path(path)))
        self._transfer = worker
        self._show_transfer_state(self.tr("Exporting your samples to {name}…").format(name=name), busy=True)
        worker.progress.connect(lambda step: self._export_progressed(name, step))
        worker.finished.connect(lambda count: self._transfer_ended(self.export_message(count, path)))
        worker.failed.connect(lambda error: self._transfer_ended(self._export_failure(error)))
        return worker

    def _export_progressed(self, name: str, step: ExportProgress) -> None:
        self.transfer_status.setText(
            self.tr("Exporting to {name}: {done} of {total} samples written…").format(
                name=name, done=f"{step.done:,}", total=f"{step.total:,}"
            )
        )

    def _export_failure(self, error: Exception) -> str:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return self.tr("Export failed: the samples could not be written ({reason}). Your samples are unchanged.").format(
            reason=reason
        )

    def export_message(self, count: int, path: str) -> str:
        written = self.tr("1 sample written to {path}.") if count == 1 else self.tr("{count} samples written to {path}.")
        return written.format(count=f"{count:,}", path=path)

    # --- import ------------------------------------------------------------------------

    def import_samples(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import samples"), "", self.tr("Zip archives (*.zip);;All files (*)")
        )
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> Worker:
        """Import a zip or folder on a worker thread; the dialog shows how it goes and how it ended."""
        name = Path(path).name
        worker = self._workers.start(lambda: self.store.import_steps(Path(path)))
        self._transfer = worker
        self._show_transfer_state(self.tr("Reading {name}…").format(name=name), busy=True)
        worker.progress.connect(lambda step: self._import_progressed(name, step))
        worker.finished.connect(lambda added: self._transfer_ended(self.import_message(added, name)))
        worker.failed.connect(lambda error: self._transfer_ended(self._import_failure(name, error)))
        worker.cancelled.connect(
            lambda: self._transfer_ended(
                self.tr("Importing {name} was stopped; the samples imported so far are kept.").format(name=name)
            )
        )
        return worker

    def is_busy(self) -> bool:
        """Whether an import or an export is under way."""
        return self._transfer is not None

    def import_message(self, added: int, name: str) -> str:
        imported = (
            self.tr("1 new sample imported from {name}.")
            if added == 1
            else self.tr("{count} new samples imported from {name}.")
        )
        return imported.format(count=f"{added:,}", name=name)

    def _import_progressed(self, name: str, step: ImportProgress) -> None:
        self.transfer_status.setText(
            self.tr("Importing {name}: {done} of {total} samples looked at, {added} new…").format(
                name=name, done=f"{step.done:,}", total=f"{step.total:,}", added=f"{step.added:,}"
            )
        )

    def _transfer_ended(self, message: str) -> None:
        self._transfer = None
        self._show_transfer_state(message, busy=False)
        self.refresh()

    def _import_failure(self, name: str, error: Exception) -> str:
        if isinstance(error, SampleError):
            return self.tr("Import failed: {reason}").format(reason=error)
        if isinstance(error, OSError):
            return self.tr("Import failed: {name} could not be read ({reason}). Nothing else was changed.").format(
                name=name, reason=error.strerror or error
            )
        return self.tr("Import failed: {name} could not be read as samples. The samples imported so far are kept.").format(
            name=name
        )

    def _show_transfer_state(self, text: str, busy: bool) -> None:
        self.transfer_status.setText(text)
        self.transfer_status.show()
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy and self._total > 0)
        self._selection_changed()

    def done(self, result: int) -> None:
        # Closing stops an import or export between two samples; nothing arrives after the dialog has gone.
        self._workers.shutdown()
        super().done(result)
