"""A photographed screen's pixel grid taken out before ink is looked for.

A phone's photo of a screen shows the screen's own pixels: a grid of red, green and
blue subpixels a few pixels apart, with dark rows between them, often beating with
the camera's pixels into moire. Against its paper every cell of the grid is a tiny
dark mark: the paper's noise seems enormous (no ink stands out of it), the grid is
read as a page of pattern, or the grid inside the strokes breaks them into a lattice
of pieces and holes, which is read as a pattern too.

Such a grid repeats: of the picture's frequencies (coarser ones, the digit's and the
lighting's shape, left out), its power sits in a few sharp peaks, at its fine period
and, where it beats with the camera's pixels, at coarser ones (10 to 25 pixels). A page
of fine hatching, a weave or small print may repeat as sharply, and must stay a
pattern: taking its repeat out leaves blotches read as a confident digit. What only a
screen has is colour out of step: its red, green and blue light side by side, so at
some of the grid's fine frequencies the three channels repeat a third of a period
apart, where a pen's or a print's lines darken the channels together (and a pale ink,
dark in one channel, moves that one alone). Only then is the grid taken out: every
frequency finer than FINE_PERIOD (the grid's own, its harmonics, and what blur and
JPEG spread round them: finer than any stroke at the working size) and the peaks
coarser than that which stand alone, the moire's (a straight stroke's power runs in a
ridge, and stays), each with its neighbours (a grid turned or a little uneven spreads
its peaks). The rest of the picture, the digit's shape among it, stays
as it was. Numpy's FFT only.
"""

from __future__ import annotations

import numpy as np

# Periods shorter than this many pixels are fine detail (a stroke at the working size is wider).
FINE_PERIOD = 8.0
# Periods longer than this many pixels are the picture's shape (the digit's, the light's), not a repeat.
SHAPE_PERIOD = 32.0
# A frequency with this share of the strongest repeat's power is one of the peaks.
PEAK_SHARE = 0.01
# A grid repeats: its power sits in a few sharp peaks, at most this share of the repeats'
# frequencies (screens photographed: 0.0001 to 0.0025). A thin straight stroke spreads
# its power along a ridge across them (a 1 or a 7 a pixel wide: 0.17 to 0.7), and a
# coloured ink on coloured paper is out of step too: its strokes would be taken out.
PEAKS_AT_MOST = 0.01
# The channels at a peak are out of step when their sum's power is under this share of
# their powers' sum: they pull against each other on balance (a third of a period apart:
# 0; in step: 3; one channel alone, a pale ink's, or three unrelated, noise's: about 1)...
IN_STEP = 1.0
# ...and the grid is a screen's when the fine peaks out of step hold at least this share
# of the peaks' power (photos of hatching, weaves, print, pale inks and colour noise:
# none in 540 training photos; of screens: 84 of 100, the rest's dark rows between
# pixels in step, or their grid too fine to survive the shrinking to the working size).
OUT_OF_STEP_SHARE = 0.005
# A coarser peak is the moire's when it stands out: over this many times the strongest
# frequency AROUND away round it (beyond its own spread). A long straight stroke puts its
# power along a ridge through the origin, each point as strong as the next: taken out, it
# left echoes beside the strokes (a 5 read as 7). Screens (train, 100): 2 to 8 all read 96 of 100.
STANDS_OUT = 4.0
AROUND = 3  # frequencies away: past the one-frequency spread of a peak of its own


def without_screen_grid(rgb: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """``gray`` (0-1), the brightness of the colour picture ``rgb`` (height x width x 3,
    0-1), with a screen's pixel grid taken out; ``gray`` itself when there is none."""
    if min(gray.shape) < 4 * FINE_PERIOD:
        return gray
    mean = float(gray.mean())
    spectrum = np.fft.rfft2(gray - mean)
    power = spectrum.real**2 + spectrum.imag**2
    frequency = np.hypot(np.fft.fftfreq(gray.shape[0])[:, None], np.fft.rfftfreq(gray.shape[1])[None, :])
    repeating = frequency > 1 / SHAPE_PERIOD
    strongest = float(np.where(repeating, power, 0.0).max())
    # Flat brightness (a blank page, or an ink exactly as bright as its paper, which
    # ink_brightness finds in a channel) repeats nothing: no peaks is no grid.
    peaks = repeating & (power > PEAK_SHARE * strongest)
    if strongest == 0.0 or np.count_nonzero(peaks) > PEAKS_AT_MOST * np.count_nonzero(repeating):
        return gray
    fine = frequency > 1 / FINE_PERIOD
    if not _out_of_step(rgb, peaks, fine):
        return gray
    taken = (peaks & fine) | (peaks & ~fine & _standing_alone(power))
    spread = taken.copy()
    for axis in (0, 1):
        for shift in (1, -1):
            spread |= np.roll(taken, shift, axis=axis)
    spectrum[fine | (spread & repeating)] = 0
    return np.clip(np.fft.irfft2(spectrum, s=gray.shape) + mean, 0.0, 1.0).astype(np.float32)


def _standing_alone(power: np.ndarray) -> np.ndarray:
    """Where the half spectrum ``power`` (rfft2's, frequencies up to 1/FINE_PERIOD asked
    about) is over STANDS_OUT times the strongest of the frequencies AROUND away round it."""
    rows, columns = power.shape
    # Left of the first column are the negative horizontal frequencies: rfft2 leaves them
    # out, (fy, -fx) holding the power of (-fy, fx). The right edge is fine detail, never asked.
    mirrored = power[-np.arange(rows) % rows][:, AROUND:0:-1]
    padded = np.concatenate([mirrored, power, np.zeros((rows, AROUND))], axis=1)
    around = np.zeros_like(power)
    for dy in (-AROUND, 0, AROUND):
        for dx in (-AROUND, 0, AROUND):
            if dy or dx:
                np.maximum(around, np.roll(padded, dy, axis=0)[:, AROUND + dx : AROUND + dx + columns], out=around)
    return power > STANDS_OUT * around


def _out_of_step(rgb: np.ndarray, peaks: np.ndarray, fine: np.ndarray) -> bool:
    """Whether the red, green and blue channels repeat out of step at enough of the fine ``peaks``."""
    channels = [np.fft.rfft2(rgb[..., c] - float(rgb[..., c].mean()))[peaks] for c in range(3)]
    together = np.abs(channels[0] + channels[1] + channels[2]) ** 2
    apart = sum(np.abs(channel) ** 2 for channel in channels)
    out_of_step = (together < IN_STEP * apart) & fine[peaks]
    return float(apart[out_of_step].sum()) >= OUT_OF_STEP_SHARE * float(apart.sum())
