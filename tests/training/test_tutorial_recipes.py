"""The classic tutorials' networks, trained their own way through the command line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from mnist_draw.model_card import ModelCard


@pytest.mark.slow
def test_a_tutorial_network_trained_into_a_pipe_writes_plain_lines(tmp_path, mnist_dir):
    """Keras's live bar (carriage returns, colours) is for a terminal; into a pipe or a
    log file each epoch is one plain line, as for the app's own network."""
    output = tmp_path / "mlp"
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "train", "--recipe", "tutorial-mlp", "--data", str(mnist_dir),
         "--output", str(output), "--epochs", "1", "--limit", "300"],
        capture_output=True, text=True, timeout=900, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "\r" not in result.stdout and "\x1b[" not in result.stdout and "\b" not in result.stdout
    assert "MNIST test accuracy:" in result.stdout
    card = ModelCard.read(output)
    assert card.recipe == "tutorial-mlp" and card.input_shape == [28, 28, 1] and card.data == {"mnist_train": 300}
    assert card.pendigits_test_accuracy is not None  # measured on pendigits-test, read before training
