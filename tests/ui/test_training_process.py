"""The training's child process as seen from the window: what the user reads when it cannot even start."""

from __future__ import annotations

import sys

from mnist_draw.training_plan import TrainingRequest
from mnist_draw.ui.training_process import TrainingRun


def test_a_training_process_that_cannot_start_is_explained_in_plain_words(qtbot, tmp_path, monkeypatch):
    missing = tmp_path / "no-python-here"
    monkeypatch.setattr(sys, "executable", str(missing))  # the program the run starts is not there
    output = tmp_path / "new-model"
    run = TrainingRun(TrainingRequest(output=output))
    with qtbot.waitSignal(run.failed, timeout=10_000) as failed:
        run.start()
    assert str(failed.args[0]) == (
        f"mnist-draw could not start its training process ({missing}). "
        "Nothing was changed; if this keeps happening, reinstall mnist-draw."
    )
    assert len(run.log_lines) == 2  # the command, then Qt's own words: for the log, not the message
    assert not output.exists() and not run.is_running()
