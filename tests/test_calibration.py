"""Temperature scaling, the "not a digit" threshold and the calibration error."""

import numpy as np

from mnist_draw import calibration


def test_temperature_one_leaves_probabilities_unchanged():
    p = np.array([[0.7, 0.2, 0.1]])
    assert np.allclose(calibration.scaled(p, 1.0), p)


def test_higher_temperature_softens_and_keeps_the_ranking():
    p = np.array([[0.9, 0.08, 0.02]])
    soft = calibration.scaled(p, 2.0)
    assert soft[0, 0] < 0.9 and np.argsort(soft[0]).tolist() == np.argsort(p[0]).tolist()
    assert np.isclose(soft.sum(), 1.0)


def test_fitted_temperature_softens_an_overconfident_model():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 2000)
    # Always 99% sure, but right only 80% of the time: an overconfident model.
    predicted = np.where(rng.random(2000) < 0.8, labels, (labels + 1) % 10)
    p = np.full((2000, 10), 0.01 / 9)
    p[np.arange(2000), predicted] = 0.99
    temperature = calibration.fit_temperature(p, labels)
    assert temperature > 1.5
    before = calibration.expected_calibration_error(p, labels)
    after = calibration.expected_calibration_error(calibration.scaled(p, temperature), labels)
    assert after < before / 3


def test_split_renormalises_the_digits_and_reports_not_a_digit():
    p = np.array([[0.1] * 5 + [0.0] * 5 + [0.5]])
    digits, not_digit = calibration.split(p)
    assert np.isclose(digits.sum(), 1.0) and np.isclose(not_digit[0], 0.5)


def test_ten_output_models_are_never_called_not_a_digit():
    p = np.eye(10)[[3, 4]]
    assert calibration.decide(p, 1.0, 0.5).tolist() == [3, 4]


def test_not_a_digit_answer_passes_the_threshold():
    p = np.array([[0.05] + [0.0] * 9 + [0.95], [0.9] + [0.0] * 9 + [0.1]])
    assert calibration.decide(p, 1.0, 0.6).tolist() == [-1, 0]


def test_threshold_turns_away_at_most_the_allowed_share_of_digits():
    scores = np.random.default_rng(1).beta(1, 30, 10_000)
    threshold = calibration.not_digit_threshold(scores)
    assert (scores >= threshold).mean() <= calibration.MAX_FALSE_REJECTION
    assert threshold >= calibration.MIN_NOT_DIGIT_THRESHOLD
