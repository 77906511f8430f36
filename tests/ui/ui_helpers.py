"""Drawings, pictures and stand-in models shared by the window's tests."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw

# --- digits to draw and pictures of them --------------------------------------------

# Paper units (0-280, y down). A vertical "1" is what any working model reads.
ONE = [(140.0, 50.0), (140.0, 230.0)]
SEVEN = [(80.0, 60.0), (200.0, 60.0), (190.0, 90.0), (150.0, 170.0), (120.0, 230.0)]


def steps(points: list[tuple[float, float]], per_segment: int = 12) -> list[tuple[float, float]]:
    """The path through ``points`` in small steps, as a hand moving a mouse gives it."""
    path = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        for i in range(1, per_segment + 1):
            t = i / per_segment
            path.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    return path


def pen_device(kind=None):
    """A tablet pen (its tip; ``kind`` QPointingDevice.PointerType.Eraser: its eraser end) that reports pressure."""
    from PySide6.QtGui import QInputDevice, QPointingDevice

    kind = QPointingDevice.PointerType.Pen if kind is None else kind
    capabilities = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice("test pen", 7, QInputDevice.DeviceType.Stylus, kind, capabilities, 1, 2)


def pen_stroke(canvas, points, pressure: float, device, per_segment: int = 12) -> list[bool]:
    """Send a pen stroke through ``points`` (paper units) to ``canvas`` as tablet events; whether it accepted each one."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QTabletEvent
    from PySide6.QtWidgets import QApplication

    path = [canvas.map_from_paper(x, y) for x, y in steps(points, per_segment)]
    kinds = [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * (len(path) - 2) + [QEvent.Type.TabletRelease]
    accepted = []
    for kind, position in zip(kinds, path):
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
        event = QTabletEvent(
            kind, device, position, canvas.mapToGlobal(position), pressure, 0, 0, 0, 0, 0,
            Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons,
        )  # fmt: skip
        event.setAccepted(False)
        QApplication.sendEvent(canvas, event)
        accepted.append(event.isAccepted())
    return accepted


def digit_png(digit: str = "1", size: int = 200) -> bytes:
    """A photo-like picture of a digit: a thick dark pen line on white paper."""
    picture = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(picture)
    if digit == "1":
        draw.line([(size * 0.5, size * 0.15), (size * 0.5, size * 0.85)], fill="black", width=size // 12)
    elif digit == "7":
        corners = [(0.25, 0.2), (0.72, 0.2), (0.42, 0.85)]
        draw.line([(x * size, y * size) for x, y in corners], fill="black", width=size // 12, joint="curve")
    else:
        raise ValueError(digit)
    stream = io.BytesIO()
    picture.save(stream, "PNG")
    return stream.getvalue()


def small_number_page(digits: str = "472", size: tuple[int, int] = (3200, 2400), tall: int = 60) -> tuple[bytes, tuple[float, float, float, float]]:
    """A photo (JPEG) of a page with ``digits`` written ``tall`` pixels tall in blue ballpoint,
    right of the middle and below it, on grainy, unevenly lit paper: a number written small
    that number mode reads closely. Also where the number lies (left, top, right, bottom)."""
    from PIL import ImageFilter

    from mnist_draw.self_test_digits import SAMPLE_STROKES

    width, height = size
    rng = np.random.default_rng(3)
    paper = np.full((height, width), 236.0) + rng.normal(0, 4, (height, width)) - np.linspace(0, 25, width)[None, :]
    page = Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8)).convert("RGB")
    draw = ImageDraw.Draw(page)
    scale, left, top = tall / 80.0, width * 0.59, height * 0.62  # the sample digits are about 80 units tall, 50 wide
    for place, digit in enumerate(digits):
        for stroke in SAMPLE_STROKES[int(digit)]:
            points = [(left + (place * 70 + x - 26) * scale, top + (y - 10) * scale) for x, y in stroke]
            draw.line(points, fill=(30, 40, 110), width=max(2, tall // 10), joint="curve")
    stream = io.BytesIO()
    page.filter(ImageFilter.GaussianBlur(0.8)).save(stream, "JPEG", quality=90)
    return stream.getvalue(), (left, top, left + ((len(digits) - 1) * 70 + 52) * scale, top + tall)


class FixedClassifier:
    """Stands in for the model when a test needs exact probabilities (and,
    with ``not_digit``, an exact "not a digit" answer)."""

    def __init__(self, probabilities: list[float], not_digit: float | None = None) -> None:
        self.probabilities = np.asarray(probabilities, dtype=np.float32)
        self.not_digit = not_digit
        self.outputs = 10 if not_digit is None else 11
        self.can_reject = not_digit is not None
        self.path = Path("fixed.tflite")

    def read(self, pixels: np.ndarray) -> tuple[np.ndarray, float]:
        return self.probabilities.copy(), self.not_digit or 0.0

    def rejects(self, not_digit: float) -> np.ndarray:
        return np.asarray(self.can_reject and not_digit >= 0.5)

    def predict(self, pixels: np.ndarray) -> np.ndarray:
        return self.probabilities.copy()


def fixed_model(probabilities: list[float], not_digit: float | None = None):
    from mnist_draw.model_store import LoadedModel

    return LoadedModel(FixedClassifier(probabilities, not_digit), Path("."), "file", {})


# --- dialogs --------------------------------------------------------------------------


def answer_message_boxes(qtbot, seen: list):
    """Note each message box shown (its title and text) and close it as Enter would; stop the timer after.
    A window closed with a notice to give (what closing kept) waits on it: answer it so."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.windowTitle(), box.text()))
            qtbot.keyClick(box, Qt.Key.Key_Return)

    watcher = QTimer()
    watcher.timeout.connect(answer)
    watcher.start(50)
    return watcher


def notices_while(qtbot, action: Callable[[], None]) -> list[tuple[str, str]]:
    """Run ``action``, answering each message box it shows as Enter would: their titles and texts."""
    notices: list[tuple[str, str]] = []
    watcher = answer_message_boxes(qtbot, notices)
    try:
        action()
    finally:
        watcher.stop()
    return notices


def close_while_installing(qtbot, window, start: Callable[[], None], another_window_installs: bool = False) -> list[tuple[str, str]]:
    """Start a model's install with ``start`` (another window holding the install lock
    meanwhile, if ``another_window_installs``) and close the window: the notices closing
    gave, answered. Closing has returned with no install running, the lock still held."""
    import contextlib

    from mnist_draw import install_guard

    def install_and_close() -> None:
        with contextlib.ExitStack() as other_window:
            if another_window_installs:
                other_window.enter_context(install_guard.held())
            start()
            window.close()
            # Closing has returned: the install has ended, having put nothing in place unless it could.
            assert window.models.workers.running() == 0

    return notices_while(qtbot, install_and_close)


# --- photo-like pictures of real handwritten digits -------------------------------------

PAPER_GREY = (196, 191, 181)  # greyish paper, as in a phone photo of a page
PEN = (32, 38, 78)  # dark blue ballpoint


def on_paper(
    digits: list[np.ndarray],
    size: tuple[int, int] = (280, 280),
    height: int = 150,
    gap: int = 16,
    marks: list[list[tuple[float, float]]] = (),
) -> Image.Image:
    """A photo-like picture of MNIST digits (28x28, white on black) written side by side
    across greyish, unevenly lit, slightly grainy paper, ``height`` pixels tall and centred;
    ``marks`` are pen lines added over it (a stray mark), in the picture's pixels."""
    width, rows = size
    y, x = np.mgrid[0:rows, 0:width]
    light = 1.0 + 0.06 * (x / width) - 0.05 * (y / rows)
    paper = np.asarray(PAPER_GREY, dtype=np.float64)[None, None, :] * light[..., None]
    paper += np.random.default_rng(7).normal(0.0, 3.0, (rows, width, 1))
    ink = Image.new("L", size, 0)
    side = height * 28 // 20  # MNIST's 20-pixel box becomes ``height``
    total = len(digits) * (side - 8 * side // 28) + (len(digits) - 1) * gap
    left = (width - total) // 2 - 4 * side // 28
    for digit in digits:
        glyph = Image.fromarray(np.asarray(digit, dtype=np.uint8)).resize((side, side), Image.Resampling.BICUBIC)
        ink.paste(glyph, (left, (rows - side) // 2), glyph)
        left += side - 8 * side // 28 + gap
    draw = ImageDraw.Draw(ink)
    for line in marks:
        draw.line(line, fill=255, width=max(3, height // 14))
    strength = np.asarray(ink, dtype=np.float64)[..., None] / 255.0
    pixels = paper * (1 - strength) + np.asarray(PEN, dtype=np.float64)[None, None, :] * strength
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def mnist_digit(mnist, label: int, nth: int = 0) -> np.ndarray:
    """The ``nth`` digit ``label`` of MNIST's test set (28x28, white on black)."""
    return mnist.test.images[np.flatnonzero(mnist.test.labels == label)[nth]]


def open_picture(qtbot, window, picture: Image.Image, path: Path) -> None:
    """Save ``picture`` as a real file, open it in the window and wait until it is shown."""
    picture.save(path)
    window.files.open_file(path)
    qtbot.waitUntil(
        lambda: window.canvas.drawing().image is not None and window.canvas.drawing().image.name == path.name,
        timeout=10_000,
    )
