"""How reading pen-drawn digits depends on the device rather than the hand.

    python benchmarks/bench_devices.py                    # every variant on the held-out writers
    python benchmarks/bench_devices.py --before /tmp/main-snapshot   # also another checkout's stroke path
    python benchmarks/bench_devices.py --variants dense hooks --json
    python benchmarks/bench_devices.py --whole-train --variants plain   # all of pendigits-train: false "not a digit"s
    python benchmarks/bench_devices.py --split test       # pendigits-test: measure once, at the end, never to choose
    python benchmarks/bench_devices.py --styles --no-timing   # the held-out writers in the writing styles instead

The drawings of the three pendigits-train writers that training with seed 1 holds out
(``--writers``; see ``benchmarks/bench_numbers.py``) are re-played by every variant of
``mnist_draw/device_simulator.py`` (dense, sparse and sparser sampling, a finger, pen hooks,
repeated and reordered events, tiny and huge drawings, other units and origins,
pen lifts, accidental taps), with ``--repeats`` seeds (3 by default: the plain drawings
are the same each time, so their share is the plain one), and read through ``strokes_to_input`` and the
bundled model (or ``--model``). Per variant: the share read right; how many were
blank (nothing to read, e.g. "only a dot") and how many "not a digit" (the dot-above
rule or the model; "dot" the former), both counted wrong.

``--styles``: instead of the devices, the same writers' digits as other writers would
write them (``mnist_draw/writing_styles.py``, as training makes them from the other
writers): slashed and dotted 0s, crossed 7s, slanted (by 0.3-0.6, training's range,
and by 0.6-0.9, past it), retraced and reshaped; ``--repeats`` seeds each.

``--before FOLDER`` reads the same strokes through the ``strokes_to_input`` of another
checkout (``git archive main mnist_draw | tar -x -C FOLDER``), with the same model.
Timing (unless ``--no-timing``): strokes to probabilities on one thread, median and
99th percentile, per timed variant (dense and huge drawings have thousands of points).
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mnist_draw import model_store  # noqa: E402
from mnist_draw import writing_styles  # noqa: E402
from mnist_draw.device_simulator import VARIANTS, replay  # noqa: E402
from mnist_draw.preprocess import strokes_to_input  # noqa: E402
from mnist_draw.strokes_file import load_labelled  # noqa: E402

PENDIGITS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pendigits"
HELD_OUT = "pendigits-train-2,pendigits-train-23,pendigits-train-25"  # held out by training's seed 1
TIMED = ("plain", "dense", "finger", "huge")
BUDGET_MS = 2.0  # strokes -> probabilities, p99


def _slanted(low: float, high: float):
    return lambda strokes, label, rng: writing_styles.shear(strokes, rng.choice([-1, 1]) * rng.uniform(low, high))


# Each style: the digit's strokes as (n, 2) arrays, its label and a generator -> the
# strokes rewritten, or None where the style is not for that digit.
STYLES = {
    "slashed_0s": lambda strokes, label, rng: writing_styles.slash_zero(strokes, rng) if label == 0 else None,
    "dotted_0s": lambda strokes, label, rng: writing_styles.dot_zero(strokes, rng) if label == 0 else None,
    "crossed_7s": lambda strokes, label, rng: writing_styles.cross_seven(strokes, rng) if label == 7 else None,
    "slant_0.3-0.6": _slanted(*writing_styles.STRONG_SLANT),
    "slant_0.6-0.9": _slanted(0.6, 0.9),
    "retraced": lambda strokes, label, rng: writing_styles.retrace(strokes, rng),
    "reshaped": lambda strokes, label, rng: writing_styles.reshape(strokes, rng),
}


def styled(drawings: list, style: str, seeds: range) -> tuple[list, np.ndarray]:
    """The drawings in ``style``, once per seed (those the style is for), with their labels."""
    made, labels = [], []
    for seed in seeds:
        for index, drawing in enumerate(drawings):
            rng = np.random.default_rng([seed, list(STYLES).index(style), index])
            strokes = STYLES[style]([np.asarray(s, float)[:, :2] for s in drawing.strokes if len(s)], drawing.label, rng)
            if strokes is not None:
                made.append(strokes)
                labels.append(drawing.label)
    return made, np.array(labels)


def score(classifier, prepared: list, labels: np.ndarray) -> dict:
    """The share read right, and how many were blank or "not a digit" (both wrong); of
    the latter, how many by the strokes' dot-above rule (an i's dot, or a tap above)."""
    readable = [i for i, p in enumerate(prepared) if not p.is_blank]
    predicted = np.full(len(labels), -1)
    refused = 0
    if readable:
        probabilities, not_digit = classifier.read_batch(np.stack([prepared[i].pixels for i in readable]))
        # As reading.read_pixels: the strokes' own dot-above rule, or the model.
        rejected = classifier.rejects(not_digit) | np.array([prepared[i].not_a_digit for i in readable])
        predicted[readable] = np.where(rejected, -1, probabilities.argmax(axis=1))
        refused = int(rejected.sum())
    return {
        "cases": len(labels),
        "correct": int((predicted == labels).sum()),
        "accuracy": round(float((predicted == labels).mean()), 5),
        "blank": len(labels) - len(readable),
        "not_a_digit": refused,
        "dot_above": sum(p.not_a_digit for p in prepared if not p.is_blank),
    }


def latency(classifier, reader, strokes: list, runs: int) -> dict:
    """Strokes to probabilities, median and 99th percentile, in wall time and in this
    thread's CPU time (the latter unmoved by other work sharing the machine)."""
    for index in range(20):
        classifier.predict(reader(strokes[index % len(strokes)]).pixels)
    wall, cpu = np.empty(runs), np.empty(runs)
    for index in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        prepared = reader(strokes[index % len(strokes)])
        if not prepared.is_blank:
            classifier.predict(prepared.pixels)
        wall[index], cpu[index] = time.perf_counter() - started, time.thread_time() - started_cpu
    return {
        "median": round(float(np.median(wall) * 1e3), 3),
        "p99": round(float(np.percentile(wall, 99) * 1e3), 3),
        "cpu_median": round(float(np.median(cpu) * 1e3), 3),
        "cpu_p99": round(float(np.percentile(cpu, 99) * 1e3), 3),
    }


