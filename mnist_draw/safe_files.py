"""Open only ordinary files, and read no more of them than a digit app needs.

Every file mnist-draw reads from outside (pictures, strokes files, sample
folders and zips, MNIST files, models) passes here first, so that a FIFO, a
device such as ``/dev/zero``, a link that loops or a decompression bomb gives
one plain message at once instead of a hang, an exhausted memory or a
library's error text.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from .wording import Refusal

READ_CHUNK = 1 << 16
ONLY_ORDINARY = "Save what it holds in a file first, and use that file."
# After a read the system failed (a disk or a network folder gone, an input/output error).
TRY_AGAIN = "Check the disk or network folder it is on, then try again."


# The next step a message about a file ends with, when nothing better fits its kind of file.
CHECK_THE_FILE = "Check that it is the right file, or give another."


class FileRefused(Refusal, OSError):
    """The file cannot or will not be read; ``str()`` is a message for the user: what
    happened, then what to do (see :class:`mnist_draw.wording.Refusal`)."""

    unsaid = "The file cannot be read."


def check_regular(path: str | os.PathLike[str]) -> os.stat_result:
    """The file's status, or :class:`FileRefused` unless it is an ordinary file."""
    path = Path(path)
    try:
        status = os.stat(path)
    except OSError as error:
        raise _stat_problem(path, error) from error
    if stat.S_ISDIR(status.st_mode):
        raise FileRefused(f"{path} is a folder, not a file.", "Choose a file in it.")
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(
            f"{path} is not an ordinary file (it is a device, a pipe or a socket); mnist-draw reads only ordinary files.",
            ONLY_ORDINARY,
        )
    return status


# Asking whether a path the user gave is a file or a folder. pathlib's is_file(),
# is_dir() and exists() raise, before Python 3.14, when the system refuses to look
# (a folder on the way this user may not enter, a name longer than the system
# allows), and the user would get a traceback instead of a message. These answer
# False then: the read that follows (open_regular) says why in plain words.


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file (or a link to one); False when it cannot be looked at."""
    return os.path.isfile(path)


def is_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder (or a link to one); False when it cannot be looked at."""
    return os.path.isdir(path)


def exists(path: str | os.PathLike[str]) -> bool:
    """Whether anything is at ``path``; False when it cannot be looked at."""
    return os.path.exists(path)


