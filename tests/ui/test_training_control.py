"""Training in the background: the dialog closes and the run goes on, the status
bar shows it, drawing goes on, the new model is offered when it is ready (not
in the middle of a stroke), and quitting asks first. The slow test runs a real
child process on a small subset."""

from __future__ import annotations

import pytest
from check_helpers import hanging_checks, is_running
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import ONE, SEVEN, close_while_installing, notices_while

from mnist_draw.model_card import ModelCard
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.samples import SampleStore
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.training_plan import EpochEvent, Preset, StepEvent
from mnist_draw.ui import retrain_dialog
from mnist_draw.ui.retrain_dialog import READY, RUNNING, SETUP, TEACH_TITLE, KeptAsideScore, RetrainDialog
from mnist_draw.ui.settings import AppSettings

TRAINING_TIMEOUT_MS = 300_000


def add_samples(store: SampleStore, copies: int) -> None:
    for digit, strokes in SAMPLE_STROKES.items():
        for copy in range(copies):
            varied = [[(x * (1 + copy / 40), y + copy) for x, y in stroke] for stroke in strokes]
            store.add(digit, strokes_to_input(varied).pixels, varied)


# --- wording --------------------------------------------------------------------------


def test_the_menu_item_and_the_dialog_it_opens_share_one_name(qtbot, window):
    window.teach.fine_tune_action.trigger()
    dialog = window.teach.training.dialog
    assert window.teach.fine_tune_action.text().replace("&", "").rstrip("…") == TEACH_TITLE == dialog.windowTitle()
    dialog.close()


def test_one_kept_sample_is_counted_in_the_singular(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    assert window.teach.keep_sample(7)
    assert "you have 1 sample of 7." in window.statusBar().currentMessage()
    window.canvas.clear()
    window.canvas.add_stroke([(x, y + 5) for x, y in SEVEN[:-1]] + [(SEVEN[-1][0] - 8, SEVEN[-1][1])])  # another 7
    window.teach.keep_sample(7)
    assert "you have 2 samples of 7." in window.statusBar().currentMessage()


def test_teaching_with_too_few_samples_says_how_many_there_are(qtbot, window):
    window.canvas.add_stroke(ONE)
    window.teach.keep_sample(1)
    window.teach.fine_tune_action.trigger()
    dialog = window.teach.training.dialog
    assert "you have 1." in dialog.setup_note.text()
    assert not dialog.start_button.isEnabled()
    dialog.close()


def test_teaching_with_no_samples_yet_does_not_speak_of_your_0_samples(qtbot, window):
    from PySide6.QtWidgets import QLabel

    window.teach.fine_tune_action.trigger()
    dialog = window.teach.training.dialog
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(text.startswith("Starts from the model in use and teaches it your samples of your handwriting") for text in texts)
    assert not any("your 0 samples" in text for text in texts)
    assert "you have 0." in dialog.setup_note.text()  # how many it needs, and how to keep one, is said there
    dialog.close()


def test_a_few_kept_aside_samples_are_counted_and_called_too_few_to_judge(qtbot, mnist_dir):
    from mnist_draw import model_store, user_data

    store = SampleStore(user_data.samples_dir())
    add_samples(store, copies=1)
    dialog = RetrainDialog(model_store.load_active_model(), store, fine_tune=True)
    qtbot.addWidget(dialog)
    dialog._kept_aside = KeptAsideScore(correct=1, total=2)  # as the worker measures the model in use
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98, user_holdout_accuracy=1.0))
    texts = [dialog.result_grid.itemAt(i).widget().text() for i in range(dialog.result_grid.count())]
    row = texts[texts.index("Your kept-aside samples") :][:4]
    assert row[2] == "2 of 2" and row[1] == "1 of 2"
    assert row[3] == "too few to judge"
    assert not any("%" in text for text in row)
    assert "too few" in dialog.kept_aside_note.text()
    assert dialog.pages.currentWidget() is dialog.result_page


