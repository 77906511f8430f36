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


@pytest.mark.slow
def test_a_model_folder_is_written_only_once_its_card_is_complete(tmp_path, mnist):
    """Review A5: the files were written before calibration, so a run that stopped in the
    final measurement left a folder that looked whole but could not turn non-digits away."""
    from mnist_draw.strokes_file import Drawing
    from mnist_draw.training.finish import finish
    from mnist_draw.training.network import CLASSES, build_model
    from mnist_draw.training.training_set import Holdout
    from mnist_draw.training_plan import TrainingRequest

    model = build_model()  # untrained: finishing does not care how well it reads
    holdout = Holdout(mnist.train.images[:300], mnist.train.labels[:300].astype(np.int64))
    test = mnist.test.head(100)
    output = tmp_path / "model"
    request = TrainingRequest(output)
    unreadable = [Drawing(1, None, 3)]  # no strokes at all: fails in the measurement, the last step
    with pytest.raises(TypeError):
        finish(model, ModelCard(outputs=CLASSES), request, None, test, unreadable, holdout)
    assert not output.exists()

    pen_test = [Drawing(1, [[[0, 0], [0, 40]]], 1)]
    result = finish(model, ModelCard(outputs=CLASSES), request, None, test, pen_test, holdout)
    written = ModelCard.read(output)
    assert written == result.card
    assert written.not_digit_threshold is not None and "calibration_holdout" in written.extra
    assert written.mnist_test_accuracy is not None and written.pendigits_test_accuracy is not None
    assert written.activations_file == "activations.tflite"


@pytest.mark.parametrize("name, recipe", [("3x-cnn-v2", "cnn-v2"), ("tutorial-cnn", "tutorial-cnn"), ("2x-tutorial-mlp", "tutorial-mlp")])
def test_a_fine_tuned_model_keeps_the_recipe_it_was_built_by(tmp_path, name, recipe):
    """A tutorial network taught the user's writing is still the tutorial's design, not this app's."""
    import time

    import keras

    from mnist_draw.training.finish import card_for
    from mnist_draw.training_plan import RECIPES, TrainingRequest

    inputs = keras.Input(shape=(28, 28, 1))
    model = keras.Model(inputs, keras.layers.Dense(11)(keras.layers.Flatten()(inputs)), name=name)
    taught = card_for(model, TrainingRequest(output=tmp_path, fine_tune=tmp_path / "model.keras"), {}, time.monotonic())
    new = card_for(model, TrainingRequest(output=tmp_path), {}, time.monotonic())
    assert taught.recipe == recipe and new.recipe == RECIPES[0]
