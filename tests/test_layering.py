"""The layers of DESIGN.md, enforced: the core never imports Qt or TensorFlow,
the window never imports TensorFlow or the training module. Every import in a
file counts, those inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mnist_draw"
CORE = ["preprocess", "classifier", "data", "samples", "resources", "model_files", "model_store",
        "strokes_file", "evaluation", "reading", "samples_builtin", "self_test", "benchmark",
        "paper", "photo_simulator"]
QT = ("PySide6",)
TENSORFLOW = ("tensorflow", "keras")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = "." * node.level
            names.add(prefix + (node.module or ""))
            if node.level and node.module is None:
                names.update(prefix + alias.name for alias in node.names)
    return names


def offending(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imported_modules(path) if name.split(".")[0] in forbidden)


@pytest.mark.parametrize("module", CORE)
def test_the_core_imports_neither_qt_nor_tensorflow(module):
    assert offending(PACKAGE / f"{module}.py", QT + TENSORFLOW) == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "ui").glob("*.py")) + [PACKAGE / "launch.py"], ids=lambda p: p.name)
def test_the_window_never_imports_tensorflow_or_training(path):
    names = imported_modules(path)
    assert offending(path, TENSORFLOW) == []
    assert not any(name.endswith("training") for name in names), names


def test_every_core_module_is_listed():
    """A new module must be placed in a layer on purpose."""
    layered = set(CORE) | {"__init__", "__main__", "cli", "training", "launch", "frozen_main"}
    assert {p.stem for p in PACKAGE.glob("*.py")} - layered == set()


def test_the_window_shows_before_numpy_or_litert_are_imported():
    """The window appears first; numpy, Pillow and LiteRT load after it is on screen."""
    import subprocess
    import sys

    code = (
        "import sys, mnist_draw.ui.main_window, mnist_draw.ui.app; "
        "print(sorted(m for m in ('numpy', 'PIL', 'ai_edge_litert', 'tensorflow') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
