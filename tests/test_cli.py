"""The mnist-draw command as a user runs it: end to end in a subprocess, and what it says
of a command line it refuses (in-process: it refuses before doing anything)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw

from mnist_draw.cli import main
from mnist_draw.tutorial_networks import tutorial_dir
from mnist_draw.self_test_digits import NON_DIGIT_STROKES, SAMPLE_STROKES, sample_photo


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mnist_draw", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def inputs(tmp_path):
    seven = tmp_path / "seven.png"
    seven.write_bytes(sample_photo(7))
    blank = tmp_path / "blank.png"
    Image.new("L", (50, 50), 255).save(blank)
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    one = tmp_path / "one.jpg"
    picture = Image.new("RGB", (100, 160), "white")
    ImageDraw.Draw(picture).line([(50, 15), (50, 145)], fill="black", width=12)
    picture.save(one)
    return seven, blank, broken, one


def test_predict_reads_images_and_keeps_going_past_bad_ones(inputs):
    seven, blank, broken, one = inputs
    result = run("predict", str(seven), str(broken), str(blank), str(one))
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1  # one input failed
    assert lines[0].startswith(f"{seven}: 7 (")
    assert lines[1].startswith(f"{broken}: error:") and "not an image" in lines[1]
    assert lines[2].startswith(f"{blank}: nothing to read")
    assert lines[3].startswith(f"{one}: 1 (")


def test_predict_json_gives_one_object_a_line_in_input_order(inputs):
    seven, blank, broken, _ = inputs
    result = run("predict", "--json", str(seven), str(blank), str(broken))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(seven), str(blank), str(broken)]
    assert records[0]["digit"] == 7 and len(records[0]["probabilities"]) == 10
    assert 0.5 < records[0]["confidence"] <= 1
    assert records[1]["digit"] is None and records[1]["reason"]
    assert "error" in records[2]


def test_predict_exit_code_is_zero_when_all_inputs_are_read(inputs):
    seven, blank, _, _ = inputs
    assert run("predict", str(seven), str(blank)).returncode == 0


def test_predict_strokes_file_reports_bad_lines_by_number(tmp_path):
    path = tmp_path / "drawings.jsonl"
    lines = [
        json.dumps({"strokes": SAMPLE_STROKES[7]}),
        "{broken",
        json.dumps({"strokes": [[[5, 5]]]}),
        json.dumps({"strokes": [[[float("nan"), 1], [2, 3]]]}).replace("NaN", "NaN"),
        json.dumps({"strokes": SAMPLE_STROKES[1]}),
    ]
    path.write_text("\n".join(lines) + "\n")
    result = run("predict", "--json", "--strokes", str(path))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert records[0]["source"] == f"{path}:1" and records[0]["digit"] == 7
    assert records[1]["source"] == f"{path}:2" and "line 2" in records[1]["error"]
    assert records[2]["digit"] is None  # a single point: nothing to read
    assert records[3]["digit"] is None
    assert records[4]["digit"] == 1


def test_predict_json_answers_a_drawn_q_with_no_digit_and_says_what_in_its_strokes_made_it_a_letter(tmp_path):
    ring = [[round(50 + 30 * math.cos(math.radians(-90 - 9 * step)), 2), round(55 + 45 * math.sin(math.radians(-90 - 9 * step)), 2)] for step in range(41)]
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"strokes": [ring, [[62, 75], [72, 88], [84, 104]]]}) + "\n")
    result = run("predict", "--json", "--strokes", str(path))
    record = json.loads(result.stdout)
    assert result.returncode == 0
    assert record["digit"] is None and record["reason"] == "not a digit"
    assert record["letter_shape"] == "The tail across the ring makes it look like a Q."


def test_predict_json_answers_a_drawn_b_with_no_digit_and_says_its_bowl_on_a_stem_made_it_a_letter(tmp_path):
    angles = [math.radians(-90 + 12 * step) for step in range(16)]
    bumps = [[round(30 + 35 * math.cos(a), 2), round(35 + 25 * math.sin(a), 2)] for a in angles]
    bumps += [[x, y + 50] for x, y in bumps[1:]]
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"strokes": [[[30, 10], [30, 110]], bumps]}) + "\n")
    record = json.loads(run("predict", "--json", "--strokes", str(path)).stdout)
    assert record["digit"] is None and record["reason"] == "not a digit"
    assert record["letter_shape"] == "The bowl on the right of a straight stem makes it look like a b, a B, a P or an R."


@pytest.mark.parametrize("content", ["", "\n  \n"], ids=["empty", "blank lines"])
def test_predict_on_a_strokes_file_of_no_drawings_says_so_rather_than_printing_nothing(tmp_path, content):
    path = tmp_path / "drawings.jsonl"
    path.write_text(content)
    result = run("predict", "--json", "--strokes", str(path))
    assert result.returncode == 1  # was 0, with not a line printed
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record == {"source": str(path), "error": f"{path} holds no drawings: it is empty, or only blank lines."}


def test_predict_piped_into_a_reader_that_stops_early_ends_quietly_without_a_traceback(tmp_path):
    # mnist-draw predict --strokes FILE | head -1: more output than a pipe holds, then the reader goes.
    path = tmp_path / "drawings.jsonl"
    path.write_text("not json\n" * 5000)
    process = subprocess.Popen(
        [sys.executable, "-m", "mnist_draw", "predict", "--strokes", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().startswith(f"{path}:1: error")
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141, stderr
    assert stderr == ""


def test_predict_with_a_damaged_model_says_so(tmp_path, inputs):
    bad = tmp_path / "model.tflite"
    bad.write_bytes(b"garbage")
    result = run("--model", str(bad), "predict", str(inputs[0]))
    assert result.returncode == 2
    assert "is damaged, cut short, or not a TensorFlow Lite model." in result.stderr
    assert "Flatbuffer" not in result.stderr and "Traceback" not in result.stderr


def test_predict_writes_no_library_logging(inputs):
    result = run("predict", str(inputs[0]))
    assert result.returncode == 0
    assert result.stderr == ""  # no "INFO: Created TensorFlow Lite XNNPACK delegate"
    assert "\x1b[" not in result.stdout


def test_verbose_lets_library_logging_through(inputs):
    result = run("--verbose", "predict", str(inputs[0]))
    assert result.returncode == 0 and "XNNPACK" in result.stderr


def _labelled_file(tmp_path):
    path = tmp_path / "labelled.jsonl"
    records = [{"label": d, "writer": f"w{d % 2}", "strokes": s} for d, s in SAMPLE_STROKES.items()]
    path.write_text("\n".join(json.dumps(r) for r in records))
    return path


def test_evaluate_on_a_labelled_strokes_file_shows_writers_and_confusion(tmp_path):
    path = _labelled_file(tmp_path)
    result = run("evaluate", "--strokes", str(path))
    assert result.returncode == 0, result.stderr
    assert "accuracy: 100.00%" in result.stdout
    assert "confusion matrix" in result.stdout and "worst writers" in result.stdout


def test_evaluate_says_what_calling_drawings_not_a_digit_cost(tmp_path):
    path = _labelled_file(tmp_path)
    letters = [json.dumps({"label": 4, "strokes": strokes}) for strokes in NON_DIGIT_STROKES.values()]
    path.write_text(path.read_text() + "\n" + "\n".join(letters) + "\n")
    result = run("evaluate", "--strokes", str(path), "--json")
    report = json.loads(result.stdout)
    assert report["rejected"] == len(NON_DIGIT_STROKES) and 0 <= report["rejected_right"] <= report["rejected"]
    text = run("evaluate", "--strokes", str(path)).stdout
    assert f"called not a digit: {len(NON_DIGIT_STROKES)}, {report['rejected_right']} of them read right otherwise" in text


def test_evaluate_says_how_many_lines_of_a_strokes_file_it_left_out(tmp_path):
    path = _labelled_file(tmp_path)
    unlabelled = json.dumps({"strokes": SAMPLE_STROKES[3]})
    path.write_text(path.read_text() + "\n{broken\n" + unlabelled + "\n[1, 2]\n")
    result = run("evaluate", "--strokes", str(path))
    assert result.returncode == 0, result.stderr
    count = len(SAMPLE_STROKES)
    assert result.stdout.startswith(f"{path} ({count} drawings)\naccuracy: 100.00% ({count} of {count})")
    notes = result.stderr.splitlines()
    assert notes == [
        f"mnist-draw evaluate: left out 2 lines of {path} that could not be read (the first: line {count + 1}: not valid JSON "
        "(the mistake is at character 2)).",
        "mnist-draw evaluate: left out 1 drawing without a digit for a label.",
    ]


def test_evaluate_takes_the_model_after_the_command_as_the_readme_writes_it(tmp_path):
    """README: "mnist-draw evaluate --model resources/tutorial/cnn measures them like the bundled model"."""
    path = _labelled_file(tmp_path)
    tutorial = tutorial_dir() / "cnn"
    after = run("evaluate", "--model", str(tutorial), "--strokes", str(path), "--json")
    before = run("--model", str(tutorial), "evaluate", "--strokes", str(path), "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    bad = tmp_path / "model.tflite"
    bad.write_bytes(b"garbage")
    refused = run("evaluate", "--model", str(bad), "--strokes", str(path))
    assert refused.returncode == 2 and "is damaged" in refused.stderr  # the option after the command is the one used


def test_evaluate_json_on_mnist(mnist_dir):
    result = run("evaluate", "--json", "--data", str(mnist_dir))
    report = json.loads(result.stdout)
    assert report["total"] == 10000 and report["accuracy"] > 0.95
    assert len(report["confusion"]) == 10 and len(report["per_digit_accuracy"]) == 10


def test_evaluate_without_data_explains_where_to_point(tmp_path):
    result = run("evaluate", env={"MNIST_DRAW_DATA": str(tmp_path / "nothing"), "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "MNIST_DRAW_DATA" in result.stderr or "No MNIST" in result.stderr


def test_bench_json_reports_every_figure(mnist_dir):
    result = run("bench", "--json", "--data", str(mnist_dir))
    figures = json.loads(result.stdout)
    for key in ("model_load_ms", "strokes_to_probabilities_ms", "image_to_probabilities_ms",
                "batch_images_per_second", "mnist_test_accuracy", "pendigits_test_accuracy",
                "mnist_test_accuracy_without_rejection"):
        assert key in figures, key
    # Turning inputs away can only cost right answers.
    assert figures["mnist_test_accuracy_without_rejection"] >= figures["mnist_test_accuracy"]
    assert figures["strokes_to_probabilities_ms"]["p99"] > 0


def test_predict_on_a_missing_file_says_where_it_looked_and_what_to_do(tmp_path):
    # It said "missing.png: error: missing.png does not exist." and nothing more.
    result = subprocess.run(
        [sys.executable, "-m", "mnist_draw", "predict", "missing.png"], capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == (
        f"missing.png: error: missing.png does not exist in {tmp_path} (the current folder). "
        "Check the name, or give the file's full path.\n"
    )


def test_predict_on_a_folder_or_a_dangling_link_says_what_to_give_instead_in_words_for_a_command_line(tmp_path):
    # A folder said "open or drop a picture file": the window's words, with nothing to drop onto.
    (tmp_path / "scans").mkdir()
    (tmp_path / "old.png").symlink_to(tmp_path / "moved.png")
    result = run("predict", str(tmp_path / "scans"), str(tmp_path / "old.png"))
    folder, link = result.stdout.splitlines()
    assert result.returncode == 1
    assert folder == f"{tmp_path / 'scans'}: error: scans is a folder, not a picture. Choose a picture file in it."
    assert link == (
        f"{tmp_path / 'old.png'}: error: {tmp_path / 'old.png'} is a link to a file that does not exist "
        f"({tmp_path / 'moved.png'}). Use the file itself, or point the link at where the file is now."
    )


def test_bench_with_missing_data_named_says_so_instead_of_measuring_without(tmp_path):
    result = run("bench", "--data", str(tmp_path / "nothing"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("mnist-draw bench: ") and "Traceback" not in result.stderr


def test_bench_with_a_missing_strokes_file_says_so_in_plain_words(tmp_path):
    missing = tmp_path / "missing.jsonl"
    result = run("bench", "--strokes", str(missing))
    assert result.returncode == 2
    assert result.stderr.startswith("mnist-draw bench: ") and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_self_test_passes_headless():
    result = run("--self-test", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout


def test_self_test_with_a_command_is_refused_rather_than_the_command_ignored(inputs):
    result = run("--self-test", "predict", str(inputs[0]))
    assert result.returncode == 2 and result.stdout == ""
    assert "--self-test checks the installation and takes no command; run predict on its own." in result.stderr


def test_the_window_without_a_display_explains_instead_of_aborting():
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "mnist_draw"], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert "no display" in result.stderr and "predict" in result.stderr


# --- what it says of a command line it cannot take ----------------------------------------

ARGPARSE_WORDS = ("usage:", "error:", "invalid choice", "unrecognized", "expected one argument", "the following")


def refusal(capsys, *argv: str) -> str:
    """What the command says on stderr of ``argv``, which it refuses before doing anything."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert not any(words in said for words in ARGPARSE_WORDS), said
    return said


