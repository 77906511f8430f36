"""The Model menu: what the model is, loading another, going back to the bundled one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_helpers import hanging_checks, is_running
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_helpers import ONE, close_while_installing, notices_while

from mnist_draw import model_store, resources, user_data
from mnist_draw.ui.model_control import describe_model


def test_model_information_says_every_fact_of_the_card_in_plain_words(window):
    text = describe_model(window.recognizer.model())
    card = window.recognizer.model().card
    assert card.members == 3 and card.recipe == "cnn-v2"  # the bundled model, as the lines below say it
    assert "How it reads: 3 neural networks of mnist-draw's own design, each trained on its own, read every digit" in text
    assert f"It holds {card.parameters:,} numbers that it set while learning." in text
    assert f"(the MNIST test set): it reads {card.mnist_test_accuracy:.2%} of them right." in text
    assert f"(the pendigits test set): it reads {card.pendigits_test_accuracy:.2%} of them right." in text
    assert "\nTrained on " in text
    assert f"It went over its examples {card.epochs} times, each time slightly changed" in text
    assert f"then {card.plain_epochs} more times as they are." in text
    for count in card.data.values():
        assert f"  • {count:,} " in text
    jargon = ["Architecture", "parameters", "Epochs", "undistorted", "retraced", "reshaped", "pen styles", "non digits"]
    jargon += ["mnist train", "_", card.architecture, "card"]
    # The folder is the user's own path, which may hold any character.
    words = text.replace(str(window.recognizer.model().folder), "")
    assert [word for word in jargon if word in words] == []


def test_model_information_opens_a_box(qtbot, window):
    shown = notices_while(qtbot, window.models.info_action.trigger)
    assert shown and shown[0][0] == "Model information" and "In use: the model that came with mnist-draw." in shown[0][1]


def test_the_model_information_box_is_wide_enough_for_about_ninety_characters_a_line(qtbot, window):
    from PySide6.QtWidgets import QLabel

    box = window.models.information_box()
    qtbot.addWidget(box)
    box.show()
    label = box.findChild(QLabel, "qt_msgbox_label")
    metrics, screen = label.fontMetrics(), box.screen().availableGeometry().width()
    assert label.width() >= min(90 * metrics.averageCharWidth(), int(screen * 0.6))  # Qt's own box stops at 500 px or half the screen
    assert box.width() <= screen
    assert label.height() >= label.heightForWidth(label.width())  # every line shown, none cut


def test_a_wrapped_line_of_the_model_information_goes_on_under_its_own_words_not_at_the_margin(qtbot, window):
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QLabel

    from mnist_draw.ui.model_control import ITEM, hanging_lines

    box = window.models.information_box()
    qtbot.addWidget(box)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label.textFormat() == Qt.TextFormat.RichText
    import dataclasses

    plain = describe_model(dataclasses.replace(window.recognizer.model(), folder=Path("/home/a <b>&amp;</b>  b")))
    hang = label.fontMetrics().horizontalAdvance(ITEM)
    page = QTextDocument()
    page.setDefaultFont(label.font())
    page.setDocumentMargin(0)
    page.setHtml(hanging_lines(plain, label.fontMetrics()))
    page.setTextWidth(40 * label.fontMetrics().averageCharWidth())  # narrow: most facts and items wrap
    assert page.toPlainText() == plain  # every fact as written, the folder's name too (its markup, its two spaces)
    page.size()  # laid out
    block, wrapped = page.begin(), {"fact": 0, "item": 0}
    while block.isValid():
        lines = [block.layout().lineAt(index) for index in range(block.layout().lineCount())]
        first = lines[0]
        assert first.x() == 0  # a fact, and an item's bullet, start where they did
        if block.text().startswith(ITEM):
            assert abs(first.cursorToX(len(ITEM))[0] - hang) <= 1  # the item's own words
        assert [line.x() for line in lines[1:]] == [hang] * (len(lines) - 1)
        wrapped["item" if block.text().startswith(ITEM) else "fact"] += len(lines) > 1
        block = block.next()
    assert wrapped["fact"] and wrapped["item"]


def test_a_tutorial_network_fine_tuned_on_your_samples_is_described_in_plain_words(window):
    import dataclasses

    from mnist_draw.model_card import ModelCard

    card = ModelCard(architecture="tutorial-mlp", recipe="tutorial-mlp", epochs=1, data={"mnist_train": 3000, "user_samples": 12, "user_holdout": 4})
    text = describe_model(dataclasses.replace(window.recognizer.model(), card=card))
    assert "How it reads: a neural network of the classic tutorial's simple design. In such a network every pixel feeds every neuron." in text
    assert "It went over its examples once." in text
    assert "It learnt from:\n  • 3,000 digits written on paper and scanned (MNIST)\n  • 12 of your own samples\n" in text
    assert text.endswith("4 of your samples were kept aside to test it, not learnt from.")  # not among what it learnt from


def test_a_model_without_a_card_is_described_honestly(window):
    model = window.recognizer.model()
    bare = model_store.LoadedModel(model.classifier, Path("/somewhere"), "file", None)
    assert describe_model(bare).endswith(
        "It came without a description (model.json), so how well it reads and when it was trained are not known."
    )


def test_loading_a_broken_model_file_keeps_the_current_model(qtbot, window, tmp_path):
    broken = tmp_path / "broken.tflite"
    broken.write_bytes(b"\x00" * 100)
    window.canvas.add_stroke(ONE)
    model, title = window.recognizer.model(), window.windowTitle()
    window.models.load_file(str(broken))
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=10_000)
    assert "broken.tflite cannot be used" in window.banner.text()
    assert "Still using the bundled model" in window.banner.text()
    assert window.recognizer.model() is model and window.windowTitle() == title
    assert window.statusBar().currentMessage() == ""  # not "Checking broken.tflite…" beside the failure


def test_loading_a_model_file_switches_to_it_and_rereads_the_drawing(qtbot, window, tmp_path):
    copy = tmp_path / "other"
    shutil.copytree(resources.bundled_model_dir(), copy)
    window.canvas.add_stroke(ONE)
    with qtbot.waitSignal(window.recognizer.model_changed, timeout=10_000):
        window.models.load_file(str(copy / "model.tflite"))
    assert window.recognizer.model().source == "user"  # installed, so the next start uses it too
    assert window.statusBar().currentMessage() == "Now using the model model.tflite."
    assert window.model_label.text().startswith("Model: your model")
    assert window.recognizer.last_reading().digit == 1
    assert model_store.load_active_model().source == "user"


def _answer_the_file_dialog(seen: list, choose: Path | None = None):
    """Note where the Load model file dialog opened and what it had chosen, then choose
    ``choose`` (or keep its choice) and accept it as Enter would; with nothing chosen,
    cancel it. Stop the timer after."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            seen.append((dialog.directory().absolutePath(), dialog.selectedFiles()))
            if choose is not None:
                dialog.selectFile(str(choose))
            if dialog.selectedFiles() and Path(dialog.selectedFiles()[0]).is_file():
                dialog.accept()
            else:
                dialog.reject()

    watcher = QTimer()
    watcher.timeout.connect(answer)
    watcher.start(50)
    return watcher


