"""What a training run tells the window or the terminal while it goes on.

JSON events, one a line on stdout, for the retrain dialog (``--progress
json``); Keras's own progress bar or plain lines for a person (``bar``).
"""

from __future__ import annotations

import sys
from typing import Callable

import keras

from ..training_plan import DownloadEvent, EpochEvent, ProgressEvent, StepEvent, TrainingRequest, to_json


class JsonProgress(keras.callbacks.Callback):
    """One JSON object a line on stdout, for the retrain dialog to read.

    With several networks trained one after another, epochs are numbered across
    all of them, so the dialog sees one run of ``members * epochs`` epochs; a
    network trained in phases (one fit each) starts each at ``first_epoch``.
    """

    def __init__(
        self, epochs: int, steps: int, member: int = 0, members: int = 1, first_epoch: int = 0, every: int = 10
    ) -> None:
        super().__init__()
        self.steps, self.every = steps, every
        self.offset = member * epochs + first_epoch
        self.total = members * epochs
        self.epoch = 0

    def on_epoch_begin(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        self.epoch = self.offset + epoch

    def on_train_batch_end(self, batch: int, logs: dict[str, float] | None = None) -> None:
        if batch % self.every == 0 or batch == self.steps - 1:
            emit(
                StepEvent(
                    self.epoch + 1, self.total, batch + 1, self.steps, _number(logs, "loss"), _number(logs, "accuracy")
                )
            )

    def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        emit(EpochEvent(self.offset + epoch + 1, self.total, _number(logs, "loss"), _number(logs, "accuracy")))


def emit(event: ProgressEvent) -> None:
    print(to_json(event), flush=True)


def _number(logs, key: str) -> float | None:
    value = (logs or {}).get(key)
    return None if value is None else round(float(value), 5)


def download_progress(request: TrainingRequest, say: Callable[[str], None]) -> Callable[[int, int], None]:
    """Report an MNIST download: JSON events for the dialog, a line now and then for a person."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 0
        if percent == last[0]:
            return
        last[0] = percent
        if request.progress == "json":
            emit(DownloadEvent(done, total))
        elif percent % 10 == 0:
            say(f"Downloading MNIST: {percent}%")

    return report


def keras_verbosity(progress: str) -> int:
    """Keras's live bar (colours, carriage returns) on a terminal; one plain line
    an epoch when the output goes to a file or a pipe; nothing for JSON."""
    if progress != "bar":
        return 0
    return 1 if sys.stdout.isatty() else 2
