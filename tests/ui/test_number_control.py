"""Number mode: the toggle, the number in the readout, a box per digit, selecting a digit, copying."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication

from mnist_draw.self_test_digits import SAMPLE_STROKES


def place(digit: int, left: float, top: float = 90.0, scale: float = 1.0) -> list[list[tuple[float, float]]]:
    """The self-test's strokes of ``digit`` (a 100-unit grid) placed on the paper."""
    return [[(left + x * scale, top + y * scale) for x, y in stroke] for stroke in SAMPLE_STROKES[digit]]


def write(window, digits: list[int]) -> None:
    for i, digit in enumerate(digits):
        for stroke in place(digit, 10.0 + i * 130.0):
            window.canvas.add_stroke(stroke)


@pytest.fixture
def number_window(window):
    window.number.set_number_mode(True)
    return window


def test_number_mode_is_off_until_turned_on_and_is_remembered(window):
    from mnist_draw.ui.settings import AppSettings

    assert not window.number.mode.isChecked()
    assert not window.recognizer.number_mode()
    window.number.mode.trigger()
    assert window.recognizer.number_mode()
    assert AppSettings().number_mode()


def test_number_mode_has_a_shortcut_in_the_view_menu(window):
    assert window.number.mode.shortcut().toString() == "Ctrl+M"
    assert window.number.mode in window.keyboard_actions()


def test_forty_two_reads_as_the_number_42(number_window):
    write(number_window, [4, 2])
    reading = number_window.number.number()
    assert reading is not None and reading.number == "42"
    readout = number_window.panel.readout
    assert readout.big.text() == "42"
    assert number_window.windowTitle().startswith("42 - ")
    assert number_window.timing_label.text().startswith("Read in ")


def test_each_digit_gets_a_box_over_the_canvas(number_window):
    write(number_window, [4, 2, 7])
    overlay = number_window.number.overlay
    assert overlay.isVisible()
    assert overlay.box_count() == 3
    boxes = [overlay.box_rect(i) for i in range(3)]
    assert boxes[0].right() < boxes[1].left() < boxes[1].right() < boxes[2].left()


def test_selecting_a_digit_shows_its_bars_and_preview(number_window):
    write(number_window, [4, 2])
    bars = number_window.panel.bars
    assert bars.highlighted_digit() == 4
    number_window.number.select(1)
    assert bars.highlighted_digit() == 2
    assert number_window.panel.preview.image() is not None


def test_clicking_a_digits_label_selects_it_without_drawing(qtbot, number_window):
    write(number_window, [4, 2])
    canvas = number_window.canvas
    strokes = len(canvas.strokes())
    label = number_window.number.overlay.label_rect(1)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=label.center().toPoint())
    assert number_window.number.selected() == 1
    assert number_window.panel.bars.highlighted_digit() == 2
    assert len(canvas.strokes()) == strokes


def test_arrow_keys_on_the_canvas_step_through_the_digits(qtbot, number_window):
    write(number_window, [4, 2, 7])
    canvas = number_window.canvas
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert number_window.number.selected() == 2
    assert number_window.panel.bars.highlighted_digit() == 7
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert number_window.number.selected() == 1


def test_copy_number_puts_the_number_on_the_clipboard(number_window):
    write(number_window, [4, 2])
    assert number_window.number.copy_number.isEnabled()
    number_window.number.copy_number.trigger()
    assert QGuiApplication.clipboard().text() == "42"


def test_the_note_that_the_number_was_copied_goes_with_the_number(number_window):
    write(number_window, [4, 2])
    number_window.number.copy_number.trigger()
    assert number_window.notes.text() == "Copied 42."
    number_window.canvas_control.clear.trigger()  # "Copied 42." under an empty canvas would be about nothing shown
    assert number_window.notes.text() == "" and number_window.statusBar().currentMessage() == ""


def test_an_empty_canvas_in_number_mode_asks_for_a_number(number_window):
    readout = number_window.panel.readout
    assert readout.headline.text() == "Write a number"
    assert readout.detail.text() == "Nothing drawn yet."
    assert not number_window.number.overlay.isVisible()
    assert not number_window.number.copy_number.isEnabled()
    assert not number_window.number.copy()


def test_a_doubtful_digit_is_marked_in_the_headline(number_window):
    from mnist_draw.number import NumberDigit, NumberReading
    from mnist_draw.reading import Reading

    sure = Reading(probabilities=tuple(0.91 if d == 4 else 0.01 for d in range(10)))
    unsure = Reading(probabilities=tuple({1: 0.5, 7: 0.41}.get(d, 0.01125) for d in range(10)))
    reading = NumberReading(digits=[NumberDigit(sure, (0, 0, 10, 10)), NumberDigit(unsure, (20, 0, 30, 10))])
    number_window.panel.show_number(reading, 0)
    readout = number_window.panel.readout
    assert readout.headline.text() == "Not sure: 4?"
    assert readout.detail.text() == "Digit 2: 1 or 7?"


