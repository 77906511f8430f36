"""The files of a model, and how they are written and read.

A model folder holds ``model.keras`` (to fine-tune and retrain), ``model.tflite``
(what the app runs, through LiteRT) and ``model.json``, its card
(:class:`~mnist_draw.model_card.ModelCard`). It may also hold
``activations.tflite``, the same network with every layer's activations as
outputs, for the window's "Look inside" view; the card names it
(``activations_file``), and a model without it is still whole. Every file is written to a
temporary name beside its target and renamed into place, so a crash, a cancel or
a full disk never leaves a half-written model where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .model_card import ModelCard

KERAS_NAME = "model.keras"
TFLITE_NAME = "model.tflite"
CARD_NAME = "model.json"
ACTIVATIONS_NAME = "activations.tflite"


def write_model(
    folder: Path, save_keras: Callable[[str], None], tflite: bytes, card: ModelCard, activations: bytes | None = None
) -> dict[str, str]:
    """Write the files of a model into ``folder``, each atomically; ``activations``
    is the optional ``activations.tflite``, and the card is set to name it or not.

    Everything is staged first and only then renamed into place, card last, so a
    failure while staging changes nothing in ``folder``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        keras_tmp = _temp_path(folder, ".keras")
        staged.append((keras_tmp, folder / KERAS_NAME))
        save_keras(str(keras_tmp))
        tflite_tmp = _temp_path(folder, ".tflite")
        staged.append((tflite_tmp, folder / TFLITE_NAME))
        _write_bytes(tflite_tmp, tflite)
        if activations is not None:
            activations_tmp = _temp_path(folder, ".tflite")
            staged.append((activations_tmp, folder / ACTIVATIONS_NAME))
            _write_bytes(activations_tmp, activations)
        card.activations_file = ACTIVATIONS_NAME if activations is not None else None
        card_tmp = _temp_path(folder, ".json")
        staged.append((card_tmp, folder / CARD_NAME))
        _write_bytes(card_tmp, card.to_json().encode())
        if activations is None:
            # Another network's layers beside this one would show a learner the wrong insides.
            (folder / ACTIVATIONS_NAME).unlink(missing_ok=True)
        for temporary, final in staged:
            os.replace(temporary, final)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    files = {"keras": str(folder / KERAS_NAME), "tflite": str(folder / TFLITE_NAME), "card": str(folder / CARD_NAME)}
    if activations is not None:
        files["activations"] = str(folder / ACTIVATIONS_NAME)
    return files


def activations_path(folder: Path, card: ModelCard | None) -> Path | None:
    """The activations model ``card`` names, beside the model (``folder``: the
    model's folder or its ``.tflite``), or None when the card names none or the
    file is missing. Only a file in the model's own folder: a card cannot point
    elsewhere. The child-process check and the inside view both find it here,
    so the file that is checked is the file that is loaded."""
    if card is None or not card.activations_file:
        return None
    folder = Path(folder)
    path = (folder.parent if folder.suffix == ".tflite" else folder) / Path(card.activations_file).name
    return path if path.is_file() else None


def atomic_write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temp_path(path.parent, path.suffix)
    try:
        _write_bytes(temporary, content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _temp_path(folder: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=".partial-", suffix=suffix, dir=folder)
    os.close(handle)
    os.chmod(name, 0o644)  # mkstemp's 0600 would hide a shared install's model from other users
    return Path(name)


def _write_bytes(path: Path, content: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
