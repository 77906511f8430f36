"""The paper's brightness and the ink's darkness against it, in photos read by the
real path and the bundled model: shadows, grey and brown paper, faint pencil, and
blots and counters wider than the paper's estimate reaches (issue 9); the square min and
max filters its closing (and the stroke width's normalisation) use."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter
from paper_helpers import DIGITS, arc, blot_photo, page, read, save_turned, shade, write

from mnist_draw.paper import find_ink
from mnist_draw.paper_brightness import ink_brightness, ink_is_light, is_pixel_noise, square_extreme
from mnist_draw.preprocess import read_picture
from mnist_draw.self_test_digits import SAMPLE_STROKES

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


def test_a_blot_wider_than_the_papers_estimate_reaches_is_found_whole_not_as_a_ring():
    gray = np.asarray(blot_photo((80, 80, 320, 320)).convert("L"), dtype=np.float32) / 255
    found = find_ink(gray)
    top, bottom, left, right = found.box
    assert bottom - top > 220 and right - left > 220
    assert found.ink[200, 200] > 0.9 and found.ink[150:250, 150:250].mean() > 0.9  # its middle is ink, not paper


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


def test_the_square_min_and_max_filters_give_pillows_values_exactly():
    rng = np.random.default_rng(2)
    for _ in range(120):
        height, width = (int(side) for side in rng.integers(1, 50, 2))
        window = 2 * int(rng.integers(1, 25)) + 1
        # Grey ink with holes, on a black border as normalise_stroke_width pads it.
        ink = (rng.random((height, width)) * (rng.random((height, width)) < 0.6)).astype(np.float32)
        padded = np.pad(ink, window // 2 + 1)
        for grow, pillows in ((True, ImageFilter.MaxFilter), (False, ImageFilter.MinFilter)):
            expected = np.asarray(Image.fromarray(padded, mode="F").filter(pillows(window)))
            assert np.array_equal(square_extreme(padded, window, grow), expected), (height, width, window, grow)


def test_the_square_filters_match_pillows_for_the_widest_window_over_the_smallest_digits():
    # A window of 99 over digits far smaller than it (a 1 by 1 is 101 by 101 once padded); given
    # as float64, in Fortran order and strided, they are read as the float32 images they are.
    rng = np.random.default_rng(99)
    window = 99
    for height, width in ((1, 1), (2, 3)):
        padded = np.pad(rng.random((height, width)).astype(np.float32), window // 2 + 1)
        given = np.asfortranarray(np.repeat(padded.astype(np.float64), 2, axis=1))[:, ::2]
        for grow, pillows in ((True, ImageFilter.MaxFilter), (False, ImageFilter.MinFilter)):
            expected = np.asarray(Image.fromarray(padded, mode="F").filter(pillows(window)))
            assert np.array_equal(square_extreme(given, window, grow), expected), (height, width, grow)


def test_with_the_edges_repeated_the_square_filters_give_pillows_values_on_any_picture():
    rng = np.random.default_rng(5)
    for _ in range(150):
        height, width = (int(side) for side in rng.integers(1, 60, 2))
        window = 2 * int(rng.integers(1, 20)) + 1
        values = rng.random((height, width)).astype(np.float32)  # no black border: light paper to the edges
        for grow, pillows in ((True, ImageFilter.MaxFilter), (False, ImageFilter.MinFilter)):
            expected = np.asarray(Image.fromarray(values, mode="F").filter(pillows(window)))
            assert np.array_equal(square_extreme(values, window, grow, repeat_edges=True), expected), (height, width, window, grow)


def test_the_histogram_for_otsus_split_counts_as_numpys_does_on_and_between_the_bin_edges():
    from mnist_draw.paper_brightness import OTSU_BINS, _bin_counts

    rng = np.random.default_rng(3)
    edges = np.arange(OTSU_BINS + 1) / OTSU_BINS  # 0, 1/64, ..., 1: each on a bin's edge
    for values in (
        rng.random((37, 23)),
        rng.random((64, 65)).astype(np.float32)[::2, ::3],  # float32 and strided, as sampled
        np.concatenate([edges, np.nextafter(edges, -1.0)[1:], np.nextafter(edges, 2.0)[:-1]]),
        np.concatenate([edges, edges]).astype(np.float32),
        np.zeros(5), np.ones(5), np.zeros(0),
    ):
        expected, _ = np.histogram(values, bins=OTSU_BINS, range=(0.0, 1.0))
        assert np.array_equal(_bin_counts(values), expected)


def test_a_long_strip_darkening_along_one_long_side_leaves_that_side_paper_not_a_band_of_ink():
    # A number photographed as a strip, four times as wide as tall, the light falling off
    # steeply toward its lower edge (a phone's shadow, vignetting): the paper there is
    # paper, however much darker than the strip's upper edge.
    picture = page((1200, 300))
    for index, digit in enumerate((2, 7, 4, 0)):
        write(picture, DIGITS[digit], (60 + 290 * index, 30, 170))
    rows = np.mgrid[0:300, 0:1200][0] / 300
    light = 1 - 0.6 * np.clip((rows - 0.6) / 0.4, 0, 1) ** 2
    gray = np.asarray(shade(picture, light).convert("L"), dtype=np.float32) / 255
    found = find_ink(gray)
    assert found.ink[230:, :].mean() < 0.01  # under the digits: no band of "ink"
    assert found.ink[30:200, 60:230].max() > 0.9  # the digits are still ink


def test_pixel_noise_is_told_from_a_digits_strokes_however_thin_or_small():
    rng = np.random.default_rng(3)
    for size, density in [(16, 0.5), (32, 0.3), (100, 0.05), (384, 0.7)]:
        assert is_pixel_noise((rng.random((size, size)) >= density).astype(np.float32)), (size, density)
    static = np.clip(0.5 + 0.2 * rng.standard_normal((200, 300)), 0, 1).astype(np.float32)  # grey static, not black and white
    assert is_pixel_noise(static)
    for side, width in [(28, 2), (32, 1), (300, 1), (300, 20)]:  # as small as MNIST's, a hair-thin pen, a marker
        for strokes in SAMPLE_STROKES.values():
            picture = Image.new("L", (side, side), 255)
            for stroke in strokes:  # drawn in a 100-unit square
                ImageDraw.Draw(picture).line([(x * side / 100, y * side / 100) for x, y in stroke], fill=0, width=width)
            assert not is_pixel_noise(np.asarray(picture, np.float32) / 255), (side, width)
    # Too little to tell, or nothing to tell: never noise.
    assert not is_pixel_noise(rng.random((15, 40)).astype(np.float32))
    assert not is_pixel_noise(np.full((50, 50), 0.7, np.float32))



def _grainy_paper(grain: float) -> np.ndarray:
    return 0.85 + grain * np.random.default_rng(11).standard_normal((384, 384))


@pytest.mark.parametrize("grain", [0.05, 0.1, 0.15])
def test_a_small_digit_on_grainy_paper_is_not_pixel_noise(grain):
    """Review: across the whole picture a small digit's strokes are few and the paper's
    grain is everywhere, so the grain alone made the picture "only a pattern"."""
    picture = Image.new("L", (384, 384), 0)
    for stroke in SAMPLE_STROKES[4]:  # a 4 some 40 px tall, dark on the grainy paper
        ImageDraw.Draw(picture).line([(170 + x * 0.4, 170 + y * 0.4) for x, y in stroke], fill=255, width=4)
    gray = np.clip(_grainy_paper(grain) - 0.5 * np.asarray(picture, np.float32) / 255, 0, 1).astype(np.float32)
    assert not is_pixel_noise(gray)


@pytest.mark.parametrize("grain", [0.01, 0.02, 0.05])
def test_a_blank_page_with_grain_is_blank_not_a_pattern(grain, tmp_path):
    blank = tmp_path / "blank.png"
    Image.fromarray((np.clip(_grainy_paper(grain), 0, 1) * 255).astype(np.uint8)).save(blank)
    assert read_picture(blank)[0].reason == "The image is blank: no digit found."


@pytest.mark.parametrize("ink", [(250, 238, 70), (150, 242, 110), (250, 140, 190)], ids=["yellow", "light_green", "pink"])
def test_a_digit_written_with_a_highlighter_on_white_paper_is_read_not_blank(classifier, tmp_path, ink):
    # In luminance yellow is 0.88 to the paper's 0.95: under the least contrast that counts as ink.
    picture = write(page(), DIGITS[7], (110, 70, 220), colour=ink, width=22)
    digit, _ = read(classifier, picture, tmp_path)
    assert digit == 7


def test_a_dark_pen_on_coloured_paper_is_found_in_luminance_not_the_darkest_channel():
    picture = np.asarray(write(page(paper=(245, 232, 140)), DIGITS[4], (110, 70, 220), colour=(25, 40, 140)), dtype=np.float32) / 255
    luminance = picture @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    assert ink_brightness(picture, luminance) is luminance


def test_a_grey_picture_is_found_in_luminance():
    picture = np.asarray(write(page(), DIGITS[2], (110, 70, 220)), dtype=np.float32) / 255
    luminance = picture.mean(axis=2)
    assert ink_brightness(picture, luminance) is luminance



def test_a_note_on_a_grey_desk_has_its_paper_measured_without_a_numpy_warning(recwarn):
    # The desk all round is ink to the paper's first estimate: no paper reaches the
    # picture's edge to take the level of a blot's inside from (numpy warned "Mean of empty slice").
    picture = page((384, 372), paper=(80, 80, 80))
    ImageDraw.Draw(picture).rectangle([52, 60, 332, 340], fill=(200, 200, 200))
    gray = np.asarray(write(picture, DIGITS[6], (120, 110, 170), width=12).convert("L"), dtype=np.float32) / 255
    assert find_ink(gray) is not None
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("light", [False, True], ids=["dark ink", "light ink"])
def test_ink_on_a_few_dozen_of_a_pictures_pixels_is_told_from_its_paper_by_its_side(light):
    # A digit small on a page photographed whole, shrunk to the working size: a thin 7 on
    # grainy paper, under a thousandth of the pixels, where the hundredth either side of
    # the paper's brightness is grain alone.
    picture = write(page((384, 300), seed=5), DIGITS[7], (180, 140, 14), width=1)
    gray = np.asarray(picture.convert("L"), dtype=np.float32) / 255
    assert (gray < 0.6).mean() < 0.001
    assert ink_is_light(1 - gray if light else gray) is light


def test_paper_grain_alone_either_side_is_still_told_by_its_hundredth():
    # No tail stands out: the first answer stands (a blank page, found blank either way).
    gray = np.asarray(page((200, 200), seed=6).convert("L"), dtype=np.float32) / 255
    low, paper, high = np.percentile(gray, [1, 50, 99])
    assert ink_is_light(gray) is bool(high - paper > paper - low)



@pytest.mark.parametrize("orientation", range(1, 9))
def test_paper_shrunk_flat_onto_a_grey_level_or_two_is_paper_and_a_small_digit_on_it_is_found(tmp_path, orientation):
    # A 3000x2250 photo's grain averaged away in its 384-pixel working copy: the paper sits
    # on a grey level or two. Before, the noise floor sat at the paper's median and the
    # pixels a level darker were ink: they joined into "lines" across the page, and the
    # small 4's strokes (a pixel wide there) were removed with them, found or not by how
    # the JPEG was stored (orientation 1 found, 2-8 not).
    from mnist_draw.preprocess import _gray, load_image

    upright = write(page((3000, 2250), seed=5), DIGITS[4], (1400, 1000, 90), width=12)
    save_turned(upright, tmp_path / "page.jpg", orientation, quality=90)
    found = find_ink(_gray(load_image(tmp_path / "page.jpg")), smallest=0.02)
    assert found is not None
    top, bottom, left, right = found.box
    assert 125 <= top and bottom <= 142 and 178 <= left and right <= 192 and bottom - top >= 9


def test_a_number_written_small_on_mottled_paper_is_found_and_read_not_blank(classifier, tmp_path):
    # A page photographed whole, 3200 pixels long, its paper mottled in patches 4 pixels
    # across, "2407" written 34 pixels tall (1.1% of the side): once shrunk to be read,
    # its digits are 4 pixels tall, a few dozen pixels among the mottling's tail.
    from mnist_draw import number
    from mnist_draw.preprocess import open_picture

    rng = np.random.default_rng(0)
    mottling = np.kron(rng.normal(0, 10, (600, 800)), np.ones((4, 4)))
    picture = Image.fromarray(np.clip(225 + mottling, 0, 255).astype(np.uint8), "L").convert("RGB")
    draw = ImageDraw.Draw(picture)
    for place, digit in enumerate((2, 4, 0, 7)):
        left, top = 1500 + place * 34, 1150
        for stroke in DIGITS[digit]:
            draw.line([(left + x * 0.34, top + y * 0.34) for x, y in stroke], fill=(25, 25, 60), width=4, joint="curve")
    path = tmp_path / "page.jpg"
    picture.save(path, quality=85)
    assert open_picture(path, digit=False, number=True).number_close_up is not None
    assert number.read_image(classifier, path).number == "2407"


def test_a_thumb_wider_than_the_papers_estimate_reaches_is_left_out_whole_not_its_rim(classifier, tmp_path):
    # A thumb in from the right edge, 230 of the picture's 400 pixels across (wider than the
    # closing's window): skin lit in its middle, darker toward its sides, out of focus,
    # touching the 0. Its middle was taken for paper and its rim read with the 0 (a 9).
    picture = write(page(), DIGITS[0], (60, 90, 220))
    y, x = np.mgrid[0:400, 0:400].astype(np.float64)
    middle, tip, half = 250.0, 330.0, 115.0
    thumb = ((np.abs(y - middle) <= half) & (x >= tip)) | ((x - tip) ** 2 + (y - middle) ** 2 <= half**2)
    turning_away = np.maximum(np.abs(y - middle), np.hypot(np.maximum(tip - x, 0), y - middle)) / half
    skin = np.array([150, 105, 80]) / 255.0 * (1 - 0.5 * np.clip(turning_away, 0, 1)[..., None] ** 3)
    cover = Image.fromarray((thumb * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(4))
    alpha = np.asarray(cover, dtype=np.float64)[..., None] / 255
    photo = np.asarray(picture, dtype=np.float64) / 255 * (1 - alpha) + skin * alpha
    digit, found = read(classifier, Image.fromarray((photo * 255).astype(np.uint8)), tmp_path)
    assert digit == 0
    top, bottom, left, right = found.box
    assert right < 240 and bottom < 300  # the 0's box, not the thumb's


def test_a_bold_0_cut_by_the_border_in_a_shadow_is_found_as_in_the_light_not_taken_for_a_thumb(tmp_path):
    # The 0's inside, shaded with the page round it, is as dark beside the ring as within it:
    # nothing held over the page. Taken for one, half the inside was found as faint ink
    # (the ring half as wide again, its inner edge ragged).
    picture = write(page(seed=0), DIGITS[0], (-120, 40, 330), width=40)
    y, x = np.mgrid[0:400, 0:400]
    edge = np.asarray(Image.fromarray(((x < 200) * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(25)), float) / 255
    areas = []
    for name, darker in (("light.jpg", 0.0), ("shadow.jpg", 0.35)):
        shade(picture, 1 - darker * edge).save(tmp_path / name, quality=88)
        _model_input, found = read_picture(tmp_path / name)
        assert found is not None
        areas.append(int((found.ink > 0).sum()))
    assert areas[1] < 1.15 * areas[0]


def _vignetted(picture: Image.Image, strength: float) -> Image.Image:
    """``picture`` as a phone's lens shows it: darker toward the corners, by ``strength`` there."""
    height, width = picture.height, picture.width
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    y, x = y / height - 0.5, x / width - 0.5
    return shade(picture, 1 - strength * (x * x + y * y) * 2)


