"""The window's texts are ready for translation: Qt's tools find them, and a
translation, once made, changes what the window says."""

from __future__ import annotations

import ast
import re
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
        ("ModelController", "Model &amp;information…"),
        ("TeachController", "&amp;Teach it my handwriting…"),
        ("RetrainDialog", "&amp;Start training"),
        ("ShowWhyController", "&amp;Why this digit?"),
        ("CompareWindow", "Tutorial CNN"),
        ("InsideWindow", "Look inside the network"),
        ("TrainingStatus", "Cancel"),
        ("ImageReader", "The pasted image"),
        ("core", "Only a dot: draw a whole digit."),
    ]:
        block = catalogue.split(f"<name>{context}</name>", 1)
        assert len(block) == 2, f"no context {context}"
        assert f"<source>{text}</source>" in block[1].split("</context>", 1)[0], (context, text)
    assert "<name></name>" not in catalogue, "a text marked without a context cannot be translated"


def translate_to_german(tmp_path: Path, translations: list[tuple[str, str]]) -> None:
    """A German catalogue in ``tmp_path`` with these (source, translation) pairs, as XML in the .ts, compiled to a .qm."""
    catalogue = extract(tmp_path)
    for source, translation in translations:
        unfinished = f"<source>{source}</source>\n        <translation type=\"unfinished\"></translation>"
        assert unfinished in catalogue, source
        catalogue = catalogue.replace(unfinished, f"<source>{source}</source>\n        <translation>{translation}</translation>")
    ts = tmp_path / f"{CATALOGUE}_de.ts"
    ts.write_text(catalogue, encoding="utf-8")
    subprocess.run([tool("pyside6-lrelease"), str(ts)], check=True, capture_output=True)


def test_an_installed_translation_changes_the_menus_and_the_messages(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from mnist_draw.ui.app import application
    from mnist_draw.reading import Reading
    from mnist_draw.ui.main_window import MainWindow

    translate_to_german(tmp_path, [
        ("&amp;File", "&amp;Datei"),
        ("Model &amp;information…", "Modell&amp;informationen…"),
        ("Only a dot: draw a whole digit.", "Nur ein Punkt: schreib eine ganze Ziffer."),
    ])
    app = application()
    translators = install_translators(app, QLocale("de"), tmp_path)
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        assert window.menuBar().actions()[0].text() == "&Datei"
        assert window.menuBar().actions()[1].text() == "&Edit", "untranslated texts stay in English"
        assert window.models.info_action.text() == "Modell&informationen…"
        window.panel.readout.show_reading(Reading(reason="Only a dot: draw a whole digit."))
        assert window.panel.readout.detail.text() == "Nur ein Punkt: schreib eine ganze Ziffer."
    finally:
        for translator in translators:
            QApplication.removeTranslator(translator)


def test_a_translation_with_a_wrong_placeholder_shows_the_english_text_filled_in(qtbot, tmp_path):
    # A translator's slip ("{mss}", a lost brace) would raise inside the slot that fills the text in.
    from PySide6.QtWidgets import QApplication
    from ui_helpers import ONE

    from mnist_draw.ui.app import application, create_window

    translate_to_german(tmp_path, [
        ("Read in {ms} ms", "Gelesen in {mss} ms"),
        ("Model: {label}", "Modell: {label}"),
        ("{name} (MNIST {accuracy})", "{name (MNIST {accuracy})"),
    ])
    app = application()
    translators = install_translators(app, QLocale("de"), tmp_path)
    try:
        window = create_window(None)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.recognizer.model() is not None, timeout=20_000)
        window.canvas.add_stroke(ONE)  # read live: the reading's slot fills in "Read in {ms} ms"
        qtbot.waitUntil(lambda: window.timing_label.text() != "", timeout=5_000)
        assert re.fullmatch(r"Read in \d+\.\d ms", window.timing_label.text())
        # The sound translation is kept; the one with a lost brace gives way to the English.
        accuracy = window.recognizer.model().card.mnist_test_accuracy
        assert window.model_label.text() == f"Modell: bundled model (MNIST {accuracy:.2%})"
        window.close()
    finally:
        for translator in translators:
            QApplication.removeTranslator(translator)


