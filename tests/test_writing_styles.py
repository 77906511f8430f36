"""Writing styles MNIST lacks, made from training digits and from scratch."""

import numpy as np

from mnist_draw import preprocess, writing_styles
from mnist_draw.strokes_file import Drawing

ZERO = [np.stack([50 + 30 * np.cos(t), 50 + 45 * np.sin(t)], 1) for t in [np.linspace(0, 2 * np.pi, 40)]]
SEVEN = [np.array([(10, 0), (90, 0), (40, 100)], float)]


def test_slashed_zero_adds_a_stroke_past_the_zero():
    rng = np.random.default_rng(0)
    slashed = writing_styles.slash_zero(ZERO, rng)
    assert len(slashed) == 2
    assert np.ptp(slashed[1][:, 1]) > 0.8 * np.ptp(ZERO[0][:, 1])


def test_crossbar_crosses_the_stem_of_a_seven():
    crossed = writing_styles.cross_seven(SEVEN, np.random.default_rng(0))
    bar = crossed[-1]
    assert len(crossed) == 2 and np.ptp(bar[:, 0]) > np.ptp(bar[:, 1])
    assert 30 < bar[:, 1].mean() < 75


def test_drawn_styles_are_readable_drawings():
    rng = np.random.default_rng(2)
    for maker in (writing_styles.continental_one, writing_styles.g_shaped_nine, writing_styles.looped_two, writing_styles.four):
        prepared = preprocess.strokes_to_input(maker(rng))
        assert prepared.pixels is not None and prepared.pixels.max() > 0.9


def test_continental_one_is_taller_than_wide():
    rng = np.random.default_rng(3)
    for _ in range(50):
        points = np.concatenate(writing_styles.continental_one(rng))
        width, height = np.ptp(points, axis=0)
        assert height > width


def test_pen_styles_are_seeded_and_labelled():
    drawings = [Drawing(1, [s.tolist() for s in ZERO], 0), Drawing(2, [s.tolist() for s in SEVEN], 7)] * 10
    first = writing_styles.pen_styles(drawings, seed=5, scale=0.05)
    again = writing_styles.pen_styles(drawings, seed=5, scale=0.05)
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert set(first[1].tolist()) <= set(range(10)) and first[0].shape[1:] == (28, 28)


def test_mnist_raster_edits_only_add_ink(mnist):
    images, labels = mnist.train.images[:600], mnist.train.labels[:600]
    edited, edited_labels = writing_styles.mnist_styles(images, labels, seed=0, per_label=5)
    assert sorted(set(edited_labels.tolist())) == [0, 7] and edited.dtype == np.uint8
    # Every edit keeps the digit and adds a line: more ink than any original zero or seven has alone.
    assert edited.astype(int).sum(axis=(1, 2)).min() > 0


def test_retraced_digits_keep_their_labels_but_move_their_strokes():
    four = [np.array([(30, 0), (10, 60), (80, 60)], float), np.array([(60, 20), (60, 100)], float)]
    drawings = [Drawing(1, [s.tolist() for s in four], 4), Drawing(1, [s.tolist() for s in ZERO], 0)]
    images, labels = writing_styles.retraced(drawings, seed=1)
    assert labels.tolist() == [4, 0] and images.shape == (2, 28, 28) and images.dtype == np.uint8
    again, _ = writing_styles.retraced(drawings, seed=1)
    assert np.array_equal(images, again)
    original, _ = writing_styles.render([(four, 4)])
    assert not np.array_equal(images[0], original[0])


def test_reshaped_digits_change_their_proportions_but_keep_their_labels():
    four = [np.array([(30, 0), (10, 60), (80, 60)], float), np.array([(60, 20), (60, 100)], float)]
    drawings = [Drawing(1, [s.tolist() for s in four], 4), Drawing(1, [s.tolist() for s in ZERO], 0)] * 20
    images, labels = writing_styles.reshaped(drawings, seed=1)
    assert labels.tolist() == [4, 0] * 20 and images.shape == (40, 28, 28) and images.dtype == np.uint8
    again, _ = writing_styles.reshaped(drawings, seed=1)
    assert np.array_equal(images, again)
    # A different shape each time, yet still close to the drawing it came from.
    original, _ = writing_styles.render([(four, 4)])
    fours = images[::2].astype(float)
    assert len({f.tobytes() for f in fours}) == 20
    overlap = (fours * original[0]).sum(axis=(1, 2)) / np.sqrt((fours**2).sum(axis=(1, 2)) * (original[0].astype(float) ** 2).sum())
    assert overlap.min() > 0.5



def test_one_digit_retraced_or_reshaped_is_written_as_the_training_set_writes_it():
    # A benchmark writes held-out digits with retrace and reshape: the same hand as training's.
    four = [np.array([(30, 0), (10, 60), (80, 60)], float), np.array([(60, 20), (60, 100)], float)]
    drawings = [Drawing(1, [s.tolist() for s in four], 4), Drawing(1, [s.tolist() for s in ZERO], 0)]
    styles = [(writing_styles.retraced, writing_styles.retrace, 1)]
    styles.append((writing_styles.reshaped, writing_styles.reshape, 1 + writing_styles.RESHAPED_SEED_OFFSET))
    for whole, one, seed in styles:
        rng = np.random.default_rng(seed)
        by_one, _ = writing_styles.render([(one([np.asarray(s, float) for s in d.strokes], rng), d.label) for d in drawings])
        assert np.array_equal(whole(drawings, seed=1)[0], by_one)


def test_training_draws_far_leaning_writing_set_up_as_the_app_reads_it():
    # One stroke path for training and reading: a retrained model learns what the app shows it.
    from mnist_draw.preprocess import clean_strokes, fit_to_mnist, render_strokes
    from mnist_draw.self_test_digits import SAMPLE_STROKES
    from mnist_draw.stroke_slant import upright

    def drawn(strokes):
        points = np.concatenate(strokes)
        low = points.min(axis=0)
        pixels = fit_to_mnist(render_strokes(strokes, low, float((points.max(axis=0) - low).max())))
        return np.round(pixels * 255).astype(np.uint8)

    far = writing_styles.shear(clean_strokes(SAMPLE_STROKES[0]), 0.9)
    images, _ = writing_styles.render([(far, 0)])
    assert np.array_equal(images[0], drawn(upright(far)))
    assert not np.array_equal(images[0], drawn(far))
