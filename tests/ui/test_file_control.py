"""Opening pictures: what the status bar says of the picture opened."""

from __future__ import annotations

import pytest
from PIL import Image
from ui_helpers import open_picture


@pytest.mark.parametrize(("size", "said"), [((3000, 3), "3,000 × 3 pixels"), ((3, 3000), "3 × 3,000 pixels"), ((1, 1), "1 × 1 pixels")])
def test_a_picture_too_thin_or_too_small_for_a_digit_is_said_opened_with_its_size(qtbot, window, tmp_path, size, said):
    open_picture(qtbot, window, Image.new("RGB", size, "white"), tmp_path / "odd.png")
    assert window.notes.text().startswith(f"Opened odd.png, {said} (")


def test_an_ordinary_picture_is_said_opened_without_its_size(qtbot, window, digit_file):
    window.files.open_file(digit_file)
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)
    assert window.notes.text().startswith("Opened one.png (") and "pixels" not in window.notes.text()
