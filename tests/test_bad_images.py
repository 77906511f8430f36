"""Every kind of bad picture a user may drop in gets a clear message, never a traceback."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw

from mnist_draw.preprocess import ImageError, image_to_input


def good_png_bytes() -> bytes:
    picture = Image.new("L", (120, 120), 255)
    ImageDraw.Draw(picture).line([(30, 20), (90, 20), (50, 100)], fill=0, width=10)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def huge_png(path, side: int = 30_000) -> None:
    """A real, valid 1-bit PNG of side x side pixels, streamed so it costs little memory."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def expect_message(source, *words: str) -> str:
    with pytest.raises(ImageError) as caught:
        image_to_input(source)
    message = str(caught.value)
    for word in words:
        assert word.lower() in message.lower(), message
    assert "Traceback" not in message
    return message


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    expect_message(path, "empty")


def test_empty_bytes():
    expect_message(b"", "empty")


def test_truncated_png(tmp_path):
    path = tmp_path / "cut.png"
    path.write_bytes(good_png_bytes()[:200])
    expect_message(path, "damaged")


def test_truncated_jpeg(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), "white").save(buffer, format="JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    expect_message(path, "damaged")


def test_text_file_named_png(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture\n")
    expect_message(path, "notes.png", "not an image")


def test_svg_is_refused_with_advice(tmp_path):
    path = tmp_path / "digit.svg"
    path.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L9 9"/></svg>')
    expect_message(path, "SVG", "PNG")


def test_directory(tmp_path):
    expect_message(tmp_path, "folder")


def test_missing_path(tmp_path):
    expect_message(tmp_path / "nowhere.png", "does not exist")


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    path = tmp_path / "huge.png"
    huge_png(path)
    expect_message(path, "too large")


def test_one_pixel_image_is_nothing_to_read(tmp_path):
    path = tmp_path / "pixel.png"
    Image.new("L", (1, 1), 0).save(path)
    assert image_to_input(path).is_blank


@pytest.mark.parametrize("shade", [0, 255, 128])
def test_plain_images_are_nothing_to_read(tmp_path, shade):
    path = tmp_path / "plain.png"
    Image.new("L", (200, 200), shade).save(path)
    result = image_to_input(path)
    assert result.is_blank and "blank" in result.reason


def test_a_dot_on_paper_is_nothing_to_read():
    picture = Image.new("L", (400, 400), 255)
    ImageDraw.Draw(picture).ellipse((200, 200, 206, 206), fill=0)
    assert image_to_input(picture).is_blank


def test_fully_transparent_image_is_nothing_to_read():
    assert image_to_input(Image.new("RGBA", (100, 100), (0, 0, 0, 0))).is_blank


def test_odd_arrays_are_refused():
    expect_message(np.zeros((0, 5)), "not an image")
    expect_message(np.zeros((5, 5, 7)), "channels")
    expect_message(np.full((5, 5), np.nan), "finite")


def test_an_unconvertible_colour_mode_is_a_clear_error_or_read(tmp_path):
    lightness = Image.new("L", (120, 120), 255)
    ImageDraw.Draw(lightness).line([(60, 10), (60, 110)], fill=0, width=12)
    grey = Image.new("L", (120, 120), 128)
    path = tmp_path / "lab.tif"
    Image.merge("LAB", [lightness, grey, grey]).save(path)
    assert not image_to_input(path).is_blank


# --- hostile files (issue 11, findings 7, 9, 10 and 12) --------------------------------


def _damaged_multipage_tiff() -> bytes:
    """A three-page TIFF whose third page lacks its dimensions: counting its frames
    raises TypeError in Pillow, while its first page is whole."""
    pages = [Image.fromarray(np.full((40, 40), 60 * i, np.uint8)) for i in range(3)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    data = bytearray(buffer.getvalue())
    third = Image.open(io.BytesIO(bytes(data)))
    third.seek(2)
    offset = third._frame_pos[2]  # where the third page's tags begin
    count = struct.unpack_from("<H", data, offset)[0]
    for entry in range(count):  # rename its width and height tags so they are missing
        where = offset + 2 + 12 * entry
        if struct.unpack_from("<H", data, where)[0] in (256, 257):
            struct.pack_into("<H", data, where, 65000 + entry)
    return bytes(data)


def test_a_damaged_multipage_tiff_reads_its_first_page(tmp_path):
    path = tmp_path / "pages.tif"
    path.write_bytes(_damaged_multipage_tiff())
    with pytest.raises(TypeError):
        Image.open(path).n_frames  # the damage is real
    result = image_to_input(path)  # no TypeError: the frames are not counted
    assert result.reason is not None or result.pixels is not None


def test_frames_of_an_animation_are_never_counted(tmp_path):
    from mnist_draw.preprocess import load_image

    path = tmp_path / "many.gif"
    frames = [Image.new("L", (8, 8), 255 * (i % 2)) for i in range(200)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    opened = Image.open(path)
    load_image(opened)
    assert opened._n_frames is None  # counting reads the whole file: a million frames took 6 s


def test_a_mode_f_tiff_with_a_nan_pixel_still_reads_its_digit(tmp_path, classifier):
    values = np.zeros((100, 100), np.float32)
    values[15:85, 45:55] = 1.0
    values[0, 0] = np.nan
    path = tmp_path / "nan.tif"
    Image.fromarray(values, mode="F").save(path)
    prepared = image_to_input(path)
    assert prepared.pixels is not None
    assert int(classifier.predict(prepared.pixels).argmax()) == 1


def test_a_fifo_is_refused_at_once(tmp_path):
    import os

    path = tmp_path / "pipe.png"
    os.mkfifo(path)
    with pytest.raises(ImageError, match="not an ordinary file"):
        image_to_input(path)


def test_dev_zero_is_named_for_what_it_is_not_called_empty(tmp_path):
    path = tmp_path / "zero.png"
    path.symlink_to("/dev/zero")
    with pytest.raises(ImageError, match="not an ordinary file"):
        image_to_input(path)


def test_a_symlink_loop_is_named_a_loop(tmp_path):
    path = tmp_path / "loop.png"
    path.symlink_to(path)
    with pytest.raises(ImageError, match="loop"):
        image_to_input(path)


def test_the_bomb_message_is_plain_words_not_pillows(tmp_path):
    path = tmp_path / "huge.png"
    huge_png(path, side=20_000)  # between Pillow's warning and error limits
    with pytest.raises(ImageError) as caught:
        image_to_input(path)
    assert "too large" in str(caught.value) and "DOS" not in str(caught.value)
