"""The main window: lays out the canvas and the reading panel, builds the menus and
connects the parts. The work itself lives in the parts: the canvas draws,
the ``Recognizer`` reads it live, the side panel shows the reading,
``FileController`` opens and saves, ``ModelController`` picks the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QWidget,
)

from ..reading import percent_text
from . import help_dialogs
from .worker import WorkerPool
from .banner import MessageBanner
from .canvas import DEFAULT_BRUSH, DrawingCanvas
from .canvas_control import CanvasController
from .core_texts import core_text, model_label
from .file_control import FileController, milliseconds_text
from .image_input import DROPPED_NAME, might_hold_image
from .live_recognizer import LOADING_MESSAGE, Recognizer
from .model_control import ModelController
from .number_control import NumberController
from .settings import AppSettings
from .show_why_control import ShowWhyController
from .side_panel import ReadingPanel
from .status_notes import StatusNotes
from .teach_control import TeachController
from .view_control import ViewController
from .window_layout import CanvasBesidePanel
from .zoom_control import ZoomController

if TYPE_CHECKING:
    from ..model_store import LoadedModel
    from ..number import NumberReading
    from ..reading import Reading

APP_TITLE = "mnist-draw"
DEFAULT_SIZE = QSize(960, 700)
MINIMUM_SIZE = QSize(640, 480)  # every tool in view and a canvas big enough to draw on
# How long closing waits for the model the user chose (a newly trained one, or a file loaded
# with Load model file) to be put in place. An install
# takes a second or two (most of it its check's child process starting); one still at its
# check or waiting for another window's install after this is stopped (its own limits,
# model_check.CHECK_TIMEOUT and install_guard.WAIT_SECONDS, would take over a minute),
# and the model kept for the user to load (a file loaded stays where it is, and the notice says
# where), so a closed window is gone within about this.
INSTALL_WAIT_MS = 30_000


def titled(shown: str) -> str:
    """The window's title with what was read first, so it shows in the task bar:
    "7 (98%) - mnist-draw"; the app's name alone when nothing was read."""
    return f"{shown} - {APP_TITLE}" if shown else APP_TITLE


