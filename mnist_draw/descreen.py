"""A photographed screen's pixel grid taken out before ink is looked for.

A phone's photo of a screen shows the screen's own pixels: a grid of red, green and
blue subpixels a few pixels apart, with dark rows between them, often beating with
the camera's pixels into moire. Against its paper every cell of the grid is a tiny
dark mark: the paper's noise seems enormous (no ink stands out of it), or the grid is
read as a page of pattern.

Such a grid is the strongest repeat in the picture, at a fine period: of the picture's
frequencies (coarser ones, the digit's and the lighting's shape, left out), the one of
greatest power has a period under FINE_PERIOD pixels. In every kind of the photo
simulator but the screen (ruled and squared paper, JPEG's blocks, paper grain, sensor
noise, fine pens, 40-pixel pictures) the strongest is coarser. A page of fine hatching,
a weave or small print may repeat as finely, and must stay a pattern: taking its repeat
out leaves blotches read as a confident digit. What only a screen has is colour out of
step: its red, green and blue light side by side, so at some of the grid's frequencies
the three channels repeat a third of a period apart, where a pen's or a print's lines
darken the channels together. The grid's peaks (the fine frequencies with a good share
of the strongest's power, and their neighbours: a grid turned or a little uneven spreads
its peaks) are taken out only then; the rest of the picture, the digit among it, stays
as it was. Numpy's FFT only.
"""

from __future__ import annotations

import numpy as np

# Periods shorter than this many pixels are fine detail (a stroke at the working size is wider).
FINE_PERIOD = 8.0
# Periods longer than this many pixels are the picture's shape (the digit's, the light's), not a repeat.
SHAPE_PERIOD = 32.0
# A fine frequency with this share of the strongest's power is one of the grid's peaks.
PEAK_SHARE = 0.01
# A grid repeats: its power sits in a few sharp peaks, at most this share of the fine
# frequencies (screens photographed: 0.0002 to 0.0011). A thin straight stroke spreads
# its power along a ridge across them (a 1 or a 7 a pixel wide: 0.17 to 0.7), and a
# coloured ink on coloured paper is out of step too: its strokes would be taken out.
PEAKS_AT_MOST = 0.01
# The channels at a peak are out of step when their sum's power is under this share of
# their powers' sum times 3 (in step: the sum's power is 3 times; a third of a period
# apart: 0)...
IN_STEP = 0.5
# ...and the grid is a screen's when the peaks out of step hold at least this share of
# the peaks' power (photos of hatching, weaves and print: none; of screens: 0.02 and up
# in nine of ten, the rest's dark rows between pixels in step).
OUT_OF_STEP_SHARE = 0.005


def without_screen_grid(rgb: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """``gray`` (0-1), the brightness of the colour picture ``rgb`` (height x width x 3,
    0-1), with a screen's pixel grid taken out; ``gray`` itself when there is none."""
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
    if np.count_nonzero(peaks) > PEAKS_AT_MOST * np.count_nonzero(fine) or not _out_of_step(rgb, peaks):
        return gray
    spread = peaks.copy()
    for axis in (0, 1):
        for shift in (1, -1):
            spread |= np.roll(peaks, shift, axis=axis)
    spectrum[spread & fine] = 0
    return np.clip(np.fft.irfft2(spectrum, s=gray.shape) + mean, 0.0, 1.0).astype(np.float32)


def _out_of_step(rgb: np.ndarray, peaks: np.ndarray) -> bool:
    """Whether the red, green and blue channels repeat out of step at enough of ``peaks``."""
    channels = [np.fft.rfft2(rgb[..., c] - float(rgb[..., c].mean()))[peaks] for c in range(3)]
    together = np.abs(channels[0] + channels[1] + channels[2]) ** 2
    apart = sum(np.abs(channel) ** 2 for channel in channels)
    out_of_step = together < IN_STEP * 3 * apart
    return float(apart[out_of_step].sum()) >= OUT_OF_STEP_SHARE * float(apart.sum())
