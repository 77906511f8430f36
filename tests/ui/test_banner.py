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
