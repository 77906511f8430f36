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
import json
import math
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter off the terminal

import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

from . import calibration, model_files, non_digits, preprocess, writing_styles  # noqa: E402
from . import data as mnist_data  # noqa: E402
from .strokes_file import load_labelled  # noqa: E402

ARCHITECTURE = "cnn-v2"
CLASSES = 11  # the ten digits, then "not a digit"
DEFAULT_EPOCHS = 18
DEFAULT_MEMBERS = 2  # the bundled model averages two networks
BATCH_SIZE = 128
PEAK_LEARNING_RATE = 2e-3
# Pen-drawn digits are the style we most need and the rarest: shown once as drawn
# and again in the styles of writing_styles (slashed, crossed, slanted).
PENDIGITS_REPEAT = 1
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


class TrainingError(Exception):
    """Training cannot start or go on; the message is for the user."""


@dataclass
class TrainConfig:
    output: Path
    data: str | None = None  # where MNIST is; None: found as data.find_data does
    pendigits: str | None = None  # folder or pendigits-train file; None: found beside MNIST
    epochs: int = DEFAULT_EPOCHS
    limit: int | None = None  # use at most this many MNIST training digits
    seed: int = 1
    progress: str = "bar"  # "bar" for a person, "json" for the retrain dialog, "none"
    extra_images: np.ndarray | None = field(default=None, repr=False)  # user samples
    extra_labels: np.ndarray | None = field(default=None, repr=False)
    holdout_images: np.ndarray | None = field(default=None, repr=False)  # user samples kept for measuring
    holdout_labels: np.ndarray | None = field(default=None, repr=False)
    extra_repeat: int = 1  # how many times an epoch shows each user sample
    members: int = 1  # networks trained from seeds seed, seed+1, ... and averaged
    base_model: Path | None = None  # fine-tune from this .keras instead of starting afresh
    learning_rate: float = PEAK_LEARNING_RATE


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

    inputs = keras.Input(shape=(28, 28, 1), name="digit")
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
    """Distort a batch (n, 28, 28, 1) the ways people's writing differs from MNIST.

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
    centre = 13.5
    ox = centre - shifts[:, 0]
    oy = centre - shifts[:, 1]
    tx = centre - a * ox - b * oy
    ty = centre - c * ox - d * oy
    zeros = tf.zeros_like(a)
    transforms = tf.stack([a, b, tx, c, d, ty, zeros, zeros], axis=1)
    warped = tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=tf.constant([28, 28]),
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
    """Labelled drawings through the app's own stroke path, to uint8 28x28 images."""
    images, labels = [], []
    for drawing in drawings:
        prepared = preprocess.strokes_to_input(drawing.strokes)
        if prepared.pixels is not None:
            images.append(np.round(prepared.pixels * 255).astype(np.uint8))
            labels.append(drawing.label)
    return np.stack(images) if images else np.zeros((0, 28, 28), np.uint8), np.array(labels, np.uint8)


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
                event="step",
                epoch=self.epoch + 1,
                epochs=self.total,
                step=batch + 1,
                steps=self.steps,
                loss=_number(logs, "loss"),
                accuracy=_number(logs, "accuracy"),
            )

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        emit(
            event="epoch",
            epoch=self.offset + epoch + 1,
            epochs=self.total,
            loss=_number(logs, "loss"),
            accuracy=_number(logs, "accuracy"),
        )


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def _number(logs, key: str) -> float | None:
    value = (logs or {}).get(key)
    return None if value is None else round(float(value), 5)


# --- the run -------------------------------------------------------------------------


@dataclass
class TrainResult:
    card: dict
    files: dict[str, str]


@dataclass
class Holdout:
    """Training-side data kept out of the fit, to calibrate the finished model."""

    images: np.ndarray  # uint8 (n, 28, 28): digits, then generated non-digits
    labels: np.ndarray  # 0-9, or NOT_DIGIT


