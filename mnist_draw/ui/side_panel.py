"""The side panel: the reading in large type, the ten bars and what the model sees, stacked.

The reading has five states, each meant to be read at a glance from across a
desk: sure ("7", "98% sure"), not sure ("4 or 9", "Not sure: 4 or 9?"), not a
digit (a letter, a scribble: "Not a digit", the bars faded), nothing to read
("Draw a digit" and the reason), and the model still loading.

The panel has no fixed size: ``window_layout`` gives it the room beside the
canvas, and it scales its type, bars and preview to fill that room, from a
small window to a projector (presentation mode: larger still, without the
model's-eye preview).

In number mode the readout shows the whole number ("4217", or "Not sure:
42?7" with the doubtful digit marked), and the bars and the preview show the
one digit the user has selected.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from typing import TYPE_CHECKING, Mapping

from ..reading import Reading, percent_text
from .core_texts import core_text
from .help_dialogs import with_keys
from .live_recognizer import LOADING_MESSAGE, READING_NUMBER, is_in_between
from .preview import ModelInputView
from .probability_bars import ProbabilityBars
from .window_layout import PANEL_MIN_WIDTH

if TYPE_CHECKING:
    from ..number import NumberReading

REFERENCE_WIDTH = 280  # the panel's width at scale 1, the size everything below is given for
BIG_POINTS = 64  # the digit
NUMBER_WIDTH_POINTS = 300  # a number's points times its length: six digits still fit the panel's width
DOUBT_COLOUR = "#c05000"  # a digit of a number the model is not sure of (5:1 on white)
DOUBT_POINTS = 36  # "4 or 9" needs more room than one digit
HEADLINE_SCALE = 1.25
MARGIN, SPACING = 12, 6
MIN_SCALE = 0.5  # the big digit and the preview shrink this far in a small window...
TEXT_MIN_SCALE = 0.95  # ...but words and bars stay readable
MAX_SCALE = 2.5
PRESENTATION_MAX_SCALE = 4.0
PANEL_MIN_HEIGHT = 300


class ReadingPanel(QWidget):
    """The readout, the bars and the model's input, beside the canvas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.readout = Readout(self)
        self.bars = ProbabilityBars(self)
        self.preview = ModelInputView(self)
        self.preview_caption = QLabel(self.tr("What the model sees"), self)
        self.preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_caption.setBuddy(self.preview)
        self._base_points = self.font().pointSizeF()
        self._presentation = False
        self._scale = 1.0
        self._height_at_one: float | None = None  # content height at scale 1, measured once per mode
        layout = QVBoxLayout(self)
        layout.addWidget(self.readout)
        layout.addStretch(1)
        layout.addWidget(self.bars)
        layout.addStretch(1)
        layout.addWidget(self.preview_caption)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        # The panel's size comes from the window, never from what it holds at its current scale.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(PANEL_MIN_WIDTH, PANEL_MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._apply_scale(1.0)

    def scale(self) -> float:
        """How much larger than at ``REFERENCE_WIDTH`` everything is drawn."""
        return self._scale

    def is_presentation(self) -> bool:
        return self._presentation

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: the readout and bars as large as fit, no preview."""
        self._presentation = on
        self.preview_caption.setVisible(not on)
        self.preview.setVisible(not on)
        self.bars.set_bold(on)
        self._height_at_one = None
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The largest scale at which everything fits the panel's width and height."""
        if self._height_at_one is None:
            self._apply_scale(1.0)
            self._height_at_one = self._content_height()
        width_scale = self.width() / REFERENCE_WIDTH
        height_scale = self.height() / self._height_at_one
        limit = PRESENTATION_MAX_SCALE if self._presentation else MAX_SCALE
        scale = max(MIN_SCALE, min(width_scale, height_scale, limit))
        self._apply_scale(scale)
        # Type does not grow quite in proportion, and text stops shrinking: a few
        # corrections make it fit.
        for _attempt in range(3):
            needed = self._content_height()
            if needed <= self.height() or self._scale <= MIN_SCALE:
                break
            self._apply_scale(max(MIN_SCALE, self._scale * (self.height() / needed) ** 2))

    def _content_height(self) -> int:
        layout = self.layout()
        layout.invalidate()
        return layout.sizeHint().height()

    def _apply_scale(self, scale: float) -> None:
        self._scale = scale
        layout = self.layout()
        margin = round(MARGIN * scale)
        layout.setContentsMargins(margin, round(margin * 0.6), margin, round(margin * 0.6))
        layout.setSpacing(round(SPACING * scale))
        text_scale = max(TEXT_MIN_SCALE, scale)
        font = QFont(self.font())
        font.setPointSizeF(self._base_points * text_scale)
        self.preview_caption.setFont(font)
        self.preview.setFont(font)  # its words when there is nothing to read, as large as its caption
        self.readout.set_scale(scale, text_scale)
        self.bars.set_scale(text_scale)
        self.preview.set_scale(scale)

    def show_reading(self, reading: Reading) -> None:
        self.readout.show_reading(reading)
        self.bars.show_probabilities(reading.probabilities, dimmed=not reading.is_digit)
        self.preview.show_pixels(reading.pixels, waiting=_is_waiting(reading))

    def name_keys(self, actions: Mapping[str, QAction]) -> None:
        """The actions whose keys the readout's texts name ("Undo ({undo})": help_dialogs.with_keys)."""
        self.readout.key_actions.update(actions)

    def set_several_digits(self, on: bool) -> None:
        """Whether what is shown is known to hold several digits (a picture the window
        offered to read as a number, strokes drawn apart): a reading of "not a digit" then says so."""
        self.readout.set_several_digits(on)

    def show_number(self, number: NumberReading, selected: int) -> None:
        """The whole number in the readout; the bars and the preview for digit ``selected``."""
        self.readout.show_number(number, selected)
        if number.digits:
            reading = number.digits[selected].reading
            self.bars.show_probabilities(reading.probabilities, dimmed=not reading.is_digit)
            self.preview.show_pixels(reading.pixels)
        else:
            self.bars.show_probabilities(None)
            self.preview.show_pixels(None, waiting=number.reason == READING_NUMBER)


