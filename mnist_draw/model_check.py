"""Check a model file from outside in a child process before the app loads it.

LiteRT runs a ``.tflite`` as native code: a crafted or damaged file can crash
the process that loads it (a segmentation fault no ``except`` catches) or
deadlock a thread in an error path. So a model that did not come with the app
is first loaded and run on a reference digit in a child process
(``python -m mnist_draw.model_check PATH``, or ``<frozen exe> --check-model
PATH``), together with the activations model its card names, which the window
loads for "Look inside the network": if the child dies, only the child dies,
and the user is told why.

A model that passed is remembered by the hash and size of both files in the
per-user folder, so an unchanged model of the user's is not checked again at
every start (nor its installed copy right after the install), and a changed file
of either is. And a start
that dies while loading the user's model leaves a marker behind, so the next
start sets that model aside instead of dying too.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

from . import model_files, resources, safe_files, user_data
from .classifier import MAX_MODEL_BYTES, USE_ANOTHER, ModelError
from .install_guard import stop_if_asked

if TYPE_CHECKING:
    import threading

    from .model_card import ModelCard

CHECK_TIMEOUT = 60.0  # seconds; loading a sound model takes well under one
STOP_POLL_SECONDS = 0.1  # how soon a check that was asked to stop kills its child
FROZEN_FLAG = "--check-model"  # how frozen_main.py recognises a check
_REMEMBERED = 16
_OK, _CRASHED = "ok", "crashed"
_EXIT_REFUSED = 3
CHECKING = "checking"  # the child's note of the file beside the model it is about to run

T = TypeVar("T")


def check(tflite: Path, *, force: bool = False, stop: threading.Event | None = None) -> None:
    """Raise :class:`ModelError` with a plain message unless ``tflite`` loads and
    reads a digit in a child process. Skipped when the user's folder remembers
    this very file as checked, unless ``force``. ``stop``: see :func:`check_in_child`."""
    tflite = Path(tflite)
    print_ = _fingerprint(tflite)
    if not force and _verdict(print_) == _OK:
        return
    check_in_child(tflite, stop)
    _remember(print_, _OK)


def check_in_child(tflite: Path, stop: threading.Event | None = None) -> None:
    """Load and run ``tflite`` in a child process; :class:`ModelError` if it fails or dies.
    Once ``stop`` is set the child is killed and :class:`~.install_guard.InstallStopped`
    raised: nothing is known of the model then."""
    tflite = Path(tflite)
    stop_if_asked(stop)
    try:
        child = subprocess.Popen(
            child_command(tflite),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_environment(),
        )
    except OSError as error:
        raise ModelError(f"{tflite.name} could not be checked: the checking process did not start ({error.strerror or error}).") from error
    with child:
        stdout = _wait_for(child, stop)
        if stdout is None:
            raise ModelError(f"{tflite.name} took too long to load (over {CHECK_TIMEOUT:.0f} s), so it was not used.")
    returncode = child.returncode
    verdict = _last_json_line(stdout)
    if verdict is not None and returncode in (0, _EXIT_REFUSED):
        if verdict.get("ok") is True:
            return
        raise ModelError(str(verdict.get("message") or f"{tflite.name} is not a working digit model."))
    if returncode < 0 or returncode > 128:
        culprit = verdict.get(CHECKING) if verdict is not None else None
        culprit = f"{culprit} (beside {tflite.name})" if isinstance(culprit, str) else tflite.name
        raise ModelError(
            f"{culprit} made the model reader crash: the file is damaged or was made to harm. "
            "It was not loaded, and nothing else was changed."
        )
    raise ModelError(f"{tflite.name} could not be checked (the check stopped with status {returncode}); it was not used.")


def _wait_for(child: subprocess.Popen, stop: threading.Event | None) -> bytes | None:
    """The child's output once it ends; None if it outlasts CHECK_TIMEOUT. However
    this returns or raises (``stop`` set: :class:`~.install_guard.InstallStopped`),
    the child is gone by then."""
    deadline = time.monotonic() + CHECK_TIMEOUT
    try:
        while True:
            left = deadline - time.monotonic()
            try:
                return child.communicate(timeout=max(0.0, min(left, STOP_POLL_SECONDS)))[0]
            except subprocess.TimeoutExpired:  # asked again, communicate loses no output
                stop_if_asked(stop)
                if left <= 0:
                    return None
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()


def child_command(tflite: Path) -> list[str]:
    """The command that checks ``tflite`` in a child: the frozen executable
    understands FROZEN_FLAG (see frozen_main.py), Python runs this module."""
    if resources.is_frozen():
        return [sys.executable, FROZEN_FLAG, str(tflite)]
    return [sys.executable, "-m", "mnist_draw.model_check", str(tflite)]


def guarded_load(tflite: Path, load: Callable[[], T]) -> T:
    """``load()`` the user's model in this process, checked in a child first
    unless remembered as good, with a marker on disk while it loads.

    A marker left by a start that died (its process is gone) marks that file
    as one that crashes: it is refused from then on, with its files kept, until
    it changes or is installed again (which checks it afresh).
    """
    tflite = Path(tflite)
    print_ = _fingerprint(tflite)
    for crashed in _fingerprints_of_dead_starts():
        _remember(crashed, _CRASHED)
    verdict = _verdict(print_)
    if verdict == _CRASHED:
        raise ModelError(
            f"Your model stopped mnist-draw the last time it was loaded, so it was set aside. Its files are kept in "
            f"{tflite.parent}; load it again with Model > Load model file to retry it."
        )
    if verdict != _OK:
        check_in_child(tflite)
        _remember(print_, _OK)
    marker = user_data.loading_marker()
    try:
        model_files.atomic_write(marker, json.dumps(print_).encode())
    except OSError:
        pass  # a read-only folder: load without the marker, the child check has passed
    try:
        return load()
    finally:
        marker.unlink(missing_ok=True)


def tflite_of(path: Path) -> Path:
    """The ``.tflite`` of a model folder, or the file itself. A Keras model
    (``.keras``, which training writes beside the ``.tflite``) raises
    :class:`ModelError` saying which file to give instead: read as a
    TensorFlow Lite model it was only called "damaged"."""
    path = Path(path)
    if path.suffix == ".keras" and not safe_files.is_folder(path):
        raise ModelError(
            f"{path.name} is a Keras model, which mnist-draw trains from but does not read digits with. "
            f"Give the {model_files.TFLITE_NAME} beside it, or the folder that holds both."
        )
    if path.suffix == ".tflite" or not safe_files.is_folder(path):
        return path
    tflite = path / model_files.TFLITE_NAME
    if not safe_files.exists(tflite) and not safe_files.refusal(tflite):
        # "FOLDER/model.tflite does not exist" would send the user looking for a file they never named.
        raise ModelError(
            f"{path} holds no model: a model folder has the {model_files.TFLITE_NAME} that a training writes in it."
        )
    return tflite


def keras_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a Keras model to fine-tune, or None. Looked at
    without TensorFlow: an ordinary file, a zip, holding a Keras config."""
    import zipfile

    path = Path(path)
    try:
        with safe_files.open_regular(path) as stream:
            if not zipfile.is_zipfile(stream):
                return f"{path.name} is not a Keras model file (.keras files are zip archives); it may be damaged."
            stream.seek(0)
            with zipfile.ZipFile(stream) as archive:
                if "config.json" not in archive.namelist():
                    return f"{path.name} is a zip archive but not a Keras model: it has no config.json."
    except safe_files.FileRefused as error:
        return str(error)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as error:
        return f"{path.name} cannot be read as a Keras model: it is damaged."
    return None


