"""faint_ink.py: ink clearly fainter than the digit's strokes (a crease, the back page's
digit showing through) is left out of the digit; faint parts of real strokes are kept."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_draw.faint_ink import faint_pieces
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
