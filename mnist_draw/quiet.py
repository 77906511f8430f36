"""Keep the libraries' own chatter off the user's terminal, unless ``--verbose``.

TensorFlow, its absl and CUDA start-up logging, Keras's warnings and LiteRT's
"Created TensorFlow Lite XNNPACK delegate" line say nothing a user of
mnist-draw can act on. Some come from Python (warnings, the ``logging``
module), most from C++ writing straight to file descriptor 2, where only the
descriptor itself can be redirected. ``--verbose`` (or ``MNIST_DRAW_VERBOSE=1``,
which a training child process inherits from the window) lets everything through.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

VERBOSE_ENV = "MNIST_DRAW_VERBOSE"

# Lines of library logging on stderr: absl/glog ("I0000 00:00:17... file.cc:31] ..."),
# TFLite's own ("INFO: Created TensorFlow Lite ..."), and absl's preamble.
NOISE = re.compile(
    r"^(?:[IWEF]\d{4} \d\d:\d\d:[\d.]+\s+\d+ \S+:\d+\]"
    r"|WARNING: All log messages before absl::InitializeLog\(\)"
    r"|INFO: (?:Created TensorFlow Lite|Initialized TensorFlow Lite)"
    r"|WARNING: (?:Logging before InitGoogleLogging|XNNPACK)"
    r"|To enable the following instructions: .* rebuild TensorFlow"
    r"|This TensorFlow binary is optimized to use available CPU instructions)"
)
_LIBRARY_MODULES = r"(keras|tensorflow|tf_keras|absl|google|h5py|ml_dtypes|jax)(\.|$)"


def set_verbose(verbose: bool) -> None:
    """Say whether this process, and the training processes it starts, may be chatty."""
    os.environ[VERBOSE_ENV] = "1" if verbose else ""


def is_verbose() -> bool:
    return os.environ.get(VERBOSE_ENV, "") not in ("", "0")


def before_tensorflow() -> None:
    """Settings that only work when made before TensorFlow is imported."""
    if is_verbose():
        return
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    os.environ.setdefault("GLOG_minloglevel", "3")
    warnings.filterwarnings("ignore", module=_LIBRARY_MODULES)
    for name in ("tensorflow", "absl", "keras", "h5py"):
        logging.getLogger(name).setLevel(logging.ERROR)


def after_tensorflow() -> None:
    """absl's Python logging can only be turned down once it is imported."""
    if is_verbose():
        return
    try:
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.ERROR)
    except ImportError:
        pass


@contextmanager
def stderr_silenced() -> Iterator[None]:
    """Nothing written to file descriptor 2 inside gets out: for the moment a
    C++ library is known to log there (LiteRT creating an interpreter)."""
    if is_verbose():
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):  # no stderr to redirect (a windowed program)
        yield
        return
    with _redirect_lock:
        os.dup2(devnull, 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)


_redirect_lock = threading.Lock()


def filter_stderr() -> None:
    """For the rest of this process, drop library logging lines from stderr and
    pass every other line on (a traceback, this program's own messages).

    For a whole training run, where TensorFlow logs whenever it likes.
    """
    if is_verbose():
        return
    try:
        sys.stderr.flush()
        real = os.dup(2)
        read_end, write_end = os.pipe()
        os.dup2(write_end, 2)
        os.close(write_end)
    except (OSError, ValueError):
        return
    done = threading.Event()

    def pump() -> None:
        with os.fdopen(read_end, "rb") as lines, os.fdopen(real, "wb", buffering=0) as out:
            for line in lines:
                if not NOISE.match(line.decode("utf-8", "replace")):
                    out.write(line)
        done.set()

    threading.Thread(target=pump, name="stderr-filter", daemon=True).start()

    def drain() -> None:
        # Close this process's end of the pipe so the pump sees the end and writes the last lines.
        try:
            sys.stderr.flush()
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        except (OSError, ValueError):
            return
        done.wait(2)

    atexit.register(drain)
