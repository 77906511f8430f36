"""Number mode: the canvas read as a whole number, a box around each digit, one digit selected.

The toggle (View > Number mode, Ctrl+M) is remembered between runs; one digit
stays the default. The recogniser does the reading (``number_changed``); this
module shows it: the boxes over the canvas with each digit and how sure the
model is, the number in the side panel, and the bars and the preview for the
selected digit. A digit is selected by clicking the label on its box (with the
left button or the pen's tip; a press that erases erases there, as anywhere), or
with Left and Right or Tab while the canvas has the keyboard (zoomed in, where the arrow
keys pan, Left and Right stay the digits', and bring the one selected into view). Clicks inside a box
still draw on a drawing (the user may be finishing that digit, or adding a
decimal point); on a picture a click anywhere in a box selects its digit, and a
drag there draws over the picture (to finish a digit): the press is held back
until the pointer has moved as far as a drag needs, then given to the canvas
where it was made. A tablet pen's tap is a click and its drag a drag, by the
same rule: the filter below takes the mouse's and the pen's events alike.

An opened picture is read as a number too, its boxes placed over the picture
as the canvas shows it. In single-digit mode, a picture whose digit was chosen
among other marks gets one box, around the digit read (``digit_placed``), and
a picture of several digits offers number mode in the window's banner.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget

from ..reading import Reading, percent_text
from .banner import Level, Offer
from .canvas import PAPER_SIDE
from .side_panel import DOUBT_COLOUR
from .strokes import visible_width

if TYPE_CHECKING:
    from ..number import NumberDigit, NumberReading
    from .canvas import DrawingCanvas, PlacedImage
    from .live_recognizer import Recognizer
    from .settings import AppSettings
    from .side_panel import ReadingPanel

BOX_PADDING = 4  # pixels between the ink's edge and its box
LABEL_PADDING = 3
OFFER_TOPIC = "number-offer"  # the banner's topic for number mode offered for a picture
NUMBER_INVITATION = QT_TRANSLATE_NOOP("NumberController", "Write a number here\nor drop a picture of one")
# A double click's second press comes as its own event, and the canvas draws on it as on any press.
PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TabletPress)
MOVES = (QEvent.Type.MouseMove, QEvent.Type.TabletMove)
RELEASES = (QEvent.Type.MouseButtonRelease, QEvent.Type.TabletRelease)
Pointer = (QMouseEvent, QTabletEvent)  # a mouse's or a pen's events: a click and a tap are one gesture


class NumberOverlay(QWidget):
    """A box around each digit on the canvas, labelled with the digit and how sure the
    model is. It lets every mouse event through to the canvas beneath."""

    def __init__(self, canvas: DrawingCanvas) -> None:
        super().__init__(canvas)
        self._canvas = canvas
        self._digits: list[NumberDigit] = []
        self._selected = 0
        self._on_picture = False
        self._labels: tuple[object, list[tuple[QRectF, str]]] | None = None  # the last layout, with what it was made for
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        canvas.installEventFilter(self)
        self.setGeometry(canvas.rect())
        self.hide()

    def show_digits(self, digits: list[NumberDigit], selected: int, on_picture: bool = False) -> None:
        """Box ``digits``; their boxes are in paper units, or with ``on_picture`` in the
        pixels of the picture the canvas shows."""
        self._digits = list(digits)
        self._selected = selected
        self._on_picture = on_picture
        self.setVisible(bool(digits))
        self.raise_()
        self.update()

    def box_count(self) -> int:
        return len(self._digits)

    def on_picture(self) -> bool:
        """Whether the boxes are a picture's (else a drawing's)."""
        return self._on_picture

    def box_rect(self, index: int) -> QRectF:
        """Digit ``index``'s box in the canvas's pixels (drawn only where it is on the paper, as the ink is)."""
        x0, y0, x1, y1 = self._digits[index].box
        if self._on_picture:  # boxes of the ink itself, in the picture's pixels
            top_left, bottom_right = self._canvas.map_from_picture(x0, y0), self._canvas.map_from_picture(x1, y1)
        else:
            # The boxes hold the strokes' centre lines: the pen's own width is added back.
            ink = visible_width(self._canvas.brush_size(), 1.0) / 2
            top_left = self._canvas.map_from_paper(x0 - ink, y0 - ink)
            bottom_right = self._canvas.map_from_paper(x1 + ink, y1 + ink)
        return QRectF(top_left, bottom_right).adjusted(-BOX_PADDING, -BOX_PADDING, BOX_PADDING, BOX_PADDING)

    def label_rect(self, index: int) -> QRectF:
        """Where digit ``index``'s label is (see :meth:`_label_layout`)."""
        return self._label_layout()[index][0]

    def shown_label(self, index: int) -> str:
        """The text on digit ``index``'s label: :meth:`label`, or its short form where that does not fit."""
        return self._label_layout()[index][1]

    def _label_layout(self) -> list[tuple[QRectF, str]]:
        """Every label's place and text, all inside the paper in view and none over another;
        a box zoomed out of view has none (an empty rectangle).

        A label goes on top of its box, or below it at the paper's top edge, a row further
        out over or under it when those are taken (a number's digits smaller than their
        labels), inside it when none fits, left-aligned with its box or else right-aligned, never
        past the paper's sides. The digits of the number are placed first, in order;
        a mark left out (its label the longest) after them. Each takes the first
        place that covers no label placed before and no other box, trying its short
        text ("left out", the digit alone) after its whole one; one that finds none
        goes, short, beside the label in its way, or, when that covers another box too,
        in the first place that covers no label.
        """
        paper = self._canvas.viewport_rect()  # zoomed in, the part of the paper in view: labels stay in sight
        boxes = [self.box_rect(index) for index in range(len(self._digits))]
        texts = [(self.label(index), self._short_label(index)) for index in range(len(self._digits))]
        key = (paper, boxes, texts, self.font().key())
        if self._labels is not None and self._labels[0] == key:
            return self._labels[1]
        metrics = self.fontMetrics()
        height = metrics.height() + 2 * LABEL_PADDING

        def inside(left: float, top: float, width: float) -> QRectF:
            left = max(paper.left(), min(left, paper.right() - width))
            top = max(paper.top(), min(top, paper.bottom() - height))
            return QRectF(left, top, width, height)

        placed: dict[int, tuple[QRectF, str]] = {}
        order = [i for i, d in enumerate(self._digits) if not d.left_out] + [i for i, d in enumerate(self._digits) if d.left_out]
        for index in order:
            box = boxes[index]
            if not box.intersects(paper):  # zoomed in away from it: a label at the edge would point at nothing
                placed[index] = (QRectF(), texts[index][1])
                continue
            tops = [box.top() - height if box.top() - height >= paper.top() else None]
            tops.append(box.bottom() if box.bottom() + height <= paper.bottom() else None)
            # A row further out, over or under its neighbours' labels: digits smaller than a
            # label (a number written small in a large photo) had theirs laid over the number.
            tops.append(box.top() - 2 * height if box.top() - 2 * height >= paper.top() else None)
            tops.append(box.bottom() + height if box.bottom() + 2 * height <= paper.bottom() else None)
            tops.append(box.top())
            candidates = []
            for text in dict.fromkeys(texts[index]):  # the whole text, then its short form if it differs
                width = max(metrics.horizontalAdvance(text) + 2 * LABEL_PADDING, 1.0)
                for top in (t for t in tops if t is not None):
                    candidates += [(inside(left, top, width), text) for left in (box.left(), box.right() - width)]
            labels = [rect for rect, _text in placed.values() if not rect.isNull()]
            others = [other for i, other in enumerate(boxes) if i != index]
            clear = [c for c in candidates if not any(c[0].intersects(label) for label in labels)]
            free = [c for c in clear if not any(c[0].intersects(other) for other in others)]
            if free:
                placed[index] = free[0]
                continue
            # The short text on its box, aligned so that it covers no other box if it can (the
            # last digit's to the right): nothing fits, so it is moved out of the way.
            inside_box = candidates[-2:]
            rect, text = next((c for c in inside_box if not any(c[0].intersects(o) for o in others)), inside_box[-1])
            for label in sorted(labels, key=lambda label: label.left()):
                if rect.intersects(label):
                    rect = inside(label.right() + 1, rect.top(), rect.width())
                    if rect.intersects(label):  # no room to its right: under it
                        rect = inside(rect.left(), label.bottom() + 1, rect.width())
            if clear and any(rect.intersects(other) for other in others):
                rect, text = clear[0]  # over other boxes either way: the whole text, nearest its box
            placed[index] = (rect, text)
        layout = [placed[index] for index in range(len(self._digits))]
        self._labels = (key, layout)
        return layout

    def index_at(self, position: QPointF, in_box: bool = False) -> int | None:
        """The digit whose label (or, with ``in_box``, whose box) is at ``position``, if any."""
        if not self._canvas.viewport_rect().contains(position):
            return None  # zoomed in, a box runs past the frame: beside it, where it is not drawn, it is not there
        for index in range(len(self._digits)):
            if self.label_rect(index).contains(position):
                return index
        if in_box:
            for index in range(len(self._digits)):
                if self.box_rect(index).contains(position):
                    return index
        return None

    def label(self, index: int) -> str:
        """The text on digit ``index``'s box: the digit and how sure, or that it is not a digit."""
        digit = self._digits[index]
        if digit.left_out:
            return self.tr("not a digit, left out")
        if digit.digit is None:
            return self.tr("not a digit")
        return f"{digit.digit} · {percent_text(digit.confidence)}"

    def _short_label(self, index: int) -> str:
        """:meth:`label` in as few words as say it, for where the whole does not fit."""
        digit = self._digits[index]
        if digit.left_out:
            return self.tr("left out")
        return self.tr("not a digit") if digit.digit is None else str(digit.digit)

    def _colour(self, index: int) -> QColor:
        digit = self._digits[index]
        if digit.digit is None:
            return self.palette().color(QPalette.ColorRole.PlaceholderText)
        if not digit.reading.is_sure:
            return QColor(DOUBT_COLOUR)
        return self.palette().color(QPalette.ColorRole.Highlight)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._canvas and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._canvas.rect())
        return False

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A mark at the paper's edge has its box, pen width and padding added, past the edge:
        # cut there, as the ink is, not drawn over the frame and the window around it.
        painter.setClipRect(self._canvas.viewport_rect())
        # Once per paint: checking the cached layout still fits costs every box and label,
        # so asking per label (label_rect, shown_label) would cost that 2n times.
        labels = self._label_layout()
        for index, (label, text) in enumerate(labels):
            if label.isNull():  # its box is out of view
                continue
            colour = self._colour(index)
            selected = index == self._selected
            pen = QPen(colour, 3 if selected else 1.5)
            if self._digits[index].digit is None:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.box_rect(index))
            fill = QColor(colour)
            if not selected:
                fill.setAlphaF(0.75)
            painter.fillRect(label, fill)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, text)


