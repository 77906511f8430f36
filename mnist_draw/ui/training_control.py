"""Training while the user keeps drawing: one run at a time, its dialog, its
place in the status bar, the new model offered when it is ready, a
question before quitting throws a run away, and a new model the user chose
that the window could not put in use before it closed kept, and said where
(and so is a model file loaded that it could not put in use: left where it is).

The dialog (:mod:`.retrain_dialog`) is not modal and outlives its window being
closed: the run goes on in its child process, the status bar
(:mod:`.training_status`) shows how far it is and brings the dialog back.
When the model is ready the dialog comes back by itself, without taking the
keyboard focus, and never in the middle of a stroke.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from .training_status import TrainingStatus

if TYPE_CHECKING:
    from ..samples import SampleStore
    from .canvas import DrawingCanvas
    from .live_recognizer import Recognizer
    from .model_control import ModelController, NotInstalled
    from .retrain_dialog import RetrainDialog
    from .settings import AppSettings

# The dialog's states (retrain_dialog's SETUP ... FAILED), spelled here so that
# the window does not import the dialog, numpy and Pillow before it is needed.
_SETUP, _RUNNING, _READY, _FAILED = "setup", "running", "ready", "failed"
READY_NOTE = QT_TRANSLATE_NOOP("TrainingController", "The new model is ready: compare it with the one in use.")
NOT_INSTALLED_NOTE = QT_TRANSLATE_NOOP("TrainingController", "The new model could not be used; the model in use has not changed.")
# What closing says about a new model it could not put in use (see keep_not_installed).
KEPT_TITLE = QT_TRANSLATE_NOOP("TrainingController", "The new model was kept")
LOST_TITLE = QT_TRANSLATE_NOOP("TrainingController", "The new model could not be kept")
LEFT_TITLE = QT_TRANSLATE_NOOP("TrainingController", "Copy your new model to keep it")
UNFINISHED = QT_TRANSLATE_NOOP(
    "TrainingController", "mnist-draw closed before it could finish putting the new model in place, so it may not be in use."
)
KEPT_IN = QT_TRANSLATE_NOOP("TrainingController", "The new model was kept in {folder}.")
# Load model file opens on the newest kept model (ModelController._load_dialog_start).
TO_USE_IT = QT_TRANSLATE_NOOP(
    "TrainingController",
    "To use it, open mnist-draw, choose Model > Load model file… (it opens on model.tflite in that folder) and press Enter.",
)
# A new model the check turned down: loading it again would be turned down again. It is kept all
# the same (the training may have taken an hour), and the way on is a new training.
KEPT_REFUSED = QT_TRANSLATE_NOOP(
    "TrainingController",
    "The new model was kept in {folder} so that nothing is lost, but it cannot be used as it is. The model you "
    "were using is still in use. To have a new model, train one again from the Model menu; delete that folder "
    "when you no longer need it.",
)
TO_BE_SURE = QT_TRANSLATE_NOOP(
    "TrainingController",
    "To be sure it is in use, open mnist-draw, choose Model > Load model file… (it opens on model.tflite in that "
    "folder) and press Enter.",
)
LEFT_IN = QT_TRANSLATE_NOOP(
    "TrainingController",
    "It could not be moved somewhere safe ({problem}), so it is still in {folder}, which mnist-draw removes "
    "the next time it starts. Copy that folder somewhere else now; then, in mnist-draw, choose "
    "Model > Load model file… and pick model.tflite in it.",
)
GONE = QT_TRANSLATE_NOOP("TrainingController", "Its files were no longer in {folder}, so it could not be kept.")
# Gone, and its install failed: why it failed says again that it is missing, or no longer matters.
GONE_NOT_USED = QT_TRANSLATE_NOOP(
    "TrainingController",
    "The new model's files were no longer in {folder}, so it could not be kept, and the model you were using is "
    "still the one in use. To have a new model, train one again from the Model menu.",
)
# A model file loaded with Load model file: the user's own file, never moved, so nothing to keep but to say where.
FILE_TITLE = QT_TRANSLATE_NOOP("TrainingController", "The model file you chose is not in use")
FILE_UNFINISHED = QT_TRANSLATE_NOOP(
    "TrainingController", "mnist-draw closed before it could finish putting the model {name} in place, so it may not be in use."
)
FILE_STILL_IN = QT_TRANSLATE_NOOP("TrainingController", "{name} is still in {folder}, as you left it.")
FILE_TO_USE_IT = QT_TRANSLATE_NOOP(
    "TrainingController", "To use it, open mnist-draw, choose Model > Load model file… and pick {name} in that folder."
)
FILE_TO_BE_SURE = QT_TRANSLATE_NOOP(
    "TrainingController",
    "To be sure it is in use, open mnist-draw, choose Model > Load model file… and pick {name} in that folder.",
)
FILE_GONE = QT_TRANSLATE_NOOP("TrainingController", "{name} is no longer in {folder}.")
FILE_GONE_NOT_USED = QT_TRANSLATE_NOOP(
    "TrainingController",
    "{name} is no longer in {folder}, and the model you were using is still the one in use. If you moved {name}, "
    "open mnist-draw, choose Model > Load model file… and pick it where it is now.",
)
# The notice's title: the first of these that one of its parts calls for.
TITLES = (LEFT_TITLE, KEPT_TITLE, LOST_TITLE, FILE_TITLE)


class TrainingController(QObject):
    status_posted = Signal(str)  # a passing note for the status bar

    def __init__(
        self,
        canvas: DrawingCanvas,
        recognizer: Recognizer,
        models: ModelController,
        samples: Callable[[], SampleStore],
        settings: AppSettings | None,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._recognizer = recognizer
        self._models = models
        self._samples = samples
        self._settings = settings
        self._window = window
        self.dialog: RetrainDialog | None = None
        self.status_widget = TrainingStatus(window)
        self.status_widget.open_requested.connect(self.show_dialog)
        self.status_widget.cancel_requested.connect(self.cancel)
        self._pen_down = False
        self._offer_after_stroke: str | None = None  # the note to give when the dialog comes back after the stroke
        self._kept: list[tuple[str, str]] = []  # what closing kept: the title it calls for and, in words, what
        canvas.strokes_changed.connect(self._on_strokes_changed)

    # --- starting -------------------------------------------------------------------

    def open(self, fine_tune: bool) -> None:
        """Model > Retrain or Teach: the running (or finished) run's dialog if
        there is one, since one run at a time is all two cores can take; else a new one."""
        dialog = self.dialog
        if dialog is not None and dialog.state != _SETUP:
            if dialog.fine_tune != fine_tune and dialog.state == _RUNNING:
                self.status_posted.emit(self.tr("{activity} is still going on: one training at a time.").format(activity=dialog.activity))
            self.show_dialog()
            return
        current = self._recognizer.model()
        if current is None:
            self.status_posted.emit(self.tr("The model is still loading."))
            return
        from .retrain_dialog import RetrainDialog

        if dialog is not None:
            dialog.deleteLater()
        dialog = RetrainDialog(current, self._samples(), fine_tune=fine_tune, parent=self._window, settings=self._settings)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.install_requested.connect(self._install)
        dialog.run_started.connect(self._watch)
        dialog.state_changed.connect(self._on_state_changed)
        self.dialog = dialog
        self.show_dialog()

    def show_dialog(self) -> None:
        if self.dialog is None:
            return
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def cancel(self) -> None:
        if self.dialog is not None:
            self.dialog.cancel()

    # --- while it runs ---------------------------------------------------------------

    def _watch(self, run) -> None:
        run.progress.connect(self._show_progress)
        self._show_progress()

    def _show_progress(self, *_event) -> None:
        if self.dialog is None or self.dialog.run is None or self.dialog.state != _RUNNING:
            return
        fraction = self.dialog.run.fraction
        self.status_widget.show_running(self.dialog.activity, fraction if 0 < fraction < 1 else None)

    def _on_state_changed(self, state: str) -> None:
        assert self.dialog is not None
        hidden = not self.dialog.isVisible()
        if state == _RUNNING:
            self._show_progress()
        elif state == _READY:
            self.status_widget.show_ready()
            if hidden:
                self._offer(READY_NOTE)
        elif state == _FAILED:
            self.status_widget.show_failed()
            if hidden:
                self.status_posted.emit(self.tr("Training failed; the model in use has not changed."))
        else:
            self.status_widget.hide()
            self._offer_after_stroke = None

    # --- the end ---------------------------------------------------------------------

    def _install(self, folder: Path) -> None:
        """The dialog's "Use the new model": installed in the model controller's pool, the answer back to the dialog."""
        dialog = self.dialog
        assert dialog is not None

        def done(reason: str | None) -> None:
            if reason is None:
                dialog.model_installed()
                return
            dialog.install_failed(reason)
            if dialog is self.dialog and not dialog.isVisible():  # closed meanwhile: the reason must be seen
                self._offer(NOT_INSTALLED_NOTE)

        self._models.install_trained(folder, done)

    def _offer(self, note: str) -> None:
        """Bring back the dialog with the comparison, without taking the pen or the keyboard;
        ``note`` says why in the status bar."""
        if self._pen_down:
            self._offer_after_stroke = note
            return
        self.status_posted.emit(self.tr(note))
        assert self.dialog is not None
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.dialog.show()
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)

    def _on_strokes_changed(self, pen_moving: bool) -> None:
        self._pen_down = pen_moving
        note = self._offer_after_stroke
        if not pen_moving and note is not None:
            self._offer_after_stroke = None
            if self.dialog is not None and self.dialog.state == _READY and not self.dialog.isVisible():
                self._offer(note)

    def quit_question(self) -> QMessageBox | None:
        """The question to ask before quitting throws away a run or its new model; None: nothing to lose."""
        dialog = self.dialog
        if dialog is None or dialog.state not in (_RUNNING, _READY):
            return None
        if dialog.state == _READY and dialog.installing:
            return None  # the user chose to use it: closing waits for the install, nothing is thrown away
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        if dialog.state == _RUNNING:
            box.setWindowTitle(self.tr("Training is still running"))
            box.setText(
                self.tr("{activity} is still going on. Quitting now stops it and throws its model away.").format(activity=dialog.activity)
            )
            stay = box.addButton(self.tr("&Keep training"), QMessageBox.ButtonRole.RejectRole)
            box.addButton(self.tr("&Stop and quit"), QMessageBox.ButtonRole.DestructiveRole)
        else:
            box.setWindowTitle(self.tr("The new model is not in use"))
            box.setText(self.tr("The new model is ready but not in use. Quitting now throws it away."))
            stay = box.addButton(self.tr("&Compare it"), QMessageBox.ButtonRole.RejectRole)
            box.addButton(self.tr("&Discard it and quit"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.stay_button = stay  # type: ignore[attr-defined]
        return box

    def confirm_quit(self) -> bool:
        """Whether the window may close: asks first when a run or a new model would be lost."""
        box = self.quit_question()
        if box is None:
            return True
        box.exec()
        leave = box.clickedButton() is not box.stay_button  # type: ignore[attr-defined]
        box.deleteLater()
        if not leave:
            self.show_dialog()
        return leave

    def shutdown(self, not_installed: Sequence[NotInstalled] = ()) -> None:
        """The window is closing: keep each new model the user chose that is not in
        place (``not_installed``), stop any run and remove its files."""
        left = False
        for model in not_installed:
            left = self.keep_not_installed(model) or left
        if self.dialog is not None:
            self.dialog.stop(keep_output=left)

    def keep_not_installed(self, model: NotInstalled) -> bool:
        """Keep a new model that is not in use although the user chose it: moved out of
        the candidates, which go with the window, into the user's kept models (a model
        file loaded stays where it is). What happened, where it is and what to do are
        told by :meth:`tell_what_was_kept`. True if it could not be moved and must be
        left where it is."""
        from .. import user_data
        from ..wording import system_reason

        if model.chosen_file is not None:
            self._kept.append((FILE_TITLE, self._file_left(model, model.chosen_file)))
            return False
        what = model.reason or self.tr(UNFINISHED)
        then = self.tr(TO_USE_IT) if model.reason else self.tr(TO_BE_SURE)
        if not model.folder.is_dir():  # removed by hand while it waited: "still in" would not be true
            gone = self.tr(GONE_NOT_USED if model.reason else GONE).format(folder=model.folder)
            self._kept.append((LOST_TITLE, gone if model.reason else f"{what}\n\n{gone}"))
            return False
        try:
            kept = user_data.keep_candidate(model.folder)
        except OSError as error:
            self._kept.append((LEFT_TITLE, f"{what}\n\n" + self.tr(LEFT_IN).format(problem=system_reason(error), folder=model.folder)))
            return True
        if model.refused:  # "to use it, load it" would be turned down again, most likely
            self._kept.append((KEPT_TITLE, f"{what}\n\n" + self.tr(KEPT_REFUSED).format(folder=kept)))
            return False
        self._kept.append((KEPT_TITLE, f"{what}\n\n" + self.tr(KEPT_IN).format(folder=kept) + " " + then))
        return False

    def _file_left(self, model: NotInstalled, chosen: Path) -> str:
        """What became of a model file loaded that is not in use, where it is and what to do."""
        name, folder = chosen.name, chosen.parent
        what = model.reason or self.tr(FILE_UNFINISHED).format(name=name)
        if not chosen.exists():  # moved or deleted since: "still in" would not be true
            if model.reason:  # its install failed: the file missing, said once, is what there is to say
                return self.tr(FILE_GONE_NOT_USED).format(name=name, folder=folder)
            return f"{what}\n\n" + self.tr(FILE_GONE).format(name=name, folder=folder)
        where = self.tr(FILE_STILL_IN).format(name=name, folder=folder)
        if model.refused:  # loading it again would fail again: no advice to
            return f"{what}\n\n{where}"
        then = self.tr(FILE_TO_USE_IT if model.reason else FILE_TO_BE_SURE).format(name=name)
        return f"{what}\n\n{where} {then}"

    def kept_notice(self) -> QMessageBox | None:
        """The box that says what closing kept and where; None: nothing was kept."""
        if not self._kept:
            return None
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Warning)
        called_for = {title for title, _text in self._kept}
        box.setWindowTitle(self.tr(next(title for title in TITLES if title in called_for)))
        box.setTextFormat(Qt.TextFormat.PlainText)  # folder names are shown as written
        box.setText("\n\n".join(text for _title, text in self._kept))
        return box

    def tell_what_was_kept(self) -> None:
        """Once the window has stopped its work: say what closing kept, once."""
        box = self.kept_notice()
        self._kept = []
        if box is not None:
            box.exec()
            box.deleteLater()
