"""Bounded fuzzing of everything a file can bring in (issue 11): pictures, strokes
files, sample archives and models. Each case asserts only that the result is a
result or a clear error of the module's own kind: never another exception, a
crash or a hang. Seeded, so a failure reproduces."""

from __future__ import annotations

import io
import json
import random
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from mnist_draw import model_check
from mnist_draw.classifier import ModelError
from mnist_draw.preprocess import ImageError, ModelInput, image_to_input, strokes_to_input
from mnist_draw.resources import bundled_model_dir
from mnist_draw.samples import SampleError, SampleStore
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.strokes_file import StrokesFileError, parse_line, read_drawings


def mutations(content: bytes, count: int, seed: int, region: int | None = None):
    """``count`` copies of ``content`` with one to eight bytes changed, cut or repeated."""
    rng = random.Random(seed)
    for _ in range(count):
        data = bytearray(content)
        for _ in range(rng.randint(1, 8)):
            where = rng.randrange(min(len(data), region or len(data)))
            action = rng.random()
            if action < 0.7:
                data[where] = rng.randrange(256)
            elif action < 0.85:
                del data[where : where + rng.randint(1, 64)]
            else:
                data[where:where] = data[where : where + rng.randint(1, 64)] * rng.randint(1, 4)
        yield bytes(data)


def _picture_bytes(kind: str) -> bytes:
    picture = Image.new("L", (64, 64), 255)
    ImageDraw.Draw(picture).line([(20, 10), (44, 10), (28, 54)], fill=0, width=6)
    buffer = io.BytesIO()
    if kind == "GIF":
        picture.save(buffer, format="GIF", save_all=True, append_images=[picture.rotate(10)])
    elif kind == "TIFF":
        picture.save(buffer, format="TIFF", save_all=True, append_images=[picture.rotate(10)])
    else:
        picture.save(buffer, format=kind)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "TIFF", "BMP", "WEBP"])
def test_mutated_pictures_give_a_reading_or_an_image_error(kind):
    for index, data in enumerate(mutations(_picture_bytes(kind), 60, seed=sum(kind.encode()))):
        try:
            result = image_to_input(data)
        except ImageError as error:
            assert str(error) and "Traceback" not in str(error)
        else:
            assert isinstance(result, ModelInput), index


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["label", "strokes", "writer", "x"]), inner, max_size=4),
    max_leaves=30,
)


@pytest.mark.slow  # about 20 s
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_json_values)
def test_any_json_line_gives_a_drawing_or_a_line_error(value):
    drawing = parse_line(json.dumps(value), 1)
    if drawing.error is None:
        assert isinstance(strokes_to_input(drawing.strokes), ModelInput)


def test_mutated_strokes_files_give_drawings_or_a_file_error(tmp_path):
    import gzip

    lines = "\n".join(json.dumps({"label": d, "strokes": s}) for d, s in SAMPLE_STROKES.items()).encode()
    for suffix, content in ((".jsonl", lines), (".jsonl.gz", gzip.compress(lines))):
        for index, data in enumerate(mutations(content, 80, seed=7)):
            path = tmp_path / f"m{index}{suffix}"
            path.write_bytes(data)
            try:
                for drawing in read_drawings(path):
                    if drawing.error is None:
                        assert isinstance(strokes_to_input(drawing.strokes), ModelInput)
            except StrokesFileError as error:
                assert str(error)


def test_mutated_sample_archives_import_or_give_a_sample_error(tmp_path):
    source = SampleStore(tmp_path / "source")
    for digit, strokes in SAMPLE_STROKES.items():
        source.add(digit, strokes_to_input(strokes).pixels, strokes)
    source.export_zip(tmp_path / "samples.zip")
    content = (tmp_path / "samples.zip").read_bytes()
    for index, data in enumerate(mutations(content, 60, seed=11)):
        path = tmp_path / f"m{index}.zip"
        path.write_bytes(data)
        store = SampleStore(tmp_path / f"store{index}")
        try:
            store.import_from(path)
        except SampleError as error:
            assert str(error)
        images, labels = store.training_arrays(held_out=None)  # what Teach does next must work
        assert images.shape == (len(labels), 28, 28)


@pytest.mark.slow  # each case starts a child process
def test_mutated_models_are_refused_or_pass_but_never_crash_the_caller(tmp_path):
    content = (bundled_model_dir() / "model.tflite").read_bytes()
    # The flatbuffer's tables sit at the start and the end; the weights between
    # are mostly harmless numbers, so mutations aim at the structure.
    for index, data in enumerate(mutations(content, 12, seed=3, region=4096)):
        path = tmp_path / f"m{index}.tflite"
        path.write_bytes(data)
        try:
            model_check.check_in_child(path)
        except ModelError as error:
            assert str(error) and "np.int32" not in str(error)