class NumberController(QObject):
    """The Number mode toggle, the digit selection and Copy number."""

    message_posted = Signal(str, object, str, object)  # text, banner Level, topic, banner Offer
    message_resolved = Signal(str)  # topic: number mode is on, so its offer is moot
    status_posted = Signal(str)  # a passing note about the number shown, for the status bar
    number_shown = Signal(str)  # the number read ("?" for a digit not read), for the window's title
    # The reading of the digit in view (the selected one; with no digit, the number's reason), and
    # its box in paper units, or None: what the views (Why this digit?, Look inside, Compare) show.
    digit_shown = Signal(object, object)

    def __init__(
        self,
        canvas: DrawingCanvas,
        recognizer: Recognizer,
        panel: ReadingPanel,
        settings: AppSettings,
        window: QMainWindow,
    ) -> None:
        super().__init__(window)
        self._canvas = canvas
        self._recognizer = recognizer
        self._panel = panel
        self._settings = settings
        self._window = window
        self._number: NumberReading | None = None
        self._placed: NumberDigit | None = None  # single-digit mode: a picture's digit chosen among other marks
        # The pictures found to hold several digits, as opened: undo may go back to any the history holds.
        self._several_in: weakref.WeakSet[PlacedImage] = weakref.WeakSet()
        self._selected = 0
        # A press in a digit's box on a picture, held back: a click selects, a drag draws.
        self._held: tuple[int, QMouseEvent | QTabletEvent] | None = None
        self._giving_press = False
        self.overlay = NumberOverlay(canvas)
        self.mode = QAction(self.tr("&Number mode"), self)
        self.mode.setCheckable(True)
        self.mode.setShortcut(QKeySequence("Ctrl+M"))
        self.mode.setStatusTip(self.tr("Read everything on the canvas as one number of several digits"))
        self.copy_number = QAction(self.tr("Copy &number"), self)
        self.copy_number.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_number.setStatusTip(self.tr("Put the number read on the clipboard, as text"))
        self.copy_number.setEnabled(False)
        self.copy_number.triggered.connect(self.copy)
        recognizer.number_changed.connect(self._show_number)
        recognizer.digit_placed.connect(self._show_placed)
        canvas.strokes_changed.connect(self._drawing_changed)
        canvas.installEventFilter(self)
        self.mode.toggled.connect(self.set_number_mode)
        self.mode.setChecked(settings.number_mode())

    def populate_menu(self, menu: QMenu) -> None:
        menu.addAction(self.mode)

    def keyboard_actions(self) -> list[QAction]:
        return [self.mode, self.copy_number]

    def set_number_mode(self, on: bool) -> None:
        if self.mode.isChecked() != on:
            self.mode.setChecked(on)  # comes back here through toggled
            return
        self._settings.set_number_mode(on)
        # "Draw a digit here" over the empty paper beside "Write a number" in the panel told the user two things.
        self._canvas.set_invitation(self.tr(NUMBER_INVITATION) if on else None)
        if on:
            self.message_resolved.emit(OFFER_TOPIC)
        self._recognizer.set_number_mode(on)

    def offer_number_mode(self, name: str) -> None:
        """Say that the picture ``name`` (as said mid-sentence) seems to hold several digits,
        and offer to read them as a number; nothing to offer in number mode, where it is, but the
        picture is called so once number mode is off ("a letter, a mark or a scribble" would be untrue)."""
        self._panel.set_several_digits(True)
        image = self._canvas.drawing().image
        if image is not None:
            self._several_in.add(image)
        if self.mode.isChecked():
            return
        from ..preprocess import SMALL_WRITING  # loaded: the picture was read with it

        if image is not None and image.model_input.reason == SMALL_WRITING:
            # No box and no digit read: the usual note ("what is in the box is read") would be untrue.
            note = self.tr("The marks in {name} are too small to read as one digit; Number mode reads a number written this small.")
        else:
            note = self.tr("There seem to be several digits in {name}; what is in the box is read as a single digit.")
        offer: Offer = (self.tr("Read as a number"), lambda: self.set_number_mode(True))
        self.message_posted.emit(note.format(name=name), Level.INFO, OFFER_TOPIC, offer)

    def _drawing_changed(self, in_progress: bool) -> None:
        """Whether the panel says there are several digits: what the offer above says of a
        picture holds while it is shown as opened (again once undo takes the edits away);
        strokes alone are judged as each one ends (a number written in a row is no letter or
        scribble, as a lone digit's reading would say)."""
        drawing = self._canvas.drawing()
        if drawing.image is not None:
            as_opened = not in_progress and not drawing.erasures and not drawing.strokes
            self._panel.set_several_digits(as_opened and drawing.image in self._several_in)
            return
        if in_progress:
            return
        from ..number import drawn_apart

        self._panel.set_several_digits(drawn_apart(self._canvas.strokes()))

    def number(self) -> NumberReading | None:
        """The number on the canvas as last read; None outside number mode or for a picture."""
        return self._number

    def selected(self) -> int:
        return self._selected

    def select(self, index: int) -> None:
        """Show digit ``index`` (counting from 0, left to right) in the bars and the preview."""
        if self._number is None or not self._number.digits:
            return
        self._selected = min(max(index, 0), len(self._number.digits) - 1)
        self._show()

    def copy(self) -> bool:
        """Put the number on the clipboard; False when there is no number to copy."""
        text = self._number.number if self._number is not None else None
        if text is None:
            self.status_posted.emit(self.tr("There is no number to copy yet."))
            return False
        QGuiApplication.clipboard().setText(text)
        self.status_posted.emit(self.tr("Copied {number}.").format(number=text))
        return True

    def _show_placed(self, digit: NumberDigit | None) -> None:
        self._placed = digit
        if self._number is None:
            self.overlay.show_digits([digit] if digit is not None else [], 0, on_picture=True)

    def _show_number(self, number: NumberReading | None) -> None:
        self._number = number
        if number is None:
            self.overlay.show_digits([self._placed] if self._placed is not None else [], 0, on_picture=True)
            self.copy_number.setEnabled(False)
            return
        self._selected = min(self._selected, max(len(number.digits) - 1, 0))
        kept = [i for i, digit in enumerate(number.digits) if not digit.left_out]
        if kept and number.digits[self._selected].left_out:
            # A mark left out (a dash before "42") is in view only when clicked: a new reading shows a digit.
            self._selected = min(kept, key=lambda i: abs(i - self._selected))
        self.copy_number.setEnabled(number.number is not None)
        self._show()
        shown = number.number or "".join("?" if d.digit is None else str(d.digit) for d in number.kept)
        self.number_shown.emit(shown)

    def _show(self) -> None:
        assert self._number is not None
        # The reading arrives for what the canvas shows now (a picture's, once read
        # off the UI thread, only while that picture is still shown).
        on_picture = self._canvas.drawing().image is not None
        self.overlay.show_digits(self._number.digits, self._selected, on_picture)
        self._panel.show_number(self._number, self._selected)
        if not self._number.digits:
            self.digit_shown.emit(Reading(reason=self._number.reason, error=self._number.error), None)
            return
        box, paper = self.overlay.box_rect(self._selected), self._canvas.paper_rect()
        on_paper = None  # a canvas not laid out yet has no paper to place the digit on
        if paper.width() > 0:
            scale = PAPER_SIDE / paper.width()
            on_paper = (
                (box.left() - paper.left()) * scale, (box.top() - paper.top()) * scale,
                (box.right() - paper.left()) * scale, (box.bottom() - paper.top()) * scale,
            )  # fmt: skip
        self.digit_shown.emit(self._number.digits[self._selected].reading, on_paper)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._canvas:
            return False
        if self._giving_press:
            return False
        if self._held is not None and isinstance(event, Pointer):
            return self._held_press(event)
        if self._number is None or not self._number.digits:
            return False
        if event.type() in PRESSES and isinstance(event, Pointer):
            # A press that erases (the right button, the pen's eraser end, or any press with
            # the eraser tool) erases here as anywhere: a pen's eraser end reports the left
            # button, and would otherwise select as the tip does.
            if event.button() == Qt.MouseButton.LeftButton and not self._canvas.press_erases(event):
                index = self.overlay.index_at(event.position())
                if index is not None:
                    self.select(index)
                    return _taken(event)  # a click on a label selects; it does not draw
                # On a picture a click anywhere in a box selects too, and a drag draws.
                if self.overlay.on_picture():
                    index = self.overlay.index_at(event.position(), in_box=True)
                    if index is not None:
                        self._held = (index, event.clone())  # a copy: Qt may reuse the event
                        return _taken(event)
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._step(event.key())
        return False

    def _held_press(self, event: QMouseEvent | QTabletEvent) -> bool:
        """A mouse or pen event after a press held back in a box: a release selects the digit;
        moving as far as a drag gives the canvas the press, then this move, so it draws."""
        assert self._held is not None
        index, press = self._held
        kind = event.type()
        if kind in RELEASES and event.button() == press.button():
            self._held = None
            self.select(index)
            return _taken(event)
        if kind in MOVES:
            if (event.position() - press.position()).manhattanLength() < QApplication.startDragDistance():
                return False  # not a drag yet: the brush outline follows, nothing is drawn
            self._held = None
            self._giving_press = True  # the press is not to be held back again
            try:
                QApplication.sendEvent(self._canvas, press)
            finally:
                self._giving_press = False
            return False
        if kind in PRESSES:
            self._held = None  # another button: the held click is abandoned
        return False

    def _step(self, key: int) -> bool:
        last = len(self._number.digits) - 1 if self._number is not None else 0
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Tab) and self._selected < last:
            self.select(self._selected + 1)
            self._bring_into_view(self._selected)
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Backtab) and self._selected > 0:
            self.select(self._selected - 1)
            self._bring_into_view(self._selected)
            return True
        # Past either end Tab moves the keyboard on, as anywhere else; Left and Right stay the
        # digits' (zoomed in, on the canvas they would pan: the view would lurch at the last digit).
        return key in (Qt.Key.Key_Left, Qt.Key.Key_Right)

    def _bring_into_view(self, index: int) -> None:
        """Zoomed in, move the view to a digit selected out of it (the arrow keys, which pan
        elsewhere, select here: the digit selected is then seen)."""
        box, view = self.overlay.box_rect(index), self._canvas.viewport_rect()
        if self._canvas.zoom() > 1.0 and not view.contains(box):
            self._canvas.pan_by(view.center().x() - box.center().x(), view.center().y() - box.center().y())


def _taken(event: QEvent) -> bool:
    """Take ``event`` from the canvas. It is accepted too: a tablet event left unaccepted
    goes on to the window and comes back as a mouse event, which the canvas would draw."""
    event.accept()
    return True
