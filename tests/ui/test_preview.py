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
