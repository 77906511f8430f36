"""Compose written numbers out of single pen-drawn digits, to test and measure number reading.

Real multi-digit handwriting is not in the data we may use, so numbers are laid
out from one writer's pendigits digits the way people write them: left to right,
heights varying by about 15%, the baseline wandering by about 10% of the height,
gaps between 0.1 and 0.6 of the height, and now and then two digits touching.
Everything is seeded, so a benchmark or a test sees the same numbers every run.

Amounts as people write them on a cheque or in a text carry marks too: commas
and points between the digits, a "$" before them, a dash, "=" or "/-" after
them. Those are drawn here as strokes by a hand that varies (size, place,
slant, tremor) and laid out with the digits (:func:`compose_amount`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .strokes_file import Drawing
from .writing_styles import _arc, _line, _wobble, shear

DIGIT_HEIGHT = 100.0  # the mean height of a composed digit, in stroke units
HEIGHT_SPREAD = 0.15  # each digit's height is DIGIT_HEIGHT times 1 +- this
BASELINE_SPREAD = 0.10  # and its bottom moves up or down by this share of DIGIT_HEIGHT
GAP_RANGE = (0.1, 0.6)  # gaps between digits' boxes, in digit heights
TOUCHING_GAP = -0.05  # a touching pair overlaps by this much (negative gap)
TOUCHING_SHARE = 0.15  # the share of gaps that are touching ones
# Harder cases, each measured on its own (compose_touching, compose_open_zeros): a digit
# written into the next by this share of a digit's height (a stroke running into it, or
# one digit over the other's edge), and a 0 left open at its top by a gap this wide.
OVERLAPS = (0.05, 0.15, 0.25)
OPEN_GAPS = (0.1, 0.2, 0.3)
DENSE_STEP = 0.01  # a stroke is opened after resampling it this finely (in its digit's heights)
SEPARATOR_GAP = (0.03, 0.2)  # a comma or a point sits this close to the digits on either side
MARK_GAP = (0.1, 0.45)  # other marks, this far from the digits
MARGIN = 20.0  # blank space around a composed number, in stroke units
SEPARATORS = ("comma", "point")  # marks written low between digits
LEADING_MARKS = ("dollar",)
TRAILING_MARKS = ("dash", "long dash", "equals", "slash dash")
MARK_KINDS = SEPARATORS + LEADING_MARKS + TRAILING_MARKS


@dataclass
class ComposedNumber:
    label: str  # the digits, left to right
    writer: str
    strokes: list[list[list[float]]]  # in drawing order, digit after digit
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # each digit's x0, y0, x1, y1
    marks: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)  # each mark's kind and box

    def to_json(self) -> str:
        return json.dumps({"label": self.label, "writer": self.writer, "strokes": self.strokes})


def compose_number(
    digits: Sequence[Drawing],
    rng: random.Random,
    touching_share: float = TOUCHING_SHARE,
    marks: Mapping[int, str] | None = None,
    touching_gap: float = TOUCHING_GAP,
) -> ComposedNumber:
    """Lay ``digits`` (pen drawings with labels) out left to right as one written
    number; ``marks`` puts a mark (one of MARK_KINDS) before the digit of that
    index (``len(digits)``: after the last one). Without marks the random draws,
    and so the numbers, are those of a plain number. A touching pair's boxes
    overlap by ``-touching_gap`` digit heights."""
    marks = marks or {}
    strokes: list[list[list[float]]] = []
    boxes = []
    placed_marks = []
    cursor = MARGIN
    bottom = MARGIN + 1.5 * DIGIT_HEIGHT
    for index in range(len(digits) + 1):
        kind = marks.get(index)
        if kind is not None:
            cursor += (index > 0) * DIGIT_HEIGHT * rng.uniform(*_gap_before(kind))
            mark_box = _place(draw_mark(kind, rng), cursor, bottom, strokes)
            placed_marks.append((kind, mark_box))
            cursor = max(cursor, mark_box[2])
        if index == len(digits):
            break
        drawing = digits[index]
        points = [np.asarray(stroke, dtype=np.float64)[:, :2] for stroke in drawing.strokes if len(stroke)]
        everything = np.concatenate(points)
        low, high = everything.min(axis=0), everything.max(axis=0)
        height = DIGIT_HEIGHT * (1 + rng.uniform(-HEIGHT_SPREAD, HEIGHT_SPREAD))
        scale = height / max(float(high[1] - low[1]), 1e-6)
        bottom = MARGIN + 1.5 * DIGIT_HEIGHT + DIGIT_HEIGHT * rng.uniform(-BASELINE_SPREAD, BASELINE_SPREAD)
        if kind is not None and kind in SEPARATORS:
            cursor += DIGIT_HEIGHT * rng.uniform(*SEPARATOR_GAP)  # a comma or a point sits close to both digits
        elif kind is not None:
            cursor += DIGIT_HEIGHT * rng.uniform(*MARK_GAP)
        elif index:
            gap = touching_gap if rng.random() < touching_share else rng.uniform(*GAP_RANGE)
            cursor += gap * DIGIT_HEIGHT
        offset = np.array([cursor, bottom - height]) - low * scale
        for stroke in points:
            strokes.append(np.round(stroke * scale + offset, 2).tolist())
        width = float(high[0] - low[0]) * scale
        boxes.append((cursor, bottom - height, cursor + width, bottom))
        cursor += width
    label = "".join(str(d.label) for d in digits)
    return ComposedNumber(label, digits[0].writer or "unknown", strokes, boxes, placed_marks)


def _by_writer(drawings: Sequence[Drawing]) -> dict[str, list[Drawing]]:
    """Labelled drawings grouped by writer: a number is written by one hand."""
    by_writer: dict[str, list[Drawing]] = defaultdict(list)
    for drawing in drawings:
        if drawing.strokes and drawing.label is not None:
            by_writer[drawing.writer or "unknown"].append(drawing)
    if not by_writer:
        raise ValueError("No labelled drawings to compose numbers from.")
    return by_writer


def compose_numbers(
    drawings: Sequence[Drawing],
    count: int,
    seed: int = 0,
    lengths: tuple[int, int] = (2, 6),
    touching_share: float = TOUCHING_SHARE,
    touching_gap: float = TOUCHING_GAP,
) -> list[ComposedNumber]:
    """``count`` numbers, each of a random length in ``lengths`` (inclusive) and
    from one randomly chosen writer's digits."""
    by_writer = _by_writer(drawings)
    writers = sorted(by_writer)
    rng = random.Random(seed)
    numbers = []
    for _ in range(count):
        own = by_writer[rng.choice(writers)]
        length = rng.randint(*lengths)
        numbers.append(compose_number([rng.choice(own) for _ in range(length)], rng, touching_share, touching_gap=touching_gap))
    return numbers


