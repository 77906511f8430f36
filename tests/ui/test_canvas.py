"""The canvas: drawing with a mouse, a pen and a finger; erasing; undo; what it paints."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QNativeGestureEvent,
    QPainterPath,
    QPalette,
    QPointingDevice,
    QTabletEvent,
    QWheelEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import ONE, SEVEN, pen_device, pen_stroke, steps

from mnist_draw.ui.canvas import DEFAULT_BRUSH, ERASER_SCALE, MIN_BRUSH, PAPER_SIDE, DrawingCanvas, PlacedImage
from mnist_draw.ui.zoom import MAX_SCREEN_PIXELS


def ink_pixels(image: QImage, paper: QColor) -> int:
    """How many pixels of ``image`` are not the paper colour."""
    rgb = paper.rgb()
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) != rgb)


def paper_colour(canvas: DrawingCanvas) -> QColor:
    return canvas.palette().color(QPalette.ColorRole.Base)


def drag(qtbot, canvas: DrawingCanvas, points, button=Qt.MouseButton.LeftButton) -> None:
    """Press, move in small steps and release, with real mouse events."""
    drag_along(qtbot, canvas, [canvas.map_from_paper(x, y).toPoint() for x, y in steps(points)], button)


def drag_along(qtbot, canvas: DrawingCanvas, path: list[QPoint], button=Qt.MouseButton.LeftButton, painted: bool = False) -> None:
    """Press at the first screen point, move through the others and release at the last;
    ``painted``: the canvas painted after every move, as it is in use."""
    qtbot.mousePress(canvas, button, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
        if painted:
            canvas.repaint()
    qtbot.mouseRelease(canvas, button, pos=path[-1])
    if painted:
        canvas.repaint()


def test_add_stroke_keeps_its_points_in_paper_units(canvas):
    canvas.add_stroke([(10, 20), (30, 40, 0.5)])
    assert canvas.strokes() == [[(10.0, 20.0, 1.0), (30.0, 40.0, 0.5)]]


def test_the_drawing_keeps_its_paper_coordinates_when_the_window_resizes(canvas):
    canvas.add_stroke(ONE)
    canvas.resize(700, 500)
    assert canvas.strokes()[0][0][:2] == ONE[0]
    assert canvas.map_from_paper(PAPER_SIDE, PAPER_SIDE).x() - canvas.map_from_paper(0, 0).x() > 400


def test_mouse_drag_draws_a_stroke_and_announces_it(qtbot, canvas):
    with qtbot.waitSignal(canvas.strokes_changed, timeout=1000, check_params_cb=lambda in_progress: not in_progress):
        drag(qtbot, canvas, ONE)
    (stroke,) = canvas.strokes()
    assert abs(stroke[0][0] - 140) < 2 and abs(stroke[0][1] - 50) < 2
    assert abs(stroke[-1][1] - 230) < 2
    assert ink_pixels(canvas.to_image(), paper_colour(canvas)) > 500


def test_moves_while_the_button_is_down_announce_live_changes(qtbot, canvas):
    changes = []
    canvas.strokes_changed.connect(changes.append)
    drag(qtbot, canvas, ONE)
    assert changes.count(True) > 5  # live, while drawing
    assert changes[-1] is False  # and settled at pen-up


def test_moving_without_a_button_draws_nothing(qtbot, canvas):
    qtbot.mouseMove(canvas, canvas.map_from_paper(50, 50).toPoint())
    qtbot.mouseMove(canvas, canvas.map_from_paper(200, 200).toPoint())
    assert canvas.strokes() == []


def test_a_press_outside_the_paper_draws_nothing(qtbot, canvas):
    canvas.resize(600, 300)  # the paper is a centred square: the left edge is outside it
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 150))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 150))
    assert canvas.strokes() == []


def test_strokes_dragged_off_the_paper_stay_on_it(qtbot, canvas):
    start = canvas.map_from_paper(140, 140).toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    outside = QPoint(canvas.width() + 50, start.y())
    qtbot.mouseMove(canvas, outside)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=outside)
    assert max(x for x, _, _ in canvas.strokes()[0]) == PAPER_SIDE


def test_pen_pressure_changes_the_visible_width_but_not_the_points(canvas):
    device = pen_device()
    assert all(pen_stroke(canvas, ONE, 0.15, device)), "tablet events must be accepted, or Qt adds mouse events"
    light_points = [point[:2] for point in canvas.strokes()[0]]
    light_ink = ink_pixels(canvas.to_image(), paper_colour(canvas))
    canvas.clear()
    pen_stroke(canvas, ONE, 1.0, device)
    heavy_points = [point[:2] for point in canvas.strokes()[0]]
    heavy_ink = ink_pixels(canvas.to_image(), paper_colour(canvas))
    assert heavy_ink > 1.8 * light_ink
    assert light_points == heavy_points
    assert {point[2] for point in canvas.strokes()[0]} == {1.0}


def test_a_pen_stroke_is_drawn_once(canvas):
    pen_stroke(canvas, ONE, 0.6, pen_device())
    assert len(canvas.strokes()) == 1


def test_the_pen_eraser_end_erases(canvas):
    canvas.add_stroke([(40, 140), (240, 140)])
    pen_stroke(canvas, [(140, 100), (140, 180)], 1.0, pen_device(QPointingDevice.PointerType.Eraser))
    assert len(canvas.strokes()) == 2  # cut in two


def test_right_button_drag_erases_part_of_a_stroke(qtbot, canvas):
    canvas.add_stroke([(40, 140), (240, 140)])
    drag(qtbot, canvas, [(140, 100), (140, 180)], Qt.MouseButton.RightButton)
    left, right = canvas.strokes()
    assert max(x for x, _, _ in left) < 140 < min(x for x, _, _ in right)


def test_eraser_mode_makes_the_left_button_erase(qtbot, canvas):
    canvas.add_stroke(ONE)
    canvas.set_eraser_mode(True)
    drag(qtbot, canvas, [(100, 140), (180, 140)])
    assert len(canvas.strokes()) == 2
    canvas.set_eraser_mode(False)
    drag(qtbot, canvas, SEVEN)
    assert len(canvas.strokes()) == 3


def test_erasing_is_one_undo_step(qtbot, canvas):
    canvas.add_stroke([(40, 140), (240, 140)])
    drag(qtbot, canvas, [(140, 100), (140, 180)], Qt.MouseButton.RightButton)
    canvas.undo()
    assert len(canvas.strokes()) == 1 and len(canvas.strokes()[0]) == 2


def test_undo_and_redo_go_stroke_by_stroke(canvas):
    canvas.add_stroke(ONE)
    canvas.add_stroke(SEVEN)
    canvas.undo()
    assert [s[0][:2] for s in canvas.strokes()] == [ONE[0]]
    canvas.undo()
    assert canvas.strokes() == [] and not canvas.can_undo()
    canvas.redo()
    canvas.redo()
    assert len(canvas.strokes()) == 2 and not canvas.can_redo()


def test_clear_can_be_undone(canvas):
    canvas.add_stroke(ONE)
    canvas.clear()
    assert canvas.drawing().is_empty
    canvas.undo()
    assert len(canvas.strokes()) == 1


def test_touch_draws_with_one_finger(qtbot, canvas):
    device = QTest.createTouchDevice()
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps(ONE)]
    QTest.touchEvent(canvas, device).press(0, path[0], canvas).commit()
    for position in path[1:]:
        QTest.touchEvent(canvas, device).move(0, position, canvas).commit()
    QTest.touchEvent(canvas, device).release(0, path[-1], canvas).commit()
    assert len(canvas.strokes()) == 1 and len(canvas.strokes()[0]) > 5


def test_brush_size_is_kept_within_its_range(qtbot, canvas):
    with qtbot.waitSignal(canvas.brush_size_changed):
        canvas.set_brush_size(1000)
    assert canvas.brush_size() == 48
    canvas.set_brush_size(-5)
    assert canvas.brush_size() == 4


def test_to_image_follows_a_dark_palette(canvas):
    palette = canvas.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    palette.setColor(QPalette.ColorRole.Text, QColor(240, 240, 240))
    canvas.setPalette(palette)
    canvas.add_stroke(ONE)
    image = canvas.to_image()
    assert QColor(image.pixel(5, 5)) == QColor(30, 30, 30)
    assert QColor(image.pixel(140, 140)) == QColor(240, 240, 240)


def test_on_a_hidpi_screen_the_drawing_is_painted_at_device_resolution(tmp_path):
    # The scale factor is fixed when Qt starts, so this runs in a fresh process.
    script = textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication
        from mnist_draw.ui.canvas import DrawingCanvas
        app = QApplication([])
        canvas = DrawingCanvas()
        canvas.resize(300, 300)
        canvas.show()
        canvas.add_stroke([(140, 50), (140, 230)])
        shot = canvas.grab()
        cache = canvas._cache  # the settled drawing, painted once per change
        print(canvas.devicePixelRatioF(), shot.devicePixelRatio(), shot.width(), cache.devicePixelRatio(), cache.width())
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    widget_ratio, shot_ratio, shot_width, cache_ratio, cache_width = result.stdout.split()
    assert float(widget_ratio) == float(shot_ratio) == float(cache_ratio) == 2.0
    assert int(shot_width) == 600
    assert int(cache_width) == 2 * (300 - 2 * 8)  # the paper, at two device pixels a point


def test_on_a_hidpi_screen_zoomed_in_the_picture_is_painted_and_drawn_on_where_it_is_shown(tmp_path):
    # A picture with a dark square in a light field, zoomed 4 times and panned at device pixel ratio 2:
    # the device pixels under the square's middle are dark, beside it light, and a click there draws there.
    script = textwrap.dedent(
        """
        import io
        from PIL import Image, ImageDraw
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication
        from mnist_draw.ui.canvas import DrawingCanvas, PlacedImage
        from mnist_draw.ui.image_input import ImageRequest, decode
        app = QApplication([])
        picture = Image.new("RGB", (280, 280), (226, 222, 214))
        ImageDraw.Draw(picture).rectangle((150, 100, 170, 120), fill=(20, 20, 40))
        stream = io.BytesIO()
        picture.save(stream, "PNG")
        decoded = decode(ImageRequest(stream.getvalue(), "square.png"))
        canvas = DrawingCanvas()
        canvas.resize(300, 300)
        canvas.show()
        canvas.show_image(PlacedImage(decoded.picture, "square.png", decoded.model_input, decoded.found))
        canvas.zoom_by(4.0, canvas.map_from_picture(160, 110))
        canvas.pan_by(-37, 23)
        shot = canvas.grab().toImage()
        ratio = shot.devicePixelRatio()
        def lightness(x, y):
            at = canvas.map_from_picture(x, y)
            return shot.pixelColor(round(at.x() * ratio), round(at.y() * ratio)).lightness()
        click = canvas.map_from_picture(140, 95)
        QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=click.toPoint())
        (points, _width), = canvas.picture_strokes()
        print(ratio, lightness(160, 110), lightness(140, 95), points[0][0], points[0][1])
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    ratio, inside, beside, x, y = map(float, result.stdout.split())
    assert ratio == 2.0
    assert inside < 100 < beside
    rounded = 0.5 / 4  # the click lands on a whole screen point: half of one off, in the picture's pixels at zoom 4
    assert (x, y) == (pytest.approx(140, abs=rounded), pytest.approx(95, abs=rounded))


