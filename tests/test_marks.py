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