def train(config: TrainConfig, say: Callable[[str], None] = print) -> TrainResult:
    """Train, export and write the model files (``.keras``, ``.tflite``, card) into ``config.output``."""
    started = time.monotonic()
    tf.config.experimental.enable_op_determinism()
    mnist = mnist_data.load_mnist(config.data, allow_download=True, progress=_download_progress(config, say))
    mnist_folder = mnist.source if Path(mnist.source).is_dir() else str(Path(mnist.source).parent)
    base = _load_base(config.base_model) if config.base_model is not None else None
    classes = CLASSES if base is None else int(base.output_shape[-1])
    images, labels, data_used, holdout = _training_data(config, mnist, mnist_folder, classes)
    say(f"Training on {len(labels)} drawings ({', '.join(f'{k}: {v}' for k, v in data_used.items())}).")

    if base is not None:
        model = _fit(base, images, labels, config, config.seed, member=0, members=1)
    else:
        trained = []
        for member in range(config.members):
            say(f"Training network {member + 1} of {config.members}.")
            trained.append(_fit(None, images, labels, config, config.seed + member, member, config.members))
            if config.members > 1:  # kept until the set is written, so a long run cut short is not all lost
                Path(config.output).mkdir(parents=True, exist_ok=True)
                trained[-1].save(Path(config.output) / f"member-{member + 1}.keras")
        model = average(trained)
    train_seconds = time.monotonic() - started

    card = {
        "architecture": model.name,
        "parameters": int(model.count_params()),
        "input_shape": [preprocess.SIDE, preprocess.SIDE, 1],
        "outputs": classes,
        "preprocessing_version": preprocess.PREPROCESSING_VERSION,
        "trained": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "epochs": config.epochs,
        "members": config.members if config.base_model is None else None,
        "seed": config.seed,
        "data": data_used,
        "fine_tuned_from": str(config.base_model) if config.base_model else None,
        "training_seconds": round(train_seconds, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "versions": {"tensorflow": tf.__version__, "keras": keras.__version__, "python": sys.version.split()[0]},
    }
    return finish(model, card, config, mnist, mnist_folder, holdout)


def _load_base(path: Path) -> keras.Model:
    try:
        # safe_mode stays on: a .keras file may carry Lambda layers, and loading must never run code.
        return keras.saving.load_model(path, safe_mode=True)
    except (OSError, ValueError) as error:
        raise TrainingError(f"The model to fine-tune, {path}, cannot be loaded: {error}") from error


def _download_progress(config: TrainConfig, say: Callable[[str], None]) -> Callable[[int, int], None]:
    """Report an MNIST download: JSON events for the dialog, a line now and then for a person."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 0
        if percent == last[0]:
            return
        last[0] = percent
        if config.progress == "json":
            emit(event="download", done=done, total=total)
        elif percent % 10 == 0:
            say(f"Downloading MNIST: {percent}%")

    return report


def finish(
    model: keras.Model,
    card: dict,
    config: TrainConfig,
    mnist: mnist_data.Mnist,
    mnist_folder: str,
    holdout: Holdout,
) -> TrainResult:
    """Export and write the model files, calibrate the exported ``.tflite`` (the
    file the app will use) on the held-out data, then measure it and record the
    figures on the card."""
    files = model_files.write_model(config.output, model.save, to_tflite(model), card)
    from .classifier import Classifier

    classifier = Classifier(files["tflite"])
    card.update(calibrate(classifier, holdout))
    pen_test = mnist_data.find_pendigits(config.pendigits, mnist_folder, "test")
    card.update(measure(classifier, card, mnist.test, pen_test))
    if config.holdout_images is not None and len(config.holdout_images):
        predicted = calibration.decide(classifier.predict_batch(config.holdout_images), card["temperature"], card.get("not_digit_threshold"))
        card["user_holdout_accuracy"] = round(float((predicted == config.holdout_labels).mean()), 5)
        card["data"]["user_holdout"] = len(config.holdout_images)
    model_files.write_card(config.output, card)
    for member_file in Path(config.output).glob("member-*.keras"):
        member_file.unlink(missing_ok=True)
    return TrainResult(card, files)


def calibrate(classifier, holdout: Holdout) -> dict:
    """Fit the temperature and the "not a digit" threshold on held-out training-side data."""
    if not len(holdout.labels):
        return {"temperature": 1.0}
    outputs = classifier.predict_batch(holdout.images)
    is_digit = holdout.labels < non_digits.NOT_DIGIT
    temperature = calibration.fit_temperature(outputs, holdout.labels) if outputs.shape[1] > calibration.DIGITS else (
        calibration.fit_temperature(outputs[is_digit], holdout.labels[is_digit])
    )
    fitted: dict = {"temperature": temperature, "calibration_holdout": {"digits": int(is_digit.sum()), "non_digits": int((~is_digit).sum())}}
    if outputs.shape[1] > calibration.DIGITS:
        _, not_digit = calibration.split(outputs, temperature)
        threshold = calibration.not_digit_threshold(not_digit[is_digit])
        fitted["not_digit_threshold"] = threshold
        if (~is_digit).any():
            fitted["calibration_holdout"]["non_digits_rejected"] = round(float((not_digit[~is_digit] >= threshold).mean()), 5)
        fitted["calibration_holdout"]["digits_rejected"] = round(float((not_digit[is_digit] >= threshold).mean()), 5)
    return fitted


def average(members: list[keras.Model]) -> keras.Model:
    """One model whose probabilities are the mean of its members': networks trained
    from different seeds make different mistakes, so the mean makes fewer."""
    if len(members) == 1:
        return members[0]
    inputs = keras.Input(shape=(preprocess.SIDE, preprocess.SIDE, 1), name="digit")
    # Wrapping gives each member a distinct name, which a model of models requires.
    named = [keras.Model(m.input, m.output, name=f"{ARCHITECTURE}-{i + 1}") for i, m in enumerate(members)]
    outputs = keras.layers.Average(name="probabilities")([m(inputs) for m in named])
    return keras.Model(inputs, outputs, name=f"{len(members)}x-{ARCHITECTURE}")


def _training_data(
    config: TrainConfig, mnist: mnist_data.Mnist, mnist_folder: str, classes: int
) -> tuple[np.ndarray, np.ndarray, dict, Holdout]:
    """Everything the network learns from, and what is held out to calibrate it.

    A short run (``config.limit`` set, as when fine-tuning) keeps the generated
    sets and the held-out ones small, in proportion to the MNIST digits it uses.
    """
    rng = np.random.default_rng(config.seed)
    fine_tuning = config.base_model is not None
    scale = 1.0 if config.limit is None else min(1.0, config.limit / 60_000)
    keep_out = np.zeros(len(mnist.train), dtype=bool)
    keep_out[rng.choice(len(mnist.train), max(500, round(HOLDOUT_MNIST * scale)), replace=False)] = True
    train_split = mnist_data.Split(mnist.train.images[~keep_out], mnist.train.labels[~keep_out]).head(config.limit)
    parts = [(train_split.images, train_split.labels)]
    data_used = {"mnist_train": len(train_split)}
    holdout_parts = [(mnist.train.images[keep_out], mnist.train.labels[keep_out])]

    parts.append(writing_styles.mnist_styles(train_split.images, train_split.labels, config.seed, max(10, round(1200 * scale))))
    data_used["mnist_styles"] = len(parts[-1][1])

    pen_train = mnist_data.find_pendigits(config.pendigits, mnist_folder, "train")
    pen_strokes: list = []
    if pen_train is not None:
        drawings = load_labelled(pen_train)
        if config.limit is not None:
            drawings = drawings[: max(1, config.limit // 8)]
        writers = sorted({d.writer for d in drawings if d.writer})
        held_writers = set(rng.choice(writers, HOLDOUT_PEN_WRITERS, replace=False)) if (
            not fine_tuning and config.limit is None and len(writers) > 2 * HOLDOUT_PEN_WRITERS
        ) else set()
        kept = [d for d in drawings if d.writer not in held_writers]
        held = [d for d in drawings if d.writer in held_writers]
        pen_images, pen_labels = render_drawings(kept)
        parts += [(pen_images, pen_labels)] * PENDIGITS_REPEAT
        data_used["pendigits_train"] = len(pen_labels)
        if held:
            holdout_parts.append(render_drawings(held))
        pen_strokes = [d.strokes for d in kept[:2000]]
    else:
        kept = []
    parts.append(writing_styles.pen_styles(kept, config.seed, scale))
    data_used["pen_styles"] = len(parts[-1][1])

    if classes > non_digits.NOT_DIGIT:
        count = max(20, round(NON_DIGITS * scale))
        strokes = [[np.asarray(s, float)[:, :2] for s in d if len(s)] for d in pen_strokes]
        made = non_digits.non_digit_images(count, config.seed, strokes)
        parts.append((made, np.full(len(made), non_digits.NOT_DIGIT, np.uint8)))
        data_used["non_digits"] = len(made)
        held_made = non_digits.non_digit_images(max(300, round(HOLDOUT_NON_DIGITS * scale)), config.seed + 10_000, strokes)
        holdout_parts.append((held_made, np.full(len(held_made), non_digits.NOT_DIGIT, np.uint8)))

    if config.extra_images is not None and len(config.extra_images):
        parts += [(config.extra_images, config.extra_labels)] * config.extra_repeat
        data_used["user_samples"] = len(config.extra_images)
    images = np.concatenate([p[0] for p in parts]).astype(np.float32)[..., None] / 255.0
    labels = np.concatenate([p[1] for p in parts]).astype(np.int32)
    holdout = Holdout(
        np.concatenate([p[0] for p in holdout_parts]).astype(np.uint8),
        np.concatenate([p[1] for p in holdout_parts]).astype(np.int64),
    )
    return images, labels, data_used, holdout


def _fit(
    model: keras.Model | None,
    images: np.ndarray,
    labels: np.ndarray,
    config: TrainConfig,
    seed: int,
    member: int,
    members: int,
) -> keras.Model:
    """Train one network (a new one when ``model`` is None) with its own seed."""
    keras.utils.set_random_seed(seed)
    steps = max(1, math.ceil(len(labels) / BATCH_SIZE))
    dataset = _training_dataset(images, labels, seed)
    total_steps = steps * config.epochs
    if model is None:
        model = build_model(total_steps)
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=config.learning_rate / 10,
        decay_steps=max(1, total_steps - total_steps // 20),
        warmup_target=config.learning_rate,
        warmup_steps=total_steps // 20,
        alpha=0.005,
    )
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    callbacks: list[keras.callbacks.Callback] = []
    if config.progress == "json":
        callbacks.append(JsonProgress(config.epochs, steps, member, members))
    model.fit(
        dataset,
        epochs=config.epochs,
        steps_per_epoch=steps,
        callbacks=callbacks,
        verbose=1 if config.progress == "bar" else 0,
    )
    return model


def measure(classifier, card: dict, mnist_test: mnist_data.Split, pendigits_test: Path | None) -> dict:
    """Accuracy as the app reads (a digit called "not a digit" counts wrong),
    the share of digits turned away, and the calibration error, on both test sets."""
    sets = {"mnist_test": (mnist_test.images, mnist_test.labels)}
    if pendigits_test is not None:
        sets["pendigits_test"] = render_drawings(load_labelled(pendigits_test))
    scores: dict = {}
    for name, (images, labels) in sets.items():
        outputs = classifier.predict_batch(images)
        read = calibration.decide(outputs, card.get("temperature", 1.0), card.get("not_digit_threshold"))
        digits, _ = calibration.split(outputs, card.get("temperature", 1.0))
        scores[f"{name}_accuracy"] = round(float((read == labels).mean()), 5)
        scores[f"{name}_rejected"] = round(float((read == -1).mean()), 5)
        scores[f"{name}_ece"] = round(calibration.expected_calibration_error(digits, labels), 5)
    return scores


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
            input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32, name="digit")],
        )
        return tf.lite.TFLiteConverter.from_saved_model(folder).convert()


# --- fine-tuning on the user's own samples ------------------------------------------

FINE_TUNE_EPOCHS = 1
FINE_TUNE_LIMIT = 3000  # MNIST digits mixed in so the model does not forget
FINE_TUNE_LEARNING_RATE = 3e-4


def user_sample_repeat(samples: int, limit: int | None) -> int:
    """Show the user's few samples often enough to matter beside thousands of
    MNIST digits: about a tenth of an epoch, at most 30 times each."""
    if samples == 0:
        return 1
    pool = limit or 60_000
    return int(max(1, min(30, round(pool / 10 / samples))))
