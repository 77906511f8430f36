"""The mechanics of trimming the PyInstaller bundle; ``mnist_draw.spec`` holds the policy.

The spec says *what* to keep (its lists carry the reasons). This module does
the matching, for the three layouts PySide6 wheels have:

- Linux:   PySide6/Qt/plugins/platforms/libqxcb.so, PySide6/Qt/lib/libQt6Gui.so.6,
           PySide6/Qt/translations/qtbase_de.qm
- Windows: PySide6/plugins/platforms/qwindows.dll, PySide6/Qt6Gui.dll,
           PySide6/translations/qtbase_de.qm
- macOS:   PySide6/Qt/plugins/platforms/libqcocoa.dylib,
           PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui

and follows link-time dependencies so that libraries only a dropped plugin
needed go too. Plain Python, no PyInstaller import at module level, so the
fast tests (tests/test_packaging.py) can check the rules without building.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping, Sequence

# A TOC entry, as PyInstaller 6 keeps them: (name in the bundle, source file, type code).
TocEntry = tuple[str, str, str]

ALL = "*"  # in a plugin rule: keep every plugin of that kind

_LIBRARY_SUFFIX = re.compile(r"(\.so(\.\d+)*|\.dll|\.dylib|\.pyd)$", re.IGNORECASE)
_PYTHON_LIBRARY = re.compile(r"^(libpython\d|python\d+\.dll$|Python$)")


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(_posix(dest)).parts


def _name(path: str) -> str:
    return PurePosixPath(_posix(path)).name


def is_pyside_file(dest: str) -> bool:
    parts = _parts(dest)
    return bool(parts) and parts[0] == "PySide6"


# --- Qt plugins and translations ---------------------------------------------------------


def plugin_of(dest: str) -> tuple[str, str] | None:
    """(plugin kind, plugin stem) for a Qt plugin, e.g. ("platforms", "qxcb"); None otherwise."""
    parts = _parts(dest)
    if not is_pyside_file(dest) or "plugins" not in parts:
        return None
    index = parts.index("plugins")
    if len(parts) < index + 3:
        return None
    kind, name = parts[index + 1], parts[-1]
    stem = _LIBRARY_SUFFIX.sub("", name)
    if stem.startswith("lib") and not name.lower().endswith(".dll"):
        stem = stem[3:]
    return kind, stem


def keeps_plugin(dest: str, kept: Mapping[str, Sequence[str] | str]) -> bool:
    """Whether a file is kept by the plugin rules: anything that is not a Qt
    plugin is; a plugin is if its kind is listed and its stem starts with a listed prefix."""
    plugin = plugin_of(dest)
    if plugin is None:
        return True
    kind, stem = plugin
    rule = kept.get(kind)
    if rule is None:
        return False
    if rule == ALL:
        return True
    return any(stem.startswith(prefix) for prefix in rule)


def is_translation(dest: str) -> bool:
    parts = _parts(dest)
    return is_pyside_file(dest) and "translations" in parts and parts[-1].endswith(".qm")


def trim_qt(
    toc: Iterable[TocEntry],
    kept_plugins: Mapping[str, Sequence[str] | str],
    keep_translations: bool = False,
    dropped_names: Iterable[str] = (),
) -> list[TocEntry]:
    """The TOC less the Qt plugins not kept, the translations (unless kept) and
    the files dropped by base name."""
    dropped = {name.lower() for name in dropped_names}
    result = []
    for entry in toc:
        dest = entry[0]
        if not keeps_plugin(dest, kept_plugins):
            continue
        if not keep_translations and is_translation(dest):
            continue
        if _name(dest).lower() in dropped:
            continue
        result.append(entry)
    return result


# --- libraries nothing uses any more ---------------------------------------------------------


def prune_orphaned_libraries(
    before: Sequence[TocEntry],
    after: Sequence[TocEntry],
    system_provided: Callable[[str], bool] = lambda dest: False,
    imports: Callable[[str], Iterable[str]] | None = None,
    log: Callable[[str], None] = print,
) -> list[TocEntry]:
    """``after`` less the libraries that only the dropped binaries (in ``before``
    but not ``after``) or the ``system_provided`` ones link to.

    PyInstaller collects a library because something links to it. Once a
    plugin is dropped, the libraries only it needed (Qt6EglFSDeviceIntegration
    for EGLFS, Qt6Network for TUIO, ...) are dead weight. A ``system_provided``
    binary is kept, but its dependencies must come from the system: the GTK 3
    platform theme, whose GTK stack must be the desktop's own. A library that
    nothing in the bundle links to (one loaded with ctypes, the Python library)
    is never touched. ``imports(path)`` gives a binary's link-time dependencies
    (PyInstaller's analysis by default); if it fails, nothing is dropped.
    """
    kept_dests = {_posix(entry[0]) for entry in after}
    files = [entry for entry in before if entry[2] != "SYMLINK"]
    dropped_or_system = [e for e in files if _posix(e[0]) not in kept_dests or system_provided(e[0])]
    if not dropped_or_system:
        return drop_dangling_links(after)
    if imports is None:
        from PyInstaller.depend import bindepend  # only at build time

        def imports(path: str) -> list[str]:
            return [name for name, _ in bindepend.get_imports(path)]

    by_name: dict[str, list[TocEntry]] = {}
    for entry in files:
        by_name.setdefault(_name(entry[0]), []).append(entry)

    def closure(starts: Iterable[TocEntry]) -> set[str]:
        reached: set[str] = set()
        queue = list(starts)
        while queue:
            entry = queue.pop()
            for dependency in imports(entry[1]):
                for target in by_name.get(_name(dependency), []):
                    dest = _posix(target[0])
                    if dest not in reached:
                        reached.add(dest)
                        queue.append(target)
        return reached

    try:
        # Everything the dropped and system-provided binaries link to is under
        # suspicion; it stays if anything else kept (an extension module, a
        # plugin, a library loaded by ctypes) still links to it.
        suspects = closure(dropped_or_system)
        roots = [
            e for e in files if _posix(e[0]) in kept_dests and not system_provided(e[0]) and _posix(e[0]) not in suspects
        ]
        needed = closure(roots) if suspects else set()
    except Exception as error:  # noqa: BLE001 - a failed analysis must not break the build
        log(f"bundle_trim: dependency analysis failed ({error}); no library dropped")
        return list(after)
    orphans = {dest for dest in suspects - needed if dest in kept_dests and not _PYTHON_LIBRARY.match(_name(dest))}
    if orphans:
        log(f"bundle_trim: dropping libraries only dropped or system-provided parts use: {', '.join(sorted(_name(d) for d in orphans))}")
    return drop_dangling_links([entry for entry in after if _posix(entry[0]) not in orphans])


def drop_dangling_links(toc: Sequence[TocEntry]) -> list[TocEntry]:
    """The TOC less the symbolic links whose target is no longer in it."""
    dests = {_posix(entry[0]) for entry in toc if entry[2] != "SYMLINK"}
    result = []
    for entry in toc:
        if entry[2] == "SYMLINK":
            target = posixpath.normpath(posixpath.join(posixpath.dirname(_posix(entry[0])), _posix(entry[1])))
            if target not in dests:
                continue
        result.append(entry)
    return result


# --- debug information --------------------------------------------------------------------------


def has_debug_sections(path: str | os.PathLike[str]) -> bool:
    """Whether an ELF file carries DWARF debug sections (.debug_info and friends)."""
    try:
        with open(path, "rb") as file:
            header = file.read(64)
            if header[:4] != b"\x7fELF":
                return False
            wide, endian = header[4] == 2, "<" if header[5] == 1 else ">"
            if wide:
                shoff, = struct.unpack_from(endian + "Q", header, 0x28)
                shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", header, 0x3A)
            else:
                shoff, = struct.unpack_from(endian + "I", header, 0x20)
                shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", header, 0x2E)
            if not shoff or not shnum or shstrndx >= shnum:
                return False
            file.seek(shoff)
            table = file.read(shentsize * shnum)
            offsets = (0x18, 0x20) if wide else (0x10, 0x14)
            fmt = endian + ("QQ" if wide else "II")

            def section(index: int) -> tuple[int, int, int]:
                base = index * shentsize
                name, = struct.unpack_from(endian + "I", table, base)
                offset, size = struct.unpack_from(fmt, table, base + offsets[0])
                return name, offset, size

            _, names_offset, names_size = section(shstrndx)
            file.seek(names_offset)
            names = file.read(names_size)
            for index in range(shnum):
                name_at = section(index)[0]
                if names[name_at : name_at + 7] == b".debug_":
                    return True
    except (OSError, struct.error):
        return False
    return False


def strip_debug_info(
    binaries: Sequence[TocEntry],
    workdir: Path,
    wanted: Callable[[str], bool],
    log: Callable[[str], None] = print,
) -> list[TocEntry]:
    """Linux: bundle copies, without debug sections, of the ``wanted`` binaries that carry them.

    ``strip --strip-debug`` removes only the DWARF sections, never a symbol
    the program links against. Left to the caller to choose which files: a
    library patched by auditwheel/patchelf (``*.libs/``) may be damaged by
    ``strip``, so the spec picks only the Python runtime's own files.
    """
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return list(binaries)
    result, saved = [], 0
    for dest, source, typecode in binaries:
        if typecode in ("BINARY", "EXTENSION") and wanted(source) and has_debug_sections(source):
            target = Path(workdir) / "stripped" / dest
            if not target.exists() or target.stat().st_mtime < Path(source).stat().st_mtime:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
                done = subprocess.run([strip, "--strip-debug", str(target)], capture_output=True, text=True)
                if done.returncode != 0:
                    log(f"bundle_trim: strip failed on {dest}, kept as is: {done.stderr.strip()}")
                    target.unlink(missing_ok=True)
                    result.append((dest, source, typecode))
                    continue
            saved += Path(source).stat().st_size - target.stat().st_size
            result.append((dest, str(target), typecode))
        else:
            result.append((dest, source, typecode))
    if saved:
        log(f"bundle_trim: debug sections stripped from the Python runtime: {saved / 2**20:.1f} MiB saved")
    return result


def qt_binding_modules(pyside_dir: Path) -> list[str]:
    """The Qt binding modules (``QtCore``, ``QtNetwork``...) this PySide6 installation has."""
    names = set()
    for path in Path(pyside_dir).iterdir():
        match = re.match(r"^(Qt[A-Za-z0-9]+)\.(abi3\.so|pyd|.*\.so)$", path.name)
        if match:
            names.add(match.group(1))
    return sorted(names)
