"""How long the window's questions to the user's samples take with many of them:
"is this drawing kept already?" (``find``, at every digit key or bar click) and
"how many are there?" (``counts``, as the Retrain dialog asks), against reading
every sample (``all()``, what counting used to cost).

    python benchmarks/bench_samples.py                  # 2,000 samples, a table
    python benchmarks/bench_samples.py --samples 25000 --json

The samples are written to a temporary folder as an older mnist-draw wrote them
(a record without the picture's key, and its 28x28 PNG), each a pen-drawn digit
moved and stretched a little so that no two pictures are the same; then they are
imported, as a user moving to this version would, into a second store, which
writes them the way this version does. Both stores are timed: the first ``find``
(which, from this version on, looks through the samples once to learn their
pictures; the window does that on a worker thread, as a stroke ends), later ``find`` calls (a kept drawing and one never kept), ``counts`` and
``all()``. Only the public API is used, so the same script measures older versions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from mnist_draw.preprocess import strokes_to_input  # noqa: E402
from mnist_draw.samples import SampleStore, _png  # noqa: E402
from mnist_draw.self_test_digits import SAMPLE_STROKES  # noqa: E402

TARGETS = {"find_ms": 50, "counts_ms": 50}  # a digit key must feel instant
REPEATS = 5
SEED = 7


def pictures(count: int) -> list[tuple[int, list, np.ndarray]]:
    """``count`` different drawings: (label, strokes, 28x28 pixels)."""
    rng = np.random.default_rng(SEED)
    labels = sorted(SAMPLE_STROKES)
    made: list[tuple[int, list, np.ndarray]] = []
    seen: set[bytes] = set()
    while len(made) < count:
        label = labels[len(made) % len(labels)]
        scale, dx, dy, slant = rng.uniform(0.8, 1.2), rng.uniform(-20, 20), rng.uniform(-20, 20), rng.uniform(-0.3, 0.3)
        strokes = [[(x * scale + slant * y + dx, y * scale + dy) for x, y in stroke] for stroke in SAMPLE_STROKES[label]]
        pixels = strokes_to_input(strokes).pixels
        if pixels is None:
            continue
        levels = np.round(pixels * 255).astype(np.uint8).tobytes()
        if levels in seen:
            continue
        seen.add(levels)
        made.append((label, strokes, pixels))
    return made


def write_as_older_version(folder: Path, drawings: list[tuple[int, list, np.ndarray]]) -> None:
    """The files an earlier mnist-draw kept: no key of the picture in the record."""
    for n, (label, strokes, pixels) in enumerate(drawings):
        digit = folder / str(label)
        digit.mkdir(parents=True, exist_ok=True)
        sample_id = f"20240101-000000-{n:08d}"
        record = {"id": sample_id, "label": label, "strokes": [[list(p) for p in s] for s in strokes],
                  "created": "2024-01-01T00:00:00+00:00", "preprocessing_version": 1}
        (digit / f"{sample_id}.json").write_text(json.dumps(record))
        (digit / f"{sample_id}.png").write_bytes(_png(pixels))


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def measure(folder: Path, kept: np.ndarray, never_kept: np.ndarray) -> dict:
    store = SampleStore(folder)  # a new session: nothing known about the samples yet
    first_find_s = timed(lambda: store.find(kept))
    finds = [timed(lambda: store.find(kept)) for _ in range(REPEATS)]
    misses = [timed(lambda: store.find(never_kept)) for _ in range(REPEATS)]
    counts = [timed(store.counts) for _ in range(REPEATS)]
    assert store.find(kept) is not None and store.find(never_kept) is None
    return {
        "first_find_s": round(first_find_s, 3),
        "find_ms": round(statistics.median(finds) * 1000, 3),
        "find_not_kept_ms": round(statistics.median(misses) * 1000, 3),
        "counts_ms": round(statistics.median(counts) * 1000, 2),
        "all_s": round(timed(store.all), 3),
        "samples": sum(store.counts()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    drawings = pictures(args.samples + 1)
    never_kept = drawings.pop()[2]
    # The last one listed (highest digit, newest): the whole folder was looked through to find it, before.
    kept = max(enumerate(drawings), key=lambda item: (item[1][0], item[0]))[1][2]
    with tempfile.TemporaryDirectory() as temporary:
        older, current = Path(temporary) / "older", Path(temporary) / "current"
        write_as_older_version(older, drawings)
        SampleStore(current).import_from(older)
        figures = {
            "older_samples": measure(older, kept, never_kept),
            "samples_of_this_version": measure(current, kept, never_kept),
            "nice": os.nice(0),
        }
    if args.json:
        print(json.dumps(figures))
    else:
        for name, row in figures.items():
            if name == "nice":
                continue
            print(f"{name.replace('_', ' ')} ({row['samples']:,}): first find {row['first_find_s']:.3f} s, "
                  f"find {row['find_ms']:.3f} ms (not kept: {row['find_not_kept_ms']:.3f} ms), "
                  f"counts {row['counts_ms']:.1f} ms, all() {row['all_s']:.3f} s")
        print(f"(niceness {figures['nice']}; targets: find and counts under {TARGETS['find_ms']} ms)")
    current_row = figures["samples_of_this_version"]
    return 0 if all(current_row[key] <= limit for key, limit in TARGETS.items()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
