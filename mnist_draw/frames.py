"""How many frames (an animation) or pages (a TIFF) a picture file holds.

Only the first frame or page is read (``preprocess``), and the window says so: a GIF
read from its first frame without a word left the user wondering which picture was
read. Counted cheaply, on a copy of the file opened for it alone, so that the
picture being read is never moved from its first frame, nor left broken by a damaged
later one: a GIF's frames are found only by reading through each in turn (a
million-frame GIF took 6 s to count, a 60-frame GIF of 1,000 x 1,000 noise 1.6 s: Pillow
decodes each frame it seeks past), so a GIF's blocks are stepped over instead, in at most
GIF_BYTES of it; a PNG's and a WebP's are as many as its header says; a TIFF's pages are
counted for SECONDS at most. Counting stops after MOST frames, and then says "or more".
"""

from __future__ import annotations

import io
import os
import struct
import time
import warnings
from dataclasses import dataclass
from typing import BinaryIO, Union

from PIL import Image

# The formats whose later frames are other pictures: an animation's frames, a TIFF's pages.
# Not a camera's MPO, whose second picture is the first one's preview or its other eye.
ANIMATED = ("GIF", "PNG", "WEBP", "TIFF")
PAGED = ("TIFF",)
# The formats whose header says how many frames they hold (a PNG's acTL chunk, a WebP's frames as
# its demuxer lists them): read there, never by seeking, as seeking an APNG decodes each frame passed
# (2 frames of 3,000 x 3,000: 325 ms, and "of 2 or more", the time up after the first).
DECLARED = ("PNG", "WEBP")
MOST = 100
SECONDS = 0.05
# A GIF's blocks are stepped over in at most this much of it: an 82 MB GIF of 60 frames of noise
# counted to 7 ("or more") in 40 ms on this 2-core machine under load (32 MB: 25 in 240 ms).
GIF_BYTES = 8 << 20

FileSource = Union[str, os.PathLike, bytes, bytearray]


@dataclass(frozen=True)
class Frames:
    """A picture file of more than one frame: ``count`` found, ``more`` when counting stopped
    before the last (too many to count, or a damaged one after them), and whether they are
    ``pages`` (a TIFF's) rather than an animation's frames."""

    count: int
    more: bool = False
    pages: bool = False


def first_read(frames: Frames) -> str:
    """That only the first of ``frames`` is read, in words for the command line ("only its first
    frame of 4 is read"; the window words its own, to translate)."""
    kind = "page" if frames.pages else "frame"
    return f"only its first {kind} of {frames.count:,}{' or more' if frames.more else ''} is read"


def count_frames(source: FileSource) -> Frames | None:
    """How many frames the picture file (or encoded bytes) ``source`` holds; None for one
    frame, or a file that cannot be opened (reading it says why)."""
    count, more, pages = 1, False, False
    # A damaged tag's warning, as the file is opened or a page sought, is Pillow's, not the user's.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source) as picture:
                if picture.format not in ANIMATED:
                    return None
                pages = picture.format in PAGED
                if picture.format in DECLARED:
                    declared = getattr(picture, "n_frames", 1)
                    return Frames(min(declared, MOST), declared > MOST) if declared > 1 else None
                if picture.format == "GIF":
                    count, more = _gif_frames(picture.fp)
                    return Frames(count, more) if count > 1 else None
                started = time.perf_counter()
                while True:
                    if count >= MOST or time.perf_counter() - started > SECONDS:
                        more = True
                        break
                    try:
                        picture.seek(count)
                    except EOFError:
                        break
                    count += 1
        except (OSError, ValueError, SyntaxError, TypeError, EOFError, struct.error, Image.DecompressionBombError, MemoryError):
            # A damaged frame after those counted: there are as many as were found, at least.
            more = count > 1
    if count < 2:
        return None
    return Frames(count, more, pages)


def _gif_frames(stream: BinaryIO) -> tuple[int, bool]:
    """How many frames a GIF holds, from its blocks alone (each frame's image descriptor), up to
    MOST, and whether there may be more (counting stopped, or the file is cut short or damaged
    after those counted). Pillow decodes every frame it seeks past (20 frames of 400 x 400:
    57 ms); the blocks are only stepped over here, in at most GIF_BYTES of the file."""
    stream.seek(0)
    data = stream.read(GIF_BYTES)
    if data[:3] != b"GIF" or len(data) < 13:
        return 0, False
    at = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)  # past the global colour table
    count = 0
    while at < len(data):
        if count >= MOST:
            return count, True
        block = data[at]
        if block == 0x3B:  # the trailer: the last frame was counted
            return count, False
        if block == 0x21:  # an extension: its label, then its sub-blocks
            at += 2
        elif block == 0x2C:  # a frame: its descriptor, its colour table, its code size, then its sub-blocks
            count += 1
            if at + 10 > len(data):
                break
            flags = data[at + 9]
            at += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
        else:  # no block: damaged here
            break
        while at < len(data) and data[at]:  # sub-blocks, each its length then its bytes, to a 0
            at += data[at] + 1
        at += 1
    return count, True