def test_strokes_are_smooth_curves_not_polylines(canvas):
    from mnist_draw.ui.ink import stroke_path

    path = stroke_path([(0, 0, 1), (10, 10, 1), (20, 0, 1), (30, 10, 1)])
    curves = [path.elementAt(i).type for i in range(path.elementCount())]
    assert QPainterPath.ElementType.CurveToElement in curves


# --- a picture's ink, edited with the eraser -------------------------------------------

BLOT = (230.0, 240.0)  # where the stray mark is, in the picture's pixels (and paper units: 280 pixels wide)


def placed_picture(size=(280, 280), blot=BLOT) -> PlacedImage:
    """A photo-like 7 with a blot of ink beside it, decoded as the window decodes a file."""
    import io

    from PIL import Image, ImageDraw

    from mnist_draw.ui.image_input import ImageRequest, decode

    picture = Image.new("RGB", size, (226, 222, 214))
    draw = ImageDraw.Draw(picture)
    draw.line([(70, 50), (200, 50), (120, 230)], fill=(30, 30, 60), width=18, joint="curve")
    x, y = blot
    draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(30, 30, 60))
    stream = io.BytesIO()
    picture.save(stream, "PNG")
    decoded = decode(ImageRequest(stream.getvalue(), "seven.png"))
    return PlacedImage(decoded.picture, "seven.png", decoded.model_input, decoded.found)


def ink_at(canvas: DrawingCanvas, x: float, y: float) -> float:
    from mnist_draw.ui.ink_layer import ink_left

    drawing = canvas.drawing()
    return float(ink_left(drawing.image.ink, drawing.erasures)[int(y), int(x)])


def test_a_pictures_ink_is_a_layer_the_right_button_erases_from(qtbot, canvas):
    canvas.show_image(placed_picture())
    assert ink_at(canvas, *BLOT) > 0.5
    drag(qtbot, canvas, [(BLOT[0] - 12, BLOT[1]), (BLOT[0] + 12, BLOT[1])], Qt.MouseButton.RightButton)
    assert ink_at(canvas, *BLOT) == 0
    assert ink_at(canvas, 130, 50) > 0.5  # the 7 is untouched
    assert len(canvas.drawing().erasures) == 1


def test_erasing_a_picture_is_one_undo_step_and_redo_erases_again(qtbot, canvas):
    canvas.show_image(placed_picture())
    drag(qtbot, canvas, [(BLOT[0] - 12, BLOT[1]), (BLOT[0] + 12, BLOT[1])], Qt.MouseButton.RightButton)
    canvas.undo()
    assert canvas.drawing().image is not None and ink_at(canvas, *BLOT) > 0.5
    canvas.redo()
    assert ink_at(canvas, *BLOT) == 0


