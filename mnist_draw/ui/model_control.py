"""Which model the window uses: loading it after the window appears, and the Model menu.

Loading and installing run in a worker pool of their own: importing LiteRT and
numpy and reading the model takes a few tenths of a second, during which the
window is already on screen and can be drawn on. A model from elsewhere, or a
newly trained one, is first checked in a child process
(:mod:`mnist_draw.model_check`), so a crafted file cannot take the window down;
that check may take up to a minute, and another window's install may hold the
lock a while, and neither holds up the window's own pool (pictures, the View
menu's views). A model that fails to load never replaces the one in use, and
Reset to the bundled model is always there to get out of a bad model.

The Model menu is built by ``populate_menu``; later items (retraining, teaching,
the user's samples) go there as more actions on the same menu.
"""

from __future__ import annotations

import html
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox, QWidget

from ..model_card import architecture_parts
from ..model_files import TFLITE_NAME
from .worker import EXPECTED_FAILURES, WorkerPool, log_if_unlogged
from .core_texts import core_text, model_in_words
from .banner import Level
from .live_recognizer import Recognizer

if TYPE_CHECKING:
    from ..model_card import ModelCard
    from ..model_store import LoadedModel

log = logging.getLogger(__name__)

MODEL_FILTER = QT_TRANSLATE_NOOP("ModelController", "TensorFlow Lite models (*.tflite);;All files (*)")
NEW_MODEL_FAILURE = QT_TRANSLATE_NOOP("ModelController", "The new model cannot be used")
STOPPED_AT_CLOSING = QT_TRANSLATE_NOOP(
    "ModelController", "mnist-draw closed before it could put the new model in place, so it is not in use."
)
FILE_STOPPED_AT_CLOSING = QT_TRANSLATE_NOOP(
    "ModelController",
    "mnist-draw closed before it could put the model {name} in place, so it is not in use: the model you were "
    "using is kept, and is the one in use at the next start.",
)
STOPPING_MS = 5000  # a stopped install ends within a tenth of a second, unless its files are being swapped in
TOPIC = "model"


@dataclass(frozen=True)
class NotInstalled:
    """A model the user chose to use (a newly trained one, or a file loaded with Load model
    file) that was not put in place when the window closed."""

    folder: Path  # a newly trained model's folder, among the candidates; a loaded file's folder
    reason: str | None  # why not, in plain words; None: its install had not ended when the window stopped waiting
    chosen_file: Path | None = None  # the file loaded, left where it is (nothing to keep); None: a newly trained model
    # The check or the model's own files turned it down (not the install, nor the system): trying it again would not help.
    refused: bool = False


class _Install:
    """How an install the user asked for went, as its worker thread records it: the window
    closing mutes the worker, so this, not the worker's signals, is what closing reads."""

    def __init__(self, folder: Path, failure: str, chosen_file: Path | None = None) -> None:
        self.folder = folder
        self.failure = failure  # what could not be done, the start of the sentence that says why
        self.chosen_file = chosen_file  # see NotInstalled
        self.about = chosen_file or folder / TFLITE_NAME  # the model that sentence names: the reason after it says "it"
        self.ended = threading.Event()  # set once the install has returned or raised
        self.error: Exception | None = None  # what it raised; written before ``ended`` is set
        self.stop = threading.Event()  # set by closing: a check or a wait under way ends, nothing is put in place