def _kept_model() -> Path:
    """A copy of the bundled model, kept as a window that closed before its install ended keeps it."""
    candidate = user_data.new_candidate_folder()
    shutil.copytree(resources.bundled_model_dir(), candidate, dirs_exist_ok=True)
    return user_data.keep_candidate(candidate)


def test_load_model_file_opens_on_the_model_closing_kept_so_enter_loads_it(qtbot, window):
    kept = _kept_model()
    seen: list = []
    watcher = _answer_the_file_dialog(seen)
    try:
        with qtbot.waitSignal(window.recognizer.model_changed, timeout=30_000):
            window.models.load_action.trigger()
    finally:
        watcher.stop()
    assert seen == [(str(kept), [str(kept / "model.tflite")])]
    assert window.recognizer.model().source == "user" and model_store.load_active_model().source == "user"


def test_load_model_file_opens_where_a_model_was_last_loaded_from(qtbot, window, tmp_path):
    kept = _kept_model()
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(resources.bundled_model_dir(), elsewhere)
    seen: list = []
    watcher = _answer_the_file_dialog(seen, choose=elsewhere / "model.tflite")
    try:
        with qtbot.waitSignal(window.recognizer.model_changed, timeout=30_000):
            window.models.load_action.trigger()
    finally:
        watcher.stop()
    watcher = _answer_the_file_dialog(seen)
    try:
        window.models.load_action.trigger()
    finally:
        watcher.stop()
    assert [where for where, _chosen in seen] == [str(kept), str(elsewhere)]