def test_the_eraser_tool_and_the_erase_call_edit_a_picture_too(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.set_eraser_mode(True)
    drag(qtbot, canvas, [(120, 40), (120, 60)])
    assert ink_at(canvas, 120, 50) == 0 and canvas.drawing().image is not None
    canvas.erase([BLOT], radius=14)
    assert ink_at(canvas, *BLOT) == 0 and len(canvas.drawing().erasures) == 2


def test_a_sweep_over_bare_paper_leaves_no_undo_step(qtbot, canvas):
    canvas.show_image(placed_picture())
    before = canvas.drawing()
    drag(qtbot, canvas, [(20, 250), (40, 270)], Qt.MouseButton.RightButton)
    canvas.erase([(20, 250)])
    assert canvas.drawing() is before
    canvas.undo()
    assert canvas.drawing().is_empty  # the step before was the empty canvas, not an empty sweep


def test_clear_takes_a_picture_and_its_edits_and_undo_brings_both_back(canvas):
    canvas.show_image(placed_picture())
    canvas.erase([BLOT], radius=14)
    canvas.clear()
    assert canvas.drawing().is_empty
    canvas.undo()
    assert canvas.drawing().image is not None and ink_at(canvas, *BLOT) == 0


def test_the_picture_is_shown_faded_under_the_ink_found_on_it(canvas):
    canvas.show_image(placed_picture())
    shown = canvas.to_image()  # one pixel a paper unit: here one a picture pixel too
    paper = paper_colour(canvas)
    ink, beside = shown.pixelColor(130, 50), shown.pixelColor(250, 140)
    assert ink.lightness() < 80  # the ink found, in the pen's colour
    assert beside != paper and beside.lightness() > 220  # the picture's own paper, faded
    canvas.erase([BLOT], radius=14)
    blot = int(BLOT[0]), int(BLOT[1])
    assert canvas.to_image().pixelColor(*blot).lightness() > 150  # gone from the ink: only the faded picture shows it
    alone = canvas.to_image(picture=False)  # what Save and Copy give: the ink read, nothing else
    assert alone.pixelColor(250, 140) == paper and alone.pixelColor(*blot) == paper
    assert alone.pixelColor(130, 50).lightness() < 80


def test_boxes_in_a_pictures_pixels_land_where_the_picture_is_shown(canvas):
    canvas.show_image(placed_picture(size=(560, 280)))  # twice as wide as tall: shown across the paper's middle
    picture = canvas.drawing().image.picture  # the working copy: 384 pixels wide (preprocess.WORK_SIDE)
    assert canvas.drawing().image.ink.shape == (picture.height(), picture.width())
    top_left, bottom_right = canvas.map_from_picture(0, 0), canvas.map_from_picture(picture.width(), picture.height())
    assert top_left == canvas.map_from_paper(0, 70)
    assert bottom_right == canvas.map_from_paper(280, 210)


def test_an_eraser_gesture_works_from_the_ink_it_found_not_from_every_earlier_sweep(qtbot, canvas, monkeypatch):
    from mnist_draw.ui import canvas as canvas_module
    from mnist_draw.ui.ink_layer import ink_left

    canvas.show_image(placed_picture())
    for x in range(80, 200, 10):  # a dozen sweeps along the 7's bar, one undo step each
        canvas.erase([(x, 45), (x + 4, 55)], radius=3)
    assert len(canvas.drawing().erasures) == 12
    canvas.repaint()
    sweeps_taken_out = []  # how many sweeps each working-out of the ink left had to take out

    def counting_ink_left(ink, erasures):
        sweeps_taken_out.append(len(erasures))
        return ink_left(ink, erasures)

    monkeypatch.setattr(canvas_module, "ink_left", counting_ink_left)
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps([(BLOT[0] - 12, BLOT[1]), (BLOT[0] + 12, BLOT[1])])]
    drag_along(qtbot, canvas, path, Qt.MouseButton.RightButton, painted=True)
    assert sweeps_taken_out and max(sweeps_taken_out) == 1
    # What is shown is the ink left after every sweep, and undo and redo show theirs.
    assert len(canvas.drawing().erasures) == 13
    blot, stem = (int(BLOT[0]), int(BLOT[1])), (160, 140)  # the 7's stem: no sweep went there
    paper = paper_colour(canvas)

    def shown_at(point) -> bool:
        return canvas.to_image(picture=False).pixelColor(*point) != paper

    assert not shown_at(blot) and shown_at(stem)
    canvas.undo()
    assert shown_at(blot)
    canvas.redo()
    assert not shown_at(blot)
    canvas.clear()
    canvas.undo()
    assert not shown_at(blot) and shown_at(stem)


# --- strokes drawn over a picture ---------------------------------------------------------

BAR = [(60.0, 140.0), (220.0, 140.0)]  # across the 7's stem, clear of the blot


def test_a_stroke_over_a_picture_is_added_to_it_with_the_pictures_own_pen(qtbot, canvas):
    canvas.show_image(placed_picture())
    image = canvas.drawing().image
    assert abs(canvas.pen_width() - image.found.pen_width) < 0.01  # one picture pixel a paper unit here
    assert 15 <= canvas.pen_width() <= 19  # the 7 is written 18 pixels wide, whatever the brush
    drag(qtbot, canvas, BAR)
    drawing = canvas.drawing()
    assert drawing.image is image and len(drawing.strokes) == 1
    assert drawing.strokes[0].width == canvas.pen_width()
    shown, alone = canvas.to_image(), canvas.to_image(picture=False)
    assert shown.pixelColor(80, 140).lightness() < 80 and alone.pixelColor(80, 140).lightness() < 80
    assert alone.pixelColor(80, 150) == paper_colour(canvas)  # as wide as the pen, no wider
    assert alone.pixelColor(130, 50).lightness() < 80  # the picture's ink is there too: what is read


def test_a_light_pen_stroke_over_a_picture_is_shown_as_wide_as_it_is_read(canvas):
    from mnist_draw.preprocess import ink_with_strokes
    from mnist_draw.ui.ink_layer import ink_left

    canvas.show_image(placed_picture())  # one picture pixel a paper unit: the screen and the ink line up
    assert all(pen_stroke(canvas, [(80.0, 90.0), (80.0, 200.0)], 0.3, pen_device()))  # a light touch, down the left
    drawing = canvas.drawing()
    strokes = canvas.picture_strokes()
    read = ink_with_strokes(ink_left(drawing.image.ink, drawing.erasures), [p for p, _ in strokes], [w for _, w in strokes])
    shown = canvas.to_image(picture=False)
    row = 150  # clear of the 7's ink: only the stroke drawn crosses it
    # The ink across the row, edges' grey included: the stroke's width, on screen and as read.
    on_screen = sum(1 - shown.pixelColor(x, row).lightnessF() for x in range(40, 120))
    in_reading = float(read[row, 40:120].sum())
    assert abs(on_screen - in_reading) <= 0.5, (on_screen, in_reading)
    assert abs(in_reading - canvas.pen_width()) <= 1.5  # the picture's own pen, however lightly it pressed


def test_undo_and_redo_take_strokes_off_a_picture_one_at_a_time_and_the_picture_stays(qtbot, canvas):
    canvas.show_image(placed_picture())
    image = canvas.drawing().image
    drag(qtbot, canvas, BAR)
    canvas.add_stroke([(40.0, 100.0), (40.0, 200.0)])
    canvas.undo()
    assert canvas.drawing().image is image and len(canvas.drawing().strokes) == 1
    canvas.undo()
    assert canvas.drawing().image is image and canvas.drawing().strokes == ()
    canvas.redo()
    canvas.redo()
    assert len(canvas.drawing().strokes) == 2
    canvas.clear()
    assert canvas.drawing().is_empty
    canvas.undo()
    assert canvas.drawing().image is image and len(canvas.drawing().strokes) == 2


def test_one_eraser_sweep_takes_from_the_pictures_ink_and_the_strokes_over_it_in_one_undo_step(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.add_stroke([(40.0, 100.0), (40.0, 200.0)])
    before = canvas.drawing()
    # Across the stroke drawn and on to the blot found on the paper.
    drag(qtbot, canvas, [(20.0, 150.0), (60.0, 150.0), (BLOT[0], BLOT[1])], Qt.MouseButton.RightButton)
    after = canvas.drawing()
    assert len(after.strokes) == 2 and len(after.erasures) == 1  # the stroke cut in two, the blot swept
    assert ink_at(canvas, *BLOT) == 0
    canvas.undo()
    assert canvas.drawing() is before


def test_the_pen_draws_on_the_picture_only(qtbot, canvas):
    canvas.show_image(placed_picture(size=(560, 280)))  # shown across the paper's middle, 70 to 210 units down
    drag(qtbot, canvas, [(140.0, 30.0), (140.0, 60.0)])  # above the picture: nothing is drawn
    assert canvas.drawing().strokes == () and not canvas.can_redo()
    drag(qtbot, canvas, [(100.0, 150.0), (100.0, 260.0)])  # from the picture down past its edge
    assert len(canvas.drawing().strokes) == 1
    shown = canvas.to_image(picture=False)  # nothing beyond the edge is shown, as nothing there is read
    assert shown.pixelColor(100, 200).lightness() < 80 and shown.pixelColor(100, 213) == paper_colour(canvas)
    ((points, _),) = canvas.picture_strokes()
    assert max(y for _, y in points) > 192  # given as drawn: the reading leaves out what lies beyond the picture


def test_a_stroke_leaving_a_picture_that_fills_the_paper_is_not_slid_along_its_edge(qtbot, canvas):
    canvas.show_image(placed_picture())  # square: the picture's edges are the paper's
    # From the picture out past the paper's edge (the mouse is held: the canvas still follows it), then down.
    drag(qtbot, canvas, [(200.0, 150.0), (300.0, 150.0), (300.0, 250.0)])
    shown = canvas.to_image(picture=False)
    assert shown.pixelColor(270, 150).lightness() < 80  # on the picture up to its edge
    assert shown.pixelColor(278, 200) == paper_colour(canvas) and shown.pixelColor(278, 240) == paper_colour(canvas)
    ((points, width),) = canvas.picture_strokes()
    assert min(x for x, _ in points if _ > 170) > 280 + width / 2  # the way down lies beyond the picture: not read


def test_strokes_over_a_picture_are_given_in_its_pixels_with_their_width(canvas):
    canvas.show_image(placed_picture(size=(560, 280)))  # the working copy is 384 x 192, shown 280 x 140
    canvas.add_stroke([(0.0, 70.0), (140.0, 140.0)], width=7.0)
    ((points, width),) = canvas.picture_strokes()
    scale = 384 / 280
    assert points == ((0.0, 0.0), (140.0 * scale, 70.0 * scale)) and width == 7.0 * scale
    canvas.clear()
    canvas.add_stroke(ONE)
    assert canvas.picture_strokes() == ()  # no picture: the strokes are a drawing of their own


def test_the_stroke_being_drawn_over_a_picture_is_given_in_its_pixels_at_every_move_as_once_finished(qtbot, canvas):
    canvas.show_image(placed_picture(size=(560, 280)))
    canvas.add_stroke([(40.0, 100.0), (40.0, 180.0)])
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps(BAR)]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for step, position in enumerate(path[1:], 1):
        qtbot.mouseMove(canvas, position)
        if step in (1, 5, len(path) - 1):  # asked again as the stroke grows: all of it, every time
            (_, (points, _)) = canvas.picture_strokes()
            assert len(points) == len(canvas.strokes()[-1])
    during = canvas.picture_strokes()
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=path[-1])
    assert canvas.picture_strokes() == during
    canvas.undo()
    assert len(canvas.picture_strokes()) == 1  # the undone stroke is not given any more
    canvas.add_stroke(ONE)
    assert canvas.picture_strokes()[1][0][0] == pytest.approx((140.0 * 384 / 280, (50.0 - 70.0) * 384 / 280))


