"""The occlusion heat map, on the real bundled model and real drawings."""

from __future__ import annotations

import numpy as np

from mnist_draw.explain import explain, field_rect, lies_as_read, stroke_ink_box
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.strokes_file import load_labelled

ONE = [[(140.0, 50.0), (140.0, 230.0)]]  # a plain vertical bar on the 280-unit canvas


def test_the_heat_map_of_a_drawn_one_is_positive_on_its_stroke(classifier):
    pixels = strokes_to_input(ONE).pixels
    result = explain(classifier, pixels)
    assert result.top == 1 and result.runner_up != 1
    assert result.heat.shape == (28, 28) and result.heat.dtype == np.float32
    on_ink = result.heat[pixels > 0.5]
    assert on_ink.mean() > 0 and (on_ink > 0).mean() > 0.9
    assert result.margin > 0


def test_ink_that_points_to_the_runner_up_is_negative(classifier, mnist):
    # MNIST test digit 8 is a 5 whose lower loop is nearly closed: the map must
    # hold both signs, the closing ink pointing to the runner-up.
    pixels = mnist.test.images[8].astype(np.float32) / 255
    result = explain(classifier, pixels)
    assert result.top == 5
    assert result.heat.max() > 0 and result.heat.min() < 0
    scaled = result.scaled()
    assert np.isclose(np.abs(scaled).max(), 1.0) and scaled.min() < -0.3


def test_only_inked_patches_are_read_and_empty_ones_weigh_nothing(classifier):
    pixels = strokes_to_input(ONE).pixels
    result = explain(classifier, pixels)
    assert 5 < result.patches < 60
    assert np.all(result.heat[:, :3] == 0) and np.all(result.heat[:, -3:] == 0)  # far from the bar


def test_the_field_maps_the_heat_back_onto_the_strokes(classifier):
    strokes = [[(100.0, 60.0), (100.0, 200.0)], [(60.0, 200.0), (140.0, 200.0)]]  # an upside-down T
    pixels = strokes_to_input(strokes).pixels
    box = stroke_ink_box(strokes)
    assert box is not None
    left, top, width, height = field_rect(pixels, box)
    assert width == height and 140 / 20 * 28 < width < 1.3 * 140 / 20 * 28
    # The brightest model pixel of the vertical stroke lands on x = 100 in the drawing.
    column = int(np.argmax(pixels[8]))
    x = left + (column + 0.5) * width / 28
    assert abs(x - 100) < width / 28
    row = int(np.argmax(pixels[:, 4:12].sum(axis=1)))  # the horizontal stroke's row
    y = top + (row + 0.5) * height / 28
    assert abs(y - 200) < 1.5 * height / 28


def test_a_tap_beside_the_digit_moves_no_heat_off_the_digit(pendigits_train_file):
    seven = next(d.strokes for d in load_labelled(pendigits_train_file) if d.label == 7 and len(d.strokes) == 1)
    points = np.asarray(seven[0], dtype=float)
    low, high = points.min(axis=0), points.max(axis=0)
    tap = [(float(high[0] + (high - low).max()), float(low[1]))]  # a digit's size to its right
    tapped = [tap] + seven
    assert np.array_equal(strokes_to_input(tapped).pixels, strokes_to_input(seven).pixels)
    assert stroke_ink_box(tapped) == stroke_ink_box(seven)


def test_a_far_leaning_drawing_is_measured_as_the_model_reads_it_set_up():
    # A narrow 0 leaning 1.0 is wider than it is tall as drawn; set up, as the model reads
    # it, it is taller: the field's scale is that of its height.
    angles = np.linspace(0, 2 * np.pi, 40)
    upright_zero = np.column_stack([50 + 12 * np.cos(angles), 50 + 50 * np.sin(angles)])
    leaning = [np.column_stack([upright_zero[:, 0] - 1.0 * (upright_zero[:, 1] - 50), upright_zero[:, 1]])]
    left, top, right, bottom = stroke_ink_box(leaning)
    assert right - left < bottom - top
    points = leaning[0]
    assert np.ptp(points[:, 0]) > np.ptp(points[:, 1])
    width = field_rect(strokes_to_input(leaning).pixels, (left, top, right, bottom))[2]
    assert width < 1.3 * (bottom - top) / 20 * 28


def test_a_far_leaning_drawing_is_not_read_where_it_lies_and_an_upright_one_is():
    angles = np.linspace(0, 2 * np.pi, 40)
    zero = np.column_stack([50 + 12 * np.cos(angles), 50 + 50 * np.sin(angles)])
    assert lies_as_read([zero]) and lies_as_read(ONE)
    assert lies_as_read([[(80, 60), (200, 60), (190, 90), (150, 170), (120, 230)]])  # a 7, its diagonal a little past
    assert not lies_as_read([np.column_stack([zero[:, 0] - 1.0 * (zero[:, 1] - 50), zero[:, 1]])])


def test_nothing_drawn_has_no_ink_box():
    assert stroke_ink_box([]) is None
    assert field_rect(np.zeros((28, 28)), (0, 0, 10, 10)) is None
