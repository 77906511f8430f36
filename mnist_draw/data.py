"""Load the MNIST data set from local files, without TensorFlow.

Where the files are found, in order:
1. the folder or file given explicitly (``--data`` on the command line);
2. the ``MNIST_DRAW_DATA`` environment variable;
3. Keras's cache (``~/.keras/datasets/mnist.npz``);
4. a download of Keras's mnist.npz into Keras's cache, when the internet is
   reachable (only training asks for it).

A folder may hold the four original IDX files, gzipped or not, or a Keras-style
``mnist.npz``. Damaged files raise :class:`DataError` naming the file, never a
bare numpy traceback.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

ENV_VAR = "MNIST_DRAW_DATA"
PENDIGITS_ENV_VAR = "MNIST_DRAW_PENDIGITS"
KERAS_CACHE = Path("~/.keras/datasets/mnist.npz")
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"  # Keras's own source
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"

_IDX_NAMES = {
    ("train", "images"): "train-images-idx3-ubyte",
    ("train", "labels"): "train-labels-idx1-ubyte",
    ("test", "images"): "t10k-images-idx3-ubyte",
    ("test", "labels"): "t10k-labels-idx1-ubyte",
}
_IMAGES_MAGIC = 2051
_LABELS_MAGIC = 2049


class DataError(Exception):
    """The MNIST files could not be found or read; the message says why in plain words."""


@dataclass(frozen=True)
class Split:
    """One part of MNIST: uint8 images (n, 28, 28), white digit on black, and labels (n,)."""

    images: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    def head(self, limit: int | None) -> "Split":
        if limit is None or limit >= len(self):
            return self
        return Split(self.images[:limit], self.labels[:limit])


@dataclass(frozen=True)
class Mnist:
    train: Split
    test: Split
    source: str


def candidate_locations(explicit: str | os.PathLike[str] | None = None) -> list[tuple[str, Path]]:
    """Where to look, in order, each with a short description for messages."""
    places: list[tuple[str, Path]] = []
    if explicit:
        places.append(("--data", Path(explicit).expanduser()))
    env = os.environ.get(ENV_VAR)
    if env:
        places.append((f"${ENV_VAR}", Path(env).expanduser()))
    places.append(("Keras cache", KERAS_CACHE.expanduser()))
    return places


def find_data(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The first location that holds MNIST, or None.

    An explicit location or environment variable that does not hold MNIST is an
    error rather than silently skipped: the user asked for that place.
    """
    found = locate_data(explicit)
    return found[1] if found else None


def locate_data(explicit: str | os.PathLike[str] | None = None) -> tuple[str, Path] | None:
    """:func:`find_data`, with where the location came from: ``"--data"`` (the
    explicit one), ``"$MNIST_DRAW_DATA"`` or ``"Keras cache"``."""
    for origin, path in candidate_locations(explicit):
        if _holds_mnist(path):
            return origin, path
        if origin != "Keras cache":
            raise DataError(
                f"No MNIST files at {path} (from {origin}). Expected a folder with "
                "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                "t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz], "
                "or a Keras mnist.npz file."
            )
    return None


def not_found_message() -> str:
    looked = ", ".join(f"{origin} ({path})" for origin, path in candidate_locations())
    return (
        f"MNIST was not found. Looked in: {looked}. Point at a folder of the four IDX "
        f"files or a mnist.npz with --data PATH or the {ENV_VAR} environment variable."
    )


