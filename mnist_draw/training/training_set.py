"""Everything the network learns from, and what is held out of training to calibrate it.

MNIST's training digits, the pendigits training set rendered through the
app's stroke path (:mod:`mnist_draw.preprocess`), the writing styles both lack
(:mod:`mnist_draw.writing_styles`), generated non-digits
(:mod:`mnist_draw.non_digits`) and the user's own samples. Never a test set.
No TensorFlow here: arrays in, arrays out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import data as mnist_data
from .. import non_digits, writing_styles
from ..reading import DIGITS, NOT_A_DIGIT_CLASS
from ..strokes_file import Drawing
from ..training_plan import TrainingRequest, user_sample_repeat

NON_DIGITS = 11_000  # generated non-digits in training: about an eighth of the data
# Held out of training, to fit the calibration and the "not a digit" threshold.
HOLDOUT_MNIST = 2_000
HOLDOUT_PEN_WRITERS = 3
HOLDOUT_NON_DIGITS = 3_000


@dataclass
class UserSamples:
    """The user's own samples: the part to train on and the part kept aside to measure."""

    images: np.ndarray
    labels: np.ndarray
    holdout_images: np.ndarray
    holdout_labels: np.ndarray
    repeat: int  # how many times an epoch shows each sample

    @classmethod
    def load(cls, folder: Path, limit: int | None) -> UserSamples:
        from ..samples import SampleStore

        store = SampleStore(folder)
        images, labels = store.training_arrays(held_out=False)
        holdout_images, holdout_labels = store.training_arrays(held_out=True)
        return cls(images, labels, holdout_images, holdout_labels, user_sample_repeat(len(labels), limit))


@dataclass
class Holdout:
    """Training-side data kept out of the fit, to calibrate the finished model."""

    images: np.ndarray  # uint8 (n, 28, 28): digits, then generated non-digits
    labels: np.ndarray  # 0-9, or NOT_A_DIGIT_CLASS


def _render(drawings: Sequence[Drawing]) -> tuple[np.ndarray, np.ndarray]:
    return writing_styles.render([(drawing.strokes, drawing.label) for drawing in drawings])


def assemble(
    request: TrainingRequest,
    samples: UserSamples | None,
    mnist: mnist_data.Mnist,
    pen_train: list[Drawing] | None,
    classes: int,
) -> tuple[np.ndarray, np.ndarray, dict[str, int], Holdout]:
    """Everything the network learns from, and what is held out to calibrate it;
    ``pen_train``: pendigits-train's drawings (:mod:`mnist_draw.pendigits`), if any.

    A short run (a limit on MNIST digits, as when fine-tuning) keeps the
    generated sets and the held-out ones small, in proportion.
    """
    rng = np.random.default_rng(request.seed)
    limit = request.effective_limit
    scale = 1.0 if limit is None else min(1.0, limit / len(mnist.train))
    keep_out = np.zeros(len(mnist.train), dtype=bool)
    keep_out[rng.choice(len(mnist.train), max(500, round(HOLDOUT_MNIST * scale)), replace=False)] = True
    train_split = mnist_data.Split(mnist.train.images[~keep_out], mnist.train.labels[~keep_out]).head(limit)
    parts = [(train_split.images, train_split.labels)]
    data_used = {"mnist_train": len(train_split)}
    held = [(mnist.train.images[keep_out], mnist.train.labels[keep_out])]
    parts.append(writing_styles.mnist_styles(train_split.images, train_split.labels, request.seed, max(10, round(1200 * scale))))
    data_used["mnist_styles"] = len(parts[-1][1])

    kept: list = []
    if pen_train is not None:
        drawings = pen_train
        if limit is not None and limit // 8 < len(drawings):
            # Spread over every writer, not the first few: a short run (a fine-tune)
            # that saw only a handful of hands would forget the others'.
            chosen = np.sort(rng.choice(len(drawings), max(1, limit // 8), replace=False))
            drawings = [drawings[i] for i in chosen]
        # Whole writers are held out, so calibration sees hands it was not trained on.
        writers = sorted({d.writer for d in drawings if d.writer})
        held_writers = set(rng.choice(writers, HOLDOUT_PEN_WRITERS, replace=False)) if limit is None and len(writers) > 10 else set()
        kept = [d for d in drawings if d.writer not in held_writers]
        # Pen-drawn digits are the style we most need and the rarest: shown as drawn, once
        # more retraced by a slightly different hand, once reshaped (other proportions),
        # and again in the styles of writing_styles (slashed, crossed, slanted).
        pen_images, pen_labels = _render(kept)
        parts.append((pen_images, pen_labels))
        data_used["pendigits_train"] = len(pen_labels)
        parts.append(writing_styles.retraced(kept, request.seed))
        data_used["pendigits_retraced"] = len(parts[-1][1])
        parts.append(writing_styles.reshaped(kept, request.seed))
        data_used["pendigits_reshaped"] = len(parts[-1][1])
        if held_writers:
            held.append(_render([d for d in drawings if d.writer in held_writers]))
    parts.append(writing_styles.pen_styles(kept, request.seed, scale))
    data_used["pen_styles"] = len(parts[-1][1])

    if classes > DIGITS:
        strokes = [[np.asarray(s, float)[:, :2] for s in d.strokes if len(s)] for d in kept[:2000]]
        made = non_digits.non_digit_images(max(20, round(NON_DIGITS * scale)), request.seed, strokes)
        parts.append((made, np.full(len(made), NOT_A_DIGIT_CLASS, np.uint8)))
        data_used["non_digits"] = len(made)
        held_made = non_digits.non_digit_images(max(300, round(HOLDOUT_NON_DIGITS * scale)), request.seed + 10_000, strokes)
        held.append((held_made, np.full(len(held_made), NOT_A_DIGIT_CLASS, np.uint8)))

    if samples is not None and len(samples.labels):
        parts += [(samples.images, samples.labels)] * samples.repeat
        data_used["user_samples"] = len(samples.labels)
    images = np.concatenate([p[0] for p in parts]).astype(np.float32)[..., None] / 255.0
    labels = np.concatenate([p[1] for p in parts]).astype(np.int32)
    holdout = Holdout(np.concatenate([p[0] for p in held]).astype(np.uint8), np.concatenate([p[1] for p in held]).astype(np.int64))
    return images, labels, data_used, holdout
