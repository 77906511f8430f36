"""'Compare with the tutorial networks': three readings of one drawing, fed the tutorial's way or the app's."""

from __future__ import annotations

import numpy as np
import pytest
from ui_helpers import SEVEN

from mnist_draw import tutorial_networks
from mnist_draw.ui import compare_view
from mnist_draw.ui.compare_view import APP_WAY, TUTORIAL_WAY, canvas_pixels


def settled(qtbot, window, condition) -> None:
    qtbot.waitUntil(lambda: not window.show_why.is_busy() and condition(), timeout=10_000)


def fed(window, name: str):
    return window.show_why.compare_window.columns[name].fed.image()


def test_the_ways_of_feeding_are_the_cores():
    assert (TUTORIAL_WAY, APP_WAY) == (tutorial_networks.TUTORIAL_WAY, tutorial_networks.APP_WAY)
    assert sorted(name for name, _, _ in compare_view.COLUMNS) == sorted(["app", *tutorial_networks.FOLDERS])


def test_three_networks_read_the_drawn_seven_side_by_side(qtbot, window):
    window.show_why.compare_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    view = window.show_why.compare_window
    settled(qtbot, window, lambda: all(c.answer.text() == "7" for c in view.columns.values()))
    assert view.isVisible() and view.way() == TUTORIAL_WAY
    # Fed the tutorial's way, the tutorial networks see the whole canvas, not the app's input.
    assert fed(window, "tutorial-cnn") == fed(window, "tutorial-mlp") != fed(window, "app")
    assert all(column.bars.highlighted_digit() == 7 for column in view.columns.values())


def test_switching_to_the_apps_preparation_feeds_every_network_the_same_input(qtbot, window):
    window.show_why.compare_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    view = window.show_why.compare_window
    settled(qtbot, window, lambda: view.columns["app"].answer.text() == "7")
    view.set_way(APP_WAY)
    settled(qtbot, window, lambda: fed(window, "tutorial-cnn") == fed(window, "app"))
    assert fed(window, "tutorial-mlp") == fed(window, "app")


def test_an_empty_canvas_leaves_every_column_empty(qtbot, window):
    window.show_why.compare_action.setChecked(True)
    view = window.show_why.compare_window
    settled(qtbot, window, lambda: True)
    assert all(column.answer.text() == "–" and column.fed.image() is None for column in view.columns.values())


def test_a_canvas_picture_becomes_grey_levels_row_by_row(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    pixels = canvas_pixels(window.canvas.to_image())
    assert pixels.shape == (280, 280) and pixels.dtype == np.uint8
    assert pixels[60, 140] < 100 < pixels[5, 5]  # dark ink on the light paper


def test_tutorial_networks_that_cannot_be_loaded_are_explained_not_shown_as_nothing_to_read(qtbot, window, tmp_path, monkeypatch):
    import shutil

    from mnist_draw.ui.show_why_control import TUTORIALS_UNAVAILABLE

    damaged = tmp_path / "tutorial"
    shutil.copytree(tutorial_networks.tutorial_dir(), damaged)
    (damaged / "cnn" / "model.tflite").write_bytes(b"\0" * 100)
    monkeypatch.setattr(tutorial_networks, "tutorial_dir", lambda: damaged)
    window.show_why.compare_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    view = window.show_why.compare_window
    settled(qtbot, window, view.note.isVisible)
    assert view.note.text() == TUTORIALS_UNAVAILABLE
    assert not any(column.isVisible() for column in view.columns.values())
    assert window.recognizer.last_reading().digit == 7  # the reading itself goes on


@pytest.mark.parametrize("width", [540, 753, 1200])
def test_the_descriptions_take_the_lines_the_longest_needs_and_no_blank_one_so_the_bars_line_up(qtbot, width):
    from PySide6.QtWidgets import QLabel

    view = compare_view.CompareWindow()
    qtbot.addWidget(view)
    view.resize(width, 700)
    view.show()
    qtbot.wait(50)
    columns = list(view.columns.values())

    def lines_needed(about) -> int:
        probe = QLabel(about.text())  # a label of its own: a label's heightForWidth is never under its minimum height
        probe.setFont(about.font())
        probe.setWordWrap(True)
        return probe.heightForWidth(about.width())

    assert {column.about.height() for column in columns} == {max(lines_needed(column.about) for column in columns)}
    assert len({column.bars.mapTo(view, column.bars.rect().topLeft()).y() for column in columns}) == 1


def test_a_digit_of_a_number_is_given_alone_on_its_paper_filling_its_square_as_a_lone_digit_would():
    import numpy as np

    from mnist_draw.ui.compare_view import DIGIT_SHARE, digit_square

    canvas = np.zeros((280, 280), np.uint8)
    canvas[100:170, 40:60] = 255  # a 1
    canvas[100:170, 75:125] = 255  # its neighbour, close by
    square = digit_square(canvas, (36, 96, 64, 174))  # its box, with the margin a box holds
    assert square.shape == (round(78 / DIGIT_SHARE), round(78 / DIGIT_SHARE))
    assert square.sum() == 255 * 70 * 20  # the 1 alone, whole
    photo = np.full((280, 280), 255, np.uint8)  # the window's white paper round a photo...
    photo[60:220] = 200  # ...of grey paper...
    photo[100:170, 40:60] = 20  # ...with a 1 on it
    square = digit_square(photo, (36, 96, 64, 174))  # the box holds a margin of the photo's paper
    assert square.min() == 20 and (square == 200).sum() == square.size - 70 * 20  # no white frame round it
