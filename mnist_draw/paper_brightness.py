"""The paper's brightness under every pixel, and how much darker than it each pixel
is (:func:`relative_darkness`): polarity from the paper, the paper's level
estimated locally (a closing on a small copy, then an average of the paper alone;
the lower of the two), blots wider than the closing's window put right (and so is a
thumb held over the page, wider than it too), and the paper's own noise measured, so
ink is found by hysteresis above it, however little of the picture it is. Numpy and
Pillow's C filters."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from .marks import label, label_boxes

# Ink is at least this much darker than its paper (relative) to count at all.
MIN_CONTRAST = 0.08
# ...and this many times the paper's own noise (texture, sensor, JPEG: its median
# absolute deviation, about 0.67 of its standard deviation).
NOISE_FACTOR = 5.0
# ...and at least this many 8-bit grey levels: paper shrunk flat (a large photo's grain
# averaged away) sits on one or two levels, and half its pixels, a level darker, are
# its rounding, not ink (taken as ink they joined into lines across the page, and a
# small digit's strokes went with the lines).
GREY_LEVELS = 2
# The paper's brightness is estimated on a copy this many pixels across...
BACKGROUND_SIDE = 40
# ...with a window of this fraction of it: wider than a marker's stroke, narrower
# than a shadow.
BACKGROUND_WINDOW = 0.34
# A long strip (a number, a comb of boxes) is shrunk less, so its shorter side keeps at
# least this many pixels: its strokes are as wide as its height allows, not its length,
# and a window as tall as the whole strip would carry the light of its brightest edge
# over a darker one (a shadow, vignetting along one long side), which became a band of "ink".
BACKGROUND_SHORT = 24
# ...and then from the paper alone, on a copy this many pixels across.
PAPER_SIDE = 48
# The closing is smoothed over a square this many small pixels from its centre to its side.
BORDER_SMOOTHING = 2
# The closing's paper is lowered toward the border (_border_falloff) only where a quadratic
# follows it within this share of its level inside (the median difference): blank pages
# darker toward their corners 0.0002-0.0084 (65 simulated, with the paper's blotches); a
# glare's highlight and a phone's shadow across the page 0.012-0.048, which the quadratic,
# carried on to the border, put far below the page there (a 5 not read, a 0 lost).
SMOOTH_LIGHT = 0.01
# A region enclosed by ink, at least this fraction of the picture's side across, is
# the inside of a blot (ink the paper's closing took for paper) when it is darker
# than the ink around it, or lighter by less than this share of the way from that
# ink to the paper: a 0's hole is paper, as light as the paper around (a shadow or
# a pencil's faint ink leave it far more than this share lighter).
BLOT_INSIDE_SIDE = 0.08
BLOT_INSIDE_SHARE = 0.25
# The ink's side of the paper (ink_is_light): the tail of the picture's brightness, a hundredth
# of its pixels on either side of the paper's, that lies TAIL_APART times farther from it; when
# neither does, the ink is under a hundredth of the picture and both are the paper's grain (a
# digit 3% of a page's photo, shrunk, is a few dozen of its 100,000 pixels: 0.02 from the paper
# either side there, the darker ten-thousandth 0.3 to 0.8, distant photos of training digits),
# and the deeper tails of INK_TAILS (percent of the pixels) are looked at in turn.
TAIL_APART = 2.0
INK_TAILS = (0.1, 0.01)
# Ink standing clear of the paper's noise (MIN_CONTRAST above its floor) counts, however
# little of the picture it is, when there are at least this many pixels of it (a digit 4
# pixels tall has a dozen; a lone hot pixel or two of the sensor is no ink).
CLEAR_INK_PIXELS = 6
# A region the ink encloses but for a stretch of the picture's border, at most HELD_BORDER of
# it (as fingers.py's FINGER_BORDER: a thumb across half a side is an eighth), darker than
# the page by at least HELD_DARKER of its brightness, is something held over the page
# (_held_over_page): a thumb's middle, lit, is 0.15 to 0.7 darker than white paper.
HELD_BORDER = 0.2
HELD_DARKER = 0.12
# ... and a square this share of the picture's side across fits in it (a thumb's middle is a
# quarter of it or more; a strip between lines of hatching is a line's spacing across).
HELD_WIDE = 0.1
# Blots' insides are looked for on a copy this many pixels across.
BLOT_SEARCH_SIDE = 96
# The noise is told from the ink by Otsu's split of a histogram of this many bins.
OTSU_BINS = 64
# A picture is pixel noise, with no paper to find ink on (is_pixel_noise), when a pixel's
# brightness tells next to nothing of its neighbours': its correlation with the next pixel
# across, down and along both diagonals, the four added up, is under NOISE_CORRELATION.
# Noise whose every pixel is drawn on its own (salt and pepper at any density, static) adds
# up to about 0 (-0.42 to 0.26 in pictures 16 pixels a side, -0.11 to 0.15 from 32 to 400);
# strokes to 1 or more, each of their pixels having two more along the stroke: digits drawn
# with a one-pixel pen, aliased, 0.81 at 16 pixels and 0.84 at 32, MNIST-train's 28-pixel
# digits 1.56 and up (3,000), simulated photos of training digits of every kind and form 2.3
# and up (1,860; the train split, seed 1). Photos of fine hatching or a weave may add up to
# less, even below 0: they are patterns as well.
# A picture under NOISE_MIN_SIDE pixels a side is too small to tell.
NOISE_CORRELATION = 0.4
NOISE_MIN_SIDE = 16
# A pale ink (a highlighter's yellow, a light green, pink or orange pen) is nearly as bright
# as white paper in luminance (yellow's is 0.88 to the paper's 0.95: under MIN_CONTRAST), yet
# dark in one colour channel (yellow has next to no blue). In a picture with colour in it
# (the 99th percentile of a pixel's channel spread, max - min, at least COLOUR_SPREAD) the
# darkest channel is read instead of luminance when its ink stands out of the paper
# PALE_INK_GAIN times as far (top - floor, see relative_darkness) or luminance finds no
# ink at all: a dark pen stands out about as far in both (blue ballpoint 0.81 and 0.89 of
# its paper), so luminance, which averages the sensor's noise over three channels, stays.
COLOUR_SPREAD = 0.15
PALE_INK_GAIN = 2.0


def relative_darkness(gray: np.ndarray, light_ink: bool | None = None) -> tuple[np.ndarray, float, float] | None:
    """How much darker than its paper each pixel is (0-1), with the noise floor
    and the ink's typical strength; None when nothing stands out of the paper.
    Light ink is read as dark ink is on light paper: whether the ink is light is
    ``light_ink``, or, when None, told from the picture (:func:`ink_is_light`)."""
    if ink_is_light(gray) if light_ink is None else light_ink:
        gray = 1.0 - gray
    paper = _paper_brightness(gray)
    signed = (paper - gray) / np.maximum(paper, 0.02)
    first = _floor_and_top(signed)
    if first is not None and not isinstance(paper, float):
        # Second look: the paper's level from the paper alone (the ink found so far
        # left out), which follows vignetting and shadows closer than the closing can.
        # Each estimate errs on the bright side where the other does not (the closing
        # over vignetted corners, the average across a shadow's sharp edge): the
        # lower of the two is the paper.
        floor, top = first
        ink = signed > floor + 0.25 * (top - floor)
        paper = np.minimum(paper, _paper_without_ink(gray, ink, paper))
        paper = _paper_under_blots(gray, ink, paper)
        signed = (paper - gray) / np.maximum(paper, 0.02)
    levels = _floor_and_top(signed)
    if levels is None:
        return None
    return np.clip(signed, 0.0, 1.0).astype(np.float32), levels[0], levels[1]


def ink_brightness(rgb: np.ndarray, luminance: np.ndarray) -> np.ndarray:
    """The brightness to find ink in for a colour picture (``rgb``, height x width x 3,
    0-1): its ``luminance``, or its darkest channel when a pale ink shows only there
    (see PALE_INK_GAIN)."""
    # Channel by channel: numpy's max and min along an axis of three take 20 times as long.
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    darkest = np.minimum(np.minimum(red, green), blue)
    spread = _sample(np.maximum(np.maximum(red, green), blue) - darkest)
    if float(np.percentile(spread, 99)) < COLOUR_SPREAD:
        return luminance
    # The ink's strength takes two looks at the paper each (20 ms for a photo): first the
    # cheap bound, the spread of the picture's values round its paper (its median), which
    # a pale ink widens as much in the darkest channel.
    if _spread_round_paper(darkest) < PALE_INK_GAIN * _spread_round_paper(luminance):
        return luminance
    pale = _ink_strength(darkest)
    if pale > 0 and pale >= PALE_INK_GAIN * _ink_strength(luminance):
        return darkest.astype(np.float32)
    return luminance


def _spread_round_paper(gray: np.ndarray) -> float:
    """How far the picture's extreme values (1st and 99th percentiles) lie from its median."""
    low, middle, high = np.percentile(_sample(gray), [1, 50, 99])
    return float(max(middle - low, high - middle))


