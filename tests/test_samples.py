"""The user's own samples: kept, listed, deleted, exported and imported again."""

from __future__ import annotations

import json as _json
import zipfile

import numpy as np
import pytest

from mnist_draw.preprocess import strokes_to_input
from mnist_draw import samples as _samples
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


# --- finding a drawing among many, and counting, without reading them all (review A7) -------


def write_as_an_older_version(folder, sample_id: str, label: int, strokes, picture: bool = True):
    """A sample as mnist-draw wrote it before records kept the key of their picture."""
    digit = folder / str(label)
    digit.mkdir(parents=True, exist_ok=True)
    record = {"id": sample_id, "label": label, "strokes": strokes, "created": "2024-01-01T00:00:00+00:00"}
    (digit / f"{sample_id}.json").write_text(_json.dumps(record))
    pixels = strokes_to_input(strokes).pixels
    if picture:
        (digit / f"{sample_id}.png").write_bytes(_samples._png(pixels))
    return pixels


def test_a_relabelled_sample_is_found_with_its_new_digit_now_and_in_a_later_session(tmp_path):
    store = SampleStore(tmp_path)
    add_all(store, copies=2)
    strokes = [[(x * 0.8, y) for x, y in stroke] for stroke in SAMPLE_STROKES[4]]  # a narrower 4 than those
    pixels = strokes_to_input(strokes).pixels
    kept = store.add(4, pixels, strokes)
    assert store.find(pixels).id == kept.id  # the index is built now
    store.relabel(kept.id, 9)
    assert (store.find(pixels).id, store.find(pixels).label) == (kept.id, 9)
    assert SampleStore(tmp_path).find(pixels).label == 9


def test_a_deleted_sample_is_no_longer_found(tmp_path):
    store = SampleStore(tmp_path)
    pixels = strokes_to_input(SAMPLE_STROKES[3]).pixels
    kept = store.add(3, pixels, SAMPLE_STROKES[3])
    assert store.find(pixels) is not None
    store.delete(kept.id)
    assert store.find(pixels) is None
    assert store.add(3, pixels, SAMPLE_STROKES[3]).id == store.find(pixels).id  # kept again, found again


def test_samples_written_by_an_older_version_are_found(tmp_path):
    with_picture = write_as_an_older_version(tmp_path, "20240101-000000-older1", 2, SAMPLE_STROKES[2])
    strokes_only = write_as_an_older_version(tmp_path, "20240101-000000-older2", 7, SAMPLE_STROKES[7], picture=False)
    store = SampleStore(tmp_path)
    assert store.find(with_picture).id == "20240101-000000-older1"
    assert store.find(strokes_only).id == "20240101-000000-older2"
    assert store.find(strokes_to_input(SAMPLE_STROKES[0]).pixels) is None
    assert _json.loads((tmp_path / "2" / "20240101-000000-older1.json").read_text()).keys() == {
        "id", "label", "strokes", "created"
    }, "an older sample's files are left as they are"


def test_an_older_sample_relabelled_is_found_with_its_new_digit(tmp_path):
    pixels = write_as_an_older_version(tmp_path, "20240101-000000-older1", 2, SAMPLE_STROKES[2])
    store = SampleStore(tmp_path)
    store.relabel(store.find(pixels).id, 5)
    assert SampleStore(tmp_path).find(pixels).label == 5
    assert store.find(pixels).label == 5


def test_samples_kept_or_deleted_while_the_index_is_built_are_found_or_not(tmp_path):
    store = SampleStore(tmp_path)
    first = strokes_to_input(SAMPLE_STROKES[0]).pixels
    gone = store.add(0, first, SAMPLE_STROKES[0])
    building = store.index_steps()
    next(building)  # the folder is listed, nothing read yet
    later = strokes_to_input(SAMPLE_STROKES[1]).pixels
    store.add(1, later, SAMPLE_STROKES[1])
    store.delete(gone.id)
    for _ in building:
        pass
    assert store.index_ready()
    assert store.find(later).label == 1 and store.find(first) is None


def test_an_import_on_another_thread_keeps_the_index_up_to_date(tmp_path):
    import threading

    source = SampleStore(tmp_path / "a")
    pixels = strokes_to_input(SAMPLE_STROKES[7]).pixels
    source.add(7, pixels, SAMPLE_STROKES[7])
    source.export_zip(tmp_path / "s.zip")
    store = SampleStore(tmp_path / "b")
    assert store.find(pixels) is None
    importing = threading.Thread(target=store.import_from, args=(tmp_path / "s.zip",))
    importing.start()
    importing.join()
    assert store.find(pixels).label == 7


def test_an_imported_record_cannot_choose_which_picture_it_is_found_by(tmp_path):
    seven = strokes_to_input(SAMPLE_STROKES[7]).pixels
    records = {"1/liar.json": {"id": "liar", "label": 1, "strokes": STROKES_OF_A_1, "levels_sha256": _samples._picture_key(_samples._levels(seven))}}
    store = SampleStore(tmp_path / "store")
    assert store.import_from(_zip_of(tmp_path / "s.zip", records)) == 1
    assert store.find(seven) is None
    assert store.find(strokes_to_input(STROKES_OF_A_1).pixels).id == "liar"


def test_a_hand_edited_key_finds_nothing_wrong(tmp_path):
    store = SampleStore(tmp_path)
    seven = strokes_to_input(SAMPLE_STROKES[7]).pixels
    four = strokes_to_input(SAMPLE_STROKES[4]).pixels
    kept = store.add(4, four, SAMPLE_STROKES[4])
    record_path = tmp_path / "4" / f"{kept.id}.json"
    record = _json.loads(record_path.read_text())
    record["levels_sha256"] = _samples._picture_key(_samples._levels(seven))
    record_path.write_text(_json.dumps(record))
    assert SampleStore(tmp_path).find(seven) is None


def test_counts_follow_adds_relabels_deletes_and_imports(tmp_path):
    store = SampleStore(tmp_path / "store")
    add_all(store, copies=2)
    assert store.counts() == [2, 2, 2, 2, 2, 0, 0, 2, 0, 0]
    one = store.files(1)[0]
    store.relabel(one.id, 8)
    store.delete(store.files(0)[0].id)
    assert store.counts() == [1, 1, 2, 2, 2, 0, 0, 2, 1, 0]
    (tmp_path / "store" / "3" / "broken.json").write_text("{")  # listed, as My samples lists it
    assert sum(store.counts()) == 12
    write_as_an_older_version(tmp_path / "older", "20240101-000000-older1", 2, SAMPLE_STROKES[2])
    store.import_from(tmp_path / "older")
    assert store.counts()[2] == 3


def test_a_stopped_export_writes_nothing(tmp_path):
    store = SampleStore(tmp_path / "store")
    add_all(store, copies=1)
    steps = store.export_steps(tmp_path / "out.zip")
    assert next(steps).total == 6
    steps.close()
    assert not (tmp_path / "out.zip").exists()


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
