"""Photos and scans of real paper: every case of issue 9, made here as real image
files and read by the real path and the bundled model; and the ink finder's parts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from mnist_draw.ink_shape import is_blot, stroke_width
from mnist_draw.marks import label
from mnist_draw.paper import digit_in_ink, find_ink
from mnist_draw.preprocess import image_to_input, read_picture
from mnist_draw.printing import line_masks
from mnist_draw.self_test_digits import SAMPLE_STROKES


def arc(cx, cy, rx, ry, start, end, steps=30):
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a))) for a in np.linspace(start, end, steps)]


DIGITS = {  # strokes on a 100x100 grid, y down
    0: SAMPLE_STROKES[0],
    2: SAMPLE_STROKES[2],
    4: SAMPLE_STROKES[4],
    6: [[(64, 12), (46, 30), (34, 52)] + arc(50, 68, 17, 20, 180, 540)],
    7: SAMPLE_STROKES[7],
}


def page(size=(400, 400), paper=(242, 242, 238), texture=4.0, seed=0) -> Image.Image:
    """Paper with a little grain, as a phone sees it."""
    rng = np.random.default_rng(seed)
    width, height = size
    grain = rng.normal(0, texture, (height, width, 1))
    return Image.fromarray(np.clip(np.asarray(paper, dtype=np.float64) + grain, 0, 255).astype(np.uint8), "RGB")


def write(picture: Image.Image, strokes, box, colour=(20, 20, 25), width=None) -> Image.Image:
    """Draw ``strokes`` (100x100 grid) into ``box`` = (left, top, side) with a round pen."""
    left, top, side = box
    pen = width or max(1, round(side * 0.1))
    draw = ImageDraw.Draw(picture)
    for stroke in strokes:
        points = [(left + x * side / 100, top + y * side / 100) for x, y in stroke]
        draw.line(points, fill=colour, width=pen, joint="curve")
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill=colour)
    return picture


def shade(picture: Image.Image, light: np.ndarray) -> Image.Image:
    values = np.asarray(picture, dtype=np.float64) * light[..., None]
    return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8), "RGB")


def read(classifier, picture: Image.Image, tmp_path, name="photo.jpg", quality=88):
    """Save as a real file, read it back through the image path: (digit or None, found ink)."""
    path = tmp_path / name
    if name.endswith(".jpg"):
        picture.convert("RGB").save(path, quality=quality)
    else:
        picture.save(path)
    prepared, found = read_picture(path)
    digit = None if prepared.is_blank else int(classifier.predict(prepared.pixels).argmax())
    return digit, found


# --- the cases of the issue -------------------------------------------------------


def test_a_6_with_a_soft_shadow_over_a_corner_reads_6(classifier, tmp_path):
    picture = write(page(), DIGITS[6], (100, 80, 230))
    y, x = np.mgrid[0:400, 0:400]
    shadow = 1 - 0.55 / (1 + np.exp(-((x + y) - 520) / 25.0))  # a dark lower-right corner, soft edge
    digit, found = read(classifier, shade(picture, shadow), tmp_path)
    assert digit == 6
    # The shadow's edge is not ink: the digit's box is the digit's.
    top, bottom, left, right = found.box
    assert bottom - top < 260 and right - left < 200


@pytest.mark.parametrize("paper", [(150, 150, 148), (160, 128, 96)], ids=["grey", "brown"])
def test_a_sudoku_cell_on_grey_or_brown_paper_is_read_not_blank(classifier, tmp_path, paper):
    cell = write(page((90, 90), paper=paper, texture=5), DIGITS[7], (22, 14, 60), width=6)
    draw = ImageDraw.Draw(cell)
    draw.line([(0, 3), (90, 3)], fill=(30, 30, 30), width=3)  # the cell's borders at the crop's edges
    draw.line([(86, 0), (86, 90)], fill=(30, 30, 30), width=3)
    digit, _ = read(classifier, cell.filter(ImageFilter.GaussianBlur(0.6)), tmp_path, quality=70)
    assert digit == 7


def test_a_faint_pencil_digit_is_read_not_blank(classifier, tmp_path):
    picture = write(page(), DIGITS[4], (110, 70, 240), colour=(165, 165, 170), width=9)
    digit, _ = read(classifier, picture, tmp_path)
    assert digit == 4


def test_a_2_on_ruled_paper_with_a_red_margin_line_reads_2(classifier, tmp_path):
    picture = page()
    draw = ImageDraw.Draw(picture)
    for y in range(30, 400, 64):
        draw.line([(0, y), (400, y + 4)], fill=(150, 185, 230), width=2)
    draw.line([(60, 0), (60, 400)], fill=(215, 40, 45), width=3)
    write(picture, DIGITS[2], (110, 70, 240), colour=(25, 40, 140))
    digit, found = read(classifier, picture, tmp_path)
    assert digit == 2
    assert found.box[2] > 100 // (400 / found.ink.shape[1])  # the margin line is not part of the digit


def test_frame_borders_at_the_crop_edges_are_not_part_of_the_digit(classifier, tmp_path):
    cell = write(page((200, 200)), DIGITS[0], (50, 30, 140))
    draw = ImageDraw.Draw(cell)
    draw.rectangle((4, 4, 195, 195), outline=(20, 20, 20), width=6)
    digit, found = read(classifier, cell, tmp_path, name="cell.png")
    assert digit == 0
    top, bottom, left, right = found.box
    assert left > 20 and right < 180 and top > 10 and bottom < 190


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


def blot_photo(box: tuple[float, float, float, float], size=(400, 400), seed=1) -> Image.Image:
    """A phone-photo-like picture of a filled blot of ink (an ellipse in ``box``), its edge
    softly blurred, on unevenly lit greyish paper."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    paper = 210 + 12 * x / width - 15 * y / height + np.random.default_rng(seed).normal(0, 3, (height, width))
    ink = Image.new("L", size, 0)
    ImageDraw.Draw(ink).ellipse(box, fill=255)
    strength = np.asarray(ink.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float64)[..., None] / 255
    rgb = np.stack([paper, paper * 0.98, paper * 0.93], -1) * (1 - strength) + np.array([30, 35, 70]) * strength
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


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


