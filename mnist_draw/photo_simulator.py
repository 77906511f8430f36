"""Synthetic photos and scans of handwritten digits on real-looking paper.

There are no real photos to develop against, so this module makes them: a digit
(from MNIST or pendigits) is laid on paper with colour and texture, rulings,
squared grids, margin lines, cell frames at the crop's edges, fragments of the
neighbouring digit, specks, shadows, gradients and vignetting, mild perspective,
pens of several colours and widths or a pencil, blur, sensor noise and JPEG,
at sizes from 40 pixels to 12 megapixels; and conditions of real photos: glare,
the back page's writing showing through, fingertips or the phone's shadow, a thumb, low
light, a crease, crumpled paper, motion blur, a photo of a screen, a highlighter,
a digit small in a whole page's photo (and smaller still, on finely grained paper), a
sticky note on a desk. Every case is tagged with the kind of
difficulty it stresses, and the same seed gives the same cases.

It is for measuring (``benchmarks/bench_photos.py``) and for tuning on
*training* digits (``split="train"``); thresholds are never tuned on the test
renderings. Pure numpy and Pillow: no TensorFlow, no Qt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

Colour = tuple[float, float, float]  # red, green, blue reflectance, 0-1

# Each kind stresses one difficulty on top of an ordinary phone photo of white
# paper and a dark pen; "mixed" piles several of them together.
KINDS = (
    "clean",
    "shadow",
    "gradient",
    "coloured_paper",
    "sudoku_cell",
    "ruled",
    "margin",
    "squared",
    "frame",
    "neighbour",
    "specks",
    "pencil",
    "ballpoint",
    "marker",
    "hair_thin",
    "blur",
    "jpeg_low",
    "perspective",
    "tiny",
    "large",
    "glare",
    "show_through",
    "hand_shadow",
    "low_light",
    "crease",
    "crumpled",
    "motion_blur",
    "screen",
    "highlighter",
    "distant",
    "sticky_note",
    "thumb",
    "small_on_page",
    "small_far_marks",
    "mixed",
)
# The kinds added after the first twenty-one, and the forms' kinds, are seeded by their
# place in this order (new kinds at its end), so adding a kind changes no other's cases.
_SEED_ORDER = KINDS[:20] + ("mixed",) + (
    "box", "box_thick", "box_crossed", "shaded_box", "dark_box", "circle", "graph",
    "glare", "show_through", "hand_shadow", "low_light", "crease", "crumpled", "motion_blur",
    "screen", "highlighter", "distant", "sticky_note", "thumb", "small_on_page", "small_far_marks",
)  # fmt: skip
# What "mixed" may combine (the kinds that change size are left out).
_MIXABLE = (
    "shadow", "gradient", "coloured_paper", "ruled", "margin", "squared", "frame",
    "neighbour", "specks", "pencil", "ballpoint", "marker", "blur", "jpeg_low", "perspective",
)  # fmt: skip

RENDER_SIDE = 480  # cases are drawn at about this size, then resized to their output size
# A lone digit written small on a page photographed whole ("small_on_page"), as a share of
# the photo's long side: 1.2% is a digit 4 mm tall on an A4 page (45 pixels of 3,200).
SMALL_ON_PAGE = (0.012, 0.025)
# "small_far_marks": the same page with marks as large as the digit far across it (a speck,
# punched holes, a printed page number), none nearer than FAR_MARKS digit heights: one
# counted as a second digit and left the lone digit unread.
FAR_MARKS = 8.0

PAPERS = {  # reflectance, RGB in 0-1
    "white": (0.95, 0.95, 0.94),
    "cream": (0.96, 0.92, 0.80),
    "grey": (0.72, 0.72, 0.72),
    "brown": (0.70, 0.58, 0.44),
    "recycled": (0.80, 0.76, 0.68),
    "yellow": (0.97, 0.92, 0.55),
    "blue": (0.70, 0.82, 0.92),
    "pink": (0.95, 0.78, 0.82),
    "green": (0.76, 0.88, 0.72),
}
# Pale inks: highlighters and light gel pens, nearly as bright as white paper in grey.
PALE_PENS = {
    "yellow": (0.98, 0.94, 0.30),
    "light_green": (0.60, 0.95, 0.45),
    "pink": (0.98, 0.55, 0.75),
    "orange": (1.00, 0.72, 0.35),
    "light_blue": (0.55, 0.85, 0.98),
}
NOTES = {  # sticky notes
    "yellow": (0.98, 0.93, 0.50),
    "pink": (0.98, 0.72, 0.80),
    "blue": (0.62, 0.84, 0.96),
    "green": (0.78, 0.95, 0.62),
    "white": (0.95, 0.95, 0.93),
}
DESKS = {  # what a note lies on
    "wood": (0.55, 0.38, 0.22),
    "wood_dark": (0.33, 0.22, 0.13),
    "grey": (0.30, 0.30, 0.32),
    "black": (0.08, 0.08, 0.09),
}
SKINS = ((0.87, 0.67, 0.55), (0.72, 0.50, 0.38), (0.45, 0.30, 0.22))
PENS = {
    "black": (0.08, 0.08, 0.10),
    "blue": (0.10, 0.18, 0.55),
    "dark_blue": (0.08, 0.10, 0.35),
    "felt_black": (0.12, 0.12, 0.12),
    "red": (0.70, 0.10, 0.12),
    "green": (0.08, 0.40, 0.18),
}


@dataclass(frozen=True)
class PhotoCase:
    """One synthetic picture: encoded bytes as a file would hold them, and its truth."""

    data: bytes
    label: int
    kind: str
    source: str  # "mnist" or "pendigits"
    size: tuple[int, int]  # width, height
    file_format: str  # "JPEG" or "PNG"


@dataclass(frozen=True)
class DigitSource:
    """Digits to render: MNIST images (white on black, 28x28) and pendigits strokes."""

    mnist_images: np.ndarray
    mnist_labels: np.ndarray
    pen_strokes: Sequence[list]
    pen_labels: Sequence[int]

    @classmethod
    def load(cls, split: str = "test", data_location: str | None = None) -> "DigitSource":
        """MNIST and pendigits of ``split`` ("train" to tune on, "test" to measure)."""
        from . import data
        from .strokes_file import load_labelled

        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test', not {split!r}")
        mnist = data.load_mnist(data_location)
        part = mnist.train if split == "train" else mnist.test
        pen_file = data.find_pendigits(None, mnist.folder, split)
        drawings = load_labelled(pen_file) if pen_file else []
        return cls(part.images, part.labels, [d.strokes for d in drawings], [d.label for d in drawings])


def generate(
    source: DigitSource, kinds: Sequence[str] = KINDS, per_kind: int = 100, seed: int = 0
) -> Iterator[PhotoCase]:
    """``per_kind`` cases of every kind, half from MNIST and half from pendigits
    (when pendigits is there), reproducible from ``seed``."""
    for kind in kinds:
        if kind not in KINDS + FORM_KINDS:
            raise ValueError(f"unknown kind {kind!r}; the kinds are {', '.join(KINDS + FORM_KINDS)}")
        for index in range(per_kind):
            yield case_of(source, kind, index, seed)


def case_of(source: DigitSource, kind: str, index: int, seed: int = 0) -> PhotoCase:
    """Case ``index`` of ``kind`` as :func:`generate` renders it from ``seed``, alone
    (a case a benchmark read wrong, looked at again without the ones before it)."""
    # Seeded per kind and case, so a case is the same whichever kinds are asked for.
    rng = np.random.default_rng([seed, _SEED_ORDER.index(kind), index])
    # Eroding an MNIST digit to a hair line breaks it into blobs no pen makes:
    # hair-thin cases are drawn from pen strokes.
    use_pen = bool(source.pen_labels) and (index % 2 == 1 or kind == "hair_thin")
    return render_case(source, kind, rng, use_pen)


def render_case(source: DigitSource, kind: str, rng: np.random.Generator, use_pen: bool) -> PhotoCase:
    """One picture of kind ``kind`` with a digit drawn from ``source`` by ``rng``."""
    if kind in FORM_KINDS:
        return _render_form_case(source, kind, rng, use_pen)
    difficulties = {kind}
    if kind == "mixed":
        difficulties = set(rng.choice(_MIXABLE, size=3, replace=False).tolist())
    if kind == "sudoku_cell":
        difficulties = {"coloured_paper", "frame", "cell_jpeg"}
        if rng.random() < 0.5:
            difficulties.add("neighbour_cell")
    # A digit small in a whole page's photo is drawn on a larger scene, so that at 12
    # megapixels its strokes are as sharp as a phone's.
    small = kind in ("small_on_page", "small_far_marks")
    far = kind == "distant" or small
    side = int(2.5 * RENDER_SIDE) if far else RENDER_SIDE
    aspect = rng.uniform(0.75, 1.33) if kind not in ("sudoku_cell", "frame") else rng.uniform(0.92, 1.08)
    height, width = side, int(round(side * aspect))
    scene = _Scene(height, width, rng)

    # The digit: its height a fraction of the picture, a little off centre.
    fill = rng.uniform(0.45, 0.75) if "frame" not in difficulties else rng.uniform(0.5, 0.7)
    if kind == "distant":
        fill = rng.uniform(0.04, 0.12)  # a digit 7 mm tall on a page photographed whole is about 3%
    elif small:
        fill = rng.uniform(*SMALL_ON_PAGE) * max(width, height) / height  # a share of the long side
    elif kind == "sticky_note":
        fill = rng.uniform(0.25, 0.45)  # the note, not the picture, is the digit's paper
    digit_height = fill * height
    width_fraction = _pen_width_fraction(difficulties, rng)
    label, alpha = _digit_alpha(source, rng, use_pen, digit_height, width_fraction)
    centre = (height / 2 + rng.uniform(-0.06, 0.06) * height, width / 2 + rng.uniform(-0.06, 0.06) * width)
    digit_layer = scene.place(alpha, centre)

    paper = "white"
    if "coloured_paper" in difficulties:
        paper = str(rng.choice(["cream", "grey", "brown", "recycled", "yellow", "blue", "pink", "green"]))
    elif rng.random() < 0.3:
        paper = "cream"
    if kind == "highlighter":
        paper = "white"  # a pale ink is hardest on white, where it is nearly the paper's own brightness
    if kind == "sticky_note":
        scene.desk(rng)
        scene.note(digit_layer, rng)
    else:
        scene.paper(PAPERS[paper], texture=rng.uniform(0.01, 0.04 if paper in ("grey", "brown", "recycled") else 0.025))
    if kind == "show_through":
        # The back of the page's writing, seen through the paper: mirrored, faint, diffused.
        _, back = _digit_alpha(source, rng, rng.random() < 0.5 and bool(source.pen_labels), digit_height * rng.uniform(0.7, 1.2), rng.uniform(0.06, 0.14))
        back = _soften(back[:, ::-1], rng.uniform(1.0, 3.0))
        shift = rng.uniform(-0.25, 0.25, size=2) * (height, width)
        scene.layers.append((scene.place(back, (centre[0] + shift[0], centre[1] + shift[1])) * rng.uniform(0.12, 0.35), PENS[str(rng.choice(["black", "blue"]))]))

    # Clutter first (under the ink, as it was on the page before the digit).
    if "ruled" in difficulties or "margin" in difficulties:
        scene.rulings(horizontal=True, vertical=False, spacing=rng.uniform(0.18, 0.32) * height, colour=(0.55, 0.70, 0.90), strength=rng.uniform(0.35, 0.8), width=rng.uniform(1.0, 2.5))
    if "margin" in difficulties:
        x = width * rng.choice([rng.uniform(0.05, 0.2), rng.uniform(0.8, 0.95)])
        scene.line((0, x + rng.uniform(-3, 3)), (height, x), colour=(0.85, 0.15, 0.18), width=rng.uniform(1.5, 3.5), strength=0.9)
    if "squared" in difficulties:
        scene.rulings(horizontal=True, vertical=True, spacing=rng.uniform(0.08, 0.15) * height, colour=(0.5, 0.6, 0.75), strength=rng.uniform(0.25, 0.6), width=rng.uniform(1.0, 2.0))
    if "frame" in difficulties:
        scene.frame(rng)
    if "neighbour" in difficulties or "neighbour_cell" in difficulties:
        _, other = _digit_alpha(source, rng, rng.random() < 0.5 and bool(source.pen_labels), digit_height, width_fraction)
        scene.neighbour(other, rng)
    if "specks" in difficulties:
        scene.specks(rng, count=int(rng.integers(3, 25)))
    if kind == "small_far_marks":
        _far_marks(scene, centre, digit_height, rng)

    pen = "black"
    if "ballpoint" in difficulties:
        pen = str(rng.choice(["blue", "dark_blue"]))
    elif "pencil" not in difficulties:
        pen = str(rng.choice(["black", "black", "blue", "dark_blue", "felt_black", "green"]))
    if kind == "highlighter":
        # Highlighter ink is transparent and pale: yellow on white is nearly white in grey.
        scene.ink(digit_layer * rng.uniform(0.85, 1.0), PALE_PENS[str(rng.choice(list(PALE_PENS)))])
    elif "pencil" in difficulties:
        grain = np.clip(rng.normal(0.75, 0.25, digit_layer.shape), 0.2, 1.0)
        grain = np.asarray(Image.fromarray((grain * 255).astype(np.uint8)).filter(ImageFilter.BoxBlur(1)), dtype=np.float32) / 255
        scene.ink(digit_layer * grain * rng.uniform(0.35, 0.7), (0.25, 0.25, 0.27))
    else:
        opacity = rng.uniform(0.8, 1.0) if "ballpoint" in difficulties else rng.uniform(0.9, 1.0)
        scene.ink(digit_layer * opacity, PENS[pen])

    if kind == "hand_shadow" and rng.random() < 0.5:
        scene.fingers(rng)  # the hand holding the page, in the picture; else the phone's shadow below
    if kind == "thumb":
        scene.thumb(digit_layer, digit_height, rng)

    if "perspective" in difficulties:
        scene.perspective(rng)
    lighting = np.ones((height, width), dtype=np.float32) * rng.uniform(0.75, 1.0)
    if "shadow" in difficulties:
        lighting *= _shadow(height, width, rng)
    if "gradient" in difficulties:
        lighting *= _gradient(height, width, rng)
    glare = None
    noise = rng.uniform(0.005, 0.02)
    colour_noise = 0.0
    if kind == "glare":
        glare = _glare(height, width, centre, digit_height, rng)
    elif kind == "hand_shadow" and not scene.has_fingers:
        lighting *= _phone_shadow(height, width, rng)
    elif kind == "crease":
        lighting *= _crease(height, width, rng)
    elif kind == "crumpled":
        lighting *= _crumples(height, width, rng)
    elif kind == "low_light":
        # A dim room: the phone raises its gain, and with it the sensor's noise, in colour.
        lighting *= rng.uniform(0.3, 0.55)
        colour_noise = rng.uniform(0.03, 0.12)
    picture = scene.photograph(lighting, noise=noise, glare=glare, colour_noise=colour_noise)
    if kind == "screen":
        picture = _on_screen(picture, rng)

    blur = rng.uniform(0.0, 0.8)
    if "blur" in difficulties:
        blur = rng.uniform(0.012, 0.03) * digit_height
    if blur > 0.3:
        picture = picture.filter(ImageFilter.GaussianBlur(blur))
    if kind == "motion_blur":
        picture = _motion_blur(picture, rng.uniform(0.03, 0.12) * digit_height, rng.uniform(0, 180))

    out_size = (width, height)
    if kind == "tiny":
        scale = rng.uniform(40, 64) / min(width, height)
        out_size = (max(8, round(width * scale)), max(8, round(height * scale)))
    elif kind == "large":
        megapixels = rng.choice([2.0, 5.0, 12.0])
        scale = float(np.sqrt(megapixels * 1e6 / (width * height)))
        out_size = (round(width * scale), round(height * scale))
    elif kind == "sudoku_cell":
        side_px = int(rng.integers(40, 140))
        out_size = (side_px, round(side_px * height / width))
    elif far:
        scale = rng.uniform(3000, 4000) / max(width, height)
        out_size = (round(width * scale), round(height * scale))
    else:
        scale = rng.uniform(0.25, 1.6)
        out_size = (max(40, round(width * scale)), max(40, round(height * scale)))
    if out_size != (width, height):
        resample = Image.Resampling.BICUBIC if out_size[0] > width else Image.Resampling.BOX
        picture = picture.resize(out_size, resample)
    if small:
        picture = _fine_grain(picture, rng.uniform(0.01, 0.04), rng)

    file_format = "PNG" if (kind in ("clean", "tiny") and rng.random() < 0.3) else "JPEG"
    quality = int(rng.integers(70, 96))
    if "jpeg_low" in difficulties:
        quality = int(rng.integers(15, 40))
    elif "cell_jpeg" in difficulties:
        quality = int(rng.integers(55, 85))
    buffer = io.BytesIO()
    if file_format == "JPEG":
        picture.save(buffer, "JPEG", quality=quality)
    else:
        picture.save(buffer, "PNG")
    return PhotoCase(buffer.getvalue(), int(label), kind, "pendigits" if use_pen else "mnist", out_size, file_format)


def _far_marks(scene: _Scene, centre: tuple[float, float], digit_height: float, rng: np.random.Generator) -> None:
    """One to three marks as large as the digit (at ``centre``, ``digit_height`` tall) far
    across the page: a speck or a crumb, punched holes along one side showing the darker
    desk, a page number printed in a corner or at the foot."""
    from PIL import ImageFont

    height, width = scene.height, scene.width
    side = max(height, width)
    for what in rng.choice(["speck", "holes", "page_number"], size=int(rng.integers(1, 4)), replace=False):
        if what == "speck":
            while True:
                y, x = rng.uniform(0.05, 0.95) * height, rng.uniform(0.05, 0.95) * width
                if np.hypot(y - centre[0], x - centre[1]) >= FAR_MARKS * digit_height:
                    break
            across = rng.uniform(0.4, 1.1) * digit_height
            other = across * rng.uniform(0.5, 1.0)

            def speck(canvas: ImageDraw.ImageDraw, scale: int, x=x, y=y, across=across, other=other) -> None:
                canvas.ellipse(((x - across / 2) * scale, (y - other / 2) * scale, (x + across / 2) * scale, (y + other / 2) * scale), fill=255)

            scene.shape(speck, (0.12, 0.11, 0.10), rng.uniform(0.6, 1.0))
        elif what == "holes":
            radius = rng.uniform(0.008, 0.011) * side  # 6 mm holes on an A4 page
            x = rng.uniform(0.025, 0.05) * width
            x = x if rng.random() < 0.5 else width - x
            count = int(rng.choice([2, 3]))
            rows = [height * (0.5 + (k - (count - 1) / 2) * rng.uniform(0.25, 0.3)) for k in range(count)]

            def holes(canvas: ImageDraw.ImageDraw, scale: int, x=x, rows=rows, radius=radius) -> None:
                for y in rows:
                    canvas.ellipse(((x - radius) * scale, (y - radius) * scale, (x + radius) * scale, (y + radius) * scale), fill=255)

            scene.shape(holes, DESKS[str(rng.choice(list(DESKS)))], rng.uniform(0.7, 1.0))
        else:
            text = str(int(rng.integers(1, 400)))
            size = rng.uniform(0.6, 1.0) * digit_height
            y = rng.uniform(0.03, 0.06) * height if rng.random() < 0.3 else height - rng.uniform(0.04, 0.07) * height - size
            x = float(rng.choice([0.5, rng.uniform(0.05, 0.1), rng.uniform(0.88, 0.93)])) * width

            def page_number(canvas: ImageDraw.ImageDraw, scale: int, text=text, size=size, x=x, y=y) -> None:
                canvas.text((x * scale, y * scale), text, fill=255, font=ImageFont.load_default(max(6, round(size * scale * 1.35))))

            scene.shape(page_number, PRINTING["black"], rng.uniform(0.8, 1.0))


def _fine_grain(picture: Image.Image, strength: float, rng: np.random.Generator) -> Image.Image:
    """``picture`` with the paper's fine grain at its own pixels (a sheet's fibres, a phone's
    sharpening): each pixel's brightness changed by a share of sd ``strength``, its own."""
    grain = rng.normal(1.0, strength, (picture.height, picture.width, 1)).astype(np.float32)
    return Image.fromarray(np.clip(np.asarray(picture, dtype=np.float32) * grain + 0.5, 0, 255).astype(np.uint8), mode="RGB")


