"""A screen's pixel grid, photographed, taken out before ink is looked for; pictures
without one (paper, ruled lines, a page of fine hatching) left exactly as they were."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter
from paper_helpers import DIGITS, page, read, write

from mnist_draw.descreen import without_screen_grid
from mnist_draw.preprocess import image_to_input


def screen_photo(picture: Image.Image, pitch: float = 3.5, turn: float = 4.0) -> Image.Image:
    """``picture`` as a phone photo of a screen showing it: red, green and blue subpixels
    ``pitch`` pixels a pixel, dark rows between, turned ``turn`` degrees; a little blur; exposed up."""
    values = 0.08 + 0.9 * np.asarray(picture, dtype=np.float32) / 255
    y, x = np.mgrid[0 : values.shape[0], 0 : values.shape[1]].astype(np.float32)
    angle = np.radians(turn)
    u = (x * np.cos(angle) + y * np.sin(angle)) / pitch
    v = (-x * np.sin(angle) + y * np.cos(angle)) / pitch
    channel = np.floor(3 * (u - np.floor(u)))
    grid = np.stack([(channel == c) & (v - np.floor(v) < 0.8) for c in range(3)], axis=-1)
    shot = Image.fromarray((values * grid * 255).astype(np.uint8), "RGB").filter(ImageFilter.GaussianBlur(0.7))
    return Image.fromarray(np.clip(np.asarray(shot, dtype=np.float32) * 2.8, 0, 255).astype(np.uint8), "RGB")


def test_a_digit_photographed_on_a_screen_is_read_through_the_screens_pixel_grid(classifier, tmp_path):
    picture = screen_photo(write(page((360, 360), paper=(250, 250, 250), texture=0), DIGITS[4], (90, 60, 220)))
    digit, _ = read(classifier, picture, tmp_path, name="screen.png")
    assert digit == 4


def test_the_grid_is_taken_out_and_the_digit_kept():
    picture = screen_photo(write(page((360, 360), paper=(250, 250, 250), texture=0), DIGITS[4], (90, 60, 220)))
    gray, rgb = _gray_and_rgb(picture)
    clean = without_screen_grid(rgb, gray)
    paper = clean[10:50, 10:50]  # a corner of the screen: no digit there
    assert paper.std() < 0.5 * gray[10:50, 10:50].std()  # much of it: its beats with the pixels stay
    assert clean[150:250, 90:310].min() < paper.mean() - 0.3  # the 4's strokes are still dark


def _gray_and_rgb(picture: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(picture.convert("L"), dtype=np.float32) / 255, np.asarray(picture, dtype=np.float32) / 255


def test_a_photo_of_paper_is_left_as_it_is():
    gray, rgb = _gray_and_rgb(write(page(), DIGITS[2], (110, 70, 220)))
    assert without_screen_grid(rgb, gray) is gray


def test_ruled_lines_a_few_pixels_apart_are_no_fine_grid():
    picture = page()
    draw = ImageDraw.Draw(picture)
    for y in range(0, 400, 12):
        draw.line([(0, y), (400, y)], fill=(150, 170, 220), width=2)
    gray, rgb = _gray_and_rgb(write(picture, DIGITS[7], (110, 70, 220)))
    assert without_screen_grid(rgb, gray) is gray


def test_a_page_of_fine_coloured_hatching_stays_a_pattern_though_it_repeats_as_finely():
    # Its red, green and blue repeat in step (the pen darkens them together), a screen's
    # a third of a period apart: taken out, the hatching left blotches read as a digit.
    picture = page()
    draw = ImageDraw.Draw(picture)
    for x in range(-400, 400, 5):
        draw.line([(x, 0), (x + 400, 400)], fill=(180, 30, 40), width=2)
    gray, rgb = _gray_and_rgb(picture)
    assert without_screen_grid(rgb, gray) is gray


def test_a_thin_coloured_digit_on_coloured_paper_is_no_screen_grid_and_keeps_its_strokes(classifier, tmp_path):
    # A stroke a pixel wide spreads its power over all the fine frequencies, and green ink
    # on pink paper is out of step in its channels: its strokes were taken out as a grid.
    picture = write(page((64, 64), paper=(230, 120, 200), texture=2), DIGITS[4], (12, 7, 41), (40, 160, 40), width=1)
    gray, rgb = _gray_and_rgb(picture)
    assert without_screen_grid(rgb, gray) is gray
    digit, _ = read(classifier, picture, tmp_path, name="thin.png")
    assert digit == 4


def test_an_ink_as_bright_as_its_paper_is_no_screen_grid_and_keeps_its_digit(classifier, tmp_path):
    # Its brightness flat, nothing repeats; taken for a grid, the picture skipped the search
    # for a pale ink in one channel, and the 4 (pink on grey, both 128 bright) read blank.
    picture = write(page((400, 400), paper=(128, 128, 128), texture=0), DIGITS[4], (120, 60, 260), (255, 64, 128))
    gray, rgb = _gray_and_rgb(picture)
    assert without_screen_grid(rgb, gray) is gray
    digit, _ = read(classifier, picture, tmp_path, name="isoluminant.png")
    assert digit == 4


@pytest.fixture(scope="module")
def train_source(mnist, pendigits_train_file):
    from mnist_draw.photo_simulator import DigitSource
    from mnist_draw.strokes_file import load_labelled

    drawings = load_labelled(pendigits_train_file)
    return DigitSource(mnist.train.images, mnist.train.labels, [d.strokes for d in drawings], [d.label for d in drawings])


def _train_case(source, kind: str, index: int):
    """Case ``index`` of ``kind`` as ``bench_photos.py --split train`` renders it (seed 1)."""
    from mnist_draw.photo_simulator import case_of

    return case_of(source, kind, index, seed=1)


@pytest.mark.parametrize("index", [0, 15, 21, 31])
def test_a_screens_grid_beating_into_coarser_moire_is_taken_out_and_the_digit_read(classifier, tmp_path, train_source, index):
    # Its strongest repeat 3 to 14 pixels at the working size, the moire coarser: the grid
    # inside the strokes broke them into a lattice, "Only a pattern" (or taken out only at
    # its fine peaks, the moire left).
    case = _train_case(train_source, "screen", index)
    path = tmp_path / "screen.jpg"
    path.write_bytes(case.data)
    model_input = image_to_input(path)
    assert not model_input.is_blank
    assert int(classifier.predict(model_input.pixels).argmax()) == case.label


@pytest.mark.parametrize("index", [3, 18])
def test_a_pale_ink_dark_in_one_channel_alone_is_no_screen(train_source, index):
    # One channel moving alone is neither in step nor out: its sum's power is its own. Counted
    # out of step, a highlighter's digit was taken for a screen's grid and lost.
    picture = Image.open(io.BytesIO(_train_case(train_source, "highlighter", index).data)).convert("RGB")
    picture.thumbnail((384, 384), Image.Resampling.BOX)
    gray, rgb = _gray_and_rgb(picture)
    assert without_screen_grid(rgb, gray) is gray


def test_a_screened_digits_long_straight_strokes_are_no_moire_and_stay_whole(classifier, tmp_path, train_source):
    # A 5's long horizontal strokes put their power in a ridge (periods of 15 to 30 pixels
    # straight up the spectrum); taken out with the moire's peaks, echoes of them stayed
    # beside the strokes and the 5 was read as 7.
    case = _train_case(train_source, "screen", 22)
    path = tmp_path / "screen.jpg"
    path.write_bytes(case.data)
    model_input = image_to_input(path)
    assert case.label == 5
    assert int(classifier.predict(model_input.pixels).argmax()) == 5
