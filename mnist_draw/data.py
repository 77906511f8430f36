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

import hashlib
import math
import os
import struct
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from . import safe_files

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
# MNIST's largest file holds 47 MB unpacked; a file claiming far more is not MNIST.
MAX_FILE_BYTES = 256 << 20
_IMAGES_MAGIC = 2051
_LABELS_MAGIC = 2049


class DataError(Exception):
    """A data file (MNIST's, or a strokes file such as pendigits:
    :class:`~mnist_draw.strokes_file.StrokesFileError`) could not be found or
    read; the message says why in plain words."""


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

    @property
    def folder(self) -> str:
        """The folder MNIST was read from (``source`` itself, or the folder of its
        ``mnist.npz``): the place pendigits is looked for beside."""
        source = Path(self.source)
        return str(source if safe_files.is_folder(source) else source.parent)


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
            refused = safe_files.refusal(path)
            if refused:
                raise DataError(refused.told("MNIST was not loaded.", given=f"from {origin}"))
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
    if not safe_files.is_folder(path):  # a file, or something posing as one: _load_npz says which
        return _load_npz(path)
    npz = path / "mnist.npz"
    if _idx_path(path, "train", "images") is None and safe_files.exists(npz):
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
        raw = safe_files.read_bytes(path, MAX_FILE_BYTES, "data file")
        if path.suffix == ".gz":
            raw = safe_files.gunzip_bytes(raw, str(path), MAX_FILE_BYTES)
    except safe_files.FileRefused as error:
        raise DataError(error.told("MNIST's files were not loaded.")) from error
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
    needed = math.prod(shape)  # Python integers: a crafted header cannot overflow them
    if len(raw) - offset < needed:
        raise DataError(
            f"{path} is truncated: the header announces {count} items but the file holds "
            f"{len(raw) - offset} of the {needed} bytes they need."
        )
    return np.frombuffer(raw, dtype=np.uint8, count=needed, offset=offset).reshape(shape)


def _holds_mnist(path: Path) -> bool:
    if safe_files.is_file(path):
        return path.suffix == ".npz"
    if not safe_files.is_folder(path):
        return False
    if safe_files.is_file(path / "mnist.npz"):
        return True
    return all(_idx_path(path, part, kind) is not None for part, kind in _IDX_NAMES)


def _idx_path(folder: Path, part: str, kind: str) -> Path | None:
    stem = _IDX_NAMES[(part, kind)]
    # Some mirrors spell the files with a dot before idx ("train-images.idx3-ubyte").
    for name in (stem, stem.replace("-idx", ".idx")):
        for candidate in (folder / f"{name}.gz", folder / name):
            if safe_files.is_file(candidate):
                return candidate
    return None


def _require_idx(folder: Path, part: str, kind: str) -> Path:
    found = _idx_path(folder, part, kind)
    if found is None:
        raise DataError(f"{folder} lacks {_IDX_NAMES[(part, kind)]}[.gz].")
    return found


def _load_npz(path: Path) -> Mnist:
    keys = ("x_train", "y_train", "x_test", "y_test")
    try:
        with safe_files.open_regular(path) as stream:
            if not zipfile.is_zipfile(stream):
                raise DataError(f"{path} is not a .npz archive (it may be damaged or another kind of file).")
            stream.seek(0)
            with zipfile.ZipFile(stream) as archive:
                _check_npz_sizes(archive, path, keys)
            stream.seek(0)
            with np.load(stream, allow_pickle=False) as arrays:
                loaded = {key: arrays[key] for key in keys}
    except safe_files.FileRefused as error:
        raise DataError(error.told("MNIST was not loaded.")) from error
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, MemoryError, zlib.error) as error:
        raise DataError(f"{path} cannot be read: it is truncated or damaged.") from error
    train = _checked_split(loaded["x_train"], loaded["y_train"], path)
    test = _checked_split(loaded["x_test"], loaded["y_test"], path)
    return Mnist(train, test, str(path))


