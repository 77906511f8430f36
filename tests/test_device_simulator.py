"""The device simulator: pendigits' strokes re-played as each device would deliver them, reproducibly."""

from __future__ import annotations

import hashlib
import numpy as np
import pytest

from mnist_draw.device_simulator import VARIANTS, replay
from mnist_draw.strokes_file import load_labelled


@pytest.fixture(scope="module")
def drawings(pendigits_train_file):
    return load_labelled(pendigits_train_file)[:40]


def size(strokes) -> float:
    points = np.concatenate(strokes)[:, :2]
    return float((points.max(axis=0) - points.min(axis=0)).max())


def test_every_variant_gives_finite_float_strokes_the_same_for_the_same_seed(drawings):
    for variant in VARIANTS:
        for index, drawing in enumerate(drawings[:10]):
            strokes = replay(drawing.strokes, variant, seed=5, index=index)
            assert strokes and all(stroke.dtype == np.float64 and stroke.ndim == 2 and np.isfinite(stroke).all() for stroke in strokes)
            again = replay(drawing.strokes, variant, seed=5, index=index)
            assert all(np.array_equal(a, b) for a, b in zip(strokes, again))


def test_another_seed_gives_another_device_and_plain_gives_the_drawing_itself(drawings):
    strokes = drawings[0].strokes
    assert [s.tolist() for s in replay(strokes, "plain", 1)] == strokes
    assert [s.tolist() for s in replay(strokes, "dense", 1)] != [s.tolist() for s in replay(strokes, "dense", 2)]


def test_dense_and_sparse_sampling_change_the_number_of_points_not_the_path(drawings):
    for index, drawing in enumerate(drawings):
        points = sum(len(s) for s in drawing.strokes)
        dense, sparse = replay(drawing.strokes, "dense", 1, index), replay(drawing.strokes, "sparse", 1, index)
        assert sum(len(s) for s in dense) >= 10 * points
        assert sum(len(s) for s in sparse) < points or points <= 2 * len(drawing.strokes)
        assert size(dense) == pytest.approx(size(drawing.strokes), rel=0.1)
        # A sparse device keeps the pen's down and up events.
        assert all(np.array_equal(s[[0, -1]], np.asarray(o, float)[[0, -1]]) for s, o in zip(sparse, drawing.strokes))


def test_a_finger_reports_its_contact_size_and_a_tiny_drawing_whole_pixels(drawings):
    for index, drawing in enumerate(drawings):
        finger = replay(drawing.strokes, "finger", 1, index)
        assert all(stroke.shape[1] == 3 and (stroke[:, 2] >= 30).all() for stroke in finger)
        tiny = replay(drawing.strokes, "tiny", 1, index)
        assert size(tiny) <= 46 and all(np.array_equal(stroke, np.round(stroke)) for stroke in tiny)


def test_coordinates_come_in_other_units_and_origins_with_the_drawing_upright(drawings):
    for index, drawing in enumerate(drawings):
        original = np.concatenate([np.asarray(s, float) for s in drawing.strokes])
        unit = np.concatenate(replay(drawing.strokes, "unit_floats", 1, index))
        assert 0 <= unit.min() and unit.max() <= 1
        assert np.concatenate(replay(drawing.strokes, "far_offset", 1, index)).max() < 0
        flipped = np.concatenate(replay(drawing.strokes, "y_up_flipped", 1, index))
        assert (flipped[:, 1] < 0).all()
        # Flipped back the right way: the same drawing, moved.
        assert np.allclose(flipped - flipped[0], original - original[0])
        huge = replay(drawing.strokes, "huge", 1, index)
        assert size(huge) >= 4000


def test_hooks_run_off_the_ends_and_repeated_or_reordered_events_keep_the_points(drawings):
    for index, drawing in enumerate(drawings):
        points = sorted(map(tuple, np.concatenate([np.asarray(s, float) for s in drawing.strokes]).tolist()))
        for hooked, stroke in zip(replay(drawing.strokes, "hooks", 1, index), drawing.strokes):
            # The stroke itself, with at most three points before and after it.
            starts = [at for at in range(4) if np.array_equal(hooked[at : at + len(stroke)], np.asarray(stroke, float))]
            assert starts and len(hooked) - len(stroke) - starts[0] <= 3
        reordered = replay(drawing.strokes, "out_of_order", 1, index)
        assert sorted(map(tuple, np.concatenate(reordered).tolist())) == points
        repeated = replay(drawing.strokes, "duplicates", 1, index)
        assert sorted(set(map(tuple, np.concatenate(repeated).tolist()))) == sorted(set(points))


def test_pen_lifts_break_strokes_and_taps_add_specks_beside_the_digit(drawings):
    for index, drawing in enumerate(drawings):
        lifted = replay(drawing.strokes, "pen_lifts", 1, index)
        assert len(lifted) >= len(drawing.strokes)
        tapped = replay(drawing.strokes, "taps", 1, index)
        specks = [s for s in tapped if len(s) <= 2 and size([s]) < 0.05 * size(drawing.strokes)]
        assert len(tapped) - len(drawing.strokes) in (1, 2) and len(specks) >= len(tapped) - len(drawing.strokes)
    assert sum(len(replay(d.strokes, "pen_lifts", 1, i)) > len(d.strokes) for i, d in enumerate(drawings)) >= len(drawings) // 2
    assert sum(
        sum(map(len, replay(d.strokes, "hooks", 1, i))) > sum(map(len, d.strokes)) for i, d in enumerate(drawings)
    ) >= 0.8 * len(drawings)


def test_an_unknown_variant_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown variant 'pencil'"):
        replay([[[0, 0], [1, 1]]], "pencil", 1)


def test_a_sparser_device_leaves_fewer_points_than_a_sparse_one_and_keeps_the_pens_down_and_up(drawings):
    sparse = sum(len(s) for index, d in enumerate(drawings) for s in replay(d.strokes, "sparse", 1, index))
    sparser = sum(len(s) for index, d in enumerate(drawings) for s in replay(d.strokes, "sparser", 1, index))
    assert sparser < 0.75 * sparse
    for index, drawing in enumerate(drawings):
        given = replay(drawing.strokes, "sparser", 1, index)
        assert all(np.array_equal(s[[0, -1]], np.asarray(o, float)[[0, -1]]) for s, o in zip(given, drawing.strokes))


def test_the_sparse_device_is_replayed_as_before_the_sparser_one_was_added(drawings):
    # Each variant's seed is its place in VARIANTS, so a new one goes at the end; the
    # hash is of the sparse strokes before the sparser device was added.
    digest = hashlib.sha256()
    for index, drawing in enumerate(drawings):
        for stroke in replay(drawing.strokes, "sparse", 1, index):
            digest.update(np.ascontiguousarray(stroke).tobytes())
    assert digest.hexdigest()[:16] == "6cfc966d27dd4ee0"
