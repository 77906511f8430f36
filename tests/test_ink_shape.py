"""The shape of a digit's ink: its strokes' width at any angle, a filled blot told from a
bold digit and a pattern (hatching, a weave, print) from a digit, on shapes and in photos
read by the real path and the bundled model."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter
from paper_helpers import blot_photo, page, read, write

from mnist_draw.ink_shape import (
    has_bar_through,
    is_blot,
    is_frame,
    is_one_stroke,
    is_pattern,
    more_loops_than,
    run_lengths,
    stroke_width,
)
from mnist_draw.model_store import load_active_model
from mnist_draw.number_composer import draw_mark
from mnist_draw.photo_simulator import PATTERN_KINDS, generate_patterns
from mnist_draw.preprocess import ONLY_A_PATTERN, image_to_input, strokes_to_input
from mnist_draw.reading import read_image
from mnist_draw.resources import bundled_model_dir
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.strokes_file import load_labelled

@pytest.mark.parametrize(
    "box",
    [(140, 140, 260, 260), (100, 120, 200, 280), (100, 100, 300, 300), (70, 70, 330, 330)],
    ids=["disc", "upright-oval", "disc-half-the-picture", "disc-two-thirds-of-the-picture"],
)
def test_a_photo_of_a_filled_blot_is_not_read_as_a_0_but_said_to_be_a_blot(classifier, tmp_path, box):
    picture = blot_photo(box)
    digit, found = read(classifier, picture, tmp_path)
    assert digit is None
    picture.save(tmp_path / "blot.jpg", quality=88)
    assert image_to_input(tmp_path / "blot.jpg").reason == "Only a blot of ink: no digit found in the image."
    assert found is not None  # the blot is shown as ink, to be erased or drawn over


def test_a_lone_filled_dot_such_as_an_is_dot_is_only_a_dot(classifier, tmp_path):
    picture = blot_photo((188, 188, 212, 212))  # 24 pixels across in a 400-pixel photo
    digit, _ = read(classifier, picture, tmp_path)
    assert digit is None
    picture.save(tmp_path / "dot.jpg", quality=88)
    assert image_to_input(tmp_path / "dot.jpg").reason == "Only a dot: no digit found in the image."


@pytest.mark.parametrize("hole", [70, 30, 14])
def test_a_bold_0_with_any_hole_left_is_still_a_0(classifier, tmp_path, hole):
    picture = page()
    draw = ImageDraw.Draw(picture)
    draw.ellipse((130, 80, 270, 320), fill=(20, 20, 25))
    draw.ellipse((200 - hole / 2, 200 - hole, 200 + hole / 2, 200 + hole), fill=(242, 242, 238))
    digit, _ = read(classifier, picture, tmp_path)
    assert digit == 0


def test_a_9_whose_loop_is_filled_with_ink_is_a_9_not_a_blot(classifier, tmp_path):
    picture = page()
    ImageDraw.Draw(picture).ellipse((140, 60, 260, 180), fill=(20, 20, 25))
    write(picture, [[(72, 32), (70, 60), (62, 95)]], (100, 40, 300), width=30)
    digit, _ = read(classifier, picture, tmp_path)
    assert digit == 9


def test_a_blot_is_a_filled_disc_or_fat_ellipse_not_a_ring_a_bar_or_a_bold_digit():
    def shape(draw_it) -> np.ndarray:
        picture = Image.new("L", (120, 120), 0)
        draw_it(ImageDraw.Draw(picture))
        ink = np.asarray(picture.filter(ImageFilter.GaussianBlur(1)), dtype=np.float32) / 255
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]

    assert is_blot(shape(lambda d: d.ellipse((10, 10, 110, 110), fill=255)))
    assert is_blot(shape(lambda d: d.ellipse((30, 10, 90, 110), fill=255)))  # as wide as 0.6 of its height
    assert not is_blot(shape(lambda d: d.ellipse((10, 10, 110, 110), outline=255, width=30)))  # a ring: a 0
    assert not is_blot(shape(lambda d: d.ellipse((10, 10, 110, 110), outline=255, width=46)))  # a hole left: still a 0
    assert not is_blot(shape(lambda d: d.rectangle((45, 5, 75, 115), fill=255)))  # a thick 1
    assert not is_blot(shape(lambda d: d.line([(20, 20), (100, 20), (40, 110)], fill=255, width=34)))  # a bold 7

    def filled_eight(d):  # a marker's 8 with both loops filled: its waist is left
        d.ellipse((30, 5, 90, 60), fill=255)
        d.ellipse((22, 50, 98, 115), fill=255)

    assert not is_blot(shape(filled_eight))


def test_stroke_width_is_measured_at_any_angle():
    widths = []
    for angle in (0, 30, 45, 90):
        picture = Image.new("L", (300, 300), 0)
        dx, dy = math.cos(math.radians(angle)) * 100, math.sin(math.radians(angle)) * 100
        ImageDraw.Draw(picture).line([(150 - dx, 150 - dy), (150 + dx, 150 + dy)], fill=255, width=12)
        widths.append(stroke_width(np.asarray(picture, dtype=np.float32) / 255))
    assert max(widths) / min(widths) < 1.2
    assert 9 < min(widths) and max(widths) < 13


def test_a_dollar_signs_bar_sticking_out_of_its_s_is_found_and_not_in_5s_8s_or_a_1(pendigits_train_file):
    rng = random.Random(0)
    dollars = [strokes_to_input(draw_mark("dollar", rng)).pixels for _ in range(30)]
    assert np.mean([has_bar_through(pixels) for pixels in dollars]) >= 0.5  # a bar sticking out by 5% is lost in the S
    digits = [d for d in load_labelled(pendigits_train_file) if d.label in (5, 8)][:300]
    assert sum(has_bar_through(strokes_to_input(d.strokes).pixels) for d in digits) <= 3
    assert not has_bar_through(strokes_to_input([[(50.0, 0.0), (52.0, 100.0)]]).pixels)  # a 1: a bar and nothing else


def test_each_ink_pixel_gets_the_length_of_its_run_across_or_down():
    mask = np.zeros((5, 6), dtype=bool)
    mask[1, 0:4] = True  # a bar four long
    mask[0:5, 5] = True  # a column of five
    down, across = run_lengths(mask, axis=0), run_lengths(mask, axis=1)
    assert across[1, :4].tolist() == [4, 4, 4, 4] and down[1, :4].tolist() == [1, 1, 1, 1]
    assert down[:, 5].tolist() == [5] * 5 and across[:, 5].tolist() == [1] * 5
    assert (down[~mask] == 0).all() and (across[~mask] == 0).all()  # paper has no run
    assert not run_lengths(np.zeros((3, 3), dtype=bool), axis=0).any()
    assert (run_lengths(np.ones((3, 7), dtype=bool), axis=1) == 7).all()


@pytest.mark.parametrize("pixels", [np.zeros((28, 28)), np.ones((28, 28)), np.pad(np.ones((1, 1)), 13)])
def test_no_bar_is_found_through_no_ink_all_ink_or_a_dot(pixels):
    assert not has_bar_through(pixels)


def hatched_page(spacing: int, slope: float, crossed: bool = False) -> Image.Image:
    """A photo of paper ruled all over with parallel diagonal lines (and across them when ``crossed``), no digit."""
    picture = page()
    draw = ImageDraw.Draw(picture)
    for offset in range(-400, 800, spacing):
        draw.line([(offset, 0), (offset + 400 * slope, 400)], fill=(60, 60, 70), width=2)
        if crossed:
            draw.line([(offset + 400 * slope, 0), (offset, 400)], fill=(60, 60, 70), width=2)
    return picture.filter(ImageFilter.GaussianBlur(0.6))


@pytest.fixture(scope="module")
def app_classifier():
    """The bundled model as the app loads it: with its card's threshold for "not a digit"."""
    return load_active_model(bundled_model_dir()).classifier