class Readout(QWidget):
    """The digit in large type and how sure the model is, or why there is no digit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Reading"))
        self.big = QLabel(self)
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big.setAccessibleName(self.tr("Recognised digit"))
        self.headline = QLabel(self)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setAccessibleName(self.tr("Confidence"))
        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # why there is no digit: may name a picture
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.big)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        self._base_points = self.font().pointSizeF()
        self._scale = 1.0
        self._big_points = BIG_POINTS
        self._several_digits = False
        self._reading: Reading | None = None  # the reading shown; None while a number is
        # The actions whose keys the texts name; with none given (the panel alone), the brackets are left out.
        self.key_actions: dict[str, QAction | None] = {"undo": None, "number_mode": None, "clear": None}
        self.show_reading(Reading(reason=LOADING_MESSAGE))
        self.set_scale(1.0)

    def set_scale(self, scale: float, text_scale: float | None = None) -> None:
        """The digit ``scale`` times its size at the reference width, the words ``text_scale`` times."""
        self._scale = scale
        text_scale = scale if text_scale is None else text_scale
        headline_font = QFont(self.font())
        headline_font.setPointSizeF(self._base_points * HEADLINE_SCALE * text_scale)
        headline_font.setBold(True)
        self.headline.setFont(headline_font)
        detail_font = QFont(self.font())
        detail_font.setPointSizeF(self._base_points * text_scale)
        self.detail.setFont(detail_font)
        self.big.setFont(self._big_font(self._big_points))
        # Reserve the height of the tallest state so the bars below do not jump.
        self.big.setMinimumHeight(QFontMetrics(self._big_font(BIG_POINTS)).height())
        self.detail.setMinimumHeight(QFontMetrics(detail_font).height() * 2)
        self.updateGeometry()  # the panel's layout keeps this widget's size hint until told

    def set_several_digits(self, on: bool) -> None:
        self._several_digits = on
        if self._reading is not None:
            self.show_reading(self._reading)

    def _said(self, text: str | None) -> str:
        """A text of the core or of a reading, in the window's language, naming the keys of ``key_actions``."""
        return with_keys(core_text(text), self.key_actions)

    def show_reading(self, reading: Reading) -> None:
        self._reading = reading
        if reading.probabilities is None:
            loading = reading.reason == LOADING_MESSAGE
            waiting = _is_waiting(reading)
            # No big glyph for an empty canvas: the canvas itself invites drawing.
            self._set("…" if waiting else "", BIG_POINTS, muted=True)
            if waiting:
                self.headline.setText(self.tr("Loading the model…") if loading else self.tr("Reading the picture…"))
            elif reading.reason is not None and _is_small_writing(reading.reason):
                # A picture shows marks: "Draw a digit" under them would be untrue.
                self.headline.setText(self.tr("Too small to read"))
            elif reading.reason is not None and _is_no_digit_in_picture(reading.reason):
                # "Draw a digit" over an opened picture read as if the picture had not been looked at.
                self.headline.setText(self.tr("No digit in the picture"))
            else:
                self.headline.setText(self.tr("Draw a digit"))
            self.detail.setText("" if waiting else self._said(reading.reason or reading.error))
            if not waiting and reading.reason is not None and _is_strip(reading.reason):
                # Strokes beside a picture are neither shown nor read: over a strip, none could be drawn.
                self.detail.setText(
                    with_keys(self.tr("{why} Open another picture, or clear the canvas ({clear}) to draw one."), self.key_actions).replace("{why}", self.detail.text())
                )
            elif not waiting and reading.reason is not None and _is_no_digit_in_picture(reading.reason):
                self.detail.setText(
                    self.tr("{why} Draw one over it, or open another picture.").format(why=self.detail.text())
                )
            description = self.headline.text() + (f". {self.detail.text()}" if self.detail.text() else "")
        elif not reading.is_digit and self._several_digits:
            # Several digits read as one are no digit: this says what reads them (a picture's banner offers it too).
            self._set("?", BIG_POINTS, muted=True)
            self.headline.setText(self.tr("Not a digit"))
            self.detail.setText(with_keys(self.tr("Several digits: Number mode ({number_mode}) reads them as a number."), self.key_actions))
            description = self.tr("Not a digit: there are several digits; Number mode reads them as a number.")
        elif not reading.is_digit and reading.letter_shape is not None:
            # The strokes alone said so, whatever the model read: say what in them, and, for a
            # dot (a tap made while drawing a digit turns it away too), how to take it back.
            from ..stroke_shape import DOT_ABOVE  # loaded: the strokes were read with it (numpy waits till the window shows)

            self._set("?", BIG_POINTS, muted=True)
            self.headline.setText(self.tr("Not a digit"))
            why = core_text(reading.letter_shape)
            if reading.letter_shape == DOT_ABOVE:
                self.detail.setText(self.tr("{why} A slip? Undo takes it back.").format(why=why))
            else:
                self.detail.setText(self.tr("{why} Draw one digit.").format(why=why))
            description = self.tr("Not a digit. {why}").format(why=why)
        elif not reading.is_digit:
            self._set("?", BIG_POINTS, muted=True)
            self.headline.setText(self.tr("Not a digit"))
            self.detail.setText(self.tr("It looks like a letter, a mark or a scribble. Draw one digit."))
            description = self.tr("Not a digit: it looks like a letter, a mark or a scribble.")
        elif reading.is_sure:
            self._set(str(reading.digit), BIG_POINTS, muted=False)
            confidence = percent_text(reading.confidence)
            self.headline.setText(self.tr("{confidence} sure").format(confidence=confidence))
            self.detail.setText("")
            description = self.tr("The model reads {digit}, {confidence} sure.").format(
                digit=reading.digit, confidence=confidence
            )
        else:
            first, second = reading.ranked[:2]
            probabilities = reading.probabilities
            self._set(self.tr("{first} or {second}").format(first=first, second=second), DOUBT_POINTS, muted=False)
            self.headline.setText(self.tr("Not sure: {first} or {second}?").format(first=first, second=second))
            self.detail.setText(
                self.tr("{first} against {second}").format(
                    first=percent_text(probabilities[first]), second=percent_text(probabilities[second])
                )
            )
            description = f"{self.headline.text()} {self.detail.text()}."
        self.setAccessibleDescription(description)
        self.big.setAccessibleDescription(description)

    def show_number(self, number: NumberReading, selected: int) -> None:
        self._reading = None
        digits = number.digits
        if not digits and number.reason == READING_NUMBER:
            self._set("…", BIG_POINTS, muted=True)
            self.headline.setText(self.tr("Reading the number…"))
            self.detail.setText("")
            description = self.headline.text()
        elif not digits:
            self._set("", BIG_POINTS, muted=True)
            # An error is no invitation to write: the reading failed, and the text says what to do.
            # Nor is a picture of print or of a pattern: the text under it says what to do.
            if number.error:
                self.headline.setText(self.tr("Not read as a number"))
            elif number.reason is not None and _is_number_reason(number.reason, "LINES_OF_TEXT"):
                self.headline.setText(self.tr("Print, not handwriting"))
            elif number.reason is not None and _is_number_reason(number.reason, "ONLY_A_PATTERN"):
                self.headline.setText(self.tr("No number found"))  # a checkerboard, hatching: no writing to add to
            elif number.reason is not None and _is_no_number_in_picture(number.reason):
                self.headline.setText(self.tr("No number in the picture"))  # as digit mode's "No digit in the picture"
            else:
                self.headline.setText(self.tr("Write a number"))
            self.detail.setText(self._said(number.reason or number.error))
            if number.reason is not None and _is_strip(number.reason):
                self.detail.setText(
                    with_keys(self.tr("{why} Open another picture, or clear the canvas ({clear}) to write one."), self.key_actions).replace("{why}", self.detail.text())
                )
            elif number.reason is not None and _is_no_number_in_picture(number.reason):
                # A picture too small for a digit fills the paper: writing over it is read, as in digit mode.
                self.detail.setText(
                    self.tr("{why} Write a number over it, or open another picture.").format(why=self.detail.text())
                )
            description = f"{self.headline.text()}. {self.detail.text()}"
        else:
            # Marks left out at either end are boxed on the canvas but are no part of the number shown.
            kept = [i for i, d in enumerate(digits) if not d.left_out]
            marks = {i: str(digits[i].digit) if digits[i].digit is not None else "?" for i in kept}
            doubtful = [i for i in kept if digits[i].digit is not None and not digits[i].reading.is_sure]
            shown = "".join(
                f'<span style="color:{DOUBT_COLOUR}; text-decoration:underline">{marks[i]}</span>' if i in doubtful else marks[i]
                for i in kept
            )
            points = min(BIG_POINTS, NUMBER_WIDTH_POINTS // max(len(kept), 1))
            self._set(shown, points, muted=number.number is None)
            if digits[selected].left_out:
                where = self.tr("The selected mark is not a digit and is left out of the number.")
                left_out = ""  # said of the mark in view; the others are boxed as left out too
            else:
                where = self.tr("Digit {n} of {count}").format(n=kept.index(selected) + 1, count=len(kept))
                left_out = self._left_out(number)
            if number.number is None:
                self.headline.setText(self.tr("Not a number"))
                self.detail.setText(self._said(number.reason))
            elif doubtful:
                unsure = "".join("?" if i in doubtful else marks[i] for i in kept)
                self.headline.setText(self.tr("Not sure: {number}").format(number=unsure))
                doubts = "; ".join(
                    self.tr("digit {n}: {first} or {second}?").format(
                        n=kept.index(i) + 1, first=digits[i].digit, second=digits[i].reading.runner_up
                    )
                    for i in doubtful
                )
                doubts = doubts[:1].upper() + doubts[1:]  # not capitalize(): it lowers every other letter
                self.detail.setText(f"{doubts} {left_out}" if left_out else doubts)  # each doubt ends in "?"
            else:
                least = percent_text(min(digits[i].confidence for i in kept))
                self.headline.setText(
                    self.tr("{confidence} sure").format(confidence=least)
                    if len(kept) == 1
                    else self.tr("Every digit {confidence} sure").format(confidence=least)
                    if least.startswith(">")
                    else self.tr("Every digit at least {confidence} sure").format(confidence=least)
                )
                self.detail.setText(f"{where}. {left_out}" if left_out else where)
            description = self.tr("The number reads {number}. {headline}. {detail}").format(
                number="".join(marks[i] for i in kept), headline=self.headline.text(), detail=self.detail.text()
            )
        self.setAccessibleDescription(description)
        self.big.setAccessibleDescription(description)

    def _left_out(self, number: NumberReading) -> str:
        """What was left out of the number, in sentences ("" when nothing was)."""
        before, after, separators = number.marks_before, number.marks_after, len(number.separators)
        said = []
        if before and after:
            said.append(self.tr("The marks before and after the number are not digits and are left out."))
        elif before == 1:
            said.append(self.tr("The mark before the number is not a digit and is left out."))
        elif before:
            said.append(self.tr("The {count} marks before the number are not digits and are left out.").format(count=before))
        elif after == 1:
            said.append(self.tr("The mark after the number is not a digit and is left out."))
        elif after:
            said.append(self.tr("The {count} marks after the number are not digits and are left out.").format(count=after))
        if separators == 1:
            said.append(self.tr("A comma or point is left out."))
        elif separators:
            said.append(self.tr("{count} commas or points are left out.").format(count=separators))
        return " ".join(said)

    def _set(self, text: str, points: int, muted: bool) -> None:
        self.big.setText(text)
        self._big_points = points
        self.big.setFont(self._big_font(points))
        self.big.setForegroundRole(QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.WindowText)

    def _big_font(self, points: int) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(points * self._scale)
        font.setBold(True)
        return font


def _is_waiting(reading: Reading) -> bool:
    """Whether ``reading`` stands for one still to come: the model loading, a picture being read."""
    return reading.probabilities is None and (reading.reason == LOADING_MESSAGE or is_in_between(reading))


def _is_no_digit_in_picture(reason: str) -> bool:
    """Whether ``reason`` says an opened picture holds no digit (blank, a dot, a blot, a pattern)."""
    preprocess = sys.modules.get("mnist_draw.preprocess")  # looked up, as in _is_small_writing
    return preprocess is not None and reason in preprocess.NO_DIGIT_IN_PICTURE


def _is_no_number_in_picture(reason: str) -> bool:
    """Whether ``reason`` says an opened picture holds no number: no digit at all, or ink the number
    reader found no number in (blank, a line, blots, an empty box), worded alike."""
    number = sys.modules.get("mnist_draw.number")  # looked up, as in _is_small_writing
    return _is_no_digit_in_picture(reason) or (number is not None and reason in number.NO_NUMBER_IN_PICTURE)


def _is_strip(reason: str) -> bool:
    """Whether ``reason`` says an opened picture is a strip too thin to draw a digit over."""
    preprocess = sys.modules.get("mnist_draw.preprocess")  # looked up, as in _is_small_writing
    return preprocess is not None and reason == preprocess.TOO_THIN_IMAGE


def _is_number_reason(reason: str, name: str) -> bool:
    """Whether ``reason`` is the number reader's reason ``name`` (LINES_OF_TEXT, ONLY_A_PATTERN)."""
    # Looked up, not imported, as in _is_small_writing: only a picture read as a number says so.
    number = sys.modules.get("mnist_draw.number")
    return number is not None and reason == getattr(number, name)


def _is_small_writing(reason: str) -> bool:
    """Whether ``reason`` says a picture's marks are too small for one digit."""
    # Looked up, not imported: the empty canvas's first reading comes before the window
    # shows, and numpy waits till then; a reason is only SMALL_WRITING once a picture
    # has been read, which loaded the module.
    preprocess = sys.modules.get("mnist_draw.preprocess")
    return preprocess is not None and reason == preprocess.SMALL_WRITING
