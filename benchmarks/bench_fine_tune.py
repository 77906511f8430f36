"""Teach the model one writer's handwriting and measure what it gains and what it forgets.

    python benchmarks/bench_fine_tune.py                 # the writer the model reads worst
    python benchmarks/bench_fine_tune.py --writer pendigits-train-12 --json

Takes one pendigits *train* writer's 1s and 7s (up to 50; the styles MNIST
lacks: a 1 with a flag and a foot, a 7 with a crossbar) as that user's samples,
fine-tunes the bundled model on them exactly as Model > Teach it my handwriting
does (``mnist-draw train --fine-tune ... --samples ...``), and reports the
accuracy on that writer's other digits and on the MNIST test set, before and
after, and how long it took. MNIST is found through $MNIST_DRAW_DATA.
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
from mnist_draw.classifier import Classifier
from mnist_draw.evaluation import measure_images
from mnist_draw.model_card import ModelCard
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.resources import bundled_model_dir
from mnist_draw.samples import SampleStore
from mnist_draw.strokes_file import load_labelled

TAUGHT_DIGITS = (1, 7)
MAX_SAMPLES = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writer", help="a pendigits-train writer (default: the one read worst)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    mnist = data.load_mnist()
    pen_file = data.find_pendigits(None, mnist.source, "train")
    if pen_file is None:
        print("pendigits-train not found beside MNIST", file=sys.stderr)
        return 2
    before_model = Classifier(bundled_model_dir() / model_files.TFLITE_NAME)
    by_writer: dict[str, list] = defaultdict(list)
    for drawing in load_labelled(pen_file):
        prepared = strokes_to_input(drawing.strokes)
        if prepared.pixels is not None:
            by_writer[drawing.writer].append((drawing, prepared.pixels))
    writer = args.writer or _worst_writer(before_model, by_writer)
    items = by_writer[writer]
    taught = [(d, p) for d, p in items if d.label in TAUGHT_DIGITS][:MAX_SAMPLES]
    taught_ids = {id(d) for d, _ in taught}
    others = [(d, p) for d, p in items if id(d) not in taught_ids]
    other_images = np.stack([p for _, p in others])
    other_labels = np.array([d.label for d, _ in others])
    taught_images = np.stack([p for _, p in taught])
    taught_labels = np.array([d.label for d, _ in taught])

    with tempfile.TemporaryDirectory(prefix="mnist-draw-fine-tune-") as folder:
        store = SampleStore(Path(folder) / "samples")
        for drawing, pixels in taught:
            store.add(drawing.label, pixels, drawing.strokes)
        output = Path(folder) / "model"
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "mnist_draw", "train", "--fine-tune", str(bundled_model_dir() / model_files.KERAS_NAME),
             "--samples", str(store.folder), "--output", str(output), "--progress", "none"],
            check=True, capture_output=True, env={**os.environ},
        )
        seconds = time.monotonic() - started
        after_model = Classifier(output / model_files.TFLITE_NAME)
        card = ModelCard.read(output)

        figures = {
            "writer": writer,
            "samples_taught": f"{len(taught)} ({', '.join(str(d) for d in TAUGHT_DIGITS)}s; a fifth kept aside by the store)",
            "fine_tune_seconds": round(seconds, 1),
            "writer_taught_digits_before": round(measure_images(before_model, taught_images, taught_labels).accuracy, 4),
            "writer_taught_digits_after": round(measure_images(after_model, taught_images, taught_labels).accuracy, 4),
            "writer_other_digits_before": round(measure_images(before_model, other_images, other_labels).accuracy, 4),
            "writer_other_digits_after": round(measure_images(after_model, other_images, other_labels).accuracy, 4),
            "writer_kept_aside_after": card.user_holdout_accuracy if card else None,
            "mnist_test_before": round(measure_images(before_model, mnist.test.images, mnist.test.labels).accuracy, 5),
            "mnist_test_after": round(measure_images(after_model, mnist.test.images, mnist.test.labels).accuracy, 5),
        }
    figures["mnist_test_drop_points"] = round((figures["mnist_test_before"] - figures["mnist_test_after"]) * 100, 3)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(map(len, figures))
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")
    return 0


def _worst_writer(classifier: Classifier, by_writer: dict[str, list]) -> str:
    """The writer whose 1s and 7s the model reads worst: the user this feature is for."""

    def score(items: list) -> float:
        chosen = [(d, p) for d, p in items if d.label in TAUGHT_DIGITS]
        if not chosen:
            return 1.0
        return measure_images(classifier, np.stack([p for _, p in chosen]), np.array([d.label for d, _ in chosen])).accuracy

    return min(by_writer, key=lambda name: score(by_writer[name]))


if __name__ == "__main__":
    raise SystemExit(main())