def test_a_blot_wider_than_the_papers_estimate_reaches_is_found_whole_not_as_a_ring():
    gray = np.asarray(blot_photo((80, 80, 320, 320)).convert("L"), dtype=np.float32) / 255
    found = find_ink(gray)
    top, bottom, left, right = found.box
    assert bottom - top > 220 and right - left > 220
    assert found.ink[200, 200] > 0.9 and found.ink[150:250, 150:250].mean() > 0.9  # its middle is ink, not paper


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


def test_a_thick_marker_0_that_fills_half_the_picture_is_still_a_0(classifier, tmp_path):
    picture = page()
    ImageDraw.Draw(picture).ellipse((60, 20, 340, 380), outline=(20, 20, 25), width=70)
    digit, found = read(classifier, picture, tmp_path)
    assert digit == 0
    assert found.ink[200, 200] == 0  # its hole is paper, though as wide as the paper's estimate reaches


EIGHT = [arc(50, 28, 20, 20, 90, 450), arc(50, 70, 25, 24, -90, 270)]
NINE = [arc(50, 32, 22, 22, 0, 360) + [(72, 32), (70, 60), (62, 95)]]


@pytest.mark.parametrize("paper", [(242, 242, 238), (60, 60, 58)], ids=["white-paper", "grey-paper-of-a-dark-photo"])
def test_a_felt_pen_8_whose_counters_nearly_close_is_an_8_not_a_blot(classifier, tmp_path, paper):
    picture = write(page(paper=paper), EIGHT, (90, 40, 300), width=56, colour=(15, 15, 18))
    digit, found = read(classifier, picture, tmp_path)
    assert digit == 8
    top, bottom, left, right = found.box
    assert found.ink[top + (bottom - top) // 4, (left + right) // 2] == 0  # its upper counter is paper, not filled in


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


# --- the parts ------------------------------------------------------------------------


def test_label_finds_8_connected_components():
    mask = np.zeros((8, 10), dtype=bool)
    mask[1, 1:4] = True
    mask[2, 4] = True  # touches the first run only diagonally
    mask[5:7, 7:9] = True
    labels, count = label(mask)
    assert count == 2
    assert labels[1, 1] == labels[2, 4] != labels[5, 7]
    assert (labels > 0).sum() == mask.sum()


def test_label_joins_a_u_shape_through_its_bottom():
    mask = np.zeros((6, 7), dtype=bool)
    mask[0:5, 1] = mask[0:5, 5] = True
    mask[5, 1:6] = True
    assert label(mask)[1] == 1


def test_ruled_lines_are_found_and_a_digit_is_not():
    picture = page()
    draw = ImageDraw.Draw(picture)
    for y in (60, 140, 220, 300):
        draw.line([(0, y), (400, y + 6)], fill=(150, 150, 150), width=2)
    write(picture, DIGITS[4], (110, 70, 240))
    mask = np.asarray(picture.convert("L")) < 200
    horizontal, vertical = line_masks(mask)
    assert horizontal[59:64, 10].any() and horizontal[302:308, 390].any()
    # The 4's long vertical stroke does not cross the picture: it is no line.
    assert not vertical.any()


def test_stroke_width_is_measured_at_any_angle():
    widths = []
    for angle in (0, 30, 45, 90):
        picture = Image.new("L", (300, 300), 0)
        dx, dy = math.cos(math.radians(angle)) * 100, math.sin(math.radians(angle)) * 100
        ImageDraw.Draw(picture).line([(150 - dx, 150 - dy), (150 + dx, 150 + dy)], fill=255, width=12)
        widths.append(stroke_width(np.asarray(picture, dtype=np.float32) / 255))
    assert max(widths) / min(widths) < 1.2
    assert 9 < min(widths) and max(widths) < 13


@pytest.mark.parametrize("pen", [4, 9, 16, 30])
def test_the_pen_width_of_a_pictures_digit_is_its_strokes_width_with_the_ends_left_out(pen):
    # A 1 and a 7 written with a pen ``pen`` pixels wide: the pen drawn over them must be the same.
    for strokes in (DIGITS[7], [[(50, 10), (50, 90)]]):
        found = find_ink(np.asarray(write(page(), strokes, (60, 60, 280), width=pen).convert("L"), dtype=np.float32) / 255)
        assert abs(found.pen_width - pen) <= max(1.0, 0.1 * pen)
        assert found.pen_width >= stroke_width(found.digit)  # the plain mean counts the ends as outline


# --- printed boxes and frames on forms ----------------------------------------------


def boxed(strokes, box, frame, line=3, paper=(242, 242, 238), print_colour=(25, 25, 30), size=(400, 400)) -> Image.Image:
    """A digit written in ``box`` (left, top, side) inside a printed rectangle ``frame``
    (left, top, right, bottom) that stays well clear of the picture's edges."""
    picture = page(size, paper)
    ImageDraw.Draw(picture).rectangle(frame, outline=print_colour, width=line)
    return write(picture, strokes, box)


@pytest.mark.parametrize("digit", [0, 2, 4, 7])
def test_a_digit_in_a_printed_box_is_read_not_the_box(classifier, tmp_path, digit):
    picture = boxed(DIGITS[digit], (120, 110, 170), (80, 70, 320, 330))
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    # The box is printing, not ink: what is read is the digit's size, not the box's.
    top, bottom, left, right = found.box
    scale = 400 / max(found.ink.shape)
    assert (bottom - top) * scale < 200 and (right - left) * scale < 200


def test_a_1_in_a_narrow_printed_box_reads_1_not_0(classifier, tmp_path):
    picture = boxed(SAMPLE_STROKES[1], (110, 110, 170), (140, 80, 260, 320), line=2)
    assert read(classifier, picture, tmp_path)[0] == 1


def test_a_digit_whose_stroke_runs_over_its_box_is_read_whole(classifier, tmp_path):
    # The 7's foot crosses the box's bottom edge: the edge goes, the stroke stays.
    picture = boxed(DIGITS[7], (110, 100, 200), (80, 80, 320, 270), line=4)
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == 7
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) > 150  # the foot below the edge is kept


