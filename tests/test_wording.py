"""Wording shared by the window and the command line."""

from __future__ import annotations

from mnist_draw.wording import count_of, file_error, plural, system_reason


def test_a_count_takes_the_noun_that_goes_with_it():
    assert plural(1, "number") == "1 number"
    assert plural(0, "digit") == "0 digits" and plural(10_000, "digit") == "10,000 digits"
    assert plural(2, "box", "boxes") == "2 boxes"
    assert count_of(1, 2) == "1 of 2"


def test_a_file_error_is_the_systems_reason_and_the_file_without_python_s_form(tmp_path):
    try:
        open(tmp_path, "wb")  # a folder cannot be written as a file
    except OSError as error:
        caught = error
    assert file_error(caught) == f"{caught.strerror} ({tmp_path})"
    assert "Errno" not in file_error(caught)


def test_a_file_error_without_a_reason_gets_a_plain_one():
    assert file_error(OSError("something deep inside a library")) == "a file could not be read or written"


def test_the_systems_reason_reads_as_a_phrase_in_brackets():
    assert system_reason(PermissionError(13, "Permission denied", "/x")) == "permission denied"
    assert system_reason(OSError("deep inside a library")) == "the system refused"
