"""Run ``mnist-draw train`` in a child process and turn its output into signals.

Training imports TensorFlow and keeps both cores busy for minutes; in a child
process the window stays smooth and never loads TensorFlow, a cancel is a clean
stop, and a crash or an out-of-memory kill cannot take the window down.
The child speaks one JSON object a line (``--progress json``), the events of
:mod:`mnist_draw.training_plan`.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from ..model_card import ModelCard
from ..resources import is_frozen
from ..training_plan import DoneEvent, DownloadEvent, EpochEvent, ErrorEvent, LogEvent, StepEvent, TrainingRequest, parse_event
from .worker import Job

# How long a cancelled run gets to stop by itself before it is killed.
CANCEL_GRACE_MS = 1500


def training_command(arguments: list[str]) -> tuple[str, list[str]]:
    """The program and arguments that run ``mnist-draw train``: the frozen
    executable itself when frozen, else this Python with ``-m mnist_draw``."""
    if is_frozen():
        return _console_executable(), ["train", *arguments]
    return sys.executable, ["-m", "mnist_draw", "train", *arguments]


def _console_executable() -> str:
    """Windows' windowed ``mnist-draw-gui.exe`` runs training through its console
    sibling ``mnist-draw.exe`` (same folder), whose stdout is always a real stream;
    Qt starts it without a console window when the parent has none."""
    executable = Path(sys.executable)
    if executable.stem.endswith("-gui"):
        sibling = executable.with_name(executable.name.replace("-gui", "", 1))
        if sibling.is_file():
            return str(sibling)
    return sys.executable


class TrainingFailed(Exception):
    """A run that ended without a model; ``str()`` is the message for the user."""


class TrainingRun(Job):
    """One training run, a :class:`~.worker.Job`: ``started`` when the child runs,
    ``progress`` for each download, step or epoch event, then exactly one of
    ``finished(ModelCard)``, ``failed(TrainingFailed)`` or ``cancelled()``;
    ``logged`` carries each line of its log."""

    logged = Signal(str)

    def __init__(self, request: TrainingRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The window reads the run's progress as JSON, and the run yields the CPU to the window.
        self.request = dataclasses.replace(request, progress="json", background=True)
        self.output = Path(request.output)
        self.log_lines: list[str] = []
        self.started_at = 0.0
        self._process = QProcess(self)
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self._process.readyReadStandardOutput.connect(self._read_stdout)
        self._process.readyReadStandardError.connect(self._read_stderr)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._process.started.connect(self.started)
        self._stdout_rest = b""
        self._card: ModelCard | None = None
        self._error: str | None = None
        self._ended = False
        self.fraction = 0.0  # how much is done, 0-1, for whoever shows progress later

    def start(self) -> None:
        program, args = training_command(self.request.to_argv())
        self.started_at = time.monotonic()
        self._add_log(f"$ {program} {' '.join(args)}")
        self._process.start(program, args)

    def is_running(self) -> bool:
        return self._process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Stop the run: politely first (it removes its temporary files), then for sure."""
        if not self.is_running():
            return
        super().cancel()
        self._process.terminate()
        QTimer.singleShot(CANCEL_GRACE_MS, self._kill_if_running)

    def wait(self, timeout_ms: int) -> bool:
        return self._process.waitForFinished(timeout_ms)

    def discard_output(self) -> None:
        shutil.rmtree(self.output, ignore_errors=True)

    # --- reading the child -----------------------------------------------------

    def _read_stdout(self) -> None:
        data = self._stdout_rest + bytes(self._process.readAllStandardOutput())
        *lines, self._stdout_rest = data.split(b"\n")
        for raw in lines:
            self._handle_line(raw.decode("utf-8", "replace").strip())

    def _read_stderr(self) -> None:
        text = bytes(self._process.readAllStandardError()).decode("utf-8", "replace")
        for line in text.splitlines():
            if line.strip():
                self._add_log(line)

    def _handle_line(self, line: str) -> None:
        if not line:
            return
        event = parse_event(line)
        if isinstance(event, (StepEvent, EpochEvent, DownloadEvent)):
            if not isinstance(event, DownloadEvent):
                self.fraction = event.fraction
            self.progress.emit(event)
        elif isinstance(event, LogEvent):
            self._add_log(event.message)
        elif isinstance(event, ErrorEvent):
            self._error = event.message
            self._add_log(self._error)
        elif isinstance(event, DoneEvent):
            self._card = event.card
        else:
            self._add_log(line)  # not an event: TensorFlow's own output, kept for the log

    def _add_log(self, line: str) -> None:
        self.log_lines.append(line)
        self.logged.emit(line)

    # --- the end ---------------------------------------------------------------------

    def _kill_if_running(self) -> None:
        if self.is_running():
            self._process.kill()

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._add_log(self._process.errorString())  # Qt's words, for the log only
            self._finish_failed(
                self.tr(
                    "mnist-draw could not start its training process ({program}). "
                    "Nothing was changed; if this keeps happening, reinstall mnist-draw."
                ).format(program=self._process.program())
            )

    def _on_finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        self._read_stdout()
        if self._ended:
            return
        if self.is_cancel_requested():
            self._end()
            self.discard_output()
            self.cancelled.emit()
        elif status == QProcess.ExitStatus.NormalExit and exit_code == 0 and self._card is not None:
            self._end()
            self.finished.emit(self._card)
        else:
            self._finish_failed(self._explain_failure(exit_code, status))

    def _finish_failed(self, message: str) -> None:
        if self._ended:
            return
        self._end()
        self.discard_output()
        self.failed.emit(TrainingFailed(message))

    def _end(self) -> None:
        self._ended = True

    def _explain_failure(self, exit_code: int, status: QProcess.ExitStatus) -> str:
        if self._error:
            return self._error
        log = "\n".join(self.log_lines[-50:])
        if "No space left on device" in log:
            return self.tr("The disk is full: the new model could not be written. Free some space and try again.")
        killed = status == QProcess.ExitStatus.CrashExit and exit_code == 9  # SIGKILL: the kernel's out-of-memory killer
        if "MemoryError" in log or "out of memory" in log.lower() or killed or exit_code == 137:
            return self.tr("Training ran out of memory and was stopped. Try the Quick preset or close other programs.")
        if status == QProcess.ExitStatus.CrashExit:
            return self.tr("Training stopped unexpectedly (the training process crashed). The log below has the details.")
        return self.tr("Training failed (exit code {code}). The log below has the details.").format(code=exit_code)
