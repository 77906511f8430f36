"""The pendigits files of a training run, read before training starts."""

from __future__ import annotations

import gzip
import json

import pytest

from mnist_draw import data
from mnist_draw.data import DataError
from mnist_draw.pendigits import load_pendigits
from mnist_draw.strokes_file import StrokesFileError


def test_both_parts_are_read_whole_from_beside_mnist(mnist_dir, monkeypatch):
    monkeypatch.delenv(data.PENDIGITS_ENV_VAR, raising=False)
    pen = load_pendigits(None, str(mnist_dir))
    assert (len(pen.train), len(pen.test)) == (7494, 3498)
    assert pen.train[0].writer.startswith("pendigits-train-") and pen.test[0].writer.startswith("pendigits-test-")


def test_without_pendigits_a_run_has_none_and_says_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(data.PENDIGITS_ENV_VAR, raising=False)
    pen = load_pendigits(None, str(tmp_path / "mnist"))
    assert pen.train is None and pen.test is None


def test_a_training_file_of_ones_own_is_read_and_no_test_set_is_made_of_it(tmp_path):
    own = tmp_path / "mine.jsonl"
    own.write_text(json.dumps({"label": 4, "strokes": [[[0, 0], [0, 9]]]}) + "\n")
    pen = load_pendigits(str(own), None)
    assert [d.label for d in pen.train] == [4] and pen.test is None


def test_a_damaged_test_file_is_refused_with_the_train_file_whole(tmp_path, pendigits_train_file):
    folder = tmp_path / "pen"
    folder.mkdir()
    (folder / "pendigits-train.jsonl.gz").write_bytes(pendigits_train_file.read_bytes())
    (folder / "pendigits-test.jsonl.gz").write_bytes(b"not gzip at all")
    with pytest.raises(StrokesFileError) as caught:
        load_pendigits(folder, None)
    assert isinstance(caught.value, DataError) and "pendigits-test.jsonl.gz" in str(caught.value)


def test_a_file_without_one_labelled_drawing_is_refused(tmp_path):
    folder = tmp_path / "pen"
    folder.mkdir()
    for part in ("train", "test"):
        with gzip.open(folder / f"pendigits-{part}.jsonl.gz", "wt") as stream:
            stream.write(json.dumps({"strokes": [[[0, 0], [0, 9]]]}) + "\n")  # no label
    with pytest.raises(DataError, match="pendigits-train.jsonl.gz holds no labelled drawing"):
        load_pendigits(folder, None)
