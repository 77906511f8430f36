"""Which model the app uses: the user's own (retrained or loaded) or the bundled one.

The user's model lives in the per-user data folder, never in the install folder.
If it is missing or damaged, the bundled model is used and the reason is kept
so the window can say so.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import platformdirs

from . import install_guard, model_check, model_files, preprocess, resources
from .classifier import Classifier, ModelError

APP_NAME = "mnist-draw"
USER_DATA_ENV = "MNIST_DRAW_HOME"  # overrides the per-user data folder (tests, portable use)


@dataclass
class LoadedModel:
    classifier: Classifier
    folder: Path  # where model.tflite and its card are
    source: str  # "bundled", "user" or "file"
    card: dict = field(default_factory=dict)
    warning: str | None = None  # why a preferred model was not used

    @property
    def label(self) -> str:
        """A short name for the status bar."""
        names = {"bundled": "bundled model", "user": "your model", "file": "model file"}
        accuracy = self.card.get("mnist_test_accuracy")
        suffix = f" (MNIST {accuracy:.2%})" if isinstance(accuracy, (int, float)) else ""
        return names.get(self.source, self.source) + suffix


def user_data_dir() -> Path:
    override = os.environ.get(USER_DATA_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_model_dir() -> Path:
    return user_data_dir() / "model"


def load_model_folder(folder: Path, source: str) -> LoadedModel:
    """Load the ``.tflite`` of a model folder, or a ``.tflite`` file, checking it reads a digit."""
    folder = Path(folder)
    tflite = folder if folder.suffix == ".tflite" else folder / model_files.TFLITE_NAME
    classifier = Classifier(tflite)
    validate(classifier)
    card_folder = tflite.parent
    return LoadedModel(classifier, card_folder, source, model_files.read_card(card_folder))


def load_active_model(explicit: str | os.PathLike[str] | None = None) -> LoadedModel:
    """The model to use: ``explicit`` if given, else the user's if valid, else the bundled one."""
    if explicit:
        model_check.check(model_check.tflite_of(Path(explicit)), user_data_dir())  # issue 11: a child process first
        return load_model_folder(Path(explicit), "file")
    warning = None
    user_dir = user_model_dir()
    install_guard.recover(user_dir)  # issue 11: an install that died between its renames
    if (user_dir / model_files.TFLITE_NAME).exists():
        try:
            # issue 11: checked in a child unless unchanged since, and set aside if it crashed the last start
            return model_check.guarded_load(user_dir / model_files.TFLITE_NAME, user_data_dir(), lambda: load_model_folder(user_dir, "user"))
        except ModelError as error:
            warning = f"Your model could not be used, so the bundled one is in use instead. {error}"
    loaded = load_model_folder(resources.bundled_model_dir(), "bundled")
    loaded.warning = warning
    return loaded


def install_user_model(source: Path) -> Path:
    """Make ``source`` (a model folder or a ``.tflite`` file) the user's model,
    remembered at the next start.

    Validated first, then the files are staged in a sibling folder and swapped in
    with renames, so a failure (a full disk) leaves the previous model whole: the
    three files always belong together.
    """
    source = Path(source)
    model_check.check(model_check.tflite_of(source), user_data_dir(), force=True)  # issue 11: a child process first
    load_model_folder(source, "file")  # refuse anything that does not read a digit
    folder = source.parent if source.suffix == ".tflite" else source
    tflite = source if source.suffix == ".tflite" else folder / model_files.TFLITE_NAME
    target = user_model_dir()
    with install_guard.held(user_data_dir()):  # issue 11: one install at a time
        install_guard.recover(target)
        _swap_in(source, folder, tflite, target)
    return target


def _swap_in(source: Path, folder: Path, tflite: Path, target: Path) -> None:
    staging = target.with_name(".model-incoming")
    previous = target.with_name(".model-previous")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        model_files.atomic_write(staging / model_files.TFLITE_NAME, tflite.read_bytes())
        # A lone .tflite from elsewhere has no card or Keras file of its own.
        if source.suffix != ".tflite" or tflite.name == model_files.TFLITE_NAME:
            for name in (model_files.KERAS_NAME, model_files.CARD_NAME):
                if (folder / name).is_file():
                    model_files.atomic_write(staging / name, (folder / name).read_bytes())
        shutil.rmtree(previous, ignore_errors=True)
        if target.exists():
            os.replace(target, previous)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(previous, ignore_errors=True)


def reset_to_bundled() -> None:
    """Forget the user's model; the bundled one is used from then on."""
    shutil.rmtree(user_model_dir(), ignore_errors=True)


def validate(classifier: Classifier) -> None:
    """Check that a model reads a known, clear digit: a vertical bar is a 1.

    Catches models with the right shapes but the wrong weights (a model for a
    different task, or one exported wrongly) before the user sees nonsense.
    """
    probabilities = classifier.predict(_reference_one())
    if not np.all(np.isfinite(probabilities)) or abs(float(probabilities.sum()) - 1.0) > 1e-3:
        raise ModelError(f"{classifier.path} does not output probabilities.")
    if int(np.argmax(probabilities)) != 1:
        raise ModelError(f"{classifier.path} does not recognise a plain 1; it is not a working digit model.")


def _reference_one() -> np.ndarray:
    prepared = preprocess.strokes_to_input([[(0.0, 0.0), (0.0, 10.0)]])
    assert prepared.pixels is not None
    return prepared.pixels
