"""Reading drawings from JSON Lines files, malformed lines included."""

from __future__ import annotations

import gzip
import json

import pytest

from mnist_draw.strokes_file import StrokesFileError, load_labelled, read_drawings


def test_pendigits_test_file_reads_completely(pendigits_test_file):
    drawings = load_labelled(pendigits_test_file)
    assert len(drawings) == 3498
    assert all(d.writer.startswith("pendigits-test-") for d in drawings)


def test_malformed_line_is_reported_with_its_number_and_others_still_read(tmp_path):
    path = tmp_path / "d.jsonl"
    good = json.dumps({"strokes": [[[0, 0], [0, 9]]]})
    path.write_text("\n".join([good, "{not json", good, '{"label": 3}', json.dumps({"label": 12, "strokes": []})]))
    drawings = list(read_drawings(path))
    assert [d.line for d in drawings] == [1, 2, 3, 4, 5]
    assert drawings[0].error is None and drawings[2].error is None
    assert drawings[1].error.startswith("line 2:")
    assert "strokes" in drawings[3].error
    assert "label" in drawings[4].error


def test_gzipped_files_are_read(tmp_path):
    path = tmp_path / "d.jsonl.gz"
    with gzip.open(path, "wt") as stream:
        stream.write(json.dumps({"label": 1, "strokes": [[[0, 0], [0, 5]]]}) + "\n")
    assert load_labelled(path)[0].label == 1


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(StrokesFileError, match="does not exist"):
        list(read_drawings(tmp_path / "none.jsonl"))


def test_a_number_label_is_a_string_of_digits(tmp_path):
    from mnist_draw.strokes_file import load_labelled_numbers

    path = tmp_path / "numbers.jsonl"
    stroke = [[[0, 0], [0, 9]]]
    records = [{"label": "4217", "strokes": stroke}, {"label": 7, "strokes": stroke}, {"label": "3", "strokes": stroke}]
    path.write_text("\n".join(json.dumps(r) for r in records + [{"label": "42a", "strokes": stroke}, {"label": "", "strokes": stroke}]))
    drawings = list(read_drawings(path))
    assert [d.number for d in drawings[:3]] == ["4217", "7", "3"]
    assert [d.label for d in drawings[:3]] == [None, 7, 3]  # a single-digit reader sees only single digits
    assert "label" in drawings[3].error and "label" in drawings[4].error
    assert [d.number for d in load_labelled_numbers(path)] == ["4217", "7", "3"]
    assert [d.label for d in load_labelled(path)] == [7, 3]
