"""Train the digit CNN: the model, its augmentation, the fit, and the export.

This is the one module that imports TensorFlow. It runs in its own process
(``mnist-draw train``), so the window never pays TensorFlow's start-up time or
memory. Its inputs go through :mod:`mnist_draw.preprocess`, the path the app uses.

The recipe, in short: MNIST's training digits plus the pendigits training set
rendered through the stroke path (real pen-drawn digits in the styles MNIST
lacks: 1 with a flag and a foot, 7 with a crossbar), the writing styles both
under-represent (slashed zeros, continental 1s, crossed 7s, g-shaped 9s, looped
2s, open and closed 4s, strong slants: :mod:`writing_styles`), and generated
non-digits (letters, symbols, scribbles, shapes: :mod:`non_digits`) as an
eleventh class. Each batch is freshly distorted (rotation, scale, aspect, shear,
shift, thinner and thicker strokes); two small all-convolutional networks with
batch normalisation are trained from different seeds with Adam and a cosine
schedule, and their probabilities averaged. Digits held out of training (2,000
from MNIST-train, three pendigits-train writers) and held-out generated
non-digits then fit the calibration and the "not a digit" threshold
(:mod:`calibration`).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from .. import calibration, model_files, non_digits, preprocess, writing_styles
from .. import data as mnist_data
from ..evaluation import measure_drawings, measure_images
from ..model_card import ModelCard
from ..reading import DIGITS
from ..strokes_file import load_labelled
from ..training_plan import (
    RECIPES,
    DoneEvent,
    DownloadEvent,
    EpochEvent,
    LogEvent,
    ProgressEvent,
    StepEvent,
    TrainingRequest,
    to_json,
    user_sample_repeat,
)
from . import TrainingError

ARCHITECTURE = RECIPES[0]
BATCH_SIZE = 128
SIDE = preprocess.SIDE
CLASSES = DIGITS + 1  # the ten digits, then "not a digit"
# Pen-drawn digits are the style we most need and the rarest: shown as drawn, once
# more retraced by a slightly different hand, and again in the styles of
# writing_styles (slashed, crossed, slanted).
NON_DIGITS = 11_000  # generated non-digits in training: about an eighth of the data
# Held out of training, to fit the calibration and the "not a digit" threshold.
HOLDOUT_MNIST = 2_000
HOLDOUT_PEN_WRITERS = 3
HOLDOUT_NON_DIGITS = 3_000

# Augmentation ranges, applied to every training digit, fresh each epoch.
MAX_ROTATION_DEGREES = 12.0
MAX_SCALE_CHANGE = 0.12  # each axis independently, so the aspect ratio varies too
MAX_SHEAR = 0.2
MAX_SHIFT_PIXELS = 2.0
THICKNESS_RANGE = (-0.7, 1.0)  # negative thins the strokes, positive thickens them


@dataclass
class UserSamples:
    """The user's own samples: the part to train on and the part kept aside to measure."""

    images: np.ndarray
    labels: np.ndarray
    holdout_images: np.ndarray
    holdout_labels: np.ndarray
    repeat: int  # how many times an epoch shows each sample

    @classmethod
    def load(cls, folder: Path, limit: int | None) -> UserSamples:
        from ..samples import SampleStore

        store = SampleStore(folder)
        images, labels = store.training_arrays(held_out=False)
        holdout_images, holdout_labels = store.training_arrays(held_out=True)
        return cls(images, labels, holdout_images, holdout_labels, user_sample_repeat(len(labels), limit))


# --- the network ---------------------------------------------------------------


def build_model(total_steps: int = 10_000) -> keras.Model:
    """A compact CNN: about 9 million multiply-adds, so one reading costs a fraction of a millisecond."""
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
    x = keras.layers.Dropout(0.1)(x)
    x = conv(x, 64, strides=2)  # 7x7
    x = conv(x, 128, padding="valid")  # 5x5
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(0.4)(x)
    outputs = keras.layers.Dense(CLASSES, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name=ARCHITECTURE)


