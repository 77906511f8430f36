"""The live reading of an opened picture whose ink the user edits: what is left is read
(off the UI thread), while the eraser moves, through undo and redo, down to nothing;
and with the strokes drawn over it, as one drawing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui_helpers import mnist_digit, on_paper, open_picture, steps

from mnist_draw.ui.live_recognizer import ALL_ERASED, READING_NUMBER

# A 7 with a stray stroke from its foot: read as a 2 until the stroke is erased.
STRAY = [(150.0, 190.0), (215.0, 225.0)]  # in the picture's pixels: 280 a side, so paper units too


@pytest.fixture
def seven_with_a_stray_mark(qtbot, window, mnist, tmp_path):
    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)], marks=[STRAY]), tmp_path / "seven.png")
    assert window.recognizer.last_reading().digit == 2
    return window


def reads(qtbot, window, digit: int) -> None:
    qtbot.waitUntil(lambda: window.recognizer.last_reading().digit == digit, timeout=10_000)


def test_erasing_a_stray_mark_from_a_picture_changes_the_reading(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    assert window.windowTitle().startswith("7 (")
    assert window.panel.readout.big.text() == "7"


def test_what_the_model_sees_is_the_edited_ink(qtbot, seven_with_a_stray_mark):
    from mnist_draw.preprocess import read_ink
    from mnist_draw.ui.ink_layer import ink_left

    window = seven_with_a_stray_mark
    opened = window.recognizer.last_reading().pixels
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    drawing = window.canvas.drawing()
    expected, _ = read_ink(ink_left(drawing.image.ink, drawing.erasures))
    seen = window.recognizer.last_reading().pixels
    assert np.array_equal(seen, expected.pixels) and not np.array_equal(seen, opened)
    assert window.panel.preview.image() is not None


def test_the_reading_follows_the_eraser_before_it_lifts(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    canvas = window.canvas
    canvas.set_brush_size(10)  # the eraser's radius: as wide as the stray stroke, clear of the 7
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps([(158.0, 194.0), STRAY[1], (222.0, 229.0)])]
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
    reads(qtbot, window, 7)  # the button is still down
    assert not canvas.can_redo() and len(canvas.drawing().erasures) == 1
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=path[-1])
    assert window.recognizer.last_reading().digit == 7


def test_undo_and_redo_of_an_erasure_bring_back_each_reading(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    window.canvas_control.undo.trigger()
    reads(qtbot, window, 2)
    window.canvas_control.redo.trigger()
    reads(qtbot, window, 7)


def test_erasing_all_the_ink_says_so_and_how_to_get_it_back(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase([(140.0, 140.0)], radius=300)
    qtbot.waitUntil(lambda: window.recognizer.last_reading().reason == ALL_ERASED, timeout=10_000)
    assert window.panel.readout.detail.text() == "All the ink is erased: nothing is left to read. Undo (Ctrl+Z) brings it back."
    assert window.windowTitle() == "mnist-draw"
    window.canvas.undo()
    reads(qtbot, window, 2)


def test_clear_after_erasing_leaves_an_empty_canvas(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)
    reads(qtbot, window, 7)
    window.canvas_control.clear.trigger()
    assert window.canvas.drawing().is_empty
    assert window.recognizer.last_reading().pixels is None
    assert window.panel.readout.headline.text() == "Draw a digit"


def published_after(window, change) -> list:
    """Every reading the window is given from ``change`` on."""
    published = []
    window.recognizer.reading_changed.connect(published.append)
    change()
    return published


def test_a_reading_by_the_model_before_a_switch_is_never_shown(qtbot, seven_with_a_stray_mark):
    from ui_helpers import fixed_model

    window = seven_with_a_stray_mark
    window.canvas.erase(STRAY, radius=10)  # read off the UI thread by the bundled model: a 7
    nine = fixed_model([0.0] * 9 + [1.0])
    published = published_after(window, lambda: window.recognizer.set_model(nine))
    reads(qtbot, window, 9)
    qtbot.waitUntil(lambda: not window.recognizer._pictures.is_busy(), timeout=10_000)
    assert published and {reading.digit for reading in published} == {9}
    assert window.recognizer.last_reading_is_current()


def test_a_reading_of_the_sweeps_before_a_new_erasure_is_never_shown(qtbot, seven_with_a_stray_mark):
    from mnist_draw.preprocess import read_ink
    from mnist_draw.ui.ink_layer import ink_left

    window = seven_with_a_stray_mark
    half = ((STRAY[0][0] + STRAY[1][0]) / 2, (STRAY[0][1] + STRAY[1][1]) / 2)
    window.canvas.erase([STRAY[0], half], radius=10)  # read off the UI thread
    published = published_after(window, lambda: window.canvas.erase([half, STRAY[1]], radius=10))
    reads(qtbot, window, 7)
    qtbot.waitUntil(lambda: not window.recognizer._pictures.is_busy(), timeout=10_000)
    drawing = window.canvas.drawing()
    assert len(drawing.erasures) == 2
    expected = read_ink(ink_left(drawing.image.ink, drawing.erasures))[0].pixels
    assert published and all(np.array_equal(reading.pixels, expected) for reading in published)
    assert window.recognizer.last_reading_is_current()


def test_the_last_reading_is_current_only_once_an_edited_picture_is_read_and_never_in_number_mode(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    recognizer = window.recognizer
    assert recognizer.last_reading_is_current()  # as opened: read at once
    window.canvas.erase(STRAY, radius=10)
    assert not recognizer.last_reading_is_current() and recognizer.last_reading().digit == 2
    reads(qtbot, window, 7)
    assert recognizer.last_reading_is_current()
    window.number.set_number_mode(True)
    assert not recognizer.last_reading_is_current()


# --- strokes drawn over a picture ----------------------------------------------------------

# The 1 of ``digit_png`` (200 pixels, shown 280 units wide): its stem runs down x = 140, from 42 to 238.
# These two strokes make it a 4.
LEFT_ARM = [(75.0, 50.0), (75.0, 150.0)]
BAR = [(75.0, 150.0), (185.0, 150.0)]


@pytest.fixture
def one_picture(qtbot, window, digit_file):
    window.files.open_file(digit_file)
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)
    assert window.recognizer.last_reading().digit == 1
    return window


def mouse_stroke(qtbot, canvas, points, release: bool = True) -> None:
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps(points)]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
    if release:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=path[-1])


def read_as_shown(window):
    """What the recogniser reads in the canvas as it is now, called directly."""
    from mnist_draw.ui.live_recognizer import read_picture_ink

    drawing, image = window.canvas.drawing(), window.canvas.drawing().image
    shape = (image.picture.height(), image.picture.width())
    return read_picture_ink(
        window.recognizer.model().classifier, image.ink, drawing.erasures, False, window.canvas.picture_strokes(), shape
    )[0]


def test_strokes_drawn_over_a_picture_of_a_one_are_read_with_it_as_a_four(qtbot, one_picture):
    window = one_picture
    mouse_stroke(qtbot, window.canvas, LEFT_ARM)
    mouse_stroke(qtbot, window.canvas, BAR)
    reads(qtbot, window, 4)
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().confidence > 0.9
    assert window.windowTitle().startswith("4 (")
    # What the model sees, and the preview shows, is the picture's ink and the strokes as one digit.
    seen = window.recognizer.last_reading().pixels
    assert np.array_equal(seen, read_as_shown(window).pixels)
    shown = window.panel.preview.image()
    preview = np.frombuffer(shown.constBits(), np.uint8).reshape(28, shown.bytesPerLine())[:, :28]
    assert np.array_equal(preview, (seen.clip(0, 1) * 255 + 0.5).astype(np.uint8))
    assert (seen[8:12] > 0.5).any(axis=0).sum() >= 4  # two uprights above the bar, not one


def test_undo_takes_the_strokes_off_a_picture_one_at_a_time_and_the_picture_stays(qtbot, one_picture):
    window = one_picture
    image = window.canvas.drawing().image
    window.canvas.add_stroke(LEFT_ARM)
    window.canvas.add_stroke(BAR)
    reads(qtbot, window, 4)
    window.canvas_control.undo.trigger()
    assert window.canvas.drawing().image is image and len(window.canvas.drawing().strokes) == 1
    qtbot.waitUntil(lambda: np.array_equal(window.recognizer.last_reading().pixels, read_as_shown(window).pixels), timeout=10_000)
    window.canvas_control.undo.trigger()
    reads(qtbot, window, 1)
    assert window.canvas.drawing().image is image and window.canvas.drawing().strokes == ()
    window.canvas_control.redo.trigger()
    window.canvas_control.redo.trigger()
    reads(qtbot, window, 4)


def test_the_reading_follows_the_pen_over_a_picture_before_it_lifts(qtbot, one_picture):
    window = one_picture
    window.canvas.add_stroke(LEFT_ARM)
    mouse_stroke(qtbot, window.canvas, BAR, release=False)
    reads(qtbot, window, 4)  # the button is still down
    assert len(window.canvas.drawing().strokes) == 1
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=window.canvas.map_from_paper(*BAR[-1]).toPoint())
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit == 4 and len(window.canvas.drawing().strokes) == 2


def test_the_window_never_waits_for_a_picture_drawn_over_to_be_read(qtbot, one_picture):
    window = one_picture
    window.canvas.add_stroke(LEFT_ARM)
    # Read off the UI thread: the stroke is on the canvas at once, its reading comes after.
    assert not window.recognizer.last_reading_is_current() and window.recognizer.last_reading().digit == 1
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)


def test_one_sweep_erases_from_the_picture_and_the_strokes_drawn_over_it_and_the_reading_follows(qtbot, one_picture):
    window = one_picture
    window.canvas.add_stroke(LEFT_ARM)
    window.canvas.add_stroke(BAR)
    reads(qtbot, window, 4)
    # Across the foot of the stem (the picture's) and the bar's right end (drawn): 4 loses its bar's tail and stem.
    window.canvas.erase([(120.0, 150.0), (200.0, 150.0), (140.0, 200.0), (140.0, 240.0)], radius=14)
    drawing = window.canvas.drawing()
    assert len(drawing.erasures) == 1 and drawing.strokes[-1].points[-1][0] < 120
    qtbot.waitUntil(lambda: window.recognizer.last_reading_is_current(), timeout=10_000)
    assert np.array_equal(window.recognizer.last_reading().pixels, read_as_shown(window).pixels)
    assert window.recognizer.last_reading().digit != 4
    window.canvas.undo()
    reads(qtbot, window, 4)


def test_a_model_switch_reads_the_picture_and_the_strokes_over_it_again(qtbot, one_picture):
    from ui_helpers import fixed_model

    window = one_picture
    window.canvas.add_stroke(LEFT_ARM)
    window.canvas.add_stroke(BAR)
    reads(qtbot, window, 4)
    combined = window.recognizer.last_reading().pixels
    window.recognizer.set_model(fixed_model([0.0] * 9 + [1.0]))
    reads(qtbot, window, 9)
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert np.array_equal(window.recognizer.last_reading().pixels, combined)


def test_a_picture_drawn_over_is_read_whole_in_number_mode(qtbot, one_picture):
    window = one_picture
    window.canvas.add_stroke(LEFT_ARM)
    window.canvas.add_stroke(BAR)
    window.canvas.add_stroke([(215.0, 60.0), (215.0, 230.0)])  # and a 1 beside it
    numbers = []
    window.recognizer.number_changed.connect(numbers.append)
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: bool(numbers) and numbers[-1] is not None and numbers[-1].number is not None, timeout=10_000)
    assert numbers[-1].number == "41"
    assert window.number.overlay.on_picture() and window.number.overlay.box_count() == 2


def test_opening_a_picture_after_drawing_over_one_replaces_both_and_undo_brings_them_back(qtbot, one_picture, mnist, tmp_path):
    window = one_picture
    window.canvas.add_stroke(LEFT_ARM)
    window.canvas.add_stroke(BAR)
    reads(qtbot, window, 4)
    drawn_over = window.canvas.drawing()
    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)]), tmp_path / "seven.png")
    assert window.canvas.drawing().strokes == ()
    reads(qtbot, window, 7)
    window.canvas.undo()
    assert window.canvas.drawing() is drawn_over
    reads(qtbot, window, 4)


def test_strokes_over_a_picture_with_no_ink_found_are_read_with_the_brush(qtbot, window, tmp_path):
    from PIL import Image

    from ui_helpers import ONE

    open_picture(qtbot, window, Image.new("RGB", (200, 200), (226, 222, 214)), tmp_path / "blank.png")
    assert window.recognizer.last_reading().pixels is None  # "The image is blank"
    window.canvas.add_stroke(ONE)
    assert window.canvas.drawing().strokes[0].width == window.canvas.brush_size()
    reads(qtbot, window, 1)
    assert window.canvas.drawing().image is not None


def test_a_lone_dot_over_a_picture_with_no_ink_left_is_only_a_dot_not_a_digit(qtbot, window, tmp_path):
    from PIL import Image

    open_picture(qtbot, window, Image.new("RGB", (200, 200), (226, 222, 214)), tmp_path / "blank.png")
    canvas = window.canvas
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.map_from_paper(140.0, 140.0).toPoint())
    assert len(canvas.drawing().strokes) == 1
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    reading = window.recognizer.last_reading()
    assert reading.digit is None and reading.reason == "Only a dot: draw a whole digit."  # as on bare paper
    numbers = []
    window.recognizer.number_changed.connect(numbers.append)
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: bool(numbers) and numbers[-1] is not None and numbers[-1].reason != READING_NUMBER, timeout=10_000)
    assert numbers[-1].number is None and numbers[-1].reason == "Only a dot: write a number."


def test_the_keys_named_to_undo_an_erasure_are_the_undo_actions_own(qtbot, seven_with_a_stray_mark):
    """A Mac's, or a desktop's other binding: "(Ctrl+Z)" written out named keys the action may not have."""
    from PySide6.QtGui import QKeySequence

    window = seven_with_a_stray_mark
    window.canvas_control.undo.setShortcut(QKeySequence("Alt+Backspace"))
    window.canvas.erase([(140.0, 140.0)], radius=300)
    qtbot.waitUntil(lambda: window.recognizer.last_reading().reason == ALL_ERASED, timeout=10_000)
    assert window.panel.readout.detail.text() == "All the ink is erased: nothing is left to read. Undo (Alt+Backspace) brings it back."
    window.canvas.undo()


def test_a_lone_dot_over_a_picture_whose_ink_is_all_erased_is_only_a_dot(qtbot, one_picture):
    window = one_picture
    window.canvas.erase([(140.0, 140.0)], radius=300)
    qtbot.waitUntil(lambda: window.recognizer.last_reading().reason == ALL_ERASED, timeout=10_000)
    window.canvas.add_stroke([(60.0, 60.0)])
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    reading = window.recognizer.last_reading()
    assert reading.digit is None and reading.reason == "Only a dot: draw a whole digit."
    window.canvas.add_stroke(LEFT_ARM)  # a stroke, not a dot: read
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().pixels is not None


def reads_as_shown(qtbot, window) -> None:
    """Wait for the window's reading of what is shown, and check it is what reading it afresh gives."""
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert np.array_equal(window.recognizer.last_reading().pixels, read_as_shown(window).pixels)


