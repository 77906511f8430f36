"""Background work in the window, in one vocabulary: a job is started, may report
progress, and ends exactly once, as finished (with its result), failed (with the
exception) or cancelled.

``Job`` is that vocabulary: its signals and a cancel flag, with nothing about
how the work runs. ``Worker`` is a job that runs a plain function in a thread
of a ``WorkerPool`` (decoding a picture, loading a model); a function that is
a generator reports each value it yields as progress and may be cancelled
between two of them (the model is superqt's ``thread_worker``). Every signal
reaches the UI thread, so what is connected to them may touch widgets. Each
pool is owned by a window (or a part of it) and drained when it closes: no
thread outlives the program, and no outcome arrives after the window has gone.
Work the user asked for that would be lost if stopped (installing a model) is
started ``must_finish``: the drain waits for it instead of cancelling it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Generator
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)

# One thread a pool. The window's pool decodes pictures, re-reads edited ones and
# computes the View menu's views: one job at a time keeps a burst of drops or
# pastes from competing with the UI thread for this machine's few cores. Work
# that may wait long (a model's check in a child process, up to a minute) has a
# pool of its own (model_control, and the samples dialog's), so it never holds these up.
MAX_THREADS = 1

# Failures that carry a message meant for the user; anything else is a bug and is logged.
EXPECTED_FAILURES = (ValueError, OSError)
RELEASE_RETRY_MS = 1  # a worker that has ended waits this long for its thread to let go of it


def log_if_unlogged(error: Exception, what: str) -> None:
    """Log ``error`` as a bug, unless the worker already has: it logs only what is
    not in EXPECTED_FAILURES. For a listener that finds such a failure was a bug after all."""
    if isinstance(error, EXPECTED_FAILURES):
        log.error(what, exc_info=error)


class Job(QObject):
    """Something that runs away from the UI thread. Emits ``started``, any number of
    ``progress`` values, then exactly one of ``finished(result)``, ``failed(error)``
    or ``cancelled()``."""

    started = Signal()
    progress = Signal(object)
    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel_requested = threading.Event()  # read from the worker thread

    def cancel(self) -> None:
        """Ask the job to stop; it ends with ``cancelled`` instead of its result."""
        self._cancel_requested.set()

    def is_cancel_requested(self) -> bool:
        return self._cancel_requested.is_set()


class Worker(Job):
    """Runs ``work()`` in a pool thread. Made by ``WorkerPool.start``."""

    # The worker thread reports on these; being connected to this object's own
    # methods, they are queued to the UI thread, where the public signals are emitted.
    _began = Signal()
    _yielded = Signal(object)
    _returned = Signal(object)
    _raised = Signal(object)
    _stopped = Signal()

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None, must_finish: bool = False) -> None:
        super().__init__(parent)
        self._work = work
        self.must_finish = must_finish  # a pool's shutdown waits for it rather than cancel it
        self._ended = False
        self._discarded = False
        self.thread_done = threading.Event()  # set once the pool's thread holds no reference to it
        self._began.connect(self._on_began)
        self._yielded.connect(self._on_yielded)
        self._returned.connect(self._on_returned)
        self._raised.connect(self._on_raised)
        self._stopped.connect(self._on_stopped)

    def is_running(self) -> bool:
        """Started and not ended yet (or not delivered its end to the UI thread yet)."""
        return not self._ended

    def discard(self) -> None:
        """Cancel and emit nothing more: whoever was listening has gone."""
        self.mute()
        self.cancel()

    def mute(self) -> None:
        """Emit nothing more, but let the work run to its end: whoever was listening has gone."""
        self._discarded = True

    def run_here(self) -> None:
        """The work itself, in the calling (pool) thread."""
        if self.is_cancel_requested():
            self._stopped.emit()
            return
        self._began.emit()
        try:
            result = self._work()
            if isinstance(result, Generator):
                result = self._drain(result)
                if result is _CANCELLED:
                    self._stopped.emit()
                    return
        except Exception as error:  # handed to the job's listeners, who decide what the user sees
            self._raised.emit(error)
            return
        if self.is_cancel_requested():
            self._stopped.emit()
        else:
            self._returned.emit(result)

    def _drain(self, steps: Generator[Any, None, Any]) -> Any:
        while True:
            if self.is_cancel_requested():
                steps.close()
                return _CANCELLED
            try:
                value = next(steps)
            except StopIteration as end:
                return end.value
            self._yielded.emit(value)

    def _on_began(self) -> None:
        if not self._discarded:
            self.started.emit()

    def _on_yielded(self, value: Any) -> None:
        if not self._discarded and not self._ended:
            self.progress.emit(value)

    def _on_returned(self, result: Any) -> None:
        self._end(self.finished, result)

    def _on_stopped(self) -> None:
        self._end(self.cancelled)

    def _on_raised(self, error: Exception) -> None:
        if not isinstance(error, EXPECTED_FAILURES) and not self._discarded:
            log.error("Work in the background failed", exc_info=error)
        self._end(self.failed, error)

    def _end(self, signal: Any, *payload: Any) -> None:
        if self._ended:
            return
        self._ended = True
        if not self._discarded:
            signal.emit(*payload)


_CANCELLED = object()


class _Runnable(QRunnable):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker: Worker | None = worker

    def run(self) -> None:
        # The worker is a QObject of the UI thread and must be deleted there: this thread
        # lets go of it, then says so, and only then does the pool let go (``_release``).
        worker, self._worker = self._worker, None
        assert worker is not None
        done = worker.thread_done
        try:
            worker.run_here()
        finally:
            del worker
            done.set()


class WorkerPool(QObject):
    """The window's threads for background work."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(MAX_THREADS)
        self._workers: set[Worker] = set()  # kept alive until they end
        self._closed = False

    def start(self, work: Callable[[], Any], must_finish: bool = False) -> Worker:
        """A worker for ``work``, queued in the pool: connect to its signals before
        the event loop runs again (they are delivered by it). ``must_finish``: work
        the user asked for whose loss they would not expect (a model being
        installed), which :meth:`shutdown` waits for instead of cancelling."""
        worker = Worker(work, must_finish=must_finish)
        if self._closed:
            worker.discard()
            return worker
        self._workers.add(worker)
        # A weak reference: a lambda holding the worker, connected to its own signals, would
        # keep it, and all its work and listeners held, for as long as the program runs.
        ended = weakref.ref(worker)
        for end in (worker.finished, worker.failed, worker.cancelled):
            end.connect(lambda *_payload: QTimer.singleShot(0, self, lambda: self._release(ended)))
        self._pool.start(_Runnable(worker))
        return worker

    def _release(self, ended: weakref.ref[Worker]) -> None:
        """Let go of a worker that has ended, from the event loop (not within its own
        signal) and once its thread has let go of it, so it is deleted in the UI thread."""
        worker = ended()
        if worker is None:
            return
        if worker.thread_done.is_set():
            self._workers.discard(worker)
        else:
            QTimer.singleShot(RELEASE_RETRY_MS, self, lambda: self._release(ended))

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        must_finish: bool = False,
    ) -> Worker:
        """Call ``work()`` in the pool, then ``on_success(result)`` or ``on_failure(error)`` in the UI thread."""
        worker = self.start(work, must_finish)
        worker.finished.connect(on_success)
        worker.failed.connect(on_failure)
        return worker

    def is_idle(self) -> bool:
        """Whether no work is queued, running, or still to deliver its end to the UI thread."""
        return not self._workers

    def running(self) -> int:
        """Threads of the pool busy with work right now."""
        return self._pool.activeThreadCount()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Finish the work running now and drop every outcome: the window is closing.
        Work not started yet never starts, and a generator stops at its next step,
        unless it must finish: that runs to its end, queued or not, within ``timeout_ms``."""
        self._closed = True
        for worker in list(self._workers):
            if worker.must_finish:
                worker.mute()
            else:
                worker.discard()  # if still queued, it ends as soon as it starts, having done nothing
        done = self._pool.waitForDone(timeout_ms)
        if done:  # a thread still running holds its worker: let go of it only in the UI thread
            self._workers.clear()
        return done


class NewestOnly(QObject):
    """Live work that must keep up with the user: one job at a time in the pool,
    and of the requests made while it runs only the newest is kept, to start when
    it ends. A view that follows the pen stays at most one result behind and
    never builds a queue."""

    def __init__(self, pool: WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._running: Worker | None = None
        self._waiting: tuple[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]] | None = None

    def submit(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
    ) -> None:
        """Run ``work`` now if nothing runs, else after the running job, replacing any request waiting."""
        self._waiting = (work, on_success, on_failure)
        if self._running is None:
            self._start_waiting()

    def stop(self) -> None:
        """Drop the waiting request and let the running one end unheard."""
        self._waiting = None
        if self._running is not None:
            self._running.cancel()
            self._running = None

    def is_busy(self) -> bool:
        return self._running is not None or self._waiting is not None

    def _start_waiting(self) -> None:
        if self._waiting is None:
            return
        work, on_success, on_failure = self._waiting
        self._waiting = None
        worker = self._running = self._pool.start(work)
        running = weakref.ref(worker)  # not the worker: its own signals would keep it for ever

        def ended(handler: Callable[..., None] | None, *payload: Any) -> None:
            if self._running is not running():  # stopped meanwhile
                return
            self._running = None
            if handler is not None:
                handler(*payload)
            self._start_waiting()

        worker.finished.connect(lambda result: ended(on_success, result))
        worker.failed.connect(lambda error: ended(on_failure, error))
        worker.cancelled.connect(lambda: ended(None))
