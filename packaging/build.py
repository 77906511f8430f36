"""Build mnist-draw as a one-folder executable with PyInstaller.

    python packaging/build.py            # full build, with TensorFlow: dist/mnist-draw/
    python packaging/build.py --light    # without TensorFlow:           dist/mnist-draw-light/
    python packaging/build.py --smoke-test   # then run packaging/smoke_test.py on it

Run it with the Python of the environment the app is installed in
(``pip install -e .``); it installs PyInstaller there if it is missing. It
prints the build time, the folder's size and its ten largest parts.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SPEC = PACKAGING / "mnist_draw.spec"
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.11"  # 6.11: hooks can suppress TensorFlow's symlinks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--light", action="store_true", help="leave TensorFlow out (the window reads digits but cannot train)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache and work folder first")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the built folder goes (default: dist/)")
    parser.add_argument("--smoke-test", action="store_true", help="run packaging/smoke_test.py on the result")
    args = parser.parse_args(argv)

    if not _check_environment(args.light):
        return 2
    name = "mnist-draw-light" if args.light else "mnist-draw"
    workpath = ROOT / "build" / f"pyinstaller-{name}"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={args.dist}",
        f"--workpath={workpath}",
        str(SPEC),
    ]
    if args.clean:
        command.insert(3, "--clean")
        shutil.rmtree(workpath, ignore_errors=True)
    if args.light:
        command += ["--", "--light"]
    print("$", " ".join(command), flush=True)
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        print(f"PyInstaller failed (exit status {result.returncode}) after {seconds:.0f} s.", file=sys.stderr)
        return result.returncode

    folder = args.dist / name
    problems = _check_layout(folder, light=args.light)
    print()
    print(report(folder, seconds))
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if problems:
        return 1
    if args.smoke_test:
        smoke = [sys.executable, str(PACKAGING / "smoke_test.py"), str(folder), "--light" if args.light else "--full"]
        print("\n$", " ".join(smoke), flush=True)
        return subprocess.run(smoke, cwd=ROOT).returncode
    return 0


def _check_environment(light: bool) -> bool:
    if importlib.util.find_spec("PyInstaller") is None:
        print(f"PyInstaller is not installed here; installing {PYINSTALLER_REQUIREMENT} ...", flush=True)
        install = subprocess.run([sys.executable, "-m", "pip", "install", PYINSTALLER_REQUIREMENT])
        if install.returncode != 0:
            print(f"Could not install PyInstaller: run  {sys.executable} -m pip install '{PYINSTALLER_REQUIREMENT}'", file=sys.stderr)
            return False
    missing = [name for name in ("mnist_draw", "PySide6", "ai_edge_litert", "numpy", "PIL", "platformdirs") if importlib.util.find_spec(name) is None]
    if not light and importlib.util.find_spec("tensorflow") is None:
        missing.append("tensorflow (or build with --light)")
    if missing:
        print(
            f"Missing in this environment ({sys.executable}): {', '.join(missing)}.\n"
            "Install the app first:  pip install -e .",
            file=sys.stderr,
        )
        return False
    return True


def executable_in(folder: Path) -> Path:
    """The command-line executable of a built folder (or of the macOS app bundle beside it)."""
    for candidate in (folder / "mnist-draw.exe", folder / "mnist-draw"):
        if candidate.is_file():
            return candidate
    for bundle in sorted(folder.parent.glob("*.app")):
        candidate = bundle / "Contents" / "MacOS" / "mnist-draw"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no mnist-draw executable in {folder}")


def _check_layout(folder: Path, light: bool) -> list[str]:
    """What must (and must not) be in the folder, checked before any run."""
    problems = []
    internal = folder / "_internal"
    try:
        executable_in(folder)
    except FileNotFoundError as error:
        problems.append(str(error))
    for needed in ("resources/model/model.tflite", "resources/model/model.json", "resources/icons/mnist-draw-256.png"):
        if not (internal / needed).is_file():
            problems.append(f"{needed} is missing from {internal}")
    # training_available() (mnist_draw) enables Retrain and Teach in a frozen program when this folder exists.
    has_tensorflow = (internal / "tensorflow").exists()
    if light and has_tensorflow:
        problems.append("the light build contains TensorFlow")
    if not light and not has_tensorflow:
        problems.append("the full build has no _internal/tensorflow: Retrain would be greyed out")
    return problems


# --- the size report -------------------------------------------------------------------


def file_sizes(folder: Path) -> dict[Path, int]:
    """Every file's size in bytes (links not followed, so nothing counts twice)."""
    sizes = {}
    for base, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(base) / name
            if not path.is_symlink():
                sizes[path] = path.stat().st_size
    return sizes


def largest_parts(folder: Path, sizes: dict[Path, int], count: int = 10) -> list[tuple[str, int]]:
    """The biggest top-level parts: each entry of _internal (a package folder or
    a library) and each executable, with everything below it added up."""
    totals: dict[str, int] = {}
    internal = folder / "_internal"
    for path, size in sizes.items():
        relative = path.relative_to(folder)
        if relative.parts[0] == "_internal" and len(relative.parts) > 1:
            part = "_internal/" + relative.parts[1] + ("/" if (internal / relative.parts[1]).is_dir() else "")
        else:
            part = relative.parts[0]
        totals[part] = totals.get(part, 0) + size
    return sorted(totals.items(), key=lambda item: -item[1])[:count]


def report(folder: Path, seconds: float | None = None) -> str:
    sizes = file_sizes(folder)
    total = sum(sizes.values())
    lines = []
    if seconds is not None:
        lines.append(f"Build time: {seconds:.0f} s ({seconds / 60:.1f} min)")
    lines.append(f"Folder: {folder}  {_mib(total)} in {len(sizes)} files")
    lines.append("Ten largest parts:")
    lines += [f"  {_mib(size):>10}  {part}" for part, size in largest_parts(folder, sizes)]
    lines.append("Ten largest files:")
    biggest = sorted(sizes.items(), key=lambda item: -item[1])[:10]
    lines += [f"  {_mib(size):>10}  {path.relative_to(folder)}" for path, size in biggest]
    return "\n".join(lines)


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


if __name__ == "__main__":
    sys.exit(main())
