"""Teaching from the window: a digit key, a bar click or Correct... keeps the
drawing as a labelled sample; a retrained model is swapped in at once."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from ui_helpers import ONE, SEVEN, mnist_digit, on_paper, open_picture

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


def test_a_drawing_the_model_turned_away_kept_as_a_digit_says_the_model_read_no_digit(qtbot, window):
    window.canvas.add_stroke(ONE)
    window.canvas.add_stroke([(140.0, 20.0), (141.0, 21.0)])  # a dot above: an i, not a digit
    assert not window.recognizer.last_reading().is_digit
    press(qtbot, window, Qt.Key.Key_1)
    assert window.teach.store.counts()[1] == 1
    assert window.statusBar().currentMessage() == "Kept as a sample of 1 (the model read no digit): you have 1 sample of 1."


def open_correction(qtbot, window):
    from mnist_draw.ui.correction_popup import CorrectionPopup

    window.teach.correct_action.trigger()
    popup = window.findChild(CorrectionPopup)
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    return popup


def test_correct_offers_ten_digit_buttons_and_a_click_keeps_the_sample(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    popup = open_correction(qtbot, window)
    assert [button.text() for button in popup.buttons] == [str(d) for d in range(10)]
    assert popup.buttons[7].isChecked(), "the digit the model read is marked"
    assert popup.width() < window.panel.width() * 2 and popup.height() < 200, "a compact popup"
    qtbot.mouseClick(popup.buttons[9], Qt.MouseButton.LeftButton)
    assert window.teach.store.counts()[9] == 1
    assert not popup.isVisible()


def test_in_the_correction_popup_a_digit_key_keeps_the_sample(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    popup = open_correction(qtbot, window)
    qtbot.keyClick(popup, Qt.Key.Key_2)
    assert window.teach.store.counts()[2] == 1


def test_the_arrow_keys_and_enter_choose_in_the_correction_popup(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    popup = open_correction(qtbot, window)
    assert popup.focusWidget() is popup.buttons[0]
    qtbot.keyClick(popup, Qt.Key.Key_Right)
    qtbot.keyClick(popup, Qt.Key.Key_Right)
    qtbot.keyClick(popup.focusWidget(), Qt.Key.Key_Return)
    assert window.teach.store.counts()[2] == 1


def test_escape_closes_the_correction_popup_and_keeps_nothing(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    popup = open_correction(qtbot, window)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert window.teach.store.all() == []
    assert window.canvas.strokes() != [], "Esc in the popup does not clear the drawing"


def test_the_same_drawing_is_not_kept_twice(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    press(qtbot, window, Qt.Key.Key_7)
    press(qtbot, window, Qt.Key.Key_7)
    assert window.teach.store.counts()[7] == 1
    assert "already kept" in window.statusBar().currentMessage()


def test_another_digit_for_a_kept_drawing_relabels_it(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    press(qtbot, window, Qt.Key.Key_7)
    press(qtbot, window, Qt.Key.Key_1)
    counts = window.teach.store.counts()
    assert counts[7] == 0 and counts[1] == 1
    assert "now a sample of 1" in window.statusBar().currentMessage()


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


def test_the_correction_popup_stays_inside_a_small_window(qtbot, window):
    window.resize(640, 480)
    qtbot.wait(20)
    window.canvas.add_stroke(SEVEN)
    popup = open_correction(qtbot, window)
    assert window.geometry().contains(popup.frameGeometry())


# --- an edited picture, read off the UI thread ------------------------------------------

STRAY = [(150.0, 190.0), (215.0, 225.0)]  # a stray stroke from the 7's foot, in the picture's pixels


def pixels_of_what_is_shown(window) -> np.ndarray:
    """What the model reads in the picture shown, its sweeps taken out."""
    from mnist_draw.preprocess import read_ink
    from mnist_draw.ui.ink_layer import ink_left

    drawing = window.canvas.drawing()
    return read_ink(ink_left(drawing.image.ink, drawing.erasures))[0].pixels


def same_pixels(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.abs(a - b).max() <= 1 / 255)  # a sample is stored as 8-bit grey


def kept(qtbot, window, digit: int):
    qtbot.waitUntil(lambda: window.teach.store.counts()[digit] == 1, timeout=10_000)
    (sample,) = window.teach.store.all()
    return sample


def test_a_digit_key_right_after_number_mode_keeps_the_edited_picture_not_the_drawing_before(qtbot, window, mnist, tmp_path):
    window.canvas.add_stroke(ONE)
    one = window.recognizer.last_reading().pixels.copy()
    window.number.set_number_mode(True)
    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)], marks=[STRAY]), tmp_path / "7.png")
    window.canvas.erase(STRAY, radius=10)
    qtbot.waitUntil(lambda: not window.recognizer._pictures.is_busy(), timeout=10_000)
    window.number.set_number_mode(False)  # the picture is read again, as one digit, off the UI thread
    assert window.teach.keep_sample(7)  # at once, before that read is back
    sample = kept(qtbot, window, 7)
    assert not same_pixels(sample.pixels, one)
    assert same_pixels(sample.pixels, pixels_of_what_is_shown(window))
    assert sample.strokes is None
    assert "sample of 7" in window.statusBar().currentMessage()


def test_a_digit_key_right_after_an_erasure_keeps_the_ink_left(qtbot, window, mnist, tmp_path):
    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)], marks=[STRAY]), tmp_path / "7.png")
    opened = window.recognizer.last_reading().pixels.copy()
    window.canvas.erase(STRAY, radius=10)
    assert window.teach.keep_sample(7)
    assert "Still reading" in window.statusBar().currentMessage()
    sample = kept(qtbot, window, 7)
    assert not same_pixels(sample.pixels, opened)
    assert same_pixels(sample.pixels, pixels_of_what_is_shown(window))
    assert "Kept as a sample of 7" in window.statusBar().currentMessage()


def test_correct_right_after_an_erasure_offers_the_digit_read_in_the_ink_left(qtbot, window, mnist, tmp_path):
    from mnist_draw.ui.correction_popup import CorrectionPopup

    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)], marks=[STRAY]), tmp_path / "7.png")
    assert window.recognizer.last_reading().digit == 2  # the stray stroke makes the 7 a 2
    window.canvas.erase(STRAY, radius=10)
    window.teach.correct_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(CorrectionPopup) is not None, timeout=10_000)
    popup = window.findChild(CorrectionPopup)
    assert popup.buttons[7].isChecked() and not popup.buttons[2].isChecked()


def test_a_digit_given_before_a_changed_drawing_is_read_keeps_nothing_and_says_so(qtbot, window, mnist, tmp_path):
    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)], marks=[STRAY]), tmp_path / "7.png")
    window.canvas.erase(STRAY, radius=10)
    assert window.teach.keep_sample(7)
    window.canvas.undo()  # the stray stroke is back before the erasure was read
    assert "nothing was kept" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.recognizer._pictures.is_busy(), timeout=10_000)
    qtbot.wait(50)
    assert window.teach.store.counts()[7] == 0


def test_a_digit_key_on_a_picture_drawn_over_keeps_the_picture_and_the_strokes_as_one(qtbot, window, digit_file):
    from mnist_draw.preprocess import ink_with_strokes, read_ink

    window.files.open_file(digit_file)  # a 1, made a 4 by two strokes over it
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)
    opened = window.recognizer.last_reading().pixels.copy()
    window.canvas.add_stroke([(75.0, 50.0), (75.0, 150.0)])
    window.canvas.add_stroke([(75.0, 150.0), (185.0, 150.0)])
    assert window.teach.keep_sample(4)
    sample = kept(qtbot, window, 4)
    image, strokes = window.canvas.drawing().image, window.canvas.picture_strokes()
    combined = read_ink(ink_with_strokes(image.ink, [points for points, _ in strokes], [width for _, width in strokes]))[0]
    assert same_pixels(sample.pixels, combined.pixels) and not same_pixels(sample.pixels, opened)
    assert sample.strokes is None  # the strokes alone are not the drawing
    assert "Kept as a sample of 4" in window.statusBar().currentMessage()


def test_without_tensorflow_retrain_is_greyed_out_and_says_what_can_train(qtbot, monkeypatch):
    from mnist_draw.ui import teach_control
    from mnist_draw.ui.app import application, create_window

    monkeypatch.setattr(teach_control, "training_available", lambda: False)  # as in the light build
    application()
    main = create_window(None)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    for action in (main.teach.retrain_action, main.teach.fine_tune_action):
        assert not action.isEnabled()
        tip = action.toolTip()
        assert "full build" in tip and "README" in tip
        assert "`" not in tip and "pip install mnist-draw" not in tip  # a tooltip is not Markdown; no such package
    main.close()
    assert main.workers.running() == 0


# --- many samples: looked through off the UI thread (review A7) ----------------------------


def write_older_samples(pixels_by_label: dict[int, list[np.ndarray]]) -> None:
    """Samples as an older mnist-draw kept them (no key of the picture in the record), in the user's folder."""
    import json

    from mnist_draw import user_data
    from mnist_draw.samples import _png

    for label, pictures in pixels_by_label.items():
        folder = user_data.samples_dir() / str(label)
        folder.mkdir(parents=True, exist_ok=True)
        for n, pixels in enumerate(pictures):
            sample_id = f"20240101-000000-{label}{n:07d}"
            (folder / f"{sample_id}.json").write_text(json.dumps({"id": sample_id, "label": label, "strokes": None}))
            (folder / f"{sample_id}.png").write_bytes(_png(pixels))


