"""Everything the window remembers between runs, and the only code that touches QSettings.

Keys live here and nowhere else, so renaming one cannot leave a stale reader
behind. Values come back checked: a hand-edited or corrupted settings file
gives defaults, not a crash.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

ORGANISATION = "mnist-draw"
APPLICATION = "mnist-draw"
MAX_RECENT_FILES = 8

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_BRUSH = "canvas/brush_size"
_RECENT = "files/recent"
_FOLDER = "files/last_folder"
_MNIST = "training/mnist_data"
_NUMBER_MODE = "reading/number_mode"


class AppSettings:
    def __init__(self) -> None:
        # The default format (native, unless a test has redirected it to an ini
        # file in a temporary folder); QSettings(organisation, application)
        # alone would ignore that redirection.
        self._store = QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION)

    def restore_window(self, window: QMainWindow) -> bool:
        """Put the window back where it was; False on first run."""
        geometry = self._store.value(_GEOMETRY)
        restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
        state = self._store.value(_STATE)
        if isinstance(state, QByteArray):
            window.restoreState(state)
        return bool(restored)

    def save_window(self, window: QMainWindow) -> None:
        self._store.setValue(_GEOMETRY, window.saveGeometry())
        self._store.setValue(_STATE, window.saveState())

    def brush_size(self, default: float) -> float:
        try:
            size = float(self._store.value(_BRUSH, default))
        except (TypeError, ValueError, OverflowError):
            return default
        return size if math.isfinite(size) and size > 0 else default  # a hand-edited nan or inf draws no ink

    def set_brush_size(self, size: float) -> None:
        self._store.setValue(_BRUSH, float(size))

    def recent_files(self) -> list[str]:
        value = self._store.value(_RECENT, [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        if not isinstance(value, (list, tuple)):  # a hand-edited number, or nothing
            return []
        return [item for item in value if isinstance(item, str) and item][:MAX_RECENT_FILES]

    def add_recent_file(self, path: str) -> list[str]:
        path = str(Path(path).resolve())
        files = [path] + [item for item in self.recent_files() if item != path]
        self._store.setValue(_RECENT, files[:MAX_RECENT_FILES])
        self.set_last_folder(str(Path(path).parent))
        return self.recent_files()

    def remove_recent_file(self, path: str) -> None:
        self._store.setValue(_RECENT, [item for item in self.recent_files() if item != path])

    def clear_recent_files(self) -> None:
        self._store.remove(_RECENT)

    def last_folder(self) -> str:
        value = self._store.value(_FOLDER, "")
        return value if _is_place(value, Path.is_dir) else str(Path.home())

    def set_last_folder(self, folder: str) -> None:
        self._store.setValue(_FOLDER, folder)

    def mnist_data(self) -> str | None:
        """The MNIST folder or mnist.npz that training last used, if it is still there."""
        value = self._store.value(_MNIST, "")
        return value if _is_place(value, Path.exists) else None

    def set_mnist_data(self, path: str) -> None:
        self._store.setValue(_MNIST, str(path))

    def number_mode(self) -> bool:
        """Whether the canvas is read as a whole number; one digit unless the user chose otherwise."""
        value = self._store.value(_NUMBER_MODE, False)
        return value is True or (isinstance(value, str) and value.lower() == "true")

    def set_number_mode(self, on: bool) -> None:
        self._store.setValue(_NUMBER_MODE, bool(on))

    def sync(self) -> None:
        self._store.sync()


def _is_place(value: object, test: Callable[[Path], bool]) -> bool:
    """Whether a remembered ``value`` is a path that passes ``test`` (is a folder, exists).
    A hand-edited one may be no text, or a path the system refuses to look at
    (too long, in a folder this user may not enter): not a place, then."""
    if not isinstance(value, str) or not value:
        return False
    try:
        return test(Path(value))
    except (OSError, ValueError):
        return False
