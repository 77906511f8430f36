"""Connected marks of ink: the separate marks in a mask (8-connected), each one's
ink and box, and what counts as a mark (some of it clearly ink) and as a speck.
Used to choose the digit among the marks (paper.py) and to tell printing from
writing (printing.py). Pure numpy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A separate mark smaller than this fraction of the digit, not touching it, is a speck.
SPECK_SIZE = 0.1
# A mark counts only if some of it is clearly ink: this share of the way from the
# paper's noise to the ink's typical darkness (hysteresis; 0-1 on ``PaperInk.ink``).
STRONG_INK = 0.3


def label(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected components of ``mask``: labels 1..count (0 is background).

    Works on runs of pixels along rows, joined to overlapping runs of the row
    above, then merged by hooking roots and following pointers: a few vectorised passes.
    """
    height, width = mask.shape
    # Each row with a False after it, so that no run goes on into the next row: the runs
    # start and end (exclusive) where the flattened rows step up and down, by turns.
    padded = np.zeros((height, width + 1), dtype=bool)
    padded[:, :width] = mask
    steps = np.flatnonzero(np.diff(padded.ravel().view(np.int8), prepend=np.int8(0)))
    start_rows, starts = np.divmod(steps[0::2], width + 1)
    ends = steps[1::2] - start_rows * (width + 1)
    count = len(starts)
    if count == 0:
        return np.zeros(mask.shape, dtype=np.int32), 0
    stride = width + 2
    start_keys = start_rows * stride + starts
    end_keys = start_rows * stride + ends
    # Runs of the previous row touching run i (8-connected): their end >= start_i
    # and their start <= end_i (both in the previous row's key space).
    previous = (start_rows - 1) * stride
    first = np.searchsorted(end_keys, previous + starts, side="left")
    last = np.searchsorted(start_keys, previous + ends, side="right")
    links = np.maximum(last - first, 0)
    links[start_rows == 0] = 0
    sources = np.repeat(np.arange(count), links)
    offsets = np.arange(links.sum()) - np.repeat(np.cumsum(links) - links, links)
    targets = np.repeat(first, links) + offsets
    # Each run points to a run of its mark no later than itself; the roots of two
    # linked runs that differ are hooked, the larger under the smaller, and the
    # pointers followed to their roots, until every link joins runs of one root:
    # then each mark's root is its first run, whatever the order of the hooking.
    roots = np.arange(count)
    while True:
        source_roots, target_roots = roots[sources], roots[targets]
        apart = source_roots != target_roots
        if not apart.any():
            break
        source_roots, target_roots = source_roots[apart], target_roots[apart]
        low = np.minimum(source_roots, target_roots)
        np.minimum.at(roots, source_roots, low)
        np.minimum.at(roots, target_roots, low)
        while True:
            followed = roots[roots]
            if np.array_equal(followed, roots):
                break
            roots = followed
    unique, run_labels = np.unique(roots, return_inverse=True)
    run_labels = run_labels + 1
    flat = np.zeros(height * width, dtype=np.int32)
    lengths = ends - starts
    pixel_runs = np.repeat(np.arange(count), lengths)
    pixel_offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    positions = start_rows[pixel_runs] * width + starts[pixel_runs] + pixel_offsets
    flat[positions] = run_labels[pixel_runs]
    return flat.reshape(height, width), len(unique)


@dataclass
class Mark:
    """One labelled mark: its label, its ink's sum, its rows and columns (end
    exclusive), and whether it touches the picture's edge."""

    index: int
    mass: float
    top: int
    bottom: int
    left: int
    right: int
    touches_edge: bool

    @property
    def extent(self) -> int:
        return max(self.bottom - self.top, self.right - self.left)


def label_boxes(labels: np.ndarray, count: int) -> np.ndarray:
    """Each label's rows and columns (top, left, bottom, right; end exclusive), by label
    (0 to count; a label with no pixel has top and left past the picture's end)."""
    height, width = labels.shape
    rows, cols = np.nonzero(labels)
    which = labels[rows, cols]
    top, left = np.full(count + 1, height), np.full(count + 1, width)
    bottom, right = np.zeros(count + 1, dtype=np.int64), np.zeros(count + 1, dtype=np.int64)
    np.minimum.at(top, which, rows)
    np.minimum.at(left, which, cols)
    np.maximum.at(bottom, which, rows + 1)
    np.maximum.at(right, which, cols + 1)
    return np.stack([top, left, bottom, right])


def marks_of(labels: np.ndarray, count: int, ink: np.ndarray) -> list[Mark]:
    """The marks ``labels`` holds (labels 1..count), weighed by ``ink``; a mark with no ink is none."""
    height, width = labels.shape
    rows, cols = np.nonzero(labels)
    mass = np.bincount(labels[rows, cols], weights=ink[rows, cols], minlength=count + 1)
    top, left, bottom, right = label_boxes(labels, count)
    marks = []
    for index in range(1, count + 1):
        if mass[index] <= 0:
            continue
        edge = top[index] == 0 or left[index] == 0 or bottom[index] == height or right[index] == width
        marks.append(Mark(index, float(mass[index]), int(top[index]), int(bottom[index]), int(left[index]), int(right[index]), bool(edge)))
    return marks


def dilate(mask: np.ndarray) -> np.ndarray:
    """A mask grown by one pixel all round (keeps a stroke's soft edge with it)."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    return wide
