"""The live reading of an opened picture whose ink the user edits: what is left is read
(off the UI thread), while the eraser moves, through undo and redo, down to nothing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui_helpers import mnist_digit, on_paper, open_picture, steps

from mnist_draw.ui.live_recognizer import ALL_ERASED

# A 7 with a stray stroke from its foot: read as a 2 until the stroke is erased.
STRAY = [(150.0, 190.0), (215.0, 225.0)]  # in the picture's pixels: 280 a side, so paper units too


@pytest.fixture
def seven_with_a_stray_mark(qtbot, window, mnist, tmp_path):
    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)], marks=[STRAY]), tmp_path / "seven.png")
    assert window.recognizer.last_reading().digit == 2
    return window


def reads(qtbot, window, digit: int) -> None:
    qtbot.waitUntil(lambda: window.recognizer.last_reading().digit == digit, timeout=10_000)


def test_erasing_a_stray_mark_from_a_picture_changes_the_reading(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    assert window.windowTitle().startswith("7 (")
    assert window.panel.readout.big.text() == "7"


def test_what_the_model_sees_is_the_edited_ink(qtbot, seven_with_a_stray_mark):
    from mnist_draw.preprocess import read_ink
    from mnist_draw.ui.ink_layer import ink_left

    window = seven_with_a_stray_mark
    opened = window.recognizer.last_reading().pixels
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    drawing = window.canvas.drawing()
    expected, _ = read_ink(ink_left(drawing.image.ink, drawing.erasures))
    seen = window.recognizer.last_reading().pixels
    assert np.array_equal(seen, expected.pixels) and not np.array_equal(seen, opened)
    assert window.panel.preview.image() is not None


def test_the_reading_follows_the_eraser_before_it_lifts(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    canvas = window.canvas
    canvas.set_brush_size(10)  # the eraser's radius: as wide as the stray stroke, clear of the 7
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps([(158.0, 194.0), STRAY[1], (222.0, 229.0)])]
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
    reads(qtbot, window, 7)  # the button is still down
    assert not canvas.can_redo() and len(canvas.drawing().erasures) == 1
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=path[-1])
    assert window.recognizer.last_reading().digit == 7


def test_undo_and_redo_of_an_erasure_bring_back_each_reading(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    window.canvas_control.undo.trigger()
    reads(qtbot, window, 2)
    window.canvas_control.redo.trigger()
    reads(qtbot, window, 7)


def test_erasing_all_the_ink_says_so_and_how_to_get_it_back(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase([(140.0, 140.0)], radius=300)
    qtbot.waitUntil(lambda: window.recognizer.last_reading().reason == ALL_ERASED, timeout=10_000)
    assert window.panel.readout.detail.text() == ALL_ERASED
    assert window.windowTitle() == "mnist-draw"
    window.canvas.undo()
    reads(qtbot, window, 2)


def test_clear_after_erasing_leaves_an_empty_canvas(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    window.canvas_control.clear.trigger()
    assert window.canvas.drawing().is_empty
    assert window.recognizer.last_reading().pixels is None
    assert window.panel.readout.headline.text() == "Draw a digit"


def test_a_stroke_over_an_edited_picture_starts_a_new_drawing_and_undo_brings_the_picture_back(qtbot, seven_with_a_stray_mark):
    from ui_helpers import ONE

    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    window.canvas.add_stroke(ONE)
    assert window.canvas.drawing().image is None
    assert window.recognizer.last_reading().digit == 1
    window.canvas.undo()
    reads(qtbot, window, 7)
    assert len(window.canvas.drawing().erasures) == 1


def published_after(window, change) -> list:
    """Every reading the window is given from ``change`` on."""
    published = []
    window.recognizer.reading_changed.connect(published.append)
    change()
    return published


def test_a_reading_by_the_model_before_a_switch_is_never_shown(qtbot, seven_with_a_stray_mark):
    from ui_helpers import fixed_model

    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)  # read off the UI thread by the bundled model: a 7
    nine = fixed_model([0.0] * 9 + [1.0])
    published = published_after(window, lambda: window.recognizer.set_model(nine))
    reads(qtbot, window, 9)
    qtbot.waitUntil(lambda: not window.recognizer._pictures.is_busy(), timeout=10_000)
    assert published and {reading.digit for reading in published} == {9}
    assert window.recognizer.last_reading_is_current()


def test_a_reading_of_the_sweeps_before_a_new_erasure_is_never_shown(qtbot, seven_with_a_stray_mark):
    from mnist_draw.preprocess import read_ink
    from mnist_draw.ui.ink_layer import ink_left

    window = seven_with_a_stray_mark
    half = ((STRAY[0][0] + STRAY[1][0]) / 2, (STRAY[0][1] + STRAY[1][1]) / 2)
    window.canvas.erase([STRAY[0], half], radius=10)  # read off the UI thread
    published = published_after(window, lambda: window.canvas.erase([half, STRAY[1]], radius=10))
    reads(qtbot, window, 7)
    qtbot.waitUntil(lambda: not window.recognizer._pictures.is_busy(), timeout=10_000)
    drawing = window.canvas.drawing()
    assert len(drawing.erasures) == 2
    expected = read_ink(ink_left(drawing.image.ink, drawing.erasures))[0].pixels
    assert published and all(np.array_equal(reading.pixels, expected) for reading in published)
    assert window.recognizer.last_reading_is_current()


def test_the_last_reading_is_current_only_once_an_edited_picture_is_read_and_never_in_number_mode(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    recognizer = window.recognizer
    assert recognizer.last_reading_is_current()  # as opened: read at once
    window.canvas.erase(STRAY, radius=10)
    assert not recognizer.last_reading_is_current() and recognizer.last_reading().digit == 2
    reads(qtbot, window, 7)
    assert recognizer.last_reading_is_current()
    window.number.set_number_mode(True)
    assert not recognizer.last_reading_is_current()