def test_strokes_over_one_picture_never_reach_the_next_ones_reading_through_undo_redo_and_clear(qtbot, one_picture, tmp_path):
    from ui_helpers import digit_png

    window, canvas = one_picture, one_picture.canvas
    foot = [(100.0, 230.0), (180.0, 230.0)]
    for stroke in (LEFT_ARM, BAR, foot):
        mouse_stroke(qtbot, canvas, stroke)
        reads_as_shown(qtbot, window)
    # Another picture as large (the strokes' pixels line up with the first's), drawn over with the first's strokes but one.
    seven = tmp_path / "seven.png"
    seven.write_bytes(digit_png("7"))
    window.files.open_file(seven)
    qtbot.waitUntil(lambda: canvas.drawing().image is not None and canvas.drawing().image.name == "seven.png", timeout=10_000)
    for stroke in (LEFT_ARM, foot):
        mouse_stroke(qtbot, canvas, stroke)
        reads_as_shown(qtbot, window)
    canvas.undo()
    reads_as_shown(qtbot, window)
    canvas.redo()
    reads_as_shown(qtbot, window)
    canvas.undo(), canvas.undo(), canvas.undo()  # back to the first picture and all three strokes over it
    assert canvas.drawing().image.name == "one.png" and len(canvas.drawing().strokes) == 3
    reads_as_shown(qtbot, window)
    canvas.undo()
    reads_as_shown(qtbot, window)
    window.canvas_control.clear.trigger()
    window.files.open_file(seven)
    qtbot.waitUntil(lambda: canvas.drawing().image is not None and canvas.drawing().image.name == "seven.png", timeout=10_000)
    for stroke in (LEFT_ARM, BAR):  # the same strokes drawn again
        mouse_stroke(qtbot, canvas, stroke)
        reads_as_shown(qtbot, window)
    window.number.set_number_mode(True)
    window.number.set_number_mode(False)
    reads_as_shown(qtbot, window)


