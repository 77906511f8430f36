"""The PyInstaller packaging, checked without building anything (building is its own CI step).

The spec is executed with stand-ins for PyInstaller's Analysis, EXE, COLLECT
and BUNDLE that record what they are given, so these tests need neither
PyInstaller nor a build; the trimming rules are tested on made-up file lists.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import re
import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
SPEC = PACKAGING / "mnist_draw.spec"


def _load(name: str) -> types.ModuleType:
    # By path: the folder "packaging" would otherwise clash with the PyPI package of that name.
    spec = importlib.util.spec_from_file_location(f"_test_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


bundle_trim = _load("bundle_trim")
smoke_test = _load("smoke_test")


# --- the spec, executed with stand-ins ---------------------------------------------------


class Recorder:
    """Stands in for a PyInstaller build class: keeps its arguments."""

    made: list[Recorder]

    def __init__(self, *args, **kwargs) -> None:
        self.args, self.kwargs = args, kwargs
        self.made.append(self)


def _stand_ins() -> dict:
    made: dict[str, list] = {name: [] for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}

    def kind(name: str):
        return type(name, (Recorder,), {"made": made[name]})

    analysis = kind("Analysis")
    original_init = analysis.__init__

    def analysis_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.scripts, self.pure, self.binaries = [], [], []
        self.datas = [(dest + "/" + Path(src).name, src, "DATA") for src, dest in kwargs.get("datas", [])]

    analysis.__init__ = analysis_init
    return {name: (analysis if name == "Analysis" else kind(name)) for name in made} | {"_made": made}


def run_spec(monkeypatch, tmp_path, light: bool = False, platform: str | None = None, env_light: bool = False) -> dict:
    """Execute the spec as ``pyinstaller mnist_draw.spec [-- --light]`` would; its namespace and what it built."""
    monkeypatch.setattr(sys, "argv", [str(SPEC)] + (["--light"] if light else []))
    if env_light:
        monkeypatch.setenv("MNIST_DRAW_LIGHT", "1")
    else:
        monkeypatch.delenv("MNIST_DRAW_LIGHT", raising=False)
    if platform:
        monkeypatch.setattr(sys, "platform", platform)
    if platform == "win32":
        # PyInstaller's version-info classes, which need pefile: stand-ins that keep their arguments.
        fake = types.ModuleType("PyInstaller.utils.win32.versioninfo")
        for name in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo", "VarStruct"):
            setattr(fake, name, type(name, (), {"__init__": lambda self, *a, **k: setattr(self, "args", (a, k))}))
        for package in ("PyInstaller", "PyInstaller.utils", "PyInstaller.utils.win32"):
            monkeypatch.setitem(sys.modules, package, sys.modules.get(package) or types.ModuleType(package))
        monkeypatch.setattr(sys.modules["PyInstaller.utils.win32"], "versioninfo", fake, raising=False)
        monkeypatch.setitem(sys.modules, "PyInstaller.utils.win32.versioninfo", fake)
    stand_ins = _stand_ins()
    namespace = {
        "__file__": str(SPEC),
        "__name__": "__main__",
        "SPEC": str(SPEC),
        "SPECPATH": str(PACKAGING),
        "DISTPATH": str(tmp_path / "dist"),
        "workpath": str(tmp_path / "build"),
        **{name: value for name, value in stand_ins.items() if name != "_made"},
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["_made"] = stand_ins["_made"]
    return namespace


def _analysis(namespace: dict):
    (analysis,) = namespace["_made"]["Analysis"]
    return analysis


def test_spec_is_valid_python():
    ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))


def test_full_build_keeps_tensorflow_and_carries_resources(monkeypatch, tmp_path):
    namespace = run_spec(monkeypatch, tmp_path)
    analysis = _analysis(namespace)
    (script,) = analysis.args[0]
    assert Path(script) == REPO / "mnist_draw" / "frozen_main.py"
    assert Path(script).is_file()
    excludes = analysis.kwargs["excludes"]
    assert not {"tensorflow", "keras", "h5py"} & set(excludes)
    datas = {(Path(src).name, dest) for src, dest in analysis.kwargs["datas"]}
    assert {("model.tflite", "resources/model"), ("model.json", "resources/model"), ("model.keras", "resources/model")} <= datas
    assert {("activations.tflite", "resources/model"), ("model.tflite", "resources/tutorial/cnn"),
            ("model.json", "resources/tutorial/mlp"), ("activations.tflite", "resources/tutorial/cnn")} <= datas
    for src, _ in analysis.kwargs["datas"]:
        assert Path(src).is_file(), src
    icons = sorted(name for name, dest in datas if dest == "resources/icons")
    assert "mnist-draw-256.png" in icons and all(name.endswith(".png") for name in icons)
    (collect,) = namespace["_made"]["COLLECT"]
    assert collect.kwargs["name"] == "mnist-draw"
    # The AutoGraph source of the training code (the whole package) travels with the full build.
    assert analysis.kwargs["module_collection_mode"]["mnist_draw.training"] == "pyz+py"
    hooks = [Path(path) for path in analysis.kwargs["hookspath"]]
    assert (hooks[0] / "hook-ai_edge_litert.py").is_file()


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_light_build_leaves_tensorflow_out(monkeypatch, tmp_path, how):
    namespace = run_spec(monkeypatch, tmp_path, light=how == "argument", env_light=how == "environment")
    assert namespace["LIGHT"] is True
    analysis = _analysis(namespace)
    assert {"tensorflow", "keras", "tensorboard", "h5py", "ml_dtypes"} <= set(analysis.kwargs["excludes"])
    # The training package itself stays, so `train` reports the missing TensorFlow in our words.
    assert not [name for name in analysis.kwargs["excludes"] if name.startswith("mnist_draw")]
    datas = {Path(src).name for src, _ in analysis.kwargs["datas"]}
    assert "model.tflite" in datas and "model.keras" not in datas
    # The View menu's views need no TensorFlow: the light build carries them too.
    placed = {(Path(src).name, dest) for src, dest in analysis.kwargs["datas"]}
    assert {("activations.tflite", "resources/model"), ("model.tflite", "resources/tutorial/mlp"),
            ("model.tflite", "resources/tutorial/cnn"), ("model.json", "resources/tutorial/cnn")} <= placed
    (collect,) = namespace["_made"]["COLLECT"]
    assert collect.kwargs["name"] == "mnist-draw-light"


def test_light_build_excludes_what_training_imports(monkeypatch, tmp_path):
    """Every third-party package a module of mnist_draw/training/ imports is left out of the light build."""
    excludes = set(_analysis(run_spec(monkeypatch, tmp_path, light=True)).kwargs["excludes"])
    imported = set()
    for path in (REPO / "mnist_draw" / "training").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported |= {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    third_party = imported - set(sys.stdlib_module_names) - {"numpy"}
    assert third_party and third_party <= excludes


def test_only_the_qt_modules_the_code_imports_are_kept(monkeypatch, tmp_path):
    namespace = run_spec(monkeypatch, tmp_path)
    used = set()
    for path in (REPO / "mnist_draw").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bPySide6\.(Qt\w+)", text))
        for names in re.findall(r"from PySide6 import \(?([\w\s,]+)\)?", text):
            used |= {name.strip() for name in names.split(",") if name.strip().startswith("Qt")}
    assert used <= namespace["QT_MODULES_USED"], f"the code imports {used - namespace['QT_MODULES_USED']}: keep them in the spec"
    excludes = set(_analysis(namespace).kwargs["excludes"])
    assert {"PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick"} <= excludes
    assert not {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"} & excludes


def test_linux_has_one_console_executable(monkeypatch, tmp_path):
    namespace = run_spec(monkeypatch, tmp_path, platform="linux")
    (executable,) = namespace["_made"]["EXE"]
    assert executable.kwargs["name"] == "mnist-draw"
    assert executable.kwargs["console"] is True
    assert executable.kwargs["exclude_binaries"] is True  # one folder
    assert not namespace["_made"]["BUNDLE"]


def test_windows_has_a_console_and_a_windowed_executable_in_one_folder(monkeypatch, tmp_path):
    namespace = run_spec(monkeypatch, tmp_path, platform="win32")
    executables = {e.kwargs["name"]: e.kwargs for e in namespace["_made"]["EXE"]}
    assert executables["mnist-draw"]["console"] is True
    assert executables["mnist-draw-gui"]["console"] is False
    for kwargs in executables.values():
        assert kwargs["icon"].endswith("mnist-draw.ico") and Path(kwargs["icon"]).is_file()
        assert kwargs["version"] is not None
    (collect,) = namespace["_made"]["COLLECT"]
    assert len([a for a in collect.args if isinstance(a, Recorder) and a.__class__.__name__ == "EXE"]) == 2


def test_macos_builds_an_app_bundle(monkeypatch, tmp_path):
    namespace = run_spec(monkeypatch, tmp_path, platform="darwin")
    (bundle,) = namespace["_made"]["BUNDLE"]
    assert bundle.kwargs["name"] == "mnist-draw.app"
    assert bundle.kwargs["icon"].endswith(".icns") and Path(bundle.kwargs["icon"]).is_file()
    assert bundle.kwargs["bundle_identifier"]
    plist = bundle.kwargs["info_plist"]
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleShortVersionString"] == namespace["VERSION"]


# --- trimming Qt -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
        ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/lib/libQt6Gui.so.6", True),  # not a plugin
        ("numpy/_core/_multiarray_umath.so", True),
    ],
)
def test_qt_plugin_rules(monkeypatch, tmp_path, dest, kept):
    rules = run_spec(monkeypatch, tmp_path)["QT_PLUGINS_KEPT"]
    assert bundle_trim.keeps_plugin(dest, rules) is kept


def test_trim_qt_drops_translations_and_named_files():
    toc = [
        ("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
        ("PySide6/translations/qt_fr.qm", "/x/qt_fr.qm", "DATA"),
        ("opengl32sw.dll", "/x/opengl32sw.dll", "BINARY"),
        ("resources/model/model.tflite", "/x/model.tflite", "DATA"),
    ]
    kept = bundle_trim.trim_qt(toc, {}, keep_translations=False, dropped_names=["opengl32sw.dll"])
    assert [entry[0] for entry in kept] == ["resources/model/model.tflite"]


def test_prune_follows_links_and_spares_what_is_still_used():
    before = [
        ("PySide6/QtGui.abi3.so", "QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", "libQt6OpenGL.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "libqeglfs.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "libqgtk3.so", "BINARY"),
        ("libcairo.so.2", "libcairo.so.2", "BINARY"),
        ("libglib-2.0.so.0", "libglib-2.0.so.0", "BINARY"),
        ("libLoadedByCtypes.so", "libLoadedByCtypes.so", "BINARY"),
        ("libQt6OpenGL.so.6", "PySide6/Qt/lib/libQt6OpenGL.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
    ]
    links = {
        "QtGui.abi3.so": ["libQt6Gui.so.6"],
        "libQt6Gui.so.6": ["libglib-2.0.so.0"],
        "libqeglfs.so": ["libQt6OpenGL.so.6", "libQt6Gui.so.6"],
        "libqgtk3.so": ["libcairo.so.2", "libglib-2.0.so.0", "libQt6Gui.so.6"],
    }
    after = [entry for entry in before if "libqeglfs" not in entry[0]]
    kept = bundle_trim.prune_orphaned_libraries(
        before,
        after,
        system_provided=lambda dest: "qgtk3" in dest,
        imports=lambda path: links.get(path, []),
        log=lambda _: None,
    )
    names = {entry[0] for entry in kept}
    assert "PySide6/Qt/lib/libQt6OpenGL.so.6" not in names  # only EGLFS used it
    assert "libQt6OpenGL.so.6" not in names  # nor its link
    assert "libcairo.so.2" not in names  # the GTK theme's stack comes from the system
    assert {"PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6", "libglib-2.0.so.0"} <= names  # still used
    assert "PySide6/Qt/plugins/platformthemes/libqgtk3.so" in names  # the theme itself stays
    assert "libLoadedByCtypes.so" in names  # nothing links to it: never touched


def test_prune_keeps_everything_when_analysis_fails():
    before = [("a.so", "a.so", "BINARY"), ("b.so", "b.so", "BINARY")]

    def broken(path):
        raise OSError("ldd is missing")

    kept = bundle_trim.prune_orphaned_libraries(before, before[:1], imports=broken, log=lambda _: None)
    assert kept == before[:1]


def test_debug_sections_are_found_only_in_elf_files(tmp_path):
    text = tmp_path / "not-elf.so"
    text.write_text("hello")
    assert bundle_trim.has_debug_sections(text) is False
    assert bundle_trim.has_debug_sections(tmp_path / "missing.so") is False
    bundle_trim.has_debug_sections(sys.executable)  # a real ELF (or Mach-O/PE) file: no exception


# --- the frozen entry script and the smoke test's own parts ---------------------------------------


def test_frozen_entry_gives_a_windowed_program_streams(monkeypatch):
    frozen_main = importlib.import_module("mnist_draw.frozen_main")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    frozen_main._ensure_streams()
    sys.stdout.write("nowhere")  # no AttributeError: it goes to the null device
    sys.stderr.flush()
    sys.stdout.close()
    sys.stderr.close()


def test_frozen_entry_leaves_real_streams_alone(monkeypatch):
    frozen_main = importlib.import_module("mnist_draw.frozen_main")
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    frozen_main._ensure_streams()
    assert sys.stdout is stream


def test_smoke_test_picture_is_a_one(tmp_path):
    from PIL import Image

    from mnist_draw.model_store import load_active_model
    from mnist_draw.reading import read_image

    picture = tmp_path / "one.png"
    picture.write_bytes(smoke_test.png_of_a_one())
    assert Image.open(picture).size == (120, 160)
    reading = read_image(load_active_model().classifier, str(picture))
    assert reading.digit == 1


def test_smoke_test_spots_a_broken_bundle():
    broken = "qt.qpa.plugin: Could not find the Qt platform plugin \"xcb\" in \"\"\nTraceback (most recent call last):"
    assert len(smoke_test.bad_lines(broken)) == 2
    message = "mnist-draw train: Training needs TensorFlow, which is not installed here (No module named 'tensorflow')."
    assert smoke_test.bad_lines(message, allowed=("No module named 'tensorflow'",)) == []


def test_smoke_test_knows_the_icons_the_window_loads():
    from mnist_draw.ui.icons import ICON_SIZES

    assert smoke_test.icon_sizes() == ICON_SIZES
