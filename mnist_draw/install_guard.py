"""One model install at a time, and a model never lost to a crash mid-install.

Installing swaps the user's model folder in with two renames: the live folder
to ``.model-previous``, then the staged one into place. Two windows
installing at once would share the staging folder and mix their files, so an
install holds a lock (released by the system if its process dies). A crash
between the two renames leaves no live folder and the user's model in
``.model-previous``: :func:`recover` puts it back, at the next start or install.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Iterator

from .classifier import ModelError

LOCK_NAME = ".install.lock"
PREVIOUS_NAME = ".model-previous"
WAIT_SECONDS = 15.0


@contextlib.contextmanager
def held(folder: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the install lock of ``folder`` (the per-user folder) while the block runs."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+b") as handle:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise ModelError(
                    "Another mnist-draw window is installing a model right now. Your model was not changed; "
                    "try again in a moment."
                )
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(handle)


def recover(target: Path) -> bool:
    """Put the previous model back if an install died between its renames; True if it did."""
    target = Path(target)
    previous = target.with_name(PREVIOUS_NAME)
    if target.exists() or not previous.is_dir():
        return False
    try:
        os.replace(previous, target)
    except OSError:
        return False  # read-only or vanished: the bundled model is used, the files stay where they are
    return True


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass  # closing the file releases it anyway
