"""The inside view's reader, on the real bundled model and the real tutorial CNN."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from mnist_draw.classifier import ModelError
from mnist_draw.inside import NO_ACTIVATIONS, Inside
from mnist_draw.model_card import ModelCard
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.resources import bundled_model_dir
from mnist_draw.tutorial_networks import tutorial_dir


def inside_of(folder) -> Inside | None:
    return Inside.for_model(folder, ModelCard.read(folder))


ONE = strokes_to_input([[(140.0, 50.0), (140.0, 230.0)]]).pixels


def test_the_bundled_model_lists_its_convolutions_in_order_with_their_shapes():
    layers = inside_of(bundled_model_dir()).layers(ONE)
    convolutions = [layer for layer in layers if layer.kind == "conv"]
    assert [layer.shape for layer in convolutions] == [(28, 28, 32), (14, 14, 32), (14, 14, 64), (14, 14, 64), (7, 7, 64), (5, 5, 128)]
    assert convolutions[0].name == "convolution 1: 32 feature maps 28x28 (network 1 of 3)"
    assert all(layer.is_maps and np.all(layer.values >= 0) for layer in convolutions)  # after ReLU
    assert layers[-1].kind == "output" and "average of its 3 networks" in layers[-1].name


def test_the_first_networks_output_reads_the_digit_as_the_whole_model_does(classifier):
    output = Inside.for_model(bundled_model_dir() / "model.tflite", ModelCard.read(bundled_model_dir())).layers(ONE)[-1].values
    # Ten digits and "not a digit": the network's own output, before calibration.
    assert output.shape == (classifier.outputs,) and abs(float(output.sum()) - 1) < 1e-4
    assert int(output.argmax()) == int(classifier.predict(ONE).argmax()) == 1


def test_the_tutorial_cnn_shows_its_poolings_and_dense_layer():
    layers = inside_of(tutorial_dir() / "cnn").layers(ONE)
    assert [(layer.kind, layer.shape) for layer in layers] == [
        ("conv", (26, 26, 32)),
        ("pool", (13, 13, 32)),
        ("conv", (11, 11, 64)),
        ("pool", (5, 5, 64)),
        ("conv", (3, 3, 64)),
        ("dense", (64,)),
        ("output", (10,)),
    ]
    assert [layer.name for layer in layers][1::4] == ["pooling 1: 32 feature maps 13x13", "dense layer 1: 64 units"]
    assert layers[-1].name == "output: 10 probabilities"


def test_a_model_without_activations_has_no_inside_view(tmp_path):
    shutil.copy(bundled_model_dir() / "model.tflite", tmp_path / "model.tflite")
    assert Inside.for_model(tmp_path, None) is None  # no card
    assert Inside.for_model(tmp_path, ModelCard()) is None  # a card that names none
    assert Inside.for_model(tmp_path, ModelCard(activations_file="activations.tflite")) is None  # named, missing
    assert "no activations.tflite" in NO_ACTIVATIONS


def test_a_card_cannot_point_the_inside_view_outside_the_models_folder(tmp_path):
    (tmp_path / "model").mkdir()
    shutil.copy(bundled_model_dir() / "activations.tflite", tmp_path / "activations.tflite")
    assert Inside.for_model(tmp_path / "model", ModelCard(activations_file="../activations.tflite")) is None


def test_a_damaged_activations_file_is_refused_in_plain_words(tmp_path):
    (tmp_path / "activations.tflite").write_bytes((bundled_model_dir() / "activations.tflite").read_bytes()[:5000])
    with pytest.raises(ModelError) as refused:
        Inside.for_model(tmp_path, ModelCard(activations_file="activations.tflite"))
    assert str(refused.value) == "activations.tflite is not a readable activations model: it is damaged or cut short."


def test_an_activations_file_that_is_not_an_ordinary_file_is_refused_unread(tmp_path):
    os.mkfifo(tmp_path / "activations.tflite")  # opening it by name would wait for a writer forever
    with pytest.raises(ModelError, match="not an ordinary file"):
        Inside(tmp_path / "activations.tflite")


def test_a_plain_model_is_not_taken_for_an_activations_model(tmp_path):
    shutil.copy(bundled_model_dir() / "model.tflite", tmp_path / "activations.tflite")
    with pytest.raises(ModelError):
        Inside.for_model(tmp_path, ModelCard(activations_file="activations.tflite"))


def test_an_eleven_output_model_names_its_last_unit_not_a_digit():
    from mnist_draw.inside import output_labels

    assert output_labels(10) == [str(d) for d in range(10)]
    assert output_labels(11)[-1] == "not a digit" and output_labels(11)[:10] == output_labels(10)