def compose_touching(
    drawings: Sequence[Drawing], count: int, overlap: float, seed: int = 0, lengths: tuple[int, int] = (2, 4)
) -> list[ComposedNumber]:
    """``count`` numbers (as :func:`compose_numbers`) in which every digit runs
    ``overlap`` digit heights into the next one's box."""
    return compose_numbers(drawings, count, seed, lengths, touching_share=1.0, touching_gap=-overlap)


def compose_open_zeros(
    drawings: Sequence[Drawing], count: int, gap: float, seed: int = 0, lengths: tuple[int, int] = (2, 4)
) -> list[ComposedNumber]:
    """``count`` numbers (as :func:`compose_numbers`, gaps as usual), each with at
    least one 0, every 0 left open at its top by ``gap`` of its height
    (:func:`open_at_top`); writers with no 0 are not drawn from."""
    by_writer = {writer: own for writer, own in _by_writer(drawings).items() if any(d.label == 0 for d in own)}
    writers = sorted(by_writer)
    rng = random.Random(seed)
    numbers = []
    for _ in range(count):
        own = by_writer[rng.choice(writers)]
        digits = [rng.choice(own) for _ in range(rng.randint(*lengths))]
        digits[rng.randrange(len(digits))] = rng.choice([d for d in own if d.label == 0])
        digits = [open_at_top(d, gap) if d.label == 0 else d for d in digits]
        numbers.append(compose_number(digits, rng, touching_share=0.0))
    return numbers