class ModelController(QObject):
    # text, banner Level, topic, banner Offer (none), sticky: a model's problem is how things
    # stand, not what the last stroke did, so it stays until dismissed or a good model loads
    message_posted = Signal(str, object, str, object, bool)
    message_resolved = Signal(str)  # topic: a model loaded well, earlier model errors are moot
    status_posted = Signal(str)  # a passing note for the status bar

    def __init__(self, recognizer: Recognizer, window: QWidget) -> None:
        super().__init__(window)
        self._recognizer = recognizer
        self.workers = WorkerPool(self)  # model loading and installing only
        self._window = window
        self._installs: list[_Install] = []  # asked for, their outcome not yet heard
        self._last_folder: str | None = None  # where Load model file was last used, in this window
        self.info_action = QAction(self.tr("Model &information…"), self)
        self.info_action.setStatusTip(self.tr("Architecture, accuracy and training date of the model in use"))
        self.info_action.triggered.connect(self.show_information)
        self.load_action = QAction(self.tr("&Load model file…"), self)
        self.load_action.setStatusTip(self.tr("Use a model file (.tflite) trained elsewhere, from now on"))
        self.load_action.triggered.connect(self.choose_model_file)
        self.reset_action = QAction(self.tr("Reset to the &bundled model"), self)
        self.reset_action.setStatusTip(self.tr("Forget your own model and use the one that came with the app"))
        self.reset_action.triggered.connect(self.reset_to_bundled)
        recognizer.model_changed.connect(self._update_actions)
        self._update_actions()

    def populate_menu(self, menu: QMenu) -> None:
        menu.addAction(self.info_action)
        menu.addSeparator()
        menu.addAction(self.load_action)
        menu.addAction(self.reset_action)

    # --- loading -------------------------------------------------------------------

    def load_initial(self, explicit_path: str | None = None) -> None:
        """Load the model to start with: ``explicit_path`` if given and usable, else the usual one."""
        self._load(lambda: _load_initial(explicit_path), note=None)

    def load_file(self, path: str) -> None:
        """Use the model in ``path`` (a .tflite file or a model folder) from now on, also at the next start."""
        chosen = Path(path)
        name = chosen.name
        install = _Install(chosen.parent, self.tr("{name} cannot be used").format(name=name), chosen)

        def steps() -> Iterator[str]:
            from ..model_check import check, tflite_of
            from ..model_store import install_user_model

            yield self.tr("Checking {name}…").format(name=name)
            check(tflite_of(chosen), stop=install.stop)  # in a child process, before this one loads it
            yield self.tr("Installing {name}…").format(name=name)
            install_user_model(chosen, stop=install.stop)  # remembered at the next start

        self._install(install, steps, note=self.tr("Now using the model {name}.").format(name=name))

    def install_trained(self, folder: Path, done: Callable[[str | None], None]) -> None:
        """Use the model a training wrote into ``folder`` from now on, also at the next start:
        checked in a child process, installed and loaded in the background. Then
        ``done(None)``, once it is in use, or ``done(reason)``: why not, in plain words,
        for whoever asked to show (the model in use is kept)."""
        install = _Install(folder, self.tr(NEW_MODEL_FAILURE))

        def steps() -> Iterator[str]:
            from ..model_store import install_user_model

            yield self.tr("Checking the new model…")
            install_user_model(folder, stop=install.stop)  # checks it in a child process first

        self._install(install, steps, note=self.tr("Now using your new model."), done=done)

    def _install(
        self,
        install: _Install,
        steps: Callable[[], Iterator[str]],  # the install, yielding progress notes
        note: str,
        done: Callable[[str | None], None] | None = None,
    ) -> None:
        """Run ``steps`` and load the model they put in place; closing the window waits for it,
        then stops it (see :meth:`shutdown`)."""
        self._installs.append(install)

        def work() -> Iterator[str]:
            from ..model_store import load_active_model

            try:
                yield from steps()
            except Exception as error:
                install.error = error
                raise
            finally:
                install.ended.set()
            return load_active_model(), None

        def heard() -> None:  # the window says how it went: closing need not
            if install in self._installs:
                self._installs.remove(install)

        self._load(work, note=note, failure=install.failure, done=done, must_finish=True, heard=heard, about=install.about)

    def use_model(self, model: LoadedModel, note: str | None = None, problem: str | None = None) -> None:
        """Switch to ``model`` and tell the user.

        ``note`` passes by in the status bar; a ``problem`` or the model's own
        warning stays in the window until dismissed.
        """
        self._recognizer.set_model(model)
        warning = " ".join(part for part in (problem, model.warning) if part)
        if warning:
            self.message_posted.emit(warning, Level.WARNING, TOPIC, None, True)
        else:
            self.message_resolved.emit(TOPIC)
            if note:
                self.status_posted.emit(note)

    def shutdown(self, timeout_ms: int = 5000) -> list[NotInstalled]:
        """The window is closing: wait for a load or an install under way (up to
        ``timeout_ms``), and drop its outcome. A change of model the user asked for
        (an install, a reset) is carried out even if it had not started yet: it is
        in use at the next start, as they chose. An install (a newly trained model,
        or a file loaded) still checking its model or waiting for another window's
        install after that is stopped, so that it ends, having put nothing in place,
        before the window does. The models asked for that are not in place (their
        install failed, was stopped, or had not ended) are returned, once, for
        whoever closes to keep them and say so: the window will not."""
        from ..classifier import ModelError
        from ..install_guard import InstallStopped

        if not self.workers.shutdown(timeout_ms):
            for install in self._installs:
                install.stop.set()
            self.workers.shutdown(STOPPING_MS)
        installs, self._installs = self._installs, []
        not_installed = []
        for install in installs:
            refused = False
            if not install.ended.is_set():
                reason = None
            elif isinstance(install.error, InstallStopped):
                if install.chosen_file is None:
                    reason = self.tr(STOPPED_AT_CLOSING)
                else:
                    reason = self.tr(FILE_STOPPED_AT_CLOSING).format(name=install.chosen_file.name)
            elif install.error is not None:
                if not isinstance(install.error, EXPECTED_FAILURES):  # a bug, which the muted worker did not log
                    log.error("Installing a model failed as the window closed", exc_info=install.error)
                reason, level = self._failure_text(install.error, install.failure, keeping=False, about=install.about)
                # The model's fault (an error, not a busy or full store), not the system's nor a bug's, which may go another time.
                refused = level == Level.ERROR and isinstance(install.error, ModelError)
            else:
                continue  # in place: in use at the next start
            not_installed.append(NotInstalled(install.folder, reason, install.chosen_file, refused))
        return not_installed

    def _load(
        self,
        work: Callable[[], Any],  # the model and a problem, or a generator of progress notes returning them
        note: str | None,
        failure: str | None = None,  # what could not be done; default: no model could be loaded
        done: Callable[[str | None], None] | None = None,  # told instead of the banner, see install_trained
        must_finish: bool = False,  # the user's own change of model: closing the window waits for it
        heard: Callable[[], None] | None = None,  # told first when its outcome reaches the window
        about: Path | None = None,  # the model ``failure`` names (see _reason)
    ) -> None:
        failure = failure or self.tr("No model could be loaded")

        def loaded(result: tuple[LoadedModel, str | None]) -> None:
            if heard is not None:
                heard()
            model, problem = result
            self.use_model(model, note, problem)
            if done is not None:
                done(None)

        def failed(error: Exception) -> None:
            if heard is not None:
                heard()
            self.status_posted.emit("")  # "Checking …" is over; what became of it is said below
            text, level = self._failure_text(error, failure, about=about)
            if done is not None:
                done(text)
            else:
                self.message_posted.emit(text, level, TOPIC, None, True)

        worker = self.workers.run(work, loaded, failed, must_finish)
        worker.progress.connect(lambda note: self.status_posted.emit(str(note)))

    def _failure_text(self, error: Exception, failure: str, keeping: bool = True, about: Path | None = None) -> tuple[str, Level]:
        """What the user reads when a model could not be used, and how grave it is;
        ``keeping``: followed by the model still in use (not when the window is closing);
        ``about``: the model ``failure`` names, called "it" in the reason (see _reason)."""
        from ..classifier import ModelError
        from ..install_guard import InstallBusy
        from ..model_store import StoreError

        in_use = self._recognizer.model() if keeping else None
        kept = " " + self.tr("Still using {model}.").format(model=model_in_words(in_use)) if in_use is not None else ""
        if isinstance(error, (InstallBusy, StoreError)):  # nothing is wrong with the model: say what was kept, what to do
            return f"{core_text(str(error))}{kept}", Level.WARNING
        if isinstance(error, (ModelError, OSError)):  # words for the user: the model's, or the system's
            return f"{failure}. {_reason(error, about)}{kept}", Level.ERROR
        # A bug (a library's ValueError, say): logged, never shown in a library's words.
        log_if_unlogged(error, f"{failure}: loading the model failed")
        return self.tr("{failure}: something went wrong while loading it.").format(failure=failure) + kept, Level.ERROR

    # --- menu actions -----------------------------------------------------------------

    def information_box(self) -> QMessageBox:
        """The Model information box, not yet shown."""
        model = self._recognizer.model()
        text = describe_model(model) if model is not None else self.tr("The model is still loading.")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Model information"), text, QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a folder's name is shown as written
        label = box.findChild(QLabel, "qt_msgbox_label")
        if label is not None:  # Qt's own name for the box's text: a box wraps it at 500 px at most, 30 words a line
            label.setMinimumWidth(_reading_width(label, text))
            box.setTextFormat(Qt.TextFormat.RichText)  # escaped: the folder's name is still shown as written
            box.setText(hanging_lines(text, label.fontMetrics()))
        return box

    def show_information(self) -> None:
        box = self.information_box()
        box.exec()
        box.deleteLater()

    def choose_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Load model file"), self._load_dialog_start(), self.tr(MODEL_FILTER)
        )
        if path:
            self._last_folder = str(Path(path).parent)
            self.load_file(path)

    def _load_dialog_start(self) -> str:
        """Where Load model file opens: the folder last loaded from; else, when a window
        closed before it could put a new model in use, that model, chosen (the message
        said to load it from here, a folder most people never open); else the home folder."""
        if self._last_folder is not None:
            return self._last_folder
        from ..user_data import newest_kept_model

        kept = newest_kept_model()
        return str(kept) if kept is not None else str(Path.home())

    def reset_to_bundled(self) -> None:
        from .. import model_store, user_data

        # A model set aside by a failed install is the user's too: it would go as well.
        if user_data.has_user_model() or user_data.previous_model_dir().is_dir():
            answer = QMessageBox.question(
                self._window,
                self.tr("Reset to the bundled model"),
                self.tr("Delete your own model and go back to the model that came with mnist-draw?\n\nThis cannot be undone."),
                QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Reset:
                return

        def work() -> tuple[LoadedModel, str | None]:
            model_store.reset_to_bundled()
            return model_store.load_active_model(), None

        self._load(work, note=self.tr("Now using the bundled model."), must_finish=True)

    def _update_actions(self) -> None:
        model = self._recognizer.model()
        self.info_action.setEnabled(model is not None)
        # Reset stays enabled even before a model is in use: it is the way out when none loads.


def _load_initial(explicit_path: str | None) -> tuple[LoadedModel, str | None]:
    from ..classifier import ModelError
    from ..model_store import load_active_model

    if not explicit_path:
        return load_active_model(), None
    try:
        return load_active_model(explicit_path), None
    except ModelError as error:
        return load_active_model(), QCoreApplication.translate("ModelController", "{name} cannot be used. {reason}").format(
            name=Path(explicit_path).name, reason=_reason(error, Path(explicit_path))
        )


def _reason(error: Exception, about: Path | None = None) -> str:
    """Why a model could not be used, as a sentence: the model's own words when it is
    a ModelError, the system's for a file error. The sentence before it names the
    model ``about`` ("digits.tflite cannot be used."): where the reason names it
    again, by its path or its name, it says "it" instead."""
    if isinstance(error, OSError) and error.strerror:
        shown = error.filename is not None and str(error.filename) not in _mentions(about)
        text = f"{error.strerror}{f' ({error.filename})' if shown else ''}"
    else:
        text = core_text(str(error).strip()) or QCoreApplication.translate("ModelController", "It could not be loaded")
        text = _named_once(text, about)
    if text.split(" ", 1)[0].isalpha():  # "it is empty" starts a sentence; a file's name stays as written
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _mentions(about: Path | None) -> dict[str, str]:
    """How a message may name the model ``about`` (its path, its name, the model file in
    it when it is a folder), each with the words that name it once it has been named."""
    if about is None:
        return {}
    inner = QCoreApplication.translate("ModelController", "its {file}").format(file=TFLITE_NAME)
    return {str(about / TFLITE_NAME): inner, str(about): "it", about.name: "it"}


def _named_once(text: str, about: Path | None) -> str:
    """``text`` with the model ``about`` it starts with called "it"."""
    for mention, words in _mentions(about).items():
        if text.startswith(mention + " "):
            return words + text[len(mention) :]
    return text


# The Model information box, in words a learner or a teacher reads without a glossary.
_IN_USE = {
    "bundled": QT_TRANSLATE_NOOP("ModelController", "In use: the model that came with mnist-draw."),
    "user": QT_TRANSLATE_NOOP("ModelController", "In use: your own model (one you trained or loaded)."),
}
# Each recipe's network (training_plan.RECIPES): its design, then how such a network reads.
_NETWORKS = {
    "cnn-v2": (
        QT_TRANSLATE_NOOP("ModelController", "mnist-draw's own design"),
        QT_TRANSLATE_NOOP("ModelController", "Such a network looks at a picture a few pixels at a time."),
    ),
    "tutorial-mlp": (
        QT_TRANSLATE_NOOP("ModelController", "the classic tutorial's simple design"),
        QT_TRANSLATE_NOOP("ModelController", "In such a network every pixel feeds every neuron."),
    ),
    "tutorial-cnn": (
        QT_TRANSLATE_NOOP("ModelController", "the classic tutorial's design"),
        QT_TRANSLATE_NOOP("ModelController", "Such a network looks at a picture a few pixels at a time."),
    ),
}
# What each of the card's data (training.training_set) is, after how many of them.
_DATA = {
    "mnist_train": QT_TRANSLATE_NOOP("ModelController", "digits written on paper and scanned (MNIST)"),
    "mnist_styles": QT_TRANSLATE_NOOP("ModelController", "of those, remade as slashed 0s and crossed 7s"),
    "pendigits_train": QT_TRANSLATE_NOOP("ModelController", "digits written with a pen on a tablet (pendigits)"),
    "pendigits_retraced": QT_TRANSLATE_NOOP("ModelController", "of those, written again as by a slightly different hand"),
    "pendigits_reshaped": QT_TRANSLATE_NOOP("ModelController", "of those, redrawn in other proportions"),
    "pen_styles": QT_TRANSLATE_NOOP(
        "ModelController", "pen digits in styles that are rare in the rest (slashed 0s, crossed 7s, strong slants)"
    ),
    "non_digits": QT_TRANSLATE_NOOP("ModelController", "made-up marks that are not digits (letters, symbols, scribbles)"),
    "user_samples": QT_TRANSLATE_NOOP("ModelController", "of your own samples"),
}
USER_HOLDOUT = "user_holdout"  # the user's samples kept aside to test the model (training.finish): not learnt from
ITEM = "  • "  # how a line in a list (It learnt from:) starts


def describe_model(model: LoadedModel) -> str:
    """The model card in a few plain lines, for the Model information box."""
    card = model.card
    in_use = _IN_USE.get(model.source)
    lines = [
        QCoreApplication.translate("ModelController", in_use) if in_use else QCoreApplication.translate("ModelController", "In use: the model file {name}.").format(name=model.classifier.path.name),
        QCoreApplication.translate("ModelController", "Its files are in {folder}.").format(folder=model.folder),
    ]
    if card is None:
        lines.append(QCoreApplication.translate("ModelController", "It came without a description (model.json), so how well it reads and when it was trained are not known."))
        return "\n".join(lines)
    network = _network_in_words(card)
    if network:
        lines.append(network)
    if card.parameters is not None:
        lines.append(QCoreApplication.translate("ModelController", "It holds {parameters} numbers that it set while learning.").format(parameters=f"{card.parameters:,}"))
    if card.mnist_test_accuracy is not None:
        lines.append(
            QCoreApplication.translate("ModelController", "Digits written on paper that it never saw while learning (the MNIST test set): it reads {accuracy} of them right.").format(
                accuracy=f"{card.mnist_test_accuracy:.2%}"
            )
        )
    if card.pendigits_test_accuracy is not None:
        lines.append(
            QCoreApplication.translate("ModelController", 
                "Digits written on a tablet by people whose writing it never saw (the pendigits test set): it reads {accuracy} of them right."
            ).format(accuracy=f"{card.pendigits_test_accuracy:.2%}")
        )
    if card.trained:
        lines.append(QCoreApplication.translate("ModelController", "Trained on {date}.").format(date=_readable_date(card.trained)))
    if card.epochs is not None:
        lines.append(_passes_in_words(card.epochs, card.plain_epochs))
    learnt = {name: count for name, count in card.data.items() if name != USER_HOLDOUT}
    if learnt:
        lines.append(QCoreApplication.translate("ModelController", "It learnt from:"))
        # A name this version does not know (a newer mnist-draw's) is the card's own key: shown as written.
        lines += [f"{ITEM}{count:,} " + (QCoreApplication.translate("ModelController", _DATA[name]) if name in _DATA else name.replace("_", " ")) for name, count in learnt.items()]
    if card.data.get(USER_HOLDOUT):
        lines.append(QCoreApplication.translate("ModelController", "{count} of your samples were kept aside to test it, not learnt from.").format(count=f"{card.data[USER_HOLDOUT]:,}"))
    warning = card.version_warning()
    if warning:
        lines.append(core_text(warning))
    return "\n".join(lines)


def hanging_lines(text: str, metrics: QFontMetrics) -> str:
    """``text``'s lines as rich text in which a line too long for the box goes on under its own
    words: a fact's next lines and a list item's (past its bullet) start where an item's text does.
    Wrapped as plain text, they would start at the margin and read as the next fact or item."""
    hang = metrics.horizontalAdvance(ITEM)
    # pre-wrap: a name's spaces kept as written, an item's two before its bullet too (the first line sits at the margin).
    opening = f'<p style="margin: 0; margin-left: {hang}px; text-indent: -{hang}px; white-space: pre-wrap">'
    return "".join(f"{opening}{html.escape(line, quote=False)}</p>" for line in text.splitlines())


def _reading_width(label: QLabel, text: str) -> int:
    """Wide enough for most facts on one line, a long one on two: the widest line, up to
    about 90 characters (a comfortable line to read), and never more than 60% of the screen."""
    metrics = label.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for line in text.splitlines())
    screen = label.screen().availableGeometry().width() if label.screen() is not None else widest
    return min(widest, 90 * metrics.averageCharWidth(), int(screen * 0.6))


