"""Open the window: the ``mnist-draw`` command with no subcommand comes here.

Imports only PySide6 and the core, never TensorFlow, so the window appears in a
fraction of a second. Qt is imported here, not at the top of the command-line
module, so ``mnist-draw predict`` and friends work without a display.
"""

from __future__ import annotations

import sys


def open_window(model_path: str | None = None) -> int:
    """Show the window and run until it closes; the exit status."""
    try:
        from .ui.app import run
    except ImportError as error:
        print(
            f"mnist-draw: the window needs PySide6, which cannot be imported here ({error}).\n"
            "Install it with: pip install PySide6-Essentials",
            file=sys.stderr,
        )
        return 1
    return run(model_path)