def open_at_top(drawing: Drawing, gap: float) -> Drawing:
    """A drawing with its ink taken out round its highest point, ``gap`` of its
    height wide and down through its upper third: a 0 whose ends do not meet. A
    stroke broken by the gap becomes two."""
    points = [np.asarray(stroke, dtype=np.float64)[:, :2] for stroke in drawing.strokes if len(stroke)]
    everything = np.concatenate(points)
    top, bottom = float(everything[:, 1].min()), float(everything[:, 1].max())
    height = max(bottom - top, 1e-6)
    centre = float(everything[np.argmin(everything[:, 1]), 0])
    opened: list[list[list[float]]] = []
    for stroke in points:
        dense = _resampled(stroke, DENSE_STEP * height)
        kept = (np.abs(dense[:, 0] - centre) > gap * height / 2) | (dense[:, 1] > top + height / 3)
        # Runs of kept points: each is a stroke of its own.
        edges = np.flatnonzero(np.diff(np.concatenate([[0], kept.astype(np.int8), [0]])))
        for start, stop in zip(edges[0::2], edges[1::2]):
            if stop - start >= 2:
                opened.append(np.round(dense[start:stop], 2).tolist())
    return dataclasses.replace(drawing, strokes=opened)


def _resampled(stroke: np.ndarray, step: float) -> np.ndarray:
    """A stroke's points with more put in along each segment, at most ``step`` apart."""
    if len(stroke) < 2:
        return stroke
    parts = [stroke[:1]]
    for a, b in zip(stroke[:-1], stroke[1:]):
        count = max(1, int(np.ceil(np.hypot(*(b - a)) / step)))
        parts.append(a + (b - a) * (np.arange(1, count + 1) / count)[:, None])
    return np.concatenate(parts)


def compose_amounts(drawings: Sequence[Drawing], count: int, seed: int = 0) -> list[ComposedNumber]:
    """``count`` amounts of 3 to 7 digits, each from one writer's digits, with marks
    as people write them: thousands separators, a decimal mark before two last
    digits, a "$" before, a dash, "=" or "/-" after; every amount has at least one."""
    by_writer = _by_writer(drawings)
    writers = sorted(by_writer)
    rng = random.Random(seed)
    amounts = []
    while len(amounts) < count:
        own = by_writer[rng.choice(writers)]
        length = rng.randint(3, 7)
        marks: dict[int, str] = {}
        whole = length
        if rng.random() < 0.4 and length >= 3:  # cents: "1,250.00"
            whole = length - 2
            marks[whole] = rng.choice(SEPARATORS)
        if rng.random() < 0.6:
            thousands = rng.choice(SEPARATORS)
            for position in range(whole - 3, 0, -3):
                marks[position] = thousands
        if rng.random() < 0.35:
            marks[0] = rng.choice(LEADING_MARKS)
        if rng.random() < 0.5:
            marks[length] = rng.choice(TRAILING_MARKS)
        if not marks:
            continue
        amounts.append(compose_number([rng.choice(own) for _ in range(length)], rng, touching_share=0.0, marks=marks))
    return amounts


