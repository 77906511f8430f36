"""How well, and how fast, photos and scans of paper are read.

    python benchmarks/bench_photos.py                  # accuracy per kind on simulated test digits, and timings
    python benchmarks/bench_photos.py --split train    # the same on training digits (the set to tune on)
    python benchmarks/bench_photos.py --json

Accuracy: every kind of difficulty of mnist_draw/photo_simulator.py, ``--per-kind``
cases each (half MNIST, half pendigits), read from their encoded bytes by
``image_to_input`` and the bundled model. A case the path finds nothing in counts
wrong and is also counted as "blank".

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


def accuracy_by_kind(classifier, source, kinds, per_kind: int, seed: int) -> dict:
    results: dict[str, dict] = {}
    for kind in kinds:
        pixels, labels, blank = [], [], 0
        for case in photo_simulator.generate(source, [kind], per_kind, seed):
            prepared = image_to_input(case.data)
            labels.append(case.label)
            if prepared.is_blank:
                blank += 1
                pixels.append(None)
            else:
                pixels.append(prepared.pixels)
        readable = [p for p in pixels if p is not None]
        predicted = np.full(len(labels), -1)
        if readable:
            guesses = classifier.predict_batch(np.stack(readable)).argmax(axis=1)
            predicted[[i for i, p in enumerate(pixels) if p is not None]] = guesses
        correct = int((predicted == np.asarray(labels)).sum())
        results[kind] = {"cases": len(labels), "accuracy": round(correct / len(labels), 4), "blank": blank}
        print(f"  {kind:15s} {results[kind]['accuracy']:7.2%}  blank {blank}", file=sys.stderr, flush=True)
    total = sum(r["cases"] for r in results.values())
    results["all"] = {
        "cases": total,
        "accuracy": round(sum(r["accuracy"] * r["cases"] for r in results.values()) / total, 4),
        "blank": sum(r["blank"] for r in results.values()),
    }
    return results


def mnist_as_png(classifier, folder: Path) -> dict:
    """All of MNIST test written as PNG files (white on black, and half of them
    black on white, as a scan would be), read back through the picture path."""
    from PIL import Image

    from mnist_draw import data

    test = data.load_mnist(None).test
    folder.mkdir(parents=True, exist_ok=True)
    pixels, blank = [], 0
    for index, image in enumerate(test.images):
        path = folder / f"{index:05d}.png"
        Image.fromarray(image if index % 2 == 0 else 255 - image).save(path)
        prepared = image_to_input(path)
        blank += prepared.is_blank
        pixels.append(prepared.pixels if not prepared.is_blank else np.zeros((28, 28), np.float32))
    predicted = classifier.predict_batch(np.stack(pixels)).argmax(axis=1)
    predicted[[i for i, p in enumerate(pixels) if not p.any()]] = -1
    return {"cases": len(test.labels), "accuracy": round(float((predicted == test.labels).mean()), 5), "blank": blank}


def timings(classifier, source, seed: int) -> dict:
    rng = np.random.default_rng(seed)
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
            prepared = image_to_input(data)
            if not prepared.is_blank:
                classifier.predict(prepared.pixels)
            durations.append((time.perf_counter() - started) * 1000)
        figures[name] = round(statistics.median(durations), 1)
        del rng
        rng = None
    return figures


def _resized_jpeg(data: bytes, megapixels: float) -> bytes:
    from PIL import Image

    picture = Image.open(io.BytesIO(data)).convert("RGB")
    scale = (megapixels * 1e6 / (picture.width * picture.height)) ** 0.5
    picture = picture.resize((round(picture.width * scale), round(picture.height * scale)), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("test", "train"), default="test", help="which digits to render (tune on train only)")
    parser.add_argument("--per-kind", type=int, default=200, help="cases per kind of difficulty (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kinds", nargs="*", default=list(photo_simulator.KINDS), help="only these kinds")
    parser.add_argument("--no-timing", action="store_true", help="accuracy only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--mnist-png", metavar="FOLDER", help="instead: write MNIST test as PNG files here and read them back")
    args = parser.parse_args()

    classifier = model_store.load_active_model(None).classifier
    if args.mnist_png:
        result = mnist_as_png(classifier, Path(args.mnist_png))
        print(json.dumps(result) if args.json else f"MNIST test as PNG files: {result['accuracy']:.2%}, blank {result['blank']}")
        return 0
    source = photo_simulator.DigitSource.load(args.split)
    figures: dict = {"split": args.split, "per_kind": args.per_kind, "seed": args.seed}
    figures["accuracy"] = accuracy_by_kind(classifier, source, args.kinds, args.per_kind, args.seed)
    if not args.no_timing:
        figures["timing"] = timings(classifier, source, args.seed)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Simulated photos of {args.split} digits, {args.per_kind} per kind, seed {args.seed}")
    print(f"{'kind':15s} {'accuracy':>9s} {'blank':>6s}")
    for kind, result in figures["accuracy"].items():
        print(f"{kind:15s} {result['accuracy']:9.2%} {result['blank']:6d}")
    for name, value in figures.get("timing", {}).items():
        print(f"{name:15s} {value:.1f} ms (target < {TARGETS_MS[name]:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
