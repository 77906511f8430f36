"""Which model the app uses: the user's own (retrained or loaded) or the bundled one.

The user's model lives in the per-user data folder (:mod:`.user_data`), never
in the install folder.
If it is missing or damaged, the bundled model is used and the reason is kept
so the window can say so.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import install_guard, model_check, model_files, preprocess, resources, user_data
from .classifier import Classifier, ModelError
from .model_card import ModelCard, ModelCardError
from .wording import system_reason


@dataclass
class LoadedModel:
    classifier: Classifier
    folder: Path  # where model.tflite and its card are
    source: str  # "bundled", "user" or "file"
    card: ModelCard | None = None  # None: the model has no card, or a damaged one
    warning: str | None = None  # why a preferred model was not used, or what to doubt about this one

    @property
    def label(self) -> str:
        """A short name for the status bar."""
        names = {"bundled": "bundled model", "user": "your model", "file": "model file"}
        accuracy = self.card.mnist_test_accuracy if self.card else None
        suffix = f" (MNIST {accuracy:.2%})" if accuracy is not None else ""
        return names.get(self.source, self.source) + suffix

    @property
    def in_words(self) -> str:
        """The model as a sentence names it: "the bundled model", "your model"."""
        return {"bundled": "the bundled model", "user": "your model"}.get(self.source, f"the model file {self.classifier.path.name}")


def load_model_folder(folder: Path, source: str) -> LoadedModel:
    """Load the ``.tflite`` of a model folder, or a ``.tflite`` file, checking it reads a digit."""
    folder = Path(folder)
    tflite = folder if folder.suffix == ".tflite" else folder / model_files.TFLITE_NAME
    card_folder = tflite.parent
    # A card that says little or is damaged does not stop the model from reading: say so and go on.
    try:
        card, warning = ModelCard.read(card_folder), None
    except ModelCardError as error:
        card, warning = None, f"{error} Its accuracy and training date are unknown."
    classifier = Classifier(tflite)
    if card is not None and card.outputs == classifier.outputs:  # the card is this model's: calibrate as it says
        classifier.temperature, classifier.not_digit_threshold = card.temperature, card.not_digit_threshold
    validate(classifier)
    if card is not None and warning is None:
        warning = card.version_warning()
    return LoadedModel(classifier, card_folder, source, card, warning)


def load_active_model(explicit: str | os.PathLike[str] | None = None) -> LoadedModel:
    """The model to use: ``explicit`` if given, else the user's if valid, else the bundled one."""
    if explicit:
        model_check.check(model_check.tflite_of(Path(explicit)))  # issue 11: a child process first
        return load_model_folder(Path(explicit), "file")
    warning = None
    user_dir = user_data.model_dir()
    install_guard.recover_unless_busy()  # issue 11: an install that died between its renames
    if user_data.has_user_model():
        try:
            # issue 11: checked in a child unless unchanged since, and set aside if it crashed the last start
            return model_check.guarded_load(user_dir / model_files.TFLITE_NAME, lambda: load_model_folder(user_dir, "user"))
        except ModelError as error:
            warning = f"Your model could not be used, so the bundled one is in use instead. {error}"
    loaded = load_model_folder(resources.bundled_model_dir(), "bundled")
    loaded.warning = " ".join(part for part in (warning, loaded.warning) if part) or None
    return loaded


class StoreError(ModelError):
    """The user's model folder could not be changed; the text says what was kept and what to do."""


