"""The message banner: floats over the canvas without moving it, goes on the next
action or by itself after a while, waits while the pointer rests on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import ONE

from mnist_draw.ui import banner as banner_module
from mnist_draw.ui.banner import Level, reading_seconds


def show_error(window, text: str = "notes.png is not an image format that can be read.") -> None:
    window.banner.show_message(text, Level.ERROR, "image")
    assert window.banner.text() == text


def geometry(widget) -> tuple[int, int, int, int]:
    return widget.geometry().getRect()


def test_a_message_never_moves_the_canvas_or_the_panel(qtbot, window):
    canvas, panel = geometry(window.canvas), geometry(window.panel)
    show_error(window, "A long message. " * 20)
    qtbot.wait(10)
    assert (geometry(window.canvas), geometry(window.panel)) == (canvas, panel)
    window.banner.dismiss()
    qtbot.wait(10)
    assert (geometry(window.canvas), geometry(window.panel)) == (canvas, panel)


def test_the_banner_floats_over_the_top_of_the_canvas(qtbot, window):
    show_error(window)
    top_left = window.canvas.mapTo(window.banner.parentWidget(), window.canvas.rect().topLeft())
    rect = window.banner.geometry()
    assert rect.top() >= top_left.y() and rect.left() >= top_left.x()
    assert rect.right() <= top_left.x() + window.canvas.width()
    assert rect.height() < window.canvas.height() // 3


def test_drawing_again_dismisses_the_message(window):
    show_error(window)
    window.canvas.add_stroke(ONE)
    assert window.banner.text() == ""


def test_clearing_dismisses_the_message(window):
    window.canvas.add_stroke(ONE)
    show_error(window)
    window.canvas_control.clear.trigger()
    assert window.banner.text() == ""


def test_opening_a_picture_dismisses_the_message_at_once(window, digit_file):
    show_error(window)
    window.files.open_file(digit_file)
    assert window.banner.text() == ""


def test_the_message_goes_by_itself_after_a_while(qtbot, window, monkeypatch):
    monkeypatch.setattr(banner_module, "BASE_SECONDS", 0.05)
    monkeypatch.setattr(banner_module, "SECONDS_PER_CHARACTER", 0.0)
    show_error(window)
    qtbot.waitUntil(lambda: window.banner.text() == "", timeout=2_000)


def test_a_longer_message_stays_longer_within_a_limit():
    assert reading_seconds("Short.") < reading_seconds("A much longer message. " * 5) <= banner_module.MAX_SECONDS
    assert reading_seconds("x" * 10_000) == banner_module.MAX_SECONDS


def test_the_close_button_dismisses_the_message(qtbot, window):
    show_error(window)
    from PySide6.QtWidgets import QToolButton

    qtbot.mouseClick(window.banner.findChild(QToolButton), Qt.MouseButton.LeftButton)
    assert window.banner.text() == ""


def test_a_message_may_offer_one_thing_to_do_and_pressing_it_does_it(qtbot, window):
    done = []
    window.banner.show_message("There seem to be several digits.", Level.INFO, "image", ("Read as a number", lambda: done.append(1)))
    assert window.banner.offer_text() == "Read as a number" and window.banner.offer_button.isVisible()
    qtbot.mouseClick(window.banner.offer_button, Qt.MouseButton.LeftButton)
    assert done == [1] and not window.banner.isVisible()


def test_a_message_without_an_offer_shows_no_button(window):
    window.banner.show_message("Something happened.", Level.INFO, "image", ("Do it", lambda: None))
    window.banner.show_message("Something else happened.", Level.INFO)
    assert window.banner.offer_text() == "" and not window.banner.offer_button.isVisible()


def test_a_sticky_message_stays_through_drawing_and_time_until_dismissed(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QToolButton

    monkeypatch.setattr(banner_module, "BASE_SECONDS", 0.05)
    monkeypatch.setattr(banner_module, "MAX_SECONDS", 0.05)
    window.banner.show_message("Your model could not be used.", Level.WARNING, "model", None, True)
    window.canvas.add_stroke(ONE)
    window.canvas_control.clear.trigger()
    qtbot.wait(200)
    assert window.banner.text() == "Your model could not be used."
    qtbot.mouseClick(window.banner.findChild(QToolButton), Qt.MouseButton.LeftButton)
    assert window.banner.text() == ""


def test_a_passing_message_over_a_sticky_one_gives_it_back_when_it_goes(window):
    window.banner.show_message("Your model could not be used.", Level.WARNING, "model", None, True)
    show_error(window)
    window.canvas.add_stroke(ONE)  # the passing message is moot
    assert window.banner.text() == "Your model could not be used." and window.banner.level is Level.WARNING
    show_error(window)
    window.banner.dismiss("model")  # a good model loaded: the covered warning is moot too
    window.banner.dismiss()
    assert window.banner.text() == ""


def test_a_message_naming_a_file_that_looks_like_markup_shows_it_as_written(window):
    from PySide6.QtWidgets import QLabel

    text = "<b>big</b>.png is not an image format that can be read."
    show_error(window, text)
    label = next(label for label in window.banner.findChildren(QLabel) if label.text() == text)
    assert label.textFormat() == Qt.TextFormat.PlainText