def test_pixel_noise_is_only_a_pattern_as_a_digit_and_as_a_number_and_strokes_drawn_over_it_are_read_alone(qtbot, window, tmp_path):
    from PIL import Image

    from mnist_draw.number import ONLY_A_PATTERN as NO_NUMBER_IN_A_PATTERN
    from mnist_draw.preprocess import ONLY_A_PATTERN
    from ui_helpers import ONE

    # Salt and pepper: before, number mode cut its denser patches into "digits" and refused it as "Mark 4 is not a digit".
    noise = np.random.default_rng(0).random((64, 64)) < 0.5
    open_picture(qtbot, window, Image.fromarray((255 - noise * 255).astype(np.uint8)), tmp_path / "noise.png")
    assert window.recognizer.last_reading().reason == ONLY_A_PATTERN
    numbers = []
    window.recognizer.number_changed.connect(numbers.append)
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: bool(numbers) and numbers[-1] is not None and numbers[-1].reason != READING_NUMBER, timeout=10_000)
    assert numbers[-1].number is None and numbers[-1].reason == NO_NUMBER_IN_A_PATTERN
    window.number.set_number_mode(False)
    window.canvas.add_stroke(ONE)
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit == 1  # the noise's patches left out, not read with it


def test_an_i_drawn_over_pixel_noise_is_not_a_digit_as_on_bare_paper(qtbot, window, tmp_path):
    from PIL import Image

    from mnist_draw.reading import NOT_A_DIGIT

    # Drawn over noise, the strokes are read alone: the dot-above rule the canvas reads
    # them with holds too (it read a sure 1 before).
    noise = np.random.default_rng(0).random((64, 64)) < 0.5
    open_picture(qtbot, window, Image.fromarray((255 - noise * 255).astype(np.uint8)), tmp_path / "noise.png")
    window.canvas.add_stroke([(140.0, 110.0), (140.0, 240.0)])
    window.canvas.add_stroke([(140.0, 60.0), (141.0, 61.0)])
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    reading = window.recognizer.last_reading()
    assert reading.digit is None and reading.reason == NOT_A_DIGIT


