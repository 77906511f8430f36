"""An opened picture's ink as a layer the user edits: the eraser's paths over it, and the ink they leave.

When a picture is opened, the ink found on its paper (``paper.PaperInk.ink``:
every mark kept once lighting, paper, lines and frames are gone) is what the
model reads. The canvas shows it over the faded picture, and the eraser takes
a smudge, a shadow's edge or a stray mark out of it. The eraser's paths are kept
as plain data in the canvas's drawing, so undo and redo cover them, and the ink
left is worked out from the ink found and the paths, for the screen and for the
model alike: what the user sees and what the model reads always agree.

No Qt here; numpy and Pillow are imported when first needed (a picture has been
decoded by then, so they are loaded already).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import numpy as np

    from ..close_up import CloseUp

PicturePoint = tuple[float, float]  # x, y in the picture's pixels (its working copy's, as the ink is)
PictureStrokes = Sequence["tuple[Sequence[PicturePoint], float]"]  # strokes over a picture, each with its width


@dataclass(frozen=True)
class Erasure:
    """One sweep of the eraser over a picture, in the picture's pixels."""

    points: tuple[PicturePoint, ...]
    radius: float

    def extended(self, point: PicturePoint) -> Erasure:
        return Erasure(self.points + (point,), self.radius)


def erased_mask(shape: tuple[int, int], erasures: Sequence[Erasure]) -> np.ndarray:
    """The pixels under the eraser's paths, as a boolean array of ``shape`` (rows, columns).

    The edge is hard, not anti-aliased: a faint remnant of erased ink would
    still count as ink when the digit is chosen again.
    """
    import numpy as np
    from PIL import Image, ImageDraw

    mask = Image.new("L", (shape[1], shape[0]), 0)
    draw = ImageDraw.Draw(mask)
    for erasure in erasures:
        # Pixel centres lie at half-pixel positions: a point's pixel is the one it falls in.
        points = [(x - 0.5, y - 0.5) for x, y in erasure.points]
        radius = erasure.radius
        if len(points) > 1:
            draw.line(points, fill=255, width=max(1, round(2 * radius)))
        # A disc at every point rounds the joints and the ends (and is the whole of a single dab).
        for x, y in points:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    return np.asarray(mask) > 0


def ink_left(ink: np.ndarray, erasures: Sequence[Erasure]) -> np.ndarray:
    """``ink`` (white on black, 0-1) with whatever lies under the eraser's paths removed."""
    import numpy as np

    if not erasures:
        return ink
    return np.where(erased_mask(ink.shape, erasures), 0.0, ink).astype(ink.dtype)


def erases_ink(ink: np.ndarray, erasure: Erasure) -> bool:
    """Whether ``erasure`` takes away any of ``ink``: a sweep over bare paper is no edit."""
    return bool(ink[erased_mask(ink.shape, [erasure])].any())


def close_ink_left(
    close_up: CloseUp, erasures: Sequence[Erasure], strokes: PictureStrokes, ink: np.ndarray | None = None
) -> np.ndarray:
    """A close-up's ink with the eraser's sweeps and the strokes over the picture (in the
    picture's pixels) taken from it and drawn into it, in its own pixels. ``ink``: where to
    start from, the close-up's ink with earlier sweeps taken out already (default its own)."""
    from ..preprocess import ink_with_strokes

    scale = close_up.scale
    sweeps = [Erasure(tuple(map(tuple, close_up.points(sweep.points))), sweep.radius * scale) for sweep in erasures]
    left = ink_left(close_up.ink if ink is None else ink, sweeps)
    if not strokes:
        return left
    return ink_with_strokes(left, [close_up.points(points) for points, _ in strokes], [width * scale for _, width in strokes])


def shaped_by_sharper(ink: np.ndarray, sharp: np.ndarray, soft: np.ndarray) -> np.ndarray:
    """``ink`` found on a working copy and enlarged (0-1, soft: a working copy's pixel is many
    of the screen's), given the shape of the strokes in ``sharp``, the same part of the picture
    in grey (0-1) from a copy with more pixels, against ``soft``, the working copy's grey
    enlarged alike. Where the sharp copy is darker than the soft one, the ink is stronger;
    where lighter (the paper beside a stroke, blurred into it), weaker: the strokes' edges as
    sharp as the picture under them. Only ink found is shaped: where there is none (none
    found, or erased) there is none. For the screen only; what is read is ``ink`` itself."""
    import numpy as np

    bare = ink < 0.02
    inked = ink > 0.3
    if not inked.any():  # faint ink only (chalk on a board, a pencil): which way it goes, from all of it
        inked = ~bare
    # Which way the ink goes: dark writing on light paper, or light on dark.
    dark = not inked.any() or not bare.any() or float(sharp[inked].mean()) <= float(sharp[bare].mean())
    if not dark:
        sharp, soft = 1.0 - sharp, 1.0 - soft
    paper = float(np.percentile(sharp[bare], 75)) if bare.any() else float(sharp.max())
    strength = np.clip(paper - sharp, 0.0, 1.0) / np.maximum(np.clip(paper - soft, 0.0, 1.0), 0.05)
    return np.clip(ink * strength, 0.0, 1.0).astype(np.float32)
