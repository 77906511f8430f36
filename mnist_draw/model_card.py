"""A model's card: what it is, how it was trained, how well it reads.

The card is ``model.json`` beside the model's files. It is read through
:class:`ModelCard` only, checked on the way in: a field of the wrong type is a
damaged card (:class:`ModelCardError`, in plain words), a missing field takes
its default, and a field this version does not know is kept in ``extra``, so a
card written by a newer mnist-draw survives being read and written again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import model_files, safe_files
from .reading import DIGITS


# A card is a few kilobytes; anything near this is not a card.
MAX_CARD_BYTES = 1 << 20


def architecture_parts(name: str) -> tuple[int | None, str]:
    """How many networks a model named ``name`` averages, and the recipe that built
    them: "3x-cnn-v2" -> (3, "cnn-v2"); a single network's name is its recipe's."""
    count, _, recipe = name.partition("x-")
    return (int(count), recipe) if recipe and count.isdigit() else (None, name)


class ModelCardError(ValueError):
    """The card cannot be read; the message says why, for the user."""


@dataclass
class ModelCard:
    architecture: str | None = None
    parameters: int | None = None
    input_shape: list[int] = field(default_factory=lambda: [_side(), _side(), 1])
    outputs: int = DIGITS  # a model may add an eleventh output: "not a digit"
    preprocessing_version: int | None = None
    trained: str | None = None  # ISO date and time
    epochs: int | None = None
    plain_epochs: int | None = None  # undistorted passes that ended the training
    members: int | None = None  # networks averaged; None for a fine-tuned model
    seed: int | None = None
    recipe: str | None = None
    data: dict[str, int] = field(default_factory=dict)  # training data: name -> digits
    fine_tuned_from: str | None = None
    training_seconds: float | None = None
    machine: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    mnist_test_accuracy: float | None = None
    pendigits_test_accuracy: float | None = None
    user_holdout_accuracy: float | None = None
    temperature: float = 1.0  # calibration: probabilities are softmax(logits / temperature)
    not_digit_threshold: float | None = None
    activations_file: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # fields this version does not know

    # --- files ---------------------------------------------------------------------

    @classmethod
    def read(cls, folder: Path) -> ModelCard | None:
        """The card in ``folder``, None when it has none; :class:`ModelCardError` when damaged."""
        path = Path(folder) / model_files.CARD_NAME
        try:
            text = safe_files.read_bytes(path, MAX_CARD_BYTES, "model card").decode("utf-8")
        except safe_files.FileRefused as error:
            if isinstance(error.__cause__, FileNotFoundError):
                return None
            raise ModelCardError(f"The model card cannot be read: {error}") from error
        except UnicodeDecodeError as error:
            raise ModelCardError(f"The model card {path} is damaged: it is not UTF-8 text.") from error
        try:
            raw = json.loads(text)
        except ValueError as error:
            raise ModelCardError(f"The model card {path} is damaged: it is not valid JSON.") from error
        except RecursionError as error:  # a card nested 100,000 deep (issue 11)
            raise ModelCardError(f"The model card {path} is damaged: it is nested too deeply.") from error
        try:
            return cls.from_dict(raw)
        except ModelCardError as error:
            raise ModelCardError(f"The model card {path} is damaged: {error}") from error

    def write(self, folder: Path) -> None:
        """Write the card into ``folder`` through a temporary file and a rename."""
        model_files.atomic_write(Path(folder) / model_files.CARD_NAME, self.to_json().encode())

    # --- conversions -------------------------------------------------------------------

    @classmethod
    def from_dict(cls, raw: object) -> ModelCard:
        if not isinstance(raw, dict):
            raise ModelCardError("it is not a JSON object.")
        values: dict[str, Any] = {}
        known = {f.name for f in fields(cls)} - {"extra"}
        for name in known:
            if name in raw:
                values[name] = _checked(name, raw[name])
        values["extra"] = {key: value for key, value in raw.items() if key not in known}
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        known = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        return {**known, **self.extra}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    # --- what it says ---------------------------------------------------------------------

    def version_warning(self) -> str | None:
        """A plain sentence when the model was trained on drawings prepared another way
        than this mnist-draw prepares them; None when they match or the card does not say."""
        version = self.preprocessing_version
        from .preprocess import PREPROCESSING_VERSION  # numpy and Pillow: not before the window shows

        if version is None or version == PREPROCESSING_VERSION:
            return None
        return (
            f"This model was trained for version {version} of the drawing preparation, and this "
            f"mnist-draw prepares drawings with version {PREPROCESSING_VERSION}, so it may read less "
            "accurately than its card says. Retrain it (Model > Retrain) to bring it up to date."
        )


# The type each field must have, in words for the message when it does not.
_OPTIONAL_INT = ((int,), "a whole number")
_OPTIONAL_FLOAT = ((int, float), "a number")
_OPTIONAL_TEXT = ((str,), "text")
_EXPECTED: dict[str, tuple[tuple[type, ...], str, bool]] = {
    # name: (types, in words, may be null)
    "architecture": (*_OPTIONAL_TEXT, True),
    "parameters": (*_OPTIONAL_INT, True),
    "input_shape": ((list,), "a list of whole numbers", False),
    "outputs": ((int,), "a whole number", False),
    "preprocessing_version": (*_OPTIONAL_INT, True),
    "trained": (*_OPTIONAL_TEXT, True),
    "epochs": (*_OPTIONAL_INT, True),
    "plain_epochs": (*_OPTIONAL_INT, True),
    "members": (*_OPTIONAL_INT, True),
    "seed": (*_OPTIONAL_INT, True),
    "recipe": (*_OPTIONAL_TEXT, True),
    "data": ((dict,), "a table of counts", False),
    "fine_tuned_from": (*_OPTIONAL_TEXT, True),
    "training_seconds": (*_OPTIONAL_FLOAT, True),
    "machine": (*_OPTIONAL_TEXT, True),
    "versions": ((dict,), "a table of versions", False),
    "mnist_test_accuracy": (*_OPTIONAL_FLOAT, True),
    "pendigits_test_accuracy": (*_OPTIONAL_FLOAT, True),
    "user_holdout_accuracy": (*_OPTIONAL_FLOAT, True),
    "temperature": ((int, float), "a number", False),
    "not_digit_threshold": (*_OPTIONAL_FLOAT, True),
    "activations_file": (*_OPTIONAL_TEXT, True),
}


def _checked(name: str, value: Any) -> Any:
    types, words, nullable = _EXPECTED[name]
    if value is None and nullable:
        return None
    # bool is an int to Python, never a count or an accuracy on a card.
    if isinstance(value, bool) or not isinstance(value, types):
        raise ModelCardError(f"its {name!r} should be {words}, not {value!r}.")
    if name == "input_shape" and not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        raise ModelCardError(f"its {name!r} should be {words}, not {value!r}.")
    if name == "data" and not all(isinstance(n, int) and not isinstance(n, bool) for n in value.values()):
        raise ModelCardError(f"its {name!r} should be {words}, not {value!r}.")
    if name == "versions":
        return {str(key): str(version) for key, version in value.items()}
    if name == "temperature" and not 0.05 <= value <= 20:  # also refuses NaN and infinity
        raise ModelCardError(f"its temperature should be a number from 0.05 to 20, not {value!r}.")
    if name == "not_digit_threshold" and not 0 < value <= 1:
        raise ModelCardError(f"its not-a-digit threshold should be a probability above 0, not {value!r}.")
    if types == (int, float):
        return float(value)
    return value


def _side() -> int:
    # preprocess owns the input's side; it is imported only when a card is made,
    # so the window (which imports this module) shows before numpy loads.
    from .preprocess import SIDE

    return SIDE