def load_mnist(
    explicit: str | os.PathLike[str] | None = None,
    *,
    allow_download: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Mnist:
    """Load MNIST from the first location found (see the module docstring),
    downloading it first if allowed and found nowhere."""
    path = find_data(explicit)
    if path is not None:
        return load_from(path)
    if allow_download:
        return load_from(download_mnist(progress))
    raise DataError(not_found_message())


def load_from(path: Path) -> Mnist:
    """Load MNIST from a folder of IDX files, a folder holding mnist.npz, or a .npz file."""
    if path.is_file():
        return _load_npz(path)
    npz = path / "mnist.npz"
    if _idx_path(path, "train", "images") is None and npz.is_file():
        return _load_npz(npz)
    splits = {}
    for part in ("train", "test"):
        images = read_idx(_require_idx(path, part, "images"), _IMAGES_MAGIC)
        labels = read_idx(_require_idx(path, part, "labels"), _LABELS_MAGIC)
        splits[part] = _checked_split(images, labels, path)
    return Mnist(splits["train"], splits["test"], str(path))


def read_idx(path: Path, expected_magic: int) -> np.ndarray:
    """Read one IDX file (gzipped or not) into a uint8 array."""
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as stream:
            raw = stream.read()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise DataError(f"Cannot read {path}: {error}. The file may be truncated or not gzip.") from error
    if len(raw) < 8:
        raise DataError(f"{path} is too short to be an IDX file ({len(raw)} bytes).")
    magic, count = struct.unpack(">II", raw[:8])
    if magic != expected_magic:
        kind = "images" if expected_magic == _IMAGES_MAGIC else "labels"
        raise DataError(f"{path} is not an MNIST {kind} file (magic number {magic}, expected {expected_magic}).")
    if expected_magic == _IMAGES_MAGIC:
        if len(raw) < 16:
            raise DataError(f"{path} is truncated: its header is incomplete.")
        rows, cols = struct.unpack(">II", raw[8:16])
        shape, offset = (count, rows, cols), 16
    else:
        shape, offset = (count,), 8
    needed = int(np.prod(shape))
    if len(raw) - offset < needed:
        raise DataError(
            f"{path} is truncated: the header announces {count} items but the file holds "
            f"{len(raw) - offset} of the {needed} bytes they need."
        )
    return np.frombuffer(raw, dtype=np.uint8, count=needed, offset=offset).reshape(shape)


def _holds_mnist(path: Path) -> bool:
    if path.is_file():
        return path.suffix == ".npz"
    if not path.is_dir():
        return False
    if (path / "mnist.npz").is_file():
        return True
    return all(_idx_path(path, part, kind) is not None for part, kind in _IDX_NAMES)


def _idx_path(folder: Path, part: str, kind: str) -> Path | None:
    stem = _IDX_NAMES[(part, kind)]
    # Some mirrors spell the files with a dot before idx ("train-images.idx3-ubyte").
    for name in (stem, stem.replace("-idx", ".idx")):
        for candidate in (folder / f"{name}.gz", folder / name):
            if candidate.is_file():
                return candidate
    return None


def _require_idx(folder: Path, part: str, kind: str) -> Path:
    found = _idx_path(folder, part, kind)
    if found is None:
        raise DataError(f"{folder} lacks {_IDX_NAMES[(part, kind)]}[.gz].")
    return found


def _load_npz(path: Path) -> Mnist:
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    except KeyError as error:
        raise DataError(f"{path} is not a Keras mnist.npz: it lacks the array {error}.") from error
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise DataError(f"Cannot read {path}: {error}. The file may be truncated or damaged.") from error
    train = _checked_split(arrays["x_train"], arrays["y_train"], path)
    test = _checked_split(arrays["x_test"], arrays["y_test"], path)
    return Mnist(train, test, str(path))


def _checked_split(images: np.ndarray, labels: np.ndarray, origin: Path) -> Split:
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise DataError(f"{origin}: images have shape {images.shape}, expected (n, 28, 28).")
    if len(images) != len(labels):
        raise DataError(f"{origin}: {len(images)} images but {len(labels)} labels.")
    if labels.size and labels.max() > 9:
        raise DataError(f"{origin}: labels outside 0-9.")
    return Split(np.ascontiguousarray(images, dtype=np.uint8), np.asarray(labels, dtype=np.uint8))


def download_mnist(
    progress: Callable[[int, int], None] | None = None,
    url: str = MNIST_URL,
    expected_sha256: str = MNIST_SHA256,
    target: Path | None = None,
) -> Path:
    """Download Keras's mnist.npz into the Keras cache, where the next search finds it.

    ``progress(bytes_done, bytes_total)`` is called as it arrives (total 0 when
    unknown). The file is checked against its published SHA-256 and written
    atomically, so a cut connection never leaves a damaged cache behind.
    """
    target = target or KERAS_CACHE.expanduser()
    digest = hashlib.sha256()
    chunks = []
    done = 0
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            total = int(response.headers.get("Content-Length") or 0)
            while chunk := response.read(1 << 16):
                chunks.append(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    except (OSError, ValueError) as error:  # URLError, timeouts and refused connections are OSErrors
        reason = getattr(error, "reason", error)
        raise DataError(f"{not_found_message()} The download from {url} failed: {reason}.") from error
    if digest.hexdigest() != expected_sha256:
        raise DataError(f"The download from {url} is damaged (its checksum does not match); try again.")
    from .model_files import atomic_write

    atomic_write(target, b"".join(chunks))
    return target


def find_pendigits(explicit: str | None, mnist_location: str | None, part: str) -> Path | None:
    """The pendigits ``part`` file ("train" or "test"): given explicitly (a folder or
    either file), from $MNIST_DRAW_PENDIGITS, or in a ``pendigits`` folder beside
    the MNIST folder (the layout of ../shared/data)."""
    candidates = [explicit, os.environ.get(PENDIGITS_ENV_VAR)]
    if mnist_location:
        candidates.append(str(Path(mnist_location).parent / "pendigits"))
    for candidate in candidates:
        if not candidate:
            continue
        path = Path(candidate).expanduser()
        if path.is_dir():
            path = path / f"pendigits-{part}.jsonl.gz"
        elif path.name.startswith("pendigits-"):
            path = path.with_name(f"pendigits-{part}.jsonl.gz")
        if path.is_file():
            return path
    return None