def test_a_new_picture_replaces_the_picture_and_the_strokes_over_it(canvas):
    canvas.show_image(placed_picture())
    canvas.add_stroke(BAR)
    drawn_over = canvas.drawing()
    canvas.show_image(placed_picture(blot=(40.0, 240.0)))
    assert canvas.drawing().strokes == () and canvas.drawing().image is not drawn_over.image
    canvas.undo()
    assert canvas.drawing() is drawn_over


def test_the_path_of_a_stroke_being_drawn_grows_into_the_same_path_as_drawn_at_once():
    from mnist_draw.ui.ink import GrowingPath, stroke_path

    def elements(path):
        return [(path.elementAt(i).type, path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]

    growing = GrowingPath()
    live = []
    for x, y in steps(SEVEN, 5):
        live.append((x, y, 1.0))
        assert elements(growing.path(live)) == elements(stroke_path(live))
    restarted = [(5.0, 5.0, 1.0), (9.0, 4.0, 1.0), (12.0, 9.0, 1.0), (20.0, 3.0, 1.0)]
    assert elements(growing.path(restarted)) == elements(stroke_path(restarted))  # a new stroke starts over


def on_screen(canvas: DrawingCanvas) -> QImage:
    """What the canvas's window shows now (its backing store), not a fresh paint."""
    QApplication.processEvents()
    QTest.qWait(20)  # the window's update timer
    return canvas.screen().grabWindow(canvas.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_each_pen_move_repaints_all_it_changed(qtbot, canvas):
    # A move repaints only the stroke's new end and the brush outline; the screen must
    # then be exactly what painting the whole canvas gives, at every step, mouse and pen.
    canvas.resize(420, 420)
    canvas.show()
    qtbot.waitExposed(canvas)

    def same_as_a_full_paint(step: int) -> None:
        shown = on_screen(canvas)
        canvas.repaint()
        assert shown == on_screen(canvas), f"stale pixels after move {step}"

    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps(SEVEN, 6)]
    for position in path[:3]:
        qtbot.mouseMove(canvas, position + QPoint(30, 30))  # the outline moves over empty paper
    same_as_a_full_paint(0)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for step, position in enumerate(path[1:], 1):
        QTest.mouseMove(canvas, position)
        if step % 4 == 0:
            same_as_a_full_paint(step)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=path[-1])
    assert len(canvas.strokes()[-1]) > 20
    device = pen_device()
    pen_path = [canvas.map_from_paper(x, y) for x, y in steps(ONE, 12)]
    for step, position in enumerate(pen_path):
        kind = QEvent.Type.TabletPress if step == 0 else QEvent.Type.TabletMove
        pressure = 0.3 + 0.7 * step / len(pen_path)  # the ink widens as the pen presses harder
        event = QTabletEvent(
            kind, device, position, canvas.mapToGlobal(position), pressure, 0, 0, 0, 0, 0,
            Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
        )  # fmt: skip
        QApplication.sendEvent(canvas, event)
        if step % 3 == 2:
            same_as_a_full_paint(step)


# --- zoom: the view of a picture, never what is read -----------------------------------------


