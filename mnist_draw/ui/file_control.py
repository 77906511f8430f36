"""Pictures in and drawings out: open, recent files, drop, paste, save as PNG, copy.

Opening never disturbs what is on screen until the picture has been read: a
file that cannot be read leaves the drawing and the model as they were, and
says why in the window.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QStyle, QWidget

from .banner import Level
from .canvas import DrawingCanvas, PlacedImage
from .help_dialogs import keys_text
from .icons import themed_icon
from .image_input import (
    PASTED_NAME,
    DecodedImage,
    ImageReader,
    ImageRequest,
    in_sentence,
    open_dialog_filter,
    request_for_file,
    request_from_mime,
)
from .settings import AppSettings
from .worker import WorkerPool

if TYPE_CHECKING:
    from ..frames import Frames
    from ..preprocess import ImageError

EXPORT_SIDE = 560  # pixels a side of a saved or copied drawing
TOPIC = "image"
SAVE_TOPIC = "save"  # the banner's topic for a drawing that could not be saved


class FileController(QObject):
    message_posted = Signal(str, object, str)  # text, banner Level, topic
    message_resolved = Signal(str)  # topic: a success makes its earlier error moot
    status_posted = Signal(str)  # a passing note for the status bar
    status_with_hint_posted = Signal(str, str)  # a note, and the note with a hint after it (shown where it fits)
    reading_started = Signal()  # a picture is being opened: the user has moved on
    several_digits_found = Signal(str)  # an opened picture seems to hold a number: its name, mid-sentence

    def __init__(self, canvas: DrawingCanvas, settings: AppSettings, workers: WorkerPool, window: QWidget) -> None:
        super().__init__(window)
        self._canvas = canvas
        self._settings = settings
        self._window = window
        self._reader = ImageReader(workers, self)
        self._reader.image_read.connect(self._show)
        self._reader.image_failed.connect(self._failed)

        self.open = QAction(
            themed_icon(window, "document-open", QStyle.StandardPixmap.SP_DialogOpenButton), self.tr("&Open image…"), self
        )
        self.open.setShortcut(QKeySequence.StandardKey.Open)
        self.open.setToolTip(self.tr("Open a picture of a digit ({keys})").format(keys=keys_text(self.open)))
        self.open.triggered.connect(self.choose_file)
        self.save = QAction(self.tr("&Save drawing as PNG…"), self)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.save.setStatusTip(self.tr("Save what is read: the strokes, and the ink found on a picture, on plain paper"))
        self.save.triggered.connect(self.choose_save_path)
        self.copy = QAction(self.tr("&Copy drawing"), self)
        self.copy.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy.setStatusTip(self.tr("Copy what is read: the strokes, and the ink found on a picture, on plain paper"))
        self.copy.triggered.connect(self.copy_drawing)
        self.paste = QAction(self.tr("&Paste image"), self)
        self.paste.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste.triggered.connect(self.paste_image)
        self.recent_menu = QMenu(self.tr("Open &recent"), window)
        canvas.history_changed.connect(self._update)
        self._rebuild_recent_menu()
        self._update()

    # --- pictures in -------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Open a picture of a digit"), self._settings.last_folder(), open_dialog_filter()
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        self.read(request_for_file(path))

    def open_mime(self, mime: QMimeData, name: str) -> bool:
        """Open the picture in dropped or pasted data; False (and a message) when there is none."""
        request = request_from_mime(mime, name)
        if request is None:
            if any(not url.isLocalFile() for url in mime.urls()):  # a link dragged from a browser
                text = self.tr(
                    "mnist-draw opens pictures on this computer, not web addresses: save the picture first, "
                    "then open or drop the file."
                )
            else:
                text = self.tr("There is no picture in what was given: drop or paste an image or an image file.")
            self.message_posted.emit(text, Level.INFO, TOPIC)
            return False
        self.read(request)
        return True

    def paste_image(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        request = None if mime is None else request_from_mime(mime, PASTED_NAME)
        if request is None:
            self.message_posted.emit(self.tr("The clipboard holds no picture to paste."), Level.INFO, TOPIC)
            return
        self.read(request)

    def read(self, request: ImageRequest) -> None:
        screen = self._canvas.screen()
        if screen is not None:  # a picture larger than the working copy is kept this large too, to show sharper
            size = screen.size()
            request = replace(request, screen_side=round(max(size.width(), size.height()) * screen.devicePixelRatio()))
        self.reading_started.emit()
        self.status_posted.emit(self.tr("Reading {name}…").format(name=in_sentence(request)))
        self._reader.read(request)

    def _show(self, decoded: DecodedImage) -> None:
        request = decoded.request
        placed = PlacedImage(
            decoded.picture, request.name, decoded.model_input, decoded.found, decoded.close_up, decoded.number_close_up, decoded.block
        )
        self._canvas.show_image(placed)
        # Shown at once from the working copy; a copy at the screen's size follows, to show it sharper.
        self._reader.read_sharper(decoded, lambda copy: self._canvas.keep_sharper(placed, copy))
        self.message_resolved.emit(TOPIC)
        opened = self.tr("Opened {name} ({ms} ms)").format(
            name=in_sentence(request), ms=milliseconds_text(decoded.milliseconds)
        )
        if _too_small_or_thin(decoded):  # the panel says so: the size says why
            opened = self.tr("Opened {name}, {width} × {height} pixels ({ms} ms)").format(
                name=in_sentence(request), width=f"{decoded.size[0]:,}", height=f"{decoded.size[1]:,}", ms=milliseconds_text(decoded.milliseconds)
            )
        if decoded.frames is not None:
            opened = self._first_frame_read(opened, decoded.frames)
        if request.given > 1:  # the others were not opened: said, not silently left
            opened = self.tr("{opened}; the first picture of the {count} files given, as one picture is read at a time").format(
                opened=opened, count=f"{request.given:,}"
            )
        hinted = self.tr("{opened}; draw over it, right-drag erases marks").format(opened=opened) if decoded.found is not None else ""
        self.status_with_hint_posted.emit(opened, hinted)
        if decoded.several_digits:
            self.several_digits_found.emit(in_sentence(request))
        if request.path:
            self._settings.add_recent_file(request.path)
            self._rebuild_recent_menu()

    def _first_frame_read(self, opened: str, frames: Frames) -> str:
        """``opened`` ("Opened anim.gif (12 ms)") saying that only the first of the file's frames
        or pages is read: read from its first frame without a word, an animation's reading was
        of a picture the user could not tell."""
        if frames.pages:
            text = self.tr("{opened}: only its first page of {count} or more is read") if frames.more else self.tr(
                "{opened}: only its first page of {count} is read"
            )
        else:
            text = self.tr("{opened}: only its first frame of {count} or more is read") if frames.more else self.tr(
                "{opened}: only its first frame of {count} is read"
            )
        return text.format(opened=opened, count=f"{frames.count:,}")

    def _failed(self, error: ImageError, request: ImageRequest) -> None:
        self.status_posted.emit("")  # "Reading …" is over
        path = Path(request.path) if request.path else None
        if path is not None and request.path in self._settings.recent_files() and not path.exists():
            # Left in the menu, it would fail the same way every time it is chosen.
            self._settings.remove_recent_file(request.path)
            self._rebuild_recent_menu()
            message = self.tr(
                "{name} is no longer in {folder}: it was moved, renamed or deleted, so it is taken off Open recent. "
                "The drawing is unchanged."
            ).format(name=path.name, folder=path.parent)
        elif path is not None and _missing(path) and (missing := self._missing_message(path)) is not None:
            message = missing
        else:
            # The reader says what went wrong and what to do; what was kept is the window's to say
            # ("notes.png is not an image format that can be read: open a picture..." left the reader
            # wondering whether the drawing under the message was lost), and it is said before what to do.
            message = error.told(self.tr("The drawing is unchanged."))
        self.message_posted.emit(message, Level.ERROR, TOPIC)

    def _missing_message(self, path: Path) -> str | None:
        """Said when a file named to open (on the command line, say) is not there: "/full/path/gone.png
        does not exist." said what happened, not that nothing changed, nor what to do next. None when
        the current folder a relative name is in was deleted: the reader's own message says so."""
        try:
            path = Path(os.path.abspath(path))  # "gone.png is not in .": the folder named in full
        except OSError:  # os.getcwd() failed: the error went up through the slot, and no message was shown
            return None
        keys = self.open.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if os.path.isdir(path.parent):
            text = self.tr(
                "There is no file named {name} in {folder}, so no picture was opened; the drawing is unchanged. "
                "Check the name, or choose the picture with Open image ({keys})."
            )
        else:
            text = self.tr(
                "There is no folder {folder}, so {name} could not be opened; the drawing is unchanged. "
                "Check the path, or choose the picture with Open image ({keys})."
            )
        return text.format(name=path.name, folder=path.parent, keys=keys)

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self._settings.recent_files()
        for number, path in enumerate(files, start=1):
            # Numbers 1-9 give each entry a keyboard mnemonic.
            mnemonic = f"&{number} " if number < 10 else ""
            action = self.recent_menu.addAction(mnemonic + Path(path).name.replace("&", "&&"))
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, chosen=path: self.open_file(chosen))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("&Clear recent files"), self._clear_recent)
        self.recent_menu.setEnabled(bool(files))

    def _clear_recent(self) -> None:
        self._settings.clear_recent_files()
        self._rebuild_recent_menu()

    # --- drawings out ----------------------------------------------------------------

    def choose_save_path(self) -> None:
        suggested = str(Path(self._settings.last_folder()) / "digit.png")
        path, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Save drawing as PNG"), suggested, self.tr("PNG image (*.png)")
        )
        if path:
            self.save_drawing(path)

    def save_drawing(self, path: str | Path) -> bool:
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        if not self._canvas.to_image(EXPORT_SIDE, picture=False).save(str(path), "PNG"):
            self.message_posted.emit(
                self.tr("The drawing could not be saved to {path}: check the folder exists and is writable.").format(
                    path=path
                ),
                Level.ERROR,
                SAVE_TOPIC,
            )
            return False
        self.message_resolved.emit(SAVE_TOPIC)  # a failure said before is no longer true
        self._settings.set_last_folder(str(path.parent))
        self.status_posted.emit(self.tr("Saved the drawing to {path}").format(path=path))
        return True

    def copy_drawing(self) -> None:
        QGuiApplication.clipboard().setImage(self._canvas.to_image(EXPORT_SIDE, picture=False))
        self.status_posted.emit(self.tr("Copied the drawing to the clipboard"))

    def _update(self) -> None:
        # Save and Copy give what is read, never the photo under it: with no ink to give
        # (an empty canvas, a blank picture, every mark erased) there is nothing to save.
        has_ink = self._canvas.has_ink()
        self.save.setEnabled(has_ink)
        self.copy.setEnabled(has_ink)


def _missing(path: Path) -> bool:
    """Whether nothing at all is at ``path`` (not even a broken link); False for a name the system
    refuses (a null byte in it), which has its own message."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _too_small_or_thin(decoded: DecodedImage) -> bool:
    """Whether the picture was read as too small or too thin to hold a digit."""
    from ..preprocess import TOO_SMALL_IMAGE, TOO_THIN_IMAGE  # loaded: the picture was read with it

    return decoded.model_input.reason in (TOO_SMALL_IMAGE, TOO_THIN_IMAGE)


def milliseconds_text(milliseconds: float, decimals: int = 0) -> str:
    """A time in milliseconds to ``decimals`` places, "<1" under one, as the bars give chances: "Opened
    strip.png (0 ms)" said it took no time at all (a 3000x3 picture, 0.3 ms), and "Read in 0.0 ms" alike."""
    return "<1" if milliseconds < 1 else f"{milliseconds:.{decimals}f}"
