"""Honest confidence: temperature scaling and the "not a digit" decision.

A network trained with cross-entropy and heavy augmentation is not calibrated:
its 99% is not right 99% of the time. Temperature scaling (Guo et al., 2017)
divides the log-probabilities by one number fitted on held-out data, which
keeps the ranking of the digits and makes the confidence mean what it says.

A model may have an eleventh output, "not a digit", trained on generated
letters, symbols, scribbles and shapes. A drawing is not a digit when that
output's calibrated probability passes a threshold chosen on held-out
training-side digits, so that almost no real digit is turned away.

Both numbers are fitted at training time and kept on the model card; models
without them (older ones, ten outputs) read as before.
"""

from __future__ import annotations

import numpy as np

from .reading import DIGITS

# At most this share of held-out digits may be called "not a digit": turning a
# real digit away costs a writer more than reading a letter as a digit does.
MAX_FALSE_REJECTION = 0.0005
# Never call something "not a digit" unless that is the likelier answer.
MIN_NOT_DIGIT_THRESHOLD = 0.5
_TEMPERATURES = np.exp(np.linspace(np.log(0.4), np.log(4.0), 121))


def scaled(probabilities: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Probabilities (..., k) with their log divided by ``temperature``, renormalised."""
    p = np.asarray(probabilities, dtype=np.float64)
    if temperature == 1.0:
        return (p / p.sum(axis=-1, keepdims=True)).astype(np.float32)
    logits = np.log(np.clip(p, 1e-12, 1.0)) / temperature
    logits -= logits.max(axis=-1, keepdims=True)
    out = np.exp(logits)
    return (out / out.sum(axis=-1, keepdims=True)).astype(np.float32)


def split(probabilities: np.ndarray, temperature: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated digit probabilities (..., 10, summing to 1) and the calibrated
    probability of "not a digit" (zero for a ten-output model)."""
    p = scaled(probabilities, temperature)
    digits = p[..., :DIGITS]
    not_digit = p[..., DIGITS] if p.shape[-1] > DIGITS else np.zeros(p.shape[:-1], np.float32)
    total = digits.sum(axis=-1, keepdims=True)
    return digits / np.maximum(total, 1e-12), not_digit


def decide(probabilities: np.ndarray, temperature: float = 1.0, threshold: float | None = None) -> np.ndarray:
    """The digit read for each row of raw model outputs, -1 where it is "not a digit"."""
    digits, not_digit = split(probabilities, temperature)
    chosen = digits.argmax(axis=-1)
    if threshold is not None:
        chosen = np.where(not_digit >= threshold, -1, chosen)
    return chosen


def fit_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of ``labels``."""
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, 1.0)
    labels = np.asarray(labels, dtype=np.int64)
    log_p = np.log(p)
    best, best_loss = 1.0, np.inf
    for temperature in _TEMPERATURES:
        logits = log_p / temperature
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1))
        loss = float(np.mean(log_norm - logits[np.arange(len(labels)), labels]))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return round(best, 4)


def not_digit_threshold(not_digit_of_digits: np.ndarray) -> float:
    """The lowest threshold that turns away at most MAX_FALSE_REJECTION of the
    held-out digits (never below MIN_NOT_DIGIT_THRESHOLD)."""
    if not len(not_digit_of_digits):
        return MIN_NOT_DIGIT_THRESHOLD
    quantile = float(np.quantile(not_digit_of_digits, 1.0 - MAX_FALSE_REJECTION))
    return round(min(0.999, max(MIN_NOT_DIGIT_THRESHOLD, quantile + 1e-4)), 4)


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = 15) -> float:
    """ECE of the top answer: the gap between confidence and accuracy, averaged
    over equal-width confidence bins weighted by how many answers fall in each."""
    probabilities = np.asarray(probabilities)
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == np.asarray(labels)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        chosen = which == b
        if chosen.any():
            error += chosen.mean() * abs(float(confidence[chosen].mean()) - float(correct[chosen].mean()))
    return float(error)
