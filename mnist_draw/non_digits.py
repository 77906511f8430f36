"""Drawings that are not digits, made for training the "not a digit" answer.

A network trained only on digits answers every drawing with a digit, often
confidently: an "A" reads 4, a smiley 0, a dash 2. Shown letters, symbols,
scribbles, shapes and crossed-out marks as an eleventh class, it learns to say
so. All are drawn as strokes and rendered through the app's own stroke path, so
they look to the network exactly as a user's drawing does.

Letters come from the Hershey single-stroke fonts (plain, script, Greek and
Cyrillic), warped, bent and wobbled like handwriting. Letters that truly look like digits (O, l,
S, Z, b, g, ...) are left out: a user who draws one may fairly be read as a digit.
"""

from __future__ import annotations

import math
from typing import Callable, Iterator, Sequence

import numpy as np

from .reading import NOT_A_DIGIT_CLASS
from .writing_styles import Strokes, _arc, _line, _warp, _wobble, render, shear

# Latin letters that may be read as a digit: O0 o0 Q0 I1 l1 Z2 z2 S5 s5 B8 b6 G6
# g9 q9 y4. Kept as letters (they are not a digit as written, and unseen fonts' D, J,
# T, d, i, j were read as digits 50-100% of the time): D (a straight side), T (its
# stem from the middle of the bar), J and j (a hook to the left), d (a stem taller
# than its bowl), i (a dot). A is kept too: a common confusion the answer must fix.
_LOOKALIKES = set("OoQqIlZzSsBbGgy")
# Greek glyphs (on the Latin keys of the Hershey Greek font) that look like digits:
# omicron, theta, zeta, beta, sigma-like, epsilon (a reversed 3). Since v7 the keys
# D, T, J, j, d, i follow the Latin set: Delta, Tau, chi and delta are taught as
# letters (delta's loop under a hook is not how people write a 6); iota is tall and
# narrow, so it is left out with every mark that reads as a 1 (_looks_like_a_one).
_GREEK_LOOKALIKES = _LOOKALIKES | set("eEhHuUxXcCwW")
# Cyrillic glyphs (on the Latin keys of the Hershey Cyrillic font), since v8: shapes
# no Latin font has (Zhe, Ef, Sha, Yu, De, El), so "not a digit" is learnt from more
# than the Latin alphabet's few dozen shapes. Left out: Be and be (a 6), E and e (a
# reversed 3), Che (a 4), O, Ve (an 8), U (a 4 or a y) and Ze (a 3).
_CYRILLIC_LOOKALIKES = set("BbCcJjOoVvYyZz")
_SYMBOLS = "?!#%&@*+=<>~^{}$"
_FONTS = {
    "futural": _LOOKALIKES,
    "scripts": _LOOKALIKES,
    "cursive": _LOOKALIKES,
    "rowmans": _LOOKALIKES,
    "greek": _GREEK_LOOKALIKES,
    "cyrillic": _CYRILLIC_LOOKALIKES,
}
# Half the letters are also reshaped by a smooth random warp (as pen-drawn digits are,
# writing_styles.reshaped): a font draws every letter alike, people do not, and a
# network that learnt only the fonts' proportions reads a handwritten letter as a digit.
LETTER_WARP_SHARE = 0.5

_glyph_cache: dict[tuple[str, str], Strokes] = {}


def _glyph(font: str, character: str) -> Strokes:
    """A character's strokes from a Hershey font (y down), cached."""
    key = (font, character)
    if key not in _glyph_cache:
        from HersheyFonts import HersheyFonts  # only training needs the fonts

        fonts = HersheyFonts()
        fonts.load_default_font(font)
        _glyph_cache[key] = [np.asarray(s, float) for s in fonts.strokes_for_text(character) if len(s)]
    return _glyph_cache[key]


def _letters() -> list[tuple[str, str]]:
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
    return [(font, ch) for font, excluded in _FONTS.items() for ch in letters if ch not in excluded]


