"""The classic MNIST tutorials' two networks, reading a drawing the tutorial's way and the app's.

A tutorial's drawing app feeds its network the whole canvas shrunk to 28x28:
no crop to the ink, no fitting into MNIST's 20x20 box, no centring by mass, the
strokes as thick as the brush drew them. This app crops, fits and centres first
(:mod:`mnist_draw.preprocess`). Reading one drawing both ways, with the
tutorials' networks beside the app's, shows a learner what that preparation (and
the app's augmented training) changes.

Core module: numpy, Pillow and LiteRT, never TensorFlow. The networks are
trained by :mod:`mnist_draw.training.tutorial_recipes` and bundled in
``resources/tutorial/mlp`` and ``resources/tutorial/cnn``; their recipes are
``training_plan.TUTORIAL_RECIPES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw

from . import model_files, resources
from .classifier import Classifier
from .preprocess import BOX, SIDE, ModelInput, clean_strokes

# Each recipe's network, under resources/tutorial/; what a learner is told about
# each is training_plan.RECIPE_DESCRIPTIONS.
FOLDERS = {"tutorial-mlp": "mlp", "tutorial-cnn": "cnn"}
SHORT_NAMES = {"tutorial-mlp": "tutorial dense network", "tutorial-cnn": "tutorial CNN"}

# The tutorial way, on this app's canvas: the window's paper is CANVAS_SIDE units
# square (ui.canvas.PAPER_SIDE) and its default brush BRUSH units wide
# (ui.canvas.DEFAULT_BRUSH); a test checks they agree.
CANVAS_SIDE = 280
BRUSH = 18.0
# When strokes from elsewhere (pendigits) are put on the canvas, they are drawn
# the way that favours the tutorial most: centred, the larger side 20/28 of the
# canvas, as large as MNIST's own digits are in their 28x28 field.
DIGIT_FRACTION = BOX / SIDE

TUTORIAL_WAY = "tutorial"
APP_WAY = "app"


def tutorial_dir() -> Path:
    return resources.resource_root() / "tutorial"


def tutorial_input(canvas: np.ndarray) -> ModelInput:
    """What a tutorial's app feeds its network: the whole canvas image, shrunk to 28x28.

    Precisely: the canvas's luminance in 0-1 (an RGB or RGBA image is converted
    with Pillow's ITU-R 601 weights; uint8 or float in 0-1), inverted when the
    paper is light (median above one half), so the ink is white on black as in
    MNIST; then area-averaged down to 28x28 (Pillow's BOX filter, as OpenCV's
    INTER_AREA). Nothing else: no crop, no centring, no change of stroke width.
    A canvas with no ink on it is blank.
    """
    array = np.asarray(canvas)
    if array.ndim == 3:
        array = np.asarray(Image.fromarray(_to_uint8(array[..., :3])).convert("L"))
    if array.ndim != 2 or min(array.shape) < 1:
        raise ValueError(f"A canvas image must be 2-D (or RGB); got shape {array.shape}.")
    gray = array.astype(np.float32) / 255.0 if array.dtype == np.uint8 else np.clip(array.astype(np.float32), 0, 1)
    if float(np.median(gray)) > 0.5:
        gray = 1.0 - gray
    if float(gray.max() - gray.min()) < 1e-3:
        return ModelInput.blank("Nothing drawn yet.")
    small = Image.fromarray(np.ascontiguousarray(gray), mode="F").resize((SIDE, SIDE), Image.Resampling.BOX)
    return ModelInput(np.clip(np.asarray(small, dtype=np.float32), 0.0, 1.0))


def render_canvas(strokes: Sequence, side: int = CANVAS_SIDE, brush: float | Sequence[float] = BRUSH) -> np.ndarray:
    """Strokes in canvas units (``side`` square, y down) drawn as the window shows
    them: white ink ``brush`` wide (one width for all, or one a stroke) with round
    ends, on black, uint8."""
    widths = [float(brush)] * len(strokes) if isinstance(brush, (int, float)) else [float(b) for b in brush]
    if len(widths) != len(strokes):
        raise ValueError(f"{len(widths)} brush widths for {len(strokes)} strokes")
    picture = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(picture)
    for raw, width in zip(strokes, widths):
        radius = width / 2
        for stroke in clean_strokes([raw]):
            if len(stroke) > 1:
                draw.line(stroke.ravel().tolist(), fill=255, width=max(1, round(width)))
            for x, y in stroke.tolist():
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    return np.asarray(picture)


def place_on_canvas(strokes: Sequence, side: int = CANVAS_SIDE) -> list[np.ndarray]:
    """Strokes from any source moved onto the canvas as a tidy drawing: centred,
    the larger side DIGIT_FRACTION of the canvas, the aspect ratio kept."""
    cleaned = clean_strokes(strokes)
    if not cleaned:
        return []
    everything = np.concatenate(cleaned)
    low, high = everything.min(axis=0), everything.max(axis=0)
    extent = max(float((high - low).max()), 1e-9)
    scale = DIGIT_FRACTION * side / extent
    centre = (low + high) / 2
    return [(stroke - centre) * scale + side / 2 for stroke in cleaned]


@dataclass(frozen=True)
class NetworkReading:
    name: str  # "app", "tutorial-mlp", "tutorial-cnn"
    label: str  # for a learner
    probabilities: np.ndarray | None  # None: nothing to read
    fed: np.ndarray | None = None  # the 28x28 input the network read

    @property
    def digit(self) -> int | None:
        return None if self.probabilities is None else int(np.argmax(self.probabilities))


class TutorialNetworks:
    """The two tutorial networks, loaded once, reading beside the app's model."""

    def __init__(self, folder: Path | None = None) -> None:
        root = Path(folder) if folder is not None else tutorial_dir()
        self.classifiers = {name: Classifier(root / sub / model_files.TFLITE_NAME) for name, sub in FOLDERS.items()}

    def compare(
        self, app: Classifier, app_input: ModelInput, canvas: np.ndarray | None, way: str = TUTORIAL_WAY
    ) -> list[NetworkReading]:
        """The app's reading (always through its own preprocessing, ``app_input``)
        and the two tutorial networks', fed ``way``: the whole ``canvas`` image
        (:func:`tutorial_input`) or ``app_input``, as this app prepares it."""
        if way not in (TUTORIAL_WAY, APP_WAY):
            raise ValueError(f"way must be {TUTORIAL_WAY!r} or {APP_WAY!r}, not {way!r}")
        readings = [NetworkReading("app", "this app's network", _read(app, app_input), app_input.pixels)]
        tutorial_fed = app_input if way == APP_WAY or canvas is None else tutorial_input(canvas)
        for name, classifier in self.classifiers.items():
            readings.append(NetworkReading(name, SHORT_NAMES[name], _read(classifier, tutorial_fed), tutorial_fed.pixels))
        return readings


def _read(classifier: Classifier, prepared: ModelInput) -> np.ndarray | None:
    return None if prepared.pixels is None else classifier.predict(prepared.pixels)


def _to_uint8(array: np.ndarray) -> np.ndarray:
    if array.dtype == np.uint8:
        return np.ascontiguousarray(array)
    return np.ascontiguousarray(np.clip(np.round(array.astype(np.float64) * 255), 0, 255).astype(np.uint8))


def strokes_tutorial_input(strokes: Sequence, brush: float = BRUSH) -> ModelInput:
    """A drawing from a strokes file fed the tutorial's way: placed on the canvas
    (:func:`place_on_canvas`), drawn with the window's brush, shrunk whole."""
    placed = place_on_canvas(strokes)
    if not placed:
        return ModelInput.blank("Nothing drawn yet.")
    return tutorial_input(render_canvas(placed, brush=brush))

