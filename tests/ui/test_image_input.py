"""Pictures in (open, drop, paste) and drawings out (save, copy); bad files never break anything."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication
from ui_helpers import ONE, SEVEN, digit_png

from mnist_draw.ui.image_input import pixels_of, request_from_mime


def file_mime(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def drop(window, mime: QMimeData) -> bool:
    """Drag ``mime`` over the window and drop it; whether the drag was accepted."""
    position = QPointF(window.canvas.mapTo(window, window.canvas.rect().center()))
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(window, QDropEvent(position, Qt.DropAction.CopyAction, mime, buttons, keys))
    return True


def wait_for_picture(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)


def wait_for_message(qtbot, window) -> str:
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=10_000)
    return window.banner.text()


BAD_FILES = {
    "empty.png": (b"", "empty"),
    "notes.png": (b"These are my notes, not a picture.\n" * 20, "not an image"),
    "truncated.png": (digit_png("1")[:300], "damaged"),
    "drawing.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><line x1="0" y1="0" x2="9" y2="9"/></svg>', "SVG"),
}


def test_dropping_a_picture_of_a_one_shows_it_and_reads_it(qtbot, window, digit_file):
    assert drop(window, file_mime(digit_file))
    wait_for_picture(qtbot, window)
    assert window.canvas.drawing().image.name == "one.png"
    assert window.windowTitle().startswith("1 (")
    assert window.panel.preview.image() is not None


def test_opening_a_file_adds_it_to_the_recent_files_menu(qtbot, window, digit_file):
    window.files.open_file(digit_file)
    wait_for_picture(qtbot, window)
    assert window.settings.recent_files() == [str(digit_file.resolve())]
    entries = [action.text() for action in window.files.recent_menu.actions() if not action.isSeparator()]
    assert entries[0] == "&1 one.png" and entries[-1] == "&Clear recent files"


def test_a_recent_file_reopens_from_its_menu_entry(qtbot, window, digit_file):
    window.files.open_file(digit_file)
    wait_for_picture(qtbot, window)
    window.canvas.clear()
    window.files.recent_menu.actions()[0].trigger()
    wait_for_picture(qtbot, window)


def test_pasting_image_data_reads_it(qtbot, window):
    QGuiApplication.clipboard().setImage(QImage.fromData(digit_png("1")))
    window.files.paste.trigger()
    wait_for_picture(qtbot, window)
    assert window.canvas.drawing().image.name == "The pasted image"
    assert window.windowTitle().startswith("1 (")


def test_pasting_a_screenshot_leaves_its_decoding_to_the_worker_and_keeps_its_transparency(qtbot, window):
    # An 8K screenshot was encoded to PNG on the window's thread, twice: 3.5 s frozen.
    screenshot = QImage(7680, 4320, QImage.Format.Format_ARGB32)
    screenshot.fill(Qt.GlobalColor.transparent)
    mime = QMimeData()
    mime.setImageData(screenshot)
    started = time.perf_counter()
    request = request_from_mime(mime, "pasted")
    assert time.perf_counter() - started < 0.5
    picture = pixels_of(request.source)
    assert picture.size == (7680, 4320) and picture.getextrema()[3] == (0, 0)
    QGuiApplication.clipboard().setImage(QImage.fromData(digit_png("1")))
    window.files.paste.trigger()
    wait_for_picture(qtbot, window)
    assert window.windowTitle().startswith("1 (")


def test_a_pasted_picture_too_large_is_refused_in_plain_words(qtbot, window):
    # 8001x8001 one-bit pixels are 8 MB on the clipboard; made RGBA to read, 256 MB: refused before that.
    huge = QImage(8001, 8001, QImage.Format.Format_Mono)
    huge.fill(1)
    QGuiApplication.clipboard().setImage(huge)
    window.files.paste.trigger()
    qtbot.waitUntil(lambda: "too large" in window.banner.text(), timeout=10_000)
    assert "8001x8001 pixels" in window.banner.text() and "Save a smaller copy" in window.banner.text()
    assert window.canvas.drawing().image is None


def test_pasting_a_copied_file_reads_the_file(qtbot, window, digit_file):
    QGuiApplication.clipboard().setMimeData(file_mime(digit_file))
    window.files.paste.trigger()
    wait_for_picture(qtbot, window)
    assert window.canvas.drawing().image.name == "one.png"


def test_pasting_with_nothing_on_the_clipboard_says_so(qtbot, window):
    QGuiApplication.clipboard().setText("hello")
    window.files.paste.trigger()
    assert "no picture" in window.banner.text()


def test_pasting_a_long_line_of_text_says_there_is_no_picture_rather_than_failing(qtbot, window):
    # Text is tried as a copied file's path: one over 255 characters made pathlib
    # raise "File name too long" in the paste, and nothing was said.
    QGuiApplication.clipboard().setText("a sentence copied from a web page " * 10)
    window.files.paste.trigger()
    assert "no picture" in window.banner.text()


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_reported_and_the_drawing_and_model_stay(qtbot, window, tmp_path, name):
    content, words = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    window.canvas.add_stroke(ONE)
    title, strokes, model = window.windowTitle(), window.canvas.strokes(), window.recognizer.model()
    assert drop(window, file_mime(path))
    message = wait_for_message(qtbot, window)
    assert words in message and "Traceback" not in message
    assert window.canvas.strokes() == strokes and window.canvas.drawing().image is None
    assert window.windowTitle() == title and window.recognizer.model() is model
    assert window.settings.recent_files() == []


def test_a_folder_dropped_is_reported(qtbot, window, tmp_path):
    drop(window, file_mime(tmp_path))
    assert "folder" in wait_for_message(qtbot, window)


def test_a_good_picture_after_a_bad_one_clears_the_message(qtbot, window, tmp_path, digit_file):
    (tmp_path / "empty.png").write_bytes(b"")
    drop(window, file_mime(tmp_path / "empty.png"))
    wait_for_message(qtbot, window)
    drop(window, file_mime(digit_file))
    wait_for_picture(qtbot, window)
    assert window.banner.text() == ""


def test_drags_without_a_picture_are_refused(window):
    mime = QMimeData()
    mime.setText("just words")
    assert not drop(window, mime)


def test_a_blank_picture_shows_the_empty_state_with_its_reason(qtbot, window, tmp_path):
    from PIL import Image

    path = tmp_path / "blank.png"
    Image.new("L", (100, 100), 255).save(path)
    window.files.open_file(path)
    wait_for_picture(qtbot, window)
    assert window.windowTitle() == "mnist-draw"
    assert "blank" in window.panel.readout.detail.text()


def test_a_picture_opened_after_a_drawing_replaces_it_and_undo_brings_it_back(qtbot, window, digit_file):
    window.canvas.add_stroke(SEVEN)
    window.files.open_file(digit_file)
    wait_for_picture(qtbot, window)
    assert window.canvas.strokes() == []
    assert window.windowTitle().startswith("1 (")
    window.canvas.undo()
    assert window.canvas.drawing().image is None and len(window.canvas.strokes()) == 1
    assert window.recognizer.last_reading().digit == 7


# The 1 of ``digit_png`` (200 pixels, shown 280 units wide) runs down x = 140; these make it a 4.
FOUR_STROKES = [[(75.0, 50.0), (75.0, 150.0)], [(75.0, 150.0), (185.0, 150.0)]]


def test_save_and_copy_of_a_picture_drawn_over_give_its_ink_and_the_strokes_as_read(qtbot, window, digit_file, tmp_path):
    from mnist_draw.preprocess import image_to_input

    window.files.open_file(digit_file)
    wait_for_picture(qtbot, window)
    for stroke in FOUR_STROKES:
        window.canvas.add_stroke(stroke)
    assert window.files.save_drawing(tmp_path / "four.png")
    window.files.copy_drawing()
    copied = QGuiApplication.clipboard().image()
    classifier = window.recognizer.model().classifier
    for path in (tmp_path / "four.png", tmp_path / "copied.png"):
        if path.name == "copied.png":
            assert copied.save(str(path))
        saved = QImage(str(path))
        scale = saved.width() / 280
        assert saved.pixelColor(int(75 * scale), int(100 * scale)).lightness() < 80  # a stroke drawn
        assert saved.pixelColor(int(140 * scale), int(220 * scale)).lightness() < 80  # the picture's 1
        assert int(classifier.predict(image_to_input(path).pixels).argmax()) == 4


def test_save_drawing_writes_a_png_the_model_reads_back(window, tmp_path):
    from mnist_draw.preprocess import image_to_input

    window.canvas.add_stroke(ONE)
    assert window.files.save_drawing(tmp_path / "mine")
    saved = tmp_path / "mine.png"
    assert QImage(str(saved)).width() == 560
    probabilities = window.recognizer.model().classifier.predict(image_to_input(saved).pixels)
    assert int(probabilities.argmax()) == 1


def test_saving_to_a_missing_folder_reports_it(window, tmp_path):
    window.canvas.add_stroke(ONE)
    assert not window.files.save_drawing(tmp_path / "no" / "such" / "folder" / "digit.png")
    assert "could not be saved" in window.banner.text()


def test_saving_again_where_it_works_takes_the_error_away(window, tmp_path):
    window.canvas.add_stroke(ONE)
    window.files.save_drawing(tmp_path / "no" / "such" / "folder" / "digit.png")
    assert window.files.save_drawing(tmp_path / "digit.png")
    assert "could not be saved" not in window.banner.text()  # it would say the drawing is not saved, when it is


def test_copy_puts_the_drawing_on_the_clipboard(window):
    window.canvas.add_stroke(ONE)
    window.files.copy.trigger()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() == 560


def test_save_and_copy_are_disabled_for_an_empty_canvas(window):
    assert not window.files.save.isEnabled() and not window.files.copy.isEnabled()
    window.canvas.add_stroke(ONE)
    assert window.files.save.isEnabled() and window.files.copy.isEnabled()


def test_a_file_path_copied_as_text_counts_as_the_file(digit_file):
    mime = QMimeData()
    mime.setText(str(digit_file))
    assert request_from_mime(mime, "pasted").path == str(digit_file)


def test_a_pasted_picture_is_named_in_plain_words_in_the_status_bar(qtbot, window):
    from mnist_draw.ui.image_input import PASTED_NAME, ImageRequest, in_sentence

    assert in_sentence(ImageRequest(b"", PASTED_NAME)) == "the pasted image"
    assert in_sentence(ImageRequest("/tmp/Photo.JPG", "Photo.JPG", "/tmp/Photo.JPG")) == "Photo.JPG"
    QGuiApplication.clipboard().setImage(QImage.fromData(digit_png("1")))
    window.files.paste.trigger()
    wait_for_picture(qtbot, window)
    assert window.statusBar().currentMessage().startswith("Opened the pasted image")


def test_the_open_dialog_offers_the_usual_picture_formats_first_then_all_files():
    from mnist_draw.ui.image_input import open_dialog_filter

    first, second = open_dialog_filter().split(";;")
    assert first.startswith("Images (*.png *.jpg *.jpeg")
    assert len(first.split()) < 12, "a short list, no obscure formats"
    assert second == "All files (*)"


def test_a_white_digit_on_a_transparent_picture_is_visible_on_the_canvas(qtbot, window, tmp_path):
    from PIL import Image, ImageDraw

    picture = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(picture).line([(100, 30), (100, 170)], fill=(255, 255, 255, 255), width=16)
    path = tmp_path / "white-one.png"
    picture.save(path)
    window.files.open_file(path)
    wait_for_picture(qtbot, window)
    shown = window.canvas.drawing().image.picture
    ink, paper = shown.pixelColor(100, 100), shown.pixelColor(20, 20)
    assert ink.lightness() > 200 and paper.lightness() < 100  # light ink on a dark ground, as read
    assert window.windowTitle().startswith("1 (")


def test_a_picture_is_decoded_once_its_ink_lying_exactly_over_it(tmp_path):
    from PIL import Image, ImageDraw

    from mnist_draw.ui.image_input import decode, request_for_file

    picture = Image.new("RGB", (600, 300), "white")  # turned upright by its EXIF tag, then shrunk
    ImageDraw.Draw(picture).line([(100, 50), (130, 250)], fill="black", width=24)
    exif = picture.getexif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to view"
    path = tmp_path / "turned.jpg"
    picture.save(path, exif=exif)
    decoded = decode(request_for_file(path))
    assert (decoded.picture.width(), decoded.picture.height()) == (192, 384)
    assert decoded.found.ink.shape == (384, 192)
    top, bottom, left, right = decoded.found.box
    assert decoded.picture.pixelColor((left + right) // 2, (top + bottom) // 2).lightness() < 60  # ink under ink


def test_opening_a_picture_says_it_can_be_drawn_over_and_stray_marks_erased(qtbot, window, digit_file):
    window.files.open_file(digit_file)
    wait_for_picture(qtbot, window)
    message = window.statusBar().currentMessage()
    assert message.endswith("; draw over it, right-drag erases marks")


def test_saving_an_edited_picture_keeps_the_ink_read_and_not_what_was_erased(qtbot, window, tmp_path):
    from PIL import Image, ImageDraw

    from mnist_draw.preprocess import image_to_input

    picture = Image.new("RGB", (280, 280), (225, 222, 215))
    draw = ImageDraw.Draw(picture)
    draw.line([(140, 40), (140, 240)], fill=(20, 20, 40), width=20)  # a 1
    draw.line([(40, 120), (90, 120)], fill=(20, 20, 40), width=14)  # and a stray dash beside it
    path = tmp_path / "one-and-a-dash.png"
    picture.save(path)
    window.files.open_file(path)
    wait_for_picture(qtbot, window)
    window.canvas.erase([(35, 120), (95, 120)], radius=12)
    assert window.files.save_drawing(tmp_path / "saved.png")
    saved = QImage(str(tmp_path / "saved.png"))
    paper = window.canvas.palette().color(QPalette.ColorRole.Base)
    scale = saved.width() / 280
    assert saved.pixelColor(int(65 * scale), int(120 * scale)) == paper  # the dash is not in it, nor the photo
    assert saved.pixelColor(int(140 * scale), int(140 * scale)).lightness() < 80  # the 1 is
    probabilities = window.recognizer.model().classifier.predict(image_to_input(tmp_path / "saved.png").pixels)
    assert int(probabilities.argmax()) == 1


def blank_photo(path: Path) -> Path:
    """A photo of a blank page: greyish paper, unevenly lit, grainy, as a JPEG; no ink is found on it."""
    import numpy as np
    from PIL import Image

    y, x = np.mgrid[0:360, 0:360]
    paper = 200 + 15 * x / 360 - 20 * y / 360 + np.random.default_rng(3).normal(0, 4, (360, 360))
    pixels = np.stack([paper, paper * 0.97, paper * 0.92], -1)
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(path, quality=85)
    return path


def test_save_and_copy_of_a_picture_with_no_ink_found_give_the_strokes_drawn_over_it_and_not_the_photo(qtbot, window, tmp_path):
    from mnist_draw.preprocess import image_to_input

    window.files.open_file(blank_photo(tmp_path / "blank-page.jpg"))
    wait_for_picture(qtbot, window)
    assert window.canvas.drawing().image.found is None
    window.canvas.add_stroke(SEVEN)
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit == 7  # the strokes alone are read
    assert window.files.save_drawing(tmp_path / "seven.png")
    window.files.copy_drawing()
    assert QGuiApplication.clipboard().image().save(str(tmp_path / "copied.png"))
    paper = window.canvas.palette().color(QPalette.ColorRole.Base)
    classifier = window.recognizer.model().classifier
    for path in (tmp_path / "seven.png", tmp_path / "copied.png"):
        saved = QImage(str(path))
        scale = saved.width() / 280
        assert saved.pixelColor(int(140 * scale), int(60 * scale)).lightness() < 80  # the 7's bar
        # Plain paper beside it, as with a picture whose ink was found: not the photo's grey.
        assert saved.pixelColor(int(40 * scale), int(250 * scale)) == paper
        assert saved.pixelColor(int(250 * scale), int(200 * scale)) == paper
        assert int(classifier.predict(image_to_input(path).pixels).argmax()) == 7


def test_save_and_copy_are_disabled_while_there_is_no_ink_to_give(qtbot, window, tmp_path, digit_file):
    window.files.open_file(blank_photo(tmp_path / "blank-page.jpg"))
    wait_for_picture(qtbot, window)
    files = window.files
    assert not files.save.isEnabled() and not files.copy.isEnabled()  # a blank page: nothing is read
    window.canvas.add_stroke(ONE)
    assert files.save.isEnabled() and files.copy.isEnabled()
    window.canvas.undo()
    assert not files.save.isEnabled()
    window.files.open_file(digit_file)  # a picture of a 1: its ink is found
    qtbot.waitUntil(lambda: window.canvas.drawing().image.name == digit_file.name, timeout=10_000)
    assert files.save.isEnabled() and files.copy.isEnabled()
    window.canvas.erase([(140.0, y) for y in range(0, 281, 4)], radius=40)  # all of it erased
    assert not files.save.isEnabled() and not files.copy.isEnabled()
    window.canvas.undo()
    assert files.save.isEnabled()


def test_a_photo_of_an_ink_blot_says_so_rather_than_reading_a_0(qtbot, window, tmp_path):
    from PIL import Image, ImageDraw, ImageFilter

    picture = Image.new("RGB", (360, 360), (226, 222, 214))
    ImageDraw.Draw(picture).ellipse((90, 90, 270, 270), fill=(30, 32, 60))  # a filled disc of ink, half the picture across
    picture.filter(ImageFilter.GaussianBlur(1)).save(tmp_path / "blot.jpg", quality=88)
    window.files.open_file(tmp_path / "blot.jpg")
    wait_for_picture(qtbot, window)
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit is None
    assert "blot of ink" in window.panel.readout.detail.text()
    assert window.canvas.drawing().image.found is not None  # shown as ink: the eraser and the pen work on it


@pytest.mark.parametrize(
    ("name", "paper", "ink", "dtype"),
    [("scan16.png", 60000, 3000, "uint16"), ("scan32.tif", 100_000, 5_000, "int32"), ("float.tif", 0.9, 0.05, "float32")],
)
def test_a_deep_greyscale_picture_is_shown_as_the_model_reads_it_not_as_a_blank_page(qtbot, window, tmp_path, name, paper, ink, dtype):
    import numpy as np
    from PIL import Image

    values = np.full((200, 200), paper, dtype)
    values[30:170, 92:108] = ink  # a 1
    path = tmp_path / name
    Image.fromarray(values).save(path)
    window.files.open_file(path)
    wait_for_picture(qtbot, window)
    shown = window.canvas.drawing().image.picture
    assert shown.pixelColor(100, 100).lightness() < 40 and shown.pixelColor(20, 20).lightness() > 200
    assert window.windowTitle().startswith("1 (")


def test_a_file_that_fails_in_an_unforeseen_way_is_reported_in_plain_words_and_logged(qtbot, window, caplog):
    window.canvas.add_stroke(ONE)
    window.files.open_file(Path("odd\0name.png"))  # the system refuses the name: Python's own ValueError
    message = wait_for_message(qtbot, window)
    assert message == "odd\0name.png could not be read. The drawing is unchanged. Try saving it as PNG or JPEG and opening that."
    assert "null byte" not in message and "ValueError" not in message
    assert any(record.exc_info and "odd" in record.getMessage() for record in caplog.records)
    assert window.canvas.drawing().image is None and window.canvas.strokes()  # the drawing stays


def test_a_recent_file_moved_away_says_so_and_leaves_the_recent_files_menu(qtbot, window, digit_file, tmp_path):
    window.files.open_file(digit_file)
    wait_for_picture(qtbot, window)
    window.canvas.clear()
    window.canvas.add_stroke(SEVEN)
    digit_file.rename(tmp_path / "elsewhere.png")
    window.files.recent_menu.actions()[0].trigger()
    message = wait_for_message(qtbot, window)
    assert message == (
        f"one.png is no longer in {digit_file.parent}: it was moved, renamed or deleted, so it is taken off "
        "Open recent. The drawing is unchanged."
    )
    assert window.settings.recent_files() == [] and not window.files.recent_menu.isEnabled()
    assert window.canvas.drawing().image is None and window.canvas.strokes() != []


def test_a_missing_file_opened_by_name_says_nothing_changed_and_how_to_choose_one(qtbot, window, tmp_path):
    window.canvas.add_stroke(SEVEN)
    window.files.open_file(tmp_path / "gone.png")  # as from the command line
    first = wait_for_message(qtbot, window)
    assert first == (
        f"There is no file named gone.png in {tmp_path}, so no picture was opened; the drawing is unchanged. "
        "Check the name, or choose the picture with Open image (Ctrl+O)."
    )
    assert window.canvas.drawing().image is None and window.canvas.strokes() != []
    window.files.open_file(tmp_path / "nowhere" / "gone.png")
    qtbot.waitUntil(lambda: window.banner.text() not in ("", first), timeout=10_000)
    assert window.banner.text() == (
        f"There is no folder {tmp_path / 'nowhere'}, so gone.png could not be opened; the drawing is unchanged. "
        "Check the path, or choose the picture with Open image (Ctrl+O)."
    )


def test_a_web_address_dropped_says_to_save_the_picture_first(qtbot, window):
    window.canvas.add_stroke(SEVEN)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/seven.png")])  # a link dragged from a browser
    assert drop(window, mime)  # taken, to say why it is not opened: a drag refused says nothing
    assert window.banner.text() == (
        "mnist-draw opens pictures on this computer, not web addresses: save the picture first, then open or drop the file."
    )
    assert window.canvas.strokes() != []


def test_a_large_photo_is_decoded_again_at_the_screens_size_to_show_sharper_and_no_larger(tmp_path):
    from ui_helpers import small_number_page

    from mnist_draw.ui.image_input import ImageRequest, decode, sharper_copy

    path = tmp_path / "page.jpg"
    path.write_bytes(small_number_page("2407")[0])  # 3200x2400
    decoded = decode(ImageRequest(str(path), path.name, str(path), screen_side=1280))
    assert decoded.size == (3200, 2400) and max(decoded.picture.width(), decoded.picture.height()) == 384
    copy = sharper_copy(decoded)
    assert (copy.width(), copy.height()) == (1280, 960), "the screen's size, never the photo's 7.7 megapixels"
    path.unlink()  # gone since it was opened: the working copy stands, and nothing is said
    assert sharper_copy(decoded) is None


def test_a_picture_no_larger_than_its_working_copy_is_not_decoded_again(tmp_path):
    from mnist_draw.ui.image_input import ImageRequest, decode, sharper_copy

    small = decode(ImageRequest(digit_png("7", 300), "seven.png", screen_side=1920))
    assert not small.wants_sharper and sharper_copy(small) is None


def test_an_opened_photo_is_shown_from_a_copy_at_the_screens_size_once_it_is_decoded(qtbot, window, tmp_path):
    from ui_helpers import small_number_page

    path = tmp_path / "page.jpg"
    path.write_bytes(small_number_page("2407")[0])
    window.files.open_file(path)
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)
    image = window.canvas.drawing().image
    qtbot.waitUntil(lambda: window.canvas.shown_picture(image) is not image.picture, timeout=10_000)
    shown = window.canvas.shown_picture(image)
    screen = window.canvas.screen()
    assert max(shown.width(), shown.height()) == round(max(screen.size().width(), screen.size().height()) * screen.devicePixelRatio())


def test_a_file_changed_since_it_was_opened_is_not_shown_sharper(tmp_path):
    """The copy is only a view of what was read: another picture saved over the file, even of the
    same shape, is never shown in its place."""
    from PIL import Image

    from mnist_draw.ui.image_input import ImageRequest, decode, sharper_copy

    path = tmp_path / "page.png"
    Image.new("RGB", (1600, 1200), "white").save(path)
    decoded = decode(ImageRequest(str(path), path.name, str(path), screen_side=1280))
    assert sharper_copy(decoded) is not None
    Image.new("RGB", (1600, 1200), "black").save(path)
    assert sharper_copy(decoded) is None


def test_a_transparent_picture_is_shown_sharper_on_the_same_backing_as_its_working_copy(tmp_path):
    """Whether light ink on a transparent picture is laid on dark grey is decided once, on the
    working copy: decided again on the larger copy, it can differ (the dark marks below are
    too faint to count when averaged into the working copy, not in the larger one)."""
    import numpy as np
    from PIL import Image

    from mnist_draw.ui.image_input import ImageRequest, decode, sharper_copy

    pixels = np.zeros((1200, 1600, 4), dtype=np.uint8)
    y, x = np.mgrid[0:1200, 0:1400]
    pixels[:, :1400, 3] = np.where((x // 2 + y // 2) % 5 < 1, 255, 0)  # dark specks, a fifth of the left
    pixels[:, 1400:] = (230, 230, 230, 255)  # light ink on the right
    path = tmp_path / "light.png"
    Image.fromarray(pixels, "RGBA").save(path)
    decoded = decode(ImageRequest(str(path), path.name, str(path), screen_side=1280))
    assert decoded.picture.pixelColor(10, 10).alpha() == 255, "the working copy is laid on dark grey"
    copy = sharper_copy(decoded)
    assert copy is not None
    assert min(copy.pixelColor(x, 10).alpha() for x in range(10, 20)) == 255, "and so is the copy shown in its place"


def test_a_copy_at_the_screens_size_is_never_larger_than_the_canvas_keeps():
    """On a screen 7680 pixels wide, a 48-megapixel photo's copy would take 177 MB: it is made
    as large as fits the memory the canvas keeps such copies in, still 10 times the working copy."""
    from mnist_draw.ui.canvas import SHARPER_BYTES_KEPT
    from mnist_draw.ui.image_input import DecodedImage, ImageRequest

    request = ImageRequest("photo.jpg", "photo.jpg", screen_side=7680)
    decoded = DecodedImage(request, QImage(384, 288, QImage.Format.Format_RGBA8888), None, 0.0, size=(8000, 6000))
    side = decoded.sharper_side
    assert side * (side * 3 // 4) * 4 <= SHARPER_BYTES_KEPT and side >= 3900
    assert decoded.wants_sharper


@pytest.mark.parametrize("size", [(1, 1), (8, 8)])
def test_a_digit_drawn_over_a_picture_of_a_few_pixels_is_read(qtbot, window, tmp_path, size):
    """The panel asks for a digit drawn over a picture too small for one; drawn into its one pixel
    (or 8x8), the digit was read as "The image is blank". It is enlarged, each pixel a block."""
    from PIL import Image

    path = tmp_path / "tiny.png"
    Image.new("RGB", size, "black").save(path)
    window.files.open_file(path)
    wait_for_picture(qtbot, window)
    assert "Draw one over it" in window.panel.readout.detail.text()
    picture = window.canvas.drawing().image.picture
    assert picture.width() >= 280 and QColor(picture.pixel(0, 0)) == QColor("black"), "each pixel a block, as it was"
    window.canvas.add_stroke(SEVEN)
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit == 7


@pytest.mark.parametrize("size", [(1, 1), (8, 8)])
def test_a_picture_of_a_few_pixels_enlarged_to_draw_over_is_zoomed_no_closer_than_its_own_pixels_allow(qtbot, window, tmp_path, size):
    """Enlarged, each pixel a block, a 1x1 picture could be zoomed into (a field of one colour, "Zoom 200%"),
    and an 8x8 one until each pixel was hundreds of screen pixels wide; seen whole, each is wider than the closest zoom's already."""
    from PIL import Image

    path = tmp_path / "tiny.png"
    Image.new("RGB", size, "black").save(path)
    window.files.open_file(path)
    wait_for_picture(qtbot, window)
    assert window.canvas.drawing().image.picture.width() >= 280
    assert not window.canvas.can_zoom()


