"""Small pieces of wording shared by the window and the command line."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun that goes with it: "1 sample", "2 samples", "0 samples"."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def count_of(correct: int, total: int) -> str:
    """A score on a few items, as counted, without a precision they do not have: "1 of 2"."""
    return f"{correct:,} of {total:,}"


def file_error(error: OSError) -> str:
    """A file error in plain words: the system's reason and the file it concerns,
    never Python's ``[Errno 13] ...`` form or a library's own text."""
    reason = error.strerror or "a file could not be read or written"
    return f"{reason} ({error.filename})" if error.filename else reason


def system_reason(error: OSError) -> str:
    """The system's reason for a file error, as a phrase to put in brackets: "permission denied"."""
    reason = (error.strerror or "").strip().rstrip(".")
    return reason[:1].lower() + reason[1:] if reason else "the system refused"
