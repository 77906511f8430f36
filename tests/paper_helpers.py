"""Photos of paper for the tests of the ink finder (test_paper.py, test_paper_brightness.py,
test_printing.py, test_ink_shape.py): digits written with a round pen on grainy paper,
shaded, saved as real image files and read by the real path."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from mnist_draw.preprocess import read_picture
from mnist_draw.self_test_digits import SAMPLE_STROKES

def arc(cx, cy, rx, ry, start, end, steps=30):
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a))) for a in np.linspace(start, end, steps)]


DIGITS = {  # strokes on a 100x100 grid, y down
    0: SAMPLE_STROKES[0],
    2: SAMPLE_STROKES[2],
    4: SAMPLE_STROKES[4],
    6: [[(64, 12), (46, 30), (34, 52)] + arc(50, 68, 17, 20, 180, 540)],
    7: SAMPLE_STROKES[7],
}


def page(size=(400, 400), paper=(242, 242, 238), texture=4.0, seed=0) -> Image.Image:
    """Paper with a little grain, as a phone sees it."""
    rng = np.random.default_rng(seed)
    width, height = size
    grain = rng.normal(0, texture, (height, width, 1))
    return Image.fromarray(np.clip(np.asarray(paper, dtype=np.float64) + grain, 0, 255).astype(np.uint8), "RGB")


def write(picture: Image.Image, strokes, box, colour=(20, 20, 25), width=None) -> Image.Image:
    """Draw ``strokes`` (100x100 grid) into ``box`` = (left, top, side) with a round pen."""
    left, top, side = box
    pen = width or max(1, round(side * 0.1))
    draw = ImageDraw.Draw(picture)
    for stroke in strokes:
        points = [(left + x * side / 100, top + y * side / 100) for x, y in stroke]
        draw.line(points, fill=colour, width=pen, joint="curve")
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill=colour)
    return picture


def shade(picture: Image.Image, light: np.ndarray) -> Image.Image:
    values = np.asarray(picture, dtype=np.float64) * light[..., None]
    return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8), "RGB")


def read(classifier, picture: Image.Image, tmp_path, name="photo.jpg", quality=88):
    """Save as a real file, read it back through the image path: (digit or None, found ink)."""
    path = tmp_path / name
    if name.endswith(".jpg"):
        picture.convert("RGB").save(path, quality=quality)
    else:
        picture.save(path)
    prepared, found = read_picture(path)
    digit = None if prepared.is_blank else int(classifier.predict(prepared.pixels).argmax())
    return digit, found


def save_turned(upright: Image.Image, path, orientation: int, **options) -> None:
    """Save ``upright`` as a camera stores a turned photo: its pixels as the sensor saw
    them and an EXIF orientation (1-8) saying how to turn them upright."""
    from mnist_draw.close_up import TURNS

    turn = TURNS.get(orientation)
    undo = {Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90}
    stored = upright if turn is None else upright.transpose(undo.get(turn, turn))
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, exif=exif, **options)


def small_number(size=(3200, 2400), side=60, digits=(2, 4, 0, 7), at=(0.55, 0.3), seed=3, step=0.8):
    """A page photographed whole with a number written small on it (each digit ``side``
    pixels, ``step`` sides from the last, ``at`` a share of the page's width and height):
    a few pixels tall once the picture is shrunk to the working copy. Also each digit's
    box (left, top, right, bottom)."""
    picture = page(size, seed=seed)
    boxes = []
    for k, digit in enumerate(digits):
        left, top = size[0] * at[0] + k * side * step, size[1] * at[1]
        write(picture, DIGITS[digit], (left, top, side), width=max(2, round(side * 0.1)))
        boxes.append((left, top, left + side, top + side))
    return picture, boxes


def blot_photo(box: tuple[float, float, float, float], size=(400, 400), seed=1) -> Image.Image:
    """A phone-photo-like picture of a filled blot of ink (an ellipse in ``box``), its edge
    softly blurred, on unevenly lit greyish paper."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    paper = 210 + 12 * x / width - 15 * y / height + np.random.default_rng(seed).normal(0, 3, (height, width))
    ink = Image.new("L", size, 0)
    ImageDraw.Draw(ink).ellipse(box, fill=255)
    strength = np.asarray(ink.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float64)[..., None] / 255
    rgb = np.stack([paper, paper * 0.98, paper * 0.93], -1) * (1 - strength) + np.array([30, 35, 70]) * strength
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
