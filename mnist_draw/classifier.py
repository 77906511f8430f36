"""Run the exported model with LiteRT: ten calibrated probabilities for a 28x28
digit, and how likely it is not a digit at all.

No TensorFlow here: LiteRT imports in about a tenth of a second and answers in
well under a millisecond, where TensorFlow takes seconds to import.

A model gives ten outputs (one per digit) or eleven (the ten, then "not a
digit"). Its card's temperature and "not a digit" threshold are applied here,
so every caller sees the same calibrated answer (:mod:`calibration`).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Iterator

import numpy as np
from ai_edge_litert.interpreter import Interpreter

from . import calibration, safe_files
from .preprocess import SIDE
from .reading import DIGITS
from .quiet import stderr_silenced

BATCH_CHUNK = 256
MAX_MODEL_BYTES = 256 << 20  # a digit model is a few megabytes
# Two threads read one drawing in 0.58 ms where one took 0.96 (median, the three-network
# model on a 2-core 2.3 GHz Xeon), keeping every pen move under the 2 ms the app promises;
# more than two were not measured, and would contend with the window's painting.
INFERENCE_THREADS = min(2, os.cpu_count() or 1)
# What to do about a model file that is not one (the window says which model it still uses after it).
USE_ANOTHER = "Use a model that mnist-draw's training made: its model.tflite, or the folder it is in."


class ModelError(ValueError):
    """The model file is missing, damaged or not a digit classifier; the message says which."""


class Classifier:
    """A loaded model. Safe to call from any thread: calls are serialised by a lock,
    because a LiteRT interpreter must not run two invocations at once."""

    def __init__(
        self, path: str | os.PathLike[str], temperature: float = 1.0, not_digit_threshold: float | None = None
    ) -> None:
        self.path = Path(path)
        self.temperature = temperature
        self.not_digit_threshold = not_digit_threshold
        try:
            content = safe_files.read_bytes(self.path, MAX_MODEL_BYTES, "model")
        except safe_files.FileRefused as error:
            raise ModelError(str(error)) from error  # names the file and says what is wrong with it
        if not content:
            raise ModelError(f"{self.path} is empty (0 bytes): it is not a model. {USE_ANOTHER}")
        self._single = _interpreter(content, self.path, batch=1)
        # Ten digit probabilities, or eleven: the ten, then "not a digit".
        self.outputs = int(self._single.get_output_details()[0]["shape"][-1])
        self._content = content
        self._batch: Interpreter | None = None
        self._lock = threading.Lock()

    @property
    def can_reject(self) -> bool:
        """Whether this model can answer "not a digit"."""
        return self.outputs > DIGITS and self.not_digit_threshold is not None

    def read(self, image: np.ndarray) -> tuple[np.ndarray, float]:
        """The ten calibrated digit probabilities (float32, summing to 1) for one
        28x28 image in 0-1, and the calibrated probability that it is not a digit."""
        digits, not_digit = calibration.split(self.raw(image)[None], self.temperature)
        return digits[0], float(not_digit[0])

    def read_batch(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`read` for images (n, 28, 28), in 0-1 or uint8 0-255: (n, 10) and (n,)."""
        return calibration.split(self.raw_batch(images), self.temperature)

    def rejects(self, not_digit: float | np.ndarray) -> np.ndarray:
        """Whether "not a digit" probabilities from :meth:`read` mean it is not a digit."""
        threshold = self.not_digit_threshold if self.can_reject else np.inf
        return np.asarray(not_digit) >= threshold

    def predict(self, image: np.ndarray) -> np.ndarray:
        """The ten calibrated digit probabilities for one 28x28 image in 0-1."""
        return self.read(image)[0]

    def predict_batch(self, images: np.ndarray) -> np.ndarray:
        """The ten calibrated digit probabilities (n, 10) for images (n, 28, 28)."""
        return self.read_batch(images)[0]

    def raw(self, image: np.ndarray) -> np.ndarray:
        """The model's own outputs for one image, uncalibrated (10 or 11 values)."""
        pixels = np.asarray(image, dtype=np.float32).reshape(1, SIDE, SIDE, 1)
        with self._lock, _run_failures_as_model_errors(self.path):
            self._single.set_tensor(self._single_input, pixels)
            self._single.invoke()
            return self._single.get_tensor(self._single_output)[0].copy()

    def raw_batch(self, images: np.ndarray) -> np.ndarray:
        """The model's own outputs (n, 10 or 11) for images (n, 28, 28), in 0-1 or uint8 0-255."""
        array = np.asarray(images)
        if array.dtype == np.uint8:
            array = array.astype(np.float32) / 255.0
        array = array.astype(np.float32, copy=False).reshape(-1, SIDE, SIDE, 1)
        results = np.empty((len(array), self.outputs), dtype=np.float32)
        full = len(array) - len(array) % BATCH_CHUNK
        with self._lock, _run_failures_as_model_errors(self.path):
            # Resizing an interpreter to another batch size costs as much as reading
            # a dozen digits, and a batch reads no faster per digit than one at a
            # time: so full chunks go through one interpreter of BATCH_CHUNK, the
            # rest through the single one.
            for start in range(0, full, BATCH_CHUNK):
                interpreter = self._batch_interpreter()
                interpreter.set_tensor(interpreter.get_input_details()[0]["index"], array[start : start + BATCH_CHUNK])
                interpreter.invoke()
                results[start : start + BATCH_CHUNK] = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
            single_input, single_output = self._single_input, self._single_output
            for index in range(full, len(array)):
                self._single.set_tensor(single_input, array[index : index + 1])
                self._single.invoke()
                results[index] = self._single.get_tensor(single_output)[0]
        return results

    @property
    def _single_input(self) -> int:
        return self._single.get_input_details()[0]["index"]

    @property
    def _single_output(self) -> int:
        return self._single.get_output_details()[0]["index"]

    def _batch_interpreter(self) -> Interpreter:
        if self._batch is None:
            self._batch = _interpreter(self._content, self.path, batch=BATCH_CHUNK)
        return self._batch


