"""Exporting a model's activations: any chain of layers, ten or eleven outputs, read back by the core."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_draw.inside import Inside
from mnist_draw.model_card import ModelCard
from mnist_draw.preprocess import strokes_to_input

ONE = strokes_to_input([[(140.0, 50.0), (140.0, 230.0)]]).pixels


@pytest.mark.slow
def test_an_eleven_output_network_shows_its_not_a_digit_unit_last(tmp_path):
    import keras

    from mnist_draw.training.activations_export import to_activations_tflite

    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(4, 3, padding="same"),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(11, activation="softmax"),
        ]
    )
    (tmp_path / "activations.tflite").write_bytes(to_activations_tflite(model))
    layers = Inside.for_model(tmp_path, ModelCard(outputs=11, activations_file="activations.tflite")).layers(ONE)
    assert [(layer.kind, layer.shape) for layer in layers] == [("conv", (28, 28, 4)), ("pool", (14, 14, 4)), ("output", (11,))]
    assert layers[-1].name == "output: 11 probabilities (the ten digits, then not a digit)"
    assert abs(float(layers[-1].values.sum()) - 1) < 1e-4


@pytest.mark.slow
def test_a_branching_network_is_refused():
    import keras

    from mnist_draw.training.activations_export import to_activations_tflite

    inputs = keras.Input(shape=(28, 28, 1))
    left = keras.layers.Conv2D(2, 3, padding="same")(inputs)
    right = keras.layers.Conv2D(2, 3, padding="same")(inputs)
    joined = keras.layers.Concatenate()([left, right])
    outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(joined))
    with pytest.raises(ValueError):
        to_activations_tflite(keras.Model(inputs, outputs))
