"""Model > Retrain... and Model > Fine-tune on my samples...: train a new model
without a terminal, watch it learn, then keep it or throw it away.

The training itself runs in a child process (:mod:`.training_process`); this
dialog only sets it up, shows its progress and compares the result with the
model in use. Nothing changes until the user presses "Use the new model".
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import data, model_files, model_store, user_data
from ..evaluation import measure_images
from ..model_card import ModelCard
from ..model_store import LoadedModel
from ..samples import SampleStore
from ..training_plan import FINE_TUNE_EPOCHS, FULL, QUICK, DownloadEvent, EpochEvent, StepEvent, TrainingRequest
from .training_process import TrainingRun


MIN_SAMPLES_TO_FINE_TUNE = 10


class RetrainDialog(QDialog):
    """``fine_tune=False``: train from scratch (Retrain). ``fine_tune=True``:
    start from the current model and teach it the user's samples."""

    model_accepted = Signal(object)  # the LoadedModel now in use

    def __init__(self, current: LoadedModel, samples: SampleStore, fine_tune: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.samples = samples
        self.fine_tune = fine_tune
        self.run: TrainingRun | None = None
        self._data_path: Path | None = None
        self._first_step_at: float | None = None
        self.setWindowTitle("Fine-tune on your samples" if fine_tune else "Retrain the model")
        self.setMinimumWidth(560)
        self.pages = QStackedWidget()
        self.setup_page = self._build_setup_page()
        self.progress_page = self._build_progress_page()
        self.result_page = self._build_result_page()
        self.failure_page = self._build_failure_page()
        for page in (self.setup_page, self.progress_page, self.result_page, self.failure_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._find_data(None)

    # --- page 1: what to train -------------------------------------------------

    def _build_setup_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(self._intro_text())
        intro.setWordWrap(True)
        layout.addWidget(intro)

        data_box = QGroupBox("MNIST data")
        data_layout = QVBoxLayout(data_box)
        self.data_label = QLabel()
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data_layout.addWidget(self.data_label)
        buttons = QHBoxLayout()
        choose_folder = QPushButton("Choose &folder...")
        choose_folder.clicked.connect(self._choose_folder)
        choose_file = QPushButton("Choose mnist.n&pz...")
        choose_file.clicked.connect(self._choose_file)
        buttons.addWidget(choose_folder)
        buttons.addWidget(choose_file)
        buttons.addStretch()
        data_layout.addLayout(buttons)
        layout.addWidget(data_box)

        options = QGroupBox("Training")
        form = QFormLayout(options)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 100)
        self.epochs.setAccessibleName("Epochs")
        self.epochs.setMaximumWidth(90)
        if self.fine_tune:
            self.epochs.setValue(FINE_TUNE_EPOCHS)
        else:
            self.preset_group = QButtonGroup(self)
            preset_column = QVBoxLayout()
            for index, preset in enumerate((QUICK, FULL)):
                # Radio buttons do not wrap their text: the description is a label below.
                button = QRadioButton(preset.name)
                button.setAccessibleDescription(preset.description)
                description = QLabel(preset.description)
                description.setWordWrap(True)
                description.setIndent(24)
                description.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                self.preset_group.addButton(button, index)
                preset_column.addWidget(button)
                preset_column.addWidget(description)
            self.preset_group.idToggled.connect(self._preset_changed)
            form.addRow("Preset:", preset_column)
            self.preset_group.button(0).setChecked(True)
        form.addRow("&Epochs:", self.epochs)
        count = len(self.samples.all())
        self.include_samples = QCheckBox(f"Include my own samples ({count})")
        self.include_samples.setEnabled(count > 0 and not self.fine_tune)
        self.include_samples.setChecked(count > 0)
        if not self.fine_tune:
            form.addRow("", self.include_samples)
        layout.addWidget(options)

        self.setup_note = QLabel()
        self.setup_note.setWordWrap(True)
        layout.addWidget(self.setup_note)
        layout.addStretch()
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        self.start_button = QPushButton("&Start training")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        layout.addLayout(_button_row(close, self.start_button))
        return page

    def _intro_text(self) -> str:
        if not self.fine_tune:
            return (
                "Trains a new network from scratch in the background. The model in use stays "
                "as it is until you choose to use the new one."
            )
        counts = self.samples.counts()
        return (
            f"Starts from the model in use and teaches it your {sum(counts)} samples, mixed with "
            "MNIST digits so it does not forget how others write. About a fifth of your samples "
            "are kept aside to measure the result."
        )

    def _preset_changed(self, preset_id: int, checked: bool) -> None:
        if checked:
            self.epochs.setValue((QUICK, FULL)[preset_id].epochs)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder with the MNIST files")
        if folder:
            self._find_data(folder)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Keras mnist.npz", "", "NumPy archives (*.npz)")
        if path:
            self._find_data(path)

    def _find_data(self, explicit: str | None) -> None:
        try:
            found = data.find_data(explicit)
        except data.DataError as error:
            self._data_path = None
            self.data_label.setText(str(error))
            return
        self._data_path = found
        if found is None:
            places = ", ".join(str(path) for _, path in data.candidate_locations())
            self.data_label.setText(
                f"MNIST was not found on this computer (looked in {places}). Choose the folder that "
                "holds its four files or a mnist.npz, or start anyway: if this computer is online, "
                "training downloads it first (about 11 MB)."
            )
        else:
            self.data_label.setText(f"Using MNIST from {found}")
        self._check_ready()

    def _check_ready(self) -> None:
        problem = ""
        if self.fine_tune:
            keras_file = self.current.folder / model_files.KERAS_NAME
            if len(self.samples.all()) < MIN_SAMPLES_TO_FINE_TUNE:
                problem = f"Fine-tuning needs at least {MIN_SAMPLES_TO_FINE_TUNE} samples; draw a digit and press its key (or Correct...) to add one."
            elif not keras_file.is_file():
                problem = "The model in use has no Keras file to start from (a .tflite loaded from elsewhere). Reset to the bundled model or retrain first."
        self.setup_note.setText(problem)
        self.start_button.setEnabled(not problem)

    # --- page 2: while it trains ---------------------------------------------------

    def _build_progress_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.stage_label = QLabel("Starting...")
        self.stage_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.stage_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setAccessibleName("Training progress")
        layout.addWidget(self.progress_bar)
        self.time_label = QLabel("Loading TensorFlow and the data...")
        layout.addWidget(self.time_label)
        from .training_chart import TrainingChart

        self.chart = TrainingChart()
        layout.addWidget(self.chart, 1)
        self.log_toggle = QToolButton()
        self.log_toggle.setText("Show &log")
        self.log_toggle.setCheckable(True)
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.log_view.setVisible(False)
        self.log_view.setMaximumBlockCount(2000)
        self.log_toggle.toggled.connect(self.log_view.setVisible)
        self.log_toggle.toggled.connect(lambda shown: self.log_toggle.setText("Hide &log" if shown else "Show &log"))
        layout.addWidget(self.log_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.log_view, 1)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addLayout(_button_row(self.cancel_button))
        return page

    def request(self, output: Path) -> TrainingRequest:
        """The run the dialog's settings ask for, writing its model into ``output``."""
        request = TrainingRequest(
            output=output,
            data=str(self._data_path) if self._data_path is not None else None,
            epochs=self.epochs.value(),
        )
        if self.fine_tune:
            request.fine_tune = self.current.folder / model_files.KERAS_NAME
            request.samples = self.samples.folder
        else:
            preset = (QUICK, FULL)[max(0, self.preset_group.checkedId())]
            request.members = preset.members
            request.limit = preset.limit
            if self.include_samples.isChecked():
                request.samples = self.samples.folder
        return request

    def start(self) -> None:
        try:
            output = user_data.new_candidate_folder()
        except OSError as error:
            self.setup_note.setText(f"Training cannot start: no folder for the new model ({error.strerror or error}).")
            return
        self.run = TrainingRun(self.request(output), self)
        self.run.progressed.connect(self._on_progress)
        self.run.logged.connect(self.log_view.appendPlainText)
        self.run.succeeded.connect(self._on_succeeded)
        self.run.failed.connect(self._on_failed)
        self.run.cancelled.connect(self._on_cancelled)
        self.chart.clear()
        self.log_view.clear()
        self.progress_bar.setValue(0)
        self._first_step_at = None
        self.pages.setCurrentWidget(self.progress_page)
        self.run.start()

    def _on_progress(self, event: DownloadEvent | StepEvent | EpochEvent) -> None:
        if isinstance(event, DownloadEvent):
            self.stage_label.setText("Downloading MNIST")
            self.progress_bar.setValue(int(event.fraction * 1000))
            self.time_label.setText(f"{event.done / 1e6:.1f} MB" + (f" of {event.total / 1e6:.1f} MB" if event.total else ""))
            return
        done = event.fraction
        self.progress_bar.setValue(int(done * 1000))
        self.stage_label.setText(f"Epoch {event.epoch} of {event.epochs}")
        self.chart.add_point(done, event.loss, event.accuracy)
        now = time.monotonic()
        if self._first_step_at is None:
            self._first_step_at = now
            self._first_done = done
        elif done > self._first_done and now > self._first_step_at:
            rate = (done - self._first_done) / (now - self._first_step_at)
            self.time_label.setText(f"About {_duration((1 - done) / rate)} left")
        if done >= 1:
            self.time_label.setText("Exporting and measuring the new model...")

    def cancel(self) -> None:
        if self.run is not None and self.run.is_running():
            self.cancel_button.setEnabled(False)
            self.stage_label.setText("Cancelling...")
            self.run.cancel()

    def _on_cancelled(self) -> None:
        self.cancel_button.setEnabled(True)
        self.pages.setCurrentWidget(self.setup_page)
        self.setup_note.setText("Training was cancelled. Nothing was changed.")

    # --- page 3: keep it or not -------------------------------------------------------

    def _build_result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel("The new model is ready.")
        title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        layout.addWidget(title)
        self.result_grid = QGridLayout()
        layout.addLayout(self.result_grid)
        self.result_note = QLabel()
        self.result_note.setWordWrap(True)
        layout.addWidget(self.result_note)
        layout.addStretch()
        discard = QPushButton("&Discard")
        discard.clicked.connect(self.discard)
        self.use_button = QPushButton("&Use the new model")
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(self.use_new_model)
        layout.addLayout(_button_row(discard, self.use_button))
        return page

    def _on_succeeded(self, card: ModelCard) -> None:
        current = self.current.card or ModelCard()
        rows = [
            ("MNIST test set", current.mnist_test_accuracy, card.mnist_test_accuracy),
            ("Pen-drawn digits (pendigits)", current.pendigits_test_accuracy, card.pendigits_test_accuracy),
        ]
        held_images, held_labels = self.samples.training_arrays(held_out=True)
        if len(held_labels) and (self.fine_tune or self.include_samples.isChecked()):
            before = measure_images(self.current.classifier, held_images, held_labels).accuracy
            rows.append((f"Your kept-aside samples ({len(held_labels)})", before, card.user_holdout_accuracy))
        _clear_layout(self.result_grid)
        for column, heading in enumerate(("", "Model in use", "New model")):
            label = QLabel(f"<b>{heading}</b>")
            self.result_grid.addWidget(label, 0, column)
        for row, (name, before, after) in enumerate(rows, start=1):
            self.result_grid.addWidget(QLabel(name), row, 0)
            self.result_grid.addWidget(QLabel(_percent(before)), row, 1)
            after_label = QLabel(_percent(after))
            if before is not None and after is not None and abs(after - before) >= 0.0005:
                better = after > before
                after_label.setStyleSheet(f"color: {'#2e9d4f' if better else '#d9534f'}; font-weight: bold;")
                after_label.setToolTip("better than the model in use" if better else "worse than the model in use")
            self.result_grid.addWidget(after_label, row, 2)
        minutes = (time.monotonic() - self.run.started_at) / 60 if self.run else 0
        self.result_note.setText(f"Trained in {minutes:.1f} minutes on {_data_summary(card.data)}.")
        self.pages.setCurrentWidget(self.result_page)

    def use_new_model(self) -> None:
        assert self.run is not None
        try:
            model_store.install_user_model(self.run.output)
            loaded = model_store.load_active_model()
        except Exception as error:  # the model in use is untouched; say why in plain words
            QMessageBox.warning(self, "The new model could not be used", str(error))
            return
        self.run.discard_output()
        self.model_accepted.emit(loaded)
        self.accept()

    def discard(self) -> None:
        if self.run is not None:
            self.run.discard_output()
        self.reject()

    # --- when it goes wrong ---------------------------------------------------------------

    def _build_failure_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.failure_label = QLabel()
        self.failure_label.setWordWrap(True)
        self.failure_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.failure_label)
        layout.addWidget(QLabel("The model in use has not changed. The training log:"))
        self.failure_log = QPlainTextEdit()
        self.failure_log.setReadOnly(True)
        layout.addWidget(self.failure_log, 1)
        back = QPushButton("&Back")
        back.clicked.connect(lambda: self.pages.setCurrentWidget(self.setup_page))
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        layout.addLayout(_button_row(back, close))
        return page

    def _on_failed(self, message: str) -> None:
        self.failure_label.setText(message)
        self.failure_log.setPlainText("\n".join(self.run.log_lines if self.run else []))
        self.pages.setCurrentWidget(self.failure_page)

    # --- closing while training ------------------------------------------------------------

    def reject(self) -> None:
        if self.run is not None and self.run.is_running():
            answer = QMessageBox.question(self, "Stop training?", "Training is still running. Stop it and discard the new model?")
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.run.cancel()
            self.run.wait(3000)
        if self.run is not None:
            # Closing without "Use the new model" discards it, even one that
            # finished while the question above was open.
            self.run.discard_output()
        super().reject()


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons at the bottom right, as dialogs place them."""
    row = QHBoxLayout()
    row.addStretch()
    for button in buttons:
        row.addWidget(button)
    return row


def _percent(value: float | None) -> str:
    return f"{value:.2%}" if value is not None else "-"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"


def _data_summary(used: dict[str, int]) -> str:
    names = {"mnist_train": "MNIST digits", "pendigits_train": "pen-drawn digits", "user_samples": "of your samples"}
    parts = [f"{count:,} {names[key]}" for key, count in used.items() if key in names]
    return ", ".join(parts) or "the data"


def _clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
