"""The real program on a real X server: draw a "1" with the X pointer and read the title.

Starts ``python -m mnist_draw`` under Xvfb and moves the pointer with xdotool,
so the whole path runs as it does for a user: X input events, Qt's xcb
platform, the canvas, the live reading and the window title the desktop shows.

Needs Xvfb and xdotool (apt-get install xvfb xdotool). Without them the test
is skipped on a developer's machine and fails in CI (when CI is set), so a CI
image that lacks them cannot pass by skipping it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

pytestmark = pytest.mark.slow

TITLE = re.compile(r"^(\d) \([<>]?(\d+)%\) - mnist-draw$")
TIMEOUT = 30.0


def require_tools() -> None:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{' and '.join(missing)} not installed (apt-get install xvfb xdotool)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run the end-to-end test, not skip it")
    pytest.skip(message)


@pytest.fixture
def display() -> Iterator[str]:
    require_tools()
    read_end, write_end = os.pipe()
    # -displayfd: Xvfb picks a free display number and writes it to the pipe.
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def program(display: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "MNIST_DRAW_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    env.pop("MNIST_DRAW_EXIT_WHEN_READY", None)
    app = subprocess.Popen(
        [sys.executable, "-m", "mnist_draw"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        yield env
    finally:
        app.terminate()
        try:
            output, _ = app.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            output, _ = app.communicate()
        if "Traceback" in output:
            pytest.fail(f"the program printed a traceback:\n{output}")


def xdotool(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        raise AssertionError(f"xdotool {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


def wait_for_title(env: dict[str, str], window: str, wanted) -> str:
    deadline = time.monotonic() + TIMEOUT
    title = ""
    while time.monotonic() < deadline:
        title = xdotool(env, "getwindowname", window)
        if wanted(title):
            return title
        time.sleep(0.1)
    raise AssertionError(f"the window title stayed {title!r}")


def test_a_one_drawn_with_the_x_pointer_is_read_in_the_window_title(program):
    env = program
    window = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "^mnist-draw$").splitlines()[0]
    geometry = dict(line.split("=") for line in xdotool(env, "getwindowgeometry", "--shell", window).splitlines())
    left, top = int(geometry["X"]), int(geometry["Y"])
    width, height = int(geometry["WIDTH"]), int(geometry["HEIGHT"])
    # The canvas fills the left of the window, the reading panel the right: a
    # vertical line a third of the way across is well inside the paper.
    x = left + int(width * 0.35)
    y_start, y_end = top + int(height * 0.30), top + int(height * 0.75)
    moves: list[str] = ["mousemove", str(x), str(y_start), "mousedown", "1"]
    for y in range(y_start, y_end + 1, 6):
        moves += ["mousemove", str(x), str(y), "sleep", "0.01"]
    moves += ["mouseup", "1"]
    xdotool(env, *moves)

    title = wait_for_title(env, window, lambda text: TITLE.match(text) is not None)
    digit, percent = TITLE.match(title).groups()
    assert digit == "1", f"a vertical line was read as {title!r}"
    assert 0 < int(percent) <= 100

    # Esc clears the canvas, and the title goes back to the bare name.
    xdotool(env, "windowfocus", "--sync", window)
    xdotool(env, "key", "--window", window, "Escape")
    wait_for_title(env, window, lambda text: text == "mnist-draw")