def test_a_mark_left_out_after_the_number_is_boxed_and_said_but_not_in_the_number(qtbot, number_window):
    write(number_window, [4, 2])
    number_window.canvas.add_stroke([(280.0, 140.0), (340.0, 138.0), (400.0, 141.0)])  # a dash after "42"
    reading = number_window.number.number()
    assert reading.number == "42" and reading.digits[-1].left_out
    readout = number_window.panel.readout
    assert readout.big.text() == "42"
    assert readout.detail.text() == "Digit 1 of 2. The mark after the number is not a digit and is left out."
    assert number_window.windowTitle().startswith("42 - ")
    overlay = number_window.number.overlay
    assert overlay.box_count() == 3 and overlay.label(2) == "not a digit, left out"
    number_window.number.select(2)
    assert readout.detail.text() == "The selected mark is not a digit and is left out of the number."  # said once
    number_window.number.copy_number.trigger()
    assert QGuiApplication.clipboard().text() == "42"


def test_a_mark_left_out_before_the_number_is_not_what_a_new_reading_shows(number_window):
    number_window.canvas.add_stroke([(4.0, 140.0), (30.0, 141.0)])  # a dash before "42"
    for i, digit in enumerate((4, 2)):
        for stroke in place(digit, 45.0 + i * 110.0):
            number_window.canvas.add_stroke(stroke)
    reading = number_window.number.number()
    assert reading.number == "42" and reading.digits[0].left_out
    assert number_window.number.selected() == 1 and number_window.panel.bars.highlighted_digit() == 4
    assert number_window.panel.readout.detail.text() == "Digit 1 of 2. The mark before the number is not a digit and is left out."
    number_window.number.select(0)  # clicked: the mark is shown
    assert number_window.number.selected() == 0


def test_doubts_and_marks_left_out_read_as_sentences(number_window):
    from mnist_draw.number import NumberDigit, NumberReading
    from mnist_draw.reading import Reading

    unsure = Reading(probabilities=tuple(0.5 if d == 4 else 0.45 if d == 9 else 0.05 / 8 for d in range(10)))
    sure = Reading(probabilities=tuple(0.91 if d == 2 else 0.01 for d in range(10)))
    dash = NumberDigit(Reading(probabilities=sure.probabilities, reason="not a digit", is_digit=False), (0, 0, 5, 10), left_out=True)
    reading = NumberReading(digits=[NumberDigit(unsure, (10, 0, 20, 10)), NumberDigit(sure, (30, 0, 40, 10)), dash])
    number_window.panel.show_number(reading, 0)
    assert number_window.panel.readout.detail.text() == (
        "Digit 1: 4 or 9? The mark after the number is not a digit and is left out."
    )


def test_commas_or_points_left_out_are_said_under_the_number(number_window):
    from mnist_draw.number import NumberDigit, NumberReading
    from mnist_draw.reading import Reading

    sure = [Reading(probabilities=tuple(0.91 if d == digit else 0.01 for d in range(10))) for digit in (1, 2, 5, 0)]
    boxes = [(0, 0, 10, 10), (20, 0, 30, 10), (40, 0, 50, 10), (60, 0, 70, 10)]
    reading = NumberReading(digits=[NumberDigit(r, b) for r, b in zip(sure, boxes)], separators=[(12, 8, 14, 12)])
    number_window.panel.show_number(reading, 1)
    readout = number_window.panel.readout
    assert readout.big.text() == "1250"
    assert readout.detail.text() == "Digit 2 of 4. A comma or point is left out."


def test_turning_number_mode_off_reads_one_digit_again(number_window):
    number_window.canvas.add_stroke(place(1, 90.0)[0])
    number_window.number.set_number_mode(False)
    assert number_window.number.number() is None
    assert not number_window.number.overlay.isVisible()
    assert number_window.recognizer.last_reading().digit == 1
    assert number_window.panel.readout.big.text() == "1"
    assert not number_window.number.copy_number.isEnabled()


def test_single_digit_mode_shows_no_boxes(window):
    write(window, [4])
    assert window.number.number() is None
    assert not window.number.overlay.isVisible()
    assert window.recognizer.last_reading().digit == 4


def test_a_label_at_the_top_edge_stays_on_screen_and_clickable(number_window):
    for stroke in place(4, 90.0, top=0.0):
        number_window.canvas.add_stroke(stroke)
    overlay = number_window.number.overlay
    assert overlay.rect().toRectF().contains(overlay.label_rect(0))
    assert overlay.index_at(QPointF(overlay.label_rect(0).center())) == 0


@pytest.mark.parametrize("edge", ["left", "right", "top"])
def test_boxes_and_labels_at_the_papers_edge_stay_on_the_paper(number_window, edge):
    canvas = number_window.canvas
    canvas.add_stroke([(0.0, 150.0), (14.0, 150.0)] if edge == "left" else [(266.0, 150.0), (280.0, 150.0)])  # a dash
    for stroke in place(1 if edge == "right" else 7, 120.0, top=0.0 if edge == "top" else 90.0, scale=0.8):
        canvas.add_stroke(stroke)
    overlay, paper = number_window.number.overlay, canvas.paper_rect()
    assert overlay.box_count() == 2
    for index in range(2):
        assert paper.contains(overlay.label_rect(index))
        assert overlay.index_at(QPointF(overlay.label_rect(index).center())) == index  # and still clickable
    dash = overlay.box_rect(0 if edge == "left" else 1)
    assert not paper.contains(dash)  # the dash's box, with the pen and the padding, reaches past the edge...
    picture = canvas.grab().toImage()
    ratio = picture.devicePixelRatio()
    outside = paper.left() - 2 if edge == "left" else paper.right() + 2

    def colour(y: float) -> str:
        return picture.pixelColor(round(outside * ratio), round(y * ratio)).name()

    beside = {colour(y) for y in range(int(dash.top()), int(dash.bottom()) + 1)}
    assert beside == {colour(paper.top() + 2)}  # ...but none of it is drawn there, beside the paper


