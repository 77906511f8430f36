"""Run the exported model with LiteRT: ten probabilities for a 28x28 digit.

No TensorFlow here: LiteRT imports in about a tenth of a second and answers in
well under a millisecond, where TensorFlow takes seconds to import.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
from ai_edge_litert.interpreter import Interpreter

from .preprocess import SIDE

BATCH_CHUNK = 256


class ModelError(Exception):
    """The model file is missing, damaged or not a digit classifier; the message says which."""


class Classifier:
    """A loaded model. Safe to call from any thread: calls are serialised by a lock,
    because a LiteRT interpreter must not run two invocations at once."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ModelError(f"The model file {self.path} does not exist." if not self.path.exists() else f"{self.path} is not a file.")
        try:
            content = self.path.read_bytes()
        except OSError as error:
            raise ModelError(f"The model file {self.path} cannot be read: {error.strerror or error}.") from error
        self._single = _interpreter(content, self.path, batch=1)
        self._content = content
        self._batch: Interpreter | None = None
        self._lock = threading.Lock()

    def predict(self, image: np.ndarray) -> np.ndarray:
        """The ten probabilities (float32, summing to 1) for one 28x28 image in 0-1."""
        pixels = np.asarray(image, dtype=np.float32).reshape(1, SIDE, SIDE, 1)
        with self._lock:
            self._single.set_tensor(self._single_input, pixels)
            self._single.invoke()
            return self._single.get_tensor(self._single_output)[0].copy()

    def predict_batch(self, images: np.ndarray) -> np.ndarray:
        """Probabilities (n, 10) for images (n, 28, 28), in 0-1 or uint8 0-255."""
        array = np.asarray(images)
        if array.dtype == np.uint8:
            array = array.astype(np.float32) / 255.0
        array = array.astype(np.float32, copy=False).reshape(-1, SIDE, SIDE, 1)
        results = np.empty((len(array), 10), dtype=np.float32)
        full = len(array) - len(array) % BATCH_CHUNK
        with self._lock:
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


def _interpreter(content: bytes, path: Path, batch: int) -> Interpreter:
    try:
        interpreter = Interpreter(model_content=content, num_threads=1)
        details = interpreter.get_input_details()
        if len(details) != 1 or list(details[0]["shape"][1:]) != [SIDE, SIDE, 1]:
            shape = [list(d["shape"]) for d in details]
            raise ModelError(f"{path} is not a digit model: its input is {shape}, expected [n, 28, 28, 1].")
        if batch != int(details[0]["shape"][0]):
            interpreter.resize_tensor_input(details[0]["index"], [batch, SIDE, SIDE, 1])
        interpreter.allocate_tensors()
    except ModelError:
        raise
    except (ValueError, RuntimeError) as error:
        raise ModelError(f"{path} is not a valid model file (it may be truncated or damaged): {error}") from error
    outputs = interpreter.get_output_details()
    if len(outputs) != 1 or int(outputs[0]["shape"][-1]) != 10:
        raise ModelError(f"{path} is not a digit model: it does not give ten outputs.")
    return interpreter
