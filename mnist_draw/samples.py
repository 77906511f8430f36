"""The user's own labelled digits ("teach it your handwriting"), kept on disk.

Each sample is two files in ``<folder>/<digit>/``: ``<id>.json`` (label, strokes
so it can be rendered again, date, preprocessing version, the key of its picture)
and ``<id>.png`` (the 28x28 the model saw). Export writes the same layout to a zip;
import reads a zip or a folder of it. No Qt, no TensorFlow: the window and
training both use it.

Someone may keep tens of thousands of samples, and the window asks two things
at every digit key: how many there are (a directory listing, nothing read) and
whether this drawing is kept already. The second is answered from an index of
the pictures' keys, built once per store from the records (samples written
before the key existed have their picture read once, then) and kept up to date
by every add, relabel, delete and import, from any thread.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import lzma
import os
import re
import struct
import threading
import uuid
import zipfile
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from PIL import Image

from . import model_files, safe_files
from .preprocess import PREPROCESSING_VERSION, SIDE, strokes_to_input
from .strokes_file import is_digit_label, strokes_problem

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

# Bounds on what an import may hold, so that a crafted zip cannot fill memory:
# a sample's files are a few kilobytes. The count leaves room for the export of
# someone who has taught tens of thousands of digits; the window imports on a
# worker thread, with progress.
MAX_JSON_BYTES = 1 << 20
MAX_PNG_BYTES = 64 << 10
MAX_IMPORT_BYTES = 128 << 20  # all entries together, once unpacked
MAX_IMPORT_SAMPLES = 25_000
IMPORT_PROGRESS_EVERY = 100  # samples between two progress reports
STEP_EVERY = 100  # samples read between two steps of the other long jobs (index, arrays, export)
PICTURE_KEY = "levels_sha256"  # in a record: the SHA-256 of its picture's 28x28 levels
_KEY_PATTERN = re.compile(r"[0-9a-f]{64}")
_Result = TypeVar("_Result")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What a damaged or crafted zip raises while it is read; RuntimeError is an
# encrypted entry, NotImplementedError an unknown compression.
_ZIP_ERRORS = (OSError, RuntimeError, NotImplementedError, EOFError, ValueError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, struct.error)


class SampleError(ValueError):
    """A sample file or an import could not be read; the message is for the user."""


@dataclass
class Sample:
    id: str
    label: int
    pixels: np.ndarray  # 28x28 float32 in 0-1
    strokes: list | None = None
    created: str = ""

    def model_pixels(self) -> np.ndarray:
        """The 28x28 for training: rendered again from the strokes when there are
        some, so samples follow any change of preprocessing."""
        if self.strokes:
            prepared = strokes_to_input(self.strokes)
            if prepared.pixels is not None:
                return prepared.pixels
        return self.pixels

    def is_held_out(self, fraction: float = 0.2) -> bool:
        """A fixed fifth of the samples, by id, that training never sees: they
        measure how well a model reads this user's writing."""
        return _is_held_out(self.id, fraction)


@dataclass(frozen=True)
class SampleFile:
    """A sample known by its file, not read yet: listing thousands costs no decoding."""

    id: str
    label: int
    path: Path  # its .json

    def is_held_out(self, fraction: float = 0.2) -> bool:
        """As :meth:`Sample.is_held_out`, known from the id alone."""
        return _is_held_out(self.id, fraction)


@dataclass(frozen=True)
class ImportProgress:
    done: int  # samples looked at
    total: int  # samples in the archive or folder
    added: int  # new samples written so far


@dataclass(frozen=True)
class ExportProgress:
    done: int  # samples looked at
    total: int  # samples in the store


class _PictureIndex:
    """Which samples hold which picture: a picture's key -> {sample id: label}."""

    def __init__(self) -> None:
        self._ids: dict[str, dict[str, int]] = {}
        self._key_of: dict[str, str] = {}

    def put(self, key: str, sample_id: str, label: int) -> None:
        self.remove(sample_id)
        self._ids.setdefault(key, {})[sample_id] = label
        self._key_of[sample_id] = key

    def remove(self, sample_id: str) -> None:
        key = self._key_of.pop(sample_id, None)
        if key is not None:
            holders = self._ids[key]
            del holders[sample_id]
            if not holders:
                del self._ids[key]

    def holding(self, key: str) -> list[tuple[int, str]]:
        """(label, id) of the samples with this picture, in the order the folders list them."""
        return sorted((label, sample_id) for sample_id, label in self._ids.get(key, {}).items())


class SampleStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        # The index of pictures, and the changes each build under way must replay
        # once it has looked through the folder: samples may be added, moved or
        # deleted (by an import on a worker thread, say) while it reads.
        self._lock = threading.Lock()
        self._index: _PictureIndex | None = None
        self._journals: list[list[Callable[[_PictureIndex], None]]] = []

    def add(self, label: int, pixels: np.ndarray, strokes: list | None = None) -> Sample:
        if not 0 <= int(label) <= 9:
            raise ValueError(f"label {label} is not a digit")
        created = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        sample_id = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:8]
        sample = Sample(sample_id, int(label), np.asarray(pixels, np.float32), _plain(strokes), created)
        self._write(sample)
        return sample

    def find(self, pixels: np.ndarray) -> Sample | None:
        """The kept sample with exactly this 28x28 picture: the same drawing, kept before.

        Compared as the stored PNG holds it (0-255 levels), so a drawing matches
        itself whether it was kept a second ago or in another session. Looked up
        in the index of pictures, built here first if it is not yet
        (:meth:`index_steps` builds it elsewhere, a step at a time); the sample
        found is read and compared, so a stale or hand-edited key is no match.
        """
        if not self.index_ready():
            self.build_index()
        wanted = _levels(pixels)
        key = _picture_key(wanted)
        with self._lock:
            assert self._index is not None
            holders = self._index.holding(key)
        for label, sample_id in holders:
            try:
                sample = self._read(self.folder / str(label) / f"{sample_id}.json")
            except SampleError:
                continue  # gone or damaged since: no match
            if np.array_equal(_levels(sample.pixels), wanted):
                return sample
        return None

    def index_ready(self) -> bool:
        """Whether :meth:`find` can answer at once, without looking through the samples."""
        with self._lock:
            return self._index is not None

    def build_index(self) -> None:
        """:meth:`index_steps` in one go."""
        for _done in self.index_steps():
            pass

    def index_steps(self) -> Generator[int, None, None]:
        """Look through the samples to learn their pictures, yielding how many are
        done now and then (so a window can do it on a worker and stop between two).

        A record written by this version holds its picture's key; an older one has
        its PNG (or, failing that, its strokes) read and its key computed, once:
        the files are left as they are. Several builds may run at once; the first
        to end is kept. A damaged sample is left out, as it is of training.
        """
        journal: list[Callable[[_PictureIndex], None]] = []
        with self._lock:
            if self._index is not None:
                return
            self._journals.append(journal)
        try:
            index = _PictureIndex()
            for done, entry in enumerate(self.files()):
                if done % STEP_EVERY == 0:
                    yield done
                key = self._key_of(entry)
                if key is not None:
                    index.put(key, entry.id, entry.label)
            with self._lock:
                if self._index is None:
                    for change in journal:
                        change(index)
                    self._index = index
        finally:
            with self._lock:
                self._journals.remove(journal)

    def _key_of(self, entry: SampleFile) -> str | None:
        """The key of a sample's picture, from its record, else from its picture; None if damaged."""
        try:
            record = json.loads(safe_files.read_bytes(entry.path, MAX_JSON_BYTES, "sample"), parse_constant=_refuse_constant)
            key = record.get(PICTURE_KEY) if isinstance(record, dict) else None
            if isinstance(key, str) and _KEY_PATTERN.fullmatch(key):
                return key
            png = entry.path.with_suffix(".png")
            if png.exists():
                pixels = _pixels_from_png(safe_files.read_bytes(png, MAX_PNG_BYTES, "sample picture"))
            else:
                pixels = self._read(entry.path).pixels  # rendered from its strokes
            return _picture_key(_levels(pixels))
        except (OSError, ValueError, RecursionError):
            return None  # SampleError is a ValueError

    def _changed(self, change: Callable[[_PictureIndex], None]) -> None:
        """Apply a change to the index, and to every build's journal, once it is on disk."""
        with self._lock:
            if self._index is not None:
                change(self._index)
            for journal in self._journals:
                journal.append(change)

    def relabel(self, sample_id: str, label: int) -> Sample:
        """Say a kept sample is another digit: it moves to that digit's folder, same id."""
        if not 0 <= int(label) <= 9:
            raise ValueError(f"label {label} is not a digit")
        entry = self._file_of(sample_id)
        if entry is None:
            raise SampleError(f"There is no sample {sample_id}.")
        current = self.read(entry)
        moved = Sample(current.id, int(label), current.pixels, current.strokes, current.created)
        self.delete(sample_id)
        self._write(moved)
        return moved

    def all(self) -> list[Sample]:
        samples = []
        for entry in self.files():
            try:
                samples.append(self.read(entry))
            except SampleError:
                continue  # one damaged sample must not hide the others
        return samples

    def files(self, label: int | None = None) -> list[SampleFile]:
        """Every sample (or those of one digit), in the order of their ids, without reading them."""
        labels = range(10) if label is None else [label]
        return [SampleFile(name[:-5], digit, self.folder / str(digit) / name) for digit in labels for name in sorted(self._names(digit))]

    def read(self, entry: SampleFile) -> Sample:
        """The sample behind ``entry``; :class:`SampleError` if it is damaged or gone."""
        return self._read(entry.path)

    def _file_of(self, sample_id: str) -> SampleFile | None:
        """The sample with this id, found by its file name in the ten folders."""
        if not _SAFE_ID.fullmatch(sample_id):
            return None
        for digit in range(10):
            path = self.folder / str(digit) / f"{sample_id}.json"
            if path.is_file():
                return SampleFile(sample_id, digit, path)
        return None

    def counts(self) -> list[int]:
        return [len(self._names(digit)) for digit in range(10)]

    def _names(self, digit: int) -> list[str]:
        """The record files of one digit's folder; a directory listing, much faster than a glob for thousands."""
        try:
            with os.scandir(self.folder / str(digit)) as entries:
                return [entry.name for entry in entries if entry.name.endswith(".json") and not entry.name.startswith(".")]
        except OSError:
            return []

    def delete(self, sample_id: str) -> None:
        if not _SAFE_ID.fullmatch(sample_id):
            return
        for digit in range(10):
            for suffix in (".json", ".png"):
                (self.folder / str(digit) / f"{sample_id}{suffix}").unlink(missing_ok=True)
        self._changed(lambda index: index.remove(sample_id))

    def training_arrays(self, held_out: bool | None = False) -> tuple[np.ndarray, np.ndarray]:
        """uint8 images (n, 28, 28) and labels (n,): the training part (default),
        the held-out part (True) or everything (None). Only the samples chosen are read."""
        return self.arrays([entry for entry in self.files() if held_out is None or entry.is_held_out() == held_out])

    def arrays(self, entries: list[SampleFile]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`arrays_steps` in one go."""
        return _run_steps(self.arrays_steps(entries))

    def arrays_steps(self, entries: list[SampleFile]) -> Generator[int, None, tuple[np.ndarray, np.ndarray]]:
        """The samples of ``entries`` as training arrays (see :meth:`training_arrays`),
        yielding how many are read now and then; a damaged or deleted one is left out."""
        images, labels = [], []
        for done, entry in enumerate(entries):
            if done % STEP_EVERY == 0:
                yield done
            try:
                sample = self.read(entry)
            except SampleError:
                continue
            images.append(np.round(sample.model_pixels() * 255).astype(np.uint8))
            labels.append(sample.label)
        if not images:
            return np.zeros((0, SIDE, SIDE), np.uint8), np.zeros((0,), np.uint8)
        return np.stack(images), np.array(labels, np.uint8)

    def export_zip(self, path: Path) -> int:
        """Write every readable sample to a zip at ``path``; returns how many."""
        return _run_steps(self.export_steps(path))

    def export_steps(self, path: Path) -> Generator[ExportProgress, None, int]:
        """:meth:`export_zip` one step at a time, yielding its progress now and then.
        The zip is written at the end, in one go: stopped before, nothing is written."""
        entries = self.files()
        buffer = io.BytesIO()
        count = 0
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for done, entry in enumerate(entries):
                if done % STEP_EVERY == 0:
                    yield ExportProgress(done, len(entries))
                try:
                    sample = self.read(entry)
                except SampleError:
                    continue  # one damaged sample must not stop the others
                archive.writestr(f"{sample.label}/{sample.id}.json", json.dumps(_record(sample)))
                archive.writestr(f"{sample.label}/{sample.id}.png", _png(sample.pixels))
                count += 1
        model_files.atomic_write(Path(path), buffer.getvalue())
        return count

    def import_from(self, source: Path) -> int:
        """Add the samples of a zip or folder (as exported); returns how many were new.

        Damaged samples are skipped; an entry too large, or more than
        MAX_IMPORT_SAMPLES samples, refuses the whole import before anything is written.
        """
        return _run_steps(self.import_steps(source))

    def import_steps(self, source: Path) -> Generator[ImportProgress, None, int]:
        """:meth:`import_from` one step at a time: yields its progress now and then
        (so a window can show it, or stop between two samples) and returns how many were new."""
        source = Path(source)
        entries = _folder_entries(source) if safe_files.is_folder(source) else _zip_entries(source)
        if not entries:
            raise SampleError(f"{source.name} holds no samples.")
        known = {path.stem for path in self.folder.glob("[0-9]/*.json")}
        names = [name for name in entries if name.endswith(".json")]
        added = 0
        for done, name in enumerate(names):
            if done % IMPORT_PROGRESS_EVERY == 0:
                yield ImportProgress(done, len(names), added)
            content = entries[name]
            try:
                record = json.loads(content, parse_constant=_refuse_constant)
                png = entries.get(name[:-5] + ".png")
                pixels = _pixels_from_png(png) if png else None
                sample = _from_record(record, pixels)
            except (ValueError, KeyError, TypeError, RecursionError, SampleError):
                continue  # one damaged sample must not stop the others
            if sample.id not in known:
                try:
                    self._write(sample, durable=False)
                except OSError as error:
                    raise SampleError(
                        f"Importing stopped after {added} samples: {error.strerror or error} ({error.filename})."
                    ) from error
                known.add(sample.id)
                added += 1
        return added

    def _write(self, sample: Sample, durable: bool = True) -> None:
        folder = self.folder / str(sample.label)
        write = model_files.atomic_write if durable else _quick_write
        key = _picture_key(_levels(sample.pixels))
        write(folder / f"{sample.id}.png", _png(sample.pixels))
        write(folder / f"{sample.id}.json", json.dumps(_record(sample)).encode())
        self._changed(lambda index: index.put(key, sample.id, sample.label))

    def _read(self, path: Path) -> Sample:
        try:
            record = json.loads(safe_files.read_bytes(path, MAX_JSON_BYTES, "sample"), parse_constant=_refuse_constant)
            png = path.with_suffix(".png")
            pixels = _pixels_from_png(safe_files.read_bytes(png, MAX_PNG_BYTES, "sample picture")) if png.exists() else None
            return _from_record(record, pixels)
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
            raise SampleError(f"{path.name} is damaged.") from error


def _run_steps(steps: Generator[object, None, _Result]) -> _Result:
    """What a generator of steps returns, its steps ignored."""
    while True:
        try:
            next(steps)
        except StopIteration as end:
            return end.value


def _is_held_out(sample_id: str, fraction: float) -> bool:
    return hashlib.sha256(sample_id.encode()).digest()[0] < 256 * fraction


def _folder_entries(source: Path) -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    total = 0
    for path in sorted(source.glob("[0-9]/*.*")):
        if path.suffix not in (".json", ".png"):
            continue
        name = path.relative_to(source).as_posix()
        try:
            content = safe_files.read_bytes(path, MAX_JSON_BYTES if path.suffix == ".json" else MAX_PNG_BYTES, "sample")
        except safe_files.FileRefused as error:
            raise SampleError(f"Nothing was imported: {error}") from error
        total += len(content)
        entries[name] = content
        _check_totals(source, entries, total)
    return entries


def _zip_entries(source: Path) -> dict[str, bytes]:
    try:
        with safe_files.open_regular(source) as stream, zipfile.ZipFile(stream) as archive:
            chosen = [info for info in archive.infolist() if info.filename[:1].isdigit() and not info.is_dir()]
            chosen = [info for info in chosen if info.filename.endswith((".json", ".png"))]
            _check_totals(source, dict.fromkeys(info.filename for info in chosen), 0)  # before reading any
            entries: dict[str, bytes] = {}
            total = 0
            for info in chosen:
                limit = MAX_JSON_BYTES if info.filename.endswith(".json") else MAX_PNG_BYTES
                # The size in the header may lie: reading stops at the limit whatever it says.
                with archive.open(info) as entry:
                    content = entry.read(limit + 1) if info.file_size <= limit else b""
                if info.file_size > limit or len(content) > limit:
                    raise SampleError(
                        f"Nothing was imported: the entry {_entry_name(info.filename)} of {source.name} is far larger "
                        "than a sample (the file may be a zip bomb)."
                    )
                total += len(content)
                entries[info.filename] = content
                _check_totals(source, entries, total)
            return entries
    except safe_files.FileRefused as error:
        raise SampleError(str(error)) from error
    except SampleError:
        raise
    except _ZIP_ERRORS as error:
        raise SampleError(f"{source.name} cannot be read as samples: it is not a zip archive, or it is damaged.") from error


def _check_totals(source: Path, entries: dict, total: int) -> None:
    if total > MAX_IMPORT_BYTES:
        raise SampleError(f"Nothing was imported: {source.name} unpacks to more than {MAX_IMPORT_BYTES >> 20} MB of samples.")
    samples = sum(name.endswith(".json") for name in entries)
    if samples > MAX_IMPORT_SAMPLES:
        raise SampleError(
            f"Nothing was imported: {source.name} holds more than {MAX_IMPORT_SAMPLES:,} samples, the most "
            "mnist-draw imports at once. Split it into smaller archives."
        )


def _entry_name(name: str) -> str:
    return name if len(name) <= 60 else name[:57] + "..."


def _quick_write(path: Path, content: bytes) -> None:
    """Write through a temporary name and a rename, without waiting for the disk:
    thousands of imported samples would otherwise take minutes. A sample torn by
    a power cut is skipped as damaged, and the archive is still there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".partial-{path.name}")
    try:
        with open(temporary, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _record(sample: Sample) -> dict:
    return {
        "id": sample.id,
        "label": sample.label,
        "strokes": sample.strokes,
        "created": sample.created,
        "preprocessing_version": PREPROCESSING_VERSION,
        PICTURE_KEY: _picture_key(_levels(sample.pixels)),
    }


def _from_record(record: object, pixels: np.ndarray | None) -> Sample:
    if not isinstance(record, dict):
        raise ValueError("a sample is a JSON object")
    label = record.get("label")
    if not is_digit_label(label):  # 7.9, true and "7" are not labels: guessing one would teach a wrong digit
        raise ValueError("the label is not a digit 0-9")
    sample_id = record.get("id")
    # The id becomes a file name: an imported file must not choose where it is written.
    if not isinstance(sample_id, str) or not _SAFE_ID.fullmatch(sample_id):
        raise ValueError("unsafe sample id")
    strokes = record.get("strokes")
    if strokes is not None and strokes_problem(strokes) is not None:
        raise ValueError("malformed strokes")
    if pixels is None:
        prepared = strokes_to_input(strokes or [])
        if prepared.pixels is None:
            raise SampleError("a sample with neither picture nor strokes")
        pixels = prepared.pixels
    created = record.get("created")
    return Sample(sample_id, label, pixels, strokes, created[:40] if isinstance(created, str) else "")


def _levels(pixels: np.ndarray) -> np.ndarray:
    """0-1 pixels as the 0-255 levels a sample's PNG keeps."""
    return np.round(np.clip(pixels, 0, 1) * 255).astype(np.uint8)


def _picture_key(levels: np.ndarray) -> str:
    """What :meth:`SampleStore.find` looks a picture up by: the hash of its 0-255 levels."""
    return hashlib.sha256(np.ascontiguousarray(levels, np.uint8).tobytes()).hexdigest()


def _png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(_levels(pixels)).save(buffer, format="PNG")
    return buffer.getvalue()


def _pixels_from_png(content: bytes) -> np.ndarray:
    # The size is read from the PNG header before Pillow sees the file, so a
    # picture claiming to be huge (a PNG bomb) is never decoded.
    if content[:8] != _PNG_SIGNATURE or content[12:16] != b"IHDR" or len(content) < 24:
        raise SampleError("a sample picture is not a PNG")
    if struct.unpack(">II", content[16:24]) != (SIDE, SIDE):
        raise SampleError("a sample picture is not 28x28")
    try:
        with Image.open(io.BytesIO(content), formats=["PNG"]) as picture:
            gray = picture.convert("L")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise SampleError("a sample picture is damaged") from error
    return np.asarray(gray, np.float32) / 255.0


def _plain(strokes: list | None) -> list | None:
    """Strokes as plain lists of [x, y] rounded to 0.01, small enough to store as JSON."""
    if not strokes:
        return None
    return [[[round(float(p[0]), 2), round(float(p[1]), 2)] for p in stroke] for stroke in strokes if len(stroke)]