def _ink_strength(gray: np.ndarray) -> float:
    """How far the ink stands out of its paper in ``gray`` (0 when nothing does)."""
    darkness = relative_darkness(gray)
    return 0.0 if darkness is None else darkness[2] - darkness[1]


def _floor_and_top(signed: np.ndarray) -> tuple[float, float] | None:
    """The level below which darkness is the paper's own noise, and the ink's
    typical darkness; None when nothing stands out. ``signed`` is the relative
    darkness before clipping: paper lighter than its estimate is negative, so the
    noise's spread is measured on both sides."""
    peak = float(signed.max())
    if peak < MIN_CONTRAST:
        return None
    full = signed
    # The levels are statistics: a quarter of a large picture's pixels tell them as well.
    signed = _sample(signed)
    contrast = np.clip(signed, 0.0, 1.0)
    # Paper texture and sensor noise are the bulk of the values: cut above their
    # spread. Clean digital pictures have none, so their soft edges survive.
    threshold = _otsu(contrast)
    weak = signed[signed <= threshold]
    floor = 0.0
    if weak.size:
        median = float(np.median(weak))
        spread = float(np.median(np.abs(weak - median)))
        floor = max(0.0, median + max(NOISE_FACTOR * spread, GREY_LEVELS / 255))
    above = contrast[contrast > max(floor, threshold)]
    top = float(np.percentile(above, 90)) if above.size else peak
    if top - floor < MIN_CONTRAST:
        top = _clear_ink_level(full, floor)
        if top is None:
            return None
    return floor, top


