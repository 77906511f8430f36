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


class Refusal(Exception):
    """Something the user gave was refused, in words for the user: ``what`` happened (a
    sentence), then ``to_do``, what the user can do about it (a sentence, or ""). ``str()``
    gives both; a caller that adds what became of its work ("The drawing is unchanged.")
    puts it between them (:meth:`told`), so that what was kept is said before what to do,
    by every caller alike. Mixed into the exception type a caller catches
    (``preprocess.ImageError``, a ValueError; ``safe_files.FileRefused``, an OSError)."""

    unsaid = ""  # what ``str()`` gives when there are no words at all

    def __init__(self, what: str, to_do: str = "") -> None:
        # One argument up: OSError takes two as an errno and its text.
        super().__init__(what)
        self.what, self.to_do = what, to_do
        self.args = (what, to_do)  # copied or pickled, it keeps its next step

    def __str__(self) -> str:
        return self.told() or self.unsaid

    def told(self, outcome: str = "", given: str = "") -> str:
        """What happened, ``outcome`` (what was kept or not done), then what to do; where the
        path was ``given`` ("from --data"), that after what happened to it."""
        what = f"{self.what.rstrip('.')} ({given})." if given else self.what
        return " ".join(part for part in (what, outcome, self.to_do) if part)
