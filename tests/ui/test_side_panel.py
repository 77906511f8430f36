"""The side panel: what it says of a picture it found no digit in."""

from __future__ import annotations

from PIL import Image
from ui_helpers import open_picture


def test_a_thin_strip_is_said_to_be_too_thin_and_the_way_on_is_another_picture_not_drawing_over_it(qtbot, window, tmp_path):
    """Strokes beside a picture are neither shown nor read: "Draw one over it" could not be done over a strip."""
    open_picture(qtbot, window, Image.new("RGB", (3000, 3), "white"), tmp_path / "strip.png")
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    readout = window.panel.readout
    assert readout.headline.text() == "No digit in the picture"
    assert readout.detail.text() == (
        "The image is a thin strip, too thin to hold a digit. Open another picture, or clear the canvas (Del) to draw one."
    )
