"""How far writing leans, and writing leaning past training's slants set up again."""

from __future__ import annotations

import numpy as np

from mnist_draw.preprocess import clean_strokes, fit_to_mnist, render_strokes, strokes_to_input
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.stroke_slant import UPRIGHT_LEAN, lean, set_up_shear, upright
from mnist_draw.writing_styles import shear


def oval(points: int = 40, across: float = 15.0) -> np.ndarray:
    angles = np.linspace(0, 2 * np.pi, points)
    return np.column_stack([50 + across * np.cos(angles), 50 + 50 * np.sin(angles)])


def test_the_lean_grows_with_the_shear_given_either_way():
    assert abs(lean([oval()])) < 0.02
    leans = [lean(shear([oval()], amount)) for amount in (-0.8, -0.5, 0.3, 0.8)]
    assert leans == sorted(leans) and leans[1] < 0 < leans[2]
    # A narrow 0's sides lean as the hand did; a round one's steep steps lean less.
    assert abs(leans[3] - 0.8) < 0.15
    assert 0 < lean(shear([oval(across=30.0)], 0.8)) < leans[3]


def test_flat_steps_a_bar_or_a_base_say_nothing_of_the_lean():
    stem = np.array([[50.0, 0.0], [50.0, 100.0]])
    bar = np.array([[0.0, 0.0], [100.0, 20.0]])
    assert lean([stem, bar]) == 0.0
    assert lean([bar]) == 0.0


def test_writing_leaning_within_training_slants_is_drawn_as_given():
    for digit in (0, 1, 2, 3):
        strokes = shear(clean_strokes(SAMPLE_STROKES[digit]), 0.2)
        assert all(np.array_equal(a, b) for a, b in zip(upright(strokes), strokes))


def test_writing_leaning_further_is_set_back_to_lean_as_far_as_training_slants():
    strokes = shear([oval()], 0.85)
    set_up = upright(strokes)
    # Not set straight: what the hand leans within training's slants stays.
    assert UPRIGHT_LEAN - 0.02 <= lean(set_up) < lean(strokes) - 0.2
    # Sheared about its middle height: the same heights, the same middle.
    assert np.allclose(set_up[0][:, 1], strokes[0][:, 1])
    assert np.isclose(set_up[0][:, 0].mean(), strokes[0][:, 0].mean(), atol=1.0)
    leaning_left = shear([oval()], -0.85)
    assert lean(leaning_left) + 0.2 < lean(upright(leaning_left)) <= -UPRIGHT_LEAN + 0.02


def test_a_lone_gently_bent_line_is_left_leaning_however_far():
    t = np.linspace(0, 1, 30)[:, None]
    line = np.hstack([60 * t + 5 * np.sin(np.pi * t), -100 * t])  # up and to the right, 0.6 a unit up
    assert lean([line]) > UPRIGHT_LEAN
    assert np.array_equal(upright([line])[0], line)


def test_a_very_slanted_digit_drawn_in_one_stroke_back_and_forth_is_set_up():
    # A 4 leant so far that its strokes lie near one line: down, back up along it, down again.
    four = shear([np.array([[40.0, 0.0], [10.0, 60.0], [80.0, 60.0], [60.0, 0.0], [60.0, 100.0]])], 0.9)
    assert lean(upright(four)) < lean(four) - 0.2


def test_the_model_reads_a_far_leaning_drawing_set_up_and_one_leaning_as_written_as_drawn():
    def drawn_as_given(strokes):
        points = np.concatenate(strokes)
        low = points.min(axis=0)
        return fit_to_mnist(render_strokes(strokes, low, float((points.max(axis=0) - low).max())))

    far = shear(clean_strokes(SAMPLE_STROKES[0]), 0.9)
    assert np.array_equal(strokes_to_input(far).pixels, drawn_as_given(upright(far)))
    assert not np.array_equal(strokes_to_input(far).pixels, drawn_as_given(far))
    near = shear(clean_strokes(SAMPLE_STROKES[0]), 0.2)
    assert np.array_equal(strokes_to_input(near).pixels, drawn_as_given(near))


def test_the_shear_set_up_is_what_upright_takes_out_and_none_for_writing_left_as_drawn():
    assert set_up_shear([oval()]) == 0.0 and set_up_shear([]) == 0.0
    assert set_up_shear([np.array([[0.0, 100.0], [60.0, 0.0]])]) == 0.0  # a lone line, however it leans
    for amount in (-0.8, 0.8):
        strokes = shear([oval()], amount)
        taken = set_up_shear(strokes)
        assert np.sign(taken) == np.sign(amount) and abs(lean(strokes) - taken - np.sign(amount) * UPRIGHT_LEAN) < 1e-9
        assert abs(lean(upright(strokes)) - np.sign(amount) * UPRIGHT_LEAN) < 0.1  # the steep steps change as it is set up