def wheel(canvas: DrawingCanvas, at: QPointF, notches: float = 1.0, modifiers=Qt.KeyboardModifier.NoModifier, pixels=QPoint()) -> bool:
    """Turn a mouse's wheel (or, with ``pixels``, move two fingers on a touchpad) over ``at``; whether the canvas took it."""
    event = QWheelEvent(
        at, canvas.mapToGlobal(at), pixels, QPoint(0, round(120 * notches)), Qt.MouseButton.NoButton, modifiers,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    event.setAccepted(False)
    QApplication.sendEvent(canvas, event)
    return event.isAccepted()


def pinch(canvas: DrawingCanvas, at: QPointF, value: float) -> None:
    """A touchpad's pinch over ``at``: ``value`` is how much larger (0.1: a tenth)."""
    device = QPointingDevice.primaryPointingDevice()
    event = QNativeGestureEvent(Qt.NativeGestureType.ZoomNativeGesture, device, 2, at, at, canvas.mapToGlobal(at), value, QPointF(), 1)
    QApplication.sendEvent(canvas, event)


def test_a_drawing_is_never_zoomed_and_the_wheel_is_left_to_the_window(canvas):
    canvas.add_stroke(ONE)
    assert not canvas.can_zoom() and canvas.most_zoom() == 1.0
    assert not wheel(canvas, canvas.map_from_paper(140, 140), modifiers=Qt.KeyboardModifier.ControlModifier)
    canvas.zoom_by(4.0)
    assert canvas.zoom() == 1.0 and canvas.map_from_paper(0, 0) == canvas.viewport_rect().topLeft()


def test_ctrl_wheel_zooms_about_the_pointer_keeping_the_picture_point_under_it(canvas):
    canvas.show_image(placed_picture())
    under = canvas.map_from_picture(100, 120)
    assert wheel(canvas, under, 2, Qt.KeyboardModifier.ControlModifier)
    assert canvas.zoom() == pytest.approx(1.25**2)
    moved = canvas.map_from_picture(100, 120)
    assert (moved.x(), moved.y()) == (pytest.approx(under.x()), pytest.approx(under.y()))
    assert wheel(canvas, under, -1, Qt.KeyboardModifier.ControlModifier)  # back one notch, about the same point
    assert canvas.zoom() == pytest.approx(1.25)
    assert canvas.map_from_picture(100, 120).x() == pytest.approx(under.x())


def test_a_pinch_zooms_about_the_fingers(canvas):
    canvas.show_image(placed_picture())
    fingers = canvas.map_from_picture(200, 60)
    pinch(canvas, fingers, 0.5)
    assert canvas.zoom() == pytest.approx(1.5)
    assert canvas.map_from_picture(200, 60).y() == pytest.approx(fingers.y())


def test_zoom_stays_between_the_whole_picture_and_sixteen_screen_pixels_a_picture_pixel(canvas):
    canvas.show_image(placed_picture())
    canvas.zoom_by(0.5)
    assert canvas.zoom() == 1.0
    canvas.zoom_by(1000.0)
    one_pixel = canvas.map_from_picture(1, 0).x() - canvas.map_from_picture(0, 0).x()
    assert canvas.zoom() == canvas.most_zoom() > 1.0 and one_pixel == pytest.approx(MAX_SCREEN_PIXELS)
    canvas.resize(300, 300)  # smaller: the same part of the picture stays in view
    assert canvas.zoom() < canvas.most_zoom()
    canvas.resize(800, 800)  # larger: no closer than the closest zoom
    assert canvas.zoom() == canvas.most_zoom()
    assert canvas.map_from_picture(1, 0).x() - canvas.map_from_picture(0, 0).x() == pytest.approx(MAX_SCREEN_PIXELS)


def test_strokes_drawn_zoomed_in_land_at_the_picture_pixels_drawn_over(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.zoom_by(6.0, canvas.map_from_picture(140, 150))
    where = [(130.0, 140.0), (150.0, 160.0)]  # picture pixels, here a few screen pixels each
    path = [canvas.map_from_picture(x, y) for x, y in where]
    assert all(canvas.viewport_rect().contains(point) for point in path)
    drag_along(qtbot, canvas, [point.toPoint() for point in path])
    (points, _width), = canvas.picture_strokes()
    pixel = 1 / (canvas.map_from_picture(1, 0).x() - canvas.map_from_picture(0, 0).x())  # a screen pixel, in the picture's
    assert [p[0] for p in points] == [pytest.approx(x, abs=pixel) for x, _ in where]
    assert [p[1] for p in points] == [pytest.approx(y, abs=pixel) for _, y in where]


def test_erasing_zoomed_in_takes_ink_where_the_eraser_is_with_an_eraser_as_large_on_screen(qtbot, canvas):
    canvas.show_image(placed_picture())
    whole = canvas.map_from_picture(DEFAULT_BRUSH, 0).x() - canvas.map_from_picture(0, 0).x()
    canvas.zoom_by(4.0, canvas.map_from_picture(*BLOT))
    path = [canvas.map_from_picture(x, BLOT[1]).toPoint() for x in (BLOT[0] - 4, BLOT[0], BLOT[0] + 4)]
    drag_along(qtbot, canvas, path, Qt.MouseButton.RightButton)
    sweep = canvas.drawing().erasures[-1]
    pixel = 1 / (4 * whole / DEFAULT_BRUSH)  # a screen pixel, in the picture's
    assert [x for x, _ in sweep.points[1:]] == [pytest.approx(BLOT[0] + dx, abs=pixel) for dx in (-4, 0, 4)]
    assert all(y == pytest.approx(BLOT[1], abs=pixel) for _, y in sweep.points)
    assert ink_at(canvas, *BLOT) == 0
    # As large on screen as unzoomed: four times finer on the picture (here a paper unit a pixel),
    # so the blot's edge, which the eraser seen whole would have taken too, is left.
    assert sweep.radius == pytest.approx(DEFAULT_BRUSH * ERASER_SCALE / 4)
    assert ink_at(canvas, BLOT[0], BLOT[1] + 7) > 0


def test_an_eraser_sweep_zoomed_mid_way_keeps_the_size_it_began_with_on_strokes_and_picture_alike(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.add_stroke([(150.0, 150.0), (240.0, 150.0)], width=2.0)  # reached by a sweep 13 units off only at its first size
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=canvas.map_from_paper(40, 250).toPoint())
    qtbot.mouseMove(canvas, canvas.map_from_paper(50, 250).toPoint())
    canvas.zoom_by(2.0, canvas.map_from_paper(150, 163))  # Ctrl+wheel with the button still down
    for x, y in [(150, 163), (195, 163), (240, 163)]:
        qtbot.mouseMove(canvas, canvas.map_from_paper(x, y).toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=canvas.map_from_paper(240, 163).toPoint())
    sweep = canvas.drawing().erasures[-1]
    assert sweep.radius == pytest.approx(DEFAULT_BRUSH * ERASER_SCALE)  # the picture's ink: as wide as the sweep began
    assert [len(stroke.points) for stroke in canvas.drawing().strokes] != [2]  # and the stroke, cut as wide


def test_zoomed_in_the_wheel_pans_and_the_view_stays_on_the_picture(canvas):
    canvas.show_image(placed_picture(size=(560, 280)))  # across the paper's middle
    middle = canvas.viewport_rect().center()
    assert not wheel(canvas, middle, -1)  # seen whole: nothing to pan, the window may scroll
    canvas.zoom_by(4.0)
    before = canvas.visible_picture_region()
    assert wheel(canvas, middle, -1)  # the wheel towards the user shows what is below
    assert canvas.visible_picture_region().top() > before.top()
    assert wheel(canvas, middle, 0, pixels=QPoint(-30, 0))  # two fingers leftwards show what is right
    assert canvas.visible_picture_region().left() > before.left()
    for _ in range(50):
        wheel(canvas, middle, 3)
        wheel(canvas, middle, 0, pixels=QPoint(200, 0))
    assert canvas.visible_picture_region().topLeft() == QPointF(0, 0)  # at the picture's corner, no further


def test_a_middle_button_drag_pans_the_picture_under_the_pointer_and_draws_nothing(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.zoom_by(3.0)
    start = canvas.viewport_rect().center().toPoint()
    held = canvas.picture_strokes(), canvas.drawing()
    under = canvas.visible_picture_region().center()
    qtbot.mousePress(canvas, Qt.MouseButton.MiddleButton, pos=start)
    qtbot.mouseMove(canvas, start + QPoint(40, 25))
    qtbot.mouseRelease(canvas, Qt.MouseButton.MiddleButton, pos=start + QPoint(40, 25))
    now = canvas.map_from_picture(under.x(), under.y())
    assert (now.x(), now.y()) == (pytest.approx(start.x() + 40, abs=0.5), pytest.approx(start.y() + 25, abs=0.5))
    assert (canvas.picture_strokes(), canvas.drawing()) == held


def test_space_held_turns_a_left_drag_into_a_pan(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.zoom_by(3.0)
    canvas.setFocus()
    before = canvas.visible_picture_region()
    start = canvas.viewport_rect().center().toPoint()
    QTest.keyPress(canvas, Qt.Key.Key_Space)
    assert canvas.cursor().shape() == Qt.CursorShape.OpenHandCursor
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, start + QPoint(-30, 0))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(-30, 0))
    QTest.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.visible_picture_region().left() > before.left()
    assert canvas.picture_strokes() == () and canvas.cursor().shape() == Qt.CursorShape.CrossCursor
    drag(qtbot, canvas, [(130, 140), (150, 160)])  # Space let go: the left button draws again
    assert len(canvas.picture_strokes()) == 1


def test_space_held_turns_a_pen_drag_into_a_pan_too(canvas):
    canvas.show_image(placed_picture())
    canvas.zoom_by(3.0)
    canvas.setFocus()
    before = canvas.visible_picture_region()
    QTest.keyPress(canvas, Qt.Key.Key_Space)
    middle = canvas.visible_picture_region().center()
    start = canvas.paper_from_picture(middle.x(), middle.y())
    pen_stroke(canvas, [(start.x(), start.y()), (start.x() - 10, start.y())], 1.0, pen_device())
    QTest.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.visible_picture_region().left() > before.left()  # the picture followed the pen leftwards
    assert canvas.picture_strokes() == ()


def test_zooming_and_panning_change_no_drawing_and_announce_none(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.add_stroke([(100, 100), (150, 150)])
    saved = canvas.to_image(picture=False)
    announced = []
    canvas.strokes_changed.connect(lambda *_: announced.append("strokes"))
    canvas.history_changed.connect(lambda: announced.append("history"))
    drawing, strokes = canvas.drawing(), canvas.picture_strokes()
    canvas.zoom_by(5.0, canvas.map_from_picture(120, 120))
    wheel(canvas, canvas.viewport_rect().center(), -2)
    canvas.pan_by(17, -9)
    assert announced == []
    assert canvas.drawing() is drawing and canvas.picture_strokes() == strokes
    assert canvas.to_image(picture=False) == saved  # Save and Copy give the drawing, never the view


def test_a_new_picture_clear_and_undo_to_another_picture_show_the_picture_whole(canvas):
    first = placed_picture()
    canvas.show_image(first)
    canvas.zoom_by(3.0)
    canvas.add_stroke([(100, 100), (150, 150)])  # an edit keeps the view: it is the same picture
    canvas.erase([BLOT], radius=10)
    assert canvas.zoom() == pytest.approx(3.0)
    canvas.show_image(placed_picture(size=(300, 200)))
    assert canvas.zoom() == 1.0
    canvas.zoom_by(3.0)
    canvas.undo()  # back to the first picture
    assert canvas.drawing().image is first and canvas.zoom() == 1.0
    canvas.zoom_by(3.0)
    canvas.clear()
    assert canvas.zoom() == 1.0 and not canvas.can_zoom()


def test_zoomed_in_the_screen_shows_the_picture_under_its_boxes(qtbot, canvas):
    canvas.show_image(placed_picture())
    canvas.zoom_by(5.0, canvas.map_from_picture(*BLOT))
    canvas.show()
    qtbot.waitExposed(canvas)
    shown = canvas.grab().toImage()
    ink, paper = canvas.map_from_picture(*BLOT).toPoint(), canvas.map_from_picture(BLOT[0] - 20, BLOT[1] - 20).toPoint()
    assert shown.pixelColor(ink).lightness() < 80  # the blot, at the centre of the view
    assert shown.pixelColor(paper).lightness() > 200
    outside = canvas.viewport_rect().adjusted(-3, -3, 3, 3).topLeft().toPoint()  # beside the frame: never the picture
    assert shown.pixelColor(outside) == canvas.palette().color(QPalette.ColorRole.Window)


def test_two_fingers_on_a_touch_screen_zoom_a_picture_and_draw_nothing(canvas):
    canvas.show_image(placed_picture())
    device = QTest.createTouchDevice()
    middle = canvas.map_from_picture(140, 140).toPoint()
    first, second = middle + QPoint(-20, 0), middle + QPoint(20, 0)
    QTest.touchEvent(canvas, device).press(0, first, canvas).commit()
    QTest.touchEvent(canvas, device).move(0, first, canvas).press(1, second, canvas).commit()
    for step in range(1, 6):  # the fingers spread from 40 pixels apart to 140
        spread = QPoint(20 + 10 * step, 0)
        QTest.touchEvent(canvas, device).move(0, middle - spread, canvas).move(1, middle + spread, canvas).commit()
    QTest.touchEvent(canvas, device).release(0, middle - spread, canvas).move(1, middle + spread, canvas).commit()
    QTest.touchEvent(canvas, device).move(1, middle + spread + QPoint(30, 30), canvas).commit()  # one finger left: still no stroke
    QTest.touchEvent(canvas, device).release(1, middle + spread + QPoint(30, 30), canvas).commit()
    assert canvas.zoom() == pytest.approx(3.5)
    assert canvas.map_from_picture(140, 140).x() == pytest.approx(middle.x(), abs=0.5)
    assert canvas.picture_strokes() == ()  # the first finger's start of a stroke went with the pinch
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps([(120.0, 120.0), (125.0, 130.0)])]
    QTest.touchEvent(canvas, device).press(0, path[0], canvas).commit()
    for position in path[1:]:
        QTest.touchEvent(canvas, device).move(0, position, canvas).commit()
    QTest.touchEvent(canvas, device).release(0, path[-1], canvas).commit()
    assert len(canvas.picture_strokes()) == 1  # all fingers lifted: one finger draws again


def test_zoomed_in_on_a_number_written_small_its_close_up_shows_every_sweep_as_it_is_read(qtbot, canvas):
    """The close-up's ink, painted sharper zoomed in, with the eraser's sweeps taken out as the
    reading takes them, all of them: swept by hand, sweep after sweep, it looks as the same
    sweeps made in another order, and as before after undo and redo."""
    from ui_helpers import small_number_page

    from mnist_draw.ui.image_input import ImageRequest, decode

    data, _where = small_number_page()
    decoded = decode(ImageRequest(data, "page.jpg"))
    image = PlacedImage(decoded.picture, "page.jpg", decoded.model_input, decoded.found, decoded.close_up, decoded.number_close_up)
    close_up = image.number_close_up
    left, top, right, bottom = close_up.region_in_picture((0.0, 0.0, close_up.ink.shape[1], close_up.ink.shape[0]))

    def show(on: DrawingCanvas) -> None:
        on.show_image(image)
        on.show_picture_region(left, top, right, bottom)

    show(canvas)
    canvas.set_brush_size(MIN_BRUSH)  # sweeps apart from each other: each takes ink no other does
    rows = [top + (bottom - top) * share for share in (0.3, 0.4, 0.5, 0.6, 0.7)]
    for y in rows:  # across the digits, one undo step each, the screen painted at every move as it is in use
        path = [canvas.map_from_picture(left + (right - left) * step / 24, y).toPoint() for step in range(25)]
        drag_along(qtbot, canvas, path, Qt.MouseButton.RightButton, painted=True)
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))  # no brush outline in the picture
    sweeps = canvas.drawing().erasures
    assert len(sweeps) >= 3  # a row between two strokes of the digits takes nothing, and is no edit
    afresh = DrawingCanvas()
    qtbot.addWidget(afresh)
    afresh.resize(canvas.size())
    afresh.show()
    show(afresh)
    placed = canvas.paper_from_picture(1, 0).x() - canvas.paper_from_picture(0, 0).x()  # paper units a picture pixel
    for sweep in reversed(sweeps):  # the last first: each made on the ink left by others than on screen
        afresh.erase([(canvas.paper_from_picture(x, y).x(), canvas.paper_from_picture(x, y).y()) for x, y in sweep.points], sweep.radius * placed)
        afresh.repaint()
    assert len(afresh.drawing().erasures) == len(sweeps)
    shown = canvas.grab().toImage()
    assert afresh.grab().toImage() == shown
    canvas.undo()
    canvas.redo()
    assert canvas.grab().toImage() == shown


