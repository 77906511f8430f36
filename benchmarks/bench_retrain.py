"""Does the window stay smooth while a model trains? And what does the Quick preset give?

    python benchmarks/bench_retrain.py            # Quick preset: 3 epochs, 20,000 MNIST digits
    python benchmarks/bench_retrain.py --epochs 1 --limit 3000   # a shorter run
    python benchmarks/bench_retrain.py --json

Opens the real main window (offscreen) with the bundled model, starts training
from Model > Retrain exactly as a user would (a child process), closes the
dialog (the run goes on, its progress in the status bar), and while it runs
keeps drawing on the canvas (a stroke every 50 ms, each read live) and
measures the event loop: a 5 ms timer records the gaps between its ticks. A gap
well over 5 ms is a stall the user would feel. Reports the longest stall, the
p99 gap, the training time and the new model's MNIST test accuracy.
MNIST is found through $MNIST_DRAW_DATA.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

TICK_MS = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="mnist-draw-bench-")
    os.environ["MNIST_DRAW_HOME"] = home  # never touch the real user's models

    from PySide6.QtCore import QElapsedTimer, Qt, QTimer

    from mnist_draw.ui import retrain_dialog
    from mnist_draw.ui.app import application, create_window
    from mnist_draw.training_plan import Preset

    app = application()
    window = create_window(None)
    window.show()
    while window.recognizer.model() is None:
        app.processEvents()
    retrain_dialog.QUICK = Preset("Quick", args.epochs, args.limit, "benchmark")
    window.teach.retrain_action.trigger()
    dialog = window.teach.training.dialog
    dialog.epochs.setValue(args.epochs)

    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)

    worst: list[tuple[float, float]] = []  # (gap, seconds since start), to see when stalls happen
    begun = time.monotonic()

    def tick() -> None:
        if clock.isValid():
            gap = clock.nsecsElapsed() / 1e6
            gaps.append(gap)
            if gap > 30:
                worst.append((round(gap, 1), round(time.monotonic() - begun, 2)))
        clock.restart()

    ticker.timeout.connect(tick)
    strokes = [[(140, 50), (140, 230)], [(80, 60), (200, 60), (150, 170), (120, 230)]]
    drawn = [0]

    def draw() -> None:
        window.canvas.clear()
        window.canvas.add_stroke(strokes[drawn[0] % 2])
        drawn[0] += 1

    drawer = QTimer()
    drawer.setInterval(50)
    drawer.timeout.connect(draw)

    outcome: dict = {}
    dialog.start()
    dialog.reject()  # Esc or the close button: the dialog goes, the training stays
    assert not dialog.isVisible() and dialog.run.is_running()
    status = window.teach.training.status_widget
    shown: list[str] = []
    dialog.run.progress.connect(lambda _event: shown.append(status.text()))
    started = time.monotonic()
    # exit, not quit: quit asks the window to close, and it would ask about the new model.
    dialog.run.finished.connect(lambda card: (outcome.update(card=card), app.exit(0)))
    dialog.run.failed.connect(lambda error: (outcome.update(error=str(error)), app.exit(0)))
    ticker.start()
    drawer.start()
    app.exec()  # the real event loop, as the window runs it
    ticker.stop()
    drawer.stop()
    seconds = time.monotonic() - started
    dialog.discard()
    window.close()
    if "error" in outcome:
        print(f"training failed: {outcome['error']}", file=sys.stderr)
        return 1
    gaps.sort()
    figures = {
        "training": f"{args.epochs} epochs, {args.limit} MNIST digits, one network",
        "training_seconds": round(seconds, 1),
        "mnist_test_accuracy": outcome["card"].mnist_test_accuracy,
        "pendigits_test_accuracy": outcome["card"].pendigits_test_accuracy,
        "event_loop_ticks": len(gaps),
        "event_loop_gap_p99_ms": round(gaps[int(len(gaps) * 0.99)], 1),
        "event_loop_longest_stall_ms": round(gaps[-1], 1),
        "drawings_read_while_training": drawn[0],
        "dialog_closed_status_bar_showed": sorted(set(shown), key=shown.index)[-3:],
        "gaps_over_30_ms_at_seconds": sorted(worst, reverse=True)[:8],
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(map(len, figures))
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
