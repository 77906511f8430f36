"""The Model menu: what the model is, loading another, going back to the bundled one."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from ui_helpers import ONE

from mnist_draw import model_store, resources, user_data
from mnist_draw.ui.model_control import describe_model


def test_model_information_shows_architecture_accuracy_and_date(window):
    text = describe_model(window.recognizer.model())
    card = window.recognizer.model().card
    assert f"Architecture: {card.architecture}" in text
    assert f"Accuracy on the MNIST test set: {card.mnist_test_accuracy:.2%}" in text
    assert "Trained: " in text


def test_model_information_opens_a_box(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    window.models.info_action.trigger()
    assert shown and shown[0][0] == "Model information" and "bundled model" in shown[0][1]


def test_a_model_without_a_card_is_described_honestly(window):
    model = window.recognizer.model()
    bare = model_store.LoadedModel(model.classifier, Path("/somewhere"), "file", None)
    assert "no card" in describe_model(bare)


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


def test_a_bad_model_path_on_the_command_line_falls_back_with_a_warning(qtbot, tmp_path):
    from mnist_draw.ui.app import application, create_window

    application()
    main = create_window(str(tmp_path / "missing.tflite"))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    assert main.recognizer.model().source == "bundled"
    assert "missing.tflite cannot be used" in main.banner.text()
    main.close()