@pytest.mark.parametrize("name", ["page.png", "page.jpg"])
def test_a_photo_of_diagonal_hatching_is_said_to_be_a_pattern_not_read_as_an_8(app_classifier, tmp_path, name):
    hatched_page(6, 1.0).save(tmp_path / name)
    reading = read_image(app_classifier, tmp_path / name)
    assert reading.digit is None
    assert reading.summary() == ONLY_A_PATTERN  # plain words, as the window and the command line show them


@pytest.mark.parametrize("spacing, slope, crossed", [(12, -1.0, False), (10, 0.6, False), (9, 1.0, True), (14, -0.7, True)])
def test_photos_of_hatching_at_any_spacing_and_slope_are_no_digit(app_classifier, tmp_path, spacing, slope, crossed):
    hatched_page(spacing, slope, crossed).save(tmp_path / "page.jpg", quality=85)
    reading = read_image(app_classifier, tmp_path / "page.jpg")
    assert reading.digit is None
    assert reading.summary() in (ONLY_A_PATTERN, "Not a digit", "The image is blank: no digit found.")


@pytest.mark.parametrize("kind", PATTERN_KINDS)
def test_photos_of_patterns_with_no_digit_are_never_read_as_a_digit(app_classifier, tmp_path, kind):
    for index, case in enumerate(generate_patterns([kind], per_kind=4, seed=7)):
        path = tmp_path / f"{kind}-{index}.jpg"
        path.write_bytes(case.data)
        reading = read_image(app_classifier, path)
        assert reading.digit is None, f"{kind} {index} read as {reading.summary()}"


