"""How long the "Show why" views take for one drawing: heat map, inside view, three readings.

    python benchmarks/bench_explain.py            # 300 pen-drawn digits of pendigits-test
    python benchmarks/bench_explain.py --json

Each figure is for one drawing, computed as the window computes it, on one
thread: the occlusion heat map over the bundled model's input
(:mod:`mnist_draw.explain`), every layer's activations (:mod:`mnist_draw.inside`),
and the three compared readings (:mod:`mnist_draw.tutorial_networks`: the app's
model and the two tutorial networks, the tutorial networks fed the whole canvas).
Drawings come from pendigits-test (found beside $MNIST_DRAW_DATA), prepared once
beforehand; targets: heat map and inside view under 30 ms, the three readings
together under 5 ms.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from mnist_draw import data
from mnist_draw.explain import explain
from mnist_draw.inside import Inside
from mnist_draw.model_store import load_model_folder
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.resources import bundled_model_dir
from mnist_draw.strokes_file import load_labelled
from mnist_draw.tutorial_networks import TUTORIAL_WAY, TutorialNetworks, place_on_canvas, render_canvas


def timed(function, inputs) -> dict:
    """Wall-clock and CPU milliseconds a call. On a shared, busy machine the wall
    clock includes waiting for a core; the thread's CPU time is the work itself."""
    function(inputs[0])  # warm up: the first call sizes LiteRT's buffers
    wall, cpu = [], []
    for item in inputs:
        started, started_cpu = time.perf_counter(), time.thread_time()
        function(item)
        wall.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
    wall_ms, cpu_ms = np.array(wall) * 1000, np.array(cpu) * 1000
    return {
        "median_ms": round(float(np.median(wall_ms)), 2),
        "p90_ms": round(float(np.percentile(wall_ms, 90)), 2),
        "p99_ms": round(float(np.percentile(wall_ms, 99)), 2),
        "cpu_median_ms": round(float(np.median(cpu_ms)), 2),
        "cpu_p99_ms": round(float(np.percentile(cpu_ms, 99)), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="drawings to time (default: 300)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    pen_file = data.find_pendigits(None, data.load_mnist().folder, "test")
    if pen_file is None:
        print("pendigits-test not found beside MNIST; set MNIST_DRAW_DATA", file=sys.stderr)
        return 2
    drawings = load_labelled(pen_file)[: args.count]
    inputs = [strokes_to_input(d.strokes) for d in drawings]
    canvases = [render_canvas(place_on_canvas(d.strokes)) for d in drawings]
    loaded = load_model_folder(bundled_model_dir(), "bundled")  # calibrated as the window reads
    model = loaded.classifier
    inside = Inside.for_model(loaded.folder, loaded.card)
    networks = TutorialNetworks()
    pairs = list(zip(inputs, canvases))

    patches = []

    def heat(prepared):
        patches.append(explain(model, prepared.pixels).patches)

    figures = {
        "drawings": len(drawings),
        "heat_map": timed(heat, inputs),
        "inside_view": timed(lambda prepared: inside.layers(prepared.pixels), inputs),
        "three_readings": timed(lambda pair: networks.compare(model, pair[0], pair[1], TUTORIAL_WAY), pairs),
    }
    figures["heat_map"]["patches_median"] = float(np.median(patches))
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{figures['drawings']} pen-drawn digits, one at a time, one thread")
        for name, target in (("heat_map", 30), ("inside_view", 30), ("three_readings", 5)):
            f = figures[name]
            print(
                f"{name:15} median {f['median_ms']:6.2f} ms  p90 {f['p90_ms']:6.2f}  p99 {f['p99_ms']:6.2f}"
                f"  | CPU median {f['cpu_median_ms']:6.2f}  p99 {f['cpu_p99_ms']:6.2f}  (target < {target} ms)"
            )
        print(f"heat map: {figures['heat_map']['patches_median']:.0f} occluded copies read per drawing (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
