"""How a model reads the kinds of writing the test sets barely hold, and letters.

Styles are made from pendigits-*test* digits (a slash through each 0, a bar
across each 7, a strong slant) and drawn from scratch (continental 1s, g-shaped
9s); letters come from Hershey fonts that training never uses: the letters
training also has as "not a digit", and all 52 (O, l, S, Z, b, g and other
look-alikes included, as a set of handwritten letters holds them). Everything
here is for measuring only: nothing is trained or tuned on it.

    python benchmarks/bench_honesty.py [--model FOLDER ...] [--data MNIST]   (default: the bundled model)

pendigits-test is found as the app finds it: $MNIST_DRAW_PENDIGITS, else in a
``pendigits`` folder beside the MNIST folder found (--data, $MNIST_DRAW_DATA or
the Keras cache).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from mnist_draw import data, non_digits, preprocess, writing_styles
from mnist_draw.model_store import load_model_folder
from mnist_draw.reading import NOT_A_DIGIT_CLASS
from mnist_draw.resources import bundled_model_dir
from mnist_draw.strokes_file import load_labelled

UNSEEN_FONTS = ("timesr", "scriptc")  # non_digits trains on futural, scripts, cursive, rowmans, greek
LETTERS = "ACEFHKLMNPRUVWXYacefhkmnprtuvwxy"
# Every letter, look-alikes (O, l, S, Z, b, g...) included: what a set of handwritten
# letters holds, though the issue allows those that truly look like digits to be read.
ALL_LETTERS = "".join(chr(c) for c in range(ord("A"), ord("Z") + 1)) + "".join(chr(c) for c in range(ord("a"), ord("z") + 1))


def pendigits_test(data_location: str | None) -> list:
    """The pendigits-test drawings, looked for beside wherever MNIST is found."""
    mnist = data.load_mnist(data_location, allow_download=False)
    path = data.find_pendigits(None, mnist.folder, "test")
    if path is None:
        raise data.DataError(
            f"No pendigits-test.jsonl.gz in {Path(mnist.folder).parent / 'pendigits'} (beside the MNIST "
            f"folder {mnist.folder}): point at it with the {data.PENDIGITS_ENV_VAR} environment variable."
        )
    return load_labelled(path)


def style_sets(pen: list, seed: int = 123) -> dict[str, list]:
    rng = np.random.default_rng(seed)

    def strokes(drawing) -> list:
        return [np.asarray(s, float)[:, :2] for s in drawing.strokes if len(s)]

    return {
        "slashed zeros (pendigits-test 0s)": [(writing_styles.slash_zero(strokes(d), rng), 0) for d in pen if d.label == 0],
        "crossed 7s (pendigits-test 7s)": [(writing_styles.cross_seven(strokes(d), rng), 7) for d in pen if d.label == 7],
        "continental 1s (drawn)": [(writing_styles._wobble(writing_styles.continental_one(rng), rng), 1) for _ in range(300)],
        "g-shaped 9s (drawn)": [(writing_styles._wobble(writing_styles.g_shaped_nine(rng), rng), 9) for _ in range(300)],
        "slanted pendigits-test digits": [
            (writing_styles.shear(strokes(d), rng.choice([-1, 1]) * rng.uniform(0.3, 0.6)), d.label) for d in pen[:1000]
        ],
    }


def unseen_letters(seed: int = 321, per_font: int = 600, alphabet: str = LETTERS) -> list:
    from HersheyFonts import HersheyFonts

    rng = np.random.default_rng(seed)
    letters = []
    for font in UNSEEN_FONTS:
        fonts = HersheyFonts()
        fonts.load_default_font(font)
        for i in range(per_font):
            glyph = [np.asarray(s, float) for s in fonts.strokes_for_text(alphabet[i % len(alphabet)]) if len(s)]
            letters.append(non_digits._bend(glyph, rng))
    return letters


def prepare(items: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labelled strokes through the app's stroke path: the model's inputs, their labels,
    and which ones the strokes' shape alone turns away (``ModelInput.not_a_digit``), as
    the app answers them."""
    prepared = [(preprocess.strokes_to_input(strokes), label) for strokes, label in items]
    kept = [(item, label) for item, label in prepared if item.pixels is not None]
    return (
        np.stack([item.pixels for item, _ in kept]),
        np.array([label for _, label in kept]),
        np.array([item.not_a_digit for item, _ in kept]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="a model folder (repeat to compare); default: the bundled model")
    parser.add_argument("--data", help="MNIST folder or mnist.npz (default: as the app finds it); pendigits is looked for beside it")
    args = parser.parse_args()
    try:
        pen = pendigits_test(args.data)
    except data.DataError as error:
        sys.exit(str(error))
    sets = style_sets(pen)
    letter_sets = {
        "letters answered with a digit": unseen_letters(),
        "all 52 letters (look-alikes too)": unseen_letters(per_font=12 * len(ALL_LETTERS), alphabet=ALL_LETTERS),
    }
    style_inputs = {title: prepare(items) for title, items in sets.items()}
    letter_inputs = {title: prepare([(s, NOT_A_DIGIT_CLASS) for s in letters]) for title, letters in letter_sets.items()}
    for folder in args.model or [str(bundled_model_dir())]:
        classifier = load_model_folder(folder, "file").classifier
        print(folder)
        for title, (images, labels, shaped) in style_inputs.items():
            digits, not_digit = classifier.read_batch(images)
            read = np.where(classifier.rejects(not_digit) | shaped, -1, digits.argmax(axis=1))
            print(f"  {title:36s} {np.mean(read == labels):6.1%}  ({len(labels)} drawings)")
        for title, (images, _, shaped) in letter_inputs.items():
            digits, not_digit = classifier.read_batch(images)
            answered = ~(classifier.rejects(not_digit) | shaped)
            sure = answered & (digits.max(axis=1) > 0.9)
            print(f"  {title:36s} {answered.mean():6.1%}  (over 90% sure: {sure.mean():.1%}; {len(answered)} letters)")


if __name__ == "__main__":
    main()