def _ink(draw_it, size=(200, 200)) -> np.ndarray:
    picture = Image.new("L", size, 0)
    draw_it(ImageDraw.Draw(picture))
    ink = np.asarray(picture.filter(ImageFilter.GaussianBlur(0.7)), dtype=np.float32) / 255
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def test_a_pattern_is_many_pieces_or_many_holes_and_a_digit_is_neither():
    def hatching(draw):
        for x in range(-200, 200, 10):
            draw.line([(x, 0), (x + 200, 200)], fill=255, width=2)

    def net(draw):
        for x in range(0, 200, 16):
            draw.line([(x, 0), (x, 200)], fill=255, width=3)
            draw.line([(0, x), (200, x)], fill=255, width=3)

    def print_like(draw):
        for row in range(5, 190, 14):
            for col in range(5, 190, 9):
                draw.rectangle((col, row, col + 5, row + 9), outline=255, width=2)

    assert is_pattern(_ink(hatching)) and is_pattern(_ink(net)) and is_pattern(_ink(print_like))

    def digit(strokes, width=14):
        def draw_it(draw):
            for stroke in strokes:
                draw.line([(20 + x * 1.6, 20 + y * 1.6) for x, y in stroke], fill=255, width=width, joint="curve")

        return draw_it

    for strokes in SAMPLE_STROKES.values():
        assert not is_pattern(_ink(digit(strokes)))
        assert not is_pattern(_ink(digit(strokes, width=3)))  # a fine pen's

    def eight_in_a_broken_box(draw):  # two loops, and a printed box's remains in a few dashes
        draw.ellipse((60, 20, 140, 95), outline=255, width=12)
        draw.ellipse((55, 95, 145, 180), outline=255, width=12)
        for x in range(10, 190, 45):
            draw.line([(x, 5), (x + 25, 5)], fill=255, width=2)
            draw.line([(x, 195), (x + 25, 195)], fill=255, width=2)

    assert not is_pattern(_ink(eight_in_a_broken_box))


@pytest.mark.parametrize("parts", [7, 8])
def test_a_pattern_needs_eight_parts_whether_pieces_or_holes_and_seven_are_a_digit(parts):
    # Where the quick bound on the parts (2 marks - Euler number) is exact: separate bars,
    # and a net (one piece) of a row of cells (its holes).
    bars = np.zeros((30, 12 * parts), np.float32)
    for k in range(parts):
        bars[5:25, 12 * k + 4 : 12 * k + 7] = 1.0
    net = np.zeros((16 + 3, 16 * (parts - 1) + 3), np.float32)
    net[::16, :] = net[1::16, :] = net[2::16, :] = 1.0
    net[:, ::16] = net[:, 1::16] = net[:, 2::16] = 1.0
    assert is_pattern(bars) == (parts >= 8)
    assert is_pattern(net) == (parts >= 8)


@pytest.mark.parametrize("shape", [(0, 0), (1, 1), (1, 9), (9, 1), (6, 7)])
def test_no_ink_a_pixel_a_line_or_ink_everywhere_is_no_pattern(shape):
    for fill in (0.0, 1.0):
        assert not is_pattern(np.full(shape, fill, np.float32))


def test_an_empty_printed_box_is_a_frame_and_a_0_or_an_8_is_not():
    for box in ((10, 60, 190, 140), (40, 10, 160, 190), (5, 5, 195, 195)):
        for width in (1, 3, 6):
            assert is_frame(_ink(lambda draw: draw.rectangle(box, outline=255, width=width))), (box, width)
    assert not is_frame(_ink(lambda draw: draw.ellipse((10, 10, 190, 190), outline=255, width=6)))  # a round 0
    assert not is_frame(_ink(lambda draw: draw.ellipse((50, 10, 150, 190), outline=255, width=12)))  # a tall bold 0
    assert is_frame(_ink(lambda draw: draw.rounded_rectangle((10, 50, 190, 150), 20, outline=255, width=3)))  # a form's rounded field
    for strokes in SAMPLE_STROKES.values():
        assert not is_frame(_ink(lambda draw: draw.line([(20 + x * 1.6, 20 + y * 1.6) for x, y in strokes[0]], fill=255, width=8)))


