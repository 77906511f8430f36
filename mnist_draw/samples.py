"""The user's own labelled digits ("teach it your handwriting"), kept on disk.

Each sample is two files in ``<folder>/<digit>/``: ``<id>.json`` (label, strokes
so it can be rendered again, date, preprocessing version) and ``<id>.png`` (the
28x28 the model saw). Export writes the same layout to a zip; import reads a zip
or a folder of it. No Qt, no TensorFlow: the window and training both use it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from . import model_files
from .preprocess import PREPROCESSING_VERSION, SIDE, strokes_to_input

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class SampleError(Exception):
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
        digest = hashlib.sha256(self.id.encode()).digest()
        return digest[0] < 256 * fraction


class SampleStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

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
        itself whether it was kept a second ago or in another session.
        """
        wanted = _levels(pixels).tobytes()
        for png in sorted(self.folder.glob("[0-9]/*.png")):
            try:
                if _levels(_pixels_from_png(png.read_bytes())).tobytes() == wanted:
                    return self._read(png.with_suffix(".json"))
            except (OSError, SampleError):
                continue  # a damaged sample is no match
        return None

    def relabel(self, sample_id: str, label: int) -> Sample:
        """Say a kept sample is another digit: it moves to that digit's folder, same id."""
        if not 0 <= int(label) <= 9:
            raise ValueError(f"label {label} is not a digit")
        current = next((sample for sample in self.all() if sample.id == sample_id), None)
        if current is None:
            raise SampleError(f"There is no sample {sample_id}.")
        moved = Sample(current.id, int(label), current.pixels, current.strokes, current.created)
        self.delete(sample_id)
        self._write(moved)
        return moved

    def all(self) -> list[Sample]:
        samples = []
        for path in sorted(self.folder.glob("[0-9]/*.json")):
            try:
                samples.append(self._read(path))
            except SampleError:
                continue  # one damaged sample must not hide the others
        return samples

    def counts(self) -> list[int]:
        counts = [0] * 10
        for path in self.folder.glob("[0-9]/*.json"):
            counts[int(path.parent.name)] += 1
        return counts

    def delete(self, sample_id: str) -> None:
        if not _SAFE_ID.fullmatch(sample_id):
            return
        for digit in range(10):
            for suffix in (".json", ".png"):
                (self.folder / str(digit) / f"{sample_id}{suffix}").unlink(missing_ok=True)

    def training_arrays(self, held_out: bool | None = False) -> tuple[np.ndarray, np.ndarray]:
        """uint8 images (n, 28, 28) and labels (n,): the training part (default),
        the held-out part (True) or everything (None)."""
        chosen = [s for s in self.all() if held_out is None or s.is_held_out() == held_out]
        if not chosen:
            return np.zeros((0, SIDE, SIDE), np.uint8), np.zeros((0,), np.uint8)
        images = np.stack([np.round(s.model_pixels() * 255).astype(np.uint8) for s in chosen])
        return images, np.array([s.label for s in chosen], np.uint8)

    def export_zip(self, path: Path) -> int:
        samples = self.all()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for sample in samples:
                archive.writestr(f"{sample.label}/{sample.id}.json", json.dumps(_record(sample)))
                archive.writestr(f"{sample.label}/{sample.id}.png", _png(sample.pixels))
        model_files.atomic_write(Path(path), buffer.getvalue())
        return len(samples)

    def import_from(self, source: Path) -> int:
        """Add the samples of a zip or folder (as exported); returns how many were new."""
        source = Path(source)
        try:
            if source.is_dir():
                entries = {p.relative_to(source).as_posix(): p.read_bytes() for p in source.glob("[0-9]/*.*")}
            else:
                with zipfile.ZipFile(source) as archive:
                    entries = {name: archive.read(name) for name in archive.namelist() if name[:1].isdigit()}
        except (OSError, RuntimeError, NotImplementedError, EOFError, zipfile.BadZipFile) as error:
            # RuntimeError: an encrypted zip; NotImplementedError: an unknown compression.
            raise SampleError(f"{source.name} cannot be read as samples: {error}") from error
        known = {s.id for s in self.all()}
        added = 0
        for name, content in entries.items():
            if not name.endswith(".json"):
                continue
            try:
                record = json.loads(content)
                png = entries.get(name[:-5] + ".png")
                pixels = _pixels_from_png(png) if png else None
                sample = _from_record(record, pixels)
            except (ValueError, KeyError, TypeError, SampleError):
                continue
            if sample.id not in known:
                try:
                    self._write(sample)
                except OSError as error:
                    raise SampleError(
                        f"Importing stopped after {added} samples: {error.strerror or error} ({error.filename})."
                    ) from error
                known.add(sample.id)
                added += 1
        if not entries:
            raise SampleError(f"{source.name} holds no samples.")
        return added

    def _write(self, sample: Sample) -> None:
        folder = self.folder / str(sample.label)
        model_files.atomic_write(folder / f"{sample.id}.png", _png(sample.pixels))
        model_files.atomic_write(folder / f"{sample.id}.json", json.dumps(_record(sample)).encode())

    def _read(self, path: Path) -> Sample:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            png = path.with_suffix(".png")
            pixels = _pixels_from_png(png.read_bytes()) if png.exists() else None
            return _from_record(record, pixels)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise SampleError(f"{path.name} is damaged: {error}") from error


