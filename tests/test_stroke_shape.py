"""What the strokes alone say: a dot above the rest (an i, a j), a bar on a stem (a T), a
tail across a ring (a Q) and a bowl on a straight stem (a B, a b, a P) are a letter's,
never a digit's."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_draw import preprocess
from mnist_draw.preprocess import clean_strokes
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw import writing_styles
from mnist_draw.stroke_shape import (
    BAR_ACROSS_A_STEM,
    BAR_BETWEEN_LEGS,
    BAR_INTO_AN_ARC,
    BAR_ON_A_STEM,
    BOWL_ON_A_STEM,
    DIAGONAL_BETWEEN_BARS,
    DOT_ABOVE,
    SHARP_CORNERS_ALL_ROUND,
    TAIL_ACROSS_A_RING,
    has_a_bar_across_a_stem,
    has_a_bar_between_legs,
    has_a_bar_into_an_arc,
    has_a_bar_on_a_stem,
    has_a_bowl_on_a_stem,
    has_a_diagonal_between_bars,
    has_a_dot_above,
    has_a_tail_across_a_ring,
    has_sharp_corners_all_round,
    letter_shape,
)
from mnist_draw.strokes_file import load_labelled

STEM = [(50.0, 40.0), (50.0, 100.0)]
DOT = [(50.0, 15.0), (51.0, 16.0)]
HOOK = [(60.0, 40.0), (60.0, 110.0), (50.0, 125.0), (35.0, 118.0)]


def shape(*strokes) -> bool:
    return has_a_dot_above(clean_strokes(strokes))


def test_an_i_and_a_j_have_a_dot_above_them():
    assert shape(STEM, DOT)
    assert shape(DOT, STEM)  # dotted first
    assert shape(HOOK, [(61.0, 18.0), (62.0, 19.0)])
    assert shape(HOOK, [(59.0, 15.0), (64.0, 17.0)])  # a dash for a dot


def test_a_letter_with_two_dots_over_it_has_a_dot_above():
    u_umlaut = [(30.0, 40.0), (32.0, 90.0), (50.0, 100.0), (68.0, 90.0), (70.0, 40.0)]
    assert shape(u_umlaut, [(38.0, 20.0), (39.0, 21.0)], [(62.0, 20.0), (63.0, 21.0)])


def test_a_tap_beside_below_or_inside_a_digit_or_touching_it_is_no_dot_above():
    assert not shape(STEM, [(90.0, 15.0), (91.0, 16.0)])  # far to the side
    assert not shape(STEM, [(50.0, 120.0), (51.0, 121.0)])  # below: an exclamation mark is no digit, but no letter either
    zero = [(50.0 + 20 * np.cos(t), 70.0 + 30 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]
    assert not shape(zero, [(50.0, 70.0), (51.0, 71.0)])  # a dotted zero
    assert not shape(STEM, [(45.0, 38.0), (52.0, 36.0)])  # a serif at the stem's top


def test_a_five_drawn_with_its_flag_apart_has_no_dot_above():
    body = [(40.0, 40.0), (38.0, 70.0), (60.0, 68.0), (65.0, 90.0), (45.0, 105.0), (35.0, 98.0)]
    assert not shape(body, [(41.0, 38.0), (66.0, 37.0)])


def test_one_stroke_or_dots_alone_have_no_dot_above():
    assert not shape(STEM)
    assert not shape(DOT, [(50.0, 40.0), (51.0, 41.0)])
    assert not shape([(0.0, 0.0), (0.0, 0.0)], [(0.0, 0.0)])


def test_no_pen_drawn_digit_has_a_dot_above(pendigits_train_file):
    drawings = load_labelled(pendigits_train_file)
    assert not [d.label for d in drawings if has_a_dot_above(clean_strokes(d.strokes))]
    assert not [digit for digit, strokes in SAMPLE_STROKES.items() if has_a_dot_above(clean_strokes(strokes))]


def test_a_digit_whose_top_was_broken_into_pieces_by_pen_lifts_has_no_dot():
    # The pieces touch each other: none lies apart as an i's dot does (a 0 whose
    # top arc came in six pieces was turned away; 2.5% of pendigits-test's digits
    # with three pen lifts at random, none now).
    angles = np.linspace(0, 2 * np.pi, 49)
    ring = np.stack([50 + 30 * np.cos(angles), 50 + 50 * np.sin(angles)], axis=1)  # y down: the top is at angles past pi
    bottom, top = ring[:25], ring[24:]
    pieces = [top[start : start + 5] for start in range(0, 24, 4)]
    strokes = [bottom, *pieces]
    assert not has_a_dot_above([np.asarray(s, float) for s in strokes])
    # An umlaut's two dots lie apart from each other, and are still dots above.
    u = [np.array([[30.0, 40.0], [30.0, 100.0], [70.0, 100.0], [70.0, 40.0]]), np.array([[38.0, 15.0]]), np.array([[62.0, 15.0]])]
    assert has_a_dot_above(u)


def test_the_top_of_a_six_cut_off_by_a_pen_lift_that_lost_a_step_is_no_dot():
    # pendigits' tablet samples every 100 ms: where the pen lifts and comes down again,
    # the step between is lost, and the 6's top lies apart above the rest, as small as a
    # dot; but the rest goes on from it, in line and one step on, as no i's stem from its dot.
    top = [(62.0, 0.0), (58.0, 4.0), (54.0, 9.0)]
    rest = [(50.0, 20.0), (44.0, 30.0), (40.0, 50.0), (40.0, 70.0), (48.0, 85.0), (60.0, 82.0), (62.0, 68.0), (52.0, 60.0), (41.0, 66.0)]
    assert not shape(top, rest)
    assert not shape(rest[::-1], top[::-1])  # drawn from its foot up: the top goes on from the rest
    # An i dotted first with a dash that points down at its stem, far off for the dash's length, keeps its dot.
    assert shape([(50.0, 14.0), (50.5, 17.0)], STEM)
    assert shape(DOT, STEM)


def test_an_i_whose_dot_was_tapped_twice_or_gone_over_has_a_dot_above():
    # Two taps that touch are one mark, as small as one dot (a second tap where the first
    # seemed not to take, or the dot gone over): the pieces of a broken stroke are a larger one.
    assert shape(STEM, [(50.0, 20.0)], [(50.5, 20.5)])
    assert shape(STEM, [(49.0, 20.0)], [(51.0, 20.0)])
    assert shape(STEM, [(48.0, 20.0), (52.0, 20.0)], [(49.0, 21.0), (51.0, 19.0)])  # a dash, then gone over


def test_a_tap_far_above_a_digit_or_aside_from_its_top_is_no_dot_above():
    # An i's dot lies over its stem's top, close above it; a tap lands anywhere.
    assert not shape(STEM, [(50.0, -5.0), (51.0, -4.0)])  # 0.75 of the stem's height above it
    zero = [(50.0 + 25 * np.cos(t), 70.0 + 30 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]
    assert not shape(zero, [(5.0, 30.0), (6.0, 31.0)])  # above and left of the zero, its top in the middle
    assert shape(zero, [(50.0, 30.0), (51.0, 31.0)])  # over its top: an i's dot could be so


def test_a_pen_drawn_digit_with_a_tap_above_it_reads_as_without(pendigits_train_file, classifier):
    # A writer training holds out; the tap 0.3 of the digit's height above it, as far to
    # one side of its top as an i's dot never is, or right over it but 0.8 of its height up.
    drawings = [d for d in load_labelled(pendigits_train_file) if d.writer == "pendigits-train-2"][:60]
    tapped, plain = [], []
    for drawing in drawings:
        strokes = [np.asarray(s, float)[:, :2] for s in drawing.strokes]
        points = np.concatenate(strokes)
        (left, top), (right, bottom) = points.min(axis=0), points.max(axis=0)
        height, reach = bottom - top, 0.4 * max(right - left, 0.2 * (bottom - top))
        top_xs = points[points[:, 1] <= top + 0.1 * height, 0]
        aside = max((left - reach, right + reach), key=lambda x: np.abs(top_xs - x).min())
        if np.abs(top_xs - aside).min() > 0.5 * height:
            tapped.append(strokes + [np.array([[aside, top - 0.3 * height]])])
            plain.append(strokes)
        tapped.append(strokes + [np.array([[top_xs.mean(), top - 0.8 * height]])])
        plain.append(strokes)
    assert len(tapped) > 80
    read = [preprocess.strokes_to_input(s) for s in tapped]
    assert not [r.letter_shape for r in read if r.not_a_digit]
    with_tap, _ = classifier.read_batch(np.stack([r.pixels for r in read]))
    without, _ = classifier.read_batch(np.stack([preprocess.strokes_to_input(s).pixels for s in plain]))
    assert (with_tap.argmax(axis=1) == without.argmax(axis=1)).all()

# --- a bar on a stem ------------------------------------------------------------------------

BAR = [(20.0, 10.0), (80.0, 12.0)]
T_STEM = [(50.0, 11.0), (52.0, 100.0)]


def bar_on_a_stem(*strokes) -> bool:
    return has_a_bar_on_a_stem(clean_strokes(strokes))


def test_a_t_and_a_j_with_its_bar_have_a_bar_on_a_stem():
    assert bar_on_a_stem(BAR, T_STEM)
    assert bar_on_a_stem(T_STEM[::-1], BAR[::-1])  # the stem drawn upwards, first
    j = [(58.0, 10.0), (58.0, 85.0), (50.0, 100.0), (35.0, 98.0), (28.0, 85.0)]
    assert bar_on_a_stem([(35.0, 10.0), (80.0, 10.0)], j[:2]) and bar_on_a_stem([(35.0, 10.0), (80.0, 10.0)], j[:2], j[1:])


def test_a_one_with_a_flat_serif_across_its_top_has_no_bar_on_a_stem():
    # A serif reaching both sides (8-25% of the height each way), with a foot or without,
    # is a 1's (the model reads these as 1s); a serifed I is its look-alike, left to the
    # model. A T's bar is at least half as wide as the T is tall.
    rng = np.random.default_rng(3)
    for _ in range(200):
        half, lean, foot = rng.uniform(8, 25), rng.uniform(-5, 5), rng.uniform(10, 30)
        serif = np.linspace((50 - half, 0.0), (50 + half, 0.0), 6)
        stem = np.linspace((50.0, 0.0), (50 + lean, 100.0), 12)
        strokes = writing_styles._wobble([serif, stem] + ([np.linspace((50 - foot, 100.0), (50 + foot, 100.0), 6)] if rng.random() < 0.5 else []), rng)
        assert not bar_on_a_stem(*strokes), (half, lean)
    assert not bar_on_a_stem([(35.0, 10.0), (65.0, 10.0)], [(50.0, 10.0), (50.0, 100.0)], [(35.0, 100.0), (65.0, 100.0)])


def test_a_dash_with_a_speck_under_it_has_no_bar_on_a_stem():
    assert not bar_on_a_stem([(20.0, 50.0), (80.0, 50.0)], [(50.0, 52.0)])


def test_a_stem_gone_over_twice_still_hangs_from_the_bar():
    assert bar_on_a_stem(BAR, T_STEM, [(53.0, 11.0), (54.0, 100.0)])


def test_a_seven_a_five_and_a_crossed_seven_have_no_bar_on_a_stem():
    assert not bar_on_a_stem([(20.0, 10.0), (80.0, 10.0)], [(80.0, 10.0), (45.0, 100.0)])  # 7: the stem leaves the bar's end
    five_body = [(30.0, 12.0), (28.0, 50.0), (60.0, 45.0), (70.0, 75.0), (45.0, 100.0), (25.0, 92.0)]
    assert not bar_on_a_stem(five_body, [(30.0, 10.0), (75.0, 10.0)])  # 5: the flag leaves the stem's top
    crossed_seven = [[(20.0, 10.0), (80.0, 10.0), (50.0, 100.0)], [(45.0, 55.0), (80.0, 55.0)]]
    assert not bar_on_a_stem(*crossed_seven)  # its bar crosses the stem low, not at the top
    assert not bar_on_a_stem([(30.0, 40.0), (50.0, 10.0), (50.0, 100.0)], [(35.0, 100.0), (65.0, 100.0)])  # 1 with a foot


def test_a_seven_whose_bar_overhangs_its_corner_has_no_bar_on_a_stem():
    # The bar drawn on its own, the stem leaving it 65-75% along (the bar running on past
    # the corner), drawn bar first or stem first, leaning left or nearly upright.
    rng = np.random.default_rng(4)
    for _ in range(300):
        length, left, top, along = rng.uniform(50, 90), rng.uniform(5, 20), rng.uniform(0, 10), rng.uniform(0.65, 0.75)
        corner = left + along * length
        bar = np.linspace((left, top), (left + length, top + rng.uniform(-3, 3)), 8)
        stem = np.linspace((corner, top + rng.uniform(-2, 3)), (corner - rng.uniform(-5, 50), 100.0), 12)
        strokes = writing_styles._wobble([bar, stem] if rng.random() < 0.5 else [stem, bar], rng)
        assert not bar_on_a_stem(*strokes), along


def test_a_five_sent_as_a_few_points_has_no_bar_on_a_stem():
    # A point every 500-800 ms left one held-out writer's 5 (its flag over the stem's
    # top) 5-6 points whose path is short enough to pass for straight; they zigzag
    # 9-17% of their chord to either side, as no stem does.
    five = [(226.0, 155.0), (189.0, 183.0), (204.0, 213.0), (180.0, 284.0), (153.0, 301.0)]
    assert not bar_on_a_stem(five, [(185.0, 159.0), (183.0, 156.0), (270.0, 159.0), (276.0, 159.0)])
    five = [(252.0, 190.0), (228.0, 212.0), (228.0, 240.0), (241.0, 284.0), (192.0, 333.0), (191.0, 333.0)]
    assert not bar_on_a_stem(five, [(209.0, 211.0), (209.0, 209.0), (260.0, 194.0), (303.0, 193.0)])


def test_a_t_drawn_by_hand_with_many_points_has_a_bar_on_a_stem_at_any_scale():
    # A hand's wobble moves a stem's points a few percent of its chord off it, not a
    # tenth; the limit is a share of the chord, so the canvas's units do not matter
    # (in pixels, a stem 0.1 px off its chord once passed for crooked).
    rng = np.random.default_rng(0)
    bar = np.column_stack([np.linspace(50, 250, 40), 50 + rng.normal(0, 1.5, 40)])
    stem = np.column_stack([150 + rng.normal(0, 1.5, 40), np.linspace(52, 300, 40)])
    for scale in (0.01, 1.0, 100.0):
        assert bar_on_a_stem(bar * scale, stem * scale), scale
    # Bent 12% of its chord to one side at its middle (a 5's stem and bowl sent as a
    # few points): its path is short enough for a stem's, but it is no straight line.
    crooked = stem + np.column_stack([0.12 * 248 * (1 - np.abs(np.linspace(-1, 1, 40))), np.zeros(40)])
    assert not bar_on_a_stem(bar, crooked)


def test_a_five_whose_flag_runs_past_its_top_and_whose_stroke_a_pen_lift_broke_has_no_bar_on_a_stem():
    # Its top half goes on into the stem where the stem starts: a piece of one stroke,
    # not a stem hanging from a bar (5s caught so with two or three pen lifts, none now).
    top_piece = [(40.0, 30.0), (43.0, 12.0)]
    stem_piece = [(43.0, 12.0), (44.0, 60.0), (46.0, 100.0)]
    assert not bar_on_a_stem(top_piece, stem_piece, [(20.0, 10.0), (80.0, 11.0)])


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_a_bar_on_a_stem(pendigits_train_file):
    drawings = load_labelled(pendigits_train_file)
    assert not [d.label for d in drawings if has_a_bar_on_a_stem(clean_strokes(d.strokes))]
    rng = np.random.default_rng(0)
    makers = [maker for _, maker, _ in writing_styles._DRAWN]
    drawn = [writing_styles._wobble(maker(rng), rng) for maker in makers for _ in range(300)]
    assert not [strokes for strokes in drawn if has_a_bar_on_a_stem(clean_strokes(strokes))]
    assert not [digit for digit, strokes in SAMPLE_STROKES.items() if has_a_bar_on_a_stem(clean_strokes(strokes))]


# --- a tail across a ring -------------------------------------------------------------------


def ring(start_deg: float = -90.0, turn: float = 360.0, width: float = 30.0, height: float = 45.0) -> np.ndarray:
    """An O drawn from ``start_deg`` (y down: -90 is the top) round ``turn`` degrees, anticlockwise on screen."""
    angles = np.radians(start_deg - np.linspace(0.0, turn, 40))
    return np.stack([50 + width * np.cos(angles), 55 + height * np.sin(angles)], axis=1)


Q_TAIL = [(62.0, 75.0), (72.0, 88.0), (84.0, 104.0)]  # from inside the ring out past its lower right


def tail_across_a_ring(*strokes) -> bool:
    return has_a_tail_across_a_ring(clean_strokes(strokes))


def test_a_q_has_a_tail_across_a_ring():
    assert tail_across_a_ring(ring(), Q_TAIL)
    assert tail_across_a_ring(Q_TAIL[::-1], ring())  # the tail drawn inwards, first
    assert tail_across_a_ring(ring(turn=-340.0), Q_TAIL)  # clockwise, a little open at the top
    assert tail_across_a_ring(ring(), [(48.0, 85.0), (62.0, 108.0)])  # a steeper tail across the bottom


def test_the_training_fonts_q_has_a_tail_across_a_ring_however_it_is_bent():
    from mnist_draw import non_digits

    rng = np.random.default_rng(8)
    bent = [non_digits._bend(non_digits._glyph(font, "Q"), rng) for font in ("futural", "rowmans") for _ in range(50)]
    assert sum(has_a_tail_across_a_ring(clean_strokes(strokes)) for strokes in bent) >= 95


def test_a_slashed_a_dotted_and_an_open_zero_have_no_tail_across_a_ring():
    assert not tail_across_a_ring(ring(), [(25.0, 105.0), (75.0, 5.0)])  # slashed: right across it
    # The slash the other way, broken by a pen lift: its lower piece crosses the ring's lower right.
    assert not tail_across_a_ring(ring(), [(25.0, 5.0), (48.0, 50.0)], [(52.0, 60.0), (75.0, 105.0)])
    assert not tail_across_a_ring(ring(), [(50.0, 52.0), (50.0, 58.0)])  # dotted
    assert not tail_across_a_ring(ring(turn=250.0), Q_TAIL)  # no ring: a C with a stroke


def test_a_zero_begun_with_a_tick_a_pen_lift_broke_off_has_no_tail_across_a_ring():
    # The tick runs from inside the ring out across its lower right, as a Q's tail does,
    # but ends where the ring begins: one stroke's pieces (pendigits' 0s so broken had it).
    tick = [(62.0, 72.0), (70.0, 81.0), (76.0, 88.0)]
    assert not tail_across_a_ring(tick, ring(start_deg=40.0))


def test_a_nine_with_its_stem_apart_has_no_tail_across_a_ring():
    loop = np.stack([50 + 20 * np.cos(np.linspace(0, 2 * np.pi, 30)), 30 + 20 * np.sin(np.linspace(0, 2 * np.pi, 30))], axis=1)
    assert not tail_across_a_ring(loop, [(68.0, 38.0), (66.0, 110.0)])


def line(start: tuple[float, float], degrees: float, length: float) -> np.ndarray:
    """A straight stroke from ``start``, ``degrees`` clockwise from rightwards on screen (y down)."""
    direction = np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])
    return np.linspace(start, np.asarray(start) + length * direction, 6)


def test_a_zero_with_a_short_slash_from_its_middle_has_no_tail_across_a_ring():
    # From the middle out past the lower right, as a Q's tail leaves it: a Q's starts lower.
    assert not tail_across_a_ring(ring(), [(52.0, 58.0), (76.0, 95.0)])
    caught = [
        (width, height, dx, dy, degrees, length)
        for width, height in ((30, 30), (25, 40), (30, 45), (20, 45))
        for dx in (-0.2, 0.0, 0.2)
        for dy in (-0.2, 0.0, 0.2)
        for degrees in range(0, 360, 15)
        for length in np.linspace(0.3, 1.5, 9) * max(width, height)
        if tail_across_a_ring(ring(width=width, height=height), line((50 + dx * width, 55 + dy * height), degrees, length))
    ]
    assert not caught


def test_a_nine_drawn_as_a_circle_and_a_short_stem_has_no_tail_across_a_ring():
    # The stem from inside the circle's right side down past it, nearly straight down.
    assert not tail_across_a_ring(ring(), [(68.0, 75.0), (70.0, 112.0)])
    caught = []
    for width, height in ((30, 30), (25, 35), (30, 40)):
        for down in np.linspace(-0.4, 0.7, 6):  # where the stem starts, from the middle to the bottom
            right = 50 + width * np.sqrt(1 - down**2)
            for inset in (0.1, 0.2, 0.3):
                for lean in range(-20, 21, 10):  # degrees from straight down, + to the right
                    for length in np.linspace(0.5, 1.4, 5) * height:
                        stem = line((right - inset * width, 55 + down * height), 90 - lean, length)
                        if tail_across_a_ring(ring(width=width, height=height), stem):
                            caught.append((width, height, down, inset, lean, length))
    assert not caught


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_a_tail_across_a_ring(pendigits_train_file):
    drawings = load_labelled(pendigits_train_file)
    assert not [d.label for d in drawings if has_a_tail_across_a_ring(clean_strokes(d.strokes))]
    rng = np.random.default_rng(0)
    zeros = [[np.asarray(s, float)[:, :2] for s in d.strokes] for d in drawings if d.label == 0][:300]
    styled = [writing_styles.slash_zero(z, rng) for z in zeros] + [writing_styles.dot_zero(z, rng) for z in zeros]
    styled += [writing_styles._wobble(maker(rng), rng) for _, maker, _ in writing_styles._DRAWN for _ in range(300)]
    assert not [strokes for strokes in styled if has_a_tail_across_a_ring(clean_strokes(strokes))]
    assert not [digit for digit, strokes in SAMPLE_STROKES.items() if has_a_tail_across_a_ring(clean_strokes(strokes))]


def test_the_letter_shape_says_which_rule_saw_a_letter_in_words():
    assert letter_shape(clean_strokes([STEM, DOT])) == DOT_ABOVE
    assert letter_shape(clean_strokes([BAR, T_STEM])) == BAR_ON_A_STEM
    assert letter_shape(clean_strokes([ring(), Q_TAIL])) == TAIL_ACROSS_A_RING
    assert letter_shape(clean_strokes([B_STEM, bump(10.0, 60.0), bump(60.0, 110.0)])) == BOWL_ON_A_STEM
    assert letter_shape(clean_strokes([STEM])) is None


def test_a_drawing_of_more_strokes_than_any_letter_has_is_left_to_the_model():
    from mnist_draw.stroke_shape import MOST_STROKES

    hatching = [np.stack([np.full(20, 30.0 + 0.1 * k), np.linspace(10.0, 110.0, 20)], axis=1) for k in range(MOST_STROKES)]
    assert letter_shape(clean_strokes([*hatching[: MOST_STROKES - 1], bump(55.0, 110.0)])) == BOWL_ON_A_STEM
    assert letter_shape(clean_strokes([*hatching, bump(55.0, 110.0)])) is None


def digits_found_by(rule, pendigits_train_file) -> list:
    """The digits ``rule`` finds a letter in: pendigits-train's, those drawn in the styles
    training adds, and the self-test's."""
    rng = np.random.default_rng(0)
    drawn = [writing_styles._wobble(maker(rng), rng) for _, maker, _ in writing_styles._DRAWN for _ in range(300)]
    digits = [d.strokes for d in load_labelled(pendigits_train_file)] + drawn + list(SAMPLE_STROKES.values())
    return [strokes for strokes in digits if rule(clean_strokes(strokes))]


