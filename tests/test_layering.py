"""The layers of DESIGN.md, enforced. The import rules themselves are import-linter
contracts in pyproject.toml ([tool.importlinter]): the core imports neither the
command line, nor the window, nor Qt, nor TensorFlow; the window imports neither
the command line, nor training, nor TensorFlow. This file runs them, checks that
every module has been placed in a layer, and checks what no import rule can: that
the window shows before numpy loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: import-linter brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mnist_draw"
# Outside the core on purpose: the command line and training (TensorFlow: the
# network, the activations export, the tutorials' recipes), the window's entry
# point, and the ways the program is started.
NOT_CORE = {"__init__", "__main__", "cli", "training", "activations_export", "tutorial_recipes", "launch", "frozen_main"}


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


def test_the_window_shows_before_numpy_or_litert_are_imported():
    """The window appears first; numpy, Pillow and LiteRT load after it is on screen."""
    code = (
        "import sys, mnist_draw.ui.main_window, mnist_draw.ui.app; "
        "print(sorted(m for m in ('numpy', 'PIL', 'ai_edge_litert', 'tensorflow') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert output.strip() == "[]"
