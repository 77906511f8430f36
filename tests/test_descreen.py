"""A screen's pixel grid, photographed, taken out before ink is looked for; pictures
without one (paper, ruled lines, a page of fine hatching) left exactly as they were."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from paper_helpers import DIGITS, page, read, write

from mnist_draw.descreen import without_screen_grid


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