# --- a bowl on a stem -----------------------------------------------------------------------

B_STEM = [(30.0, 10.0), (30.0, 110.0)]


def bump(top: float, bottom: float, depth: float = 35.0, x: float = 30.0) -> np.ndarray:
    """A half-ring from (``x``, ``top``) out to the right by ``depth`` and back to (``x``, ``bottom``)."""
    angles = np.linspace(-np.pi / 2, np.pi / 2, 15)
    return np.stack([x + depth * np.cos(angles), (top + bottom) / 2 + (bottom - top) / 2 * np.sin(angles)], axis=1)


def bowl_on_a_stem(*strokes) -> bool:
    return has_a_bowl_on_a_stem(clean_strokes(strokes))


def test_a_b_drawn_as_a_stem_and_two_bumps_has_a_bowl_on_a_stem():
    assert bowl_on_a_stem(B_STEM, np.concatenate([bump(10.0, 60.0), bump(60.0, 110.0)[1:]]))  # one stroke of two bumps
    assert bowl_on_a_stem(B_STEM, bump(10.0, 60.0), bump(60.0, 110.0))  # a stroke each
    assert bowl_on_a_stem(B_STEM[::-1], bump(60.0, 110.0)[::-1], bump(10.0, 60.0))  # the stem drawn up, the lower bump too


