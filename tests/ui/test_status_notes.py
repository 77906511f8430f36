"""The status bar's passing notes: cut off to the room they have, and gone with what they were about."""

from __future__ import annotations

from ui_helpers import ONE, SEVEN


def test_a_long_status_message_in_a_narrow_window_ends_with_an_ellipsis_and_takes_the_times_room(qtbot, window):
    window.resize(640, 480)
    window.show()
    qtbot.waitExposed(window)
    window.canvas.add_stroke(ONE)
    assert window.timing_label.isVisible()
    long = "Opened a-picture-with-a-rather-long-name-indeed.jpg (468 ms); draw over it, right-drag erases marks"
    window.files.status_posted.emit(long)
    shown = window.statusBar().currentMessage()
    assert shown.endswith("\u2026") and long.startswith(shown[:-1])
    assert not window.timing_label.isVisible()
    window.statusBar().clearMessage()
    assert window.timing_label.isVisible()


def open_and_wait(qtbot, window, path) -> None:
    window.files.open_file(path)
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None and window.workers.is_idle(), timeout=20_000)


def test_a_note_about_a_picture_goes_when_the_canvas_is_cleared_and_drawn_on(qtbot, window, digit_file):
    open_and_wait(qtbot, window, digit_file)
    assert window.statusBar().currentMessage().startswith("Opened one.png")
    window.canvas_control.clear.trigger()
    assert window.statusBar().currentMessage() == ""
    window.canvas.add_stroke(ONE)
    assert window.statusBar().currentMessage() == "" and window.timing_label.isVisible()


def test_a_note_about_a_picture_stays_while_the_user_draws_over_it_and_goes_when_undone_away(qtbot, window, digit_file):
    open_and_wait(qtbot, window, digit_file)
    opened = window.statusBar().currentMessage()
    window.canvas.add_stroke(SEVEN)
    assert window.statusBar().currentMessage() == opened
    window.canvas_control.undo.trigger()
    window.canvas_control.undo.trigger()  # back past the picture, to the empty canvas
    assert window.statusBar().currentMessage() == ""


def test_a_note_about_the_model_stays_when_the_drawing_is_cleared(window):
    window.canvas.add_stroke(ONE)
    window.models.status_posted.emit("Checking model.tflite…")
    window.canvas_control.clear.trigger()
    assert window.statusBar().currentMessage() == "Checking model.tflite…"


def test_a_note_is_cut_off_again_when_the_window_narrows_so_it_never_runs_under_the_model_name(qtbot, window):
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: window.statusBar().width() >= 1100)
    long = "Opened a-picture-with-a-rather-long-name-indeed.jpg (468 ms); draw over it, right-drag erases marks"
    window.files.status_posted.emit(long)
    assert window.statusBar().currentMessage() == long
    window.resize(640, 480)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != long)
    shown = window.statusBar().currentMessage()
    assert shown.endswith("\u2026") and long.startswith(shown[:-1])
    room = window.model_label.geometry().left() - window.statusBar().contentsRect().left()
    assert window.statusBar().fontMetrics().horizontalAdvance(shown) < room
    assert window.notes.text() == long


def fits_beside_the_model_name(window) -> bool:
    shown = window.statusBar().currentMessage()
    room = window.model_label.geometry().left() - window.statusBar().contentsRect().left()
    return bool(shown) and window.statusBar().fontMetrics().horizontalAdvance(shown) < room


def test_a_note_is_cut_off_again_when_the_model_name_grows_or_shrinks(qtbot, window):
    window.resize(900, 700)
    qtbot.waitUntil(lambda: window.statusBar().width() >= 850)
    long = "Opened a-picture-with-a-rather-long-name-indeed.jpg (468 ms); draw over it, right-drag erases marks"
    window.files.status_posted.emit(long)
    before = window.statusBar().currentMessage()
    assert fits_beside_the_model_name(window)
    bundled = window.model_label.text()
    # A model of the user's with a long name, say: the label grows, the bar keeps its width.
    window.model_label.setText("Model: your model, trained on 2026-11-24 with every sample kept so far (MNIST 99.61%)")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != before)
    assert window.statusBar().currentMessage().endswith("\u2026") and fits_beside_the_model_name(window)
    narrowed = window.statusBar().currentMessage()
    window.model_label.setText(bundled)  # back to the bundled model: the note has its room again
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() not in ("", narrowed))
    assert window.statusBar().currentMessage() == before and window.notes.text() == long
