"""Model > Retrain... and Model > Teach it my handwriting...: train a new model
without a terminal, watch it learn, then keep it or throw it away.

The training itself runs in a child process (:mod:`.training_process`); this
dialog only sets it up, shows its progress and compares the result with the
model in use. It is not modal: closing it while the model trains hides it and
the training goes on (:mod:`.training_control` shows it in the status bar and
brings the dialog back). Nothing changes until the user presses "Use the new
model"; the new model is then checked and installed in the background
(:meth:`.model_control.ModelController.install_trained`), since its check in a
child process may take a while.

The user's samples are counted from their folders' listing, never read here;
the kept-aside ones, to compare the two models on at the end, are read on the
dialog's worker while the model trains, and the model in use is measured on
them there too (about a second for 25,000 of them).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Generator, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
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
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import data, model_files, user_data
from ..evaluation import measure_images
from ..model_card import ModelCard
from ..model_store import LoadedModel
from ..samples import SampleStore
from ..training_plan import FINE_TUNE_EPOCHS, FULL, QUICK, DownloadEvent, EpochEvent, StepEvent, TrainingRequest
from ..wording import count_of
from .training_process import TrainingFailed, TrainingRun
from .worker import Worker, WorkerPool

if TYPE_CHECKING:
    from ..classifier import Classifier
    from ..samples import SampleFile
    from .settings import AppSettings

MIN_SAMPLES_TO_FINE_TUNE = 10
UNLIMITED = 16_777_215  # Qt's QWIDGETSIZE_MAX, which PySide6 does not export
# Fewer kept-aside samples than this cannot tell a better model from luck.
MIN_KEPT_ASIDE_TO_JUDGE = 5
# The model in use is measured this many samples at a time (a multiple of the classifier's
# batch): it is the live reading's too, which waits for it at most one chunk, some 20 ms.
MEASURE_CHUNK = 512
TEACH_TITLE = QT_TRANSLATE_NOOP("RetrainDialog", "Teach it my handwriting")
RETRAIN_TITLE = QT_TRANSLATE_NOOP("RetrainDialog", "Retrain the model")

# What the dialog is doing; the status bar shows the same.
SETUP, RUNNING, READY, FAILED = "setup", "running", "ready", "failed"

_DATA_ORIGINS = {
    "$MNIST_DRAW_DATA": QT_TRANSLATE_NOOP("RetrainDialog", "set by $MNIST_DRAW_DATA"),
    "Keras cache": QT_TRANSLATE_NOOP("RetrainDialog", "Keras's download folder"),
}


class KeptAsideScore(NamedTuple):
    """How many of the user's kept-aside samples the model in use reads right, of how many."""

    correct: int
    total: int


NO_KEPT_ASIDE = KeptAsideScore(0, 0)


def score_kept_aside(samples: SampleStore, entries: list[SampleFile], classifier: Classifier) -> Generator[int, None, KeptAsideScore]:
    """Read the kept-aside ``entries`` and measure ``classifier`` on them, one step at a time (for a worker)."""
    images, labels = yield from samples.arrays_steps(entries)
    correct = 0
    for start in range(0, len(labels), MEASURE_CHUNK):
        yield start
        chunk = slice(start, start + MEASURE_CHUNK)
        correct += measure_images(classifier, images[chunk], labels[chunk]).correct
    return KeptAsideScore(correct, len(labels))


