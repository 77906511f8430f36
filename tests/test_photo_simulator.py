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


def test_a_case_rendered_alone_is_the_one_generate_gives_at_its_index(source):
    cases = list(generate(source, ["screen"], per_kind=3, seed=1))
    assert [photo_simulator.case_of(source, "screen", index, seed=1).data for index in range(3)] == [c.data for c in cases]


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


def _pixels(case) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(case.data)).convert("RGB"), dtype=np.float32) / 255


def test_kinds_added_later_leave_the_first_kinds_and_the_forms_cases_as_they_were():
    order = photo_simulator._SEED_ORDER
    assert sorted(order) == sorted(KINDS + photo_simulator.FORM_KINDS)
    # Their seeds' places before any kind was added: the twenty kinds, mixed, the forms.
    assert order[:21] == KINDS[:20] + ("mixed",)
    assert order[21:28] == photo_simulator.FORM_KINDS


def test_glare_washes_part_of_the_page_out_to_white(source):
    for case in generate(source, ["glare"], per_kind=4, seed=1):
        assert (_pixels(case).min(axis=2) > 0.97).mean() > 0.005


def test_show_through_adds_faint_ink_beside_the_digits_own(source):
    def faint_share(case):
        gray = _pixels(case).mean(axis=2)
        paper = np.median(gray)
        return ((gray < paper - 0.04) & (gray > paper - 0.3)).mean()

    clean = np.mean([faint_share(c) for c in generate(source, ["clean"], per_kind=6, seed=1)])
    through = np.mean([faint_share(c) for c in generate(source, ["show_through"], per_kind=6, seed=1)])
    assert through > 1.5 * clean


def test_a_hand_or_a_phones_shadow_darkens_the_page_from_one_edge(source):
    darkened = 0
    for case in generate(source, ["hand_shadow"], per_kind=6, seed=1):
        gray = _pixels(case).mean(axis=2)
        edges = [gray[:8].mean(), gray[-8:].mean(), gray[:, :8].mean(), gray[:, -8:].mean()]
        darkened += min(edges) < 0.85 * max(edges)
    assert darkened >= 4  # a fingertip in a corner darkens no whole edge


def test_a_thumb_covers_a_stretch_of_one_edge_far_wider_than_a_stroke(source):
    wide = 0
    for case in generate(source, ["thumb"], per_kind=6, seed=1):
        gray = _pixels(case).mean(axis=2)
        dark = gray < 0.85 * np.median(gray)
        strips = [dark[:4].all(axis=0), dark[-4:].all(axis=0), dark[:, :4].all(axis=1), dark[:, -4:].all(axis=1)]
        wide += max(strip.mean() for strip in strips) > 0.15
    assert wide >= 5


def test_a_thumbs_shadow_falls_beside_it_not_on_the_opposite_edge(source):
    # Rolled rather than shifted, a thumb at the bottom edge cast its shadow on the top
    # edge too, and one at the right edge on the left edge.
    for case in generate(source, ["thumb"], per_kind=12, seed=1):
        gray = _pixels(case).mean(axis=2)
        dark = gray < 0.85 * np.median(gray)
        strips = [dark[:4].any(axis=0), dark[-4:].any(axis=0), dark[:, :4].any(axis=1), dark[:, -4:].any(axis=1)]
        shares = [float(strip.mean()) for strip in strips]
        thumb = int(np.argmax(shares))
        assert shares[thumb ^ 1] < 0.02  # top and bottom, left and right: 0 and 1, 2 and 3


def test_low_light_photos_are_dark_and_noisy_in_colour(source):
    for case in generate(source, ["low_light"], per_kind=4, seed=1):
        picture = _pixels(case)
        assert np.median(picture) < 0.55
        corner = picture[:20, :20]
        assert (corner[..., 0] - corner[..., 2]).std() > 0.005  # each channel's own noise (JPEG smooths colour)


def test_a_crease_or_crumples_light_the_paper_unevenly(source):
    for kind in ("crease", "crumpled"):
        for case in generate(source, [kind], per_kind=4, seed=1):
            gray = _pixels(case).mean(axis=2)
            paper = gray[gray > np.percentile(gray, 30)]
            assert np.percentile(paper, 95) - np.percentile(paper, 5) > 0.05


def test_motion_blur_smears_the_strokes_edges(source):
    def edge_sharpness(case):
        gray = _pixels(case).mean(axis=2)
        return np.abs(np.diff(gray, axis=1)).max() + np.abs(np.diff(gray, axis=0)).max()

    sharp = np.mean([edge_sharpness(c) for c in generate(source, ["clean"], per_kind=6, seed=1)])
    smeared = np.mean([edge_sharpness(c) for c in generate(source, ["motion_blur"], per_kind=6, seed=1)])
    assert smeared < sharp


