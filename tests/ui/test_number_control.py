"""Number mode: the toggle, the number in the readout, a box per digit, selecting a digit, copying."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication

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


def test_a_number_is_never_kept_as_one_digit_sample(window):
    window.number.mode.setChecked(True)
    for stroke in SAMPLE_STROKES[7]:
        window.canvas.add_stroke(stroke)
    assert not window.teach.keep_sample(7)
    assert "number mode" in window.statusBar().currentMessage()