def test_a_small_digit_in_a_large_photo_reads_the_same_once_a_mark_far_from_it_is_erased(qtbot, window, tmp_path):
    from paper_helpers import DIGITS, page, write

    # A page photographed whole, 2,000 pixels a side (280 paper units: 0.14 a pixel): a 7 of
    # 50 pixels, a dot in the 384-pixel working copy, read closer; a stray stroke far from it.
    picture = write(page((2000, 2000), seed=3), DIGITS[7], (900, 900, 50))
    write(picture, [[(0, 0), (100, 100)]], (200, 200, 120))
    open_picture(qtbot, window, picture, tmp_path / "page.jpg")
    reads(qtbot, window, 7)
    assert window.canvas.drawing().image.close_up is not None
    opened = window.recognizer.last_reading().pixels
    window.canvas.erase([(26.0, 26.0), (47.0, 47.0)], radius=6)
    assert window.canvas.drawing().erasures  # the stray stroke's ink is gone from the layer
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit == 7
    assert np.array_equal(window.recognizer.last_reading().pixels, opened)


def test_a_small_digit_in_a_large_photo_is_read_through_edits_once_its_file_is_gone(qtbot, window, tmp_path):
    from paper_helpers import DIGITS, page, write
    from PIL import ImageDraw

    from mnist_draw.ui.canvas import _placement

    picture = write(page((3000, 2250), seed=5), DIGITS[4], (1400, 1000, 90), width=12)
    ImageDraw.Draw(picture).line((1540, 1010, 1550, 1070), fill=(40, 40, 45), width=10)  # a stray mark beside it
    path = tmp_path / "page.jpg"
    open_picture(qtbot, window, picture, path)
    reads(qtbot, window, 4)
    assert window.canvas.drawing().image.close_up is not None
    path.unlink()  # the edits are read from the ink kept, never from the file again

    def on_paper_at(x: float, y: float) -> tuple[float, float]:  # a point of the photo, in paper units
        image = window.canvas.drawing().image
        placed, scale = _placement(image), image.picture.width() / 3000
        return (placed.left() + x * scale * placed.width() / image.picture.width(),
                placed.top() + y * scale * placed.height() / image.picture.height())  # fmt: skip

    window.canvas.erase([on_paper_at(1545, 1000), on_paper_at(1548, 1080)], radius=3)
    assert window.canvas.drawing().erasures
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().digit == 4
    window.canvas.add_stroke([on_paper_at(400, 200), on_paper_at(400, 2000)])  # a long 1 far from it
    reads(qtbot, window, 1)
    window.canvas.undo()
    reads(qtbot, window, 4)
    erased = window.recognizer.last_reading().pixels
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: window.recognizer.number_mode(), timeout=10_000)
    window.number.set_number_mode(False)
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert np.array_equal(window.recognizer.last_reading().pixels, erased)


