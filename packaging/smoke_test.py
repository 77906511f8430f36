"""Smoke-test a built mnist-draw folder: run the frozen executable as a user would, headless.

    python packaging/smoke_test.py                       # dist/mnist-draw (full build)
    python packaging/smoke_test.py dist/mnist-draw-light # the light build (told by the name, or --light)

Checks, each with the executable itself (no Python of ours in between):
- ``--version`` and ``--self-test`` (the bundled model loads in LiteRT and reads
  the built-in digits; TensorFlow is not imported);
- the bundled resources (model, card, window icons) are where the app looks;
- ``predict --json`` on a picture of a 1 that this script draws;
- Retrain's availability: the full build carries TensorFlow, the light one not;
- full build: a tiny ``train`` (300 MNIST digits, one epoch) writes a model,
  with the JSON progress the retrain dialog reads, once from scratch
  (Retrain) and once fine-tuning the bundled Keras model (Teach); light
  build: ``train`` fails at once with the message that this build cannot train;
- the window under Xvfb (or Qt's offscreen platform where there is no Xvfb),
  with ``MNIST_DRAW_EXIT_WHEN_READY=1``: it is painted, loads the model and
  quits by itself; TensorFlow must not be in its memory; the launch time to a
  window ready to draw is measured;
- the View menu's three views once, with ``MNIST_DRAW_SHOW_VIEWS=1`` too: a 7 is
  drawn, and the heat map (for 7), the inside view (its layers, from
  ``activations.tflite``) and the comparison (the tutorial networks) each update.
Every run's output is scanned for "No module named", "could not load the Qt
platform plugin", "Cannot load library", "Traceback" and the like. The exit
status is 0 only if every check passed. Needs only the Python standard library.

MNIST for the training check: ``--data``, else $MNIST_DRAW_DATA, else
``../shared/data/mnist`` beside the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent

# Signs of a broken bundle in anything the program prints.
BAD_OUTPUT = (
    "No module named",
    "ModuleNotFoundError",
    "ImportError",
    "could not load the Qt platform plugin",
    "Could not find the Qt platform plugin",
    "Cannot load library",  # a Qt plugin whose libraries are missing
    "cannot open shared object file",
    "Library not loaded",  # macOS
    "Traceback (most recent call last)",
    "AutoGraph could not transform",  # training code bundled without its source
)
LAUNCH_TARGET_SECONDS = 0.8
TRAIN_ARGS = ["--limit", "300", "--epochs", "1"]
LIGHT_TRAIN_MESSAGE = "Training needs TensorFlow"  # cli.py's message when TensorFlow cannot be imported
DEFAULT_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@dataclass
class Check:
    name: str
    passed: bool = False
    detail: str = ""
    seconds: float = 0.0
    output: str = ""  # shown when the check fails


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Launch:
    returncode: int | None
    events: dict[str, dict] = field(default_factory=dict)
    stderr: str = ""
    started: float = 0.0
    tensorflow_mapped: bool | None = None  # None: could not look (not Linux)

    def seconds_to(self, event: str) -> float | None:
        if event not in self.events:
            return None
        return self.events[event]["monotonic"] - self.started


class SmokeTest:
    def __init__(self, folder: Path, light: bool, data: Path | None, launches: int, platform: str, keep: bool) -> None:
        self.folder = folder
        self.light = light
        self.data = data
        self.launches = launches
        self.platform = platform
        self.keep = keep
        self.checks: list[Check] = []
        self.self_test_output = ""
        self.work = Path(tempfile.mkdtemp(prefix="mnist-draw-smoke-"))
        self.executable = executable_in(folder)
        # Nothing the program writes may land in the user's own folders.
        self.env = {
            **os.environ,
            "MNIST_DRAW_HOME": str(self.work / "user-data"),  # mnist_draw/model_store.py
            "XDG_CONFIG_HOME": str(self.work / "config"),  # QSettings
            "XDG_CACHE_HOME": str(self.work / "cache"),
            "KERAS_HOME": str(self.work / "keras"),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("MNIST_DRAW_EXIT_WHEN_READY", None)

    # --- running the executable --------------------------------------------------------

    def run(self, *args: str, timeout: float = 120, env: dict | None = None) -> Run:
        started = time.monotonic()
        try:
            done = subprocess.run(
                [str(self.executable), *args],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                env=env or self.env,
                cwd=self.work,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as expired:
            out = expired.stdout.decode(errors="replace") if isinstance(expired.stdout, bytes) else expired.stdout or ""
            err = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else expired.stderr or ""
            return Run(-1, out, err + f"\n[timed out after {timeout:.0f} s]", time.monotonic() - started)
        return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - started)

    def record(self, name: str, passed: bool, detail: str = "", seconds: float = 0.0, output: str = "") -> Check:
        check = Check(name, passed, detail, seconds, output)
        self.checks.append(check)
        mark = "PASS" if passed else "FAIL"
        timing = f" ({seconds:.2f} s)" if seconds else ""
        print(f"{mark}  {name}{timing}{': ' + detail if detail else ''}", flush=True)
        if not passed and output:
            print(_indent(_tail(output, 40)), flush=True)
        return check

    def record_run(self, name: str, run: Run, problem: str | None, detail: str = "", allowed: tuple[str, ...] = ()) -> Check:
        bad = bad_lines(run.text, allowed)
        if problem is None and bad:
            problem = f"suspicious output: {bad[0]}"
        return self.record(name, problem is None, problem or detail, run.seconds, run.text)

    # --- the checks ------------------------------------------------------------------------

    def check_version(self) -> None:
        run = self.run("--version")
        ok = run.returncode == 0 and run.stdout.startswith("mnist-draw ")
        self.record_run("--version", run, None if ok else f"exit {run.returncode}, printed {run.stdout.strip()!r}", run.stdout.strip())

    def check_self_test(self) -> None:
        run = self.run("--self-test")
        problem = None
        if run.returncode != 0 or "all checks passed" not in run.stdout:
            problem = f"exit {run.returncode}, no 'all checks passed'"
        elif "TensorFlow was imported" in run.stdout:
            problem = "the self-test imported TensorFlow"
        self.self_test_output = run.stdout
        self.record_run("--self-test", run, problem, _last_line(run.stdout))

    def resources(self) -> Path:
        """The bundle's resources folder, where mnist_draw/resources.py looks when frozen."""
        resources = self.folder / "_internal" / "resources"
        if not resources.is_dir():  # a macOS app bundle keeps data under Contents/Resources
            found = list(self.folder.parent.glob("*.app/Contents/Resources/resources"))
            resources = found[0] if found else resources
        return resources

    def check_resources(self) -> None:
        resources = self.resources()
        wanted = ["model/model.tflite", "model/model.json"] + [f"icons/mnist-draw-{size}.png" for size in icon_sizes()]
        # View > Look inside reads activations.tflite; View > Compare the tutorial networks.
        wanted += ["model/activations.tflite"]
        wanted += [f"tutorial/{net}/{name}" for net in ("mlp", "cnn") for name in ("model.tflite", "model.json")]
        if not self.light:
            wanted.append("model/model.keras")  # the starting point for Teach (fine-tuning)
        missing = [name for name in wanted if not (resources / name).is_file()]
        detail = f"{len(wanted)} files in {resources.relative_to(self.folder.parent)}"
        self.record("bundled resources", not missing, f"missing: {', '.join(missing)}" if missing else detail)

    def check_predict(self) -> None:
        picture = self.work / "one.png"
        picture.write_bytes(png_of_a_one())
        run = self.run("predict", "--json", str(picture))
        problem, detail = None, ""
        try:
            reading = json.loads(run.stdout.strip().splitlines()[-1])
            detail = f"read {reading.get('digit')} ({reading.get('confidence', 0):.0%})"
            if reading.get("digit") != 1:
                problem = f"a drawn 1 was {detail}"
        except (ValueError, IndexError, AttributeError):
            problem = f"exit {run.returncode}, no JSON reading"
        if run.returncode != 0 and problem is None:
            problem = f"exit {run.returncode}"
        self.record_run("predict --json (a drawn 1)", run, problem, detail)

    def check_training_availability(self) -> None:
        # mnist_draw/ui/teach_control.py::training_available() enables Retrain
        # and Teach in a frozen program when _internal/tensorflow exists.
        internal = self.executable.parent.parent / "Frameworks" if self.executable.parent.name == "MacOS" else self.folder / "_internal"
        has_tensorflow = (internal / "tensorflow").exists()
        expected = not self.light
        detail = "Retrain and Teach enabled" if has_tensorflow else "Retrain and Teach greyed out"
        problem = None if has_tensorflow == expected else f"{detail}, but this is the {'light' if self.light else 'full'} build"
        # The program's own word, where its self-test reports it ("ok   training: available").
        said = re.search(r"^(ok|note)\s+training:", self.self_test_output, re.MULTILINE)
        if problem is None and said and (said.group(1) == "ok") != expected:
            problem = f"the self-test says {said.group(0)!r}, but this is the {'light' if self.light else 'full'} build"
        self.record("training availability", problem is None, problem or detail)

    def check_train(self) -> None:
        output = self.work / "trained"
        if self.light:
            run = self.run("train", "--data", str(self.data or "missing"), *TRAIN_ARGS, "--output", str(output))
            problem = None
            if run.returncode == 0:
                problem = "the light build trained"
            elif LIGHT_TRAIN_MESSAGE not in run.stderr:
                problem = f"exit {run.returncode} without the message {LIGHT_TRAIN_MESSAGE!r}"
            elif output.exists():
                problem = f"{output} was created"
            # The message itself names the missing module; anything else is a failure.
            self.record_run("train refused (light build)", run, problem, _last_line(run.stderr), allowed=("No module named 'tensorflow'",))
            run = self.run("train", *TRAIN_ARGS, "--output", str(output), "--progress", "json")
            events = json_events(run.stdout)
            error = next((e for e in events if e.get("event") == "error"), None)
            problem = None
            if run.returncode == 0 or error is None or LIGHT_TRAIN_MESSAGE not in str(error.get("error")):
                problem = f"exit {run.returncode}, no JSON error event with the message"
            self.record_run("train --progress json refused (light build)", run, problem, "error event for the retrain dialog", allowed=("No module named 'tensorflow'",))
            return
        if self.data is None:
            self.record("train (300 digits, 1 epoch)", False, "no MNIST data: give --data or set MNIST_DRAW_DATA")
            return
        # Model > Retrain: a model from scratch.
        self.train_and_check("train (300 digits, 1 epoch)", output)
        # Model > Teach it my handwriting: fine-tune the bundled Keras model
        # with the user's samples (none here), as the retrain dialog does.
        samples = self.work / "samples"
        samples.mkdir()
        base = self.resources() / "model" / "model.keras"
        self.train_and_check("train --fine-tune (Teach)", self.work / "fine-tuned", "--fine-tune", str(base), "--samples", str(samples))

    def train_and_check(self, name: str, output: Path, *extra: str) -> None:
        run = self.run("train", "--data", str(self.data), *TRAIN_ARGS, *extra, "--output", str(output), "--progress", "json", timeout=900)
        events = json_events(run.stdout)
        done = next((e for e in events if e.get("event") == "done"), None)
        steps = [e for e in events if e.get("event") in ("step", "epoch")]
        problem, detail = None, ""
        if run.returncode != 0 or done is None:
            error = next((e.get("error") for e in events if e.get("event") == "error"), None)
            problem = f"exit {run.returncode}" + (f": {error}" if error else ", no 'done' event")
        else:
            missing = [name for name in ("model.tflite", "model.keras", "model.json") if not (output / name).is_file()]
            card = done.get("card") or {}
            accuracy = card.get("mnist_test_accuracy")
            if missing:
                problem = f"missing {', '.join(missing)}"
            elif not steps:
                problem = "no progress events for the retrain dialog"
            elif not isinstance(accuracy, (int, float)):
                problem = "the card has no MNIST test accuracy (the exported model was not measured)"
            else:
                detail = f"{len(steps)} progress events, exported model reads MNIST test at {accuracy:.1%}"
        self.record_run(name, run, problem, detail)

    def check_window(self) -> None:
        display = None
        env = dict(self.env, MNIST_DRAW_EXIT_WHEN_READY="1")
        platform = self.platform
        if platform == "auto":
            if sys.platform.startswith("linux"):
                platform = "xcb" if shutil.which("Xvfb") else "offscreen"
            else:
                platform = "native"
        try:
            if platform == "xcb":
                display = Xvfb()
                env.update(DISPLAY=display.name, QT_QPA_PLATFORM="xcb")
                env.pop("WAYLAND_DISPLAY", None)
            elif platform == "offscreen":
                env["QT_QPA_PLATFORM"] = "offscreen"
            where = f"Xvfb {display.name}" if display else platform
            launches = [self.launch(env) for _ in range(max(1, self.launches))]
            views_launch = self.launch(dict(env, MNIST_DRAW_SHOW_VIEWS="1"))  # ui/ready_report.py
        finally:
            if display:
                display.stop()
        first = launches[0]
        problem = None
        for number, launch in enumerate(launches, 1):
            missing = [e for e in ("window-ready", "model-ready", "idle") if e not in launch.events]
            bad = bad_lines(launch.stderr)
            if launch.returncode != 0 or missing:
                problem = f"launch {number}: exit {launch.returncode}, missing events {missing}"
            elif bad:
                problem = f"launch {number}: suspicious output: {bad[0]}"
            elif launch.tensorflow_mapped:
                problem = f"launch {number}: TensorFlow is loaded in the window process"
            if problem:
                break
        ready = [t for t in (launch.seconds_to("window-ready") for launch in launches) if t is not None]
        model = [t for t in (launch.seconds_to("model-ready") for launch in launches) if t is not None]
        detail = ""
        if ready and model:
            times = ", ".join(f"{t:.2f}" for t in ready)
            detail = (
                f"{where}; window ready to draw in {statistics.median(ready):.2f} s "
                f"(median of {len(ready)}: {times}; target < {LAUNCH_TARGET_SECONDS} s), "
                f"model loaded at {statistics.median(model):.2f} s"
            )
            rss = first.events.get("idle", {}).get("rss_mb")
            if rss:
                detail += f", {rss:.0f} MiB resident"
            if first.tensorflow_mapped is False:
                detail += ", TensorFlow not loaded"
        self.record("window shown, model loaded, closed", problem is None, problem or detail, output=first.stderr)
        self.check_views(views_launch, where)

    def check_views(self, launch: Launch, where: str) -> None:
        """Each View menu view once: a 7 drawn, the heat map, the layers and the comparison shown."""
        events = launch.events
        heat, inside, compare = (events.get(f"view-{name}") for name in ("heat", "inside", "compare"))
        problems = []
        if heat is None or heat.get("top") != 7:
            problems.append(f"heat map: {heat}")
        if inside is None or not inside.get("layers"):
            problems.append(f"inside view: {inside}")
        if compare is None or (compare.get("answers") or {}).get("app") != "7":
            problems.append(f"comparison: {compare}")
        bad = bad_lines(launch.stderr)
        if launch.returncode != 0:
            problems.append(f"exit {launch.returncode}")
        if bad:
            problems.append(f"suspicious output: {bad[0]}")
        detail = ""
        if not problems:
            detail = (
                f"{where}; a drawn 7: heat map for {heat['top']} in {heat['milliseconds']} ms, "
                f"{inside['layers']} layers in {inside['milliseconds']} ms, "
                f"three readings {compare['answers']} in {compare['milliseconds']} ms"
            )
        self.record("views: why this digit, look inside, compare", not problems, "; ".join(problems) or detail,
                    output=launch.stderr)

    def launch(self, env: dict) -> Launch:
        """Start the window once; follow its ready report; look into its memory when the model is in."""
        launch = Launch(None)
        launch.started = time.monotonic()
        process = subprocess.Popen(
            [str(self.executable)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
            env=env,
            cwd=self.work,
        )
        errors: list[str] = []
        drain = threading.Thread(target=lambda: errors.extend(process.stderr), daemon=True)
        drain.start()
        timer = threading.Timer(60, process.kill)
        timer.start()
        try:
            for line in process.stdout:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(event, dict) or "event" not in event:
                    continue
                launch.events[event["event"]] = event
                if event["event"] == "model-ready":
                    launch.tensorflow_mapped = tensorflow_in_memory(process.pid)
            launch.returncode = process.wait()
        finally:
            timer.cancel()
            drain.join(5)
        launch.stderr = "".join(errors)
        return launch

    # --- all together --------------------------------------------------------------------------

    def check_model_check(self) -> None:
        """The frozen stand-in for ``python -m mnist_draw.model_check``: models from
        outside are checked in a child started this way (mnist_draw/model_check.py)."""
        run = self.run("--check-model", str(self.resources() / "model" / "model.tflite"))
        verdict = json_events(run.stdout)
        passed = run.returncode == 0 and bool(verdict) and verdict[-1].get("ok") is True
        self.record_run("--check-model (the bundled model)", run, None if passed else f"exit {run.returncode}, {run.stdout.strip()[-200:]!r}")

    def run_all(self, skip_train: bool) -> int:
        kind = "light" if self.light else "full"
        print(f"Smoke test of the {kind} build: {self.executable}", flush=True)
        try:
            self.check_version()
            self.check_self_test()
            self.check_resources()
            self.check_predict()
            self.check_model_check()
            self.check_training_availability()
            if not skip_train:
                self.check_train()
            self.check_window()
        finally:
            if self.keep:
                print(f"(work folder kept: {self.work})")
            else:
                shutil.rmtree(self.work, ignore_errors=True)
        failed = sum(not check.passed for check in self.checks)
        passed = len(self.checks) - failed
        print(f"smoke test: {passed} passed, {failed} failed", flush=True)
        return 0 if failed == 0 else 1


# --- helpers -----------------------------------------------------------------------------------


def executable_in(folder: Path) -> Path:
    """The command-line executable of a built folder, of the macOS app bundle beside it, or the file itself."""
    if folder.is_file():
        return folder
    for candidate in (folder / "mnist-draw.exe", folder / "mnist-draw"):
        if candidate.is_file():
            return candidate
    for bundle in sorted(folder.parent.glob("*.app")):
        candidate = bundle / "Contents" / "MacOS" / "mnist-draw"
        if candidate.is_file():
            return candidate
    raise SystemExit(f"smoke test: no mnist-draw executable in {folder} (build it with: python packaging/build.py)")


def icon_sizes() -> tuple[int, ...]:
    """The icon sizes the window loads (mnist_draw/ui/icons.py::ICON_SIZES)."""
    source = ROOT / "mnist_draw" / "ui" / "icons.py"
    if source.is_file():
        match = re.search(r"^ICON_SIZES = \(([\d, ]+)\)", source.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            return tuple(int(n) for n in match.group(1).split(",") if n.strip())
    return DEFAULT_ICON_SIZES


def bad_lines(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    found = []
    for line in text.splitlines():
        if any(sign in line for sign in BAD_OUTPUT) and not any(ok in line for ok in allowed):
            found.append(line.strip())
    return found


def json_events(text: str) -> list[dict]:
    events = []
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def tensorflow_in_memory(pid: int) -> bool | None:
    """Whether a running process has TensorFlow's libraries mapped (Linux only)."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return None
    return "libtensorflow" in maps or "_pywrap_tensorflow" in maps


def png_of_a_one(width: int = 120, height: int = 160) -> bytes:
    """A grey-scale PNG of a dark vertical stroke on white paper: a 1, as a photo would show it."""
    rows = []
    for y in range(height):
        row = bytearray([255] * width)
        if 20 <= y < height - 20:
            for x in range(width // 2 - 7, width // 2 + 7):
                row[x] = 20
        rows.append(b"\x00" + bytes(row))  # filter type 0 for each row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")


class Xvfb:
    """A private X server for the window, on a display number it picks itself."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        number = b""
        with os.fdopen(read, "rb") as pipe:
            while not number.endswith(b"\n"):
                byte = pipe.read(1)
                if not byte:
                    break
                number += byte
        if not number.strip():
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.name = f":{int(number)}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def _indent(text: str) -> str:
    return "\n".join("      | " + line for line in text.splitlines())


def _default_data() -> Path | None:
    for candidate in (os.environ.get("MNIST_DRAW_DATA"), ROOT.parent / "shared" / "data" / "mnist"):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / "mnist-draw", help="the built folder (default: dist/mnist-draw)")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--light", dest="light", action="store_true", default=None, help="expect the light build (default: from the folder's name)")
    kind.add_argument("--full", dest="light", action="store_false", help="expect the full build")
    parser.add_argument("--data", type=Path, default=None, help="MNIST folder for the training check (default: $MNIST_DRAW_DATA)")
    parser.add_argument("--launches", type=int, default=3, help="how many times to start the window (for the launch time; default 3)")
    parser.add_argument("--platform", choices=("auto", "xcb", "offscreen", "native"), default="auto", help="where the window is shown (default: Xvfb if installed, else offscreen)")
    parser.add_argument("--skip-train", action="store_true", help="leave out the training check")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (for a look at what the program wrote)")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    light = args.light if args.light is not None else folder.name.endswith("-light")
    smoke = SmokeTest(folder, light, args.data or _default_data(), args.launches, args.platform, args.keep)
    return smoke.run_all(args.skip_train)


if __name__ == "__main__":
    sys.exit(main())
