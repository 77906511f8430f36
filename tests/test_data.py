"""Loading MNIST from IDX files or mnist.npz, and clear errors when it cannot be."""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from mnist_draw import data
from mnist_draw.data import DataError, find_data, load_from, load_mnist, read_idx


def write_idx_set(folder, count: int = 5, gz: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    images = (np.arange(count * 784) % 256).astype(np.uint8).reshape(count, 28, 28)
    labels = (np.arange(count) % 10).astype(np.uint8)
    for prefix in ("train", "t10k"):
        image_bytes = struct.pack(">IIII", 2051, count, 28, 28) + images.tobytes()
        label_bytes = struct.pack(">II", 2049, count) + labels.tobytes()
        for name, payload in ((f"{prefix}-images-idx3-ubyte", image_bytes), (f"{prefix}-labels-idx1-ubyte", label_bytes)):
            if gz:
                with gzip.open(folder / f"{name}.gz", "wb") as stream:
                    stream.write(payload)
            else:
                (folder / name).write_bytes(payload)


def test_real_mnist_loads_with_its_known_sizes(mnist):
    assert mnist.train.images.shape == (60000, 28, 28)
    assert mnist.test.images.shape == (10000, 28, 28)
    assert mnist.train.images.dtype == np.uint8
    assert set(np.unique(mnist.test.labels)) == set(range(10))


@pytest.mark.parametrize("gz", [True, False])
def test_idx_folder_gzipped_or_not(tmp_path, gz):
    write_idx_set(tmp_path / "m", gz=gz)
    loaded = load_from(tmp_path / "m")
    assert len(loaded.train) == 5 and list(loaded.test.labels) == [0, 1, 2, 3, 4]


def test_keras_npz_file_and_folder(tmp_path):
    images = np.zeros((3, 28, 28), np.uint8)
    labels = np.array([1, 2, 3], np.uint8)
    np.savez(tmp_path / "mnist.npz", x_train=images, y_train=labels, x_test=images, y_test=labels)
    assert len(load_from(tmp_path / "mnist.npz").train) == 3
    assert len(load_from(tmp_path).test) == 3


def test_environment_variable_points_at_the_data(tmp_path, monkeypatch):
    write_idx_set(tmp_path / "m")
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "m"))
    assert find_data() == tmp_path / "m"
    assert len(load_mnist().train) == 5


def test_explicit_location_wins_over_the_environment(tmp_path, monkeypatch):
    write_idx_set(tmp_path / "a")
    write_idx_set(tmp_path / "b", count=7)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "a"))
    assert len(load_mnist(tmp_path / "b").train) == 7


def test_nothing_found_offline_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setattr(data, "KERAS_CACHE", tmp_path / "no-cache" / "mnist.npz")
    with pytest.raises(DataError) as caught:
        load_mnist()
    message = str(caught.value)
    assert "no-cache" in message and "--data" in message and data.ENV_VAR in message


def test_a_wrong_folder_is_named(tmp_path):
    with pytest.raises(DataError, match="No MNIST files at"):
        load_mnist(tmp_path)


def test_truncated_idx_names_the_file(tmp_path):
    write_idx_set(tmp_path, gz=False)
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DataError, match="train-images-idx3-ubyte is truncated"):
        load_from(tmp_path)


def test_truncated_gzip_names_the_file(tmp_path):
    write_idx_set(tmp_path)
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:12])
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte.gz"):
        load_from(tmp_path)


def test_labels_file_in_place_of_images_is_caught(tmp_path):
    write_idx_set(tmp_path, gz=False)
    with pytest.raises(DataError, match="magic number"):
        read_idx(tmp_path / "train-labels-idx1-ubyte", 2051)