def test_a_translation_fits_its_source_when_it_fills_in_the_same_placeholders():
    from mnist_draw.ui.translation import fits

    assert fits("Read {name}", "Gelesen: {name}")
    assert fits("{first} or {second}?", "{second} oder {first}?")  # another order is the translator's right
    assert fits("Cancel", "Abbrechen")
    assert not fits("Read {name}", "Gelesen: {nmae}")
    assert not fits("Read {name}", "Gelesen: {name")  # a lost brace
    assert not fits("Read {name}", "Gelesen: {}")  # a positional field
    assert not fits("Read {name}", "Gelesen: {name.upper}")
    assert not fits("Read {name}", "Gelesen")  # a value the user would not see
    assert not fits("You have 1 sample", "Du hast {count} Probe")  # the source fills in nothing here


# Calls whose string arguments are never shown: the translation calls themselves,
# logging, and Qt's object names, settings keys and icon names.
NOT_SHOWN_CALLS = {
    "tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP",
    "debug", "info", "warning", "error", "exception", "critical", "log_if_unlogged",
    "setObjectName", "setStyleSheet", "setValue", "value", "themed_icon", "fromTheme", "getattr", "hasattr", "startswith", "endswith",
}
# Qt calls whose string arguments a user sees, even a single word ("Cancel").
SHOWN_CALLS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle", "setAccessibleName",
    "setAccessibleDescription", "setPlaceholderText", "setTitle", "setLabelText", "addMenu", "addAction",
    "addButton", "addTab", "addItem", "drawText", "showMessage", "QAction", "QLabel", "QPushButton",
    "QCheckBox", "QRadioButton", "addRow", "QGroupBox", "QMenu", "QToolBar",
}
PROGRAMMER_ERRORS = {"ValueError", "TypeError", "RuntimeError"}  # a bug's words, for the log and the developer
PROSE = re.compile(r"[A-Za-z]{2,}[^{}]*\s[^{}]*[A-Za-z]{2,}")  # two words: a phrase, not a key or a format


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def untranslated_texts(source: str) -> list[tuple[int, str]]:
    """The texts in ``source`` that a user may see and that are not marked for translation:
    a phrase anywhere but in a docstring, a comparison, a type or a key, an assert, a log or a
    programmer's error, or any word
    given straight to a Qt call that shows it. An f-string with words counts: lupdate cannot
    take a text whose words are built at run time."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and not isinstance(parents.get(node), ast.JoinedStr):
            text = node.value
        else:
            continue
        parent = parents.get(node)
        if isinstance(parent, (ast.Expr, ast.Compare)) or isinstance(parent, ast.Dict) and node in parent.keys:
            continue  # a docstring, a comparison, a key
        if isinstance(parent, ast.Call) and node in parent.args and _name(parent) in SHOWN_CALLS:
            shown = re.search(r"[A-Za-z]{2,}", text) is not None
        else:
            shown = PROSE.search(re.sub(r"<[^>]*>", "", text)) is not None  # the words, not the markup
        outer, marked = node, False
        while outer in parents and not marked:
            outer = parents[outer]
            marked = (
                isinstance(outer, ast.Call) and _name(outer) in NOT_SHOWN_CALLS
                or isinstance(outer, (ast.Assert, ast.Subscript))
                or isinstance(outer, ast.Raise) and isinstance(outer.exc, ast.Call) and _name(outer.exc) in PROGRAMMER_ERRORS
            )
        if shown and not marked:
            found.append((node.lineno, text))
    return found


def test_every_text_a_ui_module_shows_is_marked_for_translation():
    unmarked = [
        f"{path.name}:{line}: {text!r}"
        for path in sorted(UI.glob("*.py"))
        for line, text in untranslated_texts(path.read_text(encoding="utf-8"))
    ]
    assert unmarked == [], "wrap these in self.tr / QCoreApplication.translate:\n" + "\n".join(unmarked)


def test_the_check_catches_a_new_untranslated_text():
    assert untranslated_texts('label.setText("Cancel")') == [(1, "Cancel")]
    assert untranslated_texts('message = f"{name} could not be read."') == [(1, " could not be read.")]
    assert untranslated_texts('label.setText(self.tr("Cancel"))') == []
    assert untranslated_texts('NOTE = QT_TRANSLATE_NOOP("Ctx", "Nothing drawn yet.")') == []
    assert untranslated_texts('log.warning("the model failed to load")') == []
