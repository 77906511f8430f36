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
(see ``image_input``) and arrive already prepared. A picture whose ink the user
has erased from, or drawn over, is read again from the ink left with the
strokes drawn into it (``preprocess.ink_with_strokes``, then the calls an
opened picture takes; choosing its digit anew takes tens of milliseconds), off
the UI thread, newest request first (``worker.NewestOnly``): while the pen moves
over a picture, the throttle asks and the newest ask is read. The strokes stay
drawn from one reading to the next (``preprocess.StrokesOverInk``), so a pen
move draws only the stroke it grows, not the hundreds before it, and a move of
the eraser only the strokes it cuts. The readings
themselves are the core's :class:`~mnist_draw.reading.Reading`.

In number mode the strokes are read as a whole number instead
(:func:`mnist_draw.number.read_strokes`, about a millisecond a digit, so the
same throttled path serves) and ``number_changed`` carries the
:class:`~mnist_draw.number.NumberReading`. A picture is read as a number off the
UI thread (:func:`mnist_draw.number.read_ink`, the call ``mnist-draw predict
--number`` makes, on the ink left and the strokes drawn over it; a number written
small in a large picture in the region round it read closer, ``number.read_closer``):
its boxes are in the picture's pixels.

A reading is of one state of the canvas by one model: ``last_reading_is_current()``
says whether the last one is of what the canvas shows now, by the model in use
(not while an edited picture is still being read, nor in number mode, where
the reading is the number's). A picture's reading that comes back after the
canvas or the model has moved on is dropped: a newer request is on its way.
Only while the eraser or the pen is still moving over the picture is a reading
a move behind shown, so that the reading follows the pen.

In single-digit mode, when a picture's digit was chosen among other marks (the
middle one of several digits, a digit beside a neighbour's stroke),
``digit_placed`` says which: the reading and the digit's box in the picture's pixels.
Strokes drawn over the picture count as its ink there: the digit is chosen again
among all of it, so a stroke drawn on to the digit grows its box and one drawn
far from it is left out as the picture's other marks are.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Sequence, Union

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from ..reading import Reading
from .canvas import PAPER_SIDE, Drawing, DrawingCanvas, PlacedImage
from .ink_layer import Erasure, PictureStrokes, close_ink_left, ink_left
from .throttle import Throttle
from .worker import NewestOnly, WorkerPool

if TYPE_CHECKING:
    import numpy as np

    from ..classifier import Classifier
    from ..close_up import CloseUp
    from ..model_store import LoadedModel
    from ..number import NumberDigit, NumberReading
    from ..paper import PaperInk
    from ..preprocess import StrokesOverInk

READINGS_PER_SECOND = 125
# A reading's reasons, kept in English like the core's and shown through core_texts.core_text;
# "{undo}" and "{number_mode}" are the keys of those actions (help_dialogs.with_keys, in the panel).
LOADING_MESSAGE = QT_TRANSLATE_NOOP("core", "Loading the model…")
READING_NUMBER = QT_TRANSLATE_NOOP("core", "Reading the number in the picture…")  # while a picture is read as a number the first time
# While an edited picture is read as one digit again, number mode just turned off: the number is no reading of one digit.
READING_PICTURE = QT_TRANSLATE_NOOP("core", "Reading the picture…")
ALL_ERASED = QT_TRANSLATE_NOOP("core", "All the ink is erased: nothing is left to read. Undo ({undo}) brings it back.")
LOST_PICTURE = QT_TRANSLATE_NOOP("core", "The picture could not be read after this change. Undo ({undo}) to go back.")
# The same in number mode, where one digit's reading is still to be had: for a picture as opened, and once edited.
NUMBER_FAILED = QT_TRANSLATE_NOOP(
    "core", "The picture could not be read as a number. It is still shown: turn Number mode off ({number_mode}) to read it as one digit."
)
NUMBER_LOST = QT_TRANSLATE_NOOP(
    "core",
    "The picture could not be read as a number after this change. Undo ({undo}) to go back, "
    "or turn Number mode off ({number_mode}) to read it as one digit.",
)



def is_in_between(reading: Reading) -> bool:
    """Whether ``reading`` only says that a picture is being read (again, number mode just
    turned off; or as a number, the number's own reason): it stands for no drawing, so what
    follows the reading keeps the last one in view until the next arrives."""
    return reading.probabilities is None and reading.reason in (READING_PICTURE, READING_NUMBER)


PictureResult = Union["NumberReading", "tuple[Reading, NumberDigit | None]"]
# What a reading is of: the model's classifier, and the drawing's picture, sweeps and strokes.
ReadingOf = tuple[object, "PlacedImage | None", tuple, tuple]


class Recognizer(QObject):
    reading_changed = Signal(object)  # Reading
    model_changed = Signal(object)  # LoadedModel
    number_changed = Signal(object)  # NumberReading, or None when the canvas is not read as a number
    digit_placed = Signal(object)  # NumberDigit: a picture's digit chosen among other marks, or None

    def __init__(self, canvas: DrawingCanvas, workers: WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._model: LoadedModel | None = None
        self._last = Reading(reason=LOADING_MESSAGE)
        self._last_of: ReadingOf | None = None  # what the last reading is of
        self._pen_moving = False  # a gesture is under way: the canvas changes at every move
        self._number_mode = False
        self._throttle = Throttle(1000 // READINGS_PER_SECOND, self.read_now, self)
        self._pictures = NewestOnly(workers, self)
        self._asked: tuple | None = None  # the picture, sweeps and strokes over it last sent to be read
        self._shown_picture: PlacedImage | None = None  # the picture the last number reading was of
        self._showing_number = False  # whether what was last published is a number (else one digit's reading)
        self._strokes_over: StrokesOverInk | None = None  # the strokes over a picture, drawn for the last reading
        canvas.strokes_changed.connect(self._drawing_changed)

    def model(self) -> LoadedModel | None:
        return self._model

    def set_model(self, model: LoadedModel) -> None:
        self._model = model
        self._asked = None
        self.model_changed.emit(model)
        self.read_now()

    def number_mode(self) -> bool:
        return self._number_mode

    def set_number_mode(self, on: bool) -> None:
        """Read the strokes as a whole number (True) or as one digit (False), from now on."""
        self._number_mode = bool(on)
        self._asked = None
        # The boxes of a number read before are no longer shown once a digit's reading was:
        # a picture read again as a number shows that it is being read meanwhile, not the digit.
        if not self._showing_number:
            self._shown_picture = None
        self.read_now()

    def is_reading(self) -> bool:
        """Whether a reading is still to come: a picture's off the UI thread, or the pen's, held by the throttle."""
        return self._pictures.is_busy() or self._throttle.is_pending()

    def last_reading(self) -> Reading:
        """The last reading of one digit; see ``last_reading_is_current`` for whether it is of what is shown."""
        return self._last

    def last_reading_is_current(self) -> bool:
        """Whether the last reading is of what the canvas shows now, by the model in use,
        as one digit: not while an edited picture is still being read off the UI
        thread (until then the last reading is of what was there before), nor in
        number mode (the number's digits are read, not the whole)."""
        return not self._number_mode and self._last_of is not None and self._last_of == self._reading_of()

    def _reading_of(self) -> ReadingOf | None:
        if self._model is None:
            return None
        drawing = self._canvas.drawing()
        # Over a picture, the strokes as read: the one being drawn included, so the reading
        # of its last move is current once the pen lifts and the same stroke is added.
        strokes = self._canvas.picture_strokes() if drawing.image is not None else drawing.strokes
        return (self._model.classifier, drawing.image, drawing.erasures, strokes)

    def read_now(self) -> Reading:
        """Read what is on the canvas now: its picture, or else its strokes. A picture
        read off the UI thread is published when ready; the last reading is returned."""
        if self._model is None:
            return self._publish(Reading(reason=LOADING_MESSAGE), of=None)
        # Imported here rather than at the top: numpy, Pillow and LiteRT take a
        # quarter of a second to import, and the window is on screen before they are
        # needed (the model loads after it appears).
        from ..reading import read_strokes

        drawing = self._canvas.drawing()
        if drawing.image is not None:
            return self._read_picture(drawing)
        self._pictures.stop()
        self._asked = self._shown_picture = None
        if self._number_mode:
            from ..number import read_strokes as read_number

            self._publish_number(read_number(self._model.classifier, self._canvas.strokes()))
            return self._last
        self.number_changed.emit(None)
        reading = read_strokes(self._model.classifier, self._canvas.strokes(), canvas_size=PAPER_SIDE)
        return self._publish(reading, of=self._reading_of())

    def _read_picture(self, drawing: Drawing) -> Reading:
        assert self._model is not None and drawing.image is not None
        image = drawing.image
        strokes = self._canvas.picture_strokes()  # the one being drawn included
        if not drawing.erasures and not strokes and not self._number_mode:
            # As opened: prepared already when it was decoded.
            from ..reading import read_pixels

            self._pictures.stop()
            self._asked = self._shown_picture = None
            self.number_changed.emit(None)
            reading = read_pixels(self._model.classifier, image.model_input)
            return self._publish(reading, placed_digit(reading, image.found), of=self._reading_of())
        asked = (image, drawing.erasures, strokes)
        if self._asked is not None and self._asked[0] is image and self._asked[1:] == asked[1:]:
            return self._last  # read already, or being read: nothing was erased or drawn since
        self._asked = asked
        if self._number_mode and image is not self._shown_picture:
            from ..number import NumberReading

            self._publish_number(NumberReading(reason=READING_NUMBER))  # not the last picture's boxes meanwhile
        elif not self._number_mode and self._showing_number:
            # Number mode just turned off: the number is no reading of one digit (the title
            # and the bars would show it as one), nor is the digit read before number mode.
            self.number_changed.emit(None)
            self._publish(Reading(reason=READING_PICTURE), of=None)
        classifier, ink, erasures, number_mode = self._model.classifier, image.ink, drawing.erasures, self._number_mode
        noise = image.found is not None and image.found.pixel_noise
        close_up = image.number_close_up if number_mode else image.close_up
        from ..preprocess import SMALL_WRITING, TOO_SMALL_IMAGE, TOO_THIN_IMAGE

        small_writing = image.model_input.reason == SMALL_WRITING
        too_thin_or_small = image.model_input.reason if image.model_input.reason in (TOO_SMALL_IMAGE, TOO_THIN_IMAGE) else None
        shape = (image.picture.height(), image.picture.width())
        of = self._reading_of()
        if self._strokes_over is None:
            from ..preprocess import StrokesOverInk

            self._strokes_over = StrokesOverInk()
        kept = self._strokes_over
        self._pictures.submit(
            lambda: read_picture_ink(
                classifier, ink, erasures, number_mode, strokes, shape, kept,
                pixel_noise=noise, close_up=close_up, small_writing=small_writing, too_thin_or_small=too_thin_or_small,
            ),  # fmt: skip
            lambda result: self._picture_read(of, number_mode, result),
            lambda error: self._picture_failed(of, number_mode, error),
        )
        return self._last

    def _picture_read(self, of: ReadingOf | None, number_mode: bool, result: PictureResult) -> None:
        if not self._still_shows(of, number_mode):
            return  # the canvas, the model or the mode has moved on: its own request is on its way
        if isinstance(result, tuple):
            self.number_changed.emit(None)
            self._publish(*result, of=of)
        else:
            self._shown_picture = of[1] if of is not None else None
            self._publish_number(result)

    def _still_shows(self, of: ReadingOf | None, number_mode: bool) -> bool:
        """Whether a picture's reading asked for as ``of`` still fits what is shown: the same
        picture, model and mode, and the same sweeps and strokes, unless the eraser or the pen
        is still moving (every move changes them, and a reading a move behind follows the pen)."""
        now = self._reading_of()
        if of is None or now is None or number_mode != self._number_mode:
            return False
        if of[0] is not now[0] or of[1] is not now[1]:
            return False
        return (of[2] == now[2] and of[3] == now[3]) or self._pen_moving

    def _picture_failed(self, of: ReadingOf | None, number_mode: bool, error: Exception) -> None:
        if of == self._reading_of() and number_mode == self._number_mode:
            # A bug, logged by the worker: the user is told in words what to do.
            if number_mode:
                from ..number import NumberReading

                edited = of is not None and bool(of[2] or of[3])  # sweeps or strokes since it was opened
                self._shown_picture = of[1] if of is not None else None
                self._publish_number(NumberReading(error=NUMBER_LOST if edited else NUMBER_FAILED))
                return
            self.number_changed.emit(None)
            failed = Reading(error=LOST_PICTURE)
            self._publish(failed, of=of)

    def _drawing_changed(self, in_progress: bool) -> None:
        self._pen_moving = in_progress
        if in_progress:
            self._throttle.request()
        else:
            self._throttle.call_now()

    def _publish(self, reading: Reading, placed: NumberDigit | None = None, *, of: ReadingOf | None) -> Reading:
        self._last, self._last_of = reading, of
        self._showing_number = False
        self.reading_changed.emit(reading)
        self.digit_placed.emit(placed)
        return reading

    def _publish_number(self, number: NumberReading) -> None:
        self._showing_number = True
        self.digit_placed.emit(None)
        self.number_changed.emit(number)


def read_picture_ink(
    classifier: Classifier,
    ink: np.ndarray | None,
    erasures: Sequence[Erasure],
    number_mode: bool,
    strokes: PictureStrokes = (),
    shape: tuple[int, int] | None = None,
    kept: StrokesOverInk | None = None,
    *,
    pixel_noise: bool = False,
    close_up: CloseUp | None = None,
    small_writing: bool = False,
    too_thin_or_small: str | None = None,
) -> PictureResult:
    """Read an opened picture from the ink left once the eraser's sweeps are taken
    out, with the ``strokes`` drawn over it (points and width in the picture's
    pixels, ``shape`` its rows and columns, needed when no ink was found on it)
    drawn in (into ``kept``'s strokes drawn before, when given): as a number (a ``NumberReading``, boxes in the picture's pixels) or
    as one digit (its ``Reading``, and the digit placed when it was chosen among
    other marks). A picture of ``pixel_noise`` (:attr:`PaperInk.pixel_noise`) holds no
    digit: only the strokes drawn over it are read. A picture opened with a ``close_up``
    (a small digit in a large picture; in number mode, a number written small: the
    picture's ``number_close_up``) has the same sweeps taken from, and the strokes drawn
    into, the close-up's ink, so that its digit or number is read there as it was when
    opened, while what is left and drawn still lies within it. A picture of
    ``small_writing`` (``preprocess.SMALL_WRITING``: its ink found only with a number's
    smaller floor) still says so while no digit is read in what is left of it. A picture
    ``too_thin_or_small`` (its reason, ``preprocess.TOO_THIN_IMAGE`` or ``TOO_SMALL_IMAGE``)
    is said so in number mode too, where no ink found in it read "The image is blank" (a black
    3x3000 strip). The core's own calls, as for a picture just opened; runs in a worker."""
    import dataclasses

    import numpy as np

    from ..number import ONLY_A_DOT as ONLY_A_DOT_NUMBER
    from ..number import ONLY_A_PATTERN as ONLY_A_PATTERN_NUMBER
    from ..number import NumberReading
    from ..number import read_closer as read_number_closer
    from ..number import read_ink as read_number
    from ..preprocess import (
        ONLY_A_DOT,
        ONLY_A_PATTERN,
        SMALL_WRITING,
        ModelInput,
        StrokesOverInk,
        is_only_a_dot,
        letter_shape_of,
        read_ink,
    )
    from ..reading import read_pixels

    started = time.perf_counter()
    left = None if ink is None else ink_left(ink, erasures)
    if pixel_noise and left is not None and left.any():
        if not strokes:
            if number_mode:
                return NumberReading(reason=ONLY_A_PATTERN_NUMBER, milliseconds=(time.perf_counter() - started) * 1000)
            return read_pixels(classifier, ModelInput.blank(ONLY_A_PATTERN), started=started), None
        left = np.zeros_like(left)  # noise's denser patches are no one's digit: what is drawn over them is read alone
    dot, letter = False, None
    if strokes:
        if left is None:
            assert shape is not None, "strokes over a picture without ink need the picture's shape"
            left = np.zeros(shape, dtype=np.float32)
        # With none of the picture's ink left, the strokes are the whole drawing: a click is a
        # dot, as on bare paper, not a pen-wide disc read as a 0.
        alone = not left.any()
        dot = alone and is_only_a_dot([points for points, _ in strokes], max(left.shape))
        # And an i, a j or a T is no digit there either, as on bare paper (number mode reads
        # each digit's pixels, where a letter's shape has no say).
        letter = letter_shape_of([points for points, _ in strokes]) if alone and not dot and not number_mode else None
        kept = StrokesOverInk() if kept is None else kept
        left = kept.drawn_into(left, [points for points, _ in strokes], [width for _, width in strokes])
    all_erased = bool(erasures) and left is not None and not left.any()
    if number_mode:
        if dot:
            number = NumberReading(reason=ONLY_A_DOT_NUMBER)
        elif too_thin_or_small is not None and not strokes:
            number = NumberReading(reason=too_thin_or_small)
        elif close_up is not None and left is not None and close_up.covers_number(left, ink):
            number = read_number_closer(classifier, close_up, close_ink_left(close_up, erasures, strokes))
        else:
            number = read_number(classifier, left)
        if all_erased:
            number.reason = ALL_ERASED
        number.milliseconds = (time.perf_counter() - started) * 1000
        return number
    if left is None:
        model_input, found = ModelInput.blank(QT_TRANSLATE_NOOP("core", "The image is blank: no digit found.")), None
    elif dot:
        model_input, found = ModelInput.blank(ONLY_A_DOT), None
    else:
        close_ink = None if close_up is None else close_ink_left(close_up, erasures, strokes)
        model_input, found = read_ink(left, close_up, close_ink)
        if small_writing and model_input.is_blank and left.any():
            # The writing shown is still there, and still too small for one digit: "blank" or
            # "a dot" (one digit's floor, on the working copy) would be untrue.
            model_input = ModelInput.blank(SMALL_WRITING)
        if letter is not None and model_input.pixels is not None:
            model_input = dataclasses.replace(model_input, letter_shape=letter)
    if all_erased:
        model_input = ModelInput.blank(ALL_ERASED)
    reading = read_pixels(classifier, model_input, started=started)
    return reading, placed_digit(reading, found)


def placed_digit(reading: Reading, found: PaperInk | None) -> NumberDigit | None:
    """The digit read and its box (in the picture's pixels) when it was chosen among other marks."""
    if found is None or reading.pixels is None or not found.chosen_among_others:
        return None
    from ..number import NumberDigit

    top, bottom, left, right = found.box
    return NumberDigit(reading, (float(left), float(top), float(right), float(bottom)))
