"""The contract of a training run: what to train, and what the run reports back.

``mnist-draw train`` runs in a child process (it imports TensorFlow; the window
must not). Both ends of that process meet here, without TensorFlow: the window
builds a :class:`TrainingRequest` and turns it into a command line with
:meth:`TrainingRequest.to_argv`; the command line parses it back with
:func:`add_arguments` and :meth:`TrainingRequest.from_args`; the run writes
typed progress events one JSON object a line, and the window reads them with
:func:`parse_event`. No other module spells a training flag or an event key.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Union

from .model_card import ModelCard, ModelCardError

DEFAULT_EPOCHS = 18
DEFAULT_MEMBERS = 3  # the bundled model averages three networks
DEFAULT_SEED = 1
# A run derives seeds from its own (+ each network's place, + 500 for the plain
# passes, + 10,000 for held-out non-digits) and Keras hands them to NumPy's
# legacy seeding, which takes nothing below 0 or from 2**32: half that range
# leaves room for every offset.
MAX_SEED = 2**31 - 1
PEAK_LEARNING_RATE = 2e-3
PROGRESS_MODES = ("bar", "json", "none")  # bar: for a person; json: for the window; none: quiet
# The ways a model can be trained; the card records the one used. The first is
# this app's network; the others are the classic MNIST tutorials' networks,
# trained their own way (mnist_draw.training.tutorial_recipes), for the window's Compare view.
RECIPES = ("cnn-v2", "tutorial-mlp", "tutorial-cnn")
TUTORIAL_RECIPES = RECIPES[1:]
RECIPE_DESCRIPTIONS = {
    "cnn-v2": "this app's network: three all-convolutional networks averaged, trained on augmented and pen-drawn digits",
    "tutorial-mlp": "the beginners' tutorial's dense network: 784-128-64-10 with dropout",
    "tutorial-cnn": "the convolutional tutorial's network: three 3x3 convolutions (32, 64, 64), two max-poolings, dense 64",
}
TUTORIAL_EPOCHS = {"tutorial-mlp": 10, "tutorial-cnn": 5}  # as the tutorials train them

# Fine-tuning starts from a trained model and teaches it the user's samples.
FINE_TUNE_EPOCHS = 1
FINE_TUNE_LIMIT = 3000  # MNIST digits mixed in so the model does not forget
# Half the plain passes' rate: the writer's samples are learnt as well (bench_fine_tune:
# 12 of 12, 50 of 50) and the rest is forgotten less (at 2e-4, 50 samples cost
# pendigits-test 0.11 points, over teaching's 0.1 limit).
FINE_TUNE_LEARNING_RATE = 1e-4

# The plain passes that end each new network's training: the training digits as
# they are, undistorted, at a learning rate falling from a tenth of the peak to
# nothing. Chosen on the held-out training-side digits: after two such passes the
# three networks' log-loss there fell by a quarter (0.036 -> 0.027), where two
# passes at a third of the distortions gained a twentieth and at full ones nothing.
PLAIN_EVERY = 9  # one plain pass for every nine ordinary ones, at least one
PLAIN_LEARNING_RATE = 2e-4

MNIST_TRAIN_SIZE = 60_000
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def plain_passes(epochs: int) -> int:
    """The plain passes a new network takes after ``epochs`` ordinary ones."""
    return max(1, round(epochs / PLAIN_EVERY))


def _undistorted(epochs: int) -> str:
    """The plain passes after ``epochs`` ordinary ones, in words: "one undistorted", "two undistorted ones"."""
    plain = plain_passes(epochs)
    return "one undistorted" if plain == 1 else f"{_WORDS[plain] if plain < len(_WORDS) else plain} undistorted ones"


@dataclass(frozen=True)
class Preset:
    name: str
    epochs: int
    limit: int | None
    description: str
    members: int = 1


_QUICK_EPOCHS = 3
QUICK = Preset(
    "Quick",
    _QUICK_EPOCHS,
    20_000,
    f"A few minutes: one network, 20,000 MNIST digits and part of the pen-drawn set, {_QUICK_EPOCHS} passes and "
    f"{_undistorted(_QUICK_EPOCHS)}. For trying things.",
)
FULL = Preset(
    "Full",
    DEFAULT_EPOCHS,
    None,
    "The recipe of the bundled model: three networks, all of MNIST and the pen-drawn set, writing styles "
    f"MNIST lacks and generated non-digits, {DEFAULT_EPOCHS} passes each and {_undistorted(DEFAULT_EPOCHS)}. "
    "About 85 minutes on two cores.",
    members=DEFAULT_MEMBERS,
)
PRESETS = (QUICK, FULL)


def user_sample_repeat(samples: int, limit: int | None) -> int:
    """Show the user's few samples often enough to matter beside thousands of
    MNIST digits: about a tenth of an epoch, at most 30 times each."""
    if samples == 0:
        return 1
    pool = limit or MNIST_TRAIN_SIZE
    return int(max(1, min(30, round(pool / 10 / samples))))


# --- the request ----------------------------------------------------------------------


@dataclass
class TrainingRequest:
    """One training run. ``None`` leaves a setting to its default for the kind of
    run (training afresh or fine-tuning), so a request says only what it changes."""

    output: Path
    data: str | None = None  # MNIST folder or mnist.npz; None: found as data.find_data does
    pendigits: str | None = None  # folder or pendigits-train file; None: found beside MNIST
    epochs: int | None = None
    limit: int | None = None  # at most this many MNIST training digits
    seed: int = DEFAULT_SEED
    members: int | None = None  # networks trained from seeds seed, seed+1, ... and averaged
    samples: Path | None = None  # also train on the user's samples in this folder
    fine_tune: Path | None = None  # start from this .keras instead of from scratch
    progress: str = "bar"
    background: bool = False  # low CPU priority, so a window beside the run stays smooth
    recipe: str | None = None  # one of RECIPES; None: the first

    @property
    def is_fine_tune(self) -> bool:
        return self.fine_tune is not None

    @property
    def is_tutorial(self) -> bool:
        return self.effective_recipe in TUTORIAL_RECIPES

    @property
    def effective_epochs(self) -> int:
        if self.epochs:
            return self.epochs
        if self.is_tutorial:
            return TUTORIAL_EPOCHS[self.effective_recipe]
        return FINE_TUNE_EPOCHS if self.is_fine_tune else DEFAULT_EPOCHS

    @property
    def effective_limit(self) -> int | None:
        return self.limit or (FINE_TUNE_LIMIT if self.is_fine_tune else None)

    @property
    def effective_members(self) -> int:
        """A fine-tune continues the one model it starts from; a tutorial trains one network."""
        if self.is_fine_tune or self.is_tutorial:
            return 1
        return self.members or DEFAULT_MEMBERS

    @property
    def plain_epochs(self) -> int:
        """The plain passes a new network of this run ends with (:func:`plain_passes`);
        none for a fine-tune, which starts from a finished network and runs a single
        short pass."""
        return 0 if self.is_fine_tune else plain_passes(self.effective_epochs)

    @property
    def learning_rate(self) -> float:
        return FINE_TUNE_LEARNING_RATE if self.is_fine_tune else PEAK_LEARNING_RATE

    @property
    def effective_recipe(self) -> str:
        return self.recipe or RECIPES[0]

    def to_argv(self) -> list[str]:
        """The arguments of ``mnist-draw train`` that ask for this run."""
        argv = ["--output", str(self.output)]
        for flag, value in (
            ("--data", self.data),
            ("--pendigits", self.pendigits),
            ("--epochs", self.epochs),
            ("--limit", self.limit),
            ("--members", self.members),
            ("--samples", self.samples),
            ("--fine-tune", self.fine_tune),
            ("--recipe", self.recipe),
        ):
            if value is not None:
                argv += [flag, str(value)]
        if self.seed != DEFAULT_SEED:
            argv += ["--seed", str(self.seed)]
        if self.progress != "bar":
            argv += ["--progress", self.progress]
        if self.background:
            argv.append("--background")
        return argv

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> TrainingRequest:
        """The request a namespace parsed by :func:`add_arguments` holds."""
        return cls(
            output=Path(args.output),
            data=args.data,
            pendigits=args.pendigits,
            epochs=args.epochs,
            limit=args.limit,
            seed=args.seed,
            members=args.members,
            samples=Path(args.samples) if args.samples else None,
            fine_tune=Path(args.fine_tune) if args.fine_tune else None,
            progress=args.progress,
            background=args.background,
            recipe=args.recipe,
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``mnist-draw train``."""
    parser.add_argument("--data", metavar="PATH", help="MNIST folder or mnist.npz (default: $MNIST_DRAW_DATA, then Keras)")
    parser.add_argument(
        "--pendigits", metavar="PATH", help="pendigits folder or either of its files (default: beside MNIST); "
        "a labelled strokes file of your own is trained on, with no test set"
    )
    parser.add_argument("--output", metavar="FOLDER", required=True, help="where to write the model files")
    parser.add_argument(
        "--epochs", type=_positive_int, default=None, help=f"passes over distorted data (default: {DEFAULT_EPOCHS}; "
        f"{FINE_TUNE_EPOCHS} undistorted with --fine-tune); a new network then takes one undistorted pass for every "
        f"{_WORDS[PLAIN_EVERY]}"
    )
    parser.add_argument("--limit", type=_positive_int, help="use at most this many MNIST training digits")
    parser.add_argument(
        "--seed", type=_seed, default=DEFAULT_SEED,
        help=f"random seed, 0 to {MAX_SEED:,}; the same seed gives the same model"
    )
    parser.add_argument(
        "--members",
        type=_positive_int,
        default=None,
        help=f"networks to train one after another and average (default: {DEFAULT_MEMBERS})",
    )
    parser.add_argument("--samples", metavar="FOLDER", help="also train on the user's own samples in FOLDER")
    parser.add_argument("--fine-tune", metavar="MODEL.keras", help="start from this model instead of from scratch")
    parser.add_argument(
        "--recipe",
        choices=RECIPES,
        default=None,
        help=f"how to train (default: {RECIPES[0]}); tutorial-mlp and tutorial-cnn train a classic tutorial's "
        f"network its own way ({', '.join(f'{name}: {epochs} epochs' for name, epochs in TUTORIAL_EPOCHS.items())})",
    )
    parser.add_argument(
        "--progress", choices=PROGRESS_MODES, default="bar", help="json: one object a line, for programs"
    )
    parser.add_argument(
        "--background", action="store_true", help="run at low CPU priority, so a window beside it stays smooth"
    )


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _seed(text: str) -> int:
    value = _whole_number(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to {MAX_SEED:,}")
    return value


def _whole_number(text: str) -> int:
    # argparse words a ValueError as "invalid _positive_int value"; this says it plainly.
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


# --- progress events --------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadEvent:
    """MNIST is being downloaded: ``done`` of ``total`` bytes (0 when unknown)."""

    done: int
    total: int
    kind: ClassVar[str] = "download"

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class LogEvent:
    """A line of the run's log, for a person."""

    message: str
    kind: ClassVar[str] = "log"


@dataclass(frozen=True)
class StepEvent:
    """Some batches of an epoch are done. Epochs count across all the networks of
    a run, so a run of two networks of 20 epochs reports 40."""

    epoch: int
    epochs: int
    step: int
    steps: int
    loss: float | None = None
    accuracy: float | None = None
    kind: ClassVar[str] = "step"

    @property
    def fraction(self) -> float:
        """How much of the whole run is done, 0-1."""
        return ((self.epoch - 1) + self.step / max(self.steps, 1)) / max(self.epochs, 1)


@dataclass(frozen=True)
class EpochEvent:
    epoch: int
    epochs: int
    loss: float | None = None
    accuracy: float | None = None
    kind: ClassVar[str] = "epoch"

    @property
    def fraction(self) -> float:
        return self.epoch / max(self.epochs, 1)


@dataclass(frozen=True)
class DoneEvent:
    """The run finished and wrote its model files; its last word."""

    card: ModelCard
    files: dict[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "done"


@dataclass(frozen=True)
class ErrorEvent:
    """The run cannot go on; ``message`` is for the user. Its last word."""

    message: str
    kind: ClassVar[str] = "error"


ProgressEvent = Union[DownloadEvent, LogEvent, StepEvent, EpochEvent, DoneEvent, ErrorEvent]


def to_json(event: ProgressEvent) -> str:
    """The event as one line of JSON: ``{"event": kind, ...fields}``; the last
    event of a run (done or error) also carries ``"done": true``."""
    if isinstance(event, DoneEvent):
        fields: dict[str, Any] = {"done": True, "card": event.card.to_dict(), "files": dict(event.files)}
    elif isinstance(event, ErrorEvent):
        fields = {"done": True, "error": event.message}
    else:
        fields = dict(vars(event))
    return json.dumps({"event": event.kind, **fields})


def parse_event(line: str) -> ProgressEvent | None:
    """The event on one line of a run's output, or None when the line is not one
    (TensorFlow's own chatter, a damaged line)."""
    try:
        raw = json.loads(line)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    try:
        kind = raw.get("event")
        if kind == "download":
            return DownloadEvent(int(raw["done"]), int(raw.get("total") or 0))
        if kind == "log":
            return LogEvent(str(raw.get("message", "")))
        if kind == "step":
            return StepEvent(
                int(raw["epoch"]), int(raw["epochs"]), int(raw["step"]), int(raw["steps"]),
                _optional_float(raw.get("loss")), _optional_float(raw.get("accuracy")),
            )
        if kind == "epoch":
            return EpochEvent(
                int(raw["epoch"]), int(raw["epochs"]), _optional_float(raw.get("loss")), _optional_float(raw.get("accuracy"))
            )
        if kind == "done":
            files = raw.get("files") or {}
            return DoneEvent(ModelCard.from_dict(raw.get("card") or {}), {str(k): str(v) for k, v in dict(files).items()})
        if kind == "error":
            return ErrorEvent(str(raw.get("error") or "Training failed."))
    except (KeyError, TypeError, ValueError, ModelCardError):
        return None
    return None


def _optional_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
