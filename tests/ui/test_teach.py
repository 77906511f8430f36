"""Teaching from the window: a digit key, a bar click or Correct... keeps the
drawing as a labelled sample; a retrained model is swapped in at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import ONE, SEVEN

from mnist_draw import model_store
from mnist_draw.resources import bundled_model_dir


def press(qtbot, window, key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key)


def test_a_digit_key_keeps_the_drawing_as_a_sample_of_that_digit(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    press(qtbot, window, Qt.Key.Key_7)
    samples = window.teach.store.all()
    assert [s.label for s in samples] == [7]
    assert samples[0].strokes and samples[0].pixels.shape == (28, 28)
    assert "sample of 7" in window.statusBar().currentMessage()


def test_a_click_on_a_bar_labels_the_drawing_with_that_digit(qtbot, window):
    window.canvas.add_stroke(ONE)
    bar = window.panel.bars.bars[4]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
    assert window.teach.store.counts()[4] == 1
    assert "model read 1" in window.statusBar().currentMessage()


def test_correct_asks_which_digit_and_keeps_the_sample(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getInt", lambda *args, **kwargs: (9, True))
    window.canvas.add_stroke(SEVEN)
    window.teach.correct_action.trigger()
    assert window.teach.store.counts()[9] == 1


def test_nothing_is_kept_from_an_empty_canvas(qtbot, window):
    press(qtbot, window, Qt.Key.Key_3)
    assert window.teach.store.all() == []
    assert "Draw a digit first" in window.statusBar().currentMessage()


def test_the_model_menu_offers_teaching_and_retraining(window):
    texts = [action.text() for action in window.model_menu.actions()]
    for expected in ("&Correct this reading…", "My &samples…", "&Teach it my handwriting…", "&Retrain…"):
        assert expected in texts


def test_an_accepted_model_is_used_at_once_and_at_the_next_start(qtbot, window):
    # A "new" model: the bundled one installed as the user's, as the dialog does.
    model_store.install_user_model(bundled_model_dir())
    loaded = model_store.load_active_model()
    window.models.use_model(loaded, note="Now using your new model.")
    assert window.recognizer.model().source == "user"
    assert "your model" in window.model_label.text()
    window.canvas.add_stroke(ONE)
    assert window.recognizer.last_reading().digit == 1
    assert model_store.load_active_model().source == "user"  # what the next start will pick
