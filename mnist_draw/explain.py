"""Why this digit? Occlusion sensitivity: which ink pushed the reading towards the
top digit, and which towards the runner-up.

Each patch of the model's 28x28 input that holds ink is blanked in a copy of the
input; all the copies are read in one batched call. A patch's weight is how much
blanking it lowers the model's preference for the top digit over the runner-up,
``log p(top) - log p(runner-up)``: positive where the ink supported the top digit,
negative where it supported the runner-up. Each pixel gets the mean weight of
the patches covering it.

It needs nothing but the classifier (no TensorFlow, no gradients), so it works
for any exported model. :func:`field_rect` maps the 28x28 map back onto the
drawing, for drawing the map over what the user drew.

Cost: one model reading per inked patch, about 20 to 40 for a digit (see
``benchmarks/bench_explain.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .classifier import Classifier
from .device_strokes import as_drawn
from .preprocess import BOX, SIDE, STROKE_FRACTION, SUPERSAMPLE, clean_strokes
from .stroke_slant import set_up_shear, upright

# A drawing set up by up to this much (a 7 whose diagonal counts as lean, a digit just past
# training's slants) lies at most a tenth of its height off at its top and foot, under a
# stroke's width: its map is laid over the strokes; one set up further is shown beside.
MOST_SHEAR = 0.2
PATCH = 7  # pixels a side: about two strokes' widths, the scale of a digit's parts
STRIDE = 4  # patches overlap, so every inner pixel is covered by one or two a side; a
# finer grid reads half as many copies again for a map that looks the same once smoothed
# Patch corners from just before the field to just past it, so edge pixels are covered too.
STARTS = tuple(range(-(PATCH - STRIDE) // 2, SIDE, STRIDE))
INK = 1e-3  # a patch with less ink than this in all is empty: blanking it changes nothing
TINY = 1e-30  # floor for probabilities before the logarithm


@dataclass(frozen=True)
class Explanation:
    """A signed 28x28 map over the model's input, and the two digits it compares."""

    heat: np.ndarray  # (28, 28) float32: + pushed towards ``top``, - towards ``runner_up`` (in nats)
    top: int
    runner_up: int
    margin: float  # log p(top) - log p(runner-up) for the whole input
    patches: int  # how many occluded copies were read

    def scaled(self) -> np.ndarray:
        """The map in -1..1 (divided by its largest magnitude), for colouring."""
        peak = float(np.abs(self.heat).max())
        return self.heat / peak if peak > 0 else self.heat.copy()


def _patch_boxes() -> list[tuple[int, int, int, int]]:
    boxes = []
    for row in STARTS:
        for col in STARTS:
            top, left = max(0, row), max(0, col)
            bottom, right = min(SIDE, row + PATCH), min(SIDE, col + PATCH)
            if bottom > top and right > left:
                boxes.append((top, bottom, left, right))
    return boxes


def _spread_weights() -> np.ndarray:
    """How each patch's weight spreads over the pixels: a tent STRIDE wide on each
    side of the patch's centre. Neighbouring tents sum to one, so the map is the
    patches' weights interpolated bilinearly between their centres: smooth, where
    spreading each over its square would leave a checkerboard of STRIDE-pixel blocks."""
    axis = np.arange(SIDE, dtype=np.float64)
    tents = {start: np.maximum(0.0, 1 - np.abs(axis - (start + (PATCH - 1) / 2)) / STRIDE) for start in STARTS}
    weights = np.stack([np.outer(tents[row], tents[col]) for row in STARTS for col in STARTS])
    return (weights / np.maximum(weights.sum(axis=0), 1e-9)).astype(np.float32)


BOXES = _patch_boxes()
_WEIGHTS = _spread_weights()  # (patches, 28, 28)