def test_a_small_b_and_a_p_have_a_bowl_on_a_stem():
    assert bowl_on_a_stem(B_STEM, bump(55.0, 110.0, depth=40.0))  # b: the bowl low down
    assert bowl_on_a_stem(B_STEM, bump(10.0, 55.0, depth=40.0))  # P: high up


def test_the_training_fonts_b_and_small_b_have_a_bowl_on_a_stem_however_they_are_bent():
    from mnist_draw import non_digits

    rng = np.random.default_rng(8)
    bent = [non_digits._bend(non_digits._glyph(font, letter), rng) for font in ("futural", "rowmans") for letter in "Bb" for _ in range(25)]
    assert sum(has_a_bowl_on_a_stem(clean_strokes(strokes)) for strokes in bent) >= 95


def test_a_b_whose_stem_is_gone_over_many_times_has_a_bowl_on_a_stem_unless_a_stroke_lies_left_of_it():
    stems = [np.stack([np.full(20, 30.0 + 0.1 * k), np.linspace(10.0, 110.0, 20)], axis=1) for k in range(60)]
    assert bowl_on_a_stem(*stems, bump(55.0, 110.0))
    assert not bowl_on_a_stem(*stems, bump(55.0, 110.0), [(30.0, 80.0), (5.0, 80.0)])
    assert not bowl_on_a_stem(*stems, bump(110.0, 55.0))  # the bowl drawn up: a 6's loop


