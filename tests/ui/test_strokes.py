"""The drawing's data: erasing geometry, pressure widths and undo history (no Qt)."""

from __future__ import annotations

import math

import pytest

from mnist_draw.ui.strokes import (
    History,
    Stroke,
    distance_to_segment,
    erase,
    make_stroke,
    visible_width,
)


def line(x0: float, y0: float, x1: float, y1: float, width: float = 10.0) -> Stroke:
    return make_stroke([(x0, y0), (x1, y1)], width)


def test_points_without_pressure_get_full_pressure():
    stroke = make_stroke([(1, 2), (3, 4, 0.5)], 12)
    assert stroke.points == ((1.0, 2.0, 1.0), (3.0, 4.0, 0.5))
    assert stroke.width == 12.0


def test_more_pressure_gives_a_wider_line_and_no_pressure_still_shows():
    assert 0 < visible_width(20, 0.0) < visible_width(20, 0.5) < visible_width(20, 1.0) == 20
    assert visible_width(20, 7.0) == 20  # out-of-range pressure is clamped


def test_eraser_that_misses_leaves_the_same_stroke_objects():
    strokes = (line(0, 0, 100, 0), line(0, 50, 100, 50))
    assert all(a is b for a, b in zip(erase(strokes, [(200, 200), (220, 220)], 5), strokes))


def test_erasing_across_the_middle_cuts_a_stroke_in_two():
    pieces = erase((line(0, 0, 100, 0),), [(50, -30), (50, 30)], 5)
    assert len(pieces) == 2
    left, right = pieces
    assert max(x for x, _, _ in left.points) < 50 - 5 and min(x for x, _, _ in right.points) > 50 + 5
    assert left.points[0][:2] == (0.0, 0.0) and right.points[-1][:2] == (100.0, 0.0)


def test_erasing_counts_the_ink_edge_not_only_the_centre_line():
    # The eraser passes 12 units above a 10-wide line: 5 of ink plus a radius of 8 reaches it.
    pieces = erase((line(0, 0, 100, 0),), [(40, -12), (60, -12)], 8)
    assert len(pieces) == 2


def test_erasing_a_whole_stroke_removes_it_and_leaves_no_specks():
    assert erase((line(0, 0, 10, 0),), [(-20, 0), (30, 0)], 6) == ()


def test_a_single_eraser_point_erases_a_dot_around_it():
    pieces = erase((line(0, 0, 100, 0),), [(100, 0)], 10)
    assert len(pieces) == 1 and max(x for x, _, _ in pieces[0].points) < 100 - 10


def test_pieces_keep_the_brush_width_and_pressure():
    stroke = make_stroke([(0, 0, 0.2), (100, 0, 0.8)], 14)
    left, right = erase((stroke,), [(50, -20), (50, 20)], 3)
    assert left.width == right.width == 14
    assert left.points[0][2] == pytest.approx(0.2) and right.points[-1][2] == pytest.approx(0.8)
    assert 0.2 < left.points[-1][2] < right.points[0][2] < 0.8  # interpolated along the stroke


def test_distance_to_segment_handles_ends_and_degenerate_segments():
    assert distance_to_segment((5, 3), (0, 0), (10, 0)) == 3
    assert distance_to_segment((13, 4), (0, 0), (10, 0)) == 5
    assert distance_to_segment((3, 4), (0, 0), (0, 0)) == 5
    assert math.isclose(distance_to_segment((0, 10), (-10, 0), (10, 0)), 10)


def test_history_undoes_and_redoes_in_order():
    history = History("empty")
    history.push("one")
    history.push("two")
    assert history.undo() and history.current == "one"
    assert history.undo() and history.current == "empty"
    assert not history.undo() and not history.can_undo()
    assert history.redo() and history.current == "one"


def test_a_new_state_after_undo_drops_the_undone_ones():
    history = History(0)
    history.push(1)
    history.push(2)
    history.undo()
    history.push(3)
    assert not history.can_redo()
    history.undo()
    assert history.current == 1


def test_history_forgets_the_oldest_states_beyond_its_limit():
    history = History(0, limit=3)
    for state in range(1, 6):
        history.push(state)
    undone = 0
    while history.undo():
        undone += 1
    assert undone == 2 and history.current == 3
