"""The one reading type: what it says, and each way of making one, with the real model."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from mnist_draw.reading import (
    DIGITS,
    UNSURE_BELOW,
    Reading,
    percent_text,
    read_drawing,
    read_image,
    read_pixels,
    read_strokes,
)
from mnist_draw.self_test_digits import SAMPLE_STROKES, sample_photo
from mnist_draw.stroke_shape import BAR_INTO_AN_ARC, BAR_ON_A_STEM, BOWL_ON_A_STEM, DOT_ABOVE, TAIL_ACROSS_A_RING
from mnist_draw.strokes_file import Drawing


def test_reading_summary_threshold():
    sure = Reading(probabilities=tuple([0.0] * 9 + [UNSURE_BELOW]))
    unsure = Reading(probabilities=tuple([0.0] * 8 + [0.4, UNSURE_BELOW - 0.01]))
    assert sure.summary() == "9 (60%)" and sure.is_sure
    assert unsure.summary() == "Not sure: 9 or 8?" and not unsure.is_sure and unsure.runner_up == 8


def test_percentages_never_round_up_to_certainty():
    assert [percent_text(p) for p in (None, 0.0, 0.001, 0.5, 0.994, 0.998, 1.0)] == [
        "–", "0%", "<1%", "50%", "99%", ">99%", ">99%",
    ]


def test_nothing_to_read_has_no_digit_and_says_why():
    empty = Reading("canvas", reason="Nothing drawn yet.")
    assert empty.digit is None and empty.confidence is None and not empty.is_sure and empty.ranked == []
    assert empty.summary() == "Nothing drawn yet."
    assert empty.to_dict() == {"source": "canvas", "digit": None, "reason": "Nothing drawn yet."}
    assert empty.describe() == "canvas: nothing to read (Nothing drawn yet.)"


@pytest.mark.parametrize("digit", sorted(SAMPLE_STROKES))
def test_strokes_are_read_with_their_pixels_and_time(classifier, digit):
    reading = read_strokes(classifier, SAMPLE_STROKES[digit])
    assert reading.digit == digit
    assert len(reading.probabilities) == DIGITS and sum(reading.probabilities) == pytest.approx(1, abs=1e-4)
    assert reading.pixels.shape == (28, 28) and reading.milliseconds > 0


def test_a_picture_file_is_read(classifier, tmp_path):
    path = tmp_path / "seven.png"
    path.write_bytes(sample_photo(7))
    reading = read_image(classifier, str(path))
    assert reading.source == str(path) and reading.digit == 7 and reading.error is None
    assert json.loads(json.dumps(reading.to_dict()))["digit"] == 7
    assert reading.describe().startswith(f"{path}: 7 (")


def test_a_file_that_is_not_a_picture_is_an_error_not_a_crash(classifier, tmp_path):
    path = tmp_path / "broken.png"
    path.write_text("not an image")
    reading = read_image(classifier, str(path))
    assert reading.error and reading.probabilities is None and reading.to_dict().keys() == {"source", "error"}


def test_a_blank_picture_has_nothing_to_read(classifier, tmp_path):
    path = tmp_path / "blank.png"
    Image.new("L", (50, 50), 255).save(path)
    reading = read_image(classifier, path)
    assert reading.digit is None and reading.reason and reading.error is None



def test_a_number_written_small_on_a_page_is_said_to_be_too_small_for_one_digit_not_blank(classifier, tmp_path):
    from paper_helpers import small_number

    from mnist_draw.preprocess import SMALL_WRITING

    picture, _ = small_number()
    path = tmp_path / "page.jpg"
    picture.save(path)
    reading = read_image(classifier, path)
    assert reading.digit is None and reading.error is None and reading.reason == SMALL_WRITING

def test_a_drawing_of_a_strokes_file_is_named_by_its_line(classifier):
    good = read_drawing(classifier, Drawing(3, SAMPLE_STROKES[4]), "pen.jsonl")
    bad = read_drawing(classifier, Drawing(4, None, error="not JSON"), "pen.jsonl")
    assert good.source == "pen.jsonl:3" and good.digit == 4
    assert bad.source == "pen.jsonl:4" and bad.error == "not JSON"


def test_a_prepared_input_is_read_as_is(classifier):
    from mnist_draw.preprocess import strokes_to_input

    prepared = strokes_to_input(SAMPLE_STROKES[1])
    reading = read_pixels(classifier, prepared, "one")
    assert reading.digit == 1 and reading.pixels is prepared.pixels and reading.source == "one"


def test_a_model_that_fails_when_run_gives_an_error_reading(classifier):
    """Issue 11: a model that passed its checks may still fail on some input; that
    input's reading says so, in words, and nothing is raised to predict or the window."""
    from mnist_draw.classifier import Classifier
    from mnist_draw.preprocess import strokes_to_input

    broken = Classifier(classifier.path)
    details = broken._single.get_input_details()[0]
    broken._single.resize_tensor_input(details["index"], [2, 28, 28, 1])  # not allocated: invoke fails
    reading = read_pixels(broken, strokes_to_input(SAMPLE_STROKES[1]), "one")
    assert reading.digit is None and reading.probabilities is None
    assert reading.error == (
        f"The model could not read this. {broken.path.name} fails when it is run: the model file is damaged or is not a digit model. "
        "Use a model that mnist-draw's training made: its model.tflite, or the folder it is in."
    )
    assert reading.to_dict() == {"source": "one", "error": reading.error}


