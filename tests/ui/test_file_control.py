"""Opening pictures: what the status bar says of the picture opened."""

from __future__ import annotations

import pytest
from PIL import Image
from ui_helpers import SEVEN, open_picture

from mnist_draw.ui.file_control import milliseconds_text


@pytest.mark.parametrize(("size", "said"), [((3000, 3), "3,000 × 3 pixels"), ((3, 3000), "3 × 3,000 pixels"), ((1, 1), "1 × 1 pixels")])
def test_a_picture_too_thin_or_too_small_for_a_digit_is_said_opened_with_its_size(qtbot, window, tmp_path, size, said):
    open_picture(qtbot, window, Image.new("RGB", size, "white"), tmp_path / "odd.png")
    assert window.notes.text().startswith(f"Opened odd.png, {said} (")


def test_an_ordinary_picture_is_said_opened_without_its_size(qtbot, window, digit_file):
    window.files.open_file(digit_file)
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)
    assert window.notes.text().startswith("Opened one.png (") and "pixels" not in window.notes.text()


@pytest.mark.parametrize(("milliseconds", "said"), [(0.0, "<1"), (0.3, "<1"), (0.99, "<1"), (1.0, "1"), (87.4, "87")])
def test_the_time_a_picture_took_to_open_is_never_said_to_be_0_ms(milliseconds, said):
    assert milliseconds_text(milliseconds) == said


def test_a_file_that_is_no_picture_says_so_then_that_the_drawing_is_unchanged_then_what_to_do(qtbot, window, tmp_path):
    window.canvas.add_stroke(SEVEN)
    (tmp_path / "notes.png").write_text("not a picture")
    window.files.open_file(tmp_path / "notes.png")
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=10_000)
    assert window.banner.text() == (
        "notes.png is not an image format that can be read. The drawing is unchanged. Open a picture, such as a PNG or JPEG file."
    )
    assert window.canvas.strokes() != [] and window.canvas.drawing().image is None


def test_a_relative_name_opened_after_the_current_folder_was_deleted_says_so_and_keeps_the_drawing(
    qtbot, window, tmp_path, monkeypatch
):
    """Naming the folder in full asked the system for the current folder: the error left no message at all."""
    window.canvas.add_stroke(SEVEN)
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    window.files.open_file("seven.png")  # as from the command line
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=10_000)
    assert window.banner.text() == (
        "seven.png cannot be found: the current folder no longer exists. The drawing is unchanged. Give the file's full path."
    )
    assert window.canvas.strokes() != []


def _frames(count: int) -> list[Image.Image]:
    """A digit's pictures, each a 1 in another place: frames an animation or pages a scan may hold."""
    pictures = []
    for index in range(count):
        picture = Image.new("L", (200, 200), 255)
        picture.paste(0, (60 + 20 * index, 30, 76 + 20 * index, 170))
        pictures.append(picture)
    return pictures


@pytest.mark.parametrize(("name", "said"), [("anim.gif", "only its first frame of 4 is read"), ("scan.tif", "only its first page of 4 is read")])
def test_a_file_of_several_frames_or_pages_says_only_the_first_is_read(qtbot, window, tmp_path, name, said):
    pictures = _frames(4)
    pictures[0].save(tmp_path / name, save_all=True, append_images=pictures[1:])
    window.files.open_file(tmp_path / name)
    qtbot.waitUntil(lambda: window.notes.text().startswith(f"Opened {name} ("), timeout=10_000)
    assert f"): {said}" in window.notes.text()


def test_an_animation_too_long_to_count_says_how_many_frames_at_least(qtbot, window, tmp_path, monkeypatch):
    from mnist_draw import frames

    monkeypatch.setattr(frames, "MOST", 3)
    pictures = _frames(6)
    pictures[0].save(tmp_path / "long.gif", save_all=True, append_images=pictures[1:])
    window.files.open_file(tmp_path / "long.gif")
    qtbot.waitUntil(lambda: window.notes.text().startswith("Opened long.gif ("), timeout=10_000)
    assert "only its first frame of 3 or more is read" in window.notes.text()


def test_a_picture_of_one_frame_says_nothing_of_frames(qtbot, window, tmp_path):
    open_picture(qtbot, window, _frames(1)[0], tmp_path / "still.gif")
    assert "frame" not in window.notes.text()


def test_an_empty_printed_box_opened_in_digit_mode_holds_no_digit_and_no_number_is_offered(qtbot, window, tmp_path):
    """It was read "0 65%", under a banner saying the picture seemed to hold several digits."""
    from PIL import ImageDraw

    page = Image.new("L", (400, 220), 235)
    ImageDraw.Draw(page).rectangle((50, 50, 350, 170), outline=30, width=2)
    open_picture(qtbot, window, page, tmp_path / "box.png")
    readout = window.panel.readout
    qtbot.waitUntil(lambda: readout.headline.text() == "No digit in the picture", timeout=10_000)
    assert readout.detail.text().startswith("Only an empty box or frame: no digit found in the image.")
    assert window.banner.text() == ""


def test_of_several_files_dropped_the_status_says_the_first_was_opened_and_of_how_many(qtbot, window, tmp_path, digit_file):
    from PySide6.QtCore import QMimeData, QUrl

    others = [tmp_path / "two.png", tmp_path / "three.png"]
    for path in others:
        Image.new("RGB", (50, 50), "white").save(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in [digit_file, *others]])
    assert window.files.open_mime(mime, "The dropped image")
    qtbot.waitUntil(lambda: window.notes.text().startswith("Opened one.png ("), timeout=10_000)
    assert "; the first picture of the 3 files given, as one picture is read at a time" in window.notes.text()


def test_a_digit_drawn_inside_an_empty_box_opened_is_read(qtbot, window, tmp_path):
    from PIL import ImageDraw

    page = Image.new("L", (400, 220), 235)
    ImageDraw.Draw(page).rectangle((50, 50, 350, 170), outline=30, width=2)
    open_picture(qtbot, window, page, tmp_path / "box.png")
    qtbot.waitUntil(lambda: window.panel.readout.headline.text() == "No digit in the picture", timeout=10_000)
    window.canvas.add_stroke([(140.0, 110.0), (140.0, 170.0)])  # a 1 written in the box
    qtbot.waitUntil(lambda: window.recognizer.last_reading_is_current() and window.recognizer.last_reading().digit == 1, timeout=10_000)