def test_damaged_npz_is_reported(tmp_path):
    (tmp_path / "mnist.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError, match="mnist.npz"):
        load_from(tmp_path / "mnist.npz")


def serve(folder, monkeypatch):
    """A loopback HTTP server for ``folder``, as the internet would serve mnist.npz."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_download_saves_a_verified_npz_and_reports_progress(tmp_path):
    import hashlib

    source = tmp_path / "site"
    source.mkdir()
    images = np.zeros((2, 28, 28), np.uint8)
    np.savez(source / "mnist.npz", x_train=images, y_train=np.array([1, 2], np.uint8), x_test=images, y_test=np.array([3, 4], np.uint8))
    digest = hashlib.sha256((source / "mnist.npz").read_bytes()).hexdigest()
    server = serve(source, None)
    try:
        seen = []
        target = tmp_path / "cache" / "mnist.npz"
        url = f"http://127.0.0.1:{server.server_port}/mnist.npz"
        data.download_mnist(lambda done, total: seen.append((done, total)), url, digest, target)
        assert seen[-1][0] == seen[-1][1] == target.stat().st_size
        assert list(load_from(target).test.labels) == [3, 4]
        with pytest.raises(DataError, match="checksum"):
            data.download_mnist(None, url, "0" * 64, tmp_path / "other.npz")
        assert not (tmp_path / "other.npz").exists()
    finally:
        server.shutdown()


def test_download_offline_explains_where_to_point(tmp_path):
    with pytest.raises(DataError, match="download .* failed") as caught:
        data.download_mnist(None, "http://127.0.0.1:9/mnist.npz", data.MNIST_SHA256, tmp_path / "m.npz")
    assert data.ENV_VAR in str(caught.value)


# --- hostile files (issue 11, findings 4, 9, 10 and 12) --------------------------------


def _npz(path, **overrides):
    arrays = {
        "x_train": np.zeros((3, 28, 28), np.uint8),
        "y_train": np.array([0, 1, 2], np.uint8),
        "x_test": np.zeros((2, 28, 28), np.uint8),
        "y_test": np.array([3, 4], np.uint8),
    }
    arrays.update(overrides)
    np.savez(path, **arrays)
    return path


def test_an_idx_header_whose_dimensions_overflow_is_a_plain_error(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    # 2**21 * 2**21 * 2**22 = 2**64: zero in numpy's int64, an honest 2**64 in Python's integers.
    path.write_bytes(struct.pack(">IIII", 2051, 1 << 21, 1 << 21, 1 << 22) + bytes(100))
    with pytest.raises(DataError, match="truncated"):
        read_idx(path, 2051)


@pytest.mark.parametrize(
    "labels", [np.array([-1, 1], np.int64), np.array(["3", "4"])], ids=["label -1", "string labels"]
)
def test_npz_labels_that_are_not_digits_are_refused(tmp_path, labels):
    with pytest.raises(DataError, match="labels"):
        load_from(_npz(tmp_path / "m.npz", y_test=labels))


@pytest.mark.parametrize("fill", [0.5, np.nan])
def test_float_or_nan_images_are_refused_not_cast_to_bytes(tmp_path, fill):
    with pytest.raises(DataError, match="decimal numbers"):
        load_from(_npz(tmp_path / "m.npz", x_test=np.full((2, 28, 28), fill, np.float32)))


def test_an_empty_npz_is_refused_rather_than_scored_0_of_0(tmp_path):
    empty = {"x_test": np.zeros((0, 28, 28), np.uint8), "y_test": np.zeros((0,), np.uint8)}
    with pytest.raises(DataError, match="no digits"):
        load_from(_npz(tmp_path / "m.npz", **empty))


def test_random_bytes_as_npz_do_not_mention_pickles(tmp_path):
    path = tmp_path / "m.npz"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(DataError) as caught:
        load_from(path)
    assert "pickle" not in str(caught.value) and "not a .npz" in str(caught.value)


def test_an_idx_gzip_bomb_stops_before_filling_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "MAX_FILE_BYTES", 1 << 20)
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(bytes(8 << 20)))
    with pytest.raises(DataError, match="zip bomb"):
        read_idx(path, 2051)


def test_a_link_to_dev_zero_is_refused_at_once(tmp_path):
    path = tmp_path / "mnist.npz"
    path.symlink_to("/dev/zero")
    with pytest.raises(DataError, match="not an ordinary file"):
        load_from(path)


# --- where pendigits is found ------------------------------------------------------------


def _pendigits_folder(folder, parts=("train", "test")):
    folder.mkdir(parents=True, exist_ok=True)
    for part in parts:
        with gzip.open(folder / f"pendigits-{part}.jsonl.gz", "wt") as stream:
            stream.write('{"label": 1, "strokes": [[[0, 0], [0, 9]]]}\n')
    return folder


def test_pendigits_is_found_beside_the_mnist_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(data.PENDIGITS_ENV_VAR, raising=False)
    pen = _pendigits_folder(tmp_path / "pendigits")
    assert data.find_pendigits(None, str(tmp_path / "mnist"), "test") == pen / "pendigits-test.jsonl.gz"
    assert data.find_pendigits(None, str(tmp_path / "elsewhere" / "mnist"), "train") is None


def test_an_explicit_pendigits_folder_or_file_gives_both_parts(tmp_path):
    pen = _pendigits_folder(tmp_path / "pen")
    for given in (pen, pen / "pendigits-train.jsonl.gz", pen / "pendigits-test.jsonl.gz"):
        assert data.find_pendigits(str(given), None, "train") == pen / "pendigits-train.jsonl.gz"
        assert data.find_pendigits(str(given), None, "test") == pen / "pendigits-test.jsonl.gz"


def test_an_explicit_pendigits_location_that_is_wrong_is_an_error_not_another_place(tmp_path, monkeypatch):
    """Issue: --pendigits WRONG fell through to $MNIST_DRAW_PENDIGITS or the folder beside MNIST, silently."""
    _pendigits_folder(tmp_path / "pendigits")  # beside MNIST, where it would have been found instead
    monkeypatch.setenv(data.PENDIGITS_ENV_VAR, str(tmp_path / "pendigits"))
    mnist_location = str(tmp_path / "mnist")
    with pytest.raises(DataError, match=r"There is no file or folder at .*typo \(from --pendigits\)"):
        data.find_pendigits(str(tmp_path / "typo"), mnist_location, "train")
    half = _pendigits_folder(tmp_path / "half", parts=("train",))
    assert data.find_pendigits(str(half), mnist_location, "train") == half / "pendigits-train.jsonl.gz"
    with pytest.raises(DataError, match=r"There is no pendigits-test.jsonl.gz in .*half \(from --pendigits\)"):
        data.find_pendigits(str(half), mnist_location, "test")
    with pytest.raises(DataError, match=r"no pendigits-test.jsonl.gz beside .*pendigits-train.jsonl.gz"):
        data.find_pendigits(str(half / "pendigits-train.jsonl.gz"), mnist_location, "test")


def test_a_data_or_pendigits_location_the_system_refuses_to_look_at_says_why_not_a_traceback(tmp_path):
    too_long = str(tmp_path / ("x" * 300))  # stat() refuses, as for a folder this user may not enter
    with pytest.raises(DataError, match=r"longer than this system allows \(from --data\)\. MNIST was not loaded\. Rename it"):
        find_data(too_long)
    with pytest.raises(DataError, match=r"longer than this system allows \(from --pendigits\)"):
        data.find_pendigits(too_long, None, "train")


def test_a_pendigits_environment_variable_that_is_wrong_is_an_error_not_another_place(tmp_path, monkeypatch):
    """Issue: $MNIST_DRAW_PENDIGITS pointing at a wrong place fell back to the folder beside MNIST, silently."""
    _pendigits_folder(tmp_path / "pendigits")  # beside MNIST, where it would have been found instead
    mnist_location = str(tmp_path / "mnist")
    monkeypatch.setenv(data.PENDIGITS_ENV_VAR, str(tmp_path / "typo"))
    with pytest.raises(DataError, match=r"There is no file or folder at .*typo \(from \$MNIST_DRAW_PENDIGITS\)"):
        data.find_pendigits(None, mnist_location, "train")
    half = _pendigits_folder(tmp_path / "half", parts=("train",))
    monkeypatch.setenv(data.PENDIGITS_ENV_VAR, str(half))
    assert data.find_pendigits(None, mnist_location, "train") == half / "pendigits-train.jsonl.gz"
    with pytest.raises(DataError, match=r"no pendigits-test.jsonl.gz in .*half \(from \$MNIST_DRAW_PENDIGITS\)"):
        data.find_pendigits(None, mnist_location, "test")
    # --pendigits still comes first
    assert data.find_pendigits(str(tmp_path / "pendigits"), mnist_location, "test") == tmp_path / "pendigits" / "pendigits-test.jsonl.gz"


def test_a_training_file_of_ones_own_has_no_test_set_in_it(tmp_path):
    own = tmp_path / "my-digits.jsonl"
    own.write_text('{"label": 1, "strokes": [[[0, 0], [0, 9]]]}\n')
    assert data.find_pendigits(str(own), None, "train") == own
    assert data.find_pendigits(str(own), None, "test") is None  # never measured on the data it trained on


def test_the_mnist_folder_is_where_mnist_is_or_will_be_downloaded(tmp_path, monkeypatch):
    write_idx_set(tmp_path / "m")
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    assert data.mnist_folder(str(tmp_path / "m")) == str(tmp_path / "m")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data.mnist_folder() == str(data.KERAS_CACHE.expanduser().parent)
    with pytest.raises(DataError, match="No MNIST files at"):
        data.mnist_folder(str(tmp_path / "none"))