@pytest.mark.parametrize(
    "command, purpose",
    [
        ("predict", "Read digits from image files or a strokes file."),
        ("evaluate", "Measure the model on MNIST's test set or a labelled strokes file."),
        ("train", "Train a model (needs TensorFlow)."),
        ("bench", "Measure load time, latency, throughput and accuracy."),
    ],
)
def test_each_commands_help_begins_with_what_it_does(capsys, command, purpose):
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.split("\n\n")[1] == purpose


def test_an_unknown_command_is_refused_with_the_commands_there_are(capsys):
    assert refusal(capsys, "frobnicate") == (
        "mnist-draw: There is no command 'frobnicate': the commands are predict, evaluate, train and bench. "
        "Run 'mnist-draw --help' for the list.\n"
    )


def test_an_unknown_option_is_refused_by_the_command_it_was_given_to(capsys):
    assert refusal(capsys, "predict", "seven.png", "--bogus") == (
        "mnist-draw predict: There is no option --bogus. Run 'mnist-draw predict --help' for the list.\n"
    )
    assert refusal(capsys, "evaluate", "pendigits.jsonl", "--jsn").startswith(
        "mnist-draw evaluate: There is no option --jsn; 'pendigits.jsonl' was not expected."
    )


@pytest.mark.parametrize(
    "argv, said",
    [
        (["train"], "mnist-draw train: Give --output FOLDER: where to write the model files.\n"),
        (["predict", "--strokes"], "mnist-draw predict: --strokes needs a value after it: --strokes FILE.\n"),
        (["train", "--output", "out", "--recipe", "cnn"],
         "mnist-draw train: --recipe cannot be 'cnn': choose cnn-v2, tutorial-mlp or tutorial-cnn.\n"),
        (["train", "--output", "out", "--members", "0"], "mnist-draw train: --members must be at least 1.\n"),
        (["train", "--output", "out", "--epochs", "ten"], "mnist-draw train: --epochs: 'ten' is not a whole number.\n"),
        (["predict", "--json=yes", "seven.png"], "mnist-draw predict: --json takes no value.\n"),
    ],
    ids=["missing", "no-value", "choice", "too-small", "not-a-number", "value-to-a-switch"],
)
def test_an_option_given_wrong_is_refused_in_plain_words(capsys, argv, said):
    assert refusal(capsys, *argv) == said