def refusal(path: str | os.PathLike[str]) -> FileRefused | None:
    """Why the system refuses to look at ``path`` at all (a folder on the way this
    user may not enter, a name too long, a loop), in plain words; None when it can
    be looked at, whether or not anything is there. For a message that would
    otherwise say "not found" of a path that may well be there."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        return _stat_problem(Path(path), error)
    return None


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open an ordinary file for reading in binary; anything else is refused
    without blocking (a FIFO with no writer would otherwise wait for ever)."""
    path = Path(path)
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise _stat_problem(path, error) from error
    try:
        # Checked again on the open file: it may have been swapped since the first look.
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise FileRefused(f"{path} is not an ordinary file; mnist-draw reads only ordinary files.", ONLY_ORDINARY)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bytes(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The whole of an ordinary file of at most ``limit`` bytes."""
    path = Path(path)
    with open_regular(path) as stream:
        try:
            content = stream.read(limit + 1)
        except OSError as error:
            raise FileRefused(f"{path} cannot be read: {error.strerror or error}.", TRY_AGAIN) from error
    if len(content) > limit:
        raise FileRefused(f"{path} is too large for a {what} (over {_size(limit)}); it was not read.", CHECK_THE_FILE)
    return content


def gunzip_lines(stream: BinaryIO, name: str, line_limit: int, total_limit: int) -> Iterator[bytes]:
    """The lines of a gzip stream, refusing a line over ``line_limit`` bytes or a
    whole over ``total_limit`` once unpacked: a small file cannot fill memory."""
    return _lines(_gunzip_chunks(stream, name, total_limit), name, line_limit)


def plain_lines(stream: BinaryIO, name: str, line_limit: int, total_limit: int) -> Iterator[bytes]:
    """The lines of an uncompressed stream, with the same limits as :func:`gunzip_lines`."""

    def chunks() -> Iterator[bytes]:
        done = 0
        while chunk := stream.read(READ_CHUNK):
            done += len(chunk)
            if done > total_limit:
                raise FileRefused(f"{name} is too large (over {_size(total_limit)}); reading stopped there.", CHECK_THE_FILE)
            yield chunk

    return _lines(chunks(), name, line_limit)


def gunzip_bytes(content: bytes, name: str, limit: int) -> bytes:
    """Unpack gzip ``content`` into at most ``limit`` bytes."""
    import io

    return b"".join(_gunzip_chunks(io.BytesIO(content), name, limit))


def writable_problem(folder: str | os.PathLike[str]) -> str | None:
    """Why files cannot be written in ``folder``, or None. A missing folder is
    judged by its nearest existing parent, and nothing is left behind.

    Asked before long work (training) so that it does not run to the end and
    then fail to save.
    """
    folder = Path(folder)
    existing = folder
    try:
        # Only a folder that is not there sends the look to its parent: one the system
        # refuses to look at (a name too long, a folder on the way not to be entered)
        # is reported here, or the parent would pass and the work fail only at its end.
        while not _is_there(existing) and existing.parent != existing:
            existing = existing.parent
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, f"{existing} is a file, not a folder")
        handle, name = tempfile.mkstemp(prefix=".write-check-", dir=existing)
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        reason = error.strerror or str(error)
        # Space is the advice only when space is the reason: a file in the way or a folder
        # without permission is not mended by deleting files.
        full = error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        advice = "Free some space or choose another folder." if full else "Choose a folder you can write to."
        return f"Nothing can be saved in {folder} ({reason}). {advice}"
    return None


def _is_there(path: Path) -> bool:
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def _gunzip_chunks(stream: BinaryIO, name: str, limit: int) -> Iterator[bytes]:
    # wbits 47 reads gzip (and zlib) headers; a file may hold several gzip members in a row.
    decoder = zlib.decompressobj(47)
    in_member = False
    started = False
    done = 0
    while True:
        try:
            raw = stream.read(READ_CHUNK)
        except OSError as error:
            raise FileRefused(f"{name} cannot be read: {error.strerror or error}.", TRY_AGAIN) from error
        if not raw:
            break
        started = True
        while raw:
            in_member = True
            try:
                # At most one chunk more than asked for is unpacked at a time, whatever the ratio.
                out = decoder.decompress(raw, READ_CHUNK)
            except zlib.error as error:
                raise FileRefused(f"{name} is not a valid gzip file, or it is damaged.", CHECK_THE_FILE) from error
            raw = decoder.unconsumed_tail
            if decoder.eof:
                raw = decoder.unused_data  # everything after the member, tail included
                decoder = zlib.decompressobj(47)
                in_member = False
            done += len(out)
            if done > limit:
                raise FileRefused(f"{name} unpacks to more than {_size(limit)}, so it was not read (it may be a zip bomb).", CHECK_THE_FILE)
            if out:
                yield out
    if not started:
        raise FileRefused(f"{name} is empty (0 bytes).", CHECK_THE_FILE)
    if in_member:
        raise FileRefused(f"{name} is truncated: its end is missing.", "Copy or download it again.")


def _lines(chunks: Iterator[bytes], name: str, line_limit: int) -> Iterator[bytes]:
    pending = bytearray()
    number = 1
    for chunk in chunks:
        pending += chunk
        while True:
            end = pending.find(b"\n")
            if end < 0:
                break
            if end > line_limit:
                raise FileRefused(f"{name}: line {number} is longer than {_size(line_limit)}; reading stopped there.", CHECK_THE_FILE)
            yield bytes(pending[: end + 1])
            del pending[: end + 1]
            number += 1
        if len(pending) > line_limit:
            raise FileRefused(f"{name}: line {number} is longer than {_size(line_limit)}; reading stopped there.", CHECK_THE_FILE)
    if pending:
        yield bytes(pending)


def _stat_problem(path: Path, error: OSError) -> FileRefused:
    """Why the system would not let ``path`` be looked at or opened, and what to do about it."""
    if error.errno == errno.ELOOP:
        return FileRefused(f"{path} is a link that leads back to itself (a loop), so it cannot be read.", "Use the file itself.")
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return FileRefused(
                f"{path} is a link to a file that does not exist ({os.readlink(path)}).",
                "Use the file itself, or point the link at where the file is now.",
            )
        return _not_there(path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return FileRefused(
            f"{path} cannot be read: permission denied.", "Copy it to a folder of yours, or ask its owner to let you read it."
        )
    if error.errno == errno.ENOTDIR:
        return FileRefused(f"{path} does not exist: a part of its path is a file, not a folder.", "Check the path.")
    if error.errno == errno.ENAMETOOLONG:
        return FileRefused(
            f"{path} cannot be opened: its name is longer than this system allows.", "Rename it, or move it to a shorter path."
        )
    if error.errno == errno.ENXIO:
        return FileRefused(f"{path} is not an ordinary file; mnist-draw reads only ordinary files.", ONLY_ORDINARY)
    return FileRefused(f"{path} cannot be read: {error.strerror or error}.", TRY_AGAIN)


def _not_there(path: Path) -> FileRefused:
    """"X does not exist." said where it was looked for, and what to check: "missing.png does not
    exist." sent the user looking with no next step, nor the folder a relative name was looked for in."""
    folder = path.parent
    here: Path | None
    try:
        here = Path.cwd()
    except OSError:
        # The current folder deleted under the program: its error escaped as "cannot be read: No such
        # file or directory. Check the disk...", and a relative name cannot be looked for anywhere.
        if not path.is_absolute():
            return FileRefused(f"{path} cannot be found: the current folder no longer exists.", "Give the file's full path.")
        here = None
    if not is_folder(folder):
        where = f"{folder} in {here}" if not path.is_absolute() else str(folder)
        return FileRefused(f"{path} does not exist: there is no folder {where}.", "Check the folder's name.")
    if not path.is_absolute():
        return FileRefused(
            f"{path} does not exist in {here} (the current folder).", "Check the name, or give the file's full path."
        )
    return FileRefused(f"{path} does not exist.", "Check its name and its folder.")


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):.0f} MB"
    if count >= 1 << 10:
        return f"{count / (1 << 10):.0f} KB"
    return f"{count} bytes"