def _network_in_words(card: ModelCard) -> str | None:
    """What kind of network the model is, and how many of them answer together."""
    name = card.architecture or ""
    averaged, recipe_named = architecture_parts(name)
    copies = card.members if card.members is not None else averaged
    recipe = card.recipe or recipe_named
    if recipe in _NETWORKS:
        design, how = (QCoreApplication.translate("ModelController", text) for text in _NETWORKS[recipe])
    elif name:
        design, how = QCoreApplication.translate("ModelController", "a design named {name}").format(name=name), ""
    else:
        return None
    if copies is not None and copies > 1:
        text = QCoreApplication.translate("ModelController", "How it reads: {copies} neural networks of {design}, each trained on its own, read every digit, and their answers are averaged.")
        text = text.format(copies=copies, design=design)
    else:
        text = QCoreApplication.translate("ModelController", "How it reads: a neural network of {design}.").format(design=design)
    return f"{text} {how}".strip()


def _passes_in_words(epochs: int, plain: int | None) -> str:
    """How many times the training went over its examples (the card's epochs, then its plain ones)."""
    times = QCoreApplication.translate("ModelController", "once") if epochs == 1 else QCoreApplication.translate("ModelController", "{count} times").format(count=epochs)
    if not plain:
        return QCoreApplication.translate("ModelController", "It went over its examples {times}.").format(times=times)
    more = QCoreApplication.translate("ModelController", "once more") if plain == 1 else QCoreApplication.translate("ModelController", "{count} more times").format(count=plain)
    return QCoreApplication.translate("ModelController", 
        "It went over its examples {times}, each time slightly changed (turned, stretched, with thicker or thinner lines), "
        "then {more} as they are."
    ).format(times=times, more=more)


def _readable_date(text: str) -> str:
    """The card's date and time in the user's own time zone: "23 November 2026 at 04:25"."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    return when.astimezone().strftime(QCoreApplication.translate("ModelController", "%d %B %Y at %H:%M"))