def test_a_photo_of_a_screen_carries_its_fine_pixel_grid(source):
    from mnist_draw.descreen import without_screen_grid

    gridded = 0
    for case in generate(source, ["screen"], per_kind=6, seed=1):
        rgb = _pixels(case)
        gray = (rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)).astype(np.float32)
        gridded += without_screen_grid(rgb, gray) is not gray
    assert gridded >= 4


def test_highlighter_ink_is_pale_in_grey_but_dark_in_one_colour(source):
    for case in generate(source, ["highlighter"], per_kind=6, seed=1):
        picture = _pixels(case)
        grey = picture @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        assert np.percentile(grey, 1) > 0.45
        assert np.percentile(picture.min(axis=2), 1) < np.median(picture.min(axis=2)) - 0.25


def test_a_distant_digit_is_small_in_a_photo_of_3000_to_4000_pixels(source):
    for case in generate(source, ["distant"], per_kind=2, seed=1):
        assert 3000 <= max(case.size) <= 4000
        gray = _pixels(case).mean(axis=2)
        assert (gray < np.median(gray) - 0.3).mean() < 0.01


def test_a_sticky_note_is_lighter_than_the_desk_round_it(source):
    for case in generate(source, ["sticky_note"], per_kind=6, seed=1):
        gray = _pixels(case).mean(axis=2)
        height, width = gray.shape
        middle = np.median(gray[height // 3 : 2 * height // 3, width // 3 : 2 * width // 3])
        border = np.median(np.concatenate([gray[:4].ravel(), gray[-4:].ravel(), gray[:, :4].ravel(), gray[:, -4:].ravel()]))
        assert middle > border + 0.1


def test_writing_photographed_far_is_small_on_a_large_page_where_its_box_says():
    ink = np.zeros((140, 400), np.float32)
    for left in range(30, 370, 40):
        ink[20:120, left : left + 8] = 1.0  # bars a line's height (100 pixels) tall
    data, (left, top, right, bottom) = photo_simulator.photograph_far(ink, 100.0, np.random.default_rng(2))
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "JPEG" and 3000 <= max(picture.size) <= 4000
    assert 0 <= left < right <= picture.width and 0 <= top < bottom <= picture.height
    # The line is 1-3.5% of the photo's longer side, and its ink is the darkest there.
    assert 0.01 <= (bottom - top) * 100 / 140 / max(picture.size) <= 0.035
    gray = np.asarray(picture.convert("L"), dtype=np.float32)
    inside = gray[int(top) : int(bottom), int(left) : int(right)]
    assert inside.min() < 0.5 * np.median(gray)
    assert photo_simulator.photograph_far(ink, 100.0, np.random.default_rng(2))[0] == data  # seeded


def test_a_digit_small_on_a_page_is_a_sliver_of_a_3000_to_4000_pixel_photo_on_grainy_paper(source):
    for case in generate(source, ["small_on_page"], per_kind=2, seed=1):
        assert 3000 <= max(case.size) <= 4000
        gray = _pixels(case).mean(axis=2)
        ink = gray < np.median(gray) - 0.25
        rows = np.flatnonzero(ink.any(axis=1))
        assert 0.008 * max(case.size) < rows[-1] - rows[0] + 1 < 0.03 * max(case.size)
        paper = gray[: gray.shape[0] // 4, : gray.shape[1] // 4]
        assert np.abs(np.diff(paper, axis=1)).mean() > 0.005  # grain from pixel to pixel


def test_a_digit_small_among_far_marks_has_marks_as_large_as_it_far_across_the_page(source):
    from mnist_draw.marks import label, label_boxes

    for case in generate(source, ["small_far_marks"], per_kind=4, seed=1):
        assert 3000 <= max(case.size) <= 4000
        gray = _pixels(case).mean(axis=2)
        labels, count = label(gray < np.median(gray) - 0.15)
        top, left, bottom, right = (side[1:] for side in label_boxes(labels, count))
        big = np.maximum(bottom - top, right - left) >= 0.004 * max(case.size)  # no grain, no JPEG's specks
        middle = np.hypot((top + bottom) / 2 - gray.shape[0] / 2, (left + right) / 2 - gray.shape[1] / 2)
        digit = int(np.argmin(np.where(big, middle, np.inf)))
        height = bottom[digit] - top[digit]
        assert 0.008 * max(case.size) < height < 0.03 * max(case.size)
        others = [k for k in np.flatnonzero(big) if middle[k] - middle[digit] > height]
        assert others  # a speck, holes or a page number
        for k in others:
            apart = max(top[k] - bottom[digit], top[digit] - bottom[k], left[k] - right[digit], left[digit] - right[k])
            assert apart > 0.8 * photo_simulator.FAR_MARKS * height