def test_an_eight_a_three_and_a_thirteen_written_apart_have_no_bowl_on_a_stem():
    t = np.linspace(0, 2 * np.pi, 60)
    eight = np.stack([50 + 20 * np.sin(2 * t), 60 - 45 * np.sin(t + np.pi / 2)], axis=1)
    assert not bowl_on_a_stem(eight[:30], eight[29:])  # broken by a pen lift
    three = np.concatenate([bump(10.0, 60.0), bump(60.0, 110.0)[1:]])
    assert not bowl_on_a_stem(three)
    assert not bowl_on_a_stem(B_STEM, three + [15.0, 0.0])  # a 13, the 3 clear of the 1


def test_a_zero_drawn_in_two_halves_has_no_bowl_on_a_stem():
    # A narrow 0 with a straight left side is a D: closed on its side only at the ends.
    assert not bowl_on_a_stem(B_STEM, bump(10.0, 110.0, depth=30.0))


def test_a_nine_and_a_closed_four_have_their_loop_left_of_the_stem():
    assert not bowl_on_a_stem(bump(10.0, 55.0, depth=-35.0, x=60.0), [(60.0, 10.0), (60.0, 110.0)])
    four = [(60.0, 10.0), (25.0, 70.0), (75.0, 70.0)]
    assert not bowl_on_a_stem(four, [(60.0, 10.0), (60.0, 110.0)])


