"""Writing a model's files: the activations model comes and goes with its network."""

from __future__ import annotations

from mnist_draw import model_files
from mnist_draw.model_card import ModelCard


def _save_keras(path: str) -> None:
    with open(path, "wb") as stream:
        stream.write(b"keras")


def test_the_activations_model_is_written_beside_the_model(tmp_path):
    files = model_files.write_model(tmp_path, _save_keras, b"tflite", ModelCard(), activations=b"inside")
    assert ModelCard.read(tmp_path).activations_file == model_files.ACTIVATIONS_NAME
    assert (tmp_path / model_files.ACTIVATIONS_NAME).read_bytes() == b"inside"
    assert files["activations"] == str(tmp_path / model_files.ACTIVATIONS_NAME)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["activations.tflite", "model.json", "model.keras", "model.tflite"]


def test_a_model_written_without_activations_leaves_none_of_the_previous_ones(tmp_path):
    model_files.write_model(tmp_path, _save_keras, b"old", ModelCard(), activations=b"old inside")
    files = model_files.write_model(tmp_path, _save_keras, b"new", ModelCard())
    assert ModelCard.read(tmp_path).activations_file is None
    assert not (tmp_path / model_files.ACTIVATIONS_NAME).exists()
    assert "activations" not in files and (tmp_path / model_files.TFLITE_NAME).read_bytes() == b"new"
