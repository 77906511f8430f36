"""The main window: lays out the canvas and the reading panel, builds the menus and
connects the parts. The work itself lives in the parts: the canvas draws,
the ``Recognizer`` reads it live, the side panel shows the reading,
``FileController`` opens and saves, ``ModelController`` picks the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from . import help_dialogs
from .worker import WorkerPool
from .banner import MessageBanner
from .canvas import DEFAULT_BRUSH, DrawingCanvas
from .canvas_control import CanvasController
from .file_control import FileController
from .image_input import DROPPED_NAME, might_hold_image
from .live_recognizer import LOADING_MESSAGE, Recognizer
from .model_control import ModelController
from .settings import AppSettings
from .side_panel import ReadingPanel
from .teach_control import TeachController

if TYPE_CHECKING:
    from ..model_store import LoadedModel
    from ..reading import Reading

APP_TITLE = "mnist-draw"
DEFAULT_SIZE = QSize(960, 700)
STATUS_SECONDS = 6


def window_title(reading: Reading) -> str:
    """The reading first in the title, so it shows in the task bar: "7 (98%) - mnist-draw"."""
    if reading.probabilities is None:
        return APP_TITLE
    if reading.is_sure:
        return f"{reading.summary()} - {APP_TITLE}"
    return f"{reading.digit} or {reading.runner_up}? - {APP_TITLE}"


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.workers = WorkerPool(self)
        self.canvas = DrawingCanvas(self)
        self.recognizer = Recognizer(self.canvas, self)
        self.panel = ReadingPanel(self)
        self.banner = MessageBanner(self)
        self.canvas_control = CanvasController(self.canvas, self)
        self.files = FileController(self.canvas, self.settings, self.workers, self)
        self.models = ModelController(self.recognizer, self.workers, self)
        self.teach = TeachController(self.canvas, self.recognizer, self.models, self)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(lambda: help_dialogs.show_shortcuts(self, self.keyboard_actions()))
        self.about_action = QAction("&About mnist-draw", self)
        self.about_action.triggered.connect(lambda: help_dialogs.show_about(self))

        self._build_layout()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.canvas.set_brush_size(self.settings.brush_size(DEFAULT_BRUSH))
        if not self.settings.restore_window(self):
            self.resize(DEFAULT_SIZE)

    def build_model_menu(self) -> QMenu:
        """The Model menu. Retraining, teaching and the user's samples add their items here."""
        menu = self.menuBar().addMenu("&Model")
        self.models.populate_menu(menu)
        self.teach.populate_menu(menu)
        return menu

    def keyboard_actions(self) -> list[QAction]:
        """Every action with a shortcut, in menu order: the shortcuts help is made from this."""
        return (
            [self.files.open, self.files.save, self.quit_action]
            + [self.canvas_control.undo, self.canvas_control.redo, self.files.copy, self.files.paste]
            + [self.canvas_control.clear, self.canvas_control.eraser, self.canvas_control.bigger]
            + [self.canvas_control.smaller]
            + self.teach.keyboard_actions()
            + [self.shortcuts_action]
        )

    # --- construction ---------------------------------------------------------------

    def _build_layout(self) -> None:
        central = QWidget(self)
        drawing_and_reading = QHBoxLayout()
        drawing_and_reading.setContentsMargins(0, 0, 0, 0)
        drawing_and_reading.addWidget(self.canvas, 1)
        drawing_and_reading.addWidget(self.panel)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addLayout(drawing_and_reading, 1)
        self.setCentralWidget(central)
        tools = self.canvas_control.tool_bar(self)
        tools.insertAction(tools.actions()[0], self.files.open)
        tools.insertSeparator(tools.actions()[1])
        self.addToolBar(tools)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.files.open)
        file_menu.addMenu(self.files.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.files.save)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.canvas_control.undo, self.canvas_control.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.files.copy, self.files.paste])
        edit_menu.addSeparator()
        edit_menu.addAction(self.canvas_control.clear)
        edit_menu.addSeparator()
        edit_menu.addActions([self.canvas_control.eraser, self.canvas_control.bigger, self.canvas_control.smaller])

        self.model_menu = self.build_model_menu()

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        # Shortcuts work even while the menu bar is hidden (full screen, some desktops).
        self.addActions(self.keyboard_actions())

    def _build_status_bar(self) -> None:
        self.model_label = QLabel(LOADING_MESSAGE, self)
        self.model_label.setAccessibleName("Model in use")
        self.timing_label = QLabel(self)
        self.timing_label.setAccessibleName("Time of the last reading")
        self.statusBar().addPermanentWidget(self.timing_label)
        self.statusBar().addPermanentWidget(self.model_label)

    def _connect(self) -> None:
        self.recognizer.reading_changed.connect(self._show_reading)
        self.recognizer.model_changed.connect(self._show_model)
        self.panel.bars.digit_clicked.connect(self.teach.keep_sample)
        for source in (self.files, self.models, self.teach):
            source.message_posted.connect(self.banner.show_message)
            source.message_resolved.connect(self.banner.dismiss)
            source.status_posted.connect(self._show_status)

    # --- what the window shows ---------------------------------------------------------

    def _show_reading(self, reading: Reading) -> None:
        self.panel.show_reading(reading)
        self.setWindowTitle(window_title(reading))
        self.timing_label.setText("" if reading.milliseconds is None else f"Read in {reading.milliseconds:.1f} ms")

    def _show_status(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, STATUS_SECONDS * 1000)
        else:
            self.statusBar().clearMessage()

    def _show_model(self, model: LoadedModel) -> None:
        self.model_label.setText(f"Model: {model.label}")
        self.model_label.setToolTip(str(model.folder))

    # --- Qt events ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if might_hold_image(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.files.open_mime(event.mimeData(), DROPPED_NAME):
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window(self)
        self.settings.set_brush_size(self.canvas.brush_size())
        self.settings.sync()
        self.workers.shutdown()
        super().closeEvent(event)