def test_a_number_written_small_in_a_large_photo_is_read_closer_through_an_erasure_and_an_undo(qtbot, window, tmp_path):
    from paper_helpers import small_number

    from mnist_draw.ui.canvas import _placement

    picture, boxes = small_number(step=1.4)  # the digits apart, so one is erased alone
    window.number.set_number_mode(True)
    open_picture(qtbot, window, picture, tmp_path / "page.jpg")
    qtbot.waitUntil(lambda: window.number.number() is not None and window.number.number().number == "2407", timeout=10_000)
    image = window.canvas.drawing().image
    assert image.number_close_up is not None

    def on_paper_at(x: float, y: float) -> tuple[float, float]:  # a point of the photo, in paper units
        placed, scale = _placement(image), image.picture.width() / 3200
        return (placed.left() + x * scale * placed.width() / image.picture.width(),
                placed.top() + y * scale * placed.height() / image.picture.height())  # fmt: skip

    x0, y0, x1, y1 = boxes[1]  # the 4
    sweep = [on_paper_at(x, y0 + (y1 - y0) * row / 4) for row in range(5) for x in ((x0, x1) if row % 2 else (x1, x0))]
    window.canvas.erase(sweep, radius=2)  # 23 pixels of the photo: the 4 and none of its neighbours
    qtbot.waitUntil(lambda: window.number.number() is not None and window.number.number().number == "207", timeout=10_000)
    # The boxes still where the digits left are, in the picture's pixels.
    scale = image.picture.width() / 3200
    for digit, (x0, y0, x1, y1) in zip(window.number.number().digits, [boxes[0], boxes[2], boxes[3]]):
        assert digit.box == pytest.approx((x0 * scale, y0 * scale, x1 * scale, y1 * scale), abs=0.3 * (x1 - x0) * scale)
    window.canvas.undo()
    qtbot.waitUntil(lambda: window.number.number() is not None and window.number.number().number == "2407", timeout=10_000)