@contextlib.contextmanager
def _run_failures_as_model_errors(path: Path) -> Iterator[None]:
    """A model that loads but fails when run (a damaged operator, an input of the
    wrong type) raises RuntimeError or ValueError from LiteRT: say it plainly."""
    try:
        yield
    except ModelError:
        raise
    except (RuntimeError, ValueError) as error:
        raise ModelError(f"{path.name} fails when it is run: the model file is damaged or is not a digit model. {USE_ANOTHER}") from error


def _interpreter(content: bytes, path: Path, batch: int) -> Interpreter:
    # LiteRT's C++ logs "Created TensorFlow Lite XNNPACK delegate" (and its own
    # wording of a damaged file) on stderr; the message below says what matters.
    with stderr_silenced():
        return _checked_interpreter(content, path, batch)


def _checked_interpreter(content: bytes, path: Path, batch: int) -> Interpreter:
    try:
        interpreter = Interpreter(model_content=content, num_threads=INFERENCE_THREADS)
        details = interpreter.get_input_details()
        if len(details) != 1 or list(details[0]["shape"][1:]) != [SIDE, SIDE, 1]:
            shapes = " and ".join("[" + ", ".join(str(int(n)) for n in d["shape"]) + "]" for d in details) or "nothing"
            raise ModelError(f"{path.name} is not a digit model: it takes {shapes}, where a digit model takes [n, 28, 28, 1]. {USE_ANOTHER}")
        if details[0]["dtype"] != np.float32:
            raise ModelError(f"{path.name} is not a digit model of this app: its input is not floating-point pixels. {USE_ANOTHER}")
        if batch != int(details[0]["shape"][0]):
            interpreter.resize_tensor_input(details[0]["index"], [batch, SIDE, SIDE, 1])
        interpreter.allocate_tensors()
    except ModelError:
        raise
    except (ValueError, RuntimeError) as error:
        raise ModelError(f"{path.name} is damaged, cut short, or not a TensorFlow Lite model. {USE_ANOTHER}") from error
    outputs = interpreter.get_output_details()
    if len(outputs) != 1 or int(outputs[0]["shape"][-1]) not in (10, 11):
        raise ModelError(f"{path.name} is not a digit model: it does not give ten digit probabilities. {USE_ANOTHER}")
    return interpreter