def test_a_digit_in_a_thick_box_on_the_grey_paper_of_a_turned_photo_is_read(classifier, tmp_path):
    picture = boxed(DIGITS[2], (120, 110, 170), (80, 70, 320, 330), line=10, paper=(150, 150, 146))
    picture = picture.rotate(4, resample=Image.Resampling.BICUBIC, fillcolor=(150, 150, 146))
    assert read(classifier, picture, tmp_path)[0] == 2


def test_a_0_in_a_dark_frame_is_read_as_the_number_0_not_19(classifier, tmp_path):
    from mnist_draw.number import read_image

    path = tmp_path / "zero.jpg"
    boxed(DIGITS[0], (120, 110, 170), (70, 60, 330, 340), line=12).save(path, quality=88)
    assert read_image(classifier, path).number == "0"


def test_a_number_written_in_a_comb_of_printed_boxes_is_read_digit_by_digit(classifier, tmp_path):
    from mnist_draw.number import read_image

    picture = page((760, 260))
    draw = ImageDraw.Draw(picture)
    for index, digit in enumerate((2, 4, 0, 7)):
        left = 40 + index * 170
        draw.rectangle((left, 40, left + 170, 220), outline=(30, 30, 35), width=3)  # boxes sharing their walls
        write(picture, DIGITS[digit], (left + 25, 60, 140))
    path = tmp_path / "comb.jpg"
    picture.save(path, quality=88)
    assert read_image(classifier, path).number == "2407"