def test_reset_asks_before_deleting_the_users_own_model(qtbot, window, monkeypatch):
    model_store.install_user_model(resources.bundled_model_dir())
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Cancel)
    window.models.reset_action.trigger()
    assert (user_data.model_dir() / "model.tflite").exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Reset)
    with qtbot.waitSignal(window.recognizer.model_changed, timeout=10_000):
        window.models.reset_action.trigger()
    assert not (user_data.model_dir() / "model.tflite").exists()
    assert window.recognizer.model().source == "bundled"


def test_a_reset_that_cannot_remove_your_model_says_so_and_keeps_using_it(qtbot, window, monkeypatch):
    import os

    shutil.copytree(resources.bundled_model_dir(), user_data.model_dir())
    with qtbot.waitSignal(window.recognizer.model_changed, timeout=30_000):
        window.models.load_initial()
    mine, real_replace = window.recognizer.model(), os.replace
    assert mine.source == "user"

    def replace(source, destination, *args, **kwargs):  # a file of it held open by another program, on Windows
        if Path(source) == user_data.model_dir():
            raise PermissionError(13, "Permission denied", str(source))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Reset)
    window.models.reset_action.trigger()
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=30_000)
    assert window.banner.text() == (
        f"Your model could not be removed from {user_data.root()} (permission denied). It was kept as it was. "
        "Close any program that may be using its files, then try again. Still using your model."
    )
    assert window.statusBar().currentMessage() != "Now using the bundled model."
    assert window.recognizer.model() is mine and user_data.has_user_model()


def test_a_bad_model_path_on_the_command_line_falls_back_with_a_warning(qtbot, tmp_path):
    from mnist_draw.ui.app import application, create_window

    application()
    main = create_window(str(tmp_path / "missing.tflite"))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    assert main.recognizer.model().source == "bundled"
    assert main.banner.text().startswith("missing.tflite cannot be used. It does not exist.")  # named once
    assert str(tmp_path) not in main.banner.text()
    main.close()


def test_a_broken_model_file_is_explained_in_plain_words_without_a_traceback(qtbot, window, tmp_path, caplog):
    broken = tmp_path / "broken.tflite"
    broken.write_bytes(b"\x00" * 100)
    window.models.load_file(str(broken))
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=10_000)
    text = window.banner.text()
    assert "is damaged, cut short, or not a TensorFlow Lite model. Use a model that mnist-draw's training made" in text
    assert text.endswith("Still using the bundled model.")
    assert "Flatbuffer" not in text
    assert not [record for record in caplog.records if record.exc_info]  # nothing for the terminal


@pytest.mark.parametrize("problem", ["empty", "a folder", "missing"])
def test_a_model_file_that_cannot_be_used_is_named_once_by_its_name(qtbot, window, tmp_path, problem):
    folder = tmp_path / "My models"
    folder.mkdir()
    chosen = folder / "digits.tflite"
    if problem == "empty":
        chosen.write_bytes(b"")
    elif problem == "a folder":
        chosen.mkdir()
    window.models.load_file(str(chosen))
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=30_000)
    reason = {
        "empty": "It is empty (0 bytes): it is not a model. Use a model that mnist-draw's training made: its model.tflite, or the folder it is in.",
        "a folder": "It is a folder, not a file. Choose a file in it.",
        "missing": "It does not exist. Check its name and its folder.",
    }
    assert window.banner.text() == f"digits.tflite cannot be used. {reason[problem]} Still using the bundled model."


# --- issue 11: bad models never take the window down ---------------------------------------


def crafted_model(folder: Path) -> Path:
    """The bundled model with bytes 16 and 18 zeroed: LiteRT dies of SIGSEGV loading it."""
    content = bytearray((resources.bundled_model_dir() / "model.tflite").read_bytes())
    content[16] = content[18] = 0
    path = folder / "crafted.tflite"
    path.write_bytes(bytes(content))
    return path


def test_reset_to_the_bundled_model_is_enabled_before_any_model_loads(qtbot):
    from mnist_draw.ui.app import application, create_window

    application()
    main = create_window(None)
    qtbot.addWidget(main)
    assert main.recognizer.model() is None and main.models.reset_action.isEnabled()
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    assert main.models.reset_action.isEnabled()
    main.close()


