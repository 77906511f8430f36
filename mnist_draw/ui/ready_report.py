"""For benchmarks and smoke tests: say when the window is up and the model loaded, then quit.

With ``MNIST_DRAW_EXIT_WHEN_READY=1`` the program prints one JSON line when the
canvas is first painted (the window is on screen and can be drawn on), one when
the model has loaded (with the resident memory then), and exits. Times are
``time.monotonic()`` stamps, the system-wide clock, so a parent process can
subtract the moment it started the program and get the true launch time.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow

EXIT_WHEN_READY_ENV = "MNIST_DRAW_EXIT_WHEN_READY"
SETTLE_MS = 300  # let the first reading and any late allocations happen before measuring memory


class ReadyReport(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._painted = False
        window.canvas.installEventFilter(self)
        window.recognizer.model_changed.connect(self._model_loaded)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            _say("window-ready")
        return False

    def _model_loaded(self, _model: object) -> None:
        _say("model-ready")
        QTimer.singleShot(SETTLE_MS, self._finish)

    def _finish(self) -> None:
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