def test_a_six_with_a_straight_downstroke_a_pen_lift_broke_from_its_loop_has_no_bowl_on_a_stem():
    # Its loop goes on from the foot of its downstroke, where a b's bowl starts part-way up.
    assert not bowl_on_a_stem(B_STEM, bump(60.0, 110.0)[::-1])  # from the foot round and back up to the downstroke
    assert bowl_on_a_stem(B_STEM, bump(60.0, 110.0))  # drawn as a b: the bowl from part-way down


@pytest.mark.parametrize("start", [100.0, 95.0, 90.0, 85.0])
@pytest.mark.parametrize("lean", [0.0, 0.3])
def test_a_six_whose_loop_starts_above_the_foot_of_its_straight_downstroke_and_closes_higher_has_no_bowl_on_a_stem(start, lean):
    # Its loop is drawn upward (anticlockwise), as a 6's is: a b's bowl is drawn down.
    leaned = [np.asarray(stroke, float) + np.outer(110.0 - np.asarray(stroke, float)[:, 1], [lean, 0.0]) for stroke in (B_STEM, bump(start, 55.0))]
    assert not bowl_on_a_stem(*leaned)
    assert bowl_on_a_stem(leaned[0], leaned[1][::-1])  # the same bowl drawn down is a b's


FLAG = [(30.0, 10.0), (70.0, 12.0)]


def test_an_eight_drawn_as_a_three_closed_by_a_stroke_down_its_left_has_no_bowl_on_a_stem():
    # A B is written stem first; this 8's stem comes last, drawn down or up.
    three = np.concatenate([bump(10.0, 60.0), bump(60.0, 110.0)[1:]])
    assert not bowl_on_a_stem(three, B_STEM)
    assert not bowl_on_a_stem(three, B_STEM[::-1])
    assert bowl_on_a_stem(B_STEM, three)  # the same strokes stem first: a B


def test_a_six_drawn_from_its_middle_round_its_loop_and_up_its_stem_has_no_bowl_on_a_stem():
    # One stroke clockwise from the stem's middle, down round the loop to the foot and up
    # the stem, broken at the foot by a pen lift: the loop comes before the stem.
    assert not bowl_on_a_stem(bump(55.0, 110.0, depth=40.0), B_STEM[::-1])
    assert not bowl_on_a_stem(bump(55.0, 110.0, depth=40.0), B_STEM)


@pytest.mark.parametrize("flag", [FLAG, FLAG[::-1], [(31.0, 14.0), (60.0, 8.0)]])
@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1), (0, 2, 1)])
def test_a_five_whose_body_curls_back_to_its_stems_foot_has_no_bowl_on_a_stem(flag, order):
    # A b with a flag out to the right from the top of its stem is a 5: a B's, a P's or an
    # R's top is a bowl, and a b's stem has nothing there.
    strokes = [B_STEM, bump(50.0, 110.0, depth=40.0), flag]
    assert not bowl_on_a_stem(*(strokes[index] for index in order))
    assert bowl_on_a_stem(B_STEM, bump(50.0, 110.0, depth=40.0))  # without the flag: a b
    assert bowl_on_a_stem(B_STEM, bump(10.0, 55.0), bump(55.0, 110.0), [(45.0, 55.0), (75.0, 110.0)])  # an R-like B's leg is no flag


