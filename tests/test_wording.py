"""Wording shared by the window and the command line."""

from __future__ import annotations

from mnist_draw.wording import Refusal, count_of, file_error, plural, system_reason


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


def test_a_refusal_says_what_happened_what_was_kept_then_what_to_do():
    refusal = Refusal("notes.png is not a picture.", "Open a PNG or JPEG file.")
    assert str(refusal) == "notes.png is not a picture. Open a PNG or JPEG file."
    assert refusal.told("The drawing is unchanged.") == "notes.png is not a picture. The drawing is unchanged. Open a PNG or JPEG file."
    assert refusal.told("Nothing was loaded.", given="from --data") == (
        "notes.png is not a picture (from --data). Nothing was loaded. Open a PNG or JPEG file."
    )


def test_both_refusals_keep_their_exception_types_and_their_next_step_when_copied():
    import pickle

    from mnist_draw.preprocess import ImageError
    from mnist_draw.safe_files import FileRefused

    for refusal, kind in ((ImageError("It is no picture.", "Open another."), ValueError), (FileRefused("It is a folder.", "Choose a file."), OSError)):
        assert isinstance(refusal, kind) and isinstance(refusal, Refusal)
        copied = pickle.loads(pickle.dumps(refusal))
        assert type(copied) is type(refusal) and (copied.what, copied.to_do) == (refusal.what, refusal.to_do)
        assert str(copied) == str(refusal)
    assert FileRefused("It is a folder.").errno is None  # one argument to OSError: no errno made of the words
    assert str(FileRefused("")) == "The file cannot be read."
