"""The two networks of the classic MNIST tutorials, trained by the tutorials' own recipes.

A learner who followed a tutorial has one of these networks; bundling them lets
the app show, on the learner's own drawing, what this app's preprocessing,
augmentation and pen-drawn training digits change. So they are trained as the
tutorials train them, not as well as they could be: MNIST's 60,000 training
digits as they are (no augmentation, no pendigits), Adam at its default rate,
batches of 32, and the tutorials' epochs.

- ``tutorial-mlp``: the Keras/TensorFlow beginners' dense network,
  784-128-64-10 with dropout, 10 epochs (about 97.8% on MNIST test).
- ``tutorial-cnn``: the TensorFlow convolutional tutorial's network, three 3x3
  convolutions of 32, 64 and 64 filters with two 2x2 max-poolings between them
  and a 64-unit dense layer, 5 epochs (about 99%).

Training layer (TensorFlow): :func:`mnist_draw.training.run.train` hands a request
whose recipe is one of :data:`~mnist_draw.training_plan.TUTORIAL_RECIPES` here
(``mnist-draw train --recipe tutorial-mlp|tutorial-cnn``); the tutorials'
epochs are :data:`~mnist_draw.training_plan.TUTORIAL_EPOCHS`.
"""

from __future__ import annotations

import time
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from .. import data as mnist_data
from ..pendigits import PenDigits, load_pendigits
from ..training_plan import TUTORIAL_RECIPES, TrainingRequest
from . import TrainingError
from .finish import TrainResult, card_for, finish
from .network import SIDE
from .progress import JsonProgress, download_progress, keras_verbosity

TUTORIAL_BATCH_SIZE = 32  # Keras's default, which the tutorials keep
DROPOUT = 0.2


def build_tutorial_mlp() -> keras.Model:
    """784-128-64-10 with dropout, as the beginners' tutorial writes it (softmax last,
    so the exported model gives probabilities like the app's)."""
    return keras.Sequential(
        [
            keras.Input(shape=(SIDE, SIDE, 1), name="digit"),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(DROPOUT),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dropout(DROPOUT),
            keras.layers.Dense(10, activation="softmax", name="probabilities"),
        ],
        name="tutorial-mlp",
    )


def build_tutorial_cnn() -> keras.Model:
    """Conv 32 - pool - conv 64 - pool - conv 64 - dense 64 - 10, 'valid' padding as in the tutorial."""
    return keras.Sequential(
        [
            keras.Input(shape=(SIDE, SIDE, 1), name="digit"),
            keras.layers.Conv2D(32, 3, activation="relu"),  # 26x26
            keras.layers.MaxPooling2D(2),  # 13x13
            keras.layers.Conv2D(64, 3, activation="relu"),  # 11x11
            keras.layers.MaxPooling2D(2),  # 5x5
            keras.layers.Conv2D(64, 3, activation="relu"),  # 3x3
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax", name="probabilities"),
        ],
        name="tutorial-cnn",
    )


BUILDERS: dict[str, Callable[[], keras.Model]] = {"tutorial-mlp": build_tutorial_mlp, "tutorial-cnn": build_tutorial_cnn}
assert set(BUILDERS) == set(TUTORIAL_RECIPES)


def train_tutorial(request: TrainingRequest, say: Callable[[str], None], pendigits: PenDigits | None = None) -> TrainResult:
    """Train ``request.recipe``'s network on MNIST as the tutorial does, then
    export, measure and write it like any other model (no calibration: the
    tutorials have none, and the comparison shows their networks as they are).
    ``pendigits``: as :func:`~mnist_draw.training.run.train` takes it; only its
    test part is used, to measure."""
    recipe = request.effective_recipe
    if request.is_fine_tune or request.samples is not None:
        raise TrainingError(
            f"The {recipe} recipe trains the tutorial's network from scratch on MNIST only; "
            "it cannot fine-tune a model or learn your samples. Leave out --fine-tune and --samples."
        )
    started = time.monotonic()
    tf.config.experimental.enable_op_determinism()
    mnist = mnist_data.load_mnist(request.data, allow_download=True, progress=download_progress(request, say))
    if pendigits is None:
        pendigits = load_pendigits(request.pendigits, mnist.folder)
    split = mnist.train.head(request.limit)
    images = split.images.astype(np.float32)[..., None] / 255.0
    labels = split.labels.astype(np.int32)
    epochs = request.effective_epochs
    say(f"Training the {recipe} network on {len(labels)} MNIST digits, as the tutorial does.")

    keras.utils.set_random_seed(request.seed)
    model = BUILDERS[recipe]()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    steps = -(-len(labels) // TUTORIAL_BATCH_SIZE)
    callbacks = [JsonProgress(epochs, steps)] if request.progress == "json" else []
    model.fit(
        images,
        labels,
        batch_size=TUTORIAL_BATCH_SIZE,
        epochs=epochs,
        shuffle=True,
        callbacks=callbacks,
        verbose=keras_verbosity(request.progress),  # no carriage-return bar into a pipe or a file
    )
    return finish(model, card_for(model, request, {"mnist_train": len(labels)}, started), request, None, mnist.test, pendigits.test, None)