@pytest.mark.parametrize("degrees", [15.0, 30.0, 40.0])
@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1), (0, 2, 1)])
@pytest.mark.parametrize("from_stem", [True, False])
def test_a_five_drawn_as_a_b_whose_flag_droops_has_no_bowl_on_a_stem(degrees, order, from_stem):
    end = (30.0 + 40.0 * np.cos(np.radians(degrees)), 10.0 + 40.0 * np.sin(np.radians(degrees)))
    flag = [(30.0, 10.0), end] if from_stem else [end, (30.0, 10.0)]
    strokes = [B_STEM, bump(50.0, 110.0, depth=40.0), flag]
    assert not bowl_on_a_stem(*(strokes[index] for index in order))


def test_a_b_whose_top_bump_ends_on_its_middle_bar_has_a_bowl_on_a_stem():
    # As a font draws a B: the top bump from the stem's top down to where the stroke of the
    # middle bar and the bottom bump runs; its end is not free, as a 5's flag's is.
    top_bump = [(30.0, 10.0), (55.0, 10.0), (65.0, 30.0), (58.0, 52.0)]
    lower = np.vstack([[(30.0, 55.0), (60.0, 55.0)], bump(55.0, 110.0, depth=40.0)[8:]])
    assert bowl_on_a_stem(B_STEM, top_bump, lower)


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_a_bowl_on_a_stem(pendigits_train_file):
    assert not digits_found_by(has_a_bowl_on_a_stem, pendigits_train_file)


# --- a bar into an arc ------------------------------------------------------------------

def arc(start_deg: float = 40.0, end_deg: float = 360.0, radius: float = 40.0) -> np.ndarray:
    """Round from ``start_deg`` anticlockwise as seen (0 at the right, 90 at the top; y down) to ``end_deg``."""
    angles = np.radians(np.linspace(start_deg, end_deg, 40))
    return np.stack([50.0 + radius * np.cos(angles), 60.0 - radius * np.sin(angles)], axis=1)


G_BAR = [(60.0, 60.0), (90.0, 60.0)]


def bar_into_an_arc(*strokes) -> bool:
    return has_a_bar_into_an_arc(clean_strokes(strokes))


def test_a_g_drawn_as_an_arc_and_a_bar_in_to_its_end_has_a_bar_into_an_arc():
    assert bar_into_an_arc(arc(), G_BAR)
    assert bar_into_an_arc(arc(start_deg=20.0, end_deg=350.0), [(55.0, 66.0), (88.0, 67.0)])  # the bar lower, the arc's end short of the middle
    assert letter_shape(clean_strokes([arc(), G_BAR])) == BAR_INTO_AN_ARC


def test_the_training_fonts_g_has_a_bar_into_an_arc_however_it_is_bent():
    from mnist_draw import non_digits

    rng = np.random.default_rng(8)
    bent = [non_digits._bend(non_digits._glyph(font, "G"), rng) for font in ("futural", "rowmans") for _ in range(25)]
    assert sum(has_a_bar_into_an_arc(clean_strokes(strokes)) for strokes in bent) >= 45


def test_a_six_whose_loop_a_pen_lift_broke_where_it_closes_has_no_bar_into_an_arc():
    # The closing piece goes on from where the pen lifted, leftward: a G's bar is drawn in to the arc's end.
    assert not bar_into_an_arc(arc(end_deg=360.0), np.array(G_BAR)[::-1])
    assert not bar_into_an_arc(arc(end_deg=360.0), [(90.0, 60.0), (70.0, 53.0), (45.0, 51.0), (20.0, 56.0)])
    assert not bar_into_an_arc(G_BAR, arc())  # the bar first: a G's bar comes after its arc


def test_a_bar_that_crosses_the_whole_ring_or_lies_high_has_no_bar_into_an_arc():
    assert not bar_into_an_arc(arc(), [(12.0, 60.0), (90.0, 60.0)])  # from the far side: a slashed 0's slash
    assert not bar_into_an_arc(arc(start_deg=40.0, end_deg=330.0), [(60.0, 25.0), (84.0, 25.0)])


def test_a_tap_where_an_upright_stroke_turns_back_is_no_bar_into_an_arc():
    # Upright strokes alone have no width: a tap is then as flat and as long as any share of it.
    turned_back = [(0.0, 0.0), (0.0, 100.0), (0.0, 50.0)]
    assert not bar_into_an_arc(turned_back, [(0.0, 50.0)])
    assert not bar_into_an_arc(turned_back, [(0.0, 50.0), (0.0, 50.0)])


def test_a_bar_meets_only_an_arc_drawn_before_it_among_many_bars():
    near_bars = [[(60.0, y), (88.0, y)] for y in (45.0, 47.0, 49.0)]  # bars too, ending above the arc's end
    assert bar_into_an_arc(arc(), *near_bars, G_BAR, *near_bars)
    assert bar_into_an_arc(G_BAR, arc(), arc(), G_BAR)
    assert not bar_into_an_arc(*near_bars, G_BAR, arc(), *near_bars)
    assert not bar_into_an_arc(arc(), *near_bars)


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_a_bar_into_an_arc(pendigits_train_file):
    assert not digits_found_by(has_a_bar_into_an_arc, pendigits_train_file)


# --- a bar across a stem ------------------------------------------------------------------

HOOKED_STEM = [(50.0, 10.0), (50.0, 95.0), (55.0, 105.0), (65.0, 108.0)]  # a hook at the foot


def bar_across_a_stem(*strokes) -> bool:
    return has_a_bar_across_a_stem(clean_strokes(strokes))


def test_a_t_crossed_near_its_top_has_a_bar_across_a_stem():
    assert bar_across_a_stem(HOOKED_STEM, [(35.0, 40.0), (68.0, 40.0)])
    assert bar_across_a_stem([(35.0, 38.0), (68.0, 36.0)], [(50.0, 10.0), (45.0, 108.0)])  # the bar first, the stem leaning
    assert letter_shape(clean_strokes([HOOKED_STEM, [(35.0, 40.0), (68.0, 40.0)]])) == BAR_ACROSS_A_STEM


def test_the_training_fonts_t_has_a_bar_across_a_stem_however_it_is_bent():
    from mnist_draw import non_digits

    rng = np.random.default_rng(8)
    bent = [non_digits._bend(non_digits._glyph(font, "t"), rng) for font in ("futural", "rowmans") for _ in range(25)]
    assert sum(has_a_bar_across_a_stem(clean_strokes(strokes)) for strokes in bent) >= 30


