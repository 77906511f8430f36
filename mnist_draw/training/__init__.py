"""The training layer: the only code that imports TensorFlow and Keras.

It runs in a process of its own (``mnist-draw train``, which the retrain dialog
starts), so the window never pays TensorFlow's start-up time or memory; the core
(``mnist_draw/*.py``) and the window (``mnist_draw/ui/``) never import it
(import-linter contracts in pyproject.toml). Where things live:
docs/ARCHITECTURE.md.

TensorFlow is imported here, before any module of the package runs, so that
its start-up chatter stays off the terminal (unless ``--verbose``) whichever
module is imported first. Where TensorFlow is missing (the light build), this
import fails and ``mnist-draw train`` says so in plain words.
"""

from __future__ import annotations

from .. import quiet

quiet.before_tensorflow()

import tensorflow  # noqa: E402,F401
import keras  # noqa: E402,F401

quiet.after_tensorflow()


class TrainingError(Exception):
    """Training cannot start or go on; the message is for the user."""