def draw_mark(kind: str, rng: random.Random, height: float = DIGIT_HEIGHT) -> list[np.ndarray]:
    """A mark (one of MARK_KINDS) as a hand draws it: strokes in a line whose top is
    at y = 0 and whose baseline is at y = ``height``, starting at x = 0."""
    u = rng.uniform
    h = height
    if kind == "point":
        r = h * u(0.05, 0.1)
        centre = (r, h - r + h * u(-0.04, 0.04))
        strokes = [_arc(centre, (r, r * u(0.7, 1.1)), u(0, 360), u(300, 700), 10)]
    elif kind == "comma":
        top = h * u(-0.12, 0.0)
        strokes = [_line((h * u(0.05, 0.12), h + top), (0.0, h + h * u(0.12, 0.3)), 6)]
        if rng.random() < 0.5:  # a comma with a head
            r = h * u(0.03, 0.05)
            strokes[0] = np.concatenate([_arc((strokes[0][0][0], strokes[0][0][1] - r), (r, r), 90, 450, 8), strokes[0]])
    elif kind in ("dash", "long dash"):
        length = h * (u(0.3, 0.8) if kind == "dash" else u(0.8, 1.5))
        y = h * u(0.4, 0.65)
        strokes = [_line((0.0, y), (length, y - length * u(-0.08, 0.08)), 10)]
    elif kind == "equals":
        y = h * u(0.3, 0.5)
        gap = h * u(0.15, 0.3)
        length = h * u(0.35, 0.7)
        strokes = [_line((0.0, y), (length, y + h * u(-0.03, 0.03)), 8)]
        strokes.append(_line((h * u(-0.05, 0.05), y + gap), (length + h * u(-0.08, 0.08), y + gap + h * u(-0.03, 0.03)), 8))
    elif kind == "slash dash":
        low, high = (h * u(0.0, 0.1), h * u(0.85, 1.0)), (h * u(0.25, 0.45), h * u(0.0, 0.3))
        y = h * u(0.45, 0.6)
        start = low[0] + (high[0] - low[0]) * (low[1] - y) / (low[1] - high[1]) + h * u(0.0, 0.12)
        strokes = [_line(low, high, 8), _line((start, y), (start + h * u(0.25, 0.5), y + h * u(-0.04, 0.04)), 8)]
    elif kind == "dollar":
        tall, wide = h * u(0.8, 1.0), h * u(0.4, 0.6)
        top = h - tall + h * u(-0.05, 0.05)
        upper = _arc((wide / 2, top + tall / 4), (wide / 2, tall / 4), u(-40, -10), -270, 16)
        lower = _arc((wide / 2, top + 3 * tall / 4), (wide / 2, tall / 4), -90, u(130, 170), 16)
        bar = _line((wide / 2, top - h * u(0.05, 0.2)), (wide / 2 + h * u(-0.05, 0.05), top + tall + h * u(0.05, 0.2)), 10)
        strokes = [np.concatenate([upper, lower]), bar]
    else:
        raise ValueError(f"Unknown mark: {kind}")
    strokes = shear(strokes, u(-0.1, 0.3))
    strokes = _wobble(strokes, np.random.default_rng(rng.randrange(2**32)), amount=u(0.005, 0.02))
    left = min(float(s[:, 0].min()) for s in strokes)
    return [s - np.array([left, 0.0]) for s in strokes]


def _gap_before(kind: str) -> tuple[float, float]:
    """The gap between a digit and a mark after it, in digit heights."""
    return SEPARATOR_GAP if kind in SEPARATORS else MARK_GAP


def _place(
    mark: list[np.ndarray], left: float, baseline: float, strokes: list[list[list[float]]]
) -> tuple[float, float, float, float]:
    """Put a mark drawn by :func:`draw_mark` at ``left`` on the line ending at ``baseline``; its box."""
    offset = np.array([left, baseline - DIGIT_HEIGHT])
    placed = [np.round(s + offset, 2) for s in mark]
    strokes.extend(s.tolist() for s in placed)
    everything = np.concatenate(placed)
    low, high = everything.min(axis=0), everything.max(axis=0)
    return (float(low[0]), float(low[1]), float(high[0]), float(high[1]))


