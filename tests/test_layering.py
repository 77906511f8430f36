"""The layers of DESIGN.md, enforced. The import rules themselves are import-linter
contracts in pyproject.toml ([tool.importlinter]): the core imports neither the
command line, nor the window, nor Qt, nor TensorFlow; the window imports neither
the command line, nor training, nor TensorFlow; the window's plain data
(ui/strokes.py, ui/ink_layer.py) imports no Qt; training imports neither the
command line nor the window. This file runs them, checks that every module has
been placed in a layer and that TensorFlow is imported only under
mnist_draw/training/, and checks what no import rule can: that the window shows
before numpy loads."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: import-linter brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mnist_draw"
# Outside the core on purpose: the command line, the window's entry point, and
# the ways the program is started. Training (TensorFlow) is a package of its
# own, mnist_draw/training/, and the window is mnist_draw/ui/.
NOT_CORE = {"__init__", "__main__", "cli", "launch", "frozen_main"}
TRAINING = PACKAGE / "training"


def contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_are_kept():
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(no_cache=True, no_logo=True))"],  # fmt: skip
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_core_module_is_placed_in_the_core_contract():
    """A new module must be placed in a layer on purpose."""
    core = {name.removeprefix("mnist_draw.") for name in contracts()[0]["source_modules"]}
    assert {p.stem for p in PACKAGE.glob("*.py")} - NOT_CORE == core


def test_only_the_training_package_imports_tensorflow():
    """Any import of TensorFlow or Keras, at the top of a module or inside a
    function, is under mnist_draw/training/: the path says which code needs it."""
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if TRAINING in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            if any(name.split(".")[0] in ("tensorflow", "keras") for name in names):
                outside.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not outside


def test_the_window_shows_before_numpy_or_litert_are_imported():
    """The window appears first; numpy, Pillow and LiteRT load after it is on screen."""
    code = (
        "import sys, mnist_draw.ui.main_window, mnist_draw.ui.app; "
        "print(sorted(m for m in ('numpy', 'PIL', 'ai_edge_litert', 'tensorflow') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert output.strip() == "[]"
