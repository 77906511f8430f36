"""docs/make_screenshots.py, as the README tells a contributor to run it: options it
does not know are refused, never taken for the folder to write into."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "make_screenshots.py"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_help_says_how_to_run_it_and_takes_no_screenshots(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0 and "make_screenshots.py --sizes" in result.stdout
    assert list(tmp_path.iterdir()) == []  # it made a folder named "--help" and filled it


def test_an_unknown_option_is_refused_rather_than_made_a_folder(tmp_path):
    result = run("--size", cwd=tmp_path)
    assert result.returncode == 2 and "there is no option --size" in result.stderr
    assert list(tmp_path.iterdir()) == []