def install_user_model(source: Path, stop: threading.Event | None = None) -> Path:
    """Make ``source`` (a model folder or a ``.tflite`` file) the user's model,
    remembered at the next start.

    Validated first, then the files are staged in a sibling folder and swapped in
    with renames, so a failure (a full disk, a file held by another program)
    leaves the previous model whole: the three files always belong together.
    :class:`StoreError` says so in words. Once ``stop`` is set, a check or a wait
    for another install under way ends at once with
    :class:`~.install_guard.InstallStopped`, and nothing is put in place; the
    swap itself, a moment's work, is never stopped halfway.
    """
    source = Path(source)
    # issue 11: a child process first (skipped only for this very file, already passed)
    model_check.check(model_check.tflite_of(source), stop=stop)
    card = load_model_folder(source, "file").card  # refuse anything that does not read a digit
    folder = source.parent if source.suffix == ".tflite" else source
    tflite = source if source.suffix == ".tflite" else folder / model_files.TFLITE_NAME
    target = user_data.model_dir()
    try:
        with install_guard.held(stop=stop):  # issue 11: one install at a time
            install_guard.stop_if_asked(stop)
            install_guard.recover()
            _swap_in(source, folder, tflite, card, target)
    except OSError as error:
        raise StoreError(
            f"The new model could not be installed in {target.parent} ({system_reason(error)}). {_what_was_kept()} "
            "Check that the folder can be written and has free space, close any program that may be using "
            "its files, and try again."
        ) from error
    return target


def _swap_in(source: Path, folder: Path, tflite: Path, card: ModelCard | None, target: Path) -> None:
    """Stage the files beside ``target`` and swap them in with two renames. The
    previous model is deleted only once the new one is in place, and put back
    if the second rename fails."""
    staging = user_data.incoming_model_dir()
    previous = user_data.previous_model_dir()
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        model_files.atomic_write(staging / model_files.TFLITE_NAME, tflite.read_bytes())
        # A lone .tflite from elsewhere has no card or Keras file of its own.
        if source.suffix != ".tflite" or tflite.name == model_files.TFLITE_NAME:
            names = [model_files.KERAS_NAME, model_files.CARD_NAME]
            # Only the activations model the card names: the one the child process checked with the model.
            activations = model_files.activations_path(folder, card)
            if activations is not None and activations.name not in (model_files.TFLITE_NAME, *names):
                names.append(activations.name)
            for name in names:
                if (folder / name).is_file():
                    model_files.atomic_write(staging / name, (folder / name).read_bytes())
                elif name == model_files.CARD_NAME and card is not None:
                    # Gone since it was checked (the candidate discarded meanwhile): without its card
                    # the model could not turn away what is not a digit, so nothing is swapped in.
                    raise FileNotFoundError(errno.ENOENT, "its card went missing while it was installed", str(folder / name))
        if target.exists():
            # recover() ran under this lock, so a .model-previous beside a live model is an old install's leftover;
            # without a live model it is the user's model, which recover() could not put back: it stays until swapped.
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(target, previous)
        try:
            os.replace(staging, target)
        except OSError:
            install_guard.recover()  # put the previous model back; if that fails too, the next start does
            raise
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _what_was_kept() -> str:
    if user_data.previous_model_dir().is_dir() and not user_data.model_dir().exists():
        return (
            f"Your model was set aside in {user_data.previous_model_dir()} and will be put back the next time "
            "mnist-draw starts."
        )
    return "Your model was not changed."


def reset_to_bundled() -> None:
    """Forget the user's model; the bundled one is used from then on.

    Under the install lock, the model's folder (and one an install that died
    set aside, which recover() would otherwise bring back) is first renamed out
    of the way, then deleted: a file that cannot be moved leaves the model whole
    and in place, and :class:`StoreError` says so, never half a model.
    """
    folders = [user_data.previous_model_dir(), user_data.model_dir()]  # the live one last: a failure keeps it
    if not any(folder.exists() for folder in folders):
        return  # nothing to forget, and nothing written to a folder that may not exist yet
    removed = user_data.removed_model_dir()
    try:
        with install_guard.held():
            shutil.rmtree(removed, ignore_errors=True)  # what an earlier reset could not delete
            try:
                for folder in folders:
                    if folder.exists():
                        removed.mkdir(parents=True, exist_ok=True)
                        os.replace(folder, removed / folder.name)
            finally:
                shutil.rmtree(removed, ignore_errors=True)  # out of use now; a file that stays goes at the next reset
    except OSError as error:
        raise StoreError(
            f"Your model could not be removed from {user_data.root()} ({system_reason(error)}). It was kept as it was. "
            "Close any program that may be using its files, then try again."
        ) from error


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