def test_a_crossed_seven_a_five_a_four_and_a_plus_have_no_bar_across_a_stem():
    seven = [(25.0, 10.0), (75.0, 10.0), (45.0, 110.0)]
    assert not bar_across_a_stem(seven, [(45.0, 55.0), (75.0, 55.0)])  # crossed lower, its top bar above the cross
    assert not bar_across_a_stem(seven, [(48.0, 40.0), (78.0, 40.0)])  # crossed high: still its top bar above
    five = [(50.0, 5.0), (50.0, 55.0), (80.0, 65.0), (85.0, 90.0), (70.0, 108.0), (45.0, 105.0)]
    assert not bar_across_a_stem(five, [(42.0, 12.0), (85.0, 12.0)])  # its flag across the top of its stem
    assert not bar_across_a_stem(HOOKED_STEM, [(35.0, 60.0), (68.0, 60.0)])  # crossed in its middle: a +
    assert not bar_across_a_stem(HOOKED_STEM, [(50.0, 40.0), (80.0, 40.0)])  # from the stem, not across it: a 4's bar, an F's arm
    assert not bar_across_a_stem(HOOKED_STEM, [(35.0, 40.0), (68.0, 40.0)], [(80.0, 40.0), (90.0, 80.0)])  # a third stroke


def crossed_seven(rng: np.random.Generator, bar_share: float) -> list[np.ndarray]:
    """A crossed 7 drawn as a pen draws it: its top bar ``bar_share`` of its height, a stem
    leaning either way and bent a little, crossed 33-65% down, wobbled and slanted."""
    lean = rng.uniform(-0.1, 0.45)
    corner = np.array([60.0, 0.0]) + rng.normal(0, 1, 2)
    start = corner - [bar_share * 100.0, rng.uniform(-3.0, 6.0)]
    foot = corner + [-lean * 100.0, 100.0]
    bend = (corner + foot) / 2 + [rng.uniform(-6.0, 4.0), 0.0]
    seven = np.concatenate([writing_styles._line(start, corner, 4), writing_styles._line(corner, bend, 6)[1:], writing_styles._line(bend, foot, 6)[1:]])
    y, half, tilt = rng.uniform(33.0, 65.0), rng.uniform(12.0, 35.0), rng.uniform(-8.0, 4.0)
    x = corner[0] - lean * y
    bar = writing_styles._line((x - half, y - tilt), (x + half, y + tilt), 6)
    return writing_styles.shear(writing_styles._wobble([seven, bar], rng), rng.uniform(-0.3, 0.3))


@pytest.mark.parametrize("bar_share, most", [(0.08, 1), (0.1, 0), (0.15, 0)])
def test_a_crossed_seven_whose_top_bar_is_short_has_no_bar_across_a_stem(bar_share, most):
    # Its stem bends into the bar by little, but the bend lies well off the stem's chord. At 8%
    # one of 300 is slanted till its bar stands nearly upright: a straight stem to the eye.
    rng = np.random.default_rng(1)
    assert sum(has_a_bar_across_a_stem(clean_strokes(crossed_seven(rng, bar_share))) for _ in range(300)) <= most


def test_a_t_whose_stem_bends_off_its_line_above_the_bar_has_no_bar_across_a_stem():
    assert bar_across_a_stem([(50.0, 10.0), (50.0, 40.0), (50.0, 110.0)], [(35.0, 40.0), (68.0, 40.0)])
    assert not bar_across_a_stem([(42.0, 10.0), (50.0, 10.0), (50.0, 40.0), (50.0, 110.0)], [(35.0, 40.0), (68.0, 40.0)])


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_a_bar_across_a_stem(pendigits_train_file):
    assert not digits_found_by(has_a_bar_across_a_stem, pendigits_train_file)


# --- a diagonal between bars (a Z) -------------------------------------------------------------


def evenly(*corners: tuple[float, float], count: int = 8) -> np.ndarray:
    """One stroke through ``corners``, each side drawn with ``count`` points, as a pen samples it."""
    return np.concatenate([writing_styles._line(a, b, count)[1:] if k else writing_styles._line(a, b, count) for k, (a, b) in enumerate(zip(corners[:-1], corners[1:]))])


ZED = [(10.0, 10.0), (80.0, 12.0), (15.0, 100.0), (85.0, 98.0)]


def diagonal_between_bars(*strokes) -> bool:
    return has_a_diagonal_between_bars(clean_strokes(strokes))


def test_a_z_drawn_in_one_stroke_or_three_has_a_diagonal_between_bars():
    assert diagonal_between_bars(evenly(*ZED))
    assert diagonal_between_bars(ZED[:2], ZED[1:3], ZED[2:])  # three strokes, each straight however few its points
    assert diagonal_between_bars(ZED[1:3], ZED[:2], ZED[2:][::-1])  # as a font draws it: the diagonal first
    assert letter_shape(clean_strokes([evenly(*ZED)])) == DIAGONAL_BETWEEN_BARS


def test_the_training_fonts_z_has_a_diagonal_between_bars_however_it_is_bent():
    from mnist_draw import non_digits

    rng = np.random.default_rng(8)
    bent = [non_digits._bend(non_digits._glyph(font, letter), rng) for font in ("futural", "rowmans") for letter in "Zz" for _ in range(10)]
    assert sum(has_a_diagonal_between_bars(clean_strokes(strokes)) for strokes in bent) >= 25


def test_a_two_a_seven_and_a_z_sampled_sparsely_have_no_diagonal_between_bars():
    top = writing_styles._arc((45.0, 35.0), (35.0, 25.0), 180.0, 400.0, 12)  # a 2's curved top, then its diagonal and base
    two = np.vstack([top, writing_styles._line(top[-1], (15.0, 100.0), 8)[1:], writing_styles._line((15.0, 100.0), (85.0, 98.0), 8)[1:]])
    assert not diagonal_between_bars(two)
    assert not diagonal_between_bars(evenly(*ZED[:3]))  # a 7: no bar at its foot
    assert not diagonal_between_bars(evenly(*ZED[:3]), [(35.0, 55.0), (70.0, 55.0)])  # a crossed 7
    # A device sampling every 300-800 ms can leave a 2 as four points where a Z's corners are:
    # one stroke cut at corners must have points along its sides.
    assert not diagonal_between_bars(ZED)


