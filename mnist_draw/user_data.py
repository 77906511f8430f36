"""The user's own folder and what lives in it: their model, their samples, the
models being trained.

One place decides every per-user path, so the window, the command line and the
tests agree on them. The folder is the platform's per-user data folder, or
``$MNIST_DRAW_HOME`` (tests, portable use). Nothing here creates a folder at
import: each is made when something is first written to it.

A training run writes its model into a candidate folder of its own,
``candidates/run-<date>-<pid>``, named for the window (the process id) that owns
it. The window removes it once the user keeps or discards the model; one whose
owner is no longer running (the window crashed or was killed) is removed at
the next start by :func:`remove_stale_candidates`. A new model the user chose
to use that the window could not put in use before it closed is moved out of
the candidates into ``kept-models`` (:func:`keep_candidate`), which mnist-draw
never clears: it is the user's, to load from the Model menu.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import sys
import time
from pathlib import Path

import platformdirs

from .model_files import TFLITE_NAME

APP_NAME = "mnist-draw"
USER_DATA_ENV = "MNIST_DRAW_HOME"  # overrides the per-user data folder (tests, portable use)
MODEL_FOLDER = "model"
SAMPLES_FOLDER = "samples"
CANDIDATES_FOLDER = "candidates"
KEPT_MODELS_FOLDER = "kept-models"
# Installing a model (model_store, install_guard): staged, swapped in, locked.
INCOMING_MODEL_FOLDER = ".model-incoming"
PREVIOUS_MODEL_FOLDER = ".model-previous"
REMOVED_MODEL_FOLDER = ".model-removed"
INSTALL_LOCK_FILE = ".install.lock"
# Models from outside checked in a child (model_check): what passed, what is loading.
MODEL_CHECKS_FILE = "model-checks.json"
LOADING_MARKER_PREFIX = "loading-model."
LEGACY_STALE_SECONDS = 24 * 3600

_CANDIDATE_NAME = re.compile(r"run-(?P<stamp>\d{8}-\d{6})(?:-\d+)?-(?P<pid>\d+)$")
_LEGACY_CANDIDATE_NAME = re.compile(r"run-\d{8}-\d{6}$")  # before candidates carried their owner


def root() -> Path:
    """The user's data folder."""
    override = os.environ.get(USER_DATA_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def model_dir() -> Path:
    """The user's own model (retrained, fine-tuned or loaded from a file)."""
    return root() / MODEL_FOLDER


def has_user_model() -> bool:
    return (model_dir() / TFLITE_NAME).is_file()


def incoming_model_dir() -> Path:
    """Where an install stages the new model's files before swapping them in."""
    return root() / INCOMING_MODEL_FOLDER


def previous_model_dir() -> Path:
    """The model being replaced, for the moment between an install's two renames."""
    return root() / PREVIOUS_MODEL_FOLDER


def removed_model_dir() -> Path:
    """Where a reset moves the user's model before deleting it, so it goes whole or not at all."""
    return root() / REMOVED_MODEL_FOLDER


def install_lock_file() -> Path:
    """Held while a model is installed, so two windows never install at once."""
    return root() / INSTALL_LOCK_FILE


def model_checks_file() -> Path:
    """Which model files passed the child-process check, or crashed a start, by hash."""
    return root() / MODEL_CHECKS_FILE


def loading_marker() -> Path:
    """Present while this process loads the user's model: left behind, it names a crash."""
    return root() / f"{LOADING_MARKER_PREFIX}{os.getpid()}"


def markers_of_dead_starts() -> list[Path]:
    """Loading markers whose process is no longer running: it died loading the user's model."""
    found = []
    for marker in root().glob(f"{LOADING_MARKER_PREFIX}*"):
        pid = marker.name[len(LOADING_MARKER_PREFIX) :]
        # Our own number: another thread of this process is loading, or a dead
        # process had it; either way this load rewrites and removes it.
        if pid.isdigit() and int(pid) != os.getpid() and not _is_running(int(pid)):
            found.append(marker)
    return found


def samples_dir() -> Path:
    """The samples of the user's handwriting, kept to fine-tune on."""
    return root() / SAMPLES_FOLDER


def candidates_dir() -> Path:
    """Models being trained, or trained and not yet kept or discarded."""
    return root() / CANDIDATES_FOLDER


def new_candidate_folder() -> Path:
    """A fresh folder for a training run's model, owned by this process; created empty."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    parent = candidates_dir()
    parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1000):
        # Two runs started in the same second by one window get distinct names.
        suffix = f"-{attempt}" if attempt else ""
        folder = parent / f"run-{stamp}{suffix}-{os.getpid()}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise OSError(f"No free candidate folder name in {parent}.")


def kept_models_dir() -> Path:
    """New models a window closed before it could put in use, kept for the user to load."""
    return root() / KEPT_MODELS_FOLDER


def newest_kept_model() -> Path | None:
    """The ``.tflite`` of the model most recently kept in :func:`kept_models_dir`, if any."""
    try:
        files = [folder / TFLITE_NAME for folder in kept_models_dir().iterdir() if not folder.name.startswith(".")]
        dated = [(path.stat().st_mtime, path) for path in files if path.is_file()]
    except OSError:
        return None
    return max(dated)[1] if dated else None


def keep_candidate(folder: Path) -> Path:
    """Move a candidate's model out of the candidates, which go with their window, into
    a folder of its own under :func:`kept_models_dir`, named for when it was trained;
    the folder it is now in. A rename needs no space, so it works on a full disk;
    when the folder cannot be moved (a file of it held open, on Windows) it is copied,
    into a hidden name first so a half copy never looks like a model. Raises
    ``OSError`` when neither works: the candidate is then whole where it was."""
    match = _CANDIDATE_NAME.match(folder.name)
    name = f"model-{match['stamp']}" if match else folder.name
    parent = kept_models_dir()
    parent.mkdir(parents=True, exist_ok=True)
    target = parent / name
    number = 1
    while target.exists():
        number += 1
        target = parent / f"{name}-{number}"
    try:
        os.replace(folder, target)
        return target
    except OSError:
        pass
    partial = parent / f".{target.name}.partial"
    try:
        shutil.copytree(folder, partial)
        os.replace(partial, target)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def remove_stale_candidates() -> list[Path]:
    """Remove candidate folders no running window owns (left by a crash or a kill);
    the folders removed. Folders of older versions, which do not name their owner,
    go once they are a day old; any other folder is left alone."""
    parent = candidates_dir()
    try:
        entries = list(parent.iterdir())
    except OSError:
        return []
    removed = []
    for folder in entries:
        if not folder.is_dir() or not _is_stale(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed


def _is_stale(folder: Path) -> bool:
    match = _CANDIDATE_NAME.match(folder.name)
    if match is not None:
        pid = int(match["pid"])
        return pid != os.getpid() and not _is_running(pid)
    if _LEGACY_CANDIDATE_NAME.match(folder.name):
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return False
        return age > LEGACY_STALE_SECONDS
    return False


def _is_running(pid: int) -> bool:
    """Whether a process with this id runs now. A reused id keeps a stale folder
    until a later start, which is harmless; removing a live run's folder is not."""
    if sys.platform == "win32":
        import ctypes

        query_limited_information = 0x1000
        still_active = 259
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: running
    except OSError:
        return False
    return True