# --- whole numbers -------------------------------------------------------------------


@pytest.fixture
def numbers_file(tmp_path, pendigits_test_file):
    from mnist_draw.number_composer import compose_numbers, write_numbers
    from mnist_draw.strokes_file import load_labelled

    numbers = compose_numbers(load_labelled(pendigits_test_file), 12, seed=11)
    path = tmp_path / "numbers.jsonl"
    write_numbers(numbers, path)
    return path, numbers


def test_predict_number_json_gives_the_number_and_a_box_per_digit(numbers_file, tmp_path):
    from mnist_draw.number_composer import render_picture

    path, numbers = numbers_file
    picture = tmp_path / "number.png"
    render_picture(numbers[0].strokes, dark_on_light=True).save(picture)
    blank = tmp_path / "blank.png"
    Image.new("L", (120, 60), 255).save(blank)
    result = run("predict", "--number", "--json", str(picture), str(blank), "--strokes", str(path))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["source"] == str(picture) and records[0]["number"] == numbers[0].label
    assert [set(d) for d in records[0]["digits"]] == [{"digit", "confidence", "box"}] * len(numbers[0].label)
    assert records[1] == {"source": str(blank), "number": None, "reason": records[1]["reason"], "digits": []}
    assert records[1]["reason"]
    assert [r["source"] for r in records[2:]] == [f"{path}:{i}" for i in range(1, 13)]
    assert sum(r["number"] == n.label for r, n in zip(records[2:], numbers)) >= 10


