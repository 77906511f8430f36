"""Calibrating a finished model: temperature and the "not a digit" threshold."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_draw.classifier import Classifier
from mnist_draw.model_card import ModelCard
from mnist_draw.resources import bundled_model_dir


def _card() -> ModelCard:
    return ModelCard.read(bundled_model_dir())


@pytest.mark.slow
def test_a_fine_tune_never_lowers_the_threshold_of_the_model_it_taught(mnist):
    from mnist_draw.training.finish import calibrate
    from mnist_draw.training.training_set import Holdout

    # A fine-tune's holdout: a few hundred clean MNIST digits, no odd pen-drawn ones.
    holdout = Holdout(mnist.train.images[:500], mnist.train.labels[:500].astype(np.int64))
    classifier = Classifier(bundled_model_dir() / "model.tflite")
    alone, raised, kept = _card(), _card(), _card()
    calibrate(alone, classifier, holdout)
    calibrate(raised, classifier, holdout, threshold_floor=0.995)
    calibrate(kept, classifier, holdout, threshold_floor=0.5)
    assert 0.5 <= alone.not_digit_threshold < 0.995
    assert raised.not_digit_threshold == 0.995 and kept.not_digit_threshold == alone.not_digit_threshold
    assert raised.temperature == alone.temperature  # the floor moves the threshold only