def test_a_number_is_never_kept_as_one_digit_sample(window):
    window.number.mode.setChecked(True)
    for stroke in SAMPLE_STROKES[7]:
        window.canvas.add_stroke(stroke)
    assert not window.teach.keep_sample(7)
    assert "number mode" in window.statusBar().currentMessage()


# --- pictures ---------------------------------------------------------------------------


def number_picture(mnist, digits: str, gap: int = 16):
    from ui_helpers import mnist_digit, on_paper

    return on_paper([mnist_digit(mnist, int(d)) for d in digits], size=(380, 200), height=90, gap=gap)


def read_number(qtbot, window) -> str | None:
    qtbot.waitUntil(lambda: window.number.number() is not None and window.number.number().digits != [], timeout=10_000)
    return window.number.number().number


def test_a_picture_of_a_number_is_read_as_a_number_in_number_mode(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    assert read_number(qtbot, number_window) == "427"
    assert number_window.panel.readout.big.text() == "427"
    assert number_window.windowTitle().startswith("427 - ")
    assert number_window.timing_label.text().startswith("Read in ")


def test_each_digit_of_a_picture_is_boxed_where_the_picture_shows_it(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas, overlay = number_window.canvas, number_window.number.overlay
    assert overlay.isVisible() and overlay.on_picture() and overlay.box_count() == 3
    boxes = [overlay.box_rect(i) for i in range(3)]
    assert boxes[0].right() < boxes[1].left() and boxes[1].right() < boxes[2].left()
    picture = canvas.drawing().image.picture
    shown = QRectF(canvas.map_from_picture(0, 0), canvas.map_from_picture(picture.width(), picture.height()))
    middle = canvas.map_from_picture(picture.width() / 2, picture.height() / 2)
    for box in boxes:  # on the picture, each around the middle row, as tall as the digits (90 of 200 pixels)
        assert shown.contains(box) and box.top() < middle.y() < box.bottom()
        assert 0.35 < box.height() / shown.height() < 0.6
    # Where each box is, the picture has ink: the digit it holds.
    ink = canvas.drawing().image.ink
    for digit in number_window.number.number().digits:
        x0, y0, x1, y1 = (int(v) for v in digit.box)
        assert ink[y0:y1, x0:x1].sum() > 0.8 * ink[:, x0:x1].sum()


def test_a_number_written_small_in_a_large_photo_is_read_closer_and_boxed_where_the_picture_shows_it(qtbot, number_window, tmp_path):
    from paper_helpers import small_number
    from ui_helpers import open_picture

    # 60 pixels of 3,200: 7 of the picture shown (and read before), where no number was found.
    picture, boxes = small_number()
    open_picture(qtbot, number_window, picture, tmp_path / "page.jpg")
    assert read_number(qtbot, number_window) == "2407"
    canvas, overlay = number_window.canvas, number_window.number.overlay
    image = canvas.drawing().image
    assert image.number_close_up is not None and overlay.on_picture() and overlay.box_count() == 4
    scale = image.picture.width() / 3200
    for index, (x0, y0, x1, y1) in enumerate(boxes):
        box = overlay.box_rect(index)
        assert box.contains(canvas.map_from_picture((x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale))
        assert box.height() < 2 * (canvas.map_from_picture(0, y1 * scale).y() - canvas.map_from_picture(0, y0 * scale).y())
    # The labels, larger than the digits, are laid round the number, not over its other digits.
    for index in range(4):
        label = overlay.label_rect(index)
        assert not any(label.intersects(overlay.box_rect(other)) for other in range(4) if other != index)


def test_writing_too_small_for_one_digit_is_offered_to_number_mode_without_naming_a_box(qtbot, window, tmp_path):
    # The note said "what is in the box is read as a single digit": there was no box, nothing read.
    from paper_helpers import small_number
    from ui_helpers import open_picture

    picture, _ = small_number()
    open_picture(qtbot, window, picture, tmp_path / "page.jpg")
    qtbot.waitUntil(lambda: "too small" in window.banner.text(), timeout=5_000)
    assert "page.jpg" in window.banner.text() and "Number mode" in window.banner.text()
    assert "box" not in window.banner.text()


def test_a_digit_of_a_picture_is_selected_by_a_click_in_its_box_and_the_picture_stays(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas = number_window.canvas
    box = number_window.number.overlay.box_rect(2)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    assert number_window.number.selected() == 2
    assert number_window.panel.bars.highlighted_digit() == 7
    assert number_window.panel.preview.image() is not None
    assert canvas.drawing().image is not None and canvas.strokes() == []  # no stroke replaced the picture
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert number_window.panel.bars.highlighted_digit() == 2


def test_a_drag_in_a_digits_box_on_a_picture_draws_over_the_picture_from_where_it_began(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture, steps

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas, overlay = number_window.canvas, number_window.number.overlay
    box = overlay.box_rect(1)
    start, end = QPointF(box.left() + 6, box.center().y()), QPointF(box.right() - 6, box.center().y())
    path = [QPointF(x, y).toPoint() for x, y in steps([(start.x(), start.y()), (end.x(), end.y())])]
    numbers = []
    number_window.recognizer.number_changed.connect(numbers.append)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=path[-1])
    (stroke,) = canvas.drawing().strokes
    assert canvas.drawing().image is not None  # drawn over the picture, not in its place
    first = canvas.map_from_paper(*stroke.points[0][:2])
    assert abs(first.x() - path[0].x()) <= 1 and abs(first.y() - path[0].y()) <= 1  # from the press on
    assert number_window.number.selected() == 0  # a drag selects nothing
    qtbot.waitUntil(lambda: bool(numbers) and numbers[-1] is not None and bool(numbers[-1].digits), timeout=10_000)


def pen(canvas, kind, position: QPointF, device=None) -> bool:
    """Send one tablet event of the pen's tip (or its eraser end) at ``position``; whether it was accepted
    (a tablet event not accepted comes again as a mouse event)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    if device is None:
        capabilities = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
        device = QPointingDevice(
            "test pen", 7, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen, capabilities, 1, 2
        )
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    event = QTabletEvent(
        kind, device, position, canvas.mapToGlobal(position), 0.6, 0, 0, 0, 0, 0,
        Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons,
    )  # fmt: skip
    event.setAccepted(False)
    QApplication.sendEvent(canvas, event)
    return event.isAccepted()


def pen_tap(canvas, position: QPointF) -> list[bool]:
    from PySide6.QtCore import QEvent

    return [pen(canvas, kind, position) for kind in (QEvent.Type.TabletPress, QEvent.Type.TabletRelease)]


def test_a_pen_tap_in_a_digits_box_on_a_picture_selects_it_as_a_click_does_and_adds_no_dot(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas = number_window.canvas
    box = number_window.number.overlay.box_rect(2)
    assert all(pen_tap(canvas, box.center()))  # accepted: Qt sends no mouse click after it
    assert number_window.number.selected() == 2
    assert number_window.panel.bars.highlighted_digit() == 7
    assert canvas.drawing().image is not None and canvas.drawing().strokes == ()  # no dot read as ink
    assert number_window.number.number().number == "427"


def test_a_pen_drag_in_a_digits_box_on_a_picture_draws_over_it_from_where_it_began(qtbot, number_window, mnist, tmp_path):
    from PySide6.QtCore import QEvent
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas = number_window.canvas
    box = number_window.number.overlay.box_rect(1)
    path = [QPointF(box.left() + 6 + step * (box.width() - 12) / 12, box.center().y()) for step in range(13)]
    pen(canvas, QEvent.Type.TabletPress, path[0])
    for position in path[1:]:
        pen(canvas, QEvent.Type.TabletMove, position)
    pen(canvas, QEvent.Type.TabletRelease, path[-1])
    (stroke,) = canvas.drawing().strokes
    first = canvas.map_from_paper(*stroke.points[0][:2])
    assert abs(first.x() - path[0].x()) <= 1 and abs(first.y() - path[0].y()) <= 1  # from the press on
    assert number_window.number.selected() == 0  # a drag selects nothing


def test_a_pen_tap_on_a_digits_label_selects_it_and_a_tap_elsewhere_in_its_box_is_a_dot(number_window):
    write(number_window, [4, 2])
    canvas, overlay = number_window.canvas, number_window.number.overlay
    strokes = len(canvas.strokes())
    assert all(pen_tap(canvas, overlay.label_rect(1).center()))
    assert number_window.number.selected() == 1 and len(canvas.strokes()) == strokes
    box = overlay.box_rect(0)
    pen_tap(canvas, QPointF(box.center().x(), box.bottom() - 8))  # on a drawing, as with the mouse: a dot is ink
    assert len(canvas.strokes()) == strokes + 1 and len(canvas.strokes()[-1]) == 1


def test_copy_number_copies_the_number_read_in_a_picture(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "2026", gap=8), tmp_path / "2026.png")
    assert read_number(qtbot, number_window) == "2026"
    number_window.number.copy_number.trigger()
    assert QGuiApplication.clipboard().text() == "2026"


def test_erasing_a_digit_of_a_picture_reads_the_number_without_it(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    x0, y0, x1, y1 = number_window.number.number().digits[1].box  # the 2, in the picture's pixels
    canvas = number_window.canvas
    image = canvas.drawing().image
    scale = 280 / image.picture.width()  # the picture spans the paper's width: 280 units
    top = (280 - image.picture.height() * scale) / 2
    centre = ((x0 + x1) / 2 * scale, top + (y0 + y1) / 2 * scale)
    canvas.erase([centre], radius=(y1 - y0) * scale)
    qtbot.waitUntil(lambda: number_window.number.number().number == "47", timeout=10_000)
    assert number_window.number.overlay.box_count() == 2
    canvas.undo()
    qtbot.waitUntil(lambda: number_window.number.number().number == "427", timeout=10_000)


def test_a_doubtful_digit_of_a_picture_is_marked_on_its_box_and_in_the_headline(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    from mnist_draw.number import NumberDigit, NumberReading
    from mnist_draw.reading import Reading
    from mnist_draw.ui.side_panel import DOUBT_COLOUR

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    read = number_window.number.number().digits
    unsure = Reading(probabilities=tuple({2: 0.5, 7: 0.41}.get(d, 0.01125) for d in range(10)))
    doubtful = NumberReading(digits=[read[0], NumberDigit(unsure, read[1].box), read[2]])
    number_window.recognizer.number_changed.emit(doubtful)  # as a less certain model would read it
    assert number_window.panel.readout.headline.text() == "Not sure: 4?7"
    assert number_window.panel.readout.detail.text() == "Digit 2: 2 or 7?"
    overlay = number_window.number.overlay
    picture = overlay.grab().toImage()
    edge = overlay.box_rect(1)
    assert picture.pixelColor(int(edge.center().x()), int(edge.bottom())).name() == QColor(DOUBT_COLOUR).name()


def test_a_new_picture_never_shows_the_last_drawings_boxes(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    write(number_window, [4, 2])
    assert number_window.number.overlay.box_count() == 2
    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    overlay = number_window.number.overlay
    assert not overlay.isVisible() or overlay.on_picture()
    assert read_number(qtbot, number_window) == "427"


# --- single-digit mode: the digit read, and number mode offered -------------------------


def test_the_digit_read_among_several_in_a_picture_is_boxed(qtbot, window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, window, number_picture(mnist, "18", gap=120), tmp_path / "18.png")
    overlay = window.number.overlay
    qtbot.waitUntil(overlay.isVisible, timeout=5_000)
    assert overlay.box_count() == 1 and overlay.on_picture()
    assert window.number.number() is None
    assert window.recognizer.last_reading().digit in (1, 8)
    # The box is around one of the two digits, not both.
    picture = window.canvas.drawing().image.picture
    shown_width = window.canvas.map_from_picture(picture.width(), 0).x() - window.canvas.map_from_picture(0, 0).x()
    assert overlay.box_rect(0).width() < 0.45 * shown_width


def test_a_stroke_drawn_to_the_boxed_digit_of_a_picture_joins_it_and_a_stroke_far_away_is_left_out(qtbot, window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, window, number_picture(mnist, "18", gap=120), tmp_path / "18.png")
    overlay = window.number.overlay
    qtbot.waitUntil(overlay.isVisible, timeout=5_000)
    before = overlay.box_rect(0)
    image = window.canvas.drawing().image
    scale = 280 / image.picture.width()
    top = (280 - image.picture.height() * scale) / 2
    x0, _, x1, y1 = window.number._placed.box  # the digit read, in the picture's pixels
    middle, below = (x0 + x1) / 2 * scale, y1 * scale + top + 4
    window.canvas.add_stroke([(middle - 25, below), (middle + 25, below)])  # a line just under it
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    grown = overlay.box_rect(0)
    assert overlay.box_count() == 1 and grown.bottom() > before.bottom() + 5  # the box follows what is read
    assert abs(grown.left() - before.left()) < 2 and abs(grown.top() - before.top()) < 2
    window.canvas.undo()
    window.canvas.add_stroke([(20.0, 150.0), (60.0, 150.0)])  # at the far edge: a mark beside the digit
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert overlay.box_count() == 1 and overlay.box_rect(0) == before


def test_a_picture_of_one_digit_gets_no_box(qtbot, window, mnist, tmp_path):
    from ui_helpers import mnist_digit, on_paper, open_picture

    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 3)]), tmp_path / "3.png")
    assert window.recognizer.last_reading().digit == 3
    assert not window.number.overlay.isVisible()


def test_a_picture_of_several_digits_offers_number_mode_and_the_offer_reads_the_number(qtbot, window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, window, number_picture(mnist, "427"), tmp_path / "427.png")
    qtbot.waitUntil(lambda: "several digits" in window.banner.text(), timeout=5_000)
    assert "427.png" in window.banner.text()
    assert window.banner.offer_text() == "Read as a number"
    qtbot.mouseClick(window.banner.offer_button, Qt.MouseButton.LeftButton)
    assert window.number.mode.isChecked() and not window.banner.isVisible()
    assert read_number(qtbot, window) == "427"


def test_in_number_mode_a_picture_of_several_digits_offers_nothing(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    assert "several digits" not in number_window.banner.text()


def test_turning_number_mode_on_by_the_menu_dismisses_the_offer(qtbot, window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, window, number_picture(mnist, "427"), tmp_path / "427.png")
    qtbot.waitUntil(lambda: window.banner.offer_text() != "", timeout=5_000)
    window.number.mode.trigger()
    assert not window.banner.isVisible()
    assert read_number(qtbot, window) == "427"


def test_a_picture_of_several_digits_read_as_not_a_digit_says_so_in_the_banners_words(qtbot, window, mnist, tmp_path):
    from ui_helpers import ONE, open_picture

    open_picture(qtbot, window, number_picture(mnist, "427"), tmp_path / "427.png")  # tight: one group, not a digit
    qtbot.waitUntil(lambda: "several digits" in window.banner.text(), timeout=5_000)
    readout = window.panel.readout
    assert readout.headline.text() == "Not a digit"
    assert readout.detail.text() == "Several digits: Number mode (Ctrl+M) reads them as a number."
    assert "letter" not in readout.accessibleDescription()
    window.canvas.add_stroke(ONE)  # drawn over the picture: what holds of the picture alone is not known...
    assert "Several digits" not in readout.detail.text()
    window.canvas.undo()  # ...and undo brings back the picture as opened, not the offer
    assert not window.banner.isVisible() and readout.headline.text() == "Not a digit"
    # Still several digits: "a letter, a mark or a scribble" would be untrue of the 427 shown.
    assert readout.detail.text() == "Several digits: Number mode (Ctrl+M) reads them as a number."


def test_digits_drawn_apart_read_as_not_a_digit_are_called_several_digits_not_a_scribble(qtbot, window):
    for i, digit in enumerate((4, 2, 1, 7)):
        for stroke in place(digit, 10.0 + i * 66.0, scale=0.6):
            window.canvas.add_stroke(stroke)
    reading = window.recognizer.last_reading()
    assert not reading.is_digit  # one digit's reading of four: the model turns it away
    readout = window.panel.readout
    assert readout.headline.text() == "Not a digit"
    assert readout.detail.text() == "Several digits: Number mode (Ctrl+M) reads them as a number."
    assert "scribble" not in readout.accessibleDescription()
    window.canvas.clear()
    window.canvas.add_stroke([(140 + r * math.cos(r / 8), 140 + r * math.sin(r / 8)) for r in range(5, 120, 2)])  # a spiral
    assert not window.recognizer.last_reading().is_digit
    assert readout.detail.text() == "It looks like a letter, a mark or a scribble. Draw one digit."


def test_a_pen_drag_from_a_digits_box_on_a_picture_draws_at_the_pictures_one_width_however_light(qtbot, number_window, mnist, tmp_path):
    from PySide6.QtCore import QEvent
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas = number_window.canvas
    box = number_window.number.overlay.box_rect(0)
    path = [QPointF(box.left() + 4, box.top() + 6 + step * (box.height() - 12) / 10) for step in range(11)]
    for kind, position in [(QEvent.Type.TabletPress, path[0])] + [(QEvent.Type.TabletMove, p) for p in path[1:]]:
        pen(canvas, kind, position)  # at pressure 0.6, the press held back then given to the canvas
    pen(canvas, QEvent.Type.TabletRelease, path[-1])
    (stroke,) = canvas.drawing().strokes
    assert {p for _, _, p in stroke.points} == {1.0}  # shown as wide as it is read


def test_the_pens_eraser_end_in_a_digits_box_on_a_picture_erases_there_and_selects_nothing(qtbot, number_window, mnist, tmp_path):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QInputDevice, QPointingDevice
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas = number_window.canvas
    capabilities = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    eraser = QPointingDevice("test pen", 7, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Eraser, capabilities, 1, 2)
    box = number_window.number.overlay.box_rect(2)
    assert pen(canvas, QEvent.Type.TabletPress, box.center(), eraser)
    pen(canvas, QEvent.Type.TabletMove, box.center() + QPointF(6, 0), eraser)
    pen(canvas, QEvent.Type.TabletRelease, box.center() + QPointF(6, 0), eraser)
    assert len(canvas.drawing().erasures) == 1 and canvas.drawing().strokes == ()
    assert number_window.number.selected() == 0



def eraser_end():
    from PySide6.QtGui import QInputDevice, QPointingDevice

    capabilities = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice("test pen", 7, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Eraser, capabilities, 1, 2)


def test_the_pens_eraser_end_on_a_digits_label_erases_from_there_as_the_right_button_does_and_selects_nothing(qtbot, number_window):
    from PySide6.QtCore import QEvent

    write(number_window, [4, 2])
    canvas, overlay = number_window.canvas, number_window.number.overlay
    drawn = canvas.strokes()
    label, box = overlay.label_rect(1), overlay.box_rect(1)
    # A sweep that starts on digit 2's label and goes down through its ink.
    path = [QPointF(label.center().x(), label.center().y() + step * (box.center().y() - label.center().y()) / 12) for step in range(13)]
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=path[0].toPoint())
    for position in path[1:]:
        qtbot.mouseMove(canvas, position.toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=path[-1].toPoint())
    by_mouse = canvas.strokes()
    assert by_mouse != drawn and number_window.number.selected() == 0  # the right button erases from the label on
    canvas.undo()
    assert canvas.strokes() == drawn
    assert pen(canvas, QEvent.Type.TabletPress, path[0], eraser_end())  # accepted: no mouse press after it
    for position in path[1:]:
        pen(canvas, QEvent.Type.TabletMove, position, eraser_end())
    pen(canvas, QEvent.Type.TabletRelease, path[-1], eraser_end())
    assert number_window.number.selected() == 0  # the label was not clicked
    assert len(canvas.strokes()) == len(by_mouse) and canvas.strokes() != drawn  # erased as the right button did


def test_the_pens_eraser_end_tapping_a_digits_label_erases_as_a_right_click_and_its_tip_selects(qtbot, number_window):
    from PySide6.QtCore import QEvent

    write(number_window, [4, 2])
    canvas, overlay = number_window.canvas, number_window.number.overlay
    drawn = canvas.strokes()
    label = overlay.label_rect(1).center()
    qtbot.mouseClick(canvas, Qt.MouseButton.RightButton, pos=label.toPoint())
    by_mouse = canvas.strokes()
    canvas.undo()
    for kind in (QEvent.Type.TabletPress, QEvent.Type.TabletRelease):
        assert pen(canvas, kind, label, eraser_end())
    assert number_window.number.selected() == 0
    assert canvas.strokes() == by_mouse  # whatever ink lay under the eraser there, as the right button
    canvas.undo()
    assert all(pen_tap(canvas, label))  # the pen's tip is the left button: it selects
    assert number_window.number.selected() == 1 and canvas.strokes() == drawn


def test_with_the_eraser_tool_a_click_on_a_digits_label_erases_rather_than_selects(qtbot, number_window):
    write(number_window, [4, 2])
    canvas, overlay = number_window.canvas, number_window.number.overlay
    canvas.set_eraser_mode(True)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=overlay.label_rect(1).center().toPoint())
    assert number_window.number.selected() == 0
    canvas.set_eraser_mode(False)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=overlay.label_rect(1).center().toPoint())
    assert number_window.number.selected() == 1


@pytest.mark.parametrize("top", [0.0, 20.0, 90.0])
def test_a_mark_left_out_at_the_papers_left_edge_has_its_label_inside_the_paper_and_apart_from_its_neighbours(number_window, top):
    canvas = number_window.canvas
    canvas.add_stroke([(0.0, top + 25.0), (14.0, top + 26.0)])  # a dash at the left edge, before the number
    for stroke in place(7, 26.0, top=top, scale=0.7) + place(1, 85.0, top=top, scale=0.7):
        canvas.add_stroke(stroke)
    reading = number_window.number.number()
    assert reading.number == "71" and reading.digits[0].left_out
    overlay, paper = number_window.number.overlay, canvas.paper_rect()
    labels = [overlay.label_rect(index) for index in range(3)]
    assert all(paper.contains(label) for label in labels)
    assert not any(labels[i].intersects(labels[j]) for i in range(3) for j in range(i + 1, 3))
    assert not labels[0].intersects(overlay.box_rect(1))  # nor over the 7 beside it
    assert overlay.shown_label(0) in ("not a digit, left out", "left out")  # shortened only where the whole does not fit
    for index in range(3):
        assert overlay.index_at(QPointF(labels[index].center())) == index  # each still clickable


def test_labels_of_digits_written_close_together_stay_apart_and_inside_the_paper(number_window):
    for i in range(5):
        for stroke in place(1, 10.0 + i * 28.0, scale=0.7):  # labels far wider than the gaps between the ones
            number_window.canvas.add_stroke(stroke)
    overlay, paper = number_window.number.overlay, number_window.canvas.paper_rect()
    count = overlay.box_count()
    assert count == 5
    labels = [overlay.label_rect(index) for index in range(count)]
    assert all(paper.contains(label) for label in labels)
    assert not any(labels[i].intersects(labels[j]) for i in range(count) for j in range(i + 1, count))
    assert [overlay.index_at(QPointF(label.center())) for label in labels] == list(range(count))


def test_a_paint_lays_out_the_labels_once_and_draws_each_where_label_rect_says(number_window, monkeypatch):
    for i in range(5):
        for stroke in place(1, 10.0 + i * 28.0, scale=0.7):
            number_window.canvas.add_stroke(stroke)
    overlay = number_window.number.overlay
    layout = overlay._label_layout
    calls = []
    monkeypatch.setattr(overlay, "_label_layout", lambda: calls.append(1) or layout())
    picture = overlay.grab().toImage()  # a paint of its own
    assert len(calls) == 1  # was twice per label: once for its place, once for its text
    paper = QColor(picture.pixel(2, 2))
    for index in range(overlay.box_count()):
        corner = (overlay.label_rect(index).topLeft() + QPointF(1.5, 1.5)).toPoint()  # its padding: fill, not text
        assert QColor(picture.pixel(corner)) != paper


def test_zoomed_in_a_box_out_of_view_is_not_clicked_beside_the_frame(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    read_number(qtbot, number_window)
    canvas, overlay = number_window.canvas, number_window.number.overlay
    x0, y0, x1, y1 = number_window.number.number().digits[2].box
    canvas.zoom_by(1000.0, canvas.map_from_picture(x0, (y0 + y1) / 2))  # the 7 runs off the frame's right edge
    view = canvas.viewport_rect()
    beside = QPointF(view.right() + 3, view.center().y())  # in the margin round the frame, where nothing shows
    assert overlay.box_rect(2).contains(beside) and not view.contains(beside)
    assert number_window.number.selected() == 0
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=beside.toPoint())
    assert number_window.number.selected() == 0


def test_a_picture_of_several_digits_is_called_so_again_when_undo_goes_back_to_it_from_another(qtbot, window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, window, number_picture(mnist, "427"), tmp_path / "427.png")
    qtbot.waitUntil(lambda: "several digits" in window.banner.text(), timeout=5_000)
    open_picture(qtbot, window, number_picture(mnist, "381"), tmp_path / "381.png")  # several digits too
    qtbot.waitUntil(lambda: "381.png" in window.banner.text(), timeout=5_000)
    window.canvas.undo()  # back to the 427
    assert window.canvas.drawing().image.name == "427.png"
    readout = window.panel.readout
    assert readout.headline.text() == "Not a digit"
    assert readout.detail.text() == "Several digits: Number mode (Ctrl+M) reads them as a number."


def test_a_picture_of_several_digits_opened_in_number_mode_is_called_so_once_number_mode_is_off(qtbot, window, mnist, tmp_path):
    from ui_helpers import open_picture

    window.number.set_number_mode(True)
    open_picture(qtbot, window, number_picture(mnist, "427"), tmp_path / "427.png")
    qtbot.waitUntil(lambda: not window.recognizer.is_reading() and window.number.number() is not None and window.number.number().number == "427", timeout=10_000)
    window.number.set_number_mode(False)
    qtbot.waitUntil(lambda: not window.recognizer.is_reading() and window.workers.is_idle(), timeout=10_000)
    readout = window.panel.readout
    assert readout.headline.text() == "Not a digit"
    assert readout.detail.text() == "Several digits: Number mode (Ctrl+M) reads them as a number."


def test_zoomed_in_left_and_right_still_select_digits_bringing_each_into_view_and_up_and_down_pan(qtbot, number_window, mnist, tmp_path):
    from ui_helpers import open_picture

    open_picture(qtbot, number_window, number_picture(mnist, "427"), tmp_path / "427.png")
    assert read_number(qtbot, number_window) == "427"
    canvas, overlay = number_window.canvas, number_window.number.overlay
    x0, y0, x1, y1 = number_window.number.number().digits[0].box
    canvas.zoom_by(8.0, canvas.map_from_picture((x0 + x1) / 2, (y0 + y1) / 2))  # the 4 fills the view
    view = canvas.viewport_rect()
    assert not view.contains(overlay.box_rect(2))
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert number_window.number.selected() == 2 and view.contains(overlay.box_rect(2).center()), "the 7 selected, and seen"
    seen = canvas.visible_picture_region()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # past the last digit: the view does not lurch on
    assert number_window.number.selected() == 2 and canvas.visible_picture_region() == seen
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.visible_picture_region().top() > seen.top() and number_window.number.selected() == 2
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert number_window.number.selected() == 1


def test_a_photo_of_a_page_of_print_in_number_mode_is_headed_as_print_not_asked_to_write(qtbot, number_window, tmp_path):
    import io

    from PIL import Image
    from ui_helpers import open_picture

    from mnist_draw.number import LINES_OF_TEXT
    from mnist_draw.photo_simulator import generate_patterns

    page = Image.open(io.BytesIO(next(generate_patterns(["print"], 1, seed=5)).data))
    open_picture(qtbot, number_window, page, tmp_path / "print.png")
    qtbot.waitUntil(lambda: number_window.number.number() is not None and number_window.number.number().reason == LINES_OF_TEXT)
    readout = number_window.panel.readout
    # "Write a number" over a picture of print contradicted the reason under it.
    assert readout.headline.text() == "Print, not handwriting"
    assert readout.detail.text() == LINES_OF_TEXT


def test_a_checkerboard_in_number_mode_is_headed_as_no_number_found(qtbot, number_window, tmp_path):
    import numpy as np
    from PIL import Image
    from ui_helpers import open_picture

    from mnist_draw.number import ONLY_A_PATTERN

    squares = np.add.outer(np.arange(600) // 15, np.arange(600) // 15) % 2 == 0
    page = np.full((800, 800), 235, dtype=np.uint8)
    page[100:700, 100:700] = np.where(squares, 30, 235)
    open_picture(qtbot, number_window, Image.fromarray(page), tmp_path / "board.png")
    qtbot.waitUntil(lambda: number_window.number.number() is not None and number_window.number.number().reason == ONLY_A_PATTERN)
    readout = number_window.panel.readout
    assert readout.headline.text() == "No number found"
    assert readout.detail.text() == ONLY_A_PATTERN


def test_a_lone_digit_written_small_read_beside_a_far_speck_offers_no_number_mode(qtbot, window, tmp_path):
    from paper_helpers import DIGITS, page
    from paper_helpers import write as write_on
    from PIL import ImageDraw
    from ui_helpers import open_picture

    # A speck as large as the 7, far across the page: a second digit-sized mark, but the 7 is
    # read alone, so "several digits ... read as a number" would contradict what is read.
    photo = write_on(page((3200, 2400), seed=5), DIGITS[7], (1500, 1100, 45), width=4)
    ImageDraw.Draw(photo).ellipse((2500, 300, 2518, 318), fill=(50, 50, 50))
    open_picture(qtbot, window, photo, tmp_path / "page.jpg")
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit == 7
    image = window.canvas.drawing().image
    assert image.found is not None and image.found.several_digits  # the speck is seen
    assert "several digits" not in window.banner.text()
    assert window.panel.readout.headline.text() != "Not a digit"


def test_in_number_mode_the_empty_paper_invites_a_number_not_a_digit(qtbot, window):
    """"Draw a digit here" on the paper beside "Write a number" in the panel said two things."""
    digit_mode = window.canvas.grab().toImage()
    window.number.set_number_mode(True)
    assert window.panel.readout.headline.text() == "Write a number"
    assert window.canvas.grab().toImage() != digit_mode, "other words on the paper"
    window.number.set_number_mode(False)
    assert window.canvas.grab().toImage() == digit_mode
