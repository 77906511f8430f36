"""Teaching the model: keep the current drawing as a labelled sample, open the
user's samples, and start retraining or fine-tuning.

A sample is taken when the user says what the drawing really was: a digit key,
a click on that digit's bar, or Model > Correct... An edited picture is read
off the UI thread; said while that read is under way, the label waits for it
(tens of milliseconds), so the pixels kept are always those of what is on the
canvas, never the reading of what was there before.

Whether the drawing is kept already is looked up in the store's index of
pictures. Someone may have kept thousands of samples, so the index is built on
this controller's own worker, once, as soon as a stroke ends (a label may
follow); a label said before it is ready waits for it, as one said before a
reading does. A handful of samples is looked through at once.

Training needs TensorFlow in a child process; in the light build, which leaves
TensorFlow out, the training items are greyed out with a word on how to get them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ..reading import DIGITS
from ..resources import training_available
from .banner import Level
from .help_dialogs import with_keys
from .training_control import TrainingController
from .worker import Worker, WorkerPool

if TYPE_CHECKING:
    from ..samples import SampleStore
    from ..reading import Reading
    from .canvas import Drawing, DrawingCanvas
    from .model_control import ModelController
    from .live_recognizer import Recognizer
    from .settings import AppSettings

TOPIC = "teach"
# Up to this many samples, the index is built at once, when a label needs it: about
# 7 ms, 23 ms for samples kept by an older version (bench_samples.py, busy machine).
# Beyond, on the worker.
INDEX_AT_ONCE = 100
NUMBER_MODE_NOTE = QT_TRANSLATE_NOOP("TeachController", "Samples are kept one digit at a time: turn off number mode ({number_mode}) first.")
LIGHT_BUILD_NOTE = QT_TRANSLATE_NOOP(
    "TeachController",
    "This is the light build of mnist-draw, without TensorFlow: it reads digits but cannot train. "
    "The full build, or mnist-draw set up from its source folder as its README describes, "
    "can retrain and learn your handwriting.",
)


class TeachController(QObject):
    message_posted = Signal(str, object, str)  # text, banner Level, topic
    message_resolved = Signal(str)
    status_posted = Signal(str)  # a passing note about the drawing (the training posts its own)

    def __init__(
        self,
        canvas: DrawingCanvas,
        recognizer: Recognizer,
        models: ModelController,
        window: QWidget,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(window)
        self._canvas = canvas
        self._recognizer = recognizer
        self._models = models
        self._window = window
        self._store: SampleStore | None = None
        # What to do once the drawing shown is read (or the samples are looked through),
        # that drawing, and what to say if it changes first: a label given while an
        # edited picture was still being read, or while the index was being built.
        self._after_read: tuple[Callable[[], None], Drawing, str] | None = None
        self.workers = WorkerPool(self)  # the samples' own thread: the window's reads pictures
        self._indexing: Worker | None = None
        recognizer.reading_changed.connect(self._reading_arrived)
        canvas.strokes_changed.connect(self._drawing_changed)
        recognizer.number_changed.connect(self._number_read)
        self.correction_anchor: QWidget = window  # the correction popup opens over this (the reading panel)
        self.number_mode: QAction | None = None  # Number mode's toggle, whose keys the notes name (the window's)
        self.can_train = training_available()
        self.training = TrainingController(canvas, recognizer, models, lambda: self.store, settings, window)

        self.correct_action = QAction(self.tr("&Correct this reading…"), self)
        self.correct_action.setShortcut(QKeySequence("Ctrl+K"))
        self.correct_action.setStatusTip(self.tr("Say which digit you drew, to keep it as a sample of your handwriting"))
        self.correct_action.triggered.connect(self.ask_for_label)
        self.samples_action = QAction(self.tr("My &samples…"), self)
        self.samples_action.triggered.connect(self.show_samples)
        self.retrain_action = QAction(self.tr("&Retrain…"), self)
        self.retrain_action.setShortcut(QKeySequence("Ctrl+R"))
        self.retrain_action.triggered.connect(lambda: self.open_training(fine_tune=False))
        self.fine_tune_action = QAction(self.tr("&Teach it my handwriting…"), self)
        self.fine_tune_action.setShortcut(QKeySequence("Ctrl+T"))
        self.fine_tune_action.triggered.connect(lambda: self.open_training(fine_tune=True))
        for action in (self.retrain_action, self.fine_tune_action):
            action.setEnabled(self.can_train)
            if not self.can_train:
                action.setStatusTip(self.tr(LIGHT_BUILD_NOTE))
                action.setToolTip(self.tr(LIGHT_BUILD_NOTE))
        # Digit keys label the drawing; they are window shortcuts, so they never
        # fire while the user types in a dialog.
        self.digit_actions = []
        for digit in range(DIGITS):
            action = QAction(self.tr("This is a {digit}").format(digit=digit), self)
            action.setShortcut(QKeySequence(str(digit)))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, d=digit: self.keep_sample(d))
            self.digit_actions.append(action)
        window.addActions(self.digit_actions)

    def populate_menu(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addAction(self.correct_action)
        menu.addAction(self.samples_action)
        menu.addSeparator()
        menu.addAction(self.fine_tune_action)
        menu.addAction(self.retrain_action)
        if not self.can_train:
            note = menu.addAction(self.tr("Training needs the full build"))
            note.setEnabled(False)

    def keyboard_actions(self) -> list[QAction]:
        return [self.correct_action, self.fine_tune_action, self.retrain_action]

    @property
    def store(self) -> SampleStore:
        """The user's samples, opened on first use: numpy and Pillow are not needed
        before the window is on screen."""
        if self._store is None:
            from ..samples import SampleStore
            from ..user_data import samples_dir

            self._store = SampleStore(samples_dir())
        return self._store

    # --- samples --------------------------------------------------------------------

    def keep_sample(self, digit: int) -> bool:
        """Keep what is on the canvas as a sample of ``digit``; False if there is nothing to keep.
        While an edited picture is still being read, or many samples are still being
        looked through, it is kept once that is done (True)."""
        reading = self._recognizer.last_reading()
        drawing = self._canvas.drawing()
        if self._recognizer.number_mode():  # a sample is one digit: a whole number would teach nonsense
            self.status_posted.emit(with_keys(self.tr(NUMBER_MODE_NOTE), {"number_mode": self.number_mode}))
            return False
        if not drawing.is_empty and not self._recognizer.last_reading_is_current():
            self._when_read(lambda: self.keep_sample(digit))
            self.status_posted.emit(self.tr("Still reading what is on the canvas: it is kept as a sample of {digit} once read.").format(digit=digit))
            return True
        if not drawing.is_empty and reading.error is not None:
            self.status_posted.emit(self.tr("The drawing could not be read, so nothing was kept as a sample."))
            return False
        if drawing.is_empty or reading.pixels is None:
            self.status_posted.emit(self.tr("Draw a digit first, then press its key to keep it as a sample."))
            return False
        if not self._index_ready():
            self._when_indexed(lambda: self.keep_sample(digit))
            self.status_posted.emit(self.tr("Looking through your samples: the drawing is kept as a sample of {digit} once done.").format(digit=digit))
            return True
        strokes = [[(x, y) for x, y, *_ in stroke] for stroke in self._canvas.strokes()] if drawing.image is None else None
        try:
            # The same drawing twice would count double in training and in the kept-aside measure.
            kept = self.store.find(reading.pixels)
            if kept is not None and kept.label == digit:
                self.status_posted.emit(self.tr("This drawing is already kept as a sample of {digit}.").format(digit=digit))
                return False
            if kept is not None:
                self.store.relabel(kept.id, digit)
                self.status_posted.emit(self.tr("This drawing was kept as a {kept}; it is now a sample of {digit}.").format(kept=kept.label, digit=digit))
                return True
            self.store.add(digit, reading.pixels, strokes)
        except OSError as error:
            self.message_posted.emit(self.tr("The sample could not be saved: {reason}.").format(reason=error.strerror or error), Level.ERROR, TOPIC)
            return False
        except ValueError as error:  # a SampleError: the sample kept before was deleted or damaged meanwhile
            self.message_posted.emit(self.tr("The sample could not be changed: {reason} Nothing was kept.").format(reason=error), Level.ERROR, TOPIC)
            return False
        count = self.store.counts()[digit]
        if reading.digit == digit:
            read_as = ""
        elif reading.digit is None:  # turned away as no digit (a letter, a scribble)
            read_as = " " + self.tr("(the model read no digit)")
        else:
            read_as = " " + self.tr("(the model read {digit})").format(digit=reading.digit)
        # Two whole sentences, so that each can be translated as it stands.
        if count == 1:
            kept_note = self.tr("Kept as a sample of {digit}{read_as}: you have 1 sample of {digit}.")
        else:
            kept_note = self.tr("Kept as a sample of {digit}{read_as}: you have {count} samples of {digit}.")
        self.status_posted.emit(kept_note.format(digit=digit, read_as=read_as, count=f"{count:,}"))
        self.message_resolved.emit(TOPIC)
        return True

    def ask_for_label(self) -> None:
        if self._recognizer.number_mode():
            self.status_posted.emit(with_keys(self.tr(NUMBER_MODE_NOTE), {"number_mode": self.number_mode}))
            return
        if not self._canvas.drawing().is_empty and not self._recognizer.last_reading_is_current():
            self._when_read(self.ask_for_label)  # the popup offers the digit read: the picture's, not the last drawing's
            self.status_posted.emit(self.tr("Still reading what is on the canvas: the digits to choose from open once it is read."))
            return
        reading = self._recognizer.last_reading()
        if reading.pixels is None:
            self.status_posted.emit(self.tr("Draw a digit first, then say which digit it is."))
            return
        from .correction_popup import CorrectionPopup

        popup = CorrectionPopup(reading.digit, self._window)
        popup.digit_chosen.connect(self.keep_sample)
        popup.show_over(self.correction_anchor)

    def _when_read(self, action: Callable[[], None]) -> None:
        """Do ``action`` once the drawing now shown is read (the newest label wins)."""
        self._after_read = (action, self._canvas.drawing(), self.tr("The drawing changed before it was read, so nothing was kept: say its digit again."))

    def _when_indexed(self, action: Callable[[], None]) -> None:
        """Do ``action`` once the samples are looked through (the newest label wins)."""
        self._after_read = (
            action,
            self._canvas.drawing(),
            self.tr("The drawing changed before your samples were looked through, so nothing was kept: say its digit again."),
        )
        self._build_index()

    def _reading_arrived(self, _reading: Reading) -> None:
        if self._recognizer.last_reading_is_current():
            self._resume()

    def _resume(self) -> None:
        """Do what waited, if the drawing is still the one it was said of; it may wait again."""
        if self._after_read is None:
            return
        action, drawing, moved_on = self._after_read
        self._after_read = None
        if self._canvas.drawing() is drawing:
            action()
        else:
            self._drawing_moved_on(moved_on)

    def _drawing_changed(self, in_progress: bool) -> None:
        if self._after_read is not None and self._canvas.drawing() is not self._after_read[1]:
            moved_on = self._after_read[2]
            self._after_read = None
            self._drawing_moved_on(moved_on)
        if not in_progress:
            self._build_index()  # a label may follow: look through the samples while the user looks at the bars

    # --- the index of the samples' pictures -------------------------------------------

    def _index_ready(self) -> bool:
        """Whether the drawing can be looked up now: the index is built, or there are
        so few samples that ``find`` builds it at once."""
        return self.store.index_ready() or sum(self.store.counts()) <= INDEX_AT_ONCE

    def _build_index(self) -> None:
        """Look through many samples on the worker, once; a label said meanwhile waits."""
        if self._indexing is not None or self._index_ready():
            return
        worker = self._indexing = self.workers.start(self.store.index_steps)
        worker.finished.connect(self._indexed)
        worker.failed.connect(self._index_failed)

    def _indexed(self, _result: object) -> None:
        self._indexing = None
        self._resume()

    def _index_failed(self, error: Exception) -> None:
        self._indexing = None
        if self._after_read is not None:
            self._after_read = None
            reason = error.strerror if isinstance(error, OSError) and error.strerror else self.tr("they could not be read")
            self.message_posted.emit(
                self.tr("Your samples could not be looked through ({reason}), so nothing was kept.").format(reason=reason), Level.ERROR, TOPIC
            )

    def shutdown(self) -> None:
        """The window is closing: stop looking through the samples."""
        self.workers.shutdown()

    def _number_read(self, number: object) -> None:
        if number is not None and self._after_read is not None:  # number mode came on: no sample is kept there
            self._after_read = None
            self.status_posted.emit(with_keys(self.tr(NUMBER_MODE_NOTE), {"number_mode": self.number_mode}))

    def _drawing_moved_on(self, note: str) -> None:
        self.status_posted.emit(note)

    def show_samples(self) -> None:
        from .samples_dialog import SamplesDialog

        dialog = SamplesDialog(self.store, self._window)
        dialog.exec()

    # --- training -------------------------------------------------------------------

    def open_training(self, fine_tune: bool) -> None:
        self.training.open(fine_tune)
