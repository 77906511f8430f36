"""A real, small training run through the command line, as the retrain dialog starts it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from mnist_draw.classifier import Classifier
from mnist_draw.model_card import ModelCard
from mnist_draw.resources import bundled_model_dir
from mnist_draw.training_plan import DoneEvent, StepEvent, parse_event


@pytest.mark.slow
def test_train_writes_a_loadable_model_and_reports_progress_as_json(tmp_path, mnist_dir):
    output = tmp_path / "model"
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "train", "--data", str(mnist_dir), "--output", str(output),
         "--epochs", "1", "--limit", "600", "--members", "2", "--progress", "json"],
        capture_output=True, text=True, timeout=900, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    raw = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert raw[-1]["event"] == "done" and raw[-1]["done"] is True
    events = [parse_event(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert None not in events  # every line the run writes is an event the window understands
    steps = [e for e in events if isinstance(e, StepEvent)]
    assert steps and steps[-1].loss is not None and steps[-1].accuracy is not None
    assert isinstance(events[-1], DoneEvent)
    assert sorted(p.name for p in output.iterdir()) == ["activations.tflite", "model.json", "model.keras", "model.tflite"]
    card = ModelCard.read(output)
    assert card == events[-1].card
    assert card.activations_file == "activations.tflite"
    assert card.parameters and card.trained and card.pendigits_test_accuracy is not None
    assert card.preprocessing_version is not None and card.version_warning() is None
    assert card.data["mnist_train"] == 600
    assert card.architecture == "2x-cnn-v2" and card.members == 2
    # One epoch and one plain pass for each network, numbered as one run.
    assert max(e.epoch for e in steps) == 4 and steps[-1].epochs == 4
    assert card.epochs == 1 and card.plain_epochs == 1
    assert card.mnist_test_accuracy > 0.3  # one epoch on 600 digits: far from good, far from chance
    probabilities = Classifier(output / "model.tflite").predict(np.zeros((28, 28), np.float32))
    assert probabilities.shape == (10,)


def test_train_without_data_fails_with_a_json_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "train", "--data", str(tmp_path / "none"), "--output",
         str(tmp_path / "out"), "--progress", "json"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 1
    last = json.loads(result.stdout.strip().splitlines()[-1])
    assert last["event"] == "error" and "No MNIST files" in last["error"]
    assert not (tmp_path / "out").exists()
    assert_quiet(result.stderr)


NOISE = ("cuInit", "XNNPACK", "absl::InitializeLog", "oneDNN", "cuda drivers", "UserWarning", "I0000", "E0000")


def assert_quiet(stderr: str) -> None:
    """Nothing of TensorFlow's, Keras's or LiteRT's own logging reaches the user."""
    assert not [word for word in NOISE if word in stderr], stderr[-2000:]


@pytest.mark.slow
def test_train_into_a_pipe_is_quiet_and_writes_no_colour_codes(tmp_path, mnist_dir):
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "train", "--data", str(mnist_dir), "--output", str(tmp_path / "model"),
         "--epochs", "1", "--limit", "500", "--members", "1"],
        capture_output=True, text=True, timeout=900, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert_quiet(result.stderr)
    assert "\x1b[" not in result.stdout and "\b" not in result.stdout and "\r" not in result.stdout
    assert "MNIST test accuracy:" in result.stdout


@pytest.mark.slow
def test_the_same_seed_trains_the_same_model(tmp_path, mnist_dir, mnist):
    outputs = []
    for run in ("a", "b"):
        output = tmp_path / run
        subprocess.run(
            [sys.executable, "-m", "mnist_draw", "train", "--data", str(mnist_dir), "--output", str(output),
             "--epochs", "1", "--limit", "1000", "--members", "1", "--seed", "7", "--progress", "none"],
            capture_output=True, text=True, timeout=600, check=True,
        )
        outputs.append(Classifier(output / "model.tflite").predict_batch(mnist.test.images[:200]))
    assert np.array_equal(outputs[0], outputs[1])


@pytest.mark.slow
def test_the_same_seed_teaches_the_same_model(tmp_path, mnist_dir, mnist):
    """Each run loads the model to teach afresh, and Keras seeds a loaded model's
    dropout from Python's unseeded random numbers: the seed must key them too."""
    outputs = []
    for run in ("a", "b"):
        output = tmp_path / run
        subprocess.run(
            [sys.executable, "-m", "mnist_draw", "train", "--data", str(mnist_dir), "--output", str(output),
             "--fine-tune", str(bundled_model_dir() / "model.keras"), "--limit", "300", "--seed", "7",
             "--progress", "none"],
            capture_output=True, text=True, timeout=600, check=True,
        )
        outputs.append(Classifier(output / "model.tflite").predict_batch(mnist.test.images[:200]))
    assert np.array_equal(outputs[0], outputs[1])


@pytest.mark.slow
def test_fine_tuning_a_model_of_the_wrong_shape_is_one_plain_error(tmp_path, mnist_dir):
    """Issue 11: a .keras that does not read 28x28 pictures into digits failed deep in fit with a traceback."""
    wrong = tmp_path / "wrong.keras"
    make = (
        "import keras; m = keras.Sequential([keras.Input((10,)), keras.layers.Dense(3, activation='softmax')]); "
        f"m.save({str(wrong)!r})"
    )
    subprocess.run([sys.executable, "-c", make], check=True, capture_output=True, timeout=600)
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "train", "--data", str(mnist_dir), "--output", str(tmp_path / "out"),
         "--fine-tune", str(wrong), "--limit", "100", "--progress", "json"],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = json.loads(result.stdout.strip().splitlines()[-1])
    assert last["event"] == "error" and "not a digit model" in last["error"]