def _clear_ink_level(signed: np.ndarray, floor: float) -> float | None:
    """The typical darkness of the ink standing clear of the paper's noise (MIN_CONTRAST
    above ``floor``), when there are at least CLEAR_INK_PIXELS of it; else None.

    Ink a ten-thousandth of the picture (a number written small on a page photographed
    whole, its digits 4 pixels tall once shrunk) is a few dozen pixels among thousands of
    the grain's tail above the floor, whose 90th percentile is then the grain's: the ink,
    0.3 to 0.5 darker than the paper where the grain is 0.03, was not found at all. Looked
    at in every pixel, not a sample: such ink is too little to sample."""
    clear = signed[signed > floor + MIN_CONTRAST]
    if clear.size < CLEAR_INK_PIXELS:
        return None
    return float(min(1.0, np.percentile(clear, 90)))


def _paper_without_ink(gray: np.ndarray, ink: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """The paper's brightness as a local average of the pixels that are not ink
    (a normalised convolution on a small copy); where ink covers a whole
    neighbourhood, ``fallback`` is kept."""
    height, width = gray.shape
    factor = PAPER_SIDE / max(height, width)
    small_size = (max(4, round(width * factor)), max(4, round(height * factor)))
    paper = (~ink).astype(np.float32)
    weight = np.asarray(Image.fromarray(paper, mode="F").resize(small_size, Image.Resampling.BOX))
    total = np.asarray(Image.fromarray(gray * paper, mode="F").resize(small_size, Image.Resampling.BOX))
    # Blocks that are partly ink carry its dark edge: trust only clean paper blocks.
    weight = np.where(weight > 0.9, weight, 0.0)
    weight_sum = box_blur(weight, 2)
    level = box_blur(total * (weight > 0), 2) / np.maximum(weight_sum, 1e-6)
    small_fallback = np.asarray(Image.fromarray(np.broadcast_to(fallback, gray.shape).astype(np.float32), mode="F").resize(small_size, Image.Resampling.BOX))
    level = np.where(weight_sum > 0.05, level, small_fallback).astype(np.float32)
    return np.asarray(Image.fromarray(level, mode="F").resize((width, height), Image.Resampling.BILINEAR))


def _paper_under_blots(gray: np.ndarray, ink: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """The paper's brightness with blots' insides put right. A blot of ink wider than
    the closing's window (a filled disc half the picture across) has an inside the
    closing sees as paper, as dark as the blot: the blot would be found as a ring,
    and a ring is a 0. A large region that ``ink`` encloses and that is about as
    dark as the ink around it is that inside; under it and the ink enclosing it the
    paper is the level of the paper that reaches the picture's edges.

    Only large insides matter, so they are looked for on a copy BLOT_SEARCH_SIDE
    pixels across (a pixel there is ink if any ink falls in it: nothing enclosed
    opens up), many times faster than at full size."""
    height, width = gray.shape
    factor = max(height, width) / BLOT_SEARCH_SIDE
    size = (max(1, math.ceil(width / factor)), max(1, math.ceil(height / factor))) if factor > 1 else (width, height)

    def small(values: np.ndarray) -> np.ndarray:
        return np.asarray(Image.fromarray(values.astype(np.float32), mode="F").resize(size, Image.Resampling.BOX))

    ink_share = small(ink)
    small_ink = ink_share > 0
    regions, count = label(~small_ink)
    if count < 2:
        return paper
    border = np.concatenate([regions[0], regions[-1], regions[:, 0], regions[:, -1]])
    on_border = np.bincount(border, minlength=count + 1)
    open_paper = on_border > 0
    open_paper[0] = True  # label 0 is the ink
    small_gray = small(gray)
    held = _held_over_page(regions, count, on_border, small_gray)
    open_paper &= ~held
    top, left, bottom, right = label_boxes(regions, count)
    scale = max(height, width) / max(size)
    large = ~open_paper & (np.maximum(bottom - top, right - left) * scale >= BLOT_INSIDE_SIDE * max(height, width))
    if not large.any():
        return paper
    open_pixels = small_gray[open_paper[regions] & (regions > 0)]
    if not open_pixels.size:
        return paper  # ink all along the picture's edge (a desk round a note): no paper there to take the level from
    level = float(np.median(open_pixels))
    inside = large[regions]
    which = regions[inside]
    inside_gray = np.bincount(which, weights=small_gray[inside], minlength=count + 1) / np.maximum(np.bincount(which, minlength=count + 1), 1)
    # The ink around each inside, in the pixels next to it: its own grey, paper left out.
    near = _spread_labels(np.where(inside, regions, 0), 1)
    ring = (near > 0) & small_ink
    ink_sum = small(np.where(ink, gray, 0.0))
    ink_gray = np.bincount(near[ring], weights=ink_sum[ring], minlength=count + 1) / np.maximum(
        np.bincount(near[ring], weights=ink_share[ring], minlength=count + 1), 1e-6
    )
    blot_inside = large & (held | (level > ink_gray) & (inside_gray - ink_gray < BLOT_INSIDE_SHARE * (level - ink_gray)))
    if not blot_inside.any():
        return paper
    # The blot: its inside and the ink that encloses it (every mark of ink it touches).
    insides = blot_inside[regions]
    marks, _ = label(small_ink)
    touching = np.unique(marks[_spread_labels(insides.astype(np.int32), 1) > 0])
    blot = insides | np.isin(marks, touching[touching > 0])
    blot = np.asarray(Image.fromarray(blot.astype(np.uint8) * 255).resize((width, height), Image.Resampling.NEAREST)) > 0
    return np.where(blot, np.maximum(paper, level), paper).astype(np.float32)


def _held_over_page(regions: np.ndarray, count: int, on_border: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """Which of the regions the ink encloses (``regions``, labelled, ``on_border``: how many
    of each one's pixels lie on the picture's border) are something held over the page,
    by label: in from the border over at most HELD_BORDER of it, enclosed by ink
    elsewhere, darker than the page (the region along most of the border, and the paper
    just past the ink round it) by at least HELD_DARKER of its brightness, and HELD_WIDE
    of the picture's side across.

    A thumb holding the page, wider than the closing's window, is paper to the closing,
    and its shaded rim, darker than its middle, was left as ink: an arc as thin as a
    stroke beside the digit, read as part of it. Taken as a blot's inside, the thumb
    is ink whole, and fingers.py tells it from the strokes. A corner the digit's stroke
    cuts off is as light as the page; a shadow's edge is soft, and encloses nothing."""
    held = np.zeros(count + 1, dtype=bool)
    if count < 2 or not on_border[1:].any():
        return held
    page = int(np.argmax(on_border[1:])) + 1
    level = float(np.median(gray[regions == page]))
    mean = np.bincount(regions.ravel(), weights=gray.ravel(), minlength=count + 1) / np.maximum(
        np.bincount(regions.ravel(), minlength=count + 1), 1
    )
    held = (on_border > 0) & (on_border <= HELD_BORDER * on_border.sum()) & (mean < (1 - HELD_DARKER) * level)
    held[0] = held[page] = False
    radius = max(1, round(HELD_WIDE * max(gray.shape) / 2))
    candidates = held.copy()
    for index in np.flatnonzero(candidates):
        # Darker than the page beside it too, past the ink round it (twice the radius reaches
        # past a bold pen's stroke): a shadow over a bold digit cut by the border darkens its
        # inside and the page round it alike, and a thumb's middle is darker than the lit
        # paper beside it.
        near = _spread_labels((regions == index).astype(np.int32), 2 * radius) > 0
        beside = near & (regions > 0) & ~candidates[regions]
        if beside.any() and mean[index] >= (1 - HELD_DARKER) * float(np.median(gray[beside])):
            held[index] = False
    if held.any():
        # Wide, as a thumb is: a strip between two lines of hatching is as dark, and as enclosed.
        core = box_blur(held[regions].astype(np.float32), radius) > 0.999
        wide = np.zeros(count + 1, dtype=bool)
        wide[regions[core]] = True
        held &= wide
    return held


def _spread_labels(labels: np.ndarray, reach: int) -> np.ndarray:
    """Labels grown by ``reach`` pixels all round (where two meet, the larger wins)."""
    grown = labels.copy()
    for _ in range(reach):
        step = grown.copy()
        np.maximum(step[1:], grown[:-1], out=step[1:])
        np.maximum(step[:-1], grown[1:], out=step[:-1])
        wide = step.copy()
        np.maximum(wide[:, 1:], step[:, :-1], out=wide[:, 1:])
        np.maximum(wide[:, :-1], step[:, 1:], out=wide[:, :-1])
        grown = wide
    return grown


def is_pixel_noise(gray: np.ndarray) -> bool:
    """Whether ``gray`` (0-1) changes from pixel to pixel on its own, as salt-and-pepper
    noise or static does, rather than in strokes and paper (see NOISE_CORRELATION). The
    paper's level found in such a picture is a patchwork, and what stands out of it is
    read by the model as a confident digit."""
    if min(gray.shape) < NOISE_MIN_SIDE:
        return False
    values = np.asarray(gray, dtype=np.float32)
    values = values - values.mean()
    spread = float((values * values).mean())
    if spread < 1e-9:  # a plain picture
        return False
    neighbours = (
        (values[:, :-1], values[:, 1:]),
        (values[:-1], values[1:]),
        (values[:-1, :-1], values[1:, 1:]),
        (values[:-1, 1:], values[1:, :-1]),
    )
    if sum(float((this * that).mean()) for this, that in neighbours) / spread >= NOISE_CORRELATION:
        return False
    # Noise stays noise averaged over 2x2 blocks (and so on, while large enough to tell); a digit under fine grain stands out.
    return min(gray.shape) // 2 < NOISE_MIN_SIDE or is_pixel_noise(_block_mean(values, 2))


def _block_mean(values: np.ndarray, side: int) -> np.ndarray:
    height, width = (values.shape[0] // side) * side, (values.shape[1] // side) * side
    return values[:height, :width].reshape(height // side, side, width // side, side).mean(axis=(1, 3))


def ink_is_light(gray: np.ndarray) -> bool:
    """Whether the ink is lighter than the paper: the paper is most of the
    picture, and the ink lies on the far side of it. (The border alone would
    be misled by vignetting, which darkens exactly the border.)

    The far side is the one whose hundredth of the pixels lies clearly farther
    from the paper (TAIL_APART times); when neither does, the ink is less than a
    hundredth of the picture (a digit small on a page photographed whole) and both
    are the paper's grain: a thousandth, then a ten-thousandth, of the whole
    picture is looked at. Where no tail stands out, the hundredth decides."""
    low, paper, high = (float(value) for value in np.percentile(_sample(gray), [1, 50, 99]))
    first = high - paper > paper - low
    for share in (None,) + INK_TAILS:
        if share is not None:
            low, high = (float(value) for value in np.percentile(gray, [share, 100 - share]))
        darker, lighter = paper - low, high - paper
        if max(darker, lighter) > TAIL_APART * min(darker, lighter):
            return lighter > darker
    return first


def _sample(values: np.ndarray) -> np.ndarray:
    """Every other row and column of a large picture (all of a small one)."""
    return values[::2, ::2] if values.size > 40_000 else values


def _paper_brightness(gray: np.ndarray) -> np.ndarray | float:
    """The paper's brightness under every pixel (dark ink removed by a closing on
    a small copy, then smoothed and brought back to size)."""
    height, width = gray.shape
    if max(height, width) < 12:
        return float(np.percentile(gray, 90))
    factor = max(BACKGROUND_SIDE / max(height, width), BACKGROUND_SHORT / min(height, width))
    small_size = (max(4, round(width * factor)), max(4, round(height * factor)))
    small = np.asarray(Image.fromarray(gray, mode="F").resize(small_size, Image.Resampling.BOX))
    window = max(3, int(BACKGROUND_SIDE * BACKGROUND_WINDOW) | 1)
    closed = square_extreme(square_extreme(small, window, True, repeat_edges=True), window, False, repeat_edges=True)
    smooth = box_blur(closed, BORDER_SMOOTHING)
    values = np.asarray(smooth, dtype=np.float32)
    if float(values.max() - values.min()) < 0.02:
        return float(np.median(values))  # even light: one level is exact, and faster
    paper = np.asarray(Image.fromarray(values, mode="F").resize((width, height), Image.Resampling.BILINEAR))
    return _border_falloff(paper, closed, window // 2)


def _border_falloff(paper: np.ndarray, closed: np.ndarray, half: int) -> np.ndarray:
    """``paper`` (the picture's size), lowered near the border where the paper darkens
    toward it (vignetting). There the closing (``closed``, on the small copy; ``half``:
    its window's half), its edges repeated, gives the brightest paper half a window in,
    and smoothing and enlarging it carry that in further: a blank page's dark corners
    stood out of it as ink (read as a confident 1 or 6). Farther in, the closing follows
    such light: a smooth surface (a quadratic, as a lens's falloff and a lamp's gradient
    are) is fitted to it there and carried on to the border, when it follows the light
    inside (SMOOTH_LIGHT), and only lowers the paper there: a digit cut by the border, on
    even paper, keeps the paper beside it."""
    small_height, small_width = closed.shape
    reach = half + BORDER_SMOOTHING  # the smoothing carries the closing's edges this far in
    if min(small_height, small_width) < 2 * reach + 6:  # too little inside to fit the light to
        return paper
    inner = np.zeros(closed.shape, dtype=bool)
    inner[reach:-reach, reach:-reach] = True
    rows, cols = np.nonzero(inner)
    terms = _quadratic_terms((rows + 0.5) / small_height - 0.5, (cols + 0.5) / small_width - 0.5)
    values = closed[inner]
    used = np.ones(values.shape, dtype=bool)
    for _ in range(3):
        # Well under the surface is no light (a blot wider than the window): fitted again without it.
        fit, *_ = np.linalg.lstsq(terms[used], values[used], rcond=None)
        residual = values - terms @ fit
        used = residual > -3 * (float(np.median(np.abs(residual[used]))) + 1e-3)
    if float(np.median(np.abs(residual[used]))) > SMOOTH_LIGHT * max(float(np.median(values)), 1e-3):
        return paper  # light no quadratic follows (a glare's highlight, a shadow's edge): carried on, it fell far below the page
    height, width = paper.shape
    band_rows = math.ceil(reach * height / small_height)
    band_cols = math.ceil(reach * width / small_width)
    out = np.array(paper, dtype=np.float32)
    band = np.ones((height, width), dtype=bool)
    band[band_rows:-band_rows, band_cols:-band_cols] = False
    y, x = np.nonzero(band)
    surface = _quadratic_terms((y + 0.5) / height - 0.5, (x + 0.5) / width - 0.5) @ fit
    out[band] = np.minimum(out[band], surface.astype(np.float32))
    return out


def _quadratic_terms(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """A quadratic's six terms at each point (rows and columns centred, -0.5 to 0.5), by column."""
    rows, cols = rows.astype(np.float64), cols.astype(np.float64)
    return np.stack([rows**i * cols**j for i in range(3) for j in range(3 - i)], axis=-1)


def box_blur(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean over a (2 radius + 1)-square window, edges repeated."""
    padded = np.pad(values, radius, mode="edge").astype(np.float64)
    size = 2 * radius + 1
    summed = np.cumsum(np.cumsum(padded, axis=0), axis=1)
    summed = np.pad(summed, ((1, 0), (1, 0)))
    total = summed[size:, size:] - summed[:-size, size:] - summed[size:, :-size] + summed[:-size, :-size]
    return (total / (size * size)).astype(np.float32)


def square_extreme(values: np.ndarray, window: int, grow: bool, repeat_edges: bool = False) -> np.ndarray:
    """Grey-level dilation (``grow``) or erosion of ``values`` by a ``window`` x ``window``
    square (odd), centred, zeros beyond the edges (or, when ``repeat_edges``, the edges'
    own values: the extreme of the part of the square inside): what Pillow's MaxFilter
    and MinFilter give on an image with a black border (on any image), value for value.

    A square's extreme is the extreme along the rows of the extremes along the columns,
    and a line's sliding extreme over ``window`` takes log2(window) steps of spans that
    double: a few dozen array operations instead of Pillow's window-squared comparisons
    at every pixel (65 ms for a scribbled-over photo's thick strokes, now well under one).
    """
    pick = np.maximum if grow else np.minimum
    half = window // 2
    values = np.asarray(values, dtype=np.float32)
    extreme = np.pad(values, half, mode="edge") if repeat_edges else np.pad(values, half)
    for axis in (0, 1):
        extreme = _sliding_extreme(extreme, window, axis, pick)
    return extreme


def _sliding_extreme(values: np.ndarray, window: int, axis: int, pick: np.ufunc) -> np.ndarray:
    """The extreme of every run of ``window`` values along ``axis`` (``window - 1`` fewer values)."""

    span = 1  # values[i] is the extreme of the original's run of ``span`` values from i
    while span < window:
        # Two runs of ``span`` that overlap make one of up to twice that: the extreme is
        # the same wherever they overlap, so the last step may top up by less.
        step = min(span, window - span)
        length = values.shape[axis] - step
        head = [slice(None), slice(None)]
        tail = [slice(None), slice(None)]
        head[axis], tail[axis] = slice(0, length), slice(step, step + length)
        values = pick(values[tuple(head)], values[tuple(tail)])
        span += step
    return values


def _otsu(values: np.ndarray) -> float:
    """Otsu's threshold of values in 0-1 (the split that best separates two classes)."""
    edges = np.histogram_bin_edges(values, bins=OTSU_BINS, range=(0.0, 1.0))
    weights = _bin_counts(values).astype(np.float64)
    centres = (edges[:-1] + edges[1:]) / 2
    below = np.cumsum(weights)
    above = below[-1] - below
    sum_below = np.cumsum(weights * centres)
    mean_below = sum_below / np.maximum(below, 1)
    mean_above = (sum_below[-1] - sum_below) / np.maximum(above, 1)
    between = below * above * (mean_below - mean_above) ** 2
    return float(edges[int(np.argmax(between)) + 1])


def _bin_counts(values: np.ndarray) -> np.ndarray:
    """How many of ``values`` fall in each of OTSU_BINS equal bins of 0-1: np.histogram's
    counts, a few times faster. A value times a power of two is exact, so its integer
    part is its bin (1.0 in the last), as np.histogram finds it. The values must be in
    0-1 (the caller clips them): np.histogram would leave others out, this would not."""
    values = np.asarray(values).ravel()
    return np.bincount(np.minimum((values * OTSU_BINS).astype(np.intp), OTSU_BINS - 1), minlength=OTSU_BINS)