def _bend(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """Rotate, stretch and slant a glyph the way hands differ."""
    angle = math.radians(rng.uniform(-15, 15))
    sx, sy = rng.uniform(0.75, 1.25, 2)
    matrix = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]]) @ np.diag([sx, sy])
    bent = [s @ matrix.T for s in strokes]
    return _wobble(shear(bent, rng.uniform(-0.3, 0.3)), rng, amount=rng.uniform(0.005, 0.025))


def letter(rng: np.random.Generator) -> Strokes:
    font, character = _LETTER_CHOICES[rng.integers(len(_LETTER_CHOICES))]
    glyph = _glyph(font, character)
    if rng.random() < LETTER_WARP_SHARE:
        glyph = _warp(glyph, rng)
    return _bend(glyph, rng)


def symbol(rng: np.random.Generator) -> Strokes:
    font = ("futural", "scripts", "rowmans")[rng.integers(3)]
    return _bend(_glyph(font, _SYMBOLS[rng.integers(len(_SYMBOLS))]), rng)


def scribble(rng: np.random.Generator) -> Strokes:
    """A random wandering line or two: what a child or a bored hand draws."""
    strokes = []
    for _ in range(rng.integers(1, 3)):
        steps = rng.integers(30, 90)
        heading = rng.uniform(0, 2 * math.pi)
        turn = rng.normal(0, 0.5, steps).cumsum() * rng.uniform(0.1, 0.4)
        step = rng.uniform(2, 5)
        deltas = np.stack([np.cos(heading + turn), np.sin(heading + turn)], axis=1) * step
        strokes.append(np.concatenate([[rng.uniform(0, 40, 2)], rng.uniform(0, 40, 2) + deltas.cumsum(axis=0)]))
    return strokes


def zigzag(rng: np.random.Generator) -> Strokes:
    """Back-and-forth hatching, like crossing something out or shading."""
    passes = rng.integers(4, 12)
    width, height = rng.uniform(40, 100), rng.uniform(30, 100)
    ys = np.linspace(0, height, passes) + rng.normal(0, 2, passes)
    xs = np.where(np.arange(passes) % 2 == 0, 0.0, width) + rng.normal(0, 4, passes)
    points = np.stack([xs, ys], axis=1)
    if rng.random() < 0.5:
        points = points[:, ::-1]  # vertical hatching
    return [points]


def crossed_out(rng: np.random.Generator, digit: Strokes | None = None) -> Strokes:
    """A mark struck through many times: a mess, not a digit any more."""
    base = digit if digit is not None else scribble(rng)
    points = np.concatenate(base)
    low, high = points.min(axis=0), points.max(axis=0)
    size = high - low
    hatching = zigzag(rng)[0]
    hatching = (hatching - hatching.min(axis=0)) / np.maximum(np.ptp(hatching, axis=0), 1e-6) * size * 1.1 + low - size * 0.05
    return list(base) + [hatching]


def _polygon(points: Sequence[Sequence[float]]) -> np.ndarray:
    points = np.asarray(points, float)
    return np.concatenate([_line(a, b, 6) for a, b in zip(points, np.roll(points, -1, axis=0))])


