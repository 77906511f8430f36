"""The app's digit network, and the average of several of them."""

from __future__ import annotations

import keras

from .. import preprocess
from ..reading import NOT_A_DIGIT_CLASS
from ..training_plan import RECIPES

ARCHITECTURE = RECIPES[0]
SIDE = preprocess.SIDE
CLASSES = NOT_A_DIGIT_CLASS + 1  # the ten digits, then "not a digit"


def build_model(total_steps: int = 10_000) -> keras.Model:
    """A compact CNN: about 17 million multiply-adds, so one reading costs a fraction of a millisecond.

    Two convolutions at 14x14, not one as until v12: chosen on the held-out
    training-side data (fewer errors on distorted digits, more letters turned
    away: README, "The model"), at no cost in training time on two cores."""
    # Batch normalisation's moving averages must settle within the run: 0.9
    # rather than Keras's 0.99, and faster still for a short run (a test).
    momentum = min(0.9, max(0.5, 1 - 20 / max(total_steps, 1)))

    def conv(x, filters: int, strides: int = 1, padding: str = "same"):
        x = keras.layers.Conv2D(filters, 3, strides=strides, padding=padding, use_bias=False)(x)
        x = keras.layers.BatchNormalization(momentum=momentum)(x)
        return keras.layers.ReLU()(x)

    inputs = keras.Input(shape=(SIDE, SIDE, 1), name="digit")
    x = conv(inputs, 32)
    x = conv(x, 32, strides=2)  # 14x14
    x = conv(x, 64)
    x = conv(x, 64)
    x = keras.layers.Dropout(0.1)(x)
    x = conv(x, 64, strides=2)  # 7x7
    x = conv(x, 128, padding="valid")  # 5x5
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(0.4)(x)
    outputs = keras.layers.Dense(CLASSES, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name=ARCHITECTURE)


def average(members: list[keras.Model]) -> keras.Model:
    """One model whose probabilities are the mean of its members': networks trained
    from different seeds make different mistakes, so the mean makes fewer."""
    if len(members) == 1:
        return members[0]
    inputs = keras.Input(shape=(SIDE, SIDE, 1), name="digit")
    # Wrapping gives each member a distinct name, which a model of models requires.
    named = [keras.Model(m.input, m.output, name=f"{ARCHITECTURE}-{i + 1}") for i, m in enumerate(members)]
    outputs = keras.layers.Average(name="probabilities")([m(inputs) for m in named])
    return keras.Model(inputs, outputs, name=f"{len(members)}x-{ARCHITECTURE}")
