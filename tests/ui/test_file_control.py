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
