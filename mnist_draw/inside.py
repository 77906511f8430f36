"""Look inside the network: every layer's activations for one drawing, named for learners.

Reads ``activations.tflite``, which training exports beside ``model.tflite``
(:mod:`mnist_draw.training.activations_export`): the same weights, with each layer worth
showing as a named output (``NN_KIND_mM``: place, kind, networks averaged). Here
they become :class:`Layer` objects such as "convolution 1: 32 feature maps 28x28".

Core module: LiteRT and numpy, no TensorFlow. A model without the file (an old
user model) has no inside view; :data:`NO_ACTIVATIONS` says so in plain words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from ai_edge_litert.interpreter import Interpreter

from . import model_files, safe_files
from .classifier import MAX_MODEL_BYTES, ModelError
from .model_card import ModelCard
from .preprocess import SIDE
from .reading import DIGITS, NOT_A_DIGIT

SIGNATURE = "serve"
NO_ACTIVATIONS = (
    "This model cannot show its layers: it has no activations.tflite beside it "
    "(models trained by an older mnist-draw do not). Retrain it to get one; its readings are not affected."
)
_NAME = re.compile(r"^(\d+)_(conv|pool|dense|output)_m(\d+)$")
_WORDS = {"conv": "convolution", "pool": "pooling", "dense": "dense layer"}


def output_labels(units: int) -> list[str]:
    """What each unit of an output layer stands for: the ten digits, then (an
    eleven-output model) "not a digit"."""
    return [str(digit) for digit in range(min(units, DIGITS))] + [NOT_A_DIGIT] * (units > DIGITS)


@dataclass(frozen=True)
class Layer:
    """One layer's activations for one input."""

    name: str  # for a learner: "convolution 1: 32 feature maps 28x28"
    kind: str  # "conv", "pool", "dense" or "output"
    values: np.ndarray  # (height, width, maps) for conv and pool; (units,) for dense and output

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.values.shape)

    @property
    def is_maps(self) -> bool:
        return self.values.ndim == 3


class Inside:
    """A loaded activations model. Calls are serialised: an interpreter runs one at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # Read whole, as the classifier does: a FIFO or a huge file is refused unread, and
        # no handle stays open to stop a reset or an install from moving the model's folder.
        try:
            content = safe_files.read_bytes(self.path, MAX_MODEL_BYTES, "model")
        except safe_files.FileRefused as error:
            raise ModelError(str(error)) from error
        not_ours = ModelError(f"{self.path.name} is not an activations model made by mnist-draw: its layers are not named as expected.")
        try:
            self._interpreter = Interpreter(model_content=content, num_threads=1)
        except (ValueError, RuntimeError) as error:
            raise ModelError(f"{self.path.name} is not a readable activations model: it is damaged or cut short.") from error
        try:
            self._runner = self._interpreter.get_signature_runner(SIGNATURE)
            outputs = self._interpreter.get_signature_list()[SIGNATURE]["outputs"]
        except (ValueError, RuntimeError, KeyError) as error:
            raise not_ours from error
        parsed = [(_NAME.match(name), name) for name in outputs]
        if not parsed or any(match is None for match, _ in parsed):
            raise not_ours
        self._outputs = sorted(parsed, key=lambda item: int(item[0].group(1)))
        self.members = int(self._outputs[0][0].group(3))
        self._lock = threading.Lock()

    @classmethod
    def for_model(cls, folder: str | Path, card: ModelCard | None) -> "Inside | None":
        """The activations model a model's card names, beside its ``model.tflite``
        (``folder``: the model's folder or the ``.tflite`` itself), or None when
        the card names none or the file is missing (show :data:`NO_ACTIVATIONS`)."""
        path = model_files.activations_path(Path(folder), card)
        return cls(path) if path is not None else None

    def layers(self, pixels: np.ndarray) -> list[Layer]:
        """Every layer's activations, in order, for one 28x28 input in 0-1."""
        digit = np.asarray(pixels, dtype=np.float32).reshape(1, SIDE, SIDE, 1)
        with self._lock:
            values = self._runner(digit=digit)
        counts: dict[str, int] = {}
        layers = []
        for match, output in self._outputs:
            kind = match.group(2)
            counts[kind] = counts.get(kind, 0) + 1
            array = np.asarray(values[output])[0]
            layers.append(Layer(self._name(kind, counts[kind], array.shape), kind, array))
        return layers

    def _name(self, kind: str, number: int, shape: tuple[int, ...]) -> str:
        if kind == "output":
            what = f"{shape[-1]} probabilities" + (" (the ten digits, then not a digit)" if shape[-1] > DIGITS else "")
            if self.members > 1:
                return f"output of network 1: {what}; the app reads the average of its {self.members} networks"
            return f"output: {what}"
        if len(shape) == 3:
            height, width, maps = shape
            text = f"{_WORDS[kind]} {number}: {maps} feature maps {height}x{width}"
        else:
            text = f"{_WORDS[kind]} {number}: {shape[-1]} units"
        return text + (f" (network 1 of {self.members})" if self.members > 1 else "")
