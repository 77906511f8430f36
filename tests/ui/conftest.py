"""Fixtures for the window's tests.

Qt runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise (set it
to xcb to watch the tests on a real screen). Every test gets its own settings
file and per-user data folder, so nothing leaks between tests or into the
real user's files, and the window fixture fails a test that leaves a thread
running.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest
from ui_helpers import digit_png

if TYPE_CHECKING:
    from mnist_draw.ui.canvas import DrawingCanvas
    from mnist_draw.ui.main_window import MainWindow


def pytest_configure(config: pytest.Config) -> None:
    # Before any QApplication exists: the platform is chosen when it is created.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    home = tmp_path / "home"
    monkeypatch.setenv("MNIST_DRAW_HOME", str(home))
    return home


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    """The real main window, shown, with the bundled model loaded."""
    from mnist_draw.ui.app import application, create_window

    application()
    main = create_window(None)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    yield main
    main.close()
    running = main.workers.running() + main.models.workers.running()
    assert running == 0, "a background task was still running after the window closed"


@pytest.fixture
def canvas(qtbot) -> DrawingCanvas:
    from mnist_draw.ui.canvas import DrawingCanvas

    widget = DrawingCanvas()
    qtbot.addWidget(widget)
    widget.resize(400, 400)
    widget.show()
    return widget


@pytest.fixture
def digit_file(tmp_path: Path) -> Path:
    path = tmp_path / "one.png"
    path.write_bytes(digit_png("1"))
    return path
