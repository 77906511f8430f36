"""Shared fixtures: where the real data sets are, and the bundled model.

MNIST is found through $MNIST_DRAW_DATA (CI sets it) or ../shared/data/mnist
beside the checkout. Tests that need it skip when it is absent on a
developer's machine, but fail under CI, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Widgets render offscreen unless a test asks for a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


def _mnist_folder() -> Path | None:
    candidates = [os.environ.get("MNIST_DRAW_DATA"), REPO.parent / "shared" / "data" / "mnist"]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def _require(path: Path | None, what: str) -> Path:
    if path is None or not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing under CI; set MNIST_DRAW_DATA to the MNIST folder.")
        pytest.skip(f"{what} not found; set MNIST_DRAW_DATA")
    return path


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    return _require(_mnist_folder(), "MNIST")


@pytest.fixture(scope="session")
def mnist(mnist_dir):
    from mnist_draw.data import load_from

    return load_from(mnist_dir)


@pytest.fixture(scope="session")
def pendigits_test_file(mnist_dir) -> Path:
    return _require(mnist_dir.parent / "pendigits" / "pendigits-test.jsonl.gz", "pendigits-test")


@pytest.fixture(scope="session")
def pendigits_train_file(mnist_dir) -> Path:
    return _require(mnist_dir.parent / "pendigits" / "pendigits-train.jsonl.gz", "pendigits-train")


@pytest.fixture(scope="session")
def classifier():
    from mnist_draw.classifier import Classifier
    from mnist_draw.resources import bundled_model_dir

    return Classifier(bundled_model_dir() / "model.tflite")


@pytest.fixture(autouse=True)
def _user_data_in_tmp(tmp_path, monkeypatch):
    """Never touch the real per-user data folder."""
    monkeypatch.setenv("MNIST_DRAW_HOME", str(tmp_path / "user-data"))