# --- augmentation ----------------------------------------------------------------


def augment(images: tf.Tensor, seed: tf.Tensor) -> tf.Tensor:
    """Distort a batch (n, SIDE, SIDE, 1) the ways people's writing differs from MNIST.

    One affine map per digit (rotation, scale per axis, shear, shift) about the
    image centre, then a random thinning or thickening of the strokes.
    Stateless random numbers keyed by ``seed`` keep a run reproducible.
    """
    n = tf.shape(images)[0]
    seeds = tf.random.experimental.stateless_split(seed, 6)

    def uniform(i: int, low: float, high: float) -> tf.Tensor:
        return tf.random.stateless_uniform([n], seeds[i], low, high)

    angle = uniform(0, -1.0, 1.0) * (MAX_ROTATION_DEGREES * math.pi / 180)
    scale_x = 1.0 + uniform(1, -MAX_SCALE_CHANGE, MAX_SCALE_CHANGE)
    scale_y = 1.0 + uniform(2, -MAX_SCALE_CHANGE, MAX_SCALE_CHANGE)
    shear = uniform(3, -MAX_SHEAR, MAX_SHEAR)
    shifts = tf.random.stateless_uniform([n, 2], seeds[4], -MAX_SHIFT_PIXELS, MAX_SHIFT_PIXELS)
    # The transform maps output pixels to input pixels, so build the inverse:
    # undo the shift, then the rotation, shear and scale, about the centre.
    cos, sin = tf.cos(angle), tf.sin(angle)
    a = cos / scale_x
    b = (sin + shear * cos) / scale_x
    c = -sin / scale_y
    d = (cos - shear * sin) / scale_y
    centre = (SIDE - 1) / 2
    ox = centre - shifts[:, 0]
    oy = centre - shifts[:, 1]
    tx = centre - a * ox - b * oy
    ty = centre - c * ox - d * oy
    zeros = tf.zeros_like(a)
    transforms = tf.stack([a, b, tx, c, d, ty, zeros, zeros], axis=1)
    warped = tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=tf.constant([SIDE, SIDE]),
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
    )
    amount = tf.reshape(uniform(5, *THICKNESS_RANGE), [-1, 1, 1, 1])
    thick = tf.nn.max_pool2d(warped, 3, 1, "SAME")
    thin = -tf.nn.max_pool2d(-warped, 3, 1, "SAME")
    target = tf.where(amount > 0, thick, thin)
    return warped + tf.abs(amount) * (target - warped)


# --- data --------------------------------------------------------------------------


def render_drawings(drawings) -> tuple[np.ndarray, np.ndarray]:
    """Labelled drawings through the app's own stroke path, to uint8 SIDE x SIDE images."""
    images, labels = [], []
    for drawing in drawings:
        prepared = preprocess.strokes_to_input(drawing.strokes)
        if prepared.pixels is not None:
            images.append(np.round(prepared.pixels * 255).astype(np.uint8))
            labels.append(drawing.label)
    return np.stack(images) if images else np.zeros((0, SIDE, SIDE), np.uint8), np.array(labels, np.uint8)


# --- progress ----------------------------------------------------------------------


class JsonProgress(keras.callbacks.Callback):
    """One JSON object a line on stdout, for the retrain dialog to read.

    With several networks trained one after another, epochs are numbered across
    all of them, so the dialog sees one run of ``members * epochs`` epochs.
    """

    def __init__(self, epochs: int, steps: int, member: int = 0, members: int = 1, every: int = 10) -> None:
        super().__init__()
        self.steps, self.every = steps, every
        self.offset = member * epochs
        self.total = members * epochs
        self.epoch = 0

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        self.epoch = self.offset + epoch

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        if batch % self.every == 0 or batch == self.steps - 1:
            emit(
                StepEvent(
                    self.epoch + 1, self.total, batch + 1, self.steps, _number(logs, "loss"), _number(logs, "accuracy")
                )
            )

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        emit(EpochEvent(self.offset + epoch + 1, self.total, _number(logs, "loss"), _number(logs, "accuracy")))


