"""Photos and scans of real paper, read by the real path and the bundled model: the
digit chosen among the marks (specks, a neighbour's fragment, several digits), pictures
of any size, the digit chosen again in ink found before, and the pen's width (issue 9).
The paper's light, its printing and the ink's shape have test files of their own."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from paper_helpers import DIGITS, page, read, shade, write

from mnist_draw.ink_shape import stroke_width
from mnist_draw.paper import FAINT_CORE, SOLID_AVERAGE, _solid_box, beside, digit_in_ink, find_ink
from mnist_draw.paper_brightness import box_blur
from mnist_draw.preprocess import image_to_input
from mnist_draw.self_test_digits import SAMPLE_STROKES

# --- the cases of the issue -------------------------------------------------------


def test_specks_and_a_neighbours_fragment_are_left_out(classifier, tmp_path):
    picture = write(page((300, 300)), DIGITS[7], (70, 50, 190))
    draw = ImageDraw.Draw(picture)
    for x, y in [(20, 30), (260, 250), (240, 40), (40, 270), (150, 285)]:
        draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=(30, 30, 30))
    write(picture, DIGITS[0], (260, 60, 180))  # the next digit, cut by the right edge
    digit, found = read(classifier, picture, tmp_path)
    assert digit == 7
    assert found.box[3] < 260 * found.ink.shape[1] / 300


def test_a_thick_marker_0_reads_0_not_5_or_3(classifier, tmp_path):
    picture = write(page(), DIGITS[0], (90, 60, 260), width=62)
    digit, _ = read(classifier, picture, tmp_path)
    assert digit == 0


def test_a_white_digit_on_a_transparent_png_is_read(classifier, tmp_path):
    alpha = write(Image.new("RGB", (200, 200), (0, 0, 0)), DIGITS[7], (40, 30, 140), colour=(255, 255, 255)).convert("L")
    rgba = Image.new("RGBA", (200, 200), (255, 255, 255, 0))
    rgba.putalpha(alpha)
    digit, _ = read(classifier, rgba, tmp_path, name="white.png")
    assert digit == 7


def test_a_tiny_40_pixel_photo_is_read(classifier, tmp_path):
    picture = write(page((400, 400)), DIGITS[7], (80, 60, 260), width=30).resize((40, 40), Image.Resampling.BOX)
    digit, _ = read(classifier, picture, tmp_path)
    assert digit == 7


def test_a_12_megapixel_photo_is_read(classifier, tmp_path):
    picture = write(page((800, 600), texture=3), DIGITS[6], (300, 150, 300)).resize((4000, 3000), Image.Resampling.BICUBIC)
    y = np.linspace(1.0, 0.7, 3000)[:, None] * np.ones((1, 4000))
    digit, _ = read(classifier, shade(picture, y), tmp_path, name="big.jpg", quality=85)
    assert digit == 6


def test_a_faint_but_visible_digit_is_never_blank(tmp_path):
    picture = write(page(texture=2), DIGITS[2], (110, 70, 240), colour=(200, 200, 200), width=8)
    assert not image_to_input(picture).is_blank


def test_several_digits_side_by_side_are_flagged():
    picture = page((600, 300))
    write(picture, DIGITS[2], (60, 50, 200))
    write(picture, DIGITS[7], (340, 50, 200))
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    assert found.several_digits and found.marks == 2


def test_one_digit_is_not_flagged_as_several():
    found = find_ink(np.asarray(write(page(), DIGITS[4], (80, 60, 240)).convert("L"), dtype=np.float32) / 255)
    assert found.marks == 1 and not found.several_digits


def test_a_number_written_close_together_is_flagged_as_several_digits():
    picture = page((640, 260))
    for index, digit in enumerate((2, 0, 4, 7)):
        write(picture, DIGITS[digit], (40 + index * 140, 50, 160))
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    assert found.several_digits and found.chosen_among_others


def test_a_number_written_with_its_digits_spaced_has_digits_beside_the_one_chosen():
    picture = page((900, 300))
    for index, digit in enumerate((2, 0, 4)):
        write(picture, DIGITS[digit], (80 + index * 280, 60, 160))  # gaps of 0.75 of a digit's height
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    assert found.marks == 3 and found.digits_beside


def test_a_mark_as_large_far_across_the_page_is_no_digit_beside_it():
    # A blot of the digit's size, far in the corner: another digit-sized mark (several
    # digits, the window offers number mode), but not one of a number's digits.
    picture = write(page((1200, 900)), DIGITS[7], (540, 380, 120))
    ImageDraw.Draw(picture).ellipse((1080, 780, 1160, 860), fill=(20, 20, 25))
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    assert found.several_digits and not found.digits_beside


def test_a_digit_far_wider_than_tall_is_digits_beside_each_other():
    picture = write(write(page((600, 300)), DIGITS[2], (100, 80, 140)), DIGITS[7], (215, 80, 140))
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    assert found.digits_beside


@pytest.mark.parametrize(
    ("other", "is_beside"),
    [
        ((100, 140, 170, 200), True),  # the next digit in the row, a digit's height off
        ((102, 138, 210, 240), True),  # two heights off, in the row
        ((100, 140, 250, 280), True),  # three heights off, in the row: a number spaced wide
        ((100, 140, 300, 330), False),  # over four heights further along the row
        ((150, 190, 200, 230), False),  # in no row or column, over a height below and beside
        ((200, 240, 100, 130), True),  # under it, a height and a half down: stacked
        ((320, 360, 105, 135), False),  # under it, over four heights down
        ((145, 185, 100, 130), True),  # under it, a line of writing below
        ((90, 190, 250, 300), False),  # far taller: no digit of its number
        ((600, 640, 900, 930), False),  # across the page
    ],
)
def test_a_mark_is_beside_the_digit_in_a_row_or_a_column_close_by_or_just_round_it(other, is_beside):
    assert beside((100, 140, 100, 130), other) is is_beside


def test_a_digit_alone_was_not_chosen_among_others():
    found = find_ink(np.asarray(write(page(), DIGITS[7], (80, 60, 240)).convert("L"), dtype=np.float32) / 255)
    assert not found.chosen_among_others


def test_a_digit_beside_a_stray_mark_was_chosen_among_others():
    picture = write(page(), DIGITS[7], (60, 60, 240))
    ImageDraw.Draw(picture).ellipse((340, 350, 356, 366), fill=(20, 20, 25))  # a blot in the corner
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    assert found.marks == 1 and found.chosen_among_others


# --- choosing the digit again in ink found before ---------------------------------------


@pytest.mark.parametrize(
    "picture",
    [
        write(page(), DIGITS[6], (80, 60, 240)),
        write(write(page((600, 300)), DIGITS[2], (60, 50, 200)), DIGITS[7], (340, 50, 200)),
        shade(write(page(texture=3), DIGITS[0], (90, 70, 230)), np.linspace(1.0, 0.55, 400)[None, :] * np.ones((400, 1))),
    ],
    ids=["one digit", "two digits", "shadowed"],
)
def test_the_digit_in_ink_found_before_is_the_one_found_then(picture):
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    again = digit_in_ink(found.ink)
    assert again.box == found.box and again.marks == found.marks
    assert np.array_equal(again.digit, found.digit) and np.array_equal(again.ink, found.ink)


def test_with_the_middle_digit_erased_the_digit_is_chosen_among_what_is_left():
    picture = page((600, 300))
    write(picture, DIGITS[2], (60, 50, 200))
    write(picture, DIGITS[7], (340, 50, 200))
    found = find_ink(np.asarray(picture.convert("L"), dtype=np.float32) / 255)
    top, bottom, left, right = found.box
    edited = found.ink.copy()
    edited[top:bottom, left:right] = 0.0  # the user erased the digit that was read
    again = digit_in_ink(edited)
    assert again is not None and again.box != found.box and again.marks == 1


def test_faint_remains_of_an_erased_mark_are_no_digit():
    ink = np.zeros((100, 100), dtype=np.float32)
    ink[20:80, 45:55] = 0.2  # the soft fringe of a stroke whose core was erased
    assert digit_in_ink(ink) is None
    assert digit_in_ink(np.zeros((100, 100), dtype=np.float32)) is None


def test_a_faint_line_joined_to_the_digit_does_not_stretch_it_over_the_specks_beyond():
    # A grid line's faint fringe the lines' removal left runs from the digit to the
    # picture's edges; specks lie near its far ends, well away from the digit.
    ink = np.zeros((300, 300), dtype=np.float32)
    ink[100:200, 140:152] = 1.0  # a 1
    ink[150, :] = 0.2  # the faint line, touching the 1
    ink[:, 146] = np.maximum(ink[:, 146], 0.2)
    for row, col in ((140, 20), (160, 280), (20, 160), (280, 130)):
        ink[row : row + 4, col : col + 4] = 0.9  # specks beside the line's far ends
    found = digit_in_ink(ink)
    top, bottom, left, right = found.box
    assert 95 <= top and bottom <= 205 and 135 <= left and right <= 157


# --- the parts ------------------------------------------------------------------------


@pytest.mark.parametrize("pen", [4, 9, 16, 30])
def test_the_pen_width_of_a_pictures_digit_is_its_strokes_width_with_the_ends_left_out(pen):
    # A 1 and a 7 written with a pen ``pen`` pixels wide: the pen drawn over them must be the same.
    for strokes in (DIGITS[7], [[(50, 10), (50, 90)]]):
        found = find_ink(np.asarray(write(page(), strokes, (60, 60, 280), width=pen).convert("L"), dtype=np.float32) / 255)
        assert abs(found.pen_width - pen) <= max(1.0, 0.1 * pen)
        assert found.pen_width >= stroke_width(found.digit)  # the plain mean counts the ends as outline


def test_the_digits_solid_box_is_the_one_the_whole_pictures_3x3_average_gives_at_the_edges_too():
    # Only the ink's box and the pixel round it are averaged: the same box as averaging
    # the whole picture (its edges repeated), for ink in corners, along edges, in a single
    # pixel or row, filling the picture, faint all through, or none at all.
    def whole_picture_box(ink):
        average = box_blur(ink, 1)
        solid = average > min(SOLID_AVERAGE, FAINT_CORE * float(average.max()))
        rows, cols = np.flatnonzero(solid.any(axis=1)), np.flatnonzero(solid.any(axis=0))
        if not len(rows):
            return None
        height, width = ink.shape
        return max(0, rows[0] - 1), min(height, rows[-1] + 2), max(0, cols[0] - 1), min(width, cols[-1] + 2)

    rng = np.random.default_rng(11)
    inks = [np.zeros((5, 5), np.float32), np.ones((1, 1), np.float32), np.ones((4, 7), np.float32), np.full((1, 9), 0.3, np.float32)]
    corner = np.zeros((6, 6), np.float32)
    corner[0, 0] = 0.6  # counted four times at a corner with the edges repeated: 0.27 > 0.25
    inks.append(corner)
    for _ in range(200):
        height, width = (int(side) for side in rng.integers(1, 30, 2))
        ink = np.zeros((height, width), np.float32)
        top, left = int(rng.integers(0, height)), int(rng.integers(0, width))
        bottom, right = int(rng.integers(top, height)) + 1, int(rng.integers(left, width)) + 1
        patch = rng.random((bottom - top, right - left)) * (rng.random((bottom - top, right - left)) < rng.random())
        ink[top:bottom, left:right] = patch
        inks.append(ink)
    for ink in inks:
        assert _solid_box(ink) == whole_picture_box(ink), ink.shape


@pytest.mark.parametrize("digit", [0, 2, 7])
def test_a_lone_digit_written_small_and_faint_is_read_beside_heavier_punched_holes(classifier, tmp_path, digit):
    # A grey pen 45 pixels of 3,200: shrunk to the working copy its strokes are thinner than a
    # pixel, and no 3x3 average of them reached the solid part's 0.25. The digit had no solid
    # box, so it was no mark at all: with the holes chosen first and left out as dots, nothing
    # was left, and the page read blank.
    photo = write(page((3200, 2400), seed=5), DIGITS[digit], (1500, 1100, 45), colour=(60, 60, 70), width=3)
    for top in (600, 1800):
        ImageDraw.Draw(photo).ellipse((80, top, 160, top + 80), fill=(40, 40, 40))
    assert read(classifier, photo, tmp_path, quality=90)[0] == digit


def test_a_mark_faint_all_through_has_a_solid_box_of_what_stands_out_of_its_fringe():
    # A stroke thinner than a pixel, faint: its 3x3 average is 0.2 (it had no solid part, no box).
    ink = np.zeros((20, 20), np.float32)
    ink[5:15, 8] = 0.6
    ink[2, 2] = 0.3  # a speck of its fringe, standing apart
    faint = _solid_box(ink)
    ink[5:15, 8] = 1.0  # at the ink's full darkness
    assert faint == _solid_box(ink) == (5, 15, 6, 11)  # the same box, the speck left out


@pytest.mark.parametrize("digit", [2, 3, 7])
def test_a_light_digit_on_a_dark_field_filling_most_of_the_photo_is_read_not_framed_by_the_page(classifier, tmp_path, digit):
    # Photographed close, the field is most of the picture, which looks like light ink on
    # dark paper: the page round the field, at the picture's sides, is no ink framing the digit.
    picture = page()
    ImageDraw.Draw(picture).rectangle((60, 20, 340, 380), fill=(130, 30, 30))
    write(picture, DIGITS.get(digit, SAMPLE_STROKES.get(digit)), (110, 90, 200), colour=(236, 236, 230))
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    _, _, left, right = found.box
    assert (right - left) * 400 / max(found.ink.shape) < 200  # the digit's width, not the field's


def test_the_ink_found_in_pixel_noise_says_so_and_a_digits_does_not():
    noise = (np.random.default_rng(5).random((120, 120)) >= 0.5).astype(np.float32)
    found = find_ink(noise)
    assert found is not None and found.pixel_noise  # its denser patches are all the ink there is
    picture = Image.new("L", (120, 120), 255)
    for stroke in SAMPLE_STROKES[4]:
        ImageDraw.Draw(picture).line([(10 + x, 10 + y) for x, y in stroke], fill=0, width=6)
    found = find_ink(np.asarray(picture, np.float32) / 255)
    assert found is not None and not found.pixel_noise


def note_on_desk(digit: int, desk: tuple[int, int, int], note=(250, 236, 130), side=300) -> Image.Image:
    """A square sticky note ``side`` pixels across in the middle of a 400-pixel photo of a
    desk, ``digit`` written on it: the desk shows all round the note."""
    picture = page((400, 400), paper=desk, texture=6)
    corner = (400 - side) // 2
    ImageDraw.Draw(picture).rectangle([corner, corner, corner + side, corner + side], fill=note)
    return write(picture, DIGITS[digit], (100, 100, 200))


@pytest.mark.parametrize("desk", [(95, 62, 35), (15, 15, 16)], ids=["wood", "black"])
@pytest.mark.parametrize("digit", [2, 7])
def test_a_digit_on_a_sticky_note_on_a_darker_desk_is_read_not_the_desk_round_it(classifier, tmp_path, desk, digit):
    # Round the note the desk is one dark mark centred on the picture: chosen, it made a 0.
    read_digit, found = read(classifier, note_on_desk(digit, desk), tmp_path)
    assert read_digit == digit
    top, bottom, left, right = found.box
    assert top > 50 and left > 50 and bottom < 350 and right < 350


def test_a_five_cropped_close_along_the_top_and_left_edges_is_read_not_taken_for_the_desk(classifier, tmp_path):
    # Its bar along the top and its back down the left run along 0.37 of the border: as
    # far as a desk's, but along two sides, not round the page. Taken for the desk: blank.
    picture = page((300, 300))
    ImageDraw.Draw(picture).line([(300, 8), (8, 8), (8, 140), (150, 120), (260, 190), (200, 280), (40, 270)], fill=(20, 20, 25), width=22, joint="curve")
    read_digit, _ = read(classifier, picture, tmp_path, name="five.png")
    assert read_digit == 5
    ImageDraw.Draw(picture).ellipse((250, 40, 266, 56), fill=(20, 20, 25))  # a dot beside it is no digit to prefer
    read_digit, _ = read(classifier, picture, tmp_path, name="five_and_dot.png")
    assert read_digit == 5


@pytest.mark.parametrize("digit", [2, 7])
def test_a_digit_on_a_note_showing_the_desk_along_two_sides_only_is_read_not_the_desk(classifier, tmp_path, digit):
    # The note runs off the photo's right and bottom: the desk is an L along the top and
    # the left, as far along two sides as a 5 cropped close, but the digit is there too.
    picture = page((400, 400), paper=(95, 62, 35), texture=6)
    ImageDraw.Draw(picture).rectangle([60, 50, 400, 400], fill=(250, 236, 130))
    read_digit, found = read(classifier, write(picture, DIGITS[digit], (130, 110, 200)), tmp_path)
    assert read_digit == digit
    assert found.box[0] > 60 and found.box[2] > 60

def test_a_blank_sticky_note_on_a_desk_is_blank():
    picture = page((400, 400), paper=(95, 62, 35), texture=6)
    ImageDraw.Draw(picture).rectangle([50, 50, 350, 350], fill=(250, 236, 130))
    assert image_to_input(picture).is_blank


@pytest.mark.parametrize("band, letter", [(45, 16), (60, 20), (70, 24)])
def test_a_dark_band_along_the_border_with_light_letters_is_no_printed_field(classifier, tmp_path, band, letter):
    # A laptop's keyboard below the page: its body was taken for a dark field printed on the
    # page, its light letters for the digit ("1", and as a number "111111111111"), and the
    # number written above it not read at all.
    from mnist_draw import number

    picture = write(write(page((400, 300)), DIGITS[2], (110, 70, 120)), DIGITS[7], (200, 70, 120))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 300 - band, 400, 300), fill=(35, 35, 38))
    for x in range(12, 400, 34):
        draw.rectangle((x, 300 - band + (band - letter) // 2, x + 4, 300 - band + (band + letter) // 2), fill=(215, 215, 215))
    digit, found = read(classifier, picture, tmp_path)
    assert found.box[1] < 300 - band  # a digit on the page, not a letter in the band
    assert number.read_image(classifier, tmp_path / "photo.jpg").number == "27"


@pytest.mark.parametrize("field", [(0, 180, 400, 300), (100, 150, 400, 300), (0, 0, 160, 300)], ids=["bottom", "corner", "left"])
def test_a_light_digit_on_a_dark_label_along_the_border_with_a_blank_wall_round_it_is_read(classifier, tmp_path, field):
    # Such a field lies along the border as a keyboard's body does, but nothing is written
    # beside it: it is what the picture shows, and its digit was read as a blank picture.
    picture = page((400, 300))
    ImageDraw.Draw(picture).rectangle(field, fill=(25, 25, 28))
    left, top, right, bottom = field
    size = min(right - left, bottom - top) - 40
    picture = write(picture, DIGITS[4], ((left + right - size) / 2, (top + bottom - size) / 2, size), colour=(235, 235, 230))
    digit, found = read(classifier, picture, tmp_path)
    assert digit == 4
