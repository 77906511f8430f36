"""'Why this digit?': the heat map over the drawing, in two colours with a legend naming both digits."""

from __future__ import annotations

import numpy as np
from ui_helpers import SEVEN

from mnist_draw.explain import Explanation
from mnist_draw.ui.heat_map import PICTURE_NOTE, TOWARDS_RUNNER_UP, TURNED_AWAY_NOTE, TOWARDS_TOP, heat_picture, legend_text


def settled(qtbot, window, condition) -> None:
    qtbot.waitUntil(lambda: not window.show_why.is_busy() and condition(), timeout=10_000)


def test_ink_for_the_top_digit_is_orange_for_the_runner_up_blue_and_empty_paper_clear():
    pixels = np.zeros((28, 28), np.float32)
    pixels[4:24, 8] = 1.0  # one stroke on the left, one on the right
    pixels[4:24, 20] = 1.0
    heat = np.zeros((28, 28), np.float32)
    heat[:, :14], heat[:, 14:] = 2.0, -1.0
    picture = heat_picture(Explanation(heat, 7, 1, 3.0, 20), pixels, None)
    image = picture.image
    assert (image.width(), image.height()) == (28, 28)
    left, right, empty = image.pixelColor(8, 12), image.pixelColor(20, 12), image.pixelColor(2, 12)
    assert (left.red(), left.green(), left.blue()) == (TOWARDS_TOP.red(), TOWARDS_TOP.green(), TOWARDS_TOP.blue())
    assert (right.red(), right.blue()) == (TOWARDS_RUNNER_UP.red(), TOWARDS_RUNNER_UP.blue())
    assert left.alpha() > right.alpha() > 0  # twice the weight, stronger colour
    assert empty.alpha() == 0
    assert legend_text(picture).startswith("Orange: ink that pushed the reading towards 7")


def test_the_heat_map_lies_over_the_drawn_seven_with_its_legend(qtbot, window):
    window.show_why.heat_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    overlay = window.show_why.canvas_overlay
    settled(qtbot, window, lambda: overlay.picture() is not None)
    picture = overlay.picture()
    assert overlay.isVisible() and not window.show_why.preview_overlay.isVisible()
    assert picture.top == 7 and picture.runner_up != 7
    left, top, width, height = picture.field
    assert width == height and left < 80 and left + width > 200  # the field covers the strokes
    assert "towards 7" in overlay.accessibleDescription()
    grab = overlay.grab().toImage()
    corner = grab.pixelColor(5, 5)
    assert corner.alpha() == 0  # the canvas shows through where there is no ink


def test_the_map_follows_the_drawing_and_goes_when_it_is_cleared(qtbot, window):
    from ui_helpers import ONE

    window.show_why.heat_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    overlay = window.show_why.canvas_overlay
    settled(qtbot, window, lambda: overlay.picture() is not None and overlay.picture().top == 7)
    window.canvas.clear()
    window.canvas.add_stroke(ONE)
    settled(qtbot, window, lambda: overlay.picture() is not None and overlay.picture().top == 1)
    window.canvas.clear()
    settled(qtbot, window, lambda: not overlay.isVisible())


def test_on_a_picture_the_map_covers_what_the_model_sees_and_the_legend_says_so(qtbot, window, digit_file):
    window.show_why.heat_action.setChecked(True)
    window.files.open_file(digit_file)
    preview = window.show_why.preview_overlay
    settled(qtbot, window, lambda: preview.picture() is not None)
    assert preview.isVisible() and preview.picture().field is None and preview.picture().top == 1
    assert window.show_why.canvas_overlay.note() == PICTURE_NOTE


def test_on_a_drawing_turned_away_the_legend_says_no_digit_was_chosen_and_names_the_nearest_digit(qtbot, window):
    from ui_helpers import ONE

    window.show_why.heat_action.setChecked(True)
    window.canvas.add_stroke(ONE)
    window.canvas.add_stroke([(140.0, 10.0), (141.0, 11.0)])  # a dot above: an i, which the panel calls not a digit
    overlay = window.show_why.canvas_overlay
    settled(qtbot, window, lambda: overlay.picture() is not None and not overlay.picture().is_digit)
    assert window.panel.readout.headline.text() == "Not a digit"
    assert overlay.note() == TURNED_AWAY_NOTE
    said = overlay.accessibleDescription()
    assert said.startswith("Not a digit: the model turned it away.") and "towards 1, the nearest digit" in said
    assert "pushed the reading" not in said
    window.canvas_control.undo.trigger()  # the dot taken back: a 1 again, and the legend says so plainly
    settled(qtbot, window, lambda: overlay.picture() is not None and overlay.picture().is_digit)
    assert overlay.note() == "" and overlay.accessibleDescription().startswith("Orange: ink that pushed the reading towards 1")


