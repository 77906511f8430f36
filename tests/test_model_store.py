"""The user's model: installed whole or not at all, never lost, and the bundled one as the way back."""

from __future__ import annotations

import threading

import pytest

from mnist_draw import model_files, model_store, user_data
from mnist_draw.model_card import ModelCard
from mnist_draw.resources import bundled_model_dir


def test_damaged_user_model_falls_back_to_the_bundled_one():
    folder = user_data.model_dir()
    folder.mkdir(parents=True)
    (folder / "model.tflite").write_bytes(b"\x00" * 100)
    loaded = model_store.load_active_model()
    assert loaded.source == "bundled"
    assert "bundled" in loaded.warning


@pytest.mark.slow  # starts a child process
def test_installing_a_model_swaps_all_its_files_together(tmp_path):
    model_store.install_user_model(bundled_model_dir())
    target = user_data.model_dir()
    assert sorted(p.name for p in target.iterdir()) == ["activations.tflite", "model.json", "model.keras", "model.tflite"]
    lone = tmp_path / "other.tflite"
    lone.write_bytes((bundled_model_dir() / model_files.TFLITE_NAME).read_bytes())
    model_store.install_user_model(lone)
    assert sorted(p.name for p in target.iterdir()) == ["model.tflite"]  # no stale card, Keras or activations file
    assert not any(p.name.startswith(".model-") for p in target.parent.iterdir())


@pytest.mark.slow  # starts a child process
def test_two_installs_at_once_leave_one_whole_model(tmp_path):
    second = tmp_path / "second"
    second.mkdir()
    for name in (model_files.TFLITE_NAME, model_files.KERAS_NAME):
        (second / name).write_bytes((bundled_model_dir() / name).read_bytes())
    ModelCard(architecture="second").write(second)
    threads = [
        threading.Thread(target=model_store.install_user_model, args=(source,))
        for source in (bundled_model_dir(), second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    live = user_data.model_dir()
    names = {p.name for p in live.iterdir()}
    whole = {model_files.TFLITE_NAME, model_files.KERAS_NAME, model_files.CARD_NAME}
    # One model's files and no other's: the bundled model brings its activations model, the second none.
    if ModelCard.read(live).architecture == "second":
        assert names == whole
    else:
        assert names == whole | {"activations.tflite"}
    leftovers = [p.name for p in live.parent.iterdir() if p.name.startswith(".model-")]
    assert leftovers == []
