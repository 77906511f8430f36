"""fingers.py: a finger or a thumb of the hand holding the page, reaching in from the
photo's border, is left out of the digit's ink; a digit's own stroke or a bold marker's
blot cut by the border is kept. Photos saved as real files and read by the real path."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from paper_helpers import DIGITS, page, read, write

from mnist_draw.fingers import finger_mask
from mnist_draw.paper_brightness import box_blur

SKIN = {"dark": (120, 84, 62), "medium": (150, 105, 80)}


def with_finger(picture: Image.Image, box: tuple[int, int, int, int], skin: tuple[int, int, int], blur: float) -> Image.Image:
    """A fingertip over the page: a bar with a round end in ``box`` (left, top, right,
    bottom; past the picture's edge), skin-coloured, out of focus by ``blur`` pixels."""
    mask = Image.new("L", picture.size, 0)
    left, _, right, _ = box
    ImageDraw.Draw(mask).rounded_rectangle(box, radius=(right - left) // 2, fill=255)
    return Image.composite(Image.new("RGB", picture.size, skin), picture, mask.filter(ImageFilter.GaussianBlur(blur)))


def test_a_fingertip_touching_the_digit_from_the_bottom_edge_is_left_out(classifier, tmp_path):
    # Dark skin, as dark as the ink: read with the 7's stem, the fingertip made an 8.
    picture = with_finger(write(page(), DIGITS[7], (90, 50, 250), width=22), (170, 250, 250, 460), SKIN["dark"], blur=5)
    digit, found = read(classifier, picture, tmp_path)
    assert digit == 7
    assert found.box[1] < 0.7 * found.ink.shape[0]  # the digit ends about where the finger begins
    assert not found.ink[-40:].any()  # and the finger is no ink


def test_a_thumb_four_strokes_wide_touching_the_digits_bar_is_left_out(classifier, tmp_path):
    # Read with the 2, the thumb under its bar made a 3.
    picture = with_finger(write(page(), DIGITS[2], (70, 40, 240), width=20), (220, 222, 300, 560), SKIN["medium"], blur=6)
    digit, found = read(classifier, picture, tmp_path)
    assert digit == 2
    assert found.box[1] < 0.7 * found.ink.shape[0]


def test_a_thumb_in_focus_far_wider_than_the_strokes_touching_the_digit_is_left_out(classifier, tmp_path):
    # Its edge as sharp as the pen's (a phone's deep focus), it was read with the digit: the
    # 2 as 3, the 7 and the 4 as 8. Six strokes wide, no pen draws it.
    for label, box, thumb in ((2, (70, 40, 240), (225, 200, 345, 600)), (7, (90, 50, 250), (150, 255, 270, 560)),
                              (4, (60, 60, 240), (230, 150, 350, 600))):  # fmt: skip
        picture = with_finger(write(page(), DIGITS[label], box, width=20), thumb, SKIN["dark"], blur=1)
        digit, found = read(classifier, picture, tmp_path)
        assert digit == label
        _, top, side = box
        assert found.box[1] <= (top + side + 20) * 384 / 400  # the digit's box is its own (the working copy is 384 pixels)
        assert not found.ink[-40:].any()  # and the thumb is no ink


def test_a_thumb_in_focus_as_dark_as_the_ink_is_left_out_in_a_photo_and_in_a_black_and_white_scan(classifier, tmp_path):
    # A black glove, or any thumb once a scanner app has turned the picture to black and
    # white: as dark as the pen's ink and flat all through, the picture's full darkness. Taken
    # for a loop the pen filled in, it was read with the digit: the 7 as a 3, the 4 as an 8.
    for label, box, thumb in ((7, (90, 50, 250), (150, 255, 270, 560)), (4, (60, 60, 240), (230, 150, 350, 600))):
        glove = with_finger(write(page(), DIGITS[label], box, width=20), thumb, (20, 20, 25), blur=1)
        scanned = with_finger(write(page(), DIGITS[label], box, width=20), thumb, SKIN["dark"], blur=1)
        scanned = scanned.convert("L").point(lambda value: 255 if value > 128 else 0).convert("RGB")
        for picture, name in ((glove, "glove.jpg"), (scanned, "scan.png")):
            digit, found = read(classifier, picture, tmp_path, name=name)
            assert digit == label, name
            assert not found.ink[-40:].any(), name  # the thumb is no ink


def test_a_digit_whose_stroke_runs_off_the_bottom_edge_keeps_it(classifier, tmp_path):
    digit, found = read(classifier, write(page(), DIGITS[7], (90, 120, 300), width=22), tmp_path)
    assert digit == 7
    assert found.box[1] == found.ink.shape[0]  # its stem, down to the edge
    assert finger_mask(found.ink) is None


def test_a_bold_marker_digit_cut_by_the_bottom_edge_is_kept(classifier, tmp_path):
    # Its strokes are wide and touch the border, but their edge is the pen's, sharp.
    digit, found = read(classifier, write(page(), DIGITS[0], (40, 120, 300), width=70), tmp_path)
    assert digit == 0
    assert found.box[1] == found.ink.shape[0]
    assert finger_mask(found.ink) is None


def pencil(strokes, box: tuple[int, int, int], width: int, seed: int) -> Image.Image:
    """A digit in pencil: grey, its graphite in specks with the paper's tooth between them."""
    marks = np.asarray(write(Image.new("L", (400, 400), 0), strokes, box, colour=255, width=width), dtype=np.float64) / 255
    marks *= np.random.default_rng(seed).uniform(0.3, 1.0, marks.shape)
    return Image.fromarray(np.clip(np.asarray(page(), dtype=np.float64) * (1 - 0.6 * marks[..., None]), 0, 255).astype(np.uint8))


def test_a_pencil_digit_cut_by_the_bottom_edge_is_kept_whole(classifier, tmp_path):
    # Its grain made its strokes look a third as wide as they are, so the whole 2 was
    # wider than "the pen" and taken for a finger: only its hook was left, read as a 1.
    for seed in (1, 2, 4):
        digit, found = read(classifier, pencil(DIGITS[2], (60, 130, 300), width=16, seed=seed), tmp_path, name="pencil.png")
        assert digit == 2
        assert found.box[1] == found.ink.shape[0]  # its base, down to the edge
        assert finger_mask(found.ink) is None


def out_of_focus_below(picture: Image.Image, blur: float) -> Image.Image:
    """The page tilted away from the lens: sharp down to 40% of its height, more and more
    out of focus below that, ``blur`` pixels at the bottom edge."""
    sharp = np.asarray(picture, dtype=np.float64)
    blurred = np.asarray(picture.filter(ImageFilter.GaussianBlur(blur)), dtype=np.float64)
    share = np.clip((np.arange(sharp.shape[0]) / sharp.shape[0] - 0.4) / 0.6, 0, 1)[:, None, None]
    return Image.fromarray((sharp * (1 - share) + blurred * share).astype(np.uint8))


def test_a_bold_digit_cut_by_an_out_of_focus_bottom_edge_is_kept(classifier, tmp_path):
    # The 2's base runs along the edge: the edge's pixels repeated beyond it made it as
    # wide as a finger, and out of focus there its edge was soft: left out, it read 7.
    for strokes, label in ((DIGITS[2], 2), (DIGITS[6], 6)):
        picture = out_of_focus_below(write(page(), strokes, (50, 120, 300), width=40), blur=8)
        digit, found = read(classifier, picture, tmp_path, name="tilted.png")
        assert digit == label
        assert found.box[1] == found.ink.shape[0]
        assert finger_mask(found.ink) is None


def _soft(mask: np.ndarray, radius: int) -> np.ndarray:
    return box_blur(box_blur(mask.astype(np.float32), radius), radius)


def test_a_wide_soft_shape_from_the_edge_is_a_finger_and_the_stroke_it_touches_is_not():
    ink = np.zeros((300, 300), dtype=np.float32)
    ink[60:240, 100:110] = 1.0  # a stroke, sharp
    ink[150:160, 110:200] = 1.0
    finger = np.zeros_like(ink, dtype=bool)
    finger[200:, 150:200] = True  # from the bottom edge up to the stroke, five strokes wide
    ink = np.maximum(ink, 0.8 * _soft(finger, 3))
    hand = finger_mask(ink)
    assert hand is not None and hand[230:, 160:190].all()
    assert not hand[60:150, 100:110].any() and not hand[150:160, 110:140].any()


def test_a_shape_three_strokes_wide_with_a_pens_sharp_edge_is_no_finger():
    ink = np.zeros((300, 300), dtype=np.float32)
    ink[60:240, 100:110] = 1.0
    ink[150:160, 110:200] = 1.0
    ink[200:, 150:180] = 1.0  # a blot of ink run off the edge, as wide as a bold digit's filled loop
    assert finger_mask(ink) is None


def test_a_shape_from_the_edge_many_strokes_wide_is_a_hand_however_sharp_its_edge():
    ink = np.zeros((300, 300), dtype=np.float32)
    ink[60:240, 100:110] = 1.0
    ink[150:160, 110:200] = 1.0
    ink[200:, 150:210] = 1.0  # six strokes wide: no pen's
    hand = finger_mask(ink)
    assert hand is not None and hand[210:, 160:200].all()
    assert not hand[60:150, 100:110].any()


def test_a_wide_0_round_the_middle_cut_by_the_edge_is_no_hand_though_only_dust_lies_in_the_middle():
    # The pen was measured on the middle's dust alone: the 0's stroke, five such specks
    # wide, was taken for a hand and the 0 read as a blank picture.
    rows, cols = np.mgrid[0:300, 0:400]
    radius = np.hypot((cols - 170) / 200, (rows - 150) / 110)
    ink = ((radius > 0.8) & (radius < 1.0)).astype(np.float32)  # a ring 22-40 pixels thick, cut by the left edge
    for row, col in ((140, 160), (170, 220), (125, 195)):
        ink[row : row + 4, col : col + 4] = 1.0  # dust
    assert finger_mask(ink) is None


def test_a_soft_shadow_from_the_edge_of_a_dusty_page_is_left_out_though_the_middle_holds_only_crumbs():
    # The pen measured on all the ink (the crumbs under MIDDLE_SHARE of it) was the shadow's
    # own width: the shadow was no finger and read as a sure 1 (patterns, seed 0, case 39).
    rows, cols = np.mgrid[0:300, 0:400].astype(np.float32)
    across = np.clip((cols - 285) / 50, 0, 1) ** 2  # darkening softly toward the right edge
    along = np.clip(np.minimum(rows - 60, 240 - rows) / 30, 0, 1)
    ink = (across * along).astype(np.float32)
    for row, col in ((140, 160), (170, 220), (125, 195)):
        ink[row : row + 3, col : col + 3] = 1.0  # crumbs
    shadow = finger_mask(ink)
    assert shadow is not None and shadow[100:200, 360:].all()
    assert not shadow[120:180, 150:230].any()