def test_a_number_written_small_beside_a_far_speck_reads_in_the_window_as_the_number_reader_reads_it(qtbot, window, tmp_path, classifier):
    # The region read closer is round the writing, not the speck: the window read all the ink
    # on the working copy instead (a "0" where number.read_image read "2407").
    from PIL import ImageDraw
    from paper_helpers import small_number

    from mnist_draw import number

    picture, _boxes = small_number()
    ImageDraw.Draw(picture).ellipse((2600, 2000, 2606, 2006), fill=(30, 30, 30))
    picture.save(tmp_path / "read.png")
    assert number.read_image(classifier, tmp_path / "read.png").number == "2407"
    window.number.set_number_mode(True)
    open_picture(qtbot, window, picture, tmp_path / "page.png")
    qtbot.waitUntil(lambda: window.number.number() is not None and window.number.number().number == "2407", timeout=10_000)


def test_writing_too_small_for_one_digit_says_so_in_single_digit_mode_through_an_erasure(qtbot, window, tmp_path):
    # The window showed the four digits and said "The image is blank: no digit found".
    from paper_helpers import small_number

    from mnist_draw.preprocess import SMALL_WRITING
    from mnist_draw.ui.canvas import _placement

    picture, boxes = small_number(step=1.4)
    open_picture(qtbot, window, picture, tmp_path / "page.jpg")
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.recognizer.last_reading().reason == SMALL_WRITING
    assert window.canvas.drawing().image.ink is not None  # the writing is shown
    image = window.canvas.drawing().image
    placed, scale = _placement(image), image.picture.width() / 3200
    x0, y0, x1, y1 = boxes[1]
    middle = (placed.left() + (x0 + x1) / 2 * scale * placed.width() / image.picture.width(),
              placed.top() + (y0 + y1) / 2 * scale * placed.height() / image.picture.height())  # fmt: skip
    window.canvas.erase([middle, (middle[0] + 0.5, middle[1])], radius=3)
    qtbot.waitUntil(lambda: window.canvas.drawing().erasures and window.recognizer.last_reading_is_current(), timeout=10_000)
    assert window.recognizer.last_reading().reason == SMALL_WRITING  # the rest is still there, still small