def test_the_reading_type_loads_without_numpy():
    """The window uses readings before numpy and LiteRT have loaded."""
    code = "import sys, mnist_draw.reading; print('numpy' in sys.modules or 'ai_edge_litert' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"


def test_an_i_is_not_a_digit_whatever_the_model_reads_and_keeps_its_probabilities(classifier):
    reading = read_strokes(classifier, [[(50.0, 40.0), (50.0, 100.0)], [(50.0, 15.0), (51.0, 16.0)]], source="i")
    assert reading.digit is None and not reading.is_digit and reading.reason == "not a digit"
    assert reading.letter_shape == DOT_ABOVE and reading.describe() == "i: not a digit (the dot above makes it look like an i or a j)"
    assert reading.probabilities is not None and reading.to_dict()["reason"] == "not a digit"
    assert read_strokes(classifier, [[(50.0, 40.0), (50.0, 100.0)]]).digit == 1  # without its dot, a 1
    assert read_strokes(classifier, [[(50.0, 40.0), (50.0, 100.0)]]).letter_shape is None


def test_a_letter_turned_away_by_its_strokes_says_why_in_its_json_too(classifier):
    t = read_strokes(classifier, [[(20.0, 10.0), (80.0, 12.0)], [(50.0, 11.0), (51.0, 100.0)]], source="t")
    record = json.loads(json.dumps(t.to_dict()))
    assert record["digit"] is None and record["reason"] == "not a digit" and record["letter_shape"] == BAR_ON_A_STEM
    assert "letter_shape" not in read_strokes(classifier, [[(50.0, 40.0), (50.0, 100.0)]]).to_dict()


def test_a_q_is_not_a_digit_though_its_ring_alone_reads_as_a_zero(classifier):
    angles = np.radians(-90 - np.linspace(0.0, 360.0, 40))
    ring = [(50 + 30 * np.cos(a), 55 + 45 * np.sin(a)) for a in angles]
    q = read_strokes(classifier, [ring, [(62.0, 75.0), (72.0, 88.0), (84.0, 104.0)]], source="Q")
    assert q.digit is None and q.reason == "not a digit" and q.letter_shape == TAIL_ACROSS_A_RING
    assert q.describe() == "Q: not a digit (the tail across the ring makes it look like a Q)"
    assert read_strokes(classifier, [ring]).digit == 0


def test_a_b_is_not_a_digit_though_its_bumps_alone_read_as_a_three(classifier):
    angles = np.linspace(-np.pi / 2, np.pi / 2, 15)
    bumps = [(30 + 35 * np.cos(a), 35 + 25 * np.sin(a)) for a in angles] + [(30 + 35 * np.cos(a), 85 + 25 * np.sin(a)) for a in angles[1:]]
    b = read_strokes(classifier, [[(30.0, 10.0), (30.0, 110.0)], bumps], source="B")
    assert b.digit is None and b.reason == "not a digit" and b.letter_shape == BOWL_ON_A_STEM
    assert b.describe() == "B: not a digit (the bowl on the right of a straight stem makes it look like a b, a B, a P or an R)"
    assert read_strokes(classifier, [bumps]).digit == 3


def test_a_g_drawn_as_an_arc_and_a_bar_in_to_its_end_is_not_a_digit_and_says_why(classifier):
    angles = np.radians(np.linspace(40.0, 360.0, 40))
    arc = [(50 + 40 * np.cos(a), 60 - 45 * np.sin(a)) for a in angles]
    g = read_strokes(classifier, [arc, [(62.0, 60.0), (90.0, 60.0)]], source="G")
    assert g.digit is None and g.reason == "not a digit" and g.letter_shape == BAR_INTO_AN_ARC
    assert g.describe() == "G: not a digit (the bar drawn in to the end of the curve makes it look like a G)"
    assert read_strokes(classifier, [arc, [(90.0, 60.0), (62.0, 60.0)]]).letter_shape is None  # the bar from the arc's end: a 6's loop closing
