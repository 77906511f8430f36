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
