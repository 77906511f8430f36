"""A laptop's keyboard along the border of a photo of a written number: its keys are left out."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from mnist_draw import number
from mnist_draw.keyboard import key_mask
from mnist_draw.model_store import load_model_folder
from mnist_draw.number_composer import compose_numbers, render_picture
from mnist_draw.resources import bundled_model_dir
from mnist_draw.strokes_file import load_labelled


@pytest.fixture(scope="module")
def classifier():
    return load_model_folder(bundled_model_dir(), "bundled").classifier


@pytest.fixture(scope="module")
def written(pendigits_test_file):
    return compose_numbers(load_labelled(pendigits_test_file), 6, seed=3)


def _photo_with_keys(written, deck: float, size=(1200, 900), band=0.12, key=0.055) -> Image.Image:
    """A page with ``written`` on it and the keyboard's deck (grey, 0-1) along the bottom, a row
    of dark keys on it, each with its letter, and the next row cut by the picture's border."""
    from PIL import ImageFont

    width, height = size
    ink = np.asarray(render_picture(written.strokes, width=6.0), dtype=np.float32) / 255
    scale = 0.16 * height / ink.shape[0]
    size_on_page = (round(ink.shape[1] * scale), round(ink.shape[0] * scale))
    shrunk = Image.fromarray((ink * 255).astype(np.uint8)).resize(size_on_page, Image.Resampling.BOX)
    page = np.full((height, width), 0.93, dtype=np.float32)
    top, left = int(0.3 * height), (width - shrunk.width) // 2
    page[top : top + shrunk.height, left : left + shrunk.width] *= 1 - 0.85 * np.asarray(shrunk, dtype=np.float32) / 255
    strip = Image.new("F", (width, int(band * height)), deck)
    draw = ImageDraw.Draw(strip)
    side, gap = key * width, 0.2 * key * width
    font = ImageFont.load_default(round(0.35 * side))
    for row in range(2):
        y = 0.25 * strip.height + row * (side + gap)
        for index, x in enumerate(np.arange(-0.4 * side + row * 0.3 * side, width, side + gap)):
            draw.rounded_rectangle((x, y, x + side, y + side), radius=0.12 * side, fill=0.08 if deck > 0.5 else 0.15)
            draw.text((x + 0.3 * side, y + 0.25 * side), "QWERTYUIOPASDFGHJKL"[index % 19], fill=0.85, font=font)
    page[height - strip.height :] = np.asarray(strip)
    noisy = page + np.random.default_rng(0).normal(0, 0.01, page.shape)
    return Image.fromarray((np.clip(noisy, 0, 1) * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))


@pytest.mark.parametrize("deck", [0.85, 0.3], ids=["keys_apart_on_a_light_deck", "keys_joined_by_a_dark_deck"])
def test_a_number_photographed_with_a_keyboard_along_the_bottom_is_read_without_its_keys(classifier, tmp_path, written, deck):
    # The keys, as dark as ink, were read with the number: "Mark 2 is not a digit" (all 12
    # before). Apart on a light deck they are left out as keys (key_mask); joined by a dark
    # deck, as a mark along the picture's side (number_picture.ALONG_SIDE).
    right = 0
    for index, one in enumerate(written):
        path = tmp_path / f"keys{index}.jpg"
        _photo_with_keys(one, deck).convert("RGB").save(path, quality=90)
        right += number.read_image(classifier, path).number == one.label
    assert right >= len(written) - 1


def test_a_row_of_solid_keys_along_the_border_is_found_and_a_row_of_digits_is_not():
    keys = np.zeros((300, 400), dtype=np.float32)
    for x in range(-10, 400, 36):
        keys[262:292, max(0, x) : x + 30] = 1.0  # a row of keys
        keys[296:, max(0, x + 8) : x + 38] = 1.0  # the next row, cut by the border
    keys[270:280, 10:400:36] = 0.0
    mask = key_mask(keys)
    assert mask is not None and mask[262:].sum() > 0.9 * (keys[262:] > 0).sum()

    # A row of bold 0s of one size cut by the bottom edge: their strokes leave most of their boxes paper.
    zeros = Image.new("L", (400, 300), 0)
    draw = ImageDraw.Draw(zeros)
    for left in range(40, 360, 70):
        draw.ellipse((left, 240, left + 50, 310), outline=255, width=12)
    assert key_mask(np.asarray(zeros, dtype=np.float32) / 255) is None
