"""The window's texts are ready for translation: Qt's tools find them, and a
translation, once made, changes what the window says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from mnist_draw.ui.translation import CATALOGUE, install_translators

UI = Path(__file__).resolve().parents[2] / "mnist_draw" / "ui"


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} (part of PySide6) is not on the path")
    return found


def extract(tmp_path: Path) -> str:
    catalogue = tmp_path / f"{CATALOGUE}_de.ts"
    sources = [str(path) for path in sorted(UI.glob("*.py"))]
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(catalogue)], check=True, capture_output=True)
    return catalogue.read_text(encoding="utf-8")


def test_lupdate_finds_the_window_s_texts_each_in_its_context(tmp_path):
    catalogue = extract(tmp_path)
    for context, text in [
        ("MainWindow", "&amp;File"),
        ("MainWindow", "&amp;View"),
        ("ViewController", "&amp;Presentation mode"),
        ("ReadingPanel", "What the model sees"),
        ("Readout", "Draw a digit"),
        ("Readout", "Not sure: {first} or {second}?"),
        ("CanvasController", "C&amp;lear"),
        ("FileController", "Opened {name} ({ms} ms)"),
        ("CorrectionPopup", "Which digit did you draw?"),
        ("HelpDialogs", "With the pointer"),
        ("DrawingCanvas", "Draw a digit here\nor drop a picture of one"),
        ("SamplesDialog", "My samples"),
    ]:
        block = catalogue.split(f"<name>{context}</name>", 1)
        assert len(block) == 2, f"no context {context}"
        assert f"<source>{text}</source>" in block[1].split("</context>", 1)[0], (context, text)
    assert "<name></name>" not in catalogue, "a text marked without a context cannot be translated"


def test_an_installed_translation_changes_the_menus(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from mnist_draw.ui.app import application
    from mnist_draw.ui.main_window import MainWindow

    catalogue = extract(tmp_path)
    catalogue = catalogue.replace(
        "<source>&amp;File</source>\n        <translation type=\"unfinished\"></translation>",
        "<source>&amp;File</source>\n        <translation>&amp;Datei</translation>",
    )
    assert "&amp;Datei" in catalogue
    ts = tmp_path / f"{CATALOGUE}_de.ts"
    ts.write_text(catalogue, encoding="utf-8")
    subprocess.run([tool("pyside6-lrelease"), str(ts)], check=True, capture_output=True)
    app = application()
    translators = install_translators(app, QLocale("de"), tmp_path)
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        assert window.menuBar().actions()[0].text() == "&Datei"
        assert window.menuBar().actions()[1].text() == "&Edit", "untranslated texts stay in English"
    finally:
        for translator in translators:
            QApplication.removeTranslator(translator)
