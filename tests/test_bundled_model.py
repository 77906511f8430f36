"""The bundled model, measured on the real test sets through the app's own paths.

These are the figures the project promises (README, "The model"); a change to
preprocessing or a new bundled model that loses them fails here.
"""

from __future__ import annotations

import numpy as np

from mnist_draw import model_files
from mnist_draw.model_card import ModelCard
from mnist_draw.preprocess import PREPROCESSING_VERSION, SIDE, strokes_to_input
from mnist_draw.resources import bundled_model_dir
from mnist_draw.strokes_file import load_labelled


def test_bundled_model_reads_at_least_99_6_percent_of_the_mnist_test_set(classifier, mnist):
    predicted = classifier.predict_batch(mnist.test.images).argmax(axis=1)
    assert float((predicted == mnist.test.labels).mean()) >= 0.996


def test_bundled_model_reads_at_least_98_5_percent_of_pen_drawn_digits(classifier, pendigits_test_file):
    drawings = load_labelled(pendigits_test_file)
    images = np.stack([strokes_to_input(d.strokes).pixels for d in drawings])
    predicted = classifier.predict_batch(images).argmax(axis=1)
    assert float((predicted == np.array([d.label for d in drawings])).mean()) >= 0.985


def test_bundled_model_card_matches_the_code():
    card = ModelCard.read(bundled_model_dir())
    assert card.preprocessing_version == PREPROCESSING_VERSION and card.version_warning() is None
    assert card.input_shape == [SIDE, SIDE, 1]
    assert card.mnist_test_accuracy >= 0.996 and card.pendigits_test_accuracy >= 0.985
    assert (bundled_model_dir() / model_files.KERAS_NAME).is_file()
