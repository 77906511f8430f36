"""The Help menu's two windows: keyboard shortcuts, and About with the credits."""

from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

# Things done with the pointer rather than a key, listed with the shortcuts.
POINTER_GESTURES = (
    ("Draw", "Left button, pen tip or finger"),
    ("Erase", "Right-button drag, or the pen's eraser end"),
    ("Open a picture", "Drop an image file on the window"),
)

ABOUT_HTML = f"""
<h3>mnist-draw {__version__}</h3>
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
"""


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what, keys) for every action that has a shortcut, in the order given."""
    rows = []
    for action in actions:
        keys = [sequence.toString(QKeySequence.SequenceFormat.NativeText) for sequence in action.shortcuts()]
        if keys:
            name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
            rows.append((name, " or ".join(keys)))
    return rows


def show_shortcuts(parent: QWidget, actions: Iterable[QAction]) -> None:
    rows = shortcut_rows(actions) + list(POINTER_GESTURES)
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    table = QTableWidget(len(rows), 2, dialog)
    table.setAccessibleName("Keyboard shortcuts")
    table.setHorizontalHeaderLabels(["Action", "Keys"])
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    for row, (name, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(name))
        table.setItem(row, 1, QTableWidgetItem(keys))
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(520, 460)
    dialog.exec()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About mnist-draw", ABOUT_HTML)
