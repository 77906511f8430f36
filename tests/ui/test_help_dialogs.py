"""Help > Keyboard shortcuts and Help > About."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

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
    assert shown == [ABOUT_HTML]
    for credit in ("LeCun", "Cortes", "Burges", "CC BY-SA 3.0", "Alpaydin", "Alimoglu", "UCI", "CC BY 4.0"):
        assert credit in ABOUT_HTML
