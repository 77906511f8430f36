"""The live recogniser: holds the model in use and keeps its reading in step with the canvas.

While the pen moves, the drawing is read at most ``READINGS_PER_SECOND`` times
a second (a reading takes a millisecond or two; more would only spend the CPU).
That is 125: every sample of an ordinary mouse (125 Hz) is read as it comes
(at 100 a second its moves waited for the throttle's next turn, 5 ms on average
and up to 8); a pen or a faster mouse is held to that rate. The moment the pen
lifts, or the drawing changes at once (undo, clear, a picture), it is read
straight away, so the last reading always matches what is on screen.

Strokes are read on the UI thread: preprocessing and inference together take a
millisecond or two, less than a frame. Pictures are decoded off the UI thread
(see ``image_input``) and arrive already prepared. The readings themselves are
the core's :class:`~mnist_draw.reading.Reading`.

In number mode the strokes are read as a whole number instead
(:func:`mnist_draw.number.read_strokes`, about a millisecond a digit, so the
same throttled path serves) and ``number_changed`` carries the
:class:`~mnist_draw.number.NumberReading`; a picture is still read as one digit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..reading import Reading
from .canvas import PAPER_SIDE, DrawingCanvas
from .throttle import Throttle

if TYPE_CHECKING:
    from ..model_store import LoadedModel

READINGS_PER_SECOND = 125
LOADING_MESSAGE = "Loading the model…"


class Recognizer(QObject):
    reading_changed = Signal(object)  # Reading
    model_changed = Signal(object)  # LoadedModel
    number_changed = Signal(object)  # NumberReading, or None when the canvas is not read as a number

    def __init__(self, canvas: DrawingCanvas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._model: LoadedModel | None = None
        self._last = Reading(reason=LOADING_MESSAGE)
        self._number_mode = False
        self._throttle = Throttle(1000 // READINGS_PER_SECOND, self.read_now, self)
        canvas.strokes_changed.connect(self._drawing_changed)

    def model(self) -> LoadedModel | None:
        return self._model

    def set_model(self, model: LoadedModel) -> None:
        self._model = model
        self.model_changed.emit(model)
        self.read_now()

    def number_mode(self) -> bool:
        return self._number_mode

    def set_number_mode(self, on: bool) -> None:
        """Read the strokes as a whole number (True) or as one digit (False), from now on."""
        self._number_mode = bool(on)
        self.read_now()

    def last_reading(self) -> Reading:
        return self._last

    def read_now(self) -> Reading:
        """Read what is on the canvas now: its picture, or else its strokes."""
        if self._model is None:
            return self._publish(Reading(reason=LOADING_MESSAGE))
        # Imported here rather than at the top: numpy, Pillow and LiteRT take a
        # quarter of a second to import, and the window is on screen before they are
        # needed (the model loads after it appears).
        from ..reading import read_pixels, read_strokes

        image = self._canvas.drawing().image
        if image is not None:
            self.number_changed.emit(None)
            return self._publish(read_pixels(self._model.classifier, image.model_input))
        if self._number_mode:
            from ..number import read_strokes as read_number

            self.number_changed.emit(read_number(self._model.classifier, self._canvas.strokes()))
            return self._last
        self.number_changed.emit(None)
        return self._publish(read_strokes(self._model.classifier, self._canvas.strokes(), canvas_size=PAPER_SIDE))

    def _drawing_changed(self, in_progress: bool) -> None:
        if in_progress:
            self._throttle.request()
        else:
            self._throttle.call_now()

    def _publish(self, reading: Reading) -> Reading:
        self._last = reading
        self.reading_changed.emit(reading)
        return reading