def _pen_width_fraction(difficulties: set[str], rng: np.random.Generator) -> float:
    """Stroke width as a fraction of the digit's height."""
    if "highlighter" in difficulties and rng.random() < 0.5:
        return rng.uniform(0.12, 0.25)  # a highlighter's broad tip; else a pale fine pen
    if "marker" in difficulties:
        return rng.uniform(0.2, 0.3)
    if "hair_thin" in difficulties:
        return rng.uniform(0.015, 0.035)
    if "ballpoint" in difficulties:
        return rng.uniform(0.04, 0.08)
    return rng.uniform(0.06, 0.14)


def _digit_alpha(
    source: DigitSource, rng: np.random.Generator, use_pen: bool, digit_height: float, width_fraction: float
) -> tuple[int, np.ndarray]:
    """A digit's ink coverage in 0-1, about ``digit_height`` pixels tall."""
    if use_pen:
        index = int(rng.integers(len(source.pen_labels)))
        return int(source.pen_labels[index]), _render_pen(source.pen_strokes[index], digit_height, width_fraction)
    index = int(rng.integers(len(source.mnist_labels)))
    image = source.mnist_images[index].astype(np.float32) / 255.0
    # MNIST's digit is 20 of its 28 pixels; scale so that it is digit_height tall.
    rows = np.flatnonzero(image.max(axis=1) > 0.1)
    tall = max(1, rows[-1] - rows[0] + 1) if len(rows) else 20
    scale = digit_height / tall
    side = max(8, int(round(28 * scale)))
    big = np.asarray(Image.fromarray(image, mode="F").resize((side, side), Image.Resampling.BICUBIC))
    big = np.clip((big - 0.25) / 0.5, 0.0, 1.0)  # sharpen the soft upscaled edge back into a stroke
    # MNIST's own strokes are about 0.1 of the height; thicken or thin toward the pen asked for.
    change = (width_fraction - 0.11) * digit_height
    if abs(change) >= 2:
        size = int(abs(change)) | 1
        picture = Image.fromarray(big.astype(np.float32), mode="F")
        picture = picture.filter(ImageFilter.MaxFilter(min(size, 31)) if change > 0 else ImageFilter.MinFilter(min(size, 31)))
        thinned = np.asarray(picture)
        if change < 0 and thinned.max() < 0.5:
            thinned = np.asarray(Image.fromarray(big.astype(np.float32), mode="F").filter(ImageFilter.MinFilter(3)))
        big = thinned
    return int(source.mnist_labels[index]), big.astype(np.float32)


