"""One install at a time, and a model never lost to an install that died between its renames."""

from __future__ import annotations

import os
import threading

import pytest

from mnist_draw import install_guard, model_files, model_store, user_data
from mnist_draw.classifier import ModelError
from mnist_draw.resources import bundled_model_dir


def test_an_install_waits_for_another_and_says_so():
    with install_guard.held():
        errors = []

        def second() -> None:
            try:
                with install_guard.held(wait=0.2):
                    pass
            except ModelError as error:
                errors.append(str(error))

        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert errors and "Another mnist-draw window" in errors[0]


@pytest.mark.slow  # starts a child process
def test_a_crash_between_the_two_renames_loses_nothing():
    model_store.install_user_model(bundled_model_dir())
    live = user_data.model_dir()
    os.replace(live, user_data.previous_model_dir())  # where the crash left it
    assert model_store.load_active_model().source == "user"
    assert (live / model_files.TFLITE_NAME).exists()