def press_key(canvas: DrawingCanvas, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> bool:
    """Press ``key`` on the canvas; whether it took it (one it leaves goes on to the window)."""
    event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
    event.setAccepted(False)
    QApplication.sendEvent(canvas, event)
    return event.isAccepted()


def test_zoomed_in_the_arrow_keys_pan_the_picture_as_in_an_image_viewer(canvas):
    canvas.show_image(placed_picture())
    assert not press_key(canvas, Qt.Key.Key_Right), "seen whole there is nothing to pan: the key is the window's"
    canvas.zoom_by(4.0)
    held = canvas.drawing()
    before = canvas.visible_picture_region()
    assert press_key(canvas, Qt.Key.Key_Right) and press_key(canvas, Qt.Key.Key_Down)
    after = canvas.visible_picture_region()
    assert after.left() > before.left() and after.top() > before.top()  # more of the right and of the bottom shown
    assert after.size() == before.size() and canvas.zoom() == pytest.approx(4.0)
    assert press_key(canvas, Qt.Key.Key_Left) and press_key(canvas, Qt.Key.Key_Up)
    back = canvas.visible_picture_region()
    assert (back.left(), back.top()) == (pytest.approx(before.left()), pytest.approx(before.top()))
    for _ in range(40):  # held down: it stops at the picture's edge
        press_key(canvas, Qt.Key.Key_Left)
    assert canvas.visible_picture_region().left() == pytest.approx(0.0, abs=1e-6)
    assert not press_key(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier), "a chord is left to the window"
    assert canvas.drawing() is held, "panning never edits"


def test_over_a_drawing_the_arrow_keys_are_left_to_the_window(canvas):
    canvas.add_stroke(ONE)
    assert not press_key(canvas, Qt.Key.Key_Left)


def decoded_picture(data: bytes, name: str) -> PlacedImage:
    """A picture file decoded as the window decodes it, with its close-ups."""
    from mnist_draw.ui.image_input import ImageRequest, decode

    decoded = decode(ImageRequest(data, name))
    return PlacedImage(decoded.picture, name, decoded.model_input, decoded.found, decoded.close_up, decoded.number_close_up)


def test_over_writing_read_closer_the_pen_is_as_wide_as_the_writing_not_four_times(qtbot, canvas):
    from ui_helpers import small_number_page

    data, (left, top, right, bottom) = small_number_page("2407")  # a 6-pixel ballpoint on a 3200-pixel page
    image = decoded_picture(data, "page.jpg")
    assert image.number_close_up is not None
    canvas.show_image(image)
    scale = image.picture.width() / 3200
    canvas.show_picture_region(left * scale, top * scale, right * scale, bottom * scale)
    writing = 6 * PAPER_SIDE / 3200  # the ballpoint's width in paper units: 0.53
    assert canvas.pen_width() == pytest.approx(writing, rel=0.25)  # was 2 paper units, the floor
    under = canvas.paper_from_picture(right * scale, bottom * scale)  # a stroke under the number's end
    drag(qtbot, canvas, [(under.x() - 2.0, under.y() + 0.5), (under.x(), under.y() + 0.5)])
    assert canvas.drawing().strokes[-1].width == canvas.pen_width()


def test_zoomed_in_the_thinnest_picture_pen_gives_way_to_the_writings_own_width(canvas):
    import io

    from PIL import Image, ImageDraw

    page = Image.new("RGB", (2400, 2400), (230, 228, 224))
    ImageDraw.Draw(page).line([(500, 400), (1900, 400), (1000, 2100)], fill=(20, 20, 40), width=5)  # a 7 in fine pen
    stream = io.BytesIO()
    page.save(stream, "PNG")
    image = decoded_picture(stream.getvalue(), "fine.png")
    own = image.found.pen_width * PAPER_SIDE / image.picture.width()
    assert own < 2.0 and image.close_up is None
    canvas.show_image(image)
    assert canvas.pen_width() == 2.0, "seen whole, a line one can see"
    canvas.zoom_by(8.0)
    assert canvas.pen_width() == pytest.approx(max(own, 2.0 / canvas.zoom()))
    assert canvas.pen_width() * canvas.zoom() >= 2.0, "never thinner on screen than the floor seen whole"


def test_a_sharper_copy_is_painted_in_place_of_the_working_copy_for_the_newest_pictures_only(canvas):
    from mnist_draw.ui.canvas import SHARPER_BYTES_KEPT

    pictures = [placed_picture() for _ in range(4)]
    copies = []
    for picture in pictures:
        # Each a third of the memory kept for such copies: the three newest fit.
        side = int((SHARPER_BYTES_KEPT / 3 / 4) ** 0.5)
        copy = QImage(side, side, QImage.Format.Format_RGBA8888)
        copy.fill(QColor("#c03020"))
        copies.append(copy)
        canvas.show_image(picture)
        canvas.keep_sharper(picture, copy)
    assert all(canvas.shown_picture(picture) is copy for picture, copy in zip(pictures[1:], copies[1:]))
    assert canvas.shown_picture(pictures[0]) is pictures[0].picture, "the oldest's let go: a few screen-sized copies at most"
    canvas.zoom_by(4.0)
    seen = canvas.grab().toImage()
    # The picture's middle (no ink there: the 7's stroke passes 20 pixels right of it) is painted faded
    # from the copy: reddish, not the working copy's grey paper.
    colour = seen.pixelColor(canvas.map_from_picture(140, 140).toPoint())
    assert colour.red() > colour.green() + 20, colour.name()


def ring_shown(canvas) -> bool:
    """Whether the focus ring's colour lies round the paper's frame, where the ring goes."""
    from mnist_draw.ui.canvas import FOCUS_RING, FOCUS_RING_GAP

    shot = canvas.grab().toImage()
    viewport = canvas.viewport_rect().toRect()
    ring = canvas.palette().color(QPalette.ColorRole.Highlight).rgb()
    x = viewport.center().x()
    return shot.pixel(x, viewport.top() - FOCUS_RING_GAP - FOCUS_RING) == ring


def focused(qtbot, canvas, reason: Qt.FocusReason) -> None:
    """Give the canvas, in an active window, the keyboard focus as ``reason`` would."""
    canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    canvas.activateWindow()
    qtbot.waitUntil(lambda: canvas.isActiveWindow())
    canvas.clearFocus()
    canvas.setFocus(reason)
    qtbot.waitUntil(canvas.hasFocus)


def test_the_keyboard_brought_to_the_canvas_shows_a_ring_round_it_that_a_mouse_press_takes_away(qtbot, canvas):
    focused(qtbot, canvas, Qt.FocusReason.MouseFocusReason)
    assert not canvas.shows_focus() and not ring_shown(canvas), "focus from the mouse: no ring"
    canvas.clearFocus()
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(canvas.hasFocus)
    assert canvas.shows_focus() and ring_shown(canvas)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=canvas.map_from_paper(140, 140).toPoint())
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=canvas.map_from_paper(140, 140).toPoint())
    assert canvas.hasFocus() and not canvas.shows_focus() and not ring_shown(canvas), "drawing with the mouse: no ring"
    QTest.keyClick(canvas, Qt.Key.Key_Space)
    assert canvas.shows_focus(), "the keyboard used on it: the ring again"


