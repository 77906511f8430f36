"""Help > Keyboard shortcuts and Help > About."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

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


def shortcuts_shown(qtbot, window, monkeypatch) -> QDialog:
    """Help > Keyboard shortcuts opened over ``window`` and shown (not run modally: the test goes on)."""
    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or dialog.show() or 0)
    window.shortcuts_action.trigger()
    dialog = shown[0]
    qtbot.waitExposed(dialog)
    return dialog


def parts(dialog):
    from PySide6.QtWidgets import QScrollArea

    from mnist_draw.ui.help_dialogs import ShortcutSheet

    return dialog.findChild(ShortcutSheet), dialog.findChild(QScrollArea)


def test_the_shortcuts_are_grouped_by_menu_side_by_side_without_scrolling_when_the_window_has_room(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QGroupBox, QLabel

    window.resize(1100, 720)
    dialog = shortcuts_shown(qtbot, window, monkeypatch)
    sheet, scroll = parts(dialog)
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert titles[:5] == ["File", "Edit", "View", "Model", "Help"] and titles[-1] == "With the pointer"
    qtbot.waitUntil(lambda: not scroll.verticalScrollBar().isVisible())  # once laid out
    assert sheet.columns() == 2
    assert dialog.width() <= window.width() and dialog.height() <= window.height()
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for action in window.keyboard_actions():
        assert action.shortcut().toString() in texts, action.text()
    assert "0 to 9" in texts
    dialog.close()


def every_group_fits_across(sheet, scroll) -> bool:
    from PySide6.QtWidgets import QGroupBox

    boxes = sheet.findChildren(QGroupBox)
    return all(box.width() >= box.sizeHint().width() and box.geometry().right() < scroll.viewport().width() for box in boxes)


def test_over_the_smallest_window_the_shortcuts_fit_its_width_in_one_column_that_scrolls(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QGroupBox

    window.resize(640, 480)
    dialog = shortcuts_shown(qtbot, window, monkeypatch)
    sheet, scroll = parts(dialog)
    assert dialog.width() <= 640 and dialog.height() <= 480
    assert sheet.columns() == 1 and every_group_fits_across(sheet, scroll), "nothing cut off at the right"
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    bar.setValue(bar.maximum())
    last = sheet.findChildren(QGroupBox)[-1]
    assert last.title() == "With the pointer"
    assert last.mapTo(scroll.viewport(), last.rect().bottomLeft()).y() <= scroll.viewport().height(), "the last group a scroll away"
    dialog.close()


def test_widened_the_shortcuts_reflow_into_two_columns_and_narrowed_back_into_one(qtbot, window, monkeypatch):
    window.resize(640, 480)
    dialog = shortcuts_shown(qtbot, window, monkeypatch)
    sheet, scroll = parts(dialog)
    dialog.resize(sheet.two_columns_width() + 60, 520)
    qtbot.waitUntil(lambda: sheet.columns() == 2 and every_group_fits_across(sheet, scroll))
    dialog.resize(sheet.one_column_width() + 60, 400)
    qtbot.waitUntil(lambda: sheet.columns() == 1 and every_group_fits_across(sheet, scroll))
    dialog.close()


def every_text_shown_whole(sheet, scroll) -> bool:
    """Each name and each key fully shown, wrapped where the sheet is too narrow for it on one line."""
    from PySide6.QtWidgets import QLabel

    labels = sheet.findChildren(QLabel)
    return all(
        label.height() >= label.heightForWidth(label.width())
        and label.width() >= label.minimumSizeHint().width()
        and label.mapTo(scroll.viewport(), label.rect().topRight()).x() < scroll.viewport().width()
        for label in labels
    )


def test_in_presentation_mode_the_shortcuts_are_printed_larger_and_fit_the_smallest_window_with_room_round_them(
    qtbot, window, monkeypatch
):
    from mnist_draw.ui.help_dialogs import ROOM_MARGIN
    from mnist_draw.ui.view_control import PRESENTATION_DIALOG_TEXT

    from mnist_draw.ui import help_dialogs

    # A text too long for one line there (the list's own all fit since "Right-button drag" became "Right-drag").
    long_row = ("Erase", "Right-button drag, or the pen's eraser end, or the eraser tool and the left button")
    monkeypatch.setattr(help_dialogs, "POINTER_GESTURES", help_dialogs.POINTER_GESTURES + (long_row,))
    window.resize(640, 480)
    ordinary = window.font().pointSizeF()
    window.view.set_presentation(True)
    dialog = shortcuts_shown(qtbot, window, monkeypatch)
    sheet, scroll = parts(dialog)
    assert dialog.font().pointSizeF() == ordinary * PRESENTATION_DIALOG_TEXT
    assert dialog.palette().color(dialog.backgroundRole()).name() == "#ffffff", "black on white, as the window"
    assert dialog.width() <= 640 - 2 * ROOM_MARGIN, "not as wide as the window: the window shows round it"
    qtbot.waitUntil(lambda: every_text_shown_whole(sheet, scroll))
    wrapped = [label for label in sheet.findChildren(QLabel) if label.height() > 1.5 * label.fontMetrics().height()]
    # The keys' labels are named "what: keys" for a screen reader; a name beside wrapped keys is as tall as they are.
    keys_wrapped = {label.accessibleName() for label in wrapped if label.accessibleName()}
    assert keys_wrapped == {f"{long_row[0]}: {long_row[1]}"}, "the texts too long to fit wrap, and only they"
    dialog.close()


def test_the_first_height_counts_the_texts_once_wrapped_so_a_tall_window_shows_them_all_without_scrolling(
    qtbot, window, monkeypatch
):
    """Measured on one line, the first height left the last 20 pixels a scroll away in presentation
    mode over a window 640 pixels wide and 1150 tall: the texts wrapped after it was measured."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QDialogButtonBox

    from mnist_draw.ui.help_dialogs import ROOM_MARGIN, first_size

    window.resize(640, 480)
    window.view.set_presentation(True)
    dialog = shortcuts_shown(qtbot, window, monkeypatch)
    sheet, scroll = parts(dialog)
    room = QSize(640 - 2 * ROOM_MARGIN, 1150)  # the offscreen screen is 800 pixels tall: the room is given
    size = first_size(dialog, sheet, scroll, dialog.findChild(QDialogButtonBox), room)
    assert size.height() < room.height()
    dialog.resize(size)
    qtbot.waitUntil(lambda: every_text_shown_whole(sheet, scroll))
    assert scroll.verticalScrollBar().maximum() == 0, "every text in view at first"
    dialog.close()


