"""Training batches, each freshly distorted the ways people's writing differs from MNIST."""

from __future__ import annotations

import math

import numpy as np
import tensorflow as tf

from .network import SIDE

# Augmentation ranges, applied to every training digit, fresh each epoch.
MAX_ROTATION_DEGREES = 12.0
MAX_SCALE_CHANGE = 0.12  # each axis independently, so the aspect ratio varies too
MAX_SHEAR = 0.2
MAX_SHIFT_PIXELS = 2.0
THICKNESS_RANGE = (-0.7, 1.0)  # negative thins the strokes, positive thickens them


def augment(images: tf.Tensor, seed: tf.Tensor, strength: float = 1.0) -> tf.Tensor:
    """Distort a batch (n, SIDE, SIDE, 1) the ways people's writing differs from MNIST.

    One affine map per digit (rotation, scale per axis, shear, shift) about the
    image centre, then a random thinning or thickening of the strokes, each
    drawn from its range times ``strength`` (0: the digits as they are).
    Stateless random numbers keyed by ``seed`` keep a run reproducible.
    """
    n = tf.shape(images)[0]
    seeds = tf.random.experimental.stateless_split(seed, 6)

    def uniform(i: int, low: float, high: float) -> tf.Tensor:
        return tf.random.stateless_uniform([n], seeds[i], low * strength, high * strength)

    angle = uniform(0, -1.0, 1.0) * (MAX_ROTATION_DEGREES * math.pi / 180)
    scale_x = 1.0 + uniform(1, -MAX_SCALE_CHANGE, MAX_SCALE_CHANGE)
    scale_y = 1.0 + uniform(2, -MAX_SCALE_CHANGE, MAX_SCALE_CHANGE)
    shear = uniform(3, -MAX_SHEAR, MAX_SHEAR)
    shift = MAX_SHIFT_PIXELS * strength
    shifts = tf.random.stateless_uniform([n, 2], seeds[4], -shift, shift)
    # The transform maps output pixels to input pixels, so build the inverse:
    # undo the shift, then the rotation, shear and scale, about the centre.
    cos, sin = tf.cos(angle), tf.sin(angle)
    a = cos / scale_x
    b = (sin + shear * cos) / scale_x
    c = -sin / scale_y
    d = (cos - shear * sin) / scale_y
    centre = (SIDE - 1) / 2
    ox = centre - shifts[:, 0]
    oy = centre - shifts[:, 1]
    tx = centre - a * ox - b * oy
    ty = centre - c * ox - d * oy
    zeros = tf.zeros_like(a)
    transforms = tf.stack([a, b, tx, c, d, ty, zeros, zeros], axis=1)
    warped = tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=tf.constant([SIDE, SIDE]),
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
    )
    amount = tf.reshape(uniform(5, *THICKNESS_RANGE), [-1, 1, 1, 1])
    thick = tf.nn.max_pool2d(warped, 3, 1, "SAME")
    thin = -tf.nn.max_pool2d(-warped, 3, 1, "SAME")
    target = tf.where(amount > 0, thick, thin)
    return warped + tf.abs(amount) * (target - warped)


def distorted_batches(
    images: np.ndarray, labels: np.ndarray, seed: int, batch_size: int, strength: float = 1.0
) -> tf.data.Dataset:
    """Endless shuffled batches, each distorted by :func:`augment` (at ``strength``) with a key of its own."""
    count = len(labels)
    base = tf.data.Dataset.from_tensor_slices((images, labels))
    base = base.shuffle(count, seed=seed, reshuffle_each_iteration=True).repeat()
    batches = base.batch(batch_size).enumerate()

    def distort(index, batch):
        batch_images, batch_labels = batch
        key = tf.stack([tf.cast(seed, tf.int64), index])
        return augment(batch_images, key, strength), batch_labels

    return batches.map(distort, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).prefetch(4)
