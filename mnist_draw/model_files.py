"""The three files of a model, and how they are written and read.

A model folder holds ``model.keras`` (to fine-tune and retrain), ``model.tflite``
(what the app runs, through LiteRT) and ``model.json``, its card
(:class:`~mnist_draw.model_card.ModelCard`). Every file is written to a
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


def write_model(folder: Path, save_keras: Callable[[str], None], tflite: bytes, card: ModelCard) -> dict[str, str]:
    """Write the three files of a model into ``folder``, each atomically.

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
        card_tmp = _temp_path(folder, ".json")
        staged.append((card_tmp, folder / CARD_NAME))
        _write_bytes(card_tmp, card.to_json().encode())
        for temporary, final in staged:
            os.replace(temporary, final)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return {"keras": str(folder / KERAS_NAME), "tflite": str(folder / TFLITE_NAME), "card": str(folder / CARD_NAME)}


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
