"""Connected marks: labelling a mask's 8-connected components."""

from __future__ import annotations

import numpy as np

from mnist_draw.marks import label

def test_label_finds_8_connected_components():
    mask = np.zeros((8, 10), dtype=bool)
    mask[1, 1:4] = True
    mask[2, 4] = True  # touches the first run only diagonally
    mask[5:7, 7:9] = True
    labels, count = label(mask)
    assert count == 2
    assert labels[1, 1] == labels[2, 4] != labels[5, 7]
    assert (labels > 0).sum() == mask.sum()


def test_label_joins_a_u_shape_through_its_bottom():
    mask = np.zeros((6, 7), dtype=bool)
    mask[0:5, 1] = mask[0:5, 5] = True
    mask[5, 1:6] = True
    assert label(mask)[1] == 1


def flood_labels(mask: np.ndarray) -> np.ndarray:
    """8-connected components by flood fill, numbered in the order their first pixel is met row by row."""
    labels = np.zeros(mask.shape, dtype=np.int32)
    count = 0
    for start in zip(*np.nonzero(mask)):
        if labels[start]:
            continue
        count += 1
        labels[start] = count
        stack = [start]
        while stack:
            row, col = stack.pop()
            for r in range(max(0, row - 1), min(mask.shape[0], row + 2)):
                for c in range(max(0, col - 1), min(mask.shape[1], col + 2)):
                    if mask[r, c] and not labels[r, c]:
                        labels[r, c] = count
                        stack.append((r, c))
    return labels


def test_labels_are_the_components_numbered_by_their_first_pixel_row_by_row():
    rng = np.random.default_rng(4)
    spiral = np.zeros((41, 41), dtype=bool)  # one long winding mark: many passes of hooking
    for k in range(0, 20, 4):
        spiral[k, k : 40 - k] = spiral[k : 40 - k, 40 - k] = spiral[40 - k, k + 4 : 41 - k] = spiral[k + 4 : 41 - k, k] = True
    masks = [rng.random((int(h), int(w))) < rng.random() for h, w in rng.integers(1, 40, (150, 2))] + [spiral, ~spiral]
    for mask in masks:
        labels, count = label(mask)
        expected = flood_labels(mask)
        assert np.array_equal(labels, expected) and count == expected.max()
