"""The ``mnist-draw`` command: the window by default, or predict / evaluate / train / bench.

Each subcommand imports what it needs when it runs: ``predict`` never loads
TensorFlow, and ``train`` is the only one that does.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import Sequence

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mnist-draw",
        description="Draw a digit and watch a neural network read it. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"mnist-draw {__version__}")
    parser.add_argument("--model", metavar="PATH", help="a model folder or .tflite file (default: the bundled model)")
    parser.add_argument("--self-test", action="store_true", help="check the installation and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    predict = commands.add_parser("predict", help="read digits from image files or a strokes file")
    predict.add_argument("images", nargs="*", metavar="IMAGE", help="image files (PNG, JPEG, GIF, BMP, TIFF, WebP, ...)")
    predict.add_argument("--strokes", metavar="FILE", help="a JSON Lines file of drawings (.jsonl or .jsonl.gz)")
    predict.add_argument("--json", action="store_true", help="one JSON object a line")
    predict.add_argument("--number", action="store_true", help="read a whole number (several digits) in each input")

    evaluate = commands.add_parser("evaluate", help="measure the model on MNIST's test set or a labelled strokes file")
    evaluate.add_argument("--strokes", metavar="FILE", help="a labelled JSON Lines file (e.g. pendigits-test.jsonl.gz)")
    evaluate.add_argument("--data", metavar="PATH", help="MNIST folder or mnist.npz (default: $MNIST_DRAW_DATA)")
    evaluate.add_argument("--json", action="store_true", help="the report as JSON")
    evaluate.add_argument(
        "--number", action="store_true", help="read whole numbers (with --strokes: labels such as \"4217\")"
    )

    train = commands.add_parser("train", help="train a model (needs TensorFlow)")
    train.add_argument("--data", metavar="PATH", help="MNIST folder or mnist.npz (default: $MNIST_DRAW_DATA, then Keras)")
    train.add_argument("--pendigits", metavar="PATH", help="pendigits folder or train file (default: beside MNIST)")
    train.add_argument("--output", metavar="FOLDER", required=True, help="where to write the model files")
    train.add_argument("--epochs", type=_positive_int, default=None, help="passes over the data (default: 20)")
    train.add_argument("--limit", type=_positive_int, help="use at most this many MNIST training digits")
    train.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same model")
    train.add_argument(
        "--members", type=_positive_int, default=None, help="networks to train and average (default: 2; 1 is twice as fast)"
    )
    train.add_argument("--samples", metavar="FOLDER", help="also train on the user's own samples in FOLDER")
    train.add_argument("--fine-tune", metavar="MODEL.keras", help="start from this model instead of from scratch")
    train.add_argument(
        "--progress", choices=("bar", "json", "none"), default="bar", help="json: one object a line, for programs"
    )
    train.add_argument(
        "--background", action="store_true", help="run at low CPU priority, so a window beside it stays smooth"
    )

    bench = commands.add_parser("bench", help="measure load time, latency, throughput and accuracy")
    bench.add_argument("--data", metavar="PATH", help="MNIST folder or mnist.npz (default: $MNIST_DRAW_DATA)")
    bench.add_argument("--strokes", metavar="FILE", help="labelled strokes file (default: pendigits-test beside MNIST)")
    bench.add_argument("--json", action="store_true", help="the figures as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


# --- train -------------------------------------------------------------------------


def _train(args: argparse.Namespace) -> int:
    json_mode = args.progress == "json"

    def fail(message: str) -> int:
        if json_mode:
            print(json.dumps({"event": "error", "error": message, "done": True}), flush=True)
        else:
            print(f"mnist-draw train: {message}", file=sys.stderr)
        return 1

    try:
        from . import training
    except ImportError as error:
        return fail(_cannot_train(error))
    from .data import DataError

    fine_tune = args.fine_tune is not None
    config = training.TrainConfig(
        output=Path(args.output),
        data=args.data,
        pendigits=args.pendigits,
        epochs=args.epochs or (training.FINE_TUNE_EPOCHS if fine_tune else training.DEFAULT_EPOCHS),
        limit=args.limit or (training.FINE_TUNE_LIMIT if fine_tune else None),
        seed=args.seed,
        progress=args.progress,
        base_model=Path(args.fine_tune) if fine_tune else None,
        members=args.members or training.DEFAULT_MEMBERS,
        learning_rate=training.FINE_TUNE_LEARNING_RATE if fine_tune else training.PEAK_LEARNING_RATE,
    )
    if args.samples:
        from .samples import SampleStore

        store = SampleStore(Path(args.samples))
        config.extra_images, config.extra_labels = store.training_arrays(held_out=False)
        config.holdout_images, config.holdout_labels = store.training_arrays(held_out=True)
        config.extra_repeat = training.user_sample_repeat(len(config.extra_labels), config.limit)
    if args.background:
        _lower_priority()
    # A cancel (SIGTERM from the retrain dialog) unwinds normally, so no
    # half-written temporary file is left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    say = (lambda text: print(json.dumps({"event": "log", "message": text}), flush=True)) if json_mode else print
    try:
        result = training.train(config, say=say)
    except (DataError, training.TrainingError) as error:
        return fail(str(error))
    except MemoryError:
        return fail("Training ran out of memory. Try a smaller --limit or close other programs.")
    except OSError as error:
        if error.errno == 28:  # ENOSPC
            return fail(f"The disk is full: the model could not be written ({error}).")
        return fail(f"Training failed: {error}")
    card = result.card
    if json_mode:
        print(json.dumps({"event": "done", "done": True, "card": card, "files": result.files}), flush=True)
    else:
        print(f"Wrote {', '.join(result.files.values())}")
        print(f"MNIST test accuracy: {card.get('mnist_test_accuracy', 0):.2%}")
        if "pendigits_test_accuracy" in card:
            print(f"pendigits-test accuracy: {card['pendigits_test_accuracy']:.2%}")
        print(f"Training took {card['training_seconds'] / 60:.1f} minutes.")
    return 0


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


def _cannot_train(error: ImportError) -> str:
    from .resources import is_frozen, training_available

    if is_frozen() and not training_available():
        return (
            "Training needs TensorFlow, which the light build of mnist-draw leaves out: it reads digits "
            "but cannot train. To retrain the model or teach it your handwriting, get the full build "
            "of mnist-draw, or install it with: pip install mnist-draw"
        )
    return f"Training needs TensorFlow, which is not installed here ({error}). Install it with: pip install tensorflow"


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


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
    from .reading import Reading, read_image, read_strokes

    if not args.images and not args.strokes:
        print("mnist-draw predict: give image files, or --strokes FILE.", file=sys.stderr)
        return 2
    classifier = _load_classifier(args.model)
    if classifier is None:
        return 2
    if args.number:
        return _predict_numbers(args, classifier)
    failed = False

    def show(reading: Reading) -> None:
        nonlocal failed
        failed |= reading.error is not None
        print(json.dumps(reading.to_dict()) if args.json else reading.describe(), flush=True)

    for image in args.images:
        show(read_image(classifier, image))
    if args.strokes:
        from .strokes_file import StrokesFileError, read_drawings

        try:
            for drawing in read_drawings(args.strokes):
                show(read_strokes(classifier, drawing, args.strokes))
        except StrokesFileError as error:
            show(Reading(args.strokes, error=str(error)))
    return 1 if failed else 0


def _predict_numbers(args: argparse.Namespace, classifier) -> int:
    """``predict --number``: one whole number read from each image and each line of a strokes file."""
    from . import number
    from .preprocess import ImageError
    from .strokes_file import StrokesFileError, read_drawings

    failed = False

    def show(reading: number.NumberReading) -> None:
        nonlocal failed
        failed |= reading.error is not None
        print(json.dumps(reading.to_dict()) if args.json else reading.describe(), flush=True)

    for image in args.images:
        try:
            show(number.read_image(classifier, image, name=image))
        except ImageError as error:
            show(number.NumberReading(image, error=str(error)))
    if args.strokes:
        try:
            for drawing in read_drawings(args.strokes):
                source = f"{args.strokes}:{drawing.line}"
                if drawing.error is not None:
                    show(number.NumberReading(source, error=drawing.error))
                else:
                    show(number.read_strokes(classifier, drawing.strokes, source))
        except StrokesFileError as error:
            show(number.NumberReading(args.strokes, error=str(error)))
    return 1 if failed else 0


# --- evaluate ----------------------------------------------------------------------


def _evaluate(args: argparse.Namespace) -> int:
    import numpy as np

    from .data import DataError, load_mnist
    from .evaluation import report
    from .strokes_file import StrokesFileError, load_labelled

    if args.number and not args.strokes:
        print("mnist-draw evaluate: --number needs --strokes FILE, a file of labelled numbers.", file=sys.stderr)
        return 2
    classifier = _load_classifier(args.model)
    if classifier is None:
        return 2
    if args.number:
        return _evaluate_numbers(args, classifier)
    if args.strokes:
        from .preprocess import strokes_to_input

        try:
            drawings = load_labelled(args.strokes)
        except StrokesFileError as error:
            print(f"mnist-draw evaluate: {error}", file=sys.stderr)
            return 2
        if not drawings:
            print(f"mnist-draw evaluate: {args.strokes} holds no labelled drawings.", file=sys.stderr)
            return 2
        predicted = []
        for drawing in drawings:
            prepared = strokes_to_input(drawing.strokes)
            predicted.append(-1 if prepared.pixels is None else int(classifier.predict(prepared.pixels).argmax()))
        labels = [d.label for d in drawings]
        writers = [d.writer or "unknown" for d in drawings]
        result = report(np.array(predicted), np.array(labels), writers, blank=predicted.count(-1))
        title = f"{args.strokes} ({len(drawings)} drawings)"
    else:
        try:
            test = load_mnist(args.data).test
        except DataError as error:
            print(f"mnist-draw evaluate: {error}", file=sys.stderr)
            return 2
        predicted = classifier.predict_batch(test.images).argmax(axis=1)
        result = report(predicted, test.labels)
        title = f"MNIST test set ({len(test)} digits)"
    if args.json:
        print(json.dumps({"source": title, **result.to_dict()}))
    else:
        print(format_report(title, result))
    return 0


def _evaluate_numbers(args: argparse.Namespace, classifier) -> int:
    """``evaluate --number --strokes FILE``: whole-number, digit-count and per-length accuracy."""
    from . import number
    from .evaluation import number_report
    from .strokes_file import StrokesFileError, load_labelled_numbers

    try:
        drawings = load_labelled_numbers(args.strokes)
    except StrokesFileError as error:
        print(f"mnist-draw evaluate: {error}", file=sys.stderr)
        return 2
    if not drawings:
        print(f"mnist-draw evaluate: {args.strokes} holds no drawings labelled with digits.", file=sys.stderr)
        return 2
    readings = [number.read_strokes(classifier, d.strokes) for d in drawings]
    result = number_report([r.number for r in readings], [len(r.digits) for r in readings], [d.number for d in drawings])
    title = f"{args.strokes} ({len(drawings)} numbers)"
    if args.json:
        print(json.dumps({"source": title, **result.to_dict()}))
        return 0
    print(title)
    print(f"whole numbers read right: {result.accuracy:.2%} ({result.correct} of {result.total})")
    print(f"digit count right: {result.count_accuracy:.2%} ({result.counted} of {result.total})")
    if result.unread:
        print(f"no number read: {result.unread}")
    for length, (correct, total) in sorted(result.by_length.items()):
        print(f"{length} digit{'s' if length > 1 else ''}: {correct / total:.2%} ({correct} of {total})")
    return 0


def format_report(title: str, result) -> str:
    lines = [title, f"accuracy: {result.accuracy:.2%} ({result.correct} of {result.total})"]
    if result.blank:
        lines.append(f"nothing to read: {result.blank}")
    lines.append("per digit: " + "  ".join(f"{d}: {a:.1%}" for d, a in enumerate(result.per_digit())))
    lines.append("confusion matrix (rows: true digit, columns: read as):")
    lines.append("      " + "".join(f"{d:>6}" for d in range(10)))
    for digit, row in enumerate(result.confusion):
        lines.append(f"{digit:>6}" + "".join(f"{n:>6}" for n in row))
    worst = result.worst_writers()
    if worst:
        lines.append("worst writers: " + ", ".join(f"{name} {acc:.1%} of {n}" for name, acc, n in worst))
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