def window_over_a_broken_user_model(qtbot):
    """The window started with a user's model of one byte (not a model), its model loaded."""
    from mnist_draw.ui.app import application, create_window

    user_data.model_dir().mkdir(parents=True)
    (user_data.model_dir() / "model.tflite").write_bytes(b"x")  # one byte: not a model
    application()
    main = create_window(None)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    return main


def test_a_user_model_that_cannot_be_used_falls_back_with_the_reason_shown(qtbot):
    main = window_over_a_broken_user_model(qtbot)
    assert main.recognizer.model().source == "bundled"
    assert "Your model could not be used, so the bundled one is in use instead" in main.banner.text()
    assert "Traceback" not in main.banner.text() and main.models.reset_action.isEnabled()
    main.close()


def test_loading_a_crafted_model_file_is_checked_in_a_child_and_refused(qtbot, window, tmp_path):
    notes = []
    window.models.status_posted.connect(notes.append)
    model = window.recognizer.model()
    window.models.load_file(str(crafted_model(tmp_path)))
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=30_000)
    assert notes[0] == "Checking crafted.tflite…"  # the child check comes first, on the worker
    assert "crafted.tflite cannot be used" in window.banner.text() and "crash" in window.banner.text()
    assert "Still using the bundled model." in window.banner.text()
    assert window.recognizer.model() is model and not user_data.has_user_model()


def test_loading_a_model_whose_activations_file_is_crafted_is_refused_before_the_window_runs_it(qtbot, window, tmp_path):
    folder = tmp_path / "other"
    shutil.copytree(resources.bundled_model_dir(), folder)
    content = bytearray((folder / "activations.tflite").read_bytes())
    content[16] = content[18] = 0  # LiteRT dies of SIGSEGV running it ("Look inside the network")
    (folder / "activations.tflite").write_bytes(bytes(content))
    model = window.recognizer.model()
    window.models.load_file(str(folder / "model.tflite"))
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=30_000)
    assert "activations.tflite (beside model.tflite) made the model reader crash" in window.banner.text()
    assert window.recognizer.model() is model and not user_data.has_user_model()


def test_a_busy_install_says_so_plainly_and_keeps_the_model(qtbot, window, tmp_path, monkeypatch):
    from mnist_draw import install_guard

    monkeypatch.setattr(install_guard, "WAIT_SECONDS", 0.2)
    copy = tmp_path / "other"
    shutil.copytree(resources.bundled_model_dir(), copy)
    model = window.recognizer.model()
    with install_guard.held():  # another window, installing right now
        window.models.load_file(str(copy))
        qtbot.waitUntil(lambda: window.banner.text() != "", timeout=30_000)
    assert window.banner.text() == (
        "Another mnist-draw window is installing a model right now. Your model was not changed; "
        "try again in a moment. Still using the bundled model."
    )
    assert window.recognizer.model() is model and not user_data.has_user_model()


def test_an_install_that_cannot_be_put_in_place_says_so_and_keeps_the_model(qtbot, window, tmp_path, monkeypatch):
    import os

    copy = tmp_path / "other"
    shutil.copytree(resources.bundled_model_dir(), copy)
    model, real_replace = window.recognizer.model(), os.replace

    def replace(source, destination, *args, **kwargs):  # a virus scanner holding the new files, on Windows
        if Path(source) == user_data.incoming_model_dir():
            raise PermissionError(13, "Permission denied", str(source))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    window.models.load_file(str(copy))
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=30_000)
    text = window.banner.text()
    assert text.startswith(f"The new model could not be installed in {user_data.root()} (permission denied).")
    assert "Your model was not changed." in text and text.endswith("Still using the bundled model.")
    assert "Errno" not in text and "cannot be used" not in text
    assert window.recognizer.model() is model and not user_data.has_user_model()


def test_your_model_is_named_in_plain_words(qtbot, window):
    model_store.install_user_model(resources.bundled_model_dir())
    mine = model_store.load_active_model()
    assert mine.source == "user"
    text = describe_model(mine)
    assert text.startswith("In use: your own model (one you trained or loaded).\n") and "the your" not in text


