"""Pictures of digits from files, drops and the clipboard, decoded off the UI thread.

A photo can take tens of milliseconds to decode, more for a large JPEG, so the
decoding and the model's preparation (``preprocess.image_to_input``) run in the
window's worker pool. Whatever the user gives us, the outcome is a decoded picture
or a message in plain words; never an exception on the UI thread.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMimeData,
    QObject,
    QUrl,
    Signal,
)
from PySide6.QtGui import QImage

from ..safe_files import is_file
from .canvas import PAPER_SIDE, SHARPER_BYTES_KEPT
from .worker import Worker, WorkerPool, log_if_unlogged

if TYPE_CHECKING:
    from PIL import Image

    from ..close_up import CloseUp
    from ..frames import Frames
    from ..paper import PaperInk
    from ..preprocess import ImageError, ModelInput, OpenedPicture

# Names for pictures that have no file name; messages start with them, so they
# are capitalised: ``in_sentence`` gives the form for the middle of a sentence.
# Marked for translation here, translated in ``request_from_mime``.
PASTED_NAME = QT_TRANSLATE_NOOP("ImageReader", "The pasted image")
DROPPED_NAME = QT_TRANSLATE_NOOP("ImageReader", "The dropped image")
# The formats people have pictures in, first in the Open dialog; any other
# format Pillow reads opens too, through "All files".
COMMON_EXTENSIONS = ("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff")
# A copy to show sharper is kept only when it has this many times the working copy's pixels a side at least.
SHARPER_GAIN = 1.5


@dataclass(frozen=True)
class ImageRequest:
    """Something to read as a picture."""

    # A file path, the bytes of an encoded image, or pasted or dropped image data, turned
    # into pixels by the worker: an 8K screenshot took the window 1.7 s to encode as PNG.
    source: str | bytes | QImage
    name: str  # how messages refer to it
    path: str | None = None  # the file, to remember among the recent ones
    # The screen's larger side in its pixels: a picture larger than the working copy is also
    # kept this large, to show sharper zoomed in (0: not).
    screen_side: int = 0
    # Files given at once (dropped or pasted together): the first picture file among them is
    # opened (by its name: request_from_mime), and the status says so (one picture is read at a time).
    given: int = 1


@dataclass(frozen=True)
class DecodedImage:
    request: ImageRequest
    picture: QImage  # upright, at most preprocess.WORK_SIDE pixels a side, to show
    model_input: ModelInput
    milliseconds: float  # decoding and preparing took this long
    found: PaperInk | None = None  # the ink found on the picture, at ``picture``'s size
    # A small digit's region of a large picture read closer: its ink only (a few hundred
    # pixels a side), so the picture itself is never kept at full size.
    close_up: CloseUp | None = None
    # A number's alike: the region round all the ink, when that ink is small (number mode reads it).
    number_close_up: CloseUp | None = None
    size: tuple[int, int] = (0, 0)  # the picture's own width and height, upright
    # Laid on dark grey to be seen (light ink on a transparent picture: visible()). Decided once, on the
    # working copy: a copy shown in its place is laid alike, though decided on its pixels it might not be.
    backed: bool = False
    # The file as it was when read (_file_stamp): a copy decoded later is of the same picture only while it stays so.
    stamp: tuple[int, int, int] | None = None
    block: int = 1  # each of the picture's own pixels is this many of ``picture``'s across (_drawable)
    frames: Frames | None = None  # an animation's frames or a TIFF's pages, of which the first is read

    @property
    def sharper_side(self) -> int:
        """The larger side of a copy at the screen's size: no larger than the screen or the
        picture, and small enough that the canvas may keep it (one copy alone within
        SHARPER_BYTES_KEPT: a screen 7680 pixels wide would otherwise take 177 MB)."""
        width, height = self.size
        if min(width, height) <= 0:
            return 0
        within_memory = math.isqrt(SHARPER_BYTES_KEPT // 4 * max(width, height) // min(width, height))
        return min(self.request.screen_side, max(width, height), within_memory)

    @property
    def wants_sharper(self) -> bool:
        """Whether a copy at the screen's size (:func:`sharper_copy`) would be sharper enough than
        ``picture`` to show in its place: the working copy is a blur zoomed in on a large photo."""
        return self.sharper_side >= max(self.picture.width(), self.picture.height()) * SHARPER_GAIN

    @property
    def several_digits(self) -> bool:
        """The picture seems to hold a number; its central digit was read. Not when a lone
        digit written small was read: it is read only with no digit-sized mark beside it, so
        a speck or a page number far across the page is no second digit there (saying
        "several digits" then offered number mode for a digit read alone). Nor when the picture
        holds no digit at all (an empty printed box was "several digits", and number mode says
        it holds none)."""
        from ..preprocess import NO_DIGIT_IN_PICTURE  # loaded: the picture was read with it

        if self.found is None or self.model_input.reason in NO_DIGIT_IN_PICTURE:
            return False
        if self.close_up is not None and self.close_up.read_for_a_lone_digit:
            return self.found.digits_beside
        return self.found.several_digits


def request_for_file(path: str | Path) -> ImageRequest:
    path = str(path)
    return ImageRequest(path, Path(path).name, path)


def request_from_mime(mime: QMimeData, name: str) -> ImageRequest | None:
    """The picture in dropped or pasted data: a file first (its name is worth keeping; of several,
    the first named as a picture is, else the first that is a file: a folder or a note dropped with
    pictures was refused in their place), then image data; None when there is neither."""
    local = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if local:
        files = [path for path in local if is_file(path)]
        if not files:  # a folder, or a file gone: its own message says why
            return request_for_file(local[0])
        pictures = [path for path in files if Path(path).suffix.lower().lstrip(".") in COMMON_EXTENSIONS]
        return replace(request_for_file((pictures or files)[0]), given=len(files))
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return ImageRequest(image, QCoreApplication.translate("ImageReader", name))
    if mime.hasText():
        # Some file managers copy a file as its path in plain text.
        text = mime.text().strip()
        candidate = QUrl(text).toLocalFile() if text.startswith("file:") else text
        if candidate and "\n" not in candidate and is_file(candidate):
            return request_for_file(candidate)
    return None


def might_hold_image(mime: QMimeData) -> bool:
    """Whether a drag is worth accepting; the drop itself decides for sure (and says why
    it opens nothing: a web address is taken for that, where a drag refused says nothing)."""
    return mime.hasUrls() or mime.hasImage()


def pixels_of(image: QImage) -> Image.Image:
    """Image data as a picture to read, its transparency kept. In the worker: QImage
    may be read from any thread."""
    from PIL import Image

    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (rgba.width(), rgba.height()), bytes(rgba.constBits()), "raw", "RGBA", rgba.bytesPerLine())


def in_sentence(request: ImageRequest) -> str:
    """How to name the picture mid-sentence: "Opened the pasted image", "Opened photo.JPG"."""
    if request.path is None and request.name[:1].isupper():
        return request.name[0].lower() + request.name[1:]
    return request.name


def open_dialog_filter() -> str:
    """File dialog filters: the usual picture formats first, then every file (what
    Pillow can read, it opens, whatever the name)."""
    patterns = " ".join(f"*.{extension}" for extension in COMMON_EXTENSIONS)
    return QCoreApplication.translate("ImageReader", "Images ({patterns});;All files (*)").format(patterns=patterns)


def decode(request: ImageRequest) -> DecodedImage:
    """Decode a picture and prepare it for the model. Runs in a worker thread;
    raises ``preprocess.ImageError`` with a message for the user."""
    from .. import preprocess  # imported in the worker, after the window is up

    started = time.perf_counter()
    # Decoded once: the picture shown and the ink found on it are the same pixels,
    # so the ink lies exactly over the picture and the eraser's sweeps map onto both.
    if isinstance(request.source, QImage):
        # Before its pixels are copied out: a huge pasted picture is refused, not copied twice first.
        preprocess.check_size(request.source.width(), request.source.height(), request.name)
    source = pixels_of(request.source) if isinstance(request.source, QImage) else request.source
    stamp = _file_stamp(source)  # before it is read: a change while it is read is one since
    # The source, not a working copy: a small digit in a large picture is read from its own pixels,
    # and so is a number written small, which number mode reads (at hand before it is switched on).
    opened = preprocess.open_picture(source, number=True)
    shown, block = _drawable(preprocess.picture_to_show(opened.picture), opened)
    backed = wants_backing(shown)
    milliseconds = (time.perf_counter() - started) * 1000
    return DecodedImage(
        request,
        _qimage(visible(shown, backed)),
        opened.model_input,
        milliseconds,
        opened.found,
        opened.close_up,
        opened.number_close_up,
        opened.size,
        backed,
        stamp,
        block,
        opened.frames,
    )


def _drawable(picture: Image.Image, opened: OpenedPicture) -> tuple[Image.Image, int]:
    """A small picture no ink was found on (a pixel, a blank 8x8 icon) enlarged, each pixel a block,
    to about the paper's side: the strokes the panel asks for over it are read in its pixels, and a
    digit drawn over a 1x1 or an 8x8 picture was read in that few as "The image is blank". A picture
    with ink found is read in its own pixels, as the ink is (enlarged, the two would not lie together).
    With how many of its pixels across each of the picture's own is."""
    from PIL import Image

    if opened.found is not None or opened.close_up is not None or opened.number_close_up is not None:
        return picture, 1
    block = math.ceil(PAPER_SIDE / max(picture.size))
    if block <= 1:
        return picture, 1
    return picture.resize((picture.width * block, picture.height * block), Image.Resampling.NEAREST), block