def test_ctrl_held_for_a_zoom_with_the_wheel_brings_no_focus_ring(qtbot, canvas):
    focused(qtbot, canvas, Qt.FocusReason.MouseFocusReason)
    QTest.keyPress(canvas, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
    QTest.keyRelease(canvas, Qt.Key.Key_Control)
    assert not canvas.shows_focus() and not ring_shown(canvas), "a modifier alone is no keyboard use"
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.shows_focus(), "an arrow key is"


def test_the_focus_ring_is_back_once_a_menu_opened_from_the_canvas_closes(qtbot, canvas):
    from PySide6.QtWidgets import QMenu

    focused(qtbot, canvas, Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(canvas.shows_focus)
    menu = QMenu(canvas)
    menu.addAction("One")
    menu.popup(canvas.mapToGlobal(QPoint(10, 10)))
    qtbot.waitExposed(menu)
    QTest.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())
    qtbot.waitUntil(canvas.hasFocus)
    assert canvas.shows_focus() and ring_shown(canvas)


def test_the_focus_ring_is_never_in_the_drawing_saved_or_copied(qtbot, canvas):
    canvas.add_stroke(SEVEN)
    unfocused = canvas.to_image(280)
    canvas.activateWindow()
    qtbot.waitUntil(lambda: canvas.isActiveWindow())
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(canvas.shows_focus)
    assert canvas.to_image(280) == unfocused


def zoomed_on_a_mark_beside_a_small_number(canvas, transparent: bool = False):
    """A page with a number written small and an upright line well to its right, opened and
    zoomed in on the line past SHAPE_INK_FROM; the decoded picture, the line's x in the working
    copy's pixels, and a function giving the ink's strength (0 paper, 1 ink) along a row
    across the line's middle, on screen. ``transparent``: the page as a paint program may save
    it, black throughout, the writing in its alpha alone (the paper see-through)."""
    import io

    import numpy as np
    from PIL import Image, ImageDraw
    from ui_helpers import small_number_page

    from mnist_draw.ui.canvas import SHAPE_INK_FROM
    from mnist_draw.ui.image_input import ImageRequest, decode

    data, (left, top, right, bottom) = small_number_page()
    page = Image.open(io.BytesIO(data)).convert("RGB")
    mark = (right + 330, top - 20, right + 330, bottom + 20)
    ImageDraw.Draw(page).line(mark, fill=(30, 40, 110), width=6)
    if transparent:
        darkness = np.clip((200 - np.asarray(page.convert("L"), dtype=np.float32)) * 3, 0, 255).astype(np.uint8)
        page = Image.merge("RGBA", (*Image.new("RGB", page.size, 0).split(), Image.fromarray(darkness)))
    stream = io.BytesIO()
    page.save(stream, "PNG")
    decoded = decode(ImageRequest(stream.getvalue(), "page.png", screen_side=1920))
    image = PlacedImage(decoded.picture, "page.png", decoded.model_input, decoded.found, decoded.close_up, decoded.number_close_up)
    assert image.number_close_up is not None
    down = decoded.picture.width() / page.width
    x, middle_y = mark[0] * down, (mark[1] + mark[3]) / 2 * down

    def painted_across(canvas) -> list[float]:
        shot = canvas.grab().toImage()
        middle = canvas.map_from_picture(x, middle_y)
        paper, ink = paper_colour(canvas).lightnessF(), canvas.palette().color(QPalette.ColorRole.Text).lightnessF()
        row = [shot.pixelColor(round(middle.x()) + dx, round(middle.y())).lightnessF() for dx in range(-40, 41)]
        return [(paper - value) / (paper - ink) for value in row]

    canvas.resize(700, 700)
    canvas.show_image(image)
    canvas.show_picture_region(x - 10, middle_y - 10, x + 10, middle_y + 10)
    assert canvas.paper_rect().width() / PAPER_SIDE * (PAPER_SIDE / image.picture.width()) >= SHAPE_INK_FROM
    return image, decoded, x, painted_across


@pytest.mark.parametrize("transparent", [False, True], ids=["on paper", "ink in the alpha of a see-through page"])
def test_zoomed_in_on_a_number_written_small_a_mark_beside_it_is_as_sharp_as_the_number(qtbot, canvas, transparent):
    """The number's region is painted from its close-up; a mark left beside it was painted from
    the working copy, a blur four to eight times softer. Shaped by the screen-sized copy, its
    edges are as sharp as the picture's: few pixels across it are neither ink nor paper. A
    see-through page's black writing is in its alpha alone: read as seen, on white (as grey
    without its alpha, all of it was black, and the mark faded to a third of its strength)."""
    from mnist_draw.ui.image_input import sharper_copy

    image, decoded, _, painted_across = zoomed_on_a_mark_beside_a_small_number(canvas, transparent)
    soft = painted_across(canvas)
    canvas.keep_sharper(image, sharper_copy(decoded))
    sharp = painted_across(canvas)
    between = lambda row: sum(1 for value in row if 0.15 < value < 0.85)  # noqa: E731
    assert max(sharp) > 0.85, "the mark still shown, as strong"
    assert between(sharp) * 2 <= between(soft), (between(soft), between(sharp))


def test_after_an_eraser_sweep_a_mark_beside_a_close_up_is_sharp_again(qtbot, canvas):
    """While a sweep goes on the ink is painted as found (it changes at every move); once it
    ends, the mark is shaped again, not left as the sweep's last move painted it."""
    from mnist_draw.ui.image_input import sharper_copy

    image, decoded, x, painted_across = zoomed_on_a_mark_beside_a_small_number(canvas)
    canvas.keep_sharper(image, sharper_copy(decoded))
    between = lambda row: sum(1 for value in row if 0.15 < value < 0.85)  # noqa: E731
    sharp = between(painted_across(canvas))
    # Across the mark's top, well above the row looked at (the eraser is 44 pixels round).
    across = round(canvas.map_from_picture(x, 0).x())
    y = round(canvas.viewport_rect().center().y()) - 150
    path = [QPoint(across - 60 + 10 * step, y) for step in range(13)]
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
    during = between(painted_across(canvas))
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=path[-1])
    assert len(canvas.drawing().erasures) == 1, "the sweep took some of the mark away"
    assert during > 2 * sharp, "while sweeping: as found"
    assert between(painted_across(canvas)) == sharp, "the sweep over: sharp again"


