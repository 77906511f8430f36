"""faint_ink.py: ink clearly fainter than the digit's strokes (a crease, the back page's
digit showing through) is left out of the digit; faint parts of real strokes are kept."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_draw.faint_ink import faint_pieces, shadow_along_border
from mnist_draw.photo_simulator import DigitSource, generate
from mnist_draw.preprocess import open_picture
from mnist_draw.strokes_file import load_labelled


@pytest.fixture(scope="module")
def source(mnist, pendigits_test_file) -> DigitSource:
    drawings = load_labelled(pendigits_test_file)[:200]
    return DigitSource(mnist.test.images[:200], mnist.test.labels[:200], [d.strokes for d in drawings], [d.label for d in drawings])


def _box_share(case) -> float:
    found = open_picture(case.data).found
    top, bottom, left, right = found.box
    return (bottom - top) * (right - left) / found.digit.size


@pytest.mark.parametrize("kind", ["crease", "show_through"])
def test_a_crease_or_the_back_pages_digit_does_not_stretch_the_digits_box_over_the_photo(source, kind):
    shares = [_box_share(case) for case in generate(source, [kind], per_kind=12, seed=1)]
    assert max(shares) < 0.5, shares


@pytest.mark.parametrize("kind", ["pencil", "ballpoint", "hair_thin", "highlighter", "low_light", "glare"])
def test_a_digit_written_faintly_keeps_its_own_strokes(source, kind):
    for case in generate(source, [kind], per_kind=8, seed=1):
        found = open_picture(case.data).found
        # Nothing long and faint is left to cut from the digit read: its strokes are whole.
        assert faint_pieces(found.ink, found.digit > 0).sum() < 0.02 * (found.digit > 0).sum(), case.kind


def _stroke(ink: np.ndarray, rows: slice, cols: slice, value: float) -> None:
    ink[rows, cols] = np.maximum(ink[rows, cols], value)


def test_a_long_faint_line_from_the_digit_to_the_edge_is_cut_but_a_faint_stroke_between_two_clear_ones_is_kept():
    ink = np.zeros((200, 200), dtype=np.float32)
    _stroke(ink, slice(50, 150), slice(60, 70), 1.0)  # a clear upright
    _stroke(ink, slice(50, 150), slice(130, 140), 1.0)  # another
    _stroke(ink, slice(95, 105), slice(70, 130), 0.45)  # a lighter bar joining them (the pen skipped)
    _stroke(ink, slice(60, 62), slice(140, 200), 0.3)  # a crease's valley running off to the edge
    cut = faint_pieces(ink, ink > 0)
    assert cut[60:62, 160:200].all()
    assert not cut[95:105, 80:120].any()
    assert not cut[50:150, 60:70].any()


def test_a_lighter_mark_apart_from_the_clear_ink_is_kept_for_the_grouping_to_judge():
    ink = np.zeros((200, 300), dtype=np.float32)
    _stroke(ink, slice(50, 150), slice(60, 70), 1.0)  # a clear 1
    _stroke(ink, slice(50, 150), slice(120, 160), 0.4)  # a lighter digit beside it, not touching
    assert not faint_pieces(ink, ink > 0).any()


def shadowed_dusty_page(side: str = "left", softness: float = 120.0, depth: float = 0.5):
    """A blank page photographed whole (3,200 pixels), its light falling off steeply along
    one side (a shadow's edge at the border, ``depth`` dark, ``softness`` pixels wide) and
    dust specks across it: the closing's paper lags the shadow there, so it reads as ink."""
    from paper_helpers import page, shade
    from PIL import ImageDraw

    picture = page((3200, 2400), seed=3)
    x = np.arange(3200, dtype=np.float64)
    edge = x if side == "left" else 3200 - x
    picture = shade(picture, np.ones((2400, 1)) * (1 - depth / (1 + np.exp((edge - 150) / softness)))[None, :])
    rng = np.random.default_rng(3)
    draw = ImageDraw.Draw(picture)
    for _ in range(25):
        cx, cy, r = rng.uniform(400, 3100), rng.uniform(100, 2300), rng.uniform(3, 9)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(40, 40, 40))
    return picture


