"""Strokes made alike whatever the device: taps left out, long steps curved, the drawing kept."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_draw.device_simulator import replay
from mnist_draw.device_strokes import CURVE_STEP, SAME_CELL, as_drawn, curved, without_taps
from mnist_draw.preprocess import clean_strokes
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.strokes_file import load_labelled

SEVEN = clean_strokes(SAMPLE_STROKES[7])


def size(strokes) -> float:
    points = np.concatenate(strokes)
    return float((points.max(axis=0) - points.min(axis=0)).max())


def circle(points: int, radius: float = 50.0) -> np.ndarray:
    angles = np.linspace(0, 2 * np.pi, points)
    return np.column_stack([100 + radius * np.cos(angles), 100 + radius * np.sin(angles)])


def test_a_tap_apart_from_the_digit_is_left_out_wherever_it_comes():
    top, bottom = SEVEN[0][:, 1].min(), SEVEN[0][:, 1].max()
    tap = np.array([[SEVEN[0][:, 0].max() + 0.5 * (bottom - top), bottom]])
    for strokes in ([tap] + SEVEN, SEVEN + [tap], SEVEN + [tap, tap + 3]):
        kept = without_taps(strokes)
        assert len(kept) == len(SEVEN) and all(a is b for a, b in zip(kept, SEVEN))


def test_pieces_touching_the_digit_a_dot_inside_a_zero_and_specks_alone_are_kept():
    zero = circle(40)
    assert len(without_taps([zero, np.array([[100.0, 100.0]])])) == 2  # a dotted zero
    assert len(without_taps([zero[:20], zero[20:22], zero[22:]])) == 3  # a pen lift's short piece
    specks = [np.array([[0.0, 0.0]]), np.array([[50.0, 50.0]])]
    assert len(without_taps(specks)) == 2  # nothing but specks: nothing to tell apart
    assert len(without_taps([zero])) == 1


def test_pen_drawn_digits_lose_no_stroke_but_one_writers_dots_under_two_1s(pendigits_train_file):
    lost = []
    for drawing in load_labelled(pendigits_train_file):
        strokes = clean_strokes(drawing.strokes)
        kept = without_taps(strokes)
        lost += [(drawing.writer, drawing.label, len(s)) for s in strokes if not any(s is k for k in kept)]
    assert lost == [("pendigits-train-17", 1, 4), ("pendigits-train-17", 1, 3)]


def test_a_sparse_curve_passes_through_every_point_with_no_step_longer_than_allowed():
    sparse = circle(9)
    [drawn] = curved([sparse])
    assert len(drawn) > len(sparse)
    # Every point given is on it, in order.
    at = [int(np.flatnonzero((drawn == point).all(axis=1))[0]) for point in sparse]
    assert at == sorted(at) and at[0] == 0 and at[-1] == len(drawn) - 1
    steps = np.linalg.norm(np.diff(drawn, axis=0), axis=1)
    assert steps.max() <= CURVE_STEP * size([sparse]) * 1.0001
    # And rounder than the polygon: its sides come inside the circle the points lie on
    # by up to 1 - cos(22.5 degrees), 7.6% of the radius.
    assert np.abs(np.linalg.norm(drawn - 100, axis=1) - 50).max() < 0.05 * 50


def test_points_on_a_line_stay_on_it_and_short_steps_are_left_as_they_are():
    line = np.column_stack([np.linspace(0, 100, 4), np.linspace(0, 50, 4)])
    [drawn] = curved([line])
    assert len(drawn) > 4 and np.allclose(drawn[:, 1], drawn[:, 0] / 2)
    dense = circle(200)
    [kept] = curved([dense])
    assert np.array_equal(kept, dense)


def test_points_repeated_or_too_near_to_matter_are_dropped_the_ends_kept():
    stroke = np.array([[0.0, 0.0], [0.0, 0.0], [10.0, 0.0], [10.0, 0.0], [10.0 + 100 * SAME_CELL / 4, 0.0], [100.0, 0.0]])
    [drawn] = curved([stroke])
    assert len(drawn) >= 3 and np.array_equal(drawn[0], stroke[0]) and np.array_equal(drawn[-1], stroke[-1])
    assert (np.linalg.norm(np.diff(drawn, axis=0), axis=1) > 0).all()
    tap, line = curved([np.array([[5.0, 5.0]]), np.array([[5.0, 5.0], [5.0, 5.0], [8.0, 5.0]])])
    assert len(tap) == 1 and np.array_equal(line[[0, -1]], [[5.0, 5.0], [8.0, 5.0]]) and (np.diff(line[:, 0]) > 0).all()
    # A dot (nothing to measure steps against) comes back as given.
    assert [len(s) for s in curved([np.array([[5.0, 5.0], [5.0, 5.0]]), np.array([[5.0, 5.0]])])] == [2, 1]


def test_many_strokes_keep_their_order_and_each_its_own_points():
    rng = np.random.default_rng(3)
    strokes = [rng.uniform(0, 1000, (int(rng.integers(1, 12)), 2)) for _ in range(200)]
    drawn = curved(strokes)
    assert len(drawn) == len(strokes)
    for given, made in zip(strokes, drawn):
        assert np.array_equal(made[0], given[0]) and np.array_equal(made[-1], given[-1])
        assert all((made == point).all(axis=1).any() for point in given)


def test_a_digit_as_any_device_delivers_it_keeps_its_box_taps_aside(pendigits_train_file):
    drawings = load_labelled(pendigits_train_file)[:100]
    for variant in ("plain", "dense", "finger", "hooks", "duplicates", "tiny", "huge", "unit_floats", "far_offset", "taps"):
        for index, drawing in enumerate(drawings):
            given = clean_strokes(replay(drawing.strokes, variant, 1, index))
            drawn = as_drawn(given)
            assert drawn and all(np.isfinite(stroke).all() for stroke in drawn)
            assert size(drawn) == pytest.approx(size(without_taps(given)), rel=0.01)


def test_a_sparse_digit_curved_comes_nearer_the_box_the_hand_drew(pendigits_train_file):
    # Between points 300-500 ms apart the pen went past the corners of the polygon they
    # make; the curve goes there too, and never far past what the hand drew.
    drawings = load_labelled(pendigits_train_file)[:100]
    hand = np.array([size(clean_strokes(d.strokes)) for d in drawings])
    sparse = [clean_strokes(replay(d.strokes, "sparse", 1, index)) for index, d in enumerate(drawings)]
    polygon = np.array([size(strokes) for strokes in sparse]) / hand
    curve = np.array([size(as_drawn(strokes)) for strokes in sparse]) / hand
    assert curve.max() < 1.02
    assert np.abs(np.log(curve)).mean() < 0.7 * np.abs(np.log(polygon)).mean()
