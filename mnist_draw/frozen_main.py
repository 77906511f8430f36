"""The frozen program's entry point (PyInstaller, ``packaging/mnist_draw.spec``).

The same as the ``mnist-draw`` command: no arguments opens the window, and
``predict``, ``evaluate``, ``train`` and ``bench`` work as usual, so the
retrain dialog can start this very executable as ``<exe> train ...``.

One thing differs from a normal start: a windowed executable (Windows'
``mnist-draw-gui.exe``) begins with ``sys.stdout`` and ``sys.stderr`` set to
None. ``print`` and argparse cope with that, but a library writing to
``sys.stdout`` directly (Keras's progress bar, a logging handler, a
``flush()``) would raise, so missing streams are pointed at the null device
first. Started by the retrain dialog through pipes, the streams are real and
left alone.
"""

from __future__ import annotations

import os
import sys


def _ensure_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def main() -> int:
    _ensure_streams()
    if sys.argv[1:2] == ["--check-model"]:
        # The child process that checks a model from outside before the app loads
        # it (mnist_draw/model_check.py): the frozen stand-in for ``python -m``.
        from mnist_draw.model_check import main as check_main

        return check_main(sys.argv[2:])
    # An absolute import: PyInstaller runs this file as ``__main__``, outside the package.
    from mnist_draw.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