# --- the child -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run in the child: load the model, read the reference digit, print one JSON line."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print(json.dumps({"ok": False, "message": "usage: python -m mnist_draw.model_check MODEL.tflite"}))
        return 2
    try:
        _check_here(Path(arguments[0]))
    except ModelError as error:
        print(json.dumps({"ok": False, "message": str(error)}), flush=True)
        return _EXIT_REFUSED
    except (Exception, RecursionError, MemoryError):  # noqa: BLE001 - any failure of a foreign model is a refusal
        name = Path(arguments[0]).name
        print(json.dumps({"ok": False, "message": f"{name} is not a working digit model: it fails when run."}), flush=True)
        return _EXIT_REFUSED
    print(json.dumps({"ok": True}), flush=True)
    return 0


def _check_here(tflite: Path) -> None:
    import numpy as np

    from .classifier import Classifier
    from .inside import Inside
    from .model_store import validate

    classifier = Classifier(tflite)
    validate(classifier)
    # The batch interpreter is built separately (evaluate, bench): run it too.
    probabilities = classifier.predict_batch(np.zeros((3, 28, 28), np.float32))
    if probabilities.shape != (3, 10):
        raise ModelError(f"{tflite.name} is not a digit model: it does not give ten outputs.")
    # The activations model the card names is loaded in the window too ("Look inside"): run it here first.
    activations = model_files.activations_path(tflite, _card_of(tflite))
    if activations is not None:
        print(json.dumps({CHECKING: activations.name}), flush=True)  # names the culprit if LiteRT dies now
        try:
            Inside(activations).layers(np.zeros((28, 28), np.float32))
        except (ModelError, ValueError, RuntimeError, KeyError):
            # Only a crash of this process is a danger to the window; a file that fails
            # cleanly costs only the Look inside view, which says so, never the readings.
            pass


