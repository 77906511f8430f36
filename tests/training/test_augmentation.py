"""Training batches' distortions: their strength, from none to the full ranges."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from mnist_draw.training.augmentation import augment, distorted_batches

KEY = tf.constant([3, 4], tf.int64)


def _digits(mnist, count: int = 64) -> tf.Tensor:
    return tf.constant(mnist.train.images[:count, :, :, None].astype(np.float32) / 255)


def test_no_strength_leaves_the_digits_as_they_are(mnist):
    digits = _digits(mnist)
    assert np.allclose(augment(digits, KEY, 0.0).numpy(), digits.numpy(), atol=1e-5)


def test_full_strength_is_the_default(mnist):
    digits = _digits(mnist)
    assert np.array_equal(augment(digits, KEY).numpy(), augment(digits, KEY, 1.0).numpy())


def test_a_lighter_strength_moves_the_digits_less(mnist):
    digits = _digits(mnist)
    moved = [float(np.abs(augment(digits, KEY, s).numpy() - digits.numpy()).mean()) for s in (0.35, 1.0)]
    assert 0 < moved[0] < moved[1]


def test_undistorted_batches_are_the_images_with_their_labels(mnist):
    images = mnist.train.images[:20, :, :, None].astype(np.float32) / 255
    labels = mnist.train.labels[:20].astype(np.int32)
    batch_images, batch_labels = next(iter(distorted_batches(images, labels, 1, 20, strength=0.0)))
    # Shuffled, but each image still carries its own label.
    for image, label in zip(batch_images.numpy(), batch_labels.numpy()):
        match = np.argmin(np.abs(images - image).reshape(20, -1).sum(axis=1))
        assert labels[match] == label and np.allclose(images[match], image, atol=1e-5)
