"""The photo simulator: reproducible, tagged, real image files of every kind and size."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from mnist_draw import photo_simulator
from mnist_draw.photo_simulator import KINDS, DigitSource, generate
from mnist_draw.strokes_file import load_labelled


@pytest.fixture(scope="module")
def source(mnist, pendigits_test_file) -> DigitSource:
    drawings = load_labelled(pendigits_test_file)[:200]
    return DigitSource(mnist.test.images[:200], mnist.test.labels[:200], [d.strokes for d in drawings], [d.label for d in drawings])


def test_every_kind_gives_decodable_pictures_tagged_with_their_kind_and_truth(source):
    for case in generate(source, KINDS, per_kind=2, seed=1):
        picture = Image.open(io.BytesIO(case.data))
        assert picture.format == case.file_format
        assert picture.size == case.size
        assert 0 <= case.label <= 9 and case.kind in KINDS and case.source in ("mnist", "pendigits")


def test_the_same_seed_gives_the_same_cases_whatever_kinds_are_asked_for(source):
    alone = [c.data for c in generate(source, ["ruled"], per_kind=3, seed=7)]
    among = [c.data for c in generate(source, ["shadow", "ruled"], per_kind=3, seed=7) if c.kind == "ruled"]
    assert alone == among
    assert alone != [c.data for c in generate(source, ["ruled"], per_kind=3, seed=8)]


def test_sizes_run_from_40_pixels_to_12_megapixels(source):
    tiny = [c.size for c in generate(source, ["tiny"], per_kind=6)]
    large = [c.size for c in generate(source, ["large"], per_kind=12)]
    assert all(40 <= min(size) <= 64 for size in tiny)
    assert max(w * h for w, h in large) >= 11_000_000


def test_cases_come_from_both_mnist_and_pendigits(source):
    assert {c.source for c in generate(source, ["clean"], per_kind=4)} == {"mnist", "pendigits"}


def test_paper_is_coloured_in_the_coloured_paper_kind(source):
    saturations = []
    for case in generate(source, ["coloured_paper"], per_kind=8, seed=2):
        hsv = np.asarray(Image.open(io.BytesIO(case.data)).convert("HSV"), dtype=np.float32)
        saturations.append(float(np.median(hsv[..., 1])) + abs(float(np.median(hsv[..., 2])) - 235))
    assert max(saturations) > 30  # not every page is white


def test_an_unknown_kind_is_refused(source):
    with pytest.raises(ValueError, match="unknown kind"):
        list(generate(source, ["sepia"], per_kind=1))


def test_the_simulator_does_not_import_tensorflow():
    code = f"import sys; import {photo_simulator.__name__}; print('tensorflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_form_kinds_give_digits_in_printed_boxes_tagged_with_their_kind_and_truth(source):
    for case in generate(source, photo_simulator.FORM_KINDS, per_kind=2, seed=1):
        picture = Image.open(io.BytesIO(case.data))
        assert picture.size == case.size and 0 <= case.label <= 9 and case.kind in photo_simulator.FORM_KINDS


def test_numbers_in_combs_are_reproducible_and_hold_3_to_6_digits(source):
    cases = list(photo_simulator.generate_numbers(source, per_kind=3, seed=4))
    assert {case.kind for case in cases} == set(photo_simulator.NUMBER_FORM_KINDS)
    assert all(3 <= len(case.label) <= 6 and case.label.isdigit() for case in cases)
    assert [c.data for c in cases] == [c.data for c in photo_simulator.generate_numbers(source, per_kind=3, seed=4)]
    assert Image.open(io.BytesIO(cases[0].data)).size == cases[0].size


def test_pattern_pages_are_reproducible_pictures_of_every_kind():
    cases = list(photo_simulator.generate_patterns(per_kind=2, seed=3))
    assert [case.kind for case in cases] == [kind for kind in photo_simulator.PATTERN_KINDS for _ in range(2)]
    assert all(Image.open(io.BytesIO(case.data)).size == case.size for case in cases)
    assert [c.data for c in cases] == [c.data for c in photo_simulator.generate_patterns(per_kind=2, seed=3)]
    with pytest.raises(ValueError, match="unknown pattern"):
        list(photo_simulator.generate_patterns(["tartan"], per_kind=1))