def _record(sample: Sample) -> dict:
    return {
        "id": sample.id,
        "label": sample.label,
        "strokes": sample.strokes,
        "created": sample.created,
        "preprocessing_version": PREPROCESSING_VERSION,
    }


def _from_record(record: dict, pixels: np.ndarray | None) -> Sample:
    label = int(record["label"])
    if not 0 <= label <= 9:
        raise ValueError("label out of range")
    sample_id = str(record["id"])
    # The id becomes a file name: an imported file must not choose where it is written.
    if not _SAFE_ID.fullmatch(sample_id):
        raise ValueError(f"unsafe sample id {sample_id!r}")
    strokes = record.get("strokes")
    if strokes is not None and not _valid_strokes(strokes):
        raise ValueError("malformed strokes")
    if pixels is None:
        prepared = strokes_to_input(strokes or [])
        if prepared.pixels is None:
            raise SampleError("a sample with neither picture nor strokes")
        pixels = prepared.pixels
    return Sample(sample_id, label, pixels, strokes, str(record.get("created", "")))


def _valid_strokes(strokes: object) -> bool:
    return isinstance(strokes, list) and all(
        isinstance(stroke, list)
        and all(isinstance(p, list) and len(p) >= 2 and all(isinstance(v, (int, float)) for v in p[:2]) for p in stroke)
        for stroke in strokes
    )


def _levels(pixels: np.ndarray) -> np.ndarray:
    """0-1 pixels as the 0-255 levels a sample's PNG keeps."""
    return np.round(np.clip(pixels, 0, 1) * 255).astype(np.uint8)


def _png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(_levels(pixels)).save(buffer, format="PNG")
    return buffer.getvalue()


def _pixels_from_png(content: bytes) -> np.ndarray:
    try:
        picture = Image.open(io.BytesIO(content)).convert("L")
    except (OSError, ValueError) as error:
        raise SampleError(f"a sample picture is damaged: {error}") from error
    if picture.size != (SIDE, SIDE):
        raise SampleError("a sample picture is not 28x28")
    return np.asarray(picture, np.float32) / 255.0


def _plain(strokes: list | None) -> list | None:
    """Strokes as plain lists of [x, y] rounded to 0.01, small enough to store as JSON."""
    if not strokes:
        return None
    return [[[round(float(p[0]), 2), round(float(p[1]), 2)] for p in stroke] for stroke in strokes if len(stroke)]