def _card_of(tflite: Path) -> ModelCard | None:
    """The card beside ``tflite``, as :func:`~mnist_draw.model_store.load_model_folder`
    reads it: a damaged one is no card (and names no activations model)."""
    from .model_card import ModelCard, ModelCardError

    try:
        return ModelCard.read(tflite.parent)
    except ModelCardError:
        return None


# --- what was checked ----------------------------------------------------------------


def _fingerprint(tflite: Path) -> dict:
    """Hash and size of ``tflite``, and of the activations
    model its card names (so a changed one is checked again); :class:`ModelError`
    if ``tflite`` cannot be read."""
    activations = model_files.activations_path(tflite, _card_of(tflite))
    return {**_file_print(tflite), "activations": _activations_print(activations)}


def _activations_print(activations: Path | None) -> dict | None:
    """The activations model's print; None when there is none or it cannot be read
    (that costs only the Look inside view, not the model)."""
    if activations is None:
        return None
    try:
        return _file_print(activations)
    except ModelError:
        return None


def _file_print(path: Path) -> dict:
    try:
        status = safe_files.check_regular(path)
        content = safe_files.read_bytes(path, MAX_MODEL_BYTES, "model")
    except safe_files.FileRefused as error:
        raise ModelError(str(error)) from error
    if not content:
        raise ModelError(f"{path} is empty (0 bytes): it is not a model. {USE_ANOTHER}")
    # Hash and size, not the modification time: an installed copy is the same bytes as the
    # file checked before its install, and must not be checked a second time for its new date.
    return {"sha256": hashlib.sha256(content).hexdigest(), "size": status.st_size}


def _verdict(print_: dict) -> str | None:
    for entry in _records():
        if all(entry.get(key) == value for key, value in print_.items()):
            return entry.get("verdict")
    return None


def _remember(print_: dict, verdict: str) -> None:
    others = [e for e in _records() if e.get("sha256") != print_["sha256"]]
    records = [{**print_, "verdict": verdict}] + others[: _REMEMBERED - 1]
    try:
        model_files.atomic_write(user_data.model_checks_file(), json.dumps(records, indent=1).encode())
    except OSError:
        pass  # nothing remembered: the model is checked again next time, which is safe


def _records() -> list[dict]:
    try:
        records = json.loads(safe_files.read_bytes(user_data.model_checks_file(), 1 << 20, "record"))
    except (OSError, ValueError, RecursionError):
        return []
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


def _fingerprints_of_dead_starts() -> list[dict]:
    """Fingerprints from the markers of starts that died while loading; the markers go."""
    found = []
    for marker in user_data.markers_of_dead_starts():
        try:
            print_ = json.loads(safe_files.read_bytes(marker, 4096, "marker"))
        except (OSError, ValueError, RecursionError):
            print_ = None
        if isinstance(print_, dict) and "sha256" in print_:
            found.append(print_)
        marker.unlink(missing_ok=True)
    return found


def _last_json_line(output: bytes) -> dict | None:
    for line in reversed(output.decode("utf-8", "replace").splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _child_environment() -> dict[str, str]:
    """The parent's environment, with this package importable in the child
    however the parent was started (a source checkout, a venv, a test run)."""
    environment = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parent.parent)
    existing = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = package_parent + (os.pathsep + existing if existing else "")
    return environment


if __name__ == "__main__":
    raise SystemExit(main())
