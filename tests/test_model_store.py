"""The user's model: installed whole or not at all, never lost, and the bundled one as the way back."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from mnist_draw import install_guard, model_check, model_files, model_store, user_data
from mnist_draw.classifier import ModelError
from mnist_draw.model_card import ModelCard
from mnist_draw.resources import bundled_model_dir


def test_damaged_user_model_falls_back_to_the_bundled_one():
    folder = user_data.model_dir()
    folder.mkdir(parents=True)
    (folder / "model.tflite").write_bytes(b"\x00" * 100)
    loaded = model_store.load_active_model()
    assert loaded.source == "bundled"
    assert "bundled" in loaded.warning


@pytest.mark.slow  # starts a child process
def test_installing_a_model_swaps_all_its_files_together(tmp_path):
    model_store.install_user_model(bundled_model_dir())
    target = user_data.model_dir()
    assert sorted(p.name for p in target.iterdir()) == ["activations.tflite", "model.json", "model.keras", "model.tflite"]
    lone = tmp_path / "other.tflite"
    lone.write_bytes((bundled_model_dir() / model_files.TFLITE_NAME).read_bytes())
    model_store.install_user_model(lone)
    assert sorted(p.name for p in target.iterdir()) == ["model.tflite"]  # no stale card, Keras or activations file
    assert not any(p.name.startswith(".model-") for p in target.parent.iterdir())


@pytest.mark.slow  # starts a child process
def test_two_installs_at_once_leave_one_whole_model(tmp_path):
    second = tmp_path / "second"
    second.mkdir()
    for name in (model_files.TFLITE_NAME, model_files.KERAS_NAME):
        (second / name).write_bytes((bundled_model_dir() / name).read_bytes())
    ModelCard(architecture="second").write(second)
    threads = [
        threading.Thread(target=model_store.install_user_model, args=(source,))
        for source in (bundled_model_dir(), second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    live = user_data.model_dir()
    names = {p.name for p in live.iterdir()}
    whole = {model_files.TFLITE_NAME, model_files.KERAS_NAME, model_files.CARD_NAME}
    # One model's files and no other's: the bundled model brings its activations model, the second none.
    if ModelCard.read(live).architecture == "second":
        assert names == whole
    else:
        assert names == whole | {"activations.tflite"}
    leftovers = [p.name for p in live.parent.iterdir() if p.name.startswith(".model-")]
    assert leftovers == []


# --- a swap that fails (A1) ----------------------------------------------------------


def users_own_model() -> Path:
    """The bundled model's files as the user's model, its card marked so it can be told apart."""
    target = user_data.model_dir()
    shutil.copytree(bundled_model_dir(), target)
    card = ModelCard.read(target)
    card.architecture = "mine"
    card.write(target)
    return target


def fail_to_move(monkeypatch, *folders: Path) -> None:
    """os.replace refuses to move these folders, as on Windows when a virus scanner holds a new file."""
    real = os.replace

    def replace(source, destination, *args, **kwargs):
        if Path(source) in folders:
            raise PermissionError(13, "Permission denied", str(source))
        return real(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def leftovers() -> list[str]:
    return sorted(p.name for p in user_data.root().iterdir() if p.name.startswith(".model-"))


@pytest.mark.slow  # starts a child process
def test_a_swap_that_fails_puts_the_previous_model_back_and_says_so(tmp_path, monkeypatch):
    target = users_own_model()
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    fail_to_move(monkeypatch, user_data.incoming_model_dir())  # the second rename
    with pytest.raises(ModelError) as refused:
        model_store.install_user_model(bundled_model_dir())
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert leftovers() == []
    message = str(refused.value)
    assert "could not be installed" in message and "Your model was not changed." in message
    assert "Errno" not in message and "PermissionError" not in message


@pytest.mark.slow  # starts a child process
def test_a_swap_whose_undo_fails_too_keeps_the_model_for_the_next_start(tmp_path, monkeypatch):
    users_own_model()
    with monkeypatch.context() as patch:
        fail_to_move(patch, user_data.incoming_model_dir(), user_data.previous_model_dir())
        with pytest.raises(ModelError, match="set aside") as refused:
            model_store.install_user_model(bundled_model_dir())
    assert "put back the next time mnist-draw starts" in str(refused.value)
    assert ModelCard.read(user_data.previous_model_dir()).architecture == "mine"
    loaded = model_store.load_active_model()  # the next start
    assert loaded.source == "user" and loaded.card.architecture == "mine"
    assert leftovers() == []


@pytest.mark.slow  # starts a child process
def test_an_install_replaces_the_previous_model_and_leaves_nothing_behind():
    users_own_model()
    model_store.install_user_model(bundled_model_dir())
    assert ModelCard.read(user_data.model_dir()).architecture == ModelCard.read(bundled_model_dir()).architecture
    assert leftovers() == []


def test_a_start_during_another_windows_install_leaves_its_folders_alone():
    shutil.copytree(bundled_model_dir(), user_data.previous_model_dir())
    with install_guard.held():  # another window, between its two renames: its install ends whole by itself
        loaded = model_store.load_active_model()
    assert loaded.source == "bundled"
    assert user_data.previous_model_dir().is_dir() and not user_data.model_dir().exists()


# --- reset to the bundled model (A12) ------------------------------------------------


def test_reset_removes_your_model_and_the_bundled_one_is_used():
    users_own_model()
    model_store.reset_to_bundled()
    assert not user_data.model_dir().exists() and leftovers() == []
    assert model_store.load_active_model().source == "bundled"


def test_reset_also_removes_a_model_an_install_set_aside_so_it_does_not_come_back():
    shutil.copytree(bundled_model_dir(), user_data.previous_model_dir())  # an install died between its renames
    model_store.reset_to_bundled()
    assert model_store.load_active_model().source == "bundled" and leftovers() == []


def test_a_reset_that_cannot_remove_your_model_says_so_and_keeps_it(monkeypatch):
    target = users_own_model()
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    fail_to_move(monkeypatch, target)  # a file of it held open by another program, on Windows
    with pytest.raises(model_store.StoreError) as refused:
        model_store.reset_to_bundled()
    assert str(refused.value) == (
        f"Your model could not be removed from {user_data.root()} (permission denied). It was kept as it was. "
        "Close any program that may be using its files, then try again."
    )
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before and leftovers() == []


def test_a_reset_waits_for_an_install_in_progress_and_changes_nothing(monkeypatch):
    target = users_own_model()
    monkeypatch.setattr(install_guard, "WAIT_SECONDS", 0.2)
    with install_guard.held():  # another window, installing right now
        with pytest.raises(install_guard.InstallBusy, match="Your model was not changed"):
            model_store.reset_to_bundled()
    assert ModelCard.read(target).architecture == "mine"


@pytest.mark.slow  # starts a child process
def test_an_install_stopped_while_it_waits_for_another_puts_nothing_in_place_even_after(monkeypatch):
    model_check.check(bundled_model_dir() / model_files.TFLITE_NAME)  # passed: what is left is the wait
    stop = threading.Event()
    outcome = []

    def install() -> None:
        try:
            model_store.install_user_model(bundled_model_dir(), stop=stop)
            outcome.append("installed")
        except install_guard.InstallStopped as error:
            outcome.append(error)

    with install_guard.held():  # another window, installing right now
        thread = threading.Thread(target=install)
        thread.start()
        stop.set()
        thread.join()
    assert len(outcome) == 1 and isinstance(outcome[0], install_guard.InstallStopped)
    assert not user_data.model_dir().exists() and not user_data.incoming_model_dir().exists()


# --- the activations model that comes with a model (A2) ------------------------------


@pytest.mark.slow  # starts a child process
def test_an_install_brings_only_the_activations_file_its_card_names(tmp_path):
    source = tmp_path / "named"
    shutil.copytree(bundled_model_dir(), source)
    (source / model_files.ACTIVATIONS_NAME).rename(source / "layers.tflite")
    card = ModelCard.read(source)
    card.activations_file = "layers.tflite"
    card.write(source)
    (source / model_files.ACTIVATIONS_NAME).write_bytes(b"never checked, never loaded")
    model_store.install_user_model(source)
    names = sorted(p.name for p in user_data.model_dir().iterdir())
    assert names == ["layers.tflite", "model.json", "model.keras", "model.tflite"]  # what the child checked


@pytest.mark.slow  # starts a child process
def test_an_install_whose_card_goes_missing_meanwhile_changes_nothing(tmp_path, monkeypatch):
    users_own_model()
    candidate = tmp_path / "candidate"
    shutil.copytree(bundled_model_dir(), candidate)
    recover = install_guard.recover

    def card_removed_meanwhile() -> bool:  # as a window discarding the candidate while it is installed
        (candidate / model_files.CARD_NAME).unlink()
        return recover()

    monkeypatch.setattr(install_guard, "recover", card_removed_meanwhile)
    with pytest.raises(model_store.StoreError) as refused:
        model_store.install_user_model(candidate)
    assert "card went missing" in str(refused.value)
    assert ModelCard.read(user_data.model_dir()).architecture == "mine"
    assert leftovers() == []


@pytest.mark.slow  # starts a child process
def test_a_model_checked_at_its_install_is_not_checked_again_when_it_is_loaded(monkeypatch):
    model_store.install_user_model(bundled_model_dir())  # checked once, in a child process
    children = []
    real_check = model_store.model_check.check_in_child

    def counted(tflite: Path) -> None:
        children.append(tflite)
        real_check(tflite)

    monkeypatch.setattr(model_store.model_check, "check_in_child", counted)
    assert model_store.load_active_model().source == "user"
    assert children == []  # the installed copy is the same bytes, though written later


def test_a_model_path_the_system_refuses_to_look_at_is_a_model_error_in_plain_words(tmp_path):
    # stat() refuses a name over 255 bytes as it does a folder this user may not enter.
    with pytest.raises(ModelError, match="longer than this system allows"):
        model_store.load_active_model(tmp_path / ("x" * 300))
    with pytest.raises(ModelError, match="longer than this system allows"):
        model_store.install_user_model(tmp_path / ("x" * 300))
