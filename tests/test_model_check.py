"""Models from outside are checked in a child process: a crafted file never
crashes a process the user sees (issue 11, findings 1, 2, 3, 5 and 12)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from check_helpers import hanging_checks, is_running

from mnist_draw import model_check, model_files, model_store, user_data
from mnist_draw.classifier import Classifier, ModelError
from mnist_draw.inside import Inside
from mnist_draw.model_card import ModelCard, ModelCardError
from mnist_draw.resources import bundled_model_dir

REPO = Path(__file__).resolve().parent.parent
BUNDLED = bundled_model_dir() / model_files.TFLITE_NAME


def crafted_model(folder: Path) -> Path:
    """The bundled model with bytes 16 and 18 zeroed: LiteRT dies of SIGSEGV loading it."""
    content = bytearray(BUNDLED.read_bytes())
    content[16] = content[18] = 0
    path = folder / "crafted.tflite"
    path.write_bytes(bytes(content))
    return path


@pytest.mark.slow  # starts a child process
def test_the_crafted_model_really_kills_a_process_that_loads_it(tmp_path):
    path = crafted_model(tmp_path)
    code = f"from mnist_draw.classifier import Classifier; Classifier({str(path)!r})"
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert finished.returncode < 0  # killed by a signal: the reason for checking in a child


@pytest.mark.slow  # starts a child process
def test_a_crafted_model_is_refused_by_the_child_check(tmp_path):
    with pytest.raises(ModelError, match="crash"):
        model_check.check_in_child(crafted_model(tmp_path))


@pytest.mark.slow  # starts a child process
def test_the_bundled_model_passes_the_child_check():
    model_check.check_in_child(BUNDLED)


@pytest.mark.slow  # starts a child process
def test_predict_with_a_crafted_model_says_so_and_does_not_crash(tmp_path):
    path = crafted_model(tmp_path)
    finished = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "--model", str(path), "predict", str(tmp_path / "none.png")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert finished.returncode == 2
    assert "crash" in finished.stderr and "Traceback" not in finished.stderr


@pytest.mark.slow  # starts a child process
def test_a_crafted_user_model_falls_back_to_the_bundled_one(tmp_path):
    user = user_data.model_dir()
    user.mkdir(parents=True)
    crafted_model(tmp_path).rename(user / model_files.TFLITE_NAME)
    loaded = model_store.load_active_model()
    assert loaded.source == "bundled" and "crash" in loaded.warning


@pytest.mark.slow  # starts a child process
def test_installing_a_crafted_model_is_refused_and_keeps_the_current_one(tmp_path):
    model_store.install_user_model(bundled_model_dir())
    before = (user_data.model_dir() / model_files.TFLITE_NAME).read_bytes()
    with pytest.raises(ModelError, match="crash"):
        model_store.install_user_model(crafted_model(tmp_path))
    assert (user_data.model_dir() / model_files.TFLITE_NAME).read_bytes() == before


@pytest.mark.slow  # starts a child process
def test_an_unchanged_user_model_is_not_checked_again(monkeypatch):
    model_store.install_user_model(bundled_model_dir())
    assert model_store.load_active_model().source == "user"

    def no_child(_path):
        raise AssertionError("checked again")

    monkeypatch.setattr(model_check, "check_in_child", no_child)
    assert model_store.load_active_model().source == "user"


@pytest.mark.slow  # starts a child process
def test_a_changed_user_model_is_checked_again(tmp_path):
    model_store.install_user_model(bundled_model_dir())
    crafted_model(tmp_path).replace(user_data.model_dir() / model_files.TFLITE_NAME)
    loaded = model_store.load_active_model()
    assert loaded.source == "bundled" and "crash" in loaded.warning


@pytest.mark.slow  # starts a child process
def test_a_start_that_died_loading_the_user_model_does_not_kill_the_next(tmp_path):
    model_store.install_user_model(bundled_model_dir())
    tflite = user_data.model_dir() / model_files.TFLITE_NAME
    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])  # a process id that is gone
    dead_pid.wait()
    marker = user_data.root() / f"{user_data.LOADING_MARKER_PREFIX}{dead_pid.pid}"
    marker.write_text(json.dumps(model_check._fingerprint(tflite)))
    loaded = model_store.load_active_model()
    assert loaded.source == "bundled" and "stopped mnist-draw" in loaded.warning
    assert tflite.exists() and not marker.exists()  # the user's files are kept
    model_store.install_user_model(user_data.model_dir())  # installing again retries it
    assert model_store.load_active_model().source == "user"


def model_with_activations(folder: Path, activations: bytes) -> Path:
    """A copy of the bundled model whose activations.tflite (named by its card) is ``activations``."""
    shutil.copytree(bundled_model_dir(), folder)
    (folder / model_files.ACTIVATIONS_NAME).write_bytes(activations)
    return folder / model_files.TFLITE_NAME


def crafted_activations() -> bytes:
    """The bundled activations model with bytes 16 and 18 zeroed: LiteRT dies of SIGSEGV running it."""
    content = bytearray((bundled_model_dir() / model_files.ACTIVATIONS_NAME).read_bytes())
    content[16] = content[18] = 0
    return bytes(content)


@pytest.mark.slow  # starts a child process
def test_a_crafted_activations_file_beside_a_model_is_refused_by_the_child_check(tmp_path):
    tflite = model_with_activations(tmp_path / "model", crafted_activations())
    with pytest.raises(ModelError) as refused:
        model_check.check_in_child(tflite)
    assert str(refused.value).startswith("activations.tflite (beside model.tflite) made the model reader crash")


@pytest.mark.slow  # starts a child process
def test_a_damaged_activations_file_costs_only_the_look_inside_view_not_the_model(tmp_path):
    cut = (bundled_model_dir() / model_files.ACTIVATIONS_NAME).read_bytes()[:5000]
    tflite = model_with_activations(tmp_path / "model", cut)
    model_check.check_in_child(tflite)  # it fails cleanly, in words: the readings are not affected
    with pytest.raises(ModelError) as refused:
        Inside(tflite.parent / model_files.ACTIVATIONS_NAME).layers(np.zeros((28, 28), np.float32))
    assert str(refused.value) == "activations.tflite is not a readable activations model: it is damaged or cut short."


@pytest.mark.slow  # starts a child process
def test_a_model_folder_on_the_command_line_with_crafted_activations_is_refused(tmp_path):
    folder = model_with_activations(tmp_path / "model", crafted_activations()).parent
    with pytest.raises(ModelError, match="crash"):
        model_store.load_active_model(folder)


@pytest.mark.slow  # starts a child process
def test_a_changed_activations_file_of_the_users_model_is_checked_again(tmp_path):
    model_store.install_user_model(bundled_model_dir())
    assert model_store.load_active_model().source == "user"  # checked and remembered
    (user_data.model_dir() / model_files.ACTIVATIONS_NAME).write_bytes(crafted_activations())
    loaded = model_store.load_active_model()
    assert loaded.source == "bundled" and "activations.tflite (beside model.tflite) made the model reader crash" in loaded.warning


def test_an_empty_model_file_says_it_is_empty(tmp_path):
    path = tmp_path / "empty.tflite"
    path.write_bytes(b"")
    with pytest.raises(ModelError, match="empty"):
        Classifier(path)


@pytest.mark.slow  # starts a child process
def test_a_one_byte_model_gives_a_plain_refusal(tmp_path):
    path = tmp_path / "one.tflite"
    path.write_bytes(b"x")
    with pytest.raises(ModelError) as caught:
        model_check.check_in_child(path)
    assert "is damaged, cut short, or not a TensorFlow Lite model" in str(caught.value)


def test_a_failure_when_the_model_runs_is_a_model_error(classifier):
    broken = Classifier(BUNDLED)
    details = broken._single.get_input_details()[0]
    broken._single.resize_tensor_input(details["index"], [2, 28, 28, 1])  # not allocated: invoke fails
    with pytest.raises(ModelError, match="fails when it is run"):
        broken.predict(np.zeros((28, 28), np.float32))


def test_a_non_zip_keras_file_is_named_for_what_it_is(tmp_path):
    path = tmp_path / "model.keras"
    path.write_bytes(b"not a zip at all")
    assert "not a Keras model file" in model_check.keras_problem(path)
    assert model_check.keras_problem(bundled_model_dir() / model_files.KERAS_NAME) is None


def test_a_card_nested_100000_deep_is_ignored(tmp_path):
    (tmp_path / model_files.CARD_NAME).write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ModelCardError, match="nested too deeply"):
        ModelCard.read(tmp_path)
    shutil.copy(BUNDLED, tmp_path)
    loaded = model_store.load_model_folder(tmp_path, "file")  # the model still reads; the card is doubted
    assert loaded.card is None and "nested too deeply" in loaded.warning


def stop_once_started(started: Path) -> threading.Event:
    """An event set as soon as the hanging child has written ``started``."""
    stop = threading.Event()

    def watch() -> None:
        while not started.exists() or not started.read_text():
            time.sleep(0.01)
        stop.set()

    threading.Thread(target=watch, daemon=True).start()
    return stop


@pytest.mark.slow  # starts a child process
def test_a_check_asked_to_stop_kills_its_hanging_child_and_says_it_was_stopped(tmp_path, monkeypatch):
    from mnist_draw.install_guard import InstallStopped

    started = hanging_checks(tmp_path, monkeypatch)
    with pytest.raises(InstallStopped):
        model_check.check(BUNDLED, force=True, stop=stop_once_started(started))
    assert not is_running(int(started.read_text()))  # killed and reaped: nothing outlives the check
    assert model_check._verdict(model_check._fingerprint(BUNDLED)) is None  # stopped is not passed


def test_a_check_already_asked_to_stop_starts_no_child(tmp_path, monkeypatch):
    from mnist_draw.install_guard import InstallStopped

    started = hanging_checks(tmp_path, monkeypatch)
    stop = threading.Event()
    stop.set()
    with pytest.raises(InstallStopped):
        model_check.check_in_child(BUNDLED, stop=stop)
    assert not started.exists()


def test_a_keras_model_given_for_reading_says_which_file_to_give_instead(tmp_path):
    # Training writes model.keras beside model.tflite; given to --model or the window's
    # Open model, it was only called "damaged, cut short, or not a TensorFlow Lite model".
    keras = tmp_path / "model.keras"
    shutil.copy(bundled_model_dir() / "model.keras", keras)
    with pytest.raises(ModelError, match=r"model.keras is a Keras model.*Give the model.tflite beside it, or the folder"):
        model_check.tflite_of(keras)
    shutil.copy(bundled_model_dir() / "model.tflite", tmp_path / "model.tflite")
    assert model_check.tflite_of(tmp_path) == tmp_path / "model.tflite"


def test_a_folder_without_a_model_is_said_to_hold_none(tmp_path):
    # It was "FOLDER/model.tflite does not exist", a file the user never named.
    with pytest.raises(ModelError, match=r"holds no model: a model folder has the model.tflite that a training writes in it.$"):
        model_check.tflite_of(tmp_path)