def test_the_result_page_is_not_sized_by_the_pages_hidden_behind_it(qtbot, mnist_dir):
    from mnist_draw import model_store, user_data

    dialog = RetrainDialog(model_store.load_active_model(), SampleStore(user_data.samples_dir()))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98))
    filled = dialog.result_page.layout().sizeHint().height()
    assert dialog.pages.height() <= filled + 40


@pytest.mark.parametrize("new", ["worse on every measure", "better on one"])
def test_enter_discards_a_new_model_worse_on_every_measure_and_uses_one_better_on_any(qtbot, mnist_dir, new):
    import shutil

    from mnist_draw import model_store, resources, user_data
    from mnist_draw.ui.training_process import TrainingRun

    current = model_store.load_active_model()
    dialog = RetrainDialog(current, SampleStore(user_data.samples_dir()))
    qtbot.addWidget(dialog)
    dialog.show()
    output = user_data.new_candidate_folder()
    shutil.copytree(resources.bundled_model_dir(), output, dirs_exist_ok=True)
    dialog.run = TrainingRun(dialog.request(output), dialog)  # its child never started: only its folder matters
    pendigits = current.card.pendigits_test_accuracy + (0.01 if new == "better on one" else -0.01)
    dialog._on_finished(ModelCard(mnist_test_accuracy=current.card.mnist_test_accuracy - 0.02, pendigits_test_accuracy=pendigits))
    asked: list = []
    dialog.install_requested.connect(asked.append)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    if new == "worse on every measure":
        assert asked == [] and not output.exists() and not dialog.isVisible()  # discarded
        assert dialog.result_note.text().endswith(" It reads worse than the model in use on every measure.")
    else:
        assert asked == [output] and output.exists()  # asked to be put in use
        assert "worse" not in dialog.result_note.text()
    assert dialog.result_note.text().startswith("Trained in ") and " minutes" not in dialog.result_note.text()


# --- the MNIST folder ---------------------------------------------------------------------


def test_the_mnist_folder_is_remembered_across_dialogs_and_sessions(qtbot, mnist_dir, monkeypatch):
    from mnist_draw import model_store, user_data

    monkeypatch.delenv("MNIST_DRAW_DATA", raising=False)
    monkeypatch.setattr("mnist_draw.data.KERAS_CACHE", mnist_dir / "no-keras-cache-here" / "mnist.npz")
    store = SampleStore(user_data.samples_dir())
    model = model_store.load_active_model()
    first = RetrainDialog(model, store, settings=AppSettings())
    qtbot.addWidget(first)
    assert "not found" in first.data_label.text()
    first._find_data(str(mnist_dir))
    assert first.data_label.text() == f"Using MNIST from {mnist_dir} (the one you chose)."
    # Teach, then a later session (a new settings object reads the same file), find it again.
    for settings in (AppSettings(), AppSettings()):
        again = RetrainDialog(model, store, fine_tune=True, settings=settings)
        qtbot.addWidget(again)
        assert again.data_label.text() == f"Using MNIST from {mnist_dir} (remembered from the last training)."
        assert again.request(user_data.new_candidate_folder()).data == str(mnist_dir)


def test_the_dialog_says_where_mnist_was_found(qtbot, mnist_dir, monkeypatch):
    from mnist_draw import model_store, user_data

    monkeypatch.setenv("MNIST_DRAW_DATA", str(mnist_dir))
    dialog = RetrainDialog(model_store.load_active_model(), SampleStore(user_data.samples_dir()), settings=AppSettings())
    qtbot.addWidget(dialog)
    assert dialog.data_label.text() == f"Using MNIST from {mnist_dir} (set by $MNIST_DRAW_DATA)."


# --- the status bar ---------------------------------------------------------------------


def test_the_status_bar_shows_the_runs_name_and_percentage(qtbot):
    from mnist_draw.ui.training_status import TrainingStatus

    status = TrainingStatus()
    qtbot.addWidget(status)
    assert status.isHidden()
    status.show_running("Retraining", 0.42)
    assert status.text() == "Retraining: 42%" and status.bar.value() == 420
    status.show_running("Retraining", None)
    assert status.bar.maximum() == 0  # busy, without a measure
    with qtbot.waitSignal(status.open_requested):
        qtbot.mouseClick(status.bar, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(status.cancel_requested):
        qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)


