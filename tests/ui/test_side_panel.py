"""The side panel: what it says of a picture it found no digit in."""

from __future__ import annotations

import pytest
from PIL import Image
from ui_helpers import open_picture


def test_a_thin_strip_is_said_to_be_too_thin_and_the_way_on_is_another_picture_not_drawing_over_it(qtbot, window, tmp_path):
    """Strokes beside a picture are neither shown nor read: "Draw one over it" could not be done over a strip."""
    from PySide6.QtGui import QKeySequence

    open_picture(qtbot, window, Image.new("RGB", (3000, 3), "white"), tmp_path / "strip.png")
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    readout = window.panel.readout
    assert readout.headline.text() == "No digit in the picture"
    assert readout.detail.text() == (
        "The image is a thin strip, too thin to hold a digit. Open another picture, or clear the canvas (Del or Esc) to draw one."
    )
    # The keys named are Clear's own: a rebound Clear is named by its new key, not by the one it was given first.
    window.canvas_control.clear.setShortcuts([QKeySequence("Ctrl+L")])
    readout.show_reading(window.recognizer.last_reading())
    assert "clear the canvas (Ctrl+L) to draw one" in readout.detail.text()


@pytest.mark.parametrize(
    ("size", "detail"),
    [
        # Its ink is no writing: number mode found none and said "The image is blank" of a black strip.
        ((3, 3000), "The image is a thin strip, too thin to hold a digit. Open another picture, or clear the canvas (Del or Esc) to write one."),
        # It said only "The image is too small to hold a digit.", where digit mode says what to do.
        ((1, 1), "The image is too small to hold a digit. Write a number over it, or open another picture."),
    ],
    ids=["black strip", "one pixel"],
)
def test_in_number_mode_a_picture_with_no_room_for_a_digit_is_said_so_with_what_to_do(qtbot, window, tmp_path, size, detail):
    open_picture(qtbot, window, Image.new("RGB", size, "black"), tmp_path / "small.png")
    window.number.set_number_mode(True)
    readout = window.panel.readout
    qtbot.waitUntil(lambda: readout.headline.text() == "No number in the picture", timeout=10_000)
    assert readout.detail.text() == detail


def test_while_the_model_loads_or_a_number_is_read_the_preview_does_not_say_there_is_nothing_to_read(qtbot):
    """A digit drawn while the model loaded had "Nothing to read" under "Loading the model…"."""
    from mnist_draw.number import NumberReading
    from mnist_draw.reading import Reading
    from mnist_draw.ui.live_recognizer import LOADING_MESSAGE, READING_NUMBER
    from mnist_draw.ui.side_panel import ReadingPanel

    panel = ReadingPanel()
    qtbot.addWidget(panel)
    panel.show_reading(Reading(reason=LOADING_MESSAGE))
    assert panel.preview.waiting()
    panel.show_reading(Reading())  # the empty canvas, read
    assert not panel.preview.waiting() and panel.preview.image() is None
    panel.show_number(NumberReading(reason=READING_NUMBER), 0)
    assert panel.preview.waiting()
    panel.show_number(NumberReading(), 0)  # nothing written
    assert not panel.preview.waiting()


def test_a_panel_given_no_actions_names_no_keys_rather_than_keys_written_out(qtbot):
    from mnist_draw.reading import Reading
    from mnist_draw.ui.live_recognizer import ALL_ERASED
    from mnist_draw.ui.side_panel import ReadingPanel

    panel = ReadingPanel()
    qtbot.addWidget(panel)
    panel.show_reading(Reading(reason=ALL_ERASED))
    assert panel.readout.detail.text() == "All the ink is erased: nothing is left to read. Undo brings it back."


@pytest.mark.parametrize(
    ("name", "picture", "digit_mode", "number_mode"),
    [
        ("blank.png", "blank", "The image is blank: no digit found.", "The image is blank: no number found."),
        ("box.png", "box", "Only an empty box or frame: no digit found in the image.", "Only an empty box or frame: no number found in the image."),
    ],
)
def test_a_picture_with_nothing_to_read_is_worded_alike_in_digit_and_number_mode(qtbot, window, tmp_path, name, picture, digit_mode, number_mode):
    """Number mode said only "Write a number" over a blank picture, and "..., no digits: write a number." of a box."""
    from PIL import ImageDraw

    page = Image.new("L", (400, 220), 235)
    if picture == "box":
        ImageDraw.Draw(page).rectangle((50, 50, 350, 170), outline=30, width=2)
    open_picture(qtbot, window, page, tmp_path / name)
    readout = window.panel.readout
    qtbot.waitUntil(lambda: readout.headline.text() == "No digit in the picture", timeout=10_000)
    assert readout.detail.text() == f"{digit_mode} Draw one over it, or open another picture."
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: readout.headline.text() == "No number in the picture", timeout=10_000)
    assert readout.detail.text() == f"{number_mode} Write a number over it, or open another picture."