def test_a_number_written_between_the_ticks_of_a_comb_is_read_without_the_ticks(classifier, tmp_path):
    from mnist_draw.number import read_image

    picture = page((760, 260))
    draw = ImageDraw.Draw(picture)
    draw.line((40, 220, 720, 220), fill=(30, 30, 35), width=3)
    for index in range(5):
        draw.line((40 + index * 170, 160, 40 + index * 170, 220), fill=(30, 30, 35), width=3)
    for index, digit in enumerate((6, 0, 2, 4)):
        write(picture, DIGITS[digit], (40 + index * 170 + 25, 60, 140))
    path = tmp_path / "ticks.jpg"
    picture.save(path, quality=88)
    assert read_image(classifier, path).number == "6024"


@pytest.mark.parametrize("digit", [1, 4, 7])
def test_a_digits_own_straight_strokes_are_not_taken_for_a_printed_frame(digit):
    picture = write(page(seed=3), SAMPLE_STROKES[digit], (60, 60, 280), width=14)
    gray = np.asarray(picture.convert("L"), dtype=np.float32) / 255
    horizontal, vertical = line_masks(gray < 0.5)
    assert not horizontal.any() and not vertical.any()


SQUARED = {  # digits written with straight strokes only, their bars as long as the digit is wide
    2: [[(20, 10), (80, 10), (80, 50), (20, 50), (20, 90), (80, 90)]],
    5: [[(78, 10), (25, 10), (25, 50), (75, 50), (75, 90), (25, 90)]],
}


@pytest.mark.parametrize("digit", [2, 5])
def test_a_squared_digit_filling_the_picture_is_not_taken_for_a_printed_frame(classifier, tmp_path, digit):
    # Its top bar, side and middle bar make a U as large as a frame's, but an empty one:
    # a frame holds a digit.
    picture = write(page(), SQUARED[digit], (16, 16, 368), width=12)
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) > 250  # the whole digit, not its lower part


def test_a_squared_3_whose_middle_bar_ends_on_its_side_is_not_taken_for_a_printed_frame(classifier, tmp_path):
    # Top bar, side and bottom bar make a U as large as a frame's; the only ink inside
    # it is the 3's own middle bar, ending on the side: no digit is written in it.
    from mnist_draw.number import read_image

    # (What the model makes of so square a 3 is its own affair: brought to MNIST's pen
    # width, as every picture's digit is, it reads a 7 as often as a 3. The frame is
    # the point: the whole 3 is kept, one digit, not its middle bar alone.)
    strokes = [[(17, 10), (68, 10), (68, 90), (17, 90)], [(30, 50), (68, 50)]]
    path = tmp_path / "three.jpg"
    write(page((900, 900), seed=5), strokes, (180, 90, 720), width=12).save(path, quality=90)
    digits = read_image(classifier, path).digits
    assert len(digits) == 1
    left, top, right, bottom = digits[0].box
    assert bottom - top > 0.7 * 0.8 * 720 and right - left > 0.7 * 0.51 * 720  # the 3's whole height and width


# --- a ring round the digit: a circle drawn or printed round it ---------------------


def circled(strokes, box, ring, sweep=(0, 360), line=3, colour=(20, 20, 25)) -> Image.Image:
    """A digit in ``box`` with a ring (left, top, right, bottom) drawn round it, the
    whole way or, as a hand does, over ``sweep`` degrees only."""
    picture = page()
    ImageDraw.Draw(picture).arc(ring, sweep[0], sweep[1], fill=colour, width=line)
    return write(picture, strokes, box)


@pytest.mark.parametrize("digit", [1, 2, 4, 7])
@pytest.mark.parametrize("sweep", [(0, 360), (40, 370)], ids=["printed", "drawn-short"])
def test_a_circled_digit_is_read_not_the_circle(classifier, tmp_path, digit, sweep):
    picture = circled(SAMPLE_STROKES[digit], (125, 115, 160), (80, 60, 320, 340), sweep)
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) < 200  # the digit's height, not the ring's
    assert float(found.ink.sum()) <= 1.05 * float(found.digit.sum())  # the ring is gone from the ink too


