"""The tutorial networks beside the app's: accuracy, each fed both ways (the README's table).

    python benchmarks/compare_tutorial_networks.py          # a Markdown table
    python benchmarks/compare_tutorial_networks.py --json

Three networks (the bundled model, the tutorial CNN, the tutorial dense network)
on two test sets, each fed two ways:

- MNIST test (10,000), as is (the tutorials' own test: the 28x28 images
  straight in) and through this app's preprocessing (``image_to_input``: ink
  found, cropped, fitted to 20x20, centred by mass);
- pendigits-test (3,498 digits pen-drawn by 14 people), the tutorial's way
  (strokes put on the window's 280-unit canvas, centred, the larger side 20/28
  of it, drawn with the window's 18-unit brush, the whole canvas shrunk to
  28x28: ``tutorial_networks.strokes_tutorial_input``) and the app's way
  (``strokes_to_input``, what ``mnist-draw evaluate --strokes`` measures).

Nothing is tuned on these sets; they only measure. An input with nothing to
read counts as wrong.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from mnist_draw import data
from mnist_draw.classifier import Classifier
from mnist_draw.evaluation import measure_images
from mnist_draw.model_store import load_model_folder
from mnist_draw.preprocess import image_to_input, strokes_to_input
from mnist_draw.resources import bundled_model_dir
from mnist_draw.strokes_file import load_labelled
from mnist_draw.tutorial_networks import FOLDERS, strokes_tutorial_input, tutorial_dir

COLUMNS = {
    "mnist_as_is": "MNIST test, as is",
    "mnist_app": "MNIST test, app's preprocessing",
    "pendigits_tutorial": "pendigits-test, whole canvas (tutorial's way)",
    "pendigits_app": "pendigits-test, app's preprocessing",
}


def stack(prepared: list) -> tuple[np.ndarray, np.ndarray]:
    """The inputs with something to read, and which ones they are."""
    usable = np.array([p.pixels is not None for p in prepared])
    pixels = np.stack([p.pixels for p in prepared if p.pixels is not None])
    return pixels, usable


def accuracy(classifier: Classifier, pixels: np.ndarray, usable: np.ndarray, labels: np.ndarray) -> float:
    """As ``mnist-draw evaluate`` counts: a digit the model turns away as "not a digit" is wrong."""
    return measure_images(classifier, pixels, labels[usable]).accuracy * float(usable.mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    mnist = data.load_mnist()
    pen_file = data.find_pendigits(None, mnist.folder, "test")
    if pen_file is None:
        print("pendigits-test not found beside MNIST; set MNIST_DRAW_DATA", file=sys.stderr)
        return 2
    drawings = load_labelled(pen_file)
    pen_labels = np.array([d.label for d in drawings])
    mnist_labels = mnist.test.labels.astype(int)
    fed = {
        "mnist_as_is": (mnist.test.images.astype(np.float32) / 255, np.ones(len(mnist_labels), bool), mnist_labels),
        "mnist_app": (*stack([image_to_input(image) for image in mnist.test.images]), mnist_labels),
        "pendigits_tutorial": (*stack([strokes_tutorial_input(d.strokes) for d in drawings]), pen_labels),
        "pendigits_app": (*stack([strokes_to_input(d.strokes) for d in drawings]), pen_labels),
    }
    networks = {
        "this app's model (bundled)": bundled_model_dir(),
        "tutorial CNN": tutorial_dir() / FOLDERS["tutorial-cnn"],
        "tutorial dense network": tutorial_dir() / FOLDERS["tutorial-mlp"],
    }
    table = {}
    for name, folder in networks.items():
        classifier = load_model_folder(folder, "file").classifier  # calibrated as its card says
        table[name] = {column: round(accuracy(classifier, *fed[column]), 5) for column in COLUMNS}
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    print("| network | " + " | ".join(COLUMNS.values()) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for name, row in table.items():
        print(f"| {name} | " + " | ".join(f"{row[column]:.2%}" for column in COLUMNS) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
