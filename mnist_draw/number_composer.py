"""Compose written numbers out of single pen-drawn digits, to test and measure number reading.

Real multi-digit handwriting is not in the data we may use, so numbers are laid
out from one writer's pendigits digits the way people write them: left to right,
heights varying by about 15%, the baseline wandering by about 10% of the height,
gaps between 0.1 and 0.6 of the height, and now and then two digits touching.
Everything is seeded, so a benchmark or a test sees the same numbers every run.
"""

from __future__ import annotations

import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .strokes_file import Drawing

DIGIT_HEIGHT = 100.0  # the mean height of a composed digit, in stroke units
HEIGHT_SPREAD = 0.15  # each digit's height is DIGIT_HEIGHT times 1 +- this
BASELINE_SPREAD = 0.10  # and its bottom moves up or down by this share of DIGIT_HEIGHT
GAP_RANGE = (0.1, 0.6)  # gaps between digits' boxes, in digit heights
TOUCHING_GAP = -0.05  # a touching pair overlaps by this much (negative gap)
TOUCHING_SHARE = 0.15  # the share of gaps that are touching ones
MARGIN = 20.0  # blank space around a composed number, in stroke units


@dataclass
class ComposedNumber:
    label: str  # the digits, left to right
    writer: str
    strokes: list[list[list[float]]]  # in drawing order, digit after digit
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # each digit's x0, y0, x1, y1

    def to_json(self) -> str:
        return json.dumps({"label": self.label, "writer": self.writer, "strokes": self.strokes})


def compose_number(digits: Sequence[Drawing], rng: random.Random, touching_share: float = TOUCHING_SHARE) -> ComposedNumber:
    """Lay ``digits`` (pen drawings with labels) out left to right as one written number."""
    strokes: list[list[list[float]]] = []
    boxes = []
    cursor = MARGIN
    for index, drawing in enumerate(digits):
        points = [np.asarray(stroke, dtype=np.float64)[:, :2] for stroke in drawing.strokes if len(stroke)]
        everything = np.concatenate(points)
        low, high = everything.min(axis=0), everything.max(axis=0)
        height = DIGIT_HEIGHT * (1 + rng.uniform(-HEIGHT_SPREAD, HEIGHT_SPREAD))
        scale = height / max(float(high[1] - low[1]), 1e-6)
        bottom = MARGIN + 1.5 * DIGIT_HEIGHT + DIGIT_HEIGHT * rng.uniform(-BASELINE_SPREAD, BASELINE_SPREAD)
        if index:
            gap = TOUCHING_GAP if rng.random() < touching_share else rng.uniform(*GAP_RANGE)
            cursor += gap * DIGIT_HEIGHT
        offset = np.array([cursor, bottom - height]) - low * scale
        for stroke in points:
            strokes.append(np.round(stroke * scale + offset, 2).tolist())
        width = float(high[0] - low[0]) * scale
        boxes.append((cursor, bottom - height, cursor + width, bottom))
        cursor += width
    label = "".join(str(d.label) for d in digits)
    return ComposedNumber(label, digits[0].writer or "unknown", strokes, boxes)


def compose_numbers(
    drawings: Sequence[Drawing],
    count: int,
    seed: int = 0,
    lengths: tuple[int, int] = (2, 6),
    touching_share: float = TOUCHING_SHARE,
) -> list[ComposedNumber]:
    """``count`` numbers, each of a random length in ``lengths`` (inclusive) and
    from one randomly chosen writer's digits."""
    by_writer: dict[str, list[Drawing]] = defaultdict(list)
    for drawing in drawings:
        if drawing.strokes and drawing.label is not None:
            by_writer[drawing.writer or "unknown"].append(drawing)
    writers = sorted(by_writer)
    if not writers:
        raise ValueError("No labelled drawings to compose numbers from.")
    rng = random.Random(seed)
    numbers = []
    for _ in range(count):
        own = by_writer[rng.choice(writers)]
        length = rng.randint(*lengths)
        numbers.append(compose_number([rng.choice(own) for _ in range(length)], rng, touching_share))
    return numbers


def write_numbers(numbers: Sequence[ComposedNumber], path: str | os.PathLike[str]) -> None:
    """Write numbers as a strokes file (JSON Lines), ``label`` a string of digits."""
    Path(path).write_text("".join(number.to_json() + "\n" for number in numbers), encoding="utf-8")


def render_picture(
    strokes: Sequence[Sequence[Sequence[float]]],
    width: float = 5.0,
    dark_on_light: bool = False,
    noise: float = 0.0,
    seed: int = 0,
) -> Image.Image:
    """A greyscale picture of strokes (one pixel per stroke unit), as a scan or a
    screenshot of the written number would be; ``noise`` adds paper grain."""
    points = np.concatenate([np.asarray(s, dtype=np.float64)[:, :2] for s in strokes if len(s)])
    size = (int(points[:, 0].max() + MARGIN), int(points[:, 1].max() + MARGIN))
    picture = Image.new("L", size, 0)
    draw = ImageDraw.Draw(picture)
    for stroke in strokes:
        flat = [float(v) for point in stroke for v in point[:2]]
        if len(flat) >= 4:
            draw.line(flat, fill=255, width=round(width), joint="curve")
        for x, y in zip(flat[0::2], flat[1::2]):
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=255)
    picture = picture.filter(ImageFilter.GaussianBlur(0.7))
    pixels = np.asarray(picture, dtype=np.float64)
    if dark_on_light:
        pixels = 235.0 - pixels * (200.0 / 255.0)
    if noise:
        pixels = pixels + np.random.default_rng(seed).normal(0.0, noise * 255.0, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