def test_a_0_written_boxy_its_corners_rounded_by_the_pen_is_no_frame():
    # A rounded rectangle no wider than tall, drawn with a hand's wobble: it was "Only an empty box".
    wobble = np.random.default_rng(3)
    for half_width, power, pen in ((75, 0.5, 4), (65, 0.5, 4), (55, 0.33, 4), (75, 0.33, 3), (65, 0.5, 6)):
        outline = []
        for t in np.linspace(0, 2 * np.pi, 80):
            c, s = np.cos(t), np.sin(t)  # a superellipse: the lower ``power``, the squarer
            x, y = half_width * np.sign(c) * abs(c) ** power, 75 * np.sign(s) * abs(s) ** power
            outline.append((100 + x + wobble.uniform(-1.5, 1.5), 100 + y + wobble.uniform(-1.5, 1.5)))
        assert not is_frame(_ink(lambda draw: draw.line(outline, fill=255, width=pen, joint="curve"))), (half_width, power, pen)


def test_a_printed_box_photographed_askew_is_still_a_frame():
    # Its corners stay sharp, turned with it: a boxy 0's are round however it is turned.
    for box in ((50, 20, 150, 180), (20, 20, 180, 180)):
        for turn in (-2.0, 0.5, 1.0, 3.0):
            picture = Image.new("L", (200, 200), 0)
            ImageDraw.Draw(picture).rectangle(box, outline=255, width=3)
            ink = np.asarray(picture.rotate(turn, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.7)), dtype=np.float32) / 255
            rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
            assert is_frame(ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]), (box, turn)


def test_loops_are_holes_a_strokes_width_square_counted_between_squares_touching_at_corners():
    ring = _ink(lambda draw: draw.ellipse((40, 40, 160, 160), outline=255, width=8))
    assert more_loops_than(ring, 0) and not more_loops_than(ring, 1)
    eight = _ink(lambda draw: (draw.ellipse((60, 10, 140, 95), outline=255, width=8), draw.ellipse((55, 95, 145, 190), outline=255, width=8)))
    assert more_loops_than(eight, 1) and not more_loops_than(eight, 2)
    board = (np.add.outer(np.arange(200) // 25, np.arange(200) // 25) % 2 == 0).astype(np.float32)  # 8 squares a side
    assert more_loops_than(board, 17) and not more_loops_than(board, 18)  # the white squares not on the board's edge
    blot = _ink(lambda draw: draw.ellipse((40, 40, 160, 160), fill=255))
    for top in range(30, 90, 12):
        blot[top : top + 4, 30:90:12] = 0.0  # pinholes a pen's width leaves in a blot: no loops
    assert not more_loops_than(blot, 0)


def test_a_digit_drawn_with_a_pen_is_one_stroke_and_specks_or_a_clump_of_crumbs_are_not():
    def digit(strokes, pen):
        return lambda draw: [draw.line([(20 + x * 1.6, 20 + y * 1.6) for x, y in stroke], fill=255, width=pen, joint="curve") for stroke in strokes]

    for index in (0, 2, 3, 4, 7):
        assert is_one_stroke(_ink(digit(SAMPLE_STROKES[index], 14))), index

    def specks(draw):  # dust: round specks apart, a digit's size together
        for x, y in ((40, 40), (90, 50), (60, 110), (120, 130), (70, 160)):
            draw.ellipse((x, y, x + 14, y + 14), fill=255)

    def crumbs(draw):  # eraser crumbs run together into one fat clump
        for x, y, r in ((80, 70, 22), (105, 90, 18), (85, 115, 20), (60, 95, 15), (110, 125, 12)):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)

    assert not is_one_stroke(_ink(specks))
    assert not is_one_stroke(_ink(crumbs))


def test_a_box_with_a_digit_written_in_it_is_no_empty_frame():
    """A 7 inside a printed box, apart from it or touching it, was "Only an empty box or frame: no digit found"."""
    seven = [(80, 70), (125, 70), (95, 135)]
    for box in ((60, 55, 140, 145), (80, 70, 125, 135), (30, 20, 170, 180)):
        for width in (2, 3):
            ink = _ink(lambda draw: (draw.rectangle(box, outline=255, width=width), draw.line(seven, fill=255, width=6)))
            assert not is_frame(ink), (box, width)
    assert is_frame(_ink(lambda draw: (draw.rectangle((30, 20, 170, 180), outline=255, width=3), draw.point((100, 100), fill=255))))  # a speck in it