def test_predict_number_reports_unreadable_inputs_and_keeps_going(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{broken\n' + json.dumps({"strokes": SAMPLE_STROKES[7]}) + "\n")
    result = run("predict", "--number", str(broken), "--strokes", str(lines))
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert out[0].startswith(f"{broken}: error:") and "Traceback" not in result.stderr
    assert out[1].startswith(f"{lines}:1: error: line 1")
    assert out[2].startswith(f"{lines}:2: 7 (")


def test_evaluate_number_reports_whole_number_count_and_length_accuracy(numbers_file):
    path, numbers = numbers_file
    result = run("evaluate", "--number", "--strokes", str(path))
    assert result.returncode == 0, result.stderr
    assert "whole numbers read right:" in result.stdout and "digit count right:" in result.stdout
    assert "2 digits:" in result.stdout or "3 digits:" in result.stdout
    assert "(12 numbers)" in result.stdout.splitlines()[0]
    report = json.loads(run("evaluate", "--number", "--json", "--strokes", str(path)).stdout)
    assert report["total"] == 12 and report["whole_number_accuracy"] >= 0.8
    lengths = {str(len(n.label)) for n in numbers}
    assert set(report["per_length"]) == lengths


def test_evaluate_number_counts_one_number_in_the_singular(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"label": "7", "strokes": SAMPLE_STROKES[7]}) + "\n")
    result = run("evaluate", "--number", "--strokes", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path} (1 number)" and "1 digit: 100.00% (1 of 1)" in lines


