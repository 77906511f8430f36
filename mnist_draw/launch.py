"""Open the window: the ``mnist-draw`` command with no subcommand comes here.

Imports only PySide6 and the core, never TensorFlow, so the window appears in a
fraction of a second. Qt is imported here, not at the top of the command-line
module, so ``mnist-draw predict`` and friends work without a display.
"""

from __future__ import annotations

import os
import sys


def open_window(model_path: str | None = None) -> int:
    """Show the window and run until it closes; the exit status."""
    if _no_display():
        print(
            "mnist-draw: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "The command line works without one: mnist-draw predict IMAGE..., mnist-draw --help.",
            file=sys.stderr,
        )
        return 1
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


def _no_display() -> bool:
    """On Linux and the BSDs Qt aborts the process when it finds no display; say so instead."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    if os.environ.get("QT_QPA_PLATFORM"):
        return False  # offscreen, vnc, eglfs...: the user chose a platform that needs none
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
