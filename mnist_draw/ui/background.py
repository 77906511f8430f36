"""Run slow work (decoding a picture, loading a model) off the UI thread.

A task is a plain function; its result or its exception comes back to the UI
thread by signal, so the callbacks may touch widgets. The pool is owned by the
window and drained when it closes: no thread outlives the program.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

# Decoding one picture at a time is plenty, and keeps a burst of drops or pastes
# from competing with the UI thread for this machine's few cores.
MAX_THREADS = 1


class _Relay(QObject):
    """Carries a task's outcome across threads. It lives in the UI thread, so
    signals emitted from the worker are queued and delivered there."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the caller, who decides what the user sees
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class BackgroundTasks(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(MAX_THREADS)
        self._relays: set[_Relay] = set()  # kept alive until their task reports
        self._closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        """Call ``work()`` in the pool, then ``on_success(result)`` or ``on_failure(error)`` in the UI thread."""
        relay = _Relay()
        self._relays.add(relay)

        def succeeded(result: Any) -> None:
            self._relays.discard(relay)
            if not self._closed:
                on_success(result)

        def failed(error: Exception) -> None:
            self._relays.discard(relay)
            if self._closed:
                return
            if not isinstance(error, (ValueError, OSError)):
                log.error("A background task failed", exc_info=error)
            on_failure(error)

        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        self._pool.start(_Task(work, relay))

    def pending(self) -> int:
        """Tasks started whose outcome has not been delivered yet."""
        return len(self._relays)

    def running(self) -> int:
        """Threads of the pool busy with a task right now."""
        return self._pool.activeThreadCount()

    def wait_for_all(self, timeout_ms: int = 5000) -> bool:
        """Block until every running task has finished; True if they all did in time."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Finish the running tasks and drop their outcomes: the window is closing."""
        self._closed = True
        self._pool.clear()  # tasks not started yet never start
        return self._pool.waitForDone(timeout_ms)
