"""What the model sees, shown at a whole multiple of its side."""

from __future__ import annotations

from mnist_draw import preprocess
from mnist_draw.ui import preview


def test_the_preview_side_is_the_models_input_side():
    assert preview.SIDE == preprocess.SIDE


def test_the_input_is_magnified_to_a_whole_multiple_of_its_side(qtbot):
    import numpy as np

    view = preview.ModelInputView()
    qtbot.addWidget(view)
    view.resize(200, 200)
    view.show_pixels(np.ones((preprocess.SIDE, preprocess.SIDE), dtype=np.float32))
    image = view.image()
    assert image is not None and image.width() == preprocess.SIDE and image.height() == preprocess.SIDE
    assert view.sizeHint().width() == preprocess.SIDE * preview.PREFERRED_SCALE + 2


def test_with_nothing_to_read_the_preview_says_so_in_the_palettes_colours_not_a_black_square(qtbot):
    """A black square looked like an input of blank paper the model had read, in a light and a dark theme alike."""
    import numpy as np
    from PySide6.QtGui import QColor, QPalette

    view = preview.ModelInputView()
    qtbot.addWidget(view)
    view.setAutoFillBackground(True)  # as in the panel: its background shows round the words
    view.resize(200, 200)
    view.show_pixels(np.ones((preprocess.SIDE, preprocess.SIDE), dtype=np.float32))
    view.show_pixels(None)  # read, then nothing to read: the words come back
    for window, words in ((QColor(239, 239, 239), QColor(120, 120, 120)), (QColor(45, 45, 45), QColor(150, 150, 150))):
        palette = view.palette()
        palette.setColor(QPalette.ColorRole.Window, window)
        palette.setColor(QPalette.ColorRole.PlaceholderText, words)
        view.setPalette(palette)
        shown = view.grab().toImage()
        square = view.pixels_rect()
        inside = [shown.pixelColor(x, y) for x in range(square.left() + 2, square.right() - 1, 3) for y in range(square.top() + 2, square.bottom() - 1, 3)]
        assert sum(colour == window for colour in inside) > 0.8 * len(inside), "the panel's own colour, not black"
        assert any(colour != window for colour in inside), "words in it"


def test_with_an_input_still_to_come_the_preview_is_an_empty_outline_not_nothing_to_read(qtbot):
    """"Nothing to read" beside a digit drawn while the model loaded was untrue: it was read a moment later."""
    from PySide6.QtGui import QPalette

    view = preview.ModelInputView()
    qtbot.addWidget(view)
    view.setAutoFillBackground(True)
    view.resize(200, 200)

    def inside_marked() -> bool:
        shown, square = view.grab().toImage(), view.pixels_rect()
        window = view.palette().color(QPalette.ColorRole.Window)
        return any(
            shown.pixelColor(x, y) != window for x in range(square.left() + 2, square.right() - 1) for y in range(square.top() + 2, square.bottom() - 1)
        )

    view.show_pixels(None, waiting=True)
    assert not inside_marked(), "no words in the outline"
    view.show_pixels(None)
    assert inside_marked(), "nothing to read: said in words"
