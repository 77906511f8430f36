"""``mnist-draw bench``: how fast and how accurate the installed model is, here.

Latencies are measured on one thread, as the window uses the model; the
throughput figure is for a batch, as ``evaluate`` uses it.
"""

from __future__ import annotations

import io
import os
import platform
import time
from pathlib import Path

import numpy as np
from PIL import Image

from . import data, model_store, preprocess
from .classifier import Classifier
from .evaluation import measure_drawings, measure_images
from .strokes_file import load_labelled

LATENCY_RUNS = 2000
LOAD_RUNS = 20
NON_DIGITS = 2000
# Never the seeds training uses (its seed, and seed + 10,000 for its held-out set).
NON_DIGIT_SEED = 90_210


def run_benchmarks(model: str | None, data_location: str | None, strokes: str | None) -> dict:
    loaded = model_store.load_active_model(model)
    tflite = loaded.classifier.path
    figures: dict = {
        "model": str(tflite),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "model_load_ms": _median_ms(lambda: Classifier(tflite), LOAD_RUNS),
    }
    classifier = loaded.classifier

    mnist = None
    try:
        mnist = data.load_mnist(data_location)
    except data.DataError as error:
        if data_location:  # named, so measuring without it would not be what was asked for
            raise
        figures["mnist_note"] = str(error)
    mnist_folder = mnist.folder if mnist else None
    pen_file = Path(strokes) if strokes else data.find_pendigits(None, mnist_folder, "test")
    drawings = load_labelled(pen_file) if pen_file else []

    # Strokes -> probabilities, the path every mouse move takes.
    stroke_inputs = [d.strokes for d in drawings[:500]] or [_sample_strokes()]
    figures["strokes_to_probabilities_ms"] = _latency(
        lambda i: classifier.predict(preprocess.strokes_to_input(stroke_inputs[i % len(stroke_inputs)]).pixels)
    )
    # Image -> probabilities: a 280x280 PNG, dark ink on light paper, as a scan would be.
    pngs = _sample_pngs(mnist.test.images[:100] if mnist else None)
    figures["image_to_probabilities_ms"] = _latency(
        lambda i: classifier.predict(preprocess.image_to_input(pngs[i % len(pngs)]).pixels), runs=300
    )
    if mnist is not None:
        started = time.perf_counter()
        measured = measure_images(classifier, mnist.test.images, mnist.test.labels)
        seconds = time.perf_counter() - started
        figures["batch_images_per_second"] = round(measured.total / seconds)
        figures.update(_accuracy_figures("mnist_test", measured))
    if drawings:
        figures.update(_accuracy_figures("pendigits_test", measure_drawings(classifier, drawings)))
        figures["pendigits_file"] = str(pen_file)
    if classifier.can_reject:
        figures["generated_non_digits_rejected"] = _non_digits_rejected(classifier)
    return figures


def _accuracy_figures(name: str, report) -> dict:
    return {
        f"{name}_accuracy": round(report.accuracy, 5),
        f"{name}_rejected": round(report.rejected / max(report.total, 1), 5),
        f"{name}_accuracy_without_rejection": round(report.accuracy_without_rejection, 5),
        f"{name}_calibration_error": round(report.calibration_error, 5),
    }


def _non_digits_rejected(classifier: Classifier) -> float | None:
    """The share of generated letters, symbols, scribbles and shapes answered "not a digit"."""
    try:
        from .non_digits import non_digit_images

        images = non_digit_images(NON_DIGITS, seed=NON_DIGIT_SEED)
    except ImportError:  # the fonts are a training-time package, absent from the light build
        return None
    _, not_digit = classifier.read_batch(images)
    return round(float(classifier.rejects(not_digit).mean()), 5)


def format_table(figures: dict) -> str:
    def latency(key: str) -> str:
        value = figures[key]
        return f"median {value['median']:.3f} ms, p99 {value['p99']:.3f} ms"

    rows = [
        ("model", figures["model"]),
        ("machine", figures["machine"]),
        ("model load", f"{figures['model_load_ms']:.1f} ms"),
        ("strokes -> probabilities", latency("strokes_to_probabilities_ms")),
        ("image -> probabilities", latency("image_to_probabilities_ms")),
    ]
    if "batch_images_per_second" in figures:
        rows.append(("batch throughput", f"{figures['batch_images_per_second']:,} images/s"))
    for name, title in (("mnist_test", "MNIST test"), ("pendigits_test", "pendigits-test")):
        if f"{name}_accuracy" in figures:
            rows.append((f"{title} accuracy", f"{figures[f'{name}_accuracy']:.2%}"))
            rows.append((
                f"{title} called not a digit",
                f"{figures[f'{name}_rejected']:.2%} (accuracy had none been: {figures[f'{name}_accuracy_without_rejection']:.2%})",
            ))
            rows.append((f"{title} calibration error", f"{figures[f'{name}_calibration_error']:.2%}"))
    if figures.get("generated_non_digits_rejected") is not None:
        rows.append(("generated non-digits rejected", f"{figures['generated_non_digits_rejected']:.2%}"))
    if "mnist_note" in figures:
        rows.append(("note", figures["mnist_note"]))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _latency(call, runs: int = LATENCY_RUNS) -> dict:
    for i in range(min(50, runs)):
        call(i)  # warm caches and LiteRT's first-run allocations
    times = np.empty(runs)
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        times[i] = time.perf_counter() - started
    return {
        "median": round(float(np.median(times) * 1e3), 4),
        "p99": round(float(np.percentile(times, 99) * 1e3), 4),
        "runs": runs,
    }


def _median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return round(float(np.median(times) * 1e3), 2)


def _sample_strokes() -> list:
    from .self_test_digits import SAMPLE_STROKES

    return SAMPLE_STROKES[7]


def _sample_pngs(images: np.ndarray | None) -> list[bytes]:
    if images is None:
        from .self_test_digits import sample_photo

        return [sample_photo()]
    pngs = []
    for image in images:
        picture = Image.fromarray(255 - image).resize((280, 280), Image.Resampling.BILINEAR)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        pngs.append(buffer.getvalue())
    return pngs