def emit(event: ProgressEvent) -> None:
    print(to_json(event), flush=True)


def _number(logs, key: str) -> float | None:
    value = (logs or {}).get(key)
    return None if value is None else round(float(value), 5)


# --- the run -------------------------------------------------------------------------


@dataclass
class TrainResult:
    card: ModelCard
    files: dict[str, str]

    def done_event(self) -> DoneEvent:
        return DoneEvent(self.card, self.files)


def train(request: TrainingRequest, say: Callable[[str], None] | None = None) -> TrainResult:
    """Train, export and write the model files (``.keras``, ``.tflite``, card) into ``request.output``.

    ``say`` hears what a person would want to know; by default it is printed, as
    a log event when the request asks for JSON progress.
    """
    if say is None:
        say = (lambda text: emit(LogEvent(text))) if request.progress == "json" else print
    if request.is_tutorial:  # a classic tutorial's network, trained the tutorial's way
        from .tutorial_recipes import train_tutorial

        return train_tutorial(request, say)
    started = time.monotonic()
    tf.config.experimental.enable_op_determinism()
    mnist = mnist_data.load_mnist(request.data, allow_download=True, progress=_download_progress(request, say))
    mnist_folder = mnist.source if Path(mnist.source).is_dir() else str(Path(mnist.source).parent)
    samples = UserSamples.load(request.samples, request.effective_limit) if request.samples else None
    base = _load_base(request.fine_tune) if request.fine_tune is not None else None
    # A model from before "not a digit" (ten outputs) is fine-tuned as it is.
    classes = CLASSES if base is None else int(base.output_shape[-1])
    images, labels, data_used, holdout = _training_data(request, samples, mnist, mnist_folder, classes)
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


