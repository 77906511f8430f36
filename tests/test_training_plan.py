"""The training contract: a request survives the trip through the command line,
and every progress event the run writes is read back as it was."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from mnist_draw import training_plan
from mnist_draw.model_card import ModelCard
from mnist_draw.training_plan import (
    FINE_TUNE_EPOCHS,
    FINE_TUNE_LIMIT,
    DoneEvent,
    DownloadEvent,
    EpochEvent,
    ErrorEvent,
    LogEvent,
    StepEvent,
    TrainingRequest,
    parse_event,
    to_json,
)


def parsed(argv: list[str]) -> TrainingRequest:
    parser = argparse.ArgumentParser()
    training_plan.add_arguments(parser)
    return TrainingRequest.from_args(parser.parse_args(argv))


@pytest.mark.parametrize(
    "request_",
    [
        TrainingRequest(Path("out")),
        TrainingRequest(Path("out"), data="/mnist", pendigits="/pen", epochs=3, limit=20_000, seed=7, members=1,
                        samples=Path("/samples"), progress="json", background=True, recipe="cnn-v2"),
        TrainingRequest(Path("out dir"), fine_tune=Path("/models/model.keras"), samples=Path("/samples"), progress="none"),
    ],
    ids=["defaults", "everything", "fine-tune"],
)
def test_a_request_survives_the_command_line(request_):
    assert parsed(request_.to_argv()) == request_


def test_the_command_line_of_train_is_the_plans(tmp_path):
    from mnist_draw.cli import build_parser

    args = build_parser().parse_args(["train", "--output", str(tmp_path), "--epochs", "2", "--members", "1"])
    assert TrainingRequest.from_args(args) == TrainingRequest(tmp_path, epochs=2, members=1)


def test_a_fine_tune_takes_its_own_defaults():
    request = TrainingRequest(Path("out"), fine_tune=Path("model.keras"), members=3)
    assert request.effective_epochs == FINE_TUNE_EPOCHS and request.effective_limit == FINE_TUNE_LIMIT
    assert request.effective_members == 1  # it continues the one model it starts from
    assert request.learning_rate == training_plan.FINE_TUNE_LEARNING_RATE
    fresh = TrainingRequest(Path("out"))
    assert (fresh.effective_epochs, fresh.effective_limit, fresh.effective_members) == (
        training_plan.DEFAULT_EPOCHS, None, training_plan.DEFAULT_MEMBERS)


@pytest.mark.parametrize("recipe", training_plan.TUTORIAL_RECIPES)
def test_a_tutorial_recipe_trains_one_network_for_the_tutorials_epochs(recipe):
    request = parsed(["--output", "out", "--recipe", recipe, "--members", "2"])
    assert request.recipe == recipe and request.is_tutorial
    assert request.effective_epochs == training_plan.TUTORIAL_EPOCHS[recipe] and request.effective_members == 1
    assert parsed(request.to_argv()) == request
    assert parsed(["--output", "out", "--recipe", recipe, "--epochs", "1"]).effective_epochs == 1


def test_zero_epochs_is_refused_by_the_parser():
    with pytest.raises(SystemExit):
        parsed(["--output", "out", "--epochs", "0"])


@pytest.mark.parametrize(
    "flag, value, message",
    [
        ("--epochs", "abc", "argument --epochs: 'abc' is not a whole number"),
        ("--limit", "1.5", "argument --limit: '1.5' is not a whole number"),
        ("--members", "0", "argument --members: must be at least 1"),
        ("--seed", "-1", "argument --seed: must be a whole number from 0 to 2,147,483,647"),
        ("--seed", str(2**32), "argument --seed: must be a whole number from 0 to 2,147,483,647"),
        ("--seed", "seven", "argument --seed: 'seven' is not a whole number"),
    ],
)
def test_a_number_the_run_cannot_use_is_refused_in_plain_words(capsys, flag, value, message):
    with pytest.raises(SystemExit):
        parsed(["--output", "out", flag, value])
    error = capsys.readouterr().err
    assert message in error and "invalid" not in error and "_positive_int" not in error


def test_every_seed_the_parser_accepts_is_one_numpy_and_keras_take():
    import numpy as np

    assert parsed(["--output", "out", "--seed", "0"]).seed == 0
    largest = parsed(["--output", "out", "--seed", str(training_plan.MAX_SEED)]).seed
    np.random.RandomState(largest + 500 + 10_000)  # Keras's legacy seeding, at the largest offset a run adds


@pytest.mark.parametrize(
    "event",
    [
        DownloadEvent(5_000, 11_000_000),
        LogEvent("Training network 1 of 2."),
        StepEvent(3, 40, 11, 469, 0.25, 0.93),
        StepEvent(1, 1, 1, 5, None, None),
        EpochEvent(2, 20, 0.1, 0.97),
        DoneEvent(ModelCard(architecture="cnn-v1", mnist_test_accuracy=0.99, extra={"future": [1, 2]}),
                  {"tflite": "/out/model.tflite"}),
        ErrorEvent("No MNIST files in /nowhere."),
    ],
    ids=lambda event: event.kind,
)
def test_every_event_reads_back_as_written(event):
    assert parse_event(to_json(event)) == event


def test_the_last_events_of_a_run_say_it_is_done():
    import json

    assert json.loads(to_json(ErrorEvent("x"))) == {"event": "error", "done": True, "error": "x"}
    assert json.loads(to_json(DoneEvent(ModelCard())))["done"] is True


@pytest.mark.parametrize(
    "line",
    ["", "Epoch 1/3", "[1, 2]", '{"event": "step", "epoch": 1}', '{"event": "lunch"}',
     '{"event": "done", "card": {"epochs": "many"}}', '{"event": "download", "done": "half"}'],
)
def test_lines_that_are_not_events_are_none(line):
    assert parse_event(line) is None


def test_progress_fractions_cover_the_whole_run():
    assert StepEvent(1, 2, 0, 10).fraction == 0.0
    assert StepEvent(2, 2, 5, 10).fraction == pytest.approx(0.75)
    assert EpochEvent(2, 2).fraction == 1.0
    assert DownloadEvent(5, 0).fraction == 0.0


def test_the_presets_stay_within_what_the_parser_accepts():
    for preset in training_plan.PRESETS:
        request = parsed(["--output", "o", "--epochs", str(preset.epochs), "--members", str(preset.members)]
                         + (["--limit", str(preset.limit)] if preset.limit else []))
        assert request.effective_epochs == preset.epochs and request.effective_members == preset.members


def test_a_new_network_ends_with_one_plain_pass_for_every_nine():
    assert TrainingRequest(Path("out")).plain_epochs == 2  # the full recipe's 18 passes
    assert TrainingRequest(Path("out"), epochs=3).plain_epochs == 1
    assert TrainingRequest(Path("out"), epochs=1).plain_epochs == 1


def test_teaching_takes_no_plain_passes():
    assert TrainingRequest(Path("out"), fine_tune=Path("model.keras")).plain_epochs == 0


def test_each_preset_describes_the_plain_passes_it_takes():
    assert "3 passes and one undistorted." in training_plan.QUICK.description
    assert "18 passes each and two undistorted ones." in training_plan.FULL.description


def test_user_samples_are_repeated_to_about_a_tenth_of_an_epoch():
    assert training_plan.user_sample_repeat(0, None) == 1
    assert training_plan.user_sample_repeat(100, None) == 30  # capped
    assert training_plan.user_sample_repeat(100, 3000) == 3


def test_the_train_help_gives_the_defaults_a_run_uses():
    parser = argparse.ArgumentParser()
    training_plan.add_arguments(parser)
    helps = {action.option_strings[0]: action.help for action in parser._actions if action.option_strings}
    assert f"default: {training_plan.DEFAULT_MEMBERS})" in helps["--members"]
    assert f"default: {training_plan.DEFAULT_EPOCHS};" in helps["--epochs"]
