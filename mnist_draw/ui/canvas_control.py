"""The drawing tools as actions (undo, redo, clear, eraser, brush size) and the tool bar that shows them.

Every tool is a QAction with a shortcut, so it works from the keyboard, the
Edit menu and the tool bar alike, and the shortcuts help lists it by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolBar,
    QWidget,
)

from .canvas import MAX_BRUSH, MIN_BRUSH, DrawingCanvas
from .help_dialogs import keys_text
from .icons import themed_icon

BRUSH_STEP = 2.0  # paper units per [ or ] press
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Escape)


class CanvasController(QObject):
    def __init__(self, canvas: DrawingCanvas, parent: QWidget) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self.brush_slider: QSlider | None = None  # made with the tool bar
        self.undo = QAction(themed_icon(parent, "edit-undo", QStyle.StandardPixmap.SP_ArrowBack), self.tr("&Undo"), self)
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo.setToolTip(self.tr("Undo the last stroke ({keys})").format(keys=keys_text(self.undo)))
        self.undo.triggered.connect(canvas.undo)
        self.redo = QAction(themed_icon(parent, "edit-redo", QStyle.StandardPixmap.SP_ArrowForward), self.tr("&Redo"), self)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.setToolTip(self.tr("Redo ({keys})").format(keys=keys_text(self.redo)))
        self.redo.triggered.connect(canvas.redo)
        self.clear = QAction(
            themed_icon(parent, "edit-clear", QStyle.StandardPixmap.SP_DialogResetButton), self.tr("C&lear"), self
        )
        self.clear.setShortcuts([QKeySequence(key) for key in CLEAR_KEYS])
        self.clear.setToolTip(self.tr("Clear the canvas ({keys})").format(keys=keys_text(self.clear)))
        self.clear.triggered.connect(canvas.clear)
        self.eraser = QAction(themed_icon(parent, "draw-eraser"), self.tr("&Eraser"), self)
        self.eraser.setCheckable(True)
        self.eraser.setShortcut(QKeySequence(Qt.Key.Key_E))
        self.eraser.setToolTip(self.tr("Erase with the left button or the pen tip (E); the right button always erases"))
        self.eraser.toggled.connect(canvas.set_eraser_mode)
        self.bigger = QAction(self.tr("&Bigger brush"), self)
        self.bigger.setShortcut(QKeySequence(Qt.Key.Key_BracketRight))
        self.bigger.triggered.connect(lambda: canvas.set_brush_size(canvas.brush_size() + BRUSH_STEP))
        self.smaller = QAction(self.tr("&Smaller brush"), self)
        self.smaller.setShortcut(QKeySequence(Qt.Key.Key_BracketLeft))
        self.smaller.triggered.connect(lambda: canvas.set_brush_size(canvas.brush_size() - BRUSH_STEP))
        canvas.history_changed.connect(self._update)
        self._update()

    def tool_bar(self, parent: QWidget) -> QToolBar:
        bar = QToolBar(self.tr("Drawing tools"), parent)
        bar.setObjectName("drawing_tools")  # lets saveState/restoreState find it
        bar.setMovable(False)
        # Words, not icons: the style's stock icons are not palette-aware (black
        # arrows on a dark theme) and there is no stock eraser; words read at once.
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.undo, self.redo, self.clear):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.eraser)
        bar.addSeparator()
        bar.addWidget(self._brush_slider(bar))
        return bar

    def _brush_slider(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        label = QLabel(self.tr("&Brush"), box)
        slider = QSlider(Qt.Orientation.Horizontal, box)
        slider.setRange(int(MIN_BRUSH), int(MAX_BRUSH))
        slider.setValue(round(self._canvas.brush_size()))
        slider.setFixedWidth(140)
        slider.setAccessibleName(self.tr("Brush size"))
        slider.setToolTip(self.tr("Brush size ([ and ] keys)"))
        self.brush_slider = slider
        label.setBuddy(slider)
        value = QLabel(box)
        value.setMinimumWidth(value.fontMetrics().horizontalAdvance("00"))
        value.setText(f"{self._canvas.brush_size():.0f}")
        slider.valueChanged.connect(self._canvas.set_brush_size)

        def follow(size: float) -> None:  # the [ and ] keys change the size too
            slider.setValue(round(size))
            value.setText(f"{size:.0f}")

        self._canvas.brush_size_changed.connect(follow)
        box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(label)
        layout.addWidget(slider)
        layout.addWidget(value)
        return box

    def _update(self) -> None:
        self.undo.setEnabled(self._canvas.can_undo())
        self.redo.setEnabled(self._canvas.can_redo())
        self.clear.setEnabled(not self._canvas.drawing().is_empty)
