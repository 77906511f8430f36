"""One install at a time, and a model never lost to an install that died between its renames."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

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


def test_a_wait_for_another_install_ends_when_asked_to_stop():
    stop = threading.Event()
    with install_guard.held():  # another window, installing
        errors = []

        def second() -> None:
            try:
                with install_guard.held(wait=600, stop=stop):
                    errors.append("held")
            except ModelError as error:
                errors.append(error)

        thread = threading.Thread(target=second)
        thread.start()
        stop.set()
        thread.join()
    assert len(errors) == 1 and isinstance(errors[0], install_guard.InstallStopped)
    assert "Your model was not changed." in str(errors[0])


@pytest.mark.slow  # starts a child process
def test_a_crash_between_the_two_renames_loses_nothing():
    model_store.install_user_model(bundled_model_dir())
    live = user_data.model_dir()
    os.replace(live, user_data.previous_model_dir())  # where the crash left it
    assert model_store.load_active_model().source == "user"
    assert (live / model_files.TFLITE_NAME).exists()


def set_aside_model() -> Path:
    """The bundled model in .model-previous and no live model: where an install that died left it."""
    shutil.copytree(bundled_model_dir(), user_data.previous_model_dir())
    return user_data.previous_model_dir()


def test_recover_puts_the_previous_model_back_when_no_model_is_live():
    set_aside_model()
    assert install_guard.recover() is True
    assert user_data.has_user_model() and not user_data.previous_model_dir().exists()


def test_recover_leaves_a_live_model_and_a_leftover_beside_it_alone():
    set_aside_model()
    user_data.model_dir().mkdir()
    assert install_guard.recover() is False
    assert user_data.previous_model_dir().is_dir() and not user_data.has_user_model()


def test_recovery_at_start_waits_for_no_install_and_creates_nothing():
    assert install_guard.recover_unless_busy() is False
    assert not user_data.root().exists()  # a first start writes nothing


def test_recovery_at_start_is_skipped_while_another_window_installs():
    set_aside_model()
    with install_guard.held():  # another window, between its two renames
        assert install_guard.recover_unless_busy() is False
        assert user_data.previous_model_dir().is_dir() and not user_data.model_dir().exists()
    assert install_guard.recover_unless_busy() is True
    assert user_data.has_user_model()
