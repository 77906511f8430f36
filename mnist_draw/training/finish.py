"""From a trained Keras model to the model folder the app reads.

Export (``model.tflite``, and ``activations.tflite`` for "Look inside"),
calibrate the exported file (the one the app will use) on held-out
training-side data, measure it on the test sets as the app reads, recording
every figure on the model card, and then write the files as a set, the
complete card last.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import keras
import tensorflow as tf

from .. import calibration, model_files, preprocess
from .. import data as mnist_data
from ..evaluation import measure_drawings, measure_images
from ..model_card import ModelCard, architecture_parts
from ..reading import DIGITS, NOT_A_DIGIT_CLASS
from ..strokes_file import Drawing
from ..training_plan import DoneEvent, TrainingRequest
from .network import SIDE
from .training_set import Holdout, UserSamples

if TYPE_CHECKING:
    from ..classifier import Classifier


@dataclass
class TrainResult:
    card: ModelCard
    files: dict[str, str]

    def done_event(self) -> DoneEvent:
        return DoneEvent(self.card, self.files)


def card_for(model: keras.Model, request: TrainingRequest, data_used: dict[str, int], started: float) -> ModelCard:
    """The card of ``model``, trained for ``request`` on ``data_used`` since
    ``started`` (``time.monotonic()``): what it is, how, on what and where it was
    trained. :func:`finish` adds the calibration and the test figures."""
    plain = not (request.is_fine_tune or request.is_tutorial)  # only a new network of this app's recipe takes plain passes
    return ModelCard(
        architecture=model.name,
        parameters=int(model.count_params()),
        input_shape=[SIDE, SIDE, 1],
        outputs=int(model.output_shape[-1]),
        preprocessing_version=preprocess.PREPROCESSING_VERSION,
        trained=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        epochs=request.effective_epochs,
        plain_epochs=request.plain_epochs if plain else None,
        members=None if request.is_fine_tune else request.effective_members,
        seed=request.seed,
        # A fine-tuned model keeps the recipe it was built by (a tutorial's), not the default one.
        recipe=architecture_parts(model.name)[1] if request.is_fine_tune else request.effective_recipe,
        data=data_used,
        fine_tuned_from=str(request.fine_tune) if request.fine_tune else None,
        training_seconds=round(time.monotonic() - started, 1),
        machine=f"{platform.machine()}, {os.cpu_count()} cores",
        versions={"tensorflow": tf.__version__, "keras": keras.__version__, "python": sys.version.split()[0]},
    )


def finish(
    model: keras.Model,
    card: ModelCard,
    request: TrainingRequest,
    samples: UserSamples | None,
    mnist_test: mnist_data.Split,
    pen_test: list[Drawing] | None,
    holdout: Holdout | None,
) -> TrainResult:
    """Export the model (with ``activations.tflite`` for the window's "Look
    inside" view), calibrate the exported ``.tflite`` (the file the app will use)
    on the held-out data (none: left as trained), measure it as the app reads on
    the test sets, and only then write the files, the complete card last: a run
    that stops on the way leaves no model folder that looks whole but cannot
    turn away what is not a digit."""
    from .activations_export import to_activations_tflite
    from ..classifier import Classifier

    try:
        activations = to_activations_tflite(model)
    except ValueError:
        activations = None  # a network of a shape the inside view cannot show still reads digits
    tflite = to_tflite(model)
    with tempfile.TemporaryDirectory(prefix="mnist-draw-calibrate-") as folder:
        exported = Path(folder) / model_files.TFLITE_NAME
        exported.write_bytes(tflite)
        if holdout is not None:
            calibrate(card, Classifier(exported), holdout, _threshold_of(request.fine_tune))
        classifier = Classifier(exported, card.temperature, card.not_digit_threshold)
        measure(card, classifier, mnist_test, pen_test)
        if samples is not None and len(samples.holdout_labels):
            card.user_holdout_accuracy = round(measure_images(classifier, samples.holdout_images, samples.holdout_labels).accuracy, 5)
            card.data["user_holdout"] = len(samples.holdout_labels)
    files = model_files.write_model(request.output, model.save, tflite, card, activations)
    return TrainResult(card, files)


def calibrate(card: ModelCard, classifier: Classifier, holdout: Holdout, threshold_floor: float | None = None) -> None:
    """Fit the temperature and the "not a digit" threshold on held-out
    training-side data (never a test set), and record them on ``card``.

    ``threshold_floor`` (teaching: the threshold of the model taught) keeps the
    threshold from falling: a fine-tune's held-out digits are a few hundred clean
    MNIST ones, none of the odd pen-drawn digits that set the first threshold, so
    alone they would set it so low that real digits get turned away."""
    outputs = classifier.raw_batch(holdout.images)
    is_digit = holdout.labels < NOT_A_DIGIT_CLASS
    rejects = outputs.shape[1] > DIGITS
    fit_on = slice(None) if rejects else is_digit
    card.temperature = calibration.fit_temperature(outputs[fit_on], holdout.labels[fit_on])
    figures = {"digits": int(is_digit.sum()), "non_digits": int((~is_digit).sum())}
    if rejects:
        _, not_digit = calibration.split(outputs, card.temperature)
        card.not_digit_threshold = max(calibration.not_digit_threshold(not_digit[is_digit]), threshold_floor or 0.0)
        figures["digits_rejected"] = round(float((not_digit[is_digit] >= card.not_digit_threshold).mean()), 5)
        if (~is_digit).any():
            figures["non_digits_rejected"] = round(float((not_digit[~is_digit] >= card.not_digit_threshold).mean()), 5)
    card.extra["calibration_holdout"] = figures


def _threshold_of(fine_tuned: Path | None) -> float | None:
    """The "not a digit" threshold on the card beside the model fine-tuned, if any."""
    if fine_tuned is None:
        return None
    try:
        card = ModelCard.read(Path(fine_tuned).parent)
    except (OSError, ValueError):
        return None  # a model without a readable card: the refit alone decides
    return card.not_digit_threshold if card is not None else None


def measure(
    card: ModelCard, classifier: Classifier, mnist_test: mnist_data.Split, pendigits_test: list[Drawing] | None
) -> None:
    """Record on ``card`` how well ``classifier`` reads the test sets, measured as
    ``mnist-draw evaluate`` and ``bench`` measure them: a digit called "not a
    digit" counts wrong."""
    mnist = measure_images(classifier, mnist_test.images, mnist_test.labels)
    card.mnist_test_accuracy = round(mnist.accuracy, 5)
    figures = {"mnist_test": mnist}
    if pendigits_test is not None:
        figures["pendigits_test"] = measure_drawings(classifier, pendigits_test)
        card.pendigits_test_accuracy = round(figures["pendigits_test"].accuracy, 5)
    for name, report in figures.items():
        card.extra[f"{name}_rejected"] = report.rejected
        card.extra[f"{name}_calibration_error"] = round(report.calibration_error, 5)


def to_tflite(model: keras.Model) -> bytes:
    """The model as a TFLite flatbuffer with a dynamic batch size, for LiteRT.

    Going through a SavedModel freezes the weights into the flatbuffer as
    constants, which LiteRT's XNNPACK delegate runs fastest.
    """
    with tempfile.TemporaryDirectory(prefix="mnist-draw-export-") as folder:
        model.export(
            folder,
            format="tf_saved_model",
            verbose=False,
            input_signature=[tf.TensorSpec([None, SIDE, SIDE, 1], tf.float32, name="digit")],
        )
        return tf.lite.TFLiteConverter.from_saved_model(folder).convert()
