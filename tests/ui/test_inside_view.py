"""'Look inside': every layer in order, named with its shape, live; a plain note when the model cannot show them."""

from __future__ import annotations

import shutil

import numpy as np
from ui_helpers import ONE, SEVEN

from mnist_draw.inside import NO_ACTIVATIONS, Layer
from mnist_draw.ui.inside_view import NOTHING_DRAWN, layer_pictures


def settled(qtbot, window, condition) -> None:
    qtbot.waitUntil(lambda: not window.show_why.is_busy() and condition(), timeout=10_000)


def test_every_layer_of_the_bundled_model_is_shown_in_order_with_its_name_and_shape(qtbot, window):
    window.show_why.inside_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    view = window.show_why.inside_window
    settled(qtbot, window, lambda: len(view.rows()) > 0)
    assert view.isVisible() and not view.note.isVisible()
    captions = [row.caption.text() for row in view.rows()]
    assert captions[0].startswith("convolution 1: 32 feature maps 28x28") and "shape 28 × 28 × 32" in captions[0]
    assert captions[-1].startswith("output of network 1")
    assert all(row.tiles is not None for row in view.rows()[:-1])
    output = view.rows()[-1].bars
    assert len(output.values()) == 11 and int(np.argmax(output.values())) == 7  # ten digits, then "not a digit"


def test_the_tiles_change_as_the_drawing_changes(qtbot, window):
    window.show_why.inside_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    view = window.show_why.inside_window
    settled(qtbot, window, lambda: len(view.rows()) > 0)
    first = view.rows()[0].tiles.image()
    window.canvas.clear()
    window.canvas.add_stroke(ONE)
    settled(qtbot, window, lambda: view.rows() and int(np.argmax(view.rows()[-1].bars.values())) == 1)
    assert view.rows()[0].tiles.image() != first


def test_nothing_drawn_says_to_draw(qtbot, window):
    window.show_why.inside_action.setChecked(True)
    view = window.show_why.inside_window
    settled(qtbot, window, lambda: view.note.isVisible())
    assert view.note.text() == NOTHING_DRAWN and view.rows() == []


def test_a_model_without_activations_shows_the_plain_note(qtbot, window, tmp_path):
    from mnist_draw.model_store import load_model_folder
    from mnist_draw.resources import bundled_model_dir

    shutil.copy(bundled_model_dir() / "model.tflite", tmp_path / "model.tflite")
    window.recognizer.set_model(load_model_folder(tmp_path, "file"))
    window.show_why.inside_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    view = window.show_why.inside_window
    settled(qtbot, window, lambda: view.note.text() == NO_ACTIVATIONS)
    assert view.note.isVisible() and view.rows() == []


def test_closing_the_window_turns_the_view_off(qtbot, window):
    window.show_why.inside_action.setChecked(True)
    window.show_why.inside_window.close()
    assert not window.show_why.inside_action.isChecked()


def test_an_eleven_output_layer_shows_not_a_digit_as_its_last_bar(qtbot):
    from mnist_draw.ui.inside_view import InsideWindow

    maps = Layer("convolution 1: 4 feature maps 6x6", "conv", np.random.default_rng(0).random((6, 6, 4), np.float32))
    output = Layer("output: 11 probabilities", "output", np.full(11, 1 / 11, np.float32))
    pictures = layer_pictures([maps, output])
    assert pictures[0].tiles is not None and pictures[0].tiles.width() > 4 * 6
    assert pictures[1].labels[-1] == "not a digit" and len(pictures[1].labels) == 11
    view = InsideWindow()
    qtbot.addWidget(view)
    view.show_layers(pictures)
    assert view.rows()[-1].bars.values() == pictures[1].values


def test_a_cleared_canvas_shows_the_note_and_the_next_drawing_reuses_the_layers_rows(qtbot, window):
    # Building the rows costs the pen a frame; a new drawing of the same model only repaints them.
    window.show_why.inside_action.setChecked(True)
    window.canvas.add_stroke(SEVEN)
    view = window.show_why.inside_window
    settled(qtbot, window, lambda: len(view.rows()) > 0)
    built = view.rows()
    window.canvas.clear()
    settled(qtbot, window, lambda: view.note.isVisible())
    assert view.rows() == [] and view.note.text() == NOTHING_DRAWN
    assert not any(row.isVisible() for row in built)
    window.canvas.add_stroke(ONE)
    settled(qtbot, window, lambda: bool(view.rows()) and int(np.argmax(view.rows()[-1].bars.values())) == 1)
    assert view.rows() == built and all(row.isVisible() for row in built) and not view.note.isVisible()