def baseline_reader(folder: Path):
    """``strokes_to_input`` of another checkout (``--before``)."""
    from baseline import preprocess_of

    return preprocess_of(folder).strokes_to_input


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pendigits", default=str(PENDIGITS), help="the pendigits folder")
    parser.add_argument("--model", help="a model folder or .tflite file (default: the bundled model)")
    parser.add_argument("--split", choices=("train", "test"), default="train", help="test: measure once, at the end")
    parser.add_argument("--writers", default=HELD_OUT, help="train split: only these writers (comma-separated)")
    parser.add_argument("--whole-train", action="store_true", help="train split: every writer, not only the held-out ones")
    parser.add_argument("--variants", nargs="*", default=None, help="only these variants")
    parser.add_argument("--styles", action="store_true", help="the writing styles instead of the devices")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="re-play every drawing with this many seeds from --seed (default 3)")
    parser.add_argument("--before", metavar="FOLDER", help="also read through this checkout's stroke path")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--timing-runs", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    known = STYLES if args.styles else VARIANTS
    unknown = [v for v in args.variants or () if v not in known]
    if unknown:
        parser.error(f"there is no variant {unknown[0]!r}; the variants are {', '.join(known)}")
    variants = args.variants or list(known)
    drawings = load_labelled(Path(args.pendigits) / f"pendigits-{args.split}.jsonl.gz")
    if args.split == "train" and not args.whole_train:
        writers = set(args.writers.split(","))
        drawings = [d for d in drawings if d.writer in writers]
    labels = np.tile([d.label for d in drawings], args.repeats)
    classifier = model_store.load_active_model(args.model).classifier
    readers = {"after": strokes_to_input}
    if args.before:
        readers = {"before": baseline_reader(Path(args.before)), **readers}

    figures: dict = {"split": args.split, "drawings": len(drawings), "seeds": [args.seed, args.seed + args.repeats - 1], "accuracy": {}, "timing": {}}
    for variant in variants:
        if args.styles:
            replayed, variant_labels = styled(drawings, variant, range(args.seed, args.seed + args.repeats))
        else:
            variant_labels = labels
            replayed = [
                replay(d.strokes, variant, seed, index)
                for seed in range(args.seed, args.seed + args.repeats)
                for index, d in enumerate(drawings)
            ]
        figures["accuracy"][variant] = {
            name: score(classifier, [reader(s) for s in replayed], variant_labels) for name, reader in readers.items()
        }
        line = f"  {variant:14s}" + "".join(
            f" {name} {r['accuracy']:7.2%} (blank {r['blank']}, not a digit {r['not_a_digit']}, dot above {r['dot_above']})"
            for name, r in figures["accuracy"][variant].items()
        )
        print(line, file=sys.stderr, flush=True)
        if not args.no_timing and not args.styles and variant in TIMED:
            figures["timing"][variant] = {
                name: latency(classifier, reader, replayed[:300], args.timing_runs) for name, reader in readers.items()
            }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{len(drawings)} pendigits-{args.split} drawings re-played per {'writing style' if args.styles else 'device'}, seeds {args.seed}-{args.seed + args.repeats - 1}")
    print(f"{'variant':14s}" + "".join(f" {name:>8s} {'blank':>5s} {'not':>4s} {'dot':>4s}" for name in readers))
    for variant, results in figures["accuracy"].items():
        print(f"{variant:14s}" + "".join(
            f" {r['accuracy']:8.2%} {r['blank']:5d} {r['not_a_digit']:4d} {r['dot_above']:4d}" for r in results.values()
        ))
    for variant, timing in figures["timing"].items():
        for name, value in timing.items():
            print(f"{name:6s} {variant:12s} strokes -> probabilities: wall median {value['median']:.3f} ms, p99 {value['p99']:.3f} ms;"
                  f" CPU median {value['cpu_median']:.3f} ms, p99 {value['cpu_p99']:.3f} ms (budget p99 < {BUDGET_MS:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
