"""The ten bars: one per digit the model knows."""

from __future__ import annotations

from mnist_draw.ui.probability_bars import DIGITS, ProbabilityBars


def test_there_is_a_bar_for_each_probability_the_bundled_model_gives(qtbot):
    import numpy as np

    from mnist_draw.classifier import Classifier
    from mnist_draw.preprocess import SIDE
    from mnist_draw.resources import bundled_model_dir

    classifier = Classifier(bundled_model_dir() / "model.tflite")
    probabilities = classifier.predict(np.zeros((SIDE, SIDE), dtype=np.float32))
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    assert len(bars.bars) == DIGITS == len(probabilities)


def test_the_bars_are_reached_with_tab_and_taught_with_space(qtbot):
    from PySide6.QtCore import Qt

    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.show()
    chosen = []
    bars.digit_clicked.connect(chosen.append)
    assert all(bar.focusPolicy() & Qt.FocusPolicy.TabFocus for bar in bars.bars)
    bars.bars[3].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(bars.bars[3], Qt.Key.Key_Space)
    qtbot.keyClick(bars.bars[3], Qt.Key.Key_Return)
    assert chosen == [3, 3]


def test_a_focused_bar_shows_a_ring_in_the_highlight_colour(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette

    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.resize(300, 300)
    bars.show()
    bars.activateWindow()
    qtbot.waitUntil(bars.isActiveWindow)
    bar = bars.bars[5]
    highlight = bar.palette().color(QPalette.ColorRole.Highlight)
    before = bar.grab().toImage()
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(bar.hasFocus)
    after = bar.grab().toImage()
    edge = (after.width() // 2, 1)
    assert after.pixelColor(*edge) == highlight != before.pixelColor(*edge)


def test_focus_given_by_a_click_or_the_program_shows_no_ring(qtbot):
    from PySide6.QtCore import Qt

    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.show()
    bars.activateWindow()
    qtbot.waitUntil(bars.isActiveWindow)
    bars.bars[2].setFocus(Qt.FocusReason.OtherFocusReason)
    assert bars.bars[2].hasFocus() and not bars.bars[2].has_visible_focus()
    bars.bars[3].setFocus(Qt.FocusReason.TabFocusReason)
    assert bars.bars[3].has_visible_focus()


def test_a_new_palette_or_font_repaints_the_bars_in_it(qtbot):
    # The bars keep their colours and text widths between paints; a theme or text size change must reach them.
    from PySide6.QtGui import QColor, QPalette

    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.resize(300, 300)
    bars.show()
    bars.show_probabilities([0.0] * 9 + [1.0])
    bar = bars.bars[9]
    bar.grab()  # painted once in the old palette
    palette = QPalette(bars.palette())
    palette.setColor(QPalette.ColorRole.Highlight, QColor(0, 160, 0))
    bars.setPalette(palette)
    image = bar.grab().toImage()
    middle = image.pixelColor(image.width() // 2, image.height() // 2)
    assert (middle.red(), middle.green(), middle.blue()) == (0, 160, 0)
    wide = bar._track_width()
    bars.set_scale(2.0)
    assert bar._track_width() < wide  # the label and the percent grow with the font, the track gives way
