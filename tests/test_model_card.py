"""The model card: typed, checked on load, kind to newer cards, honest about versions."""

from __future__ import annotations

import json

import pytest

from mnist_draw import model_files
from mnist_draw.model_card import ModelCard, ModelCardError, architecture_parts
from mnist_draw.preprocess import PREPROCESSING_VERSION
from mnist_draw.resources import bundled_model_dir


def write_raw(folder, content) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / model_files.CARD_NAME).write_text(content if isinstance(content, str) else json.dumps(content))


def test_the_bundled_card_reads_as_typed_fields():
    card = ModelCard.read(bundled_model_dir())
    assert card.architecture == "3x-cnn-v2" and card.members == 3 and card.recipe == "cnn-v2"
    assert isinstance(card.mnist_test_accuracy, float) and card.data["non_digits"] > 0
    assert card.outputs == 11 and card.temperature > 0 and 0.5 <= card.not_digit_threshold < 1
    assert "calibration_holdout" in card.extra  # a field this version does not model is kept


def test_a_card_round_trips_through_its_file(tmp_path):
    card = ModelCard(architecture="cnn-v1", parameters=1234, preprocessing_version=PREPROCESSING_VERSION,
                     data={"mnist_train": 600}, mnist_test_accuracy=0.5, temperature=1.3, not_digit_threshold=0.4,
                     outputs=11, activations_file="activations.npz", extra={"from_the_future": {"a": 1}})
    card.write(tmp_path)
    assert ModelCard.read(tmp_path) == card


def test_a_newer_cards_unknown_fields_survive_a_read_and_write(tmp_path):
    raw = {"architecture": "cnn-v9", "calibration_set": "pendigits-train", "layers": [1, 2, 3]}
    write_raw(tmp_path / "a", raw)
    ModelCard.read(tmp_path / "a").write(tmp_path / "b")
    again = json.loads((tmp_path / "b" / model_files.CARD_NAME).read_text())
    assert again["calibration_set"] == "pendigits-train" and again["layers"] == [1, 2, 3]


def test_missing_fields_take_their_defaults(tmp_path):
    write_raw(tmp_path, {})
    card = ModelCard.read(tmp_path)
    assert card == ModelCard()
    assert card.input_shape == [28, 28, 1] and card.data == {} and card.extra == {}


def test_a_folder_without_a_card_has_none(tmp_path):
    assert ModelCard.read(tmp_path) is None


@pytest.mark.parametrize(
    "content, words",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ({"mnist_test_accuracy": "high"}, "'mnist_test_accuracy' should be a number"),
        ({"epochs": 2.5}, "'epochs' should be a whole number"),
        ({"plain_epochs": "two"}, "'plain_epochs' should be a whole number"),
        ({"parameters": True}, "'parameters' should be a whole number"),
        ({"data": {"mnist_train": "all"}}, "'data' should be a table of counts"),
        ({"input_shape": [28, "28", 1]}, "'input_shape' should be a list"),
    ],
)
def test_a_damaged_card_says_what_is_wrong_in_plain_words(tmp_path, content, words):
    write_raw(tmp_path, content)
    with pytest.raises(ModelCardError) as raised:
        ModelCard.read(tmp_path)
    message = str(raised.value)
    assert words in message and str(tmp_path) in message and "Traceback" not in message


def test_a_model_trained_for_another_preprocessing_version_is_flagged():
    card = ModelCard(preprocessing_version=PREPROCESSING_VERSION + 1)
    warning = card.version_warning()
    assert f"version {PREPROCESSING_VERSION + 1}" in warning and "Retrain" in warning
    assert ModelCard(preprocessing_version=PREPROCESSING_VERSION).version_warning() is None
    assert ModelCard().version_warning() is None  # the card does not say: nothing to warn about


def test_loading_a_model_of_another_version_warns_but_reads(tmp_path):
    import shutil

    from mnist_draw.model_store import load_model_folder

    shutil.copy(bundled_model_dir() / model_files.TFLITE_NAME, tmp_path)
    write_raw(tmp_path, {"preprocessing_version": PREPROCESSING_VERSION + 1})
    loaded = load_model_folder(tmp_path, "file")
    assert loaded.card is not None and "version" in loaded.warning


def test_loading_a_model_with_a_damaged_card_warns_but_reads(tmp_path):
    import shutil

    from mnist_draw.model_store import load_model_folder

    shutil.copy(bundled_model_dir() / model_files.TFLITE_NAME, tmp_path)
    write_raw(tmp_path, "{broken")
    loaded = load_model_folder(tmp_path, "file")
    assert loaded.card is None and "damaged" in loaded.warning and "unknown" in loaded.warning
    assert loaded.classifier is not None


@pytest.mark.parametrize(
    "name, parts",
    [("3x-cnn-v2", (3, "cnn-v2")), ("2x-tutorial-cnn", (2, "tutorial-cnn")), ("cnn-v2", (None, "cnn-v2")),
     ("tutorial-mlp", (None, "tutorial-mlp")), ("max-net", (None, "max-net")), ("", (None, ""))],
)
def test_an_architecture_name_gives_its_network_count_and_recipe(name, parts):
    assert architecture_parts(name) == parts
