"""Reading drawings from JSON Lines files, malformed lines included."""

from __future__ import annotations

import gzip
import json
import os

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


def test_a_line_that_is_not_json_says_where_it_goes_wrong_not_the_parsers_words(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"strokes": [[[0, 0], [0, 9]]],}\n')
    assert [d.error for d in read_drawings(path)] == ["line 1: not valid JSON from character 32"]


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


def test_what_a_labelled_reading_leaves_out_is_counted(tmp_path):
    from mnist_draw.data import DataError
    from mnist_draw.strokes_file import read_labelled

    path = tmp_path / "mixed.jsonl"
    stroke = [[[0, 0], [0, 9]]]
    records = [{"label": 7, "strokes": stroke}, {"strokes": stroke}, {"label": "42", "strokes": stroke}]
    path.write_text("\n".join([json.dumps(r) for r in records] + ["{not json", "[]"]))
    digits = read_labelled(path)
    assert [d.label for d in digits.drawings] == [7]
    assert [d.line for d in digits.unreadable] == [4, 5] and digits.unlabelled == 2  # no label, and a number
    numbers = read_labelled(path, numbers=True)
    assert [d.number for d in numbers.drawings] == ["7", "42"] and numbers.unlabelled == 1
    assert issubclass(StrokesFileError, DataError)  # a file that cannot be read is reported like MNIST's


# --- hostile files (issue 11, finding 8) ----------------------------------------------

GOOD = json.dumps({"label": 1, "strokes": [[[0, 0], [0, 9]]]}).encode()


def _errors_of(tmp_path, *lines: bytes) -> list[str | None]:
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines))
    return [d.error for d in read_drawings(path)]


def test_deep_nesting_is_one_bad_line_not_the_end_of_the_file(tmp_path):
    errors = _errors_of(tmp_path, b"[" * 3000 + b"]" * 3000, GOOD)
    assert "nested too deeply" in errors[0] and errors[1] is None


def test_huge_integers_are_one_bad_line_each(tmp_path):
    five_thousand = b'{"strokes": [[[' + b"9" * 5000 + b", 1], [0, 0]]]}"
    four_hundred = b'{"strokes": [[[' + b"9" * 400 + b", 1], [0, 0]]]}"
    errors = _errors_of(tmp_path, five_thousand, four_hundred, GOOD)
    assert errors[0].startswith("line 1:") and errors[1].startswith("line 2:") and errors[2] is None


def test_coordinates_of_1e308_are_refused_not_read_as_a_digit(tmp_path):
    errors = _errors_of(tmp_path, b'{"strokes": [[[1e308, 1e308], [-1e308, -1e308]]]}')
    assert "out of range" in errors[0]


def test_an_extent_of_5e_324_is_a_dot_not_a_crash(tmp_path, classifier):
    from mnist_draw.reading import read_drawing

    path = tmp_path / "tiny.jsonl"
    path.write_text(json.dumps({"strokes": [[[0, 0], [0, 5e-324]]]}))
    reading = read_drawing(classifier, next(read_drawings(path)), str(path))
    assert reading.digit is None and "dot" in reading.reason


def test_a_utf8_bom_does_not_lose_the_first_line(tmp_path):
    assert _errors_of(tmp_path, b"\xef\xbb\xbf" + GOOD, GOOD) == [None, None]


def test_one_latin1_byte_spoils_only_its_own_line(tmp_path):
    errors = _errors_of(tmp_path, GOOD, '{"writer": "caf\xe9", "strokes": []}'.encode("latin-1"), GOOD)
    assert errors[0] is None and "UTF-8" in errors[1] and errors[2] is None


def test_labels_must_be_integers_not_booleans_or_floats(tmp_path):
    errors = _errors_of(tmp_path, b'{"label": true, "strokes": []}', b'{"label": 7.0, "strokes": []}')
    assert all("not a digit" in e for e in errors)


def test_a_gzip_bomb_stops_with_a_message_naming_the_line(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD + b"\n" + b" " * (8 << 20)))
    drawings = []
    with pytest.raises(StrokesFileError, match="line 2 is longer"):
        for drawing in read_drawings(path):
            drawings.append(drawing)
    assert len(drawings) == 1


def test_a_truncated_gzip_is_a_clear_error(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD * 1000)[:-20])
    with pytest.raises(StrokesFileError, match="truncated"):
        list(read_drawings(path))


def test_a_fifo_is_refused_at_once(tmp_path):
    path = tmp_path / "pipe.jsonl"
    os.mkfifo(path)
    with pytest.raises(StrokesFileError, match="not an ordinary file"):
        list(read_drawings(path))
