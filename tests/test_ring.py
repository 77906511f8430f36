"""A ring drawn or printed round the digit told from the digit, in photos read by the
real path and the bundled model: a ring apart from the digit, one the digit touches or
runs over, and a 0's, 6's, 8's or 9's own loops, which are the digit's."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from paper_helpers import DIGITS, arc, page, read, write

from mnist_draw.preprocess import read_picture
from mnist_draw.self_test_digits import SAMPLE_STROKES


def circled(strokes: list, box: tuple[int, int, int], ring: tuple[int, int, int, int], sweep: tuple[int, int] = (0, 360), line: int = 3, colour: tuple[int, int, int] = (20, 20, 25)) -> Image.Image:
    """A digit in ``box`` with a ring (left, top, right, bottom) drawn round it, the
    whole way or, as a hand does, over ``sweep`` degrees only."""
    picture = page()
    ImageDraw.Draw(picture).arc(ring, sweep[0], sweep[1], fill=colour, width=line)
    return write(picture, strokes, box)


def assert_the_ring_is_gone(found, tallest: float, ink_share: float) -> None:
    """The digit found is the digit's height (under ``tallest`` on a 400-pixel side),
    not the ring's, and the ring is gone from the ink too (the ink at most ``ink_share``
    of the digit's)."""
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) < tallest
    assert float(found.ink.sum()) <= ink_share * float(found.digit.sum())


@pytest.mark.parametrize("digit", [1, 2, 4, 7])
@pytest.mark.parametrize("sweep", [(0, 360), (40, 370)], ids=["printed", "drawn-short"])
def test_a_circled_digit_is_read_not_the_circle(classifier, tmp_path, digit, sweep):
    picture = circled(SAMPLE_STROKES[digit], (125, 115, 160), (80, 60, 320, 340), sweep)
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    assert_the_ring_is_gone(found, tallest=200, ink_share=1.05)


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


def tightly_circled(digit: int, line: int = 3, reach: float = 1.1, colour: tuple[int, int, int] = (20, 20, 25)) -> Image.Image:
    """A digit with a thin ring drawn tight round it, as people circle a digit on a
    form: an ellipse ``reach`` times the digit's half-height and half-width (at least
    0.6 of its half-height across), so its strokes' corners touch or run over it."""
    left, top, side = 125, 115, 160
    xs = [left + x * side / 100 for stroke in SAMPLE_STROKES[digit] for x, _ in stroke]
    ys = [top + y * side / 100 for stroke in SAMPLE_STROKES[digit] for _, y in stroke]
    middle_x, middle_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half_height = (max(ys) - min(ys)) / 2 * reach + 8  # the pen's round end reaches 8 pixels beyond
    half_width = max((max(xs) - min(xs)) / 2 * reach + 8, 0.6 * half_height)
    picture = page()
    ImageDraw.Draw(picture).ellipse((middle_x - half_width, middle_y - half_height, middle_x + half_width, middle_y + half_height), outline=colour, width=line)
    return write(picture, SAMPLE_STROKES[digit], (left, top, side))


@pytest.mark.parametrize("digit", [1, 2, 3, 4, 7])
def test_a_digit_touching_its_ring_is_read_not_the_ring(classifier, tmp_path, digit):
    from mnist_draw.marks import label

    picture = tightly_circled(digit)
    # The premise: the ring and the digit are one mark of ink.
    assert label(np.asarray(picture.convert("L")) < 128)[1] == 1
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == digit
    assert_the_ring_is_gone(found, tallest=190, ink_share=1.1)


def test_a_digit_running_over_its_printed_ring_in_a_turned_photo_is_read(classifier, tmp_path):
    picture = tightly_circled(7, line=4, reach=0.95, colour=(40, 60, 140))  # a blue printed ring the 7 runs over
    picture = picture.rotate(4, resample=Image.Resampling.BICUBIC, fillcolor=(242, 242, 238))
    read_as, found = read(classifier, picture, tmp_path)
    assert read_as == 7
    assert float(found.ink.sum()) <= 1.1 * float(found.digit.sum())


def test_a_loop_drawn_with_the_digits_own_pen_round_a_stroke_it_touches_is_the_digit(tmp_path):
    # A 0 with a bar inside it from wall to wall, one pen: no thin ring round a digit.
    picture = write(page(), SAMPLE_STROKES[0] + [[(50, 14), (50, 86)]], (110, 100, 200))
    picture.save(tmp_path / "barred.png")
    _, found = read_picture(tmp_path / "barred.png")
    top, bottom, _, _ = found.box
    assert (bottom - top) * 400 / max(found.ink.shape) > 150
    assert float(found.digit.sum()) >= 0.95 * float(found.ink.sum())  # nothing taken out as a ring
