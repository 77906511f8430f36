"""A fine regular grid over the whole picture taken out before ink is looked for.

A phone's photo of a screen shows the screen's own pixels: a grid of red, green and
blue subpixels a few pixels apart, with dark rows between them, often beating with
the camera's pixels into moire. A magazine's halftone print is the same kind of
thing. Against its paper every cell of the grid is a tiny dark mark: the paper's noise
seems enormous (no ink stands out of it), or the grid is read as a page of pattern.

Such a grid is the strongest repeat in the picture, at a fine period: of the picture's
frequencies (coarser ones, the digit's and the lighting's shape, left out), the one of
greatest power has a period under FINE_PERIOD pixels. In every other kind of the photo
simulator (ruled and squared paper, JPEG's blocks, paper grain, sensor noise, fine pens,
40-pixel pictures) the strongest is coarser; in most screens' photos it is the grid.
The grid's peaks, the fine frequencies with a good share of that power and their
neighbours (a grid turned or a little uneven spreads its peaks), are then taken out;
the rest of the picture, the digit among it, stays as it was. Numpy's FFT only.
"""

from __future__ import annotations

import numpy as np

# Periods shorter than this many pixels are fine detail (a stroke at the working size is wider).
FINE_PERIOD = 8.0
# Periods longer than this many pixels are the picture's shape (the digit's, the light's), not a repeat.
SHAPE_PERIOD = 32.0
# A fine frequency with this share of the strongest's power is one of the grid's peaks.
PEAK_SHARE = 0.01


def without_fine_grid(gray: np.ndarray) -> np.ndarray:
    """``gray`` (0-1) with a fine regular grid over it taken out, or ``gray`` itself when it has none."""
    if min(gray.shape) < 4 * FINE_PERIOD:
        return gray
    mean = float(gray.mean())
    spectrum = np.fft.rfft2(gray - mean)
    power = spectrum.real**2 + spectrum.imag**2
    frequency = np.hypot(np.fft.fftfreq(gray.shape[0])[:, None], np.fft.rfftfreq(gray.shape[1])[None, :])
    repeats = np.where(frequency > 1 / SHAPE_PERIOD, power, 0.0)
    strongest = int(np.argmax(repeats))
    if frequency.flat[strongest] <= 1 / FINE_PERIOD:
        return gray
    fine = frequency > 1 / FINE_PERIOD
    peaks = fine & (power > PEAK_SHARE * repeats.flat[strongest])
    spread = peaks.copy()
    for axis in (0, 1):
        for shift in (1, -1):
            spread |= np.roll(peaks, shift, axis=axis)
    spectrum[spread & fine] = 0
    return np.clip(np.fft.irfft2(spectrum, s=gray.shape) + mean, 0.0, 1.0).astype(np.float32)