def write_numbers(numbers: Sequence[ComposedNumber], path: str | os.PathLike[str]) -> None:
    """Write numbers as a strokes file (JSON Lines), ``label`` a string of digits."""
    Path(path).write_text("".join(number.to_json() + "\n" for number in numbers), encoding="utf-8")


PRINTED_LINES = (
    "Amount paid", "Total due", "Invoice no.", "Order number", "Date of birth", "Room", "Phone", "Postal code",
    "Account", "Reference", "Qty", "Page", "Received by", "Serial no.", "Table", "Ticket no.",
)  # headings a number is written under on a form


def render_under_print(written: ComposedNumber, rng: random.Random, seed: int = 0) -> Image.Image:
    """A picture (dark ink on light paper, with grain) of a composed number written under a
    line of print, as on a form: a heading (PRINTED_LINES) in letters 0.14 to 0.3 of the
    digits' height, 0.1 to 0.4 heights above them, starting anywhere over their left half."""
    from PIL import ImageFont

    ink = np.asarray(render_picture(written.strokes, width=rng.uniform(4.0, 8.0)), dtype=np.float64)
    size = round(DIGIT_HEIGHT * rng.uniform(0.14, 0.3))
    font = ImageFont.load_default(size)
    text = rng.choice(PRINTED_LINES) + rng.choice(("", ":", " (write below)"))
    top = round(DIGIT_HEIGHT * rng.uniform(0.1, 0.4)) + 2 * size
    page = Image.new("L", (ink.shape[1] + 2 * size, ink.shape[0] + top), 0)
    page.paste(Image.fromarray(ink.astype(np.uint8)), (0, top))
    number_top = top + min(box[1] for box in written.boxes)
    left = rng.uniform(0.0, 0.5) * (max(box[2] for box in written.boxes) - MARGIN) + MARGIN
    ImageDraw.Draw(page).text((left, number_top - DIGIT_HEIGHT * rng.uniform(0.1, 0.4) - size), text, fill=255, font=font)
    return _on_paper(page, seed)


def render_after_label(written: ComposedNumber, rng: random.Random, seed: int = 0) -> Image.Image:
    """A picture (dark ink on light paper, with grain) of a composed number written after a
    printed label on its own line, as on a form ("Total: 52"): a heading (PRINTED_LINES)
    with a colon or not, in letters 0.25 to 0.5 of the digits' height (capitals about 0.7 of
    that), their foot within 0.1 heights of the digits' and 0.15 to 0.6 heights before them."""
    from PIL import ImageFont

    ink = np.asarray(render_picture(written.strokes, width=rng.uniform(4.0, 8.0)), dtype=np.float64)
    size = round(DIGIT_HEIGHT * rng.uniform(0.25, 0.5))
    font = ImageFont.load_default(size)
    text = rng.choice(PRINTED_LINES) + rng.choice(("", ":"))
    label_width = round(font.getlength(text))
    gap = round(DIGIT_HEIGHT * rng.uniform(0.15, 0.6))
    first = min(point[0] for stroke in written.strokes for point in stroke)  # a "$" before the digits too
    shift = label_width + gap + round(MARGIN - first)
    page = Image.new("L", (ink.shape[1] + max(0, shift), ink.shape[0]), 0)
    page.paste(Image.fromarray(ink.astype(np.uint8)), (max(0, shift), 0))
    foot = max(box[3] for box in written.boxes) + DIGIT_HEIGHT * rng.uniform(-0.1, 0.1)
    ImageDraw.Draw(page).text((MARGIN, foot), text, fill=255, font=font, anchor="ls")
    return _on_paper(page, seed)


def _on_paper(page: Image.Image, seed: int) -> Image.Image:
    """White-on-black ink as dark ink on light paper, with grain."""
    pixels = 235.0 - np.asarray(page, dtype=np.float64) * (200.0 / 255.0)
    pixels = pixels + np.random.default_rng(seed).normal(0.0, 0.03 * 255.0, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


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
