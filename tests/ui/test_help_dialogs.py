"""Help > Keyboard shortcuts and Help > About."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from mnist_draw import __version__
from mnist_draw.ui.help_dialogs import ABOUT_HTML, shortcut_rows


def test_the_shortcuts_list_is_made_from_the_actions_themselves(window):
    rows = dict(shortcut_rows(window.keyboard_actions()))
    assert rows["Undo"] == "Ctrl+Z"
    assert rows["Redo"] == "Ctrl+Shift+Z or Ctrl+Y"
    assert rows["Clear"] == "Del or Esc"
    assert rows["Open image"] == "Ctrl+O"
    assert rows["Bigger brush"] == "]" and rows["Smaller brush"] == "["


def test_the_shortcuts_dialog_opens(window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    window.shortcuts_action.trigger()
    assert opened == ["Keyboard shortcuts"]


def test_about_credits_the_data_sets_and_their_licences(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert shown == [ABOUT_HTML.format(version=__version__)]
    assert f"mnist-draw {__version__}" in shown[0]
    for credit in ("LeCun", "Cortes", "Burges", "CC BY-SA 3.0", "Alpaydin", "Alimoglu", "UCI", "CC BY 4.0"):
        assert credit in ABOUT_HTML


def test_the_shortcuts_are_grouped_by_menu_and_fit_without_scrolling(window, monkeypatch):
    from PySide6.QtWidgets import QAbstractScrollArea, QGroupBox, QLabel

    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.shortcuts_action.trigger()
    dialog = shown[0]
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert titles[:5] == ["File", "Edit", "View", "Model", "Help"] and titles[-1] == "With the pointer"
    assert not dialog.findChildren(QAbstractScrollArea), "nothing to scroll"
    hint = dialog.sizeHint()
    assert hint.width() <= 800 and hint.height() <= 560, "fits a small screen"
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for action in window.keyboard_actions():
        assert action.shortcut().toString() in texts, action.text()
    assert "0 to 9" in texts
