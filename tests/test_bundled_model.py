"""The bundled model, measured on the real test sets through the app's own paths.

These are the figures the project promises (README, "The model"); a change to
preprocessing or a new bundled model that loses them fails here. Accuracy is
measured as the app reads: a digit the model calls "not a digit" counts wrong.
"""

from __future__ import annotations

import numpy as np

from mnist_draw import model_files
from mnist_draw.evaluation import measure_drawings, measure_images
from mnist_draw.model_card import ModelCard
from mnist_draw.model_store import load_active_model
from mnist_draw.non_digits import non_digit_images
from mnist_draw.preprocess import PREPROCESSING_VERSION, SIDE
from mnist_draw.resources import bundled_model_dir
from mnist_draw.strokes_file import load_labelled

MAX_CALIBRATION_ERROR = 0.015


def bundled():
    return load_active_model(bundled_model_dir()).classifier


def test_bundled_model_reads_at_least_99_5_percent_of_the_mnist_test_set(mnist):
    report = measure_images(bundled(), mnist.test.images, mnist.test.labels)
    assert report.accuracy >= 0.995 and report.rejected <= 20  # v12: 99.57%, v8 99.62% (the goal, 99.65%, is not met: README)
    assert report.calibration_error <= MAX_CALIBRATION_ERROR


def test_bundled_model_reads_at_least_98_5_percent_of_pen_drawn_digits_and_turns_away_under_1_percent(pendigits_test_file):
    report = measure_drawings(bundled(), load_labelled(pendigits_test_file))
    assert report.accuracy >= 0.985 and report.rejected / report.total <= 0.01
    assert report.calibration_error <= MAX_CALIBRATION_ERROR


def test_bundled_model_turns_away_at_least_90_percent_of_generated_non_digits():
    classifier = bundled()
    _, not_digit = classifier.read_batch(non_digit_images(500, seed=4242))
    assert float(np.mean(classifier.rejects(not_digit))) >= 0.9


def test_bundled_model_card_matches_the_code():
    card = ModelCard.read(bundled_model_dir())
    assert card.preprocessing_version == PREPROCESSING_VERSION and card.version_warning() is None
    assert card.input_shape == [SIDE, SIDE, 1]
    assert card.mnist_test_accuracy >= 0.995 and card.pendigits_test_accuracy >= 0.985
    assert card.plain_epochs == 2  # the recipe's undistorted passes
    assert (bundled_model_dir() / model_files.KERAS_NAME).is_file()
