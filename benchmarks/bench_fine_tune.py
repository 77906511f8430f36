"""Teach the model one writer's handwriting and measure what it gains and what it forgets.

    python benchmarks/bench_fine_tune.py                      # 12, then 50 samples of the writer read worst
    python benchmarks/bench_fine_tune.py --samples 12 --json
    python benchmarks/bench_fine_tune.py --base path/to/model-folder --writer pendigits-train-12

Takes one pendigits *train* writer's 1s and 7s (the styles MNIST lacks: a 1
with a flag and a foot, a 7 with a crossbar) as that user's samples,
fine-tunes the base model (the bundled one unless ``--base``) on them exactly
as Model > Teach it my handwriting does (``mnist-draw train --fine-tune ...
--samples ...``), and reports, before and after: that writer's taught digits
and other digits, the MNIST test set and pendigits-test (the two figures
teaching must not lower by more than ``MAX_LOSS_POINTS``), and how long it
took. MNIST is found through $MNIST_DRAW_DATA, pendigits beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from mnist_draw import data, model_files
from mnist_draw.evaluation import measure_drawings, measure_images
from mnist_draw.model_card import ModelCard
from mnist_draw.model_store import load_model_folder
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.resources import bundled_model_dir
from mnist_draw.samples import SampleStore
from mnist_draw.strokes_file import load_labelled

TAUGHT_DIGITS = (1, 7)
SAMPLE_COUNTS = (12, 50)
MAX_LOSS_POINTS = 0.1  # the most teaching may cost on MNIST test or pendigits-test


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, nargs="+", default=list(SAMPLE_COUNTS), help="how many samples to teach, one run each")
    parser.add_argument("--writer", help="a pendigits-train writer (default: the one read worst)")
    parser.add_argument("--base", type=Path, default=bundled_model_dir(), help="the model folder to start from")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    mnist = data.load_mnist()
    pen_train = data.find_pendigits(None, mnist.folder, "train")
    pen_test = data.find_pendigits(None, mnist.folder, "test")
    if pen_train is None or pen_test is None:
        print("pendigits-train and pendigits-test must be beside MNIST", file=sys.stderr)
        return 2
    pen_test_drawings = load_labelled(pen_test)
    before_model = load_model_folder(args.base, "bundled").classifier
    by_writer: dict[str, list] = defaultdict(list)
    for drawing in load_labelled(pen_train):
        prepared = strokes_to_input(drawing.strokes)
        if prepared.pixels is not None:
            by_writer[drawing.writer].append((drawing, prepared.pixels))
    writer = args.writer or _worst_writer(before_model, by_writer)
    before = {
        "mnist_test": measure_images(before_model, mnist.test.images, mnist.test.labels).accuracy,
        "pendigits_test": measure_drawings(before_model, pen_test_drawings).accuracy,
    }
    runs = []
    for count in args.samples:
        runs.append(_teach(args.base, before_model, before, by_writer[writer], count, mnist, pen_test_drawings))
    figures = {"writer": writer, "base": str(args.base), "runs": runs}
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"writer {writer}, base {args.base}")
        for run in runs:
            print()
            width = max(map(len, run))
            for key, value in run.items():
                print(f"{key:<{width}}  {value}")
    return 0 if all(run["within_limit"] for run in runs) else 1


def _teach(base: Path, before_model, before: dict, items: list, count: int, mnist, pen_test_drawings) -> dict:
    """Fine-tune ``base`` on ``count`` of the writer's taught digits; the figures before and after."""
    taught = [(d, p) for d, p in items if d.label in TAUGHT_DIGITS][:count]
    taught_ids = {id(d) for d, _ in taught}
    others = [(d, p) for d, p in items if id(d) not in taught_ids]
    taught_images, taught_labels = np.stack([p for _, p in taught]), np.array([d.label for d, _ in taught])
    other_images, other_labels = np.stack([p for _, p in others]), np.array([d.label for d, _ in others])

    with tempfile.TemporaryDirectory(prefix="mnist-draw-fine-tune-") as folder:
        store = SampleStore(Path(folder) / "samples")
        for drawing, pixels in taught:
            store.add(drawing.label, pixels, drawing.strokes)
        output = Path(folder) / "model"
        started = time.monotonic()
        finished = subprocess.run(
            [sys.executable, "-m", "mnist_draw", "train", "--fine-tune", str(base / model_files.KERAS_NAME),
             "--samples", str(store.folder), "--output", str(output), "--progress", "none"],
            capture_output=True, text=True, env={**os.environ},
        )
        if finished.returncode != 0:
            raise SystemExit(f"fine-tuning failed:\n{finished.stderr[-3000:]}")
        seconds = time.monotonic() - started
        after_model = load_model_folder(output, "user").classifier
        card = ModelCard.read(output)
        held = len(store.training_arrays(held_out=True)[1])
        reports = {
            "mnist_test": measure_images(after_model, mnist.test.images, mnist.test.labels),
            "pendigits_test": measure_drawings(after_model, pen_test_drawings),
        }
        after = {name: report.accuracy for name, report in reports.items()}
        run = {
            "samples_taught": f"{count} ({'s and '.join(str(d) for d in TAUGHT_DIGITS)}s; {held} kept aside by the store)",
            "fine_tune_seconds": round(seconds, 1),
            "writer_taught_digits": _change(before_model, after_model, taught_images, taught_labels),
            "writer_other_digits": _change(before_model, after_model, other_images, other_labels),
            "writer_kept_aside_after": card.user_holdout_accuracy if card else None,
            "called_not_a_digit_after": ", ".join(f"{name} {report.rejected}" for name, report in reports.items()),
            "threshold_after": card.not_digit_threshold if card else None,
        }
    for name in ("mnist_test", "pendigits_test"):
        run[name] = f"{before[name]:.2%} -> {after[name]:.2%}"
        run[f"{name}_loss_points"] = round((before[name] - after[name]) * 100, 3)
    run["within_limit"] = all(run[f"{name}_loss_points"] <= MAX_LOSS_POINTS for name in ("mnist_test", "pendigits_test"))
    return run


def _change(before_model, after_model, images: np.ndarray, labels: np.ndarray) -> str:
    first = measure_images(before_model, images, labels)
    then = measure_images(after_model, images, labels)
    return f"{first.correct} of {first.total} -> {then.correct} of {then.total}"


def _worst_writer(classifier, by_writer: dict[str, list]) -> str:
    """The writer whose 1s and 7s the model reads worst: the user this feature is for."""

    def score(items: list) -> float:
        chosen = [(d, p) for d, p in items if d.label in TAUGHT_DIGITS]
        if len(chosen) < max(SAMPLE_COUNTS):
            return 1.0  # too few to teach 50
        return measure_images(classifier, np.stack([p for _, p in chosen]), np.array([d.label for d, _ in chosen])).accuracy

    return min(by_writer, key=lambda name: score(by_writer[name]))


if __name__ == "__main__":
    raise SystemExit(main())
