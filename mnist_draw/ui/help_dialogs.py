"""The Help menu's two windows: keyboard shortcuts, and About with the credits."""

from __future__ import annotations

from html import escape
from typing import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

CONTEXT = "HelpDialogs"  # the translation context of this module's texts

# Things done with the pointer rather than a key, listed with the shortcuts;
# marked here for translation, translated where shown.
POINTER_GESTURES = (
    (QT_TRANSLATE_NOOP("HelpDialogs", "Draw"), QT_TRANSLATE_NOOP("HelpDialogs", "Left button, pen tip or finger")),
    (QT_TRANSLATE_NOOP("HelpDialogs", "Erase"), QT_TRANSLATE_NOOP("HelpDialogs", "Right-button drag, or the pen's eraser end")),
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
    """(what, keys) for every action that has a shortcut, in the order given."""
    rows = []
    for action in actions:
        keys = [sequence.toString(QKeySequence.SequenceFormat.NativeText) for sequence in action.shortcuts()]
        if keys:
            rows.append((_plain(action.text()), " or ".join(keys)))
    return rows


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


def show_shortcuts(parent: QWidget, groups: list[tuple[str, list[tuple[str, str]]]]) -> QDialog:
    """The shortcuts, grouped by menu in two columns that fit on screen without scrolling."""
    groups = groups + [
        (
            QCoreApplication.translate("HelpDialogs", "With the pointer"),
            [(QCoreApplication.translate(CONTEXT, what), QCoreApplication.translate(CONTEXT, how)) for what, how in POINTER_GESTURES],
        )
    ]
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("HelpDialogs", "Keyboard shortcuts"))
    dialog.setAccessibleName(dialog.windowTitle())
    columns = QHBoxLayout()
    halves = _balanced_halves([len(rows) + 2 for _title, rows in groups])  # +2: the group's title and frame
    for half in halves:
        column = QVBoxLayout()
        for index in half:
            title, rows = groups[index]
            column.addWidget(_group_box(title, rows, dialog))
        column.addStretch(1)
        columns.addLayout(column)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(columns)
    layout.addWidget(buttons)
    dialog.adjustSize()
    dialog.exec()
    return dialog


def _group_box(title: str, rows: list[tuple[str, str]], parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    grid = QGridLayout(box)
    grid.setHorizontalSpacing(18)
    grid.setVerticalSpacing(3)
    for row, (name, keys) in enumerate(rows):
        grid.addWidget(QLabel(name, box), row, 0)
        key_label = QLabel(f"<b>{escape(keys)}</b>", box)
        key_label.setAccessibleName(f"{name}: {keys}")
        grid.addWidget(key_label, row, 1)
    grid.setColumnStretch(1, 1)  # the keys start just after the longest name
    return box


def _balanced_halves(heights: list[int]) -> list[list[int]]:
    """Split groups, in order, into two columns of about equal height."""
    total, running = sum(heights), 0
    for split, height in enumerate(heights):
        if running + height / 2 > total / 2:
            return [list(range(split)), list(range(split, len(heights)))]
        running += height
    return [list(range(len(heights))), []]


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def show_about(parent: QWidget) -> None:
    text = QCoreApplication.translate("HelpDialogs", ABOUT_HTML).format(version=__version__)
    QMessageBox.about(parent, QCoreApplication.translate("HelpDialogs", "About mnist-draw"), text)
