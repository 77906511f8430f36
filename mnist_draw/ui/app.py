"""Start the window: the application object, the icon, the window first and the model after.

The window is shown before anything slow happens; the model is loaded from a
zero-delay timer once the event loop runs, in the background, so the first
frame is not held up by importing LiteRT or reading the model file. Models a
crashed window left half-trained are cleared away in the background too.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from .. import user_data
from .icons import app_icon
from .main_window import MainWindow
from .ready_report import EXIT_WHEN_READY_ENV, ReadyReport
from .settings import APPLICATION, ORGANISATION
from .translation import install_translators

def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, created once and named so settings and the desktop find it."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
        install_translators(app)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName(APPLICATION)  # Wayland matches the window to its .desktop file by this
    app.setWindowIcon(app_icon())
    return app


def create_window(model_path: str | None = None) -> MainWindow:
    """A main window whose model starts loading as soon as the event loop runs."""
    window = MainWindow()
    window.recognizer.model_changed.connect(_freeze_start_up_objects, Qt.ConnectionType.SingleShotConnection)
    QTimer.singleShot(0, lambda: window.models.load_initial(model_path))
    # Nothing to tell the user either way: a folder that cannot be removed now is tried again next time.
    QTimer.singleShot(0, lambda: window.workers.run(user_data.remove_stale_candidates, _ignore, _ignore))
    return window


def _freeze_start_up_objects(_model: object) -> None:
    """Leave what exists once the first model is in (modules, classes, Qt, numpy,
    LiteRT, the model) out of Python's garbage collections from now on. It lives as
    long as the program, and a full collection walking it took about 20 ms on two
    cores: long enough, at a random moment, to hold up the pen's reading by a frame."""
    gc.freeze()


def _ignore(_result: object) -> None:
    pass


def run(model_path: str | None = None) -> int:
    app = application()
    window = create_window(model_path)
    window.show()
    # Held in a local so it lives as long as the event loop runs.
    report = ReadyReport(window) if os.environ.get(EXIT_WHEN_READY_ENV) else None  # noqa: F841
    code = app.exec()
    window.workers.shutdown()  # a window hidden without closing still has its pool
    window.teach.shutdown()
    return code