def test_with_room_no_text_of_the_shortcuts_wraps(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QLabel

    window.resize(640, 480)
    dialog = shortcuts_shown(qtbot, window, monkeypatch)
    sheet, scroll = parts(dialog)
    qtbot.waitUntil(lambda: every_text_shown_whole(sheet, scroll))
    assert all(label.height() < 1.5 * label.fontMetrics().height() for label in sheet.findChildren(QLabel))
    dialog.close()


def test_a_phones_key_bound_as_well_is_left_out_of_the_shortcuts_list():
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence

    quit_action = QAction("&Quit")
    quit_action.setShortcuts([QKeySequence("Ctrl+Q"), QKeySequence(Qt.Key.Key_Exit)])  # some desktops' Quit
    close = QAction("&Close")
    close.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_F11), QKeySequence("Ctrl+Shift+Z")])
    assert shortcut_rows([quit_action, close]) == [("Quit", "Ctrl+Q"), ("Close", "Esc or F11 or Ctrl+Shift+Z")]


@pytest.mark.parametrize("presentation", [False, True])
def test_the_keys_of_the_groups_one_above_another_start_at_one_place(qtbot, window, monkeypatch, presentation):
    """Each group's keys started just after its own longest name: four places down one column. In
    presentation mode's larger print too (they were aligned to the names' widths in the ordinary print)."""
    from PySide6.QtWidgets import QGroupBox, QLabel

    from PySide6.QtCore import QSize

    from mnist_draw.ui import help_dialogs

    window.resize(1100, 720)
    window.view.set_presentation(presentation)
    if presentation:  # two columns of the larger print need a screen wider than the offscreen one's 800 pixels
        monkeypatch.setattr(help_dialogs, "_room", lambda parent: QSize(1232, 800))
    dialog = shortcuts_shown(qtbot, window, monkeypatch)
    sheet, _scroll = parts(dialog)
    qtbot.waitUntil(lambda: sheet.columns() == 2)
    starts: dict[int, set[int]] = {}  # a column's left edge: where the keys of its groups start
    for box in dialog.findChildren(QGroupBox):
        if box.title() == "With the pointer":
            continue  # gestures in sentences: aligned among themselves
        keys = [label for label in box.findChildren(QLabel) if label.accessibleName()]
        starts.setdefault(box.mapTo(sheet, box.rect().topLeft()).x(), set()).update(
            label.mapTo(sheet, label.rect().topLeft()).x() for label in keys
        )
    assert len(starts) == 2 and all(len(places) == 1 for places in starts.values()), starts
    dialog.close()


def test_a_tool_tip_names_its_keys_as_the_shortcuts_list_does(window):
    """The tool tip said "Delete or Esc", the list and the panel "Del": one key, two names."""
    rows = dict(shortcut_rows(window.keyboard_actions()))
    for action, name in ((window.canvas_control.clear, "Clear"), (window.canvas_control.undo, "Undo"), (window.files.open, "Open image")):
        assert action.toolTip().endswith(f"({rows[name]})")


def test_a_text_names_an_actions_keys_as_the_action_has_them(qapp):
    from PySide6.QtGui import QAction, QKeySequence

    from mnist_draw.ui.help_dialogs import with_keys

    undo, mode = QAction("Undo"), QAction("Number mode")
    undo.setShortcut(QKeySequence("Alt+Backspace"))
    mode.setShortcuts([QKeySequence("Ctrl+M"), QKeySequence("F9")])
    text = "Undo ({undo}) to go back, or turn Number mode off ({number_mode})."
    assert with_keys(text, {"undo": undo, "number_mode": mode}) == "Undo (Alt+Backspace) to go back, or turn Number mode off (Ctrl+M or F9)."


def test_a_text_leaves_the_brackets_out_for_an_action_with_no_keys_or_none_given(qapp):
    from PySide6.QtGui import QAction

    from mnist_draw.ui.help_dialogs import with_keys

    assert with_keys("Undo ({undo}) brings it back.", {"undo": QAction("Undo")}) == "Undo brings it back."
    assert with_keys("Undo ({undo}) brings it back.", {"undo": None}) == "Undo brings it back."
    # Only the names given are looked for: a file named in braces is left as it is.
    assert with_keys("{draft}.png could not be read.", {"undo": None}) == "{draft}.png could not be read."
