"""The ``mnist-draw`` command: the window by default, or predict / evaluate / train / bench.

Each subcommand imports what it needs when it runs: ``predict`` never loads
TensorFlow, and ``train`` is the only one that does.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Sequence

from . import __version__

if TYPE_CHECKING:
    from .evaluation import NumberReport, Report
    from .number import NumberReading
    from .strokes_file import LabelledDrawings


_MODEL_HELP = "a model folder or .tflite file (default: the bundled model)"


class _PlainParser(argparse.ArgumentParser):
    """argparse with its refusals in plain words: what was wrong and what to do, rather
    than a usage block over "unrecognized arguments" or "invalid choice: ... (choose from"."""

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            # argparse finds them only back at the top; name the command they were given to.
            command = getattr(parsed, "command", None)
            self._refuse(f"{self.prog} {command}" if command else self.prog, _unexpected(extras), hint=True)
        return parsed

    def error(self, message: str) -> NoReturn:
        self._refuse(self.prog, *self._plain(message))

    def _refuse(self, prog: str, message: str, hint: bool = False) -> NoReturn:
        self.exit(2, f"{prog}: {message}" + (f" Run '{prog} --help' for the list." if hint else "") + "\n")

    def _plain(self, message: str) -> tuple[str, bool]:
        """``message`` from argparse in plain words, and whether to point at --help."""
        if required := re.fullmatch(r"the following arguments are required: (.+)", message):
            names = required[1].split(", ")
            purposes = "; ".join(self._purpose(name) for name in names)
            return f"Give {_listed([self._with_value(name) for name in names], 'and')}: {purposes}.", False
        if ambiguous := re.fullmatch(r"ambiguous option: (\S+) could match (.+)", message):
            return f"{ambiguous[1]} could be {_listed(ambiguous[2].split(', '), 'or')}: write it out in full.", False
        argument = re.fullmatch(r"argument (\S+): (.+)", message)
        if argument is None:
            return message, False
        name, problem = argument[1], argument[2]
        action = self._action(name)
        choices = [str(choice) for choice in action.choices] if action is not None and action.choices else []
        if choice := re.match(r"invalid choice: ('.*?'|\".*?\"|\S+)", problem):
            if action is not None and not action.option_strings:  # the one word without a dash: the command
                return f"There is no command {choice[1]}: the commands are {_listed(choices, 'and')}.", True
            return f"{name} cannot be {choice[1]}: choose {_listed(choices, 'or')}.", False
        if problem.startswith("expected"):
            return f"{name} needs a value after it: {self._with_value(name)}.", False
        if problem.startswith("ignored explicit argument"):
            return f"{name} takes no value.", False
        return (f"{name} {problem}." if problem.startswith("must") else f"{name}: {problem}."), False

    def _action(self, name: str) -> argparse.Action | None:
        # argparse's messages carry only the option's name; its action has the rest.
        return self._option_string_actions.get(name) or next((a for a in self._actions if a.metavar == name), None)

    def _with_value(self, name: str) -> str:
        """An option as it is written with its value: "--output FOLDER", "--recipe cnn-v2"."""
        action = self._action(name)
        if action is None or action.nargs == 0:
            return name
        if action.choices:
            return f"{name} {_listed([str(choice) for choice in action.choices], 'or')}"
        return f"{name} {action.metavar or action.dest.upper()}"

    def _purpose(self, name: str) -> str:
        action = self._action(name)
        return action.help if action is not None and action.help else name


def _unexpected(words: Sequence[str]) -> str:
    """What to say of words no option or argument took."""
    options = [word for word in words if word.startswith("-")]
    others = [repr(word) for word in words if not word.startswith("-")]
    said = []
    if options:
        said.append(f"there {'is no option' if len(options) == 1 else 'are no options'} {_listed(options, 'or')}")
    if others:
        said.append(f"{_listed(others, 'and')} {'was' if len(others) == 1 else 'were'} not expected")
    text = "; ".join(said)
    return text[0].upper() + text[1:] + "."


def _listed(items: Sequence[str], last: str) -> str:
    """The items in a sentence: "a", "a or b", "a, b or c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def build_parser() -> argparse.ArgumentParser:
    parser = _PlainParser(
        prog="mnist-draw",
        description="Draw a digit and watch a neural network read it. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"mnist-draw {__version__}")
    parser.add_argument("--model", metavar="PATH", help=_MODEL_HELP)
    parser.add_argument("--self-test", action="store_true", help="check the installation and exit")
    parser.add_argument(
        "--verbose", action="store_true", help="let TensorFlow's and LiteRT's own messages through (hidden by default)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    predict = _command(commands, "predict", "read digits from image files or a strokes file")
    predict.add_argument("images", nargs="*", metavar="IMAGE", help="image files (PNG, JPEG, GIF, BMP, TIFF, WebP, ...)")
    predict.add_argument("--strokes", metavar="FILE", help="a JSON Lines file of drawings (.jsonl or .jsonl.gz)")
    predict.add_argument("--json", action="store_true", help="one JSON object a line")
    predict.add_argument("--number", action="store_true", help="read a whole number (several digits) in each input")

    evaluate = _command(commands, "evaluate", "measure the model on MNIST's test set or a labelled strokes file")
    evaluate.add_argument("--strokes", metavar="FILE", help="a labelled JSON Lines file (e.g. pendigits-test.jsonl.gz)")
    evaluate.add_argument("--data", metavar="PATH", help="MNIST folder or mnist.npz (default: $MNIST_DRAW_DATA)")
    evaluate.add_argument("--json", action="store_true", help="the report as JSON")
    evaluate.add_argument(
        "--number", action="store_true", help="read whole numbers (with --strokes: labels such as \"4217\")"
    )

    from .training_plan import add_arguments

    add_arguments(_command(commands, "train", "train a model (needs TensorFlow)"))

    bench = _command(commands, "bench", "measure load time, latency, throughput and accuracy")
    bench.add_argument("--data", metavar="PATH", help="MNIST folder or mnist.npz (default: $MNIST_DRAW_DATA)")
    bench.add_argument("--strokes", metavar="FILE", help="labelled strokes file (default: pendigits-test beside MNIST)")
    bench.add_argument("--json", action="store_true", help="the figures as JSON")
    for command in (predict, evaluate, bench, commands.choices["train"]):
        # Also after the command (mnist-draw train --verbose); SUPPRESS keeps the top level's value otherwise.
        command.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    for command in (predict, evaluate, bench):
        # The model to use, also after the command (mnist-draw evaluate --model FOLDER), as README.md writes it.
        command.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS, help=_MODEL_HELP)
    return parser


def _command(commands: argparse._SubParsersAction, name: str, purpose: str) -> argparse.ArgumentParser:
    """A command, its purpose both in the list of commands and atop its own --help."""
    return commands.add_parser(name, help=purpose, description=f"{purpose[0].upper()}{purpose[1:]}.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test and args.command is not None:
        parser.error(f"--self-test checks the installation and takes no command; run {args.command} on its own.")
    if args.verbose:
        from .quiet import set_verbose

        set_verbose(True)
    if args.self_test:
        from .self_test import run_self_test

        return run_self_test(args.model)
    if args.command is None:
        from .launch import open_window

        return open_window(args.model)
    handlers = {"predict": "_predict", "evaluate": "_evaluate", "train": "_train", "bench": "_bench"}
    handler = globals()[handlers[args.command]]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output has gone (mnist-draw predict *.png | head -1): stop
        # quietly, as other commands do. Output still buffered goes nowhere, so that
        # Python's flush at exit does not fail with a traceback of its own.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, the shell's code for a pipe closed early


# --- train -------------------------------------------------------------------------


def _train(args: argparse.Namespace) -> int:
    from .training_plan import ErrorEvent, TrainingRequest, to_json

    request = TrainingRequest.from_args(args)
    json_mode = request.progress == "json"

    def fail(message: str) -> int:
        if json_mode:
            print(to_json(ErrorEvent(message)), flush=True)
        else:
            print(f"mnist-draw train: {message}", file=sys.stderr)
        return 1

    if request.background:
        _lower_priority()  # before reading data and importing TensorFlow: seconds of work the window must not feel
    from .resources import training_available

    if not training_available():  # the light build: say so, whatever else is wrong with the request
        return fail(_cannot_train(None))
    # issue 11: refuse at once, before TensorFlow loads, what would fail only after the whole training.
    from .data import DataError, mnist_folder
    from .model_check import keras_problem
    from .pendigits import load_pendigits
    from .safe_files import writable_problem

    problem = (
        writable_problem(request.output)
        or (keras_problem(request.fine_tune) if request.fine_tune else None)
        or (_samples_problem(request.samples) if request.samples else None)
    )
    if problem:
        return fail(problem)
    try:
        pendigits = load_pendigits(request.pendigits, mnist_folder(request.data))
    except DataError as error:
        return fail(str(error))

    from .quiet import filter_stderr

    filter_stderr()  # TensorFlow logs to stderr from C++ whenever it likes
    try:
        from .training import TrainingError
        from .training.run import train
    except ImportError as error:
        return fail(_cannot_train(error))

    # A cancel (SIGTERM from the retrain dialog) unwinds normally, so no
    # half-written temporary file is left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        result = train(request, pendigits=pendigits)
    except (DataError, TrainingError) as error:
        return fail(str(error))
    except MemoryError:
        return fail("Training ran out of memory. Try a smaller --limit or close other programs.")
    except OSError as error:
        from .wording import file_error

        if error.errno == errno.ENOSPC:
            return fail(f"The disk is full: the model could not be written to {request.output}. Free some space and train again.")
        return fail(f"Training stopped: {file_error(error)}.")
    card = result.card
    if json_mode:
        print(to_json(result.done_event()), flush=True)
    else:
        print(f"Wrote {', '.join(result.files.values())}")
        print(f"MNIST test accuracy: {card.mnist_test_accuracy or 0:.2%}")
        if card.pendigits_test_accuracy is not None:
            print(f"pendigits-test accuracy: {card.pendigits_test_accuracy:.2%}")
        print(f"Training took {(card.training_seconds or 0) / 60:.1f} minutes.")
    return 0


def _samples_problem(folder: Path) -> str | None:
    """Why ``--samples FOLDER`` cannot be trained on, or None: a folder that is
    not there would otherwise train on no samples without a word."""
    from .safe_files import exists, is_folder, refusal

    if is_folder(folder):
        return None
    refused = refusal(folder)
    if refused:
        return refused.told(given="from --samples")
    what = "is not a folder" if exists(folder) else "does not exist"
    return f"The samples folder {folder} (from --samples) {what}. Give the folder your samples are in, or leave --samples out."


def _lower_priority() -> None:
    """Yield the CPU to the window: training still uses every idle cycle, but the
    scheduler runs the window first whenever it has work."""
    try:
        if hasattr(os, "nice"):
            os.nice(19)
        elif sys.platform == "win32":
            import ctypes

            below_normal = 0x4000
            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(), below_normal)
    except OSError:
        pass  # not allowed here: train at normal priority


def _cannot_train(error: ImportError | None) -> str:
    """Why this installation cannot train, and what does (README: the set-up from
    source installs TensorFlow; the full frozen build carries it, the light one not)."""
    from .resources import is_frozen, training_available

    if is_frozen() and not training_available():
        return (
            "Training needs TensorFlow, which the light build of mnist-draw leaves out: it reads digits "
            "but cannot train. To retrain the model or teach it your handwriting, use the full build "
            "of mnist-draw, or mnist-draw set up from its source folder as its README describes."
        )
    missing = f"{error.name} is missing" if error is not None and error.name else "it is missing or does not load"
    if is_frozen():
        return f"Training needs TensorFlow, which this build of mnist-draw should carry, but {missing}. Install the full build again."
    return (
        f"Training needs TensorFlow, and here {missing}. In mnist-draw's source folder, "
        "pip install -e . installs it with the rest of what mnist-draw needs."
    )


# --- predict -----------------------------------------------------------------------


def _load_classifier(model: str | None):
    """The classifier to use, or None after printing why it cannot be loaded."""
    from .classifier import ModelError
    from .model_store import load_active_model

    try:
        loaded = load_active_model(model)
    except ModelError as error:
        print(f"mnist-draw: {error}", file=sys.stderr)
        return None
    if loaded.warning:
        print(f"mnist-draw: {loaded.warning}", file=sys.stderr)
    return loaded.classifier


def _predict(args: argparse.Namespace) -> int:
    from .reading import Reading

    if not args.images and not args.strokes:
        print("mnist-draw predict: give image files, or --strokes FILE.", file=sys.stderr)
        return 2
    classifier = _load_classifier(args.model)
    if classifier is None:
        return 2
    if args.number:
        from .number import read_drawing, read_image
    else:
        from .reading import read_drawing, read_image
    failed = False

    def show(reading: Reading | NumberReading) -> None:
        nonlocal failed
        failed |= reading.error is not None
        print(json.dumps(reading.to_dict()) if args.json else reading.describe(), flush=True)

    for image in args.images:
        reading = read_image(classifier, image)
        show(reading)
        if reading.error is None:
            _say_first_frame(image)
    if args.strokes:
        from .strokes_file import StrokesFileError, read_drawings

        try:
            drawings = 0
            for drawings, drawing in enumerate(read_drawings(args.strokes), start=1):
                show(read_drawing(classifier, drawing, args.strokes))
            if not drawings:  # else nothing at all is printed, and the command seems to have succeeded
                show(Reading(args.strokes, error=f"{args.strokes} holds no drawings: it is empty, or only blank lines."))
        except StrokesFileError as error:
            show(Reading(args.strokes, error=str(error)))
    return 1 if failed else 0


def _say_first_frame(image: str) -> None:
    """On stderr, beside the reading (the output stays one line, or one JSON object, a picture):
    that only the first of the file's frames or pages was read, when it holds several."""
    from .frames import count_frames, first_read

    frames = count_frames(image)
    if frames is not None:
        print(f"{image}: {first_read(frames)}.", file=sys.stderr)


# --- evaluate ----------------------------------------------------------------------


def _evaluate(args: argparse.Namespace) -> int:
    from .classifier import ModelError

    try:
        return _evaluate_with(args)
    except ModelError as error:  # a model that fails only on some inputs (issue 11)
        print(f"mnist-draw evaluate: {error}", file=sys.stderr)
        return 2


def _evaluate_with(args: argparse.Namespace) -> int:
    from .data import DataError, load_mnist
    from .evaluation import measure_drawings, measure_images, measure_numbers
    from .strokes_file import StrokesFileError, read_labelled
    from .wording import plural

    classifier = _load_classifier(args.model)
    if classifier is None:
        return 2
    if args.strokes:
        try:
            labelled = read_labelled(args.strokes, numbers=args.number)
        except StrokesFileError as error:
            print(f"mnist-draw evaluate: {error}", file=sys.stderr)
            return 2
        for note in _left_out_notes(args.strokes, labelled, "number" if args.number else "digit"):
            print(f"mnist-draw evaluate: {note}", file=sys.stderr)
        drawings = labelled.drawings
        if not drawings:
            print(f"mnist-draw evaluate: {args.strokes} holds no labelled drawings.", file=sys.stderr)
            return 2
        if args.number:
            result = measure_numbers(classifier, drawings)
            title = f"{args.strokes} ({plural(len(drawings), 'number')})"
        else:
            result = measure_drawings(classifier, drawings)
            title = f"{args.strokes} ({plural(len(drawings), 'drawing')})"
    elif args.number:
        print("mnist-draw evaluate: --number needs --strokes FILE, a file of labelled numbers.", file=sys.stderr)
        return 2
    else:
        try:
            test = load_mnist(args.data).test
        except DataError as error:
            print(f"mnist-draw evaluate: {error}", file=sys.stderr)
            return 2
        result = measure_images(classifier, test.images, test.labels)
        title = f"MNIST test set ({plural(len(test), 'digit')})"
    if args.json:
        print(json.dumps({"source": title, **result.to_dict()}))
    else:
        print((format_number_report if args.number else format_report)(title, result))
    return 0


def _left_out_notes(path: str, labelled: LabelledDrawings, kind: str) -> list[str]:
    """What a measurement on ``path`` leaves out, so a figure is never taken for the whole file's."""
    from .wording import plural

    notes = []
    if labelled.unreadable_count:
        first = labelled.unreadable[0].error
        notes.append(f"left out {plural(labelled.unreadable_count, 'line')} of {path} that could not be read (the first: {first}).")
    if labelled.unlabelled:
        notes.append(f"left out {plural(labelled.unlabelled, 'drawing')} without a {kind} for a label.")
    return notes


def format_report(title: str, result: Report) -> str:
    from .reading import DIGITS

    lines = [title, f"accuracy: {result.accuracy:.2%} ({result.correct} of {result.total})"]
    if result.blank:
        lines.append(f"nothing to read: {result.blank}")
    if result.rejected:
        lines.append(
            f"called not a digit: {result.rejected}, {result.rejected_right} of them read right otherwise "
            f"(accuracy had none been: {result.accuracy_without_rejection:.2%})"
        )
    lines.append(f"calibration error (ECE): {result.calibration_error:.2%}")
    lines.append("per digit: " + "  ".join(f"{d}: {a:.1%}" for d, a in enumerate(result.per_digit())))
    lines.append("confusion matrix (rows: true digit, columns: read as):")
    lines.append("      " + "".join(f"{d:>6}" for d in range(DIGITS)))
    for digit, row in enumerate(result.confusion):
        lines.append(f"{digit:>6}" + "".join(f"{n:>6}" for n in row))
    worst = result.worst_writers()
    if worst:
        lines.append("worst writers: " + ", ".join(f"{name} {acc:.1%} of {n}" for name, acc, n in worst))
    return "\n".join(lines)


def format_number_report(title: str, result: NumberReport) -> str:
    from .wording import plural

    lines = [title, f"whole numbers read right: {result.accuracy:.2%} ({result.correct} of {result.total})"]
    lines.append(
        f"digit count right: {result.count_accuracy:.2%} ({result.counted} of {result.total}; "
        f"too few digits {result.merged}, too many {result.split})"
    )
    if result.unread:
        lines.append(f"no number read: {result.unread}")
    for length, (correct, total) in sorted(result.by_length.items()):
        lines.append(f"{plural(length, 'digit')}: {correct / total:.2%} ({correct} of {total})")
    return "\n".join(lines)


# --- bench -------------------------------------------------------------------------


def _bench(args: argparse.Namespace) -> int:
    from .benchmark import format_table, run_benchmarks
    from .classifier import ModelError
    from .data import DataError

    try:
        figures = run_benchmarks(args.model, args.data, args.strokes)
    except (ModelError, DataError) as error:
        print(f"mnist-draw bench: {error}", file=sys.stderr)
        return 2
    print(json.dumps(figures, indent=2) if args.json else format_table(figures))
    return 0