def test_evaluate_number_needs_a_strokes_file():
    result = run("evaluate", "--number")
    assert result.returncode == 2 and "--strokes" in result.stderr


# --- train: what is refused before TensorFlow loads ---------------------------------------

# The command in-process, saying afterwards whether it loaded TensorFlow.
TRAIN_AND_TELL = (
    "import sys; from mnist_draw.cli import main; code = main(sys.argv[1:]); "
    "print('tensorflow loaded' if 'tensorflow' in sys.modules else 'tensorflow not loaded', file=sys.stderr); "
    "sys.exit(code)"
)


def refused_train(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-c", TRAIN_AND_TELL, "train", *args], capture_output=True, text=True, timeout=600, env=dict(os.environ)
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.endswith("tensorflow not loaded\n") and "Traceback" not in result.stderr
    return result


def _pendigits_folder(folder, damaged: str | None = None):
    import gzip

    folder.mkdir()
    for part in ("train", "test"):
        path = folder / f"pendigits-{part}.jsonl.gz"
        with gzip.open(path, "wt") as stream:
            stream.writelines(json.dumps({"label": d, "writer": f"{part}-{d}", "strokes": s}) + "\n"
                              for d, s in SAMPLE_STROKES.items())
        if part == damaged:
            path.write_bytes(path.read_bytes()[:-20])  # cut short, as an interrupted copy leaves it
    return folder


def test_train_refuses_a_damaged_pendigits_test_file_before_training_not_after(tmp_path, mnist_dir):
    """Review A5: a damaged pendigits-test failed only in the final measurement, after the whole
    training, and left a model folder whose card had no calibration."""
    pen = _pendigits_folder(tmp_path / "pen", damaged="test")
    output = tmp_path / "model"
    result = refused_train("--data", str(mnist_dir), "--pendigits", str(pen), "--output", str(output))
    assert result.stderr.startswith("mnist-draw train: pendigits-test.jsonl.gz is truncated")
    assert not output.exists()


def test_train_refuses_a_pendigits_file_of_no_drawings_as_a_json_error(tmp_path, mnist_dir):
    pen = _pendigits_folder(tmp_path / "pen")
    import gzip

    with gzip.open(pen / "pendigits-train.jsonl.gz", "wt") as stream:
        stream.write("this is not a drawing\n")
    result = refused_train("--data", str(mnist_dir), "--pendigits", str(pen), "--output", str(tmp_path / "m"),
                           "--progress", "json")
    last = json.loads(result.stdout.strip().splitlines()[-1])
    assert last["event"] == "error" and last["error"] == (
        f"{pen / 'pendigits-train.jsonl.gz'} holds no labelled drawing: it is damaged or not a file of pendigits drawings."
    )


def test_train_refuses_a_pendigits_location_that_is_not_there_rather_than_looking_elsewhere(tmp_path, mnist_dir):
    typo = tmp_path / "pendigts"
    result = refused_train("--data", str(mnist_dir), "--pendigits", str(typo), "--output", str(tmp_path / "m"))
    assert result.stderr.startswith(f"mnist-draw train: There is no file or folder at {typo} (from --pendigits).")


def test_train_refuses_a_samples_folder_that_is_not_there(tmp_path, mnist_dir):
    missing = tmp_path / "my samples"
    result = refused_train("--data", str(mnist_dir), "--samples", str(missing), "--output", str(tmp_path / "m"))
    assert result.stderr.startswith(f"mnist-draw train: The samples folder {missing} (from --samples) does not exist.")


def test_train_refuses_mnist_that_is_not_there_before_tensorflow_loads(tmp_path):
    result = refused_train("--data", str(tmp_path / "none"), "--output", str(tmp_path / "m"))
    assert "No MNIST files at" in result.stderr


def test_the_light_build_says_what_can_train_instead_of_a_package_that_is_not_published(tmp_path):
    """A frozen build without TensorFlow beside it (the light build), asked to train with data
    that is not there either: the one thing to say is that this build cannot train."""
    light = (
        f"import sys; sys.frozen = True; sys._MEIPASS = {str(tmp_path)!r}; "
        "from mnist_draw.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", light, "train", "--data", str(tmp_path / "missing"), "--output", str(tmp_path / "m")],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("mnist-draw train: Training needs TensorFlow, which the light build")
    assert "full build" in result.stderr and "README" in result.stderr and "pip install mnist-draw" not in result.stderr
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["predict", "{bad}.png"],
        ["predict", "--model", "{bad}", "{seven}"],
        ["--model", "{bad}", "--self-test"],
        ["evaluate", "--data", "{bad}"],
        ["train", "--output", "{bad}", "--progress", "none"],
        ["train", "--output", "{out}", "--samples", "{bad}", "--progress", "none"],
    ],
    ids=["image", "model", "self-test model", "data", "train output", "train samples"],
)
def test_a_path_the_system_refuses_to_look_at_is_told_in_plain_words_not_a_traceback(tmp_path, inputs, command):
    # A name over 255 bytes: stat() refuses to look, as it does for a folder this user
    # may not enter; pathlib's is_dir() raised and the command ended in a traceback.
    bad = tmp_path / ("x" * 300)
    result = run(*(part.format(bad=bad, seven=inputs[0], out=tmp_path / "out") for part in command))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Errno" not in output
    assert "longer than this system allows" in output or "Nothing can be saved" in output, output


def test_predict_says_on_stderr_that_only_an_animations_first_frame_is_read(tmp_path):
    frames = [Image.new("L", (100, 160), 255) for _ in range(3)]
    for index, frame in enumerate(frames):  # each another: Pillow saves frames alike as one
        ImageDraw.Draw(frame).line([(50 - 15 * index, 15), (50 - 15 * index, 145)], fill=0, width=12)
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    result = run("predict", "--json", str(path))
    assert json.loads(result.stdout)["digit"] == 1  # the output stays one object a picture
    assert result.stderr == f"{path}: only its first frame of 3 is read.\n"