def shape(rng: np.random.Generator) -> Strokes:
    """Shapes people doodle. Plain circles and vertical bars are left out: they are a 0 and a 1."""
    kind = rng.integers(10)
    if kind == 0:  # triangle
        return [_polygon([(50, 0), (100, 90), (0, 90)])]
    if kind == 1:  # square or rectangle
        w, h = rng.uniform(50, 100), rng.uniform(50, 100)
        return [_polygon([(0, 0), (w, 0), (w, h), (0, h)])]
    if kind == 2:  # five-pointed star in one stroke
        angles = np.radians(-90 + 144 * np.arange(6))
        tips = np.stack([50 + 50 * np.cos(angles), 50 + 50 * np.sin(angles)], 1)
        return [np.concatenate([_line(a, b, 5) for a, b in zip(tips[:-1], tips[1:])])]
    if kind == 3:  # heart
        t = np.linspace(0, 2 * math.pi, 40)
        return [np.stack([16 * np.sin(t) ** 3, -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))], 1)]
    if kind == 4:  # smiley: a face with eyes and a mouth
        face = _arc((50, 50), (45, 45), 0, 360, 32)
        eyes = [_arc((33, 38), (3, 4), 0, 360, 6), _arc((67, 38), (3, 4), 0, 360, 6)]
        mouth = _arc((50, 55), (24, rng.uniform(10, 20)), 20, 160, 12)
        return [face, *eyes, mouth]
    if kind == 5:  # arrow
        return [_line((0, 50), (100, 50)), np.array([(75, 30), (100, 50), (75, 70)], float)]
    if kind == 6:  # a dash or two: a minus, an equals sign, a long underline
        length = rng.uniform(40, 100)
        bars = [_line((0, 0), (length, rng.uniform(-6, 6)), 6)]
        if rng.random() < 0.3:
            bars.append(_line((0, 25), (length, 25 + rng.uniform(-6, 6)), 6))
        return bars
    if kind == 7:  # spiral
        t = np.linspace(0, rng.uniform(3, 6) * math.pi, 60)
        return [np.stack([t * np.cos(t), t * np.sin(t)], 1)]
    if kind == 8:  # a sun: a circle with rays
        rays = [_line((50 + 30 * math.cos(a), 50 + 30 * math.sin(a)), (50 + 48 * math.cos(a), 50 + 48 * math.sin(a)), 3)
                for a in np.radians(np.arange(0, 360, 45))]
        return [_arc((50, 50), (22, 22), 0, 360, 24), *rays]
    # a wave
    x = np.linspace(0, 100, 40)
    return [np.stack([x, 15 * np.sin(x / 100 * rng.uniform(2, 5) * math.pi)], 1)]


_LETTER_CHOICES = _letters()

# The mix: letters are the most common thing people draw that is not a digit.
_MAKERS: list[tuple[Callable[[np.random.Generator], Strokes], float]] = [
    (letter, 0.62),
    (symbol, 0.08),
    (scribble, 0.08),
    (zigzag, 0.04),
    (shape, 0.13),
    (crossed_out, 0.05),
]


def generate(count: int, seed: int = 0, digits: Sequence[Strokes] = ()) -> Iterator[Strokes]:
    """``count`` non-digit drawings as strokes, seeded. ``digits`` (pen-drawn
    training digits), when given, are what the crossed-out marks strike through."""
    rng = np.random.default_rng(seed)
    weights = np.array([w for _, w in _MAKERS])
    choices = rng.choice(len(_MAKERS), size=count, p=weights / weights.sum())
    for choice in choices:
        while True:
            maker = _MAKERS[choice][0]
            if maker is crossed_out and len(digits):
                strokes = crossed_out(rng, list(digits[rng.integers(len(digits))]))
            else:
                strokes = maker(rng)
            if maker is not letter:  # letters are bent as they are made
                strokes = _bend(strokes, rng)
            if not _looks_like_a_one(strokes):
                break
        yield strokes


def _looks_like_a_one(strokes: Strokes) -> bool:
    """Tall and narrow (a script f or t, a near-straight scribble, vertical
    hatching): after the MNIST crop, such a mark is a 1 and must not be taught otherwise."""
    points = np.concatenate(strokes)
    width, height = np.ptp(points, axis=0)
    return height > 2.2 * max(width, 1e-9)


def non_digit_images(count: int, seed: int = 0, digits: Sequence[Strokes] = ()) -> np.ndarray:
    """``count`` non-digits as 28x28 uint8 images through the stroke path."""
    images, _ = render([(strokes, NOT_A_DIGIT_CLASS) for strokes in generate(count, seed, digits)])
    return images