def explain(classifier: Classifier, pixels: np.ndarray) -> Explanation:
    """The occlusion map of one 28x28 model input (float, 0-1, white ink on black)."""
    image = np.asarray(pixels, dtype=np.float32).reshape(SIDE, SIDE)
    inked = [i for i, (top, bottom, left, right) in enumerate(BOXES) if float(image[top:bottom, left:right].sum()) > INK]
    copies = np.repeat(image[None], len(inked) + 1, axis=0)  # copy 0 stays whole: the baseline
    for copy, patch in enumerate(inked, start=1):
        top, bottom, left, right = BOXES[patch]
        copies[copy, top:bottom, left:right] = 0.0
    probabilities = classifier.predict_batch(copies)
    ranked = np.argsort(-probabilities[0])
    first, second = int(ranked[0]), int(ranked[1])
    logs = np.log(np.maximum(probabilities[:, [first, second]].astype(np.float64), TINY))
    preference = logs[:, 0] - logs[:, 1]
    drops = (preference[0] - preference[1:]).astype(np.float32)
    # Blanking an empty patch changes nothing: the patches not read weigh zero.
    heat = np.tensordot(drops, _WEIGHTS[inked], axes=1) if inked else np.zeros((SIDE, SIDE), np.float32)
    return Explanation(heat.astype(np.float32), first, second, float(preference[0]), len(inked))


# --- back onto the drawing ------------------------------------------------------------------


def stroke_ink_box(strokes: Sequence) -> tuple[float, float, float, float] | None:
    """The box (left, top, right, bottom, in the strokes' units) of the ink the model
    reads in ``strokes``: their points' bounds widened by half the model-side stroke
    width, which :func:`mnist_draw.preprocess.render_strokes` sets from the digit's size.
    Taps the model does not see (:func:`mnist_draw.device_strokes.as_drawn`) are no
    part of it: with them the map lay shrunk and off the digit. Writing leaning far is
    measured as the model reads it, set up (:func:`mnist_draw.stroke_slant.upright`):
    the field's scale is that of its box."""
    cleaned = upright(as_drawn(clean_strokes(strokes)))
    if not cleaned:
        return None
    everything = np.concatenate(cleaned)
    low, high = everything.min(axis=0), everything.max(axis=0)
    extent = float((high - low).max())
    side = BOX * SUPERSAMPLE
    width = STROKE_FRACTION * side
    half = width / 2 * extent / (side - width)
    return float(low[0] - half), float(low[1] - half), float(high[0] + half), float(high[1] + half)


def lies_as_read(strokes: Sequence) -> bool:
    """Whether the model reads ``strokes`` near enough where they lie for its map to be laid
    over them: writing leaning far is set up first (:func:`mnist_draw.stroke_slant.upright`),
    and a map laid over strokes sheared by more than MOST_SHEAR would colour beside
    them at their top and foot."""
    return abs(set_up_shear(as_drawn(clean_strokes(strokes)))) <= MOST_SHEAR


def field_rect(pixels: np.ndarray, ink_box: tuple[float, float, float, float]) -> tuple[float, float, float, float] | None:
    """Where the model's whole 28x28 field lies over the source, as (left, top, width,
    height) in the units of ``ink_box``, the box of the ink the model read.

    Preprocessing fits the ink's longer side into MNIST's 20-pixel box and places it
    by centre of mass, so the inked rows and columns of ``pixels`` are the ink box,
    20 pixels along its longer side. A heat map drawn into this rectangle lies over
    the strokes it explains. None when ``pixels`` holds no ink.
    """
    image = np.asarray(pixels).reshape(SIDE, SIDE)
    rows = np.flatnonzero(image.max(axis=1) > 0)
    cols = np.flatnonzero(image.max(axis=0) > 0)
    left, top, right, bottom = ink_box
    if not len(rows) or max(right - left, bottom - top) <= 0:
        return None
    unit = max(right - left, bottom - top) / BOX  # source units per model pixel
    field_left = _field_start(cols, left, right, unit)
    field_top = _field_start(rows, top, bottom, unit)
    return field_left, field_top, SIDE * unit, SIDE * unit


def _field_start(inked: np.ndarray, low: float, high: float, unit: float) -> float:
    # Align on an edge of the ink the field did not clip (a lopsided digit
    # placed by its centre of mass can run off one side).
    first, last = int(inked[0]), int(inked[-1])
    if first == 0 and last < SIDE - 1:
        return high - (last + 1) * unit
    return low - first * unit