def _file_stamp(source: object) -> tuple[int, int, int] | None:
    """A file's identity, size and time of change (None for pixels in memory, or a file gone):
    a file saved over, or replaced, since it was read has another."""
    if not isinstance(source, (str, os.PathLike)):
        return None
    try:
        status = os.stat(source)
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def sharper_copy(decoded: DecodedImage) -> QImage | None:
    """The picture decoded again at up to the screen's size (``ImageRequest.screen_side``),
    turned and coloured as ``decoded.picture`` is; None when it would not be sharper enough to
    be worth its memory, or cannot be decoded again. Runs in a worker, after the picture is
    shown: it took as long again as opening it (300 to 700 ms for a 12-megapixel photo)."""
    from .. import preprocess

    if not decoded.wants_sharper:
        return None
    source = decoded.request.source
    source = pixels_of(source) if isinstance(source, QImage) else source
    # Only a view of what was read: a file changed since (before this decoding or during it) is not shown.
    if _file_stamp(source) != decoded.stamp:
        return None
    screen_sized = preprocess.picture_for_screen(source, decoded.sharper_side)
    if screen_sized is None or _file_stamp(source) != decoded.stamp:
        return None
    copy = _qimage(visible(preprocess.picture_to_show(screen_sized), decoded.backed))
    # Turned alike (its shape the working copy's, to a pixel's rounding): it is painted in its place.
    working = decoded.picture
    if abs(copy.width() / copy.height() - working.width() / working.height()) >= 0.02:
        return None
    return copy