def many_older_samples(drawn: np.ndarray, label_of_drawn: int) -> None:
    """150 different pictures (more than are looked through at once), ``drawn`` among them."""
    others = []
    for n in range(150):
        picture = np.zeros((28, 28), np.float32)
        picture[n // 28 % 28, n % 28] = 1.0
        picture[27, n % 28] = 0.5
        others.append(picture)
    write_older_samples({0: others, label_of_drawn: [drawn]})


def test_with_many_samples_a_digit_key_waits_for_them_to_be_looked_through_and_finds_an_older_one(qtbot, window):
    from mnist_draw.ui.teach_control import INDEX_AT_ONCE

    window.canvas.add_stroke(SEVEN)
    many_older_samples(window.recognizer.last_reading().pixels, label_of_drawn=1)
    assert sum(window.teach.store.counts()) > INDEX_AT_ONCE
    assert window.teach.keep_sample(7)
    assert "Looking through your samples" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.teach.store.counts()[7] == 1, timeout=20_000)
    assert window.teach.store.counts()[1] == 0, "the older sample of this drawing was relabelled, not kept twice"
    assert "was kept as a 1; it is now a sample of 7" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_7)  # now answered at once
    assert "already kept" in window.statusBar().currentMessage()


def test_a_drawing_changed_while_the_samples_are_looked_through_keeps_nothing(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    many_older_samples(np.eye(28, dtype=np.float32), label_of_drawn=1)
    assert window.teach.keep_sample(7)
    window.canvas.add_stroke(ONE)
    assert "before your samples were looked through, so nothing was kept" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.teach.store.index_ready(), timeout=20_000)
    qtbot.wait(20)
    assert window.teach.store.counts()[7] == 0


