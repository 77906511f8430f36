"""Help windows, the throttle behind live reading, and starting the real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from mnist_draw.ui import app as app_module
from mnist_draw.ui.help_dialogs import ABOUT_HTML, shortcut_rows
from mnist_draw.ui.throttle import Throttle


def test_the_shortcuts_list_is_made_from_the_actions_themselves(window):
    rows = dict(shortcut_rows(window.keyboard_actions()))
    assert rows["Undo"] == "Ctrl+Z"
    assert rows["Redo"] == "Ctrl+Shift+Z or Ctrl+Y"
    assert rows["Clear"] == "Del or Esc"
    assert rows["Open image"] == "Ctrl+O"
    assert rows["Bigger brush"] == "]" and rows["Smaller brush"] == "["


def test_the_shortcuts_dialog_opens(window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    window.shortcuts_action.trigger()
    assert opened == ["Keyboard shortcuts"]


def test_about_credits_the_data_sets_and_their_licences(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert shown == [ABOUT_HTML]
    for credit in ("LeCun", "Cortes", "Burges", "CC BY-SA 3.0", "Alpaydin", "Alimoglu", "UCI", "CC BY 4.0"):
        assert credit in ABOUT_HTML


def test_throttle_calls_at_once_then_folds_a_burst_into_one_call(qtbot):
    calls = []
    throttle = Throttle(50, lambda: calls.append(time.monotonic()))
    throttle.request()
    assert len(calls) == 1
    for _ in range(10):
        throttle.request()
    assert len(calls) == 1
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=1000)
    qtbot.wait(120)
    assert len(calls) == 2  # nothing pending: no more calls


def test_throttle_call_now_drops_the_pending_call(qtbot):
    calls = []
    throttle = Throttle(30, lambda: calls.append(1))
    throttle.request()
    throttle.request()
    throttle.call_now()
    qtbot.wait(80)
    assert len(calls) == 2


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


def test_the_app_icon_has_every_size():
    icon = app_module.app_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes


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