def _qimage(picture: Image.Image) -> QImage:
    """An RGBA picture as a QImage that owns its pixels (QImage only borrows the buffer: copy())."""
    return QImage(picture.tobytes(), picture.width, picture.height, 4 * picture.width, QImage.Format.Format_RGBA8888).copy()


def wants_backing(picture: Image.Image) -> bool:
    """Whether an RGBA picture is transparent with light ink (a white digit on a transparent PNG),
    to be laid on dark grey so that it shows on the white canvas as it is read (:func:`visible`)."""
    alpha = picture.getchannel("A")
    if alpha.getextrema()[0] > 250:
        return False  # opaque: shown as it is
    opaque = alpha.point(lambda a: 255 if a > 128 else 0)
    luminance = picture.convert("L")
    histogram = luminance.histogram(mask=opaque)
    count = sum(histogram)
    # Dark ink (or none): the white paper behind it is the right background.
    return bool(count) and sum(level * n for level, n in enumerate(histogram)) / count >= 128


def visible(picture: Image.Image, backed: bool) -> Image.Image:
    """An RGBA picture laid on dark grey when ``backed`` (:func:`wants_backing`), else as it is."""
    from PIL import Image

    if not backed:
        return picture
    background = Image.new("RGBA", picture.size, (48, 52, 60, 255))
    return Image.alpha_composite(background, picture)


class ImageReader(QObject):
    """Reads pictures in the background; the newest request wins (an older one is cancelled).
    A picture read may be decoded again, larger, to show sharper (:meth:`read_sharper`)."""

    image_read = Signal(object)  # DecodedImage
    image_failed = Signal(object, object)  # what went wrong for the user (preprocess.ImageError), the ImageRequest

    def __init__(self, workers: WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = workers
        self._current: Worker | None = None
        self._sharper: Worker | None = None

    def read(self, request: ImageRequest) -> None:
        for worker in (self._current, self._sharper):
            if worker is not None:
                worker.cancel()
        worker = self._current = self._workers.start(lambda: decode(request))
        worker.finished.connect(self.image_read.emit)
        worker.failed.connect(lambda error: self._failed(request, error))

    def read_sharper(self, decoded: DecodedImage, done: Callable[[QImage], None]) -> None:
        """Decode ``decoded``'s picture again at the screen's size and give it to ``done``, if worth it
        (:func:`sharper_copy`). Nothing is said if that fails: the working copy shown stands."""
        if not decoded.wants_sharper:
            return
        worker = self._sharper = self._workers.start(lambda: sharper_copy(decoded))
        worker.finished.connect(lambda copy: copy is not None and done(copy))
        worker.failed.connect(lambda error: log_if_unlogged(error, f"Decoding {decoded.request.name} at the screen's size failed"))

    def _failed(self, request: ImageRequest, error: Exception) -> None:
        from ..preprocess import ImageError

        if not isinstance(error, (ImageError, MemoryError)):
            log_if_unlogged(error, f"Reading {request.name} failed")
        self.image_failed.emit(failure_message(request, error), request)


def failure_message(request: ImageRequest, error: Exception) -> ImageError:
    """What the user reads when a picture could not be read, in its two parts (what happened,
    what to do): the decoder's own plain words, else sentences that never carry a library's text."""
    from ..preprocess import ImageError

    if isinstance(error, ImageError):
        return error
    if isinstance(error, MemoryError):
        return ImageError(
            QCoreApplication.translate("ImageReader", "{name} is too large to open: there is not enough memory.").format(name=request.name),
            QCoreApplication.translate("ImageReader", "Save a smaller copy and open that."),
        )
    return ImageError(
        QCoreApplication.translate("ImageReader", "{name} could not be read.").format(name=request.name),
        QCoreApplication.translate("ImageReader", "Try saving it as PNG or JPEG and opening that."),
    )
