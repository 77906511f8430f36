"""One model install at a time, and a model never lost to a crash mid-install.

Installing swaps the user's model folder in with two renames: the live folder
to ``.model-previous``, then the staged one into place. Two windows
installing at once would share the staging folder and mix their files, so an
install holds a lock (released by the system if its process dies). A crash
between the two renames leaves no live folder and the user's model in
``.model-previous``: :func:`recover` puts it back, at the next start or install,
always holding the lock, so it never mistakes another window's install in
progress for one that died.

An install that must not outlive its window (the window closing) is given a
``stop`` event: set, the wait for the lock ends at once with
:class:`InstallStopped`, and so does a check in a child process
(:mod:`.model_check`), so the install ends before anything was put in place.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Iterator

from . import user_data
from .classifier import ModelError

WAIT_SECONDS = 15.0


class InstallBusy(ModelError):
    """Another process holds the install lock for longer than we wait."""


class InstallStopped(ModelError):
    """Whoever asked for the install stopped it (``stop`` was set) before the model was put in place."""

    def __init__(self) -> None:
        super().__init__("The install was stopped before the model was put in place. Your model was not changed.")


def stop_if_asked(stop: threading.Event | None) -> None:
    """Raise :class:`InstallStopped` if ``stop`` is set."""
    if stop is not None and stop.is_set():
        raise InstallStopped()


@contextlib.contextmanager
def held(wait: float | None = None, stop: threading.Event | None = None) -> Iterator[None]:
    """Hold the per-user install lock while the block runs, waiting at most
    ``wait`` seconds (default WAIT_SECONDS) for another install to end, and
    no longer once ``stop`` is set (:class:`InstallStopped`)."""
    wait = WAIT_SECONDS if wait is None else wait
    lock = user_data.install_lock_file()
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as handle:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            stop_if_asked(stop)
            if time.monotonic() > deadline:
                raise InstallBusy(
                    "Another mnist-draw window is installing a model right now. Your model was not changed; "
                    "try again in a moment."
                )
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(handle)


def recover() -> bool:
    """Put the previous model back if an install died between its renames; True if it did.

    Call it holding the lock (:func:`held`): without it, another window's
    install that is between its renames looks just like one that died.
    """
    target, previous = user_data.model_dir(), user_data.previous_model_dir()
    if not _needs_recovery():
        return False
    try:
        os.replace(previous, target)
    except OSError:
        return False  # read-only or vanished: the bundled model is used, the files stay where they are
    return True


def recover_unless_busy() -> bool:
    """:func:`recover` at a start, under the lock, without waiting: when another
    window holds it, that install is alive and ends whole by itself. True if it
    put the previous model back."""
    if not _needs_recovery():
        return False  # the usual case: no lock taken, and nothing written to a first start's empty folder
    try:
        with held(wait=0):
            return recover()
    except (InstallBusy, OSError):  # busy, or a folder that cannot be written: nothing to put back from here
        return False


def _needs_recovery() -> bool:
    return not user_data.model_dir().exists() and user_data.previous_model_dir().is_dir()


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
