"""Call a function at most once per interval, however often it is asked for.

A pen reports a hundred or more positions a second; reading the drawing at each
one would spend a core on readings nobody can see. The first request after a
quiet spell runs at once (no added latency), later ones within the interval
fold into a single call at its end, so the last request is never lost.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    def __init__(self, interval_ms: int, callback: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._interval_ended)

    def request(self) -> None:
        """Call soon: now if the last call was an interval ago, else at the interval's end."""
        if self._timer.isActive():
            self._pending = True
        else:
            self.call_now()

    def is_pending(self) -> bool:
        """Whether a request waits for the interval's end."""
        return self._pending

    def call_now(self) -> None:
        """Call at once, folding in any pending request, and start a new interval."""
        self._pending = False
        self._timer.start()
        self._callback()

    def _interval_ended(self) -> None:
        if self._pending:
            self.call_now()
