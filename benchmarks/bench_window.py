"""How fast the window starts, how quickly the bars follow the pen, how much memory it holds.

    python benchmarks/bench_window.py            # a table
    python benchmarks/bench_window.py --json     # the same figures as JSON

Launch: starts the real program (``python -m mnist_draw``) several times, under
Xvfb when it is installed (else on Qt's offscreen platform), with
MNIST_DRAW_EXIT_WHEN_READY=1 so it reports, on the system-wide monotonic clock,
when the canvas is first painted and when the model has loaded, then its
resident memory once idle. Launch time is measured from just before the
process is started, so Python's own start-up is included.

Move to bars: in this process, on the offscreen platform, a window with the
bundled model receives mouse moves as a 125 Hz mouse sends them (posted to the
event queue every 8 ms while drawing digits). For each move, the latency runs
from posting the event to the end of repainting the bars with the first
reading that includes it. It is measured twice: with the View menu's three
views off, then with all three on (heat map over the canvas, the inside
window, the comparison window), when it also reports how long each view's
work took per update in the worker thread, wall-clock and CPU (the thread's
own CPU time: on a loaded machine the wall clock includes waiting for a core).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TARGETS = {
    "launch_s": 0.6,
    "move_to_bars_median_ms": 16.0,
    "views_move_to_bars_p99_ms": 16.0,
    "heat_median_ms": 30.0,
    "inside_median_ms": 30.0,
    "compare_median_ms": 5.0,
    "rss_mb": 200.0,
}
VIEWS = ("heat", "inside", "compare")
MOVE_INTERVAL_MS = 8  # a 125 Hz mouse
DIGITS = {  # strokes in paper units (0-280), drawn one after another
    "1": [[(140, 50), (140, 230)]],
    "7": [[(80, 60), (200, 60), (190, 90), (150, 170), (120, 230)]],
    "4": [[(170, 230), (170, 50), (70, 170), (210, 170)]],
    "0": [[(140, 50), (90, 80), (80, 140), (95, 210), (140, 235), (185, 210), (200, 140), (185, 75), (140, 50)]],
}
STEPS_PER_SEGMENT = 15


# --- launch ----------------------------------------------------------------------------


@contextmanager
def display() -> Iterator[tuple[dict[str, str], str]]:
    """Environment for the program: a private Xvfb display if possible, else offscreen."""
    if shutil.which("Xvfb") is None:
        yield {"QT_QPA_PLATFORM": "offscreen"}, "offscreen"
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"}, "xcb (Xvfb)"
    finally:
        server.terminate()
        server.wait(timeout=10)


def launch_once(extra_env: dict[str, str], scratch: Path) -> dict[str, float]:
    env = {
        **os.environ,
        **extra_env,
        "MNIST_DRAW_EXIT_WHEN_READY": "1",
        "MNIST_DRAW_HOME": str(scratch / "home"),
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_RUNTIME_DIR": str(scratch),
    }
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "mnist_draw"], env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"the program failed:\n{result.stderr}")
    events = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            events[event["event"]] = event
    return {
        "window_s": events["window-ready"]["monotonic"] - started,
        "model_s": events["model-ready"]["monotonic"] - started,
        "rss_mb": events["idle"]["rss_mb"],
    }


def measure_launch(runs: int) -> dict[str, object]:
    with display() as (env, platform), tempfile.TemporaryDirectory() as scratch:
        launch_once(env, Path(scratch))  # warm the file cache: later runs are what users see
        samples = [launch_once(env, Path(scratch)) for _ in range(runs)]
    return {
        "platform": platform,
        "runs": runs,
        "launch_s": statistics.median(s["window_s"] for s in samples),
        "launch_s_max": max(s["window_s"] for s in samples),
        "model_loaded_s": statistics.median(s["model_s"] for s in samples),
        "rss_mb": statistics.median(s["rss_mb"] for s in samples),
    }


# --- move to bars ---------------------------------------------------------------------------


def measure_move_to_bars(repeats: int, views: bool = False, only: str | None = None) -> dict[str, float]:
    # A scratch per-user folder and settings file: the benchmark must not touch the user's.
    scratch = tempfile.mkdtemp(prefix="mnist-draw-bench-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MNIST_DRAW_HOME"] = scratch
    os.environ["XDG_CONFIG_HOME"] = scratch
    from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from mnist_draw.ui.app import application, create_window

    app = application()
    window = create_window(None)
    window.resize(960, 700)
    window.show()
    while window.recognizer.model() is None:
        app.processEvents()
        time.sleep(0.005)
    canvas = window.canvas
    view_ms: dict[str, list[tuple[float, float]]] = {name: [] for name in VIEWS}
    if views:
        for name, action in zip(VIEWS, window.show_why.actions()):
            action.setChecked(only is None or name == only)
        window.show_why.view_updated.connect(lambda name, wall, cpu: view_ms[name].append((wall, cpu)))

    received: dict[int, float] = {}  # move number -> when the canvas got it
    posted: dict[int, float] = {}
    shown: list[float] = []  # when the bars finished repainting a reading
    # The UI thread's own CPU clock at the same moments: what the latency would be
    # with a core to itself, however loaded the machine is.
    posted_cpu: dict[int, float] = {}
    shown_cpu: list[float] = []
    reading_ms: list[float] = []

    class MoveClock(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.MouseMove and hasattr(event, "number"):
                received[event.number] = time.perf_counter()
            return False

    def bars_updated(reading) -> None:
        # The window's own slot has already given the panel the reading; paint it now
        # so the time includes drawing the bars, not only computing them.
        window.panel.repaint()
        shown.append(time.perf_counter())
        shown_cpu.append(time.thread_time())
        if reading.milliseconds is not None:
            reading_ms.append(reading.milliseconds)

    clock = MoveClock()
    canvas.installEventFilter(clock)
    window.recognizer.reading_changed.connect(bars_updated)

    script = list(_pointer_script(canvas, repeats))
    position = iter(script)
    counter = iter(range(1_000_000))

    def post_next() -> None:
        step = next(position, None)
        if step is None:
            timer.stop()
            app.quit()
            return
        kind, point = step
        button = Qt.MouseButton.LeftButton
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
        event = QMouseEvent(
            kind, QPointF(point), canvas.mapToGlobal(QPointF(point)), button, buttons, Qt.KeyboardModifier.NoModifier
        )
        if kind == QEvent.Type.MouseButtonPress:
            canvas.clear()  # each digit on a clean canvas, as a user would draw them
        if kind == QEvent.Type.MouseMove:
            event.number = next(counter)
            posted[event.number] = time.perf_counter()
            posted_cpu[event.number] = time.thread_time()
        QApplication.postEvent(canvas, event)

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(MOVE_INTERVAL_MS)
    timer.timeout.connect(post_next)
    timer.start()
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    app.exec()
    cpu_share = (time.process_time() - cpu_started) / (time.perf_counter() - wall_started)
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)

    latencies, cpu_latencies = [], []
    for number, arrived in received.items():
        index = next((i for i, moment in enumerate(shown) if moment >= arrived), None)
        if index is not None:
            latencies.append((shown[index] - posted[number]) * 1000)
            cpu_latencies.append((shown_cpu[index] - posted_cpu[number]) * 1000)
    latencies.sort()
    cpu_latencies.sort()
    prefix = "views_" if views else ""
    figures = {
        f"{prefix}moves": len(latencies),
        f"{prefix}move_to_bars_median_ms": statistics.median(latencies),
        f"{prefix}move_to_bars_p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        f"{prefix}reading_median_ms": statistics.median(reading_ms),
        f"{prefix}move_to_bars_cpu_median_ms": statistics.median(cpu_latencies),
        f"{prefix}move_to_bars_cpu_p99_ms": cpu_latencies[min(len(cpu_latencies) - 1, int(len(cpu_latencies) * 0.99))],
        f"{prefix}process_cpu_cores": round(cpu_share, 2),  # CPU seconds a second while drawing
    }
    for name, samples in view_ms.items():
        if samples:
            walls, cpus = sorted(w for w, _ in samples), sorted(c for _, c in samples)
            figures[f"{name}_updates"] = len(samples)
            figures[f"{name}_median_ms"] = statistics.median(walls)
            figures[f"{name}_p90_ms"] = walls[int(len(walls) * 0.9)]
            figures[f"{name}_cpu_median_ms"] = statistics.median(cpus)
            figures[f"{name}_cpu_p90_ms"] = cpus[int(len(cpus) * 0.9)]
    return figures


def _pointer_script(canvas, repeats: int):
    from PySide6.QtCore import QEvent

    for _ in range(repeats):
        for strokes in DIGITS.values():
            for stroke in strokes:
                path = []
                for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
                    path += [
                        (x0 + (x1 - x0) * i / STEPS_PER_SEGMENT, y0 + (y1 - y0) * i / STEPS_PER_SEGMENT)
                        for i in range(STEPS_PER_SEGMENT)
                    ]
                path.append(stroke[-1])
                points = [canvas.map_from_paper(x, y) for x, y in path]
                yield QEvent.Type.MouseButtonPress, points[0]
                for point in points[1:]:
                    yield QEvent.Type.MouseMove, point
                yield QEvent.Type.MouseButtonRelease, points[-1]


# --- report ----------------------------------------------------------------------------------


def table(figures: dict[str, object]) -> str:
    def verdict(key: str, value: float) -> str:
        return ("ok" if value < TARGETS[key] else "OVER") if key in TARGETS else ""

    rows = [
        (
            "launch to window ready (median)",
            f"{figures['launch_s']:.2f} s",
            "< 0.6 s",
            verdict("launch_s", figures["launch_s"]),
        ),
        ("launch to window ready (slowest)", f"{figures['launch_s_max']:.2f} s", "", ""),
        ("launch to model loaded (median)", f"{figures['model_loaded_s']:.2f} s", "", ""),
        (
            "mouse move to updated bars, median",
            f"{figures['move_to_bars_median_ms']:.1f} ms",
            "< 16 ms",
            verdict("move_to_bars_median_ms", figures["move_to_bars_median_ms"]),
        ),
        ("mouse move to updated bars, p99", f"{figures['move_to_bars_p99_ms']:.1f} ms", "", ""),
        (
            "  UI thread's CPU in that time, median / p99",
            f"{figures['move_to_bars_cpu_median_ms']:.1f} / {figures['move_to_bars_cpu_p99_ms']:.1f} ms",
            "",
            "",
        ),
        ("one reading (preprocess + model), median", f"{figures['reading_median_ms']:.2f} ms", "", ""),
        ("CPU while drawing (cores busy)", f"{figures['process_cpu_cores']:.2f}", "", ""),
    ]
    if "views_moves" in figures:
        rows += [
            ("with all three views on:", "", "", ""),
            ("  mouse move to updated bars, median", f"{figures['views_move_to_bars_median_ms']:.1f} ms", "", ""),
            (
                "  mouse move to updated bars, p99",
                f"{figures['views_move_to_bars_p99_ms']:.1f} ms",
                "< 16 ms",
                verdict("views_move_to_bars_p99_ms", figures["views_move_to_bars_p99_ms"]),
            ),
            (
                "    UI thread's CPU in that time, median / p99",
                f"{figures['views_move_to_bars_cpu_median_ms']:.1f} / {figures['views_move_to_bars_cpu_p99_ms']:.1f} ms",
                "",
                "",
            ),
            ("  CPU while drawing (cores busy)", f"{figures['views_process_cpu_cores']:.2f}", "", ""),
        ]
        for name, words, target in (
            ("heat", "heat map", "< 30 ms"),
            ("inside", "inside view", "< 30 ms"),
            ("compare", "three compared readings", "< 5 ms"),
        ):
            if f"{name}_updates" not in figures:
                continue
            rows += [
                (
                    f"  {words}, median of {figures[f'{name}_updates']} updates",
                    f"{figures[f'{name}_median_ms']:.1f} ms",
                    target,
                    verdict(f"{name}_median_ms", figures[f"{name}_median_ms"]),
                ),
                (f"  {words}, p90", f"{figures[f'{name}_p90_ms']:.1f} ms", "", ""),
                (
                    f"  {words}, CPU median / p90",
                    f"{figures[f'{name}_cpu_median_ms']:.1f} / {figures[f'{name}_cpu_p90_ms']:.1f} ms",
                    "",
                    "",
                ),
            ]
    rows += [
        (
            "resident memory, idle window with model",
            f"{figures['rss_mb']:.0f} MB",
            "< 200 MB",
            verdict("rss_mb", figures["rss_mb"]),
        ),
    ]
    width = max(len(row[0]) for row in rows)
    lines = [
        f"mnist-draw window benchmark: {figures['runs']} launches on {figures['platform']}, "
        f"{figures['moves']} mouse moves at {1000 // MOVE_INTERVAL_MS} Hz offscreen, {os.cpu_count()} CPU cores",
        "",
        f"{'measure':<{width}}  {'value':>10}  {'target':<9} ",
    ]
    lines += [f"{name:<{width}}  {value:>10}  {target:<9} {mark}" for name, value, target, mark in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="launches to time (default 5)")
    parser.add_argument("--repeats", type=int, default=3, help="times to draw the test digits (default 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-views", action="store_true", help="skip the run with the three views on")
    args = parser.parse_args()
    figures = {**measure_launch(args.runs), **measure_move_to_bars(args.repeats)}
    if not args.no_views:
        figures.update(measure_move_to_bars(args.repeats, views=True))
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