def read_as_a_number_once_edited(qtbot, window) -> None:
    """Number mode on, the stray mark erased, and the edited picture read as a number."""
    window.number.set_number_mode(True)
    window.canvas.erase(STRAY, radius=10)
    qtbot.waitUntil(lambda: not window.recognizer.is_reading() and window.number.number() is not None, timeout=10_000)


def test_leaving_number_mode_while_an_edited_picture_is_read_never_leaves_the_number_in_the_title(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    read_as_a_number_once_edited(qtbot, window)
    assert window.windowTitle() == "7 - mnist-draw"
    window.number.set_number_mode(False)  # the picture is read as one digit again, off the UI thread
    assert window.recognizer.is_reading()
    assert window.windowTitle() == "mnist-draw" and window.panel.readout.headline.text() == "Reading the picture…"
    assert not window.number.overlay.isVisible() and window.panel.bars.highlighted_digit() is None
    reads(qtbot, window, 7)
    assert window.windowTitle().startswith("7 (")


def test_entering_number_mode_again_while_an_edited_picture_is_read_never_leaves_the_digit_in_the_title(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    read_as_a_number_once_edited(qtbot, window)
    window.number.set_number_mode(False)
    reads(qtbot, window, 7)
    qtbot.waitUntil(lambda: not window.recognizer.is_reading(), timeout=10_000)
    assert window.windowTitle().startswith("7 (")
    window.number.set_number_mode(True)  # the same picture, read as a number again
    assert window.windowTitle() == "mnist-draw" and window.panel.readout.headline.text() == "Reading the number…"
    qtbot.waitUntil(lambda: window.windowTitle() == "7 - mnist-draw", timeout=10_000)


def test_leaving_number_mode_while_a_re_read_fails_ends_in_a_plain_message_not_the_in_between_state(qtbot, seven_with_a_stray_mark, monkeypatch):
    from mnist_draw.ui import live_recognizer

    window = seven_with_a_stray_mark
    read_as_a_number_once_edited(qtbot, window)

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in reading the picture")

    monkeypatch.setattr(live_recognizer, "read_picture_ink", broken)
    window.number.set_number_mode(False)
    assert window.panel.readout.headline.text() == "Reading the picture…"
    qtbot.waitUntil(lambda: not window.recognizer.is_reading(), timeout=10_000)
    assert window.panel.readout.headline.text() == "Draw a digit"
    assert window.panel.readout.detail.text() == "The picture could not be read after this change. Undo (Ctrl+Z) to go back."
    assert window.windowTitle() == "mnist-draw" and window.recognizer.last_reading_is_current()


def test_clearing_the_canvas_while_the_in_between_state_shows_ends_in_the_empty_canvas_reading(qtbot, seven_with_a_stray_mark):
    window = seven_with_a_stray_mark
    read_as_a_number_once_edited(qtbot, window)
    window.number.set_number_mode(False)
    assert window.panel.readout.headline.text() == "Reading the picture…"
    window.canvas.clear()
    qtbot.waitUntil(lambda: not window.recognizer.is_reading() and window.workers.is_idle(), timeout=10_000)
    assert window.panel.readout.headline.text() == "Draw a digit" and window.recognizer.last_reading_is_current()


def broken_reading(monkeypatch) -> None:
    """Reading a picture off the UI thread fails from now on, as a bug there would make it."""
    from mnist_draw.ui import live_recognizer

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in reading the picture")

    monkeypatch.setattr(live_recognizer, "read_picture_ink", broken)


def test_a_picture_that_cannot_be_read_as_a_number_says_so_in_number_terms_and_that_it_is_kept(qtbot, window, mnist, tmp_path, monkeypatch):
    from ui_helpers import mnist_digit, on_paper, open_picture

    from mnist_draw.ui.live_recognizer import NUMBER_FAILED

    window.number.set_number_mode(True)
    broken_reading(monkeypatch)
    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 4), mnist_digit(mnist, 2)]), tmp_path / "forty-two.png")
    qtbot.waitUntil(lambda: not window.recognizer.is_reading() and window.workers.is_idle(), timeout=10_000)
    readout = window.panel.readout
    assert readout.headline.text() == "Not read as a number"
    assert readout.detail.text() == (
        "The picture could not be read as a number. It is still shown: turn Number mode off (Ctrl+M) to read it as one digit."
    )
    assert "{number_mode}" in NUMBER_FAILED and "after this change" not in NUMBER_FAILED  # the keys are the action's
    assert window.canvas.drawing().image is not None  # the picture is still shown
    assert window.windowTitle() == "mnist-draw" and not window.number.overlay.isVisible()
    assert not window.number.copy_number.isEnabled()


