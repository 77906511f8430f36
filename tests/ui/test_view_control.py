"""View > Presentation mode (large, high contrast, for a class) and View > Full screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from ui_helpers import SEVEN


def settle(qtbot, window, width: int = 1280, height: int = 800) -> None:
    window.resize(width, height)
    qtbot.wait(30)


def test_presentation_mode_makes_the_reading_larger_and_gives_it_half_the_width(qtbot, window):
    settle(qtbot, window)
    window.canvas.add_stroke(SEVEN)
    normal_scale = window.panel.scale()
    normal_digit = window.panel.readout.big.font().pointSizeF()
    window.view.presentation.trigger()
    qtbot.wait(30)
    assert window.panel.is_presentation()
    assert window.panel.scale() > 1.3 * normal_scale
    assert window.panel.readout.big.font().pointSizeF() > 1.3 * normal_digit
    assert window.panel.width() >= window.canvas.width() - 2
    assert not window.panel.preview.isVisible() and not window.statusBar().isVisible()
    for bar in window.panel.bars.bars:
        assert bar.isVisible() and window.panel.rect().contains(bar.geometry().translated(window.panel.bars.pos()))


def test_presentation_mode_is_black_on_white_and_goes_back_to_the_theme(qtbot, window):
    theme = window.palette().color(QPalette.ColorRole.Window)
    window.view.presentation.trigger()
    palette = window.panel.bars.bars[0].palette()
    assert palette.color(QPalette.ColorRole.WindowText) == QColor("#000000")
    assert palette.color(QPalette.ColorRole.Window) == QColor("#ffffff")
    window.view.presentation.trigger()
    qtbot.wait(10)
    assert not window.panel.is_presentation()
    assert window.palette().color(QPalette.ColorRole.Window) == theme
    assert window.panel.preview.isVisible() and window.statusBar().isVisible()


def test_leaving_presentation_mode_restores_the_same_layout(qtbot, window):
    settle(qtbot, window)
    before = (window.canvas.geometry(), window.panel.geometry(), round(window.panel.scale(), 3))
    window.view.presentation.trigger()
    qtbot.wait(30)
    window.view.presentation.trigger()
    qtbot.wait(30)
    assert (window.canvas.geometry(), window.panel.geometry(), round(window.panel.scale(), 3)) == before


def test_f5_and_f11_switch_presentation_and_full_screen(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.view.presentation.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.view.full_screen.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.view.presentation.isChecked()


def test_the_full_screen_item_follows_the_window_state(qtbot, window):
    window.showFullScreen()
    qtbot.waitUntil(lambda: window.view.full_screen.isChecked())
    window.showNormal()
    qtbot.waitUntil(lambda: not window.view.full_screen.isChecked())


def test_presentation_mode_enlarges_the_words_over_the_canvas_too(qtbot, window):
    settle(qtbot, window)
    window.number.set_number_mode(True)
    for left, digit in ((20.0, [(0.0, 0.0), (0.0, 180.0)]), (120.0, SEVEN)):
        xs = [x for x, _ in digit]
        window.canvas.add_stroke([(left + (x - min(xs)) * 0.5, 60.0 + y * 0.5) for x, y in digit])
    overlay = window.number.overlay
    assert overlay.box_count() == 2
    normal = overlay.label_rect(0).height()
    window.view.presentation.trigger()
    qtbot.wait(30)
    assert overlay.label_rect(0).height() > 1.3 * normal  # the boxes' labels, read from the back of a room
    assert overlay.font().bold()
    window.view.presentation.trigger()
    qtbot.wait(30)
    assert overlay.label_rect(0).height() == normal and not overlay.font().bold()