def _check_npz_sizes(archive: zipfile.ZipFile, path: Path, keys: tuple[str, ...]) -> None:
    """Refuse a .npz lacking an array, or whose arrays would unpack beyond
    MAX_FILE_BYTES (their headers are read, not their data)."""
    members = {info.filename: info for info in archive.infolist()}
    total = 0
    for key in keys:
        info = members.get(f"{key}.npy")
        if info is None:
            raise DataError(f"{path} is not a Keras mnist.npz: it lacks the array '{key}'.")
        with archive.open(info) as member:
            version = np.lib.format.read_magic(member)
            reader = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, _, dtype = reader(member)
        total += math.prod(shape) * dtype.itemsize
        if total > MAX_FILE_BYTES or info.file_size > MAX_FILE_BYTES:
            raise DataError(f"{path}: the array '{key}' is far larger than MNIST; it was not loaded.")


def _checked_split(images: np.ndarray, labels: np.ndarray, origin: Path) -> Split:
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise DataError(f"{origin}: images have shape {images.shape}, expected (n, 28, 28).")
    if images.dtype != np.uint8:
        # Floats (or NaN) cast to bytes would give wrong digits and a right-looking score.
        raise DataError(f"{origin}: images are stored as {_kind(images)}, not as MNIST's bytes 0-255.")
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise DataError(f"{origin}: labels are stored as {_kind(labels)}, not as whole numbers 0-9.")
    if len(images) != len(labels):
        raise DataError(f"{origin}: {len(images)} images but {len(labels)} labels.")
    if not len(labels):
        raise DataError(f"{origin} holds no digits in one of its parts (training or test).")
    if labels.min() < 0 or labels.max() > 9:
        raise DataError(f"{origin}: labels outside 0-9.")
    return Split(np.ascontiguousarray(images), labels.astype(np.uint8))


def _kind(array: np.ndarray) -> str:
    kinds = {"f": "decimal numbers", "c": "complex numbers", "U": "text", "S": "text", "b": "true/false values"}
    return kinds.get(array.dtype.kind, f"values of type {array.dtype}")


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


def mnist_folder(explicit: str | os.PathLike[str] | None = None) -> str:
    """The folder MNIST is in, or will be in once training has downloaded it
    (Keras's cache): the place pendigits is looked for beside. An explicit
    location that does not hold MNIST raises :class:`DataError`, as in :func:`find_data`."""
    path = find_data(explicit) or KERAS_CACHE.expanduser()
    return str(path if safe_files.is_folder(path) else path.parent)


def find_pendigits(explicit: str | None, mnist_location: str | None, part: str) -> Path | None:
    """The pendigits ``part`` file ("train" or "test"): given explicitly (a folder or
    either file), from $MNIST_DRAW_PENDIGITS, or in a ``pendigits`` folder beside
    the MNIST folder (the layout of ../shared/data).

    A location the user gave (``--pendigits``, else the environment variable) is
    the only place looked in, and a file it does not hold is an error rather than
    silently looked for elsewhere: the user asked for that place. A file of one's
    own there (not named ``pendigits-...``) is a training file only: there is no
    test file to measure on.
    """
    if explicit:
        return _given_pendigits(Path(explicit).expanduser(), part, "--pendigits")
    from_environment = os.environ.get(PENDIGITS_ENV_VAR)
    if from_environment:
        return _given_pendigits(Path(from_environment).expanduser(), part, f"${PENDIGITS_ENV_VAR}")
    if mnist_location:
        path = _pendigits_file(Path(mnist_location).parent / "pendigits", part)
        if safe_files.is_file(path):
            return path
    return None


def _pendigits_file(path: Path, part: str) -> Path:
    if safe_files.is_folder(path):
        return path / f"pendigits-{part}.jsonl.gz"
    if path.name.startswith("pendigits-"):
        return path.with_name(f"pendigits-{part}.jsonl.gz")
    return path


def _given_pendigits(path: Path, part: str, origin: str) -> Path | None:
    refused = safe_files.refusal(path)
    if refused:
        raise DataError(refused.told(given=f"from {origin}"))
    if not safe_files.exists(path):
        raise DataError(f"There is no file or folder at {path} (from {origin}).")
    if not safe_files.is_folder(path) and not path.name.startswith("pendigits-"):
        return path if part == "train" else None  # a training file of the user's own: no test set in it
    found = _pendigits_file(path, part)
    if not safe_files.is_file(found):
        where = f"in {path}" if safe_files.is_folder(path) else f"beside {path}"
        raise DataError(f"There is no pendigits-{part}.jsonl.gz {where} (from {origin}).")
    return found
