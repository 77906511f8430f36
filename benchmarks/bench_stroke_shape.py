"""What the stroke-shape rules turn away, on the training side: how they are chosen.

    python benchmarks/bench_stroke_shape.py [--seed N]

``mnist_draw.stroke_shape`` answers "not a digit" for a drawing whose strokes
show a letter (a dot above the rest, a bar on a stem, a tail across a ring, a bowl on
a stem, a bar drawn into an arc, a bar across a stem, a diagonal between bars, a bar
between legs) or a shape (sharp corners all round), whatever
the model reads. A rule may turn away no digit, or nearly none: this counts, for each rule, the
digits it turns away among pendigits-train's 7,494 drawings as drawn and with
one, two or three pen lifts at random (a stroke cut in two where the pen left the
paper), and among the writing styles training adds to them (slashed and dotted
0s, crossed 7s, slants; continental 1s, g-shaped 9s, looped 2s, 4s, crossed 7s
drawn from scratch), as drawn and with two pen lifts; and what it catches among
the 3,000 generated non-digits ``mnist-draw train --seed 1`` holds out to
calibrate and among all 52 letters of the training fonts, drawn as
``non_digits`` draws them with a seed training does not use (training-side, never
learnt from). The letters of unseen fonts (``bench_honesty.py``'s all 52) are
counted last: measured, never chosen on.

pendigits-train is found as the app finds it (``$MNIST_DRAW_PENDIGITS``, else
beside the MNIST folder).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mnist_draw import data, non_digits, writing_styles  # noqa: E402
from mnist_draw.preprocess import clean_strokes  # noqa: E402
from mnist_draw.stroke_shape import (  # noqa: E402
    has_a_bar_across_a_stem,
    has_a_bar_between_legs,
    has_a_bar_into_an_arc,
    has_a_bar_on_a_stem,
    has_a_bowl_on_a_stem,
    has_a_diagonal_between_bars,
    has_a_dot_above,
    has_a_tail_across_a_ring,
    has_sharp_corners_all_round,
)
from mnist_draw.strokes_file import load_labelled  # noqa: E402

RULES: dict[str, Callable[[Sequence[np.ndarray]], bool]] = {
    "a dot above": has_a_dot_above,
    "a bar on a stem": has_a_bar_on_a_stem,
    "a tail across a ring": has_a_tail_across_a_ring,
    "a bowl on a stem": has_a_bowl_on_a_stem,
    "a bar into an arc": has_a_bar_into_an_arc,
    "a bar across a stem": has_a_bar_across_a_stem,
    "a diagonal between bars": has_a_diagonal_between_bars,
    "a bar between legs": has_a_bar_between_legs,
    "sharp corners all round": has_sharp_corners_all_round,
}
Labelled = list[tuple[list[np.ndarray], int]]


def pen_lifts(strokes: list[np.ndarray], count: int, rng: np.random.Generator, gap: bool = False) -> list[np.ndarray]:
    """``strokes`` with ``count`` of them (chosen at random, long enough) cut in two at a
    random point, which both pieces keep: they touch, as where a pen left the paper and
    came back to it. ``gap``: the segment there is lost instead (pendigits' points lie
    a few percent of a digit apart: the pen came back a little further on)."""
    out = list(strokes)
    for _ in range(count):
        long = [index for index, stroke in enumerate(out) if len(stroke) >= 4]
        if not long:
            break
        index = long[rng.integers(len(long))]
        stroke, cut = out[index], rng.integers(2, len(out[index]) - 1)
        out[index : index + 1] = [stroke[:cut], stroke[cut:]] if gap else [stroke[: cut + 1], stroke[cut:]]
    return out


def styled(real: Labelled, rng: np.random.Generator) -> Labelled:
    """pendigits-train in the styles training adds (``writing_styles.pen_styles``), every one
    of them rather than a share, and the digits it draws from scratch."""
    made: Labelled = []
    for strokes, label in real:
        if label == 0:
            made += [(writing_styles.slash_zero(strokes, rng), 0), (writing_styles.dot_zero(strokes, rng), 0)]
        if label == 7:
            made.append((writing_styles.cross_seven(strokes, rng), 7))
        made.append((writing_styles.shear(strokes, rng.choice([-1, 1]) * rng.uniform(0.3, 0.6)), label))
    for label, maker, count in writing_styles._DRAWN:
        for _ in range(count):
            strokes = writing_styles._wobble(maker(rng), rng)
            made.append((writing_styles.shear(strokes, rng.uniform(-0.35, 0.35)) if rng.random() < 0.5 else strokes, label))
    return made


def held_out_non_digits(pen_train: list, seed: int = 1) -> list[list[np.ndarray]]:
    """The generated non-digits ``mnist-draw train --seed SEED`` holds out, as strokes: made
    as ``training.training_set.assemble`` makes them (the same random draws, in order)."""
    from mnist_draw.training.training_set import HOLDOUT_MNIST, HOLDOUT_NON_DIGITS, HOLDOUT_PEN_WRITERS

    mnist_train_size = 60_000
    rng = np.random.default_rng(seed)
    rng.choice(mnist_train_size, HOLDOUT_MNIST, replace=False)  # the MNIST digits held out
    writers = sorted({d.writer for d in pen_train if d.writer})
    held_writers = set(rng.choice(writers, HOLDOUT_PEN_WRITERS, replace=False))
    kept = [d for d in pen_train if d.writer not in held_writers]
    crossed_out = [[np.asarray(s, float)[:, :2] for s in d.strokes if len(s)] for d in kept[:2000]]
    return list(non_digits.generate(HOLDOUT_NON_DIGITS, seed + 10_000, crossed_out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=5, help="the seed of the pen lifts and the styles")
    parser.add_argument("--lift-gap", action="store_true", help="pen lifts lose the segment where they cut")
    args = parser.parse_args()
    mnist = data.load_mnist(None, allow_download=False)
    path = data.find_pendigits(None, mnist.folder, "train")
    if path is None:
        sys.exit(f"No pendigits-train.jsonl.gz beside {mnist.folder}: set {data.PENDIGITS_ENV_VAR}.")
    pen_train = load_labelled(path)
    rng = np.random.default_rng(args.seed)
    real = [([np.asarray(s, float)[:, :2] for s in d.strokes if len(s)], d.label) for d in pen_train]
    styles = styled(real, rng)
    digit_sets = {
        "pendigits-train": real,
        **{f"  with {n} pen lift{'s' * (n > 1)}": [(pen_lifts(s, n, rng, args.lift_gap), label) for s, label in real] for n in (1, 2, 3)},
        "writing styles": styles,
        "  styles with 2 pen lifts": [(pen_lifts(s, 2, rng, args.lift_gap), label) for s, label in styles],
    }
    import bench_honesty

    letters = bench_honesty.unseen_letters(per_font=12 * len(bench_honesty.ALL_LETTERS), alphabet=bench_honesty.ALL_LETTERS)
    names = [bench_honesty.ALL_LETTERS[i % len(bench_honesty.ALL_LETTERS)] for i in range(len(letters))]
    held = held_out_non_digits(pen_train)
    font_letters = bench_honesty.training_font_letters()
    for title, rule in RULES.items():
        print(f"{title}:")
        for name, items in digit_sets.items():
            turned = Counter(label for strokes, label in items if rule(clean_strokes(strokes)))
            which = ", ".join(f"{count} {label}s" for label, count in sorted(turned.items()))
            print(f"  {name:26s} digits turned away: {sum(turned.values()):3d} of {len(items):,}" + (f" ({which})" if which else ""))
        caught = sum(rule(clean_strokes(strokes)) for strokes in held)
        print(f"  {'held-out non-digits':26s} caught: {caught} of {len(held):,}")
        known = Counter(name for name, strokes in font_letters if rule(clean_strokes(strokes)))
        print(f"  {'training-font letters':26s} caught: {sum(known.values())} of {len(font_letters):,} ({', '.join(f'{n} {c}' for n, c in known.most_common())})")
        seen = Counter(name for name, strokes in zip(names, letters) if rule(clean_strokes(strokes)))
        print(f"  {'unseen-font letters':26s} caught: {sum(seen.values())} of {len(letters):,} ({', '.join(f'{n} {c}' for n, c in seen.most_common())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