def test_a_model_that_fails_when_run_gives_an_error_reading_not_a_traceback(qtbot, window):
    from mnist_draw.classifier import Classifier

    broken = Classifier(resources.bundled_model_dir() / "model.tflite")
    details = broken._single.get_input_details()[0]
    broken._single.resize_tensor_input(details["index"], [2, 28, 28, 1])  # not allocated: every invoke fails
    model = window.recognizer.model()
    window.recognizer.set_model(model_store.LoadedModel(broken, model.folder, "file", model.card))
    window.canvas.add_stroke(ONE)  # an exception in a slot would fail this test (pytest-qt)
    reading = window.recognizer.read_now()
    assert reading.digit is None and reading.error.startswith("The model could not read this.")
    assert "Traceback" not in reading.error and "RuntimeError" not in reading.error
    window.recognizer.set_model(model)  # the bundled model reads again at once
    assert window.recognizer.last_reading().digit == 1


# --- review7: what the user reads, and model work beside picture work -------------------------


def test_an_unforeseen_error_while_loading_a_model_is_worded_plainly_and_logged(qtbot, window, caplog):
    model = window.recognizer.model()
    window.models.load_file("odd\0name.tflite")  # the system refuses the name: Python's own ValueError
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=10_000)
    assert window.banner.text() == (
        "odd\0name.tflite cannot be used: something went wrong while loading it. Still using the bundled model."
    )
    assert "null byte" not in window.banner.text()
    assert any(record.exc_info for record in caplog.records)  # a bug: for the terminal, not for the user
    assert window.recognizer.model() is model


def test_a_model_that_could_not_be_used_stays_in_the_banner_through_drawing_until_dismissed(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QToolButton

    from mnist_draw.ui import banner as banner_module

    monkeypatch.setattr(banner_module, "BASE_SECONDS", 1.0)  # a passing message goes after a second (long enough to be seen by waitUntil on a busy machine)
    monkeypatch.setattr(banner_module, "MAX_SECONDS", 1.0)
    main = window_over_a_broken_user_model(qtbot)
    warning = main.banner.text()
    assert warning.startswith("Your model could not be used, so the bundled one is in use instead")
    main.canvas.add_stroke(ONE)
    main.canvas_control.undo.trigger()
    main.files.open_file(tmp_path)  # a folder: refused, in a passing message of its own
    qtbot.waitUntil(lambda: main.banner.text() not in ("", warning), timeout=10_000)
    qtbot.waitUntil(lambda: main.banner.text() == warning, timeout=5_000)  # the passing one went: the warning is back
    qtbot.wait(200)
    assert main.banner.text() == warning
    qtbot.mouseClick(main.banner.findChild(QToolButton), Qt.MouseButton.LeftButton)
    assert main.banner.text() == ""
    main.close()


def test_a_picture_opens_while_a_model_install_waits_for_another_window(qtbot, window, tmp_path, digit_file, monkeypatch):
    from mnist_draw import install_guard

    monkeypatch.setattr(install_guard, "WAIT_SECONDS", 60)
    copy = tmp_path / "other"
    shutil.copytree(resources.bundled_model_dir(), copy)
    notes = []
    window.models.status_posted.connect(notes.append)
    with install_guard.held():  # another window, installing right now
        window.models.load_file(str(copy))
        qtbot.waitUntil(lambda: "Installing other…" in notes, timeout=30_000)  # checked; now waiting for the lock
        window.files.open_file(digit_file)
        qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)
        assert window.windowTitle().startswith("1 (")
        assert window.models.workers.running() == 1 and window.recognizer.model().source == "bundled"
    with qtbot.waitSignal(window.recognizer.model_changed, timeout=30_000):  # the lock is free: the install goes on
        pass
    assert window.recognizer.model().source == "user"


# --- a model file still being installed when the window closes ------------------------------