def window_title(reading: Reading) -> str:
    """The title for a digit's reading: "7 (98%) - mnist-draw", "4 or 9? - mnist-draw"."""
    if reading.probabilities is None:
        return APP_TITLE
    if not reading.is_digit:
        shown = QCoreApplication.translate("MainWindow", "Not a digit")
    elif reading.is_sure:
        shown = f"{reading.digit} ({percent_text(reading.confidence)})"
    else:
        shown = QCoreApplication.translate("MainWindow", "{first} or {second}?").format(first=reading.digit, second=reading.runner_up)
    return titled(shown)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.workers = WorkerPool(self)
        self.canvas = DrawingCanvas(self)
        self.recognizer = Recognizer(self.canvas, self.workers, self)
        self.panel = ReadingPanel(self)
        self.banner: MessageBanner  # made with the layout: it floats over the canvas
        self.canvas_control = CanvasController(self.canvas, self)
        self.files = FileController(self.canvas, self.settings, self.workers, self)
        self.models = ModelController(self.recognizer, self)  # with a pool of its own: a model check may take a minute
        self.teach = TeachController(self.canvas, self.recognizer, self.models, self, self.settings)
        self.teach.correction_anchor = self.panel.bars
        self.number = NumberController(self.canvas, self.recognizer, self.panel, self.settings, self)
        self.teach.number_mode = self.number.mode
        # The panel's texts name these actions' keys as the actions have them (a Mac's, a desktop's).
        self.panel.name_keys({"undo": self.canvas_control.undo, "number_mode": self.number.mode, "clear": self.canvas_control.clear})
        self.show_why = ShowWhyController(self.canvas, self.panel.preview, self.recognizer, self.workers, self)
        self.zoom = ZoomController(self.canvas, self.recognizer, self)
        self.quit_action = QAction(self.tr("&Quit"), self)
        # Some desktops bind no key to Quit; Ctrl+Q is then the one everybody expects.
        self.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")])
        self.quit_action.triggered.connect(self.close)
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(
            lambda: help_dialogs.show_shortcuts(self, self.shortcut_groups(), self.view.dialog_text_scale())
        )
        self.about_action = QAction(self.tr("&About mnist-draw"), self)
        self.about_action.triggered.connect(lambda: help_dialogs.show_about(self))

        self._build_layout()
        self.view = ViewController(self, self.panel, self.split, self.canvas)
        self._build_menus()
        self._build_status_bar()
        self._install_training_status()
        self._connect()
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.canvas.set_brush_size(self.settings.brush_size(DEFAULT_BRUSH))
        # The keyboard starts on the canvas, not on the first bar, where Space would teach a 0;
        # Tab leads back to it (its arrow keys pan a zoomed picture and select a number's digits).
        self.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._set_tab_order()  # once the canvas takes the keyboard: Qt orders only widgets that do
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.settings.restore_window(self):
            self.resize(DEFAULT_SIZE)

    def build_model_menu(self) -> QMenu:
        """The Model menu. Retraining, teaching and the user's samples add their items here."""
        menu = self.menuBar().addMenu(self.tr("&Model"))
        self.models.populate_menu(menu)
        self.teach.populate_menu(menu)
        return menu

    def keyboard_actions(self) -> list[QAction]:
        """Every action with a shortcut, in menu order: the shortcuts help is made from this."""
        return (
            [self.files.open, self.files.save, self.quit_action]
            + [self.canvas_control.undo, self.canvas_control.redo, self.files.copy, self.number.copy_number]
            + [self.files.paste]
            + [self.canvas_control.clear, self.canvas_control.eraser, self.canvas_control.bigger]
            + [self.canvas_control.smaller]
            + self.view.keyboard_actions()
            + self.zoom.keyboard_actions()
            + [self.number.mode]
            + self.teach.keyboard_actions()
            + [self.shortcuts_action]
        )

    def shortcut_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The shortcuts help's contents: each menu's shortcuts, the arrow keys and the digit keys."""
        menus = [action.menu() for action in self.menuBar().actions() if action.menu() is not None]
        # Short: one column of them fits a 640-pixel window in presentation mode's larger print.
        # Short too: the keys of the groups in a column start at one place, after the longest name among them.
        pan = (self.tr("Pan a zoomed-in picture"), self.tr("Arrow keys"))
        step = (self.tr("Number mode: select a digit"), self.tr("Left, Right, Tab"))
        digits = (self.tr("Keep as a sample of that digit"), self.tr("0 to 9"))
        return help_dialogs.shortcut_groups(menus, {self.view_menu: [pan, step], self.model_menu: [digits]})

    # --- construction ---------------------------------------------------------------

    def _build_layout(self) -> None:
        central = QWidget(self)
        self.split = CanvasBesidePanel(self.canvas, self.panel, central)
        self.split.setContentsMargins(6, 6, 6, 6)
        self.setCentralWidget(central)
        # Over the canvas, outside the layout: a message never moves what is drawn.
        self.banner = MessageBanner(central)
        self.banner.float_over(self.canvas)
        tools = self.canvas_control.tool_bar(self)
        tools.insertAction(tools.actions()[0], self.files.open)
        tools.insertSeparator(tools.actions()[1])
        self.addToolBar(tools)
        # Never narrower than the tool bar: nothing may hide in its overflow menu.
        self.setMinimumSize(max(MINIMUM_SIZE.width(), tools.sizeHint().width()), MINIMUM_SIZE.height())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.files.open)
        file_menu.addMenu(self.files.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.files.save)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.canvas_control.undo, self.canvas_control.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.files.copy, self.number.copy_number, self.files.paste])
        edit_menu.addSeparator()
        edit_menu.addAction(self.canvas_control.clear)
        edit_menu.addSeparator()
        edit_menu.addActions([self.canvas_control.eraser, self.canvas_control.bigger, self.canvas_control.smaller])

        self.view_menu = view_menu = bar.addMenu(self.tr("&View"))
        self.view.populate_menu(view_menu)
        view_menu.addSeparator()
        self.zoom.populate_menu(view_menu)
        view_menu.addSeparator()
        self.number.populate_menu(view_menu)
        view_menu.addSeparator()
        self.show_why.populate_menu(view_menu)

        self.model_menu = self.build_model_menu()

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        # Shortcuts work even while the menu bar is hidden (full screen, some desktops).
        self.addActions(self.keyboard_actions())

    def _build_status_bar(self) -> None:
        self.model_label = QLabel(core_text(LOADING_MESSAGE), self)
        self.model_label.setAccessibleName(self.tr("Model in use"))
        self.timing_label = QLabel(self)
        self.timing_label.setAccessibleName(self.tr("Time of the last reading"))
        self.statusBar().addPermanentWidget(self.timing_label)
        self.statusBar().addPermanentWidget(self.zoom.indicator)
        self.statusBar().addPermanentWidget(self.model_label)
        self.notes = StatusNotes(
            self.statusBar(),
            self.canvas,
            lambda: (self.zoom.indicator, self.model_label, self.teach.training.status_widget),
            gives_way=[self.model_label],  # for a note's few seconds: a sentence is not cut for the model's name
        )
        # A passing message names its own time ("Opened photo.jpg (468 ms)"): the last
        # reading's time gives it the room meanwhile.
        self.statusBar().messageChanged.connect(lambda message: self.timing_label.setVisible(not message))

    def _set_tab_order(self) -> None:
        """Tab follows the layout: the canvas, what floats over it (a message's buttons), its tools,
        then the side panel. In the order the widgets were made, the brush slider came after the ten bars."""
        slider = self.canvas_control.brush_slider
        assert slider is not None  # the tool bar is made with the layout
        chain = [self.canvas, self.banner.offer_button, self.banner.close_button, slider, *self.panel.bars.bars]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def _install_training_status(self) -> None:
        """A run training in the background shows in the status bar, left of the model's name."""
        self.statusBar().insertPermanentWidget(0, self.teach.training.status_widget)

    def _connect(self) -> None:
        self.recognizer.reading_changed.connect(self._show_reading)
        self.recognizer.model_changed.connect(self._show_model)
        self.recognizer.number_changed.connect(self._show_number_time)
        self.panel.bars.digit_clicked.connect(self.teach.keep_sample)
        for source in (self.files, self.models, self.teach, self.number):
            source.message_posted.connect(self.banner.show_message)
        for source in (self.files, self.models, self.teach, self.number):
            source.message_resolved.connect(self.banner.dismiss)
        # Notes about the drawing (files, samples, zoom, a copied number) go with it; the model's do not.
        for source in (self.files, self.teach, self.zoom, self.number):
            source.status_posted.connect(self.notes.show_about_drawing)
        self.files.status_with_hint_posted.connect(self.notes.show_about_drawing)
        for source in (self.models, self.teach.training):
            source.status_posted.connect(self.notes.show)
        self.files.several_digits_found.connect(self.number.offer_number_mode)
        self.zoom.note_moot.connect(self._take_away_note)
        self.view.presentation.toggled.connect(self.zoom.set_shown_on_canvas)  # its status bar is hidden
        self.number.number_shown.connect(lambda shown: self.setWindowTitle(titled(shown)))
        self.number.digit_shown.connect(self.show_why.show_digit)  # in number mode the views show the selected digit
        # A passing message is about what came before: the next action (drawing,
        # clearing, undoing, opening a picture) makes it moot. A sticky one stays.
        self.canvas.strokes_changed.connect(self.banner.dismiss_passing)
        self.canvas.history_changed.connect(self.banner.dismiss_passing)
        self.files.reading_started.connect(self.banner.dismiss_passing)

    # --- what the window shows ---------------------------------------------------------

    def _show_reading(self, reading: Reading) -> None:
        self.panel.show_reading(reading)
        self.setWindowTitle(window_title(reading))
        self._show_time(reading.milliseconds)

    def _take_away_note(self, note: str) -> None:
        """Take ``note`` from the status bar if it still shows there (another may have replaced it)."""
        if self.notes.text() == note:
            self.notes.show_about_drawing("")

    def _show_number_time(self, number: NumberReading | None) -> None:
        if number is not None:
            self._show_time(number.milliseconds)

    def _show_time(self, milliseconds: float | None) -> None:
        self.timing_label.setText("" if milliseconds is None else self.tr("Read in {ms} ms").format(ms=milliseconds_text(milliseconds, 1)))

    def _show_model(self, model: LoadedModel) -> None:
        self.model_label.setText(self.tr("Model: {label}").format(label=model_label(model)))
        self.model_label.setToolTip(str(model.folder))

    # --- Qt events ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if might_hold_image(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.files.open_mime(event.mimeData(), DROPPED_NAME):
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.teach.training.confirm_quit():  # a run, or its new model, would be lost
            event.ignore()
            return
        self.settings.save_window(self)  # while it shows: its place and size are those the user left
        self.settings.set_brush_size(self.canvas.brush_size())
        self.settings.sync()
        # Closing looks instant, as the user expects: the wait below is out of sight. Usually a second
        # or two; a notice for so short a wait would only flash by, and one that goes wrong is told below.
        self._hide_windows()
        # Before the training's files go: an install the user asked for finishes, so the model
        # chosen is in use next time, whole. One that failed, or was stopped after the wait,
        # is kept out of the training's files instead (a file loaded is left where it is).
        not_installed = self.models.shutdown(timeout_ms=INSTALL_WAIT_MS)
        # Every wait over before a model not in place is moved: an install that outlasted the
        # wait above may still end in the few seconds this gives it, and never reads a moved folder.
        self.stop_background_work()
        self.teach.training.shutdown(not_installed)
        self.teach.training.tell_what_was_kept()  # nothing runs any more while the user reads it
        super().closeEvent(event)

    def _hide_windows(self) -> None:
        """Hide the window and every window of its own (dialogs, pop-ups): they close with it."""
        for widget in QApplication.topLevelWidgets():
            owner = widget
            while owner is not None and owner is not self:
                owner = owner.parentWidget()
            if owner is self and widget.isVisible():
                widget.hide()

    def stop_background_work(self) -> None:
        """Let the work running in the background finish, start nothing more and drop every outcome."""
        self.models.shutdown()
        self.workers.shutdown()
        self.teach.shutdown()
