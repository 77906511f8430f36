"""Models side by side on the training-side held-out data: how a recipe is chosen.

    python benchmarks/compare_holdout.py FOLDER [FOLDER ...]          # default: the bundled model
    python benchmarks/compare_holdout.py --distorted FOLDER [FOLDER ...]

``mnist-draw train --seed 1`` keeps out of training 2,000 MNIST-train digits,
three whole pendigits-train writers and 3,000 freshly generated non-digits, to
fit the calibration. They are the only data the recipe's choices are made on:
the test sets measure, they do not choose. This assembles the same held-out
data again (as training does, about a minute) and reports for each model, on
the MNIST-train digits and on the pen writers apart, the errors (the likeliest
digit, "not a digit" set aside) and the log-loss (finer: it moves before the
errors do), and the share of the non-digits turned away at the model's own
threshold. ``--distorted`` also reads the held-out digits distorted the way
training distorts (``training.augmentation.augment``) at half, full and one and
a half times its strength, three seeds each: a model that copes better with
writing unlike its training data shows it there.

Only models trained with the same seed (1, the bundled model's) have not seen
this data; a model trained with another seed has learnt from part of it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mnist_draw import data as mnist_data  # noqa: E402
from mnist_draw.model_store import load_model_folder  # noqa: E402
from mnist_draw.reading import NOT_A_DIGIT_CLASS  # noqa: E402
from mnist_draw.pendigits import load_pendigits  # noqa: E402
from mnist_draw.resources import bundled_model_dir  # noqa: E402
from mnist_draw.training.network import CLASSES  # noqa: E402
from mnist_draw.training_plan import DEFAULT_SEED, TrainingRequest  # noqa: E402

DISTORTIONS = (0.5, 1.0, 1.5)
DISTORTION_SEEDS = (9000, 9001, 9002)  # far from any seed training uses


def held_out_data(seed: int, data: str | None) -> tuple[np.ndarray, np.ndarray, dict[str, slice]]:
    """The held-out images (uint8), labels, and where the MNIST and pen digits are."""
    from mnist_draw.training import training_set

    mnist = mnist_data.load_mnist(data, allow_download=False)
    folder = mnist.folder
    request = TrainingRequest(output=Path("unused"), data=data, seed=seed)
    _, _, _, holdout = training_set.assemble(request, None, mnist, load_pendigits(None, folder).train, CLASSES)
    digits = int((holdout.labels != NOT_A_DIGIT_CLASS).sum())
    parts = {"MNIST-train": slice(0, training_set.HOLDOUT_MNIST), "pen writers": slice(training_set.HOLDOUT_MNIST, digits)}
    return holdout.images, holdout.labels, parts


def digit_figures(raw: np.ndarray, labels: np.ndarray) -> tuple[int, float]:
    """Errors and mean log-loss of the model's own outputs on digits."""
    probabilities = raw / raw.sum(axis=1, keepdims=True)
    errors = int((probabilities[:, :10].argmax(axis=1) != labels).sum())
    truth = np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1.0)
    return errors, float(-np.log(truth).mean())


def distorted(images: np.ndarray, strength: float, seed: int) -> np.ndarray:
    import tensorflow as tf

    from mnist_draw.training.augmentation import augment

    batch = tf.constant(images.astype(np.float32)[..., None] / 255.0)
    return augment(batch, tf.constant([seed, round(strength * 10)], tf.int64), strength).numpy()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="model folders (default: the bundled model)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the training seed whose held-out data to use")
    parser.add_argument("--data", help="MNIST folder or mnist.npz (default: as training finds it)")
    parser.add_argument("--distorted", action="store_true", help="also read the held-out digits distorted")
    args = parser.parse_args()

    images, labels, parts = held_out_data(args.seed, args.data)
    variants = {}
    if args.distorted:
        digits = slice(0, parts["pen writers"].stop)
        variants = {(s, seed): distorted(images[digits], s, seed) for s in DISTORTIONS for seed in DISTORTION_SEEDS}
    for folder in args.models or [str(bundled_model_dir())]:
        classifier = load_model_folder(folder, "file").classifier
        raw = classifier.raw_batch(images)
        print(folder)
        for name, part in parts.items():
            errors, loss = digit_figures(raw[part], labels[part])
            print(f"  {name:12s} {errors:4d} errors of {part.stop - part.start}, log-loss {loss:.4f}")
        if raw.shape[1] > NOT_A_DIGIT_CLASS:
            _, not_digit = classifier.read_batch(images[labels == NOT_A_DIGIT_CLASS])
            print(f"  non-digits   {classifier.rejects(not_digit).mean():.2%} turned away")
        for strength in DISTORTIONS if variants else ():
            figures = []
            for name, part in parts.items():
                results = [digit_figures(classifier.raw_batch(variants[(strength, seed)][part]), labels[part]) for seed in DISTORTION_SEEDS]
                count = len(DISTORTION_SEEDS) * (part.stop - part.start)
                figures.append(f"{name} {sum(e for e, _ in results)} of {count}, log-loss {np.mean([l for _, l in results]):.4f}")
            print(f"  distorted x{strength}: " + "; ".join(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
