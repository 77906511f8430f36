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
        figures["mnist_note"] = str(error)
    mnist_folder = mnist.source if mnist and Path(mnist.source).is_dir() else None
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
        figures["mnist_test_accuracy"] = round(measured.accuracy, 5)
    if drawings:
        figures["pendigits_test_accuracy"] = round(measure_drawings(classifier, drawings).accuracy, 5)
        figures["pendigits_file"] = str(pen_file)
    return figures


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
        rows.append(("MNIST test accuracy", f"{figures['mnist_test_accuracy']:.2%}"))
    if "pendigits_test_accuracy" in figures:
        rows.append(("pendigits-test accuracy", f"{figures['pendigits_test_accuracy']:.2%}"))
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