def test_an_edited_picture_that_cannot_be_read_as_a_number_says_how_to_go_back(qtbot, seven_with_a_stray_mark, monkeypatch):
    from mnist_draw.ui.live_recognizer import NUMBER_LOST

    window = seven_with_a_stray_mark
    read_as_a_number_once_edited(qtbot, window)
    broken_reading(monkeypatch)
    window.canvas.add_stroke([(60.0, 240.0), (90.0, 240.0)])  # a dash drawn under the 7
    qtbot.waitUntil(lambda: not window.recognizer.is_reading() and window.workers.is_idle(), timeout=10_000)
    assert window.panel.readout.headline.text() == "Not read as a number"
    assert window.panel.readout.detail.text() == (
        "The picture could not be read as a number after this change. Undo (Ctrl+Z) to go back, "
        "or turn Number mode off (Ctrl+M) to read it as one digit."
    )
    assert "Undo ({undo})" in NUMBER_LOST and "Number mode off ({number_mode})" in NUMBER_LOST
    assert window.windowTitle() == "mnist-draw" and not window.number.overlay.isVisible()


@pytest.mark.parametrize("size", [(3, 3000), (1, 1)])
def test_in_number_mode_a_picture_too_thin_or_small_for_a_digit_keeps_that_reason_not_blank(qtbot, window, tmp_path, size):
    from PIL import Image

    open_picture(qtbot, window, Image.new("RGB", size, "black"), tmp_path / "odd.png")
    numbers = []
    window.recognizer.number_changed.connect(numbers.append)
    window.number.set_number_mode(True)
    qtbot.waitUntil(lambda: bool(numbers) and numbers[-1] is not None and numbers[-1].reason != READING_NUMBER, timeout=10_000)
    assert numbers[-1].reason == window.canvas.drawing().image.model_input.reason  # too thin, or too small
    assert "too" in numbers[-1].reason and not numbers[-1].digits
