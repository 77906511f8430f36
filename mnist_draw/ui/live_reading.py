"""Keeps the model's reading in step with the canvas.

While the pen moves, the drawing is read at most ``READINGS_PER_SECOND`` times
a second (a reading takes a millisecond or two; more would only spend the CPU);
the moment the pen lifts, or the drawing changes at once (undo, clear, a
picture), it is read straight away, so the last reading always matches what is
on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from .canvas import PAPER_SIDE, DrawingCanvas
from .recognizer import Recognizer
from .throttle import Throttle

READINGS_PER_SECOND = 100


class LiveReading(QObject):
    def __init__(self, canvas: DrawingCanvas, recognizer: Recognizer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._recognizer = recognizer
        self._throttle = Throttle(1000 // READINGS_PER_SECOND, self.read_now, self)
        canvas.strokes_changed.connect(self._drawing_changed)
        recognizer.model_changed.connect(lambda _model: self.read_now())

    def read_now(self) -> None:
        image = self._canvas.drawing().image
        if image is not None:
            self._recognizer.read_input(image.model_input)
        else:
            self._recognizer.read_strokes(self._canvas.strokes(), canvas_size=PAPER_SIDE)

    def _drawing_changed(self, in_progress: bool) -> None:
        if in_progress:
            self._throttle.request()
        else:
            self._throttle.call_now()