def test_of_several_things_dropped_the_first_file_is_opened_and_the_files_counted(tmp_path, digit_file):
    """A folder dropped first, with pictures after it, was refused in their place."""
    other = tmp_path / "other.png"
    other.write_bytes(digit_png("7"))
    folder = tmp_path / "folder"
    folder.mkdir()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in (folder, digit_file, other)])
    request = request_from_mime(mime, "dropped")
    assert request.path == str(digit_file) and request.given == 2
    mime.setUrls([QUrl.fromLocalFile(str(folder))])  # a folder alone: opened, to say it is one
    assert request_from_mime(mime, "dropped").path == str(folder)
    assert request_from_mime(file_mime(digit_file), "dropped").given == 1


def test_of_several_files_dropped_the_first_named_as_a_picture_is_opened_before_a_note(tmp_path, digit_file):
    """A note dropped with a picture was opened in its place, and refused: the picture was left unread."""
    note = tmp_path / "notes.txt"
    note.write_text("the photo of a 7")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in (note, digit_file)])
    request = request_from_mime(mime, "dropped")
    assert request.path == str(digit_file) and request.given == 2
    mime.setUrls([QUrl.fromLocalFile(str(note))])  # a note alone: opened, to say it is no picture
    assert request_from_mime(mime, "dropped").path == str(note)