@pytest.mark.parametrize("hang", ["another window installs", "its check hangs"])
def test_a_model_file_still_being_installed_when_the_wait_ends_is_stopped_and_the_user_told_where_it_is(
    qtbot, window, monkeypatch, tmp_path, hang
):
    from mnist_draw import install_guard, model_check
    from mnist_draw.ui import main_window

    chosen = tmp_path / "mine" / "digits.tflite"
    chosen.parent.mkdir()
    shutil.copy(resources.bundled_model_dir() / "model.tflite", chosen)
    if hang == "another window installs":
        model_check.check(chosen)  # passed already: the wait for the lock is what is left
    else:
        started = hanging_checks(tmp_path, monkeypatch)
    monkeypatch.setattr(install_guard, "WAIT_SECONDS", 600.0)  # only the stop can end these waits
    monkeypatch.setattr(main_window, "INSTALL_WAIT_MS", 1000)

    def load_it() -> None:
        notes: list[str] = []
        window.models.status_posted.connect(notes.append)
        window.models.load_file(str(chosen))
        step = "Installing digits.tflite…" if hang == "another window installs" else "Checking digits.tflite…"
        qtbot.waitUntil(lambda: step in notes, timeout=30_000)
        if hang == "its check hangs":
            qtbot.waitUntil(started.exists, timeout=30_000)

    notices = close_while_installing(qtbot, window, load_it, hang == "another window installs")
    assert not window.isVisible()
    assert not user_data.has_user_model() and not user_data.incoming_model_dir().exists()
    if hang == "its check hangs":
        assert not is_running(int(started.read_text()))  # the check's child went with it
    assert chosen.read_bytes() == (resources.bundled_model_dir() / "model.tflite").read_bytes()  # left as it was
    assert notices == [
        (
            "The model file you chose is not in use",
            "mnist-draw closed before it could put the model digits.tflite in place, so it is not in use: the model "
            "you were using is kept, and is the one in use at the next start.\n\n"
            f"digits.tflite is still in {chosen.parent}, as you left it. To use it, open mnist-draw, choose "
            "Model > Load model file… and pick digits.tflite in that folder.",
        )
    ]
    assert model_store.load_active_model().source == "bundled"  # as the notice says


@pytest.mark.parametrize("failure", ["the file is broken", "another window installs"])
def test_a_model_file_that_fails_as_the_window_closes_is_said_once_with_where_it_is(qtbot, window, tmp_path, monkeypatch, failure):
    from mnist_draw import install_guard

    chosen = tmp_path / "digits.tflite"
    if failure == "the file is broken":
        chosen.write_bytes(b"\x00" * 100)
    else:
        shutil.copy(resources.bundled_model_dir() / "model.tflite", chosen)
        monkeypatch.setattr(install_guard, "WAIT_SECONDS", 0.3)
    # Closed at once: the install fails while closing waits for it.
    notices = close_while_installing(qtbot, window, lambda: window.models.load_file(str(chosen)), failure == "another window installs")
    assert len(notices) == 1
    title, text = notices[0]
    assert title == "The model file you chose is not in use"
    where = f"\n\ndigits.tflite is still in {tmp_path}, as you left it."
    if failure == "the file is broken":
        assert text.startswith("digits.tflite cannot be used. ")
        assert text.endswith(where) and "Load model file" not in text  # loading it again would not help
    else:
        assert text == (
            "Another mnist-draw window is installing a model right now. Your model was not changed; try again in a "
            f"moment.{where} To use it, open mnist-draw, choose Model > Load model file… and pick digits.tflite in that folder."
        )
    assert "Still using" not in text and "Traceback" not in text
    assert not user_data.has_user_model()


def test_a_model_file_heard_of_before_closing_is_not_told_again(qtbot, window, tmp_path):
    broken = tmp_path / "broken.tflite"
    broken.write_bytes(b"\x00" * 100)
    window.models.load_file(str(broken))
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=30_000)  # said in the window already
    assert window.models.shutdown() == []


def test_a_model_file_missing_when_its_install_fails_at_closing_is_said_to_be_gone_once(qtbot, window, tmp_path):
    gone = tmp_path / "digits.tflite"
    notices = close_while_installing(qtbot, window, lambda: window.models.load_file(str(gone)))
    assert notices == [
        (
            "The model file you chose is not in use",
            f"digits.tflite is no longer in {tmp_path}, and the model you were using is still the one in use. If you "
            "moved digits.tflite, open mnist-draw, choose Model > Load model file… and pick it where it is now.",
        )
    ]  # not also "digits.tflite cannot be used. It does not exist." before it
    assert model_store.load_active_model().source == "bundled"  # as the notice says


def test_a_model_file_gone_by_closing_is_said_to_be_gone_not_still_there(qtbot, window, tmp_path):
    from mnist_draw.ui.model_control import NotInstalled

    gone = tmp_path / "digits.tflite"
    window.teach.training.keep_not_installed(NotInstalled(tmp_path, None, gone))
    notices = notices_while(qtbot, window.teach.training.tell_what_was_kept)
    assert notices == [
        (
            "The model file you chose is not in use",
            "mnist-draw closed before it could finish putting the model digits.tflite in place, so it may not be in use."
            f"\n\ndigits.tflite is no longer in {tmp_path}.",
        )
    ]