def test_a_dotted_zero_keeps_its_ring(classifier, tmp_path):
    picture = write(page(), SAMPLE_STROKES[0], (110, 100, 200))
    ImageDraw.Draw(picture).ellipse((198, 190, 214, 206), fill=(20, 20, 25))
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == 0
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) > 150


def test_a_slashed_zero_keeps_its_ring(classifier, tmp_path):
    # The slash runs from wall to wall: it touches the 0, so the 0 is one mark.
    picture = write(page(), SAMPLE_STROKES[0] + [[(70, 20), (30, 80)]], (110, 100, 200))
    _, found = read(classifier, picture, tmp_path)
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) > 150


def test_a_0_with_a_smudge_inside_keeps_its_ring(tmp_path):
    picture = write(page(), SAMPLE_STROKES[0], (110, 100, 200))
    ImageDraw.Draw(picture).ellipse((180, 160, 230, 240), fill=(90, 90, 95))
    picture.save(tmp_path / "smudged.png")
    _, found = read_picture(tmp_path / "smudged.png")
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) > 150


LOOPED = {
    0: SAMPLE_STROKES[0],
    6: DIGITS[6],
    8: [arc(50, 30, 17, 18, 0, 360) + arc(50, 68, 20, 20, -90, 270)],
    9: [arc(50, 32, 18, 18, 0, 360) + [(68, 32), (64, 60), (58, 90)]],
}


@pytest.mark.parametrize("digit", [0, 6, 8, 9])
def test_the_loops_of_a_0_6_8_or_9_are_the_digit_not_a_ring(classifier, tmp_path, digit):
    picture = write(page(), LOOPED[digit], (110, 100, 200))
    assert read(classifier, picture, tmp_path)[0] == digit


def test_a_ring_round_a_whole_number_goes_in_number_mode(classifier, tmp_path):
    from mnist_draw.number import read_image

    picture = page((760, 360))
    ImageDraw.Draw(picture).ellipse((40, 30, 720, 330), outline=(20, 20, 25), width=3)
    for place, digit in enumerate((2, 4, 7)):
        write(picture, SAMPLE_STROKES[digit], (190 + place * 130, 110, 140))
    path = tmp_path / "circled_number.jpg"
    picture.save(path, quality=88)
    assert read_image(classifier, path).number == "247"


# --- a light digit written on a dark printed field ----------------------------------


@pytest.mark.parametrize("digit", [2, 4, 6, 7])
def test_a_light_digit_on_a_dark_printed_field_is_read_not_the_field(classifier, tmp_path, digit):
    picture = page()
    ImageDraw.Draw(picture).rectangle((70, 60, 330, 340), fill=(30, 40, 90))
    write(picture, DIGITS.get(digit, SAMPLE_STROKES.get(digit)), (115, 110, 170), colour=(236, 236, 230))
    picture = picture.rotate(3, resample=Image.Resampling.BICUBIC, fillcolor=(242, 242, 238))
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) < 200  # the digit's height, not the field's


@pytest.mark.parametrize("digit", [2, 4, 7])
def test_a_light_digit_on_a_dark_field_taking_a_third_of_the_photo_is_read(classifier, tmp_path, digit):
    # The light strokes are under 1% of the whole photo but several % of the field:
    # whether the ink is light is told from the field, not from the photo round it.
    picture = page(size=(800, 800))
    ImageDraw.Draw(picture).rectangle((70, 60, 330, 340), fill=(30, 40, 90))
    write(picture, DIGITS.get(digit, SAMPLE_STROKES.get(digit)), (115, 110, 170), colour=(236, 236, 230), width=8)
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    top, bottom, _, _ = found.box
    assert (bottom - top) * 800 / max(found.ink.shape) < 200  # the digit's height, not the field's


def test_a_dark_field_with_no_digit_written_on_it_is_still_a_blot(classifier, tmp_path):
    picture = page()
    ImageDraw.Draw(picture).rectangle((90, 80, 310, 320), fill=(30, 30, 35))
    ImageDraw.Draw(picture).ellipse((190, 190, 200, 200), fill=(236, 236, 230))  # a fleck of light, not a digit
    path = tmp_path / "field.jpg"
    picture.save(path, quality=88)
    prepared, _ = read_picture(path)
    assert prepared.is_blank
