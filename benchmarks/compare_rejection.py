"""Ways of deciding "not a digit", side by side, on training-side data.

    python benchmarks/compare_rejection.py [FOLDER]            # default: the bundled model
    python benchmarks/compare_rejection.py --tests [FOLDER]    # also what each rule would do on the test sets

The app turns a drawing away when the averaged networks' calibrated "not a
digit" probability passes a threshold that turns away at most
``calibration.MAX_FALSE_REJECTION`` of the held-out digits (``calibration``).
Other rules read the same networks differently: the most doubtful of the
networks, their median, how unsure the likeliest digit is, the average over the
drawing shifted by a pixel each way and thickened and thinned (several readings
of one drawing). Each rule's threshold is fitted the same way, on the same
held-out digits, and each is then judged on what the recipe is chosen on: the
held-out generated non-digits turned away, the held-out digits distorted as in
training (x1 and x1.5, compare_holdout's three seeds: 8,250 digits each) that
were read right but turned away, and the
letters of unseen fonts answered with a digit (``bench_honesty.py``'s, all 52).
A better rule turns more away at the same cost in digits.

``--tests`` adds MNIST test and pendigits-test: measured, never chosen on.
It needs TensorFlow (the networks are read one by one from ``model.keras``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mnist_draw import calibration, writing_styles  # noqa: E402
from mnist_draw.model_card import ModelCard  # noqa: E402
from mnist_draw.reading import DIGITS, NOT_A_DIGIT_CLASS  # noqa: E402
from mnist_draw.resources import bundled_model_dir  # noqa: E402


def _views(images: np.ndarray) -> list[np.ndarray]:
    """The drawing, shifted a pixel each way, thickened and thinned (float, 0-1)."""
    x = images.astype(np.float32) / 255.0 if images.dtype == np.uint8 else images
    corner = [x, np.roll(x, 1, 1), np.roll(x, 1, 2), np.roll(np.roll(x, 1, 1), 1, 2)]
    shifted = [np.roll(x, step, axis) for axis in (1, 2) for step in (1, -1)]
    return [x, *shifted, np.maximum.reduce(corner), np.minimum.reduce(corner)]


def _read(members: list, images: np.ndarray) -> np.ndarray:
    """(n, views, networks, outputs): every network's probabilities for every view."""
    return np.stack([np.stack([m.predict(v[..., None], batch_size=512, verbose=0) for m in members], 1) for v in _views(images)], 1)


def _test_sets() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from mnist_draw import data, preprocess
    from mnist_draw.pendigits import load_pendigits

    mnist = data.load_mnist(None, allow_download=False)
    folder = mnist.folder
    # Through the stroke path the window uses, as ``mnist-draw evaluate`` reads them.
    prepared = [(preprocess.strokes_to_input(d.strokes).pixels, d.label) for d in load_pendigits(None, folder).test or []]
    readable = [(pixels, label) for pixels, label in prepared if pixels is not None]
    return {
        "MNIST test": (mnist.test.images, mnist.test.labels),
        "pendigits-test": (np.stack([p for p, _ in readable]), np.array([label for _, label in readable])),
    }


def rules(temperature: float) -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    """Each rule: outputs (n, views, networks, 11) -> a "not a digit" score (higher: less like a digit)."""

    def not_digit(p: np.ndarray) -> np.ndarray:
        return calibration.split(p, temperature)[1]

    return {
        "mean of the networks (the app's)": lambda o: not_digit(o[:, 0].mean(1)),
        "the most doubtful network": lambda o: np.max([not_digit(o[:, 0, i]) for i in range(o.shape[2])], 0),
        "the networks' median": lambda o: np.median([not_digit(o[:, 0, i]) for i in range(o.shape[2])], 0),
        "1 - the likeliest digit": lambda o: 1 - calibration.scaled(o[:, 0].mean(1), temperature)[:, :DIGITS].max(1),
        "mean over 7 views of the drawing": lambda o: not_digit(o.mean((1, 2))),
        "least doubtful of 7 views": lambda o: np.min([not_digit(o[:, v].mean(1)) for v in range(o.shape[1])], 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=str(bundled_model_dir()), help="a model folder trained with seed 1")
    parser.add_argument("--tests", action="store_true", help="also MNIST test and pendigits-test (measured, never chosen on)")
    args = parser.parse_args()

    import keras

    import bench_honesty
    from compare_holdout import DISTORTION_SEEDS, DISTORTIONS, distorted, held_out_data

    folder = Path(args.model)
    card = ModelCard.read(folder)
    model = keras.saving.load_model(folder / "model.keras", compile=False)
    members = [layer for layer in model.layers if isinstance(layer, keras.Model)] or [model]

    images, labels, _ = held_out_data(1, None)
    digits = labels != NOT_A_DIGIT_CLASS
    letters = bench_honesty.unseen_letters(per_font=12 * len(bench_honesty.ALL_LETTERS), alphabet=bench_honesty.ALL_LETTERS)
    sets = {
        "held-out": (images, labels),
        **{
            f"x{s}": (
                np.concatenate([distorted(images[digits], s, seed)[..., 0] for seed in DISTORTION_SEEDS]),
                np.tile(labels[digits], len(DISTORTION_SEEDS)),
            )
            for s in DISTORTIONS[1:]
        },
        "letters": (writing_styles.render([(s, NOT_A_DIGIT_CLASS) for s in letters])[0], None),
    }
    if args.tests:
        sets.update(_test_sets())
    outputs = {name: _read(members, x) for name, (x, _) in sets.items()}

    print(f"{folder}: {len(members)} networks; threshold at most {calibration.MAX_FALSE_REJECTION:.2%} of the held-out digits")
    for title, rule in rules(card.temperature if card else 1.0).items():
        held = rule(outputs["held-out"])
        threshold = max(calibration.MIN_NOT_DIGIT_THRESHOLD, float(np.quantile(held[digits], 1 - calibration.MAX_FALSE_REJECTION)) + 1e-4)
        row = [f"non-digits {np.mean(held[~digits] >= threshold):.2%} turned away"]
        for name in (f"x{s}" for s in DISTORTIONS[1:]):
            right = outputs[name][:, 0].mean(1)[:, :DIGITS].argmax(1) == sets[name][1]
            row.append(f"{name}: {int((right & (rule(outputs[name]) >= threshold)).sum())} right turned away")
        row.append(f"letters {np.mean(rule(outputs['letters']) < threshold):.1%} answered")
        for name in ("MNIST test", "pendigits-test") if args.tests else ():
            truth = sets[name][1]
            likeliest = outputs[name][:, 0].mean(1)[:, :DIGITS].argmax(1)
            kept = rule(outputs[name]) < threshold
            row.append(f"{name} {np.mean((likeliest == truth) & kept):.2%} ({int((~kept).sum())} turned away)")
        print(f"  {title:34s} threshold {threshold:.3f}: " + "; ".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
