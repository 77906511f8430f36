"""View > Zoom in, Zoom out, Whole picture, Zoom to the number, the status bar's zoom, and the
close-up of a number written small, shown zoomed in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from ui_helpers import ONE, digit_png, small_number_page

SETTLE_MS = 20_000


def settled(window) -> bool:
    return window.workers.is_idle() and not window.recognizer.is_reading()


def open_file(qtbot, window, path, data: bytes) -> None:
    path.write_bytes(data)
    window.files.open_file(path)
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None and window.canvas.drawing().image.name == path.name, timeout=SETTLE_MS)
    qtbot.waitUntil(lambda: settled(window), timeout=SETTLE_MS)


@pytest.fixture
def page(tmp_path):
    return tmp_path / "page.jpg", small_number_page()


def test_the_zoom_items_are_greyed_out_over_a_drawing_and_say_why(window):
    zoom = window.zoom
    window.canvas.add_stroke(ONE)
    for action in (zoom.zoom_in, zoom.zoom_out, zoom.whole, zoom.to_number):
        assert not action.isEnabled()
        assert action.statusTip() == "Only a picture zooms: a drawing is always seen whole"
    assert not zoom.indicator.isVisible()
    zoom.zoom_in.trigger()
    assert window.canvas.zoom() == 1.0


def test_the_zoom_keys_are_the_usual_ones_and_in_the_shortcuts_help(window):
    zoom = window.zoom
    assert QKeySequence("Ctrl++") in zoom.zoom_in.shortcuts() and QKeySequence("Ctrl+=") in zoom.zoom_in.shortcuts()
    assert zoom.zoom_out.shortcut() == QKeySequence("Ctrl+-") and zoom.whole.shortcut() == QKeySequence("Ctrl+0")
    view = dict(window.shortcut_groups())["View"]
    assert [row for row in view if "oom" in row[0] or "picture" in row[0]][:3] == [
        ("Zoom in", "Ctrl++ or Ctrl+="),
        ("Zoom out", "Ctrl+-"),
        ("Whole picture", "Ctrl+0"),
    ]


def test_zoom_in_out_and_whole_picture_step_the_zoom_through_familiar_percentages_and_the_indicator_follows(
    qtbot, window, tmp_path
):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    zoom, canvas = window.zoom, window.canvas
    assert zoom.indicator.isVisible() and zoom.indicator.text() == "Whole picture"
    assert zoom.zoom_in.isEnabled() and not zoom.zoom_out.isEnabled() and not zoom.whole.isEnabled()
    seen = []
    while zoom.zoom_in.isEnabled():
        zoom.zoom_in.trigger()
        seen.append(zoom.indicator.text())
    assert canvas.zoom() == canvas.most_zoom()
    ladder = ["Zoom 125%", "Zoom 150%", "Zoom 200%", "Zoom 300%", "Zoom 400%", "Zoom 600%", "Zoom 800%", "Zoom 1200%"]
    assert seen[:-1] == ladder[: len(seen) - 1], "each step a familiar percentage, the last the closest zoom"
    zoom.zoom_out.trigger()
    assert zoom.indicator.text() == seen[-2]
    zoom.zoom_out.trigger()
    zoom.zoom_out.trigger()
    assert zoom.indicator.text() == seen[-4]
    zoom.whole.trigger()
    assert canvas.zoom() == 1.0 and zoom.indicator.text() == "Whole picture"
    zoom.zoom_in.trigger()
    qtbot.mouseClick(zoom.indicator, Qt.MouseButton.LeftButton)  # the indicator shows the whole picture too
    assert canvas.zoom() == 1.0


def test_a_smaller_window_can_zoom_closer_and_zoom_in_says_so(qtbot, window, tmp_path):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    window.resize(1200, 900)
    window.canvas.zoom_by(1000.0)
    assert not window.zoom.zoom_in.isEnabled()
    window.resize(700, 500)  # the same share of the picture in view, each pixel smaller: closer is possible
    qtbot.waitUntil(window.zoom.zoom_in.isEnabled, timeout=2000)


def test_ctrl_plus_and_ctrl_0_zoom_from_the_keyboard(qtbot, window, tmp_path):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    QTest.keyClick(window.canvas, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom() > 1.0
    QTest.keyClick(window.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom() == 1.0


def test_a_new_picture_and_clear_reset_the_zoom_and_its_indicator(qtbot, window, tmp_path):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    window.zoom.zoom_in.trigger()
    open_file(qtbot, window, tmp_path / "one.png", digit_png("1", 500))
    assert window.canvas.zoom() == 1.0 and window.zoom.indicator.text() == "Whole picture"
    window.zoom.zoom_in.trigger()
    window.canvas_control.clear.trigger()
    assert window.canvas.zoom() == 1.0 and not window.zoom.indicator.isVisible()


def test_zooming_and_panning_never_read_the_picture_again(qtbot, window, tmp_path):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: settled(window) and window.number.number() is not None, timeout=SETTLE_MS)
    readings = []
    window.recognizer.reading_changed.connect(readings.append)
    window.recognizer.number_changed.connect(readings.append)
    canvas = window.canvas
    window.zoom.zoom_in.trigger()
    canvas.zoom_by(3.0, canvas.map_from_picture(10, 10))
    canvas.pan_by(40, -30)
    window.zoom.whole.trigger()
    QTest.qWait(300)  # longer than the recogniser's throttle
    assert readings == [] and not window.recognizer.is_reading()


def test_a_number_written_small_in_a_large_photo_is_shown_zoomed_in_once_with_a_note(qtbot, window, page):
    path, (data, _where) = page
    window.number.set_number_mode(True)
    open_file(qtbot, window, path, data)
    qtbot.waitUntil(lambda: window.number.number() is not None and window.number.number().number is not None, timeout=SETTLE_MS)
    canvas, overlay = window.canvas, window.number.overlay
    assert window.number.number().number == "472"
    assert canvas.zoom() > 4.0 and window.zoom.indicator.text().startswith("Zoom ")
    assert "Ctrl+0 shows the whole picture" in window.notes.text()
    view = canvas.viewport_rect()
    boxes = [overlay.box_rect(index) for index in range(overlay.box_count())]
    labels = [overlay.label_rect(index) for index in range(overlay.box_count())]
    assert all(view.contains(box) and box.height() > 40 for box in boxes)  # in view, each digit large enough to see
    assert all(view.contains(label) for label in labels)
    for index, label in enumerate(labels):  # no label over another, nor over another digit
        assert not any(label.intersects(other) for other in labels[index + 1 :])
        assert not any(label.intersects(box) for other, box in enumerate(boxes) if other != index)
    # The view is the user's from then on: an edit, read again, does not zoom it back.
    window.zoom.whole.trigger()
    assert window.notes.text() == ""  # said and done
    canvas.erase([(0.0, 0.0), (1.0, 1.0)], radius=3)  # a sweep in a corner: no edit of the number
    canvas.add_stroke([(5.0, 5.0), (6.0, 6.0)])
    qtbot.waitUntil(lambda: settled(window), timeout=SETTLE_MS)
    assert canvas.zoom() == 1.0
    window.zoom.to_number.trigger()  # but it can be had again
    assert canvas.zoom() > 4.0


def test_a_photo_the_user_zoomed_first_is_never_zoomed_in_to_its_number_by_itself(qtbot, window, page):
    path, (data, _where) = page
    open_file(qtbot, window, path, data)  # one digit: nothing zooms
    canvas = window.canvas
    window.zoom.zoom_in.trigger()  # the user looks closer, then reads it as a number
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: settled(window) and window.number.number() is not None and bool(window.number.number().digits), timeout=SETTLE_MS)
    assert canvas.zoom() == pytest.approx(1.25)
    window.zoom.whole.trigger()  # and chooses the whole picture: an edit read again keeps it so
    canvas.add_stroke([(5.0, 5.0), (6.0, 6.0)])
    qtbot.waitUntil(lambda: settled(window), timeout=SETTLE_MS)
    assert canvas.zoom() == 1.0 and "Ctrl+0" not in window.notes.text()


def test_a_number_read_while_the_pen_is_down_never_moves_the_view_under_it(qtbot, window, page):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    path, (data, _where) = page
    open_file(qtbot, window, path, data)
    canvas = window.canvas
    close_up = canvas.drawing().image.number_close_up
    left, top, right, bottom = close_up.region_in_picture((0.0, 0.0, close_up.ink.shape[1], close_up.ink.shape[0]))
    start = canvas.map_from_picture(left + 1, top + 1)  # in the number's region, above its digits
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start.toPoint())

    def move(by: float) -> None:
        at = start + QPointF(by, 0)
        canvas.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, at, canvas.mapToGlobal(at), Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))

    move(1)
    window.number.set_number_mode(True)  # its key pressed mid-stroke: the number is read while the pen is down
    qtbot.waitUntil(lambda: window.number.number() is not None and bool(window.number.number().digits), timeout=SETTLE_MS)
    move(2)
    assert canvas.zoom() == 1.0  # a view moved under the pen would pull the stroke across the page
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, (start + QPointF(2, 0)).toPoint())
    qtbot.waitUntil(lambda: canvas.zoom() > 1.0, timeout=SETTLE_MS)  # the stroke drawn, the number is shown close


def test_back_to_a_photo_by_undo_it_is_not_zoomed_in_to_its_number_again(qtbot, window, page, tmp_path):
    path, (data, _where) = page
    window.number.set_number_mode(True)
    open_file(qtbot, window, path, data)
    qtbot.waitUntil(lambda: window.canvas.zoom() > 1.0, timeout=SETTLE_MS)
    window.zoom.whole.trigger()  # the user would see the whole page
    open_file(qtbot, window, tmp_path / "other.jpg", small_number_page("721")[0])
    qtbot.waitUntil(lambda: window.canvas.zoom() > 1.0, timeout=SETTLE_MS)
    window.canvas_control.undo.trigger()
    qtbot.waitUntil(lambda: settled(window) and window.canvas.drawing().image.name == "page.jpg", timeout=SETTLE_MS)
    qtbot.waitUntil(lambda: window.number.number() is not None and bool(window.number.number().digits), timeout=SETTLE_MS)
    assert window.canvas.zoom() == 1.0


def test_one_digit_mode_leaves_a_photo_whole(qtbot, window, page):
    path, (data, _where) = page
    open_file(qtbot, window, path, data)
    assert window.canvas.zoom() == 1.0 and not window.zoom.to_number.isEnabled()


def test_zoomed_in_the_number_boxes_follow_the_picture(qtbot, window, tmp_path):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: settled(window) and window.number.overlay.box_count() > 0, timeout=SETTLE_MS)
    overlay, canvas = window.number.overlay, window.canvas
    x0, y0, x1, y1 = window.number.number().digits[0].box
    for zoom in (1.0, 2.0, 3.5):
        canvas.fit_picture()
        canvas.zoom_by(zoom, canvas.map_from_picture((x0 + x1) / 2, (y0 + y1) / 2))
        shown = QRectF(canvas.map_from_picture(x0, y0), canvas.map_from_picture(x1, y1))
        box = overlay.box_rect(0)
        assert box.center().x() == pytest.approx(shown.center().x(), abs=0.01)
        assert box.width() == pytest.approx(shown.width() + 8, abs=0.01)  # the box's padding, the same at every zoom


def test_each_zoom_and_pan_repaints_the_picture_and_its_boxes_whole(qtbot, window, page):
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    path, (data, _where) = page
    window.number.set_number_mode(True)
    open_file(qtbot, window, path, data)
    qtbot.waitUntil(lambda: window.number.overlay.box_count() == 3, timeout=SETTLE_MS)
    canvas = window.canvas

    def on_screen() -> QImage:
        """What the window shows of the canvas now (its backing store), not a fresh paint."""
        QApplication.processEvents()
        QTest.qWait(20)  # the window's update timer
        shown = window.screen().grabWindow(window.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)
        return shown.copy(QRect(canvas.mapTo(window, QPoint(0, 0)), canvas.size()))

    for step in (lambda: canvas.zoom_by(0.5), lambda: canvas.pan_by(30, 10), window.zoom.whole.trigger, window.zoom.to_number.trigger):
        step()
        shown = on_screen()
        canvas.repaint()
        again = on_screen()
        assert shown == again, "stale pixels after zooming or panning"


def test_in_presentation_mode_a_zoomed_picture_shows_its_zoom_on_the_canvas(qtbot, window, tmp_path):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    zoom, canvas = window.zoom, window.canvas
    window.view.set_presentation(True)
    assert not window.statusBar().isVisible() and not zoom.badge.isVisible(), "the whole picture: nothing to say"
    zoom.zoom_in.trigger()
    zoom.zoom_in.trigger()
    assert zoom.badge.isVisible() and zoom.badge.text() == "Zoom 150%"
    assert canvas.viewport_rect().contains(QRectF(zoom.badge.geometry())), "on the picture's frame, in its corner"
    assert zoom.badge.font().pointSizeF() > window.font().pointSizeF(), "in presentation print"
    window.resize(640, 480)  # it keeps to the corner as the canvas shrinks
    qtbot.waitUntil(lambda: canvas.viewport_rect().contains(QRectF(zoom.badge.geometry())))
    qtbot.mouseClick(zoom.badge, Qt.MouseButton.LeftButton)  # a click shows the whole picture, as the status bar's does
    assert canvas.zoom() == 1.0 and not zoom.badge.isVisible()
    zoom.zoom_in.trigger()
    window.view.set_presentation(False)  # the status bar says it again: the canvas is left clear
    assert not zoom.badge.isVisible() and zoom.indicator.isVisible() and zoom.indicator.text() == "Zoom 125%"


def test_from_a_zoom_of_the_wheel_the_keys_step_to_the_next_familiar_percentage_and_odd_ones_are_said_rounded(
    qtbot, window, tmp_path
):
    open_file(qtbot, window, tmp_path / "seven.png", digit_png("7", 600))
    zoom, canvas = window.zoom, window.canvas
    canvas.zoom_by(1.37)  # a wheel's or a pinch's: smooth, anywhere
    assert zoom.indicator.text() == "Zoom 135%"
    zoom.zoom_in.trigger()
    assert canvas.zoom() == pytest.approx(1.5) and zoom.indicator.text() == "Zoom 150%"
    canvas.zoom_by(1.37)  # 205.5%
    assert zoom.indicator.text() == "Zoom 210%"
    zoom.zoom_out.trigger()
    assert canvas.zoom() == pytest.approx(2.0) and zoom.indicator.text() == "Zoom 200%"


def test_the_note_on_the_whole_picture_names_the_actions_own_keys_or_where_it_is(window):
    zoom = window.zoom
    assert zoom.whole_picture_note() == "Ctrl+0 shows the whole picture."
    zoom.whole.setShortcut(QKeySequence("F7"))
    assert zoom.whole_picture_note() == "F7 shows the whole picture."
    zoom.whole.setShortcut(QKeySequence())
    assert zoom.whole_picture_note() == "Whole picture in the View menu shows it all."


def test_the_zoom_tips_name_the_key_held_with_the_wheel_as_the_desktop_names_it(window):
    from mnist_draw.ui.zoom_control import ctrl_name

    assert ctrl_name() == QKeySequence(Qt.Modifier.CTRL.value).toString(QKeySequence.SequenceFormat.NativeText)
    assert f"{ctrl_name()}wheel or a pinch zooms" in window.zoom.indicator.toolTip()
    assert "Ctrl+wheel" in window.zoom.indicator.toolTip()  # on this desktop
