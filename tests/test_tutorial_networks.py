"""The tutorials' networks: bundled, fed the tutorial's way and the app's, and retrainable."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from mnist_draw import cli
from mnist_draw.model_card import ModelCard
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.tutorial_networks import (
    APP_WAY,
    BRUSH,
    CANVAS_SIDE,
    FOLDERS,
    TUTORIAL_WAY,
    TutorialNetworks,
    place_on_canvas,
    render_canvas,
    strokes_tutorial_input,
    tutorial_dir,
    tutorial_input,
)

SEVEN = [[(70.0, 60.0), (210.0, 60.0), (120.0, 230.0)]]


@pytest.fixture(scope="module")
def networks() -> TutorialNetworks:
    return TutorialNetworks()


def test_the_tutorial_cnn_reads_a_clear_digit(networks, mnist):
    cnn = networks.classifiers["tutorial-cnn"]
    predicted = cnn.predict_batch(mnist.test.images[:500]).argmax(axis=1)
    assert (predicted == mnist.test.labels[:500]).mean() > 0.97
    assert int(cnn.predict(tutorial_input(render_canvas(SEVEN)).pixels).argmax()) == 7


def test_the_bundled_cards_say_how_each_was_trained():
    for name, folder in FOLDERS.items():
        card = ModelCard.read(tutorial_dir() / folder)
        assert card.architecture == name == card.recipe and card.data == {"mnist_train": 60000}
        assert card.extra["command"].startswith(f"mnist-draw train --recipe {name}")
        assert card.activations_file == "activations.tflite"
    assert ModelCard.read(tutorial_dir() / "mlp").mnist_test_accuracy > 0.97
    assert ModelCard.read(tutorial_dir() / "cnn").mnist_test_accuracy > 0.985


def test_the_tutorial_way_shrinks_the_whole_canvas_without_centring():
    canvas = np.full((CANVAS_SIDE, CANVAS_SIDE, 3), 255, np.uint8)  # light paper
    canvas[20:60, 20:30] = 0  # a dark bar in the top-left corner
    pixels = tutorial_input(canvas).pixels
    assert pixels.shape == (28, 28)
    assert pixels[2:6, 2:3].min() == pytest.approx(1.0)  # inverted, and still in the corner
    assert pixels[10:, :].max() == 0 and pixels[:, 10:].max() == 0
    assert strokes_to_input([[(25.0, 20.0), (25.0, 60.0)]]).pixels[14].max() > 0.5  # the app centres it


def test_a_blank_canvas_has_nothing_to_read():
    assert tutorial_input(np.full((50, 50), 255, np.uint8)).pixels is None


def test_pen_strokes_are_placed_centred_at_mnists_size_and_drawn_with_the_windows_brush():
    placed = np.concatenate(place_on_canvas([[(0.0, 0.0), (0.0, 500.0)], [(0.0, 0.0), (100.0, 0.0)]]))
    assert placed[:, 1].max() - placed[:, 1].min() == pytest.approx(CANVAS_SIDE * 20 / 28)
    assert (placed.min(axis=0) + placed.max(axis=0)) / 2 == pytest.approx([CANVAS_SIDE / 2] * 2)
    picture = render_canvas([[(140.0, 100.0), (140.0, 180.0)]])
    assert (picture[140] > 0).sum() == pytest.approx(BRUSH, abs=1.5)
    assert strokes_tutorial_input([[(5.0, 5.0), (5.0, 90.0)]]).pixels.max() > 0.5
    two = render_canvas([[(60.0, 100.0), (60.0, 180.0)], [(200.0, 100.0), (200.0, 180.0)]], brush=[6.0, 30.0])
    assert (two[140, :140] > 0).sum() == pytest.approx(6, abs=1.5) and (two[140, 140:] > 0).sum() == pytest.approx(30, abs=1.5)


def test_the_window_uses_the_canvas_and_brush_the_tutorial_way_assumes():
    from mnist_draw.ui.canvas import DEFAULT_BRUSH, PAPER_SIDE

    assert (CANVAS_SIDE, BRUSH) == (PAPER_SIDE, DEFAULT_BRUSH)


def test_comparing_gives_three_readings_either_way(networks, classifier):
    canvas = render_canvas(SEVEN)
    app_input = strokes_to_input(SEVEN)
    for way in (TUTORIAL_WAY, APP_WAY):
        readings = networks.compare(classifier, app_input, canvas, way)
        assert [r.name for r in readings] == ["app", "tutorial-mlp", "tutorial-cnn"]
        assert readings[0].digit == 7 and readings[2].digit == 7
        assert all(abs(float(r.probabilities.sum()) - 1) < 1e-4 for r in readings)
        assert readings[0].fed is app_input.pixels
        tutorial_fed = app_input.pixels if way == APP_WAY else tutorial_input(canvas).pixels
        assert all(np.array_equal(r.fed, tutorial_fed) for r in readings[1:])
    with pytest.raises(ValueError):
        networks.compare(classifier, app_input, canvas, "sideways")


def test_the_command_line_offers_each_tutorial_recipe():
    for name in FOLDERS:
        assert cli.build_parser().parse_args(["train", "--output", "x", "--recipe", name]).recipe == name


def test_evaluate_measures_a_tutorial_network(mnist_dir):
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "--model", str(tutorial_dir() / "cnn"), "evaluate", "--data", str(mnist_dir)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "accuracy: 9" in result.stdout


@pytest.mark.slow
def test_the_tutorial_mlp_recipe_trains_from_the_command_line(tmp_path, mnist_dir):
    output = tmp_path / "mlp"
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "train", "--recipe", "tutorial-mlp", "--limit", "2000", "--epochs", "1",
         "--data", str(mnist_dir), "--output", str(output), "--progress", "none"],
        capture_output=True, text=True, timeout=900, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(p.name for p in output.iterdir()) == ["activations.tflite", "model.json", "model.keras", "model.tflite"]
    card = ModelCard.read(output)
    assert card.architecture == "tutorial-mlp" == card.recipe and card.data == {"mnist_train": 2000} and card.epochs == 1
    assert card.activations_file == "activations.tflite" and card.temperature == 1.0
    assert card.mnist_test_accuracy > 0.5
