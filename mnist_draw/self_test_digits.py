"""A few digits built into the program, for the self-test and the benchmark.

Drawn by hand as strokes on a 100x100 grid, y down; the "photo" is one of them
inked dark on unevenly lit paper, so the self-test also exercises the image path.
"""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, steps: int = 24) -> list:
    return [
        (cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
        for a in np.linspace(start, end, steps)
    ]


SAMPLE_STROKES: dict[int, list] = {
    0: [_arc(50, 50, 24, 38, -90, 270, 40)],
    1: [[(40, 22), (52, 12), (52, 88)]],
    2: [_arc(50, 35, 22, 22, 200, 360, 16) + [(68, 50), (30, 88), (74, 88)]],
    3: [_arc(48, 31, 20, 18, 210, 450, 18) + _arc(48, 67, 22, 20, -90, 150, 18)],
    4: [[(58, 10), (26, 64), (78, 64)], [(60, 38), (60, 92)]],
    7: [[(26, 14), (74, 14), (40, 90)], [(36, 52), (66, 52)]],
}


# Drawings that are not digits, which a model with a "not a digit" answer must turn away.
NON_DIGIT_STROKES: dict[str, list] = {
    "a letter A": [[(10, 100), (50, 0), (90, 100)], [(28, 60), (72, 60)]],
    "a smiley": [
        _arc(50, 50, 45, 45, 0, 360, 32),
        _arc(33, 36, 4, 5, 0, 360, 8),
        _arc(67, 36, 4, 5, 0, 360, 8),
        _arc(50, 55, 25, 18, 20, 160, 12),
    ],
    "a star": [[(50, 0), (79, 90), (2, 34), (98, 34), (21, 90), (50, 0)]],
    "a letter i": [[(50, 30), (50, 100)], [(50, 5), (51, 6)]],  # a 1 to the model: the dot above turns it away
}


def sample_photo(digit: int = 7, size: int = 240) -> bytes:
    """A PNG of ``digit`` in dark ink on light paper that is brighter on one side."""
    scale = size / 100
    paper = np.linspace(0.95, 0.75, size, dtype=np.float32)[None, :].repeat(size, axis=0)
    ink = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(ink)
    for stroke in SAMPLE_STROKES[digit]:
        points = [(x * scale, y * scale) for x, y in stroke]
        draw.line(points, fill=255, width=int(9 * scale), joint="curve")
    ink = ink.filter(ImageFilter.GaussianBlur(1.5))
    picture = paper * (1 - 0.8 * np.asarray(ink, dtype=np.float32) / 255)
    buffer = io.BytesIO()
    Image.fromarray(np.uint8(picture * 255)).save(buffer, format="PNG")
    return buffer.getvalue()