def _download_progress(request: TrainingRequest, say: Callable[[str], None]) -> Callable[[int, int], None]:
    """Report an MNIST download: JSON events for the dialog, a line now and then for a person."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 0
        if percent == last[0]:
            return
        last[0] = percent
        if request.progress == "json":
            emit(DownloadEvent(done, total))
        elif percent % 10 == 0:
            say(f"Downloading MNIST: {percent}%")

    return report


def finish(
    model: keras.Model,
    card: ModelCard,
    request: TrainingRequest,
    samples: UserSamples | None,
    mnist: mnist_data.Mnist,
    mnist_folder: str,
    holdout: Holdout | None,
) -> TrainResult:
    """Export and write the model files (with ``activations.tflite`` for the
    window's "Look inside" view), calibrate the exported ``.tflite`` (the file the
    app will use) on the held-out data (none: left as trained), then measure it as
    the app reads and record the figures on the card."""
    from .activations_export import to_activations_tflite
    from ..classifier import Classifier

    try:
        activations = to_activations_tflite(model)
    except ValueError:
        activations = None  # a network of a shape the inside view cannot show still reads digits
    files = model_files.write_model(request.output, model.save, to_tflite(model), card, activations)
    if holdout is not None:
        calibrate(card, Classifier(files["tflite"]), holdout)
    classifier = Classifier(files["tflite"], card.temperature, card.not_digit_threshold)
    pen_test = mnist_data.find_pendigits(request.pendigits, mnist_folder, "test")
    measure(card, classifier, mnist.test, pen_test)
    if samples is not None and len(samples.holdout_labels):
        card.user_holdout_accuracy = round(measure_images(classifier, samples.holdout_images, samples.holdout_labels).accuracy, 5)
        card.data["user_holdout"] = len(samples.holdout_labels)
    card.write(request.output)
    return TrainResult(card, files)


@dataclass
class Holdout:
    """Training-side data kept out of the fit, to calibrate the finished model."""

    images: np.ndarray  # uint8 (n, SIDE, SIDE): digits, then generated non-digits
    labels: np.ndarray  # 0-9, or NOT_DIGIT


def calibrate(card: ModelCard, classifier, holdout: Holdout) -> None:
    """Fit the temperature and the "not a digit" threshold on held-out
    training-side data (never a test set), and record them on ``card``."""
    outputs = classifier.raw_batch(holdout.images)
    is_digit = holdout.labels < non_digits.NOT_DIGIT
    rejects = outputs.shape[1] > DIGITS
    fit_on = slice(None) if rejects else is_digit
    card.temperature = calibration.fit_temperature(outputs[fit_on], holdout.labels[fit_on])
    figures = {"digits": int(is_digit.sum()), "non_digits": int((~is_digit).sum())}
    if rejects:
        _, not_digit = calibration.split(outputs, card.temperature)
        card.not_digit_threshold = calibration.not_digit_threshold(not_digit[is_digit])
        figures["digits_rejected"] = round(float((not_digit[is_digit] >= card.not_digit_threshold).mean()), 5)
        if (~is_digit).any():
            figures["non_digits_rejected"] = round(float((not_digit[~is_digit] >= card.not_digit_threshold).mean()), 5)
    card.extra["calibration_holdout"] = figures


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


def _training_data(
    request: TrainingRequest, samples: UserSamples | None, mnist: mnist_data.Mnist, mnist_folder: str, classes: int
) -> tuple[np.ndarray, np.ndarray, dict[str, int], Holdout]:
    """Everything the network learns from, and what is held out to calibrate it.

    A short run (a limit on MNIST digits, as when fine-tuning) keeps the
    generated sets and the held-out ones small, in proportion.
    """
    rng = np.random.default_rng(request.seed)
    limit = request.effective_limit
    scale = 1.0 if limit is None else min(1.0, limit / len(mnist.train))
    keep_out = np.zeros(len(mnist.train), dtype=bool)
    keep_out[rng.choice(len(mnist.train), max(500, round(HOLDOUT_MNIST * scale)), replace=False)] = True
    train_split = mnist_data.Split(mnist.train.images[~keep_out], mnist.train.labels[~keep_out]).head(limit)
    parts = [(train_split.images, train_split.labels)]
    data_used = {"mnist_train": len(train_split)}
    held = [(mnist.train.images[keep_out], mnist.train.labels[keep_out])]
    parts.append(writing_styles.mnist_styles(train_split.images, train_split.labels, request.seed, max(10, round(1200 * scale))))
    data_used["mnist_styles"] = len(parts[-1][1])

    kept: list = []
    pen_train = mnist_data.find_pendigits(request.pendigits, mnist_folder, "train")
    if pen_train is not None:
        drawings = load_labelled(pen_train)
        if limit is not None and limit // 8 < len(drawings):
            # Spread over every writer, not the first few: a short run (a fine-tune)
            # that saw only a handful of hands would forget the others'.
            chosen = np.sort(rng.choice(len(drawings), max(1, limit // 8), replace=False))
            drawings = [drawings[i] for i in chosen]
        # Whole writers are held out, so calibration sees hands it was not trained on.
        writers = sorted({d.writer for d in drawings if d.writer})
        held_writers = set(rng.choice(writers, HOLDOUT_PEN_WRITERS, replace=False)) if limit is None and len(writers) > 10 else set()
        kept = [d for d in drawings if d.writer not in held_writers]
        pen_images, pen_labels = render_drawings(kept)
        parts.append((pen_images, pen_labels))
        data_used["pendigits_train"] = len(pen_labels)
        parts.append(writing_styles.retraced(kept, request.seed))
        data_used["pendigits_retraced"] = len(parts[-1][1])
        if held_writers:
            held.append(render_drawings([d for d in drawings if d.writer in held_writers]))
    parts.append(writing_styles.pen_styles(kept, request.seed, scale))
    data_used["pen_styles"] = len(parts[-1][1])

    if classes > DIGITS:
        strokes = [[np.asarray(s, float)[:, :2] for s in d.strokes if len(s)] for d in kept[:2000]]
        made = non_digits.non_digit_images(max(20, round(NON_DIGITS * scale)), request.seed, strokes)
        parts.append((made, np.full(len(made), non_digits.NOT_DIGIT, np.uint8)))
        data_used["non_digits"] = len(made)
        held_made = non_digits.non_digit_images(max(300, round(HOLDOUT_NON_DIGITS * scale)), request.seed + 10_000, strokes)
        held.append((held_made, np.full(len(held_made), non_digits.NOT_DIGIT, np.uint8)))

    if samples is not None and len(samples.labels):
        parts += [(samples.images, samples.labels)] * samples.repeat
        data_used["user_samples"] = len(samples.labels)
    images = np.concatenate([p[0] for p in parts]).astype(np.float32)[..., None] / 255.0
    labels = np.concatenate([p[1] for p in parts]).astype(np.int32)
    holdout = Holdout(np.concatenate([p[0] for p in held]).astype(np.uint8), np.concatenate([p[1] for p in held]).astype(np.int64))
    return images, labels, data_used, holdout


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
    dataset = _training_dataset(images, labels, seed)
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
        verbose=_keras_verbosity(request.progress),
    )
    return model


def _keras_verbosity(progress: str) -> int:
    """Keras's live bar (colours, carriage returns) on a terminal; one plain line
    an epoch when the output goes to a file or a pipe; nothing for JSON."""
    if progress != "bar":
        return 0
    return 1 if sys.stdout.isatty() else 2


def measure(card: ModelCard, classifier, mnist_test: mnist_data.Split, pendigits_test: Path | None) -> None:
    """Record on ``card`` how well ``classifier`` reads the test sets, measured as
    ``mnist-draw evaluate`` and ``bench`` measure them: a digit called "not a
    digit" counts wrong."""
    mnist = measure_images(classifier, mnist_test.images, mnist_test.labels)
    card.mnist_test_accuracy = round(mnist.accuracy, 5)
    figures = {"mnist_test": mnist}
    if pendigits_test is not None:
        figures["pendigits_test"] = measure_drawings(classifier, load_labelled(pendigits_test))
        card.pendigits_test_accuracy = round(figures["pendigits_test"].accuracy, 5)
    for name, report in figures.items():
        card.extra[f"{name}_rejected"] = report.rejected
        card.extra[f"{name}_calibration_error"] = round(report.calibration_error, 5)


def _training_dataset(images: np.ndarray, labels: np.ndarray, seed: int) -> tf.data.Dataset:
    count = len(labels)
    base = tf.data.Dataset.from_tensor_slices((images, labels))
    base = base.shuffle(count, seed=seed, reshuffle_each_iteration=True).repeat()
    batches = base.batch(BATCH_SIZE).enumerate()

    def distort(index, batch):
        batch_images, batch_labels = batch
        key = tf.stack([tf.cast(seed, tf.int64), index])
        return augment(batch_images, key), batch_labels

    return batches.map(distort, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).prefetch(4)


def to_tflite(model: keras.Model) -> bytes:
    """The model as a TFLite flatbuffer with a dynamic batch size, for LiteRT.

    Going through a SavedModel freezes the weights into the flatbuffer as
    constants, which LiteRT's XNNPACK delegate runs fastest.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="mnist-draw-export-") as folder:
        model.export(
            folder,
            format="tf_saved_model",
            verbose=False,
            input_signature=[tf.TensorSpec([None, SIDE, SIDE, 1], tf.float32, name="digit")],
        )
        return tf.lite.TFLiteConverter.from_saved_model(folder).convert()
