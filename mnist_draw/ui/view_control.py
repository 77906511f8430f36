"""The View menu: presentation mode for teachers, and full screen.

Presentation mode is for a class watching on a projector: the reading panel
as wide as the canvas, the readout and bars as large as fit, bold, in black on
white with a deep blue for the likeliest digit; the model's-eye preview and the
status bar go, as small print nobody at the back can read. Full screen (F11)
is separate, so either can be used without the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

if TYPE_CHECKING:
    from .side_panel import ReadingPanel
    from .window_layout import CanvasBesidePanel

from .window_layout import PANEL_SHARE, PRESENTATION_PANEL_SHARE

PRESENTATION_CANVAS_TEXT = 1.6  # the size of the words over the canvas in presentation mode, to the theme's
PRESENTATION_DIALOG_TEXT = 1.4  # a help window's in presentation mode: read from afar, yet one column of it fits 640 pixels
# Black on white passes any contrast guideline; the highlight (#0038a8 on white) is 9:1.
HIGH_CONTRAST = {
    QPalette.ColorRole.Window: "#ffffff",
    QPalette.ColorRole.WindowText: "#000000",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f2f2f2",
    QPalette.ColorRole.Text: "#000000",
    QPalette.ColorRole.Button: "#ffffff",
    QPalette.ColorRole.ButtonText: "#000000",
    QPalette.ColorRole.Highlight: "#0038a8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#000000",
    QPalette.ColorRole.PlaceholderText: "#333333",
}


def high_contrast_palette(base: QPalette) -> QPalette:
    palette = QPalette(base)
    for role, colour in HIGH_CONTRAST.items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(colour))
    return palette


class ViewController(QObject):
    def __init__(self, window: QMainWindow, panel: ReadingPanel, split: CanvasBesidePanel, canvas: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._canvas = canvas
        self._panel = panel
        self._split = split
        self.presentation = QAction(self.tr("&Presentation mode"), self)
        self.presentation.setCheckable(True)
        self.presentation.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.presentation.setStatusTip(self.tr("A large, high-contrast reading for a class watching on a projector"))
        self.presentation.toggled.connect(self.set_presentation)
        self.full_screen = QAction(self.tr("&Full screen"), self)
        self.full_screen.setCheckable(True)
        self.full_screen.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen) or [QKeySequence(Qt.Key.Key_F11)]
        )
        self.full_screen.toggled.connect(self.set_full_screen)
        window.installEventFilter(self)  # the window manager may leave full screen by itself

    def populate_menu(self, menu: QMenu) -> None:
        menu.addAction(self.presentation)
        menu.addAction(self.full_screen)

    def keyboard_actions(self) -> list[QAction]:
        return [self.presentation, self.full_screen]

    def set_presentation(self, on: bool) -> None:
        if self.presentation.isChecked() != on:
            self.presentation.setChecked(on)  # comes back here through toggled
            return
        window = self._window
        window.setPalette(high_contrast_palette(window.palette()) if on else QPalette())
        window.statusBar().setVisible(not on)
        self._split.set_panel_share(PRESENTATION_PANEL_SHARE if on else PANEL_SHARE, reading_first=on)
        self._panel.set_presentation(on)
        # The words over the canvas (a number's box labels, the heat map's legend, the invitation
        # to draw) are the canvas's children's and take its font: small print nobody at the back reads.
        font = QFont()
        if on:
            font = QFont(self._canvas.font())
            font.setPointSizeF(font.pointSizeF() * PRESENTATION_CANVAS_TEXT)
            font.setBold(True)
        self._canvas.setFont(font)  # QFont(): the theme's again

    def dialog_text_scale(self) -> float:
        """How much larger than the theme's a help window's print is: larger in presentation mode."""
        return PRESENTATION_DIALOG_TEXT if self.presentation.isChecked() else 1.0

    def set_full_screen(self, on: bool) -> None:
        if on and not self._window.isFullScreen():
            self._window.showFullScreen()
        elif not on and self._window.isFullScreen():
            self._window.showNormal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WindowStateChange:
            self.full_screen.setChecked(self._window.isFullScreen())
        return False