def test_a_narrow_one_with_a_flat_flag_and_a_short_base_has_no_diagonal_between_bars():
    # A flat flag, a stem leaning a little, a base from its foot: a Z's shape, but its bars are a
    # quarter of its height long where a Z's are half of it (a 7 with a foot is drawn so too).
    one = evenly((10.0, 2.0), (40.0, 0.0), (30.0, 100.0), (55.0, 100.0))
    assert not diagonal_between_bars(one)
    assert not diagonal_between_bars(evenly((10.0, 2.0), (40.0, 0.0), (30.0, 100.0)), evenly((28.0, 100.0), (55.0, 100.0)))
    # The same drawn as wide as a Z is tall is one.
    assert diagonal_between_bars(evenly((0.0, 2.0), (60.0, 0.0), (10.0, 100.0), (65.0, 100.0)))


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_a_diagonal_between_bars(pendigits_train_file):
    assert not digits_found_by(has_a_diagonal_between_bars, pendigits_train_file)


# --- sharp corners all round (a triangle, a box) --------------------------------------------


def corners_all_round(*strokes) -> bool:
    return has_sharp_corners_all_round(clean_strokes(strokes))


def test_a_triangle_a_box_and_a_rhombus_drawn_in_one_stroke_have_sharp_corners_all_round():
    assert corners_all_round(evenly((50.0, 0.0), (100.0, 90.0), (0.0, 90.0), (50.0, 0.0)))
    assert corners_all_round(evenly((0.0, 0.0), (80.0, 0.0), (80.0, 100.0), (0.0, 100.0), (0.0, 0.0)))
    assert corners_all_round(evenly((50.0, 0.0), (90.0, 50.0), (50.0, 100.0), (10.0, 50.0), (50.0, 0.0)))
    # Begun part-way along a side, and closed a little short of where it began.
    assert corners_all_round(evenly((40.0, 0.0), (80.0, 0.0), (80.0, 100.0), (0.0, 100.0), (0.0, 0.0), (30.0, 2.0)))
    assert letter_shape(clean_strokes([evenly((50.0, 0.0), (100.0, 90.0), (0.0, 90.0), (50.0, 0.0))])) == SHARP_CORNERS_ALL_ROUND


def test_a_round_zero_a_sparsely_sampled_zero_and_a_one_gone_up_and_down_have_no_sharp_corners_all_round():
    assert not corners_all_round(ring())
    assert not corners_all_round(ring()[::6])  # a 0 as a device sampling every 500-800 ms leaves it: sides of two points
    assert not corners_all_round(evenly((0.0, 0.0), (80.0, 0.0), (80.0, 100.0), (0.0, 100.0)))  # open: a box's three sides
    up_and_down = evenly((40.0, 100.0), (50.0, 0.0), (55.0, 100.0), (40.0, 100.0))
    assert not corners_all_round(up_and_down)  # closed, three sides, but encloses next to nothing: a 1
    square = evenly((0.0, 0.0), (80.0, 0.0), (80.0, 100.0), (0.0, 100.0), (0.0, 0.0))
    assert not corners_all_round(square, [(40.0, 20.0), (40.0, 80.0)])  # one stroke only


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_sharp_corners_all_round(pendigits_train_file):
    assert not digits_found_by(has_sharp_corners_all_round, pendigits_train_file)


# --- a bar between legs (an H, an A) -----------------------------------------------------------


def bar_between_legs(*strokes) -> bool:
    return has_a_bar_between_legs(clean_strokes(strokes))


def test_an_h_and_an_a_drawn_in_three_strokes_or_two_have_a_bar_between_legs():
    assert bar_between_legs([(10.0, 0.0), (10.0, 100.0)], [(70.0, 0.0), (70.0, 100.0)], [(10.0, 50.0), (70.0, 52.0)])
    assert bar_between_legs([(0.0, 100.0), (40.0, 0.0)], [(40.0, 0.0), (80.0, 100.0)], [(18.0, 60.0), (62.0, 60.0)])
    # An A's legs drawn in one go, a pen sampling them: two sides of one stroke.
    assert bar_between_legs(evenly((0.0, 100.0), (40.0, 0.0), (80.0, 100.0)), [(18.0, 60.0), (62.0, 60.0)])
    assert letter_shape(clean_strokes([evenly((0.0, 100.0), (40.0, 0.0), (80.0, 100.0)), [(18.0, 60.0), (62.0, 60.0)]])) == BAR_BETWEEN_LEGS


def test_the_training_fonts_h_and_a_have_a_bar_between_legs_however_they_are_bent():
    from mnist_draw import non_digits

    rng = np.random.default_rng(8)
    bent = [non_digits._bend(non_digits._glyph(font, letter), rng) for font in ("futural", "rowmans") for letter in "AH" for _ in range(10)]
    assert sum(has_a_bar_between_legs(clean_strokes(strokes)) for strokes in bent) >= 25


def test_a_four_whose_bar_leaves_the_end_of_its_downstroke_and_a_crossed_seven_have_no_bar_between_legs():
    stem = [(65.0, 0.0), (65.0, 100.0)]
    assert not bar_between_legs([(20.0, 0.0), (10.0, 75.0)], [(10.0, 75.0), (90.0, 75.0)], stem)  # a long downstroke: the bar from its end
    assert not bar_between_legs([(20.0, 0.0), (10.0, 75.0)], [(4.0, 75.0), (90.0, 75.0)], stem)  # overshooting it a little
    assert not bar_between_legs(evenly((20.0, 0.0), (10.0, 75.0), (90.0, 75.0)), stem)  # in one stroke with the bar
    assert not bar_between_legs([(20.0, 10.0), (80.0, 10.0), (45.0, 110.0)], [(35.0, 55.0), (75.0, 55.0)])  # a crossed 7
    assert not bar_between_legs([(10.0, 0.0), (10.0, 100.0)], [(70.0, 0.0), (70.0, 100.0)], [(10.0, 5.0), (70.0, 5.0)])  # a bar over the legs' tops: a box's side


def test_no_pen_drawn_digit_nor_digit_drawn_in_the_styles_training_adds_has_a_bar_between_legs(pendigits_train_file):
    assert not digits_found_by(has_a_bar_between_legs, pendigits_train_file)
