"""Model checks whose child process really hangs, shared by the core's and the window's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def hanging_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make every model check's child hang as it starts, as a child stuck loading a
    model does: a ``sitecustomize`` on its path writes its process id into the file
    returned, then sleeps. The child's own start, not a stand-in for it; undone
    with the test's other patches (or by setting PYTHONPATH back)."""
    hang = tmp_path / "hang"
    hang.mkdir()
    started = tmp_path / "child-started"
    (hang / "sitecustomize.py").write_text(f"import os, time\nopen({str(started)!r}, 'w').write(str(os.getpid()))\ntime.sleep(600)\n")
    existing = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", str(hang) + (os.pathsep + existing if existing else ""))
    return started


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
