"""How well, and how fast, photos and scans of paper are read.

    python benchmarks/bench_photos.py                  # accuracy per kind on simulated test digits, and timings
    python benchmarks/bench_photos.py --split train    # the same on training digits (the set to tune on), seed 1
    python benchmarks/bench_photos.py --json
    python benchmarks/bench_photos.py --before /tmp/main-snapshot   # also another checkout's image path
    python benchmarks/bench_photos.py --forms --no-timing   # digits in printed boxes, numbers in combs
    python benchmarks/bench_photos.py --split train --no-timing --kinds thumb --failures failed/
        # also save each photo read wrong beside what the model saw (train side only: see below)

Accuracy: every kind of difficulty of mnist_draw/photo_simulator.py, ``--per-kind``
cases each (half MNIST, half pendigits), read from their encoded bytes by
``image_to_input`` and the bundled model. A case the path finds nothing in counts
wrong and is also counted as "blank"; one the model calls "not a digit" counts wrong
too. ``--before FOLDER`` reads the same cases (and times the same photos) through
the ``image_to_input`` of another checkout of the project, such as main before
this path (``git archive main mnist_draw | tar -x -C FOLDER``), with the same model.

``--forms``: instead of those kinds, the paper forms of the simulator: a digit in a
printed box, a shaded or dark field, a circle or on squared paper (read as a digit),
and numbers of 3 to 6 digits in a comb of boxes, between a comb's ticks or in one box
(read as a number by ``mnist_draw.number``; right when every digit is).

``--patterns``: instead, photos of pages with no digit at all (diagonal hatching,
cross-hatching, a woven surface, small print): the share answered with no digit
(nothing found, a pattern, or "not a digit"), and how many were read as a digit
the model is sure of. ``--split`` does not apply (no digits are drawn); the seed does.

``--split train`` renders MNIST and pendigits *training* digits, with seed 1 unless
``--seed`` says otherwise: the pictures to look at, debug and tune on differ from the
measured ones in their digits and in their layouts (rings, grids, combs) too.
``--failures FOLDER`` saves each photo of a digit kind read wrong (by this checkout's
path) as a PNG: the photo, and beside it the 28x28 picture the model was given, enlarged
(a grey square when the path found nothing to give it), named for its kind, its index,
the right digit and what was read. Only with ``--split train``: looking at the test
digits' failures is tuning on them.

Timing, on one thread, median of several runs: a 1-megapixel JPEG photo from its
bytes to probabilities, and a 12-megapixel JPEG likewise (decoding included).
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mnist_draw import model_store, photo_simulator  # noqa: E402
from mnist_draw.preprocess import image_to_input  # noqa: E402

TARGETS_MS = {"photo_1mp_ms": 30.0, "jpeg_12mp_ms": 150.0}


def accuracy_by_kind(classifier, source, kinds, per_kind: int, seed: int, readers: dict, failures: Path | None = None) -> dict:
    """Per kind and per image path (``readers``: name -> image_to_input), the share
    read right, and how many were "blank" or "not a digit"; each case the "after" path
    read wrong saved in ``failures`` when given."""
    results: dict[str, dict] = {name: {} for name in readers}
    for kind in kinds:
        cases = list(photo_simulator.generate(source, [kind], per_kind, seed))
        labels = np.array([case.label for case in cases])
        line = f"  {kind:15s}"
        for name, reader in readers.items():
            prepared = [reader(case.data) for case in cases]
            predicted = _predictions(classifier, prepared)
            results[name][kind] = _score(predicted, labels)
            line += f" {name} {results[name][kind]['accuracy']:7.2%} (blank {results[name][kind]['blank']})"
            if failures is not None and name == "after":
                for index in np.flatnonzero(predicted != labels):
                    _save_failure(failures, kind, int(index), cases[index], prepared[index], int(predicted[index]))
        print(line, file=sys.stderr, flush=True)
    for per_kind_results in results.values():
        total = sum(r["cases"] for r in per_kind_results.values())
        per_kind_results["all"] = {
            "cases": total,
            "accuracy": round(sum(r["accuracy"] * r["cases"] for r in per_kind_results.values()) / total, 4),
            "blank": sum(r["blank"] for r in per_kind_results.values()),
            "not_a_digit": sum(r["not_a_digit"] for r in per_kind_results.values()),
        }
    return results


def patterns_by_kind(classifier, per_kind: int, seed: int, readers: dict) -> dict:
    """Per kind of pattern and per image path, the share answered with no digit, and how
    many were read as a digit at all and as one the model is sure of."""
    from mnist_draw.reading import UNSURE_BELOW

    results: dict[str, dict] = {name: {} for name in readers}
    for kind in photo_simulator.PATTERN_KINDS:
        cases = list(photo_simulator.generate_patterns([kind], per_kind, seed))
        line = f"  {kind:15s}"
        for name, reader in readers.items():
            prepared = [reader(case.data) for case in cases]
            readable = [p.pixels for p in prepared if not p.is_blank]
            sure = digits = 0
            if readable:
                probabilities, not_digit = classifier.read_batch(np.stack(readable))
                read = ~classifier.rejects(not_digit)
                digits = int(read.sum())
                sure = int((read & (probabilities.max(axis=1) >= UNSURE_BELOW)).sum())
            results[name][kind] = {"cases": len(cases), "no_digit": round(1 - digits / len(cases), 4), "read_as_digit": digits, "sure": sure}
            line += f" {name} no digit {results[name][kind]['no_digit']:7.2%} (sure digit {sure})"
        print(line, file=sys.stderr, flush=True)
    for per_kind_results in results.values():
        cases = sum(r["cases"] for r in per_kind_results.values())
        digits = sum(r["read_as_digit"] for r in per_kind_results.values())
        per_kind_results["all"] = {"cases": cases, "no_digit": round(1 - digits / cases, 4), "read_as_digit": digits,
                                   "sure": sum(r["sure"] for r in per_kind_results.values())}
    return results


def numbers_by_kind(classifier, source, kinds, per_kind: int, seed: int) -> dict:
    """Per kind of number form, the share of numbers read entirely right."""
    from mnist_draw import number

    results = {}
    for kind in kinds:
        cases = list(photo_simulator.generate_numbers(source, [kind], per_kind, seed))
        right = sum(number.read_image(classifier, case.data).number == case.label for case in cases)
        results[kind] = {"cases": len(cases), "accuracy": round(right / len(cases), 4)}
        print(f"  {kind:15s} {results[kind]['accuracy']:7.2%}", file=sys.stderr, flush=True)
    total = sum(r["cases"] for r in results.values())
    results["all"] = {"cases": total, "accuracy": round(sum(r["accuracy"] * r["cases"] for r in results.values()) / total, 4)}
    return results


# What _predictions gives a case the path found nothing in, and one the model called no digit.
BLANK, NOT_A_DIGIT = -1, -2


def _predictions(classifier, prepared: list) -> np.ndarray:
    """The digit read in each prepared case, or BLANK or NOT_A_DIGIT."""
    readable = [i for i, p in enumerate(prepared) if not p.is_blank]
    predicted = np.full(len(prepared), BLANK)
    if readable:
        probabilities, not_digit = classifier.read_batch(np.stack([prepared[i].pixels for i in readable]))
        predicted[readable] = np.where(classifier.rejects(not_digit), NOT_A_DIGIT, probabilities.argmax(axis=1))
    return predicted


def _score(predicted: np.ndarray, labels: np.ndarray) -> dict:
    return {
        "cases": len(labels),
        "accuracy": round(int((predicted == labels).sum()) / len(labels), 4),
        "blank": int((predicted == BLANK).sum()),
        "not_a_digit": int((predicted == NOT_A_DIGIT).sum()),
    }


def _save_failure(folder: Path, kind: str, index: int, case, prepared, predicted: int) -> None:
    """A photo read wrong, and beside it what the model saw (its 28x28 input enlarged to
    the photo's height; grey when it was given nothing), named for the kind, the case's
    index, the right digit and what was read."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    photo = Image.open(io.BytesIO(case.data)).convert("RGB")
    photo.thumbnail((512, 512))
    side = photo.height
    if prepared.is_blank:
        seen = Image.new("RGB", (side, side), (128, 128, 128))
    else:
        seen = Image.fromarray((np.clip(prepared.pixels, 0, 1) * 255).astype(np.uint8)).convert("RGB").resize((side, side), Image.Resampling.NEAREST)
    both = Image.new("RGB", (photo.width + 8 + side, side), (255, 255, 255))
    both.paste(photo, (0, 0))
    both.paste(seen, (photo.width + 8, 0))
    read = {BLANK: "nothing", NOT_A_DIGIT: "notadigit"}.get(predicted, str(predicted))
    both.save(folder / f"{kind}_{index:04d}_right{case.label}_read{read}.png")


def baseline_reader(folder: Path):
    """``image_to_input`` of another checkout (``--before``)."""
    from baseline import preprocess_of

    return preprocess_of(folder).image_to_input


def mnist_as_png(classifier, folder: Path) -> dict:
    """All of MNIST test written as PNG files (white on black, and half of them
    black on white, as a scan would be), read back through the picture path."""
    from PIL import Image

    from mnist_draw import data

    test = data.load_mnist(None).test
    folder.mkdir(parents=True, exist_ok=True)
    prepared = []
    for index, image in enumerate(test.images):
        path = folder / f"{index:05d}.png"
        Image.fromarray(image if index % 2 == 0 else 255 - image).save(path)
        prepared.append(image_to_input(path))
    return _score(_predictions(classifier, prepared), np.asarray(test.labels))


def timings(classifier, source, seed: int, reader=image_to_input) -> dict:
    figures = {}
    for name, megapixels in (("photo_1mp_ms", 1.0), ("jpeg_12mp_ms", 12.0)):
        samples = []
        for index in range(5):
            case = photo_simulator.render_case(source, "shadow", np.random.default_rng([seed, 99, index]), index % 2 == 1)
            samples.append(_resized_jpeg(case.data, megapixels))
        runs = 40 if megapixels < 2 else 15
        durations = []
        for run in range(runs):
            data = samples[run % len(samples)]
            started = time.perf_counter()
            prepared = reader(data)
            if not prepared.is_blank:
                classifier.read(prepared.pixels)
            durations.append((time.perf_counter() - started) * 1000)
        figures[name] = round(statistics.median(durations), 1)
    return figures


def _resized_jpeg(data: bytes, megapixels: float) -> bytes:
    from PIL import Image

    picture = Image.open(io.BytesIO(data)).convert("RGB")
    scale = (megapixels * 1e6 / (picture.width * picture.height)) ** 0.5
    picture = picture.resize((round(picture.width * scale), round(picture.height * scale)), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _print_table(results: dict, columns: tuple) -> None:
    """One row a kind, each image path's ``columns`` in turn: (figure, header with {} for
    the path's name, width, format)."""
    print(f"{'kind':15s}" + "".join(f" {header.format(name):>{width}s}" for name in results for _, header, width, _ in columns))
    for kind in results["after"]:
        print(f"{kind:15s}" + "".join(f" {results[name][kind][figure]:{width}{form}}" for name in results for figure, _, width, form in columns))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("test", "train"), default="test", help="which digits to render (tune on train only)")
    parser.add_argument("--per-kind", type=int, default=200, help="cases per kind of difficulty (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="default 0 for test digits, 1 for train digits")
    parser.add_argument("--kinds", nargs="*", default=None, help="only these kinds")
    parser.add_argument("--forms", action="store_true", help="the paper forms' kinds (printed boxes, combs) instead")
    parser.add_argument("--patterns", action="store_true", help="photos of patterns with no digit (hatching, a weave, print) instead")
    parser.add_argument("--no-timing", action="store_true", help="accuracy only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--before", metavar="FOLDER", help="also read the cases through this checkout's image path")
    parser.add_argument("--mnist-png", metavar="FOLDER", help="instead: write MNIST test as PNG files here and read them back")
    parser.add_argument(
        "--failures", metavar="FOLDER", help="save each photo read wrong in FOLDER, beside what the model saw (--split train only)"
    )
    args = parser.parse_args()
    if args.failures and args.split == "test":
        parser.error("--failures is for the train side (--split train): looking at the test digits' failures is tuning on them")
    if args.failures and (args.patterns or args.mnist_png):
        parser.error("--failures saves photos of digits read wrong: it does not go with --patterns or --mnist-png")

    if args.seed is None:
        args.seed = 1 if args.split == "train" else 0
    classifier = model_store.load_active_model(None).classifier
    if args.mnist_png:
        result = mnist_as_png(classifier, Path(args.mnist_png))
        print(
            json.dumps(result) if args.json else f"MNIST test as PNG files: {result['accuracy']:.2%} of {result['cases']}, "
            f"blank {result['blank']}, not a digit {result['not_a_digit']}"
        )
        return 0
    readers = {"after": image_to_input}
    if args.before:
        readers = {"before": baseline_reader(Path(args.before)), **readers}
    if args.patterns:
        figures = {"seed": args.seed, "per_kind": args.per_kind, "patterns": patterns_by_kind(classifier, args.per_kind, args.seed, readers)}
        if args.json:
            print(json.dumps(figures, indent=2))
            return 0
        print(f"Simulated photos of patterns with no digit, {args.per_kind} per kind, seed {args.seed}")
        _print_table(figures["patterns"], (("no_digit", "{} no digit", 16, ".2%"), ("sure", "sure", 5, "d")))
        return 0
    source = photo_simulator.DigitSource.load(args.split)
    figures: dict = {"split": args.split, "per_kind": args.per_kind, "seed": args.seed}
    # --kinds may name digit kinds and number kinds (comb, comb_ticks, number_box) alike.
    numbers = photo_simulator.NUMBER_FORM_KINDS
    known = photo_simulator.KINDS + photo_simulator.FORM_KINDS + numbers
    unknown = [kind for kind in args.kinds or () if kind not in known]
    if unknown:
        parser.error(f"there is no kind {unknown[0]!r}; the kinds are {', '.join(known)}")
    chosen = args.kinds or list(photo_simulator.FORM_KINDS + numbers if args.forms else photo_simulator.KINDS)
    kinds = [kind for kind in chosen if kind not in numbers]
    if kinds:
        failures = Path(args.failures) if args.failures else None
        figures["accuracy"] = accuracy_by_kind(classifier, source, kinds, args.per_kind, args.seed, readers, failures)
    if any(kind in numbers for kind in chosen):
        figures["numbers"] = numbers_by_kind(classifier, source, [k for k in chosen if k in numbers], args.per_kind, args.seed)
    if not args.no_timing:
        figures["timing"] = {name: timings(classifier, source, args.seed, reader) for name, reader in readers.items()}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Simulated photos of {args.split} digits, {args.per_kind} per kind, seed {args.seed}")
    if "accuracy" in figures:
        _print_table(figures["accuracy"], (("accuracy", "{}", 9, ".2%"), ("blank", "blank", 6, "d")))
    if "numbers" in figures:
        print("Numbers in forms, read whole (after)")
        for kind, result in figures["numbers"].items():
            print(f"{kind:15s} {result['accuracy']:9.2%}")
    for reader_name, timing in figures.get("timing", {}).items():
        for name, value in timing.items():
            print(f"{reader_name} {name:15s} {value:.1f} ms (target < {TARGETS_MS[name]:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
