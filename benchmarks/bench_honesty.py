"""How a model reads the kinds of writing the test sets barely hold, and letters.

Styles are made from pendigits-*test* digits (a slash through each 0, a bar
across each 7, a strong slant) and drawn from scratch (continental 1s, g-shaped
9s); letters come from Hershey fonts that training never uses: the letters
training also has as "not a digit", and all 52 (O, l, S, Z, b, g and other
look-alikes included, as a set of handwritten letters holds them). Everything
here is for measuring only: nothing is trained or tuned on it.

    python benchmarks/bench_honesty.py [--model FOLDER ...] [--data MNIST]   (default: the bundled model)
    python benchmarks/bench_honesty.py --training-fonts [--model FOLDER]
    python benchmarks/bench_honesty.py [--training-fonts] --pen   (the letters as a pen samples them)

``--training-fonts`` says instead which letters of the fonts training *does* use
(all 52, drawn as ``non_digits`` draws them, with a seed training does not use)
are answered with a digit, and by which: where to look for a rule on the strokes,
on the training side (``bench_stroke_shape.py`` counts what each rule costs).
``--pen``: the letters as a pen samples them (a point every 2-8 ms, a hand's tremor),
not as the fonts' lines of two points each: what some rules on the strokes need to see.

pendigits-test is found as the app finds it: $MNIST_DRAW_PENDIGITS, else in a
``pendigits`` folder beside the MNIST folder found (--data, $MNIST_DRAW_DATA or
the Keras cache).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from mnist_draw import data, device_simulator, non_digits, preprocess, writing_styles
from mnist_draw.model_store import load_model_folder
from mnist_draw.reading import NOT_A_DIGIT_CLASS
from mnist_draw.resources import bundled_model_dir
from mnist_draw.strokes_file import load_labelled

UNSEEN_FONTS = ("timesr", "scriptc")  # non_digits trains on futural, scripts, cursive, rowmans, greek
LETTERS = "ACEFHKLMNPRUVWXYacefhkmnprtuvwxy"
# Every letter, look-alikes (O, l, S, Z, b, g...) included: what a set of handwritten
# letters holds, though the issue allows those that truly look like digits to be read.
ALL_LETTERS = "".join(chr(c) for c in range(ord("A"), ord("Z") + 1)) + "".join(chr(c) for c in range(ord("a"), ord("z") + 1))


TRAINING_FONT_SEED = 9_001  # training seeds its non-digits with --seed and --seed + 10,000
PEN_SEED = 77


def training_font_letters(seed: int = TRAINING_FONT_SEED, each: int = 8, pen: bool = False) -> list[tuple[str, list[np.ndarray]]]:
    """Every letter of every font ``non_digits`` trains on (look-alikes too), ``each`` times,
    warped and bent as its generator does: ("font:letter", the strokes). ``pen``: as a pen
    samples them (:func:`as_a_pen_draws`)."""
    rng = np.random.default_rng(seed)
    made = []
    for font in non_digits._FONTS:
        for letter in ALL_LETTERS:
            for _ in range(each):
                glyph = non_digits._glyph(font, letter)
                if rng.random() < non_digits.LETTER_WARP_SHARE:
                    glyph = writing_styles._warp(glyph, rng)
                made.append((f"{font}:{letter}", non_digits._bend(glyph, rng)))
    return [(name, as_a_pen_draws(strokes, index)) for index, (name, strokes) in enumerate(made)] if pen else made


def as_a_pen_draws(strokes: list[np.ndarray], index: int) -> list[np.ndarray]:
    """A font's glyph as a pen samples it: a point every 2-8 ms along each stroke, with a
    hand's small tremor (``device_simulator``'s dense pen). A font's straight line is two
    points; a pen's has dozens, and some rules on the strokes look for them."""
    return device_simulator.replay(strokes, "dense", PEN_SEED, index)


def print_training_font_answers(folder: str, pen: bool = False) -> None:
    """Per training font, the letters answered with a digit (as the app reads them), with the digits."""
    classifier = load_model_folder(folder, "file").classifier
    made = training_font_letters(pen=pen)
    images, _, shaped = prepare([(strokes, NOT_A_DIGIT_CLASS) for _, strokes in made])
    assert len(images) == len(made), "a letter drawn as nothing to read"  # the rows below pair them up
    digits, not_digit = classifier.read_batch(images)
    answered = ~(classifier.rejects(not_digit) | shaped)
    drawn = " (as a pen samples them)" if pen else ""
    print(f"{folder}: training-font letters{drawn} answered with a digit: {answered.mean():.1%} of {len(made)}")
    for font, lookalikes in non_digits._FONTS.items():
        found: dict[str, Counter] = {}
        rows = [index for index, (name, _) in enumerate(made) if name.split(":")[0] == font]
        for index in rows:
            if answered[index]:
                found.setdefault(made[index][0].split(":")[1], Counter())[int(digits[index].argmax())] += 1
        share = sum(sum(c.values()) for c in found.values()) / len(rows)
        letters = "  ".join(
            f"{letter}{'*' * (letter in lookalikes)} " + ",".join(f"{digit}x{count}" for digit, count in counts.most_common())
            for letter, counts in sorted(found.items(), key=lambda item: ALL_LETTERS.index(item[0]))
        )
        print(f"  {font:9s} {share:6.1%}  {letters}")
    print("  (* a look-alike the font's letters leave out of training)")


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
    parser.add_argument("--training-fonts", action="store_true", help="which letters of the training fonts are answered with a digit")
    parser.add_argument("--pen", action="store_true", help="the letters as a pen samples them, not as the fonts' lines")
    args = parser.parse_args()
    if args.training_fonts:
        for folder in args.model or [str(bundled_model_dir())]:
            print_training_font_answers(folder, args.pen)
        return
    try:
        pen = pendigits_test(args.data)
    except data.DataError as error:
        sys.exit(str(error))
    sets = style_sets(pen)
    letter_sets = {
        "letters answered with a digit": unseen_letters(),
        "all 52 letters (look-alikes too)": unseen_letters(per_font=12 * len(ALL_LETTERS), alphabet=ALL_LETTERS),
    }
    if args.pen:
        letter_sets = {title: [as_a_pen_draws(strokes, index) for index, strokes in enumerate(letters)] for title, letters in letter_sets.items()}
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