def test_the_dialogs_progress_is_indeterminate_while_exporting(qtbot):
    from mnist_draw import model_store, user_data

    dialog = RetrainDialog(model_store.load_active_model(), SampleStore(user_data.samples_dir()))
    qtbot.addWidget(dialog)
    dialog._on_progress(StepEvent(1, 2, 5, 10, 0.5, 0.9))
    assert dialog.progress_bar.maximum() == 1000 and dialog.progress_bar.value() == 250
    dialog._on_progress(EpochEvent(2, 2, 0.1, 0.99))
    assert dialog.progress_bar.maximum() == 0
    assert "Exporting" in dialog.stage_label.text()


def test_quitting_with_nothing_training_asks_nothing(window):
    assert window.teach.training.quit_question() is None


# --- a real run -----------------------------------------------------------------------------


def _answer_quit_question(qtbot, answers: list) -> None:
    """Close the quit question as a user pressing Esc would, noting its default button."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            answers.append((box.windowTitle(), box.defaultButton().text()))
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)


@pytest.mark.slow
def test_training_goes_on_with_the_dialog_closed_and_the_new_model_is_offered(qtbot, window, mnist_dir, monkeypatch):
    monkeypatch.setattr(retrain_dialog, "QUICK", Preset("Quick", 1, 1000, "test"))
    window.settings.set_mnist_data(str(mnist_dir))
    training = window.teach.training
    try:
        _train_in_the_background(qtbot, window, training)
    finally:  # whatever is left running is stopped, so closing the window asks nothing
        if training.dialog is not None:
            training.shutdown()
            training.dialog.discard()


def _train_in_the_background(qtbot, window, training) -> None:
    window.teach.retrain_action.trigger()
    dialog = training.dialog
    assert dialog.isVisible() and not dialog.isModal()
    dialog.epochs.setValue(1)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    run = dialog.run
    assert dialog.state == RUNNING
    status = training.status_widget
    shown: list[str] = []
    run.progress.connect(lambda _event: shown.append(status.text()))  # after the status bar's own slot

    # Esc hides the dialog; it does not stop the run.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and run.is_running()
    assert status.isVisible() and status.text().startswith("Retraining")

    # Drawing and reading go on meanwhile.
    window.canvas.add_stroke(ONE)
    qtbot.waitUntil(lambda: window.recognizer.last_reading().digit == 1, timeout=5_000)

    # Quitting asks first, and its default keeps training.
    answers: list = []
    _answer_quit_question(qtbot, answers)
    window.close()
    assert answers == [("Training is still running", "&Keep training")]
    assert window.isVisible() and run.is_running()
    dialog.hide()  # the answer brought the dialog back; close it again

    # The pen is down when the run ends: the offer waits for the stroke to end.
    qtbot.waitUntil(lambda: run.fraction >= 1, timeout=TRAINING_TIMEOUT_MS)
    start = window.canvas.map_from_paper(140, 60).toPoint()
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(window.canvas, start + QPoint(0, 40))
    with qtbot.waitSignal(run.finished, timeout=TRAINING_TIMEOUT_MS):
        pass
    assert dialog.state == READY and not dialog.isVisible()
    assert any(text.startswith("Retraining: ") and text.endswith("%") for text in shown), shown
    assert status.text().startswith("New model ready")
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 80))
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.pages.currentWidget() is dialog.result_page
    # Not modal: the pen still draws and the model still reads with the offer open.
    window.canvas.clear()
    window.canvas.add_stroke(ONE)
    qtbot.waitUntil(lambda: window.recognizer.last_reading().digit == 1, timeout=5_000)
    assert not dialog.isModal() and QApplication.activeModalWidget() is None

    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.recognizer.model().source == "user", timeout=30_000)
    assert dialog.state == SETUP and status.isHidden()
    assert training.quit_question() is None


# --- using the new model ----------------------------------------------------------------------


def _new_model_ready(window, tflite: bytes | None = None):
    """The Retrain dialog on its result page, for a candidate folder holding a copy of the bundled
    model (or ``tflite`` as its model file), as a finished run leaves it."""
    import shutil

    from mnist_draw import resources, user_data
    from mnist_draw.ui.training_process import TrainingRun

    window.teach.retrain_action.trigger()
    dialog = window.teach.training.dialog
    output = user_data.new_candidate_folder()
    shutil.copytree(resources.bundled_model_dir(), output, dirs_exist_ok=True)
    if tflite is not None:
        (output / "model.tflite").write_bytes(tflite)
    dialog.run = TrainingRun(dialog.request(output), dialog)  # its child never started: only its folder matters
    dialog._on_finished(ModelCard.read(output))
    assert dialog.state == READY and dialog.use_button.isEnabled()
    return dialog, output


def test_using_the_new_model_installs_it_in_the_background_then_closes_the_dialog(qtbot, window):
    dialog, output = _new_model_ready(window)
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    # Back from the click at once: the check runs in a child process, off the window's thread.
    assert window.recognizer.model().source == "bundled"
    assert not dialog.use_button.isEnabled() and not dialog.discard_button.isEnabled()
    assert dialog.install_note.text() == "Checking the new model and putting it in place…"
    window.canvas.add_stroke(ONE)  # the window reads meanwhile
    qtbot.waitUntil(lambda: window.recognizer.last_reading().digit == 1, timeout=5_000)
    qtbot.waitUntil(lambda: window.recognizer.model().source == "user", timeout=30_000)
    assert dialog.state == SETUP and not dialog.isVisible()
    assert not output.exists()  # copied into place, then removed
    assert window.statusBar().currentMessage() == "Now using your new model."
    assert window.teach.training.status_widget.isHidden()


def test_a_new_model_that_cannot_be_used_is_explained_in_the_dialog_which_comes_back_to_it(qtbot, window):
    dialog, output = _new_model_ready(window, tflite=b"\x00" * 100)
    model = window.recognizer.model()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closed while it is checked
    assert not dialog.isVisible()
    qtbot.waitUntil(dialog.use_button.isEnabled, timeout=30_000)
    note = dialog.install_note.text()
    assert note.startswith("The new model cannot be used. ")
    assert note.endswith("Still using the bundled model. You can try again, or discard the new model.")
    assert "Flatbuffer" not in note and "Traceback" not in note
    assert dialog.isVisible() and dialog.state == READY  # back, the reason in view
    assert window.statusBar().currentMessage() == "The new model could not be used; the model in use has not changed."
    assert window.recognizer.model() is model and output.exists()
    dialog.discard()
    assert not output.exists()


@pytest.mark.parametrize("when", ["at once", "during its check"])
def test_quitting_while_the_new_model_is_installed_asks_nothing_and_waits_for_it(qtbot, window, when):
    from mnist_draw import model_store, user_data

    dialog, output = _new_model_ready(window)
    chosen = {path.name: path.read_bytes() for path in output.iterdir() if path.is_file()}
    questions: list[str] = []

    def note_any_question() -> None:  # a question shown while closing is answered "stay", as Esc would
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            questions.append(box.windowTitle())
            qtbot.keyClick(box, Qt.Key.Key_Escape)

    watcher = QTimer()
    watcher.timeout.connect(note_any_question)
    watcher.start(50)
    try:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
        assert dialog.installing
        if when == "during its check":
            qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Checking the new model…", timeout=10_000)
        window.close()
    finally:
        watcher.stop()
    assert questions == [] and not window.isVisible()
    # Closing returned once the install had ended: the user's model folder is the new model, whole.
    installed = user_data.model_dir()
    assert {name: (installed / name).read_bytes() for name in chosen} == chosen
    assert not user_data.incoming_model_dir().exists() and not user_data.previous_model_dir().exists()
    assert not output.exists()  # in place, so its training copy is gone
    reopened = model_store.load_active_model()
    assert reopened.source == "user" and reopened.warning is None


def _files(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def test_closing_hides_the_window_and_the_dialog_before_it_waits_for_the_install(qtbot, window, monkeypatch):
    dialog, _output = _new_model_ready(window)
    seen: list[tuple[bool, bool]] = []
    wait_for_install = window.models.shutdown

    def noting_what_shows(*args, **kwargs):  # the real wait, noting what is on screen as it begins
        seen.append((window.isVisible(), dialog.isVisible()))
        return wait_for_install(*args, **kwargs)

    monkeypatch.setattr(window.models, "shutdown", noting_what_shows)
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and dialog.isVisible()
    window.close()
    assert seen and seen[0] == (False, False)  # closing looks instant: nothing frozen on screen while it waits


@pytest.mark.parametrize("failure", ["another window installs", "the check rejects it", "the folder cannot be written"])
def test_a_new_model_whose_install_fails_as_the_window_closes_is_kept_and_the_user_told_where(qtbot, window, monkeypatch, failure):
    from mnist_draw import install_guard, user_data

    dialog, output = _new_model_ready(window, tflite=b"\x00" * 100 if failure == "the check rejects it" else None)
    chosen = _files(output)
    if failure == "the folder cannot be written":  # a file where the install stages its folder: it fails for root too
        user_data.incoming_model_dir().write_text("in the way")
    monkeypatch.setattr(install_guard, "WAIT_SECONDS", 0.3)
    notices = close_while_installing(
        qtbot, window, lambda: qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton), failure == "another window installs"
    )
    assert not window.isVisible() and not user_data.has_user_model()
    kept = list(user_data.kept_models_dir().iterdir())
    assert len(kept) == 1 and _files(kept[0]) == chosen  # the model trained, whole, where it outlives the window
    assert not output.exists()
    assert len(notices) == 1
    title, text = notices[0]
    assert title == "The new model was kept"
    reason = {
        "another window installs": "Another mnist-draw window is installing a model right now.",
        "the check rejects it": "The new model cannot be used. ",
        "the folder cannot be written": f"The new model could not be installed in {user_data.root()} (file exists).",
    }[failure]
    assert text.startswith(reason)
    if failure == "the check rejects it":  # loading it again would be turned down again: no advice to
        assert text.endswith(
            f"The new model was kept in {kept[0]} so that nothing is lost, but it cannot be used as it is. The model "
            "you were using is still in use. To have a new model, train one again from the Model menu; delete that "
            "folder when you no longer need it."
        )
        assert "To use it" not in text
    else:
        assert f"The new model was kept in {kept[0]}. To use it, open mnist-draw, choose Model > Load model file… " in text
    assert "Still using" not in text and "Traceback" not in text and "Errno" not in text


def test_a_new_model_that_cannot_be_moved_to_safety_stays_where_it_is_and_the_user_is_told_to_copy_it(qtbot, window, monkeypatch):
    from mnist_draw import install_guard, user_data

    dialog, output = _new_model_ready(window)
    chosen = _files(output)
    user_data.kept_models_dir().write_text("in the way")  # nothing can be kept there, whoever runs the test
    monkeypatch.setattr(install_guard, "WAIT_SECONDS", 0.3)
    # Another window, installing right now: this install fails.
    notices = close_while_installing(qtbot, window, lambda: qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton), True)
    assert _files(output) == chosen  # not deleted: the only copy of the model trained
    assert len(notices) == 1
    title, text = notices[0]
    assert title == "Copy your new model to keep it"
    assert text.startswith("Another mnist-draw window is installing a model right now.")
    assert f"It could not be moved somewhere safe (file exists), so it is still in {output}, " in text
    assert "Copy that folder somewhere else now" in text


@pytest.mark.parametrize("hang", ["another window installs", "its check hangs"])
def test_a_new_model_still_being_installed_when_the_wait_ends_is_stopped_kept_and_the_user_told_where(
    qtbot, window, monkeypatch, tmp_path, hang
):
    import os

    from mnist_draw import install_guard, model_check, user_data
    from mnist_draw.ui import main_window

    dialog, output = _new_model_ready(window)
    chosen = _files(output)
    path = os.environ.get("PYTHONPATH")
    if hang == "another window installs":
        model_check.check(output / "model.tflite")  # passed already: the wait for the lock is what is left
    else:
        started = hanging_checks(tmp_path, monkeypatch)
    monkeypatch.setattr(install_guard, "WAIT_SECONDS", 600.0)  # only the stop can end these waits
    monkeypatch.setattr(main_window, "INSTALL_WAIT_MS", 1000)

    def use_it() -> None:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
        if hang == "its check hangs":
            qtbot.waitUntil(started.exists, timeout=30_000)

    notices = close_while_installing(qtbot, window, use_it, hang == "another window installs")
    assert not user_data.has_user_model() and not user_data.incoming_model_dir().exists()
    if hang == "its check hangs":
        assert not is_running(int(started.read_text()))  # the check's child went with it
    kept = list(user_data.kept_models_dir().iterdir())
    assert len(kept) == 1 and _files(kept[0]) == chosen and not output.exists()
    assert len(notices) == 1
    title, text = notices[0]
    assert title == "The new model was kept"
    assert text.startswith("mnist-draw closed before it could put the new model in place, so it is not in use.")
    assert text.endswith(
        f"The new model was kept in {kept[0]}. To use it, open mnist-draw, choose Model > Load model file… "
        "(it opens on model.tflite in that folder) and press Enter."
    )
    assert "may not" not in text and "To be sure" not in text
    assert user_data.newest_kept_model() == kept[0] / "model.tflite"  # where Load model file opens, as it says
    # As the message says: loading its model.tflite makes it the user's model, card and all.
    if path is None:
        monkeypatch.delenv("PYTHONPATH", raising=False)  # unset all along when no check hung
    else:
        monkeypatch.setenv("PYTHONPATH", path)  # checks no longer hang
    from mnist_draw import model_store

    model_store.install_user_model(kept[0] / "model.tflite")
    assert _files(user_data.model_dir()) == chosen and model_store.load_active_model().source == "user"


def test_a_data_folder_whose_name_looks_like_markup_is_named_as_written(qtbot, tmp_path):
    from mnist_draw import model_store, user_data

    folder = tmp_path / "<b>digits"
    folder.mkdir()
    dialog = RetrainDialog(model_store.load_active_model(), SampleStore(user_data.samples_dir()))
    qtbot.addWidget(dialog)
    dialog._find_data(str(folder))
    assert str(folder) in dialog.data_label.text()
    assert dialog.data_label.textFormat() == Qt.TextFormat.PlainText


def test_a_new_model_whose_files_are_gone_at_closing_is_said_to_be_gone_not_kept(qtbot, window, tmp_path):
    from mnist_draw.ui.model_control import NotInstalled

    gone = tmp_path / "run-20261123-065311-4242"
    window.teach.training.keep_not_installed(NotInstalled(gone, None))
    notices = notices_while(qtbot, window.teach.training.tell_what_was_kept)
    assert len(notices) == 1
    title, text = notices[0]
    assert title == "The new model could not be kept"
    assert text.startswith("mnist-draw closed before it could finish putting the new model in place")
    assert f"Its files were no longer in {gone}, so it could not be kept." in text
    assert "still in" not in text and "was kept in" not in text


def test_a_new_model_missing_when_its_install_fails_at_closing_is_said_to_be_gone_once(qtbot, window, tmp_path):
    from mnist_draw import model_store

    gone = tmp_path / "run-20261123-065311-4242"
    notices = close_while_installing(qtbot, window, lambda: window.models.install_trained(gone, lambda reason: None))
    assert notices == [
        (
            "The new model could not be kept",
            f"The new model's files were no longer in {gone}, so it could not be kept, and the model you were using "
            "is still the one in use. To have a new model, train one again from the Model menu.",
        )
    ]  # not also "The new model cannot be used. ... does not exist." before it
    assert model_store.load_active_model().source == "bundled"
