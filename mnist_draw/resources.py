"""Where the bundled files (model, icons) are, from source, installed or frozen.

The one place that knows about PyInstaller's layout (``sys._MEIPASS``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def resource_root() -> Path:
    """The folder holding ``model/``, ``icons/`` and ``translations/``."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "_resources"  # a wheel install carries them inside the package
    if (installed / "model").is_dir():
        return installed
    return package.parent / "resources"  # a source checkout or an editable install


def bundled_model_dir() -> Path:
    return resource_root() / "model"


def icon_path(name: str) -> Path:
    return resource_root() / "icons" / name


def translations_dir() -> Path:
    """The window's translations, ``mnist_draw_<language>.qm`` (see the README's Translating)."""
    return resource_root() / "translations"


def training_available() -> bool:
    """Whether ``mnist-draw train`` can run here: TensorFlow is installed, or
    bundled (the full frozen build; the light build leaves it out)."""
    if is_frozen():
        return (resource_root().parent / "tensorflow").is_dir()
    return importlib.util.find_spec("tensorflow") is not None
