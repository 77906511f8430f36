"""A picture's ink as a layer the eraser edits: which pixels a sweep takes, and what is left."""

from __future__ import annotations

import numpy as np

from mnist_draw.ui.ink_layer import Erasure, erased_mask, erases_ink, ink_left


def test_a_sweep_takes_the_pixels_within_its_radius_of_its_path():
    mask = erased_mask((60, 100), [Erasure(((20.0, 30.0), (80.0, 30.0)), 5.0)])
    assert mask[30, 20] and mask[30, 50] and mask[30, 80] and mask[26, 50] and mask[34, 50]
    assert not mask[20, 50] and not mask[40, 50] and not mask[30, 90]


def test_a_single_dab_takes_a_disc():
    mask = erased_mask((40, 40), [Erasure(((20.0, 20.0),), 6.0)])
    assert mask[20, 20] and mask[20, 15] and mask[15, 20]
    assert not mask[12, 12] and not mask[20, 28]


def test_erased_ink_is_gone_entirely_with_no_faint_rim_left():
    ink = np.full((50, 50), 0.8, dtype=np.float32)
    left = ink_left(ink, [Erasure(((10.0, 25.0), (40.0, 25.0)), 4.0)])
    erased = erased_mask(ink.shape, [Erasure(((10.0, 25.0), (40.0, 25.0)), 4.0)])
    assert (left[erased] == 0).all() and (left[~erased] == np.float32(0.8)).all()
    assert left.dtype == ink.dtype


def test_sweeps_add_up_and_the_ink_itself_is_never_changed():
    ink = np.ones((50, 50), dtype=np.float32)
    first, second = Erasure(((10.0, 10.0),), 3.0), Erasure(((40.0, 40.0),), 3.0)
    left = ink_left(ink, [first, second])
    assert left[10, 10] == 0 and left[40, 40] == 0 and left[25, 25] == 1
    assert ink.min() == 1  # the ink found stays as it was: undo goes back to it
    assert ink_left(ink, []) is ink


def test_a_sweep_over_bare_paper_erases_no_ink():
    ink = np.zeros((50, 50), dtype=np.float32)
    ink[5:10, 5:10] = 1.0
    assert not erases_ink(ink, Erasure(((40.0, 40.0), (45.0, 30.0)), 3.0))
    assert erases_ink(ink, Erasure(((40.0, 40.0), (8.0, 8.0)), 3.0))


def test_a_sweep_grows_point_by_point():
    sweep = Erasure(((1.0, 2.0),), 4.0).extended((3.0, 4.0))
    assert sweep.points == ((1.0, 2.0), (3.0, 4.0)) and sweep.radius == 4.0


def test_ink_enlarged_from_a_working_copy_takes_the_sharper_copys_edges_and_nothing_beyond_the_ink_found():
    from PIL import Image, ImageFilter

    from mnist_draw.ui.ink_layer import shaped_by_sharper

    page = Image.new("L", (120, 120), 230)
    page.paste(40, (56, 20, 64, 100))  # a stroke 8 pixels wide, dark on light paper
    sharp = np.asarray(page, dtype=np.float32) / 255
    soft = np.asarray(page.filter(ImageFilter.GaussianBlur(5)), dtype=np.float32) / 255  # a working copy's, enlarged
    ink = np.clip((230 / 255 - soft) / (190 / 255), 0, 1) * 1.4  # the ink found on it, enlarged: a blur as wide
    ink[:, :30] = 0.0  # none found (or erased) there
    shaped = shaped_by_sharper(ink, sharp, soft)
    assert shaped[60, 60] >= 0.9 and shaped[60, 52] < 0.1 and shaped[60, 68] < 0.1, "as wide as the stroke, not its blur"
    assert (ink[60] > 0.2).sum() > 12 and (shaped[60] > 0.2).sum() <= 9
    assert not shaped[:, :30].any() and not shaped[ink == 0].any(), "no ink where none was found"
    inverted = shaped_by_sharper(ink, 1 - sharp, 1 - soft)
    assert np.allclose(inverted, shaped, atol=1e-5), "light writing on dark paper alike"


def test_faint_light_ink_on_dark_paper_keeps_its_shape_as_faint_dark_ink_does():
    # Ink found nowhere stronger than 0.3 (chalk on a board) was taken as dark ink on light paper, and vanished.
    from PIL import Image, ImageFilter

    from mnist_draw.ui.ink_layer import shaped_by_sharper

    page = Image.new("L", (120, 120), 230)
    page.paste(170, (56, 20, 64, 100))  # a faint stroke
    sharp = np.asarray(page, dtype=np.float32) / 255
    soft = np.asarray(page.filter(ImageFilter.GaussianBlur(5)), dtype=np.float32) / 255
    ink = np.clip((230 / 255 - soft) / (190 / 255), 0, 1) * 0.8
    assert 0.1 < ink.max() < 0.3
    dark_on_light = shaped_by_sharper(ink, sharp, soft)
    assert dark_on_light[60, 60] > 0.1 and dark_on_light[60, 50] == 0
    assert np.allclose(shaped_by_sharper(ink, 1 - sharp, 1 - soft), dark_on_light, atol=1e-5)
