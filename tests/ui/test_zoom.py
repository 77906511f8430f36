"""The canvas's view transform: zoom about a point, pan, show a region, and the limits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF

from mnist_draw.ui.zoom import PaperView

SIDE = 280.0
VIEWPORT = QRectF(10, 20, 400, 400)
WHOLE = QRectF(0, 0, SIDE, SIDE)
WIDE = QRectF(0, 70, SIDE, 140)  # a picture twice as wide as tall, across the paper's middle


def test_seen_whole_the_paper_fills_the_viewport():
    view = PaperView(SIDE)
    assert not view.is_zoomed() and view.paper_on_screen(VIEWPORT) == VIEWPORT
    assert view.visible(VIEWPORT) == WHOLE


def test_zooming_about_a_point_keeps_the_paper_point_there():
    view = PaperView(SIDE)
    anchor = QPointF(100, 300)
    held = view.to_paper(VIEWPORT, anchor)
    assert view.zoom_about(VIEWPORT, anchor, 3.0, WHOLE, 10.0)
    assert view.zoom == 3.0
    after = view.to_paper(VIEWPORT, anchor)
    assert (after.x(), after.y()) == (pytest.approx(held.x()), pytest.approx(held.y()))
    assert view.paper_on_screen(VIEWPORT).width() == pytest.approx(1200)


def test_the_zoom_stays_between_the_whole_and_the_closest():
    view = PaperView(SIDE)
    assert not view.zoom_about(VIEWPORT, VIEWPORT.center(), 0.2, WHOLE, 10.0)  # already whole: no change
    view.zoom_about(VIEWPORT, VIEWPORT.center(), 50.0, WHOLE, 10.0)
    assert view.zoom == 10.0
    assert view.keep_within(WHOLE, 4.0) and view.zoom == 4.0  # the viewport grew: the closest is nearer
    assert view.reset() and view.zoom == 1.0 and not view.reset()


def test_a_zoomed_view_stays_on_the_picture_and_centred_where_the_picture_is_narrower():
    view = PaperView(SIDE)
    view.zoom_about(VIEWPORT, VIEWPORT.topLeft(), 1.5, WIDE, 10.0)
    seen = view.visible(VIEWPORT)
    assert seen.left() == pytest.approx(0) and seen.center().y() == pytest.approx(140)  # 187 units high: more than the picture
    view.pan(VIEWPORT, 0, -10_000, WIDE)
    assert view.visible(VIEWPORT).center().y() == pytest.approx(140)
    view.zoom_about(VIEWPORT, VIEWPORT.center(), 4.0, WIDE, 10.0)
    view.pan(VIEWPORT, -10_000, -10_000, WIDE)
    seen = view.visible(VIEWPORT)
    assert (seen.right(), seen.bottom()) == (pytest.approx(SIDE), pytest.approx(210))  # the picture's corner, no further


def test_a_pan_moves_the_paper_with_the_hand():
    view = PaperView(SIDE)
    view.zoom_about(VIEWPORT, VIEWPORT.center(), 4.0, WHOLE, 10.0)
    before = view.paper_on_screen(VIEWPORT)
    assert view.pan(VIEWPORT, 30, -20, WHOLE)
    assert view.paper_on_screen(VIEWPORT).topLeft() == before.topLeft() + QPointF(30, -20)


def test_showing_a_region_centres_it_and_fills_the_view_as_closely_as_allowed():
    view = PaperView(SIDE)
    region = QRectF(200, 150, 28, 14)
    view.show(region, WHOLE, 20.0)
    assert view.zoom == pytest.approx(10.0)  # its longer side fills the view
    assert view.visible(VIEWPORT).center() == region.center()
    view.show(QRectF(200, 150, 2, 1), WHOLE, 20.0)
    assert view.zoom == 20.0


def test_the_zoom_ladder_goes_through_the_percentages_image_viewers_use_both_ways():
    from mnist_draw.ui.zoom import ladder_above, ladder_below

    up, zoom = [], 1.0
    while zoom < 64:
        zoom = ladder_above(zoom)
        up.append(round(zoom * 100))
    assert up == [125, 150, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200, 4800, 6400]
    down = []
    while zoom > 1:
        zoom = ladder_below(zoom)
        down.append(round(zoom * 100))
    assert down == up[-2::-1] + [100]


def test_between_two_rungs_of_the_ladder_a_step_goes_to_the_nearer_one_that_way():
    from mnist_draw.ui.zoom import ladder_above, ladder_below

    assert ladder_above(1.37) == 1.5 and ladder_below(1.37) == 1.25
    assert ladder_above(10.77) == 12.0 and ladder_below(10.77) == 8.0
    assert ladder_above(3.9999) == 6.0 and ladder_below(4.0001) == 3.0, "a rung, rounded, is still that rung"


def test_a_zoom_off_the_ladder_is_said_rounded_as_a_person_would():
    from mnist_draw.ui.zoom import percent_shown

    zooms = (1.0, 1.25, 1.37, 4.33, 10.77, 12.0, 12.499999, 23.456)
    assert [percent_shown(z) for z in zooms] == [100, 125, 135, 430, 1100, 1200, 1250, 2350]
