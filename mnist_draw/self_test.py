"""``mnist-draw --self-test``: is this installation whole? For the frozen build's
smoke test and for users reporting a problem. Needs no display."""

from __future__ import annotations

import platform
import sys
import time

from . import __version__
from .classifier import ModelError
from .model_store import load_active_model
from .preprocess import strokes_to_input
from .reading import read_image, read_strokes
from .resources import training_available
from .self_test_digits import NON_DIGIT_STROKES, SAMPLE_STROKES, sample_photo


def run_self_test(model: str | None = None) -> int:
    lines = [f"mnist-draw {__version__}, Python {platform.python_version()}, {platform.system()} {platform.machine()}"]
    failures = 0
    started = time.perf_counter()
    try:
        loaded = load_active_model(model)
    except ModelError as error:
        _print(lines + [f"FAIL model: {error}"])
        return 1
    lines.append(f"ok   model: {loaded.label}, {loaded.classifier.path} ({(time.perf_counter() - started) * 1e3:.0f} ms)")
    if loaded.warning:
        lines.append(f"note {loaded.warning}")
    for digit, strokes in SAMPLE_STROKES.items():
        reading = read_strokes(loaded.classifier, strokes)
        ok = reading.digit == digit
        failures += not ok
        lines.append(f"{'ok  ' if ok else 'FAIL'} strokes of a {digit}: read {reading.summary()}")
    photo = read_image(loaded.classifier, sample_photo(7), source="photo of a 7")
    failures += photo.digit != 7
    lines.append(f"{'ok  ' if photo.digit == 7 else 'FAIL'} photo of a 7: read {photo.summary()}")
    if loaded.classifier.can_reject:
        for name, strokes in NON_DIGIT_STROKES.items():
            reading = read_strokes(loaded.classifier, strokes)
            failures += reading.is_digit
            lines.append(f"{'FAIL' if reading.is_digit else 'ok  '} {name}: read {reading.summary()}")
    else:
        lines.append("note this model has no 'not a digit' answer: letters and scribbles are read as digits")
    blank = strokes_to_input([]).is_blank
    failures += not blank
    lines.append(f"{'ok  ' if blank else 'FAIL'} empty canvas: nothing to read")
    if training_available():
        lines.append("ok   training: available (mnist-draw train, Model > Retrain)")
    else:
        lines.append("note training: not in this build (no TensorFlow); reading digits is not affected")
    if "tensorflow" in sys.modules:
        lines.append("note TensorFlow was imported; predicting should not need it")
    lines.append("all checks passed" if not failures else f"{failures} check(s) failed")
    _print(lines)
    return 0 if not failures else 1


def _print(lines: list[str]) -> None:
    # A windowed frozen build has no stdout; nothing may crash for writing to it.
    if sys.stdout is None:
        return
    try:
        print("\n".join(lines), flush=True)
    except OSError:
        pass
