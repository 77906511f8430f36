"""Train the digit CNN: ``mnist-draw train``, from a request to a model folder.

It runs in its own process, so the window never pays TensorFlow's start-up
time or memory. Its inputs go through :mod:`mnist_draw.preprocess`, the path
the app uses.

The recipe, in short: MNIST's training digits plus the pendigits training set
rendered through the stroke path (real pen-drawn digits in the styles MNIST
lacks: 1 with a flag and a foot, 7 with a crossbar), the writing styles both
under-represent (slashed zeros, continental 1s, crossed 7s, g-shaped 9s, looped
2s, open and closed 4s, strong slants: :mod:`writing_styles`), and generated
non-digits (letters, symbols, scribbles, shapes: :mod:`non_digits`) as an
eleventh class (:mod:`.training_set`). Each batch is freshly distorted
(rotation, scale, aspect, shear, shift, thinner and thicker strokes:
:mod:`.augmentation`); three small all-convolutional networks with batch
normalisation (:mod:`.network`) are trained from different seeds with Adam and
a cosine schedule, and their probabilities averaged. Digits held out of
training (2,000 from MNIST-train, three pendigits-train writers) and held-out
generated non-digits then fit the calibration and the "not a digit" threshold
(:mod:`.finish`, :mod:`calibration`).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import platform
import sys
import time
from pathlib import Path
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from .. import data as mnist_data
from .. import preprocess
from ..model_card import ModelCard
from ..reading import DIGITS
from ..training_plan import LogEvent, TrainingRequest
from . import TrainingError, training_set
from .augmentation import distorted_batches
from .finish import TrainResult, finish
from .network import CLASSES, SIDE, average, build_model
from .progress import JsonProgress, download_progress, emit, keras_verbosity
from .training_set import UserSamples
from .tutorial_recipes import train_tutorial

BATCH_SIZE = 128


def train(request: TrainingRequest, say: Callable[[str], None] | None = None) -> TrainResult:
    """Train, export and write the model files (``.keras``, ``.tflite``, card) into ``request.output``.

    ``say`` hears what a person would want to know; by default it is printed, as
    a log event when the request asks for JSON progress.
    """
    if say is None:
        say = (lambda text: emit(LogEvent(text))) if request.progress == "json" else print
    if request.is_tutorial:  # a classic tutorial's network, trained the tutorial's way
        return train_tutorial(request, say)
    started = time.monotonic()
    tf.config.experimental.enable_op_determinism()
    mnist = mnist_data.load_mnist(request.data, allow_download=True, progress=download_progress(request, say))
    mnist_folder = mnist.source if Path(mnist.source).is_dir() else str(Path(mnist.source).parent)
    samples = UserSamples.load(request.samples, request.effective_limit) if request.samples else None
    base = _load_base(request.fine_tune) if request.fine_tune is not None else None
    # A model from before "not a digit" (ten outputs) is fine-tuned as it is.
    classes = CLASSES if base is None else int(base.output_shape[-1])
    images, labels, data_used, holdout = training_set.assemble(request, samples, mnist, mnist_folder, classes)
    say(f"Training on {len(labels)} drawings ({', '.join(f'{k}: {v}' for k, v in data_used.items())}).")

    if base is not None:
        model = _fit(base, images, labels, request, request.seed, member=0, members=1)
    else:
        members = request.effective_members
        trained = []
        for member in range(members):
            say(f"Training network {member + 1} of {members}.")
            trained.append(_fit(None, images, labels, request, request.seed + member, member, members))
        model = average(trained)
    train_seconds = time.monotonic() - started

    card = ModelCard(
        architecture=model.name,
        parameters=int(model.count_params()),
        input_shape=[SIDE, SIDE, 1],
        outputs=classes,
        preprocessing_version=preprocess.PREPROCESSING_VERSION,
        trained=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        epochs=request.effective_epochs,
        members=None if request.is_fine_tune else request.effective_members,
        seed=request.seed,
        recipe=request.effective_recipe,
        data=data_used,
        fine_tuned_from=str(request.fine_tune) if request.fine_tune else None,
        training_seconds=round(train_seconds, 1),
        machine=f"{platform.machine()}, {os.cpu_count()} cores",
        versions={"tensorflow": tf.__version__, "keras": keras.__version__, "python": sys.version.split()[0]},
    )
    return finish(model, card, request, samples, mnist, mnist_folder, holdout)


def _load_base(path: Path) -> keras.Model:
    try:
        # safe_mode stays on: a .keras file may carry Lambda layers, and loading must never run code.
        base = keras.saving.load_model(path, safe_mode=True)
    except (OSError, ValueError, TypeError, KeyError) as error:
        # Keras's own text ("File not found" for a file that is not a zip) would mislead.
        raise TrainingError(f"The model to fine-tune, {path}, cannot be loaded: it is damaged or not a Keras model.") from error
    # issue 11: a model of the wrong shape fails deep inside fit with a raw traceback
    if tuple(base.input_shape[1:]) != (28, 28, 1) or base.output_shape[-1] not in (DIGITS, CLASSES):
        raise TrainingError(f"The model to fine-tune, {path}, is not a digit model: it does not read 28x28 pictures into ten digits.")
    return base


def _fit(
    model: keras.Model | None,
    images: np.ndarray,
    labels: np.ndarray,
    request: TrainingRequest,
    seed: int,
    member: int,
    members: int,
) -> keras.Model:
    """Train one network (a new one when ``model`` is None) with its own seed."""
    keras.utils.set_random_seed(seed)
    steps = max(1, math.ceil(len(labels) / BATCH_SIZE))
    dataset = distorted_batches(images, labels, seed, BATCH_SIZE)
    epochs = request.effective_epochs
    total_steps = steps * epochs
    if model is None:
        model = build_model(total_steps)
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=request.learning_rate / 10,
        decay_steps=max(1, total_steps - total_steps // 20),
        warmup_target=request.learning_rate,
        warmup_steps=total_steps // 20,
        alpha=0.005,
    )
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    callbacks: list[keras.callbacks.Callback] = []
    if request.progress == "json":
        callbacks.append(JsonProgress(epochs, steps, member, members))
    model.fit(
        dataset,
        epochs=epochs,
        steps_per_epoch=steps,
        callbacks=callbacks,
        verbose=keras_verbosity(request.progress),
    )
    return model