def test_turning_the_view_off_hides_the_map(qtbot, window):
    window.show_why.heat_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    settled(qtbot, window, lambda: window.show_why.canvas_overlay.picture() is not None)
    window.show_why.heat_action.setChecked(False)
    assert not window.show_why.canvas_overlay.isVisible() and window.show_why.canvas_overlay.picture() is None


def test_the_map_scaled_in_the_worker_has_the_pixels_of_a_direct_smooth_paint():
    # The overlay only copies the scaled map; it must look exactly as painting the
    # 28x28 map smoothly into its place would, on whole and fractional screen ratios.
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter

    from mnist_draw.ui.heat_map import scale_map

    pixels = np.zeros((28, 28), np.float32)
    pixels[4:24, 10:14] = 1.0
    heat = np.zeros((28, 28), np.float32)
    heat[4:14, :], heat[14:24, :] = 1.0, -0.5
    image = heat_picture(Explanation(heat, 7, 1, 3.0, 20), pixels, (10.0, 10.0, 260.0, 260.0)).image
    target, clip = QRectF(21.3, 17.8, 403.7, 403.7), QRectF(8, 8, 380, 420)
    for ratio in (1.0, 1.5, 2.0):
        whole = QImage(round(440 * ratio), round(440 * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        whole.setDevicePixelRatio(ratio)
        whole.fill(Qt.GlobalColor.transparent)
        painter = QPainter(whole)
        painter.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        painter.setClipRect(clip)
        painter.drawImage(target, image)
        painter.end()
        scaled = scale_map(image, target, clip, ratio)
        assert scaled.fits(target, clip, ratio)
        left, top = round(scaled.at.x() * ratio), round(scaled.at.y() * ratio)
        assert (left, top) == (scaled.at.x() * ratio, scaled.at.y() * ratio)  # on a whole device pixel
        same = whole.copy(left, top, scaled.image.width(), scaled.image.height())
        assert same.convertToFormat(QImage.Format.Format_ARGB32) == scaled.image.convertToFormat(QImage.Format.Format_ARGB32)


def test_the_map_arrives_scaled_for_the_canvas_and_is_scaled_again_only_when_the_canvas_changes_size(qtbot, window):
    window.resize(900, 640)
    window.show_why.heat_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    overlay = window.show_why.canvas_overlay
    settled(qtbot, window, lambda: overlay.picture() is not None)
    picture = overlay.picture()
    assert picture.scaled is not None and overlay.scaled_map() is picture.scaled  # made in the worker
    window.resize(1100, 820)
    qtbot.waitUntil(lambda: overlay.size() == window.canvas.size())
    remade = overlay.scaled_map()
    assert remade is not picture.scaled and remade.image.width() > picture.scaled.image.width()
    assert overlay.scaled_map() is remade  # made once for the new size, then reused


def test_the_legend_follows_a_new_palette(qtbot, window):
    # The legend is kept between paints (the canvas repaints on every pen move); a theme change must reach it.
    from PySide6.QtGui import QColor, QPalette

    window.show_why.heat_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    overlay = window.show_why.canvas_overlay
    settled(qtbot, window, lambda: overlay.picture() is not None)
    box = overlay._legend_box()
    inside_legend = (round(box.left() + box.width() - 4), round(box.top() + box.height() / 2))
    before = overlay.grab().toImage().pixelColor(*inside_legend)
    palette = QPalette(overlay.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor(0, 200, 0))
    overlay.setPalette(palette)
    after = overlay.grab().toImage().pixelColor(*inside_legend)
    assert after.green() > 150 and after.red() < 60 and after != before


def test_the_legend_is_written_in_the_font_its_box_is_measured_in_presentation_mode_s_larger_one(qtbot, window):
    window.show_why.heat_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    window.view.presentation.setChecked(True)  # the words over the canvas 1.6 times the theme's size
    overlay = window.show_why.canvas_overlay
    settled(qtbot, window, lambda: overlay.picture() is not None)
    box = overlay._legend_box().toRect()
    image = overlay.grab().toImage()
    ink = [
        x
        for x in range(box.left() + 2, box.right() - 1)
        for y in range(box.top() + 2, box.bottom() - 1)
        if max(image.pixelColor(x, y).red(), image.pixelColor(x, y).green(), image.pixelColor(x, y).blue()) < 90
    ]
    # The widest line ("towards 7") ends 6 pixels from the box's right edge; written in a smaller font, it
    # would stop well short, in a box too large for it.
    assert ink and max(ink) >= box.right() - 6 - 4, (max(ink, default=None), box)