def _render_pen(strokes: list, digit_height: float, width_fraction: float) -> np.ndarray:
    points = [np.asarray(stroke, dtype=np.float64).reshape(-1, 2) for stroke in strokes if len(stroke)]
    everything = np.concatenate(points)
    low, high = everything.min(axis=0), everything.max(axis=0)
    span = high - low
    supersample = 3
    pen = max(1.0, width_fraction * digit_height) * supersample
    scale = (digit_height * supersample - pen) / max(span[1], span[0] * 0.6, 1e-6)
    size = (int(span[0] * scale + pen * 2 + 4), int(span[1] * scale + pen * 2 + 4))
    picture = Image.new("L", size, 0)
    draw = ImageDraw.Draw(picture)
    radius = pen / 2
    for stroke in points:
        xy = (stroke - low) * scale + pen + 2
        if len(xy) > 1:
            draw.line(xy.ravel().tolist(), fill=255, width=max(1, round(pen)))
        for x, y in xy.tolist():
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    small = picture.resize((max(1, size[0] // supersample), max(1, size[1] // supersample)), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float32) / 255.0


class _Scene:
    """Layers of marks (coverage and colour) on paper, under one light."""

    def __init__(self, height: int, width: int, rng: np.random.Generator) -> None:
        self.height, self.width, self.rng = height, width, rng
        self.reflectance = np.ones((height, width, 3), dtype=np.float32)
        self.layers: list[tuple[np.ndarray, tuple[float, float, float]]] = []
        self._ink: list[tuple[np.ndarray, tuple[float, float, float]]] = []
        self.has_fingers = False

    def place(self, alpha: np.ndarray, centre: tuple[float, float]) -> np.ndarray:
        layer = np.zeros((self.height, self.width), dtype=np.float32)
        top = int(round(centre[0] - alpha.shape[0] / 2))
        left = int(round(centre[1] - alpha.shape[1] / 2))
        _paste_max(layer, alpha, top, left)
        return layer

    def paper(self, colour: tuple[float, float, float], texture: float) -> None:
        rng = self.rng
        # Fibres: fine grain plus blotches a few percent of the picture across.
        coarse = rng.normal(0, 1, (max(2, self.height // 24), max(2, self.width // 24))).astype(np.float32)
        coarse = np.asarray(Image.fromarray(coarse, mode="F").resize((self.width, self.height), Image.Resampling.BICUBIC))
        fine = rng.normal(0, 1, (self.height, self.width)).astype(np.float32)
        grain = 1 + texture * (0.6 * coarse + 0.4 * fine)
        self.reflectance = np.clip(np.asarray(colour, dtype=np.float32) * grain[..., None], 0, 1)

    def line(self, start: tuple[float, float], end: tuple[float, float], colour: Colour, width: float, strength: float) -> None:
        alpha = Image.new("L", (self.width * 2, self.height * 2), 0)
        ImageDraw.Draw(alpha).line([(start[1] * 2, start[0] * 2), (end[1] * 2, end[0] * 2)], fill=255, width=max(1, round(width * 2)))
        coverage = np.asarray(alpha.resize((self.width, self.height), Image.Resampling.BOX), dtype=np.float32) / 255.0
        self.layers.append((coverage * strength, colour))

    def rulings(self, horizontal: bool, vertical: bool, spacing: float, colour: Colour, strength: float, width: float) -> None:
        tilt = self.rng.uniform(-0.02, 0.02)
        if horizontal:
            offset = self.rng.uniform(0, spacing)
            for y in np.arange(offset, self.height, spacing):
                self.line((y, 0), (y + tilt * self.width, self.width), colour, width, strength)
        if vertical:
            offset = self.rng.uniform(0, spacing)
            for x in np.arange(offset, self.width, spacing):
                self.line((0, x), (self.height, x - tilt * self.height), colour, width, strength)

    def frame(self, rng: np.random.Generator) -> None:
        """Cell borders or a box frame near the crop's edges, on one to four sides."""
        thickness = rng.uniform(0.01, 0.04) * self.height
        colour = (0.1, 0.1, 0.12) if rng.random() < 0.7 else (0.35, 0.35, 0.4)
        sides = rng.permutation(4)[: int(rng.integers(1, 5))]
        for side in sides:
            inset = rng.uniform(-0.01, 0.07)
            tilt = rng.uniform(-0.02, 0.02)
            if side == 0:
                y = inset * self.height
                self.line((y, -5), (y + tilt * self.width, self.width + 5), colour, thickness, 0.95)
            elif side == 1:
                y = (1 - inset) * self.height
                self.line((y, -5), (y + tilt * self.width, self.width + 5), colour, thickness, 0.95)
            elif side == 2:
                x = inset * self.width
                self.line((-5, x), (self.height + 5, x + tilt * self.height), colour, thickness, 0.95)
            else:
                x = (1 - inset) * self.width
                self.line((-5, x), (self.height + 5, x + tilt * self.height), colour, thickness, 0.95)

    def shape(self, draw: Callable[[ImageDraw.ImageDraw, int], None], colour: Colour, strength: float = 1.0) -> None:
        """A printed mark drawn by ``draw(ImageDraw, scale)`` on a canvas twice as fine
        (coordinates times ``scale``), area-averaged down: its edges anti-aliased."""
        alpha = Image.new("L", (self.width * 2, self.height * 2), 0)
        draw(ImageDraw.Draw(alpha), 2)
        coverage = np.asarray(alpha.resize((self.width, self.height), Image.Resampling.BOX), dtype=np.float32) / 255.0
        self.layers.append((coverage * strength, colour))

    def neighbour(self, alpha: np.ndarray, rng: np.random.Generator) -> None:
        """Part of the next digit, reaching in over one edge."""
        inside = rng.uniform(0.1, 0.3)
        side = int(rng.integers(4))
        layer = np.zeros((self.height, self.width), dtype=np.float32)
        h, w = alpha.shape
        if side in (0, 1):  # left or right
            top = int(self.height / 2 - h / 2 + rng.uniform(-0.1, 0.1) * self.height)
            left = int(-w + inside * w) if side == 0 else int(self.width - inside * w)
        else:  # top or bottom
            left = int(self.width / 2 - w / 2 + rng.uniform(-0.1, 0.1) * self.width)
            top = int(-h + inside * h) if side == 2 else int(self.height - inside * h)
        _paste_max(layer, alpha, top, left)
        self._ink.append((layer, (0.08, 0.08, 0.10)))

    def specks(self, rng: np.random.Generator, count: int) -> None:
        layer = Image.new("L", (self.width, self.height), 0)
        draw = ImageDraw.Draw(layer)
        for _ in range(count):
            x, y = rng.uniform(0, self.width), rng.uniform(0, self.height)
            radius = rng.uniform(0.5, 0.012 * self.height)
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=int(rng.integers(120, 255)))
        self.layers.append((np.asarray(layer, dtype=np.float32) / 255.0, (0.1, 0.1, 0.1)))

    def ink(self, coverage: np.ndarray, colour: Colour) -> None:
        self._ink.append((coverage, colour))

    def desk(self, rng: np.random.Generator) -> None:
        """A desk under the page: wood with its grain, or a dark grey or black top."""
        name = str(rng.choice(list(DESKS)))
        self.paper(DESKS[name], texture=rng.uniform(0.03, 0.08))
        if name.startswith("wood"):
            y, x = np.mgrid[0 : self.height, 0 : self.width].astype(np.float32)
            turn = rng.uniform(-0.3, 0.3)
            waves = np.sin((y + turn * x) / rng.uniform(3, 12) + 2 * np.sin(x / rng.uniform(40, 120)))
            self.reflectance = np.clip(self.reflectance * (1 + 0.12 * waves)[..., None], 0, 1)

    def note(self, digit: np.ndarray, rng: np.random.Generator) -> None:
        """A square sticky note round the digit's ink, turned a little, its shadow on the desk."""
        rows, cols = np.flatnonzero(digit.max(axis=1) > 0.3), np.flatnonzero(digit.max(axis=0) > 0.3)
        middle = np.array([(cols[0] + cols[-1]) / 2, (rows[0] + rows[-1]) / 2]) + rng.uniform(-0.08, 0.08, 2) * (rows[-1] - rows[0])
        half = max(rows[-1] - rows[0], cols[-1] - cols[0]) / rng.uniform(0.5, 0.75) / 2
        turn = np.radians(rng.uniform(-12, 12))
        corners = [middle + half * np.array([np.cos(turn + a) - np.sin(turn + a), np.sin(turn + a) + np.cos(turn + a)]) for a in np.radians([0, 90, 180, 270])]
        shadow_shift = rng.uniform(0.01, 0.04, 2) * half * 2

        def square(shift: np.ndarray) -> Callable[[ImageDraw.ImageDraw, int], None]:
            return lambda draw, scale: draw.polygon([tuple((c + shift) * scale) for c in corners], fill=255)

        self.shape(square(shadow_shift), (0.0, 0.0, 0.0), rng.uniform(0.3, 0.6))
        shadow, colour = self.layers[-1]
        self.layers[-1] = (_soften(shadow, 0.03 * half), colour)
        self.shape(square(np.zeros(2)), NOTES[str(rng.choice(list(NOTES)))])

    def fingers(self, rng: np.random.Generator) -> None:
        """One to four fingertips of the hand holding the page, in from one edge, out of focus."""
        side = min(self.height, self.width)
        width = rng.uniform(0.09, 0.15) * side
        edge = int(rng.integers(4))
        along = self.width if edge < 2 else self.height
        start = rng.uniform(-0.1, 0.7) * along
        skin = SKINS[int(rng.integers(len(SKINS)))]
        alpha = Image.new("L", (self.width * 2, self.height * 2), 0)
        draw = ImageDraw.Draw(alpha)
        for finger in range(int(rng.integers(1, 5))):
            reach = rng.uniform(0.08, 0.3) * side
            low, high = start + finger * width * 1.1, start + finger * width * 1.1 + width
            box = {0: (low, -width, high, reach), 1: (low, self.height - reach, high, self.height + width),
                   2: (-width, low, reach, high), 3: (self.width - reach, low, self.width + width, high)}[edge]  # fmt: skip
            draw.rounded_rectangle([v * 2 for v in box], radius=width, fill=255)
        coverage = alpha.resize((self.width, self.height), Image.Resampling.BOX).filter(ImageFilter.GaussianBlur(rng.uniform(1, 4)))
        coverage_array = np.asarray(coverage, dtype=np.float32) / 255.0
        shadow = np.asarray(coverage.filter(ImageFilter.GaussianBlur(0.05 * side)), dtype=np.float32) / 255.0
        self.layers.append((shadow * 0.5, (0.0, 0.0, 0.0)))
        self._ink.append((coverage_array, skin))
        self.has_fingers = True

    def thumb(self, digit: np.ndarray, digit_height: float, rng: np.random.Generator) -> None:
        """The thumb holding the page, in from one edge at a slant: as wide as the digit is
        tall or wider (a real fingertip is about 2 cm across, a written digit about 1),
        skin-toned, shaded darker toward its sides as a rounded thing is, out of focus,
        often with its nail, its shadow on the page; it may touch the digit but leaves
        most of it in view."""
        side = min(self.height, self.width)
        width = min(rng.uniform(0.55, 1.2) * digit_height, 0.6 * side)
        edge = int(rng.integers(4))
        inward = {0: (1.0, 0.0), 1: (-1.0, 0.0), 2: (0.0, 1.0), 3: (0.0, -1.0)}[edge]  # (row, column)
        turn = np.radians(rng.uniform(-35, 35))
        direction = np.array([inward[0] * np.cos(turn) - inward[1] * np.sin(turn), inward[1] * np.cos(turn) + inward[0] * np.sin(turn)])
        along = rng.uniform(0.1, 0.9)
        start = {0: (0.0, along * self.width), 1: (self.height, along * self.width),
                 2: (along * self.height, 0.0), 3: (along * self.height, self.width)}[edge]  # fmt: skip
        start = np.array(start)
        blur = rng.uniform(2.0, 7.0)
        longest = min(rng.uniform(0.6, 1.3) * width, 0.45 * side)
        for reach in np.linspace(longest, 0.3 * longest, 6):
            tip = start + direction * (reach - width / 2)  # the round end's centre
            far = start - direction * side
            alpha = Image.new("L", (self.width * 2, self.height * 2), 0)
            draw = ImageDraw.Draw(alpha)
            draw.line([(far[1] * 2, far[0] * 2), (tip[1] * 2, tip[0] * 2)], fill=255, width=round(width * 2))
            draw.ellipse([(tip[1] - width / 2) * 2, (tip[0] - width / 2) * 2, (tip[1] + width / 2) * 2, (tip[0] + width / 2) * 2], fill=255)
            sharp = np.asarray(alpha.resize((self.width, self.height), Image.Resampling.BOX), dtype=np.float32) / 255.0
            covered = float((digit * sharp).sum()) / max(float(digit.sum()), 1.0)
            if covered <= 0.1:
                break
        coverage = _soften(sharp, blur)
        down, right = (rng.uniform(0.02, 0.06, 2) * side).astype(int)
        # Shifted, not rolled: what leaves the picture is gone (rolled, a thumb at the
        # bottom edge cast its shadow on the top edge too).
        shadow = np.zeros_like(coverage)
        shadow[down:, right:] = coverage[: coverage.shape[0] - down, : coverage.shape[1] - right]
        self.layers.append((_soften(shadow, 0.04 * side) * rng.uniform(0.25, 0.5), (0.0, 0.0, 0.0)))
        skin = np.asarray(SKINS[int(rng.integers(len(SKINS)))], dtype=np.float32)
        self._ink.append((coverage, tuple(skin * rng.uniform(0.85, 1.05))))
        # Rounded: lit in the middle, darker toward the sides where it turns away.
        sides = np.clip(coverage - _soften(sharp, width / 5), 0, 1) * 2
        self._ink.append((sides * coverage * rng.uniform(0.25, 0.5), (0.0, 0.0, 0.0)))
        if rng.random() < 0.6:
            nail = Image.new("L", (self.width * 2, self.height * 2), 0)
            centre = tip + direction * width * 0.05
            across = np.array([-direction[1], direction[0]])
            turns = np.linspace(0, 2 * np.pi, 32, endpoint=False)
            outline = [centre + direction * 0.32 * width * np.cos(t) + across * 0.25 * width * np.sin(t) for t in turns]
            ImageDraw.Draw(nail).polygon([(point[1] * 2, point[0] * 2) for point in outline], fill=255)
            nail_cover = _soften(np.asarray(nail.resize((self.width, self.height), Image.Resampling.BOX), dtype=np.float32) / 255.0, blur / 2)
            self._ink.append((nail_cover * 0.8, tuple(np.clip(skin * 1.15 + 0.05, 0, 1))))

    def perspective(self, rng: np.random.Generator, turn: float = 0.0) -> None:
        """Tilt the page: every mark goes through one mild projective transform,
        turned by ``turn`` degrees as well (a page not held square to the camera)."""
        w, h = self.width, self.height
        jitter = 0.06
        corners = [(0, 0), (w, 0), (w, h), (0, h)]
        cos, sin = np.cos(np.radians(turn)), np.sin(np.radians(turn))
        turned = [(w / 2 + (x - w / 2) * cos - (y - h / 2) * sin, h / 2 + (x - w / 2) * sin + (y - h / 2) * cos) for x, y in corners]
        moved = [(x + rng.uniform(-jitter, jitter) * w, y + rng.uniform(-jitter, jitter) * h) for x, y in turned]
        coefficients = _perspective_coefficients(moved, corners)

        def warp(coverage: np.ndarray) -> np.ndarray:
            picture = Image.fromarray(coverage.astype(np.float32), mode="F")
            return np.asarray(picture.transform((w, h), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR))

        self.layers = [(warp(a), c) for a, c in self.layers]
        self._ink = [(warp(a), c) for a, c in self._ink]

    def photograph(self, lighting: np.ndarray, noise: float, glare: np.ndarray | None = None, colour_noise: float = 0.0) -> Image.Image:
        """The scene under ``lighting``, with sensor noise of sd ``noise`` (and
        ``colour_noise``, each channel's own), and ``glare`` added: light the paper's
        surface reflects whatever is printed on it."""
        reflectance = self.reflectance
        for alpha, colour in self.layers + self._ink:
            a = np.clip(alpha, 0, 1)[..., None]
            reflectance = reflectance * (1 - a) + np.asarray(colour, dtype=np.float32) * a
        values = reflectance * lighting[..., None]
        if glare is not None:
            values += glare[..., None]
        values += self.rng.normal(0, noise, values.shape).astype(np.float32)
        if colour_noise > 0:
            values += self.rng.normal(0, colour_noise, values.shape).astype(np.float32)
        return Image.fromarray((np.clip(values, 0, 1) * 255 + 0.5).astype(np.uint8), mode="RGB")


def _soften(coverage: np.ndarray, radius: float) -> np.ndarray:
    """Coverage (0-1) blurred by a Gaussian of ``radius`` pixels (Pillow blurs 8-bit pictures only)."""
    picture = Image.fromarray((np.clip(coverage, 0, 1) * 255 + 0.5).astype(np.uint8))
    return np.asarray(picture.filter(ImageFilter.GaussianBlur(float(radius))), dtype=np.float32) / 255.0


def _paste_max(layer: np.ndarray, alpha: np.ndarray, top: int, left: int) -> None:
    h, w = alpha.shape
    src_top, src_left = max(0, -top), max(0, -left)
    dst_top, dst_left = max(0, top), max(0, left)
    rows = min(h - src_top, layer.shape[0] - dst_top)
    cols = min(w - src_left, layer.shape[1] - dst_left)
    if rows <= 0 or cols <= 0:
        return
    region = layer[dst_top : dst_top + rows, dst_left : dst_left + cols]
    np.maximum(region, alpha[src_top : src_top + rows, src_left : src_left + cols], out=region)


def _shadow(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """A soft shadow (a hand, a phone) over a corner or a side."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    direction = np.array([np.cos(angle), np.sin(angle)], dtype=np.float32)
    # Signed distance from a straight edge through a point off the centre.
    offset = rng.uniform(0.1, 0.35) * min(height, width)
    distance = ((x - width / 2) * direction[0] + (y - height / 2) * direction[1]) - offset
    softness = rng.uniform(0.03, 0.15) * min(height, width)
    depth = rng.uniform(0.35, 0.65)
    inside = 1 / (1 + np.exp(-distance / softness))
    return (1 - depth * inside).astype(np.float32)


def _glare(height: int, width: int, centre: tuple[float, float], digit_height: float, rng: np.random.Generator) -> np.ndarray:
    """A specular highlight: a bright, soft ellipse on or near the digit (a lamp or a
    window reflected by glossy paper), its core clipped white."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    middle = np.asarray(centre) + rng.uniform(-0.5, 0.5, 2) * digit_height
    turn = rng.uniform(0, np.pi)
    along = ((x - middle[1]) * np.cos(turn) + (y - middle[0]) * np.sin(turn)) / (rng.uniform(0.15, 0.5) * digit_height)
    across = (-(x - middle[1]) * np.sin(turn) + (y - middle[0]) * np.cos(turn)) / (rng.uniform(0.08, 0.3) * digit_height)
    return (rng.uniform(0.3, 0.75) * np.exp(-(along**2 + across**2) / 2)).astype(np.float32)


def _phone_shadow(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """The shadow of the phone (or a hand) held over the page: a dark rounded
    rectangle reaching in from one edge, soft at its sides."""
    side = min(height, width)
    edge = int(rng.integers(4))
    along = width if edge < 2 else height
    low = rng.uniform(0, 0.6) * along
    high = low + rng.uniform(0.3, 0.7) * along
    reach = rng.uniform(0.15, 0.45) * (height if edge < 2 else width)
    box = {0: (low, -side, high, reach), 1: (low, height - reach, high, height + side),
           2: (-side, low, reach, high), 3: (width - reach, low, width + side, high)}[edge]  # fmt: skip
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle(box, radius=0.1 * side, fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(rng.uniform(0.02, 0.08) * side))
    return (1 - rng.uniform(0.35, 0.7) * np.asarray(mask, dtype=np.float32) / 255.0).astype(np.float32)


def _crease(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """A fold across the page, flattened again: a narrow dark valley, a light ridge beside
    it, and the two halves lit a little differently (they no longer lie flat)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    turn = rng.uniform(0, np.pi)
    through = (height / 2 + rng.uniform(-0.25, 0.25) * height, width / 2 + rng.uniform(-0.25, 0.25) * width)
    distance = (x - through[1]) * np.sin(turn) - (y - through[0]) * np.cos(turn)
    valley = rng.uniform(1.0, 3.0)
    light = np.where(distance > 0, rng.uniform(0.8, 0.97), 1.0)
    light *= 1 - rng.uniform(0.15, 0.45) * np.exp(-((distance / valley) ** 2))
    light *= 1 + rng.uniform(0.0, 0.1) * np.exp(-(((distance + 2.5 * valley) / valley) ** 2))
    return light.astype(np.float32)


def _crumples(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Crumpled paper smoothed out: facets between random creases, each lit at its own
    slant (a plane of brightness), sharp where two meet."""
    small = (max(8, height // 4), max(8, width // 4))
    y, x = np.mgrid[0 : small[0], 0 : small[1]].astype(np.float32)
    count = int(rng.integers(10, 30))
    seeds = rng.uniform(0, 1, (count, 2)) * small
    nearest = np.argmin((y[..., None] - seeds[:, 0]) ** 2 + (x[..., None] - seeds[:, 1]) ** 2, axis=-1)
    level = rng.uniform(0.72, 1.0, count)
    slope = rng.normal(0, 0.15, (count, 2)) / max(small)
    light = level[nearest] + slope[nearest, 0] * (y - seeds[nearest, 0]) + slope[nearest, 1] * (x - seeds[nearest, 1])
    light = Image.fromarray(np.clip(light, 0.5, 1.0).astype(np.float32), mode="F").resize((width, height), Image.Resampling.NEAREST)
    return _soften(np.asarray(light), rng.uniform(0.7, 2.0))


def _on_screen(picture: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The picture as a photo of a screen showing it: the screen's grid of red, green
    and blue subpixels, turned a little against the camera's (the two beat into moire
    once the photo is resized), and the screen's grey black. A third of the time the
    screen shows the digit light on dark (a dark theme, an MNIST image)."""
    values = np.asarray(picture, dtype=np.float32) / 255.0
    if rng.random() < 1 / 3:
        values = 1.0 - values
    values = 0.08 + 0.9 * values
    height, width = values.shape[:2]
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    pitch = rng.uniform(2.0, 5.0)
    turn = np.radians(rng.uniform(-8, 8))
    u = (x * np.cos(turn) + y * np.sin(turn)) / pitch
    v = (-x * np.sin(turn) + y * np.cos(turn)) / pitch
    lit = (v - np.floor(v)) < rng.uniform(0.7, 0.9)  # the dark rows between the screen's pixels
    channel = np.floor(3 * (u - np.floor(u))).astype(np.int32)
    grid = np.stack([(channel == c) & lit for c in range(3)], axis=-1).astype(np.float32)
    # The lens blurs the subpixels a little; the phone's exposure brings the screen's
    # white (a third of each pixel lit) back up, clipping the brightest.
    shot = Image.fromarray((values * grid * 255 + 0.5).astype(np.uint8), mode="RGB").filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.2)))
    exposed = np.asarray(shot, dtype=np.float32) * rng.uniform(2.4, 3.4)
    return Image.fromarray(np.clip(exposed + 0.5, 0, 255).astype(np.uint8), mode="RGB")


def _motion_blur(picture: Image.Image, length: float, angle: float) -> Image.Image:
    """The picture smeared ``length`` pixels along ``angle`` degrees (the phone moved
    while the shutter was open): the average of copies shifted along the way."""
    steps = max(2, int(round(length)))
    direction = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
    # The edges repeated first: copies shifted in from beyond them must not bring in black.
    pad = int(np.ceil(length / 2)) + 1
    padded = Image.fromarray(np.pad(np.asarray(picture), ((pad, pad), (pad, pad), (0, 0)), mode="edge"), mode="RGB")
    total = np.zeros((padded.height, padded.width, 3), dtype=np.float32)
    for t in np.linspace(-length / 2, length / 2, steps):
        dx, dy = direction * t
        total += np.asarray(padded.transform(padded.size, Image.Transform.AFFINE, (1, 0, dx, 0, 1, dy), Image.Resampling.BILINEAR), dtype=np.float32)
    smeared = total[pad:-pad, pad:-pad] / steps
    return Image.fromarray(np.clip(smeared + 0.5, 0, 255).astype(np.uint8), mode="RGB")


def _gradient(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Light falling off across the page, and vignetting toward the corners."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    y, x = y / height - 0.5, x / width - 0.5
    angle = rng.uniform(0, 2 * np.pi)
    ramp = 1 - rng.uniform(0.2, 0.5) * (0.5 + x * np.cos(angle) + y * np.sin(angle))
    vignette = 1 - rng.uniform(0.2, 0.6) * (x * x + y * y) * 2
    return np.clip(ramp * vignette, 0.2, 1).astype(np.float32)


def _perspective_coefficients(source: list, target: list) -> tuple[float, ...]:
    """Pillow's eight coefficients mapping output (target) corners to input (source) ones."""
    rows = []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    matrix = np.asarray(rows, dtype=np.float64)
    values = np.asarray([c for point in source for c in point], dtype=np.float64)
    return tuple(np.linalg.solve(matrix, values).tolist())


# --- digits in printed boxes: paper forms ------------------------------------------
#
# People photograph forms: a digit written in a printed box (thin or thick, touched or
# crossed by the digit), a shaded or dark-filled field, a circle drawn round it, squared
# paper; a number written one digit a box in a comb of boxes, in a comb of ticks on a
# baseline, or in one box. The single-digit kinds are read as a digit, the comb kinds
# as a number; the page is often grey in a photo, turned a little and in perspective.

FORM_KINDS = ("box", "box_thick", "box_crossed", "shaded_box", "dark_box", "circle", "graph")
NUMBER_FORM_KINDS = ("comb", "comb_ticks", "number_box")
PRINTING = {  # a form's printing: black, grey, and the colours forms are printed in
    "black": (0.10, 0.10, 0.12),
    "grey": (0.40, 0.40, 0.42),
    "blue": (0.15, 0.25, 0.60),
    "red": (0.75, 0.15, 0.15),
    "green": (0.15, 0.45, 0.25),
}


@dataclass(frozen=True)
class NumberPhotoCase:
    """One synthetic picture of a number written in a form's boxes, and its digits."""

    data: bytes
    label: str
    kind: str
    source: str  # "mnist" or "pendigits"
    size: tuple[int, int]  # width, height


def generate_numbers(
    source: DigitSource, kinds: Sequence[str] = NUMBER_FORM_KINDS, per_kind: int = 100, seed: int = 0
) -> Iterator[NumberPhotoCase]:
    """``per_kind`` pictures of numbers of 3 to 6 digits in a form's boxes for every kind,
    half from MNIST and half from pendigits, reproducible from ``seed``."""
    for kind in kinds:
        if kind not in NUMBER_FORM_KINDS:
            raise ValueError(f"unknown kind {kind!r}; the kinds are {', '.join(NUMBER_FORM_KINDS)}")
        for index in range(per_kind):
            rng = np.random.default_rng([seed, 1000 + NUMBER_FORM_KINDS.index(kind), index])
            yield render_number_case(source, kind, rng, bool(source.pen_labels) and index % 2 == 1)


def _render_form_case(source: DigitSource, kind: str, rng: np.random.Generator, use_pen: bool) -> PhotoCase:
    """One picture of a digit in a printed box, a filled field, a circle or on squared paper."""
    height = RENDER_SIDE
    width = int(round(height * rng.uniform(0.85, 1.2)))
    scene = _Scene(height, width, rng)
    digit_height = rng.uniform(0.38, 0.55) * height
    label, alpha = _digit_alpha(source, rng, use_pen, digit_height, rng.uniform(0.06, 0.14))
    centre = (height / 2 + rng.uniform(-0.05, 0.05) * height, width / 2 + rng.uniform(-0.05, 0.05) * width)
    digit_layer = scene.place(alpha, centre)
    rows, cols = np.flatnonzero(digit_layer.max(axis=1) > 0.3), np.flatnonzero(digit_layer.max(axis=0) > 0.3)
    top, bottom, left, right = float(rows[0]), float(rows[-1] + 1), float(cols[0]), float(cols[-1] + 1)
    grey_photo = _form_paper(scene, rng)
    printing = PRINTING[str(rng.choice(list(PRINTING), p=[0.45, 0.15, 0.15, 0.15, 0.1]))]
    ink_colour = PENS[str(rng.choice(["black", "blue", "dark_blue", "felt_black"]))]
    if kind == "graph":
        spacing = rng.uniform(0.12, 0.3) * digit_height
        colour = PRINTING[str(rng.choice(["grey", "blue", "green"]))]
        scene.rulings(horizontal=True, vertical=True, spacing=spacing, colour=colour, strength=rng.uniform(0.3, 0.8), width=rng.uniform(1.0, 2.5))
    elif kind == "circle":
        reach = rng.uniform(1.1, 1.5)
        half_height, half_width = (bottom - top) / 2 * reach, max((right - left) / 2 * reach, 0.6 * (bottom - top) / 2)
        middle = ((top + bottom) / 2, (left + right) / 2)
        line = rng.uniform(1.5, 0.04 * digit_height)
        # A printed circle is closed; one drawn round the digit by hand overlaps or falls short.
        start = rng.uniform(0, 360)
        sweep = 360.0 if rng.random() < 0.5 else rng.uniform(330, 390)

        def circle(draw: ImageDraw.ImageDraw, scale: int) -> None:
            corners = [(middle[1] - half_width) * scale, (middle[0] - half_height) * scale, (middle[1] + half_width) * scale, (middle[0] + half_height) * scale]
            draw.arc(corners, start, start + sweep, fill=255, width=max(1, round(line * scale)))

        scene.shape(circle, printing if rng.random() < 0.5 else ink_colour, rng.uniform(0.8, 1.0))
    else:
        margins = rng.uniform(0.1, 0.4, size=4) * digit_height  # above, below, left, right
        if kind == "box_crossed":
            # The digit touches the box, or its stroke runs over the box's edge.
            for side in rng.permutation(4)[: int(rng.integers(1, 3))]:
                margins[side] = rng.uniform(-0.12, 0.0) * digit_height
        line = rng.uniform(0.03, 0.07) * digit_height if kind == "box_thick" else rng.uniform(1.0, 3.5)
        outer = (left - margins[2], top - margins[0], right + margins[3], bottom + margins[1])
        fill = None
        if kind == "shaded_box":
            fill = tuple(float(v) for v in np.asarray(PAPERS["white"]) * rng.uniform(0.6, 0.85))
        elif kind == "dark_box":
            # A field printed solid dark, the digit written on it in a light (gel or paint) pen.
            fill = tuple(float(v) for v in np.asarray(printing) * rng.uniform(0.5, 1.0))
            ink_colour = (0.93, 0.93, 0.90)
        if fill is not None:
            scene.shape(lambda draw, scale: draw.rectangle([v * scale for v in outer], fill=255), fill, 1.0)

        def box(draw: ImageDraw.ImageDraw, scale: int) -> None:
            draw.rectangle([v * scale for v in outer], outline=255, width=max(1, round(line * scale)))

        scene.shape(box, printing, rng.uniform(0.85, 1.0))
    scene.ink(digit_layer * rng.uniform(0.9, 1.0), ink_colour)
    picture = _photograph_form(scene, rng, grey_photo)
    scale = rng.uniform(0.25, 1.6)
    out_size = (max(40, round(width * scale)), max(40, round(height * scale)))
    return PhotoCase(_jpeg(picture.resize(out_size, Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.BOX), rng), label, kind, "pendigits" if use_pen else "mnist", out_size, "JPEG")


def render_number_case(source: DigitSource, kind: str, rng: np.random.Generator, use_pen: bool) -> NumberPhotoCase:
    """One picture of a number of 3 to 6 digits written one a box in a comb of boxes
    ("comb"), between ticks on a baseline ("comb_ticks"), or in one box round them all."""
    count = int(rng.integers(3, 7))
    cell_height = 0.6 * RENDER_SIDE
    cell_width = rng.uniform(0.7, 1.0) * cell_height
    gap = 0.0 if kind != "comb" or rng.random() < 0.5 else rng.uniform(0.05, 0.25) * cell_width
    margin = (rng.uniform(0.15, 0.4) * cell_height, rng.uniform(0.1, 0.4) * cell_width)  # around the boxes
    height = int(round(cell_height + 2 * margin[0]))
    width = int(round(count * cell_width + (count - 1) * gap + 2 * margin[1]))
    scene = _Scene(height, width, rng)
    grey_photo = _form_paper(scene, rng)
    printing = PRINTING[str(rng.choice(list(PRINTING), p=[0.45, 0.15, 0.15, 0.15, 0.1]))]
    ink_colour = PENS[str(rng.choice(["black", "blue", "dark_blue", "felt_black"]))]
    pen_width = rng.uniform(0.06, 0.14)
    line = rng.uniform(1.0, 4.0)
    digits = np.zeros((height, width), dtype=np.float32)
    label = ""
    cells = [(margin[1] + k * (cell_width + gap), margin[0]) for k in range(count)]  # each cell's left and top
    for cell_left, cell_top in cells:
        digit, alpha = _digit_alpha(source, rng, use_pen, rng.uniform(0.55, 0.8) * cell_height, pen_width)
        label += str(digit)
        free = (cell_height - alpha.shape[0], cell_width - alpha.shape[1])
        shift = (rng.uniform(-0.1, 0.1) * cell_height, rng.uniform(-0.1, 0.1) * cell_width)
        if rng.random() < 0.15:  # now and then a digit runs into its box's wall
            shift = (shift[0], float(rng.choice([-1, 1])) * (free[1] / 2 + rng.uniform(0.0, 0.08) * cell_width))
        _paste_max(digits, alpha, int(cell_top + free[0] / 2 + shift[0]), int(cell_left + free[1] / 2 + shift[1]))
    bottom = margin[0] + cell_height

    def form(draw: ImageDraw.ImageDraw, scale: int) -> None:
        pen = max(1, round(line * scale))
        if kind == "number_box":
            draw.rectangle([margin[1] * scale, margin[0] * scale, (width - margin[1]) * scale, bottom * scale], outline=255, width=pen)
        elif kind == "comb":
            for cell_left, cell_top in cells:
                draw.rectangle([cell_left * scale, cell_top * scale, (cell_left + cell_width) * scale, bottom * scale], outline=255, width=pen)
        else:
            tick = rng.uniform(0.25, 0.5) * cell_height
            draw.line([margin[1] * scale, bottom * scale, (width - margin[1]) * scale, bottom * scale], fill=255, width=pen)
            for k in range(count + 1):
                x = (margin[1] + k * cell_width) * scale
                draw.line([x, (bottom - tick) * scale, x, bottom * scale], fill=255, width=pen)

    scene.shape(form, printing, rng.uniform(0.85, 1.0))
    scene.ink(digits * rng.uniform(0.9, 1.0), ink_colour)
    picture = _photograph_form(scene, rng, grey_photo)
    scale = rng.uniform(0.3, 1.0)
    out_size = (max(40, round(width * scale)), max(40, round(height * scale)))
    return NumberPhotoCase(_jpeg(picture.resize(out_size, Image.Resampling.BOX), rng), label, kind, "pendigits" if use_pen else "mnist", out_size)


# Writing small on a page photographed whole: its height this share of the photo's longer
# side (a digit 7 mm tall on an A4 page filling the frame is 2.4%; written smaller, or the
# page farther, 1%), the photo 3000 to 4000 pixels long, as a phone's.
FAR_HEIGHT = (0.01, 0.035)
FAR_SIDE = (3000, 4000)
# The page is drawn at this share of the photo's size and enlarged: a pen 5% of a digit
# 30 pixels tall still covers a pixel and a half there, and the page's arrays stay small.
FAR_DRAWN = 0.5


def photograph_far(coverage: np.ndarray, tall: float, rng: np.random.Generator) -> tuple[bytes, tuple[float, float, float, float]]:
    """Writing (``coverage``, ink in 0-1 white on black, ``tall`` of its pixels a line's
    height) small on a page photographed whole, as a JPEG: white or cream paper with its
    grain, a pen's colour, sensor noise, a little blur, as the "distant" digit's photo.
    Also where ``coverage`` lies in the photo (left, top, right, bottom)."""
    long_side = rng.uniform(*FAR_SIDE)
    aspect = rng.uniform(0.75, 1.0)  # held either way
    size = (long_side, long_side * aspect) if rng.random() < 0.5 else (long_side * aspect, long_side)
    width, height = round(size[0] * FAR_DRAWN), round(size[1] * FAR_DRAWN)
    scene = _Scene(height, width, rng)
    shrink = rng.uniform(*FAR_HEIGHT) * max(width, height) / tall
    shrunk = (max(1, round(coverage.shape[1] * shrink)), max(1, round(coverage.shape[0] * shrink)))
    alpha = np.asarray(Image.fromarray(coverage.astype(np.float32), mode="F").resize(shrunk, Image.Resampling.BOX))
    # Anywhere in the page's middle, as a number written on it and photographed is.
    centre = (height * rng.uniform(0.3, 0.7), width * rng.uniform(0.3, 0.7))
    scene.paper(PAPERS[str(rng.choice(["white", "white", "cream"]))], texture=rng.uniform(0.01, 0.025))
    scene.ink(scene.place(np.clip(alpha, 0, 1) * rng.uniform(0.9, 1.0), centre), PENS[str(rng.choice(["black", "blue", "dark_blue", "felt_black"]))])
    # Even light, as the "distant" digit has: the page's darker corners are another difficulty.
    lighting = np.ones((height, width), dtype=np.float32) * rng.uniform(0.75, 1.0)
    picture = scene.photograph(lighting, noise=rng.uniform(0.005, 0.02))
    blur = rng.uniform(0.0, 0.8)
    if blur > 0.3:
        picture = picture.filter(ImageFilter.GaussianBlur(blur))
    out = (round(size[0]), round(size[1]))
    scale = out[0] / width
    top, left = centre[0] - alpha.shape[0] / 2, centre[1] - alpha.shape[1] / 2
    box = (left * scale, top * scale, (left + alpha.shape[1]) * scale, (top + alpha.shape[0]) * scale)
    return _jpeg(picture.resize(out, Image.Resampling.BICUBIC), rng), box


def _form_paper(scene: _Scene, rng: np.random.Generator) -> bool:
    """White or cream paper, or a photo's grey page (a third of the time); whether it is grey."""
    grey = rng.random() < 0.35
    paper = "grey" if grey else str(rng.choice(["white", "white", "cream"]))
    scene.paper(PAPERS[paper], texture=rng.uniform(0.01, 0.03))
    return grey


def _photograph_form(scene: _Scene, rng: np.random.Generator, grey_photo: bool) -> Image.Image:
    """The form as a phone sees it: turned a little, in perspective, under uneven light."""
    if rng.random() < 0.7:
        scene.perspective(rng, turn=rng.uniform(-5, 5))
    lighting = np.ones((scene.height, scene.width), dtype=np.float32) * rng.uniform(0.6 if grey_photo else 0.8, 1.0)
    if rng.random() < 0.3:
        lighting *= _gradient(scene.height, scene.width, rng)
    picture = scene.photograph(lighting, noise=rng.uniform(0.005, 0.02))
    blur = rng.uniform(0.0, 0.8)
    return picture.filter(ImageFilter.GaussianBlur(blur)) if blur > 0.3 else picture


def _jpeg(picture: Image.Image, rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=int(rng.integers(70, 96)))
    return buffer.getvalue()


# --- pages with no digit: patterns ---------------------------------------------------
#
# A picture with no digit must not be read as a confident digit. People photograph
# patterns too, by mistake or to try the app: a page of diagonal hatching, of
# cross-hatching, a woven surface (cloth, a basket, a placemat), a page of small print.
# They are photographed as the digits are (paper, light, noise, perspective, JPEG).
# And a blank page photographed whole, as "small_on_page" photographs a digit: its dust
# (specks alone and in clusters, as small as a digit written small or smaller), its
# grain, its uneven light ("dusty_page").

PATTERN_KINDS = ("hatching", "cross_hatching", "woven", "print", "dusty_page")
# Print's letters: no digits among them (a page of print that holds a number holds a digit).
_PRINT_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class PatternPhotoCase:
    """One synthetic picture of a pattern with no digit in it: encoded bytes, and its kind."""

    data: bytes
    kind: str
    size: tuple[int, int]  # width, height


def generate_patterns(kinds: Sequence[str] = PATTERN_KINDS, per_kind: int = 20, seed: int = 0) -> Iterator[PatternPhotoCase]:
    """``per_kind`` pictures of every kind of pattern, reproducible from ``seed``."""
    for kind in kinds:
        if kind not in PATTERN_KINDS:
            raise ValueError(f"unknown pattern {kind!r}; the patterns are {', '.join(PATTERN_KINDS)}")
        for index in range(per_kind):
            yield render_pattern_case(kind, np.random.default_rng([seed, 2000 + PATTERN_KINDS.index(kind), index]))


def render_pattern_case(kind: str, rng: np.random.Generator) -> PatternPhotoCase:
    """One photo of a page of the pattern ``kind`` (one of PATTERN_KINDS), drawn by ``rng``."""
    if kind == "dusty_page":
        return _dusty_page(rng)
    height = RENDER_SIDE
    width = int(round(height * rng.uniform(0.75, 1.33)))
    scene = _Scene(height, width, rng)
    paper = str(rng.choice(["white", "white", "cream", "grey", "recycled"]))
    scene.paper(PAPERS[paper], texture=rng.uniform(0.01, 0.03))
    colour = PENS[str(rng.choice(list(PENS)))] if kind != "print" else PRINTING[str(rng.choice(["black", "black", "grey", "blue"]))]
    side = max(height, width)
    if kind in ("hatching", "cross_hatching"):
        angle = float(rng.choice([-1, 1]) * rng.uniform(20, 70))
        spacing = rng.uniform(0.015, 0.06) * side
        angles = [angle] if kind == "hatching" else [angle, angle + float(rng.choice([-1, 1]) * rng.uniform(60, 120))]
        line = rng.uniform(1.0, max(1.2, 0.45 * spacing))
        for turn in angles:
            scene.shape(_hatching(height, width, turn, spacing, line), colour, rng.uniform(0.5, 1.0))
    elif kind == "woven":
        scene.shape(_weave(height, width, rng), colour, rng.uniform(0.4, 0.9))
    else:
        scene.shape(_print(height, width, rng), colour, rng.uniform(0.8, 1.0))
    if rng.random() < 0.5:
        scene.perspective(rng, turn=rng.uniform(-5, 5))
    picture = _photographed_page(scene, rng, gradient_share=0.3)
    scale = rng.uniform(0.25, 1.6)
    out_size = (max(40, round(width * scale)), max(40, round(height * scale)))
    picture = picture.resize(out_size, Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.BOX)
    return PatternPhotoCase(_jpeg(picture, rng), kind, out_size)


def _photographed_page(scene: _Scene, rng: np.random.Generator, gradient_share: float) -> Image.Image:
    """``scene`` photographed as a page with no digit is: dimmer or brighter light, at times
    a shadow or (``gradient_share`` of the rest) light falling off, noise, a little blur."""
    height, width = scene.height, scene.width
    lighting = np.ones((height, width), dtype=np.float32) * rng.uniform(0.7, 1.0)
    if rng.random() < 0.3:
        lighting *= _shadow(height, width, rng)
    elif rng.random() < gradient_share:
        lighting *= _gradient(height, width, rng)
    picture = scene.photograph(lighting, noise=rng.uniform(0.005, 0.02))
    blur = rng.uniform(0.0, 0.8)
    if blur > 0.3:
        picture = picture.filter(ImageFilter.GaussianBlur(blur))
    return picture


def _dusty_page(rng: np.random.Generator) -> PatternPhotoCase:
    """A blank page photographed whole (3,000 to 4,000 pixels, as "small_on_page"): dust
    specks alone and in clusters, from a pixel to a digit written small across, the
    paper's fine grain, and at times a shadow or light falling off with vignetting."""
    height = int(2.5 * RENDER_SIDE)
    width = int(round(height * rng.uniform(0.75, 1.33)))
    scene = _Scene(height, width, rng)
    paper = str(rng.choice(["white", "white", "cream", "grey", "recycled"]))
    scene.paper(PAPERS[paper], texture=rng.uniform(0.01, 0.03))
    dust = Image.new("L", (width * 2, height * 2), 0)
    draw = ImageDraw.Draw(dust)
    side = max(height, width)
    for _ in range(int(rng.integers(5, 40))):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        # A cluster: specks a few of their own sizes apart, together a digit's size or less.
        spread = rng.uniform(0.002, 0.01) * side if rng.random() < 0.3 else 0.0
        for _ in range(int(rng.integers(4, 15)) if spread else 1):
            cx, cy = x + rng.normal(0, spread), y + rng.normal(0, spread)
            radius = 2 * rng.uniform(0.3, 0.004 * side)  # a speck up to 0.8% of the side across
            other = radius * rng.uniform(0.4, 1.0)  # round or long, either way
            rx, ry = (radius, other) if rng.random() < 0.5 else (other, radius)
            draw.ellipse((2 * cx - rx, 2 * cy - ry, 2 * cx + rx, 2 * cy + ry), fill=int(rng.integers(90, 255)))
    scene.layers.append((np.asarray(dust.resize((width, height), Image.Resampling.BOX), dtype=np.float32) / 255.0, (0.15, 0.14, 0.13)))
    picture = _photographed_page(scene, rng, gradient_share=0.5)
    scale = rng.uniform(3000, 4000) / side
    out_size = (round(width * scale), round(height * scale))
    picture = _fine_grain(picture.resize(out_size, Image.Resampling.BICUBIC), rng.uniform(0.01, 0.04), rng)
    return PatternPhotoCase(_jpeg(picture, rng), "dusty_page", out_size)


def _hatching(height: int, width: int, angle: float, spacing: float, line: float) -> Callable[[ImageDraw.ImageDraw, int], None]:
    """Parallel lines ``spacing`` apart across the whole page, turned ``angle`` degrees from level."""

    def draw(canvas: ImageDraw.ImageDraw, scale: int) -> None:
        reach = float(np.hypot(height, width))
        along = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
        across = np.array([-along[1], along[0]])
        middle = np.array([width / 2, height / 2])
        for offset in np.arange(-reach / 2, reach / 2, spacing):
            start, end = middle + across * offset - along * reach / 2, middle + across * offset + along * reach / 2
            canvas.line([tuple(start * scale), tuple(end * scale)], fill=255, width=max(1, round(line * scale)))

    return draw


def _weave(height: int, width: int, rng: np.random.Generator) -> Callable[[ImageDraw.ImageDraw, int], None]:
    """A basket weave: square cells of a few parallel strands, across and down by turns,
    the whole turned by up to 45 degrees."""
    cell = rng.uniform(0.04, 0.1) * max(height, width)
    strands = int(rng.integers(2, 5))
    line = rng.uniform(0.25, 0.5) * cell / strands
    turn = np.radians(rng.uniform(0, 45))
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    middle = np.array([width / 2, height / 2])
    count = int(np.hypot(height, width) / cell / 2) + 2

    def draw(canvas: ImageDraw.ImageDraw, scale: int) -> None:
        for row in range(-count, count):
            for col in range(-count, count):
                for strand in range(strands):
                    offset = (strand + 0.5) * cell / strands
                    if (row + col) % 2:
                        ends = [(col * cell, row * cell + offset), ((col + 1) * cell, row * cell + offset)]
                    else:
                        ends = [(col * cell + offset, row * cell), (col * cell + offset, (row + 1) * cell)]
                    points = [tuple((rotation @ np.array(end) + middle) * scale) for end in ends]
                    canvas.line(points, fill=255, width=max(1, round(line * scale)))

    return draw


def _print(height: int, width: int, rng: np.random.Generator) -> Callable[[ImageDraw.ImageDraw, int], None]:
    """A page of small print: lines of words of letters (no digits), margins round them."""
    from PIL import ImageFont

    size = rng.uniform(0.02, 0.045) * height
    leading = rng.uniform(1.3, 1.8) * size
    margin = rng.uniform(0.0, 0.08)
    words = []
    for row in np.arange(margin * height, (1 - margin) * height - size, leading):
        x = margin * width
        while x < (1 - margin) * width:
            word = "".join(rng.choice(list(_PRINT_LETTERS[:26] if rng.random() < 0.9 else _PRINT_LETTERS), size=int(rng.integers(1, 10))))
            words.append((x, float(row), word))
            x += (len(word) + 1) * 0.55 * size

    def draw(canvas: ImageDraw.ImageDraw, scale: int) -> None:
        font = ImageFont.load_default(max(6, round(size * scale)))
        for x, y, word in words:
            canvas.text((x * scale, y * scale), word, fill=255, font=font)

    return draw
