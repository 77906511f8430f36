"""Teaching the model: keep the current drawing as a labelled sample, open the
user's samples, and start retraining or fine-tuning.

A sample is taken when the user says what the drawing really was: a digit key,
a click on that digit's bar, or Model > Correct... Training needs TensorFlow in
a child process; in the light build, which leaves TensorFlow out, the training
items are greyed out with a word on how to get them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ..reading import DIGITS
from ..resources import training_available
from ..wording import plural
from .banner import Level
from .training_control import TrainingController

if TYPE_CHECKING:
    from ..samples import SampleStore
    from .canvas import DrawingCanvas
    from .model_control import ModelController
    from .live_recognizer import Recognizer
    from .settings import AppSettings

TOPIC = "teach"
LIGHT_BUILD_NOTE = (
    "This is the light build of mnist-draw, without TensorFlow: it reads digits but cannot train. "
    "The full build (or `pip install mnist-draw`) can retrain and learn your handwriting."
)


class TeachController(QObject):
    message_posted = Signal(str, object, str)  # text, banner Level, topic
    message_resolved = Signal(str)
    status_posted = Signal(str)

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
        self.correction_anchor: QWidget = window  # the correction popup opens over this (the reading panel)
        self.can_train = training_available()
        self.training = TrainingController(canvas, recognizer, models, lambda: self.store, settings, window)
        self.training.status_posted.connect(self.status_posted)

        self.correct_action = QAction("&Correct this reading…", self)
        self.correct_action.setShortcut(QKeySequence("Ctrl+K"))
        self.correct_action.setStatusTip("Say which digit you drew, to keep it as a sample of your handwriting")
        self.correct_action.triggered.connect(self.ask_for_label)
        self.samples_action = QAction("My &samples…", self)
        self.samples_action.triggered.connect(self.show_samples)
        self.retrain_action = QAction("&Retrain…", self)
        self.retrain_action.setShortcut(QKeySequence("Ctrl+R"))
        self.retrain_action.triggered.connect(lambda: self.open_training(fine_tune=False))
        self.fine_tune_action = QAction("&Teach it my handwriting…", self)
        self.fine_tune_action.setShortcut(QKeySequence("Ctrl+T"))
        self.fine_tune_action.triggered.connect(lambda: self.open_training(fine_tune=True))
        for action in (self.retrain_action, self.fine_tune_action):
            action.setEnabled(self.can_train)
            if not self.can_train:
                action.setStatusTip(LIGHT_BUILD_NOTE)
                action.setToolTip(LIGHT_BUILD_NOTE)
        # Digit keys label the drawing; they are window shortcuts, so they never
        # fire while the user types in a dialog.
        self.digit_actions = []
        for digit in range(DIGITS):
            action = QAction(f"This is a {digit}", self)
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
            note = menu.addAction("Training needs the full build")
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
        """Keep what is on the canvas as a sample of ``digit``; False if there is nothing to keep."""
        reading = self._recognizer.last_reading()
        drawing = self._canvas.drawing()
        if drawing.is_empty or reading.pixels is None:
            self.status_posted.emit("Draw a digit first, then press its key to keep it as a sample.")
            return False
        strokes = [[(x, y) for x, y, *_ in stroke] for stroke in self._canvas.strokes()] if drawing.image is None else None
        try:
            # The same drawing twice would count double in training and in the kept-aside measure.
            kept = self.store.find(reading.pixels)
            if kept is not None and kept.label == digit:
                self.status_posted.emit(f"This drawing is already kept as a sample of {digit}.")
                return False
            if kept is not None:
                self.store.relabel(kept.id, digit)
                self.status_posted.emit(f"This drawing was kept as a {kept.label}; it is now a sample of {digit}.")
                return True
            self.store.add(digit, reading.pixels, strokes)
        except OSError as error:
            self.message_posted.emit(f"The sample could not be saved: {error.strerror or error}.", Level.ERROR, TOPIC)
            return False
        count = self.store.counts()[digit]
        read_as = "" if reading.digit == digit else f" (the model read {reading.digit})"
        self.status_posted.emit(f"Kept as a sample of {digit}{read_as}: you have {plural(count, f'sample of {digit}', f'samples of {digit}')}.")
        self.message_resolved.emit(TOPIC)
        return True

    def ask_for_label(self) -> None:
        reading = self._recognizer.last_reading()
        if reading.pixels is None:
            self.status_posted.emit("Draw a digit first, then say which digit it is.")
            return
        from .correction_popup import CorrectionPopup

        popup = CorrectionPopup(reading.digit, self._window)
        popup.digit_chosen.connect(self.keep_sample)
        popup.show_over(self.correction_anchor)

    def show_samples(self) -> None:
        from .samples_dialog import SamplesDialog

        dialog = SamplesDialog(self.store, self._window)
        dialog.exec()

    # --- training -------------------------------------------------------------------

    def open_training(self, fine_tune: bool) -> None:
        self.training.open(fine_tune)
