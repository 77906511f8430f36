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
a cosine schedule, each ending with plain passes over the digits as they are
(undistorted, a small learning rate; two after the default 18:
:mod:`mnist_draw.training_plan`), and their probabilities averaged.
Digits held out of training (2,000 from MNIST-train, three pendigits-train
writers) and held-out generated non-digits then fit the calibration and the
"not a digit" threshold (:mod:`.finish`, :mod:`calibration`).
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from .. import data as mnist_data
from ..pendigits import PenDigits, load_pendigits
from ..reading import DIGITS
from ..training_plan import PLAIN_LEARNING_RATE, LogEvent, TrainingRequest
from ..wording import plural
from . import TrainingError, training_set
from .augmentation import distorted_batches
from .finish import TrainResult, card_for, finish
from .network import CLASSES, SIDE, average, build_model
from .progress import JsonProgress, download_progress, emit, keras_verbosity
from .training_set import UserSamples
from .tutorial_recipes import train_tutorial

BATCH_SIZE = 128
PLAIN_STRENGTH = 0.0  # the plain passes' distortion (training_plan.PLAIN_LEARNING_RATE: their rate)
PLAIN_SEED_OFFSET = 500  # the plain passes' batches have a stream of their own


def train(
    request: TrainingRequest, say: Callable[[str], None] | None = None, pendigits: PenDigits | None = None
) -> TrainResult:
    """Train, export and write the model files (``.keras``, ``.tflite``, card) into ``request.output``.

    ``say`` hears what a person would want to know; by default it is printed, as
    a log event when the request asks for JSON progress. ``pendigits``: the
    files as the caller read them already (``mnist-draw train`` does, before
    TensorFlow loads); otherwise they are read here, before any training.
    """
    if say is None:
        say = (lambda text: emit(LogEvent(text))) if request.progress == "json" else print
    if request.is_tutorial:  # a classic tutorial's network, trained the tutorial's way
        return train_tutorial(request, say, pendigits)
    started = time.monotonic()
    tf.config.experimental.enable_op_determinism()
    mnist = mnist_data.load_mnist(request.data, allow_download=True, progress=download_progress(request, say))
    if pendigits is None:
        pendigits = load_pendigits(request.pendigits, mnist.folder)
    samples = UserSamples.load(request.samples, request.effective_limit) if request.samples else None
    base = _load_base(request.fine_tune) if request.fine_tune is not None else None
    # A model from before "not a digit" (ten outputs) is fine-tuned as it is.
    classes = CLASSES if base is None else int(base.output_shape[-1])
    images, labels, data_used, holdout = training_set.assemble(request, samples, mnist, pendigits.train, classes)
    say(f"Training on {len(labels)} drawings ({', '.join(f'{k}: {v}' for k, v in data_used.items())}).")

    if base is not None:
        model = _fit(base, images, labels, request, request.seed, member=0, members=1)
    else:
        members = request.effective_members
        trained = []
        for member in range(members):
            say(
                f"Training network {member + 1} of {members}: {plural(request.effective_epochs, 'pass', 'passes')} "
                f"over distorted drawings, then {request.plain_epochs} over the drawings as they are."
            )
            trained.append(_fit(None, images, labels, request, request.seed + member, member, members))
        model = average(trained)
    return finish(model, card_for(model, request, data_used, started), request, samples, mnist.test, pendigits.test, holdout)


def _load_base(path: Path) -> keras.Model:
    try:
        # safe_mode stays on: a .keras file may carry Lambda layers, and loading must never run code.
        base = keras.saving.load_model(path, safe_mode=True)
    except (OSError, ValueError, TypeError, KeyError) as error:
        # Keras's own text ("File not found" for a file that is not a zip) would mislead.
        raise TrainingError(f"The model to fine-tune, {path}, cannot be loaded: it is damaged or not a Keras model.") from error
    # issue 11: a model of the wrong shape fails deep inside fit with a raw traceback
    if tuple(base.input_shape[1:]) != (SIDE, SIDE, 1) or base.output_shape[-1] not in (DIGITS, CLASSES):
        raise TrainingError(
            f"The model to fine-tune, {path}, is not a digit model: it does not read {SIDE}x{SIDE} pictures "
            f"into {DIGITS} digits (or {DIGITS} digits and \"not a digit\")."
        )
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
    """Train one network (a new one when ``model`` is None) with its own seed.

    A new network then takes its plain passes (``request.plain_epochs``): having
    learnt from wildly distorted digits, it settles on the digits as they were
    written, which the last passes of the main schedule cannot do while every
    digit they show is still bent, stretched and thickened.
    """
    keras.utils.set_random_seed(seed)
    steps = max(1, math.ceil(len(labels) / BATCH_SIZE))
    # A finished network is taught as it was finished, on undistorted drawings:
    # distorted ones would undo its plain passes (MNIST test 99.67% -> 99.42%
    # after teaching 12 samples, bench_fine_tune).
    strength = PLAIN_STRENGTH if request.is_fine_tune else 1.0
    batches = distorted_batches(images, labels, seed, BATCH_SIZE, strength)
    epochs = request.effective_epochs
    plain = request.plain_epochs

    def progress(first_epoch: int) -> list[keras.callbacks.Callback]:
        if request.progress != "json":
            return []
        return [JsonProgress(epochs + plain, steps, member, members, first_epoch)]

    total_steps = steps * epochs
    if model is None:
        model = build_model(total_steps)
    else:
        # Loading seeded the taught model's dropout from Python's unseeded random
        # numbers (it happens before this function): key it by the seed instead.
        _reseed_dropout(model, seed)
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=request.learning_rate / 10,
        decay_steps=max(1, total_steps - total_steps // 20),
        warmup_target=request.learning_rate,
        warmup_steps=total_steps // 20,
        alpha=0.005,
    )
    _run(model, schedule, batches, epochs, steps, progress(0), request)
    if plain:
        # A fresh optimiser, its own stream of batches and dropout draws keyed by
        # the seed alone: the plain passes then give the same network whether
        # they follow the main ones in this process or start from a saved copy
        # of it (Keras does not save where dropout's random stream had got to).
        keras.utils.set_random_seed(seed + PLAIN_SEED_OFFSET)
        _reseed_dropout(model, seed + PLAIN_SEED_OFFSET)
        schedule = keras.optimizers.schedules.CosineDecay(PLAIN_LEARNING_RATE, steps * plain, alpha=0.0)
        batches = distorted_batches(images, labels, seed + PLAIN_SEED_OFFSET, BATCH_SIZE, PLAIN_STRENGTH)
        _run(model, schedule, batches, plain, steps, progress(epochs), request)
    return model


def _reseed_dropout(model: keras.Model, seed: int) -> None:
    """Start every dropout layer's random stream at ``seed`` plus the layer's place
    in ``model``, networks nested in it (an averaged model's members) included."""
    for index, layer in enumerate(_all_layers(model)):
        if getattr(layer, "seed_generator", None) is not None:
            layer.seed_generator.state.assign([seed + index, 0])


def _all_layers(model: keras.Model) -> list[keras.layers.Layer]:
    # Depth first, so a network without nested ones keeps the places of model.layers.
    found = []
    for layer in model.layers:
        found.append(layer)
        if isinstance(layer, keras.Model):
            found.extend(_all_layers(layer))
    return found


def _run(model, schedule, batches, epochs: int, steps: int, callbacks: list, request: TrainingRequest) -> None:
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(batches, epochs=epochs, steps_per_epoch=steps, callbacks=callbacks, verbose=keras_verbosity(request.progress))
