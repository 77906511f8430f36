"""Starting the window: through ``mnist_draw.launch`` and as the real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from PySide6.QtWidgets import QApplication


def test_open_window_shows_the_window_and_returns_the_exit_status(qtbot, monkeypatch):
    from mnist_draw.launch import open_window

    seen = []

    def fake_exec(self=None):
        window = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "canvas"))
        seen.append(window.windowTitle())
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert open_window(None) == 0
    assert seen == ["mnist-draw"]


def test_once_the_model_is_in_the_start_up_objects_are_left_out_of_garbage_collections(qtbot):
    # A full collection walking everything Qt, numpy and LiteRT hold would stall the pen for a frame.
    import gc

    from mnist_draw.ui.app import application, create_window

    application()
    frozen = gc.get_freeze_count()
    window = create_window(None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.recognizer.model() is not None, timeout=20_000)
    assert gc.get_freeze_count() > frozen
    frozen = gc.get_freeze_count()
    window.recognizer.set_model(window.recognizer.model())  # only the first model freezes
    assert gc.get_freeze_count() <= frozen  # (frozen objects freed meanwhile leave the count)
    window.close()


def test_the_real_program_reports_ready_and_exits(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MNIST_DRAW_EXIT_WHEN_READY": "1",
        "MNIST_DRAW_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "mnist_draw"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [event["event"] for event in events] == ["window-ready", "model-ready", "idle"]
    assert started < events[0]["monotonic"] <= events[1]["monotonic"]
    assert events[2]["rss_mb"] > 0


def test_the_real_program_shows_each_view_once_when_asked(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MNIST_DRAW_EXIT_WHEN_READY": "1",
        "MNIST_DRAW_SHOW_VIEWS": "1",  # what packaging/smoke_test.py asks of a build
        "MNIST_DRAW_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-m", "mnist_draw"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    events = {event["event"]: event for event in map(json.loads, filter(None, result.stdout.splitlines()))
              if isinstance(event, dict)}  # fmt: skip
    assert events["view-heat"]["top"] == 7
    assert events["view-inside"]["layers"] > 0
    assert events["view-compare"]["answers"]["app"] == "7"
    assert "idle" in events
