"""For benchmarks and smoke tests: say when the window is up and the model loaded, then quit.

With ``MNIST_DRAW_EXIT_WHEN_READY=1`` the program prints one JSON line when the
canvas is first painted (the window is on screen and can be drawn on), one when
the model has loaded (with the resident memory then), and exits. Times are
``time.monotonic()`` stamps, the system-wide clock, so a parent process can
subtract the moment it started the program and get the true launch time.
"""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow

EXIT_WHEN_READY_ENV = "MNIST_DRAW_EXIT_WHEN_READY"
# With this also set, once the model is in: draw a 7, turn on the View menu's three
# views, and report each one's first update ("view-heat", "view-inside",
# "view-compare") before quitting, so a smoke test sees every view work in the build.
SHOW_VIEWS_ENV = "MNIST_DRAW_SHOW_VIEWS"
SETTLE_MS = 300  # let the first reading and any late allocations happen before measuring memory
VIEWS_TIMEOUT_MS = 20_000
SEVEN = [(80.0, 60.0), (200.0, 60.0), (190.0, 90.0), (150.0, 170.0), (120.0, 230.0)]


class ReadyReport(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._painted = False
        self._views_left: set[str] = set()
        self._finished = False
        window.canvas.installEventFilter(self)
        window.recognizer.model_changed.connect(self._model_loaded)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            _say("window-ready")
        return False

    def _model_loaded(self, _model: object) -> None:
        _say("model-ready")
        if os.environ.get(SHOW_VIEWS_ENV):
            self._show_views()
        else:
            QTimer.singleShot(SETTLE_MS, self._finish)

    def _show_views(self) -> None:
        views = self._window.show_why
        self._views_left = {"heat", "inside", "compare"}
        views.view_updated.connect(self._view_updated)
        self._window.canvas.add_stroke(SEVEN)
        for action in views.actions():
            action.setChecked(True)
        QTimer.singleShot(VIEWS_TIMEOUT_MS, self._finish)  # a view that never updates is missing from the report

    def _view_updated(self, name: str, milliseconds: float, _cpu_ms: float) -> None:
        if name not in self._views_left:
            return
        self._views_left.discard(name)
        views = self._window.show_why
        if name == "heat":
            picture = views.canvas_overlay.picture() if views.canvas_overlay else None
            shown = {"top": None if picture is None else picture.top}
        elif name == "inside":
            window = views.inside_window
            layers = len(window.rows()) if window else 0
            shown = {"layers": layers} if layers else {"layers": 0, "note": window.note.text() if window else ""}
        else:
            columns = views.compare_window.columns if views.compare_window else {}
            shown = {"answers": {column: widget.answer.text() for column, widget in columns.items()}}
        _say(f"view-{name}", milliseconds=round(milliseconds, 1), **shown)
        if not self._views_left:
            QTimer.singleShot(SETTLE_MS, self._finish)

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        _say("idle", rss_mb=resident_megabytes())
        self._window.close()
        QApplication.quit()


def _say(event: str, **extra: object) -> None:
    print(json.dumps({"event": event, "monotonic": time.monotonic(), **extra}), flush=True)


def resident_megabytes() -> float | None:
    """This process's resident memory now, in MiB (None where it cannot be read)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # the peak: an upper bound
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    except (ImportError, OSError):
        return None