def plain_picture(size: tuple[int, int], colour="white") -> PlacedImage:
    """A picture of ``size`` all of one colour, decoded as the window decodes a file."""
    import io

    from PIL import Image

    from mnist_draw.ui.image_input import ImageRequest, decode

    stream = io.BytesIO()
    Image.new("RGB", size, colour).save(stream, "PNG")
    decoded = decode(ImageRequest(stream.getvalue(), "strip.png"))
    return PlacedImage(decoded.picture, "strip.png", decoded.model_input, decoded.found)


def test_a_strip_3000_by_3_pixels_is_framed_at_a_size_one_can_see_and_the_paper_beside_it_is_tinted(canvas):
    """It was a white line under a pixel thick on white paper: nowhere to be seen."""
    from mnist_draw.ui.canvas import PICTURE_LEAST

    canvas.show_image(plain_picture((3000, 3)))
    shot = canvas.grab().toImage()
    ratio = shot.devicePixelRatio()
    middle = canvas.map_from_paper(PAPER_SIDE / 2, PAPER_SIDE / 2)
    paper = paper_colour(canvas)

    def at(x: float, y: float) -> QColor:
        return shot.pixelColor(round(x * ratio), round(y * ratio))

    frame = canvas.palette().color(canvas.palette().ColorRole.Mid)
    x, y = middle.x(), middle.y()
    column = [at(x, y + dy).name() for dy in range(-int(PICTURE_LEAST), int(PICTURE_LEAST) + 1)]
    assert column.count(frame.name()) >= 2, "a frame above and below the strip"
    rows = [dy for dy in range(-int(PICTURE_LEAST), int(PICTURE_LEAST) + 1) if at(x, y + dy).name() == frame.name()]
    assert max(rows) - min(rows) >= PICTURE_LEAST - 1, "never thinner than PICTURE_LEAST"
    beside = at(x, canvas.map_from_paper(0, 40).y())
    assert beside != paper and abs(beside.lightness() - paper.lightness()) >= 15, "the paper beside the strip is tinted"


def test_a_picture_that_fills_the_paper_shows_no_tint_and_the_tint_is_never_saved(canvas):
    canvas.show_image(plain_picture((280, 280), (226, 222, 214)))
    shot = canvas.grab().toImage()
    ratio = shot.devicePixelRatio()
    inside = canvas.map_from_paper(20, 20)
    assert shot.pixelColor(round(inside.x() * ratio), round(inside.y() * ratio)).lightness() > 200
    canvas.show_image(plain_picture((560, 140)))  # four times as wide as tall: paper above and below it
    saved = canvas.to_image()
    assert saved.pixelColor(140, 10) == paper_colour(canvas), "Save and Copy give the paper, untinted"


def test_a_black_strip_thinner_than_a_pixel_on_screen_is_drawn_two_pixels_thick_inside_its_frame(canvas):
    """A 3000 x 3 black strip is 0.4 of a pixel at this size: smoothed, it was one grey row, a third line of its frame."""
    for size in ((3000, 3), (3, 3000)):
        canvas.show_image(plain_picture(size, "black"))
        shot = canvas.grab().toImage()
        ratio = shot.devicePixelRatio()
        middle = canvas.map_from_paper(PAPER_SIDE / 2, PAPER_SIDE / 2)
        wide = size[0] > size[1]
        across = [
            shot.pixelColor(round((middle.x() + (0 if wide else d)) * ratio), round((middle.y() + (d if wide else 0)) * ratio))
            for d in range(-8, 9)
        ]
        dark = [colour for colour in across if colour.lightness() < 60]
        assert len(dark) >= 2 * ratio, f"{size}: the strip itself is seen, not only its frame"


# --- a picture the ink drawn over it would not show on -------------------------------------------


def dark_palette(canvas: DrawingCanvas) -> None:
    palette = canvas.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    palette.setColor(QPalette.ColorRole.Text, QColor(235, 235, 235))
    palette.setColor(QPalette.ColorRole.Mid, QColor(45, 45, 45))  # a dark theme's frame: near the paper's colour
    canvas.setPalette(palette)


@pytest.mark.parametrize(("colour", "size", "dark"), [("black", (1, 1), False), ("black", (200, 200), False), ("white", (1, 1), True)])
def test_a_picture_as_light_or_dark_as_the_ink_is_faded_so_strokes_drawn_over_it_show(canvas, colour, size, dark):
    """A 1x1 black picture filled the paper black, and the black digit the panel asked for was drawn unseen on it."""
    if dark:
        dark_palette(canvas)
    canvas.show_image(plain_picture(size, colour))
    canvas.add_stroke(ONE)
    shown = canvas.to_image()
    ink, beside = shown.pixelColor(140, 140), shown.pixelColor(40, 140)
    assert abs(ink.lightnessF() - beside.lightnessF()) > 0.25, "the stroke stands out from the picture under it"


def test_a_picture_unlike_the_ink_is_shown_as_it_is_under_strokes(canvas):
    """A faint digit no ink was found in is easiest to trace over at full strength."""
    canvas.show_image(plain_picture((200, 200), "white"))
    canvas.add_stroke(ONE)
    assert canvas.to_image().pixelColor(40, 140) == QColor("white")


def test_in_a_dark_theme_the_paper_beside_a_picture_is_tinted_enough_to_see(qtbot, canvas):
    dark_palette(canvas)
    canvas.show_image(placed_picture(size=(560, 280)))  # across the paper's middle: paper above and below it
    canvas.repaint()
    shown = canvas.grab().toImage()
    viewport = canvas.viewport_rect()
    beside = shown.pixelColor(round(viewport.center().x()), round(viewport.top() + 10))
    assert beside.lightnessF() - QColor(30, 30, 30).lightnessF() >= 0.1