class RetrainDialog(QDialog):
    """``fine_tune=False``: train from scratch (Retrain). ``fine_tune=True``:
    start from the current model and teach it the user's samples."""

    # The new model's folder, to check, install and use: whoever listens answers
    # with model_installed() or install_failed(reason) (training_control wires it).
    install_requested = Signal(object)
    run_started = Signal(object)  # the TrainingRun, for whoever shows its progress elsewhere
    state_changed = Signal(str)  # SETUP, RUNNING, READY or FAILED

    def __init__(
        self,
        current: LoadedModel,
        samples: SampleStore,
        fine_tune: bool = False,
        parent: QWidget | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.current = current
        self.samples = samples
        self.fine_tune = fine_tune
        self.settings = settings
        self.run: TrainingRun | None = None
        self._data_path: Path | None = None
        self._first_step_at: float | None = None
        self.installing = False  # the new model asked for and being checked and put in place
        # The model in use's score on the user's samples kept aside when the run started; None while measured.
        self._kept_aside: KeptAsideScore | None = NO_KEPT_ASIDE
        self._reading_kept_aside: Worker | None = None
        self._finished_card: ModelCard | None = None  # a run that ended before they were measured
        self._workers = WorkerPool(self)
        self.setWindowTitle(self.tr(TEACH_TITLE if fine_tune else RETRAIN_TITLE))
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
        self._show_page(self.setup_page)
        self._find_data(None)

    @property
    def activity(self) -> str:
        """What the run is called in the status bar."""
        return self.tr("Teaching") if self.fine_tune else self.tr("Retraining")

    @property
    def state(self) -> str:
        return {self.progress_page: RUNNING, self.result_page: READY, self.failure_page: FAILED}.get(
            self.pages.currentWidget(), SETUP
        )

    def _show_page(self, page: QWidget) -> None:
        # A hidden page must not size the dialog: the result page would inherit
        # the progress page's chart and log as blank space.
        for other in (self.setup_page, self.progress_page, self.result_page, self.failure_page):
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        before = self.state
        self.pages.setCurrentWidget(page)
        self.pages.updateGeometry()
        self.layout().activate()
        self._fit_height()
        if self.state != before:
            self.state_changed.emit(self.state)

    def _fit_height(self, grow_only: bool = False) -> None:
        """As tall as the page shown needs at the dialog's width. A page of text is
        fitted to its text as it wraps at that width: its size hint is worked out for a
        narrower one, where the text takes more lines, and the pages' stack answers for its
        tallest page, and either left a blank band above the buttons. Nothing on it can use
        more room, so its height is also fixed: stretched by hand, it would only show that
        band again. A page with a chart or a log gets its size hint's height too, room for
        them to be read, and can be stretched: they take the room (``grow_only``: at least
        that tall, for a note that just changed, keeping the height the user gave it)."""
        shown = self.pages.currentWidget()
        page = shown.layout()
        # Each widget's height for a width is cached in its layout item until its geometry is
        # updated, which a text changed on a dialog not yet shown does not pass up: the note that
        # MNIST was not found (three lines, where the data found takes one) left the Training box
        # measured for the text before, and the Full preset's description lost two lines of four.
        for widget in shown.findChildren(QWidget):
            widget.updateGeometry()
        width = max(self.width(), self.minimumWidth())
        margins = self.layout().contentsMargins()
        inner = width - margins.left() - margins.right()
        needed = max(page.totalHeightForWidth(inner) if page.hasHeightForWidth() else 0, page.totalMinimumSize().height())
        stretches = shown in (self.progress_page, self.failure_page)
        if stretches:
            needed = max(needed, page.totalSizeHint().height())
        height = needed + margins.top() + margins.bottom()
        if stretches:
            # Not 0: a minimum set by hand replaces the layout's, and the page could then be
            # squeezed until its chart and buttons overlap.
            self.setMinimumHeight(self.layout().totalMinimumSize().height())
            self.setMaximumHeight(UNLIMITED)
            self.resize(width, max(height, self.height()) if grow_only else height)
        else:
            self.setFixedHeight(height)
            self.resize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A page of text wraps to more or fewer lines at another width: its fixed height follows.
        if event.size().width() != event.oldSize().width() and self.pages.currentWidget() in (self.setup_page, self.result_page):
            self._fit_height()

    # --- page 1: what to train -------------------------------------------------

    def _build_setup_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(self._intro_text())
        intro.setWordWrap(True)
        layout.addWidget(intro)

        data_box = QGroupBox(self.tr("MNIST data"))
        data_layout = QVBoxLayout(data_box)
        self.data_label = QLabel()  # names a folder: plain text, whatever its name
        self.data_label.setTextFormat(Qt.TextFormat.PlainText)
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data_layout.addWidget(self.data_label)
        buttons = QHBoxLayout()
        choose_folder = QPushButton(self.tr("Choose &folder…"))
        choose_folder.clicked.connect(self._choose_folder)
        choose_file = QPushButton(self.tr("Choose mnist.n&pz…"))
        choose_file.clicked.connect(self._choose_file)
        for button in (choose_folder, choose_file):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch()
        data_layout.addLayout(buttons)
        layout.addWidget(data_box)

        options = QGroupBox(self.tr("Training"))
        form = QFormLayout(options)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 100)
        self.epochs.setAccessibleName(self.tr("Epochs"))
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
            form.addRow(self.tr("Preset:"), preset_column)
            self.preset_group.button(0).setChecked(True)
        form.addRow(self.tr("&Epochs:"), self.epochs)
        count = sum(self.samples.counts())
        self.include_samples = QCheckBox(self.tr("Include my own samples ({count})").format(count=count))
        self.include_samples.setEnabled(count > 0 and not self.fine_tune)
        self.include_samples.setChecked(count > 0)
        if not self.fine_tune:
            form.addRow("", self.include_samples)
        layout.addWidget(options)

        self.setup_note = _Note()
        layout.addWidget(self.setup_note)
        layout.addStretch()
        row, _close, self.start_button = _choice_row((self.tr("Close"), self.reject), (self.tr("&Start training"), self.start))
        layout.addLayout(row)
        return page

    def _intro_text(self) -> str:
        if not self.fine_tune:
            return self.tr(
                "Trains a new network from scratch in the background: you can close this window and "
                "keep drawing. The model in use stays as it is until you choose to use the new one."
            )
        count = sum(self.samples.counts())
        # Whole texts, none, one and many, so that each can be translated as it stands.
        if count == 0:  # the note below says how many it needs and how to keep one
            return self.tr(
                "Starts from the model in use and teaches it your samples of your handwriting, mixed with "
                "MNIST digits so it does not forget how others write. About a fifth of your samples "
                "are kept aside to measure the result. It takes about a minute, in the background."
            )
        if count == 1:
            intro = self.tr(
                "Starts from the model in use and teaches it your 1 sample, mixed with "
                "MNIST digits so it does not forget how others write. About a fifth of your samples "
                "are kept aside to measure the result. It takes about a minute, in the background."
            )
        else:
            intro = self.tr(
                "Starts from the model in use and teaches it your {count} samples, mixed with "
                "MNIST digits so it does not forget how others write. About a fifth of your samples "
                "are kept aside to measure the result. It takes about a minute, in the background."
            )
        return intro.format(count=f"{count:,}")

    def _preset_changed(self, preset_id: int, checked: bool) -> None:
        if checked:
            self.epochs.setValue((QUICK, FULL)[preset_id].epochs)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with the MNIST files"), self._start_folder())
        if folder:
            self._find_data(folder)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Keras mnist.npz"), self._start_folder(), self.tr("NumPy archives (*.npz)"))
        if path:
            self._find_data(path)

    def _start_folder(self) -> str:
        return str(self._data_path.parent) if self._data_path is not None else str(Path.home())

    def _find_data(self, explicit: str | None) -> None:
        """Find MNIST: in ``explicit`` (the user's choice), else where training
        last found it, else where :func:`data.find_data` looks; remember it."""
        remembered = None if explicit else (self.settings.mnist_data() if self.settings else None)
        try:
            found = data.locate_data(explicit or remembered)
        except data.DataError as error:
            found = None
            if explicit or not remembered:
                self._data_path = None
                self.data_label.setText(str(error))
                self._check_ready()
                return
        if found is None and remembered:  # the remembered place no longer holds MNIST: look again
            try:
                found = data.locate_data(None)
            except data.DataError as error:
                self._data_path = None
                self.data_label.setText(str(error))
                self._check_ready()
                return
        if found is None:
            self._data_path = None
            places = ", ".join(str(path) for _, path in data.candidate_locations())
            self.data_label.setText(
                self.tr(
                    "MNIST was not found on this computer (looked in {places}). Choose the folder that "
                    "holds its four files or a mnist.npz, or start anyway: if this computer is online, "
                    "training downloads it first (about 11 MB)."
                ).format(places=places)
            )
        else:
            origin, path = found
            if origin == "--data":
                how = self.tr("the one you chose") if explicit else self.tr("remembered from the last training")
            else:
                how = self.tr(_DATA_ORIGINS.get(origin, origin))
            self._data_path = path
            self.data_label.setText(self.tr("Using MNIST from {path} ({how}).").format(path=path, how=how))
            if self.settings is not None:
                self.settings.set_mnist_data(str(path))
        self._check_ready()

    def _check_ready(self) -> None:
        problem = ""
        if self.fine_tune:
            keras_file = self.current.folder / model_files.KERAS_NAME
            count = sum(self.samples.counts())
            if count < MIN_SAMPLES_TO_FINE_TUNE:
                problem = self.tr(
                    "Teaching needs at least {least} samples; you have {count}. "
                    "Draw a digit and press its key (or use Correct this reading) to keep one."
                ).format(least=MIN_SAMPLES_TO_FINE_TUNE, count=count)
            elif not keras_file.is_file():
                problem = self.tr(
                    "The model in use has no Keras file to start from (it is a .tflite file loaded from "
                    "elsewhere). Reset to the bundled model or retrain first."
                )
        self.setup_note.setText(problem)
        self.start_button.setEnabled(not problem)
        self._fit_height(grow_only=True)

    # --- page 2: while it trains ---------------------------------------------------

    def _build_progress_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.stage_label = QLabel(self.tr("Starting…"))
        self.stage_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.stage_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Training progress"))
        layout.addWidget(self.progress_bar)
        self.time_label = QLabel()
        layout.addWidget(self.time_label)
        from .training_chart import TrainingChart

        self.chart = TrainingChart()
        layout.addWidget(self.chart, 1)
        background_note = QLabel(self.tr("You can close this window and keep drawing: the progress shows in the status bar."))
        background_note.setWordWrap(True)
        background_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(background_note)
        self.log_toggle = QToolButton()
        self.log_toggle.setText(self.tr("Show &log"))
        self.log_toggle.setCheckable(True)
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.log_view.setVisible(False)
        self.log_view.setMaximumBlockCount(2000)
        self.log_toggle.toggled.connect(self.log_view.setVisible)
        self.log_toggle.toggled.connect(lambda shown: self.log_toggle.setText(self.tr("Hide &log") if shown else self.tr("Show &log")))
        layout.addWidget(self.log_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.log_view, 1)
        # Enter and Esc only hide the window: stopping a run takes a deliberate click.
        self.cancel_button = QPushButton(self.tr("&Cancel training"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.hide_button = QPushButton(self.tr("Keep training in the &background"))
        self.hide_button.setDefault(True)
        self.hide_button.clicked.connect(self.hide)
        layout.addLayout(_button_row(self.cancel_button, self.hide_button))
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
            self.setup_note.setText(
                self.tr("Training cannot start: there is no folder for the new model ({reason}).").format(reason=error.strerror or error)
            )
            self._fit_height(grow_only=True)
            return
        uses_samples = self.fine_tune or self.include_samples.isChecked()
        self._read_kept_aside(uses_samples)
        self.run = TrainingRun(self.request(output), self)
        self.run.progress.connect(self._on_progress)
        self.run.logged.connect(self.log_view.appendPlainText)
        self.run.finished.connect(self._on_finished)
        self.run.failed.connect(self._on_failed)
        self.run.cancelled.connect(self._on_cancelled)
        self.chart.clear()
        self.log_view.clear()
        self.cancel_button.setEnabled(True)
        self.stage_label.setText(self.tr("Starting…"))
        self.time_label.setText(self.tr("Loading TensorFlow and the data…"))
        self.progress_bar.setRange(0, 0)  # no measure of progress until the first step
        self._first_step_at = None
        self._show_page(self.progress_page)
        self.run_started.emit(self.run)
        self.run.start()

    def _read_kept_aside(self, uses_samples: bool) -> None:
        """Read the kept-aside samples and measure the model in use on them on the
        worker, while the model trains: the comparison at the end is on those the run
        kept aside, even if the user keeps more meanwhile (the list is taken now;
        reading thousands takes seconds, measuring 25,000 about one)."""
        self._stop_reading_kept_aside()
        if not uses_samples:
            self._kept_aside = NO_KEPT_ASIDE
            return
        kept_aside = [entry for entry in self.samples.files() if entry.is_held_out()]
        classifier = self.current.classifier
        self._kept_aside = None
        # A worker discarded (by a new start, a cancel, a failure, the window closing) says nothing more.
        worker = self._reading_kept_aside = self._workers.start(lambda: score_kept_aside(self.samples, kept_aside, classifier))
        worker.finished.connect(self._kept_aside_read)
        # Samples that cannot be read, or a model in use that fails on them: no comparison on them. The run reads them on its own.
        worker.failed.connect(lambda _error: self._kept_aside_read(NO_KEPT_ASIDE))

    def _kept_aside_read(self, score: KeptAsideScore) -> None:
        self._reading_kept_aside = None
        self._kept_aside = score
        if self._finished_card is not None:
            card, self._finished_card = self._finished_card, None
            self._on_finished(card)

    def _on_progress(self, event: DownloadEvent | StepEvent | EpochEvent) -> None:
        if isinstance(event, DownloadEvent):
            self.stage_label.setText(self.tr("Downloading MNIST"))
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(event.fraction * 1000))
            done, total = f"{event.done / 1e6:.1f}", f"{event.total / 1e6:.1f}"
            self.time_label.setText(
                self.tr("{done} of {total} MB").format(done=done, total=total) if event.total else self.tr("{done} MB").format(done=done)
            )
            return
        done = event.fraction
        self.stage_label.setText(self.tr("Epoch {epoch} of {epochs}").format(epoch=event.epoch, epochs=event.epochs))
        self.chart.add_point(done, event.loss, event.accuracy)
        if done >= 1:
            # Exporting and measuring take a while and report no progress: say so rather than sit at 100%.
            self.progress_bar.setRange(0, 0)
            self.stage_label.setText(self.tr("Exporting and measuring the new model…"))
            self.time_label.setText(self.tr("Almost done."))
            return
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(int(done * 1000))
        now = time.monotonic()
        if self._first_step_at is None:
            self._first_step_at = now
            self._first_done = done
            self.time_label.setText(self.tr("Training…"))
        elif done > self._first_done and now > self._first_step_at:
            rate = (done - self._first_done) / (now - self._first_step_at)
            self.time_label.setText(self.tr("About {duration} left.").format(duration=_duration((1 - done) / rate)))

    def cancel(self) -> None:
        if self.run is not None and self.run.is_running():
            self.cancel_button.setEnabled(False)
            self.stage_label.setText(self.tr("Cancelling…"))
            self.run.cancel()

    def _on_cancelled(self) -> None:
        self._stop_reading_kept_aside()
        self.cancel_button.setEnabled(True)
        self.setup_note.setText(self.tr("Training was cancelled. Nothing was changed."))
        self._show_page(self.setup_page)

    # --- page 3: keep it or not -------------------------------------------------------

    def _build_result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        title = QLabel(self.tr("The new model is ready"))
        title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        layout.addWidget(title)
        subtitle = QLabel(self.tr("How well each model reads the same digits. Nothing changes until you choose."))
        subtitle.setWordWrap(True)
        layout.addWidget(subtitle)
        comparison = QGroupBox(self.tr("Accuracy"))
        self.result_grid = QGridLayout(comparison)
        self.result_grid.setHorizontalSpacing(24)
        self.result_grid.setVerticalSpacing(8)
        self.result_grid.setColumnStretch(0, 1)
        layout.addWidget(comparison)
        self.result_note = _Note()
        layout.addWidget(self.result_note)
        self.kept_aside_note = _Note()  # when too few of the user's samples were kept aside to judge by
        layout.addWidget(self.kept_aside_note)
        what_next = QLabel(
            self.tr(
                "Use the new model: it reads your drawings from now on, also at the next start "
                "(Model > Reset to the bundled model goes back). Discard: it is deleted and nothing changes."
            )
        )
        what_next.setWordWrap(True)
        what_next.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(what_next)
        layout.addStretch()
        row, self.discard_button, self.use_button = _choice_row(
            (self.tr("&Discard"), self.discard), (self.tr("&Use the new model"), self.use_new_model)
        )
        # Beside the buttons, not above them: a note appearing there would move them under the pointer just clicked.
        self.install_note = _Note()  # while the new model is installed, and why it could not be
        row.insertWidget(0, self.install_note, 1)
        for button in (self.discard_button, self.use_button):  # a note of two lines grows the row downwards only
            row.setAlignment(button, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        return page

    def _on_finished(self, card: ModelCard) -> None:
        if self._kept_aside is None:  # still being read and measured: the comparison waits for them
            self._finished_card = card
            self.cancel_button.setEnabled(False)  # the run is over: nothing left to cancel
            self.progress_bar.setRange(0, 0)
            self.stage_label.setText(self.tr("Reading your kept-aside samples…"))
            self.time_label.setText(self.tr("The new model is ready; it is compared with the one in use on them next."))
            return
        current = self.current.card or ModelCard()
        rows = [
            (self.tr("MNIST test set"), _percent(current.mnist_test_accuracy), _percent(card.mnist_test_accuracy),
             _points(current.mnist_test_accuracy, card.mnist_test_accuracy)),
            (self.tr("Pen-drawn digits (pendigits)"), _percent(current.pendigits_test_accuracy), _percent(card.pendigits_test_accuracy),
             _points(current.pendigits_test_accuracy, card.pendigits_test_accuracy)),
        ]
        self.kept_aside_note.setText("")
        gains = [_gain(current.mnist_test_accuracy, card.mnist_test_accuracy),
                 _gain(current.pendigits_test_accuracy, card.pendigits_test_accuracy)]
        before, total = self._kept_aside
        if total and card.user_holdout_accuracy is not None:
            after = round(card.user_holdout_accuracy * total)
            judged = total >= MIN_KEPT_ASIDE_TO_JUDGE
            if judged:
                gains.append(after - before)
            change = _change_word(after - before) if judged else self.tr("too few to judge")
            rows.append((self.tr("Your kept-aside samples"), count_of(before, total), count_of(after, total), change))
            if not judged:
                if total == 1:
                    note = self.tr(
                        "Only 1 of your samples was kept aside: too few to tell a better model from luck. "
                        "With about {samples} samples, {kept} or more are kept aside."
                    )
                else:
                    note = self.tr(
                        "Only {total} of your samples were kept aside: too few to tell a better model from luck. "
                        "With about {samples} samples, {kept} or more are kept aside."
                    )
                self.kept_aside_note.setText(
                    note.format(total=f"{total:,}", samples=MIN_KEPT_ASIDE_TO_JUDGE * 5, kept=MIN_KEPT_ASIDE_TO_JUDGE)
                )
        _clear_layout(self.result_grid)
        for column, heading in enumerate(("", self.tr("Model in use"), self.tr("New model"), self.tr("Change"))):
            label = QLabel(f"<b>{heading}</b>")
            if column:
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.result_grid.addWidget(label, 0, column)
        for row, (name, before_text, after_text, change) in enumerate(rows, start=1):
            self.result_grid.addWidget(QLabel(name), row, 0)
            for column, text in enumerate((before_text, after_text, change), start=1):
                label = QLabel(text)
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
                if column == 3 and text.startswith(("+", "-", "−")):
                    better = text.startswith("+")
                    label.setStyleSheet(f"color: {'#2e9d4f' if better else '#d9534f'}; font-weight: bold;")
                    label.setToolTip(self.tr("better than the model in use") if better else self.tr("worse than the model in use"))
                self.result_grid.addWidget(label, row, column)
        seconds = time.monotonic() - self.run.started_at if self.run else 0
        note = self.tr("Trained in {duration} on {data}.").format(duration=_duration(seconds), data=_data_summary(card.data))
        measured = [gain for gain in gains if gain is not None]
        worse = bool(measured) and max(measured) <= 0 and min(measured) < 0
        if worse:
            note += " " + self.tr("It reads worse than the model in use on every measure.")
        self.result_note.setText(note)
        # Enter keeps what is best: a model worse on every measure is not put in use by a key pressed in passing.
        for button, default in ((self.use_button, not worse), (self.discard_button, worse)):
            button.setAutoDefault(default)
            button.setDefault(default)
        self._show_page(self.result_page)

    def use_new_model(self) -> None:
        """Ask for the new model to be installed; the dialog waits, the window does not."""
        assert self.run is not None
        self._set_installing(True)
        self.install_note.setText(self.tr("Checking the new model and putting it in place…"))
        self._fit_height(grow_only=True)
        self.install_requested.emit(self.run.output)

    def model_installed(self) -> None:
        """The new model is in use: its training folder goes, and so does the dialog."""
        self._set_installing(False)
        self.install_note.setText("")
        if self.run is not None:
            self.run.discard_output()
        self._show_page(self.setup_page)
        self.accept()

    def install_failed(self, reason: str) -> None:
        """The new model could not be used (``reason``, in plain words): it stays here, to try again or discard."""
        self._set_installing(False)
        self.install_note.setText(reason + " " + self.tr("You can try again, or discard the new model."))
        self._fit_height(grow_only=True)

    def _set_installing(self, busy: bool) -> None:
        self.installing = busy
        for button in (self.use_button, self.discard_button):
            button.setEnabled(not busy)

    def discard(self) -> None:
        if self.run is not None:
            self.run.discard_output()
        self._show_page(self.setup_page)
        super().reject()

    # --- when it goes wrong ---------------------------------------------------------------

    def _build_failure_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.failure_label = QLabel()
        self.failure_label.setTextFormat(Qt.TextFormat.PlainText)
        self.failure_label.setWordWrap(True)
        self.failure_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.failure_label)
        layout.addWidget(QLabel(self.tr("The model in use has not changed. The training log:")))
        self.failure_log = QPlainTextEdit()
        self.failure_log.setReadOnly(True)
        layout.addWidget(self.failure_log, 1)
        back = QPushButton(self.tr("&Back"))
        back.setAutoDefault(False)
        back.clicked.connect(lambda: self._show_page(self.setup_page))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close_failure)
        layout.addLayout(_button_row(back, close))
        return page

    def _on_failed(self, error: TrainingFailed) -> None:
        self._stop_reading_kept_aside()
        self.failure_label.setText(str(error))
        self.failure_log.setPlainText("\n".join(self.run.log_lines if self.run else []))
        self._show_page(self.failure_page)

    def close_failure(self) -> None:
        self._show_page(self.setup_page)
        super().reject()

    # --- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc or the close button. While the model trains, or while a new one
        waits for a choice, this only hides the dialog: the run goes on, and the
        status bar shows it and brings the dialog back."""
        if self.state in (RUNNING, READY, FAILED):
            self.hide()
            return
        super().reject()

    def _stop_reading_kept_aside(self) -> None:
        """Forget the kept-aside samples being read, and a run waiting for them."""
        if self._reading_kept_aside is not None:
            self._reading_kept_aside.discard()
            self._reading_kept_aside = None
        self._finished_card = None

    def stop(self, keep_output: bool = False) -> None:
        """Stop any run and throw its model away, unless ``keep_output``: the window is closing."""
        self._workers.shutdown()
        if self.run is not None:
            if self.run.is_running():
                self.run.cancel()
                self.run.wait(3000)
            if not keep_output:
                self.run.discard_output()


class _Note(QLabel):
    """A note in plain text (a folder's or an error's words as they are) that takes no room
    while it has nothing to say: an empty label still takes a line, and the page's spacing on
    either side of it, a blank band of some 26 px on the comparison page."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.hide()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons at the bottom right, as dialogs place them."""
    row = QHBoxLayout()
    row.addStretch()
    for button in buttons:
        row.addWidget(button)
    return row