@pytest.mark.parametrize(("side", "softness", "depth"), [("left", 60, 0.35), ("left", 120, 0.5), ("right", 200, 0.65)])
def test_a_shadows_edge_along_the_border_of_a_dusty_blank_page_is_no_digit(tmp_path, side, softness, depth):
    # The band down the side was chosen as the digit: a sure 1 on a blank page.
    shadowed_dusty_page(side, softness, depth).save(tmp_path / "page.jpg", quality=88)
    assert open_picture(tmp_path / "page.jpg").model_input.is_blank


def test_a_digit_on_the_shadowed_page_is_still_read(classifier, tmp_path):
    from paper_helpers import DIGITS, write

    for digit, side in ((4, 200), (7, 45)):  # one digit's size, and a lone digit written small
        write(shadowed_dusty_page(), DIGITS[digit], (1500, 1100, side), width=max(4, side // 10)).save(tmp_path / "page.jpg", quality=88)
        prepared = open_picture(tmp_path / "page.jpg").model_input
        assert not prepared.is_blank and int(classifier.read(prepared.pixels)[0].argmax()) == digit


def test_only_faint_ink_running_along_the_border_is_a_shadows_edge():
    labels = np.zeros((100, 100), dtype=np.int32)
    darkness = np.zeros((100, 100), dtype=np.float32)
    labels[:, :12], darkness[:, :12] = 1, 0.15  # a band down the left side
    labels[40:48, 50:58], darkness[40:48, 50:58] = 2, 0.6  # a speck of dust, clear ink
    clear = darkness > 0.1
    band = labels == 1
    assert np.array_equal(shadow_along_border(labels, band, darkness, clear), band)
    darkness[:, :12] = 0.55  # as dark as the dust, nearly: ink
    assert shadow_along_border(labels, band, darkness, clear) is None
    labels[:, :12], darkness[:, :12] = 0, 0
    labels[60:68, :30], darkness[60:68, :30] = 1, 0.15  # a stroke crossing the left edge, not running along it
    assert shadow_along_border(labels, labels == 1, darkness, clear) is None
    labels[60:68, :30], darkness[60:68, :30] = 0, 0
    labels[:, :12], darkness[:, :12] = 1, 0.15
    labels[40:48, 50:58] = 0  # no clear ink off the border to measure it by
    assert shadow_along_border(labels, band, darkness, clear) is None


def test_writing_joined_to_a_shadows_edge_off_the_border_stays_ink():
    labels = np.zeros((100, 100), dtype=np.int32)
    darkness = np.zeros((100, 100), dtype=np.float32)
    labels[85:, :], darkness[85:, :] = 1, 0.15  # a vignette's dark band along the foot
    labels[60:86, 70:74], darkness[60:86, 70:74] = 1, 0.6  # a digit's stroke running into it
    labels[20:28, 20:28], darkness[20:28, 20:28] = 2, 0.6  # a speck of dust, clear ink
    shadow = shadow_along_border(labels, labels == 1, darkness, darkness > 0.1)
    assert shadow is not None and shadow[90:, :].all()  # the band goes
    assert not shadow[60:85, 70:74].any()  # the stroke stays


def vignetted(digit: int, corner: tuple[float, float], seed: int = 2):
    """A page (800x600) darkened steeply towards its corners, a digit near ``corner``."""
    from paper_helpers import DIGITS, page, shade, write

    y, x = np.mgrid[0:600, 0:800]
    light = 1 - 0.7 * np.clip(np.hypot((x - 400) / 400, (y - 300) / 300) - 0.6, 0, None) ** 1.5
    return shade(write(page((800, 600), seed=seed), DIGITS[digit], (*corner, 160), width=12), light)


@pytest.mark.parametrize(("digit", "corner", "seed"), [(7, (600, 400), 2), (4, (40, 40), 1), (4, (40, 40), 2)])
def test_a_digit_near_a_vignetted_corner_is_read_not_left_out_with_the_dark_band(classifier, tmp_path, digit, corner, seed):
    # The digit's ink joins the band darkened along the border: left out with it, the page
    # read blank (the band chosen before, a 4 read as a 2).
    vignetted(digit, corner, seed).save(tmp_path / "page.jpg", quality=88)
    prepared = open_picture(tmp_path / "page.jpg").model_input
    assert not prepared.is_blank and int(classifier.read(prepared.pixels)[0].argmax()) == digit
