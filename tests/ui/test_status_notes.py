"""The status bar's passing notes: cut off to the room they have, and gone with what they were about."""

from __future__ import annotations

from ui_helpers import ONE, SEVEN


def test_a_long_status_message_in_a_narrow_window_ends_with_an_ellipsis_and_takes_the_times_room(qtbot, window):
    window.resize(640, 480)
    window.show()
    qtbot.waitExposed(window)
    window.canvas.add_stroke(ONE)
    assert window.timing_label.isVisible()
    long = "Saved the drawing to /home/someone/Pictures/digits for the class/2026-11-24/a-rather-long-name-indeed.png"
    window.files.status_posted.emit(long)
    shown = window.statusBar().currentMessage()
    assert shown.endswith("\u2026") and long.startswith(shown[:-1])
    assert window.statusBar().toolTip() == long, "what is cut off is a hover away"
    assert not window.timing_label.isVisible()
    window.statusBar().clearMessage()
    assert window.timing_label.isVisible() and window.statusBar().toolTip() == ""


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


def test_a_note_is_cut_off_again_when_the_window_narrows_so_it_never_runs_under_what_stays_beside_it(qtbot, window, digit_file):
    open_and_wait(qtbot, window, digit_file)  # the zoom's "Whole picture" stays beside a note
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: window.statusBar().width() >= 1100)
    long = "Saved the drawing to /home/someone/Pictures/digits for the class/2026-11-24/a-rather-long-name-indeed.png"
    window.files.status_posted.emit(long)
    assert window.statusBar().currentMessage() == long
    window.resize(640, 480)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != long)
    shown = window.statusBar().currentMessage()
    assert shown.endswith("\u2026") and long.startswith(shown[:-1])
    qtbot.waitUntil(lambda: fits_beside(window, window.zoom.indicator))  # once the bar is laid out again
    assert window.notes.text() == long


def fits_beside(window, widget) -> bool:
    shown = window.statusBar().currentMessage()
    room = widget.geometry().left() - window.statusBar().contentsRect().left()
    return bool(shown) and window.statusBar().fontMetrics().horizontalAdvance(shown) < room


def test_the_model_name_steps_aside_for_a_note_that_needs_its_room_and_comes_back_when_the_note_goes(qtbot, window):
    window.resize(900, 700)
    qtbot.waitUntil(lambda: window.statusBar().width() >= 850)
    note = "Looking through your samples: the drawing is kept as a sample of 7 once done."
    window.teach.status_posted.emit(note)
    assert window.statusBar().currentMessage() == note and window.model_label.isVisible()
    qtbot.waitUntil(lambda: fits_beside(window, window.model_label))
    bundled = window.model_label.text()
    # A model of the user's with a long name, say: the label grows, the bar keeps its width.
    window.model_label.setText("Model: your model, trained on 2026-11-24 with every sample kept so far (MNIST 99.61%)")
    qtbot.waitUntil(lambda: not window.model_label.isVisible())
    assert window.statusBar().currentMessage() == note, "the sentence whole, not cut for the model's name"
    window.model_label.setText(bundled)
    window.statusBar().clearMessage()  # the note goes (its time is up, or a menu's tip takes its place)
    assert window.model_label.isVisible()


def test_at_640_pixels_an_opened_picture_is_said_in_a_whole_sentence_with_its_hint(qtbot, window, digit_file):
    """It read "Opened seven.png (129 ms); draw over …" at 640 pixels: the model's name gives way for the note's few seconds."""
    window.resize(640, 480)
    qtbot.waitUntil(lambda: window.statusBar().width() <= 640)
    open_and_wait(qtbot, window, digit_file)
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Opened one.png (") and shown.endswith("ms); draw over it, right-drag erases marks")
    assert not window.model_label.isVisible()
    qtbot.waitUntil(lambda: fits_beside(window, window.zoom.indicator))
    assert window.statusBar().toolTip() == ""


def test_a_note_with_a_hint_too_long_for_its_room_drops_the_hint_before_cutting_a_sentence(qtbot, window):
    window.resize(640, 480)
    qtbot.waitUntil(lambda: window.statusBar().width() <= 640)
    note = "Opened photo-of-the-whiteboard-after-class-2026-11-24.jpg (468 ms)"
    hinted = f"{note}; draw over it, right-drag erases marks"
    window.files.status_with_hint_posted.emit(note, hinted)
    assert window.statusBar().currentMessage() == note
    assert window.statusBar().toolTip() == hinted and window.notes.text() == hinted
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == hinted)
    assert window.model_label.isVisible() and window.statusBar().toolTip() == ""