def test_the_samples_are_looked_through_once_a_stroke_ends(qtbot, window):
    many_older_samples(np.eye(28, dtype=np.float32), label_of_drawn=1)
    window.canvas.add_stroke(SEVEN)
    qtbot.waitUntil(lambda: window.teach.store.index_ready(), timeout=20_000)
    press(qtbot, window, Qt.Key.Key_7)
    assert "Kept as a sample of 7" in window.statusBar().currentMessage()


def test_a_sample_deleted_in_my_samples_can_be_kept_again(qtbot, window):
    from mnist_draw.ui.samples_dialog import SamplesDialog

    window.canvas.add_stroke(SEVEN)
    press(qtbot, window, Qt.Key.Key_7)
    dialog = SamplesDialog(window.teach.store, window)
    qtbot.addWidget(dialog)
    dialog.digits.setCurrentRow(7)
    dialog.thumbnails.selectAll()
    dialog.delete_selected()
    dialog.reject()
    press(qtbot, window, Qt.Key.Key_7)
    assert "Kept as a sample of 7" in window.statusBar().currentMessage()
    assert window.teach.store.counts()[7] == 1


def test_closing_the_window_stops_looking_through_the_samples(qtbot, window):
    many_older_samples(np.eye(28, dtype=np.float32), label_of_drawn=1)
    window.canvas.add_stroke(SEVEN)
    window.close()
    assert window.teach.workers.running() == 0


def test_in_number_mode_a_digit_key_says_to_turn_it_off_by_the_toggles_own_keys(qtbot, window):
    """"(Ctrl+M)" was written out: a Mac's keys, or others given the toggle, were not named."""
    from PySide6.QtGui import QKeySequence

    window.number.set_number_mode(True)
    window.number.mode.setShortcut(QKeySequence("F9"))
    window.canvas.add_stroke(ONE)
    assert window.teach.keep_sample(1) is False
    assert window.notes.text() == "Samples are kept one digit at a time: turn off number mode (F9) first."
