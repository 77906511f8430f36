"""The user's own samples: kept, listed, deleted, exported and imported again."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from mnist_draw.preprocess import strokes_to_input
from mnist_draw.samples import SampleError, SampleStore
from mnist_draw.self_test_digits import SAMPLE_STROKES


def add_all(store: SampleStore, copies: int = 3) -> None:
    for digit, strokes in SAMPLE_STROKES.items():
        for copy in range(copies):
            shifted = [[(x + copy, y) for x, y in stroke] for stroke in strokes]
            store.add(digit, strokes_to_input(shifted).pixels, shifted)


def test_samples_are_kept_by_digit_and_counted(tmp_path):
    store = SampleStore(tmp_path / "samples")
    add_all(store)
    assert store.counts() == [3, 3, 3, 3, 3, 0, 0, 3, 0, 0]
    assert len(store.all()) == 18
    assert (tmp_path / "samples" / "7").is_dir()


def test_a_sample_keeps_its_strokes_and_its_28x28(tmp_path):
    store = SampleStore(tmp_path)
    pixels = strokes_to_input(SAMPLE_STROKES[4]).pixels
    store.add(4, pixels, SAMPLE_STROKES[4])
    sample = store.all()[0]
    assert sample.label == 4 and len(sample.strokes) == 2
    assert np.abs(sample.pixels - pixels).max() <= 1 / 255 + 1e-6
    assert np.abs(sample.model_pixels() - pixels).max() < 1e-6


def test_delete_removes_both_files(tmp_path):
    store = SampleStore(tmp_path)
    add_all(store, copies=1)
    victim = store.all()[0]
    store.delete(victim.id)
    assert victim.id not in {s.id for s in store.all()}
    assert not list(tmp_path.glob(f"*/{victim.id}.*"))


def test_held_out_part_is_stable_and_separate(tmp_path):
    store = SampleStore(tmp_path)
    add_all(store, copies=10)
    train_images, train_labels = store.training_arrays(held_out=False)
    held_images, held_labels = store.training_arrays(held_out=True)
    assert len(train_labels) + len(held_labels) == 60
    assert 0 < len(held_labels) < 30
    assert train_images.dtype == np.uint8 and train_images.shape[1:] == (28, 28)
    again, _ = store.training_arrays(held_out=True)
    assert np.array_equal(again, held_images)


def test_export_then_import_into_another_store(tmp_path):
    source = SampleStore(tmp_path / "a")
    add_all(source, copies=2)
    archive = tmp_path / "samples.zip"
    assert source.export_zip(archive) == 12
    with zipfile.ZipFile(archive) as opened:
        assert len(opened.namelist()) == 24
    target = SampleStore(tmp_path / "b")
    assert target.import_from(archive) == 12
    assert target.counts() == source.counts()
    assert target.import_from(archive) == 0  # the same samples are not added twice


def test_import_from_a_folder(tmp_path):
    source = SampleStore(tmp_path / "a")
    add_all(source, copies=1)
    target = SampleStore(tmp_path / "b")
    assert target.import_from(tmp_path / "a") == 6


def test_import_of_a_damaged_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SampleError, match="bad.zip"):
        SampleStore(tmp_path / "s").import_from(bad)


def test_a_damaged_sample_does_not_hide_the_others(tmp_path):
    store = SampleStore(tmp_path)
    add_all(store, copies=1)
    (tmp_path / "3" / "broken.json").write_text("{")
    assert len(store.all()) == 6


def test_an_imported_sample_cannot_choose_where_it_is_written(tmp_path):
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        writing.writestr("3/a.json", '{"id": "*", "label": 3, "strokes": [[[0, 0], [0, 10]]]}')
        writing.writestr("4/b.json", '{"id": "../../model/model", "label": 4, "strokes": [[[0, 0], [0, 10]]]}')
        writing.writestr("5/c.json", '{"id": "fine-1", "label": 5, "strokes": 5}')
    store = SampleStore(tmp_path / "home" / "samples")
    add_all(store, copies=1)
    assert store.import_from(archive) == 0
    assert not (tmp_path / "home" / "model").exists()
    store.delete("*")
    assert len(store.all()) == 6


def test_an_encrypted_or_unreadable_zip_is_a_clear_error(tmp_path):
    archive = tmp_path / "odd.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        writing.writestr("3/a.json", "{}")
    content = bytearray(archive.read_bytes())
    central = content.index(b"PK\x01\x02")
    content[6] |= 0x1  # the "encrypted" flag, in the local header and in the central directory
    content[central + 8] |= 0x1
    archive.write_bytes(bytes(content))
    with pytest.raises(SampleError):
        SampleStore(tmp_path / "s").import_from(archive)


def test_the_same_drawing_is_found_among_the_kept_samples(tmp_path):
    store = SampleStore(tmp_path)
    seven = strokes_to_input(SAMPLE_STROKES[7]).pixels
    four = strokes_to_input(SAMPLE_STROKES[4]).pixels
    assert store.find(seven) is None
    kept = store.add(7, seven, SAMPLE_STROKES[7])
    found = store.find(seven)
    assert found is not None and (found.id, found.label) == (kept.id, 7)
    assert SampleStore(tmp_path).find(seven.copy()).id == kept.id  # also in a later session
    assert store.find(four) is None


def test_relabelling_moves_a_sample_to_its_new_digit(tmp_path):
    store = SampleStore(tmp_path)
    pixels = strokes_to_input(SAMPLE_STROKES[7]).pixels
    kept = store.add(7, pixels, SAMPLE_STROKES[7])
    moved = store.relabel(kept.id, 1)
    assert (moved.id, moved.label) == (kept.id, 1)
    assert store.counts()[7] == 0 and store.counts()[1] == 1
    assert store.find(pixels).label == 1
    with pytest.raises(SampleError):
        store.relabel("no-such-sample", 3)


# --- hostile imports (issue 11, findings 4, 6 and 7) ----------------------------------

import io as _io
import json as _json
import os as _os

from PIL import Image as _Image

from mnist_draw import samples as _samples


def _png_bytes(size: tuple[int, int] = (28, 28)) -> bytes:
    buffer = _io.BytesIO()
    _Image.new("L", size).save(buffer, format="PNG")
    return buffer.getvalue()


def _zip_of(path, records: dict[str, object], pngs: dict[str, bytes] | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, record in records.items():
            archive.writestr(name, record if isinstance(record, (str, bytes)) else _json.dumps(record))
        for name, content in (pngs or {}).items():
            archive.writestr(name, content)
    return path


STROKES_OF_A_1 = [[[0, 0], [0, 10]]]


@pytest.mark.parametrize("label", [7.9, True, "7", -1, 10, None])
def test_import_does_not_coerce_labels(tmp_path, label):
    archive = _zip_of(tmp_path / "s.zip", {"7/a1.json": {"id": "a1", "label": label, "strokes": STROKES_OF_A_1}})
    store = SampleStore(tmp_path / "store")
    assert store.import_from(archive) == 0 and store.all() == []


def test_import_skips_degenerate_strokes_and_training_still_works(tmp_path):
    records = {
        "1/tiny.json": {"id": "tiny", "label": 1, "strokes": [[[0, 0], [0, 5e-324]]]},
        "1/good.json": {"id": "good", "label": 1, "strokes": STROKES_OF_A_1},
    }
    store = SampleStore(tmp_path / "store")
    store.import_from(_zip_of(tmp_path / "s.zip", records))
    images, labels = store.training_arrays(held_out=None)
    assert list(labels) == [1] and images.shape == (1, 28, 28)


def test_import_with_a_degenerate_sample_and_its_picture_keeps_training_working(tmp_path):
    records = {"1/tiny.json": {"id": "tiny", "label": 1, "strokes": [[[0, 0], [0, 5e-324]]]}}
    store = SampleStore(tmp_path / "store")
    store.import_from(_zip_of(tmp_path / "s.zip", records, {"1/tiny.png": _png_bytes()}))
    images, labels = store.training_arrays(held_out=None)  # no IndexError: the picture stands in
    assert images.shape == (len(labels), 28, 28)


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": "big", "label": ' + b"9" * 5000 + b', "strokes": []}',
        b'{"id": "big", "label": 1, "strokes": [[[' + b"9" * 400 + b", 1], [0, 0]]]}",
        b'{"id": "nan", "label": 1, "strokes": [[[NaN, 1], [0, 0]]]}',
    ],
    ids=["nested", "5000-digit label", "400-digit coordinate", "NaN"],
)
def test_hostile_json_is_skipped_quietly(tmp_path, content):
    store = SampleStore(tmp_path / "store")
    assert store.import_from(_zip_of(tmp_path / "s.zip", {"1/x.json": content})) == 0


def test_a_png_bomb_is_never_decoded(tmp_path):
    import struct
    import zlib

    # A small PNG whose header claims 100,000 x 100,000 pixels.
    header = struct.pack(">II", 100_000, 100_000) + bytes([8, 0, 0, 0, 0])
    small = _png_bytes()
    bomb = small[:16] + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + small[33:]
    records = {"1/bomb.json": {"id": "bomb", "label": 1, "strokes": STROKES_OF_A_1}}
    store = SampleStore(tmp_path / "store")
    assert store.import_from(_zip_of(tmp_path / "s.zip", records, {"1/bomb.png": bomb})) == 0


def test_a_zip_bomb_entry_is_refused_by_name_before_anything_is_written(tmp_path):
    archive = _zip_of(tmp_path / "s.zip", {"1/huge.json": b" " * (64 << 20)})
    assert _os.path.getsize(archive) < 1 << 20
    store = SampleStore(tmp_path / "store")
    with pytest.raises(SampleError, match="1/huge.json"):
        store.import_from(archive)
    assert not (tmp_path / "store").exists()


def test_too_many_samples_are_refused_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(_samples, "MAX_IMPORT_SAMPLES", 5)
    records = {f"1/s{i}.json": {"id": f"s{i}", "label": 1, "strokes": STROKES_OF_A_1} for i in range(6)}
    with pytest.raises(SampleError, match="more than 5 samples"):
        SampleStore(tmp_path / "store").import_from(_zip_of(tmp_path / "s.zip", records))


def test_random_bytes_as_a_zip_give_a_plain_message(tmp_path):
    path = tmp_path / "s.zip"
    path.write_bytes(_os.urandom(4096))
    with pytest.raises(SampleError, match="not a zip archive"):
        SampleStore(tmp_path / "store").import_from(path)


def test_a_fifo_in_the_samples_folder_does_not_hang_listing_or_import(tmp_path):
    store = SampleStore(tmp_path / "store")
    add_all(store, copies=1)
    _os.mkfifo(tmp_path / "store" / "1" / "pipe.json")
    assert len(store.all()) == 6  # the FIFO is skipped as damaged, at once
    with pytest.raises(SampleError, match="not an ordinary file"):
        SampleStore(tmp_path / "other").import_from(tmp_path / "store")
