"""The Help menu's two windows: keyboard shortcuts, and About with the credits."""

from __future__ import annotations

from html import escape
from typing import Iterable, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

CONTEXT = "HelpDialogs"  # the translation context of this module's texts
# Pixels kept clear each side between the shortcuts and the window they open over: a dialog
# as wide as the window (637 of 640 pixels in presentation mode) looked like a page of the window.
ROOM_MARGIN = 24

# Things done with the pointer rather than a key, listed with the shortcuts;
# marked here for translation, translated where shown.
POINTER_GESTURES = (
    (QT_TRANSLATE_NOOP("HelpDialogs", "Draw"), QT_TRANSLATE_NOOP("HelpDialogs", "Left button, pen tip or finger")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Erase"), QT_TRANSLATE_NOOP("HelpDialogs", "Right-drag, or the pen's eraser end")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Open a picture"), QT_TRANSLATE_NOOP("HelpDialogs", "Drop an image file on the window")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Keep as a sample"), QT_TRANSLATE_NOOP("HelpDialogs", "Click a digit's bar")),
)

ABOUT_HTML = QT_TRANSLATE_NOOP(
    "HelpDialogs",
    """
<h3>mnist-draw {version}</h3>
<p>Draw a digit, or drop in a photo of one, and watch a convolutional neural
network read it live.</p>
<p><b>Data the bundled model was trained on</b></p>
<ul>
<li>The MNIST database of handwritten digits, by Yann LeCun, Corinna Cortes and
Christopher J. C. Burges; licensed CC BY-SA 3.0.</li>
<li>Pen-Based Recognition of Handwritten Digits (pendigits), by E. Alpaydin and
F. Alimoglu, UCI Machine Learning Repository; licensed CC BY 4.0.</li>
</ul>
<p>Built with Qt for Python (PySide6), LiteRT, NumPy and Pillow.
mnist-draw is free software under the MIT licence.</p>
""",
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what, keys) for every action that has a shortcut, in the order given. A phone's keys that
    a desktop binds too are left out of the list (they still work): "Quit: Ctrl+Q or Exit" sent
    the reader looking for a key named Exit."""
    rows = []
    for action in actions:
        keys = keys_text(action)
        if keys:
            rows.append((_plain(action.text()), keys))
    return rows


def keys_text(action: QAction) -> str:
    """``action``'s keys as every text names them ("Del or Esc"): in the shortcuts help, in tool tips
    and in the panel (:func:`key_name`). A tool tip's "Delete" and the panel's "Del" were two names for one key."""
    return " or ".join(key_name(sequence) for sequence in action.shortcuts() if not _phone_key(sequence))


def with_keys(text: str, actions: Mapping[str, QAction | None]) -> str:
    """``text`` with each ``{name}`` of ``actions`` as that action's keys (:func:`keys_text`): "Undo
    ({undo}) brings it back" is "Undo (Ctrl+Z) brings it back", or "Undo (⌘Z)" on a Mac, never a key
    written out that the action may not have. " ({name})" is left out for an action with no key
    (a desktop binding none) or none given; only the names given are looked for, so a file's
    name in braces is left as it is."""
    for name, action in actions.items():
        keys = keys_text(action) if action is not None else ""
        text = text.replace(f" ({{{name}}})", f" ({keys})" if keys else "").replace(f"{{{name}}}", keys)
    return text


def key_name(keys: QKeySequence | Qt.Key) -> str:
    """A key, or keys pressed together, by the name the desktop gives them: "Del", "Ctrl+Z"."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_groups(
    menus: Iterable[QMenu], extra_rows: dict[QMenu, list[tuple[str, str]]] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, rows) for every menu with shortcuts, from the menus themselves;
    ``extra_rows`` adds keys that have no menu item of their own."""
    groups = []
    for menu in menus:
        rows = shortcut_rows(action for action in menu.actions() if action.menu() is None)
        rows += (extra_rows or {}).get(menu, [])
        if rows:
            groups.append((_plain(menu.title()), rows))
    return groups


def show_shortcuts(parent: QWidget, groups: list[tuple[str, list[tuple[str, str]]]], text_scale: float = 1.0) -> QDialog:
    """The shortcuts, grouped by menu: in two columns where they fit side by side, else in one
    that scrolls, never wider than the window it is opened over (nor the screen). ``text_scale``:
    larger print (presentation mode, for a class reading it from afar)."""
    groups = groups + [
        (
            QCoreApplication.translate("HelpDialogs", "With the pointer"),
            [(QCoreApplication.translate(CONTEXT, what), QCoreApplication.translate(CONTEXT, how)) for what, how in POINTER_GESTURES],
        )
    ]
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("HelpDialogs", "Keyboard shortcuts"))
    dialog.setAccessibleName(dialog.windowTitle())
    if text_scale != 1.0:
        # A dialog is a window of its own: it takes neither the window's font nor its palette by itself.
        font = dialog.font()
        font.setPointSizeF(font.pointSizeF() * text_scale)
        dialog.setFont(font)
        dialog.setPalette(parent.window().palette())
    boxes = [_group_box(title, rows, dialog) for title, rows in groups]
    # In the dialog from the start: a sheet without a parent took the boxes in with the ordinary font, and
    # their keys were aligned to its names' widths, short of presentation mode's larger ones.
    sheet = ShortcutSheet(boxes, dialog, apart=boxes[-1:])  # the pointer's gestures: no keys, and sentences for them
    scroll = QScrollArea(dialog)
    scroll.setWidget(sheet)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll, 1)
    layout.addWidget(buttons)
    dialog.resize(first_size(dialog, sheet, scroll, buttons, _room(parent)))
    scroll.setFocus()  # the arrow keys and Page Down scroll; Esc and Enter still close
    dialog.exec()
    return dialog


class ShortcutSheet(QWidget):
    """The groups of shortcuts in two columns of about equal height when they fit side by side
    at the sheet's width, else in one; laid out again as the width changes (the dialog resized).
    The keys of the groups one above another start at one place, but in the groups ``apart``."""

    def __init__(self, boxes: list[QGroupBox], parent: QWidget | None = None, apart: list[QGroupBox] | None = None) -> None:
        super().__init__(parent)
        self._boxes = boxes
        self._apart = apart or []
        self._halves = _balanced_halves([box.sizeHint().height() for box in boxes])
        self._column_layouts = [QVBoxLayout(), QVBoxLayout()]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for column in self._column_layouts:
            column.addStretch(1)
            layout.addLayout(column)
        self._count = 0
        self.arrange(2)

    def columns(self) -> int:
        return self._count

    def two_columns_width(self) -> int:
        """How wide the sheet must be to hold the groups side by side."""
        spacing = max(self.layout().spacing(), 0)
        return sum(max((self._boxes[i].sizeHint().width() for i in half), default=0) for half in self._halves) + spacing

    def one_column_width(self) -> int:
        return max(box.sizeHint().width() for box in self._boxes)

    def arrange(self, count: int) -> None:
        """Lay the groups out in ``count`` columns (1 or 2)."""
        if count == self._count:
            return
        self._count = count
        for column in self._column_layouts:
            for box in self._boxes:
                column.removeWidget(box)
        halves = self._halves if count == 2 else [[index for half in self._halves for index in half], []]
        for column, half in zip(self._column_layouts, halves):
            for place, index in enumerate(half):
                column.insertWidget(place, self._boxes[index])
            self._align_keys([self._boxes[index] for index in half if self._boxes[index] not in self._apart])

    @staticmethod
    def _align_keys(boxes: list[QGroupBox]) -> None:
        """The keys of the groups one above another start at one place: each group's names as wide as
        the widest of them (each group's keys started just after its own longest name, at four places)."""
        # Not a group told to wrap (wrap_to): its names were let narrower than one line to fit.
        grids = [box.layout() for box in boxes if not any(label.wraps() for label in box.findChildren(WrappingLabel))]
        widest = max((_names_width(grid) for grid in grids), default=0)
        for grid in grids:
            grid.setColumnMinimumWidth(0, widest)

    def wrap_to(self, width: int) -> None:
        """Let the texts of the groups wider than ``width`` wrap, so that one column fits in it."""
        for box in self._boxes:
            if box.sizeHint().width() > width:
                box.layout().setColumnMinimumWidth(0, 0)  # its own names' width: a wide one from another group wraps no text
                for label in box.findChildren(WrappingLabel):
                    label.wrap()

    def minimumSizeHint(self) -> QSize:
        # As narrow as one column (its texts wrapped, if told to): the scroll area then lets the sheet
        # narrow to that, and it reflows (its layout's own minimum is two columns' while side by side).
        narrowest = max(box.minimumSizeHint().width() for box in self._boxes)
        return QSize(narrowest, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(2 if event.size().width() >= self.two_columns_width() else 1)
        super().resizeEvent(event)


def _room(parent: QWidget) -> QSize:
    """The most room the dialog may take (inside its frame): that of the window it is opened over,
    within its screen (taking off a frame like the window's), less ROOM_MARGIN each side across."""
    window = parent.window()
    room = window.size()
    screen = window.screen()
    if screen is not None:
        frame = window.frameGeometry().size() - window.size()
        room = room.boundedTo(screen.availableGeometry().size() - frame)
    return QSize(room.width() - 2 * ROOM_MARGIN, room.height())


def first_size(dialog: QDialog, sheet: ShortcutSheet, scroll: QScrollArea, buttons: QWidget, room: QSize) -> QSize:
    """The dialog's size when it opens: two columns if they fit in ``room``, else one, every
    group whole if the height allows, else as tall as ``room`` with the rest a scroll away."""
    margins = dialog.layout().contentsMargins()
    frame_width = margins.left() + margins.right()
    two = sheet.two_columns_width() + frame_width
    count = 2 if two <= room.width() else 1
    sheet.arrange(count)
    sheet.layout().activate()
    extra_height = margins.top() + margins.bottom() + dialog.layout().spacing() + buttons.sizeHint().height()
    width = two if count == 2 else sheet.one_column_width() + frame_width
    height = sheet.layout().sizeHint().height() + extra_height
    bar = 0
    # Measured again with the texts wrapped, a scroll bar beside them if they are still too tall: wrapped,
    # they are taller, and the height measured on one line left the last 20 pixels a scroll away in
    # presentation mode at 640x1150, in a window with room for them.
    for scrolls in (False, True):
        bar = scroll.verticalScrollBar().sizeHint().width() if scrolls else 0  # beside the column
        if width + bar > room.width():
            sheet.wrap_to(room.width() - frame_width - bar)
            height = _sheet_height(sheet, room.width() - frame_width - bar) + extra_height
        if height <= room.height():
            break
    width += bar
    return QSize(min(width, room.width()), min(height, room.height()))


def _sheet_height(sheet: ShortcutSheet, width: int) -> int:
    """How tall the sheet is at ``width``, its wrapped texts on as many lines as they take there."""
    layout = sheet.layout()
    layout.invalidate()  # the labels told to wrap since: their heights depend on the width now
    layout.activate()
    return layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()


def _group_box(title: str, rows: list[tuple[str, str]], parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    grid = QGridLayout(box)
    grid.setHorizontalSpacing(18)
    grid.setVerticalSpacing(3)
    for row, (name, keys) in enumerate(rows):
        grid.addWidget(WrappingLabel(name, box), row, 0)
        key_label = WrappingLabel(f"<b>{escape(keys)}</b>", box)
        key_label.setAccessibleName(f"{name}: {keys}")
        grid.addWidget(key_label, row, 1)
    grid.setColumnStretch(1, 1)  # the keys start just after the longest name
    return box


class WrappingLabel(QLabel):
    """A label on one line until told to wrap (:meth:`wrap`): then on as many as the room it is
    given needs, at its spaces ("Right-drag, or the pen's eraser end" in presentation mode's
    larger print at 640 pixels). A wrapping QLabel alone asks for a quarter of its line, and wraps
    even where it would fit; wrapping, a label's height depends on its width, which unsettles the
    two columns' layout, so only the labels of a group too wide for the room wrap."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # a name beside wrapped keys: by their first line
        self._line: QSize | None = None  # its size on one line, once wrapping

    def wraps(self) -> bool:
        return self._line is not None

    def wrap(self) -> None:
        if self._line is None:
            self._line = super().sizeHint()
            self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        return super().sizeHint() if self._line is None else self._line

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange and self._line is not None:
            self.setWordWrap(False)
            self._line = super().sizeHint()  # measured again at the new size
            self.setWordWrap(True)
        super().changeEvent(event)


def _names_width(grid: QGridLayout) -> int:
    """How wide the names (the first column) of a group's grid are, each on one line."""
    return max(grid.itemAtPosition(row, 0).widget().sizeHint().width() for row in range(grid.rowCount()))


def _balanced_halves(heights: list[int]) -> list[list[int]]:
    """Split groups, in order, into two columns of about equal height."""
    total, running = sum(heights), 0
    for split, height in enumerate(heights):
        if running + height / 2 > total / 2:
            return [list(range(split)), list(range(split, len(heights)))]
        running += height
    return [list(range(len(heights))), []]


def _phone_key(sequence: QKeySequence) -> bool:
    """Whether ``sequence`` is one of a phone's or a remote's keys alone (Select, Exit, Call...: Qt's
    keys from Key_Select, 0x01010000, up), which keyboards have none of."""
    return sequence.count() == 1 and sequence[0].key().value >= Qt.Key.Key_Select.value


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def show_about(parent: QWidget) -> None:
    text = QCoreApplication.translate("HelpDialogs", ABOUT_HTML).format(version=__version__)
    QMessageBox.about(parent, QCoreApplication.translate("HelpDialogs", "About mnist-draw"), text)
