"""Generated non-digits: letters, symbols, scribbles, shapes and crossed-out marks."""

import numpy as np

from mnist_draw import non_digits, preprocess


def test_generation_is_seeded():
    first = non_digits.non_digit_images(30, seed=4)
    again = non_digits.non_digit_images(30, seed=4)
    assert np.array_equal(first, again) and first.shape == (30, 28, 28)


def test_nothing_generated_is_shaped_like_a_one():
    for strokes in non_digits.generate(300, seed=1):
        points = np.concatenate(strokes)
        width, height = np.ptp(points, axis=0)
        assert height <= 2.2 * max(width, 1e-9)


def test_letters_that_look_like_digits_are_left_out():
    latin = {character for font, character in non_digits._LETTER_CHOICES if font in ("futural", "scripts", "cursive", "rowmans")}
    assert not latin & set("OolISZbg")
    assert {"A", "k", "M"} <= latin
    # On the Cyrillic font's keys: Be (B, a 6), Che (J, a 4), O, Ve (V, an 8), Ze (Z, a 3).
    cyrillic = {character for font, character in non_digits._LETTER_CHOICES if font == "cyrillic"}
    assert not cyrillic & set("BbJjOoVvZz")
    assert {"H", "F", "Q"} <= cyrillic  # Zhe, Ef, Sha


def test_every_kind_renders_through_the_stroke_path():
    rng = np.random.default_rng(0)
    for maker in (non_digits.letter, non_digits.symbol, non_digits.scribble, non_digits.zigzag, non_digits.shape, non_digits.crossed_out):
        prepared = preprocess.strokes_to_input(maker(rng))
        assert prepared.pixels is not None