def _choice_row(
    other: tuple[str, Callable[[], object]], main: tuple[str, Callable[[], object]]
) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """A row of two buttons, the main one the default (Enter); returns the row, the other button and the main one."""
    buttons = []
    for (text, slot), default in ((other, False), (main, True)):
        button = QPushButton(text)
        button.setAutoDefault(default)
        button.setDefault(default)
        button.clicked.connect(slot)
        buttons.append(button)
    return _button_row(*buttons), buttons[0], buttons[1]


def _percent(value: float | None) -> str:
    return f"{value:.2%}" if value is not None else "-"


def _points(before: float | None, after: float | None) -> str:
    """The change of an accuracy in percentage points: "+0.12 points"."""
    if before is None or after is None:
        return ""
    change = (after - before) * 100
    if abs(change) < 0.005:
        return QCoreApplication.translate("RetrainDialog", "same")
    return QCoreApplication.translate("RetrainDialog", "{change} points").format(change=f"{'+' if change > 0 else '−'}{abs(change):.2f}")


def _gain(before: float | None, after: float | None) -> int | None:
    """Whether an accuracy went up (1), down (-1) or stayed (0), as ``_points`` words it; None: not measured."""
    if before is None or after is None:
        return None
    change = (after - before) * 100
    return 0 if abs(change) < 0.005 else 1 if change > 0 else -1


def _change_word(gained: int) -> str:
    if gained == 0:
        return QCoreApplication.translate("RetrainDialog", "same")
    return f"{'+' if gained > 0 else '−'}{abs(gained)}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return QCoreApplication.translate("RetrainDialog", "{seconds} s").format(seconds=max(1, round(seconds)))
    return QCoreApplication.translate("RetrainDialog", "{minutes} min").format(minutes=round(seconds / 60))


def _data_summary(used: dict[str, int]) -> str:
    names = {
        "mnist_train": QCoreApplication.translate("RetrainDialog", "{count} MNIST digits"),
        "pendigits_train": QCoreApplication.translate("RetrainDialog", "{count} pen-drawn digits"),
        "user_samples": QCoreApplication.translate("RetrainDialog", "{count} of your samples"),
    }
    parts = [names[key].format(count=f"{count:,}") for key, count in used.items() if key in names]
    return ", ".join(parts) or QCoreApplication.translate("RetrainDialog", "the data")


def _clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
