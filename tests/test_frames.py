"""How many frames or pages a picture file holds, counted without reading it all."""

from __future__ import annotations

import pytest
from PIL import Image, ImageFile

from mnist_draw import frames
from mnist_draw.frames import Frames, count_frames


def _frames(count: int) -> list[Image.Image]:
    return [Image.new("L", (40, 40), 20 * index) for index in range(count)]


@pytest.mark.parametrize("name", ["anim.gif", "anim.png", "anim.webp"])
def test_an_animations_frames_are_counted(tmp_path, name):
    pictures = _frames(5)
    pictures[0].save(tmp_path / name, save_all=True, append_images=pictures[1:])
    assert count_frames(tmp_path / name) == Frames(5)


def test_a_tiffs_pages_are_counted_as_pages(tmp_path):
    pictures = _frames(3)
    pictures[0].save(tmp_path / "scan.tif", save_all=True, append_images=pictures[1:])
    assert count_frames(tmp_path / "scan.tif") == Frames(3, pages=True)


def test_encoded_bytes_are_counted_as_their_file_is(tmp_path):
    pictures = _frames(4)
    pictures[0].save(tmp_path / "anim.gif", save_all=True, append_images=pictures[1:])
    assert count_frames((tmp_path / "anim.gif").read_bytes()) == Frames(4)


@pytest.mark.parametrize("name", ["one.png", "one.gif", "one.tif", "one.jpg"])
def test_a_picture_of_one_frame_has_none_to_count(tmp_path, name):
    Image.new("RGB", (40, 40), "white").save(tmp_path / name)
    assert count_frames(tmp_path / name) is None


def test_a_file_that_is_no_picture_has_none_to_count(tmp_path):
    (tmp_path / "notes.gif").write_text("not a picture")
    assert count_frames(tmp_path / "notes.gif") is None
    assert count_frames(tmp_path / "gone.gif") is None


def test_counting_stops_after_the_most_frames_and_says_there_are_more(tmp_path, monkeypatch):
    monkeypatch.setattr(frames, "MOST", 3)
    pictures = _frames(10)
    pictures[0].save(tmp_path / "anim.gif", save_all=True, append_images=pictures[1:])
    assert count_frames(tmp_path / "anim.gif") == Frames(3, more=True)


def test_a_damaged_later_page_ends_the_count_at_those_found(tmp_path):
    """A TIFF's third page without its dimensions: Pillow's own count raises TypeError."""
    path = tmp_path / "damaged.tif"
    pictures = _frames(3)
    pictures[0].save(path, save_all=True, append_images=pictures[1:])
    opened = Image.open(path)
    opened.seek(2)
    offset = opened._frame_pos[2]  # where the third page's tags begin
    opened.close()
    data = bytearray(path.read_bytes())
    entries = int.from_bytes(data[offset : offset + 2], "little")
    for index in range(entries):
        at = offset + 2 + 12 * index
        if int.from_bytes(data[at : at + 2], "little") in (256, 257):  # ImageWidth, ImageLength
            data[at : at + 2] = (65000 + index).to_bytes(2, "little")  # unknown tags in their place
    path.write_bytes(bytes(data))
    counted = count_frames(path)
    assert counted is not None and counted.count >= 2 and counted.pages


def test_the_command_lines_words_say_which_was_read_and_of_how_many():
    assert frames.first_read(Frames(4)) == "only its first frame of 4 is read"
    assert frames.first_read(Frames(100, more=True)) == "only its first frame of 100 or more is read"
    assert frames.first_read(Frames(3, pages=True)) == "only its first page of 3 is read"


def test_a_gifs_frames_are_counted_from_its_blocks_as_pillow_counts_them(tmp_path):
    """Colour frames, each with its own colour table, and a comment and a loop extension between."""
    colours = ["red", "green", "blue", "yellow", "purple", "orange"]
    pictures = [Image.new("RGB", (30, 20), colour) for colour in colours]
    path = tmp_path / "colours.gif"
    pictures[0].save(path, save_all=True, append_images=pictures[1:], loop=0, comment=b"made for a test", duration=40)
    assert count_frames(path) == Frames(Image.open(path).n_frames) == Frames(6)


def test_a_gif_cut_short_counts_the_frames_found_and_says_there_may_be_more(tmp_path):
    pictures = _frames(6)
    pictures[0].save(tmp_path / "anim.gif", save_all=True, append_images=pictures[1:])
    data = (tmp_path / "anim.gif").read_bytes()
    (tmp_path / "cut.gif").write_bytes(data[: len(data) * 2 // 3])
    counted = count_frames(tmp_path / "cut.gif")
    assert counted is not None and 2 <= counted.count < 6 and counted.more


@pytest.mark.parametrize("name", ["anim.gif", "scan.tif", "anim.png"])
def test_damaged_files_never_make_counting_fail(tmp_path, name):
    import random

    pictures = _frames(4)
    pictures[0].save(tmp_path / name, save_all=True, append_images=pictures[1:])
    content = (tmp_path / name).read_bytes()
    chance = random.Random(7)
    for _ in range(60):
        damaged = bytearray(content)
        for _ in range(8):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        counted = count_frames(bytes(damaged[: chance.randrange(1, len(damaged) + 1)]))
        assert counted is None or counted.count >= 2


def test_an_apngs_frames_are_counted_from_its_header_without_decoding_them(tmp_path, monkeypatch):
    """Seeking an APNG decodes each frame passed: two large frames ran out of counting's time
    and were "2 or more". With no time at all to count, the header's count still stands."""
    monkeypatch.setattr(frames, "SECONDS", -1.0)
    pictures = _frames(2)
    pictures[0].save(tmp_path / "anim.png", save_all=True, append_images=pictures[1:])
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("a frame was decoded to count them"))
    assert count_frames(tmp_path / "anim.png") == Frames(2)


def test_a_header_declaring_more_than_the_most_frames_says_there_are_more(tmp_path, monkeypatch):
    monkeypatch.setattr(frames, "MOST", 3)
    pictures = _frames(5)
    pictures[0].save(tmp_path / "anim.webp", save_all=True, append_images=pictures[1:])
    assert count_frames(tmp_path / "anim.webp") == Frames(3, more=True)
