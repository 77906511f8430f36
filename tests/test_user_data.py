"""The user's folder: one place for every per-user path, and no leftovers from a crash."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from mnist_draw import user_data


def test_the_user_folder_follows_mnist_draw_home(tmp_path, monkeypatch):
    monkeypatch.setenv(user_data.USER_DATA_ENV, str(tmp_path / "home"))
    assert user_data.root() == tmp_path / "home"
    assert user_data.model_dir() == tmp_path / "home" / "model"
    assert user_data.samples_dir() == tmp_path / "home" / "samples"
    assert user_data.candidates_dir() == tmp_path / "home" / "candidates"
    assert not (tmp_path / "home").exists()  # asking for a path creates nothing


def test_a_user_model_exists_only_with_its_tflite_file():
    assert not user_data.has_user_model()
    user_data.model_dir().mkdir(parents=True)
    assert not user_data.has_user_model()
    (user_data.model_dir() / "model.tflite").write_bytes(b"x")
    assert user_data.has_user_model()


def test_each_candidate_folder_is_new_and_named_for_its_owner():
    first, second = user_data.new_candidate_folder(), user_data.new_candidate_folder()
    assert first != second and first.is_dir() and second.is_dir()
    assert first.parent == user_data.candidates_dir()
    assert first.name.endswith(f"-{os.getpid()}")


def finished_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_candidates_whose_window_has_gone_are_removed_and_live_ones_kept():
    mine = user_data.new_candidate_folder()
    (mine / "model.tflite").write_bytes(b"in progress")
    parent = user_data.candidates_dir()
    crashed = parent / f"run-20250101-120000-{finished_pid()}"
    (crashed / "sub").mkdir(parents=True)
    (crashed / "sub" / "model.keras").write_bytes(b"half")
    other_window = parent / f"run-20250101-120000-{os.getppid()}"  # a live process: another window
    other_window.mkdir()
    assert user_data.remove_stale_candidates() == [crashed]
    assert not crashed.exists() and mine.is_dir() and other_window.is_dir()


def test_candidates_of_older_versions_go_after_a_day_and_strangers_stay():
    parent = user_data.candidates_dir()
    old, recent, stranger = parent / "run-20240101-120000", parent / "run-20990101-120000", parent / "notes"
    for folder in (old, recent, stranger):
        folder.mkdir(parents=True)
    day_ago = time.time() - user_data.LEGACY_STALE_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    assert user_data.remove_stale_candidates() == [old]
    assert recent.is_dir() and stranger.is_dir()


def test_no_candidates_folder_is_nothing_to_remove():
    assert user_data.remove_stale_candidates() == []


def test_install_and_model_check_files_live_in_the_user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(user_data.USER_DATA_ENV, str(tmp_path / "home"))
    home = tmp_path / "home"
    assert user_data.incoming_model_dir() == home / ".model-incoming"
    assert user_data.previous_model_dir() == home / ".model-previous"
    assert user_data.removed_model_dir() == home / ".model-removed"
    assert user_data.install_lock_file() == home / ".install.lock"
    assert user_data.model_checks_file() == home / "model-checks.json"
    assert user_data.loading_marker() == home / f"loading-model.{os.getpid()}"
    assert not home.exists()


def test_only_loading_markers_of_ended_processes_name_a_crash():
    user_data.root().mkdir(parents=True)
    dead = user_data.root() / f"{user_data.LOADING_MARKER_PREFIX}{finished_pid()}"
    alive = user_data.root() / f"{user_data.LOADING_MARKER_PREFIX}{os.getppid()}"
    mine = user_data.loading_marker()
    stranger = user_data.root() / f"{user_data.LOADING_MARKER_PREFIX}notes"
    for marker in (dead, alive, mine, stranger):
        marker.write_text("{}")
    assert user_data.markers_of_dead_starts() == [dead]


# --- a new model kept when the window closes before it is in use ----------------------------


def candidate_with_a_model(name: str | None = None):
    folder = user_data.candidates_dir() / name if name else user_data.new_candidate_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.tflite").write_bytes(b"weights")
    (folder / "model.json").write_text('{"architecture": "new"}')
    return folder, {path.name: path.read_bytes() for path in folder.iterdir()}


def test_a_kept_candidate_moves_whole_out_of_the_candidates_and_outlives_its_window():
    candidate, files = candidate_with_a_model()
    kept = user_data.keep_candidate(candidate)
    assert kept.parent == user_data.kept_models_dir() == user_data.root() / "kept-models"
    assert not candidate.exists()
    assert {path.name: path.read_bytes() for path in kept.iterdir()} == files
    assert kept.name.startswith("model-") and str(os.getpid()) not in kept.name  # named for when, not for the window
    assert user_data.remove_stale_candidates() == [] and kept.is_dir()


def test_the_newest_kept_model_is_the_one_kept_last_and_a_half_copy_is_none():
    assert user_data.newest_kept_model() is None  # no folder yet
    first = user_data.keep_candidate(candidate_with_a_model("run-20250101-120000-1")[0])
    second = user_data.keep_candidate(candidate_with_a_model("run-20240101-120000-1")[0])  # trained earlier, kept later
    os.utime(first, (1, 1))
    os.utime(first / "model.tflite", (1, 1))
    assert user_data.newest_kept_model() == second / "model.tflite"
    partial = user_data.kept_models_dir() / ".model-20990101-000000.partial"
    partial.mkdir()
    (partial / "model.tflite").write_bytes(b"half")
    assert user_data.newest_kept_model() == second / "model.tflite"


def test_two_candidates_of_the_same_second_are_kept_under_names_of_their_own():
    stamp = "20250101-120000"
    first, _ = candidate_with_a_model(f"run-{stamp}-{os.getpid()}")
    second, _ = candidate_with_a_model(f"run-{stamp}-1-{os.getpid()}")
    names = [user_data.keep_candidate(folder).name for folder in (first, second)]
    assert names == [f"model-{stamp}", f"model-{stamp}-2"]


def test_a_candidate_that_cannot_be_moved_is_copied(monkeypatch):
    candidate, files = candidate_with_a_model()
    real = os.replace

    def replace(source, destination, *args, **kwargs):  # a file of it held open, as on Windows by the model check
        if str(source) == str(candidate):
            raise PermissionError(13, "Permission denied", str(source))
        return real(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    kept = user_data.keep_candidate(candidate)
    assert {path.name: path.read_bytes() for path in kept.iterdir()} == files
    assert [path.name for path in user_data.kept_models_dir().iterdir()] == [kept.name]  # no half copy beside it


def test_a_candidate_that_can_be_neither_moved_nor_copied_stays_whole_where_it_is():
    candidate, files = candidate_with_a_model()
    user_data.kept_models_dir().write_text("a file where the folder should be")  # nothing can go there, whoever runs the test
    with pytest.raises(OSError):
        user_data.keep_candidate(candidate)
    assert {path.name: path.read_bytes() for path in candidate.iterdir()} == files
