"""How long the window's work on an opened picture takes, off the UI thread.

    python benchmarks/bench_picture_edit.py [--repeats N] [--json]

Times, as the window runs them in its worker (``ui/image_input.decode`` and
``ui/live_recognizer.read_picture_ink``), with the bundled model:

- opening a phone-photo-like JPEG of one digit, 1 and 12 megapixels (decoded
  once, the ink found, the model's input prepared, the picture made to show);
- reading that photo again after one sweep of the eraser (the digit chosen anew
  in the ink left, prepared and read);
- reading a photo of a four-digit number in number mode (the ink cut into
  digits and read: the call ``mnist-draw predict --number`` makes);
- reading that photo with 300 strokes of 150 points drawn over it, as a pen
  move of the 301st asks for it: the strokes drawn into the ink
  (``preprocess.ink_with_strokes``) alone and the whole reading, each from
  scratch and with the strokes drawn before kept by the recogniser;
- an eraser sweeping across those 300 strokes, a few pixels a move, cutting
  the strokes it crosses (``ui.strokes.erase``, as the canvas does): at each
  move the strokes left drawn into the ink with the strokes drawn before kept,
  and the whole reading (the sweep's path over the picture's ink included).

Each figure is the median and the 90th percentile of wall and CPU time; they
differ only when other work shares the machine.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mnist_draw.classifier import Classifier  # noqa: E402
from mnist_draw.resources import bundled_model_dir  # noqa: E402
from mnist_draw.self_test_digits import SAMPLE_STROKES  # noqa: E402


def photo(digits: str, size: tuple[int, int], pen: float) -> bytes:
    """Blue ink on unevenly lit, grainy paper, as a JPEG; the digits across the middle."""
    width, height = size
    rows, cols = np.mgrid[0:height, 0:width]
    light = 212 + 28 * (cols / width) - 22 * (rows / height)
    paper = np.clip(light + np.random.default_rng(3).normal(0, 4, (height, width)), 0, 255).astype(np.uint8)
    picture = Image.merge("RGB", [Image.fromarray(paper)] * 2 + [Image.fromarray((paper * 0.96).astype(np.uint8))])
    draw = ImageDraw.Draw(picture)
    side = min(height * 0.6, width * 0.8 / len(digits))
    for index, digit in enumerate(digits):
        left = (width - side * len(digits)) / 2 + index * side
        for stroke in SAMPLE_STROKES[int(digit)]:
            points = [(left + x * side / 100, height * 0.2 + y * side / 100) for x, y in stroke]
            draw.line(points, fill=(30, 50, 140), width=max(2, round(pen * side)), joint="curve")
    stream = io.BytesIO()
    picture.filter(ImageFilter.GaussianBlur(1.0)).save(stream, "JPEG", quality=88)
    return stream.getvalue()


def scribbles(shape: tuple[int, int], pen: float, count: int = 300, points: int = 150) -> list[tuple[tuple, float]]:
    """``count`` wandering strokes of ``points`` points each over a picture of ``shape`` (rows,
    columns), in its pixels and each ``pen`` wide: as ``DrawingCanvas.picture_strokes`` gives them."""
    rng = np.random.default_rng(1)
    height, width = shape
    strokes = []
    for _ in range(count):
        heading = np.cumsum(rng.normal(0.0, 0.2, points))
        path = rng.uniform((0, 0), (width, height)) + np.cumsum(np.stack([np.cos(heading), np.sin(heading)], 1) * 1.5, 0)
        strokes.append((tuple(map(tuple, np.clip(path, 0, (width, height)).tolist())), pen))
    return strokes


def eraser_sweep(
    drawn: list[tuple[tuple, float]], row: float, moves: int, step: float = 5.0, radius: float = 4.0
) -> list[tuple[list[tuple[tuple, float]], tuple[tuple[float, float], ...]]]:
    """The strokes left at each move of an eraser swept along ``row`` from the left, ``step``
    pixels a move, and its path so far: each stroke the eraser leaves alone is the same object
    from one move to the next, as ``DrawingCanvas.picture_strokes`` gives them."""
    from mnist_draw.ui.strokes import Stroke, erase

    strokes = tuple(Stroke(tuple((x, y, 1.0) for x, y in points), pen) for points, pen in drawn)
    given = {id(stroke): (points, pen) for stroke, (points, pen) in zip(strokes, drawn)}
    path = [(0.0, row)]
    states = []
    for _ in range(moves):
        path.append((path[-1][0] + step, row))
        # The pieces are made while the strokes they come from live: no id is taken twice.
        strokes = erase(strokes, path[-2:], radius)
        given = {
            id(stroke): given.get(id(stroke)) or (tuple((x, y) for x, y, _ in stroke.points), stroke.width)
            for stroke in strokes
        }
        states.append(([given[id(stroke)] for stroke in strokes], tuple(path)))
    return states


def timed(work: Callable[[], object], repeats: int) -> dict[str, float]:
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)

    def p90(values: list[float]) -> float:
        return float(np.percentile(values, 90))

    return {
        "median_ms": statistics.median(wall),
        "p90_ms": p90(wall),
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p90_ms": p90(cpu),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from mnist_draw.ui.image_input import ImageRequest, decode
    from mnist_draw.ui.ink_layer import Erasure
    from mnist_draw.preprocess import StrokesOverInk, ink_with_strokes
    from mnist_draw.ui.live_recognizer import read_picture_ink

    classifier = Classifier(bundled_model_dir() / "model.tflite")
    one_megapixel = photo("7", (1155, 866), 0.1)
    twelve_megapixels = photo("7", (4000, 3000), 0.1)
    number_photo = photo("2047", (1600, 700), 0.08)

    opened = decode(ImageRequest(one_megapixel, "photo.jpg"))
    ink = opened.found.ink
    top, bottom, left, right = opened.found.box
    # A sweep across the digit's lower third, as a user takes away a smudge.
    row = top + 0.8 * (bottom - top)
    sweep = [Erasure(((float(left), row), (float(right), row)), 4.0)]
    number_ink = decode(ImageRequest(number_photo, "number.jpg")).found.ink
    drawn = scribbles(ink.shape, opened.found.pen_width, count=301)
    finished, growing = drawn[:300], drawn[300]
    moves = iter(range(2, 10**9))

    def with_pen_move() -> list[tuple[tuple, float]]:
        """The 300 strokes and the 301st as the next pen move leaves it (one point longer each time)."""
        points, pen = growing
        return finished + [(points[: 2 + next(moves) % (len(points) - 2)], pen)]

    def into_ink() -> object:
        strokes = with_pen_move()
        return ink_with_strokes(ink, [points for points, _ in strokes], [pen for _, pen in strokes])

    kept = StrokesOverInk()  # as the recogniser keeps it: the 300 drawn at the first reading
    kept.drawn_into(ink, [points for points, _ in with_pen_move()], [pen for _, pen in with_pen_move()])

    def into_kept_ink() -> object:
        strokes = with_pen_move()
        return kept.drawn_into(ink, [points for points, _ in strokes], [pen for _, pen in strokes])

    # The eraser swept across the 300 strokes: each reading is of the next move.
    sweeps = {name: iter(eraser_sweep(finished, ink.shape[0] / 2, args.repeats)) for name in ("ink", "read")}
    swept_kept = {name: StrokesOverInk() for name in sweeps}
    for name, swept in swept_kept.items():
        swept.drawn_into(ink, [points for points, _ in finished], [pen for _, pen in finished])

    def sweep_into_ink() -> object:
        strokes, _ = next(sweeps["ink"])
        return swept_kept["ink"].drawn_into(ink, [points for points, _ in strokes], [pen for _, pen in strokes])

    def sweep_read() -> object:
        strokes, path = next(sweeps["read"])
        return read_picture_ink(classifier, ink, [Erasure(path, 4.0)], False, strokes, kept=swept_kept["read"])

    results = {
        "open a 1-megapixel JPEG": timed(lambda: decode(ImageRequest(one_megapixel, "photo.jpg")), args.repeats),
        "open a 12-megapixel JPEG": timed(lambda: decode(ImageRequest(twelve_megapixels, "big.jpg")), args.repeats),
        "read again after an erasure": timed(lambda: read_picture_ink(classifier, ink, sweep, False), args.repeats),
        "read a 4-digit number": timed(lambda: read_picture_ink(classifier, number_ink, [], True), args.repeats),
        "300 strokes into the ink": timed(into_ink, args.repeats),
        "read with 300 strokes over it": timed(
            lambda: read_picture_ink(classifier, ink, [], False, with_pen_move()), args.repeats
        ),
        "300 strokes into the ink, kept": timed(into_kept_ink, args.repeats),
        "read with 300 strokes, kept": timed(
            lambda: read_picture_ink(classifier, ink, [], False, with_pen_move(), kept=kept), args.repeats
        ),
        "eraser sweep into the ink, kept": timed(sweep_into_ink, args.repeats),
        "read during an eraser sweep, kept": timed(sweep_read, args.repeats),
    }
    number = read_picture_ink(classifier, number_ink, [], True)
    if args.json:
        print(json.dumps({"results": results, "number_read": number.number}, indent=2))
        return 0
    print(f"working size {ink.shape[1]}x{ink.shape[0]} (the photo) and {number_ink.shape[1]}x{number_ink.shape[0]} (the number, read as {number.number})")
    for name, figures in results.items():
        print(
            f"{name:34s} median {figures['median_ms']:6.1f} ms  p90 {figures['p90_ms']:6.1f} ms"
            f"  (CPU median {figures['cpu_median_ms']:6.1f} ms, p90 {figures['cpu_p90_ms']:6.1f} ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
