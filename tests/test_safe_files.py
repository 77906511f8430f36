"""Only ordinary files are read, never more than a digit app needs (issue 11, findings 4, 7, 11, 12)."""

from __future__ import annotations

import gzip
import io
import os

import pytest

from mnist_draw import safe_files
from mnist_draw.safe_files import FileRefused


def test_an_ordinary_file_is_read(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(b"digits")
    assert safe_files.read_bytes(path, 100) == b"digits"


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(FileRefused, match="not an ordinary file"):
        safe_files.read_bytes(path, 100)


def test_dev_zero_is_refused_as_a_device_not_called_empty():
    with pytest.raises(FileRefused) as caught:
        safe_files.read_bytes("/dev/zero", 100)
    assert "device" in str(caught.value) and "empty" not in str(caught.value)


def test_a_symlink_loop_is_called_a_loop_not_missing(tmp_path):
    path = tmp_path / "loop"
    path.symlink_to(path)
    with pytest.raises(FileRefused, match="loop"):
        safe_files.read_bytes(path, 100)


def test_a_dangling_link_says_where_it_leads(tmp_path):
    path = tmp_path / "link"
    path.symlink_to(tmp_path / "gone")
    with pytest.raises(FileRefused, match="link to a file that does not exist") as caught:
        safe_files.read_bytes(path, 100)
    assert f"({tmp_path / 'gone'})" in str(caught.value)
    assert caught.value.to_do == "Use the file itself, or point the link at where the file is now."


def test_a_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "big"
    path.write_bytes(bytes(1000))
    with pytest.raises(FileRefused, match="too large"):
        safe_files.read_bytes(path, 999)


def test_a_gzip_bomb_stops_at_the_limit():
    bomb = gzip.compress(bytes(64 << 20))  # 64 MB of zeros in about 64 KB
    with pytest.raises(FileRefused, match="zip bomb"):
        safe_files.gunzip_bytes(bomb, "bomb.gz", 1 << 20)


def test_gzip_lines_are_read_across_members_and_a_long_line_is_named():
    content = gzip.compress(b"one\ntwo\n") + gzip.compress(b"three\n")
    assert list(safe_files.gunzip_lines(io.BytesIO(content), "x.gz", 100, 1000)) == [b"one\n", b"two\n", b"three\n"]
    with pytest.raises(FileRefused, match="line 2 is longer"):
        list(safe_files.gunzip_lines(io.BytesIO(gzip.compress(b"ok\n" + b"x" * 500)), "x.gz", 100, 1000))


def test_a_folder_that_cannot_be_written_is_found_before_the_work(tmp_path):
    # A file where a folder should be: nothing can be saved, whoever runs the test (root too).
    blocker = tmp_path / "in-the-way"
    blocker.write_text("a file, not a folder")
    assert safe_files.writable_problem(blocker / "run") == (
        f"Nothing can be saved in {blocker / 'run'} ({blocker} is a file, not a folder). Choose a folder you can write to."
    )  # not "Free some space": deleting files would not help
    assert safe_files.writable_problem(tmp_path / "fine") is None


def test_training_into_a_read_only_folder_fails_at_once(tmp_path):
    from mnist_draw.cli import main

    target = tmp_path / "file-not-folder"
    target.write_text("in the way")  # a file where the output folder should be: nothing can be saved
    assert main(["train", "--output", str(target / "run"), "--progress", "none"]) == 1


TOO_LONG_NAME = "x" * 300  # one name over the 255 bytes file systems allow: stat() refuses to look


def test_a_name_the_system_refuses_to_look_at_is_no_file_and_no_folder_not_an_error(tmp_path):
    path = tmp_path / TOO_LONG_NAME
    assert not safe_files.is_file(path) and not safe_files.is_folder(path) and not safe_files.exists(path)


def test_a_refusal_to_look_is_told_in_plain_words_and_a_missing_path_is_none(tmp_path):
    assert "longer than this system allows" in str(safe_files.refusal(tmp_path / TOO_LONG_NAME))
    assert safe_files.refusal(tmp_path / "missing") is None
    assert safe_files.refusal(tmp_path) is None
    with pytest.raises(FileRefused, match="longer than this system allows"):
        safe_files.read_bytes(tmp_path / TOO_LONG_NAME, 100)


def test_an_output_folder_whose_name_is_too_long_is_found_before_the_work_not_judged_by_its_parent(tmp_path):
    assert "Nothing can be saved" in safe_files.writable_problem(tmp_path / TOO_LONG_NAME / "run")


# --- every refusal says what happened, then what to do ------------------------------------


def refused(path) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        safe_files.read_bytes(path, 100)
    return caught.value


def test_a_missing_file_named_from_the_current_folder_says_where_it_was_looked_for_and_to_give_a_full_path(tmp_path, monkeypatch):
    # "missing.png does not exist." left the user with no next step, nor the folder it was looked for in.
    monkeypatch.chdir(tmp_path)
    error = refused("missing.png")
    assert str(error) == f"missing.png does not exist in {tmp_path} (the current folder). Check the name, or give the file's full path."


def test_a_missing_file_in_a_missing_folder_names_the_folder_that_is_not_there(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert str(refused("photos/seven.png")) == (
        f"photos/seven.png does not exist: there is no folder photos in {tmp_path}. Check the folder's name."
    )
    assert str(refused(tmp_path / "photos" / "seven.png")).endswith(f"there is no folder {tmp_path / 'photos'}. Check the folder's name.")


def test_a_relative_name_after_the_current_folder_was_deleted_says_so_and_to_give_a_full_path(tmp_path, monkeypatch):
    # It said "missing.png cannot be read: No such file or directory. Check the disk or network folder...".
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert str(refused("missing.png")) == "missing.png cannot be found: the current folder no longer exists. Give the file's full path."
    assert str(refused(tmp_path / "seven.png")) == f"{tmp_path / 'seven.png'} does not exist. Check its name and its folder."


def test_a_missing_file_given_by_its_full_path_says_to_check_its_name_and_folder(tmp_path):
    assert str(refused(tmp_path / "seven.png")) == f"{tmp_path / 'seven.png'} does not exist. Check its name and its folder."


def test_a_path_through_a_file_says_a_part_of_it_is_not_a_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")
    error = refused(tmp_path / "notes.txt" / "seven.png")
    assert error.what.endswith("a part of its path is a file, not a folder.") and error.to_do == "Check the path."


@pytest.mark.parametrize(
    "make",
    ["missing", "folder", "loop", "dangling", "fifo", "device", "too long a name", "path through a file", "too large"],
)
def test_every_refusal_of_a_file_says_what_to_do_next(tmp_path, make):
    path = tmp_path / "thing"
    if make == "folder":
        path.mkdir()
    elif make == "loop":
        path.symlink_to(path)
    elif make == "dangling":
        path.symlink_to(tmp_path / "gone")
    elif make == "fifo":
        os.mkfifo(path)
    elif make == "device":
        path = "/dev/zero"
    elif make == "too long a name":
        path = tmp_path / TOO_LONG_NAME
    elif make == "path through a file":
        path.write_text("x")
        path = path / "inner"
    elif make == "too large":
        path.write_bytes(bytes(1000))
    error = refused(path)
    assert error.what.endswith(".") and error.to_do.endswith(".") and error.to_do[0].isupper()
    assert str(error) == f"{error.what} {error.to_do}"


def test_a_caller_puts_what_it_did_not_do_and_where_the_path_came_from_before_the_next_step(tmp_path):
    error = safe_files.refusal(tmp_path / TOO_LONG_NAME)
    told = error.told("MNIST was not loaded.", given="from --data")
    assert told.endswith("longer than this system allows (from --data). MNIST was not loaded. Rename it, or move it to a shorter path.")
    assert error.told() == str(error)