@pytest.mark.parametrize("strength", [0.3, 0.6])
@pytest.mark.parametrize("size", [(800, 600), (640, 480), (1600, 1200)], ids=["800x600", "640x480", "1600x1200"])
@pytest.mark.parametrize("paper", [(242, 242, 238), (200, 215, 235)], ids=["white", "blue"])
def test_a_blank_page_darker_toward_its_corners_is_blank_not_a_digit(classifier, tmp_path, strength, size, paper):
    # The closing gave the border the brightest paper half its window in: the dark corners
    # stood out of it as ink, read as a digit (a 7 or a 6 here; in simulated photos, up to
    # a 6 at 97%).
    photo = _vignetted(page(size, paper=paper, texture=3.0, seed=1), strength).filter(ImageFilter.GaussianBlur(0.6))
    digit, found = read(classifier, photo, tmp_path)
    assert digit is None and found is None


def test_a_digit_on_a_vignetted_page_is_read_and_its_box_is_the_digits(classifier, tmp_path):
    photo = _vignetted(write(page((800, 600)), DIGITS[2], (280, 160, 260)), 0.6)
    digit, found = read(classifier, photo, tmp_path)
    assert digit == 2
    top, bottom, left, right = found.box
    assert 140 * 384 / 800 < top and bottom < 440 * 384 / 800 and 260 * 384 / 800 < left and right < 560 * 384 / 800


def test_a_digit_cut_by_the_border_of_a_vignetted_page_keeps_its_stroke_there(classifier, tmp_path):
    # Only where the paper darkens toward the border is its level lowered: a stroke running off
    # the edge is found to the edge.
    photo = _vignetted(write(page((400, 400)), DIGITS[7], (120, 160, 260), width=22), 0.5)
    digit, found = read(classifier, photo, tmp_path)
    assert digit == 7
    assert found.ink[-3:].max() > 0.5  # the 7's stem reaches the bottom edge
