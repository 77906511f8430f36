"""The LiteRT classifier: loading, bad model files, batches, threads, no TensorFlow."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from mnist_draw.classifier import Classifier, ModelError
from mnist_draw.resources import bundled_model_dir
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.preprocess import strokes_to_input


def test_probabilities_are_ten_and_sum_to_one(classifier):
    probabilities = classifier.predict(strokes_to_input(SAMPLE_STROKES[7]).pixels)
    assert probabilities.shape == (10,)
    assert abs(float(probabilities.sum()) - 1) < 1e-4
    assert int(probabilities.argmax()) == 7


def test_batch_matches_single_predictions(classifier, mnist):
    images = mnist.test.images[:300]
    batch = classifier.predict_batch(images)
    singles = np.stack([classifier.predict(image / 255.0) for image in images[:20]])
    assert batch.shape == (300, 10)
    assert np.allclose(batch[:20], singles, atol=1e-5)


def test_safe_to_call_from_many_threads(classifier, mnist):
    images = mnist.test.images[:200] / 255.0
    expected = [int(classifier.predict(image).argmax()) for image in images]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda image: int(classifier.predict(image).argmax()), images))
    assert got == expected


def test_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        Classifier(tmp_path / "model.tflite")


def test_truncated_model_file_is_a_clear_error(tmp_path):
    path = tmp_path / "model.tflite"
    path.write_bytes((bundled_model_dir() / "model.tflite").read_bytes()[:5000])
    with pytest.raises(ModelError, match="is damaged, cut short, or not a TensorFlow Lite model. Use a model that mnist-draw's training made"):
        Classifier(path)


def test_wrong_file_is_a_clear_error(tmp_path):
    path = tmp_path / "model.tflite"
    path.write_text("hello")
    with pytest.raises(ModelError):
        Classifier(path)


def test_importing_the_classifier_does_not_import_tensorflow():
    code = "import sys, mnist_draw.classifier, mnist_draw.preprocess, mnist_draw.model_store; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False False"
